import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { SandboxHarness } from './sandbox';
import { REDIS_URL, testKeyPrefix } from './redis';
import { TEST_ENCRYPTION_KEY } from './subgraph';

/**
 * The environment of built replicas that share Redis (a key prefix of their own) and a PostgreSQL database, talk to
 * `sandbox` as a real Wrike with its owner's permanent token, and register their webhook at `publicUrl` (the replica
 * Wrike reaches). Each replica adds its own PORT.
 */
export function sharedReplicaEnv(sandbox: SandboxHarness, databaseUrl: string, publicUrl: string, name: string, extra: Record<string, string> = {}): Record<string, string> {
  return {
    SANDBOX: 'false', OPEN_MODE: 'true', WRIKE_API_BASE_URL: `${sandbox.url}/api/v4`, WRIKE_PERMANENT_TOKEN: sandbox.token, LOG_LEVEL: 'silent',
    REDIS_URL, REDIS_KEY_PREFIX: testKeyPrefix(), DATABASE_URL: databaseUrl, PUBLIC_URL: publicUrl, ENCRYPTION_KEY: TEST_ENCRYPTION_KEY,
    CURSOR_SECRET: `${name}-secret-0123456789`, DATA_DIR: mkdtempSync(path.join(os.tmpdir(), `wsg-${name}-`)),
    ...extra,
  };
}
