import type http from 'node:http';
import { randomUUID } from 'node:crypto';
import { GraphQLError, getOperationAST, parse, validate, type GraphQLSchema } from 'graphql';
import { checkComplexity, type ComplexityLimits } from '../graphql/complexity';
import { WebSocketServer } from 'ws';
import { useServer } from 'graphql-ws/use/ws';
import { buildRequestContext, type GraphQLContext, type SharedServices } from '../graphql/context';
import { formatError } from '../graphql/errors';
import type { ConnectionManager } from '../connections/manager';
import { AuthError, type Authenticator } from './auth';
import { contextError } from './graphql-endpoint';
import type { Logger } from '../logger';
import { SubscriptionLimits } from './subscription-limits';

export interface SubscriptionDeps {
  httpServer: http.Server;
  schema: GraphQLSchema;
  auth: Authenticator;
  connections: ConnectionManager;
  services: SharedServices;
  logger: Logger;
  /** MAX_SUBSCRIPTIONS_PER_SOCKET and MAX_SUBSCRIPTIONS_PER_TENANT (per replica). */
  limits: { perSocket: number; perTenant: number };
  /** MAX_QUERY_DEPTH and MAX_QUERY_CALLS, as over HTTP (Apollo's plugin does not see these operations). */
  queryLimits: ComplexityLimits;
  /**
   * Whether a socket whose upgrade came with this Origin (and Host) may open; every socket opens without it. Browsers
   * apply no CORS to WebSockets, so this is what keeps pages on other sites off (see CorsPolicy.allowsSocket).
   */
  allowsOrigin?: (origin: string | undefined, host: string | undefined) => boolean;
}

/** connection_init's payload as headers: `Authorization`, `X-Connection-Id` and `X-Router-Secret`, in any case. */
function headersOf(params: Record<string, unknown> | undefined): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [key, value] of Object.entries(params ?? {})) if (typeof value === 'string') headers[key.toLowerCase()] = value;
  return headers;
}

/**
 * GraphQL subscriptions over graphql-ws on /graphql, beside HTTP on the same port (the protocol Apollo Router
 * speaks to subgraphs). The socket authenticates as HTTP does, with the same API key and connection, sent in the
 * connection_init payload; a refused caller's socket is closed (4403). Errors are masked like HTTP's.
 */
/** Headers about the connection itself, taken from the HTTP upgrade request only. */
const TRANSPORT_HEADERS = ['host', 'forwarded', 'x-forwarded-for', 'x-forwarded-host', 'x-real-ip'];

export function startSubscriptions(deps: SubscriptionDeps): { close(): Promise<void> } {
  const wss = new WebSocketServer({ noServer: true, maxPayload: 1024 * 1024 });
  deps.httpServer.on('upgrade', (req, socket, head) => {
    // Node hands the socket over with no error listener: a peer's reset before ws takes it would end the process.
    socket.on('error', () => socket.destroy());
    const path = (req.url ?? '').split('?', 1)[0];
    if (path !== '/graphql' && path !== '/graphql/') return socket.destroy();
    const origin = typeof req.headers.origin === 'string' ? req.headers.origin : undefined;
    if (deps.allowsOrigin && !deps.allowsOrigin(origin, req.headers.host)) {
      deps.logger.info({ origin }, 'WebSocket refused: its page is on an origin not in CORS_ORIGINS');
      socket.end('HTTP/1.1 403 Forbidden\r\nContent-Type: text/plain\r\nConnection: close\r\n\r\nThis origin may not open a socket here (CORS_ORIGINS)\n');
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws, req));
  });
  const tenants = new WeakMap<object, string>();
  const limits = new SubscriptionLimits(deps.limits);
  // A context that cannot be built fails typed and masked, as on HTTP, and is logged with the subscription's id.
  const contextOf = (ctx: { extra: object; connectionParams?: Record<string, unknown> }) => {
    const id = randomUUID();
    return buildRequestContext(deps.connections, deps.services, tenants.get(ctx.extra) as string, headersOf(ctx.connectionParams)['x-connection-id'], { id })
      .catch((error: unknown) => {
        throw contextError(error, deps.logger.child({ requestId: id }));
      });
  };
  const server = useServer<Record<string, unknown>, { request: http.IncomingMessage }>({
    schema: deps.schema,
    onConnect: async (ctx) => {
      // The credentials come in the payload; where the socket came from (its Host, a proxy's forwarding headers) is
      // the upgrade request's, and never the payload's to claim.
      const upgrade = ctx.extra.request;
      const headers: Record<string, unknown> = headersOf(ctx.connectionParams);
      for (const name of TRANSPORT_HEADERS) {
        delete headers[name];
        if (upgrade.headers[name] !== undefined) headers[name] = upgrade.headers[name];
      }
      const request = { headers, socket: upgrade.socket } as unknown as http.IncomingMessage;
      try {
        tenants.set(ctx.extra, await deps.auth.tenantOf(request));
        return true;
      } catch (error) {
        if (error instanceof AuthError) return false;
        // Not the caller's fault (the store did not answer): the socket closes with 4500 and the masked message as
        // its reason, never the driver's (graphql-ws would send a thrown error's own message).
        ctx.extra.socket.close(4500, contextError(error, deps.logger.child({ requestId: randomUUID() })).message);
        return false;
      }
    },
    // A connection the caller may not use fails that subscription with a typed error; the socket stays open. So
    // does one over a cap: its slot is reserved here, before any work, and given back in onComplete or onError, and
    // at the latest in onClose (an operation the client cancels while it is still being set up gets neither of the
    // first two from the library: its slot stays taken, on that socket and tenant only, until the socket closes).
    onSubscribe: async (ctx, id, payload) => {
      const refused = limits.reserve(ctx.extra, tenants.get(ctx.extra) as string, id);
      if (refused) return [refused];
      try {
        await contextOf(ctx);
        return complexityRefusal(deps.schema, payload, deps.queryLimits);
      } catch (error) {
        if (error instanceof GraphQLError) {
          // The `http` hint of a typed error means nothing on a socket.
          const { http: _http, ...extensions } = error.extensions;
          return [new GraphQLError(error.message, { extensions })];
        }
        throw error;
      }
    },
    context: async (ctx): Promise<GraphQLContext> => {
      const fresh = () => contextOf(ctx);
      return { ...(await fresh()), freshContext: fresh };
    },
    onNext: (_ctx, _id, _payload, _args, result) => {
      if (!('errors' in result) || !result.errors) return result;
      return { ...result, errors: result.errors.map((error) => formatError(error.toJSON(), error)) } as unknown as typeof result;
    },
    onError: (ctx, id, _payload, errors) => {
      limits.release(ctx.extra, id);
      return errors.map((error) => formatError(error.toJSON(), error)) as never;
    },
    onComplete: (ctx, id) => limits.release(ctx.extra, id),
    onClose: (ctx) => limits.releaseAll(ctx.extra),
  }, wss);
  return {
    close: async () => {
      await server.dispose();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
    },
  };
}

/**
 * An operation over the depth or cost limits, as its typed error (QUERY_TOO_COMPLEX); none for one within them, and
 * none for one that does not parse or validate (graphql-ws reports those itself, next).
 */
function complexityRefusal(
  schema: GraphQLSchema, payload: { query: string; variables?: Record<string, unknown> | null; operationName?: string | null }, limits: ComplexityLimits,
): GraphQLError[] | undefined {
  let document;
  try {
    document = parse(payload.query);
  } catch {
    return undefined;
  }
  if (validate(schema, document).length > 0) return undefined;
  const operation = getOperationAST(document, payload.operationName ?? undefined);
  if (!operation) return undefined;
  try {
    checkComplexity(schema, document, operation, payload.variables ?? {}, limits);
    return undefined;
  } catch (error) {
    if (!(error instanceof GraphQLError)) throw error;
    // The `http` hint of a typed error means nothing on a socket.
    const { http: _http, ...extensions } = error.extensions;
    return [new GraphQLError(error.message, { extensions })];
  }
}
