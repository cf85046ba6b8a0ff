#!/usr/bin/env node
/**
 * Runs jest (in band, extra arguments passed through) and ends with one plain summary line,
 * `jest: N passed, N failed, N skipped`, that CI reads. Exits with jest's status.
 */
const { spawnSync } = require('node:child_process');
const { mkdtempSync, readFileSync, rmSync } = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const dir = mkdtempSync(path.join(os.tmpdir(), 'jest-summary-'));
const out = path.join(dir, 'results.json');
const result = spawnSync(
  process.execPath,
  [require.resolve('jest/bin/jest'), '--runInBand', '--json', `--outputFile=${out}`, ...process.argv.slice(2)],
  { stdio: 'inherit' },
);
let status = result.status ?? 1;
try {
  const summary = JSON.parse(readFileSync(out, 'utf8'));
  const skipped = summary.numPendingTests + summary.numTodoTests;
  console.log(`jest: ${summary.numPassedTests} passed, ${summary.numFailedTests} failed, ${skipped} skipped`);
  if (summary.numTotalTests === 0) status = 1;
} catch {
  console.log('jest: 0 passed, 1 failed');
  status = status || 1;
}
rmSync(dir, { recursive: true, force: true });
process.exit(status);
