import type { IncomingMessage, ServerResponse } from 'node:http';
import { Router } from 'express';
import { addVary } from './cors';

export const GRAPHIQL_PATH = '/graphiql';

/** The quality an Accept header gives a media type (its best matching entry, wildcards included); 0 when none. */
function quality(accept: string, type: string): number {
  const [major] = type.split('/');
  let best = 0;
  for (const entry of accept.split(',')) {
    const [range = '', ...params] = entry.split(';').map((part) => part.trim().toLowerCase());
    if (range !== type && range !== `${major}/*` && range !== '*/*') continue;
    const q = params.find((param) => param.startsWith('q='));
    const value = q === undefined ? 1 : Number(q.slice(2));
    if (Number.isFinite(value)) best = Math.max(best, value);
  }
  return best;
}

/**
 * Whether an Accept header asks for a page rather than data: it names text/html itself, and ranks it at least as
 * high as any GraphQL answer (application/json, application/graphql-response+json). A browser opening an address
 * sends that; GraphQL clients, routers and curl (`*\/*`) do not.
 */
export function prefersHtml(accept: string | undefined): boolean {
  if (!accept || !/(^|,)\s*text\/html\s*(;|,|$)/i.test(accept)) return false;
  const html = quality(accept, 'text/html');
  return html > 0 && html >= Math.max(quality(accept, 'application/json'), quality(accept, 'application/graphql-response+json'));
}

/**
 * A browser that opens GET /graphql itself, not a GraphQL GET: no `query` in the address, and a page wanted. A GET
 * with a query, or one asking for JSON, is GraphQL's, and Apollo's CSRF prevention judges it as before.
 */
export function isBrowserOpening(req: IncomingMessage): boolean {
  if (req.method !== 'GET' && req.method !== 'HEAD') return false;
  const url = req.url ?? '';
  const search = new URLSearchParams(url.includes('?') ? url.slice(url.indexOf('?') + 1) : '');
  if (search.has('query') || search.has('extensions')) return false;
  return prefersHtml(typeof req.headers.accept === 'string' ? req.headers.accept : undefined);
}

/**
 * Sends a browser to GraphiQL. A redirect rather than the page itself: GraphiQL keeps one address (its assets,
 * Content-Security-Policy and the address bar's bookmark), and /graphql's own answers stay data only. Vary: Accept,
 * as the same address answers GraphQL clients with data.
 */
export function redirectToGraphiql(res: ServerResponse): void {
  res.statusCode = 302;
  res.setHeader('Location', GRAPHIQL_PATH);
  addVary(res, 'Accept');
  res.setHeader('Cache-Control', 'no-store');
  res.setHeader('Content-Type', 'text/plain; charset=utf-8');
  res.end(`GraphiQL is at ${GRAPHIQL_PATH}\n`);
}

/** `/`: a browser goes to GraphiQL; anything else is told, in JSON, where the API and GraphiQL are. */
export function landingRoutes(): Router {
  const router = Router();
  router.get('/', (req, res) => {
    if (prefersHtml(req.header('accept'))) return redirectToGraphiql(res);
    addVary(res, 'Accept');
    res.json({ service: 'wrike-subgraph', graphql: '/graphql', subscriptions: 'graphql-ws on /graphql', graphiql: GRAPHIQL_PATH });
  });
  return router;
}
