import type { CreateAttachmentInput, CreateCommentInput, DeleteInput, UpdateCommentInput, UserError } from '../__generated__/resolvers-types';
import * as wrike from '../../wrike/endpoints';
import type { WrikeAttachment, WrikeComment } from '../../wrike/types';
import type { GraphQLContext } from '../context';
import { Problems, fingerprint, idempotencyKeyOf, refusal } from './problems';
import { deleteEntity } from './delete';
import { sameCommentText } from '../../wrike/comment-text';
import { findLandedUpload, invalidateAttachments } from './attachment-files';
import { madeSince } from '../../writes/idempotency';

const MAX_COMMENT = 65_000;
const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;


async function me(ctx: GraphQLContext): Promise<string | undefined> {
  return (await wrike.getMe(ctx.wrike))?.id;
}

export async function createComment(ctx: GraphQLContext, input: CreateCommentInput): Promise<{ comment: WrikeComment | null; userErrors: UserError[] }> {
  const problems = new Problems();
  problems.id(input.ticketId, ['input', 'ticketId']);
  problems.text(input.body, ['input', 'body'], { required: true, max: MAX_COMMENT });
  const key = idempotencyKeyOf(input.idempotencyKey, problems);
  await problems.inScope(ctx, [{ kind: 'ticket', ids: [input.ticketId], field: ['input', 'ticketId'] }]);
  if (problems.any) return { comment: null, userErrors: problems.list };
  let created: WrikeComment | undefined;
  try {
    const outcome = await ctx.idempotency.run(`${ctx.connectionId}:createComment`, key, fingerprint(input), {
      write: async () => {
        created = await wrike.createComment(ctx.wrike, input.ticketId, input.body);
        return created.id;
      },
      // Comments carry no metadata: an earlier attempt landed if the ticket has this text (as plain text: Wrike
      // rewrites HTML) by this user since then.
      recover: async (since) => {
        const [author, comments] = await Promise.all([me(ctx), wrike.getTaskComments(ctx.wrike, input.ticketId, { plainText: true })]);
        return comments.find((c) => c.authorId === author && sameCommentText(c.text, input.body) && madeSince(c.createdDate, since))?.id;
      },
    }, { deadline: ctx.deadline });
    const comment = created ?? (await ctx.loaders.comments.load(outcome.id));
    ctx.loaders.taskComments.clear(input.ticketId);
    if (comment) ctx.loaders.comments.clear(comment.id).prime(comment.id, comment);
    return { comment, userErrors: [] };
  } catch (error) {
    return { comment: null, userErrors: refusal(error, key) };
  }
}

export async function updateComment(ctx: GraphQLContext, input: UpdateCommentInput) {
  const problems = new Problems();
  problems.id(input.id, ['input', 'id']);
  problems.text(input.body, ['input', 'body'], { required: true, max: MAX_COMMENT });
  await problems.inScope(ctx, [{ kind: 'comment', ids: [input.id], field: ['input', 'id'] }]);
  if (problems.any) return { comment: null, userErrors: problems.list };
  try {
    const comment = await wrike.updateComment(ctx.wrike, input.id, input.body);
    ctx.loaders.comments.clear(comment.id).prime(comment.id, comment);
    if (comment.taskId) ctx.loaders.taskComments.clear(comment.taskId);
    return { comment, userErrors: [] };
  } catch (error) {
    return { comment: null, userErrors: refusal(error) };
  }
}

export function deleteComment(ctx: GraphQLContext, input: DeleteInput) {
  return deleteEntity(input, {
    what: 'comment',
    load: (id) => ctx.loaders.comments.load(id),
    remove: (id) => wrike.deleteComment(ctx.wrike, id),
    invalidate: (before) => {
      ctx.loaders.comments.clear(before.id);
      if (before.taskId) ctx.loaders.taskComments.clear(before.taskId);
    },
  });
}

/** A file name Wrike can store: no path, no control characters. */
function checkFileName(name: string, problems: Problems): void {
  problems.text(name, ['input', 'fileName'], { required: true, max: 255 });
  // eslint-disable-next-line no-control-regex
  if (/[\\/\x00-\x1f]/.test(name)) problems.add({ field: ['input', 'fileName'], message: 'A file name cannot contain slashes or control characters', code: 'INVALID_VALUE' });
}

export async function createAttachment(ctx: GraphQLContext, input: CreateAttachmentInput): Promise<{ attachment: WrikeAttachment | null; userErrors: UserError[] }> {
  const problems = new Problems();
  problems.id(input.ticketId, ['input', 'ticketId']);
  checkFileName(input.fileName, problems);
  const contentType = input.contentType ?? 'application/octet-stream';
  if (!/^[\w.+-]+\/[\w.+-]+$/.test(contentType)) problems.add({ field: ['input', 'contentType'], message: 'Not a MIME type', code: 'INVALID_VALUE' });
  const encoded = input.contentBase64.replace(/\s+/g, '');
  const size = Math.floor((encoded.length * 3) / 4) - (encoded.endsWith('==') ? 2 : encoded.endsWith('=') ? 1 : 0);
  if (!BASE64.test(encoded) || encoded.length % 4 !== 0) {
    problems.add({ field: ['input', 'contentBase64'], message: 'Not valid base64', code: 'INVALID_VALUE' });
  } else if (size > ctx.maxAttachmentBytes) {
    problems.add({ field: ['input', 'contentBase64'], message: `Files over ${ctx.maxAttachmentBytes} bytes go through POST /attachments/upload`, code: 'TOO_LARGE' });
  } else if (size === 0) {
    problems.add({ field: ['input', 'contentBase64'], message: 'The file is empty', code: 'REQUIRED' });
  }
  const key = idempotencyKeyOf(input.idempotencyKey, problems);
  await problems.inScope(ctx, [{ kind: 'ticket', ids: [input.ticketId], field: ['input', 'ticketId'] }]);
  if (problems.any) return { attachment: null, userErrors: problems.list };
  let created: WrikeAttachment | undefined;
  try {
    const outcome = await ctx.idempotency.run(`${ctx.connectionId}:createAttachment`, key, fingerprint(input), {
      write: async () => {
        created = await wrike.uploadAttachment(ctx.wrike, input.ticketId, { name: input.fileName, contentType, body: Buffer.from(encoded, 'base64') });
        return created.id;
      },
      recover: (since) => findLandedUpload(ctx, input.ticketId, input.fileName, size, since),
    }, { deadline: ctx.deadline });
    const attachment = created ?? (await ctx.loaders.attachments.load(outcome.id));
    invalidateAttachments(ctx, input.ticketId, attachment);
    return { attachment, userErrors: [] };
  } catch (error) {
    return { attachment: null, userErrors: refusal(error, key) };
  }
}

export function deleteAttachment(ctx: GraphQLContext, input: DeleteInput) {
  return deleteEntity(input, {
    what: 'attachment',
    load: (id) => ctx.loaders.attachments.load(id),
    remove: (id) => wrike.deleteAttachment(ctx.wrike, id),
    invalidate: (before) => {
      ctx.loaders.attachments.clear(before.id);
      if (before.taskId) invalidateAttachments(ctx, before.taskId);
    },
  });
}
