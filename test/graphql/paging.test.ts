import { startSubgraph, type SubgraphHarness } from '../helpers/subgraph';

let h: SubgraphHarness;
beforeAll(async () => {
  h = await startSubgraph({ SANDBOX_SIZE: 'demo' });
});
afterAll(() => h.close());
beforeEach(() => h.resetCalls());

const store = () => h.server.sandbox!.store;
const PAGE = `query($after: String, $first: Int, $filter: TicketFilter, $orderBy: TicketOrder) {
  tickets(first: $first, after: $after, filter: $filter, orderBy: $orderBy) { pageInfo { hasNextPage endCursor } edges { cursor node { id } } }
}`;
const ids = (res: { body: any }) => res.body.data.tickets.edges.map((e: { node: { id: string } }) => e.node.id) as string[];

async function pageAll(filter: object, first: number, orderBy?: object, between?: (page: number) => Promise<void>) {
  const seen: string[] = [];
  let after: string | null = null;
  let pages = 0;
  for (;;) {
    const res = await h.query(PAGE, { after, first, filter, orderBy });
    expect(res.body.errors).toBeUndefined();
    const conn = res.body.data.tickets;
    seen.push(...conn.edges.map((e: { node: { id: string } }) => e.node.id));
    pages++;
    if (!conn.pageInfo.hasNextPage) break;
    after = conn.pageInfo.endCursor;
    if (between) await between(pages);
  }
  return { ids: seen, pages };
}

const topLevel = () => [...store().tasks.values()].filter((t) => t.scope === 'WsTask' && t.parentIds.length > 0);

describe('ticket lists over Wrike task queries (keyset cursors)', () => {
  it('pages through every ticket, 100 at a time, each exactly once, one Wrike call per page', async () => {
    const expected = [...store().tasks.values()].filter((t) => t.scope === 'WsTask').length;
    expect(expected).toBe(2000);
    const { ids: seen, pages } = await pageAll({ includeSubtasks: true }, 100);
    expect(seen).toHaveLength(expected);
    expect(new Set(seen).size).toBe(expected);
    expect(pages).toBe(20);
    expect((await h.calls()).byRoute).toEqual({ 'GET /tasks': 20 });
  });

  it('sends an explicit order: newest created first by default, or the orderBy asked for', async () => {
    const byCreated = topLevel().sort((a, b) => (a.createdDate === b.createdDate ? 0 : a.createdDate < b.createdDate ? 1 : -1));
    const first = await h.query(PAGE, { first: 30 });
    const createdOf = (id: string) => store().tasks.get(id)!.createdDate;
    expect(ids(first).map(createdOf)).toEqual(byCreated.slice(0, 30).map((t) => t.createdDate));
    const asc = await h.query(PAGE, { first: 30, orderBy: { field: 'CREATED_AT', direction: 'ASC' } });
    expect(ids(asc).map(createdOf)).toEqual([...byCreated].reverse().slice(0, 30).map((t) => t.createdDate));
    const updated = await h.query(PAGE, { first: 30, orderBy: { field: 'UPDATED_AT', direction: 'DESC' } });
    const updatedOf = ids(updated).map((id) => store().tasks.get(id)!.updatedDate);
    expect(updatedOf).toEqual([...updatedOf].sort().reverse());
  });

  it('orders by due date, dated tickets first, undated ones after, every ticket once', async () => {
    const { ids: seen } = await pageAll({}, 100, { field: 'DUE_DATE', direction: 'ASC' });
    expect(new Set(seen)).toEqual(new Set(topLevel().map((t) => t.id)));
    expect(seen).toHaveLength(topLevel().length);
    const dues = seen.map((id) => store().tasks.get(id)!.dates.due);
    const dated = dues.filter((d): d is string => d !== undefined);
    expect(dues.slice(0, dated.length).every((d) => d !== undefined)).toBe(true);
    expect(dated).toEqual([...dated].sort());
  });

  it('never skips the ticket after a cursor when an earlier ticket is deleted between pages', async () => {
    const first = await h.query(PAGE, { first: 5 });
    const [gone, , third] = ids(first);
    await h.wrike('DELETE', `/tasks/${gone}`);
    try {
      const next = await h.query(PAGE, { first: 2, after: first.body.data.tickets.edges[1].cursor });
      expect(ids(next)[0]).toBe(third);
    } finally {
      await h.wrike('PUT', `/tasks/${gone}`, { restore: true });
    }
  });

  it('walks every ticket that existed throughout exactly once while tickets are created, edited, moved and deleted between pages', async () => {
    const before = new Set(topLevel().map((t) => t.id));
    const deleted = new Set<string>();
    const folders = [...store().folders.values()].filter((f) => f.scope === 'WsFolder' && !store().spaces.has(f.id));
    let k = 0;
    const { ids: seen } = await pageAll({}, 50, undefined, async () => {
      const live = topLevel();
      // Edit some (Wrike's default order would move them), move one, delete one, create two.
      for (const task of [live[k * 7 % live.length]!, live[(k * 13 + 5) % live.length]!]) await h.wrike('PUT', `/tasks/${task.id}`, { title: `${task.title} (edited)` });
      const mover = live[(k * 17 + 3) % live.length]!;
      const target = folders[k % folders.length]!;
      if (!mover.parentIds.includes(target.id)) await h.wrike('PUT', `/tasks/${mover.id}`, { addParents: [target.id], removeParents: mover.parentIds });
      const victim = live[(k * 31 + 11) % live.length]!;
      await h.wrike('DELETE', `/tasks/${victim.id}`);
      deleted.add(victim.id);
      for (let n = 0; n < 2; n++) await h.wrike('POST', `/folders/${target.id}/tasks`, { title: `Created during the walk ${k}.${n}` });
      k++;
    });
    const counts = new Map<string, number>();
    for (const id of seen) counts.set(id, (counts.get(id) ?? 0) + 1);
    expect([...counts.values()].every((n) => n === 1)).toBe(true);
    for (const id of before) if (!deleted.has(id)) expect(counts.get(id)).toBe(1);
    expect(k).toBeGreaterThan(20);
  });

  it('lets the client choose Wrike\'s page size: first 5 then first 100 after it is 2 calls, and a resume never depends on Wrike\'s page tokens', async () => {
    // Oldest first: away from the burst of tickets the walk above created within one second (a tie group wider than
    // a page widens that page once, by design).
    const orderBy = { field: 'CREATED_AT', direction: 'ASC' };
    const all = (await pageAll({}, 100, orderBy)).ids;
    await h.resetCalls();
    const small = await h.query(PAGE, { first: 5, orderBy });
    await h.control('/page-tokens/expire', { method: 'POST' });
    const big = await h.query(PAGE, { first: 100, after: small.body.data.tickets.pageInfo.endCursor, orderBy });
    expect(big.body.errors).toBeUndefined();
    expect(ids(big)).toEqual(all.slice(5, 105));
    expect((await h.calls()).byRoute).toEqual({ 'GET /tasks': 2 });
  });

  it('resumes from a cursor deep in the list (item 1,500) in one call', async () => {
    const walk: string[] = [];
    let after: string | null = null;
    let cursorAt1500: string | null = null;
    while (walk.length < 1500) {
      const res = await h.query(PAGE, { first: 100, after, filter: { includeSubtasks: true } });
      walk.push(...ids(res));
      after = res.body.data.tickets.pageInfo.endCursor;
      if (walk.length === 1500) cursorAt1500 = after;
    }
    await h.control('/page-tokens/expire', { method: 'POST' });
    await h.resetCalls();
    const next = await h.query(PAGE, { first: 10, after: cursorAt1500, filter: { includeSubtasks: true } });
    expect(ids(next)).toHaveLength(10);
    expect(walk).not.toContain(ids(next)[0]);
    expect((await h.calls()).byRoute).toEqual({ 'GET /tasks': 1 });
  });

  it('filters by assignee, status category and priority', async () => {
    const someone = [...store().tasks.values()].find((t) => t.responsibleIds.length > 0)!.responsibleIds[0]!;
    const expected = topLevel().filter((t) => t.responsibleIds.includes(someone) && ['Active', 'Deferred'].includes(t.status) && t.importance !== 'Low');
    expect(expected.length).toBeGreaterThan(0);
    const { ids: seen } = await pageAll({ assigneeIds: [someone], statusCategories: ['ACTIVE', 'DEFERRED'], priorities: ['HIGH', 'NORMAL'] }, 100);
    expect(new Set(seen)).toEqual(new Set(expected.map((t) => t.id)));
  });

  it('filters by updated range', async () => {
    const after = '2026-03-01T00:00:00Z';
    const expected = topLevel().filter((t) => t.updatedDate >= after);
    const { ids: seen } = await pageAll({ updatedAfter: after }, 100);
    expect(seen).toHaveLength(expected.length);
  });
});

describe('counts are exact, scans are bounded', () => {
  const COUNT = 'query($f: TicketFilter, $a: String) { tickets(first: 5, after: $a, filter: $f) { totalCount pageInfo { endCursor } } }';

  it('totalCount is exact for two of three priorities (one count per importance), on every page', async () => {
    const expected = topLevel().filter((t) => t.importance !== 'Normal').length;
    const first = await h.query(COUNT, { f: { priorities: ['HIGH', 'LOW'] } });
    expect(first.body.data.tickets.totalCount).toBe(expected);
    expect(first.body.data.tickets.totalCount).not.toBe(topLevel().length);
    const later = await h.query(COUNT, { f: { priorities: ['HIGH', 'LOW'] }, a: first.body.data.tickets.pageInfo.endCursor });
    expect(later.body.data.tickets.totalCount).toBe(expected);
    const plain = await h.query(COUNT, { f: {} });
    expect(plain.body.data.tickets.totalCount).toBe(topLevel().length);
  });

  it('a scan over tickets that all fail the filter stops after a bounded number of Wrike pages, and continues from endCursor', async () => {
    const saved = new Map(topLevel().map((t) => [t.id, t.importance]));
    const keep = topLevel()[topLevel().length - 1]!;
    for (const t of topLevel()) t.importance = t.id === keep.id ? 'High' : 'Normal';
    try {
      const q = 'query($a: String) { tickets(first: 1, after: $a, filter: { priorities: [HIGH, LOW] }) { pageInfo { hasNextPage endCursor } nodes { id } } }';
      const found: string[] = [];
      let after: string | null = null;
      let requests = 0;
      for (;;) {
        await h.resetCalls();
        const res = await h.query(q, { a: after });
        requests++;
        expect((await h.calls()).byRoute['GET /tasks']).toBeLessThanOrEqual(5);
        found.push(...res.body.data.tickets.nodes.map((n: { id: string }) => n.id));
        if (!res.body.data.tickets.pageInfo.hasNextPage) break;
        after = res.body.data.tickets.pageInfo.endCursor;
        expect(after).not.toBeNull();
        expect(requests).toBeLessThan(10);
      }
      expect(found).toEqual([keep.id]);
    } finally {
      for (const t of topLevel()) t.importance = saved.get(t.id) ?? t.importance;
    }
  });
});

describe('lists Wrike returns whole', () => {
  it('pages collections, users and fields with the same cursors', async () => {
    const first = await h.query('{ collections(first: 5) { totalCount pageInfo { endCursor hasNextPage } nodes { id } } }');
    const conn = first.body.data.collections;
    expect(conn.nodes).toHaveLength(5);
    const next = await h.query('query($a: String) { collections(first: 5, after: $a) { nodes { id } } }', { a: conn.pageInfo.endCursor });
    const ids = [...conn.nodes, ...next.body.data.collections.nodes].map((n: { id: string }) => n.id);
    expect(new Set(ids).size).toBe(10);
    const users = await h.query('{ users(first: 100) { totalCount nodes { id isDeleted } } }');
    expect(users.body.data.users.nodes.every((u: { isDeleted: boolean }) => !u.isDeleted)).toBe(true);
    const withDeleted = await h.query('{ users(first: 100, filter: { includeDeleted: true }) { totalCount } }');
    expect(withDeleted.body.data.users.totalCount).toBeGreaterThan(users.body.data.users.totalCount);
  });
});
