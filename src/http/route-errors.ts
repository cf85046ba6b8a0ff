import type { Request, Response } from 'express';
import { ConnectionAccessError, type ConnectionManager, type LiveConnection } from '../connections/manager';
import { WrikeError } from '../wrike/errors';
import { CODE_BY_KIND } from '../graphql/errors';
import { AuthError } from './auth';
import type { Logger } from '../logger';

/** The routes beside /graphql answer errors in GraphQL's shape: `{ errors: [{ message, extensions: { code } }] }`. */
export function fail(res: Response, status: number, code: string, message: string): void {
  res.status(status).json({ errors: [{ message, extensions: { code } }] });
}

/** A typed answer for what a route may meet (Wrike, auth, connection errors); anything else is a masked 500. */
export function sendRouteError(res: Response, error: unknown, logger: Logger, route: string): void {
  if (error instanceof WrikeError) {
    const status = error.kind === 'not_found' ? 404 : error.kind === 'rate_limited' ? 429 : error.kind === 'bad_request' || error.kind === 'forbidden' ? 400 : 502;
    return fail(res, status, CODE_BY_KIND[error.kind], error.message);
  }
  if (error instanceof AuthError) return fail(res, error.status, error.status === 401 ? 'UNAUTHENTICATED' : 'FORBIDDEN', error.message);
  if (error instanceof ConnectionAccessError) return fail(res, error.kind === 'invalid' ? 400 : 403, error.kind === 'invalid' ? 'BAD_USER_INPUT' : 'FORBIDDEN', error.message);
  logger.error({ route, err: { message: (error as Error).message } }, 'route failed');
  fail(res, 500, 'INTERNAL_SERVER_ERROR', 'Internal server error');
}

/** The connection a request names with X-Connection-Id, or the tenant's only one, as on /graphql. */
export async function connectionOf(connections: ConnectionManager, req: Request, tenantId: string): Promise<LiveConnection> {
  const header = req.header('x-connection-id');
  const live = header ? await connections.resolve(tenantId, header) : await connections.only(tenantId);
  if (!live) throw new ConnectionAccessError('invalid');
  return live;
}
