/**
 * Versioned schema migrations, applied in order and recorded in schema_migrations. The SQL is plain enough for
 * both SQLite and PostgreSQL.
 */
export const MIGRATIONS: { version: number; statements: string[] }[] = [
  {
    version: 1,
    statements: [
      `CREATE TABLE tenants (id TEXT PRIMARY KEY, name TEXT NOT NULL, created_at TEXT NOT NULL)`,
      `CREATE TABLE api_keys (
        id TEXT PRIMARY KEY, tenant_id TEXT NOT NULL REFERENCES tenants(id), key_hash TEXT NOT NULL UNIQUE,
        label TEXT, created_at TEXT NOT NULL, revoked_at TEXT)`,
      `CREATE TABLE connections (
        id TEXT PRIMARY KEY, tenant_id TEXT NOT NULL REFERENCES tenants(id), status TEXT NOT NULL, host TEXT NOT NULL,
        auth_type TEXT NOT NULL, wrike_user_id TEXT, wrike_user_name TEXT, wrike_user_email TEXT,
        sealed_credentials TEXT NOT NULL, created_at TEXT NOT NULL, last_refreshed_at TEXT, last_error TEXT)`,
      `CREATE INDEX connections_tenant ON connections (tenant_id)`,
    ],
  },
  {
    version: 2,
    statements: [`CREATE TABLE oauth_nonces (nonce TEXT PRIMARY KEY, used_at TEXT NOT NULL)`],
  },
  {
    version: 3,
    statements: [
      `CREATE TABLE idempotency_keys (
        scope TEXT NOT NULL, key TEXT NOT NULL, fingerprint TEXT NOT NULL, state TEXT NOT NULL, result_id TEXT,
        since BIGINT NOT NULL, expires_at BIGINT NOT NULL, PRIMARY KEY (scope, key))`,
    ],
  },
  {
    version: 4,
    // The OAuth scopes a connection was granted (comma-separated), so that a missing one can be named.
    statements: [`ALTER TABLE connections ADD COLUMN scopes TEXT`],
  },
  {
    version: 5,
    statements: [
      // A connection's Wrike webhook: its id at Wrike, its secret (sealed), and how it fares.
      `CREATE TABLE webhooks (
        connection_id TEXT PRIMARY KEY, wrike_hook_id TEXT, sealed_secret TEXT NOT NULL, status TEXT NOT NULL,
        last_event_at TEXT, created_at TEXT NOT NULL)`,
      // Events already taken (Wrike may deliver one twice, to any replica), kept for a day.
      `CREATE TABLE webhook_events (event_key TEXT PRIMARY KEY, received_at BIGINT NOT NULL)`,
    ],
  },
  {
    version: 6,
    // The spaces a connection is limited to (comma-separated; NULL: the whole account).
    statements: [`ALTER TABLE connections ADD COLUMN workspace_ids TEXT`],
  },
  {
    version: 7,
    statements: [
      // Handshake windows: while this service registers or re-enables a hook, Wrike's secret verification for that
      // connection may be answered, once each (any replica can, as Wrike's request may reach any of them).
      `CREATE TABLE webhook_handshakes (id TEXT PRIMARY KEY, connection_id TEXT NOT NULL, expires_at BIGINT NOT NULL)`,
      `CREATE INDEX webhook_handshakes_connection ON webhook_handshakes (connection_id)`,
      // An event taken but not yet published keeps its text here (NULL once published), to be retried after retry_at.
      `ALTER TABLE webhook_events ADD COLUMN connection_id TEXT`,
      `ALTER TABLE webhook_events ADD COLUMN pending_event TEXT`,
      `ALTER TABLE webhook_events ADD COLUMN retry_at BIGINT`,
      // The secret a re-registration replaced stays valid until previous_until (epoch ms): deliveries in flight.
      `ALTER TABLE webhooks ADD COLUMN previous_sealed_secret TEXT`,
      `ALTER TABLE webhooks ADD COLUMN previous_until BIGINT`,
    ],
  },
  {
    version: 8,
    // A pending idempotency key's lease (epoch ms): its writer renews it while it works, so that a key whose
    // writer died is taken over once the lease lapses. NULL (keys claimed before): `since` + the stale time.
    statements: [`ALTER TABLE idempotency_keys ADD COLUMN lease_until BIGINT`],
  },
];
