import type { ChildProcess } from 'node:child_process';
import WebSocket from 'ws';
import { createClient, type Client } from 'graphql-ws';
import { startSandbox, type SandboxHarness } from '../helpers/sandbox';
import { redisUp } from '../helpers/redis';
import { createTestDatabase, postgresUp } from '../helpers/postgres';
import { builtServerExists, freePort, startBuiltServer, stopBuiltServer } from '../helpers/process';
import { sharedReplicaEnv } from '../helpers/replicas';

const enabled = redisUp() && postgresUp() && builtServerExists('the events replica test');

(enabled ? describe : describe.skip)('two replicas sharing Redis and PostgreSQL', () => {
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

  it('both deliver an event that Wrike sent to one of them', async () => {
    sandbox = await startSandbox({ size: 'small' });
    db = await createTestDatabase();
    const portA = await freePort();
    const publicUrl = `http://127.0.0.1:${portA}`;
    const env = sharedReplicaEnv(sandbox, db.url, publicUrl, 'events-replicas');
    // Wrike reaches replica A (PUBLIC_URL); B shares its hook record and hears A's events through Redis.
    const a = await startBuiltServer({ ...env, PORT: String(portA) });
    replicas.push(a.child);
    const hooks = () => [...sandbox.sandbox.store.webhooks.values()].filter((w) => w.status === 'Active');
    const status = async () => ((await fetch(a.url, {
      method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ query: '{ connections { webhook { status } } }' }),
    }).then((r) => r.json())) as any).data?.connections[0]?.webhook?.status;
    for (let i = 0; i < 100 && (await status()) !== 'ACTIVE'; i++) await new Promise((resolve) => setTimeout(resolve, 50));
    const b = await startBuiltServer(env);
    replicas.push(b.child);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(hooks().map((w) => w.hookUrl)).toEqual([`${publicUrl}/webhooks/wrike/default`]);

    const task = [...sandbox.sandbox.store.tasks.values()].find((t) => t.scope === 'WsTask')!;
    const received: Record<string, any[]> = { a: [], b: [] };
    for (const [name, url] of [['a', a.url], ['b', b.url]] as const) {
      const client = createClient({ url: url.replace('http', 'ws'), webSocketImpl: WebSocket, retryAttempts: 0, lazy: false });
      clients.push(client);
      client.subscribe({ query: `subscription { ticketEvents(filter: { ticketIds: ["${task.id}"] }) { wrikeEventType ticket { title } } }` }, {
        next: (value) => received[name]!.push(value), error: (error) => received[name]!.push({ error }), complete: () => undefined,
      });
    }
    await new Promise((resolve) => setTimeout(resolve, 300));
    const res = await sandbox.api(`/tasks/${task.id}`, { method: 'PUT', form: { title: 'Seen on both replicas' } });
    expect(res.status).toBe(200);
    for (let i = 0; i < 40 && (received.a!.length === 0 || received.b!.length === 0); i++) await new Promise((resolve) => setTimeout(resolve, 50));
    for (const name of ['a', 'b']) {
      expect(received[name]).toEqual([{ data: { ticketEvents: { wrikeEventType: 'TaskTitleChanged', ticket: { title: 'Seen on both replicas' } } } }]);
    }
  });
});
