import { startSubgraph, type SubgraphHarness } from '../helpers/subgraph';
import type { Task } from '../../src/sandbox/model';

let h: SubgraphHarness;
beforeAll(async () => {
  h = await startSubgraph();
});
afterAll(() => h.close());
beforeEach(() => h.resetCalls());

const store = () => h.server.sandbox!.store;
const epic = () => [...store().tasks.values()].find((t) => t.title === 'Platform rewrite (epic)')!;

/** The sub-tree below a task, level by level, each task once (what descendants must return). */
function levels(root: Task): string[][] {
  const seen = new Set([root.id]);
  const out: string[][] = [];
  let frontier = [root];
  while (frontier.length > 0) {
    const next: Task[] = [];
    for (const task of frontier) {
      for (const id of task.subTaskIds) {
        if (seen.has(id)) continue;
        seen.add(id);
        next.push(store().tasks.get(id)!);
      }
    }
    if (next.length > 0) out.push(next.map((t) => t.id));
    frontier = next;
  }
  return out;
}

const DESCENDANTS = `query($id: ID!, $after: String) {
  ticket(id: $id) { id descendants(maxDepth: 10, first: 100, after: $after) {
    truncated pageInfo { hasNextPage endCursor } edges { depth parentId node { id title } } } }
}`;

describe('sub-task hierarchy', () => {
  it('walks descendants breadth first, one round of task calls per level, each ticket once (diamond included)', async () => {
    const expected = levels(epic());
    expect(expected.length).toBeGreaterThanOrEqual(6);
    const res = await h.query(DESCENDANTS, { id: epic().id });
    expect(res.body.errors).toBeUndefined();
    const edges = res.body.data.ticket.descendants.edges;
    expect(edges.map((e: { node: { id: string } }) => e.node.id)).toEqual(expected.flat().slice(0, 100));
    expect(edges.map((e: { depth: number }) => e.depth)).toEqual(expected.flatMap((level, d) => level.map(() => d + 1)).slice(0, 100));
    expect(res.body.data.ticket.descendants.pageInfo.hasNextPage).toBe(expected.flat().length > 100);
    for (const edge of edges) expect(store().tasks.get(edge.parentId)!.subTaskIds).toContain(edge.node.id);
    const diamond = [...store().tasks.values()].find((t) => t.superTaskIds.length === 2)!;
    expect(edges.filter((e: { node: { id: string } }) => e.node.id === diamond.id)).toHaveLength(1);
    const calls = await h.calls();
    // The root, then one batched round per level (ceil(width/100) calls each), until the walk holds the page and one
    // more ticket: deeper levels are not read.
    let held = 0;
    let levelCalls = 0;
    for (const level of expected) {
      if (held >= 101) break;
      held += level.length;
      levelCalls += Math.ceil(level.length / 100);
    }
    expect(calls.byRoute).toEqual({ 'GET /tasks/:ids': 1 + levelCalls });
    expect(res.body.data.ticket.descendants.truncated).toBe(false);
  });

  it('pages through descendants with cursors', async () => {
    const all = levels(epic()).flat();
    const first = await h.query(DESCENDANTS.replace('first: 100', 'first: 10'), { id: epic().id });
    const page1 = first.body.data.ticket.descendants;
    expect(page1.edges).toHaveLength(10);
    expect(page1.pageInfo.hasNextPage).toBe(true);
    const second = await h.query(DESCENDANTS.replace('first: 100', 'first: 10'), { id: epic().id, after: page1.pageInfo.endCursor });
    expect(second.body.data.ticket.descendants.edges.map((e: { node: { id: string } }) => e.node.id)).toEqual(all.slice(10, 20));
  });

  it('stops at maxDepth', async () => {
    const res = await h.query(`query($id: ID!) { ticket(id: $id) { descendants(maxDepth: 2, first: 100) { edges { depth } } } }`, { id: epic().id });
    const depths = res.body.data.ticket.descendants.edges.map((e: { depth: number }) => e.depth);
    expect(Math.max(...depths)).toBe(2);
    expect(depths).toHaveLength(levels(epic())[0]!.length + levels(epic())[1]!.length);
  });

  it('lists ancestors of a deep sub-task nearest first, each once, through both parents of a diamond', async () => {
    const deepest = levels(epic()).at(-1)![0]!;
    const chain: string[] = [];
    for (let t = store().tasks.get(deepest)!; t.superTaskIds.length > 0; t = store().tasks.get(t.superTaskIds[0]!)!) chain.push(t.superTaskIds[0]!);
    const res = await h.query('query($id: ID!) { ticket(id: $id) { ancestors { id } parents { id } } }', { id: deepest });
    expect(res.body.data.ticket.ancestors.map((a: { id: string }) => a.id)).toEqual(chain);
    expect(res.body.data.ticket.parents.map((a: { id: string }) => a.id)).toEqual([chain[0]]);
    const diamond = [...store().tasks.values()].find((t) => t.superTaskIds.length === 2)!;
    const up = await h.query('query($id: ID!) { ticket(id: $id) { parents { id } ancestors { id } } }', { id: diamond.id });
    expect(up.body.data.ticket.parents.map((p: { id: string }) => p.id)).toEqual(diamond.superTaskIds);
    const ancestors = up.body.data.ticket.ancestors.map((a: { id: string }) => a.id);
    expect(ancestors).toEqual([...diamond.superTaskIds, epic().id]);
  });

  it('survives a cycle in the data: each ticket once, the walk ends', async () => {
    // Wrike refuses to create cycles; the client must not loop if one ever appears. Make one behind the API's back.
    const [a, b] = levels(epic())[0]!.map((id) => store().tasks.get(id)!);
    const c = store().tasks.get(a!.subTaskIds[0]!)!;
    c.subTaskIds.push(a!.id);
    a!.superTaskIds.push(c.id);
    try {
      const res = await h.query(DESCENDANTS, { id: a!.id });
      const ids = res.body.data.ticket.descendants.edges.map((e: { node: { id: string } }) => e.node.id);
      expect(new Set(ids).size).toBe(ids.length);
      expect(ids).not.toContain(a!.id);
      const up = await h.query('query($id: ID!) { ticket(id: $id) { ancestors { id } } }', { id: c.id });
      const ancestors = up.body.data.ticket.ancestors.map((x: { id: string }) => x.id);
      expect(new Set(ancestors).size).toBe(ancestors.length);
      expect(ancestors).toContain(a!.id);
      expect(b).toBeDefined();
    } finally {
      c.subTaskIds.pop();
      a!.superTaskIds.pop();
    }
  });

  it('pages direct sub-tasks, hasSubtasks tells leaves apart', async () => {
    const res = await h.query('query($id: ID!) { ticket(id: $id) { hasSubtasks subtasks(first: 2) { pageInfo { hasNextPage } nodes { id hasSubtasks } } } }', { id: epic().id });
    expect(res.body.data.ticket.hasSubtasks).toBe(true);
    expect(res.body.data.ticket.subtasks.nodes.map((n: { id: string }) => n.id)).toEqual(epic().subTaskIds.slice(0, 2));
    expect(res.body.data.ticket.subtasks.pageInfo.hasNextPage).toBe(true);
  });
});
