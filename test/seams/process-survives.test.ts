import { PostgresStore } from '../../src/connections/postgres-store';
import { startFaultProxy } from '../helpers/fault-proxy';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { createTestDatabase, POSTGRES_ADMIN_URL, postgresUp } from '../helpers/postgres';
import { builtServerExists } from '../helpers/process';

/**
 * Errors that arrive on an emitter nobody listens to end the process, and with it every request and subscription of
 * the replica. The crash hunt found these two besides the budget read (test/unit/until-aborted.test.ts). Each fails
 * without its fix: Jest fails a test on an uncaught error; the WebSocket case runs in a process of its own (Jest's
 * environment hears the socket's reset where a plain Node process dies of it).
 */
const postgresOk = postgresUp();
const built = builtServerExists('the refused WebSocket upgrade test');
const settle = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

(postgresOk ? describe : describe.skip)('a PostgreSQL connection cut while the store has it lent (an OAuth refresh holds the row lock)', () => {
  it('fails the locked work\'s store calls, and the process goes on', async () => {
    const db = await createTestDatabase();
    const admin = new URL(POSTGRES_ADMIN_URL);
    const proxy = await startFaultProxy({ host: admin.hostname, port: Number(admin.port || 5432) });
    const url = new URL(db.url);
    url.host = proxy.address;
    const store = new PostgresStore(url.toString(), 2000);
    try {
      await store.migrate();
      await store.ensureTenant('t', 't');
      await store.insertConnection({
        id: 'conn_AAAAAAAAAAAA', tenantId: 't', status: 'ACTIVE', host: 'www.wrike.com', authType: 'OAUTH', wrikeUserId: 'U',
        wrikeUserName: null, wrikeUserEmail: null, sealedCredentials: 'x', createdAt: new Date().toISOString(), lastRefreshedAt: null,
        lastError: null, scopes: null, workspaceIds: null,
      } as never);
      const locked = store.withConnectionLock('conn_AAAAAAAAAAAA', async () => {
        proxy.cut(); // the refresh call to Wrike takes a moment; the database connection is cut meanwhile
        await settle(500);
        return 'refreshed';
      });
      const outcome = await locked.then(() => 'resolved', () => 'rejected');
      await settle(200);
      expect(['resolved', 'rejected']).toContain(outcome);
      // The store still answers on a fresh connection.
      proxy.mode('pass');
      expect(await store.ping()).toBe(true);
    } finally {
      await store.close().catch(() => undefined);
      await proxy.close();
      await db.drop();
    }
  }, 30_000);
});

/** The built subscription endpoint refusing every Origin, then peers that reset right after asking for an upgrade. */
const REFUSED_UPGRADES = `
const http = require('node:http'); const net = require('node:net');
const { startSubscriptions } = require(process.argv[1]);
process.on('uncaughtException', (e) => { console.log('died: ' + e.message); process.exit(3); });
const server = http.createServer();
const logger = { info() {}, warn() {}, error() {}, child() { return logger; } };
startSubscriptions({ httpServer: server, schema: undefined, auth: {}, connections: {}, services: {}, logger,
  limits: { perSocket: 10, perTenant: 10 }, queryLimits: {}, allowsOrigin: () => false });
server.listen(0, '127.0.0.1', async () => {
  const { port } = server.address();
  for (let i = 0; i < 50; i++) {
    await new Promise((resolve) => {
      const s = net.connect(port, '127.0.0.1', () => {
        s.write('GET /graphql HTTP/1.1\\r\\nHost: 127.0.0.1\\r\\nOrigin: https://elsewhere.example\\r\\nConnection: Upgrade\\r\\nUpgrade: websocket\\r\\n'
          + 'Sec-WebSocket-Version: 13\\r\\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\\r\\n\\r\\n');
        setTimeout(() => { s.resetAndDestroy(); resolve(); }, i % 2 ? 0 : 5);
      });
      s.on('error', () => resolve());
    });
  }
  setTimeout(() => { console.log('still running'); process.exit(0); }, 300);
});
`;

(built ? describe : describe.skip)('WebSocket upgrades refused for their Origin, reset by the peer', () => {
  it('are closed, and the process goes on', () => {
    const subscriptionsModule = path.resolve(__dirname, '../../dist/src/http/subscriptions.js');
    const run = spawnSync(process.execPath, ['-e', REFUSED_UPGRADES, subscriptionsModule], { encoding: 'utf8', timeout: 20_000 });
    expect(run.stdout.trim()).toBe('still running');
    expect(run.status).toBe(0);
  });
});
