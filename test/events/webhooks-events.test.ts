import { createHmac } from 'node:crypto';
import WebSocket from 'ws';
import { createClient, type Client } from 'graphql-ws';
import { startSubgraph, type SubgraphHarness } from '../helpers/subgraph';
import { freePort } from '../helpers/process';
import { createApiKey } from '../../src/connections/api-keys';

/**
 * Webhooks in, events out, over real sockets: the subgraph registers its hook with the sandbox (which verifies the
 * secret with a request to it), the sandbox delivers signed events, and graphql-ws subscribers get them.
 */
let h: SubgraphHarness;
let base: string;
const clients: Client[] = [];
beforeAll(async () => {
  const port = await freePort();
  base = `http://127.0.0.1:${port}`;
  h = await startSubgraph({ PORT: String(port), PUBLIC_URL: base, WEBHOOK_CHECK_MS: '1000' });
  await until(async () => (await webhookStatus()) === 'ACTIVE', 'the default connection\'s hook is active');
});
afterAll(async () => {
  await Promise.all(clients.map((c) => c.dispose()));
  await h.close();
});

const store = () => h.server.sandbox!.store;
const webhookStatus = async () => (await h.query('{ connections { id webhook { status lastEventAt } } }')).body.data?.connections[0]?.webhook?.status;
const hook = () => [...store().webhooks.values()].find((w) => w.hookUrl === `${base}/webhooks/wrike/default`)!;

async function until(check: () => Promise<boolean>, what: string, ms = 5000): Promise<void> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`timed out waiting until ${what}`);
}

/** A graphql-ws subscription; its events are collected as they come. */
function subscribe(query: string, connectionParams: Record<string, string> = {}) {
  // A socket the server closes is also reported by the client itself (to console.error, unless handled): kept, so
  // that a test can assert on it.
  const closes: unknown[] = [];
  const client = createClient({
    url: `${base.replace('http', 'ws')}/graphql`, webSocketImpl: WebSocket, connectionParams, retryAttempts: 0, lazy: false, onNonLazyError: (error) => closes.push(error),
  });
  clients.push(client);
  const events: any[] = [];
  const errors: unknown[] = [];
  client.subscribe({ query }, { next: (value) => events.push(value), error: (error) => errors.push(error), complete: () => undefined });
  return { events, errors, closes, client };
}

const signed = (body: string, secret: string) => ({
  'Content-Type': 'application/json', 'X-Hook-Signature': createHmac('sha256', secret).update(body).digest('hex'),
});

describe('the webhook', () => {
  it('is registered for the default connection at start, after Wrike verified its secret with the receiver', () => {
    expect(hook()).toMatchObject({ status: 'Active', hookUrl: `${base}/webhooks/wrike/default` });
    expect(hook().secret).toMatch(/^[0-9a-f]{64}$/);
  });

  it('refuses unsigned, mis-signed and oversized deliveries, and unknown connections, without touching state', async () => {
    const body = JSON.stringify([{ taskId: 'IEAGAABKKQAAAAB6', eventType: 'TaskTitleChanged', lastUpdatedDate: '2026-11-30T00:00:00Z' }]);
    const post = (path: string, headers: Record<string, string>, data: string = body) => fetch(`${base}${path}`, { method: 'POST', headers, body: data });
    expect((await post('/webhooks/wrike/default', { 'Content-Type': 'application/json' })).status).toBe(401);
    expect((await post('/webhooks/wrike/default', signed(body, 'not-the-secret'))).status).toBe(401);
    // An unknown connection gets the same answer as a bad signature: which ids exist is not told.
    expect((await post('/webhooks/wrike/conn_AAAAAAAAAAAA', signed(body, hook().secret!))).status).toBe(401);
    expect((await post('/webhooks/wrike/..%2F..%2Fetc', signed(body, hook().secret!))).status).toBe(401);
    const big = JSON.stringify([{ eventType: 'TaskTitleChanged', pad: 'x'.repeat(2 * 1024 * 1024) }]);
    expect((await post('/webhooks/wrike/default', signed(big, hook().secret!), big)).status).toBe(413);
    expect(await webhookStatus()).toBe('ACTIVE');
  });

  it('answers the X-Hook-Secret challenge on a delivery too', async () => {
    const body = JSON.stringify([{ eventType: 'SomethingNew', lastUpdatedDate: '2026-11-30T00:00:01Z' }]);
    const res = await fetch(`${base}/webhooks/wrike/default`, { method: 'POST', headers: { ...signed(body, hook().secret!), 'X-Hook-Secret': 'c0ffee' }, body });
    expect(res.status).toBe(200);
    expect(res.headers.get('x-hook-secret')).toBe(createHmac('sha256', hook().secret!).update('c0ffee').digest('hex'));
  });
});

describe('ticketEvents over graphql-ws', () => {
  it('delivers a change made through Wrike (the sandbox\'s API, not the subgraph) within 2 s, with the ticket as it is now', async () => {
    const task = [...store().tasks.values()].find((t) => t.scope === 'WsTask')!;
    const sub = subscribe(`subscription { ticketEvents(filter: { ticketIds: ["${task.id}"] }) { type wrikeEventType changedFields ticketId ticket { id title } author { id } } }`);
    await new Promise((resolve) => setTimeout(resolve, 200)); // the subscription is in place
    const started = Date.now();
    await h.wrike('PUT', `/tasks/${task.id}`, { title: 'Renamed in Wrike' });
    await until(async () => sub.events.length > 0, 'the event arrives', 2000);
    expect(Date.now() - started).toBeLessThan(2000);
    expect(sub.events[0].data.ticketEvents).toEqual({
      type: 'UPDATED', wrikeEventType: 'TaskTitleChanged', changedFields: ['title'], ticketId: task.id,
      ticket: { id: task.id, title: 'Renamed in Wrike' }, author: { id: store().ownerId },
    });
  });

  it('delivers time logged in Wrike as TIME_LOG_CHANGED, naming the time log', async () => {
    const task = [...store().tasks.values()].filter((t) => t.scope === 'WsTask')[9]!;
    const sub = subscribe(`subscription { ticketEvents(filter: { ticketIds: ["${task.id}"], types: [TIME_LOG_CHANGED] }) { type wrikeEventType ticketId raw } }`);
    await new Promise((resolve) => setTimeout(resolve, 200));
    const created = await h.wrike('POST', `/tasks/${task.id}/timelogs`, { comment: 'On site', hours: 2, trackedDate: '2026-05-05' });
    const logId = created[0].id as string;
    await until(async () => sub.events.length > 0, 'the event arrives', 2000);
    expect(sub.events[0].data.ticketEvents).toMatchObject({
      type: 'TIME_LOG_CHANGED', wrikeEventType: 'TimelogChanged', ticketId: task.id, raw: { timeTrackerId: logId, type: 'Added', hours: 2 },
    });
  });

  it('delivers an event once however often Wrike repeats it, and keeps unknown event types', async () => {
    const task = [...store().tasks.values()].filter((t) => t.scope === 'WsTask')[3]!;
    const sub = subscribe(`subscription { ticketEvents(filter: { ticketIds: ["${task.id}"] }) { type wrikeEventType raw } }`);
    await new Promise((resolve) => setTimeout(resolve, 200));
    const body = JSON.stringify([{ taskId: task.id, webhookId: hook().id, eventType: 'TaskApprovalDecisionReset', lastUpdatedDate: '2026-11-30T01:02:03Z' }]);
    for (let i = 0; i < 3; i++) {
      expect((await fetch(`${base}/webhooks/wrike/default`, { method: 'POST', headers: signed(body, hook().secret!), body })).status).toBe(200);
    }
    await until(async () => sub.events.length > 0, 'the event arrives', 2000);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(sub.events).toHaveLength(1);
    expect(sub.events[0].data.ticketEvents).toMatchObject({ type: 'OTHER', wrikeEventType: 'TaskApprovalDecisionReset', raw: { taskId: task.id } });
  });
});

describe('a filter naming places', () => {
  it('is refused with NOT_FOUND when a workspace or collection it names does not exist, instead of matching nothing for ever', async () => {
    const space = [...store().folders.values()].find((f) => f.space)!;
    // The README once named this workspace, which the sandbox does not have: the answer was silence.
    for (const [filter, argumentName, id] of [
      ['workspaceIds: ["IEAGAABKI4AAAAAB"]', 'filter.workspaceIds', 'IEAGAABKI4AAAAAB'],
      [`workspaceIds: ["${space.id}", "IEAGAABKI4ZZZZZZ"]`, 'filter.workspaceIds', 'IEAGAABKI4ZZZZZZ'],
      ['collectionIds: ["IEAGAABKI4ZZZZZZ"]', 'filter.collectionIds', 'IEAGAABKI4ZZZZZZ'],
      // A workspace is not a collection (collection(id:) answers null for it too).
      [`collectionIds: ["${space.id}"]`, 'filter.collectionIds', space.id],
    ] as const) {
      const sub = subscribe(`subscription { ticketEvents(filter: { ${filter} }) { type } }`);
      // The subscription's one result is the error (graphql-ws then completes it); the socket stays open.
      await until(async () => sub.events.length > 0 || sub.errors.length > 0, `the subscription with ${filter} is answered`);
      expect(sub.errors).toEqual([]);
      expect(sub.events).toEqual([{ errors: [expect.objectContaining({
        message: `No ${argumentName === 'filter.workspaceIds' ? 'workspace' : 'collection'} '${id}'`, extensions: expect.objectContaining({ code: 'NOT_FOUND', argumentName }),
      })] }]);
      expect(sub.closes).toEqual([]);
    }
  });

  it('names every unknown workspace and collection at once, each with its path', async () => {
    const space = [...store().folders.values()].find((f) => f.space)!;
    const sub = subscribe(`subscription { ticketEvents(filter: {
      workspaceIds: ["IEAGAABKI4ZZZZZ1", "${space.id}", "IEAGAABKI4ZZZZZ2"], collectionIds: ["${space.id}", "IEAGAABKI4ZZZZZ3"] }) { type } }`);
    await until(async () => sub.events.length > 0 || sub.errors.length > 0, 'the subscription is answered');
    expect(sub.errors).toEqual([]);
    const [error] = sub.events[0].errors;
    expect(error.message).toBe(`No workspace 'IEAGAABKI4ZZZZZ1'; No workspace 'IEAGAABKI4ZZZZZ2'; No collection '${space.id}'; No collection 'IEAGAABKI4ZZZZZ3'`);
    expect(error.extensions).toEqual({
      code: 'NOT_FOUND', argumentName: 'filter.workspaceIds', problems: [
        { field: ['filter', 'workspaceIds', '0'], message: "No workspace 'IEAGAABKI4ZZZZZ1'" },
        { field: ['filter', 'workspaceIds', '2'], message: "No workspace 'IEAGAABKI4ZZZZZ2'" },
        { field: ['filter', 'collectionIds', '0'], message: `No collection '${space.id}'` },
        { field: ['filter', 'collectionIds', '1'], message: "No collection 'IEAGAABKI4ZZZZZ3'" },
      ],
    });
  });

  it('that exist lets the subscription run, and its events arrive', async () => {
    const task = [...store().tasks.values()].filter((t) => t.scope === 'WsTask' && t.parentIds.some((p) => !store().folders.get(p)?.space))[5]!;
    const collection = task.parentIds.find((p) => !store().folders.get(p)?.space)!;
    const space = [...store().folders.values()].find((f) => f.space && (f.id === collection || store().folderAncestors(collection).includes(f.id)))!;
    await h.resetCalls();
    const sub = subscribe(`subscription { ticketEvents(filter: { workspaceIds: ["${space.id}"], collectionIds: ["${collection}"], types: [UPDATED] }) { type ticketId } }`);
    // Checking the places costs the spaces list and one folder read, once, as the subscription starts.
    await until(async () => (await h.calls()).byRoute['GET /folders/:ids'] !== undefined && (await h.calls()).byRoute['GET /spaces'] !== undefined, 'the filter is checked');
    await new Promise((resolve) => setTimeout(resolve, 300));
    const checked = (await h.calls()).byRoute;
    expect([checked['GET /spaces'], checked['GET /folders/:ids']]).toEqual([1, 1]);
    await h.wrike('PUT', `/tasks/${task.id}`, { title: 'Renamed where the filter looks' });
    await until(async () => sub.events.length > 0 || sub.errors.length > 0, 'the event arrives', 3000);
    expect(sub.errors).toEqual([]);
    expect(sub.events[0]).toEqual({ data: { ticketEvents: { type: 'UPDATED', ticketId: task.id } } });
  });
});

describe('a suspended hook', () => {
  it('is re-enabled by the periodic check; what it missed reaches subscribers and is in ticketChanges', async () => {
    const since = new Date(Date.now() - 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');
    const task = [...store().tasks.values()].filter((t) => t.scope === 'WsTask')[7]!;
    const sub = subscribe(`subscription { ticketEvents(filter: { ticketIds: ["${task.id}"] }) { type wrikeEventType changedFields ticket { title } } }`);
    await new Promise((resolve) => setTimeout(resolve, 200));
    hook().status = 'Suspended';
    await h.wrike('PUT', `/tasks/${task.id}`, { title: 'Changed while the hook slept' });
    await until(async () => hook().status === 'Active', 'the check re-enables the hook', 5000);
    await until(async () => sub.events.length > 0, 'the swept change reaches the subscriber', 3000);
    expect(sub.events[0].data.ticketEvents).toEqual({
      type: 'UPDATED', wrikeEventType: 'TaskChangedWhileHookSuspended', changedFields: [], ticket: { title: 'Changed while the hook slept' },
    });
    // ticketChanges leaves the last 2 seconds to settle (whole-second timestamps): wait them out.
    await new Promise((resolve) => setTimeout(resolve, 2600));
    const changes = await h.query('query($s: DateTime!) { ticketChanges(since: $s, first: 100) { nodes { id title updatedAt } } }', { s: since });
    expect(changes.body.errors).toBeUndefined();
    expect(changes.body.data.ticketChanges.nodes).toContainEqual(expect.objectContaining({ id: task.id, title: 'Changed while the hook slept' }));
    const times = changes.body.data.ticketChanges.nodes.map((n: { updatedAt: string }) => Date.parse(n.updatedAt));
    expect(times).toEqual([...times].sort((a, b) => a - b));
  });
});

describe('linked connections', () => {
  it('get a hook when linked, can have it re-enabled on demand, and lose it when unlinked', async () => {
    const host = new URL(h.server.sandboxUrl!).host;
    const linked = await h.query('mutation($t: String!, $h: String!) { connectWrikeWithToken(input: { token: $t, host: $h }) { connection { id } } }', { t: h.server.sandbox!.permanentTokens.admin, h: host });
    const id = linked.body.data.connectWrikeWithToken.connection.id as string;
    const theirs = () => [...store().webhooks.values()].filter((w) => w.hookUrl === `${base}/webhooks/wrike/${id}`);
    const status = async () => (await h.query('query($id: ID!) { connection(id: $id) { webhook { status } } }', { id })).body.data.connection.webhook?.status;
    await until(async () => (await status()) === 'ACTIVE', 'the linked connection\'s hook is active');
    expect(theirs()).toHaveLength(1);
    theirs()[0]!.status = 'Suspended';
    const enabled = await h.query('mutation($id: ID!) { enableWrikeWebhook(input: { connectionId: $id }) { webhook { status } userErrors { code } } }', { id });
    expect(enabled.body.data.enableWrikeWebhook).toEqual({ webhook: { status: 'ACTIVE' }, userErrors: [] });
    expect(theirs().map((w) => w.status)).toEqual(['Active']);
    const unknown = await h.query('mutation { enableWrikeWebhook(input: { connectionId: "conn_AAAAAAAAAAAA" }) { webhook { status } userErrors { code } } }');
    expect(unknown.body.data.enableWrikeWebhook).toEqual({ webhook: null, userErrors: [{ code: 'NOT_FOUND' }] });
    await h.query('mutation($id: ID!) { disconnectWrike(input: { id: $id }) { disconnectedId } }', { id });
    expect(theirs()).toHaveLength(0);
  });
});

describe('a connection limited to one workspace', () => {
  it('has one hook on its space, sends its subscribers only what happens inside, and follows a change of scope', async () => {
    const host = new URL(h.server.sandboxUrl!).host;
    const spaces = [...store().folders.values()].filter((f) => f.space);
    const [inside, outside] = spaces.map((s) => s.id) as [string, string];
    const linked = await h.query('mutation($t: String!, $h: String!, $w: [ID!]) { connectWrikeWithToken(input: { token: $t, host: $h, workspaceIds: $w }) { connection { id workspaceIds } userErrors { code } } }', {
      t: h.server.sandbox!.permanentTokens.admin, h: host, w: [inside],
    });
    const id = linked.body.data.connectWrikeWithToken.connection.id as string;
    expect(linked.body.data.connectWrikeWithToken.connection.workspaceIds).toEqual([inside]);
    const theirs = () => [...store().webhooks.values()].filter((w) => w.hookUrl === `${base}/webhooks/wrike/${id}`);
    await until(async () => theirs().length === 1 && theirs()[0]!.status === 'Active', 'the space hook is registered');
    expect(theirs()[0]).toMatchObject({ spaceId: inside });

    const inSpace = (spaceId: string) => [...store().tasks.values()].find((t) => t.scope === 'WsTask' && t.parentIds.some((p) => p === spaceId || store().folderAncestors(p).includes(spaceId))
      && !t.parentIds.some((p) => [inside, outside].filter((s) => s !== spaceId).some((other) => p === other || store().folderAncestors(p).includes(other))))!;
    // A workspace outside the scope is, to this connection, one that does not exist.
    const elsewhere = subscribe(`subscription { ticketEvents(filter: { workspaceIds: ["${outside}"] }) { ticketId } }`, { 'X-Connection-Id': id });
    await until(async () => elsewhere.events.length > 0, 'the filter outside the scope is answered');
    expect(elsewhere.events[0].errors).toEqual([expect.objectContaining({ message: `No workspace '${outside}'`, extensions: expect.objectContaining({ code: 'NOT_FOUND', argumentName: 'filter.workspaceIds' }) })]);
    const sub = subscribe('subscription { ticketEvents { ticketId wrikeEventType } }', { 'X-Connection-Id': id });
    await new Promise((resolve) => setTimeout(resolve, 200));
    await h.wrike('PUT', `/tasks/${inSpace(outside).id}`, { title: 'Outside the scope' });
    await h.wrike('PUT', `/tasks/${inSpace(inside).id}`, { title: 'Inside the scope' });
    await until(async () => sub.events.length > 0, 'the inside change arrives', 2000);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(sub.events.map((e) => e.data.ticketEvents.ticketId)).toEqual([inSpace(inside).id]);

    const widened = await h.query('mutation($i: SetConnectionWorkspacesInput!) { setConnectionWorkspaces(input: $i) { connection { workspaceIds } } }', { i: { connectionId: id, workspaceIds: null } });
    expect(widened.body.data.setConnectionWorkspaces.connection.workspaceIds).toBeNull();
    expect(theirs().map((w) => w.spaceId ?? 'account')).toEqual(['account']);
    await h.query('mutation($id: ID!) { disconnectWrike(input: { id: $id }) { disconnectedId } }', { id });
    expect(theirs()).toHaveLength(0);
  });
});

describe('who may subscribe', () => {
  it('refuses a socket without an API key once keys exist, and another tenant\'s connection', async () => {
    const { key } = await createApiKey(h.server.store, 'acme', null);
    const anonymous = subscribe('subscription { ticketEvents { type } }');
    await until(async () => anonymous.errors.length > 0, 'the anonymous socket is closed');
    expect((anonymous.errors[0] as { code?: number }).code).toBe(4403);
    await until(async () => anonymous.closes.length > 0, 'the client reports the closed socket');
    expect(anonymous.closes.map((close) => (close as { code?: number }).code)).toEqual([4403]);
    const stranger = subscribe('subscription { ticketEvents { type } }', { Authorization: `Bearer ${key}`, 'X-Connection-Id': 'default' });
    await until(async () => stranger.errors.length > 0, 'the other tenant is refused');
    // A typed error on that subscription; the socket stays open for others.
    expect(stranger.errors[0]).toEqual([{ message: 'No such connection for this caller', extensions: { code: 'FORBIDDEN' } }]);
    expect(stranger.closes).toEqual([]);
  });
});

describe('with the shared cache on', () => {
  it('a change Wrike reports through the webhook is visible on the next read, long before the cache would expire', async () => {
    const port = await freePort();
    const cached = await startSubgraph({ PORT: String(port), PUBLIC_URL: `http://127.0.0.1:${port}`, CACHE_MAX_STALENESS_MS: '600000', CACHE_METADATA_TTL_MS: '600000' });
    try {
      const sandbox = cached.server.sandbox!;
      await until(async () => [...sandbox.store.webhooks.values()].some((w) => w.status === 'Active'), 'the hook is active');
      const task = [...sandbox.store.tasks.values()].find((t) => t.scope === 'WsTask')!;
      const title = async () => (await cached.query('query($id: ID!) { ticket(id: $id) { title } }', { id: task.id })).body.data.ticket.title;
      expect(await title()).toBe(task.title);
      // The ticket is served from the cache now: no Wrike call.
      await cached.resetCalls();
      expect(await title()).toBe(task.title);
      expect((await cached.calls()).byRoute['GET /tasks/:ids'] ?? 0).toBe(0);
      await cached.wrike('PUT', `/tasks/${task.id}`, { title: 'Changed behind the cache' });
      await until(async () => (await title()) === 'Changed behind the cache', 'the webhook drops the cached ticket', 2000);
    } finally {
      await cached.close();
    }
  });
});
