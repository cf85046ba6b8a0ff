import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startSubgraph, TEST_ENCRYPTION_KEY, type SubgraphHarness } from '../helpers/subgraph';
import { startSandbox, type SandboxHarness } from '../helpers/sandbox';
import { freePort } from '../helpers/process';
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
