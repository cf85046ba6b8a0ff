import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startSubgraph, TEST_ENCRYPTION_KEY, type SubgraphHarness } from '../helpers/subgraph';
import { startSandbox, type SandboxHarness } from '../helpers/sandbox';
import { freePort } from '../helpers/process';
import { linkThroughConsentPage } from '../helpers/oauth-link';
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

  it('a read that starts after the write does not share the slow read sent before it', async () => {
    const space = [...h.server.sandbox!.store.folders.values()].find((f) => f.space)!.id;
    const parent = await wrikeTask(h, space, 'Parent read twice');
    await h.control('/faults', { method: 'PUT', body: { routeLatencyMs: { 'GET /tasks/:ids': 2000 } } });
    const slow = h.query(SUBTASKS, { id: parent });
    while (h.server.sandbox!.faults.holding === 0) await new Promise((resolve) => setTimeout(resolve, 5));
    await h.control('/faults', { method: 'PUT', body: { routeLatencyMs: {} } });
    const created = await h.query('mutation($c: ID!, $p: ID!) { createTicket(input: { collectionId: $c, title: "Made meanwhile", parentTicketIds: [$p] }) { ticket { id } userErrors { message } } }', { c: space, p: parent });
    const child = created.body.data.createTicket.ticket.id as string;
    // The slow read is still out (its answer held): this read starts after the write answered.
    expect(h.server.sandbox!.faults.holding).toBeGreaterThan(0);
    expect(subtaskIds((await h.query(SUBTASKS, { id: parent })).body)).toEqual([child]);
    await slow;
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
  const query = (server: RunningServer, q: string, variables: object = {}, headers: Record<string, string> = {}) => fetch(server.url, {
    method: 'POST', headers: { 'Content-Type': 'application/json', ...headers }, body: JSON.stringify({ query: q, variables }),
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

  it('a slow folder-tree read on one replica, shared by a later read there, a collection made on the other: neither stores the old tree', async () => {
    const [a, b] = replicas as [RunningServer, RunningServer];
    const space = (await query(a, '{ workspaces { nodes { id } } }')).data.workspaces.nodes[0].id as string;
    const TREE = 'query($id: ID!) { workspace(id: $id) { collections(first: 100) { nodes { id } } } }';
    const names = (body: any): string[] => body.data.workspace.collections.nodes.map((n: { id: string }) => n.id);
    await sandbox.control('/faults', { method: 'PUT', body: { routeLatencyMs: { 'GET /folders': 1500 } } });
    // (Read afresh: the workspaces list above cached the tree.)
    const slow = query(a, TREE, { id: space }, { 'Cache-Control': 'no-cache' });
    while (sandbox.sandbox.faults.holding === 0) await new Promise((resolve) => setTimeout(resolve, 5));
    await sandbox.control('/faults', { method: 'PUT', body: { routeLatencyMs: {} } });
    const made = await query(b, 'mutation($p: ID!) { createCollection(input: { parentId: $p, name: "Made on B" }) { collection { id } userErrors { message } } }', { p: space });
    expect(made.data.createCollection.userErrors).toEqual([]);
    const id = made.data.createCollection.collection.id as string;
    // A knows nothing of B's write: this read shares the slow call (and its old answer), but must not store it.
    const shared = query(a, TREE, { id: space });
    expect(names(await slow)).not.toContain(id);
    await shared;
    for (const server of [a, b, a]) expect(names(await query(server, TREE, { id: space }))).toContain(id);
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

/** One row of a table: make what it needs, read (the cache now holds it), change it, read again: the change shows. */
interface Row {
  name: string;
  arrange: () => Promise<Record<string, string>>;
  read: string;
  change: (v: Record<string, string>) => Promise<Record<string, string> | void>;
  fresh: (data: any, v: Record<string, string>) => boolean;
}

/** The Wrike-writing mutations (the rest of Mutation administers connections and webhooks). */
const WRITING_MUTATIONS = [
  'createTicket', 'updateTicket', 'deleteTicket', 'createComment', 'updateComment', 'deleteComment', 'createAttachment',
  'deleteAttachment', 'createCollection', 'updateCollection', 'createDependency', 'deleteDependency', 'createTimeLog',
  'updateTimeLog', 'deleteTimeLog', 'updateTicketsCustomFields',
];
const ADMIN_MUTATIONS = ['connectWrikeWithToken', 'disconnectWrike', 'enableWrikeWebhook', 'setConnectionWorkspaces'];

const TICKET = `query($id: ID!) { ticket(id: $id) {
  id title description priority dueDate status { name } assignees { id } workspace { id } subtasks { nodes { id } }
  dependencies { predecessors { id } successors { id } } comments { nodes { id body } } attachments { nodes { id } }
  timeLogs { nodes { id minutes } } customFields { field { id } rawValue }
} }`;
const COLLECTION = `query($id: ID!) { collection(id: $id) {
  id name description projectStatus endDate owners { id } children(first: 100) { nodes { id } } customFields { field { id } rawValue }
} }`;
const ids = (nodes: { id: string }[] | undefined | null) => (nodes ?? []).map((n) => n.id);

/** The fixtures both tables build on: two spaces, a folder, tickets made behind the subgraph's back. */
function fixtures(h: SubgraphHarness) {
  const store = () => h.server.sandbox!.store;
  const spaces = () => [...store().folders.values()].filter((f) => f.space && f.scope === 'WsFolder').map((f) => f.id);
  const folder = () => [...store().folders.values()].find((f) => !f.space && f.scope === 'WsFolder' && !f.project)!.id;
  const project = () => [...store().folders.values()].find((f) => f.project && f.scope === 'WsFolder')!.id;
  const task = (title: string, extra: Record<string, unknown> = {}) => wrikeTask(h, spaces()[0]!, title, extra);
  /** A sub-task only (no folder of its own): it lives where its parent lives (superParentIds). */
  const subtask = (parent: string, title: string) => wrikeTask(h, store().account.rootFolderId, title, { superTasks: [parent] });
  const person = () => [...store().contacts.values()].find((c) => c.type === 'Person' && !c.deleted && c.id !== store().ownerId)!.id;
  const textField = () => [...store().customFields.values()].find((f) => f.type === 'Text')!.id;
  return { store, spaces, folder, project, task, subtask, person, textField };
}

/**
 * Runs one row. A mutation's drops are done when it answers: one read. An event is taken after Wrike's delivery was
 * acknowledged: read until the change shows, for far less than the ten minutes a missed drop would cost.
 */
async function runRow(h: SubgraphHarness, row: Row, eventual = false): Promise<void> {
  const lastEvent = async () => (await h.query('{ connections { webhook { lastEventAt } } }')).body.data.connections[0].webhook?.lastEventAt as string | undefined;
  const writes = () => h.server.sandbox!.counters.snapshot().calls.filter((c) => !c.route.startsWith('GET ')).length;
  const seen = eventual ? await lastEvent() : undefined;
  const writesBefore = writes();
  const v = await row.arrange();
  if (eventual && writes() > writesBefore) {
    // What the arranging itself made Wrike report is taken before the warm read, so that it cannot be what drops it.
    await h.server.sandbox!.webhooks.idle();
    await until(lastEvent, (at) => at !== seen);
  }
  const query = row.read === 'collection' ? COLLECTION : TICKET;
  const variables = { id: v.read ?? v.id };
  const warm = await h.query(query, variables);
  expect(warm.body.errors).toBeUndefined();
  // The cache holds it now: a change it does not hear of would go unseen for ten minutes.
  expect(Boolean(row.fresh(warm.body.data, v))).toBe(false);
  Object.assign(v, (await row.change(v)) ?? {});
  const read = () => h.query(query, variables);
  const after = eventual ? (await h.server.sandbox!.webhooks.idle(), await until(read, (res) => !res.body.errors && row.fresh(res.body.data, v))) : await read();
  expect(after.body.errors).toBeUndefined();
  expect(Boolean(row.fresh(after.body.data, v))).toBe(true);
}

/** A mutation over HTTP that must succeed; its payload. */
async function mutate(h: SubgraphHarness, mutation: string, input: Record<string, unknown>): Promise<any> {
  const name = mutation.match(/^(\w+)/)![1]!;
  const res = await h.query(`mutation($input: ${inputType(name)}) { ${mutation} }`, { input });
  expect(res.body.errors).toBeUndefined();
  expect(res.body.data[name].userErrors).toEqual([]);
  return res.body.data[name];
}
const inputType = (name: string) => (name.startsWith('delete') ? 'DeleteInput!' : `${name[0]!.toUpperCase()}${name.slice(1)}Input!`);

const TODAY = '2026-11-30';

function mutationRows(h: SubgraphHarness): Row[] {
  const f = fixtures(h);
  const commentOn = async (task: string) => (await h.wrike('POST', `/tasks/${task}/comments`, { text: 'First words' }))[0].id as string;
  return [
    { name: 'createTicket (a sub-task: its parent lists it)', read: 'ticket',
      arrange: async () => ({ id: await f.task('Parent') }),
      change: async (v) => ({ child: (await mutate(h, 'createTicket(input: $input) { ticket { id } userErrors { message } }', { collectionId: f.spaces()[0], title: 'Child', parentTicketIds: [v.id] })).ticket.id }),
      fresh: (d, v) => ids(d.ticket.subtasks?.nodes).includes(v.child!) },
    { name: 'updateTicket (its own fields)', read: 'ticket',
      arrange: async () => ({ id: await f.task('Old title') }),
      change: async (v) => void await mutate(h, 'updateTicket(input: $input) { userErrors { message } }', { id: v.id, title: 'New title', priority: 'HIGH', dueDate: '2026-12-24' }),
      fresh: (d) => d.ticket.title === 'New title' && d.ticket.priority === 'HIGH' && d.ticket.dueDate?.startsWith('2026-12-24') },
    { name: 'updateTicketsCustomFields (each of its tickets)', read: 'ticket',
      arrange: async () => ({ id: await f.task('Bulk one'), other: await f.task('Bulk two') }),
      change: async (v) => void await mutate(h, 'updateTicketsCustomFields(input: $input) { tickets { id } userErrors { message } }', { ticketIds: [v.other, v.id], customFields: [{ fieldId: f.textField(), value: 'Set in bulk' }] }),
      fresh: (d) => d.ticket.customFields.some((c: { rawValue: unknown }) => c.rawValue === 'Set in bulk') },
    { name: 'updateTicket (its parent moved: a sub-task lives where its parent lives)', read: 'ticket',
      arrange: async () => {
        const parent = await f.task('Moving parent');
        return { parent, id: await f.subtask(parent, 'Follows its parent') };
      },
      change: async (v) => void await mutate(h, 'updateTicket(input: $input) { userErrors { message } }', { id: v.parent, addCollectionIds: [f.spaces()[1]], removeCollectionIds: [f.spaces()[0]] }),
      fresh: (d) => d.ticket.workspace?.id === f.spaces()[1] },
    { name: 'updateTicket (given a parent: the parent lists it)', read: 'ticket',
      arrange: async () => ({ id: await f.task('New parent'), child: await f.task('Adopted') }),
      change: async (v) => void await mutate(h, 'updateTicket(input: $input) { userErrors { message } }', { id: v.child, addParentTicketIds: [v.id] }),
      fresh: (d, v) => ids(d.ticket.subtasks?.nodes).includes(v.child!) },
    { name: 'deleteTicket (a sub-task: its parent no longer lists it)', read: 'ticket',
      arrange: async () => {
        const id = await f.task('Parent of the deleted');
        return { id, child: await f.subtask(id, 'Deleted') };
      },
      change: async (v) => void await mutate(h, 'deleteTicket(input: $input) { userErrors { message } }', { id: v.child }),
      fresh: (d, v) => !ids(d.ticket.subtasks?.nodes).includes(v.child!) },
    { name: 'createComment', read: 'ticket',
      arrange: async () => ({ id: await f.task('Commented') }),
      change: async (v) => ({ comment: (await mutate(h, 'createComment(input: $input) { comment { id } userErrors { message } }', { ticketId: v.id, body: 'Said after' })).comment.id }),
      fresh: (d, v) => ids(d.ticket.comments.nodes).includes(v.comment!) },
    { name: 'updateComment', read: 'ticket',
      arrange: async () => {
        const id = await f.task('Comment edited');
        return { id, comment: await commentOn(id) };
      },
      change: async (v) => void await mutate(h, 'updateComment(input: $input) { userErrors { message } }', { id: v.comment, body: 'Edited words' }),
      fresh: (d, v) => d.ticket.comments.nodes.find((c: { id: string }) => c.id === v.comment)?.body.includes('Edited words') },
    { name: 'deleteComment', read: 'ticket',
      arrange: async () => {
        const id = await f.task('Comment deleted');
        return { id, comment: await commentOn(id) };
      },
      change: async (v) => void await mutate(h, 'deleteComment(input: $input) { userErrors { message } }', { id: v.comment }),
      fresh: (d, v) => !ids(d.ticket.comments.nodes).includes(v.comment!) },
    { name: 'createAttachment', read: 'ticket',
      arrange: async () => ({ id: await f.task('Attached') }),
      change: async (v) => ({ attachment: (await mutate(h, 'createAttachment(input: $input) { attachment { id } userErrors { message } }', { ticketId: v.id, fileName: 'a.txt', contentBase64: 'aGVsbG8=' })).attachment.id }),
      fresh: (d, v) => ids(d.ticket.attachments.nodes).includes(v.attachment!) },
    { name: 'deleteAttachment', read: 'ticket',
      arrange: async () => {
        const id = await f.task('Attachment deleted');
        const attachment = (await mutate(h, 'createAttachment(input: $input) { attachment { id } userErrors { message } }', { ticketId: id, fileName: 'b.txt', contentBase64: 'aGVsbG8=' })).attachment.id;
        return { id, attachment };
      },
      change: async (v) => void await mutate(h, 'deleteAttachment(input: $input) { userErrors { message } }', { id: v.attachment }),
      fresh: (d, v) => !ids(d.ticket.attachments.nodes).includes(v.attachment!) },
    { name: 'createCollection (its parent lists it)', read: 'collection',
      arrange: async () => ({ id: f.folder() }),
      change: async (v) => ({ made: (await mutate(h, 'createCollection(input: $input) { collection { id } userErrors { message } }', { parentId: v.id, name: 'Made here' })).collection.id }),
      fresh: (d, v) => ids(d.collection.children?.nodes).includes(v.made!) },
    { name: 'updateCollection', read: 'collection',
      arrange: async () => ({ id: f.folder() }),
      change: async (v) => void await mutate(h, 'updateCollection(input: $input) { userErrors { message } }', { id: v.id, name: 'Renamed collection', description: 'New words' }),
      fresh: (d) => d.collection.name === 'Renamed collection' && d.collection.description?.includes('New words') },
    { name: 'createDependency (both ends list it)', read: 'ticket',
      arrange: async () => ({ id: await f.task('Predecessor'), successor: await f.task('Successor') }),
      change: async (v) => void await mutate(h, 'createDependency(input: $input) { userErrors { message } }', { predecessorId: v.id, successorId: v.successor }),
      fresh: (d) => d.ticket.dependencies.successors.length === 1 },
    { name: 'deleteDependency (neither end lists it)', read: 'ticket',
      arrange: async () => {
        const [id, successor] = [await f.task('Was before'), await f.task('Was after')];
        const dependency = (await h.wrike('POST', `/tasks/${successor}/dependencies`, { predecessorId: id, relationType: 'FinishToStart' }))[0].id as string;
        return { id, successor, dependency };
      },
      change: async (v) => void await mutate(h, 'deleteDependency(input: $input) { userErrors { message } }', { id: v.dependency }),
      fresh: (d) => d.ticket.dependencies.successors.length === 0 },
    { name: 'createTimeLog', read: 'ticket',
      arrange: async () => ({ id: await f.task('Time logged') }),
      change: async (v) => ({ log: (await mutate(h, 'createTimeLog(input: $input) { timeLog { id } userErrors { message } }', { ticketId: v.id, minutes: 30, trackedDate: TODAY })).timeLog.id }),
      fresh: (d, v) => ids(d.ticket.timeLogs.nodes).includes(v.log!) },
    { name: 'updateTimeLog', read: 'ticket',
      arrange: async () => {
        const id = await f.task('Time changed');
        return { id, log: (await h.wrike('POST', `/tasks/${id}/timelogs`, { hours: 1, trackedDate: TODAY, comment: '' }))[0].id as string };
      },
      change: async (v) => void await mutate(h, 'updateTimeLog(input: $input) { userErrors { message } }', { id: v.log, minutes: 90 }),
      fresh: (d) => d.ticket.timeLogs.nodes.some((l: { minutes: number }) => l.minutes === 90) },
    { name: 'deleteTimeLog', read: 'ticket',
      arrange: async () => {
        const id = await f.task('Time removed');
        return { id, log: (await h.wrike('POST', `/tasks/${id}/timelogs`, { hours: 1, trackedDate: TODAY, comment: '' }))[0].id as string };
      },
      change: async (v) => void await mutate(h, 'deleteTimeLog(input: $input) { userErrors { message } }', { id: v.log }),
      fresh: (d, v) => !ids(d.ticket.timeLogs.nodes).includes(v.log!) },
  ];
}

describe('every mutation: the read after it is fresh, with the shared cache on', () => {
  let h: SubgraphHarness;
  beforeAll(async () => {
    h = await startSubgraph(CACHE_ON);
  });
  afterAll(() => h.close());

  it('the table names every Wrike-writing mutation, and every write route has a staleness rule', async () => {
    const res = await h.query('{ __type(name: "Mutation") { fields { name } } }');
    const names = res.body.data.__type.fields.map((field: { name: string }) => field.name).sort();
    expect(names).toEqual([...WRITING_MUTATIONS, ...ADMIN_MUTATIONS].sort());
    const rows = mutationRows(h).map((row) => row.name.split(' ')[0]);
    expect([...new Set(rows)].sort()).toEqual([...WRITING_MUTATIONS].sort());
    // The routes the mutations write through, as the client sends them.
    for (const [method, route] of [['POST', '/folders/X/tasks'], ['PUT', '/tasks/X'], ['DELETE', '/tasks/X'], ['POST', '/tasks/X/comments'],
      ['PUT', '/comments/X'], ['DELETE', '/comments/X'], ['POST', '/tasks/X/attachments'], ['DELETE', '/attachments/X'],
      ['POST', '/folders/X/folders'], ['PUT', '/folders/X'], ['POST', '/tasks/X/dependencies'], ['DELETE', '/dependencies/X'],
      ['POST', '/tasks/X/timelogs'], ['PUT', '/timelogs/X'], ['DELETE', '/timelogs/X'], ['PUT', '/tasks/X,Y']] as const) {
      expect(Object.keys(WRITE_STALENESS)).toContain(routeOf(method, route).route);
    }
  });

  it.each(['createTicket', 'updateTicket', 'deleteTicket', 'createComment', 'updateComment', 'deleteComment', 'createAttachment',
    'deleteAttachment', 'createCollection', 'updateCollection', 'createDependency', 'deleteDependency', 'createTimeLog', 'updateTimeLog',
    'deleteTimeLog', 'updateTicketsCustomFields'])('%s', async (mutation) => {
    for (const row of mutationRows(h).filter((r) => r.name.split(' ')[0] === mutation)) {
      try {
        await runRow(h, row);
      } catch (error) {
        throw new Error(`${row.name}: ${(error as Error).message}`, { cause: error });
      }
    }
  });
});

/** Webhook event types the sandbox has no write for (it never emits them); their rules are checked by the table test. */
const NOT_EMITTED = ['TaskSharedsAdded', 'TaskSharedsRemoved', 'FolderDeleted'];

type EventRow = Row & { events: string[] };

function eventRows(h: SubgraphHarness): EventRow[] {
  const f = fixtures(h);
  const put = (path: string, form: Record<string, unknown>) => h.wrike('PUT', path, form).then(() => undefined);
  const upload = async (task: string) => {
    const response = await fetch(`${h.server.sandboxUrl}/api/v4/tasks/${task}/attachments`, {
      method: 'POST', body: 'hello', headers: { Authorization: `Bearer ${h.server.sandbox!.permanentTokens.owner}`, 'X-File-Name': 'e.txt', 'Content-Type': 'text/plain' },
    });
    return ((await response.json()) as { data: { id: string }[] }).data[0]!.id;
  };
  const taskRow = (events: string[], form: (v: Record<string, string>) => Record<string, unknown>, fresh: Row['fresh'], extra: () => Record<string, unknown> = () => ({})): EventRow => ({
    name: events.join(' + '), events, read: 'ticket',
    arrange: async () => ({ id: await f.task(`Before ${events[0]}`, extra()) }),
    change: (v: Record<string, string>) => put(`/tasks/${v.id}`, form(v)),
    fresh,
  });
  const folderRow = (events: string[], id: () => string, form: () => Record<string, unknown>, fresh: Row['fresh']): EventRow => ({
    name: events.join(' + '), events, read: 'collection',
    arrange: async () => ({ id: id() }),
    change: (v: Record<string, string>) => put(`/folders/${v.id}`, form()),
    fresh,
  });
  const rows: EventRow[] = [
    { name: 'TaskCreated (a sub-task: its parent lists it)', events: ['TaskCreated'], read: 'ticket',
      arrange: async () => ({ id: await f.task('Parent told by an event') }),
      change: async (v) => ({ child: await f.subtask(v.id!, 'Made in Wrike') }),
      fresh: (d, v) => ids(d.ticket.subtasks?.nodes).includes(v.child!) },
    { name: 'TaskDeleted (a sub-task: its parent no longer lists it)', events: ['TaskDeleted'], read: 'ticket',
      arrange: async () => {
        const id = await f.task('Parent of one deleted in Wrike');
        return { id, child: await f.subtask(id, 'Deleted in Wrike') };
      },
      change: (v) => h.wrike('DELETE', `/tasks/${v.child}`).then(() => undefined),
      fresh: (d, v) => !ids(d.ticket.subtasks?.nodes).includes(v.child!) },
    { name: 'TaskParentsAdded + TaskParentsRemoved (its parent moved in Wrike)', events: ['TaskParentsAdded', 'TaskParentsRemoved'], read: 'ticket',
      arrange: async () => {
        const parent = await f.task('Moved in Wrike');
        return { parent, id: await f.subtask(parent, 'Follows it') };
      },
      change: (v) => put(`/tasks/${v.parent}`, { addParents: [f.spaces()[1]], removeParents: [f.spaces()[0]] }),
      fresh: (d) => d.ticket.workspace?.id === f.spaces()[1] },
    taskRow(['TaskTitleChanged'], () => ({ title: 'Titled in Wrike' }), (d) => d.ticket.title === 'Titled in Wrike'),
    taskRow(['TaskImportanceChanged'], () => ({ importance: 'High' }), (d) => d.ticket.priority === 'HIGH'),
    taskRow(['TaskStatusChanged'], () => ({ status: 'Completed' }), (d) => d.ticket.status?.name !== 'Triage' && d.ticket.status?.name !== undefined),
    taskRow(['TaskDatesChanged'], () => ({ dates: { type: 'Planned', start: '2026-12-01', due: '2026-12-05' } }), (d) => d.ticket.dueDate?.startsWith('2026-12-05')),
    taskRow(['TaskDescriptionChanged'], () => ({ description: 'Described in Wrike' }), (d) => d.ticket.description?.includes('Described in Wrike')),
    taskRow(['TaskResponsiblesAdded'], () => ({ addResponsibles: [f.person()] }), (d) => ids(d.ticket.assignees).includes(f.person())),
    taskRow(['TaskResponsiblesRemoved'], () => ({ removeResponsibles: [f.person()] }), (d) => !ids(d.ticket.assignees).includes(f.person()), () => ({ responsibles: [f.person()] })),
    taskRow(['TaskCustomFieldChanged'], () => ({ customFields: [{ id: f.textField(), value: 'Set in Wrike' }] }),
      (d) => d.ticket.customFields.some((c: { field: { id: string }; rawValue: unknown }) => c.field.id === f.textField() && c.rawValue === 'Set in Wrike')),
    { name: 'AttachmentAdded', events: ['AttachmentAdded'], read: 'ticket',
      arrange: async () => ({ id: await f.task('Attached in Wrike') }),
      change: async (v) => ({ attachment: await upload(v.id!) }),
      fresh: (d, v) => ids(d.ticket.attachments.nodes).includes(v.attachment!) },
    { name: 'AttachmentDeleted', events: ['AttachmentDeleted'], read: 'ticket',
      arrange: async () => {
        const id = await f.task('Attachment removed in Wrike');
        return { id, attachment: await upload(id) };
      },
      change: (v) => h.wrike('DELETE', `/attachments/${v.attachment}`).then(() => undefined),
      fresh: (d, v) => !ids(d.ticket.attachments.nodes).includes(v.attachment!) },
    { name: 'CommentAdded', events: ['CommentAdded'], read: 'ticket',
      arrange: async () => ({ id: await f.task('Commented in Wrike') }),
      change: async (v) => ({ comment: (await h.wrike('POST', `/tasks/${v.id}/comments`, { text: 'From Wrike' }))[0].id }),
      fresh: (d, v) => ids(d.ticket.comments.nodes).includes(v.comment!) },
    { name: 'CommentDeleted', events: ['CommentDeleted'], read: 'ticket',
      arrange: async () => {
        const id = await f.task('Comment removed in Wrike');
        return { id, comment: (await h.wrike('POST', `/tasks/${id}/comments`, { text: 'Soon gone' }))[0].id };
      },
      change: (v) => h.wrike('DELETE', `/comments/${v.comment}`).then(() => undefined),
      fresh: (d, v) => !ids(d.ticket.comments.nodes).includes(v.comment!) },
    { name: 'TimelogChanged', events: ['TimelogChanged'], read: 'ticket',
      arrange: async () => ({ id: await f.task('Time logged in Wrike') }),
      change: async (v) => ({ log: (await h.wrike('POST', `/tasks/${v.id}/timelogs`, { hours: 2, trackedDate: TODAY, comment: '' }))[0].id }),
      fresh: (d, v) => ids(d.ticket.timeLogs.nodes).includes(v.log!) },
    { name: 'FolderCreated (its parent lists it)', events: ['FolderCreated'], read: 'collection',
      arrange: async () => ({ id: f.folder() }),
      change: async (v) => ({ made: (await h.wrike('POST', `/folders/${v.id}/folders`, { title: 'Made in Wrike' }))[0].id }),
      fresh: (d, v) => ids(d.collection.children?.nodes).includes(v.made!) },
    folderRow(['FolderTitleChanged'], f.folder, () => ({ title: 'Folder titled in Wrike' }), (d) => d.collection.name === 'Folder titled in Wrike'),
    folderRow(['FolderDescriptionChanged'], f.folder, () => ({ description: 'Folder described in Wrike' }), (d) => d.collection.description?.includes('Folder described in Wrike')),
    folderRow(['FolderCustomFieldChanged'], f.folder, () => ({ customFields: [{ id: f.textField(), value: 'Folder value' }] }), (d) => d.collection.customFields.some((c: { rawValue: unknown }) => c.rawValue === 'Folder value')),
    { name: 'ProjectStatusChanged', events: ['ProjectStatusChanged'], read: 'collection',
      arrange: async () => {
        const id = f.project();
        return { id, status: f.store().folders.get(id)!.project!.status === 'OnHold' ? 'Red' : 'OnHold' };
      },
      change: (v) => put(`/folders/${v.id}`, { project: { status: v.status } }),
      fresh: (d, v) => d.collection.projectStatus === v.status },
    folderRow(['ProjectDatesChanged'], f.project, () => ({ project: { startDate: '2026-12-01', endDate: '2026-12-31' } }), (d) => d.collection.endDate?.startsWith('2026-12-31')),
    { name: 'ProjectOwnersAdded', events: ['ProjectOwnersAdded'], read: 'collection',
      arrange: async () => {
        const id = f.project();
        const owners = f.store().folders.get(id)!.project!.ownerIds;
        return { id, person: [...f.store().contacts.values()].find((c) => c.type === 'Person' && !c.deleted && !owners.includes(c.id))!.id };
      },
      change: (v) => put(`/folders/${v.id}`, { project: { ownersAdd: [v.person] } }),
      fresh: (d, v) => ids(d.collection.owners).includes(v.person!) },
    { name: 'ProjectOwnersRemoved', events: ['ProjectOwnersRemoved'], read: 'collection',
      arrange: async () => {
        const id = f.project();
        return { id, person: f.store().folders.get(id)!.project!.ownerIds[0]! };
      },
      change: (v) => put(`/folders/${v.id}`, { project: { ownersRemove: [v.person] } }),
      fresh: (d, v) => !ids(d.collection.owners).includes(v.person!) },
  ];
  return rows;
}

describe('every webhook event the sandbox emits: the read after it is fresh, with the shared cache on', () => {
  let h: SubgraphHarness;
  beforeAll(async () => {
    const port = await freePort();
    h = await startSubgraph({ ...CACHE_ON, PORT: String(port), PUBLIC_URL: `http://127.0.0.1:${port}` });
    const active = async () => (await h.query('{ connections { webhook { status } } }')).body.data?.connections[0]?.webhook?.status === 'ACTIVE';
    await until(active, (up) => up);
  });
  afterAll(() => h.close());

  it('the table names every event type, and every type Wrike documents has a staleness rule', () => {
    const covered = eventRows(h).flatMap((row) => row.events);
    expect([...covered, ...NOT_EMITTED].sort()).toEqual([...WEBHOOK_EVENTS].sort());
    for (const type of WEBHOOK_EVENTS) expect(Object.keys(EVENT_STALENESS)).toContain(type);
  });

  it.each(eventNames())('%s', async (name) => {
    const row = eventRows(h).find((r) => r.name === name)!;
    await runRow(h, row, true);
  });
});

/** The rows' names, known before the server starts (it.each needs them when the suite is declared). */
function eventNames(): string[] {
  return eventRows({ server: { sandbox: undefined } } as unknown as SubgraphHarness).map((row) => row.name);
}

describe('a connection limited to one space, with the shared cache on', () => {
  let h: SubgraphHarness;
  beforeAll(async () => {
    const port = await freePort();
    h = await startSubgraph({ ...CACHE_ON, PORT: String(port), PUBLIC_URL: `http://127.0.0.1:${port}` });
  });
  afterAll(() => h.close());

  it('a sub-task whose parent moved out of the space in Wrike reads as not existing (its superParentIds were dropped)', async () => {
    const store = h.server.sandbox!.store;
    const [inside, outside] = [...store.folders.values()].filter((f) => f.space && f.scope === 'WsFolder').map((f) => f.id) as [string, string];
    const { connectionId } = await linkThroughConsentPage(h, { workspaceIds: [inside] });
    const scoped = (q: string, variables: Record<string, unknown>) => h.query(q, variables, { 'X-Connection-Id': connectionId! });
    const status = async () => (await h.query('{ connections { id webhook { status lastEventAt } } }')).body.data.connections.find((c: { id: string }) => c.id === connectionId)?.webhook;
    await until(status, (hook) => hook?.status === 'ACTIVE');
    const parent = await wrikeTask(h, inside, 'Parent inside');
    const child = await wrikeTask(h, store.account.rootFolderId, 'Sub-task inside', { superTasks: [parent] });
    await h.server.sandbox!.webhooks.idle();
    await until(status, (hook) => hook?.lastEventAt !== undefined && hook?.lastEventAt !== null);

    const READ = 'query($id: ID!) { ticket(id: $id) { id } }';
    expect((await scoped(READ, { id: child })).body.data.ticket).toEqual({ id: child });
    // Moved out in Wrike: the child's own model did not change, but where it lives did.
    await h.wrike('PUT', `/tasks/${parent}`, { addParents: [outside], removeParents: [inside] });
    await h.server.sandbox!.webhooks.idle();
    const after = await until(() => scoped(READ, { id: child }), (res) => res.body.data?.ticket === null);
    expect(after.body.errors).toBeUndefined();
    expect(after.body.data.ticket).toBeNull();
  });
});

describe('a write whose outcome is unknown (Wrike made it, its answer came too late)', () => {
  let h: SubgraphHarness;
  beforeAll(async () => {
    // Wrike's time-out (2 s) after the request's deadline (1 s): the write is still out when the request answers.
    h = await startSubgraph({ ...CACHE_ON, REQUEST_DEADLINE_MS: '1000', WRIKE_TIMEOUT_MS: '2000' });
  });
  afterAll(() => h.close());

  it('drops what it would make stale, as a write Wrike answered does: the parent shows the new sub-task', async () => {
    const folderId = [...h.server.sandbox!.store.folders.values()].find((f) => f.space)!.id;
    const parent = { id: await wrikeTask(h, folderId, 'Parent of a write whose answer came late') };
    const before = subtaskIds((await h.query(SUBTASKS, { id: parent.id })).body);
    expect(before).toEqual([]);
    await h.control('/faults', { method: 'PUT', body: { routeLatencyMs: { 'POST /folders/:folderId/tasks': 3000 } } });
    try {
      const created = await h.query(
        'mutation($input: CreateTicketInput!) { createTicket(input: $input) { ticket { id } } }',
        { input: { collectionId: folderId, title: 'Made while nobody waited', parentTicketIds: [parent.id], idempotencyKey: 'unknown-outcome-subtask' } },
      );
      expect(created.body.errors?.[0]?.extensions?.code).toBe('WRITE_OUTCOME_UNKNOWN');
      // Past the client's time-out: the write has ended, its outcome unknown, by now.
      await new Promise((resolve) => setTimeout(resolve, 2500));
    } finally {
      await h.control('/faults', { method: 'PUT', body: { routeLatencyMs: {} } });
    }
    const made = [...h.server.sandbox!.store.tasks.values()].find((t) => t.title === 'Made while nobody waited')!;
    expect(made).toBeDefined();
    const after = subtaskIds((await h.query(SUBTASKS, { id: parent.id })).body);
    expect(after).toEqual(expect.arrayContaining([...before, made.id]));
  });
});
