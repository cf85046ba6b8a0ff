import { setMaxListeners } from 'node:events';
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { HeaderMap, type ApolloServer, type HTTPGraphQLResponse } from '@apollo/server';
import { buildRequestContext, type GraphQLContext, type SharedServices } from '../graphql/context';
import type { ConnectionManager } from '../connections/manager';
import { GraphQLError } from 'graphql';
import { routeErrorOf, userError, type ErrorCode } from '../graphql/errors';
import { AuthError, headerOf, type Authenticator } from './auth';
import { readJsonBody, BodyError } from './json-body';
import { trackRequest } from './operations';
import type { Logger } from '../logger';

export interface GraphQLEndpointDeps {
  apollo: ApolloServer<GraphQLContext>;
  connections: ConnectionManager;
  auth: Authenticator;
  services: SharedServices;
  logger: Logger;
}

/** The largest GraphQL request body accepted (after decompression). */
const MAX_BODY_BYTES = 1024 * 1024;

/**
 * POST and GET /graphql straight on Node's HTTP server, without Express: this is the hot path of every frontend
 * and of the supergraph router, and Express's routing, body parsing and ETags cost more than the GraphQL work of a
 * cached read. Apollo Server does the GraphQL over HTTP part (content types, CSRF prevention, status codes).
 */
export function graphqlEndpoint(deps: GraphQLEndpointDeps): (req: IncomingMessage, res: ServerResponse) => Promise<void> {
  return async (req, res) => {
    const log = trackRequest(deps.logger, req, res);
    try {
      const body = req.method === 'POST' ? await readJsonBody(req, MAX_BODY_BYTES) : undefined;
      const headers = new HeaderMap();
      for (const [key, value] of Object.entries(req.headers)) {
        if (value !== undefined) headers.set(key, Array.isArray(value) ? value.join(', ') : value);
      }
      const url = req.url ?? '';
      const query = url.indexOf('?');
      const response = await deps.apollo.executeHTTPGraphQLRequest({
        httpGraphQLRequest: { method: (req.method ?? 'GET').toUpperCase(), headers, search: query >= 0 ? url.slice(query) : '', body },
        context: () => requestContext(deps, req, res).catch((error: unknown) => {
          throw contextError(error, log);
        }),
      });
      await send(res, response);
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

/** The GraphQL context of one HTTP request: its tenant, its connection, and a signal that fires when it is over. */
async function requestContext(deps: GraphQLEndpointDeps, req: IncomingMessage, res: ServerResponse): Promise<GraphQLContext> {
  let tenantId: string;
  try {
    tenantId = await deps.auth.tenantOf(req);
  } catch (error) {
    if (!(error instanceof AuthError)) throw error;
    throw userError(error.status === 401 ? 'UNAUTHENTICATED' : 'FORBIDDEN', error.message, { http: { status: error.status } });
  }
  // A client that goes away, or a response that has been sent, ends the request's Wrike reads: queued ones never go
  // out, and a shared call or batch no other request waits on stops (a response can be sent while some resolvers
  // still wait, e.g. after an error nulled their parent).
  const gone = new AbortController();
  // One listener per Wrike call the request is waiting for (removed when each settles), up to MAX_QUERY_CALLS.
  setMaxListeners(0, gone.signal);
  res.on('close', () => gone.abort());
  const fresh = /(^|,)\s*no-cache\s*(,|$)/i.test(headerOf(req, 'cache-control') ?? '');
  return buildRequestContext(deps.connections, deps.services, tenantId, headerOf(req, 'x-connection-id'), { id: randomUUID(), signal: gone.signal, fresh });
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
  res.setHeader('Content-Type', 'application/json; charset=utf-8');
  res.end(JSON.stringify({ errors: [{ message, extensions: { code } }] }));
}
