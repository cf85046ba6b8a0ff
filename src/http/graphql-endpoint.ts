import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { HeaderMap, type ApolloServer, type HTTPGraphQLResponse } from '@apollo/server';
import { buildRequestContext, type GraphQLContext, type SharedServices } from '../graphql/context';
import type { ConnectionManager } from '../connections/manager';
import { apiKeyIdOf } from '../connections/api-keys';
import { GraphQLError, getOperationAST, parse } from 'graphql';
import { routeErrorOf, userError, type ErrorCode } from '../graphql/errors';
import { AuthError, headerOf, type Authenticator } from './auth';
import { readJsonBody, BodyError } from './json-body';
import { trackRequest } from './operations';
import type { Logger } from '../logger';
import { RequestDeadline } from './request-deadline';
import type { CallbackSubscriptions } from './callback-subscriptions';

export interface GraphQLEndpointDeps {
  apollo: ApolloServer<GraphQLContext>;
  connections: ConnectionManager;
  auth: Authenticator;
  services: SharedServices;
  logger: Logger;
  /** Router subscriptions over the HTTP callback protocol (a POST whose extensions carry `subscription`). */
  callbacks?: CallbackSubscriptions;
}

/** The largest GraphQL request body accepted (after decompression). */
const MAX_BODY_BYTES = 1024 * 1024;

/**
 * POST and GET /graphql straight on Node's HTTP server, without Express: this is the hot path of every frontend
 * and of the supergraph router, and Express's routing, body parsing and ETags cost more than the GraphQL work of a
 * cached read. Apollo Server does the GraphQL over HTTP part (content types, CSRF prevention, status codes).
 *
 * Each request is answered by its deadline (REQUEST_DEADLINE_MS from its arrival, see request-deadline.ts): then its
 * waiting Wrike calls fail and the fields that needed them carry the error; a context the credential store has not
 * given by then is a 503; an execution still held up by a wait that does not listen (Redis, PostgreSQL) is answered
 * with an error for the whole request, WRITE_OUTCOME_UNKNOWN for a mutation (its write may be under way).
 */
export function graphqlEndpoint(deps: GraphQLEndpointDeps): (req: IncomingMessage, res: ServerResponse) => Promise<void> {
  return async (req, res) => {
    const log = trackRequest(deps.logger, req, res);
    const deadline = new RequestDeadline(deps.services.requestDeadlineMs, res);
    let body: unknown;
    try {
      body = req.method === 'POST' ? await readJsonBody(req, MAX_BODY_BYTES) : undefined;
      if (deps.callbacks && isCallbackSubscription(body)) return await callbackSubscription(deps, deps.callbacks, req, res, deadline, body, log);
      const headers = new HeaderMap();
      for (const [key, value] of Object.entries(req.headers)) {
        if (value !== undefined) headers.set(key, Array.isArray(value) ? value.join(', ') : value);
      }
      const url = req.url ?? '';
      const query = url.indexOf('?');
      const execution = deps.apollo.executeHTTPGraphQLRequest({
        httpGraphQLRequest: { method: (req.method ?? 'GET').toUpperCase(), headers, search: query >= 0 ? url.slice(query) : '', body },
        context: () => deadline.by(requestContext(deps, req, deadline), () => {
          throw userError('UPSTREAM_UNAVAILABLE', 'The credential store did not answer in time; try again', { http: { status: 503 } });
        }, 0).catch((error: unknown) => {
          throw contextError(error, log);
        }),
      });
      const response = await deadline.by<HTTPGraphQLResponse | undefined>(execution, () => undefined);
      if (response) return await send(res, response);
      if (res.writableEnded || res.destroyed) return;
      const write = isMutation(body);
      log.warn({ deadlineMs: deps.services.requestDeadlineMs, mutation: write }, 'request answered at its deadline, unfinished');
      if (write) {
        return sendError(res, 502, 'WRITE_OUTCOME_UNKNOWN',
          'The request\'s deadline passed while its write was under way; whether it was made is not known. Retry with the same idempotencyKey to be safe.');
      }
      sendError(res, 503, 'UPSTREAM_UNAVAILABLE', 'The request did not finish within its deadline; try again');
    } catch (error) {
      if (error instanceof BodyError) {
        log.info({ status: error.status, type: error.type }, 'request refused');
        return sendError(res, error.status, 'BAD_REQUEST', error.message);
      }
      log.error({ err: { message: (error as Error)?.message } }, 'request failed');
      if (!res.headersSent) sendError(res, 500, 'INTERNAL_SERVER_ERROR', 'Internal server error');
      else res.destroy();
    }
  };
}

/** The GraphQL context of one HTTP request: its tenant, its connection, its deadline and a signal that fires when it is over. */
async function requestContext(deps: GraphQLEndpointDeps, req: IncomingMessage, deadline: RequestDeadline): Promise<GraphQLContext> {
  let tenantId: string;
  try {
    tenantId = await deps.auth.tenantOf(req);
  } catch (error) {
    if (!(error instanceof AuthError)) throw error;
    throw userError(error.status === 401 ? 'UNAUTHENTICATED' : 'FORBIDDEN', error.message, { http: { status: error.status } });
  }
  // A client that goes away, a response that has been sent, or the deadline ends the request's Wrike reads: queued
  // ones never go out, and a shared call or batch no other request waits on stops (a response can be sent while
  // some resolvers still wait, e.g. after an error nulled their parent).
  const fresh = /(^|,)\s*no-cache\s*(,|$)/i.test(headerOf(req, 'cache-control') ?? '');
  return buildRequestContext(deps.connections, deps.services, tenantId, headerOf(req, 'x-connection-id'), {
    id: randomUUID(), signal: deadline.signal, deadline: deadline.at, fresh,
  });
}

/** Whether a request is a router's subscription over the HTTP callback protocol. */
function isCallbackSubscription(body: unknown): body is { extensions: { subscription: unknown } } {
  const extensions = (body as { extensions?: unknown } | undefined)?.extensions;
  return typeof extensions === 'object' && extensions !== null && 'subscription' in extensions;
}

/** Authenticates a callback subscription as any request (tenant, connection), then hands it to the callbacks. */
async function callbackSubscription(
  deps: GraphQLEndpointDeps, callbacks: CallbackSubscriptions, req: IncomingMessage, res: ServerResponse, deadline: RequestDeadline,
  body: { extensions: { subscription: unknown } }, log: Logger,
): Promise<void> {
  let answer: { status: number; body: unknown };
  try {
    const ctx = await requestContext(deps, req, deadline);
    // Authenticated: the key (if any) is valid; its id (never the key) is kept, to end the subscription when it is revoked.
    answer = await callbacks.accept(ctx, body, apiKeyIdOf(headerOf(req, 'authorization')?.match(/^Bearer\s+(\S+)$/i)?.[1]));
  } catch (error) {
    const typed = contextError(error, log);
    const { http, ...extensions } = typed.extensions as { http?: { status?: number } };
    answer = { status: http?.status ?? 500, body: { errors: [{ message: typed.message, extensions }] } };
  }
  if (res.writableEnded || res.destroyed) return;
  res.statusCode = answer.status;
  res.setHeader('Content-Type', 'application/json; charset=utf-8');
  // The answer to a subscription is never a cacheable read.
  res.setHeader('Cache-Control', 'no-store');
  res.end(JSON.stringify(answer.body));
}

/** Whether a request body asks for a mutation (read only when a request outlived its deadline). */
function isMutation(body: unknown): boolean {
  const { query, operationName } = (body ?? {}) as { query?: unknown; operationName?: unknown };
  if (typeof query !== 'string') return false;
  try {
    return getOperationAST(parse(query), typeof operationName === 'string' ? operationName : undefined)?.operation === 'mutation';
  } catch {
    return false;
  }
}

/**
 * What a client sees when its context could not be built: a typed error as it is; the credential store not
 * answering as UPSTREAM_UNAVAILABLE (503); anything else masked. Never the driver's message (it names the store's
 * address). Logged with the request's id.
 */
export function contextError(error: unknown, log: Logger): GraphQLError {
  if (error instanceof GraphQLError) return error;
  const typed = routeErrorOf(error);
  log.error({ err: { message: (error as Error)?.message, cause: ((error as Error)?.cause as Error | undefined)?.message } }, 'request context could not be built');
  if (typed) return userError(typed.code as ErrorCode, typed.message, { http: { status: typed.status } });
  return userError('INTERNAL_SERVER_ERROR', 'Internal server error', { http: { status: 500 } });
}

async function send(res: ServerResponse, response: HTTPGraphQLResponse): Promise<void> {
  // An answer the cache-hints plugin did not see (refused at the HTTP level) may not be kept either.
  res.setHeader('Cache-Control', 'no-store');
  for (const [key, value] of response.headers) res.setHeader(key, value);
  res.statusCode = response.status ?? 200;
  if (response.body.kind === 'complete') {
    res.end(response.body.string);
    return;
  }
  // Incremental delivery (@defer): chunks as they come.
  for await (const chunk of response.body.asyncIterator) res.write(chunk);
  res.end();
}

function sendError(res: ServerResponse, status: number, code: string, message: string): void {
  res.statusCode = status;
  res.setHeader('Cache-Control', 'no-store');
  res.setHeader('Content-Type', 'application/json; charset=utf-8');
  res.end(JSON.stringify({ errors: [{ message, extensions: { code } }] }));
}
