import { startSubgraph, type SubgraphHarness } from '../helpers/subgraph';

let h: SubgraphHarness;
beforeAll(async () => {
  h = await startSubgraph({ SANDBOX_SIZE: 'demo' });
});
afterAll(() => h.close());
beforeEach(() => h.resetCalls());

const store = () => h.server.sandbox!.store;

describe('the call floor', () => {
  it('tickets(first: 100) with assignees, createdBy, collections, status and customFields: 1 task page + users/100 + folders/100 + workflows + field definitions', async () => {
    const res = await h.query(`{
      tickets(first: 100) {
        nodes {
          id title
          status { id name category }
          assignees { id name }
          createdBy { id name }
          collections { id name }
          customFields { field { id name type } rawValue }
        }
      }
    }`);
    expect(res.body.errors).toBeUndefined();
    const nodes = res.body.data.tickets.nodes;
    expect(nodes).toHaveLength(100);
    const tasks = nodes.map((n: { id: string }) => store().tasks.get(n.id)!);
    const users = new Set(tasks.flatMap((t: any) => [...t.responsibleIds, ...t.authorIds]));
    const folders = new Set(tasks.flatMap((t: any) => t.parentIds));
    const calls = await h.calls();
    expect(calls.byRoute).toEqual({
      'GET /tasks': 1,
      'GET /contacts/:ids': Math.ceil(users.size / 100),
      'GET /folders/:ids': Math.ceil(folders.size / 100),
      'GET /workflows': 1,
      'GET /customfields': 1,
    });
    // The data is right, not just cheap.
    const first = tasks[1];
    expect(nodes[1].assignees.map((u: { id: string }) => u.id)).toEqual(first.responsibleIds);
    expect(nodes[1].createdBy.id).toBe(first.authorIds[0]);
    expect(nodes[1].collections.map((c: { id: string }) => c.id)).toEqual(first.parentIds);
    expect(nodes[1].status.id).toBe(first.customStatusId);
  });

  it('asks Wrike only for the fields the query selects', async () => {
    await h.query('{ tickets(first: 5) { nodes { id title assignees { id } } } }');
    const calls = await h.calls();
    expect(calls.byRoute).toEqual({ 'GET /tasks': 1, 'GET /contacts/:ids': 1 });
  });

  it('_entities with 500 Ticket representations costs 5 task calls, unknown ids null in order', async () => {
    const ids = [...store().tasks.keys()].slice(0, 499);
    const representations = [...ids.slice(0, 250), 'IEAGAABKKQZZZZZZ', ...ids.slice(250)].map((id) => ({ __typename: 'Ticket', id }));
    const res = await h.query('query($r: [_Any!]!) { _entities(representations: $r) { ... on Ticket { id title } } }', { r: representations });
    expect(res.body.errors).toBeUndefined();
    const entities = res.body.data._entities;
    expect(entities).toHaveLength(500);
    expect(entities[250]).toBeNull();
    expect(entities[0].id).toBe(ids[0]);
    expect(entities[499].id).toBe(ids[498]);
    const calls = await h.calls();
    // Five chunks of 100; the chunk with the unknown id fails with 404 and is asked again without the id it names.
    expect(calls.byRoute['GET /tasks/:ids']).toBe(5 + 1);
  });

  it('_entities of known ids costs exactly ceil(n/100) calls', async () => {
    const ids = [...store().tasks.keys()].slice(0, 500);
    const res = await h.query('query($r: [_Any!]!) { _entities(representations: $r) { ... on Ticket { id } } }', { r: ids.map((id) => ({ __typename: 'Ticket', id })) });
    expect(res.body.data._entities.map((e: { id: string }) => e.id)).toEqual(ids);
    expect((await h.calls()).byRoute).toEqual({ 'GET /tasks/:ids': 5 });
  });

  it('a workspace with collections and their tickets, three deep, batches each level', async () => {
    const res = await h.query(`{
      workspaces(first: 2) { nodes { name collections(first: 5) { nodes { name tickets(first: 5) { nodes { title assignees { name } } } } } } }
    }`);
    expect(res.body.errors).toBeUndefined();
    const workspaces = res.body.data.workspaces.nodes;
    const collections = workspaces.flatMap((w: any) => w.collections.nodes);
    const calls = await h.calls();
    // Spaces and the folder tree once; each workspace's top collections by id, batched across workspaces.
    expect(calls.byRoute['GET /spaces']).toBe(1);
    expect(calls.byRoute['GET /folders']).toBe(1);
    expect(calls.byRoute['GET /folders/:ids']).toBe(1);
    expect(calls.byRoute['GET /spaces/:spaceId/folders']).toBeUndefined();
    expect(calls.byRoute['GET /folders/:folderId/tasks']).toBe(collections.length);
    expect(calls.byRoute['GET /contacts/:ids']).toBe(1);
  });
});
