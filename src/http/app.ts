import { setMaxListeners } from 'node:events';
import { randomUUID } from 'node:crypto';
import express from 'express';
import { expressMiddleware } from '@as-integrations/express5';
import type { ApolloServer } from '@apollo/server';
import { buildRequestContext, type GraphQLContext, type SharedServices } from '../graphql/context';
import type { ConnectionManager } from '../connections/manager';
import type { CredentialStore } from '../connections/store';
import { userError } from '../graphql/errors';
import { AuthError, type Authenticator } from './auth';
import { attachmentRoutes } from './attachments';
import { graphiqlRoutes } from './graphiql';
import { operationsRoutes, requestLogging } from './operations';
import type { Logger } from '../logger';

export interface AppDeps {
  apollo: ApolloServer<GraphQLContext>;
  connections: ConnectionManager;
  store: CredentialStore;
  auth: Authenticator;
  services: SharedServices;
  logger: Logger;
  /** The default Wrike base URL, probed by /readyz. */
  wrikeBaseUrl: string;
  /** OAuth linking routes, when an OAuth app is configured. */
  oauthRoutes?: express.Router;
}

/** Routes only: /graphql, /graphiql, attachment streaming, /healthz, /readyz, /metrics. No business logic here. */
export function createApp({ apollo, connections, store, auth, services, logger, wrikeBaseUrl, oauthRoutes }: AppDeps): express.Express {
  const app = express();
  app.disable('x-powered-by');
  app.use(requestLogging(logger));
  app.use(operationsRoutes({ metrics: services.metrics, store, wrikeBaseUrl }));
  app.use(
    '/graphql',
    express.json({ limit: '1mb' }),
    expressMiddleware(apollo, {
      context: async ({ req, res }) => {
        let tenantId: string;
        try {
          tenantId = await auth.tenantOf(req);
        } catch (error) {
          if (!(error instanceof AuthError)) throw error;
          throw userError(error.status === 401 ? 'UNAUTHENTICATED' : 'FORBIDDEN', error.message, { http: { status: error.status } });
        }
        // A client that goes away cancels its request's Wrike reads (queued ones never go out).
        const gone = new AbortController();
        // One listener per Wrike call the request is waiting for (removed when each settles), up to MAX_QUERY_CALLS.
        setMaxListeners(0, gone.signal);
        res.on('close', () => {
          if (!res.writableFinished) gone.abort();
        });
        const fresh = /(^|,)\s*no-cache\s*(,|$)/i.test(req.header('cache-control') ?? '');
        return buildRequestContext(connections, services, tenantId, req.header('x-connection-id'), { id: randomUUID(), signal: gone.signal, fresh });
      },
    }),
  );
  app.use(attachmentRoutes({ connections, services, logger, auth }));
  if (oauthRoutes) app.use(oauthRoutes);
  app.use(graphiqlRoutes());
  app.use(jsonErrors(logger));
  return app;
}

/**
 * One JSON error handler for every route, body-parser errors included: a short typed answer, and a log line that
 * names the error but never carries the body (a malformed body may hold a token). Replaces Express's default handler,
 * which prints the whole error to stderr and answers HTML with a stack trace.
 */
function jsonErrors(logger: Logger): express.ErrorRequestHandler {
  return (error: unknown, req, res, next) => {
    if (res.headersSent) return next(error);
    const status = typeof (error as { status?: unknown }).status === 'number' ? (error as { status: number }).status : 500;
    const type = typeof (error as { type?: unknown }).type === 'string' ? (error as { type: string }).type : undefined;
    const clientError = status >= 400 && status < 500;
    logger[clientError ? 'info' : 'error']({ path: req.path, status, type }, clientError ? 'request refused' : 'request failed');
    const message = type === 'entity.parse.failed' ? 'The request body is not valid JSON'
      : type === 'entity.too.large' ? 'The request body is too large' : clientError ? 'The request is invalid' : 'Internal server error';
    res.status(status).json({ errors: [{ message, extensions: { code: clientError ? 'BAD_REQUEST' : 'INTERNAL_SERVER_ERROR' } }] });
  };
}
