import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import axios from 'axios';
import { Router, type NextFunction, type Request, type Response } from 'express';
import type { Metrics } from '../metrics';
import type { Logger } from '../logger';
import type { CredentialStore } from '../connections/store';
import { sameSecret } from '../same-secret';

const REQUEST_ID = /^[A-Za-z0-9._-]{1,64}$/;

/**
 * A request id (the caller's X-Request-Id when it is sane) on the response, and one log line per request when it
 * ends. Returns the request's logger.
 */
export function trackRequest(logger: Logger, req: IncomingMessage, res: ServerResponse): Logger {
  const given = req.headers['x-request-id'];
  const requestId = typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
  res.setHeader('X-Request-Id', requestId);
  const log = logger.child({ requestId });
  const started = process.hrtime.bigint();
  // The path as it came (routers rewrite req.url), without the query string: it can hold download-link signatures.
  const path = (req.url ?? '').split('?', 1)[0];
  const ms = () => Math.round(Number(process.hrtime.bigint() - started) / 1e6);
  res.on('finish', () => log.info({ method: req.method, path, status: res.statusCode, ms: ms() }, 'request'));
  // A client that went away before the answer was sent leaves a line too.
  res.on('close', () => {
    if (!res.writableFinished) log.info({ method: req.method, path, status: res.statusCode, ms: ms(), aborted: true }, 'request aborted');
  });
  return log;
}

/** trackRequest as Express middleware (the request's logger in `res.locals.log`). */
export function requestLogging(logger: Logger) {
  return (req: Request, res: Response, next: NextFunction) => {
    res.locals.log = trackRequest(logger, req, res);
    next();
  };
}

/**
 * /healthz (the process is alive), /readyz (the credential store, Redis when there is one, and Wrike, or the
 * sandbox, answer), /metrics. The readiness probe asks Wrike's /version without credentials: any HTTP answer means
 * the host is reachable. The store's and Redis's checks are bounded by their own time-outs.
 */
export function operationsRoutes(deps: {
  metrics: Metrics; store: CredentialStore; wrikeBaseUrl: string;
  /** Whether Redis answers a PING (REDIS_URL set). */
  redisReady?: () => Promise<boolean>;
  /** /metrics asks for one of these when set: `Authorization: Bearer <METRICS_TOKEN>`, or the router's X-Router-Secret. */
  metricsToken?: string; routerSecret?: string;
}): Router {
  const router = Router();
  let lastProbe: { at: number; ok: boolean } | undefined;
  const wrikeReachable = async () => {
    if (lastProbe && Date.now() - lastProbe.at < 5000) return lastProbe.ok;
    const ok = await axios.get(`${deps.wrikeBaseUrl}/version`, { timeout: 3000, validateStatus: () => true }).then(() => true, () => false);
    lastProbe = { at: Date.now(), ok };
    return ok;
  };
  router.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  router.get('/readyz', async (_req, res) => {
    const [store, wrike, redis] = await Promise.all([
      deps.store.ping().catch(() => false), wrikeReachable(), deps.redisReady?.().catch(() => false),
    ]);
    const checks = redis === undefined ? { store, wrike } : { store, redis, wrike };
    const ready = Object.values(checks).every(Boolean);
    res.status(ready ? 200 : 503).json({ status: ready ? 'ready' : 'not ready', checks });
  });
  router.get('/metrics', async (req, res) => {
    const bearer = req.header('authorization')?.match(/^Bearer\s+(\S+)$/i)?.[1] ?? '';
    const allowed = (!deps.metricsToken && !deps.routerSecret)
      || (deps.metricsToken !== undefined && sameSecret(bearer, deps.metricsToken))
      || (deps.routerSecret !== undefined && sameSecret(req.header('x-router-secret') ?? '', deps.routerSecret));
    if (!allowed) {
      res.status(401).json({ errors: [{ message: 'Send METRICS_TOKEN as a bearer token (or the router secret)', extensions: { code: 'UNAUTHENTICATED' } }] });
      return;
    }
    res.type(deps.metrics.registry.contentType).send(await deps.metrics.registry.metrics());
  });
  return router;
}
