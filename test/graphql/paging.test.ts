import { startSubgraph, type SubgraphHarness } from '../helpers/subgraph';

let h: SubgraphHarness;
beforeAll(async () => {
  h = await startSubgraph({ SANDBOX_SIZE: 'demo' });
});
afterAll(() => h.close());
beforeEach(() => h.resetCalls());

const store = () => h.server.sandbox!.store;
const PAGE = `query($after: String, $first: Int, $filter: TicketFilter) {
  tickets(first: $first, after: $after, filter: $filter) { totalCount pageInfo { hasNextPage endCursor } edges { cursor node { id } } }
}`;

async function pageAll(filter: object, first: number) {
  const ids: string[] = [];
  let after: string | null = null;
  let pages = 0;
  for (;;) {
    const res = await h.query(PAGE, { after, first, filter });
    expect(res.body.errors).toBeUndefined();
    const conn = res.body.data.tickets;
    ids.push(...conn.edges.map((e: { node: { id: string } }) => e.node.id));
    pages++;
    if (!conn.pageInfo.hasNextPage) break;
    after = conn.pageInfo.endCursor;
  }
  return { ids, pages };
}

describe('the cursor layer over nextPageToken', () => {
  it('pages through every ticket, 100 at a time, each exactly once, one Wrike call per page', async () => {
    const expected = [...store().tasks.values()].filter((t) => t.scope === 'WsTask').length;
    expect(expected).toBe(2000);
    const { ids, pages } = await pageAll({ includeSubtasks: true }, 100);
    expect(ids).toHaveLength(expected);
    expect(new Set(ids).size).toBe(expected);
    expect(pages).toBe(20);
    expect((await h.calls()).byRoute).toEqual({ 'GET /tasks': 20 });
  });

  it('pages through a whole workspace', async () => {
    const space = [...store().spaces.keys()][0]!;
    const inSpace = [...store().tasks.values()].filter((t) => t.scope === 'WsTask' && [...t.parentIds, ...t.superParentIds].some((f) => store().spaceOfFolder(f) === space));
    const { ids } = await pageAll({ workspaceId: space, includeSubtasks: true }, 100);
    expect(new Set(ids)).toEqual(new Set(inSpace.map((t) => t.id)));
    expect(ids).toHaveLength(inSpace.length);
  });

  it('resumes from a cursor in the middle of a page', async () => {
    const all = (await pageAll({}, 100)).ids;
    const first = await h.query(PAGE, { first: 100 });
    const middle = first.body.data.tickets.edges[49].cursor;
    const resumed = await h.query(PAGE, { first: 100, after: middle });
    expect(resumed.body.data.tickets.edges.map((e: { node: { id: string } }) => e.node.id)).toEqual(all.slice(50, 150));
  });

  it('resumes transparently after Wrike\'s page token expired', async () => {
    const all = (await pageAll({}, 50)).ids;
    const first = await h.query(PAGE, { first: 50 });
    await h.control('/page-tokens/expire', { method: 'POST' });
    const next = await h.query(PAGE, { first: 50, after: first.body.data.tickets.pageInfo.endCursor });
    expect(next.body.errors).toBeUndefined();
    expect(next.body.data.tickets.edges.map((e: { node: { id: string } }) => e.node.id)).toEqual(all.slice(50, 100));
  });

  it('answers CURSOR_EXPIRED when the page token expired and the cursor\'s place is gone', async () => {
    const first = await h.query(PAGE, { first: 10 });
    const lastId = first.body.data.tickets.edges[9].node.id;
    const task = store().tasks.get(lastId)!;
    await h.control('/page-tokens/expire', { method: 'POST' });
    const saved = task.scope;
    task.scope = 'RbTask'; // moved to the Recycle Bin meanwhile
    try {
      const next = await h.query(PAGE, { first: 10, after: first.body.data.tickets.pageInfo.endCursor });
      expect(next.body.errors[0].extensions.code).toBe('CURSOR_EXPIRED');
    } finally {
      task.scope = saved;
    }
  });

  it('filters by assignee, status category and priority', async () => {
    const someone = [...store().tasks.values()].find((t) => t.responsibleIds.length > 0)!.responsibleIds[0]!;
    const expected = [...store().tasks.values()].filter((t) => t.scope === 'WsTask' && t.parentIds.length > 0
      && t.responsibleIds.includes(someone) && ['Active', 'Deferred'].includes(t.status) && t.importance !== 'Low');
    expect(expected.length).toBeGreaterThan(0);
    const { ids } = await pageAll({ assigneeIds: [someone], statusCategories: ['ACTIVE', 'DEFERRED'], priorities: ['HIGH', 'NORMAL'] }, 100);
    expect(new Set(ids)).toEqual(new Set(expected.map((t) => t.id)));
  });

  it('filters by updated range', async () => {
    const after = '2026-03-01T00:00:00Z';
    const expected = [...store().tasks.values()].filter((t) => t.scope === 'WsTask' && t.parentIds.length > 0 && t.updatedDate >= after);
    const { ids } = await pageAll({ updatedAfter: after }, 100);
    expect(ids).toHaveLength(expected.length);
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
