import { startSubgraph, type SubgraphHarness } from '../helpers/subgraph';

/**
 * More than an upstream page (1,000) of tasks changed in one second (a bulk edit): the change feed walks that second
 * by Wrike's page token and goes on past it, every ticket once, instead of handing back the same endCursor for ever.
 */
let h: SubgraphHarness;
beforeAll(async () => {
  h = await startSubgraph({ SANDBOX_SIZE: 'demo' });
}, 60_000);
afterAll(() => h.close());

const FEED = `query($s: DateTime!, $after: String, $first: Int) { ticketChanges(since: $s, first: $first, after: $after) {
  nodes { id } tombstones { id } pageInfo { hasNextPage endCursor } } }`;

const stamp = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');

it('reads a tie group of 1,200 tasks at one updatedDate, then the tasks after it, each once', async () => {
  const store = h.server.sandbox!.store;
  const live = [...store.tasks.values()].filter((t) => t.scope === 'WsTask');
  expect(live.length).toBeGreaterThan(1210);
  const base = Date.now() - 120_000;
  const tied = live.slice(0, 1200);
  const later = live.slice(1200, 1210);
  for (const task of tied) task.updatedDate = stamp(base);
  for (const task of later) task.updatedDate = stamp(base + 5000);
  const expected = [...store.tasks.values()].filter((t) => t.scope === 'WsTask' && t.updatedDate >= stamp(base)).map((t) => t.id);

  for (const first of [100, 37]) {
    const seen: string[] = [];
    let after: string | null = null;
    let pages = 0;
    for (;;) {
      const res = await h.query(FEED, { s: stamp(base), after, first });
      expect(res.body.errors).toBeUndefined();
      // Priced at its worst case: never more calls than estimated.
      expect(res.body.extensions.cost.actualCalls).toBeLessThanOrEqual(res.body.extensions.cost.estimatedCalls);
      const page = res.body.data.ticketChanges;
      seen.push(...page.nodes.map((n: { id: string }) => n.id));
      if (page.pageInfo.hasNextPage) expect(page.pageInfo.endCursor).not.toBe(after);
      after = page.pageInfo.endCursor ?? after;
      pages++;
      expect(pages).toBeLessThan(60);
      if (!page.pageInfo.hasNextPage) break;
    }
    expect(new Set(seen).size).toBe(seen.length);
    expect(new Set(seen)).toEqual(new Set(expected));
    for (const task of later) expect(seen).toContain(task.id);
  }
}, 180_000);

const LIST = `query($after: String, $o: TicketOrder!) { tickets(first: 100, after: $after, orderBy: $o, filter: { includeSubtasks: true }) {
  nodes { id } pageInfo { hasNextPage endCursor } } }`;

it.each([
  ['updatedDate', { field: 'UPDATED_AT', direction: 'DESC' }],
  ['createdDate', { field: 'CREATED_AT', direction: 'ASC' }],
] as const)('tickets ordered by %s walks a tie group of 1,200 and lists every ticket once', async (key, order) => {
  const store = h.server.sandbox!.store;
  const live = [...store.tasks.values()].filter((t) => t.scope === 'WsTask');
  expect(live.length).toBeGreaterThan(1300);
  const at = stamp(Date.now() - 600_000);
  for (const task of live.slice(100, 1300)) task[key] = at;
  const seen: string[] = [];
  let after: string | null = null;
  for (let pages = 1; ; pages++) {
    const res = await h.query(LIST, { after, o: order });
    expect(res.body.errors).toBeUndefined();
    const page = res.body.data.tickets;
    seen.push(...page.nodes.map((n: { id: string }) => n.id));
    if (page.pageInfo.hasNextPage) expect(page.pageInfo.endCursor).not.toBe(after);
    after = page.pageInfo.endCursor ?? after;
    expect(pages).toBeLessThan(80);
    if (!page.pageInfo.hasNextPage) break;
  }
  expect(new Set(seen).size).toBe(seen.length);
  expect(new Set(seen)).toEqual(new Set([...store.tasks.values()].filter((t) => t.scope === 'WsTask').map((t) => t.id)));
}, 180_000);

it('a cursor inside a walked second whose Wrike page token has expired is CHANGES_EXPIRED, naming that second', async () => {
  const store = h.server.sandbox!.store;
  const live = [...store.tasks.values()].filter((t) => t.scope === 'WsTask');
  const second = stamp(Date.now() - 30_000);
  for (const task of live.slice(0, 1200)) task.updatedDate = second;
  const payloadOf = (cursor: string) => JSON.parse(Buffer.from(cursor.split('.')[0]!, 'base64url').toString('utf8')) as { t?: string };
  let after: string | null = null;
  for (let pages = 0; !after || payloadOf(after).t === undefined; pages++) {
    expect(pages).toBeLessThan(15);
    const res = await h.query(FEED, { s: second, after, first: 100 });
    expect(res.body.errors).toBeUndefined();
    after = res.body.data.ticketChanges.pageInfo.endCursor;
  }
  await h.control('/page-tokens/expire', { method: 'POST' });
  const res = await h.query(FEED, { s: second, after, first: 100 });
  expect(res.body.errors[0].extensions.code).toBe('CHANGES_EXPIRED');
  expect(res.body.errors[0].message).toContain(second);
}, 120_000);

it('a tickets cursor inside a walked key whose Wrike page token has expired is BAD_USER_INPUT', async () => {
  const store = h.server.sandbox!.store;
  const live = [...store.tasks.values()].filter((t) => t.scope === 'WsTask');
  const at = stamp(Date.now() - 900_000);
  for (const task of live.slice(0, 1200)) task.createdDate = at;
  const payloadOf = (cursor: string) => JSON.parse(Buffer.from(cursor.split('.')[0]!, 'base64url').toString('utf8')) as { t?: string };
  const order = { field: 'CREATED_AT', direction: 'ASC' };
  let after: string | null = null;
  for (let pages = 0; !after || payloadOf(after).t === undefined; pages++) {
    expect(pages).toBeLessThan(30);
    const res = await h.query(LIST, { after, o: order });
    expect(res.body.errors).toBeUndefined();
    after = res.body.data.tickets.pageInfo.endCursor;
  }
  await h.control('/page-tokens/expire', { method: 'POST' });
  const res = await h.query(LIST, { after, o: order });
  expect(res.body.errors[0].extensions).toEqual({ code: 'BAD_USER_INPUT', argumentName: 'after' });
}, 120_000);
