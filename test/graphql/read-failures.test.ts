import { startSubgraph, type SubgraphHarness } from '../helpers/subgraph';

/**
 * A failed Wrike call is an error on the fields that needed it, never empty data. Each case fails one Wrike route
 * (every call to it answers 503; reads are not retried here, to keep the test fast) and checks that the field that
 * needed it is null with UPSTREAM_UNAVAILABLE at its path, while the rest of the response stands.
 */
let h: SubgraphHarness;
beforeAll(async () => {
  h = await startSubgraph({ WRIKE_READ_RETRIES: '0' });
});
afterAll(() => h.close());
afterEach(() => h.control('/faults', { method: 'DELETE' }));

const store = () => h.server.sandbox!.store;
const taskWith = (test: (t: any) => boolean) => [...store().tasks.values()].find((t) => t.scope === 'WsTask' && test(t))!;
const get = (data: any, path: (string | number)[]) => path.reduce((at, key) => (at === null || at === undefined ? at : at[key]), data);

interface Case {
  name: string;
  route: string;
  query: () => string;
  /** Where the failed field sits (found in the healthy answer); it must be null there and an error must carry this path. */
  path: (string | number)[] | ((healthy: any) => (string | number)[]);
  /** A sibling that must still be there. */
  stands: (string | number)[];
}

const ticket = () => taskWith((t) => t.responsibleIds.length > 0 && t.parentIds.length > 0 && t.customFields.length > 0);
const withAttachments = () => taskWith((t) => [...store().attachments.values()].some((a) => a.taskId === t.id));
const withSuper = () => taskWith((t) => t.superTaskIds.length > 0 && t.subTaskIds.length > 0);
const space = () => [...store().spaces.keys()][0]!;
const project = () => [...store().folders.values()].find((f) => f.project && f.project.ownerIds.length > 0 && f.childIds.length === 0)!;
const folderWithChildren = () => [...store().folders.values()].find((f) => f.scope === 'WsFolder' && !store().spaces.has(f.id) && f.childIds.length > 0)!;
const comment = () => [...store().comments.values()][0]!;
const group = () => [...store().groups.values()].find((g) => g.memberIds.length > 0)!;
const contactsField = () => taskWith((t) => t.customFields.some((cf: { id: string }) => store().customFields.get(cf.id)?.type === 'Contacts'));
// A list of tickets (one GET /tasks), so that by-id task loads can fail without failing the list.
const withSubtasks = (data: any) => data.tickets.nodes.findIndex((n: { id: string }) => store().tasks.get(n.id)!.subTaskIds.length > 0);
const LIST = (selection: string) => `{ tickets(first: 5, filter: { includeSubtasks: true }, orderBy: { field: CREATED_AT, direction: ASC }) { nodes { id ${selection} } } }`;

const CASES: Case[] = [
  { name: 'Ticket.assignees', route: 'GET /contacts/:ids', query: () => `{ ticket(id: "${ticket().id}") { title assignees { name } } }`, path: ['ticket', 'assignees'], stands: ['ticket', 'title'] },
  { name: 'Ticket.createdBy', route: 'GET /contacts/:ids', query: () => `{ ticket(id: "${ticket().id}") { title createdBy { name } } }`, path: ['ticket', 'createdBy'], stands: ['ticket', 'title'] },
  { name: 'Ticket.status', route: 'GET /workflows', query: () => `{ ticket(id: "${ticket().id}") { title status { name } } }`, path: ['ticket', 'status'], stands: ['ticket', 'title'] },
  { name: 'Ticket.collections', route: 'GET /folders/:ids', query: () => `{ ticket(id: "${ticket().id}") { title collections { name } } }`, path: ['ticket', 'collections'], stands: ['ticket', 'title'] },
  { name: 'Ticket.workspace', route: 'GET /folders', query: () => `{ ticket(id: "${ticket().id}") { title workspace { name } } }`, path: ['ticket', 'workspace'], stands: ['ticket', 'title'] },
  { name: 'Ticket.customFields', route: 'GET /customfields', query: () => `{ ticket(id: "${ticket().id}") { title customFields { rawValue } } }`, path: ['ticket', 'customFields'], stands: ['ticket', 'title'] },
  { name: 'Ticket.comments', route: 'GET /tasks/:taskId/comments', query: () => `{ ticket(id: "${ticket().id}") { title comments { totalCount } } }`, path: ['ticket', 'comments'], stands: ['ticket', 'title'] },
  { name: 'Ticket.attachments', route: 'GET /tasks/:taskId/attachments', query: () => `{ ticket(id: "${withAttachments().id}") { title attachments { totalCount } } }`, path: ['ticket', 'attachments'], stands: ['ticket', 'title'] },
  { name: 'Ticket.parents', route: 'GET /tasks/:ids', query: () => LIST('parents { id }'), path: ['tickets', 'nodes', 0, 'parents'], stands: ['tickets', 'nodes', 0, 'id'] },
  { name: 'Ticket.ancestors', route: 'GET /tasks/:ids', query: () => LIST('ancestors { id }'), path: ['tickets', 'nodes', 0, 'ancestors'], stands: ['tickets', 'nodes', 0, 'id'] },
  { name: 'Ticket.subtasks', route: 'GET /tasks/:ids', query: () => LIST('subtasks { totalCount edges { node { id } } }').replace('first: 5', 'first: 100'), path: (d) => ['tickets', 'nodes', withSubtasks(d), 'subtasks'], stands: ['tickets', 'nodes', 0, 'id'] },
  { name: 'Ticket.descendants', route: 'GET /tasks/:ids', query: () => LIST('descendants(maxDepth: 2, first: 5) { truncated nodes { id } }').replace('first: 5', 'first: 100'), path: (d) => ['tickets', 'nodes', withSubtasks(d), 'descendants'], stands: ['tickets', 'nodes', 0, 'id'] },
  { name: 'Ticket.followers', route: 'GET /tasks/:ids', query: () => LIST('followers { id }'), path: ['tickets', 'nodes', 0, 'followers'], stands: ['tickets', 'nodes', 0, 'id'] },
  { name: 'Ticket.remoteData', route: 'GET /tasks/:ids', query: () => LIST('remoteData'), path: ['tickets', 'nodes', 0, 'remoteData'], stands: ['tickets', 'nodes', 0, 'id'] },
  { name: 'Query.tickets', route: 'GET /tasks', query: () => '{ ticketStatuses { id } tickets(first: 3) { nodes { id } } }', path: ['tickets'], stands: ['ticketStatuses'] },
  { name: 'TicketConnection.totalCount (counted beside the page)', route: 'GET /tasks', query: () => '{ ticketStatuses { id } tickets(first: 2, filter: { priorities: [HIGH, LOW] }) { totalCount nodes { id } } }', path: ['tickets'], stands: ['ticketStatuses'] },
  { name: 'Query.ticket', route: 'GET /tasks/:ids', query: () => `{ ticketStatuses { id } ticket(id: "${ticket().id}") { id } }`, path: ['ticket'], stands: ['ticketStatuses'] },
  { name: 'Query._entities', route: 'GET /tasks/:ids', query: () => `{ ticketStatuses { id } _entities(representations: [{ __typename: "Ticket", id: "${ticket().id}" }]) { ... on Ticket { id } } }`, path: ['_entities', 0], stands: ['ticketStatuses'] },
  { name: 'Query.users', route: 'GET /contacts', query: () => '{ ticketStatuses { id } users { totalCount } }', path: ['users'], stands: ['ticketStatuses'] },
  { name: 'Query.groups', route: 'GET /groups', query: () => '{ ticketStatuses { id } groups { totalCount } }', path: ['groups'], stands: ['ticketStatuses'] },
  { name: 'Query.roles', route: 'GET /access_roles', query: () => '{ ticketStatuses { id } roles { id } }', path: ['roles'], stands: ['ticketStatuses'] },
  { name: 'Query.fields', route: 'GET /customfields', query: () => '{ ticketStatuses { id } fields { totalCount } }', path: ['fields'], stands: ['ticketStatuses'] },
  { name: 'Query.workspaces', route: 'GET /spaces', query: () => '{ ticketStatuses { id } workspaces { totalCount } }', path: ['workspaces'], stands: ['ticketStatuses'] },
  { name: 'Query.collections', route: 'GET /folders', query: () => `{ ticketStatuses { id } collections(filter: { workspaceId: "${space()}" }) { totalCount } }`, path: ['collections'], stands: ['ticketStatuses'] },
  { name: 'Query.ticketStatuses', route: 'GET /workflows', query: () => '{ ticketStatuses { id } workspaces { totalCount } }', path: ['ticketStatuses'], stands: ['workspaces'] },
  { name: 'Workspace.collections', route: 'GET /folders', query: () => `{ workspace(id: "${space()}") { name collections { totalCount } } }`, path: ['workspace', 'collections'], stands: ['workspace', 'name'] },
  { name: 'Workspace.tickets', route: 'GET /spaces/:spaceId/tasks', query: () => `{ workspace(id: "${space()}") { name tickets { totalCount } } }`, path: ['workspace', 'tickets'], stands: ['workspace', 'name'] },
  // Collections and their children are both loaded by id: the failure shows where the first of them was needed.
  { name: 'Collection.children', route: 'GET /folders/:ids', query: () => `{ ticketStatuses { id } collections(filter: { workspaceId: "${space()}" }, first: 50) { nodes { name children { totalCount } } } }`, path: ['collections', 'nodes', 0, 'children'], stands: ['ticketStatuses'] },
  { name: 'Collection.tickets', route: 'GET /folders/:folderId/tasks', query: () => `{ collection(id: "${folderWithChildren().id}") { name tickets { totalCount } } }`, path: ['collection', 'tickets'], stands: ['collection', 'name'] },
  { name: 'Collection.owners', route: 'GET /contacts/:ids', query: () => `{ collection(id: "${project().id}") { name owners { id } } }`, path: ['collection', 'owners'], stands: ['collection', 'name'] },
  { name: 'Collection.workspace', route: 'GET /folders', query: () => `{ collection(id: "${project().id}") { name workspace { id } } }`, path: ['collection', 'workspace'], stands: ['collection', 'name'] },
  { name: 'Comment.author', route: 'GET /contacts/:ids', query: () => `{ comment(id: "${comment().id}") { body author { id } } }`, path: ['comment', 'author'], stands: ['comment', 'body'] },
  { name: 'User.groups', route: 'GET /groups', query: () => `{ user(id: "${group().memberIds[0]}") { name groups { id } } }`, path: ['user', 'groups'], stands: ['user', 'name'] },
  { name: 'UserFieldValue.users', route: 'GET /contacts/:ids', query: () => `{ ticket(id: "${contactsField().id}") { title customFields { ... on UserFieldValue { users { id } } } } }`, path: (d) => ['ticket', 'customFields', d.ticket.customFields.findIndex((v: object) => 'users' in v), 'users'], stands: ['ticket', 'title'] },
];

describe('a failed Wrike call is an error on the fields that needed it, never empty data', () => {
  it.each(CASES.map((c) => [c.name, c] as const))('%s', async (_name, c) => {
    const query = c.query();
    // The same query answers fully while Wrike works...
    const healthy = await h.query(query);
    expect(healthy.body.errors).toBeUndefined();
    const path = typeof c.path === 'function' ? c.path(healthy.body.data) : c.path;
    expect(path).not.toContain(-1);
    expect(get(healthy.body.data, path)).not.toBeNull();
    // ...and with the route failing, the field is null with a typed error at its path; the rest stands.
    await h.control('/faults', { method: 'PUT', body: { failRoutes: [c.route], errorStatus: 503 } });
    const res = await h.query(query);
    expect(res.status).toBe(200);
    const errors = (res.body.errors ?? []) as { path: (string | number)[]; extensions: { code: string } }[];
    const at = errors.find((e) => JSON.stringify(e.path.slice(0, path.length)) === JSON.stringify(path)
      || JSON.stringify(path.slice(0, e.path.length)) === JSON.stringify(e.path));
    expect(at?.extensions.code).toBe('UPSTREAM_UNAVAILABLE');
    expect(get(res.body.data, path) ?? null).toBeNull();
    expect(get(res.body.data, c.stands)).toEqual(get(healthy.body.data, c.stands));
  });

  it('a sub-task walk that fails half-way is an error, not a shorter tree', async () => {
    const parent = withSuper();
    await h.control('/faults', { method: 'PUT', body: { failRoutes: ['GET /tasks/:ids'] } });
    const res = await h.query(LIST('descendants(maxDepth: 5) { truncated nodes { id } }').replace('first: 5', 'first: 100'));
    const nodes = res.body.data.tickets.nodes as { id: string; descendants: unknown }[];
    const withChildren = nodes.filter((n) => store().tasks.get(n.id)!.subTaskIds.length > 0);
    expect(withChildren.length).toBeGreaterThan(0);
    for (const n of withChildren) expect(n.descendants).toBeNull();
    expect(parent).toBeDefined();
  });
});
