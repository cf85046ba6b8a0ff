/**
 * The SQLite store's hot paths on one driver: what every request reads (an API key's tenant, its connection), what
 * every webhook event writes (claim, settle) and what every write mutation keeps (an idempotency key claimed and
 * marked done). Prints operations per second, best of `ROUNDS` rounds (the least disturbed by other load).
 *
 *   node dist/bench/sqlite-drivers.js node:sqlite|better-sqlite3
 *
 * Compare drivers on the same Node, run alternately (better-sqlite3 must have been built for that Node).
 */
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { SqliteStore } from '../src/connections/sqlite-store';
import type { SqliteDriverName } from '../src/connections/sqlite-driver';

const ROUNDS = Number(process.env.ROUNDS ?? 5);
const OPS = Number(process.env.OPS ?? 20_000);

async function main(): Promise<void> {
  const driver = (process.argv[2] ?? 'node:sqlite') as SqliteDriverName;
  const store = new SqliteStore(path.join(mkdtempSync(path.join(os.tmpdir(), 'wsg-sqlite-bench-')), 'db.sqlite'), driver);
  await store.migrate();
  await store.ensureTenant('acme', 'Acme');
  await store.insertApiKey({ id: 'key_1', tenantId: 'acme', keyHash: 'h'.repeat(64), label: null, createdAt: new Date().toISOString(), revokedAt: null });
  await store.insertConnection({
    id: 'conn_1', tenantId: 'acme', status: 'ACTIVE', host: 'www.wrike.com', authType: 'OAUTH', wrikeUserId: 'KUAAAAAB', wrikeUserName: 'Ada',
    wrikeUserEmail: 'ada@acme.example', sealedCredentials: 'v1.sealed', createdAt: new Date().toISOString(), lastRefreshedAt: null, lastError: null,
  });

  let n = 0;
  const paths: Record<string, () => Promise<unknown>> = {
    'read: key → tenant, then connection': async () => {
      await store.tenantOfKeyHash('h'.repeat(64));
      return store.getConnection('conn_1');
    },
    'webhook event: claim, then settle': async () => {
      const key = `event-${n++}`;
      await store.claimWebhookEvent(key, Date.now(), 0, { connectionId: 'conn_1', event: '{"eventType":"TaskStatusChanged"}', retryAt: Date.now() + 30_000 });
      return store.settleWebhookEvent(key);
    },
    'write: idempotency key claimed, then done': async () => {
      const key = `idem-${n++}`;
      const now = Date.now();
      await store.claimIdempotencyKey('conn_1:create', key, 'fp', now, now + 86_400_000, now + 6_000);
      return store.setIdempotencyKey('conn_1:create', key, 'done', 'TASK1', 'pending');
    },
  };

  const result: Record<string, number> = {};
  for (const [name, op] of Object.entries(paths)) {
    let best = 0;
    for (let round = 0; round < ROUNDS; round++) {
      const started = process.hrtime.bigint();
      for (let i = 0; i < OPS; i++) await op();
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      best = Math.max(best, OPS / seconds);
    }
    result[name] = Math.round(best);
  }
  await store.close();
  process.stdout.write(`${JSON.stringify({ node: process.versions.node, driver: store.driver, opsPerSecond: result })}\n`);
}

void main();
