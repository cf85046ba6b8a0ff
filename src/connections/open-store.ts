import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import type { CredentialStore } from './store';
import { SqliteStore } from './sqlite-store';
import { PostgresStore } from './postgres-store';
import { parseKey, Sealer } from './crypto';

/** The store the configuration names: PostgreSQL with DATABASE_URL, else SQLite under DATA_DIR. Migrated. */
export async function openStore(options: { databaseUrl?: string; dataDir: string }): Promise<CredentialStore> {
  const store = options.databaseUrl ? new PostgresStore(options.databaseUrl) : new SqliteStore(path.join(options.dataDir, 'wrike-subgraph.db'));
  await store.migrate();
  return store;
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
