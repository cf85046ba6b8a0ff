import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { BUILT_MAIN, builtServerExists } from '../helpers/process';
import { createTestDatabase, postgresUp } from '../helpers/postgres';
import { REDIS_URL, redisUp, testKeyPrefix } from '../helpers/redis';
import { TEST_ENCRYPTION_KEY } from '../helpers/subgraph';

/**
 * In a process of its own (nothing else in it): start the built server with its in-process sandbox, answer a query,
 * leave a Wrike call held by the sandbox (routeLatencyMs), stop(). The process must then end by itself, as a test run
 * or a replica does; if it has not 2 s later (Jest's own "did not exit" waits 1 s), it exits 3 naming what is left.
 */
const CHILD = `
const { startServer } = require(${JSON.stringify(BUILT_MAIN)});
(async () => {
  const running = await startServer(process.env);
  const query = await fetch(running.url, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ query: '{ me { id } }' }) });
  if (!(await query.json()).data?.me?.id) throw new Error('the query did not answer');
  const { sandbox } = running;
  sandbox.faults.update({ routeLatencyMs: { 'GET /contacts': 60000 } });
  const held = fetch(sandbox.url + '/api/v4/contacts?me=true', { headers: { Authorization: 'Bearer ' + sandbox.permanentTokens.owner } }).catch(() => 'cut');
  while (sandbox.faults.holding === 0) await new Promise((resolve) => setTimeout(resolve, 10));
  await running.stop();
  if ((await held) !== 'cut') throw new Error('the held call was answered: it was not held when stop() came');
  setTimeout(() => {
    console.error(JSON.stringify(process.getActiveResourcesInfo()));
    process.exit(3);
  }, 2000).unref();
})().catch((error) => {
  console.error(error.stack);
  process.exit(1);
});
`;

function runChild(env: Record<string, string>): Promise<{ code: number | null; stderr: string }> {
  const child = spawn(process.execPath, ['-e', CHILD], {
    env: {
      ...process.env, PORT: '0', LOG_LEVEL: 'silent', SANDBOX_SIZE: 'small', CURSOR_SECRET: 'stop-test-secret-0123456789',
      ENCRYPTION_KEY: TEST_ENCRYPTION_KEY, WRIKE_WEBHOOKS: 'false', DATA_DIR: mkdtempSync(path.join(os.tmpdir(), 'wrike-subgraph-stop-')), ...env,
    },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, stderr })));
}

const suite = builtServerExists('the stop test') ? describe : describe.skip;

suite('stop() leaves nothing running', () => {
  it('with SQLite: no timer (a start-up wait, a sandbox delay), socket or server is left', async () => {
    expect(await runChild({})).toEqual({ code: 0, stderr: '' });
  }, 60_000);

  (postgresUp() && redisUp() ? it : it.skip)('with PostgreSQL and Redis: their clients are closed too', async () => {
    const db = await createTestDatabase();
    try {
      expect(await runChild({ DATABASE_URL: db.url, REDIS_URL, REDIS_KEY_PREFIX: testKeyPrefix() })).toEqual({ code: 0, stderr: '' });
    } finally {
      await db.drop();
    }
  }, 60_000);
});
