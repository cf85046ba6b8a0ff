import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { SqliteStore } from '../../src/connections/sqlite-store';
import { pickSqliteDriver, type SqliteDatabase } from '../../src/connections/sqlite-driver';
import { PostgresStore } from '../../src/connections/postgres-store';
import type { ConnectionRecord, CredentialStore } from '../../src/connections/store';
import { createApiKey, tenantOfKey } from '../../src/connections/api-keys';
import { createTestDatabase, postgresUp } from '../helpers/postgres';
import { DEFAULT_IDEMPOTENCY_OPTIONS, IdempotencyKeyReused, IdempotencyStore } from '../../src/writes/idempotency';
import { WrikeError } from '../../src/wrike/errors';

const record = (id: string, tenantId: string): ConnectionRecord => ({
  id, tenantId, status: 'ACTIVE', host: 'www.wrike.com', authType: 'OAUTH', wrikeUserId: 'KUAAAAAB', wrikeUserName: 'Ada Okafor',
  wrikeUserEmail: 'ada@acme.example', sealedCredentials: 'v1.sealed', createdAt: new Date().toISOString(), lastRefreshedAt: null, lastError: null,
});

/** The same suite for every store: SQLite always, PostgreSQL when it answers (always under CI=true). */
function storeSuite(name: string, open: () => Promise<{ store: CredentialStore; cleanup(): Promise<void> }>, enabled = true) {
  (enabled ? describe : describe.skip)(`${name} credential store`, () => {
    let store: CredentialStore;
    let cleanup: () => Promise<void>;
    beforeAll(async () => {
      ({ store, cleanup } = await open());
      await store.migrate();
      await store.migrate(); // idempotent
    });
    afterAll(async () => {
      await store.close();
      await cleanup();
    });

    it('answers its ping', async () => {
      expect(await store.ping()).toBe(true);
    });

    it('keeps connections per tenant, updates and deletes them', async () => {
      await store.ensureTenant('acme', 'Acme');
      await store.ensureTenant('globex', 'Globex');
      await store.insertConnection(record('conn_a', 'acme'));
      await store.insertConnection(record('conn_b', 'globex'));
      expect((await store.listConnections('acme')).map((c) => c.id)).toEqual(['conn_a']);
      await store.updateConnection('conn_a', { status: 'NEEDS_REAUTH', lastError: 'invalid_grant' });
      expect(await store.getConnection('conn_a')).toMatchObject({ status: 'NEEDS_REAUTH', lastError: 'invalid_grant', wrikeUserName: 'Ada Okafor' });
      // A workspace scope is kept, and null (the whole account) clears it.
      expect((await store.getConnection('conn_a'))!.workspaceIds).toBeNull();
      await store.updateConnection('conn_a', { workspaceIds: 'IEAGAABKI4AAAAAB,IEAGAABKI4AAAAAC' });
      expect((await store.getConnection('conn_a'))!.workspaceIds).toBe('IEAGAABKI4AAAAAB,IEAGAABKI4AAAAAC');
      await store.updateConnection('conn_a', { workspaceIds: null });
      expect((await store.getConnection('conn_a'))!.workspaceIds).toBeNull();
      expect(await store.deleteConnection('conn_b')).toBe(true);
      expect(await store.getConnection('conn_b')).toBeUndefined();
    });

    it('stores API keys hashed, finds their tenant, revokes them', async () => {
      const { id, key } = await createApiKey(store, 'acme', 'ci');
      expect(await tenantOfKey(store, key)).toBe('acme');
      expect(await tenantOfKey(store, `${key.slice(0, -1)}x`)).toBeUndefined();
      expect(JSON.stringify(await store.listApiKeys())).not.toContain(key);
      expect(await store.countApiKeys()).toBeGreaterThan(0);
      expect(await store.revokeApiKey(id, new Date().toISOString())).toBe(true);
      expect(await tenantOfKey(store, key)).toBeUndefined();
    });

    it('consumes an OAuth nonce once', async () => {
      expect(await store.consumeNonce('n-1', new Date().toISOString())).toBe(true);
      expect(await store.consumeNonce('n-1', new Date().toISOString())).toBe(false);
    });

    it('purges nonces past their use and keeps live idempotency keys', async () => {
      const now = Date.now();
      await store.claimIdempotencyKey('purge', 'old', 'fp', now - 2000, now - 1000);
      await store.claimIdempotencyKey('purge', 'live', 'fp', now, now + 60_000);
      await store.consumeNonce('n-old', new Date(now - 7_200_000).toISOString());
      await store.consumeNonce('n-new', new Date(now).toISOString());
      await store.purgeExpired(now, new Date(now - 3_600_000).toISOString());
      // A live key still answers with its record; an old nonce is gone (it could be used again: its state expired long ago).
      expect(await store.claimIdempotencyKey('purge', 'live', 'fp', now, now + 1000)).toMatchObject({ fingerprint: 'fp' });
      expect(await store.consumeNonce('n-old', new Date(now).toISOString())).toBe(true);
      expect(await store.consumeNonce('n-new', new Date(now).toISOString())).toBe(false);
    });

    it('writes once for concurrent duplicates across two replicas sharing the store', async () => {
      // Two IdempotencyStore instances stand for two server processes.
      const replicas = [new IdempotencyStore(store), new IdempotencyStore(store)];
      let writes = 0;
      const attempt = {
        write: async () => {
          writes++;
          await new Promise((resolve) => setTimeout(resolve, 50));
          return 'TASK1';
        },
        recover: async () => undefined,
      };
      const outcomes = await Promise.all(Array.from({ length: 20 }, (_, i) => replicas[i % 2]!.run('conn:create', 'k-1', 'fp', attempt)));
      expect(writes).toBe(1);
      expect(new Set(outcomes.map((o) => o.id))).toEqual(new Set(['TASK1']));
      expect(outcomes.filter((o) => !o.replayed)).toHaveLength(1);
      await expect(replicas[1]!.run('conn:create', 'k-1', 'other', attempt)).rejects.toBeInstanceOf(IdempotencyKeyReused);
    });

    it('a writer slower than its lease keeps the key by renewing it; a writer that stops renewing loses it to a retry', async () => {
      const options = { ...DEFAULT_IDEMPOTENCY_OPTIONS, leaseMs: 150, pollMs: 20 };
      const replicas = [new IdempotencyStore(store, options), new IdempotencyStore(store, options)];
      let writes = 0;
      const slow = {
        write: async () => {
          writes++;
          await new Promise((resolve) => setTimeout(resolve, 800));
          return 'TASK-SLOW';
        },
        recover: async () => undefined,
      };
      const first = replicas[0]!.run('conn:create', 'k-lease', 'fp', slow);
      await new Promise((resolve) => setTimeout(resolve, 50));
      const retry = await replicas[1]!.run('conn:create', 'k-lease', 'fp', slow, { deadline: Date.now() + 5000 });
      expect(retry).toEqual({ id: 'TASK-SLOW', replayed: true });
      expect(await first).toEqual({ id: 'TASK-SLOW', replayed: false });
      expect(writes).toBe(1);

      // A writer that died: its key is pending with a lease nobody renews. The retry asks Wrike (recover) first.
      const now = Date.now();
      await store.claimIdempotencyKey('conn:create', 'k-dead', 'fp', now, now + 60_000, now + 150);
      await new Promise((resolve) => setTimeout(resolve, 200));
      const recovered = await replicas[1]!.run('conn:create', 'k-dead', 'fp', { write: async () => 'NEVER', recover: async () => 'TASK-LANDED' }, { deadline: Date.now() + 5000 });
      expect(recovered).toEqual({ id: 'TASK-LANDED', replayed: true });
    });

    it('takes over a pending key only if its lease is still lapsed at the store (a renewal that landed first wins)', async () => {
      const now = Date.now();
      await store.claimIdempotencyKey('conn:create', 'k-race', 'fp', now, now + 60_000, now + 100);
      // The retry saw the lease lapsed; meanwhile the writer's renewal landed.
      expect(await store.renewIdempotencyLease('conn:create', 'k-race', now + 10_000)).toBe(true);
      expect(await store.takeOverLapsedIdempotencyKey('conn:create', 'k-race', now + 200, now - 120_000)).toBe(false);
      // No renewal: the lapsed key is taken over, once.
      await store.claimIdempotencyKey('conn:create', 'k-lapsed', 'fp', now, now + 60_000, now + 100);
      expect(await store.takeOverLapsedIdempotencyKey('conn:create', 'k-lapsed', now + 200, now - 120_000)).toBe(true);
      expect(await store.takeOverLapsedIdempotencyKey('conn:create', 'k-lapsed', now + 200, now - 120_000)).toBe(false);
    });

    it('keeps an unknown outcome, recovers what landed, or writes again once', async () => {
      const replica = new IdempotencyStore(store);
      let writes = 0;
      const lost = { write: async () => { writes++; throw new WrikeError('outcome_unknown', 'no answer'); }, recover: async () => undefined };
      await expect(replica.run('conn:create', 'k-2', 'fp', lost)).rejects.toMatchObject({ kind: 'outcome_unknown' });
      const found = await replica.run('conn:create', 'k-2', 'fp', { write: async () => 'NEVER', recover: async () => 'TASK2' });
      expect(found).toEqual({ id: 'TASK2', replayed: true });
      await expect(replica.run('conn:create', 'k-3', 'fp', lost)).rejects.toMatchObject({ kind: 'outcome_unknown' });
      const rewritten = await replica.run('conn:create', 'k-3', 'fp', { write: async () => { writes++; return 'TASK3'; }, recover: async () => undefined });
      expect(rewritten).toEqual({ id: 'TASK3', replayed: false });
      expect(writes).toBe(3);
      // A failed write (refused) releases the key.
      await expect(replica.run('conn:create', 'k-4', 'fp', { write: async () => { throw new WrikeError('bad_request', 'no'); }, recover: async () => undefined })).rejects.toThrow('no');
      expect(await replica.run('conn:create', 'k-4', 'fp', { write: async () => 'TASK4', recover: async () => undefined })).toEqual({ id: 'TASK4', replayed: false });
    });

    it('opens single-use handshake windows: one verification each, none once closed or expired', async () => {
      const now = Date.now();
      await store.openWebhookHandshake('w-1', 'conn_hs', now + 60_000);
      await store.openWebhookHandshake('w-2', 'conn_hs', now + 60_000);
      await store.openWebhookHandshake('w-old', 'conn_old', now - 1);
      const uses = await Promise.all([1, 2, 3].map(() => store.consumeWebhookHandshake('conn_hs', now)));
      expect(uses.filter(Boolean)).toHaveLength(2);
      expect(await store.consumeWebhookHandshake('conn_other', now)).toBe(false);
      expect(await store.consumeWebhookHandshake('conn_old', now)).toBe(false);
      await store.openWebhookHandshake('w-3', 'conn_hs', now + 60_000);
      await store.closeWebhookHandshake('w-3', now);
      expect(await store.consumeWebhookHandshake('conn_hs', now)).toBe(false);
    });

    it('keeps a taken webhook event pending until settled, leases it to one caller at a time, and still drops its repeats', async () => {
      const now = Date.now();
      const pending = { connectionId: 'conn_ev', event: '{"eventType":"TaskCreated"}', retryAt: now + 1000 };
      expect(await store.claimWebhookEvent('ev-1', now, now - 86_400_000, pending)).toBe(true);
      expect(await store.claimWebhookEvent('ev-2', now, now - 86_400_000, pending)).toBe(true);
      expect(await store.claimWebhookEvent('ev-1', now, now - 86_400_000, pending)).toBe(false);
      await store.settleWebhookEvent('ev-2');
      // Not before its retry time; then to one caller of two, until its lease is over.
      expect(await store.leasePendingWebhookEvents(now, now + 5000, 10)).toEqual([]);
      const [first, second] = await Promise.all([
        store.leasePendingWebhookEvents(now + 1000, now + 5000, 10), store.leasePendingWebhookEvents(now + 1000, now + 5000, 10),
      ]);
      expect([...first!, ...second!]).toEqual([{ key: 'ev-1', connectionId: 'conn_ev', event: pending.event }]);
      expect(await store.leasePendingWebhookEvents(now + 4999, now + 9000, 10)).toEqual([]);
      expect(await store.leasePendingWebhookEvents(now + 5000, now + 9000, 10)).toHaveLength(1);
      // A pending event outlives the repeat window; a settled one does not.
      expect(await store.claimWebhookEvent('ev-3', now + 2 * 86_400_000, now + 86_400_000)).toBe(true);
      expect(await store.claimWebhookEvent('ev-2', now + 2 * 86_400_000, now + 86_400_000)).toBe(true);
      expect(await store.claimWebhookEvent('ev-1', now + 2 * 86_400_000, now + 86_400_000)).toBe(false);
      await store.settleWebhookEvent('ev-1');
      expect(await store.leasePendingWebhookEvents(now + 10_000, now + 20_000, 10)).toEqual([]);
    });

    it('serializes work under a connection lock and commits what it saves', async () => {
      await store.insertConnection(record('conn_lock', 'acme'));
      const order: string[] = [];
      await Promise.all([1, 2, 3].map((n) => store.withConnectionLock('conn_lock', async (current, save) => {
        order.push(`start ${n} ${current.lastError ?? '-'}`);
        await new Promise((resolve) => setTimeout(resolve, 20));
        await save({ lastError: `by ${n}` });
        order.push(`end ${n}`);
      })));
      // Each critical section ends before the next starts, and sees the previous one's write.
      for (let i = 0; i < order.length; i += 2) expect(order[i + 1]!.startsWith('end')).toBe(true);
      expect(order.filter((line) => line.startsWith('start')).slice(1).every((line) => / by \d$/.test(line))).toBe(true);
    });
  });
}

storeSuite('SQLite', async () => ({ store: new SqliteStore(path.join(mkdtempSync(path.join(os.tmpdir(), 'wsg-')), 'db.sqlite')), cleanup: async () => undefined }));

storeSuite('PostgreSQL', async () => {
  const db = await createTestDatabase();
  return { store: new PostgresStore(db.url), cleanup: db.drop };
}, postgresUp());

describe('SQLite migrations across processes', () => {
  it('four processes migrating one new file at once all start, and the schema is applied once', async () => {
    const { spawn } = await import('node:child_process');
    const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'wsg-migrate-')), 'store.db');
    const module = path.resolve(__dirname, '../../dist/src/connections/sqlite-store.js');
    const script = `const { SqliteStore } = require(${JSON.stringify(module)}); new SqliteStore(process.argv[1]).migrate().then(() => process.exit(0), (e) => { console.error(e.message); process.exit(1); });`;
    const exits = await Promise.all([0, 1, 2, 3].map(() => new Promise<{ code: number | null; stderr: string }>((resolve) => {
      const child = spawn(process.execPath, ['-e', script, file], { stdio: ['ignore', 'ignore', 'pipe'] });
      let stderr = '';
      child.stderr.on('data', (chunk) => (stderr += String(chunk)));
      child.on('exit', (code) => resolve({ code, stderr }));
    })));
    expect(exits).toEqual(exits.map(() => ({ code: 0, stderr: '' })));
    const store = new SqliteStore(file);
    await store.migrate();
    expect(await store.ping()).toBe(true);
    await store.close();
  });
});

describe('the SQLite file', () => {
  it('is the owner\'s only (0600), in a directory of the owner\'s (0700)', async () => {
    const { statSync } = await import('node:fs');
    const dir = path.join(mkdtempSync(path.join(os.tmpdir(), 'wsg-mode-')), 'data');
    const store = new SqliteStore(path.join(dir, 'store.db'));
    await store.migrate();
    expect(statSync(path.join(dir, 'store.db')).mode & 0o777).toBe(0o600);
    expect(statSync(dir).mode & 0o777).toBe(0o700);
    await store.close();
  });

  it(`is in WAL mode with synchronous NORMAL, on this Node's driver (${pickSqliteDriver()}) as on the other`, async () => {
    const store = new SqliteStore(path.join(mkdtempSync(path.join(os.tmpdir(), 'wsg-pragma-')), 'store.db'));
    const db = (store as unknown as { db: SqliteDatabase }).db;
    expect({ ...db.prepare('PRAGMA journal_mode').get() }).toEqual({ journal_mode: 'wal' });
    expect({ ...db.prepare('PRAGMA synchronous').get() }).toEqual({ synchronous: 1 });
    expect({ ...db.prepare('PRAGMA foreign_keys').get() }).toEqual({ foreign_keys: 1 });
    await store.close();
  });
});
