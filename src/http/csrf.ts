import type { NextFunction, Request, Response } from 'express';
import { fail } from './route-errors';

/** Content types a browser sends cross-site without a preflight (the CORS "simple" ones), or none. */
const SIMPLE_TYPES = new Set(['', 'text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data']);
/** Headers only a script that passed a preflight can send: any of them shows the request is not a bare form post. */
const PREFLIGHT_HEADERS = ['authorization', 'x-connection-id', 'x-file-name', 'idempotency-key', 'apollo-require-preflight', 'x-apollo-operation-name'];

/**
 * For the routes beside /graphql that change something: a request a web page on another site could send without
 * the browser asking first (a simple content type, no header of this API) is refused, as Apollo's CSRF prevention
 * refuses it on /graphql. In open mode no credential would stop it otherwise.
 */
export function refuseSimpleCrossSite(req: Request, res: Response, next: NextFunction): void {
  // The writes these routes take; any other method is theirs to refuse.
  if (!['POST', 'PUT', 'DELETE'].includes(req.method)) return next();
  const type = (req.header('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
  if (!SIMPLE_TYPES.has(type) || PREFLIGHT_HEADERS.some((name) => req.header(name) !== undefined)) return next();
  fail(res, 400, 'BAD_REQUEST', 'This request could come from another site: send it with a header of this API (X-Connection-Id, X-File-Name or Apollo-Require-Preflight) or a non-form content type');
}
