import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import type { CredentialStore } from './store';
import { SqliteStore } from './sqlite-store';
import { PostgresStore } from './postgres-store';
import { parseKey, Sealer } from './crypto';
import { StoreUnavailableError } from './store-errors';

/**
 * The store the configuration names: PostgreSQL with DATABASE_URL (every wait bounded by `timeoutMs`), else SQLite
 * under DATA_DIR. Migrated. A store that cannot be opened fails with an error that names it (PostgreSQL by host, port
 * and database, never the URL's credentials) and says why.
 */
export async function openStore(options: { databaseUrl?: string; dataDir: string; timeoutMs?: number }): Promise<CredentialStore> {
  const store = options.databaseUrl ? new PostgresStore(options.databaseUrl, options.timeoutMs) : openSqlite(options.dataDir);
  try {
    await store.migrate();
  } catch (error) {
    // Closing must not hang the failed start either.
    await Promise.race([store.close().catch(() => undefined), new Promise((resolve) => setTimeout(resolve, 1000).unref())]);
    const name = options.databaseUrl ? `PostgreSQL (DATABASE_URL, at ${postgresAddress(options.databaseUrl)})` : `SQLite (under DATA_DIR)`;
    const why = error instanceof StoreUnavailableError
      ? `did not answer within ${options.timeoutMs ?? 5000} ms (DATABASE_TIMEOUT_MS): ${reasonOf(error.cause)}`
      : `could not be opened: ${reasonOf(error)}`;
    throw new Error(`the credential store, ${name}, ${why}`, { cause: error });
  }
  return store;
}

/** SQLite under DATA_DIR (an add-on built for another Node.js is one sentence saying to rebuild: sqlite-driver.ts). */
function openSqlite(dataDir: string): SqliteStore {
  return new SqliteStore(path.join(dataDir, 'wrike-subgraph.db'));
}

/** Host, port and database of a postgres:// URL: what an operator needs to find it, without its user or password. */
function postgresAddress(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.hostname}:${parsed.port || '5432'}${parsed.pathname}`;
  } catch {
    return 'DATABASE_URL';
  }
}

/** A driver's message, with any cause it wraps (pg's "connection timeout" wraps the socket's reason). */
function reasonOf(error: unknown): string {
  const message = (error as Error | undefined)?.message ?? String(error);
  const cause = (error as { cause?: Error } | undefined)?.cause?.message;
  return cause && cause !== message ? `${message} (${cause})` : message;
}

/**
 * The sealer from ENCRYPTION_KEY (and ENCRYPTION_KEYS_PREVIOUS). Without a key, in sandbox mode only, a development
 * key is generated once under DATA_DIR and reused; `generated` says so, for the start-up log.
 */
export function openSealer(options: { key?: string; previous?: string; dataDir: string; allowDevelopmentKey: boolean }): { sealer: Sealer; generated?: string } {
  const previous = (options.previous ?? '').split(',').map((k) => k.trim()).filter(Boolean).map((k) => parseKey(k, 'ENCRYPTION_KEYS_PREVIOUS'));
  if (options.key) return { sealer: new Sealer({ current: parseKey(options.key, 'ENCRYPTION_KEY'), previous }) };
  if (!options.allowDevelopmentKey) throw new Error('ENCRYPTION_KEY is required outside sandbox mode (32 bytes as 64 hex digits)');
  const file = path.join(options.dataDir, 'dev-encryption-key');
  let generated: string | undefined;
  if (!existsSync(file)) {
    mkdirSync(options.dataDir, { recursive: true });
    writeFileSync(file, randomBytes(32).toString('hex'), { mode: 0o600 });
    chmodSync(file, 0o600);
    generated = file;
  }
  return { sealer: new Sealer({ current: parseKey(readFileSync(file, 'utf8'), file), previous }), generated };
}
