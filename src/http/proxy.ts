import { Router, type Request, type Response } from 'express';
import { pipeline } from 'node:stream/promises';
import type { ConnectionManager } from '../connections/manager';
import type { SharedServices } from '../graphql/context';
import { allVisible } from '../graphql/scope';
import type { Authenticator } from './auth';
import type { Metrics } from '../metrics';
import type { Logger } from '../logger';
import { connectionOf, fail, routeContext, sendRouteError } from './route-errors';
import { PROXY_PREFIX, proxiedPath } from './proxy-path';
import { proxyScopeCheck } from './proxy-scope';

const METHODS = new Set(['GET', 'POST', 'PUT', 'DELETE']);
/** Response headers worth passing back; never cookies or Wrike's own auth-related headers. */
const PASSED_HEADERS = ['content-type', 'content-length', 'content-disposition', 'retry-after', 'location'];

/**
 * `ANY /proxy/wrike/api/v4/*`: a Wrike API call passed through to the request's connection, for the endpoints the
 * unified graph does not cover. Same authentication as /graphql; the connection's region, token, refresh and call
 * budget; bodies streamed both ways; the path confined to the API (proxy-path.ts). A write drops what it changed
 * from the cache, as the graph's writes do. One log line a call, without the query string, and a metric.
 */
export function proxyRoutes(deps: { connections: ConnectionManager; services: SharedServices; auth: Authenticator; metrics: Metrics; logger: Logger }): Router {
  const router = Router();
  router.use(PROXY_PREFIX, async (req: Request, res: Response) => {
    const started = Date.now();
    let method = req.method.toUpperCase();
    let status = 0;
    try {
      if (!METHODS.has(method)) return fail(res, 405, 'BAD_REQUEST', 'The proxy passes GET, POST, PUT and DELETE');
      const target = proxiedPath(req.originalUrl);
      if ('refused' in target) return fail(res, 400, 'BAD_REQUEST', `This path is not proxied: ${target.refused}`);
      const tenantId = await deps.auth.tenantOf(req);
      const connection = await connectionOf(deps.connections, req, tenantId);
      // A connection limited to some spaces: ids the path names must lie inside (outside reads as Wrike's not
      // found); account-wide reads the scope cannot filter are refused.
      const ctx = routeContext(deps.connections, deps.services, tenantId, connection);
      if (ctx.loaders.scope) {
        const check = proxyScopeCheck(target.path);
        if (check.kind === 'refused') return fail(res, 404, 'NOT_FOUND', 'This path spans the whole account: not available on a connection limited to workspaces');
        if (check.kind === 'names' && !(await allVisible(ctx, check.entity, check.ids))) {
          return res.status(404).json({ error: 'resource_not_found', errorDescription: 'Resource not found' });
        }
      }
      const hasBody = method === 'POST' || method === 'PUT';
      // A write Wrike took drops what it changed from the cache, as the graph's writes do.
      const answer = await ctx.wrike.passthrough({
        method: method as 'GET', path: target.path, search: target.search, body: hasBody ? req : undefined,
        contentType: hasBody ? req.header('content-type') : undefined, contentLength: hasBody ? req.header('content-length') : undefined,
      });
      status = answer.status;
      res.status(status);
      for (const header of PASSED_HEADERS) {
        const value = answer.headers[header];
        if (value) res.setHeader(header, value);
      }
      res.setHeader('X-Content-Type-Options', 'nosniff');
      await pipeline(answer.body, res);
    } catch (error) {
      if (res.headersSent) res.destroy();
      else sendRouteError(res, error, deps.logger, 'proxy');
      status = res.statusCode;
    } finally {
      method = METHODS.has(method) ? method : 'OTHER';
      deps.metrics.proxyCalls.inc({ method, status: String(status || res.statusCode) });
      deps.logger.info({ method, path: (req.originalUrl.split('?', 1)[0] ?? '').slice(0, 200), status: status || res.statusCode, ms: Date.now() - started }, 'proxied Wrike call');
    }
  });
  return router;
}
