import type { IncomingMessage, ServerResponse } from 'node:http';

/**
 * Request headers a page on a listed origin may send: what this API reads (the API key, the connection, a request
 * id, fresh reads by Cache-Control), what Apollo's clients and CSRF prevention use, and the upload's own headers.
 * Never X-Router-Secret: that one is the router's, not a browser's.
 */
const ALLOWED_HEADERS = [
  'Authorization', 'Content-Type', 'X-Connection-Id', 'X-Request-Id', 'Cache-Control', 'Apollo-Require-Preflight',
  'X-Apollo-Operation-Name', 'Apollographql-Client-Name', 'Apollographql-Client-Version', 'Idempotency-Key', 'X-File-Name',
].join(', ');
/** Response headers a page may read besides the safelisted ones. */
const EXPOSED_HEADERS = ['X-Request-Id', 'Retry-After', 'Content-Disposition'].join(', ');
/** How long a browser may reuse a preflight's answer (Chromium caps it at 2 hours). */
const PREFLIGHT_MAX_AGE_SECONDS = 600;

/** What one request gets back: CORS headers, and whether it was a preflight answered here. */
export interface CorsAnswer {
  headers: Record<string, string>;
  preflight: boolean;
}

/**
 * CORS_ORIGINS as answers. With no origin listed, nothing: no CORS header at all, and a browser keeps every other
 * site's page from reading this API. A listed origin (compared exactly with the Origin header) gets its own origin
 * back with credentials allowed, and its preflight is answered with the methods of the route and the headers above.
 * Any other origin gets no CORS header, so its browser keeps the answer from the page. `Vary: Origin` is on every
 * answer of a CORS route once any origin is listed, so that no cache hands one origin's answer to another.
 */
export class CorsPolicy {
  private readonly origins: ReadonlySet<string>;
  /** Host names the server's own pages are on: loopback's and PUBLIC_URL's (auth.ts's open-mode rule). */
  private readonly ownHosts: ReadonlySet<string>;

  constructor(origins: readonly string[], ownHosts: readonly string[] = []) {
    this.origins = new Set(origins);
    this.ownHosts = new Set(['localhost', '127.0.0.1', '[::1]', ...ownHosts.map((host) => host.toLowerCase())]);
  }

  get enabled(): boolean {
    return this.origins.size > 0;
  }

  /** Whether a page on this origin may call (an Origin header's value). */
  allows(origin: string | undefined): boolean {
    return origin !== undefined && this.origins.has(origin);
  }

  /** The answer to one request on a route that takes these methods. */
  answer(method: string, origin: string | undefined, requestedMethod: string | undefined, methods: readonly string[]): CorsAnswer {
    if (!this.enabled) return { headers: {}, preflight: false };
    const headers: Record<string, string> = { Vary: 'Origin' };
    if (!this.allows(origin)) return { headers, preflight: false };
    headers['Access-Control-Allow-Origin'] = origin as string;
    headers['Access-Control-Allow-Credentials'] = 'true';
    if (method.toUpperCase() === 'OPTIONS' && requestedMethod !== undefined) {
      headers['Access-Control-Allow-Methods'] = methods.join(', ');
      headers['Access-Control-Allow-Headers'] = ALLOWED_HEADERS;
      headers['Access-Control-Max-Age'] = String(PREFLIGHT_MAX_AGE_SECONDS);
      return { headers, preflight: true };
    }
    headers['Access-Control-Expose-Headers'] = EXPOSED_HEADERS;
    return { headers, preflight: false };
  }

  /**
   * Sets the headers on a response, and says whether the request is a listed origin's preflight, which the caller
   * then answers with endPreflight so that the route never sees it. Anything else goes on to the route, a refused
   * preflight included (which then gets the route's own answer to OPTIONS, without CORS headers).
   */
  apply(req: IncomingMessage, res: ServerResponse, methods: readonly string[]): boolean {
    const answer = this.answer(req.method ?? 'GET', single(req.headers.origin), single(req.headers['access-control-request-method']), methods);
    for (const [name, value] of Object.entries(answer.headers)) {
      if (name === 'Vary') addVary(res, value);
      else res.setHeader(name, value);
    }
    return answer.preflight;
  }

  /**
   * Whether a WebSocket upgrade may open: browsers apply no CORS to WebSockets, they only send Origin. A socket
   * without Origin (a router, a server-side client), from a listed origin, or from the server's own page (GraphiQL:
   * an Origin whose host is the Host it called, on a loopback name or PUBLIC_URL's) opens; a page on any other site
   * does not. Origin equal to Host alone would not do: a page on a name its attacker points at this server (DNS
   * rebinding) sends both alike, and could use an open server as the local tenant.
   */
  allowsSocket(origin: string | undefined, host: string | undefined): boolean {
    if (origin === undefined) return true;
    if (this.allows(origin)) return true;
    try {
      const url = new URL(origin);
      return host !== undefined && url.host === host.toLowerCase() && this.ownHosts.has(url.hostname);
    } catch {
      return false;
    }
  }
}

/** The answer to a preflight that apply() allowed: 204, its headers already set. */
export function endPreflight(res: ServerResponse): void {
  res.statusCode = 204;
  res.setHeader('Content-Length', '0');
  res.end();
}

function single(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

/** Adds a header name to the response's Vary, keeping what another step already put there. */
export function addVary(res: ServerResponse, name: string): void {
  const current = res.getHeader('Vary');
  const names = (Array.isArray(current) ? current.join(',') : String(current ?? '')).split(',').map((n) => n.trim()).filter(Boolean);
  if (!names.some((n) => n.toLowerCase() === name.toLowerCase())) names.push(name);
  res.setHeader('Vary', names.join(', '));
}
