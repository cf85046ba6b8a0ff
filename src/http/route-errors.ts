import { randomUUID } from 'node:crypto';
import type { Request, Response } from 'express';
import type { GraphQLError } from 'graphql';
import type { ConnectionManager, LiveConnection } from '../connections/manager';
import { contextFor, resolveConnection, type GraphQLContext, type SharedServices } from '../graphql/context';
import { routeErrorOf, userError } from '../graphql/errors';
import { AuthError } from './auth';
import { StoreUnavailableError } from '../connections/store-errors';
import type { Logger } from '../logger';
import type { RequestDeadline } from './request-deadline';

/** The routes beside /graphql answer errors in GraphQL's shape: `{ errors: [{ message, extensions: { code } }] }`. */
export function fail(res: Response, status: number, code: string, message: string): void {
  res.status(status).json({ errors: [{ message, extensions: { code } }] });
}

/**
 * A typed answer for what a route may meet (Wrike, auth, connection errors, a credential store that does not answer:
 * 503 UPSTREAM_UNAVAILABLE); anything else is a masked 500. Failures that are not the caller's are logged with the
 * request's id.
 */
export function sendRouteError(res: Response, error: unknown, logger: Logger, route: string): void {
  if (error instanceof AuthError) return fail(res, error.status, error.status === 401 ? 'UNAUTHENTICATED' : 'FORBIDDEN', error.message);
  const log = (res.locals?.log as Logger | undefined) ?? logger;
  if (error instanceof StoreUnavailableError) log.warn({ route, err: { message: error.message, cause: (error.cause as Error | undefined)?.message } }, 'credential store unavailable');
  const typed = routeErrorOf(error);
  if (typed) return fail(res, typed.status, typed.code, typed.message);
  log.error({ route, err: { message: (error as Error).message } }, 'route failed');
  fail(res, 500, 'INTERNAL_SERVER_ERROR', 'Internal server error');
}

/** The connection a request names with X-Connection-Id, or the tenant's only one, as on /graphql. */
export async function connectionOf(connections: ConnectionManager, req: Request, tenantId: string): Promise<LiveConnection> {
  const live = await resolveConnection(connections, tenantId, req.header('x-connection-id'));
  if (!live) throw userError('BAD_USER_INPUT', 'Send the X-Connection-Id header to choose a Wrike connection (see the connections query)', { http: { status: 400 } });
  return live;
}

/**
 * A route's request context over a resolved connection: the same loaders, scope, budget and call cap as /graphql,
 * and, given its deadline, the same end: its waiting reads fail when the deadline passes.
 */
export function routeContext(
  connections: ConnectionManager, services: SharedServices, tenantId: string, connection: LiveConnection, deadline?: RequestDeadline,
): GraphQLContext {
  return contextFor(connections, services, tenantId, connection, { id: randomUUID(), signal: deadline?.signal, deadline: deadline?.at });
}

/** What a route throws when the credential store has not given a request's tenant or connection by its deadline. */
export function storeLate(): GraphQLError {
  return userError('UPSTREAM_UNAVAILABLE', 'The credential store did not answer in time; try again', { http: { status: 503 } });
}

/** What a route throws when its Wrike call has not answered by the request's deadline: a write's outcome is unknown. */
export function wrikeLate(write: boolean, idempotencyKey?: string): GraphQLError {
  if (write) {
    return userError('WRITE_OUTCOME_UNKNOWN', 'The request\'s deadline passed while its write was under way; whether it was made is not known'
      + (idempotencyKey ? '. Retry with the same Idempotency-Key to be safe.' : ''), { http: { status: 502 } });
  }
  return userError('UPSTREAM_UNAVAILABLE', 'Wrike did not answer within the request\'s deadline; try again', { http: { status: 503 } });
}
