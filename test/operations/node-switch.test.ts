import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { BUILT_MAIN, builtServerExists, freePort, stopBuiltServer } from '../helpers/process';

/**
 * Switching Node.js after an install: on Node 22.13+ and 24 the store runs on the built-in node:sqlite, so the built
 * server, with node_modules installed by the Node running the tests (20, whose better-sqlite3 add-on Node 22 cannot
 * load), starts on the other Node and answers, with no `npm rebuild` and no warning. (On Node 20, an add-on built for
 * another Node is turned into one sentence saying to run `npm rebuild`: test/unit/native-modules.test.ts.)
 */
const running = Number(process.versions.node.split('.')[0]);
const other = running === 22 ? 24 : 22;

/** The other Node's binary, from the npm registry's `node` package (through npx), or undefined. */
function otherNode(): string | undefined {
  const probe = spawnSync('npx', ['-y', `node@${other}`, '-p', 'process.execPath'], { encoding: 'utf8', timeout: 180_000 });
  const binary = probe.status === 0 ? probe.stdout.trim() : '';
  if (!binary) {
    if (process.env.CI === 'true') throw new Error(`the Node.js-switch test needs node@${other} from the npm registry (npx -y node@${other}): ${probe.stderr}`);
    console.warn(`SKIPPING the Node.js-switch test: npx -y node@${other} is not available here`);
    return undefined;
  }
  return binary;
}

const binary = builtServerExists('the Node.js-switch test') ? otherNode() : undefined;
const run = binary ? describe : describe.skip;
jest.setTimeout(120_000);

run(`starting on Node.js ${other} with node_modules installed on Node.js ${running}`, () => {
  it('starts without a rebuild (node:sqlite) and answers, printing no warning', async () => {
    const port = await freePort();
    const child = spawn(binary!, [BUILT_MAIN], {
      env: { ...process.env, PORT: String(port), LOG_LEVEL: 'warn', DATA_DIR: mkdtempSync(path.join(os.tmpdir(), 'wrike-subgraph-node-switch-')) },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    try {
      let up = false;
      for (let i = 0; i < 600 && !up && child.exitCode === null; i++) {
        up = await fetch(`http://127.0.0.1:${port}/healthz`).then((r) => r.ok, () => false);
        if (!up) await new Promise((resolve) => setTimeout(resolve, 100));
      }
      expect({ up, exitCode: child.exitCode, stderr: stderr.slice(-500) }).toEqual({ up: true, exitCode: null, stderr: expect.any(String) });
      const answer = await fetch(`http://127.0.0.1:${port}/graphql`, {
        method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ query: '{ me { id name } }' }),
      }).then((r) => r.json() as Promise<{ data?: { me?: { id: string } }; errors?: unknown }>);
      expect(answer.errors).toBeUndefined();
      expect(answer.data?.me?.id).toMatch(/^[A-Z0-9]+$/);
      expect(stderr).not.toContain('ExperimentalWarning');
      expect(stderr).not.toContain('NODE_MODULE_VERSION');
    } finally {
      await stopBuiltServer(child);
    }
  });
});
