import { Router, type Request, type Response } from 'express';
import { pipeline } from 'node:stream/promises';
import { ConnectionAccessError, type ConnectionManager } from '../connections/manager';
import type { SharedServices } from '../graphql/context';
import { isWrikeId } from '../graphql/ids';
import { openDownload, uploadStreamed } from '../graphql/mutations/attachment-files';
import type { Authenticator } from './auth';
import { connectionOf, fail, routeContext, sendRouteError, storeLate, wrikeLate } from './route-errors';
import { RequestDeadline } from './request-deadline';
import { attachmentDisposition, fileNameOf } from './content-disposition';
import type { Logger } from '../logger';

/** The largest file the streaming upload route passes to Wrike. */
export const MAX_STREAMED_UPLOAD_BYTES = 2 * 1024 ** 3;

/**
 * Streaming attachment routes: `POST /attachments/upload?ticketId=…&fileName=…` passes the raw request body to
 * Wrike as it arrives, and `GET /attachments/:id/download` (a signed link from Attachment.downloadUrl) streams the
 * bytes back. Neither holds a whole file in memory. Request parsing and status codes here; the Wrike side is in
 * src/graphql/mutations/attachment-files.ts.
 */
export function attachmentRoutes({ connections, services, logger, auth }: { connections: ConnectionManager; services: SharedServices; logger: Logger; auth: Authenticator }): Router {
  const router = Router();

  router.post('/attachments/upload', async (req: Request, res: Response) => {
    const deadline = new RequestDeadline(services.requestDeadlineMs, res);
    try {
      const { tenantId, connection } = await deadline.by((async () => {
        const tenant = await auth.tenantOf(req);
        return { tenantId: tenant, connection: await connectionOf(connections, req, tenant) };
      })(), () => {
        throw storeLate();
      }, 0);
      const ticketId = String(req.query.ticketId ?? '');
      const fileName = String(req.query.fileName ?? req.header('x-file-name') ?? '');
      const contentType = (req.header('content-type') ?? 'application/octet-stream').split(';')[0] as string;
      const size = Number(req.header('content-length'));
      if (!isWrikeId(ticketId)) return fail(res, 400, 'BAD_USER_INPUT', 'ticketId is not a valid Wrike id');
      // eslint-disable-next-line no-control-regex
      if (!fileName || fileName.length > 255 || /[\\/\x00-\x1f]/.test(fileName)) return fail(res, 400, 'BAD_USER_INPUT', 'fileName is missing or not a plain file name');
      if (!Number.isInteger(size) || size <= 0) return fail(res, 411, 'BAD_USER_INPUT', 'Send the file with a Content-Length');
      if (size > MAX_STREAMED_UPLOAD_BYTES) return fail(res, 413, 'BAD_USER_INPUT', `Files over ${MAX_STREAMED_UPLOAD_BYTES} bytes are not accepted`);
      // An Idempotency-Key header makes a retried upload safe: the same key returns the first attachment.
      const idempotencyKey = req.header('idempotency-key');
      if (idempotencyKey !== undefined && !/^[\x21-\x7e]{1,200}$/.test(idempotencyKey)) return fail(res, 400, 'BAD_USER_INPUT', 'Idempotency-Key: 1 to 200 printable ASCII characters');
      const ctx = routeContext(connections, services, tenantId, connection, deadline);
      // The file may be under way to Wrike when the deadline passes: its outcome is then unknown, not failed.
      const done = await deadline.by(uploadStreamed(ctx, { ticketId, fileName, contentType, size, body: req, idempotencyKey }), () => {
        throw wrikeLate(true, idempotencyKey);
      });
      if (!done) return fail(res, 404, 'NOT_FOUND', 'No such ticket');
      const downloadUrl = services.downloads.url(tenantId, connection.id, done.attachment.id);
      res.status(done.replayed ? 200 : 201).json({ attachment: { ...done.attachment, downloadUrl }, replayed: done.replayed });
    } catch (error) {
      sendRouteError(res, error, logger, 'attachments');
    }
  });

  router.get('/attachments/:id/download', async (req: Request, res: Response) => {
    // Until the file starts to stream, bounded by the request's deadline.
    const deadline = new RequestDeadline(services.requestDeadlineMs, res);
    try {
      const attachmentId = String(req.params.id);
      // The signed link is the credential: it names the tenant and connection that minted it.
      const link = isWrikeId(attachmentId) ? services.downloads.verify(attachmentId, req.query) : undefined;
      // A connection gone since the link was made is a dead link; a store that does not answer is not (503).
      const connection = link ? await deadline.by(connections.resolve(link.tenantId, link.connectionId).catch((error: unknown) => {
        if (error instanceof ConnectionAccessError) return undefined;
        throw error;
      }), () => {
        throw storeLate();
      }, 0) : undefined;
      if (!link || !connection) return fail(res, 403, 'FORBIDDEN', 'This download link is invalid or has expired');
      // The scope as it is now: a link made before the connection was narrowed opens nothing outside it.
      const opening = openDownload(routeContext(connections, services, link.tenantId, connection, deadline), attachmentId);
      const download = await deadline.by(opening, () => {
        opening.then((late) => (late?.body as (NodeJS.ReadableStream & { destroy?: () => void }) | undefined)?.destroy?.(), () => undefined);
        throw wrikeLate(false);
      });
      if (!download) return fail(res, 404, 'NOT_FOUND', 'No such attachment');
      for (const header of ['content-type', 'content-length']) {
        const value = download.headers[header];
        if (value) res.setHeader(header, value);
      }
      // Whatever Wrike sends: a download, never a page rendered on this origin, and no type sniffing.
      res.setHeader('Content-Disposition', attachmentDisposition(fileNameOf(download.headers['content-disposition'])));
      res.setHeader('X-Content-Type-Options', 'nosniff');
      res.status(200);
      await pipeline(download.body, res);
    } catch (error) {
      if (!res.headersSent) sendRouteError(res, error, logger, 'attachments');
      else res.destroy();
    }
  });

  return router;
}
