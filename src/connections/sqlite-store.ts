import { chmodSync, existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { MIGRATIONS } from './migrations';
import { openSqlite, type SqliteDatabase, type SqliteDriverName, type SqliteStatement } from './sqlite-driver';
import { CONNECTION_COLUMNS, apiKeyFromRow, connectionFromRow, connectionToRow, idempotencyFromRow, patchSql, type Row } from './rows';
import type { ApiKeyRecord, ConnectionPatch, ConnectionRecord, CredentialStore, IdempotencyRecord, PendingWebhookEvent, WebhookPatch, WebhookRecord } from './store';
import { webhookFromRow, webhookPatchColumns } from './webhook-rows';

/**
 * The embedded store: one SQLite file (default ./data/wrike-subgraph.db). For a single replica; its row lock is an
 * in-process queue per connection (several processes must share PostgreSQL instead).
 */
export class SqliteStore implements CredentialStore {
  readonly kind = 'sqlite' as const;
  private readonly db: SqliteDatabase;
  private readonly locks = new Map<string, Promise<unknown>>();
  /** Prepared once, reused: preparing is most of a small query's cost, and auth runs some on every request. */
  private readonly statements = new Map<string, SqliteStatement>();

  /** `driver`: the one this Node picks unless a test names one (see sqlite-driver.ts). */
  constructor(readonly file: string, driver?: SqliteDriverName) {
    if (file !== ':memory:') mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
    this.db = openSqlite(file, driver);
    this.db.exec('PRAGMA journal_mode = WAL');
    // WAL's usual pairing, and better-sqlite3's build default, now named so that node:sqlite (default FULL) keeps the
    // same: no fsync at each commit, never a corrupt file; a power cut may lose the last commits, not a crash.
    this.db.exec('PRAGMA synchronous = NORMAL');
    this.db.exec('PRAGMA foreign_keys = ON');
    // Sealed tokens and key hashes: the owner only. SQLite gives its -wal and -shm files the database's mode.
    if (file !== ':memory:') for (const f of [file, `${file}-wal`, `${file}-shm`]) if (existsSync(f)) chmodSync(f, 0o600);
  }

  /**
   * One migrator at a time: replicas sharing the file (or started together) read what is applied and apply the rest
   * inside one IMMEDIATE transaction, which holds SQLite's write lock from its first statement.
   */
  /** Which SQLite driver this store runs on (node:sqlite or better-sqlite3). */
  get driver(): SqliteDriverName {
    return this.db.driver;
  }

  async migrate(): Promise<void> {
    this.db.transaction(() => {
      this.db.exec('CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL)');
      const applied = new Set((this.db.prepare('SELECT version FROM schema_migrations').all() as Row[]).map((r) => Number(r.version)));
      for (const migration of MIGRATIONS) {
        if (applied.has(migration.version)) continue;
        for (const statement of migration.statements) this.db.exec(statement);
        this.db.prepare('INSERT INTO schema_migrations (version, applied_at) VALUES (?, ?)').run(migration.version, new Date().toISOString());
      }
    }, 'immediate');
  }

  private sql(text: string): SqliteStatement {
    let statement = this.statements.get(text);
    if (!statement) {
      statement = this.db.prepare(text);
      this.statements.set(text, statement);
    }
    return statement;
  }

  async ping(): Promise<boolean> {
    return this.sql('SELECT 1 AS ok').get() !== undefined;
  }

  async close(): Promise<void> {
    this.db.close();
  }

  async ensureTenant(id: string, name: string): Promise<void> {
    this.sql('INSERT INTO tenants (id, name, created_at) VALUES (?, ?, ?) ON CONFLICT (id) DO NOTHING').run(id, name, new Date().toISOString());
  }

  async insertApiKey(record: ApiKeyRecord & { keyHash: string }): Promise<void> {
    this.sql('INSERT INTO api_keys (id, tenant_id, key_hash, label, created_at, revoked_at) VALUES (?, ?, ?, ?, ?, ?)')
      .run(record.id, record.tenantId, record.keyHash, record.label, record.createdAt, record.revokedAt);
  }

  async revokeApiKey(id: string, at: string): Promise<boolean> {
    return this.sql('UPDATE api_keys SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL').run(at, id).changes > 0;
  }

  async listApiKeys(): Promise<ApiKeyRecord[]> {
    return (this.sql('SELECT id, tenant_id, label, created_at, revoked_at FROM api_keys ORDER BY created_at').all() as Row[]).map(apiKeyFromRow);
  }

  async tenantOfKeyHash(keyHash: string): Promise<string | undefined> {
    const row = this.sql('SELECT tenant_id FROM api_keys WHERE key_hash = ? AND revoked_at IS NULL').get(keyHash) as Row | undefined;
    return row ? String(row.tenant_id) : undefined;
  }

  async countApiKeys(): Promise<number> {
    return Number((this.sql('SELECT COUNT(*) AS n FROM api_keys').get() as Row).n);
  }

  async insertConnection(record: ConnectionRecord): Promise<void> {
    this.sql(`INSERT INTO connections (${CONNECTION_COLUMNS}) VALUES (${connectionToRow(record).map(() => '?').join(', ')})`).run(...connectionToRow(record));
  }

  async getConnection(id: string): Promise<ConnectionRecord | undefined> {
    const row = this.sql(`SELECT ${CONNECTION_COLUMNS} FROM connections WHERE id = ?`).get(id) as Row | undefined;
    return row ? connectionFromRow(row) : undefined;
  }

  async listConnections(tenantId: string): Promise<ConnectionRecord[]> {
    return (this.sql(`SELECT ${CONNECTION_COLUMNS} FROM connections WHERE tenant_id = ? ORDER BY created_at, id`).all(tenantId) as Row[]).map(connectionFromRow);
  }

  async updateConnection(id: string, patch: ConnectionPatch): Promise<void> {
    const { set, values } = patchSql(patch, () => '?');
    if (set) this.sql(`UPDATE connections SET ${set} WHERE id = ?`).run(...values, id);
  }

  async deleteConnection(id: string): Promise<boolean> {
    return this.sql('DELETE FROM connections WHERE id = ?').run(id).changes > 0;
  }

  async withConnectionLock<T>(id: string, fn: (current: ConnectionRecord, save: (patch: ConnectionPatch) => Promise<void>) => Promise<T>): Promise<T> {
    const previous = this.locks.get(id) ?? Promise.resolve();
    const run = previous.catch(() => undefined).then(async () => {
      const current = await this.getConnection(id);
      if (!current) throw new Error('connection not found');
      return fn(current, (patch) => this.updateConnection(id, patch));
    });
    this.locks.set(id, run);
    try {
      return await run;
    } finally {
      if (this.locks.get(id) === run) this.locks.delete(id);
    }
  }

  async putWebhook(record: WebhookRecord): Promise<void> {
    this.sql(`INSERT INTO webhooks (connection_id, wrike_hook_id, sealed_secret, status, last_event_at, created_at, previous_sealed_secret, previous_until)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?)
      ON CONFLICT (connection_id) DO UPDATE SET wrike_hook_id = excluded.wrike_hook_id, sealed_secret = excluded.sealed_secret,
      status = excluded.status, last_event_at = excluded.last_event_at, created_at = excluded.created_at,
      previous_sealed_secret = excluded.previous_sealed_secret, previous_until = excluded.previous_until`)
      .run(record.connectionId, record.wrikeHookId, record.sealedSecret, record.status, record.lastEventAt, record.createdAt,
        record.previousSealedSecret ?? null, record.previousUntil ?? null);
  }

  async getWebhook(connectionId: string): Promise<WebhookRecord | undefined> {
    const row = this.sql('SELECT * FROM webhooks WHERE connection_id = ?').get(connectionId) as Row | undefined;
    return row ? webhookFromRow(row) : undefined;
  }

  async listWebhooks(): Promise<WebhookRecord[]> {
    return (this.sql('SELECT * FROM webhooks ORDER BY connection_id').all() as Row[]).map(webhookFromRow);
  }

  async updateWebhook(connectionId: string, patch: WebhookPatch): Promise<void> {
    const set = webhookPatchColumns(patch);
    if (set.length === 0) return;
    this.db.prepare(`UPDATE webhooks SET ${set.map(([column]) => `${column} = ?`).join(', ')} WHERE connection_id = ?`).run(...set.map(([, v]) => v), connectionId);
  }

  async deleteWebhook(connectionId: string): Promise<void> {
    this.sql('DELETE FROM webhooks WHERE connection_id = ?').run(connectionId);
  }

  async claimWebhookEvent(key: string, now: number, forgetBefore: number, pending?: { connectionId: string; event: string; retryAt: number }): Promise<boolean> {
    this.sql('DELETE FROM webhook_events WHERE received_at < ? AND pending_event IS NULL').run(forgetBefore);
    return this.sql(`INSERT INTO webhook_events (event_key, received_at, connection_id, pending_event, retry_at) VALUES (?, ?, ?, ?, ?)
      ON CONFLICT (event_key) DO NOTHING`).run(key, now, pending?.connectionId ?? null, pending?.event ?? null, pending?.retryAt ?? null).changes > 0;
  }

  async settleWebhookEvent(key: string): Promise<void> {
    this.sql('UPDATE webhook_events SET pending_event = NULL, retry_at = NULL WHERE event_key = ?').run(key);
  }

  async leasePendingWebhookEvents(now: number, leaseUntil: number, limit: number): Promise<PendingWebhookEvent[]> {
    return this.db.transaction(() => {
      const rows = this.sql(`SELECT event_key, connection_id, pending_event FROM webhook_events
        WHERE pending_event IS NOT NULL AND retry_at <= ? ORDER BY received_at LIMIT ?`).all(now, limit) as Row[];
      for (const row of rows) this.sql('UPDATE webhook_events SET retry_at = ? WHERE event_key = ?').run(leaseUntil, row.event_key);
      return rows.map((row) => ({ key: String(row.event_key), connectionId: String(row.connection_id), event: String(row.pending_event) }));
    }, 'immediate');
  }

  async openWebhookHandshake(id: string, connectionId: string, expiresAt: number): Promise<void> {
    this.sql('INSERT INTO webhook_handshakes (id, connection_id, expires_at) VALUES (?, ?, ?)').run(id, connectionId, expiresAt);
  }

  async consumeWebhookHandshake(connectionId: string, now: number): Promise<boolean> {
    return this.db.transaction(() => {
      const row = this.sql('SELECT id FROM webhook_handshakes WHERE connection_id = ? AND expires_at > ? LIMIT 1').get(connectionId, now) as Row | undefined;
      return row !== undefined && this.sql('DELETE FROM webhook_handshakes WHERE id = ?').run(row.id).changes > 0;
    }, 'immediate');
  }

  async closeWebhookHandshake(id: string, now: number): Promise<void> {
    this.sql('DELETE FROM webhook_handshakes WHERE id = ? OR expires_at <= ?').run(id, now);
  }

  async purgeExpired(now: number, noncesBefore: string): Promise<void> {
    this.sql('DELETE FROM idempotency_keys WHERE expires_at < ?').run(now);
    this.sql('DELETE FROM oauth_nonces WHERE used_at < ?').run(noncesBefore);
  }

  async consumeNonce(nonce: string, at: string): Promise<boolean> {
    return this.sql('INSERT INTO oauth_nonces (nonce, used_at) VALUES (?, ?) ON CONFLICT (nonce) DO NOTHING').run(nonce, at).changes > 0;
  }

  async claimIdempotencyKey(
    scope: string, key: string, fingerprint: string, now: number, expiresAt: number, leaseUntil: number | null = null,
  ): Promise<IdempotencyRecord | undefined> {
    return this.db.transaction(() => {
      this.sql('DELETE FROM idempotency_keys WHERE scope = ? AND key = ? AND expires_at < ?').run(scope, key, now);
      const inserted = this.sql(`INSERT INTO idempotency_keys (scope, key, fingerprint, state, result_id, since, expires_at, lease_until)
        VALUES (?, ?, ?, 'pending', NULL, ?, ?, ?) ON CONFLICT (scope, key) DO NOTHING`).run(scope, key, fingerprint, now, expiresAt, leaseUntil);
      if (inserted.changes > 0) return undefined;
      return idempotencyFromRow(this.sql('SELECT * FROM idempotency_keys WHERE scope = ? AND key = ?').get(scope, key) as Row);
    });
  }

  async setIdempotencyKey(
    scope: string, key: string, state: IdempotencyRecord['state'], resultId: string | null, from?: IdempotencyRecord['state'], leaseUntil?: number,
  ): Promise<boolean> {
    const sql = `UPDATE idempotency_keys SET state = ?, result_id = ?, lease_until = COALESCE(?, lease_until)
      WHERE scope = ? AND key = ?${from ? ' AND state = ?' : ''}`;
    return this.sql(sql).run(state, resultId, leaseUntil ?? null, scope, key, ...(from ? [from] : [])).changes > 0;
  }

  async takeOverLapsedIdempotencyKey(scope: string, key: string, now: number, staleBefore: number): Promise<boolean> {
    return this.sql(`UPDATE idempotency_keys SET state = 'unknown' WHERE scope = ? AND key = ? AND state = 'pending'
      AND (lease_until < ? OR (lease_until IS NULL AND since < ?))`).run(scope, key, now, staleBefore).changes > 0;
  }

  async renewIdempotencyLease(scope: string, key: string, leaseUntil: number): Promise<boolean> {
    return this.sql("UPDATE idempotency_keys SET lease_until = ? WHERE scope = ? AND key = ? AND state = 'pending'").run(leaseUntil, scope, key).changes > 0;
  }

  async releaseIdempotencyKey(scope: string, key: string): Promise<void> {
    this.sql('DELETE FROM idempotency_keys WHERE scope = ? AND key = ?').run(scope, key);
  }
}
