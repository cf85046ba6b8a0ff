import { Router, type Request, type RequestHandler, type Response } from 'express';
import type { SandboxStore } from './store';
import type { SignedStorage } from './storage';
import type { TokenRegistry, TokenGrant } from './tokens';
import type { PageTokens } from './paging';
import type { WebhookDispatcher } from './webhooks';
import { invalidParameter, notAllowed, notFound } from './errors';
import { ID_PATTERN } from './ids';
import type { RawParams } from './params';

/** What every sandbox route handler can reach. */
export interface SandboxContext {
  store: SandboxStore;
  tokens: TokenRegistry;
  pages: PageTokens;
  webhooks: WebhookDispatcher;
  now: () => number;
  /** Comments may be edited only this long after creation (Wrike documents 5 minutes). */
  commentEditWindowSeconds: number;
  /** Largest attachment upload accepted, in bytes. */
  maxUploadBytes: number;
  /** Runs before every route's handler, once the route is known: the rate limit and fault injection. */
  preflight: RequestHandler;
  /** The file storage downloads redirect to. */
  storage: SignedStorage;
}

/**
 * A router whose every route first runs the preflight, so that 429s and injected faults are answered (and counted)
 * under the route's own path template.
 */
export function routerFor(ctx: SandboxContext): Router {
  const router = Router();
  for (const method of ['get', 'post', 'put', 'delete'] as const) {
    const register = router[method].bind(router) as (path: string, ...handlers: RequestHandler[]) => Router;
    (router as unknown as Record<string, unknown>)[method] = (path: string, ...handlers: RequestHandler[]) =>
      register(path, ctx.preflight, ...handlers);
  }
  return router;
}

export const READ_SCOPES = ['Default', 'wsReadOnly', 'wsReadWrite'];
export const WRITE_SCOPES = ['Default', 'wsReadWrite'];

export function grantOf(res: Response): TokenGrant {
  return res.locals.grant as TokenGrant;
}

export function paramsOf(res: Response): RawParams {
  return res.locals.params as RawParams;
}

/**
 * A missing scope is answered 403 `not_allowed` (Wrike's exact answer is undocumented; the sandbox picks this one).
 */
export function requireScope(res: Response, scopes: readonly string[]): void {
  const grant = grantOf(res);
  if (!grant.scopes.some((scope) => scopes.includes(scope))) {
    throw notAllowed(`Token has insufficient scope; one of ${scopes.join(', ')} is required`);
  }
}

/** Success envelope: `{kind, data}` (+ paging keys), echoing a `state` parameter when one was sent. */
export function respond(res: Response, kind: string, data: unknown[], extra: Record<string, unknown> = {}): void {
  const state = paramsOf(res).state;
  res.status(200).json({ kind, ...extra, data, ...(state !== undefined ? { state } : {}) });
}

/** Path id lists: comma-joined, at most `max`, each letters and digits only. */
export function parseIdList(raw: string | undefined, max = 100): string[] {
  const ids = (raw ?? '').split(',');
  if (ids.length > max) throw invalidParameter(`Too many ids: at most ${max} are allowed`);
  for (const id of ids) {
    if (!ID_PATTERN.test(id)) throw invalidParameter(`Invalid id '${id.slice(0, 40)}'`);
  }
  return ids;
}

export function parseId(raw: string | undefined): string {
  const [id] = parseIdList(raw, 1);
  return id as string;
}

/**
 * Batch reads: every id must exist. An unknown id fails the whole call with 404, and the description names it, so a
 * client can drop it and retry (the sandbox's documented choice; Wrike's own behaviour is undocumented).
 */
export function allOrNotFound<T>(ids: string[], lookup: (id: string) => T | undefined, what: string): T[] {
  return ids.map((id) => {
    const found = lookup(id);
    if (found === undefined) throw notFound(`${what} '${id}' not found`);
    return found;
  });
}

export function pathParam(req: Request, name: string): string | undefined {
  const value = req.params[name];
  return typeof value === 'string' ? value : undefined;
}

