import type { Router, Request } from 'express';
import { routerFor, type SandboxContext } from '../context';
import { READ_SCOPES, WRITE_SCOPES, allOrNotFound, grantOf, paramsOf, parseId, parseIdList, pathParam, requireScope, respond } from '../context';
import { WrikeApiError, badRequest, invalidParameter, notFound, parameterRequired } from '../errors';
import { obj, rejectUnknown } from '../params';
import { attachmentView } from '../views';
import { getTaskOr404 } from '../task-writes';
import { wrikeTimestamp } from '../seed';

/** Reads a raw request body up to a cap, without a body parser in the way. */
function readBody(req: Request, maxBytes: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxBytes) {
        reject(new WrikeApiError(400, 'invalid_request', `Attachment is larger than ${maxBytes} bytes`));
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

/** Wrike's limit on an account-wide attachment list's createdDate range. */
const MAX_ATTACHMENT_RANGE_MS = 31 * 86_400_000;

/** Task attachments: raw-body upload with `X-File-Name`, download (a redirect to signed storage), delete. */
export function attachmentRoutes(ctx: SandboxContext): Router {
  const router = routerFor(ctx);
  const { store } = ctx;

  router.get('/tasks/:taskId/attachments', (req, res) => {
    requireScope(res, READ_SCOPES);
    rejectUnknown(paramsOf(res), ['versions', 'withUrls', 'createdDate']);
    const task = getTaskOr404(store, parseId(pathParam(req, 'taskId')));
    respond(res, 'attachments', [...store.attachments.values()].filter((a) => a.taskId === task.id).map(attachmentView));
  });

  // Account-wide attachments: Wrike requires a createdDate range, and one under 31 days (the strict reading).
  router.get('/attachments', (_req, res) => {
    requireScope(res, READ_SCOPES);
    const params = paramsOf(res);
    rejectUnknown(params, ['versions', 'withUrls', 'createdDate']);
    const range = obj(params, 'createdDate');
    if (!range || range.start === undefined || range.end === undefined) throw parameterRequired('createdDate');
    const start = Date.parse(String(range.start));
    const end = Date.parse(String(range.end));
    if (Number.isNaN(start) || Number.isNaN(end) || end < start) throw invalidParameter("Parameter 'createdDate' is invalid");
    if (end - start >= MAX_ATTACHMENT_RANGE_MS) throw invalidParameter("Parameter 'createdDate' range must be under 31 days");
    const inRange = [...store.attachments.values()].filter((a) => {
      const created = Date.parse(a.createdDate);
      return created >= start && created <= end && (a.taskId === undefined || store.tasks.get(a.taskId)?.scope === 'WsTask');
    });
    respond(res, 'attachments', inRange.map(attachmentView));
  });

  router.get('/attachments/:ids', (req, res) => {
    requireScope(res, READ_SCOPES);
    rejectUnknown(paramsOf(res), ['versions', 'withUrls']);
    const ids = parseIdList(pathParam(req, 'ids'));
    respond(res, 'attachments', allOrNotFound(ids, (id) => store.attachments.get(id), 'Attachment').map(attachmentView));
  });

  // A download is a redirect to the file storage's signed URL, as on Wrike; the bytes never come from the API host.
  const download = (req: Request, res: import('express').Response) => {
    requireScope(res, READ_SCOPES);
    const id = parseId(pathParam(req, 'id'));
    if (!store.attachments.has(id)) throw notFound(`Attachment '${id}' not found`);
    res.redirect(302, ctx.storage.link(id));
  };
  router.get('/attachments/:id/download', download);
  router.get('/attachments/:id/download/:name', download);

  router.post('/tasks/:taskId/attachments', async (req, res) => {
    requireScope(res, WRITE_SCOPES);
    const task = getTaskOr404(store, parseId(pathParam(req, 'taskId')));
    if (task.scope !== 'WsTask') throw notFound(`Task '${task.id}' not found`);
    const rawName = req.header('x-file-name');
    if (!rawName) throw badRequest('Missing X-File-Name header');
    let name: string;
    try {
      name = decodeURIComponent(rawName);
    } catch {
      name = rawName;
    }
    if (req.is('multipart/form-data')) throw badRequest('Send the file as the raw request body');
    const bytes = await readBody(req, ctx.maxUploadBytes);
    if (bytes.length === 0) throw badRequest('No attachment body');
    const id = store.ids.classic('attachment');
    const attachment = {
      id, authorId: grantOf(res).userId, name, createdDate: wrikeTimestamp(ctx.now()), version: 1, type: 'Wrike' as const,
      contentType: (req.header('content-type') ?? 'application/octet-stream').split(';')[0] as string, size: bytes.length,
      taskId: task.id, bytes,
    };
    store.attachments.set(id, attachment);
    task.hasAttachments = true;
    task.attachmentCount++;
    ctx.webhooks.emit({ eventType: 'AttachmentAdded', eventAuthorId: attachment.authorId, taskId: task.id, folderIds: store.taskFolderIds(task), extra: { attachmentId: id } });
    respond(res, 'attachments', [attachmentView(attachment)]);
  });

  router.delete('/attachments/:id', (req, res) => {
    requireScope(res, WRITE_SCOPES);
    rejectUnknown(paramsOf(res), []);
    const id = parseId(pathParam(req, 'id'));
    const attachment = store.attachments.get(id);
    if (!attachment) throw notFound(`Attachment '${id}' not found`);
    store.attachments.delete(id);
    const task = attachment.taskId ? store.tasks.get(attachment.taskId) : undefined;
    if (task) {
      task.attachmentCount = Math.max(0, task.attachmentCount - 1);
      task.hasAttachments = task.attachmentCount > 0;
      ctx.webhooks.emit({ eventType: 'AttachmentDeleted', eventAuthorId: grantOf(res).userId, taskId: task.id, folderIds: store.taskFolderIds(task), extra: { attachmentId: id } });
    }
    respond(res, 'attachments', []);
  });

  return router;
}
