import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { BUILT_MAIN, builtServerExists } from '../helpers/process';

/**
 * After switching Node.js without `npm rebuild`, the built server is started on another Node major (the npm
 * registry's `node` package, through npx) with this install's better-sqlite3, built for the Node running the tests:
 * it must exit 1 with one sentence naming both versions and `npm rebuild`, not Node's NODE_MODULE_VERSION dump.
 */
const running = Number(process.versions.node.split('.')[0]);
const other = running === 22 ? 24 : 22;

function otherNodeAvailable(): boolean {
  const probe = spawnSync('npx', ['-y', `node@${other}`, '--version'], { encoding: 'utf8', timeout: 180_000 });
  const ok = probe.status === 0 && probe.stdout.startsWith(`v${other}.`);
  if (!ok) {
    if (process.env.CI === 'true') throw new Error(`the Node.js-switch test needs node@${other} from the npm registry (npx -y node@${other}): ${probe.stderr}`);
    console.warn(`SKIPPING the Node.js-switch test: npx -y node@${other} is not available here`);
  }
  return ok;
}

const run = builtServerExists('the Node.js-switch test') && otherNodeAvailable() ? describe : describe.skip;

run(`starting on Node.js ${other} with add-ons built for Node.js ${running}`, () => {
  it('exits 1 with one sentence: rebuild after switching, naming both versions', () => {
    const started = spawnSync('npx', ['-y', `node@${other}`, BUILT_MAIN], {
      encoding: 'utf8', timeout: 120_000,
      env: { ...process.env, PORT: '0', LOG_LEVEL: 'silent', DATA_DIR: mkdtempSync(path.join(os.tmpdir(), 'wrike-subgraph-node-switch-')) },
    });
    expect(started.status).toBe(1);
    const lines = started.stderr.split('\n').filter((line) => line.startsWith('wrike-subgraph failed to start'));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(new RegExp(`^wrike-subgraph failed to start: better-sqlite3 was installed for Node\\.js ${running} \\(NODE_MODULE_VERSION \\d+\\) `
      + `but this is Node\\.js v${other}\\.\\d+\\.\\d+ \\(NODE_MODULE_VERSION \\d+\\): run \`npm rebuild\` after switching Node\\.js, then start again$`));
    expect(started.stderr).not.toContain('Please try re-compiling');
  });
});
