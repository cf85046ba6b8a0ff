import { startSubgraph, type SubgraphHarness } from '../helpers/subgraph';
import { linkThroughConsentPage } from '../helpers/oauth-link';
import type { Task } from '../../src/sandbox/model';

/**
 * A connection limited to one space, probed with the other spaces' ids through every entry point: what lies
 * outside must read exactly as what does not exist (NOT_FOUND, null, left out), never FORBIDDEN.
 */
let h: SubgraphHarness;
let connectionId: string;
let inside: string;
let outside: string;
let third: string;
beforeAll(async () => {
  h = await startSubgraph();
  const spaces = [...store().folders.values()].filter((f) => f.space && tasksOf(f.id).length > 10);
  [inside, outside, third] = spaces.map((s) => s.id) as [string, string, string];
  const linked = await linkThroughConsentPage(h, { workspaceIds: [inside] });
  connectionId = linked.connectionId!;
});
afterAll(() => h.close());

const store = () => h.server.sandbox!.store;
const q = (query: string, variables: Record<string, unknown> = {}) => h.query(query, variables, { 'X-Connection-Id': connectionId });
const UNKNOWN_TASK = 'IEAGAABKKQZZZZZZ';

function spaceOf(task: Task): Set<string> {
  const out = new Set<string>();
  for (const folderId of [...task.parentIds, ...task.superParentIds]) {
    for (const id of [folderId, ...store().folderAncestors(folderId)]) if (store().folders.get(id)?.space) out.add(id);
  }
  return out;
}
function tasksOf(spaceId: string): Task[] {
  return [...store().tasks.values()].filter((t) => t.scope === 'WsTask' && spaceOf(t).has(spaceId));
}
const foldersOf = (spaceId: string) => store().folderDescendants(spaceId).map((id) => store().folders.get(id)!).filter((f) => f.scope === 'WsFolder' && !f.space);
const onlyIn = (spaceId: string) => (task: Task) => spaceOf(task).has(spaceId) && spaceOf(task).size === 1;
const outsideTask = () => tasksOf(outside).find(onlyIn(outside))!;
const insideTask = () => tasksOf(inside).find(onlyIn(inside))!;
const outsideFolder = () => foldersOf(outside).find((f) => !store().folderAncestors(f.id).includes(inside))!;

describe('a connection limited to one workspace', () => {
  it('says so, and shows only its workspace', async () => {
    const res = await q(`query($id: ID!, $out: ID!) { connection(id: $id) { workspaceIds } workspaces { nodes { id } } workspace(id: $out) { id } }`, { id: connectionId, out: outside });
    expect(res.body.data).toEqual({ connection: { workspaceIds: [inside] }, workspaces: { nodes: [{ id: inside }] }, workspace: null });
  });

  it('lists only tickets, collections and time logs inside it, with counts of what is inside', async () => {
    const res = await q(`{ tickets(first: 100) { totalCount nodes { id } } collections(first: 100) { totalCount nodes { id } } timeLogs(first: 100) { totalCount nodes { ticket { id } } } }`);
    expect(res.body.errors).toBeUndefined();
    const { tickets, collections, timeLogs } = res.body.data;
    expect(tickets.nodes.length).toBeGreaterThan(5);
    for (const node of tickets.nodes) expect(spaceOf(store().tasks.get(node.id)!).has(inside)).toBe(true);
    const topLevelInside = tasksOf(inside).filter((t) => t.parentIds.length > 0 && t.parentIds.some((p) => spaceOf({ ...t, superParentIds: [], parentIds: [p] } as Task).has(inside)));
    expect(tickets.totalCount).toBe(topLevelInside.length);
    const insideFolders = new Set(foldersOf(inside).map((f) => f.id));
    expect(collections.totalCount).toBe(insideFolders.size);
    for (const node of collections.nodes) expect(insideFolders.has(node.id)).toBe(true);
    const logsInside = [...store().timelogs.values()].filter((l) => store().tasks.get(l.taskId)!.scope === 'WsTask' && spaceOf(store().tasks.get(l.taskId)!).has(inside));
    expect(timeLogs.totalCount).toBe(logsInside.length);
  });

  it('answers ids outside it as unknown ones: ticket, collection, comment, attachment, time log, permalink, _entities', async () => {
    const task = outsideTask();
    const comment = [...store().comments.values()].find((c) => c.taskId && onlyIn(outside)(store().tasks.get(c.taskId)!))!;
    const attachment = [...store().attachments.values()].find((a) => a.taskId && onlyIn(outside)(store().tasks.get(a.taskId)!))!;
    const log = [...store().timelogs.values()].find((l) => onlyIn(outside)(store().tasks.get(l.taskId)!))!;
    const res = await q(`query($t: ID!, $f: ID!, $c: ID!, $a: ID!, $l: ID!, $p: String!, $r: [_Any!]!) {
      ticket(id: $t) { id } collection(id: $f) { id } comment(id: $c) { id } attachment(id: $a) { id } timeLog(id: $l) { id }
      ticketByPermalink(url: $p) { id }
      _entities(representations: $r) { ... on Ticket { id } ... on Collection { id } ... on Comment { id } ... on Attachment { id } ... on TimeLog { id } ... on Workspace { id } }
    }`, {
      t: task.id, f: outsideFolder().id, c: comment.id, a: attachment.id, l: log.id, p: task.permalink,
      r: [
        { __typename: 'Ticket', id: task.id }, { __typename: 'Collection', id: outsideFolder().id }, { __typename: 'Comment', id: comment.id },
        { __typename: 'Attachment', id: attachment.id }, { __typename: 'TimeLog', id: log.id }, { __typename: 'Workspace', id: outside },
        { __typename: 'Ticket', id: insideTask().id },
      ],
    });
    expect(res.body.errors).toBeUndefined();
    expect(res.body.data).toEqual({
      ticket: null, collection: null, comment: null, attachment: null, timeLog: null, ticketByPermalink: null,
      _entities: [null, null, null, null, null, null, { id: insideTask().id }],
    });
  });

  it('refuses lists that name a place outside it with NOT_FOUND, worded as for an unknown place', async () => {
    for (const [query, variables] of [
      ['query($w: ID!) { tickets(filter: { workspaceId: $w }) { totalCount } }', { w: outside }],
      ['query($f: ID!) { tickets(filter: { collectionId: $f }) { totalCount } }', { f: outsideFolder().id }],
      ['query($w: ID!) { collections(filter: { workspaceId: $w }) { totalCount } }', { w: outside }],
      ['query($f: ID!) { collections(filter: { parentId: $f }) { totalCount } }', { f: outsideFolder().id }],
      ['query($w: ID!) { timeLogs(filter: { workspaceId: $w }) { totalCount } }', { w: outside }],
      ['query($f: ID!) { timeLogs(filter: { collectionId: $f }) { totalCount } }', { f: outsideFolder().id }],
    ] as const) {
      const res = await q(query, variables);
      expect(res.body.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    }
    const unknown = await q('{ tickets(filter: { collectionId: "IEAGAABKI4ZZZZZZ" }) { totalCount } }');
    const outsideOne = await q('query($f: ID!) { tickets(filter: { collectionId: $f }) { totalCount } }', { f: outsideFolder().id });
    expect(outsideOne.body.errors[0].message.replace(outsideFolder().id, 'X')).toBe(unknown.body.errors[0].message.replace('IEAGAABKI4ZZZZZZ', 'X'));
  });

  it('names each id outside it in an update\'s add and remove lists by its own list and index, all in one answer', async () => {
    const task = insideTask();
    const otherInside = tasksOf(inside).filter(onlyIn(inside)).find((t) => t.id !== task.id)!;
    const input = {
      id: task.id,
      addCollectionIds: [foldersOf(inside)[0]!.id, outsideFolder().id],
      removeCollectionIds: [outsideFolder().id],
      addParentTicketIds: [outsideTask().id],
      removeParentTicketIds: [otherInside.id, outsideTask().id],
    };
    const res = await q('mutation($i: UpdateTicketInput!) { updateTicket(input: $i) { ticket { id } userErrors { field code } } }', { i: input });
    expect(res.body.errors).toBeUndefined();
    expect(res.body.data.updateTicket.ticket).toBeNull();
    expect(res.body.data.updateTicket.userErrors.map((e: { field: string[]; code: string }) => [e.field.join('.'), e.code]).sort()).toEqual([
      ['input.addCollectionIds.1', 'NOT_FOUND'], ['input.addParentTicketIds.0', 'NOT_FOUND'],
      ['input.removeCollectionIds.0', 'NOT_FOUND'], ['input.removeParentTicketIds.1', 'NOT_FOUND'],
    ]);
  });

  it('writes nothing that names anything outside it, answering NOT_FOUND as for an unknown id', async () => {
    const task = outsideTask();
    const title = task.title;
    const comments = store().comments.size;
    const logs = store().timelogs.size;
    const comment = [...store().comments.values()].find((c) => c.taskId && onlyIn(outside)(store().tasks.get(c.taskId)!))!;
    const log = [...store().timelogs.values()].find((l) => onlyIn(outside)(store().tasks.get(l.taskId)!))!;
    const errorsOf = async (mutation: string, input: Record<string, unknown>) => {
      const res = await q(`mutation($i: ${mutation.split(':')[1]}!) { ${mutation.split(':')[0]}(input: $i) { userErrors { field code message } } }`, { i: input });
      expect(res.body.errors).toBeUndefined();
      return Object.values(res.body.data)[0] as { userErrors: { field: string[]; code: string; message: string }[] };
    };
    const cases: [string, Record<string, unknown>][] = [
      ['updateTicket:UpdateTicketInput', { id: task.id, title: 'Renamed from outside' }],
      ['deleteTicket:DeleteInput', { id: task.id }],
      ['createTicket:CreateTicketInput', { collectionId: outsideFolder().id, title: 'Planted' }],
      ['createComment:CreateCommentInput', { ticketId: task.id, body: 'Planted' }],
      ['updateComment:UpdateCommentInput', { id: comment.id, body: 'Rewritten' }],
      ['deleteComment:DeleteInput', { id: comment.id }],
      ['createTimeLog:CreateTimeLogInput', { ticketId: task.id, minutes: 60, trackedDate: '2026-05-04' }],
      ['updateTimeLog:UpdateTimeLogInput', { id: log.id, minutes: 1 }],
      ['deleteTimeLog:DeleteInput', { id: log.id }],
      ['createDependency:CreateDependencyInput', { predecessorId: insideTask().id, successorId: task.id }],
      ['createCollection:CreateCollectionInput', { parentId: outsideFolder().id, name: 'Planted' }],
      ['updateCollection:UpdateCollectionInput', { id: outsideFolder().id, name: 'Renamed' }],
    ];
    for (const [mutation, input] of cases) {
      const payload = await errorsOf(mutation, input);
      expect([mutation, payload.userErrors.map((e) => e.code)]).toEqual([mutation, ['NOT_FOUND']]);
    }
    // The same words as for an id that does not exist at all.
    const unknown = await errorsOf('createComment:CreateCommentInput', { ticketId: UNKNOWN_TASK, body: 'x' });
    const outsideOne = await errorsOf('createComment:CreateCommentInput', { ticketId: task.id, body: 'x' });
    expect(outsideOne.userErrors[0]!.message.replace(task.id, 'X')).toBe(unknown.userErrors[0]!.message.replace(UNKNOWN_TASK, 'X'));
    expect(store().tasks.get(task.id)!.title).toBe(title);
    expect(store().tasks.get(task.id)!.scope).toBe('WsTask');
    expect(store().comments.size).toBe(comments);
    expect(store().timelogs.size).toBe(logs);
    // Inside, writes work.
    const ok = await errorsOf('createComment:CreateCommentInput', { ticketId: insideTask().id, body: 'Inside' });
    expect(ok.userErrors).toEqual([]);
  });

  it('keeps the proxy, uploads and download links inside it', async () => {
    const base = h.server.url.replace('/graphql', '');
    const proxy = (path: string) => fetch(`${base}/proxy/wrike/api/v4${path}`, { headers: { 'X-Connection-Id': connectionId } });
    expect((await proxy(`/tasks/${insideTask().id}`)).status).toBe(200);
    const outsideRead = await proxy(`/tasks/${insideTask().id},${outsideTask().id}`);
    expect(outsideRead.status).toBe(404);
    expect(await outsideRead.json()).toEqual({ error: 'resource_not_found', errorDescription: 'Resource not found' });
    expect((await proxy(`/folders/${outsideFolder().id}/tasks`)).status).toBe(404);
    expect((await proxy(`/spaces/${outside}`)).status).toBe(404);
    expect((await proxy('/tasks')).status).toBe(404);
    expect((await proxy(`/contacts/${store().ownerId}/timelogs`)).status).toBe(404);
    expect((await proxy('/contacts')).status).toBe(200);
    expect((await proxy(`/spaces/${inside}/tasks`)).status).toBe(200);

    const upload = await fetch(`${base}/attachments/upload?ticketId=${outsideTask().id}&fileName=x.txt`, {
      method: 'POST', headers: { 'X-Connection-Id': connectionId, 'Content-Type': 'text/plain' }, body: 'planted',
    });
    expect(upload.status).toBe(404);

    const attachment = [...store().attachments.values()].find((a) => a.taskId && onlyIn(inside)(store().tasks.get(a.taskId)!))!;
    const link = (await q('query($id: ID!) { attachment(id: $id) { downloadUrl } }', { id: attachment.id })).body.data.attachment.downloadUrl;
    expect((await fetch(link)).status).toBe(200);
    // Narrowed to another space: the link made before opens nothing outside the scope now.
    await q('mutation($i: SetConnectionWorkspacesInput!) { setConnectionWorkspaces(input: $i) { userErrors { code } } }', { i: { connectionId, workspaceIds: [third] } });
    try {
      expect((await fetch(link)).status).toBe(404);
    } finally {
      await q('mutation($i: SetConnectionWorkspacesInput!) { setConnectionWorkspaces(input: $i) { userErrors { code } } }', { i: { connectionId, workspaceIds: [inside] } });
    }
  });

  it('is changed by an admin mutation: two spaces list both (and count both), null opens the account, an unknown space is refused', async () => {
    const set = (workspaceIds: string[] | null) => q('mutation($i: SetConnectionWorkspacesInput!) { setConnectionWorkspaces(input: $i) { connection { workspaceIds } userErrors { field code } } }', { i: { connectionId, workspaceIds } });
    expect((await set([inside, third])).body.data.setConnectionWorkspaces).toEqual({ connection: { workspaceIds: [inside, third] }, userErrors: [] });
    try {
      const both = await q('{ tickets(first: 100) { totalCount nodes { id } } }');
      expect(both.body.errors).toBeUndefined();
      const seen = new Set<string>();
      for (const node of both.body.data.tickets.nodes) {
        const spaces = spaceOf(store().tasks.get(node.id)!);
        expect(spaces.has(inside) || spaces.has(third)).toBe(true);
        for (const s of spaces) seen.add(s);
      }
      const counts = await Promise.all([inside, third].map(async (w) => (await q('query($w: ID!) { tickets(filter: { workspaceId: $w }) { totalCount } }', { w })).body.data.tickets.totalCount));
      expect(both.body.data.tickets.totalCount).toBe(counts[0] + counts[1]);
      expect((await set(['IEAGAABKI4ZZZZZZ'])).body.data.setConnectionWorkspaces.userErrors).toEqual([{ field: ['input', 'workspaceIds'], code: 'NOT_FOUND' }]);
      expect((await set([])).body.data.setConnectionWorkspaces.userErrors).toEqual([{ field: ['input', 'workspaceIds'], code: 'INVALID_VALUE' }]);
      expect((await set(null)).body.data.setConnectionWorkspaces.connection).toEqual({ workspaceIds: null });
      expect((await q('query($t: ID!) { ticket(id: $t) { id } }', { t: outsideTask().id })).body.data.ticket).toEqual({ id: outsideTask().id });
    } finally {
      await set([inside]);
    }
  });

  it('is refused at link time for a space the account does not have', async () => {
    const linked = await linkThroughConsentPage(h, { workspaceIds: ['IEAGAABKI4ZZZZZZ'] });
    expect(linked.connectionId).toBeNull();
    expect(linked.landed.searchParams.get('error')).toBe('unknown_workspace');
  });
});
