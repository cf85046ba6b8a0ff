import { startSandbox, type SandboxHarness } from '../helpers/sandbox';

let h: SandboxHarness;
beforeAll(async () => {
  h = await startSandbox();
});
afterAll(() => h.close());

describe('envelopes and errors', () => {
  it('wraps data in {kind, data} with data always an array', async () => {
    const account = await h.api('/account');
    expect(account.status).toBe(200);
    expect(account.headers.get('content-type')).toMatch(/application\/json/);
    expect(account.body.kind).toBe('accounts');
    expect(account.body.data).toHaveLength(1);
    expect(account.body.data[0].id).toBe(h.sandbox.store.account.id);
    const version = await h.api('/version');
    expect(version.body).toEqual({ kind: 'version', data: [{ major: 4, minor: 0 }] });
  });

  it('answers a missing Authorization with 401 not_authorized, as text/plain JSON', async () => {
    const res = await h.api('/tasks', { token: null });
    expect(res.status).toBe(401);
    expect(res.headers.get('content-type')).toMatch(/text\/plain/);
    expect(res.body).toEqual({ error: 'not_authorized', errorDescription: 'Authorization method unknown' });
  });

  it('answers an unknown token with 401, checked before routing (an unknown path is 401 too)', async () => {
    for (const path of ['/tasks', '/no/such/path']) {
      const res = await h.api(path, { token: 'eyJnot.a.token' });
      expect(res.status).toBe(401);
      expect(res.body).toEqual({ error: 'not_authorized', errorDescription: 'Access token is unknown or invalid' });
    }
  });

  it('accepts lower-case bearer and the access_token query parameter', async () => {
    const lower = await h.api('/account', { token: null, headers: { Authorization: `bearer ${h.token}` } });
    expect(lower.status).toBe(200);
    const query = await h.api('/account', { token: null, query: { access_token: h.token } });
    expect(query.status).toBe(200);
  });

  it('answers an unknown path with a good token as 404 method_not_found', async () => {
    const res = await h.api('/no/such/path');
    expect(res.status).toBe(404);
    expect(res.body.error).toBe('method_not_found');
  });

  it('refuses unknown parameters with 400 invalid_request', async () => {
    const res = await h.api('/contacts', { query: { firstName: 'Ada' } });
    expect(res.status).toBe(400);
    expect(res.body.error).toBe('invalid_request');
    expect(res.body.errorDescription).toMatch(/firstName/);
  });

  it('refuses invalid parameter values with 400 invalid_parameter', async () => {
    const res = await h.api('/tasks', { query: { status: ['Open'] } });
    expect(res.status).toBe(400);
    expect(res.body).toEqual({ error: 'invalid_parameter', errorDescription: "Unknown status 'Open'" });
  });

  it('echoes a state parameter', async () => {
    const res = await h.api('/version', { query: { state: 'abc123' } });
    expect(res.body.state).toBe('abc123');
  });

  it('lets GET carry method=PUT/DELETE for clients that cannot send them', async () => {
    const task = [...h.sandbox.store.tasks.values()].find((t) => t.scope === 'WsTask' && t.subTaskIds.length === 0)!;
    const res = await h.api(`/tasks/${task.id}`, { query: { method: 'PUT', title: 'Renamed through GET' } });
    expect(res.status).toBe(200);
    expect(res.body.data[0].title).toBe('Renamed through GET');
  });

  it('answers a missing scope with 403 not_allowed', async () => {
    // An OAuth token limited to wsReadOnly cannot read /users or write tasks.
    const owner = h.sandbox.store.ownerId;
    const pair = h.sandbox.tokens.issueTokenPair(owner, ['wsReadOnly'], 'sandbox-client');
    const users = await h.api(`/users/${owner}`, { token: pair.accessToken });
    expect(users.status).toBe(403);
    expect(users.body.error).toBe('not_allowed');
    const folder = [...h.sandbox.store.folders.values()].find((f) => f.scope === 'WsFolder')!;
    const write = await h.api(`/folders/${folder.id}/tasks`, { method: 'POST', token: pair.accessToken, form: { title: 'x' } });
    expect(write.status).toBe(403);
    const read = await h.api('/tasks', { token: pair.accessToken, query: { limit: 1 } });
    expect(read.status).toBe(200);
  });

  it('refuses a malformed JSON body with 400 invalid_request', async () => {
    const folder = [...h.sandbox.store.folders.values()].find((f) => f.scope === 'WsFolder')!;
    const res = await fetch(`${h.url}/api/v4/folders/${folder.id}/tasks`, {
      method: 'POST', headers: { Authorization: `Bearer ${h.token}`, 'Content-Type': 'application/json' }, body: '{"title":',
    });
    expect(res.status).toBe(400);
    expect(JSON.parse(await res.text()).error).toBe('invalid_request');
  });
});

describe('parameter encoding', () => {
  const someTask = () => [...h.sandbox.store.tasks.values()].find((t) => t.scope === 'WsTask' && t.parentIds.length > 0)!;

  it('accepts quoted JSON arrays, unquoted arrays and CSV alike', async () => {
    const base = `${h.url}/api/v4/tasks?limit=5&fields=`;
    const headers = { Authorization: `Bearer ${h.token}` };
    const quoted: any = await (await fetch(`${base}${encodeURIComponent('["responsibleIds","parentIds"]')}`, { headers })).json();
    const unquoted = await (await fetch(`${base}${encodeURIComponent('[responsibleIds,parentIds]')}`, { headers })).json();
    const csv = await (await fetch(`${base}${encodeURIComponent('responsibleIds,parentIds')}`, { headers })).json();
    expect(quoted.data[0].parentIds).toBeDefined();
    expect(unquoted).toEqual(quoted);
    expect(csv).toEqual(quoted);
  });

  it('takes write parameters from a form body, a JSON body, or the query string', async () => {
    const task = someTask();
    const form = await h.api(`/tasks/${task.id}`, { method: 'PUT', form: { importance: 'High' } });
    expect(form.body.data[0].importance).toBe('High');
    const json = await h.api(`/tasks/${task.id}`, { method: 'PUT', json: { importance: 'Low', customFields: [] } });
    expect(json.body.data[0].importance).toBe('Low');
    const query = await h.api(`/tasks/${task.id}`, { method: 'PUT', query: { importance: 'Normal' } });
    expect(query.body.data[0].importance).toBe('Normal');
  });
});
