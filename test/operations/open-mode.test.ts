import http from 'node:http';
import WebSocket from 'ws';
import { createClient } from 'graphql-ws';
import { startSubgraph, type SubgraphHarness } from '../helpers/subgraph';
import { startSandbox, type SandboxHarness } from '../helpers/sandbox';
import { createApiKey } from '../../src/connections/api-keys';

/**
 * Open mode (no API key: callers on this machine act as tenant `local`) must not open by accident: only with the
 * in-process sandbox or OPEN_MODE=true, only for requests that really come from this machine by its own name, never
 * again once a key existed; and no simple cross-site request may change anything.
 */
let h: SubgraphHarness;
beforeAll(async () => {
  h = await startSubgraph();
});
afterAll(() => h.close());

const QUERY = JSON.stringify({ query: '{ me { id } }' });

/** A raw request, so that Host and forwarding headers go out exactly as given. */
function post(url: string, headers: Record<string, string>, body = QUERY): Promise<{ status: number; body: any }> {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method: 'POST', headers: { 'Content-Type': 'application/json', ...headers } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        resolve({ status: res.statusCode ?? 0, body: text.startsWith('{') ? JSON.parse(text) : text });
      });
    });
    req.on('error', reject);
    req.end(body);
  });
}

describe('open mode', () => {
  it('serves a caller on this machine by localhost, and refuses other Host names (DNS rebinding) and proxied requests', async () => {
    const port = new URL(h.server.url).port;
    expect((await post(h.server.url, {})).status).toBe(200);
    expect((await post(h.server.url, { Host: `localhost:${port}` })).status).toBe(200);
    const rebound = await post(h.server.url, { Host: `attacker.example:${port}` });
    expect(rebound.status).toBe(403);
    expect(rebound.body.errors[0].extensions.code).toBe('FORBIDDEN');
    expect((await post(h.server.url, { 'X-Forwarded-For': '203.0.113.9' })).status).toBe(403);
    expect((await post(h.server.url, { Forwarded: 'for=203.0.113.9' })).status).toBe(403);
  });

  it('refuses a subscription socket opened by another Host name, whatever its payload claims', async () => {
    const url = h.server.url.replace('http', 'ws');
    const rebinding = class extends WebSocket {
      constructor(address: string, protocols?: string | string[]) {
        super(address, protocols, { headers: { Host: 'attacker.example' } });
      }
    };
    // The close reaches the socket's listener, the subscription and the client's own error report (which goes to
    // console.error unless handled): all three must say 4403.
    const codes = await new Promise<{ closed: number; subscription: number; client: number }>((resolve) => {
      const seen: Partial<{ closed: number; subscription: number; client: number }> = {};
      const see = (what: keyof typeof seen) => (event: unknown) => {
        seen[what] = (event as { code: number }).code;
        if (Object.keys(seen).length === 3) resolve(seen as { closed: number; subscription: number; client: number });
      };
      const client = createClient({
        url, webSocketImpl: rebinding, retryAttempts: 0, lazy: false, connectionParams: { Host: 'localhost' }, on: { closed: see('closed') }, onNonLazyError: see('client'),
      });
      client.subscribe({ query: 'subscription { ticketEvents { type } }' }, { next: () => undefined, error: see('subscription'), complete: () => undefined });
    });
    expect(codes).toEqual({ closed: 4403, subscription: 4403, client: 4403 });
  });

  it('refuses a simple cross-site upload or proxied write, and takes the same with a header of this API', async () => {
    const base = h.server.url.replace('/graphql', '');
    const task = [...h.server.sandbox!.store.tasks.values()].find((t) => t.scope === 'WsTask')!;
    const before = h.server.sandbox!.store.attachments.size;
    const forged = await fetch(`${base}/attachments/upload?ticketId=${task.id}&fileName=planted.txt`, { method: 'POST', headers: { 'Content-Type': 'text/plain' }, body: 'planted' });
    expect(forged.status).toBe(400);
    const form = await fetch(`${base}/proxy/wrike/api/v4/tasks/${task.id}`, { method: 'PUT', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: 'title=Planted' });
    expect(form.status).toBe(400);
    expect(h.server.sandbox!.store.attachments.size).toBe(before);
    expect(h.server.sandbox!.store.tasks.get(task.id)!.title).not.toBe('Planted');
    const real = await fetch(`${base}/attachments/upload?ticketId=${task.id}&fileName=real.txt`, { method: 'POST', headers: { 'Content-Type': 'text/plain', 'X-File-Name': 'real.txt' }, body: 'real' });
    expect(real.status).toBe(201);
  });
});

describe('against a Wrike that is not the in-process sandbox', () => {
  let sandbox: SandboxHarness;
  beforeAll(async () => {
    sandbox = await startSandbox();
  });
  afterAll(() => sandbox.close());
  const env = () => ({ SANDBOX: 'false', WRIKE_API_BASE_URL: `${sandbox.url}/api/v4`, WRIKE_PERMANENT_TOKEN: sandbox.token });

  it('is closed unless OPEN_MODE=true says otherwise', async () => {
    const closed = await startSubgraph(env());
    try {
      const res = await closed.query('{ me { id } }');
      expect(res.status).toBe(401);
      expect(res.body.errors[0].extensions.code).toBe('UNAUTHENTICATED');
    } finally {
      await closed.close();
    }
    const open = await startSubgraph({ ...env(), OPEN_MODE: 'true' });
    try {
      expect((await open.query('{ me { id } }')).status).toBe(200);
    } finally {
      await open.close();
    }
  });
});

describe('once a key was created', () => {
  it('never opens again, even with every key revoked', async () => {
    const other = await startSubgraph();
    try {
      expect((await other.query('{ me { id } }')).status).toBe(200);
      const { id } = await createApiKey(other.server.store, 'acme', null);
      expect((await other.query('{ me { id } }')).status).toBe(401);
      await other.server.store.revokeApiKey(id, new Date().toISOString());
      expect((await other.query('{ me { id } }')).status).toBe(401);
    } finally {
      await other.close();
    }
  });
});
