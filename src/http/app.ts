import type { RequestListener } from 'node:http';
import express from 'express';
import type { ApolloServer } from '@apollo/server';
import type { GraphQLContext, SharedServices } from '../graphql/context';
import type { ConnectionManager } from '../connections/manager';
import type { CredentialStore } from '../connections/store';
import type { Authenticator } from './auth';
import { graphqlEndpoint } from './graphql-endpoint';
import { attachmentRoutes } from './attachments';
import { proxyRoutes } from './proxy';
import { PROXY_PREFIX } from './proxy-path';
import { refuseSimpleCrossSite } from './csrf';
import { graphiqlRoutes } from './graphiql';
import { CorsPolicy, endPreflight } from './cors';
import { isBrowserOpening, landingRoutes, redirectToGraphiql } from './landing';
import { operationsRoutes, requestLogging, trackRequest } from './operations';
import type { Logger } from '../logger';
import type { CallbackSubscriptions } from './callback-subscriptions';

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
  /** POST /webhooks/wrike/:connectionId, Wrike's deliveries. */
  webhookRoutes?: express.Router;
  /** Whether Redis answers now, for /readyz (when REDIS_URL is set). */
  redisReady?: () => Promise<boolean>;
  /** Router subscriptions over the HTTP callback protocol. */
  callbacks?: CallbackSubscriptions;
  /** What /metrics asks for (METRICS_TOKEN, ROUTER_SECRET); open when neither is set. */
  metricsAccess?: { metricsToken?: string; routerSecret?: string };
  /** CORS_ORIGINS: which web pages may call /graphql, /attachments and /proxy (none by default). */
  cors?: CorsPolicy;
}

/** The methods each route a web page may call takes, for CORS preflights. */
const GRAPHQL_METHODS = ['GET', 'POST'];
const ATTACHMENT_METHODS = ['GET', 'POST'];
const PROXY_METHODS = ['GET', 'POST', 'PUT', 'DELETE'];

/** Every route: /graphql on Node's HTTP server directly (the hot path), the rest through Express. */
export function createRequestHandler(deps: AppDeps): RequestListener {
  const cors = deps.cors ?? new CorsPolicy([]);
  const app = createApp({ ...deps, cors });
  const graphql = graphqlEndpoint(deps);
  return (req, res) => {
    const path = (req.url ?? '').split('?', 1)[0]!.toLowerCase();
    if (path !== '/graphql' && path !== '/graphql/') return app(req, res);
    const preflight = cors.apply(req, res, GRAPHQL_METHODS);
    // A browser opening the address it was given lands on GraphiQL, not on CSRF prevention's refusal.
    const opening = !preflight && isBrowserOpening(req);
    if (!preflight && !opening) return void graphql(req, res);
    // Answered here, and logged like every request.
    trackRequest(deps.logger, req, res);
    if (preflight) endPreflight(res);
    else redirectToGraphiql(res);
  };
}

/** Routes only: Wrike's webhooks, / and /graphiql, attachment streaming, the Wrike proxy, OAuth linking, /healthz, /readyz, /metrics. No business logic here. */
function createApp({ connections, store, auth, services, logger, wrikeBaseUrl, oauthRoutes, webhookRoutes, metricsAccess, redisReady, cors }: AppDeps & { cors: CorsPolicy }): express.Express {
  const app = express();
  app.disable('x-powered-by');
  app.use(requestLogging(logger));
  if (webhookRoutes) app.use(webhookRoutes);
  app.use(operationsRoutes({ metrics: services.metrics, store, wrikeBaseUrl, redisReady, ...metricsAccess }));
  app.use('/attachments', (req, res, next) => (cors.apply(req, res, ATTACHMENT_METHODS) ? endPreflight(res) : next()));
  app.use(PROXY_PREFIX, (req, res, next) => (cors.apply(req, res, PROXY_METHODS) ? endPreflight(res) : next()));
  // Writes beside /graphql refuse what a page on another site could send without a preflight.
  app.use(['/attachments', PROXY_PREFIX], refuseSimpleCrossSite);
  app.use(attachmentRoutes({ connections, services, logger, auth }));
  app.use(proxyRoutes({ connections, services, auth, metrics: services.metrics, logger }));
  if (oauthRoutes) app.use(oauthRoutes);
  app.use(graphiqlRoutes());
  app.use(landingRoutes());
  app.use((_req, res) => {
    res.status(404).json({ errors: [{ message: 'No such route', extensions: { code: 'NOT_FOUND' } }] });
  });
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
