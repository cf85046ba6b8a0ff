import type { ChildProcess } from 'node:child_process';
import { createHmac } from 'node:crypto';
import WebSocket from 'ws';
import { createClient, type Client } from 'graphql-ws';
import { startSandbox, type SandboxHarness } from '../helpers/sandbox';
import { startSubgraph, type SubgraphHarness } from '../helpers/subgraph';
import { sharedReplicaEnv } from '../helpers/replicas';
import { startFaultProxy, type FaultProxy } from '../helpers/fault-proxy';
import { REDIS_URL, redisUp, testKeyPrefix } from '../helpers/redis';
import { createTestDatabase, postgresUp } from '../helpers/postgres';
import { builtServerExists, freePort, startBuiltServer, stopBuiltServer } from '../helpers/process';

/**
 * The seam between an acknowledged webhook delivery and the subscribers listening on every replica ("nothing
 * acknowledged may be lost"): a replica killed right after its 200 leaves its delivery to another replica sharing the
 * store, and a replica cut off from Redis reads what was published meanwhile once it is back.
 */

const hmac = (secret: string, data: string) => createHmac('sha256', secret).update(data).digest('hex');

async function until(check: () => boolean | Promise<boolean>, what: string | (() => string), ms = 20_000): Promise<void> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`timed out waiting until ${typeof what === 'string' ? what : what()}`);
}

/** A graphql-ws subscriber to one ticket's events on `url`, collecting each event's occurredAt (as an ISO time). */
function listen(url: string, ticketId: string, clients: Client[]): { seen: string[]; errors: unknown[] } {
  const client = createClient({ url: url.replace('http', 'ws'), webSocketImpl: WebSocket, retryAttempts: 0, lazy: false });
  clients.push(client);
  const seen: string[] = [];
  const errors: unknown[] = [];
  client.subscribe({ query: `subscription { ticketEvents(filter: { ticketIds: ["${ticketId}"] }) { occurredAt } }` }, {
    next: (value) => (value.errors ? errors.push(value.errors) : seen.push(new Date((value.data as any).ticketEvents.occurredAt).toISOString())),
    error: (error) => errors.push(error), complete: () => undefined,
  });
  return { seen, errors };
}

/** `count` distinct events about one task, one second apart. */
const eventsAbout = (taskId: string, count: number, from: number) => Array.from({ length: count }, (_, i) => ({
  taskId, eventType: 'TaskTitleChanged', lastUpdatedDate: new Date(Date.UTC(2026, 11, 1) + (from + i) * 1000).toISOString().replace('.000Z', 'Z'),
}));

const killable = redisUp() && postgresUp() && builtServerExists('the acknowledged-events seam test');

(killable ? describe : describe.skip)('a replica killed right after it acknowledged a delivery', () => {
  let sandbox: SandboxHarness;
  let db: { url: string; drop(): Promise<void> };
  const replicas: ChildProcess[] = [];
  const clients: Client[] = [];
  afterAll(async () => {
    await Promise.all(clients.map((c) => c.dispose()));
    await Promise.all(replicas.map(stopBuiltServer));
    await sandbox?.close();
    await db?.drop();
  });

  it('leaves every event of it to another replica sharing the store, which publishes them to its subscribers', async () => {
    sandbox = await startSandbox({ size: 'small' });
    db = await createTestDatabase();
    const portA = await freePort();
    const publicUrl = `http://127.0.0.1:${portA}`;
    const env = sharedReplicaEnv(sandbox, db.url, publicUrl, 'acknowledged-events', { EVENT_RETRY_MS: '500', WEBHOOK_CHECK_MS: '3600000' });
    // Wrike reaches replica A (PUBLIC_URL); B shares its store and its event bus.
    const a = await startBuiltServer({ ...env, PORT: String(portA) });
    replicas.push(a.child);
    await until(() => [...sandbox.sandbox.store.webhooks.values()].some((w) => w.status === 'Active'), 'A\'s hook is active');
    const b = await startBuiltServer(env);
    replicas.push(b.child);
    const task = [...sandbox.sandbox.store.tasks.values()].find((t) => t.scope === 'WsTask')!;
    const subscriber = listen(b.url, task.id, clients);
    await new Promise((resolve) => setTimeout(resolve, 300));

    // A delivery of many events (Wrike batches them), and A killed the moment its 200 arrives: whatever A would have
    // done after answering never happens.
    const events = eventsAbout(task.id, 200, 0);
    const body = JSON.stringify(events);
    const secret = [...sandbox.sandbox.store.webhooks.values()].find((w) => w.status === 'Active')!.secret!;
    const answer = await fetch(`${publicUrl}/webhooks/wrike/default`, { method: 'POST', headers: { 'Content-Type': 'application/json', 'X-Hook-Signature': hmac(secret, body) }, body });
    a.child.kill('SIGKILL');
    expect(answer.status).toBe(200);

    await until(() => new Set(subscriber.seen).size === events.length, () => `every acknowledged event reaches B's subscriber (${new Set(subscriber.seen).size} of ${events.length} did)`);
    expect(new Set(subscriber.seen)).toEqual(new Set(events.map((e) => new Date(e.lastUpdatedDate).toISOString())));
    expect(subscriber.errors).toEqual([]);
  }, 90_000);
});

(redisUp() ? describe : describe.skip)('a replica cut off from Redis', () => {
  let a: SubgraphHarness;
  let b: SubgraphHarness;
  let proxy: FaultProxy;
  const clients: Client[] = [];
  afterAll(async () => {
    await Promise.all(clients.map((c) => c.dispose()));
    await a?.close();
    await b?.close();
    await proxy?.close();
  });

  it('reads what was published while its connection was stalled, then cut, once it is back', async () => {
    const target = new URL(REDIS_URL);
    proxy = await startFaultProxy({ host: target.hostname, port: Number(target.port || 6379) });
    const prefix = testKeyPrefix();
    const portA = await freePort();
    const publicUrl = `http://127.0.0.1:${portA}`;
    // A receives Wrike's deliveries (its own sandbox registers its hook); B hears A's events through Redis, via the proxy.
    a = await startSubgraph({ PORT: String(portA), PUBLIC_URL: publicUrl, WEBHOOK_CHECK_MS: '3600000', REDIS_URL, REDIS_KEY_PREFIX: prefix });
    b = await startSubgraph({ REDIS_URL: `redis://127.0.0.1:${proxy.port}`, REDIS_KEY_PREFIX: prefix, REDIS_TIMEOUT_MS: '300' });
    const hook = () => [...a.server.sandbox!.store.webhooks.values()].find((w) => w.status === 'Active' && w.hookUrl === `${publicUrl}/webhooks/wrike/default`);
    await until(() => hook() !== undefined, 'A\'s hook is active');
    const deliver = async (events: unknown[]) => {
      const body = JSON.stringify(events);
      const answer = await fetch(`${publicUrl}/webhooks/wrike/default`, { method: 'POST', headers: { 'Content-Type': 'application/json', 'X-Hook-Signature': hmac(hook()!.secret!, body) }, body });
      expect(answer.status).toBe(200);
    };
    const taskId = [...a.server.sandbox!.store.tasks.values()].find((t) => t.scope === 'WsTask')!.id;
    const subscriber = listen(b.server.url, taskId, clients);
    const [stalled, cut] = [eventsAbout(taskId, 5, 10), eventsAbout(taskId, 5, 20)];

    // B hears A while its connection passes (once its subscription and reader are in place: a new event each try).
    let tries = 0;
    await until(async () => {
      if (tries < 100) await deliver(eventsAbout(taskId, 1, 100 + tries++));
      return subscriber.seen.length > 0;
    }, 'B hears A');
    const heardBefore = subscriber.seen.length;
    // Stalled: B's reader hears nothing (its reads time out, its watch finds it silent).
    proxy.mode('stall');
    await deliver(stalled);
    await new Promise((resolve) => setTimeout(resolve, 1500));
    // Then cut, and refused for a while: B reconnects in vain.
    proxy.cut();
    proxy.mode('refuse');
    await deliver(cut);
    await new Promise((resolve) => setTimeout(resolve, 1000));
    proxy.mode('pass');

    const expected = [...stalled, ...cut].map((e) => new Date(e.lastUpdatedDate).toISOString());
    await until(() => expected.every((at) => subscriber.seen.includes(at)), 'B\'s subscriber gets what was published while B was cut off');
    // In order, each once (nothing was published twice here).
    expect(subscriber.seen.slice(heardBefore).filter((at) => expected.includes(at))).toEqual(expected);
    expect(subscriber.errors).toEqual([]);
  }, 60_000);
});
