import { startSubgraph, type SubgraphHarness } from '../helpers/subgraph';
import { linkThroughConsentPage } from '../helpers/oauth-link';
import { createApiKey } from '../../src/connections/api-keys';
import type { Task } from '../../src/sandbox/model';

/**
 * The seam between a connection's workspace scope and everything that names Wrike ids: the proxy (ids in the path,
 * the query, a form or JSON body, JSON text inside a parameter), idsFromLegacy, and requests that name no connection.
 * Outside the scope must read exactly as what does not exist, and nothing outside may be written.
 */
let h: SubgraphHarness;
let connectionId: string;
let inside: string;
let outside: string;
let base: string;
beforeAll(async () => {
  h = await startSubgraph();
  base = `${h.server.url.replace('/graphql', '')}/proxy/wrike/api/v4`;
  const spaces = [...store().folders.values()].filter((f) => f.space && tasksOf(f.id).length > 10);
  [inside, outside] = spaces.map((s) => s.id) as [string, string];
  connectionId = (await linkThroughConsentPage(h, { workspaceIds: [inside] })).connectionId!;
});
afterAll(() => h.close());

const store = () => h.server.sandbox!.store;
function spaceOf(task: Task): Set<string> {
  const out = new Set<string>();
  for (const folderId of [...task.parentIds, ...task.superParentIds]) {
    for (const id of [folderId, ...store().folderAncestors(folderId)]) if (store().folders.get(id)?.space) out.add(id);
  }
  return out;
}
const tasksOf = (spaceId: string) => [...store().tasks.values()].filter((t) => t.scope === 'WsTask' && spaceOf(t).has(spaceId));
const onlyIn = (spaceId: string) => (task: Task) => spaceOf(task).has(spaceId) && spaceOf(task).size === 1;
const foldersOnlyIn = (spaceId: string) => store().folderDescendants(spaceId).map((id) => store().folders.get(id)!)
  .filter((f) => f.scope === 'WsFolder' && !f.space && store().folderAncestors(f.id).filter((a) => store().folders.get(a)?.space).every((a) => a === spaceId));
const UNKNOWN_TASK = 'IEAGAABKKQZZZZZZ';
const UNKNOWN_FOLDER = 'IEAGAABKI4ZZZZZZ';

const headers = (type?: string) => ({ 'X-Connection-Id': connectionId, ...(type ? { 'Content-Type': type } : {}) });
type Body = { form: Record<string, string> } | { json: Record<string, unknown> } | undefined;
async function proxy(method: string, path: string, body?: Body): Promise<{ status: number; text: string }> {
  const init: RequestInit = !body ? { method, headers: headers() }
    : 'form' in body ? { method, headers: headers('application/x-www-form-urlencoded'), body: new URLSearchParams(body.form).toString() }
      : { method, headers: headers('application/json'), body: JSON.stringify(body.json) };
  const res = await fetch(`${base}${path}`, init);
  return { status: res.status, text: await res.text() };
}

describe('the proxy on a connection limited to one workspace', () => {
  /** Each attack names an outside id (`X`) somewhere the path check did not look; `X` is swapped for an unknown id to compare. */
  const attacks = (ids: { task: string; folder: string; outTask: string; outFolder: string }) => {
    const { task, folder, outTask, outFolder } = ids;
    return [
      ['a task placed into an outside folder (form, JSON text)', 'PUT', `/tasks/${task}`, { form: { addParents: JSON.stringify([outFolder]) } }],
      ['... with the list in the query string', 'PUT', `/tasks/${task}?addParents=${encodeURIComponent(JSON.stringify([outFolder]))}`, undefined],
      ['... with a JSON body', 'PUT', `/tasks/${task}`, { json: { addParents: [outFolder] } }],
      ['... with an unquoted list', 'PUT', `/tasks/${task}`, { form: { addParents: `[${outFolder}]` } }],
      ['... with the parameter twice', 'PUT', `/tasks/${task}?addParents=${encodeURIComponent(JSON.stringify([folder]))}`, { form: { addParents: JSON.stringify([outFolder]) } }],
      ['a task made in an outside folder too', 'POST', `/folders/${folder}/tasks`, { form: { title: 'Escaped', parents: JSON.stringify([outFolder]) } }],
      ['an outside task given a sub-task', 'POST', `/folders/${folder}/tasks`, { form: { title: 'Escaped', superTasks: JSON.stringify([outTask]) } }],
      ['an outside task made a super-task', 'PUT', `/tasks/${task}`, { form: { addSuperTasks: JSON.stringify([outTask]) } }],
      ['a dependency on an outside task', 'POST', `/tasks/${task}/dependencies`, { form: { predecessorId: outTask, relationType: 'FinishToStart' } }],
      ['... the other way round', 'POST', `/tasks/${task}/dependencies`, { json: { successorId: outTask, relationType: 'FinishToStart' } }],
      ['an outside task named where no rule knows it', 'PUT', `/tasks/${task}`, { form: { priorityBefore: outTask } }],
      ['an outside task read by its path', 'GET', `/tasks/${outTask}`, undefined],
    ] as [string, string, string, Body][];
  };

  it('refuses every call that names an outside id anywhere, before it is sent, exactly as an unknown id', async () => {
    const task = tasksOf(inside).find(onlyIn(inside))!;
    const folder = foldersOnlyIn(inside)[0]!;
    const outTask = tasksOf(outside).find(onlyIn(outside))!;
    const outFolder = foldersOnlyIn(outside)[0]!;
    const before = JSON.stringify([store().tasks.get(task.id), store().tasks.get(outTask.id), store().tasks.size, store().dependencies.size]);
    const outsideCalls = attacks({ task: task.id, folder: folder.id, outTask: outTask.id, outFolder: outFolder.id });
    const unknownCalls = attacks({ task: task.id, folder: folder.id, outTask: UNKNOWN_TASK, outFolder: UNKNOWN_FOLDER });
    await h.resetCalls();
    for (const [k, [what, method, path, body]] of outsideCalls.entries()) {
      const out = await proxy(method, path, body);
      const [, , unknownPath, unknownBody] = unknownCalls[k]!;
      const unknown = await proxy(method, unknownPath, unknownBody);
      expect([what, out.status]).toEqual([what, 404]);
      expect([what, out.text]).toEqual([what, unknown.text]);
      expect(JSON.parse(out.text)).toEqual({ error: 'resource_not_found', errorDescription: 'Resource not found' });
    }
    const routes = Object.keys((await h.calls()).byRoute);
    expect(routes.filter((route) => !route.startsWith('GET '))).toEqual([]);
    expect(JSON.stringify([store().tasks.get(task.id), store().tasks.get(outTask.id), store().tasks.size, store().dependencies.size])).toBe(before);
  });

  it('passes calls whose ids are all inside, or account data in no space (people, workflow statuses)', async () => {
    const [task, other] = tasksOf(inside).filter(onlyIn(inside)).slice(1, 3) as [Task, Task];
    const folder = foldersOnlyIn(inside).find((f) => !task.parentIds.includes(f.id))!;
    const person = [...store().contacts.values()].find((c) => c.type === 'Person' && !c.deleted)!;
    const res = await proxy('PUT', `/tasks/${task.id}`, { form: { addParents: JSON.stringify([folder.id]), addResponsibles: JSON.stringify([person.id]), title: 'Moved inside' } });
    expect([res.status, res.text.slice(0, 200)]).toEqual([200, expect.any(String)]);
    expect(store().tasks.get(task.id)).toMatchObject({ title: 'Moved inside', parentIds: expect.arrayContaining([folder.id]), responsibleIds: expect.arrayContaining([person.id]) });
    const status = [...store().workflows.values()].find((w) => w.standard)!.customStatuses.find((c) => c.id !== store().tasks.get(task.id)!.customStatusId)!;
    const restatus = await proxy('PUT', `/tasks/${task.id}`, { json: { customStatus: status.id } });
    expect(restatus.status).toBe(200);
    expect(store().tasks.get(task.id)!.customStatusId).toBe(status.id);
    const dependency = await proxy('POST', `/tasks/${task.id}/dependencies`, { json: { predecessorId: other.id, relationType: 'FinishToStart' } });
    expect(dependency.status).toBe(200);
  });
});

describe('idsFromLegacy on a connection limited to one workspace', () => {
  it('leaves out ids outside it, as ids Wrike does not know', async () => {
    const numberOf = (permalink: string) => /id=(\d+)/.exec(permalink)![1]!;
    const mine = tasksOf(inside).find(onlyIn(inside))!;
    const theirs = tasksOf(outside).find(onlyIn(outside))!;
    const theirFolder = foldersOnlyIn(outside)[0]!;
    const res = await h.query('query($t: [String!]!, $f: [String!]!) { tasks: idsFromLegacy(type: TASK, legacyIds: $t) { id } folders: idsFromLegacy(type: FOLDER, legacyIds: $f) { id } }',
      { t: [numberOf(mine.permalink), numberOf(theirs.permalink), '1'], f: [numberOf(theirFolder.permalink)] }, { 'X-Connection-Id': connectionId });
    expect(res.body.errors).toBeUndefined();
    expect(res.body.data).toEqual({ tasks: [{ id: mine.id }], folders: [] });
  });
});

describe('a request that names no connection (the tenant\'s only one)', () => {
  it('uses the connection\'s scope as stored now, even when another replica changed it a moment ago', async () => {
    const key = (await createApiKey(h.server.store, 'solo', null)).key;
    const auth = { Authorization: `Bearer ${key}` };
    const host = new URL(h.server.sandboxUrl!).host;
    const linked = await h.query('mutation($t: String!, $h: String!, $w: [ID!]) { connectWrikeWithToken(input: { token: $t, host: $h, workspaceIds: $w }) { connection { id } userErrors { message } } }',
      { t: h.server.sandbox!.permanentTokens.owner, h: host, w: [inside] }, auth);
    const soloId = linked.body.data.connectWrikeWithToken.connection.id as string;
    const workspaces = async () => (await h.query('{ workspaces { nodes { id } } }', {}, auth)).body.data.workspaces.nodes.map((n: { id: string }) => n.id);
    expect(await workspaces()).toEqual([inside]);
    // Another replica narrows the connection to the other space: it writes the store, this process hears nothing.
    await h.server.store.updateConnection(soloId, { workspaceIds: outside });
    expect(await workspaces()).toEqual([outside]);
  });
});
