import { startSandbox, type SandboxHarness } from '../helpers/sandbox';
import type { Task } from '../../src/sandbox/model';

let h: SandboxHarness;
beforeAll(async () => {
  h = await startSandbox();
});
afterAll(() => h.close());

const store = () => h.sandbox.store;
const tasks = () => [...store().tasks.values()].filter((t) => t.scope === 'WsTask');
const leafFolder = () => [...store().folders.values()].find((f) => f.scope === 'WsFolder' && !f.space && f.childIds.length === 0)!;
const fieldOf = (type: string) => [...store().customFields.values()].find((f) => f.type === type)!;

describe('task queries', () => {
  it('lists slim tasks by default and adds what `fields` asks for', async () => {
    const slim = await h.api('/tasks', { query: { limit: 3 } });
    expect(Object.keys(slim.body.data[0]).sort()).toEqual(
      expect.arrayContaining(['id', 'accountId', 'title', 'status', 'importance', 'createdDate', 'updatedDate', 'dates', 'scope', 'customStatusId', 'permalink', 'priority']),
    );
    expect(slim.body.data[0].responsibleIds).toBeUndefined();
    expect(slim.body.data[0].description).toBeUndefined();
    const rich = await h.api('/tasks', { query: { limit: 3, fields: ['responsibleIds', 'description', 'superTaskIds'] } });
    expect(rich.body.data[0].responsibleIds).toBeInstanceOf(Array);
    expect(rich.body.data[0].superTaskIds).toBeInstanceOf(Array);
  });

  it('excludes sub-tasks unless subTasks=true; sub-tasks reach a folder through superParentIds', async () => {
    const sub = tasks().find((t) => t.superTaskIds.length > 0 && t.parentIds.length === 0)!;
    const folder = sub.superParentIds[0] as string;
    const without = await h.api(`/folders/${folder}/tasks`, { query: { pageSize: 1000 } });
    expect(without.body.data.map((t: Task) => t.id)).not.toContain(sub.id);
    const withSubs = await h.api(`/folders/${folder}/tasks`, { query: { pageSize: 1000, subTasks: true } });
    expect(withSubs.body.data.map((t: Task) => t.id)).toContain(sub.id);
  });

  it('includes tasks of sub-folders unless descendants=false', async () => {
    const parent = [...store().folders.values()].find((f) => f.scope === 'WsFolder' && !f.space && f.childIds.some((c) => tasks().some((t) => t.parentIds.includes(c))))!;
    const inChild = tasks().find((t) => t.parentIds.some((p) => parent.childIds.includes(p)) && !t.parentIds.includes(parent.id))!;
    const deep = await h.api(`/folders/${parent.id}/tasks`, { query: { pageSize: 1000 } });
    expect(deep.body.data.map((t: Task) => t.id)).toContain(inChild.id);
    const flat = await h.api(`/folders/${parent.id}/tasks`, { query: { pageSize: 1000, descendants: false } });
    expect(flat.body.data.map((t: Task) => t.id)).not.toContain(inChild.id);
  });

  it('filters by status, importance, responsibles, authors and custom status', async () => {
    const someone = tasks().find((t) => t.responsibleIds.length > 0)!.responsibleIds[0] as string;
    const res = await h.api('/tasks', {
      query: { status: ['Active', 'Deferred'], importance: 'High', responsibles: [someone], subTasks: true, fields: ['responsibleIds'] },
    });
    const expected = tasks().filter((t) => ['Active', 'Deferred'].includes(t.status) && t.importance === 'High' && t.responsibleIds.includes(someone));
    expect(res.body.data.map((t: Task) => t.id).sort()).toEqual(expected.map((t) => t.id).sort());
    const author = tasks()[0]!.authorIds[0] as string;
    const byAuthor = await h.api('/tasks', { query: { authors: [author], subTasks: true } });
    expect(byAuthor.body.data.length).toBe(tasks().filter((t) => t.authorIds.includes(author)).length);
    const statusId = tasks()[0]!.customStatusId;
    const byCustom = await h.api('/tasks', { query: { customStatuses: [statusId], subTasks: true } });
    expect(byCustom.body.data.every((t: Task) => t.customStatusId === statusId)).toBe(true);
  });

  it('filters updatedDate by a UTC range that must carry Z, and dueDate by a local range that must not', async () => {
    const ok = await h.api('/tasks', { query: { updatedDate: { start: '2026-01-01T00:00:00Z', end: '2026-03-01T00:00:00Z' }, subTasks: true } });
    expect(ok.status).toBe(200);
    const expected = tasks().filter((t) => t.updatedDate >= '2026-01-01T00:00:00Z' && t.updatedDate <= '2026-03-01T00:00:00Z');
    expect(ok.body.data).toHaveLength(expected.length);
    const noZ = await h.api('/tasks', { query: { updatedDate: { start: '2026-01-01T00:00:00' } } });
    expect(noZ.body.error).toBe('invalid_parameter');
    const due = await h.api('/tasks', { query: { dueDate: { start: '2026-01-01', end: '2026-02-01' } } });
    expect(due.status).toBe(200);
    const dueZ = await h.api('/tasks', { query: { dueDate: { start: '2026-01-01T00:00:00Z' } } });
    expect(dueZ.body.error).toBe('invalid_parameter');
  });

  it('filters by a custom field with comparators', async () => {
    const severity = fieldOf('DropDown');
    const res = await h.api('/tasks', { query: { customField: { id: severity.id, comparator: 'EqualTo', value: 'Critical' }, subTasks: true, fields: ['customFields'] } });
    const expected = tasks().filter((t) => t.customFields.some((cf) => cf.id === severity.id && cf.value === 'Critical'));
    expect(res.body.data.map((t: Task) => t.id).sort()).toEqual(expected.map((t) => t.id).sort());
    const points = fieldOf('Numeric');
    const big = await h.api('/tasks', { query: { customField: { id: points.id, comparator: 'GreaterOrEqualTo', value: '8' }, subTasks: true } });
    expect(big.body.data.length).toBe(tasks().filter((t) => Number(t.customFields.find((cf) => cf.id === points.id)?.value) >= 8).length);
  });

  it('sorts by sortField and sortOrder', async () => {
    const res = await h.api('/tasks', { query: { sortField: 'CreatedDate', sortOrder: 'Desc', limit: 50 } });
    const dates = res.body.data.map((t: Task) => t.createdDate);
    expect(dates).toEqual([...dates].sort().reverse());
  });

  it('returns the full model by id, customFields only when set', async () => {
    const withFields = tasks().find((t) => t.customFields.length > 0)!;
    const withoutFields = tasks().find((t) => t.customFields.length === 0)!;
    const res = await h.api(`/tasks/${withFields.id},${withoutFields.id}`);
    expect(res.body.data[0].customFields).toEqual(withFields.customFields);
    expect(res.body.data[1].customFields).toBeUndefined();
    expect(res.body.data[0]).toHaveProperty('description');
    expect(res.body.data[0]).not.toHaveProperty('recurrent');
  });
});

describe('task writes', () => {
  it('creates a task in a folder with responsibles, dates, custom fields and a custom status', async () => {
    const folder = leafFolder();
    const user = store().activePeople()[3]!.id;
    const points = fieldOf('Numeric');
    const workflow = store().workflowForFolder(folder.id);
    const review = workflow.customStatuses.find((s) => !s.standard)!;
    const res = await h.api(`/folders/${folder.id}/tasks`, {
      method: 'POST',
      form: {
        title: 'Escalated: checkout fails', description: '<p>From the helpdesk</p>', importance: 'High', responsibles: [user],
        dates: { type: 'Planned', start: '2026-12-01', due: '2026-12-03' }, customFields: [{ id: points.id, value: '5' }], customStatus: review.id,
      },
    });
    expect(res.status).toBe(200);
    const task = res.body.data[0];
    expect(task).toMatchObject({
      title: 'Escalated: checkout fails', importance: 'High', responsibleIds: [user], parentIds: [folder.id],
      status: review.group, customStatusId: review.id, customFields: [{ id: points.id, value: '5' }],
      dates: { type: 'Planned', start: '2026-12-01T09:00:00', due: '2026-12-03T17:00:00', duration: 1440 },
    });
    expect(task.authorIds).toEqual([store().ownerId]);
  });

  it('requires a title, and refuses the Recycle Bin as a parent', async () => {
    const folder = leafFolder();
    const missing = await h.api(`/folders/${folder.id}/tasks`, { method: 'POST', form: { description: 'no title' } });
    expect(missing.body).toEqual({ error: 'parameter_required', errorDescription: "Parameter 'title' is required" });
    const bin = await h.api(`/folders/${store().account.recycleBinId}/tasks`, { method: 'POST', form: { title: 'x' } });
    expect(bin.status).toBe(400);
    const binParent = await h.api(`/folders/${folder.id}/tasks`, { method: 'POST', form: { title: 'x', parents: [store().account.recycleBinId] } });
    expect(binParent.status).toBe(400);
  });

  it('keeps status and customStatusId consistent both ways', async () => {
    const task = tasks().find((t) => t.status === 'Active' && t.parentIds.length > 0)!;
    const res = await h.api(`/tasks/${task.id}`, { method: 'PUT', form: { status: 'Completed' } });
    const workflow = store().workflowForTask(task);
    const completed = workflow.customStatuses.find((s) => s.group === 'Completed' && s.standard)!;
    expect(res.body.data[0]).toMatchObject({ status: 'Completed', customStatusId: completed.id });
    expect(res.body.data[0].completedDate).toBeDefined();
    const active = workflow.customStatuses.find((s) => s.group === 'Active' && !s.standard)!;
    const back = await h.api(`/tasks/${task.id}`, { method: 'PUT', form: { customStatus: active.id } });
    expect(back.body.data[0]).toMatchObject({ status: 'Active', customStatusId: active.id });
    expect(back.body.data[0].completedDate).toBeUndefined();
    const clash = await h.api(`/tasks/${task.id}`, { method: 'PUT', form: { customStatus: active.id, status: 'Cancelled' } });
    expect(clash.status).toBe(400);
  });

  it('applies add/remove pairs for parents, responsibles and super-tasks, and refuses cycles', async () => {
    const [a, b] = tasks().filter((t) => t.parentIds.length > 0 && t.subTaskIds.length === 0 && t.superTaskIds.length === 0);
    const other = [...store().folders.values()].filter((f) => f.scope === 'WsFolder' && !f.space).find((f) => !a!.parentIds.includes(f.id))!;
    const user = store().activePeople()[4]!.id;
    const res = await h.api(`/tasks/${a!.id}`, { method: 'PUT', form: { addParents: [other.id], addResponsibles: [user], addSuperTasks: [b!.id] } });
    expect(res.body.data[0].parentIds).toContain(other.id);
    expect(res.body.data[0].responsibleIds).toContain(user);
    expect(res.body.data[0].superTaskIds).toEqual([b!.id]);
    expect((await h.api(`/tasks/${b!.id}`)).body.data[0].subTaskIds).toContain(a!.id);
    const cycle = await h.api(`/tasks/${b!.id}`, { method: 'PUT', form: { addSuperTasks: [a!.id] } });
    expect(cycle.status).toBe(400);
    const undo = await h.api(`/tasks/${a!.id}`, { method: 'PUT', form: { removeParents: [other.id], removeResponsibles: [user], removeSuperTasks: [b!.id] } });
    expect(undo.body.data[0].parentIds).not.toContain(other.id);
    expect(undo.body.data[0].superTaskIds).toEqual([]);
    expect((await h.api(`/tasks/${b!.id}`)).body.data[0].subTaskIds).not.toContain(a!.id);
  });

  it('sets and clears custom fields (null clears) and refuses a field not shared to the task\'s folder', async () => {
    const task = tasks().find((t) => t.parentIds.length > 0 && store().spaceOfFolder(t.parentIds[0]!) !== [...store().spaces.keys()][0])!;
    const text = fieldOf('Text');
    const set = await h.api(`/tasks/${task.id}`, { method: 'PUT', json: { customFields: [{ id: text.id, value: 'Initech' }] } });
    expect(set.body.data[0].customFields).toContainEqual({ id: text.id, value: 'Initech' });
    const cleared = await h.api(`/tasks/${task.id}`, { method: 'PUT', json: { customFields: [{ id: text.id, value: null }] } });
    expect((cleared.body.data[0].customFields ?? []).some((cf: { id: string }) => cf.id === text.id)).toBe(false);
    const sprint = [...store().customFields.values()].find((f) => f.title === 'Sprint')!;
    const before = JSON.stringify(store().tasks.get(task.id));
    const refused = await h.api(`/tasks/${task.id}`, { method: 'PUT', json: { title: 'must not apply', customFields: [{ id: sprint.id, value: 'Sprint 9' }] } });
    expect(refused.status).toBe(400);
    expect(refused.body.errorDescription).toMatch(/not shared/);
    expect(JSON.stringify(store().tasks.get(task.id))).toBe(before);
  });

  it('refuses dates without a type, as Wrike\'s request model requires it (400 parameter_required), and writes nothing', async () => {
    const folder = [...h.sandbox.store.folders.values()].find((f) => f.scope === 'WsFolder' && !h.sandbox.store.spaces.has(f.id))!;
    const before = h.sandbox.store.tasks.size;
    const res = await h.api(`/folders/${folder.id}/tasks`, { method: 'POST', form: { title: 'No date type', dates: { due: '2026-12-03' } } });
    expect(res.status).toBe(400);
    expect(res.body.error).toBe('parameter_required');
    expect(h.sandbox.store.tasks.size).toBe(before);
  });

  it('updates custom fields of up to 100 tasks with PUT /tasks/{ids}, and nothing else', async () => {
    const ids = tasks().slice(0, 3).map((t) => t.id);
    const checkbox = fieldOf('Checkbox');
    const res = await h.api(`/tasks/${ids.join(',')}`, { method: 'PUT', json: { customFields: [{ id: checkbox.id, value: 'true' }] } });
    expect(res.body.data).toHaveLength(3);
    for (const t of res.body.data) expect(t.customFields).toContainEqual({ id: checkbox.id, value: 'true' });
    const title = await h.api(`/tasks/${ids.join(',')}`, { method: 'PUT', json: { title: 'x' } });
    expect(title.body.error).toBe('invalid_request');
  });

  it('deleting a task takes the sub-tasks only it holds to the Recycle Bin; one with another live parent task only loses the link', async () => {
    const folder = leafFolder();
    const make = async (form: Record<string, unknown>) => (await h.api(`/folders/${folder.id}/tasks`, { method: 'POST', form })).body.data[0];
    const parent = await make({ title: 'Parent' });
    const other = await make({ title: 'Other parent' });
    const only = await make({ title: 'Only child', superTasks: [parent.id] });
    const grandchild = await make({ title: 'Grandchild', superTasks: [only.id] });
    const shared = await make({ title: 'Shared child', superTasks: [parent.id, other.id] });
    const deleted = await h.api(`/tasks/${parent.id}`, { method: 'DELETE' });
    expect(deleted.status).toBe(200);
    for (const id of [only.id, grandchild.id]) {
      expect((await h.api(`/tasks/${id}`)).body.data[0]).toMatchObject({ scope: 'RbTask', parentIds: [store().account.recycleBinId] });
    }
    const survivor = (await h.api(`/tasks/${shared.id}`)).body.data[0];
    expect(survivor).toMatchObject({ scope: 'WsTask', superTaskIds: [other.id] });
    // No live task points at a deleted one.
    const live = (await h.api('/tasks', { query: { pageSize: 1000, subTasks: true, fields: JSON.stringify(['superTaskIds']) } })).body.data as Task[];
    for (const task of live) expect(task.superTaskIds ?? []).not.toContain(parent.id);
    expect(live.map((t) => t.id)).not.toContain(only.id);
  });

  it('moves a deleted task to the Recycle Bin and stops listing it', async () => {
    const folder = leafFolder();
    const created = (await h.api(`/folders/${folder.id}/tasks`, { method: 'POST', form: { title: 'To be deleted' } })).body.data[0];
    const deleted = await h.api(`/tasks/${created.id}`, { method: 'DELETE' });
    expect(deleted.body.data[0]).toMatchObject({ scope: 'RbTask', parentIds: [store().account.recycleBinId] });
    const listed = await h.api(`/folders/${folder.id}/tasks`, { query: { pageSize: 1000 } });
    expect(listed.body.data.map((t: Task) => t.id)).not.toContain(created.id);
    expect((await h.api(`/tasks/${created.id}`)).body.data[0].scope).toBe('RbTask');
    // Only a query on the Recycle Bin folder lists it, with its updatedDate the time of deletion.
    expect((await h.api('/tasks', { query: { pageSize: 1000 } })).body.data.map((t: Task) => t.id)).not.toContain(created.id);
    const bin = await h.api(`/folders/${store().account.recycleBinId}/tasks`, { query: { pageSize: 1000, updatedDate: JSON.stringify({ start: deleted.body.data[0].updatedDate }) } });
    expect(bin.body.data.map((t: Task) => [t.id, t.scope])).toContainEqual([created.id, 'RbTask']);
    expect(bin.body.data.every((t: Task) => t.scope === 'RbTask')).toBe(true);
  });
});

describe('comments', () => {
  it('creates, reads, edits within the window and deletes a comment', async () => {
    const task = tasks()[5]!;
    const created = await h.api(`/tasks/${task.id}/comments`, { method: 'POST', form: { text: '<b>Shipped</b>' } });
    const comment = created.body.data[0];
    // Stored the way Wrike's editor keeps HTML: <b> becomes <strong>.
    expect(comment).toMatchObject({ text: '<strong>Shipped</strong>', taskId: task.id, authorId: store().ownerId });
    const plain = await h.api(`/comments/${comment.id}`, { query: { plainText: true } });
    expect(plain.body.data[0].text).toBe('Shipped');
    const listed = await h.api(`/tasks/${task.id}/comments`);
    expect(listed.body.data.map((c: { id: string }) => c.id)).toContain(comment.id);
    const edited = await h.api(`/comments/${comment.id}`, { method: 'PUT', form: { text: 'Shipped to prod' } });
    expect(edited.body.data[0].text).toBe('Shipped to prod');
    const removed = await h.api(`/comments/${comment.id}`, { method: 'DELETE' });
    expect(removed.body).toEqual({ kind: 'comments', data: [] });
    expect((await h.api(`/comments/${comment.id}`)).status).toBe(404);
  });

  it('refuses an empty comment and an edit after the edit window', async () => {
    const task = tasks()[6]!;
    expect((await h.api(`/tasks/${task.id}/comments`, { method: 'POST', form: { text: '  ' } })).status).toBe(400);
    const old = [...store().comments.values()].find((c) => c.authorId === store().ownerId)
      ?? (() => { const c = [...store().comments.values()][0]!; c.authorId = store().ownerId; return c; })();
    const res = await h.api(`/comments/${old.id}`, { method: 'PUT', form: { text: 'too late' } });
    expect(res.status).toBe(403);
    expect(res.body.error).toBe('not_allowed');
  });
});

describe('attachments', () => {
  it('uploads a raw body with X-File-Name, lists it, downloads the same bytes and deletes it', async () => {
    const task = tasks()[7]!;
    const bytes = Buffer.from(Array.from({ length: 5000 }, (_, i) => i % 256));
    const up = await h.api(`/tasks/${task.id}/attachments`, {
      method: 'POST', raw: bytes, headers: { 'X-File-Name': encodeURIComponent('spec sheet.bin'), 'Content-Type': 'application/octet-stream', 'X-Requested-With': 'XMLHttpRequest' },
    });
    expect(up.status).toBe(200);
    const attachment = up.body.data[0];
    expect(attachment).toMatchObject({ name: 'spec sheet.bin', size: 5000, taskId: task.id, type: 'Wrike', contentType: 'application/octet-stream' });
    const listed = await h.api(`/tasks/${task.id}/attachments`);
    expect(listed.body.data.map((a: { id: string }) => a.id)).toContain(attachment.id);
    const download = await fetch(`${h.url}/api/v4/attachments/${attachment.id}/download`, { headers: { Authorization: `Bearer ${h.token}` } });
    expect(Buffer.from(await download.arrayBuffer()).equals(bytes)).toBe(true);
    expect((await h.api(`/attachments/${attachment.id}`, { method: 'DELETE' })).status).toBe(200);
    expect((await h.api(`/attachments/${attachment.id}`)).status).toBe(404);
  });

  it('refuses an upload without X-File-Name or without a body', async () => {
    const task = tasks()[8]!;
    const noName = await h.api(`/tasks/${task.id}/attachments`, { method: 'POST', raw: Buffer.from('x') });
    expect(noName.body.error).toBe('invalid_request');
    const empty = await h.api(`/tasks/${task.id}/attachments`, { method: 'POST', raw: Buffer.alloc(0), headers: { 'X-File-Name': 'a.txt' } });
    expect(empty.body.error).toBe('invalid_request');
  });

  it('serves the seeded attachments with real bytes', async () => {
    const seeded = [...store().attachments.values()][0]!;
    const res = await fetch(`${h.url}/api/v4/attachments/${seeded.id}/download`, { headers: { Authorization: `Bearer ${h.token}` } });
    expect(res.headers.get('content-type')).toContain(seeded.contentType);
    expect((await res.arrayBuffer()).byteLength).toBe(seeded.size);
  });
});

describe('folders, spaces, people, custom fields, workflows', () => {
  it('answers unfiltered GET /folders with the folderTree (Root and Recycle Bin included), filtered with folders', async () => {
    const tree = await h.api('/folders');
    expect(tree.body.kind).toBe('folderTree');
    const scopes = tree.body.data.map((f: { scope: string }) => f.scope);
    expect(scopes).toContain('WsRoot');
    expect(scopes).toContain('RbRoot');
    expect(tree.body.data.find((f: { space?: boolean }) => f.space)).toBeDefined();
    const projects = await h.api('/folders', { query: { project: true } });
    expect(projects.body.kind).toBe('folders');
    expect(projects.body.data.length).toBeGreaterThan(0);
    expect(projects.body.data.every((f: { project?: object }) => f.project)).toBe(true);
  });

  it('answers an unfiltered folder query in "folder tree" mode: slim entries, fields ignored, the folder itself first', async () => {
    const space = [...store().spaces.keys()][0] as string;
    const all = await h.api(`/spaces/${space}/folders`, { query: { fields: ['description'] } });
    expect(all.body.kind).toBe('folderTree');
    expect(all.body.data[0].id).toBe(space);
    expect(all.body.data.length).toBe(store().folderDescendants(space).length + 1);
    for (const entry of all.body.data) {
      expect(Object.keys(entry).every((k) => ['id', 'title', 'color', 'childIds', 'scope', 'project', 'space'].includes(k))).toBe(true);
    }
    const direct = await h.api(`/spaces/${space}/folders`, { query: { descendants: false } });
    expect(direct.body.data.map((f: { id: string }) => f.id)).toEqual([space, ...store().folders.get(space)!.childIds]);
    const parent = all.body.data.find((f: { id: string; childIds: string[] }) => f.id !== space && f.childIds.length > 0);
    const sub = await h.api(`/folders/${parent.id}/folders`);
    expect(sub.body.data[0].id).toBe(parent.id);
    expect(sub.body.data.map((f: { id: string }) => f.id)).toEqual(expect.arrayContaining(parent.childIds));
  });

  it('answers a filtered folder query in "folders" mode: full entries, the folder itself left out, paged on request', async () => {
    const space = [...store().spaces.keys()][0] as string;
    const every = await h.api(`/spaces/${space}/folders`, { query: { deleted: false, fields: ['description'] } });
    expect(every.body.kind).toBe('folders');
    expect(every.body.data.map((f: { id: string }) => f.id)).not.toContain(space);
    expect(every.body.data.length).toBe(store().folderDescendants(space).length);
    expect(every.body.data[0]).toHaveProperty('createdDate');
    expect(every.body.data[0]).toHaveProperty('description');
    // Two at a time, the token keeping the filter but not the fields.
    const seen: string[] = [];
    let page = await h.api(`/spaces/${space}/folders`, { query: { deleted: false, pageSize: 2, fields: ['description'] } });
    expect(page.body.responseSize).toBe(every.body.data.length);
    expect(page.body.data[0]).toHaveProperty('description');
    seen.push(...page.body.data.map((f: { id: string }) => f.id));
    while (page.body.nextPageToken) {
      page = await h.api(`/spaces/${space}/folders`, { query: { nextPageToken: page.body.nextPageToken } });
      expect(page.body.data.length).toBeLessThanOrEqual(2);
      expect(page.body.data[0]).not.toHaveProperty('description');
      seen.push(...page.body.data.map((f: { id: string }) => f.id));
    }
    expect(seen).toEqual(every.body.data.map((f: { id: string }) => f.id));
    // A token is valid on its own list only, and pages hold at most 1000.
    const token = (await h.api(`/spaces/${space}/folders`, { query: { deleted: false, pageSize: 1 } })).body.nextPageToken;
    expect((await h.api('/folders', { query: { nextPageToken: token } })).status).toBe(400);
    expect((await h.api('/folders', { query: { project: true, pageSize: 1001 } })).status).toBe(400);
  });

  it('refuses folder update parameters it does not apply (400 invalid_parameter), changing nothing', async () => {
    const folder = leafFolder();
    const other = [...store().folders.values()].find((f) => f.scope === 'WsFolder' && !f.space && f.id !== folder.id)!;
    const user = store().activePeople()[3]!.id;
    const before = JSON.stringify(store().folders.get(folder.id));
    for (const form of [
      { addParents: [other.id] }, { removeParents: folder.parentIds }, { addShareds: [user] }, { removeShareds: [user] },
      { restore: true }, { customColumns: ['IEAGAABKJUAAAAAB'] }, { title: 'Renamed', addParents: [other.id] },
    ]) {
      const res = await h.api(`/folders/${folder.id}`, { method: 'PUT', form });
      expect([JSON.stringify(form), res.status, res.body.error]).toEqual([JSON.stringify(form), 400, 'invalid_parameter']);
    }
    expect(JSON.stringify(store().folders.get(folder.id))).toBe(before);
  });

  it('creates a project with owners, dates, custom fields and metadata, then updates it', async () => {
    const parent = [...store().spaces.keys()][0] as string;
    const owner = store().activePeople()[2]!.id;
    const budget = fieldOf('Currency');
    const created = await h.api(`/folders/${parent}/folders`, {
      method: 'POST',
      json: {
        title: 'Deal: Globex rollout', description: '<p>Closed won</p>', customFields: [{ id: budget.id, value: '125000.00' }],
        metadata: [{ key: 'crm-deal', value: 'D-42' }], project: { ownerIds: [owner], status: 'Green', startDate: '2026-12-01', endDate: '2027-02-28' },
      },
    });
    expect(created.status).toBe(200);
    const folder = created.body.data[0];
    expect(folder).toMatchObject({
      title: 'Deal: Globex rollout', parentIds: [parent], customFields: [{ id: budget.id, value: '125000.00' }],
      metadata: [{ key: 'crm-deal', value: 'D-42' }], project: { ownerIds: [owner], status: 'Green', startDate: '2026-12-01', endDate: '2027-02-28' },
    });
    expect(store().folders.get(parent)!.childIds).toContain(folder.id);
    const updated = await h.api(`/folders/${folder.id}`, { method: 'PUT', json: { title: 'Deal: Globex rollout (phase 1)', project: { status: 'Yellow', ownersAdd: [store().ownerId] } } });
    expect(updated.body.data[0]).toMatchObject({ title: 'Deal: Globex rollout (phase 1)', project: { status: 'Yellow', ownerIds: [owner, store().ownerId] } });
    const bad = await h.api(`/folders/${folder.id}`, { method: 'PUT', json: { project: { endDate: '2026-01-01', startDate: '2026-02-01' } } });
    expect(bad.status).toBe(400);
    const inBin = await h.api(`/folders/${store().account.recycleBinId}/folders`, { method: 'POST', form: { title: 'x' } });
    expect(inBin.status).toBe(400);
  });

  it('finds tasks by metadata', async () => {
    const folder = leafFolder();
    const created = await h.api(`/folders/${folder.id}/tasks`, { method: 'POST', json: { title: 'Tagged', metadata: [{ key: 'idem', value: 'k-1' }] } });
    expect(created.body.data[0].metadata).toEqual([{ key: 'idem', value: 'k-1' }]);
    const found = await h.api('/tasks', { query: { metadata: { key: 'idem', value: 'k-1' } } });
    expect(found.body.data.map((t: { id: string }) => t.id)).toEqual([created.body.data[0].id]);
  });

  it('lists spaces (archived only on request) with members on request', async () => {
    const res = await h.api('/spaces', { query: { fields: ['members'] } });
    expect(res.body.kind).toBe('spaces');
    expect(res.body.data[0].members.length).toBeGreaterThan(0);
    const one = await h.api(`/spaces/${res.body.data[0].id}`);
    expect(one.body.data[0].members).toBeUndefined();
  });

  it('lists contacts (me, types, deleted) and users by id', async () => {
    const me = await h.api('/contacts', { query: { me: true } });
    expect(me.body.data).toHaveLength(1);
    expect(me.body.data[0]).toMatchObject({ id: store().ownerId, me: true });
    const groups = await h.api('/contacts', { query: { types: ['Group'] } });
    expect(groups.body.data.every((c: { type: string; memberIds: string[] }) => c.type === 'Group' && Array.isArray(c.memberIds))).toBe(true);
    const deleted = await h.api('/contacts', { query: { deleted: true } });
    expect(deleted.body.data.length).toBeGreaterThanOrEqual(1);
    const user = await h.api(`/users/${store().ownerId}`);
    expect(user.body.kind).toBe('users');
    expect(user.body.data[0].profiles[0].owner).toBe(true);
  });

  it('lists nested groups and access roles', async () => {
    const groups = await h.api('/groups');
    const nested = groups.body.data.find((g: { parentIds: string[] }) => g.parentIds.length > 0);
    expect(nested).toBeDefined();
    const parent = await h.api(`/groups/${nested.parentIds[0]}`);
    expect(parent.body.data[0].childIds).toContain(nested.id);
    const roles = await h.api('/access_roles');
    expect(roles.body.data.map((r: { title: string }) => r.title)).toEqual(['Full', 'Editor', 'Limited', 'Read Only']);
  });

  it('creates and updates custom fields', async () => {
    const created = await h.api('/customfields', { method: 'POST', form: { title: 'Approval', type: 'DropDown', settings: { values: ['Approved', 'Rejected'] } } });
    expect(created.body.data[0]).toMatchObject({ title: 'Approval', type: 'DropDown', settings: { values: ['Approved', 'Rejected'] } });
    const id = created.body.data[0].id;
    const updated = await h.api(`/customfields/${id}`, { method: 'PUT', form: { title: 'Proof approval' } });
    expect(updated.body.data[0].title).toBe('Proof approval');
    const bad = await h.api('/customfields', { method: 'POST', form: { title: 'x', type: 'Rating' } });
    expect(bad.body.error).toBe('invalid_parameter');
    const all = await h.api('/customfields');
    expect(new Set(all.body.data.map((f: { type: string }) => f.type))).toEqual(
      new Set(['Text', 'DropDown', 'Numeric', 'Currency', 'Percentage', 'Date', 'Duration', 'Checkbox', 'Contacts', 'Multiple']),
    );
  });

  it('lists workflows with custom statuses, one standard status per group', async () => {
    const res = await h.api('/workflows');
    expect(res.body.data.length).toBeGreaterThanOrEqual(2);
    for (const workflow of res.body.data) {
      for (const group of ['Active', 'Completed', 'Deferred', 'Cancelled']) {
        expect(workflow.customStatuses.filter((s: { group: string; standard: boolean }) => s.group === group && s.standard)).toHaveLength(1);
      }
    }
  });
});

describe('GET /ids', () => {
  it('converts API v2 task and folder ids (their permalink numbers), leaves unknown ones out, and checks its input', async () => {
    const task = [...store().tasks.values()].find((t) => t.scope === 'WsTask')!;
    const n = /id=(\d+)/.exec(task.permalink)![1]!;
    const res = await h.api('/ids', { query: { ids: [n, '1'], type: 'ApiV2Task' } });
    expect(res.status).toBe(200);
    expect(res.body.data).toEqual([{ id: task.id, apiV2Id: n }]);
    expect((await h.api('/ids', { query: { ids: [n] } })).status).toBe(400);
    expect((await h.api('/ids', { query: { ids: [n], type: 'ApiV2Thing' } })).status).toBe(400);
    expect((await h.api('/ids', { query: { ids: ['../x'], type: 'ApiV2Task' } })).status).toBe(400);
  });
});

describe('dependencies', () => {
  it('lists, creates (one end named, relationType required), retypes and deletes them, keeping both tasks\' dependencyIds', async () => {
    const [a, b] = [...store().tasks.values()].filter((t) => t.scope === 'WsTask' && t.dependencyIds.length === 0).slice(0, 2);
    expect((await h.api(`/tasks/${b!.id}/dependencies`, { method: 'POST', form: { predecessorId: a!.id } })).status).toBe(400);
    expect((await h.api(`/tasks/${b!.id}/dependencies`, { method: 'POST', form: { predecessorId: a!.id, successorId: a!.id, relationType: 'FinishToStart' } })).status).toBe(400);
    const created = await h.api(`/tasks/${b!.id}/dependencies`, { method: 'POST', form: { predecessorId: a!.id, relationType: 'FinishToStart' } });
    expect(created.status).toBe(200);
    const dependency = created.body.data[0];
    expect(dependency).toMatchObject({ predecessorId: a!.id, successorId: b!.id, relationType: 'FinishToStart' });
    expect(dependency.id).toMatch(/^[A-Z0-9]{24}$/);
    expect(store().tasks.get(a!.id)!.dependencyIds).toContain(dependency.id);
    expect((await h.api(`/tasks/${a!.id}/dependencies`)).body.data).toEqual([dependency]);
    expect((await h.api(`/dependencies/${dependency.id}`, { method: 'PUT', form: { relationType: 'FinishToFinish' } })).body.data[0].relationType).toBe('FinishToFinish');
    expect((await h.api(`/dependencies/${dependency.id}`, { method: 'DELETE' })).status).toBe(200);
    expect((await h.api(`/dependencies/${dependency.id}`)).status).toBe(404);
    expect(store().tasks.get(b!.id)!.dependencyIds).not.toContain(dependency.id);
  });
});

describe('time logs', () => {
  const logs = () => [...store().timelogs.values()];

  it('seeds a few months of time on many tasks, by employees, in quarter hours', () => {
    expect(logs().length).toBeGreaterThan(100);
    const days = new Set(logs().map((l) => l.trackedDate.slice(0, 7)));
    expect(days.size).toBeGreaterThanOrEqual(4);
    for (const log of logs()) {
      expect(log.hours).toBeGreaterThan(0);
      expect(log.hours).toBeLessThanOrEqual(8);
      expect(log.trackedDate).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      expect(store().contacts.get(log.userId)?.type).toBe('Person');
    }
    expect(store().timelogCategories.size).toBeGreaterThan(2);
  });

  it('lists per task (own and sub-tasks\' time unless subTasks=false), folder (descendants), contact and account, filtered by day, billing and category', async () => {
    const folder = [...store().folders.values()].find((f) => f.space)!;
    const inFolder = new Set([folder.id, ...store().folderDescendants(folder.id)]);
    const expected = logs().filter((l) => {
      const t = store().tasks.get(l.taskId)!;
      return t.scope === 'WsTask' && [...t.parentIds, ...t.superParentIds].some((id) => inFolder.has(id)) && l.trackedDate >= '2026-03-01' && l.trackedDate <= '2026-03-31' && l.billingType === 'Billable';
    });
    const res = await h.api(`/folders/${folder.id}/timelogs`, { query: { trackedDate: { start: '2026-03-01', end: '2026-03-31' }, billingTypes: ['Billable'] } });
    expect(res.status).toBe(200);
    expect(res.body.kind).toBe('timelogs');
    expect(res.body.data.map((l: { id: string }) => l.id).sort()).toEqual(expected.map((l) => l.id).sort());
    expect(res.body.nextPageToken).toBeUndefined();

    const user = logs()[0]!.userId;
    const mine = await h.api(`/contacts/${user}/timelogs`);
    expect(mine.body.data.length).toBe(logs().filter((l) => l.userId === user && store().tasks.get(l.taskId)!.scope === 'WsTask').length);
    const category = logs().find((l) => l.categoryId)!.categoryId!;
    const byCategory = await h.api('/timelogs', { query: { timelogCategories: [category] } });
    expect(byCategory.body.data.every((l: { categoryId: string }) => l.categoryId === category)).toBe(true);

    const parent = tasks().find((t) => t.subTaskIds.some((id) => logs().some((l) => l.taskId === id)))!;
    const withSubs = await h.api(`/tasks/${parent.id}/timelogs`);
    const own = await h.api(`/tasks/${parent.id}/timelogs`, { query: { subTasks: false } });
    expect(own.body.data.every((l: { taskId: string }) => l.taskId === parent.id)).toBe(true);
    expect(withSubs.body.data.length).toBeGreaterThan(own.body.data.length);
  });

  it('is strict: no paging parameters, dates without a zone, known categories and billing types, ≤100 ids', async () => {
    expect((await h.api('/timelogs', { query: { pageSize: 100 } })).status).toBe(400);
    expect((await h.api('/timelogs', { query: { trackedDate: { start: '2026-03-01T00:00:00Z' } } })).body.error).toBe('invalid_parameter');
    expect((await h.api('/timelogs', { query: { billingTypes: ['Free'] } })).status).toBe(400);
    expect((await h.api('/timelogs', { query: { timelogCategories: ['IEAGAABKJXZZZZZZ'] } })).status).toBe(400);
    const ids = logs().slice(0, 101).map((l) => l.id);
    expect((await h.api(`/timelogs/${ids.join(',')}`)).status).toBe(400);
    expect((await h.api(`/timelogs/${ids.slice(0, 100).join(',')}`)).body.data).toHaveLength(100);
  });

  it('creates (comment, hours and trackedDate required; 0 < hours ≤ 24), updates and deletes', async () => {
    const task = tasks()[3]!;
    const post = (form: Record<string, string>) => h.api(`/tasks/${task.id}/timelogs`, { method: 'POST', form });
    expect((await post({ hours: '1', trackedDate: '2026-05-04' })).body.error).toBe('parameter_required');
    expect((await post({ comment: 'x', hours: '0', trackedDate: '2026-05-04' })).body.error).toBe('invalid_parameter');
    expect((await post({ comment: 'x', hours: '24.5', trackedDate: '2026-05-04' })).body.error).toBe('invalid_parameter');
    expect((await post({ comment: 'x', hours: '1', trackedDate: '2026-02-30' })).body.error).toBe('invalid_parameter');
    const created = await post({ comment: 'Fixing <b>it</b>', hours: '1.5', trackedDate: '2026-05-04', plainText: 'true' });
    expect(created.status).toBe(200);
    const log = created.body.data[0];
    expect(log).toMatchObject({ taskId: task.id, hours: 1.5, trackedDate: '2026-05-04', comment: 'Fixing <b>it</b>', billingType: 'Billable' });
    const updated = await h.api(`/timelogs/${log.id}`, { method: 'PUT', form: { hours: '2', billingType: 'NonBillable' } });
    expect(updated.body.data[0]).toMatchObject({ hours: 2, billingType: 'NonBillable' });
    expect((await h.api(`/timelogs/${log.id}`, { method: 'DELETE' })).body).toEqual({ kind: 'timelogs', data: [] });
    expect((await h.api(`/timelogs/${log.id}`)).status).toBe(404);
  });
});

describe('PUT /tasks/{ids}: custom fields on many tasks at once', () => {
  it('sets them on every task, reports each change as its own event, and takes nothing else, nor more than 100 ids', async () => {
    const [a, b] = tasks().filter((t) => t.parentIds.length > 0);
    const text = [...store().customFields.values()].find((f) => f.type === 'Text' && f.sharedIds.includes(store().account.rootFolderId))
      ?? fieldOf('Text');
    const emit = jest.spyOn(h.sandbox.webhooks, 'emit');
    try {
      const res = await h.api(`/tasks/${a!.id},${b!.id}`, { method: 'PUT', form: { customFields: [{ id: text.id, value: 'In bulk' }] } });
      expect(res.status).toBe(200);
      expect(res.body.data.map((t: Task) => t.id)).toEqual([a!.id, b!.id]);
      for (const task of [a!, b!]) expect(store().tasks.get(task.id)!.customFields).toEqual(expect.arrayContaining([{ id: text.id, value: 'In bulk' }]));
      expect(emit.mock.calls.map(([event]) => [event.eventType, event.taskId])).toEqual([['TaskCustomFieldChanged', a!.id], ['TaskCustomFieldChanged', b!.id]]);
    } finally {
      emit.mockRestore();
    }
    const titled = await h.api(`/tasks/${a!.id},${b!.id}`, { method: 'PUT', form: { title: 'Both', customFields: [{ id: text.id, value: 'x' }] } });
    expect(titled.status).toBe(400);
    expect(store().tasks.get(a!.id)!.title).not.toBe('Both');
    const many = tasks().slice(0, 101).map((t) => t.id).join(',');
    const tooMany = await h.api(`/tasks/${many}`, { method: 'PUT', form: { customFields: [{ id: text.id, value: 'x' }] } });
    expect(tooMany.status).toBe(400);
    expect(tooMany.body.errorDescription).toMatch(/at most 100/);
  });
});
