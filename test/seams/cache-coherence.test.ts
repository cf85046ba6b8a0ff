import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startSubgraph, TEST_ENCRYPTION_KEY, type SubgraphHarness } from '../helpers/subgraph';
import { startSandbox, type SandboxHarness } from '../helpers/sandbox';
import { freePort } from '../helpers/process';
import { REDIS_URL, redisUp, testKeyPrefix } from '../helpers/redis';
import { startServer, type RunningServer } from '../../src/main';
import { WEBHOOK_EVENTS } from '../../src/sandbox/webhooks';
import { EVENT_STALENESS, WRITE_STALENESS, routeOf } from '../../src/wrike/staleness';

/**
 * The seam between the shared cache and the write paths and events, driven over HTTP with the cache on (entries kept
 * ten minutes): whatever a write or a webhook event changed, the next read shows, and a read that was slow while a
 * write happened never puts the old entity back.
 */

const CACHE_ON = { CACHE_MAX_STALENESS_MS: '600000', CACHE_METADATA_TTL_MS: '600000' };
const SUBTASKS = 'query($id: ID!) { ticket(id: $id) { id subtasks { nodes { id } } } }';
const subtaskIds = (body: any): string[] => body.data.ticket.subtasks.nodes.map((n: { id: string }) => n.id);

async function until<T>(read: () => Promise<T>, done: (value: T) => boolean, ms = 8000): Promise<T> {
  const end = Date.now() + ms;
  let value = await read();
  while (!done(value) && Date.now() < end) {
    await new Promise((resolve) => setTimeout(resolve, 50));
    value = await read();
  }
  return value;
}

/** A parent ticket in `folderId`, made behind the subgraph's back. */
async function wrikeTask(h: { wrike: SubgraphHarness['wrike'] }, folderId: string, title: string, extra: Record<string, unknown> = {}): Promise<string> {
  return (await h.wrike('POST', `/folders/${folderId}/tasks`, { title, ...extra }))[0].id as string;
}

describe('a read in flight while a write drops its key does not put the old entity back', () => {
  let h: SubgraphHarness;
  beforeAll(async () => {
    h = await startSubgraph(CACHE_ON);
  });
  afterAll(() => h.close());

  it('a slow read of a parent, a sub-task created meanwhile: the next reads show the sub-task', async () => {
    const space = [...h.server.sandbox!.store.folders.values()].find((f) => f.space)!.id;
    const parent = await wrikeTask(h, space, 'Slow parent');
    await h.control('/faults', { method: 'PUT', body: { routeLatencyMs: { 'GET /tasks/:ids': 1500 } } });
    const slow = h.query(SUBTASKS, { id: parent });
    // The read's answer is made (without the sub-task) and held; the write goes out meanwhile.
    while (h.server.sandbox!.faults.holding === 0) await new Promise((resolve) => setTimeout(resolve, 5));
    await h.control('/faults', { method: 'PUT', body: { routeLatencyMs: {} } });
    const created = await h.query('mutation($c: ID!, $p: ID!) { createTicket(input: { collectionId: $c, title: "Made meanwhile", parentTicketIds: [$p] }) { ticket { id } userErrors { message } } }', { c: space, p: parent });
    expect(created.body.data.createTicket.userErrors).toEqual([]);
    const child = created.body.data.createTicket.ticket.id as string;
    expect(subtaskIds((await slow).body)).toEqual([]);
    for (let i = 0; i < 2; i++) {
      const later = await h.query(SUBTASKS, { id: parent });
      expect(subtaskIds(later.body)).toEqual([child]);
    }
  });

  it('a slow folder-tree read, a collection created meanwhile: the tree read afterwards names it', async () => {
    const space = [...h.server.sandbox!.store.folders.values()].find((f) => !f.space && f.scope === 'WsFolder')!.id;
    const q = 'query($id: ID!) { collection(id: $id) { id children(first: 100) { nodes { id } } } }';
    await h.control('/faults', { method: 'PUT', body: { routeLatencyMs: { 'GET /folders': 1500, 'GET /folders/:ids': 1500 } } });
    const slow = h.query(q, { id: space });
    while (h.server.sandbox!.faults.holding === 0) await new Promise((resolve) => setTimeout(resolve, 5));
    await h.control('/faults', { method: 'PUT', body: { routeLatencyMs: {} } });
    const created = await h.query('mutation($p: ID!) { createCollection(input: { parentId: $p, name: "Made meanwhile" }) { collection { id } userErrors { message } } }', { p: space });
    expect(created.body.data.createCollection.userErrors).toEqual([]);
    const id = created.body.data.createCollection.collection.id as string;
    await slow;
    const later = await h.query(q, { id: space });
    expect(later.body.data.collection.children.nodes.map((n: { id: string }) => n.id)).toContain(id);
  });
});

const redisSuite = redisUp() ? describe : describe.skip;

redisSuite('two replicas sharing the cache in Redis', () => {
  let sandbox: SandboxHarness;
  const replicas: RunningServer[] = [];
  afterAll(async () => {
    await Promise.all(replicas.map((r) => r.stop()));
    await sandbox?.close();
  });

  const replica = (prefix: string) => startServer({
    PORT: '0', SANDBOX: 'false', OPEN_MODE: 'true', WRIKE_API_BASE_URL: `${sandbox.url}/api/v4`, WRIKE_PERMANENT_TOKEN: sandbox.token, LOG_LEVEL: 'silent',
    REDIS_URL, REDIS_KEY_PREFIX: prefix, CURSOR_SECRET: 'cache-coherence-secret-0123456789', ENCRYPTION_KEY: TEST_ENCRYPTION_KEY,
    DATA_DIR: mkdtempSync(path.join(os.tmpdir(), 'wsg-coherence-')), WRIKE_BUDGET_PER_MINUTE: '1000000', WRIKE_BUDGET_BURST: '1000', ...CACHE_ON,
  });
  const query = (server: RunningServer, q: string, variables: object = {}) => fetch(server.url, {
    method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ query: q, variables }),
  }).then((r) => r.json() as Promise<any>);

  it('a slow read on one replica, a sub-task created on the other meanwhile: both then read the sub-task', async () => {
    sandbox = await startSandbox({ size: 'small' });
    const prefix = testKeyPrefix();
    const [a, b] = await Promise.all([replica(prefix), replica(prefix)]);
    replicas.push(a, b);
    const space = [...sandbox.sandbox.store.folders.values()].find((f) => f.space)!.id;
    const parent = (await sandbox.api(`/folders/${space}/tasks`, { method: 'POST', form: { title: 'Parent read on A' } })).body.data[0].id as string;

    await sandbox.control('/faults', { method: 'PUT', body: { routeLatencyMs: { 'GET /tasks/:ids': 1500 } } });
    const slow = query(a, SUBTASKS, { id: parent });
    while (sandbox.sandbox.faults.holding === 0) await new Promise((resolve) => setTimeout(resolve, 5));
    await sandbox.control('/faults', { method: 'PUT', body: { routeLatencyMs: {} } });
    const created = await query(b, 'mutation($c: ID!, $p: ID!) { createTicket(input: { collectionId: $c, title: "Made on B", parentTicketIds: [$p] }) { ticket { id } userErrors { message } } }', { c: space, p: parent });
    expect(created.data.createTicket.userErrors).toEqual([]);
    const child = created.data.createTicket.ticket.id as string;
    expect(subtaskIds(await slow)).toEqual([]);

    for (const server of [a, b, a]) expect(subtaskIds(await query(server, SUBTASKS, { id: parent }))).toEqual([child]);
  }, 60_000);

  it('a write on one replica is read on the other at once, though the other had it cached', async () => {
    const [a, b] = replicas as [RunningServer, RunningServer];
    const id = [...sandbox.sandbox.store.tasks.values()].find((t) => t.scope === 'WsTask')!.id;
    const TITLE = 'query($id: ID!) { ticket(id: $id) { title } }';
    await query(a, TITLE, { id });
    sandbox.sandbox.counters.reset();
    await query(a, TITLE, { id });
    expect(sandbox.sandbox.counters.snapshot().byRoute['GET /tasks/:ids']).toBeUndefined();
    const write = await query(b, 'mutation($id: ID!) { updateTicket(input: { id: $id, title: "Written on B" }) { userErrors { message } } }', { id });
    expect(write.data.updateTicket.userErrors).toEqual([]);
    expect((await query(a, TITLE, { id })).data.ticket.title).toBe('Written on B');
  }, 60_000);
});
