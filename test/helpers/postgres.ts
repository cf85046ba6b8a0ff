import { randomBytes } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import { Client } from 'pg';

/** The local PostgreSQL the machine runs (trust auth); tests make a database of their own and drop it after. */
export const POSTGRES_ADMIN_URL = process.env.TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

/**
 * Whether PostgreSQL answers, checked synchronously (suites are declared synchronously): a loud skip by hand when it
 * does not, and a failure under CI=true (CI starts it).
 */
export function postgresUp(): boolean {
  const url = new URL(POSTGRES_ADMIN_URL);
  const probe = spawnSync('pg_isready', ['-h', url.hostname, '-p', url.port || '5432'], { timeout: 5000 });
  const up = probe.status === 0;
  if (!up) {
    const message = `PostgreSQL is not reachable at ${url.host}`;
    if (process.env.CI === 'true') throw new Error(`${message} (CI must start it)`);
    console.warn(`SKIPPING PostgreSQL tests: ${message}`);
  }
  return up;
}

export async function createTestDatabase(): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `wsg_test_${randomBytes(6).toString('hex')}`;
  const admin = new Client({ connectionString: POSTGRES_ADMIN_URL });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(POSTGRES_ADMIN_URL);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      const client = new Client({ connectionString: POSTGRES_ADMIN_URL });
      await client.connect();
      await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await client.end();
    },
  };
}
