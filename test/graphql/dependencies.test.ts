import { startSubgraph, type SubgraphHarness } from '../helpers/subgraph';

let h: SubgraphHarness;
beforeAll(async () => {
  h = await startSubgraph();
});
afterAll(() => h.close());

const store = () => h.server.sandbox!.store;
const DEPENDENCIES = 'dependencies { predecessors { id type predecessor { id } successor { id } } successors { id type predecessor { id } successor { id } } }';

describe('ticket dependencies', () => {
  it('shows what a ticket waits on and what waits on it, as Wrike has them, in few calls', async () => {
    const linked = [...store().tasks.values()].filter((t) => t.dependencyIds.length > 0).slice(0, 20);
    expect(linked.length).toBeGreaterThan(3);
    await h.resetCalls();
    const res = await h.query(`query($ids: [_Any!]!) { _entities(representations: $ids) { ... on Ticket { id ${DEPENDENCIES} } } }`, {
      ids: linked.map((t) => ({ __typename: 'Ticket', id: t.id })),
    });
    expect(res.body.errors).toBeUndefined();
    for (const [i, task] of linked.entries()) {
      const deps = task.dependencyIds.map((id) => store().dependencies.get(id)!);
      const got = res.body.data._entities[i].dependencies;
      expect(got.predecessors.map((d: { id: string }) => d.id).sort()).toEqual(deps.filter((d) => d.successorId === task.id).map((d) => d.id).sort());
      expect(got.successors.map((d: { id: string }) => d.id).sort()).toEqual(deps.filter((d) => d.predecessorId === task.id).map((d) => d.id).sort());
      for (const d of [...got.predecessors, ...got.successors]) {
        const wrike = store().dependencies.get(d.id)!;
        expect(d).toEqual({ id: wrike.id, type: wrike.relationType === 'FinishToStart' ? 'FINISH_TO_START' : 'START_TO_START', predecessor: { id: wrike.predecessorId }, successor: { id: wrike.successorId } });
      }
    }
    // The tickets, their dependencies by id, their other ends by id: batched, not per ticket.
    const calls = await h.calls();
    expect(calls.byRoute['GET /dependencies/:ids']).toBe(1);
    expect(calls.total).toBeLessThanOrEqual(3);
  });

  it('creates and deletes a dependency, and refuses bad input with userErrors before any call', async () => {
    const [a, b] = [...store().tasks.values()].filter((t) => t.scope === 'WsTask' && t.dependencyIds.length === 0).slice(5, 7);
    const created = await h.query('mutation($p: ID!, $s: ID!) { createDependency(input: { predecessorId: $p, successorId: $s, type: START_TO_START }) { dependency { id type predecessor { id } successor { id } } userErrors { code } } }', { p: a!.id, s: b!.id });
    const dependency = created.body.data.createDependency.dependency;
    expect(dependency).toMatchObject({ type: 'START_TO_START', predecessor: { id: a!.id }, successor: { id: b!.id } });
    expect(store().dependencies.get(dependency.id)).toMatchObject({ predecessorId: a!.id, successorId: b!.id, relationType: 'StartToStart' });
    const seen = await h.query(`query($id: ID!) { ticket(id: $id) { ${DEPENDENCIES} } }`, { id: b!.id });
    expect(seen.body.data.ticket.dependencies.predecessors.map((d: { id: string }) => d.id)).toEqual([dependency.id]);
    const deleted = await h.query('mutation($id: ID!) { deleteDependency(input: { id: $id }) { deletedId userErrors { code } } }', { id: dependency.id });
    expect(deleted.body.data.deleteDependency).toEqual({ deletedId: dependency.id, userErrors: [] });
    expect(store().dependencies.has(dependency.id)).toBe(false);
    await h.resetCalls();
    const self = await h.query('mutation($p: ID!) { createDependency(input: { predecessorId: $p, successorId: $p }) { userErrors { field code } } }', { p: a!.id });
    expect(self.body.data.createDependency.userErrors).toEqual([{ field: ['input', 'successorId'], code: 'INVALID_VALUE' }]);
    const bad = await h.query('mutation { createDependency(input: { predecessorId: "../x", successorId: "IEAGAABKKQAAAAB6" }) { userErrors { field code } } }');
    expect(bad.body.data.createDependency.userErrors).toEqual([{ field: ['input', 'predecessorId'], code: 'INVALID_ID' }]);
    expect((await h.calls()).total).toBe(0);
  });
});
