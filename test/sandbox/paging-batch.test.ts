import { startSandbox, type SandboxHarness } from '../helpers/sandbox';

let h: SandboxHarness;
beforeAll(async () => {
  h = await startSandbox({ size: 2500 });
});
afterAll(() => h.close());

describe('paging', () => {
  it('returns no nextPageToken unless pageSize is sent, and caps an unpaged query at 1000', async () => {
    const res = await h.api('/tasks', { query: { subTasks: true } });
    expect(res.status).toBe(200);
    expect(res.body.nextPageToken).toBeUndefined();
    expect(res.body.data).toHaveLength(1000);
  });

  it('pages through every task exactly once with a token that carries the original filters, when nothing changes', async () => {
    const expected = [...h.sandbox.store.tasks.values()].filter((t) => t.scope === 'WsTask').length;
    const seen: string[] = [];
    const query = { subTasks: true, pageSize: 300, fields: ['parentIds'], sortField: 'CreatedDate' };
    let res = await h.api('/tasks', { query });
    expect(res.body.responseSize).toBe(expected);
    seen.push(...res.body.data.map((t: { id: string }) => t.id));
    expect(res.body.data[0].parentIds).toBeDefined();
    let pages = 1;
    while (res.body.nextPageToken) {
      // The strict reading: a token keeps the filters but not `fields`, which must be sent again.
      res = await h.api('/tasks', { query: { nextPageToken: res.body.nextPageToken } });
      expect(res.status).toBe(200);
      expect(res.body.data[0].parentIds).toBeUndefined();
      seen.push(...res.body.data.map((t: { id: string }) => t.id));
      pages++;
      if (res.body.nextPageToken) {
        const again = await h.api('/tasks', { query: { ...query, nextPageToken: res.body.nextPageToken } });
        expect(again.body.data[0].parentIds).toBeDefined();
      }
    }
    expect(pages).toBe(Math.ceil(expected / 300));
    expect(seen).toHaveLength(expected);
    expect(new Set(seen).size).toBe(expected);
  });

  it('lists the most recently updated tasks first by default, and runs the query again at every page (live order)', async () => {
    const first = await h.api('/tasks', { query: { pageSize: 5 } });
    const updated = first.body.data.map((t: { updatedDate: string }) => t.updatedDate);
    expect(updated).toEqual([...updated].sort().reverse());
    // Editing a task of page 2 moves it to the top: page 2 then repeats page 1's last task and skips the edited one,
    // as on Wrike; a client that pages must send an explicit order and resume by key.
    const ten = await h.api('/tasks', { query: { pageSize: 10 } });
    const edited = ten.body.data[7].id;
    expect((await h.api(`/tasks/${edited}`, { method: 'PUT', form: { title: 'moved to the top' } })).status).toBe(200);
    const second = await h.api('/tasks', { query: { nextPageToken: first.body.nextPageToken } });
    expect(second.body.data[0].id).toBe(first.body.data[4].id);
    expect(second.body.data.map((t: { id: string }) => t.id)).not.toContain(edited);
  });

  it('refuses a batch with a malformed id as a whole (400), naming it', async () => {
    const ids = [...h.sandbox.store.tasks.keys()].slice(0, 3);
    const res = await h.api(`/tasks/${[ids[0], 'IEAGAABKKQ', ids[1]].join(',')}`);
    expect(res.status).toBe(400);
    expect(res.body.error).toBe('invalid_parameter');
    expect(res.body.errorDescription).toContain('IEAGAABKKQ');
  });

  it('lets the token override every other parameter', async () => {
    const first = await h.api('/tasks', { query: { status: ['Completed'], pageSize: 10 } });
    const second = await h.api('/tasks', { query: { nextPageToken: first.body.nextPageToken, status: ['Active'], pageSize: 500 } });
    expect(second.body.data).toHaveLength(10);
    expect(second.body.data.every((t: { status: string }) => t.status === 'Completed')).toBe(true);
  });

  it('refuses pageSize above 1000 and a token of another endpoint', async () => {
    expect((await h.api('/tasks', { query: { pageSize: 1001 } })).body.error).toBe('invalid_parameter');
    const folderId = [...h.sandbox.store.spaces.keys()][0] as string;
    const page = await h.api('/tasks', { query: { pageSize: 5 } });
    const wrong = await h.api(`/spaces/${folderId}/tasks`, { query: { nextPageToken: page.body.nextPageToken } });
    expect(wrong.status).toBe(400);
  });

  it('expires page tokens (control API) with 400 invalid_parameter', async () => {
    const page = await h.api('/tasks', { query: { pageSize: 5 } });
    expect((await h.control('/page-tokens/expire', { method: 'POST' })).expired).toBeGreaterThan(0);
    const res = await h.api('/tasks', { query: { nextPageToken: page.body.nextPageToken } });
    expect(res.status).toBe(400);
    expect(res.body.error).toBe('invalid_parameter');
  });

  it('applies limit as a hard cap', async () => {
    const res = await h.api('/tasks', { query: { limit: 7, pageSize: 5 } });
    expect(res.body.responseSize).toBe(7);
    const rest = await h.api('/tasks', { query: { nextPageToken: res.body.nextPageToken } });
    expect(rest.body.data).toHaveLength(2);
    expect(rest.body.nextPageToken).toBeUndefined();
  });
});

describe('batches of ids', () => {
  const taskIds = () => [...h.sandbox.store.tasks.keys()];

  it('returns up to 100 ids in one call, full models, in the order asked', async () => {
    const ids = taskIds().slice(0, 100).reverse();
    const res = await h.api(`/tasks/${ids.join(',')}`);
    expect(res.status).toBe(200);
    expect(res.body.data.map((t: { id: string }) => t.id)).toEqual(ids);
    expect(res.body.data[0]).toHaveProperty('responsibleIds');
    expect(res.body.data[0]).toHaveProperty('subTaskIds');
  });

  it('refuses 101 ids with 400 invalid_parameter', async () => {
    const res = await h.api(`/tasks/${taskIds().slice(0, 101).join(',')}`);
    expect(res.status).toBe(400);
    expect(res.body.error).toBe('invalid_parameter');
  });

  it('fails the whole batch with 404 naming an unknown id', async () => {
    const res = await h.api(`/tasks/${taskIds()[0]},IEAGAABKKQZZZZZZ`);
    expect(res.status).toBe(404);
    expect(res.body).toEqual({ error: 'resource_not_found', errorDescription: "Task 'IEAGAABKKQZZZZZZ' not found" });
  });

  it('refuses a malformed id with 400 invalid_parameter', async () => {
    for (const bad of ['abc', 'IEAG%2FKQ', 'IEAGAABK-KQAAAA']) {
      const res = await h.api(`/tasks/${bad}`);
      expect(res.status).toBe(400);
      expect(res.body.error).toBe('invalid_parameter');
    }
  });

  it('applies the same limit to contacts, folders, comments, attachments and custom fields', async () => {
    const { store } = h.sandbox;
    for (const [path, ids] of [
      ['contacts', [...store.contacts.keys()]],
      ['folders', [...store.folders.keys()]],
      ['comments', [...store.comments.keys()]],
      ['customfields', [...store.customFields.keys()]],
    ] as const) {
      const ok = await h.api(`/${path}/${ids.slice(0, 3).join(',')}`);
      expect(ok.status).toBe(200);
      expect(ok.body.data).toHaveLength(3);
      const tooMany = await h.api(`/${path}/${Array.from({ length: 101 }, () => ids[0]).join(',')}`);
      expect(tooMany.status).toBe(400);
    }
  });
});
