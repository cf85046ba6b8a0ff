import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { startSubgraph, type SubgraphHarness } from '../helpers/subgraph';
import { freePort } from '../helpers/process';

/**
 * The seam between our staleness and the router's cache: a fake router (a local HTTP server recording what it is
 * sent) must receive Apollo Router's invalidation body with the right cache tags after one of our writes and after a
 * Wrike change that arrives by webhook; the shared key goes as Authorization only when it is set; a router that
 * fails is tried again and counted, and never holds up the write.
 */

interface Received { authorization: string | undefined; body: { kind: string; subgraphs: string[]; cache_tag: string }[] }

async function fakeRouter(status = () => 202) {
  const received: Received[] = [];
  const server = http.createServer((req, res) => {
    let text = '';
    req.on('data', (chunk) => { text += chunk; });
    req.on('end', () => {
      received.push({ authorization: req.headers.authorization, body: JSON.parse(text) });
      const code = status();
      res.writeHead(code, { 'Content-Type': 'application/json' }).end(JSON.stringify({ count: 1 }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/invalidation`;
  const tags = () => received.flatMap((r) => r.body.map((item) => item.cache_tag));
  return { url, received, tags, close: () => new Promise<void>((resolve) => { server.close(() => resolve()); server.closeAllConnections(); }) };
}

async function until(check: () => boolean | Promise<boolean>, what: string, ms = 8000): Promise<void> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`timed out waiting until ${what}`);
}

const SECRET = 'router-invalidation-shared-key';
const UPDATE = 'mutation($id: ID!, $title: String!) { updateTicket(input: { id: $id, title: $title }) { ticket { id } userErrors { message } } }';

describe('router cache invalidation', () => {
  let router: Awaited<ReturnType<typeof fakeRouter>>;
  let h: SubgraphHarness;
  let base: string;

  beforeAll(async () => {
    router = await fakeRouter();
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    h = await startSubgraph({ PORT: String(port), PUBLIC_URL: base, WEBHOOK_CHECK_MS: '3600000', ROUTER_INVALIDATION_URL: router.url, ROUTER_INVALIDATION_SECRET: SECRET });
    const hooks = () => [...h.server.sandbox!.store.webhooks.values()].filter((w) => w.hookUrl === `${base}/webhooks/wrike/default`);
    await until(() => hooks().some((w) => w.status === 'Active'), 'the default connection\'s hook is active');
  });
  afterAll(async () => {
    await h.close();
    await router.close();
  });

  const tickets = async () => (await h.query('{ tickets(first: 3) { nodes { id } } }')).body.data.tickets.nodes.map((n: { id: string }) => n.id) as string[];

  it('after a mutation the router is told the ticket\'s tag, in Apollo Router\'s body, with the shared key', async () => {
    const [id] = await tickets();
    router.received.length = 0;
    const r = await h.query(UPDATE, { id, title: 'Told the router' });
    expect(r.body.data.updateTicket.userErrors).toEqual([]);
    await until(() => router.tags().includes(`Ticket:${id}`), 'the router hears of the ticket');
    const request = router.received.find((x) => x.body.some((item) => item.cache_tag === `Ticket:${id}`))!;
    expect(request.authorization).toBe(SECRET);
    expect(request.body).toContainEqual({ kind: 'cache_tag', subgraphs: ['wrike'], cache_tag: `Ticket:${id}` });
    for (const item of request.body) expect(item).toEqual({ kind: 'cache_tag', subgraphs: ['wrike'], cache_tag: expect.any(String) });
  });

  it('after a Wrike change delivered by webhook the router is told the ticket\'s tag', async () => {
    const [, id] = await tickets();
    router.received.length = 0;
    // Made in Wrike (the sandbox) behind the subgraph's back: only the webhook tells of it.
    await h.wrike('PUT', `/tasks/${id}`, { title: 'Changed in Wrike' });
    await until(() => router.tags().includes(`Ticket:${id}`), 'the router hears of the webhook\'s ticket');
    expect(router.received.every((x) => x.authorization === SECRET)).toBe(true);
  });

  it('after a write through the Wrike proxy the router is told too', async () => {
    const [id] = await tickets();
    router.received.length = 0;
    const proxied = await fetch(`${base}/proxy/wrike/api/v4/tasks/${id}`, {
      method: 'PUT', headers: { 'X-Connection-Id': 'default', 'Content-Type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ title: 'Through the proxy' }).toString(),
    });
    expect(proxied.status).toBe(200);
    await until(() => router.tags().includes(`Ticket:${id}`), 'the router hears of the proxied write');
  });

  it('an account-wide change is named by type for this account only', async () => {
    const account = h.server.sandbox!.store.account.id;
    router.received.length = 0;
    const proxied = await fetch(`${base}/proxy/wrike/api/v4/customfields`, {
      method: 'POST', headers: { 'X-Connection-Id': 'default', 'Content-Type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ title: 'Told the router', type: 'Text' }).toString(),
    });
    expect(proxied.status).toBe(200);
    await until(() => router.tags().includes(`Field@${account}`), 'the router hears of the account\'s fields');
    expect(router.tags()).not.toContain('Field');
  });

  it('a new comment by webhook names the comment and its ticket', async () => {
    const [, , id] = await tickets();
    router.received.length = 0;
    const [comment] = await h.wrike('POST', `/tasks/${id}/comments`, { text: 'A comment from Wrike' });
    await until(() => router.tags().includes(`Comment:${comment.id}`), 'the router hears of the comment');
    expect(router.tags()).toContain(`Ticket:${id}`);
  });
});

describe('router cache invalidation without a secret, and a failing router', () => {
  it('sends no Authorization header when ROUTER_INVALIDATION_SECRET is unset', async () => {
    const router = await fakeRouter();
    const h = await startSubgraph({ ROUTER_INVALIDATION_URL: router.url });
    try {
      const id = (await h.query('{ tickets(first: 1) { nodes { id } } }')).body.data.tickets.nodes[0].id;
      await h.query(UPDATE, { id, title: 'No secret' });
      await until(() => router.tags().includes(`Ticket:${id}`), 'the router hears of the ticket');
      expect(router.received.every((x) => x.authorization === undefined)).toBe(true);
    } finally {
      await h.close();
      await router.close();
    }
  });

  it('a comment or an attachment added by mutation names its ticket, with no webhook to tell of it', async () => {
    // (No PUBLIC_URL: no webhook, so only the write's own staleness can name the ticket.)
    const router = await fakeRouter();
    const h = await startSubgraph({ ROUTER_INVALIDATION_URL: router.url });
    try {
      const id = (await h.query('{ tickets(first: 1) { nodes { id } } }')).body.data.tickets.nodes[0].id;
      const comment = await h.query('mutation($id: ID!) { createComment(input: { ticketId: $id, body: "Told the router" }) { comment { id } userErrors { message } } }', { id });
      expect(comment.body.data.createComment.userErrors).toEqual([]);
      await until(() => router.tags().includes(`Comment:${comment.body.data.createComment.comment.id}`), 'the router hears of the comment');
      expect(router.tags()).toContain(`Ticket:${id}`);
      router.received.length = 0;
      const attachment = await h.query('mutation($id: ID!) { createAttachment(input: { ticketId: $id, fileName: "a.txt", contentBase64: "aGk=" }) { attachment { id } userErrors { message } } }', { id });
      expect(attachment.body.data.createAttachment.userErrors).toEqual([]);
      await until(() => router.tags().includes(`Ticket:${id}`), 'the router hears of the ticket with a new attachment');
    } finally {
      await h.close();
      await router.close();
    }
  });

  it('a router answering 500 is tried again, then counted as failed; the write answers regardless', async () => {
    const router = await fakeRouter(() => 500);
    const h = await startSubgraph({ ROUTER_INVALIDATION_URL: router.url, ROUTER_INVALIDATION_SECRET: SECRET });
    try {
      const id = (await h.query('{ tickets(first: 1) { nodes { id } } }')).body.data.tickets.nodes[0].id;
      const r = await h.query(UPDATE, { id, title: 'Router down' });
      expect(r.body.data.updateTicket.userErrors).toEqual([]);
      await until(async () => /router_invalidations_total\{outcome="failed"\} 1/.test(await (await fetch(h.server.url.replace(/\/graphql$/, '/metrics'))).text()), 'the failure is counted');
      // One request, two tries again.
      expect(router.received.length).toBe(3);
      const metrics = await (await fetch(h.server.url.replace(/\/graphql$/, '/metrics'))).text();
      expect(metrics).not.toContain(SECRET);
    } finally {
      await h.close();
      await router.close();
    }
  });
});
