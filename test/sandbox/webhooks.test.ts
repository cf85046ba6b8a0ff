import http from 'node:http';
import { createHmac } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { startSandbox, type SandboxHarness } from '../helpers/sandbox';

const SECRET = 'receiver-secret';
const hmac = (data: string) => createHmac('sha256', SECRET).update(data).digest('hex');

interface Received {
  path: string;
  headers: http.IncomingHttpHeaders;
  body: string;
}

/** A webhook receiver that answers the handshake correctly, or fails on purpose. */
class Receiver {
  received: Received[] = [];
  mode: 'ok' | 'fail' | 'wrong-handshake' = 'ok';
  private server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (chunk) => (body += chunk));
    req.on('end', () => {
      this.received.push({ path: req.url ?? '', headers: req.headers, body });
      if (this.mode === 'fail') {
        res.statusCode = 500;
        return res.end();
      }
      const challenge = req.headers['x-hook-secret'];
      if (typeof challenge === 'string') res.setHeader('X-Hook-Secret', this.mode === 'wrong-handshake' ? 'nope' : hmac(challenge));
      res.end();
    });
  });
  url = '';
  async start() {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }
  events() {
    return this.received.filter((r) => !r.body.includes('WebHook secret verification'));
  }
  stop() {
    return new Promise((resolve) => this.server.close(resolve));
  }
}

let h: SandboxHarness;
const receiver = new Receiver();
beforeAll(async () => {
  h = await startSandbox({ webhooks: { failureThreshold: 3, timeoutMs: 2000, batchMs: 20 } });
  await receiver.start();
});
afterAll(async () => {
  await h.close();
  await receiver.stop();
});
beforeEach(() => {
  receiver.received = [];
  receiver.mode = 'ok';
  h.sandbox.store.webhooks.clear();
});

const flush = () => h.control('/webhooks/flush', { method: 'POST' });
const leafFolder = () => [...h.sandbox.store.folders.values()].find((f) => f.scope === 'WsFolder' && !f.space && f.childIds.length === 0)!;

describe('webhooks', () => {
  it('performs the secret handshake synchronously before the create call returns', async () => {
    const res = await h.api('/webhooks', { method: 'POST', form: { hookUrl: `${receiver.url}/hook`, secret: SECRET } });
    expect(res.status).toBe(200);
    expect(res.body.kind).toBe('webhooks');
    expect(res.body.data[0]).toMatchObject({ hookUrl: `${receiver.url}/hook`, status: 'Active', recursive: false });
    expect(res.body.data[0].secret).toBeUndefined();
    const handshake = receiver.received[0] as Received;
    expect(JSON.parse(handshake.body)).toEqual({ requestType: 'WebHook secret verification' });
    expect(handshake.headers['x-hook-secret']).toMatch(/^[0-9a-f]{32}$/);
  });

  it('refuses the hook when the receiver fails the handshake', async () => {
    receiver.mode = 'wrong-handshake';
    const res = await h.api('/webhooks', { method: 'POST', form: { hookUrl: `${receiver.url}/hook`, secret: SECRET } });
    expect(res.status).toBe(400);
    expect(h.sandbox.store.webhooks.size).toBe(0);
  });

  it('verifies the secret again when a suspended hook is re-enabled, and keeps it suspended when the receiver fails', async () => {
    const hook = (await h.api('/webhooks', { method: 'POST', form: { hookUrl: `${receiver.url}/again`, secret: SECRET } })).body.data[0];
    h.sandbox.store.webhooks.get(hook.id)!.status = 'Suspended';
    receiver.received = [];
    receiver.mode = 'wrong-handshake';
    const refused = await h.api(`/webhooks/${hook.id}`, { method: 'PUT', form: { status: 'Active' } });
    expect(refused.status).toBe(400);
    expect(h.sandbox.store.webhooks.get(hook.id)!.status).toBe('Suspended');
    receiver.mode = 'ok';
    const resumed = await h.api(`/webhooks/${hook.id}`, { method: 'PUT', form: { status: 'Active' } });
    expect(resumed.body.data[0].status).toBe('Active');
    expect(receiver.received.map((r) => JSON.parse(r.body))).toEqual([
      { requestType: 'WebHook secret verification' }, { requestType: 'WebHook secret verification' },
    ]);
  });

  it('refuses a non-https hook URL outside loopback', async () => {
    const res = await h.api('/webhooks', { method: 'POST', form: { hookUrl: 'http://example.com/hook' } });
    expect(res.status).toBe(400);
    expect(res.body.error).toBe('invalid_parameter');
  });

  it('delivers signed event arrays for task, comment and attachment changes', async () => {
    await h.api('/webhooks', { method: 'POST', form: { hookUrl: `${receiver.url}/all`, secret: SECRET } });
    const folder = leafFolder();
    const created = await h.api(`/folders/${folder.id}/tasks`, { method: 'POST', form: { title: 'Hooked task' } });
    const taskId = created.body.data[0].id as string;
    await h.api(`/tasks/${taskId}`, { method: 'PUT', form: { title: 'Hooked task, renamed', status: 'Completed' } });
    await h.api(`/tasks/${taskId}/comments`, { method: 'POST', form: { text: 'A comment' } });
    await h.api(`/tasks/${taskId}/attachments`, { method: 'POST', raw: Buffer.from('hello'), headers: { 'X-File-Name': 'hello.txt', 'Content-Type': 'text/plain' } });
    await flush();
    const deliveries = receiver.events();
    expect(deliveries.length).toBeGreaterThan(0);
    const events = deliveries.flatMap((d) => {
      expect(d.headers['x-hook-signature']).toBe(hmac(d.body));
      expect(d.headers['x-hook-secret']).toMatch(/^[0-9a-f]{32}$/);
      return JSON.parse(d.body) as Array<Record<string, unknown>>;
    });
    expect(events.map((e) => e.eventType)).toEqual(['TaskCreated', 'TaskTitleChanged', 'TaskStatusChanged', 'CommentAdded', 'AttachmentAdded']);
    for (const e of events) {
      expect(e).toMatchObject({ taskId, eventAuthorId: h.sandbox.store.ownerId });
      expect(e.lastUpdatedDate).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/);
    }
    expect(events[2]).toMatchObject({ oldStatus: 'Active', status: 'Completed' });
    expect(events[3]).toMatchObject({ comment: { text: 'A comment', html: 'A comment' } });
  });

  it('addresses folder hooks to tasks in that folder (and sub-folders only when recursive), with the events asked for', async () => {
    const { store } = h.sandbox;
    const parent = [...store.folders.values()].find((f) => f.scope === 'WsFolder' && !f.space && f.childIds.length > 0)!;
    const child = parent.childIds[0] as string;
    await h.api(`/folders/${parent.id}/webhooks`, { method: 'POST', form: { hookUrl: `${receiver.url}/flat`, events: '[TaskCreated]' } });
    await h.api(`/folders/${parent.id}/webhooks`, { method: 'POST', form: { hookUrl: `${receiver.url}/deep`, recursive: true } });
    await h.api(`/folders/${child}/tasks`, { method: 'POST', form: { title: 'In the child folder' } });
    const direct = await h.api(`/folders/${parent.id}/tasks`, { method: 'POST', form: { title: 'In the parent folder' } });
    await h.api(`/tasks/${direct.body.data[0].id}`, { method: 'PUT', form: { importance: 'High' } });
    await flush();
    const byPath = (p: string) => receiver.events().filter((r) => r.path === p).flatMap((r) => JSON.parse(r.body) as Array<Record<string, unknown>>);
    expect(byPath('/flat').map((e) => e.eventType)).toEqual(['TaskCreated']);
    expect(byPath('/deep').map((e) => e.eventType)).toEqual(['TaskCreated', 'TaskCreated', 'TaskImportanceChanged']);
  });

  it('reports folder and project changes with folderId, to account hooks and to the folder\'s own', async () => {
    const { store } = h.sandbox;
    const parent = [...store.folders.values()].find((f) => f.scope === 'WsFolder' && !f.space)!;
    await h.api('/webhooks', { method: 'POST', form: { hookUrl: `${receiver.url}/all`, secret: SECRET } });
    const created = await h.api(`/folders/${parent.id}/folders`, { method: 'POST', form: { title: 'Launch', project: { status: 'Green', ownerIds: [store.ownerId] } } });
    const id = created.body.data[0].id as string;
    await h.api(`/folders/${id}/webhooks`, { method: 'POST', form: { hookUrl: `${receiver.url}/own` } });
    await h.api(`/folders/${id}`, { method: 'PUT', form: { title: 'Launch 2', project: { status: 'Red' } } });
    await flush();
    const byPath = (p: string) => receiver.events().filter((r) => r.path === p).flatMap((r) => JSON.parse(r.body) as Array<Record<string, unknown>>);
    expect(byPath('/all').map((e) => [e.eventType, e.folderId, e.taskId])).toEqual([
      ['FolderCreated', id, undefined], ['FolderTitleChanged', id, undefined], ['ProjectStatusChanged', id, undefined],
    ]);
    expect(byPath('/all')[2]).toMatchObject({ oldStatus: 'Green', status: 'Red' });
    expect(byPath('/own').map((e) => e.eventType)).toEqual(['FolderTitleChanged', 'ProjectStatusChanged']);
  });

  it('suspends a hook after repeated delivery failures, and reactivates it with PUT status=Active', async () => {
    const hook = (await h.api('/webhooks', { method: 'POST', form: { hookUrl: `${receiver.url}/flaky` } })).body.data[0];
    receiver.mode = 'fail';
    const folder = leafFolder();
    for (let i = 0; i < 3; i++) {
      await h.api(`/folders/${folder.id}/tasks`, { method: 'POST', form: { title: `Failing delivery ${i}` } });
      await flush();
    }
    const listed = await h.api(`/webhooks/${hook.id}`);
    expect(listed.body.data[0].status).toBe('Suspended');
    receiver.mode = 'ok';
    receiver.received = [];
    await h.api(`/folders/${folder.id}/tasks`, { method: 'POST', form: { title: 'Not delivered' } });
    await flush();
    expect(receiver.events()).toHaveLength(0);
    const reactivated = await h.api(`/webhooks/${hook.id}`, { method: 'PUT', form: { status: 'Active' } });
    expect(reactivated.body.data[0].status).toBe('Active');
    await h.api(`/folders/${folder.id}/tasks`, { method: 'POST', form: { title: 'Delivered again' } });
    await flush();
    expect(receiver.events()).toHaveLength(1);
  });

  it('logs each delivery with the receiver\'s answer, so that what was acknowledged is known (control API)', async () => {
    await h.control('/webhooks/deliveries', { method: 'DELETE' });
    const hook = (await h.api('/webhooks', { method: 'POST', form: { hookUrl: `${receiver.url}/logged`, secret: SECRET } })).body.data[0];
    const folder = leafFolder();
    await h.api(`/folders/${folder.id}/tasks`, { method: 'POST', form: { title: 'Acknowledged' } });
    await flush();
    receiver.mode = 'fail';
    await h.api(`/folders/${folder.id}/tasks`, { method: 'POST', form: { title: 'Refused' } });
    await flush();
    const { deliveries } = await h.control('/webhooks/deliveries');
    expect(deliveries.map((d: any) => [d.hookId, d.hookUrl, d.status, d.acknowledged, d.events.map((e: any) => e.eventType)])).toEqual([
      [hook.id, `${receiver.url}/logged`, 200, true, ['TaskCreated']],
      [hook.id, `${receiver.url}/logged`, 500, false, ['TaskCreated']],
    ]);
    // The events logged are the ones sent (the receiver got the same array).
    expect(deliveries[0].events).toEqual(JSON.parse(receiver.events()[0]!.body));
    expect(Date.parse(deliveries[0].endedAt)).toBeGreaterThanOrEqual(Date.parse(deliveries[0].startedAt));
    // A receiver that does not answer at all: no status, not acknowledged.
    await receiver.stop();
    await h.api(`/folders/${folder.id}/tasks`, { method: 'POST', form: { title: 'Nobody home' } });
    await flush();
    await receiver.start();
    const last = (await h.control('/webhooks/deliveries')).deliveries.at(-1);
    expect([last.status, last.acknowledged]).toEqual([null, false]);
    expect((await h.control('/webhooks/deliveries', { method: 'DELETE' })).deliveries).toEqual([]);
  });

  it('lists, gets and deletes hooks', async () => {
    const a = (await h.api('/webhooks', { method: 'POST', form: { hookUrl: `${receiver.url}/a` } })).body.data[0];
    const space = [...h.sandbox.store.spaces.keys()][0] as string;
    const b = (await h.api(`/spaces/${space}/webhooks`, { method: 'POST', form: { hookUrl: `${receiver.url}/b` } })).body.data[0];
    expect(b.spaceId).toBe(space);
    const all = await h.api('/webhooks');
    expect(all.body.data.map((w: { id: string }) => w.id).sort()).toEqual([a.id, b.id].sort());
    expect((await h.api(`/webhooks/${a.id}`, { method: 'DELETE' })).status).toBe(200);
    expect((await h.api(`/webhooks/${a.id}`)).status).toBe(404);
  });
});
