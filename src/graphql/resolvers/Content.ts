import type { AttachmentResolvers, CommentResolvers } from '../__generated__/resolvers-types';
import { taskById, userById } from '../lookups';
import { fullTicket } from '../ticket-source';
import type { WrikeLoaders } from '../../wrike/loaders';

async function ticketById(id: string | undefined, loaders: WrikeLoaders) {
  const task = id ? await taskById(id, loaders) : null;
  return task ? fullTicket(task) : null;
}

export const Comment: CommentResolvers = {
  __resolveReference: async ({ id }, { loaders }) => loaders.comments.load(id),
  body: (comment) => comment.text,
  author: (comment, _args, { loaders }) => userById(comment.authorId, loaders),
  ticket: (comment, _args, { loaders }) => ticketById(comment.taskId, loaders),
  createdAt: (comment) => comment.createdDate,
  updatedAt: (comment) => comment.updatedDate ?? null,
};

export const Attachment: AttachmentResolvers = {
  __resolveReference: async ({ id }, { loaders }) => loaders.attachments.load(id),
  contentType: (attachment) => attachment.contentType ?? null,
  size: (attachment) => (typeof attachment.size === 'number' && attachment.size >= 0 ? attachment.size : null),
  createdAt: (attachment) => attachment.createdDate,
  author: (attachment, _args, { loaders }) => userById(attachment.authorId, loaders),
  ticket: (attachment, _args, { loaders }) => ticketById(attachment.taskId, loaders),
  version: (attachment) => (attachment.version === undefined ? null : Number(attachment.version) || null),
  downloadUrl: (attachment, _args, ctx) => ctx.downloads.url(ctx.tenantId, ctx.connectionId, attachment.id),
};
