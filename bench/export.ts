/**
 * `npm run bench:export`: the whole-account export of the large seed (50,000 tasks) through a server with the
 * product's default call budget, against a sandbox that enforces Wrike's limit. Calls against the floor (what the
 * account's size requires at Wrike's page and id limits), time against the floor the budget sets (floor calls at
 * the budget's rate), with `--comments recent` (every ticket's comments would be 50,000 more calls, two hours at the
 * default budget). Writes bench/results/export.json; asserts nothing.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startRig, startServerProcess } from './harness';
import { loadConfig } from '../src/config';
import { WINDOW_MS } from '../src/wrike/budget';
import { ProxyReader } from '../src/export/proxy-reader';
import { NdjsonSink } from '../src/export/sinks';
import { TASK_PAGE_SIZE, runExport } from '../src/export/run';
import { progressLine } from '../src/export/progress';

const DAY_MS = 86_400_000;

async function main(): Promise<void> {
  const rig = await startRig('large');
  const defaults = loadConfig({});
  // Wrike's limit at the sandbox: 400 calls a minute, bursts of 10, 7 in any second.
  rig.sandbox.limiter.perMinute = 400;
  rig.sandbox.limiter.burst = 10;
  rig.sandbox.limiter.reset();
  const server = await startServerProcess(rig.sandbox, rig.sandbox.url, {
    WRIKE_BUDGET_PER_MINUTE: String(defaults.wrikeBudgetPerMinute), WRIKE_BUDGET_BURST: String(defaults.wrikeBudgetBurst),
    WRIKE_BUDGET_PER_SECOND: String(defaults.wrikeBudgetPerSecond),
  });
  try {
    const reader = new ProxyReader({ serviceUrl: server.url });
    const out = mkdtempSync(path.join(os.tmpdir(), 'wrike-export-bench-'));
    rig.resetCalls();
    let last = 0;
    const summary = await runExport({
      wrike: reader.asCaller(), callsMade: () => reader.calls, sink: new NdjsonSink(out), connectionId: null, comments: 'recent',
      report: (state) => {
        if (Date.now() - last > 10_000 || state.stage === 'done') console.log(progressLine(state));
        last = Date.now();
      },
    });
    const calls = rig.calls();
    const store = rig.sandbox.store;
    const tasks = [...store.tasks.values()].filter((task) => task.scope === 'WsTask').length;
    const folders = [...store.folders.values()].filter((folder) => folder.scope === 'WsFolder').length;
    const span = Date.parse(summary.checkpoint.feedSince) - Date.parse(summary.checkpoint.earliest ?? summary.checkpoint.feedSince);
    // The floor: one call for each account-wide list (people, spaces, custom fields, the folder tree, time logs, the
    // last 7 days of comments), 100 folders a call, N / 1,000 + 1 task pages, one call an attachment window (< 31 days).
    // Every ticket's comments (the default) would add N + N / 100 + 1: measured on the demo seed by the tests.
    const floorCalls = 6 + Math.ceil(folders / 100) + Math.floor(tasks / TASK_PAGE_SIZE) + 1 + Math.ceil(span / (31 * DAY_MS));
    // The budget's pace: its per-second share counted over WINDOW_MS, within the per-minute budget.
    const perSecond = Math.min(defaults.wrikeBudgetPerMinute / 60, defaults.wrikeBudgetPerSecond / (WINDOW_MS / 1000));
    const row = {
      date: new Date().toISOString().slice(0, 10), node: process.version, tasks, records: summary.checkpoint.counts,
      calls: calls.length, floorCalls, seconds: Math.round(summary.elapsedMs / 1000),
      floorSeconds: Math.round(floorCalls / perSecond),
      wrike429s: calls.filter((call) => call.status === 429).length,
      budget: `${defaults.wrikeBudgetPerMinute}/min, ${defaults.wrikeBudgetPerSecond} in any ${WINDOW_MS} ms`,
    };
    console.log(JSON.stringify(row, null, 2));
    const dir = path.resolve(__dirname, '../../bench/results');
    mkdirSync(dir, { recursive: true });
    writeFileSync(path.join(dir, 'export.json'), `${JSON.stringify(row, null, 2)}\n`);
  } finally {
    await server.stop();
    await rig.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
