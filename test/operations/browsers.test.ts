import http from 'node:http';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import WebSocket from 'ws';
import { TEST_ENCRYPTION_KEY, startSubgraph, type SubgraphHarness } from '../helpers/subgraph';
import { startServer } from '../../src/main';

/**
 * What a browser meets over HTTP: opening / or /graphql lands on GraphiQL (while GraphQL GETs and CSRF prevention
 * stay as they were), and CORS_ORIGINS decides which other sites' pages may call, with credentials, and open a socket.
 * The same in a real Chromium: test/browser/graphiql.test.ts.
 */

/** What Chromium sends when a user opens an address. */
const NAVIGATION_ACCEPT = 'text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,*/*;q=0.8';
const ALLOWED = 'https://app.example.com';
const OTHER = 'https://evil.example';

/** A raw request, so that Origin, Host and every header go out exactly as given (fetch would drop or set some). */
function request(url: string, method: string, headers: Record<string, string>, body?: string): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

const CORS_HEADERS = ['access-control-allow-origin', 'access-control-allow-credentials', 'access-control-allow-methods', 'access-control-allow-headers', 'access-control-expose-headers', 'access-control-max-age'];
const corsHeadersOf = (headers: http.IncomingHttpHeaders) => CORS_HEADERS.filter((name) => headers[name] !== undefined);

describe('a browser landing on the service', () => {
  let h: SubgraphHarness;
  let base: string;
  beforeAll(async () => {
    h = await startSubgraph();
    base = h.server.url.replace('/graphql', '');
  });
  afterAll(() => h?.close());

  it.each(['/', '/graphql', '/graphql/'])('sends a browser opening %s to GraphiQL', async (route) => {
    const res = await request(`${base}${route}`, 'GET', { Accept: NAVIGATION_ACCEPT });
    expect(res.status).toBe(302);
    expect(res.headers.location).toBe('/graphiql');
    expect(res.headers.vary).toMatch(/Accept/);
    // Logged like every request, under its id.
    expect(res.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    const page = await request(`${base}${res.headers.location}`, 'GET', { Accept: NAVIGATION_ACCEPT });
    expect(page.status).toBe(200);
    expect(page.body).toContain('/graphiql/assets/graphiql.js');
  });

  it('tells a non-browser at / where the API and GraphiQL are', async () => {
    for (const accept of [undefined, '*/*', 'application/json']) {
      const res = await request(`${base}/`, 'GET', accept ? { Accept: accept } : {});
      expect(res.status).toBe(200);
      expect(JSON.parse(res.body)).toEqual({ service: 'wrike-subgraph', graphql: '/graphql', subscriptions: 'graphql-ws on /graphql', graphiql: '/graphiql' });
    }
  });

  it('answers a GraphQL GET as before: with a query it runs, and CSRF prevention still refuses a bare one', async () => {
    const query = encodeURIComponent('{ __typename }');
    // A GraphQL client's GET (a preflight header, JSON wanted) runs, as before.
    const ok = await request(`${base}/graphql?query=${query}`, 'GET', { Accept: 'application/json', 'Apollo-Require-Preflight': 'true' });
    expect(ok.status).toBe(200);
    expect(JSON.parse(ok.body)).toMatchObject({ data: { __typename: 'Query' } });
    // A page's GET with a query (what an <img> or a link on another site could send) is not redirected: Apollo's CSRF
    // prevention refuses it, even with a browser's Accept.
    for (const accept of [NAVIGATION_ACCEPT, '*/*']) {
      const forged = await request(`${base}/graphql?query=${query}`, 'GET', { Accept: accept });
      expect(forged.status).toBe(400);
      expect(forged.body).toMatch(/CSRF|preflight/i);
    }
    // Without a query and without asking for a page, the answer is still GraphQL's own refusal, not a redirect.
    for (const accept of ['application/json', 'application/graphql-response+json', '*/*']) {
      const bare = await request(`${base}/graphql`, 'GET', { Accept: accept });
      expect(bare.status).toBe(400);
      expect(bare.headers.location).toBeUndefined();
    }
  });

  it('prints the GraphiQL address when it starts', async () => {
    const lines: { msg?: string; graphiql?: string }[] = [];
    const logger = { info: (fields: object, msg?: string) => lines.push({ ...fields, msg }) };
    const server = await startServer({
      PORT: '0', SANDBOX_SIZE: 'small', DATA_DIR: mkdtempSync(path.join(os.tmpdir(), 'wrike-subgraph-test-')),
      ENCRYPTION_KEY: TEST_ENCRYPTION_KEY, CURSOR_SECRET: 'test-cursor-secret-0123456789',
    }, { logger: loggerOf(logger) });
    try {
      const port = new URL(server.url).port;
      const listening = lines.find((line) => line.msg?.startsWith('wrike-subgraph listening on'));
      expect(listening?.msg).toContain(`GraphiQL in a browser: http://localhost:${port}/graphiql`);
      expect(listening?.graphiql).toBe(`http://localhost:${port}/graphiql`);
    } finally {
      await server.stop();
    }
  });
});

/** A logger that records info lines and drops the rest (the shape startServer uses). */
function loggerOf(sink: { info: (fields: object, msg?: string) => void }): any {
  const logger: any = {
    info: (fields: unknown, msg?: string) => (typeof fields === 'string' ? sink.info({}, fields) : sink.info(fields as object, msg)),
    warn: () => undefined, error: () => undefined, debug: () => undefined, trace: () => undefined, fatal: () => undefined,
    child: () => logger,
  };
  return logger;
}

describe('CORS_ORIGINS unset (the default)', () => {
  let h: SubgraphHarness;
  beforeAll(async () => {
    h = await startSubgraph();
  });
  afterAll(() => h?.close());

  it('sends no CORS header at all, to a preflight or a request, from any origin', async () => {
    const base = h.server.url.replace('/graphql', '');
    for (const route of ['/graphql', '/attachments/upload', '/proxy/wrike/api/v4/contacts']) {
      const preflight = await request(`${base}${route}`, 'OPTIONS', { Origin: ALLOWED, 'Access-Control-Request-Method': 'POST', 'Access-Control-Request-Headers': 'content-type' });
      expect(corsHeadersOf(preflight.headers)).toEqual([]);
      expect(preflight.headers.vary ?? '').not.toMatch(/Origin/);
    }
    const post = await request(h.server.url, 'POST', { Origin: ALLOWED, 'Content-Type': 'application/json' }, JSON.stringify({ query: '{ __typename }' }));
    expect(post.status).toBe(200);
    expect(corsHeadersOf(post.headers)).toEqual([]);
  });
});

describe('CORS_ORIGINS set', () => {
  let h: SubgraphHarness;
  let base: string;
  beforeAll(async () => {
    // Listed with a trailing slash and in upper case: compared as browsers send Origin.
    h = await startSubgraph({ CORS_ORIGINS: `HTTPS://App.Example.com/, http://localhost:5173` });
    base = h.server.url.replace('/graphql', '');
  });
  afterAll(() => h?.close());

  it('answers a listed origin\'s preflight with its origin, credentials, the route\'s methods and this API\'s headers', async () => {
    const expected: Record<string, string> = { '/graphql': 'GET, POST', '/attachments/upload': 'GET, POST', '/proxy/wrike/api/v4/tasks': 'GET, POST, PUT, DELETE' };
    for (const [route, methods] of Object.entries(expected)) {
      const res = await request(`${base}${route}`, 'OPTIONS', { Origin: ALLOWED, 'Access-Control-Request-Method': 'POST', 'Access-Control-Request-Headers': 'authorization,content-type,x-connection-id' });
      expect(res.status).toBe(204);
      expect(res.headers['access-control-allow-origin']).toBe(ALLOWED);
      expect(res.headers['access-control-allow-credentials']).toBe('true');
      expect(res.headers['access-control-allow-methods']).toBe(methods);
      // Exactly the headers this API reads; the router's secret is never a browser's to send.
      expect(res.headers['access-control-allow-headers']).toBe('Authorization, Content-Type, X-Connection-Id, X-Request-Id, Cache-Control, '
        + 'Apollo-Require-Preflight, X-Apollo-Operation-Name, Apollographql-Client-Name, Apollographql-Client-Version, Idempotency-Key, X-File-Name');
      expect(res.headers['access-control-max-age']).toBe('600');
      expect(res.headers.vary).toMatch(/Origin/);
      expect(res.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
      expect(res.body).toBe('');
    }
  });

  it('lets a listed origin\'s request through with its CORS headers, and the GraphQL answer unchanged', async () => {
    const res = await request(h.server.url, 'POST', { Origin: ALLOWED, 'Content-Type': 'application/json', 'X-Request-Id': 'cors-1' }, JSON.stringify({ query: '{ me { id } }' }));
    expect(res.status).toBe(200);
    expect(JSON.parse(res.body).data.me.id).toMatch(/^[A-Z0-9]+$/);
    expect(res.headers['access-control-allow-origin']).toBe(ALLOWED);
    expect(res.headers['access-control-allow-credentials']).toBe('true');
    expect(res.headers['access-control-expose-headers']).toBe('X-Request-Id, Retry-After, Content-Disposition');
    expect(res.headers.vary).toMatch(/Origin/);
    const local = await request(h.server.url, 'POST', { Origin: 'http://localhost:5173', 'Content-Type': 'application/json' }, JSON.stringify({ query: '{ __typename }' }));
    expect(local.headers['access-control-allow-origin']).toBe('http://localhost:5173');
  });

  it('gives any other origin no CORS header (its browser keeps the answer from the page), only Vary: Origin', async () => {
    // Near misses of a listed origin: another scheme, port or sub-domain, and `null` (sandboxed frames, files).
    for (const origin of [OTHER, 'http://app.example.com', 'https://app.example.com:8443', 'https://x.app.example.com', 'null']) {
      const preflight = await request(h.server.url, 'OPTIONS', { Origin: origin, 'Access-Control-Request-Method': 'POST' });
      expect(preflight.status).not.toBe(204);
      expect(corsHeadersOf(preflight.headers)).toEqual([]);
      expect(preflight.headers.vary).toMatch(/Origin/);
      const post = await request(h.server.url, 'POST', { Origin: origin, 'Content-Type': 'application/json' }, JSON.stringify({ query: '{ __typename }' }));
      expect(corsHeadersOf(post.headers)).toEqual([]);
      expect(post.headers.vary).toMatch(/Origin/);
    }
  });

  it('keeps CSRF prevention for a listed origin too: a simple cross-site write is still refused', async () => {
    const forged = await request(h.server.url, 'POST', { Origin: ALLOWED, 'Content-Type': 'text/plain' }, JSON.stringify({ query: 'mutation { __typename }' }));
    expect(forged.status).toBe(400);
    expect(forged.body).toMatch(/CSRF|preflight|Content-Type/i);
    const task = [...h.server.sandbox!.store.tasks.values()].find((t) => t.scope === 'WsTask')!;
    const before = h.server.sandbox!.store.attachments.size;
    const upload = await request(`${base}/attachments/upload?ticketId=${task.id}&fileName=planted.txt`, 'POST', { Origin: ALLOWED, 'Content-Type': 'text/plain' }, 'planted');
    expect(upload.status).toBe(400);
    const form = await request(`${base}/proxy/wrike/api/v4/tasks/${task.id}`, 'PUT', { Origin: ALLOWED, 'Content-Type': 'application/x-www-form-urlencoded' }, 'title=Planted');
    expect(form.status).toBe(400);
    expect(h.server.sandbox!.store.attachments.size).toBe(before);
    expect(h.server.sandbox!.store.tasks.get(task.id)!.title).not.toBe('Planted');
  });

  it('adds no CORS to routes a web page has no business calling', async () => {
    for (const route of ['/healthz', '/metrics', '/graphiql', '/oauth/wrike/start', '/webhooks/wrike/default']) {
      const res = await request(`${base}${route}`, 'GET', { Origin: ALLOWED });
      expect(corsHeadersOf(res.headers)).toEqual([]);
    }
  });

  it('opens a subscription socket for a listed origin, the server\'s own pages and non-browsers, and refuses other sites', async () => {
    const url = h.server.url.replace('http', 'ws');
    const port = new URL(h.server.url).port;
    const open = (origin?: string) => new Promise<number | 'open'>((resolve) => {
      const socket = new WebSocket(url, 'graphql-transport-ws', origin ? { origin } : {});
      socket.on('open', () => {
        socket.close();
        resolve('open');
      });
      socket.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
      socket.on('error', () => undefined);
    });
    expect(await open()).toBe('open');
    expect(await open(ALLOWED)).toBe('open');
    expect(await open(`http://localhost:${port}`)).toBe('open');
    expect(await open(OTHER)).toBe(403);
    expect(await open(`http://localhost:${Number(port) + 1}`)).toBe(403);
  });

  it('refuses a socket from a page on a name pointed at this server (DNS rebinding: Origin and Host alike)', async () => {
    const port = Number(new URL(h.server.url).port);
    const upgrade = (host: string) => new Promise<number>((resolve, reject) => {
      const req = http.request({
        host: '127.0.0.1', port, path: '/graphql',
        headers: {
          Host: host, Origin: `http://${host}`, Connection: 'Upgrade', Upgrade: 'websocket', 'Sec-WebSocket-Version': '13',
          'Sec-WebSocket-Key': 'dGhlIHNhbXBsZSBub25jZQ==', 'Sec-WebSocket-Protocol': 'graphql-transport-ws',
        },
      });
      req.on('upgrade', (res, socket) => {
        socket.destroy();
        resolve(res.statusCode ?? 0);
      });
      req.on('response', (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.on('error', reject);
      req.end();
    });
    expect(await upgrade(`rebound.example:${port}`)).toBe(403);
    expect(await upgrade(`127.0.0.1:${port}`)).toBe(101);
    expect(await upgrade(`localhost:${port}`)).toBe(101);
  });
});

describe('CORS_ORIGINS checked at start', () => {
  it.each([
    ['*', /CORS_ORIGINS takes exact origins such as https:\/\/app\.example\.com, not '\*'/],
    ['https://*.example.com', /not '\*'/],
    ['https://app.example.com/path', /CORS_ORIGINS takes exact origins \(http\(s\):\/\/host\[:port\], no path\)/],
    ['app.example.com', /CORS_ORIGINS takes exact origins/],
    ['null', /CORS_ORIGINS takes exact origins/],
    ['ftp://files.example.com', /CORS_ORIGINS takes exact origins/],
  ])('refuses %s with a message that names the variable', async (value, message) => {
    await expect(startServer({ PORT: '0', LOG_LEVEL: 'silent', CORS_ORIGINS: value })).rejects.toThrow(message);
  });
});
