import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { startSandbox, type SandboxHarness } from '../helpers/sandbox';
import { createTestDatabase, postgresUp } from '../helpers/postgres';
import { TEST_ENCRYPTION_KEY } from '../helpers/subgraph';

const MAIN = path.resolve(__dirname, '../../dist/src/main.js');
if (!existsSync(MAIN)) {
  const message = 'the shutdown test runs the built server: run `npm run build` first (npm test does)';
  if (process.env.CI === 'true') throw new Error(message);
  console.warn(`SKIPPING: ${message}`);
}
const suite = existsSync(MAIN) ? describe : describe.skip;
const SHUTDOWN_TIMEOUT_MS = 2000;

/** Starts the built server (production mode) and reads its JSON log lines until it says where it listens. */
function startBuilt(env: Record<string, string>): Promise<{ child: ChildProcess; url: string; sandboxUrl: string }> {
  const child = spawn(process.execPath, [MAIN], {
    env: {
      ...process.env, NODE_ENV: 'production', PORT: '0', LOG_LEVEL: 'info', SANDBOX_SIZE: 'small', CURSOR_SECRET: 'shutdown-test-secret-0123',
      ENCRYPTION_KEY: TEST_ENCRYPTION_KEY, SHUTDOWN_TIMEOUT_MS: String(SHUTDOWN_TIMEOUT_MS),
      DATA_DIR: mkdtempSync(path.join(os.tmpdir(), 'wrike-subgraph-shutdown-')), ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return new Promise((resolve, reject) => {
    let sandboxUrl = '';
    const lines = createInterface({ input: child.stdout! });
    lines.on('line', (line) => {
      const entry = JSON.parse(line) as { sandboxUrl?: string; url?: string };
      if (entry.sandboxUrl) sandboxUrl = entry.sandboxUrl;
      if (entry.url) resolve({ child, url: entry.url, sandboxUrl });
    });
    child.on('exit', (code) => reject(new Error(`server exited with ${code}`)));
  });
}

const slowQuery = (url: string) => fetch(url, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ query: '{ me { id name } }' }) });
const setLatency = (sandboxUrl: string, latencyMs: number) =>
  fetch(`${sandboxUrl}/__sandbox/faults`, { method: 'PUT', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ latencyMs }) });

/**
 * SIGTERM: a query in flight finishes, then the process exits 0; a query slower than SHUTDOWN_TIMEOUT_MS does not
 * hold the process past that limit. In each mode the server runs in: the in-process sandbox (SQLite), a Wrike
 * elsewhere with SQLite, and with PostgreSQL. Production mode (Apollo's own signal handlers would apply there).
 */
async function checkShutdown(env: Record<string, string>, sandboxUrlOf: (started: string) => string): Promise<void> {
  const first = await startBuilt(env);
  const firstExit = new Promise<number | null>((resolve) => first.child.on('exit', resolve));
  const sandboxUrl = sandboxUrlOf(first.sandboxUrl);
  await setLatency(sandboxUrl, 800);
  const slow = slowQuery(first.url);
  await new Promise((resolve) => setTimeout(resolve, 300));
  first.child.kill('SIGTERM');
  const res = await slow;
  expect(res.status).toBe(200);
  expect(((await res.json()) as { data: { me: { id: string } } }).data.me.id).toMatch(/^KUA/);
  expect(await firstExit).toBe(0);
  await expect(fetch(first.url, { method: 'POST', body: '{}' })).rejects.toThrow();

  // A query that would outlive the limit: the process still goes within it (and a margin).
  const second = await startBuilt(env);
  const secondExit = new Promise<number | null>((resolve) => second.child.on('exit', resolve));
  await setLatency(sandboxUrlOf(second.sandboxUrl), 20_000);
  const hung = slowQuery(second.url).catch(() => undefined);
  await new Promise((resolve) => setTimeout(resolve, 300));
  const signalled = Date.now();
  second.child.kill('SIGTERM');
  expect(await secondExit).toBe(0);
  expect(Date.now() - signalled).toBeLessThan(SHUTDOWN_TIMEOUT_MS + 2500);
  await hung;
  // An external sandbox outlives the server: leave it fast for the next test.
  await setLatency(sandboxUrl, 0).catch(() => undefined);
}

suite('graceful shutdown of the built server (NODE_ENV=production)', () => {
  it('with the in-process sandbox', async () => {
    await checkShutdown({}, (started) => started);
  }, 60_000);

  describe('against a Wrike elsewhere', () => {
    let sandbox: SandboxHarness;
    beforeAll(async () => {
      sandbox = await startSandbox();
    });
    afterAll(() => sandbox.close());
    const external = () => ({ SANDBOX: 'false', OPEN_MODE: 'true', WRIKE_API_BASE_URL: `${sandbox.url}/api/v4`, WRIKE_PERMANENT_TOKEN: sandbox.token, WRIKE_EXTRA_HOSTS: new URL(sandbox.url).host });

    it('with SQLite', async () => {
      await checkShutdown(external(), () => sandbox.url);
    }, 60_000);

    (postgresUp() ? it : it.skip)('with PostgreSQL', async () => {
      const db = await createTestDatabase();
      try {
        await checkShutdown({ ...external(), DATABASE_URL: db.url }, () => sandbox.url);
      } finally {
        await db.drop();
      }
    }, 60_000);
  });
});
