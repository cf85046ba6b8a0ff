import { createHmac } from 'node:crypto';
import { Writable } from 'node:stream';
import WebSocket from 'ws';
import { createClient, type Client } from 'graphql-ws';
import { startSubgraph } from '../helpers/subgraph';
import { freePort } from '../helpers/process';
import { startFaultProxy, type FaultProxy } from '../helpers/fault-proxy';
import { REDIS_URL, redisUp, testKeyPrefix } from '../helpers/redis';
import { createTestDatabase, postgresUp } from '../helpers/postgres';
import { createLogger } from '../../src/logger';

/**
 * The seam where Wrike's webhooks come in and events go out, driven over HTTP and graphql-ws as a stranger, Wrike
 * and a subscriber would: the handshake answered only inside the registrar's window, one answer for every refusal,
 * a replaced secret's overlap, a scope change reaching live subscriptions, nothing acknowledged lost when the bus
 * fails, and the caps on subscriptions.
 */

const hmac = (secret: string, data: string) => createHmac('sha256', secret).update(data).digest('hex');
const VERIFICATION = JSON.stringify({ requestType: 'WebHook secret verification' });

async function until(check: () => boolean | Promise<boolean>, what: string, ms = 8000): Promise<void> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`timed out waiting until ${what}`);
}

/** A running subgraph with its webhook receiver reachable at PUBLIC_URL, and graphql-ws subscribers on it. */
async function startWithHooks(env: Record<string, string> = {}, logger?: ReturnType<typeof createLogger>) {
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const h = await startSubgraph({ PORT: String(port), PUBLIC_URL: base, WEBHOOK_CHECK_MS: '3600000', ...env }, logger);
  const clients: Client[] = [];
  const store = () => h.server.sandbox!.store;
  const hooksOf = (connectionId: string) => [...store().webhooks.values()].filter((w) => w.hookUrl === `${base}/webhooks/wrike/${connectionId}`);
  await until(() => hooksOf('default').some((w) => w.status === 'Active'), 'the default connection\'s hook is active');

  const socket = (connectionParams: Record<string, string> = {}) => {
    const client = createClient({ url: `${base.replace('http', 'ws')}/graphql`, webSocketImpl: WebSocket, connectionParams, retryAttempts: 0, lazy: false });
    clients.push(client);
    return client;
  };
  /** A subscription; its data and error codes are collected as they come. */
  const subscribe = (query: string, client: Client = socket()) => {
    const events: any[] = [];
    const codes: string[] = [];
    let completed = false;
    const limits: unknown[] = [];
    const codesOf = (errors: readonly { extensions?: { code?: unknown; limit?: unknown } }[]) => errors.forEach((e) => {
      codes.push(String(e.extensions?.code));
      if (e.extensions?.limit !== undefined) limits.push(e.extensions.limit);
    });
    const stop = client.subscribe({ query }, {
      next: (value) => (value.errors ? codesOf(value.errors as never) : events.push(value.data)),
      error: (error) => (Array.isArray(error) ? codesOf(error) : codes.push('SOCKET_CLOSED')),
      complete: () => { completed = true; },
    });
    return { events, codes, limits, stop, completed: () => completed, client };
  };
  const post = (connectionId: string, body: string, headers: Record<string, string> = {}) =>
    fetch(`${base}/webhooks/wrike/${connectionId}`, { method: 'POST', headers: { 'Content-Type': 'application/json', ...headers }, body });
  const deliver = (connectionId: string, events: unknown[], secret: string) => {
    const body = JSON.stringify(events);
    return post(connectionId, body, { 'X-Hook-Signature': hmac(secret, body) });
  };
  const link = async (workspaceIds: string[] | null) => {
    const host = new URL(h.server.sandboxUrl!).host;
    const linked = await h.query('mutation($t: String!, $h: String!, $w: [ID!]) { connectWrikeWithToken(input: { token: $t, host: $h, workspaceIds: $w }) { connection { id } userErrors { code } } }', {
      t: h.server.sandbox!.permanentTokens.admin, h: host, w: workspaceIds,
    });
    const id = linked.body.data.connectWrikeWithToken.connection.id as string;
    await until(() => hooksOf(id).length === (workspaceIds?.length ?? 1) && hooksOf(id).every((w) => w.status === 'Active'), 'the linked connection\'s hooks are active');
    return id;
  };
  const close = async () => {
    await Promise.all(clients.map((c) => c.dispose()));
    await h.close();
  };
  return { h, base, store, hooksOf, socket, subscribe, post, deliver, link, close };
}

type Running = Awaited<ReturnType<typeof startWithHooks>>;

describe('the webhook receiver', () => {
  let s: Running;
  beforeAll(async () => {
    s = await startWithHooks();
  });
  afterAll(() => s.close());
  const wsTasks = () => [...s.store().tasks.values()].filter((t) => t.scope === 'WsTask');
  const defaultSecret = () => s.hooksOf('default')[0]!.secret!;

  it('signs no challenge for a caller outside a registration: the forged delivery it would make is refused, and subscribers get nothing of it', async () => {
    const victim = wsTasks()[0]!;
    const sub = s.subscribe(`subscription { ticketEvents(filter: { ticketIds: ["${victim.id}"] }) { type wrikeEventType } }`);
    await new Promise((resolve) => setTimeout(resolve, 200)); // the subscription is in place
    const forged = JSON.stringify([{ taskId: victim.id, eventType: 'TaskDeleted', lastUpdatedDate: '2026-12-01T00:00:00Z' }]);
    const handshake = await s.post('default', VERIFICATION, { 'X-Hook-Secret': forged });
    expect(handshake.status).toBe(401);
    expect(handshake.headers.get('x-hook-secret')).toBeNull();
    // Even a plain token is not signed outside a window.
    const plain = await s.post('default', VERIFICATION, { 'X-Hook-Secret': 'c0ffee' });
    expect(plain.status).toBe(401);
    expect(plain.headers.get('x-hook-secret')).toBeNull();
    // A genuine event after it: the subscriber's first (and only) event is that one.
    expect((await s.deliver('default', [{ taskId: victim.id, eventType: 'TaskTitleChanged', lastUpdatedDate: '2026-12-01T00:00:01Z' }], defaultSecret())).status).toBe(200);
    await until(() => sub.events.length > 0, 'the genuine event arrives');
    expect(sub.events).toEqual([{ ticketEvents: { type: 'UPDATED', wrikeEventType: 'TaskTitleChanged' } }]);
  });

  it('gives one answer, which tells nothing, to every refusal: unknown or malformed connection ids, handshakes, unsigned, mis-signed and malformed bodies', async () => {
    const events = JSON.stringify([{ taskId: wsTasks()[1]!.id, eventType: 'TaskTitleChanged' }]);
    const answers = await Promise.all([
      s.post('conn_AAAAAAAAAAAA', events, { 'X-Hook-Signature': hmac(defaultSecret(), events) }),
      s.post('conn_AAAAAAAAAAAA', VERIFICATION, { 'X-Hook-Secret': 'c0ffee' }),
      s.post('..%2F..%2Fetc', events),
      s.post('default', VERIFICATION, { 'X-Hook-Secret': 'c0ffee' }),
      s.post('default', events),
      s.post('default', events, { 'X-Hook-Signature': hmac('not-the-secret', events) }),
      s.post('default', 'not json', { 'X-Hook-Signature': hmac(defaultSecret(), 'not json') }),
      s.post('default', '{"eventType":"TaskCreated"}', { 'X-Hook-Signature': hmac(defaultSecret(), '{"eventType":"TaskCreated"}') }),
    ]);
    const seen = await Promise.all(answers.map(async (r) => ({ status: r.status, body: await r.text(), secret: r.headers.get('x-hook-secret') })));
    expect(new Set(seen.map((a) => JSON.stringify(a)))).toEqual(new Set([JSON.stringify({ status: 401, body: '{"error":"not accepted"}', secret: null })]));
  });

  it('answers a signed delivery\'s challenge, never one that reads as a delivery body (a replayed delivery is no signing oracle)', async () => {
    const body = JSON.stringify([{ eventType: 'SomethingNew', lastUpdatedDate: '2026-12-01T00:00:02Z' }]);
    const headers = { 'X-Hook-Signature': hmac(defaultSecret(), body) };
    const answered = await s.post('default', body, { ...headers, 'X-Hook-Secret': 'c0ffee' });
    expect(answered.status).toBe(200);
    expect(answered.headers.get('x-hook-secret')).toBe(hmac(defaultSecret(), 'c0ffee'));
    const forged = JSON.stringify([{ taskId: wsTasks()[2]!.id, eventType: 'TaskDeleted' }]);
    const replayed = await s.post('default', body, { ...headers, 'X-Hook-Secret': forged });
    expect(replayed.status).toBe(200);
    expect(replayed.headers.get('x-hook-secret')).toBeNull();
  });

  it('lets Wrike register a hook and re-enable a suspended one (its handshakes come inside the window), and closes the window after', async () => {
    const id = await s.link(null);
    const [hook] = s.hooksOf(id);
    expect(hook).toMatchObject({ status: 'Active' });
    hook!.status = 'Suspended';
    const enabled = await s.h.query('mutation($id: ID!) { enableWrikeWebhook(input: { connectionId: $id }) { webhook { status } userErrors { code } } }', { id });
    expect(enabled.body.data.enableWrikeWebhook).toEqual({ webhook: { status: 'ACTIVE' }, userErrors: [] });
    expect(s.hooksOf(id).map((w) => w.status)).toEqual(['Active']);
    const after = await s.post(id, VERIFICATION, { 'X-Hook-Secret': 'c0ffee' });
    expect(after.status).toBe(401);
    await s.h.query('mutation($id: ID!) { disconnectWrike(input: { id: $id }) { disconnectedId } }', { id });
  });

  it('keeps the replaced secret valid for a while when a scope change registers the hooks again: deliveries in flight are not lost', async () => {
    const spaces = [...s.store().folders.values()].filter((f) => f.space).map((f) => f.id);
    const id = await s.link([spaces[0]!]);
    const old = s.hooksOf(id)[0]!;
    const changed = await s.h.query('mutation($i: SetConnectionWorkspacesInput!) { setConnectionWorkspaces(input: $i) { connection { workspaceIds } } }', { i: { connectionId: id, workspaceIds: spaces.slice(0, 2) } });
    expect(changed.body.data.setConnectionWorkspaces.connection.workspaceIds).toEqual(spaces.slice(0, 2));
    expect(s.hooksOf(id).map((w) => w.spaceId).sort()).toEqual(spaces.slice(0, 2).sort());
    expect(s.hooksOf(id)[0]!.secret).not.toBe(old.secret);
    const inFlight = await s.deliver(id, [{ taskId: wsTasks()[3]!.id, webhookId: old.id, eventType: 'TaskTitleChanged', lastUpdatedDate: '2026-12-01T00:00:03Z' }], old.secret!);
    expect(inFlight.status).toBe(200);
    await s.h.query('mutation($id: ID!) { disconnectWrike(input: { id: $id }) { disconnectedId } }', { id });
  });
});

describe('live subscriptions', () => {
  let s: Running;
  beforeAll(async () => {
    s = await startWithHooks();
  });
  afterAll(() => s.close());
  const store = () => s.store();
  /** A task (not a sub-task) whose folders are all inside this space and no other. */
  const onlyIn = (spaceId: string, others: string[]) => [...store().tasks.values()].find((t) => t.scope === 'WsTask' && t.superTaskIds.length === 0
    && t.parentIds.length > 0
    && t.parentIds.every((p) => p === spaceId || store().folderAncestors(p).includes(spaceId))
    && !t.parentIds.some((p) => others.some((o) => p === o || store().folderAncestors(p).includes(o))))!;

  it('follow a narrowed scope: an event about a ticket now outside reaches nobody, raw included', async () => {
    const spaces = [...store().folders.values()].filter((f) => f.space).map((f) => f.id);
    const [inside, outside] = spaces as [string, string];
    const id = await s.link(null);
    const accountHook = s.hooksOf(id)[0]!.id;
    const sub = s.subscribe('subscription { ticketEvents { ticketId type raw } }', s.socket({ 'X-Connection-Id': id }));
    await new Promise((resolve) => setTimeout(resolve, 200));
    const narrowed = await s.h.query('mutation($i: SetConnectionWorkspacesInput!) { setConnectionWorkspaces(input: $i) { connection { workspaceIds } } }', { i: { connectionId: id, workspaceIds: [inside] } });
    expect(narrowed.body.data.setConnectionWorkspaces.connection.workspaceIds).toEqual([inside]);
    const secret = s.hooksOf(id)[0]!.secret!;
    const out = onlyIn(outside, spaces.filter((x) => x !== outside));
    const inn = onlyIn(inside, spaces.filter((x) => x !== inside));
    // One delivery, outside first: had the outside event passed, it would be the subscriber's first.
    expect((await s.deliver(id, [
      { taskId: out.id, eventType: 'TaskTitleChanged', lastUpdatedDate: '2026-12-01T01:00:00Z' },
      { taskId: inn.id, eventType: 'TaskTitleChanged', lastUpdatedDate: '2026-12-01T01:00:01Z' },
    ], secret)).status).toBe(200);
    await until(() => sub.events.length > 0, 'the inside event arrives');
    expect(sub.events.map((e) => e.ticketEvents.ticketId)).toEqual([inn.id]);
    // A deletion (its ticket in no space any more) passes only when a current space hook sent it, not the replaced
    // account-wide one.
    expect((await s.deliver(id, [
      { taskId: out.id, webhookId: accountHook, eventType: 'TaskDeleted', lastUpdatedDate: '2026-12-01T01:00:02Z' },
      { taskId: inn.id, webhookId: s.hooksOf(id)[0]!.id, eventType: 'TaskDeleted', lastUpdatedDate: '2026-12-01T01:00:03Z' },
    ], secret)).status).toBe(200);
    await until(() => sub.events.length > 1, 'the inside deletion arrives');
    expect(sub.events.map((e) => [e.ticketEvents.ticketId, e.ticketEvents.type])).toEqual([[inn.id, 'UPDATED'], [inn.id, 'DELETED']]);
    await s.h.query('mutation($id: ID!) { disconnectWrike(input: { id: $id }) { disconnectedId } }', { id });
  });

  it('filter by workspace with every space a ticket is in, not only the nearest one', async () => {
    const spaces = [...store().folders.values()].filter((f) => f.space).map((f) => f.id);
    const [first, second] = spaces as [string, string];
    const task = onlyIn(first, spaces.filter((x) => x !== first));
    // The task's folder is shared into a second space too (set in the sandbox's store: its API does not re-parent
    // folders); the first stays its nearest space.
    const folder = store().folders.get(task.parentIds.find((p) => !spaces.includes(p))!)!;
    folder.parentIds.push(second);
    store().folders.get(second)!.childIds.push(folder.id);
    const sub = s.subscribe(`subscription { ticketEvents(filter: { workspaceIds: ["${second}"], ticketIds: ["${task.id}"] }) { ticketId } }`);
    await new Promise((resolve) => setTimeout(resolve, 200));
    await s.h.wrike('PUT', `/tasks/${task.id}`, { title: 'In two spaces' });
    await until(() => sub.events.length > 0, 'the event reaches the second space\'s subscriber');
    expect(sub.events).toEqual([{ ticketEvents: { ticketId: task.id } }]);
  });
});

describe('the caps on subscriptions', () => {
  let s: Running;
  beforeAll(async () => {
    s = await startWithHooks({ MAX_SUBSCRIPTIONS_PER_SOCKET: '2', MAX_SUBSCRIPTIONS_PER_TENANT: '3' });
  });
  afterAll(() => s.close());

  it('refuse one more subscription on a full socket or for a full tenant with SUBSCRIPTION_LIMIT, and give slots back when subscriptions or sockets end', async () => {
    const task = [...s.store().tasks.values()].find((t) => t.scope === 'WsTask')!;
    const query = `subscription { ticketEvents(filter: { ticketIds: ["${task.id}"] }) { ticketId } }`;
    const one = s.socket();
    const a = s.subscribe(query, one);
    const b = s.subscribe(query, one);
    const c = s.subscribe(query, one);
    await until(() => c.codes.length > 0, 'the third on one socket is refused');
    expect([c.codes, c.limits]).toEqual([['SUBSCRIPTION_LIMIT'], [2]]);
    /** A subscription tried again until a slot is free: one comes back once the server has seen the end of another. */
    const once = async (client: Client) => {
      let sub = s.subscribe(query, client);
      for (let tries = 0; tries < 20; tries++) {
        await new Promise((resolve) => setTimeout(resolve, 200));
        if (sub.codes.length === 0) break;
        sub = s.subscribe(query, client);
      }
      return sub;
    };
    // Ending one frees its slot on the socket.
    a.stop();
    const d = await once(one);
    const two = s.socket();
    const e = s.subscribe(query, two);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect([b.codes, d.codes, e.codes]).toEqual([[], [], []]);
    // The tenant holds three (b, d, e): a fourth on another socket is refused.
    const f = s.subscribe(query, two);
    await until(() => f.codes.length > 0, 'the fourth for the tenant is refused');
    expect([f.codes, f.limits]).toEqual([['SUBSCRIPTION_LIMIT'], [3]]);
    // A closed socket gives its slots back (once the server has seen it close: until then, a try is refused).
    await one.dispose();
    const g = await once(two);
    await s.h.wrike('PUT', `/tasks/${task.id}`, { title: 'Seen by the live ones' });
    await until(() => e.events.length > 0 && g.events.length > 0, 'the live subscriptions get the event');
    expect(g.codes).toEqual([]);
    expect([b.events.length, d.events.length]).toEqual([0, 0]);
  });
});

(redisUp() ? describe : describe.skip)('events acknowledged while the event bus (Redis) is down', () => {
  let s: Running;
  let proxy: FaultProxy;
  const lines: string[] = [];
  beforeAll(async () => {
    const target = new URL(REDIS_URL);
    proxy = await startFaultProxy({ host: target.hostname, port: Number(target.port || 6379) });
    const sink = new Writable({ write(chunk, _encoding, done) { lines.push(String(chunk)); done(); } });
    s = await startWithHooks({ REDIS_URL: `redis://127.0.0.1:${proxy.port}`, REDIS_KEY_PREFIX: testKeyPrefix(), EVENT_RETRY_MS: '500' }, createLogger('info', sink));
  });
  afterAll(async () => {
    await s.close();
    await proxy.close();
  });

  it('are all published once it is back, the one that failed and those after it, and a repeat of them is still dropped', async () => {
    const [t1, t2] = [...s.store().tasks.values()].filter((t) => t.scope === 'WsTask').slice(5, 7) as unknown as [{ id: string }, { id: string }];
    const sub = s.subscribe(`subscription { ticketEvents(filter: { ticketIds: ["${t1.id}", "${t2.id}"] }) { ticketId wrikeEventType } }`);
    await new Promise((resolve) => setTimeout(resolve, 300));
    proxy.mode('refuse');
    proxy.cut();
    const events = [
      { taskId: t1.id, eventType: 'TaskTitleChanged', lastUpdatedDate: '2026-12-01T02:00:00Z' },
      { taskId: t2.id, eventType: 'TaskStatusChanged', lastUpdatedDate: '2026-12-01T02:00:01Z' },
    ];
    const secret = s.hooksOf('default')[0]!.secret!;
    expect((await s.deliver('default', events, secret)).status).toBe(200);
    await until(() => lines.some((line) => line.includes('webhook events not published yet')), 'publishing fails');
    proxy.mode('pass');
    await until(() => sub.events.length >= 2, 'both events arrive once Redis is back', 15000);
    expect(sub.events.map((e) => e.ticketEvents).sort((x, y) => x.wrikeEventType.localeCompare(y.wrikeEventType))).toEqual([
      { ticketId: t2.id, wrikeEventType: 'TaskStatusChanged' }, { ticketId: t1.id, wrikeEventType: 'TaskTitleChanged' },
    ]);
    // Wrike repeats the delivery: both were taken, so neither goes out again.
    expect((await s.deliver('default', events, secret)).status).toBe(200);
    const marker = { taskId: t1.id, eventType: 'TaskDescriptionChanged', lastUpdatedDate: '2026-12-01T02:00:02Z' };
    expect((await s.deliver('default', [marker], secret)).status).toBe(200);
    await until(() => sub.events.length >= 3, 'the marker arrives');
    expect(sub.events.map((e) => e.ticketEvents.wrikeEventType).slice(2)).toEqual(['TaskDescriptionChanged']);
  });
});

(postgresUp() ? describe : describe.skip)('two replicas sharing PostgreSQL', () => {
  it('answer Wrike\'s verification on whichever replica it reaches: the window is in the store, not in the registering process', async () => {
    const db = await createTestDatabase();
    const portB = await freePort();
    const hookBase = `http://127.0.0.1:${portB}`;
    // B receives (Wrike's hook URL names it); A registers, against its own in-process sandbox.
    const b = await startSubgraph({ PORT: String(portB), PUBLIC_URL: hookBase, DATABASE_URL: db.url, WEBHOOK_CHECK_MS: '3600000' });
    const a = await startSubgraph({ PUBLIC_URL: hookBase, DATABASE_URL: db.url, WEBHOOK_CHECK_MS: '3600000' });
    try {
      const host = new URL(a.server.sandboxUrl!).host;
      const linked = await a.query('mutation($t: String!, $h: String!) { connectWrikeWithToken(input: { token: $t, host: $h }) { connection { id } } }', {
        t: a.server.sandbox!.permanentTokens.admin, h: host,
      });
      const id = linked.body.data.connectWrikeWithToken.connection.id as string;
      const hooks = () => [...a.server.sandbox!.store.webhooks.values()].filter((w) => w.hookUrl === `${hookBase}/webhooks/wrike/${id}`);
      await until(() => hooks().some((w) => w.status === 'Active'), 'the hook registered by A and verified by B is active');
      const status = await a.query('query($id: ID!) { connection(id: $id) { webhook { status } } }', { id });
      expect(status.body.data.connection.webhook).toEqual({ status: 'ACTIVE' });
      // The window closed with A's call: B answers no verification now.
      const after = await fetch(`${hookBase}/webhooks/wrike/${id}`, { method: 'POST', headers: { 'X-Hook-Secret': 'c0ffee' }, body: VERIFICATION });
      expect(after.status).toBe(401);
    } finally {
      await a.close();
      await b.close();
      await db.drop();
    }
  });
});
