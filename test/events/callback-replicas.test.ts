import type { ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { startSandbox, type SandboxHarness } from '../helpers/sandbox';
import { redisUp } from '../helpers/redis';
import { createTestDatabase, postgresUp } from '../helpers/postgres';
import { builtServerExists, freePort, startBuiltServer, stopBuiltServer } from '../helpers/process';
import { sharedReplicaEnv } from '../helpers/replicas';
import { startCallbackRouter, until } from '../helpers/callback-router';

const enabled = redisUp() && postgresUp() && builtServerExists('the callback subscriptions replica test');

/**
 * A router's callback subscription outlives the replica that took it: the registry is in Redis, and when replica A
 * dies (SIGKILL, no goodbye) its lease lapses and B carries the subscription on: heartbeats, then the next event. The
 * fake router holds each subscription to its heartbeat interval as Apollo Router does (a `check` later than the
 * interval drops it), so the takeover is proven to come within it. A replica that stops (SIGTERM) hands over too.
 */
/** The interval the router asks for: the default lease (3 s) is capped at a quarter of it. */
const HEARTBEAT_MS = 2000;
(enabled ? describe : describe.skip)('callback subscriptions across two replicas sharing Redis and PostgreSQL', () => {
  let sandbox: SandboxHarness;
  let db: { url: string; drop(): Promise<void> };
  let router: Awaited<ReturnType<typeof startCallbackRouter>>;
  const replicas: ChildProcess[] = [];
  let env: Record<string, string>;
  let b: { child: ChildProcess; url: string };
  afterAll(async () => {
    await Promise.all(replicas.map(stopBuiltServer));
    await sandbox?.close();
    await db?.drop();
    await router?.close();
  });

  it('delivers an event by replica B after replica A, which took the subscription, was killed', async () => {
    sandbox = await startSandbox({ size: 'small' });
    db = await createTestDatabase();
    router = await startCallbackRouter();
    const portB = await freePort();
    // Wrike reaches replica B (PUBLIC_URL), so that its events keep coming while A is gone.
    // CALLBACK_LEASE_MS left at its default: the heartbeat interval alone must make the takeover quick enough.
    env = sharedReplicaEnv(sandbox, db.url, `http://127.0.0.1:${portB}`, 'callback-replicas', { ROUTER_CALLBACK_ORIGINS: router.origin });
    b = await startBuiltServer({ ...env, PORT: String(portB) });
    replicas.push(b.child);
    const status = async () => ((await fetch(b.url, {
      method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ query: '{ connections { webhook { status } } }' }),
    }).then((r) => r.json())) as any).data?.connections[0]?.webhook?.status;
    await until(async () => (await status()) === 'ACTIVE', 'the hook is active', 10_000);
    const a = await startBuiltServer(env);
    replicas.push(a.child);

    const task = [...sandbox.sandbox.store.tasks.values()].find((t) => t.scope === 'WsTask')!;
    const id = randomUUID();
    const answer = await fetch(a.url, {
      method: 'POST', headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({
        query: `subscription { ticketEvents(filter: { ticketIds: ["${task.id}"] }) { ticketId ticket { title } } }`,
        extensions: { subscription: { callbackUrl: router.callbackUrl(id), subscriptionId: id, verifier: 'the-verifier', heartbeatIntervalMs: HEARTBEAT_MS } },
      }),
    });
    expect(answer.status).toBe(200);
    expect(await answer.json()).toEqual({ data: null });
    router.expectHeartbeats(id, HEARTBEAT_MS);
    const checks = () => router.received(id).filter((m) => m.action === 'check').length;
    await until(() => checks() >= 3, 'A sends heartbeats');

    a.child.kill('SIGKILL');
    await new Promise<void>((resolve) => (a.child.exitCode !== null || a.child.signalCode !== null ? resolve() : a.child.once('exit', () => resolve())));
    const atDeath = checks();
    // Only B is left: heartbeats that go on are B's, and none came later than the interval.
    await until(() => checks() >= atDeath + 3, 'B carries the heartbeats on', 5000);
    expect(router.missed(id)).toBeUndefined();

    const res = await sandbox.api(`/tasks/${task.id}`, { method: 'PUT', form: { title: 'Delivered by B' } });
    expect(res.status).toBe(200);
    await until(() => router.received(id).some((m) => m.action === 'next'), 'B delivers the event', 5000);
    expect(router.received(id).filter((m) => m.action === 'next')).toEqual([expect.objectContaining({
      id, verifier: 'the-verifier', payload: { data: { ticketEvents: { ticketId: task.id, ticket: { title: 'Delivered by B' } } } },
    })]);
    expect(router.missed(id)).toBeUndefined();
  });

  it('hands a subscription over when its replica stops (SIGTERM): the other carries it on within the interval', async () => {
    const c = await startBuiltServer(env);
    replicas.push(c.child);
    const task = [...sandbox.sandbox.store.tasks.values()].filter((t) => t.scope === 'WsTask')[1]!;
    const id = randomUUID();
    const answer = await fetch(c.url, {
      method: 'POST', headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({
        query: `subscription { ticketEvents(filter: { ticketIds: ["${task.id}"] }) { ticketId ticket { title } } }`,
        extensions: { subscription: { callbackUrl: router.callbackUrl(id), subscriptionId: id, verifier: 'handed-over', heartbeatIntervalMs: HEARTBEAT_MS } },
      }),
    });
    expect(answer.status).toBe(200);
    router.expectHeartbeats(id, HEARTBEAT_MS);
    const checks = () => router.received(id).filter((m) => m.action === 'check').length;
    await until(() => checks() >= 2, 'C sends heartbeats');
    await stopBuiltServer(c.child);
    const atStop = checks();
    await until(() => checks() >= atStop + 2, 'B carries the heartbeats on', 5000);
    const res = await sandbox.api(`/tasks/${task.id}`, { method: 'PUT', form: { title: 'Handed over to B' } });
    expect(res.status).toBe(200);
    await until(() => router.received(id).some((m) => m.action === 'next'), 'B delivers the event', 5000);
    expect(router.received(id).filter((m) => m.action === 'next')).toEqual([expect.objectContaining({
      payload: { data: { ticketEvents: { ticketId: task.id, ticket: { title: 'Handed over to B' } } } },
    })]);
    // No `complete` from C as it stopped, and no interval went without a check.
    expect(router.received(id).some((m) => m.action === 'complete')).toBe(false);
    expect(router.missed(id)).toBeUndefined();
  });
});
