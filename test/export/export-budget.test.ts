import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startSubgraph, type SubgraphHarness } from '../helpers/subgraph';
import { ProxyReader } from '../../src/export/proxy-reader';
import { NdjsonSink } from '../../src/export/sinks';
import { runExport } from '../../src/export/run';

/**
 * The export spends the connection's own call budget, shared with live traffic: against a sandbox that enforces a
 * limit just above the service's budget, an export and live GraphQL reads at the same time draw no 429 from
 * "Wrike", and both finish.
 */
jest.setTimeout(180_000);

let harness: SubgraphHarness;
beforeAll(async () => {
  harness = await startSubgraph({
    SANDBOX_RATE_LIMIT_PER_MINUTE: '900', SANDBOX_RATE_LIMIT_BURST: '15',
    WRIKE_BUDGET_PER_MINUTE: '840', WRIKE_BUDGET_BURST: '10',
  });
});
afterAll(() => harness.close());

it('shares the budget with live reads: no 429 from Wrike, every live read answered', async () => {
  await harness.resetCalls();
  const reader = new ProxyReader({ serviceUrl: harness.server.url });
  const exporting = runExport({
    wrike: reader.asCaller(), callsMade: () => reader.calls,
    sink: new NdjsonSink(mkdtempSync(path.join(os.tmpdir(), 'wrike-export-'))), connectionId: null,
  });
  let done = false;
  void exporting.finally(() => (done = true));
  const answers: { status: number; body: any }[] = [];
  while (!done) {
    answers.push(await harness.query('{ me { id } workspaces { nodes { id name } } }'));
  }
  const summary = await exporting;
  expect(summary.checkpoint.done).toContain('timeLogs');
  expect(answers.length).toBeGreaterThan(0);
  for (const answer of answers) expect(answer.body.errors).toBeUndefined();
  const counters = await harness.calls();
  expect(counters.calls.filter((call) => call.status === 429)).toEqual([]);
  // More calls than one burst: the budget paced them.
  expect(counters.total).toBeGreaterThan(100);
});
