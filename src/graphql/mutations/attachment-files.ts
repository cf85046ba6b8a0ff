import * as wrike from '../../wrike/endpoints';
import { WrikeError } from '../../wrike/errors';
import type { WrikeAttachment } from '../../wrike/types';
import type { WrikeStream } from '../../wrike/client';
import type { GraphQLContext } from '../context';
import { allVisible } from '../scope';
import { madeSince } from '../../writes/idempotency';

/**
 * Attachments as files: the streamed upload (the raw request body passed to Wrike as it arrives) and the download
 * (Wrike's bytes streamed back). The routes in src/http/attachments.ts parse requests and pick status codes; the
 * Wrike side is here, next to createAttachment, with which they share the recovery of an upload whose answer was lost.
 */


/** An upload that landed though its answer was lost: this user's file of this name and size on the ticket, since then. */
export async function findLandedUpload(ctx: GraphQLContext, ticketId: string, name: string, size: number, since: number): Promise<string | undefined> {
  const [me, attachments] = await Promise.all([wrike.getMe(ctx.wrike), wrike.getTaskAttachments(ctx.wrike, ticketId)]);
  return attachments.find((a) => a.authorId === me?.id && a.name === name && a.size === size && madeSince(a.createdDate, since))?.id;
}

export interface StreamedUpload {
  ticketId: string;
  fileName: string;
  contentType: string;
  size: number;
  body: NodeJS.ReadableStream & { resume(): unknown };
  /** Makes a retried upload safe: the same key answers the first attachment. */
  idempotencyKey?: string;
}

/**
 * Uploads a file as it streams in. The ticket is read first (it must exist and lie in the connection's scope, and the
 * token is fresh before the body, which cannot be sent twice, goes out). Null: no such ticket.
 */
export async function uploadStreamed(ctx: GraphQLContext, upload: StreamedUpload): Promise<{ attachment: WrikeAttachment; replayed: boolean } | null> {
  const [task] = await wrike.getTasks(ctx.wrike, [upload.ticketId]).catch((error: unknown) => {
    if (error instanceof WrikeError && error.kind === 'not_found') return [];
    throw error;
  });
  if (!task || task.scope === 'RbTask' || !(await allVisible(ctx, 'task', [upload.ticketId]))) return null;
  let uploaded: WrikeAttachment | undefined;
  const send = async () => {
    uploaded = await wrike.uploadAttachment(ctx.wrike, upload.ticketId, { name: upload.fileName, contentType: upload.contentType, body: upload.body, size: upload.size });
    return uploaded.id;
  };
  let id: string;
  let replayed = false;
  if (upload.idempotencyKey) {
    const outcome = await ctx.idempotency.run(`${ctx.connectionId}:uploadAttachment`, upload.idempotencyKey, `${upload.ticketId}\n${upload.fileName}\n${upload.size}`, {
      write: send,
      recover: (since) => findLandedUpload(ctx, upload.ticketId, upload.fileName, upload.size, since),
    }, { deadline: ctx.deadline });
    id = outcome.id;
    replayed = outcome.replayed;
    if (replayed) upload.body.resume(); // the body of a replay is not needed
  } else {
    id = await send();
  }
  const attachment = uploaded ?? (await wrike.getAttachments(ctx.wrike, [id]))[0];
  if (!attachment) throw new WrikeError('unavailable', 'Wrike did not show the attachment it stored');
  invalidateAttachments(ctx, upload.ticketId, attachment);
  return { attachment, replayed };
}

/** After an upload or a delete: the ticket's attachment list and model are read again; the new file is known. */
export function invalidateAttachments(ctx: GraphQLContext, ticketId: string, attachment?: WrikeAttachment | null): void {
  ctx.loaders.taskAttachments.clear(ticketId);
  ctx.loaders.tasks.clear(ticketId);
  if (attachment) ctx.loaders.attachments.clear(attachment.id).prime(attachment.id, attachment);
}

/** Wrike's bytes of an attachment, streamed; null when it is not in the connection's scope. */
export async function openDownload(ctx: GraphQLContext, attachmentId: string): Promise<WrikeStream | null> {
  if (!(await allVisible(ctx, 'attachment', [attachmentId]))) return null;
  return wrike.downloadAttachment(ctx.wrike, attachmentId);
}
