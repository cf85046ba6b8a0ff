import { DatabaseError, Pool, type PoolClient, type QueryResult } from 'pg';
import { MIGRATIONS } from './migrations';
import { CONNECTION_COLUMNS, apiKeyFromRow, connectionFromRow, connectionToRow, idempotencyFromRow, patchSql, type Row } from './rows';
import type { ApiKeyRecord, ConnectionPatch, ConnectionRecord, CredentialStore, IdempotencyRecord, PendingWebhookEvent, WebhookPatch, WebhookRecord } from './store';
import { webhookFromRow, webhookPatchColumns } from './webhook-rows';
import { StoreUnavailableError } from './store-errors';

/** How long a refresh may wait for another replica's row lock: that replica holds it over one call to Wrike's OAuth. */
const ROW_LOCK_WAIT_FACTOR = 4;

/**
 * The shared store for several replicas: PostgreSQL, with row locks for refresh coordination. Every wait is bounded
 * by `timeoutMs` (DATABASE_TIMEOUT_MS): connecting, borrowing a pooled connection, and each query (on the server's
 * side, and on the client's, so that a PostgreSQL that accepts connections and then says nothing fails too); a
 * refresh's wait for another replica's row lock by four times that. A query that fails that way, or on a
 * lost connection, throws StoreUnavailableError and its connection is dropped from the pool; SQL errors stay as they
 * are.
 */
export class PostgresStore implements CredentialStore {
  readonly kind = 'postgres' as const;
  private readonly pool: Pool;

  constructor(connectionString: string, private readonly timeoutMs = 5000) {
    // query_timeout gives up on the client's side (a silent server); statement_timeout stops the statement on the
    // server's (so that a slow one does not run on after the client gave up).
    this.pool = new Pool({ connectionString, max: 10, connectionTimeoutMillis: timeoutMs, query_timeout: timeoutMs, statement_timeout: timeoutMs });
    // An idle client's error must not crash the process; the next query reports it.
    this.pool.on('error', () => undefined);
  }

  /** One statement, on the pool or on a borrowed client; failures of the store itself become StoreUnavailableError. */
  private async run(sql: string, values: unknown[] = [], client?: PoolClient, timeoutMs = this.timeoutMs): Promise<QueryResult> {
    try {
      return await (client ?? this.pool).query({ text: sql, values, query_timeout: timeoutMs } as never);
    } catch (error) {
      throw unavailable(error) ? new StoreUnavailableError('postgres', { cause: error }) : error;
    }
  }

  private async query(sql: string, values: unknown[] = [], client?: PoolClient): Promise<Row[]> {
    return (await this.run(sql, values, client)).rows as Row[];
  }

  /**
   * A client lent by the pool. The pool stops listening for its errors while it is lent, and a connection cut then
   * emits 'error' on the client: unheard, that ends the process. The query in flight fails on its own.
   */
  private async borrow(): Promise<PoolClient> {
    try {
      const client = await this.pool.connect();
      client.on('error', ignoreLentClientError);
      return client;
    } catch (error) {
      throw new StoreUnavailableError('postgres', { cause: error });
    }
  }

  /** Gives a borrowed client back: dropped when it failed (its session ends), else lent again. */
  private giveBack(client: PoolClient, broken: Error | undefined): void {
    client.off('error', ignoreLentClientError);
    client.release(broken);
  }

  async migrate(): Promise<void> {
    const client = await this.borrow();
    let broken: Error | undefined;
    try {
      // One migrator at a time across replicas.
      await this.run('SELECT pg_advisory_lock(hashtext($1))', ['wrike-subgraph-migrations'], client);
      await this.run('CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL)', [], client);
      const applied = new Set((await this.query('SELECT version FROM schema_migrations', [], client)).map((r) => Number(r.version)));
      for (const migration of MIGRATIONS) {
        if (applied.has(migration.version)) continue;
        await this.run('BEGIN', [], client);
        try {
          for (const statement of migration.statements) await this.run(statement, [], client);
          await this.run('INSERT INTO schema_migrations (version, applied_at) VALUES ($1, $2)', [migration.version, new Date().toISOString()], client);
          await this.run('COMMIT', [], client);
        } catch (error) {
          await this.run('ROLLBACK', [], client).catch(() => undefined);
          throw error;
        }
      }
    } catch (error) {
      broken = error as Error;
      throw error;
    } finally {
      if (!broken) await this.run('SELECT pg_advisory_unlock(hashtext($1))', ['wrike-subgraph-migrations'], client).catch(() => undefined);
      // A connection that failed is dropped (its session, and the advisory lock with it, ends), not lent again.
      this.giveBack(client, broken);
    }
  }

  async ping(): Promise<boolean> {
    return this.query('SELECT 1 AS ok').then(() => true, () => false);
  }

  async close(): Promise<void> {
    await this.pool.end();
  }

  async ensureTenant(id: string, name: string): Promise<void> {
    await this.query('INSERT INTO tenants (id, name, created_at) VALUES ($1, $2, $3) ON CONFLICT (id) DO NOTHING', [id, name, new Date().toISOString()]);
  }

  async insertApiKey(record: ApiKeyRecord & { keyHash: string }): Promise<void> {
    await this.query('INSERT INTO api_keys (id, tenant_id, key_hash, label, created_at, revoked_at) VALUES ($1, $2, $3, $4, $5, $6)',
      [record.id, record.tenantId, record.keyHash, record.label, record.createdAt, record.revokedAt]);
  }

  async revokeApiKey(id: string, at: string): Promise<boolean> {
    return (await this.run('UPDATE api_keys SET revoked_at = $1 WHERE id = $2 AND revoked_at IS NULL', [at, id])).rowCount! > 0;
  }

  async listApiKeys(): Promise<ApiKeyRecord[]> {
    return (await this.query('SELECT id, tenant_id, label, created_at, revoked_at FROM api_keys ORDER BY created_at')).map(apiKeyFromRow);
  }

  async tenantOfKeyHash(keyHash: string): Promise<string | undefined> {
    const [row] = await this.query('SELECT tenant_id FROM api_keys WHERE key_hash = $1 AND revoked_at IS NULL', [keyHash]);
    return row ? String(row.tenant_id) : undefined;
  }

  async countApiKeys(): Promise<number> {
    const [row] = await this.query('SELECT COUNT(*) AS n FROM api_keys');
    return Number(row?.n ?? 0);
  }

  async insertConnection(record: ConnectionRecord): Promise<void> {
    await this.query(`INSERT INTO connections (${CONNECTION_COLUMNS}) VALUES (${connectionToRow(record).map((_, i) => `$${i + 1}`).join(', ')})`, connectionToRow(record));
  }

  async getConnection(id: string): Promise<ConnectionRecord | undefined> {
    const [row] = await this.query(`SELECT ${CONNECTION_COLUMNS} FROM connections WHERE id = $1`, [id]);
    return row ? connectionFromRow(row) : undefined;
  }

  async listConnections(tenantId: string): Promise<ConnectionRecord[]> {
    return (await this.query(`SELECT ${CONNECTION_COLUMNS} FROM connections WHERE tenant_id = $1 ORDER BY created_at, id`, [tenantId])).map(connectionFromRow);
  }

  async updateConnection(id: string, patch: ConnectionPatch, client?: PoolClient): Promise<void> {
    const { set, values } = patchSql(patch, (i) => `$${i}`);
    if (set) await this.query(`UPDATE connections SET ${set} WHERE id = $${values.length + 1}`, [...values, id], client);
  }

  async deleteConnection(id: string): Promise<boolean> {
    return (await this.run('DELETE FROM connections WHERE id = $1', [id])).rowCount! > 0;
  }

  async withConnectionLock<T>(id: string, fn: (current: ConnectionRecord, save: (patch: ConnectionPatch) => Promise<void>) => Promise<T>): Promise<T> {
    const client = await this.borrow();
    let broken: Error | undefined;
    try {
      await this.run('BEGIN', [], client);
      // Another replica may hold the row over its own refresh: that wait is longer than one query's.
      const lockWaitMs = this.timeoutMs * ROW_LOCK_WAIT_FACTOR;
      await this.run(`SET LOCAL statement_timeout = ${lockWaitMs}`, [], client);
      const { rows: [row] } = await this.run(`SELECT ${CONNECTION_COLUMNS} FROM connections WHERE id = $1 FOR UPDATE`, [id], client, lockWaitMs);
      if (!row) throw new Error('connection not found');
      const result = await fn(connectionFromRow(row as Row), (patch) => this.updateConnection(id, patch, client));
      await this.run('COMMIT', [], client);
      return result;
    } catch (error) {
      await this.run('ROLLBACK', [], client).catch((rollback: Error) => {
        broken = rollback;
      });
      if (error instanceof StoreUnavailableError) broken = error;
      throw error;
    } finally {
      this.giveBack(client, broken);
    }
  }

  async putWebhook(record: WebhookRecord): Promise<void> {
    await this.query(`INSERT INTO webhooks (connection_id, wrike_hook_id, sealed_secret, status, last_event_at, created_at, previous_sealed_secret, previous_until)
      VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
      ON CONFLICT (connection_id) DO UPDATE SET wrike_hook_id = excluded.wrike_hook_id, sealed_secret = excluded.sealed_secret,
      status = excluded.status, last_event_at = excluded.last_event_at, created_at = excluded.created_at,
      previous_sealed_secret = excluded.previous_sealed_secret, previous_until = excluded.previous_until`,
    [record.connectionId, record.wrikeHookId, record.sealedSecret, record.status, record.lastEventAt, record.createdAt,
      record.previousSealedSecret ?? null, record.previousUntil ?? null]);
  }

  async getWebhook(connectionId: string): Promise<WebhookRecord | undefined> {
    const [row] = await this.query('SELECT * FROM webhooks WHERE connection_id = $1', [connectionId]);
    return row ? webhookFromRow(row) : undefined;
  }

  async listWebhooks(): Promise<WebhookRecord[]> {
    return (await this.query('SELECT * FROM webhooks ORDER BY connection_id', [])).map(webhookFromRow);
  }

  async updateWebhook(connectionId: string, patch: WebhookPatch): Promise<void> {
    const set = webhookPatchColumns(patch);
    if (set.length === 0) return;
    await this.query(`UPDATE webhooks SET ${set.map(([column], i) => `${column} = $${i + 1}`).join(', ')} WHERE connection_id = $${set.length + 1}`,
      [...set.map(([, v]) => v), connectionId]);
  }

  async deleteWebhook(connectionId: string): Promise<void> {
    await this.query('DELETE FROM webhooks WHERE connection_id = $1', [connectionId]);
  }

  async claimWebhookEvent(key: string, now: number, forgetBefore: number, pending?: { connectionId: string; event: string; retryAt: number }): Promise<boolean> {
    await this.query('DELETE FROM webhook_events WHERE received_at < $1 AND pending_event IS NULL', [forgetBefore]);
    return (await this.run(`INSERT INTO webhook_events (event_key, received_at, connection_id, pending_event, retry_at) VALUES ($1, $2, $3, $4, $5)
      ON CONFLICT (event_key) DO NOTHING`, [key, now, pending?.connectionId ?? null, pending?.event ?? null, pending?.retryAt ?? null])).rowCount! > 0;
  }

  async settleWebhookEvent(key: string): Promise<void> {
    await this.query('UPDATE webhook_events SET pending_event = NULL, retry_at = NULL WHERE event_key = $1', [key]);
  }

  async leasePendingWebhookEvents(now: number, leaseUntil: number, limit: number): Promise<PendingWebhookEvent[]> {
    // SKIP LOCKED: replicas leasing at once each get different events.
    const rows = await this.query(`UPDATE webhook_events SET retry_at = $1 WHERE event_key IN (
        SELECT event_key FROM webhook_events WHERE pending_event IS NOT NULL AND retry_at <= $2 ORDER BY received_at LIMIT $3 FOR UPDATE SKIP LOCKED)
      RETURNING event_key, connection_id, pending_event`, [leaseUntil, now, limit]);
    return rows.map((row) => ({ key: String(row.event_key), connectionId: String(row.connection_id), event: String(row.pending_event) }));
  }

  async openWebhookHandshake(id: string, connectionId: string, expiresAt: number): Promise<void> {
    await this.query('INSERT INTO webhook_handshakes (id, connection_id, expires_at) VALUES ($1, $2, $3)', [id, connectionId, expiresAt]);
  }

  async consumeWebhookHandshake(connectionId: string, now: number): Promise<boolean> {
    const rows = await this.query(`DELETE FROM webhook_handshakes WHERE id IN (
      SELECT id FROM webhook_handshakes WHERE connection_id = $1 AND expires_at > $2 LIMIT 1 FOR UPDATE SKIP LOCKED) RETURNING id`, [connectionId, now]);
    return rows.length > 0;
  }

  async closeWebhookHandshake(id: string, now: number): Promise<void> {
    await this.query('DELETE FROM webhook_handshakes WHERE id = $1 OR expires_at <= $2', [id, now]);
  }

  async purgeExpired(now: number, noncesBefore: string): Promise<void> {
    await this.query('DELETE FROM idempotency_keys WHERE expires_at < $1', [now]);
    await this.query('DELETE FROM oauth_nonces WHERE used_at < $1', [noncesBefore]);
  }

  async consumeNonce(nonce: string, at: string): Promise<boolean> {
    return (await this.run('INSERT INTO oauth_nonces (nonce, used_at) VALUES ($1, $2) ON CONFLICT (nonce) DO NOTHING', [nonce, at])).rowCount! > 0;
  }

  async claimIdempotencyKey(
    scope: string, key: string, fingerprint: string, now: number, expiresAt: number, leaseUntil: number | null = null,
  ): Promise<IdempotencyRecord | undefined> {
    await this.query('DELETE FROM idempotency_keys WHERE scope = $1 AND key = $2 AND expires_at < $3', [scope, key, now]);
    const inserted = await this.run(`INSERT INTO idempotency_keys (scope, key, fingerprint, state, result_id, since, expires_at, lease_until)
      VALUES ($1, $2, $3, 'pending', NULL, $4, $5, $6) ON CONFLICT (scope, key) DO NOTHING`, [scope, key, fingerprint, now, expiresAt, leaseUntil]);
    if (inserted.rowCount! > 0) return undefined;
    const [row] = await this.query('SELECT * FROM idempotency_keys WHERE scope = $1 AND key = $2', [scope, key]);
    // Released between the insert and the select: claim again.
    return row ? idempotencyFromRow(row) : this.claimIdempotencyKey(scope, key, fingerprint, now, expiresAt, leaseUntil);
  }

  async setIdempotencyKey(
    scope: string, key: string, state: IdempotencyRecord['state'], resultId: string | null, from?: IdempotencyRecord['state'], leaseUntil?: number,
  ): Promise<boolean> {
    const sql = `UPDATE idempotency_keys SET state = $1, result_id = $2, lease_until = COALESCE($3, lease_until)
      WHERE scope = $4 AND key = $5${from ? ' AND state = $6' : ''}`;
    return (await this.run(sql, [state, resultId, leaseUntil ?? null, scope, key, ...(from ? [from] : [])])).rowCount! > 0;
  }

  async takeOverLapsedIdempotencyKey(scope: string, key: string, now: number, staleBefore: number): Promise<boolean> {
    const sql = `UPDATE idempotency_keys SET state = 'unknown' WHERE scope = $1 AND key = $2 AND state = 'pending'
      AND (lease_until < $3 OR (lease_until IS NULL AND since < $4))`;
    return (await this.run(sql, [scope, key, now, staleBefore])).rowCount! > 0;
  }

  async renewIdempotencyLease(scope: string, key: string, leaseUntil: number): Promise<boolean> {
    const sql = "UPDATE idempotency_keys SET lease_until = $1 WHERE scope = $2 AND key = $3 AND state = 'pending'";
    return (await this.run(sql, [leaseUntil, scope, key])).rowCount! > 0;
  }

  async releaseIdempotencyKey(scope: string, key: string): Promise<void> {
    await this.query('DELETE FROM idempotency_keys WHERE scope = $1 AND key = $2', [scope, key]);
  }
}

/** Whether a failure is the store's (no answer, lost connection, shutting down, out of resources), not the SQL's. */
function unavailable(error: unknown): boolean {
  if (!(error instanceof DatabaseError)) return true;
  // SQLSTATE classes 08 (connection exception), 53 (insufficient resources), 57 (operator intervention: a statement
  // cancelled or timed out, a server shutting down).
  return /^(08|53|57)/.test(error.code ?? '');
}

/** An error on a lent client: its query in flight fails with it, which is where it is handled. */
function ignoreLentClientError(): void {}
