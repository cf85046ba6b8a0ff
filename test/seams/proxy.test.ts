import { Writable } from 'node:stream';
import { startSubgraph, type SubgraphHarness } from '../helpers/subgraph';
import { linkThroughConsentPage } from '../helpers/oauth-link';
import { createLogger } from '../../src/logger';

/**
 * The seam between a caller and Wrike through /proxy/wrike/api/v4, driven over HTTP as a user (or a page on another
 * site) would: a GET never writes, whatever it says; a write's body is read and checked; a write through the proxy
 * drops what it changed from the shared cache (entities and account metadata); every Wrike call it makes is counted.
 * The server keeps its cache on (entities a minute, metadata five), as in production.
 */
const lines: string[] = [];
let h: SubgraphHarness;
let base: string;
beforeAll(async () => {
  const sink = new Writable({ write(chunk, _enc, done) { lines.push(String(chunk)); done(); } });
  h = await startSubgraph({ CACHE_MAX_STALENESS_MS: '60000', CACHE_METADATA_TTL_MS: '300000' }, createLogger('info', sink));
  base = `${h.server.url.replace('/graphql', '')}/proxy/wrike/api/v4`;
});
afterAll(() => h.close());

const store = () => h.server.sandbox!.store;
const liveTasks = () => [...store().tasks.values()].filter((t) => t.scope === 'WsTask');
const API = { 'X-Connection-Id': 'default' };
const form = (body: Record<string, string>) => ({ headers: { ...API, 'Content-Type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(body).toString() });
const json = (body: unknown) => ({ headers: { ...API, 'Content-Type': 'application/json' }, body: JSON.stringify(body) });

describe('a GET never writes: Wrike\'s method override is refused', () => {
  it('refuses ?method=PUT|DELETE in any spelling, in the query or a form or JSON body, before any call', async () => {
    const task = liveTasks()[3]!;
    const title = task.title;
    await h.resetCalls();
    const url = `${base}/tasks/${task.id}`;
    const attempts: [string, RequestInit][] = [
      // What a cross-site <img> or link can send: no header of this API at all.
      [`${url}?method=PUT&title=Hijacked`, {}],
      [`${url}?method=DELETE`, {}],
      [`${url}?METHOD=delete`, {}],
      [`${url}?Method=Put&title=Hijacked`, {}],
      [`${url}?%6Dethod=DELETE`, {}],
      [`${url}?title=x&method=GET&method=DELETE`, {}],
      [`${url}?_method=DELETE`, {}],
      [`${url}?method%5B%5D=DELETE`, {}],
      [url, { method: 'POST', ...form({ method: 'DELETE' }) }],
      [url, { method: 'PUT', ...form({ title: 'Hijacked', METHOD: 'DELETE' }) }],
      [url, { method: 'PUT', ...json({ title: 'Hijacked', Method: 'DELETE' }) }],
    ];
    for (const [target, init] of attempts) {
      const res = await fetch(target, init);
      const body = (await res.json()) as any;
      expect([target, init.body, res.status, body.errors?.[0]?.extensions?.code]).toEqual([target, init.body, 400, 'BAD_REQUEST']);
    }
    expect(store().tasks.get(task.id)).toMatchObject({ title, scope: 'WsTask' });
    expect((await h.calls()).total).toBe(0);
  });

  it('still passes plain reads and writes, with a form or a JSON body', async () => {
    const task = liveTasks()[4]!;
    expect((await fetch(`${base}/tasks/${task.id}?fields=${encodeURIComponent('["attachmentCount"]')}`)).status).toBe(200);
    const byForm = await fetch(`${base}/tasks/${task.id}`, { method: 'PUT', ...form({ title: 'By form' }) });
    expect(byForm.status).toBe(200);
    expect(store().tasks.get(task.id)!.title).toBe('By form');
    const byJson = await fetch(`${base}/tasks/${task.id}`, { method: 'PUT', ...json({ title: 'By JSON' }) });
    expect(byJson.status).toBe(200);
    expect(((await byJson.json()) as any).data[0].title).toBe('By JSON');
  });

  it('refuses a write body it cannot check (another type, compressed, too large) before any call', async () => {
    const task = liveTasks()[5]!;
    await h.resetCalls();
    const url = `${base}/tasks/${task.id}`;
    const other = await fetch(url, { method: 'PUT', headers: { ...API, 'Content-Type': 'text/plain' }, body: 'title=Sneaked' });
    expect(other.status).toBe(415);
    const zipped = await fetch(url, { method: 'PUT', headers: { ...API, 'Content-Type': 'application/x-www-form-urlencoded', 'Content-Encoding': 'gzip' }, body: 'title=x' });
    expect(zipped.status).toBe(415);
    const huge = await fetch(url, { method: 'PUT', ...form({ title: 'x', description: 'y'.repeat(1024 * 1024 + 10) }) });
    expect(huge.status).toBe(413);
    const notJson = await fetch(url, { method: 'PUT', headers: { ...API, 'Content-Type': 'application/json' }, body: '{"title":' });
    expect(notJson.status).toBe(400);
    for (const res of [other, zipped, huge, notJson]) expect(((await res.json()) as any).errors[0].extensions.code).toBe('BAD_REQUEST');
    expect((await h.calls()).total).toBe(0);
  });
});

describe('a write through the proxy drops what it changed from the shared cache', () => {
  const q = (query: string, variables: Record<string, unknown> = {}) => h.query(query, variables, API);

  it('a sub-task made under a super-task named in the body shows under it at once', async () => {
    const parent = liveTasks().find((t) => t.parentIds.length > 0 && t.subTaskIds.length === 0)!;
    const read = `query($id: ID!) { ticket(id: $id) { hasSubtasks subtasks(first: 50) { nodes { id } } } }`;
    expect((await q(read, { id: parent.id })).body.data.ticket.hasSubtasks).toBe(false);
    const res = await fetch(`${base}/folders/${parent.parentIds[0]}/tasks`, { method: 'POST', ...form({ title: 'Made through the proxy', superTasks: JSON.stringify([parent.id]) }) });
    expect(res.status).toBe(200);
    const made = ((await res.json()) as any).data[0].id as string;
    const after = (await q(read, { id: parent.id })).body.data.ticket;
    expect(after).toEqual({ hasSubtasks: true, subtasks: { nodes: [{ id: made }] } });
  });

  it('a dependency made on another task shows on both tasks at once', async () => {
    const candidates = liveTasks().filter((t) => t.parentIds.length > 0);
    const successor = candidates[10]!;
    const predecessor = candidates[11]!;
    const read = `query($s: ID!, $p: ID!) { s: ticket(id: $s) { dependencies { predecessors { predecessor { id } } } } p: ticket(id: $p) { dependencies { successors { successor { id } } } } }`;
    const before = (await q(read, { s: successor.id, p: predecessor.id })).body.data;
    const res = await fetch(`${base}/tasks/${successor.id}/dependencies`, { method: 'POST', ...form({ predecessorId: predecessor.id, relationType: 'FinishToStart' }) });
    expect(res.status).toBe(200);
    const after = (await q(read, { s: successor.id, p: predecessor.id })).body.data;
    expect(after.s.dependencies.predecessors.length).toBe(before.s.dependencies.predecessors.length + 1);
    expect(after.s.dependencies.predecessors.map((d: any) => d.predecessor.id)).toContain(predecessor.id);
    expect(after.p.dependencies.successors.map((d: any) => d.successor.id)).toContain(successor.id);
  });

  it('a custom field renamed through the proxy shows its new name at once (account metadata)', async () => {
    const read = '{ fields(first: 100) { nodes { id name } } }';
    const field = (await q(read)).body.data.fields.nodes[0];
    const res = await fetch(`${base}/customfields/${field.id}`, { method: 'PUT', ...form({ title: 'Renamed through the proxy' }) });
    expect(res.status).toBe(200);
    const after = (await q(read)).body.data.fields.nodes.find((f: any) => f.id === field.id);
    expect(after.name).toBe('Renamed through the proxy');
  });
});

describe('every Wrike call a proxied request makes is counted', () => {
  it('the call made again after Wrike refused an expired token counts, in the request\'s log line', async () => {
    const { connectionId } = await linkThroughConsentPage(h);
    const task = liveTasks()[6]!;
    await h.control('/tokens/expire', { method: 'POST' });
    lines.length = 0;
    await h.resetCalls();
    const res = await fetch(`${base}/tasks/${task.id}`, { headers: { 'X-Connection-Id': connectionId! } });
    expect(res.status).toBe(200);
    const calls = await h.calls();
    const apiCalls = calls.calls.filter((c) => !c.route.includes('oauth')).length;
    expect(apiCalls).toBe(2);
    const logged = lines.map((line) => JSON.parse(line)).find((line) => line.msg === 'proxied Wrike call');
    expect(logged).toMatchObject({ method: 'GET', status: 200, wrikeCalls: 2 });
  });

  it('the account id read counts in extensions.cost like any other call', async () => {
    const { connectionId } = await linkThroughConsentPage(h);
    await h.resetCalls();
    const res = await h.query('{ me { id } }', {}, { 'X-Connection-Id': connectionId! });
    expect(res.body.data.me.id).toBe(store().ownerId);
    const made = (await h.calls()).total;
    expect(made).toBe(2);
    expect(res.body.extensions.cost.actualCalls).toBe(made);
  });
});

describe('a proxied write Wrike took but did not answer in time', () => {
  let slow: SubgraphHarness;
  beforeAll(async () => {
    slow = await startSubgraph({ WRIKE_TIMEOUT_MS: '1000', REQUEST_DEADLINE_MS: '5000' });
  });
  afterAll(() => slow.close());

  it('is WRITE_OUTCOME_UNKNOWN (502), never "unreachable" (which invites a retry that writes twice)', async () => {
    const task = [...slow.server.sandbox!.store.tasks.values()].filter((t) => t.scope === 'WsTask')[2]!;
    const proxy = `${slow.server.url.replace('/graphql', '')}/proxy/wrike/api/v4`;
    // Wrike makes the change when the call arrives and answers 2 s later, after the client's 1 s time-out.
    await slow.control('/faults', { method: 'PUT', body: { routeLatencyMs: { 'PUT /tasks/:ids': 2000 } } });
    try {
      const response = await fetch(`${proxy}/tasks/${task.id}`, { method: 'PUT', ...form({ title: 'Made, not answered' }) });
      expect(response.status).toBe(502);
      expect(((await response.json()) as any).errors[0].extensions.code).toBe('WRITE_OUTCOME_UNKNOWN');
    } finally {
      await slow.control('/faults', { method: 'PUT', body: { routeLatencyMs: {} } });
    }
    expect(slow.server.sandbox!.store.tasks.get(task.id)!.title).toBe('Made, not answered');
  });
});
