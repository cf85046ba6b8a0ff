import WebSocket from 'ws';
import { createClient, type Client } from 'graphql-ws';
import { startSubgraph, type SubgraphHarness } from '../helpers/subgraph';
import { freePort } from '../helpers/process';

/** What a sync hears live: a ticket's deletion as `deleted: true`, and the comment of comment events, over graphql-ws. */
let h: SubgraphHarness;
let base: string;
const clients: Client[] = [];
beforeAll(async () => {
  const port = await freePort();
  base = `http://127.0.0.1:${port}`;
  h = await startSubgraph({ PORT: String(port), PUBLIC_URL: base, WEBHOOK_CHECK_MS: '1000' });
  await until(async () => (await h.query('{ connections { webhook { status } } }')).body.data?.connections[0]?.webhook?.status === 'ACTIVE', 'the hook is active');
});
afterAll(async () => {
  await Promise.all(clients.map((c) => c.dispose()));
  await h.close();
});

const store = () => h.server.sandbox!.store;

async function until(check: () => Promise<boolean>, what: string, ms = 5000): Promise<void> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`timed out waiting until ${what}`);
}

function subscribe(query: string) {
  const client = createClient({ url: `${base.replace('http', 'ws')}/graphql`, webSocketImpl: WebSocket, retryAttempts: 0, lazy: false });
  clients.push(client);
  const events: any[] = [];
  client.subscribe({ query }, { next: (value) => events.push(value), error: () => undefined, complete: () => undefined });
  return events;
}

describe('ticketEvents for a sync', () => {
  it('carries the comment of comment events, and deleted: true when the ticket goes to the Recycle Bin', async () => {
    const task = [...store().tasks.values()].filter((t) => t.scope === 'WsTask')[11]!;
    const events = subscribe(`subscription { ticketEvents(filter: { ticketIds: ["${task.id}"] }) { type deleted commentId comment { id body } } }`);
    await new Promise((resolve) => setTimeout(resolve, 200));
    const comment = (await h.wrike('POST', `/tasks/${task.id}/comments`, { text: 'Heard live' }))[0];
    await until(async () => events.length >= 1, 'the comment event arrives');
    expect(events[0].data.ticketEvents).toEqual({ type: 'COMMENT_ADDED', deleted: false, commentId: comment.id, comment: { id: comment.id, body: expect.stringContaining('Heard live') } });
    await h.wrike('DELETE', `/comments/${comment.id}`);
    await until(async () => events.length >= 2, 'the comment deletion arrives');
    expect(events[1].data.ticketEvents).toEqual({ type: 'COMMENT_DELETED', deleted: false, commentId: comment.id, comment: null });
    await h.wrike('DELETE', `/tasks/${task.id}`);
    await until(async () => events.length >= 3, 'the deletion arrives');
    expect(events[2].data.ticketEvents).toEqual({ type: 'DELETED', deleted: true, commentId: null, comment: null });
  }, 20_000);

  it('reports a ticket deleted while Wrike had the hook suspended, once the check re-enables it', async () => {
    const task = [...store().tasks.values()].filter((t) => t.scope === 'WsTask')[12]!;
    const events = subscribe(`subscription { ticketEvents(filter: { ticketIds: ["${task.id}"] }) { type deleted wrikeEventType } }`);
    await new Promise((resolve) => setTimeout(resolve, 200));
    const hook = [...store().webhooks.values()].find((w) => w.hookUrl === `${base}/webhooks/wrike/default`)!;
    hook.status = 'Suspended';
    await h.wrike('DELETE', `/tasks/${task.id}`);
    await until(async () => events.length > 0, 'the swept deletion arrives', 6000);
    expect(events[0].data.ticketEvents).toEqual({ type: 'DELETED', deleted: true, wrikeEventType: 'TaskDeletedWhileHookSuspended' });
  }, 20_000);
});

describe('ticketEvents on a connection limited to one space', () => {
  it('tells a ticket moved out of the space as deleted, and nothing of it but its id', async () => {
    const host = new URL(h.server.sandboxUrl!).host;
    const spaceOf = (t: { parentIds: string[] }) => new Set(t.parentIds.flatMap((p) => [p, ...store().folderAncestors(p)]).filter((id) => store().folders.get(id)?.space));
    const live = [...store().tasks.values()].filter((t) => t.scope === 'WsTask' && t.parentIds.length > 0);
    const [inside, outside] = [...store().folders.values()].filter((f) => f.space && live.filter((t) => spaceOf(t).has(f.id)).length > 5).map((f) => f.id) as [string, string];
    const linked = await h.query('mutation($t: String!, $h: String!, $w: [ID!]) { connectWrikeWithToken(input: { token: $t, host: $h, workspaceIds: $w }) { connection { id } } }', {
      t: h.server.sandbox!.permanentTokens.admin, h: host, w: [inside],
    });
    const id = linked.body.data.connectWrikeWithToken.connection.id as string;
    await until(async () => [...store().webhooks.values()].some((w) => w.hookUrl === `${base}/webhooks/wrike/${id}` && w.status === 'Active'), 'the space hook is registered');
    const mover = live.find((t) => spaceOf(t).size === 1 && spaceOf(t).has(inside))!;
    const target = store().folderDescendants(outside).find((f) => store().folders.get(f)!.scope === 'WsFolder')!;
    const client = createClient({ url: `${base.replace('http', 'ws')}/graphql`, webSocketImpl: WebSocket, retryAttempts: 0, lazy: false, connectionParams: { 'X-Connection-Id': id } });
    clients.push(client);
    const events: any[] = [];
    client.subscribe({ query: `subscription { ticketEvents(filter: { ticketIds: ["${mover.id}"] }) { type deleted ticketId ticket { id } changedFields raw } }` },
      { next: (value) => events.push(value), error: () => undefined, complete: () => undefined });
    await new Promise((resolve) => setTimeout(resolve, 200));
    await h.wrike('PUT', `/tasks/${mover.id}`, { addParents: [target], removeParents: mover.parentIds, title: 'Moved out, secret' });
    await until(async () => events.length > 0, 'the move arrives');
    await new Promise((resolve) => setTimeout(resolve, 300));
    for (const event of events) {
      expect(event.data.ticketEvents).toMatchObject({ deleted: true, ticketId: mover.id, ticket: null, changedFields: [] });
      expect(Object.keys(event.data.ticketEvents.raw).sort()).toEqual(['eventType', 'taskId']);
    }
    expect(JSON.stringify(events)).not.toContain('secret');
  }, 20_000);
});
