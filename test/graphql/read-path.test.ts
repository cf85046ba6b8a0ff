import { startSubgraph, type SubgraphHarness } from '../helpers/subgraph';

/** The read path under real Wrike behaviour: bad ids in batches, costs in Wrike calls, the Recycle Bin, rounds. */
let h: SubgraphHarness;
beforeAll(async () => {
  h = await startSubgraph();
});
afterAll(() => h.close());
beforeEach(async () => {
  await h.control('/faults', { method: 'DELETE' });
  await h.resetCalls();
});

const store = () => h.server.sandbox!.store;
const liveTasks = () => [...store().tasks.values()].filter((t) => t.scope === 'WsTask');
const epic = () => liveTasks().find((t) => t.title === 'Platform rewrite (epic)')!;

describe('one bad id never fails another', () => {
  it('refuses an obviously malformed id before any call; the valid id of the same request resolves', async () => {
    const valid = liveTasks()[0]!.id;
    const res = await h.query(`{ a: ticket(id: "ABC") { id } b: ticket(id: "${valid}") { id } }`);
    expect(res.body.data.b).toEqual({ id: valid });
    expect(res.body.data.a).toBeNull();
    expect(res.body.errors).toHaveLength(1);
    expect(res.body.errors[0]).toMatchObject({ path: ['a'], extensions: { code: 'BAD_USER_INPUT' } });
    expect((await h.calls()).byRoute).toEqual({ 'GET /tasks/:ids': 1 });
  });

  it('narrows a batch Wrike refuses as a whole (400 for one malformed id): the other id resolves, the bad one errs', async () => {
    const valid = liveTasks()[1]!.id;
    const res = await h.query(`{ a: ticket(id: "IEAGAABKKQ") { id } b: ticket(id: "${valid}") { id } }`);
    expect(res.body.data.b).toEqual({ id: valid });
    expect(res.body.data.a).toBeNull();
    expect(res.body.errors[0]).toMatchObject({ path: ['a'], extensions: { code: 'BAD_USER_INPUT' } });
    expect((await h.calls()).byRoute).toEqual({ 'GET /tasks/:ids': 2 });
    expect(res.body.extensions.cost.actualCalls).toBe(2);
  });

  it('_entities: 1 bad id among 100 costs at most 2*log2(100)+1 calls, and the 99 others resolve', async () => {
    for (const bad of ['IEAGAABKKQZZZZZZ', 'IEAGAABKKQ']) {
      await h.resetCalls();
      const ids = liveTasks().slice(0, 99).map((t) => t.id);
      const reps = [...ids.slice(0, 40), bad, ...ids.slice(40)].map((id) => ({ __typename: 'Ticket', id }));
      const res = await h.query('query($r: [_Any!]!) { _entities(representations: $r) { ... on Ticket { id } } }', { r: reps });
      const entities = res.body.data._entities as ({ id: string } | null)[];
      expect(entities[40]).toBeNull();
      expect(entities.filter((e) => e !== null).map((e) => e!.id)).toEqual(ids);
      expect((await h.calls()).byRoute['GET /tasks/:ids']).toBeLessThanOrEqual(Math.ceil(2 * Math.log2(100)) + 1);
    }
  });

  it('accepts Wrike\'s id shapes: 16-character classic ids and 12-character mixed-case ones', async () => {
    const modern = liveTasks().find((t) => t.id.length === 12);
    const classic = liveTasks().find((t) => t.id.length === 16)!;
    const ids = [classic.id, ...(modern ? [modern.id] : [])];
    const res = await h.query('query($r: [_Any!]!) { _entities(representations: $r) { ... on Ticket { id } } }', { r: ids.map((id) => ({ __typename: 'Ticket', id })) });
    expect(res.body.errors).toBeUndefined();
    expect(res.body.data._entities.map((e: { id: string }) => e.id)).toEqual(ids);
  });
});

describe('the cost limit counts Wrike calls', () => {
  it('every response carries extensions.cost, and actualCalls is what Wrike saw', async () => {
    const res = await h.query('{ tickets(first: 20) { nodes { id assignees { id } status { id } } } }');
    expect(res.body.errors).toBeUndefined();
    const { estimatedCalls, actualCalls, maxCalls } = res.body.extensions.cost;
    expect(actualCalls).toBe((await h.calls()).total);
    expect(estimatedCalls).toBeGreaterThanOrEqual(actualCalls);
    expect(maxCalls).toBe(120);
  });

  it('refuses a query that would make 201 calls, naming the estimate and the limit, before any call', async () => {
    const res = await h.query('{ tickets(first: 100) { nodes { comments(first: 1) { totalCount } attachments(first: 1) { totalCount } } } }');
    expect(res.status).toBe(400);
    expect(res.body.errors[0].extensions).toMatchObject({ code: 'QUERY_TOO_COMPLEX', estimatedCalls: 201, maxCalls: 120 });
    expect(res.body.extensions.cost).toMatchObject({ estimatedCalls: 201, actualCalls: 0 });
    expect((await h.calls()).total).toBe(0);
  });

  it('refuses more _entities representations than MAX_ENTITY_REPRESENTATIONS before any call', async () => {
    const reps = Array.from({ length: 1001 }, (_, i) => ({ __typename: 'Ticket', id: `IEAGAABKKQ${String(i).padStart(6, 'A')}` }));
    const res = await h.query('query($r: [_Any!]!) { _entities(representations: $r) { ... on Ticket { id } } }', { r: reps });
    expect(res.status).toBe(400);
    expect(res.body.errors[0].extensions).toMatchObject({ code: 'QUERY_TOO_COMPLEX', representations: 1001, maxRepresentations: 1000 });
    expect((await h.calls()).total).toBe(0);
  });

  it('prices a variable by its default value', async () => {
    const q = 'query($f: Int = 100) { tickets(first: $f) { nodes { comments { totalCount } attachments { totalCount } } } }';
    expect((await h.query(q)).body.errors[0].extensions.code).toBe('QUERY_TOO_COMPLEX');
    const small = await h.query(q, { f: 10 });
    expect(small.body.errors).toBeUndefined();
  });

  it('allows three nested sub-task levels of 50 (4 calls: the ticket and one round per level)', async () => {
    const q = `query($id: ID!) { ticket(id: $id) { subtasks(first: 50) { nodes { subtasks(first: 50) { nodes { subtasks(first: 50) { nodes { id } } } } } } } }`;
    const res = await h.query(q, { id: epic().id });
    expect(res.body.errors).toBeUndefined();
    expect(res.body.extensions.cost.actualCalls).toBe(4);
    expect((await h.calls()).byRoute).toEqual({ 'GET /tasks/:ids': 4 });
    expect(res.body.extensions.cost.estimatedCalls).toBeLessThanOrEqual(120);
  });

  it('workspaces { collections { children } } loads collections by id, one call per 100 per level', async () => {
    const res = await h.query('{ workspaces { nodes { collections(first: 50) { nodes { id children(first: 50) { nodes { id } } } } } } }');
    expect(res.body.errors).toBeUndefined();
    const spaces = [...store().spaces.keys()];
    const top = spaces.flatMap((s) => store().folders.get(s)!.childIds).filter((id) => !store().spaces.has(id));
    const firstLevel = res.body.data.workspaces.nodes.flatMap((w: any) => w.collections.nodes);
    expect(firstLevel.map((c: { id: string }) => c.id).sort()).toEqual(top.slice().sort());
    const second = firstLevel.flatMap((c: { id: string }) => store().folders.get(c.id)!.childIds);
    expect((await h.calls()).byRoute).toEqual({
      'GET /spaces': 1, 'GET /folders': 1, 'GET /folders/:ids': Math.ceil(top.length / 100) + Math.ceil(second.length / 100),
    });
  });

  describe('with a small MAX_QUERY_CALLS', () => {
    let small: SubgraphHarness;
    beforeAll(async () => {
      small = await startSubgraph({ MAX_QUERY_CALLS: '13' });
    });
    afterAll(() => small.close());

    it('stops a query whose data makes it go over the cap: the fields still waiting fail with QUERY_TOO_COMPLEX', async () => {
      // A ticket with 14 sub-tasks: the estimate assumes 10, the data has more.
      const sandboxStore = small.server.sandbox!.store;
      const folder = [...sandboxStore.folders.values()].find((f) => f.scope === 'WsFolder' && !sandboxStore.spaces.has(f.id))!;
      const post = async (form: Record<string, unknown>) => (await small.wrike('POST', `/folders/${folder.id}/tasks`, form))[0].id as string;
      const parent = await post({ title: 'Wide parent' });
      for (let i = 0; i < 14; i++) await post({ title: `Child ${i}`, superTasks: [parent] });
      await small.resetCalls();
      const res = await small.query('query($id: ID!) { ticket(id: $id) { title subtasks(first: 50) { nodes { id comments(first: 1) { totalCount } } } } }', { id: parent });
      expect(res.body.extensions.cost.estimatedCalls).toBe(12);
      expect(res.body.data.ticket.title).toBe('Wide parent');
      const refused = res.body.errors.filter((e: { extensions: { code: string } }) => e.extensions.code === 'QUERY_TOO_COMPLEX');
      expect(refused).toHaveLength(3);
      expect(res.body.extensions.cost.actualCalls).toBe(13);
      expect((await small.calls()).total).toBe(13);
    });
  });
});

describe('tickets in the Recycle Bin are deleted everywhere', () => {
  it('ticket, _entities, subtasks, parents, ancestors, descendants and Comment.ticket all agree', async () => {
    const parent = liveTasks().find((t) => t.subTaskIds.length >= 2 && t.subTaskIds.some((id) => (store().tasks.get(id)?.subTaskIds.length ?? 0) > 0))!;
    const binned = parent.subTaskIds.find((id) => store().tasks.get(id)!.subTaskIds.length > 0)!;
    const grandchild = store().tasks.get(binned)!.subTaskIds[0]!;
    // A sub-task whose only parent task is deleted goes to the Recycle Bin with it (the sandbox's reading).
    const grandchildGoes = store().tasks.get(grandchild)!.superTaskIds.length === 1;
    const comment = await h.wrike('POST', `/tasks/${binned}/comments`, { text: 'about to be deleted' });
    await h.wrike('DELETE', `/tasks/${binned}`);
    try {
      const res = await h.query(`query($p: ID!, $b: ID!, $g: ID!, $c: ID!) {
        binned: ticket(id: $b) { id }
        entities: _entities(representations: [{ __typename: "Ticket", id: $b }]) { ... on Ticket { id } }
        parent: ticket(id: $p) { subtasks(first: 100) { nodes { id } } descendants(first: 100) { nodes { id } } }
        grandchild: ticket(id: $g) { parents { id } ancestors { id } }
        comment(id: $c) { ticket { id } }
      }`, { p: parent.id, b: binned, g: grandchild, c: comment[0].id });
      expect(res.body.errors).toBeUndefined();
      expect(res.body.data.binned).toBeNull();
      expect(res.body.data.entities).toEqual([null]);
      expect(res.body.data.parent.subtasks.nodes.map((n: { id: string }) => n.id)).not.toContain(binned);
      expect(res.body.data.parent.descendants.nodes.map((n: { id: string }) => n.id)).not.toContain(binned);
      if (grandchildGoes) expect(res.body.data.grandchild).toBeNull();
      else {
        expect(res.body.data.grandchild.parents.map((n: { id: string }) => n.id)).not.toContain(binned);
        expect(res.body.data.grandchild.ancestors.map((n: { id: string }) => n.id)).not.toContain(binned);
      }
      expect(res.body.data.comment.ticket).toBeNull();
    } finally {
      await h.wrike('PUT', `/tasks/${binned}`, { restore: true });
      if (grandchildGoes) await h.wrike('PUT', `/tasks/${grandchild}`, { restore: true });
    }
  });
});

describe('a 429 pauses the whole connection', () => {
  it('every call of the connection waits out Wrike\'s Retry-After, not only the one that drew the 429', async () => {
    await h.control('/faults', { method: 'PUT', body: { force429: 1, force429Routes: ['GET /workflows'], retryAfterSeconds: 2 } });
    const res = await h.query('{ ticketStatuses { id } tickets(first: 5) { nodes { assignees { id } } } }');
    expect(res.body.errors).toBeUndefined();
    const calls = (await h.calls()).calls;
    const refused = calls.find((c) => c.route === 'GET /workflows' && c.status === 429)!;
    const later = calls.filter((c) => c.startedAt > refused.endedAt);
    expect(later.length).toBeGreaterThan(0);
    for (const call of later) expect(call.startedAt - refused.endedAt).toBeGreaterThanOrEqual(1900);
  });
});
