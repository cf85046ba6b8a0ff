import type { ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import { builtServerExists, startBuiltServers, stopBuiltServer } from '../helpers/process';
import path from 'node:path';
import { startSubgraph, TEST_ENCRYPTION_KEY, type SubgraphHarness } from '../helpers/subgraph';
import { startSandbox, type SandboxHarness } from '../helpers/sandbox';
import { linkThroughConsentPage } from '../helpers/oauth-link';
import { REDIS_URL, redisUp, testKeyPrefix } from '../helpers/redis';

/** Living inside Wrike's rate limit: coalescing, the shared cache, the budget's pauses and deadlines, Redis. */

const TICKET = 'query($id: ID!) { ticket(id: $id) { id title status { name } } }';
const taskIds = (h: SubgraphHarness) => [...h.server.sandbox!.store.tasks.values()].filter((t) => t.scope === 'WsTask').map((t) => t.id);

describe('identical calls in flight are made once', () => {
  let h: SubgraphHarness;
  beforeAll(async () => {
    h = await startSubgraph();
  });
  afterAll(() => h.close());

  it('20 concurrent requests for the same ticket make one task call and one workflows call', async () => {
    // Each Wrike call takes a second: every request arrives while the first ones are in flight, however busy the machine.
    await h.control('/faults', { method: 'PUT', body: { latencyMs: 1000 } });
    await h.resetCalls();
    const id = taskIds(h)[3]!;
    const results = await Promise.all(Array.from({ length: 20 }, () => h.query(TICKET, { id })));
    await h.control('/faults', { method: 'DELETE' });
    for (const res of results) expect(res.body.data.ticket.id).toBe(id);
    expect((await h.calls()).byRoute).toEqual({ 'GET /tasks/:ids': 1, 'GET /workflows': 1 });
  });
});

describe('the shared cache', () => {
  let h: SubgraphHarness;
  beforeAll(async () => {
    h = await startSubgraph({ CACHE_MAX_STALENESS_MS: '60000', CACHE_METADATA_TTL_MS: '60000' });
  });
  afterAll(() => h.close());
  beforeEach(() => h.resetCalls());

  it('serves a hot ticket(id) with its status from the cache: no Wrike call, and says so in extensions.cost', async () => {
    const id = taskIds(h)[5]!;
    const cold = await h.query(TICKET, { id });
    expect(cold.body.extensions.cost.actualCalls).toBe(2);
    await h.resetCalls();
    const hot = await h.query(TICKET, { id });
    expect(hot.body.data).toEqual(cold.body.data);
    expect(hot.body.extensions.cost.actualCalls).toBe(0);
    expect((await h.calls()).total).toBe(0);
    // The harness's budget: a million a minute, so ⌊1,000,000 / 60⌋ a rolling second; calls spaced evenly at that
    // rate fill the second, which leaves no room for its burst of 1,000 (see burstOf in src/wrike/budget.ts).
    expect(hot.body.extensions.cost.throttleStatus).toMatchObject({ maximumAvailable: 1, ratePerSecond: 16666, maximumRatePerSecond: 16666 });
  });

  it('answers from cached account metadata exactly as from Wrike (every kind, read twice)', async () => {
    const id = taskIds(h)[11]!;
    const q = `query($id: ID!) {
      ticket(id: $id) { status { name category } workspace { name } customFields { field { name type options } rawValue } collections { name } }
      ticketStatuses { id name workflowName } fields { nodes { id name type } } workspaces { nodes { name collections { nodes { name } } } }
      users(first: 100) { nodes { name groups { name } } } groups { nodes { name members { name } } } roles { name kind }
    }`;
    const first = await h.query(q, { id }, { 'Cache-Control': 'no-cache' });
    expect(first.body.errors).toBeUndefined();
    await h.resetCalls();
    const second = await h.query(q, { id });
    expect(second.body.errors).toBeUndefined();
    expect(second.body.data).toEqual(first.body.data);
    expect((await h.calls()).total).toBeLessThan(first.body.extensions.cost.actualCalls);
  });

  it('Cache-Control: no-cache reads Wrike afresh and refreshes the cache', async () => {
    const id = taskIds(h)[6]!;
    await h.query(TICKET, { id });
    h.server.sandbox!.store.tasks.get(id)!.title = 'Changed behind our back';
    expect((await h.query(TICKET, { id })).body.data.ticket.title).not.toBe('Changed behind our back');
    await h.resetCalls();
    const fresh = await h.query(TICKET, { id }, { 'Cache-Control': 'no-cache' });
    expect(fresh.body.data.ticket.title).toBe('Changed behind our back');
    expect((await h.calls()).byRoute).toEqual({ 'GET /tasks/:ids': 1, 'GET /workflows': 1 });
    expect((await h.query(TICKET, { id })).body.data.ticket.title).toBe('Changed behind our back');
  });

  it('a write through the subgraph is visible on the next read at once (the write drops what it changed)', async () => {
    const id = taskIds(h)[7]!;
    await h.query(TICKET, { id });
    const write = await h.query('mutation($id: ID!) { updateTicket(input: { id: $id, title: "Renamed here" }) { ticket { id } userErrors { message } } }', { id });
    expect(write.body.data.updateTicket.userErrors).toEqual([]);
    expect((await h.query(TICKET, { id })).body.data.ticket.title).toBe('Renamed here');
  });

  it('a status the cached workflows do not know makes one refresh, not an error', async () => {
    const store = h.server.sandbox!.store;
    const id = taskIds(h)[8]!;
    await h.query(TICKET, { id });
    // Someone adds a status in Wrike and moves the ticket there.
    const workflow = [...store.workflows.values()][0]!;
    const added = { ...workflow.customStatuses[0]!, id: `${workflow.customStatuses[0]!.id.slice(0, 10)}ZZZZZZ`, name: 'Brand new column', standard: false };
    workflow.customStatuses.push(added);
    store.tasks.get(id)!.customStatusId = added.id;
    await h.resetCalls();
    const res = await h.query(TICKET, { id }, { 'Cache-Control': 'no-cache' });
    expect(res.body.errors).toBeUndefined();
    expect(res.body.data.ticket.status.name).toBe('Brand new column');
    const later = await h.query('query($id: ID!) { ticket(id: $id) { status { name } } }', { id });
    expect(later.body.data.ticket.status.name).toBe('Brand new column');
  });

  it('/metrics shows, per connection, cache hits and misses, coalesced calls and the budget available', async () => {
    const id = taskIds(h)[12]!;
    await Promise.all([h.query(TICKET, { id }), h.query(TICKET, { id })]);
    await h.query(TICKET, { id });
    const text = await (await fetch(h.server.url.replace('/graphql', '/metrics'))).text();
    expect(text).toMatch(/wrike_cache_lookups_total\{connection="default",kind="task",outcome="hit"\} [1-9]/);
    expect(text).toMatch(/wrike_cache_lookups_total\{connection="default",kind="task",outcome="miss"\} [1-9]/);
    expect(text).toMatch(/wrike_budget_available_calls\{connection="default"\} [1-9]/);
    expect(text).toMatch(/# TYPE wrike_coalesced_calls_total counter/);
    expect(text).toMatch(/# TYPE wrike_budget_waits_total counter/);
  });

  it('no connection ever reads another connection\'s entries', async () => {
    const { connectionId } = await linkThroughConsentPage(h);
    const id = taskIds(h)[9]!;
    await h.query(TICKET, { id }, { 'X-Connection-Id': 'default' });
    await h.resetCalls();
    const other = await h.query(TICKET, { id }, { 'X-Connection-Id': connectionId! });
    expect(other.body.data.ticket.id).toBe(id);
    expect((await h.calls()).byRoute['GET /tasks/:ids']).toBe(1);
  });
});

describe('the call budget', () => {
  let h: SubgraphHarness;
  afterEach(() => h?.close());

  it('fails calls still waiting when the request\'s deadline passes with RATE_LIMITED and retryAfter; Wrike never sees them', async () => {
    h = await startSubgraph({ WRIKE_BUDGET_PER_MINUTE: '60', WRIKE_BUDGET_BURST: '1', REQUEST_DEADLINE_MS: '400' });
    const [a] = taskIds(h);
    // The server read its account at start with the one call the bucket held; a second later it holds one again.
    await new Promise((resolve) => setTimeout(resolve, 1100));
    await h.resetCalls();
    const res = await h.query('query($a: ID!) { ticket(id: $a) { id } ticketStatuses { id } fields { totalCount } }', { a });
    const limited = (res.body.errors ?? []).filter((e: { extensions: { code: string } }) => e.extensions.code === 'RATE_LIMITED');
    expect(limited).toHaveLength(2);
    for (const e of limited) expect(e.extensions.retryAfter).toBeGreaterThanOrEqual(1);
    expect((await h.calls()).total).toBe(1);
  });

  it('a 429 storm without Retry-After backs off (at least a second) and answers', async () => {
    h = await startSubgraph();
    await h.control('/faults', { method: 'PUT', body: { force429: 2, noRetryAfter: 1 } });
    await h.resetCalls();
    const res = await h.query('{ ticketStatuses { id } }');
    expect(res.body.errors).toBeUndefined();
    const times = (await h.calls()).calls.map((c) => c.startedAt);
    expect(times).toHaveLength(3);
    for (let i = 1; i < times.length; i++) expect(times[i]! - times[i - 1]!).toBeGreaterThanOrEqual(950);
  });

  it('a 429 with Retry-After: 0 repeated forever ends, with RATE_LIMITED, in a bounded number of calls', async () => {
    h = await startSubgraph();
    await h.control('/faults', { method: 'PUT', body: { force429: 1000, retryAfterSeconds: 0 } });
    await h.resetCalls();
    const res = await h.query('{ ticketStatuses { id } }');
    expect(res.body.errors[0].extensions.code).toBe('RATE_LIMITED');
    expect((await h.calls()).total).toBeLessThanOrEqual(9);
    await h.control('/faults', { method: 'DELETE' });
  });
});

const built = builtServerExists('the two-replica test');
const redisSuite = redisUp() && built ? describe : describe.skip;



redisSuite('two replicas sharing Redis', () => {
  let sandbox: SandboxHarness;
  const replicas: ChildProcess[] = [];
  afterAll(async () => {
    await Promise.all(replicas.map(stopBuiltServer));
    await sandbox?.close();
  });

  it('stay within one budget together, and a write on one is read on the other at once', async () => {
    sandbox = await startSandbox({ size: 'small' });
    const env = {
      SANDBOX: 'false', OPEN_MODE: 'true', WRIKE_API_BASE_URL: `${sandbox.url}/api/v4`, WRIKE_PERMANENT_TOKEN: sandbox.token, LOG_LEVEL: 'silent',
      REDIS_URL, REDIS_KEY_PREFIX: testKeyPrefix(), WRIKE_BUDGET_PER_MINUTE: '240', WRIKE_BUDGET_BURST: '2', REQUEST_DEADLINE_MS: '30000',
      CACHE_MAX_STALENESS_MS: '60000', CURSOR_SECRET: 'two-replicas-secret-0123456789', ENCRYPTION_KEY: TEST_ENCRYPTION_KEY, DATA_DIR: mkdtempSync(path.join(os.tmpdir(), 'wsg-redis-')),
    };
    const [a, b] = await startBuiltServers([env, env], replicas);
    const query = (url: string, q: string, variables: object = {}, headers: Record<string, string> = {}) => fetch(url, {
      method: 'POST', headers: { 'Content-Type': 'application/json', ...headers }, body: JSON.stringify({ query: q, variables }),
    }).then((r) => r.json() as Promise<any>);
    const ids = [...sandbox.sandbox.store.tasks.values()].filter((t) => t.scope === 'WsTask').map((t) => t.id);

    // Both replicas under load: 20 fresh reads each, all at once, each with a comment list (one call per ticket: it
    // cannot be batched). The budget is 4 calls a second.
    sandbox.sandbox.counters.reset();
    const started = Date.now();
    const results = await Promise.all(ids.slice(0, 40).map((id, i) =>
      query(i % 2 ? a!.url : b!.url, 'query($id: ID!) { ticket(id: $id) { id comments { totalCount } } }', { id }, { 'Cache-Control': 'no-cache' })));
    const seconds = (Date.now() - started) / 1000;
    for (const [i, result] of results.entries()) expect(result.data.ticket.id).toBe(ids[i]);
    const calls = sandbox.sandbox.counters.snapshot().calls;
    expect(calls.filter((c) => c.route === 'GET /tasks/:taskId/comments')).toHaveLength(40);
    // The ticket reads of concurrent requests were batched together on each replica.
    expect(calls.filter((c) => c.route === 'GET /tasks/:ids').length).toBeLessThan(40);
    // Within any window, the two together never made more than the budget allows (a burst of 2, then 4 a second).
    const starts = calls.map((c) => c.startedAt).sort((x, y) => x - y);
    for (let i = 0; i < starts.length; i++) {
      const inSecond = starts.filter((t) => t >= starts[i]! && t < starts[i]! + 1000).length;
      expect(inSecond).toBeLessThanOrEqual(4 + 2 + 1);
    }
    expect(seconds).toBeGreaterThanOrEqual((calls.length - 2) / 4 - 1);

    // A write on one is read on the other at once, though the other had it cached.
    const id = ids[0]!;
    expect((await query(a!.url, 'query($id: ID!) { ticket(id: $id) { title } }', { id })).data.ticket.title).toBeDefined();
    const write = await query(b!.url, 'mutation($id: ID!) { updateTicket(input: { id: $id, title: "Written on B" }) { userErrors { message } } }', { id });
    expect(write.data.updateTicket.userErrors).toEqual([]);
    expect((await query(a!.url, 'query($id: ID!) { ticket(id: $id) { title } }', { id })).data.ticket.title).toBe('Written on B');
  }, 90_000);
});
