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
 * dies (SIGKILL, no goodbye) its lease lapses and B carries the subscription on: heartbeats, then the next event.
 */
(enabled ? describe : describe.skip)('callback subscriptions across two replicas sharing Redis and PostgreSQL', () => {
  let sandbox: SandboxHarness;
  let db: { url: string; drop(): Promise<void> };
  let router: Awaited<ReturnType<typeof startCallbackRouter>>;
  const replicas: ChildProcess[] = [];
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
    const env = sharedReplicaEnv(sandbox, db.url, `http://127.0.0.1:${portB}`, 'callback-replicas', { ROUTER_CALLBACK_ORIGINS: router.origin, CALLBACK_LEASE_MS: '600' });
    const b = await startBuiltServer({ ...env, PORT: String(portB) });
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
        extensions: { subscription: { callbackUrl: router.callbackUrl(id), subscriptionId: id, verifier: 'the-verifier', heartbeatIntervalMs: 200 } },
      }),
    });
    expect(answer.status).toBe(200);
    expect(await answer.json()).toEqual({ data: null });
    const checks = () => router.received(id).filter((m) => m.action === 'check').length;
    await until(() => checks() >= 3, 'A sends heartbeats');

    a.child.kill('SIGKILL');
    await new Promise<void>((resolve) => (a.child.exitCode !== null || a.child.signalCode !== null ? resolve() : a.child.once('exit', () => resolve())));
    const atDeath = checks();
    // Only B is left: heartbeats that go on are B's (after A's lease of 600 ms lapsed).
    await until(() => checks() >= atDeath + 3, 'B carries the heartbeats on', 5000);

    const res = await sandbox.api(`/tasks/${task.id}`, { method: 'PUT', form: { title: 'Delivered by B' } });
    expect(res.status).toBe(200);
    await until(() => router.received(id).some((m) => m.action === 'next'), 'B delivers the event', 5000);
    expect(router.received(id).filter((m) => m.action === 'next')).toEqual([expect.objectContaining({
      id, verifier: 'the-verifier', payload: { data: { ticketEvents: { ticketId: task.id, ticket: { title: 'Delivered by B' } } } },
    })]);
  });
});
