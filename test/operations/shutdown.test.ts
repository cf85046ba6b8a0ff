import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';

const MAIN = path.resolve(__dirname, '../../dist/src/main.js');
if (!existsSync(MAIN)) {
  const message = 'the shutdown test runs the built server: run `npm run build` first (npm test does)';
  if (process.env.CI === 'true') throw new Error(message);
  console.warn(`SKIPPING: ${message}`);
}
const suite = existsSync(MAIN) ? describe : describe.skip;

/** Starts the built server and reads its JSON log lines until it says where it listens. */
function startBuilt(): Promise<{ child: ChildProcess; url: string; sandboxUrl: string; logs: string[] }> {
  const child = spawn(process.execPath, [MAIN], {
    env: { ...process.env, PORT: '0', LOG_LEVEL: 'info', SANDBOX_SIZE: 'small', CURSOR_SECRET: 'shutdown-test-secret-0123', DATA_DIR: mkdtempSync(path.join(os.tmpdir(), 'wrike-subgraph-shutdown-')) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const logs: string[] = [];
  return new Promise((resolve, reject) => {
    let sandboxUrl = '';
    const lines = createInterface({ input: child.stdout! });
    lines.on('line', (line) => {
      logs.push(line);
      const entry = JSON.parse(line) as { sandboxUrl?: string; url?: string };
      if (entry.sandboxUrl) sandboxUrl = entry.sandboxUrl;
      if (entry.url) resolve({ child, url: entry.url, sandboxUrl, logs });
    });
    child.on('exit', (code) => reject(new Error(`server exited with ${code}`)));
  });
}

suite('graceful shutdown of the built server', () => {
  it('lets a slow query finish after SIGTERM, then exits cleanly', async () => {
    const { child, url, sandboxUrl } = await startBuilt();
    const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
    await fetch(`${sandboxUrl}/__sandbox/faults`, { method: 'PUT', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ latencyMs: 1500 }) });
    const slow = fetch(url, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ query: '{ me { id name } }' }) });
    await new Promise((resolve) => setTimeout(resolve, 400));
    child.kill('SIGTERM');
    const res = await slow;
    expect(res.status).toBe(200);
    const body = (await res.json()) as { data: { me: { id: string } } };
    expect(body.data.me.id).toMatch(/^KUA/);
    expect(await exited).toBe(0);
    await expect(fetch(url, { method: 'POST', body: '{}' })).rejects.toThrow();
  }, 30_000);
});
