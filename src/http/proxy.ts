import { Router, type Request, type Response } from 'express';
import { pipeline } from 'node:stream/promises';
import type { ConnectionManager } from '../connections/manager';
import type { SharedServices } from '../graphql/context';
import { allVisible, namedIdsVisible } from '../graphql/scope';
import type { Authenticator } from './auth';
import type { Metrics } from '../metrics';
import type { Logger } from '../logger';
import { connectionOf, fail, routeContext, sendRouteError, storeLate, wrikeLate } from './route-errors';
import { RequestDeadline } from './request-deadline';
import { PROXY_PREFIX, proxiedPath } from './proxy-path';
import { idsInPathTail, proxyScopeCheck } from './proxy-scope';
import { decodedParams, idsInParams, overridesMethod, proxyParams } from './proxy-params';
import { ProxyBodyError, isUpload, readParamsBody } from './proxy-body';

const METHODS = new Set(['GET', 'POST', 'PUT', 'DELETE']);
/** Response headers worth passing back; never cookies or Wrike's own auth-related headers. */
const PASSED_HEADERS = ['content-type', 'content-length', 'content-disposition', 'retry-after', 'location'];

/**
 * `ANY /proxy/wrike/api/v4/*`: a Wrike API call passed through to the request's connection, for the endpoints the
 * unified graph does not cover. Same authentication as /graphql; the connection's region, token, refresh and call
 * budget; the path confined to the API (proxy-path.ts). A write's parameters body (form or JSON) is read whole and
 * checked before anything is sent; attachment uploads and every answer are streamed. Wrike's `method` override is
 * refused (a GET never writes). A write drops from the cache every id it names and what it changed. One log line a
 * call, without the query string, with the Wrike calls it made, and a metric.
 */
export function proxyRoutes(deps: { connections: ConnectionManager; services: SharedServices; auth: Authenticator; metrics: Metrics; logger: Logger }): Router {
  const router = Router();
  router.use(PROXY_PREFIX, async (req: Request, res: Response) => {
    const started = Date.now();
    let method = req.method.toUpperCase();
    let status = 0;
    let meter: { readonly calls: number } | undefined;
    // Until its answer starts, the call is bounded by the request's deadline (streaming the answer is not).
    const deadline = new RequestDeadline(deps.services.requestDeadlineMs, res);
    try {
      if (!METHODS.has(method)) return fail(res, 405, 'BAD_REQUEST', 'The proxy passes GET, POST, PUT and DELETE');
      const target = proxiedPath(req.originalUrl);
      if ('refused' in target) return fail(res, 400, 'BAD_REQUEST', `This path is not proxied: ${target.refused}`);
      const { tenantId, connection } = await deadline.by((async () => {
        const tenant = await deps.auth.tenantOf(req);
        return { tenantId: tenant, connection: await connectionOf(deps.connections, req, tenant) };
      })(), () => {
        throw storeLate();
      }, 0);
      const upload = isUpload(method, target.path);
      const hasBody = method === 'POST' || method === 'PUT';
      const body = hasBody && !upload ? await readParamsBody(req) : undefined;
      const params = proxyParams(target.search, body && { type: body.type, text: body.bytes.toString('utf8') });
      if ('refused' in params) return fail(res, 400, 'BAD_REQUEST', params.refused);
      if (overridesMethod(params)) return fail(res, 400, 'BAD_REQUEST', 'The method parameter is not accepted: send the request with the method it means (PUT, DELETE)');
      const check = proxyScopeCheck(target.path);
      // Ids anywhere but the path's first id list (which the check names by kind): deeper path segments, parameters.
      const otherIds = [...idsInPathTail(target.path), ...idsInParams(params)];
      const named = [...(check.kind === 'names' ? check.ids : []), ...otherIds];
      const ctx = routeContext(deps.connections, deps.services, tenantId, connection, deadline);
      meter = ctx.meter;
      // A connection limited to some spaces: every id the call names (path, query, body) must lie inside or be account
      // data in no space; anything else reads as Wrike's not found, before any call. Account-wide reads the scope
      // cannot filter are refused.
      if (ctx.loaders.scope) {
        if (check.kind === 'refused') return fail(res, 404, 'NOT_FOUND', 'This path spans the whole account: not available on a connection limited to workspaces');
        const inside = (check.kind !== 'names' || await allVisible(ctx, check.entity, check.ids)) && await namedIdsVisible(ctx, otherIds);
        if (!inside) return res.status(404).json({ error: 'resource_not_found', errorDescription: 'Resource not found' });
      }
      const call = ctx.wrike.passthrough({
        method: method as 'GET', path: target.path, search: target.search,
        body: upload ? req : body?.bytes,
        contentType: hasBody ? req.header('content-type') : undefined,
        contentLength: upload ? req.header('content-length') : body ? String(body.bytes.length) : undefined,
        names: named, params: decodedParams(params),
      });
      const answer = await deadline.by(call, () => {
        // Answered without it: its answer, when it comes, is dropped.
        call.then((late) => (late.body as NodeJS.ReadableStream & { destroy?: () => void }).destroy?.(), () => undefined);
        throw wrikeLate(method !== 'GET');
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
      else if (error instanceof ProxyBodyError) fail(res, error.status, 'BAD_REQUEST', error.message);
      else sendRouteError(res, error, deps.logger, 'proxy');
      status = res.statusCode;
    } finally {
      method = METHODS.has(method) ? method : 'OTHER';
      deps.metrics.proxyCalls.inc({ method, status: String(status || res.statusCode) });
      deps.logger.info({ method, path: (req.originalUrl.split('?', 1)[0] ?? '').slice(0, 200), status: status || res.statusCode, wrikeCalls: meter?.calls ?? 0, ms: Date.now() - started }, 'proxied Wrike call');
    }
  });
  return router;
}
