/**
 * `npm run bench`: the call floor, latency over the floor, throughput and memory, against the sandbox with the
 * large seed. Writes bench/results/latest.json and bench/results/latest.md. Prints and records; asserts nothing.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { criticalPathMs, percentile, sequentialRounds, startRig } from './harness';
import { operations } from './operations';
import { throughput } from './throughput';
import { memory } from './memory';
import { cacheMemory, coldRows, rateLimit } from './rate-limit';
import { eventsFanOut } from './events';

const LATENCY_MS = 25;
const RUNS = Number(process.env.BENCH_RUNS ?? 15);
const CONCURRENCY = 16;
/**
 * BENCH_ONLY=throughput runs that table alone and prints it (no files written): quick to profile one change.
 * BENCH_ONLY=cold runs the cold rows under Wrike's limit alone and prints them (no files written).
 * BENCH_ONLY=floor measures the call-floor table alone and writes it into the last results (the rest as they were).
 * BENCH_ONLY=report writes the tables again from bench/results/latest.json, without running anything.
 */
const ONLY = process.env.BENCH_ONLY;

async function main(): Promise<void> {
  if (ONLY === 'report') {
    const last = JSON.parse(readFileSync(path.resolve(__dirname, '../../bench/results/latest.json'), 'utf8'));
    return write(last, last.date);
  }
  const started = Date.now();
  const rig = await startRig('large');
  console.log(`rig: ${rig.sandbox.store.tasks.size} tasks; server ${rig.url}`);
  const floorRows = [];
  try {
    if (ONLY === 'events') {
      // Measured now; the other tables stay as the last full run left them.
      const eventsRow = await eventsFanOut(rig);
      console.log(`${eventsRow.name}: ${eventsRow.eventsPerSecond} events/s, ${eventsRow.messagesPerSecond} messages/s, p50 ${eventsRow.p50Ms} ms, p99 ${eventsRow.p99Ms} ms, lost ${eventsRow.lost}`);
      const last = JSON.parse(readFileSync(path.resolve(__dirname, '../../bench/results/latest.json'), 'utf8'));
      return write({ ...last, eventsRow }, last.date);
    }
    if (ONLY === 'cold') {
      // The cold rows of the table under Wrike's limit, printed (the README's table is edited by hand from them).
      for (const row of await coldRows(rig)) console.log(`${row.name}: ${row.goodPerSecond} good/s, ${row.limitedPerSecond} RATE_LIMITED/s, ${row.violations} violations, p50 ${row.p50Ms} ms, p99 ${row.p99Ms} ms, ${row.wrikeCalls} Wrike calls (budget allows ${row.budgetCalls}), ${row.wrike429s} 429s, ceiling ${row.ceilingPerSecond}/s, ${row.seconds} s`);
      return;
    }
    if (ONLY === 'throughput') {
      for (const row of await throughput(rig)) console.log(`${row.name}: ${row.subgraphRps} req/s vs ceiling ${row.ceilingRps} req/s (${row.ratio}), ${row.callsPerRequest} Wrike calls a request`);
      return;
    }
    await rig.setLatency(LATENCY_MS);
    for (const op of operations(CONCURRENCY)) {
      await op.setup?.(rig);
      await op.run(rig); // warm-up (JIT, connections)
      rig.resetCalls();
      const result = await op.run(rig);
      const calls = rig.calls();
      const floor = op.floor(rig, result);
      const times: number[] = [];
      for (let i = 0; i < RUNS; i++) {
        const t0 = performance.now();
        await op.run(rig);
        times.push(performance.now() - t0);
      }
      await op.teardown?.(rig);
      const row = {
        name: op.name, formula: op.formula, calls: calls.length, floorCalls: floor.calls, rounds: sequentialRounds(calls), floorRounds: floor.rounds,
        p50Ms: Math.round(percentile(times, 50)), p95Ms: Math.round(percentile(times, 95)), floorMs: floor.rounds * LATENCY_MS,
        upstreamMs: Math.round(criticalPathMs(calls)),
      };
      floorRows.push(row);
      console.log(`${row.name}: calls ${row.calls}/${row.floorCalls}, rounds ${row.rounds}/${row.floorRounds}, p50 ${row.p50Ms} ms (floor ${row.floorMs} ms, upstream ${row.upstreamMs} ms), p95 ${row.p95Ms} ms`);
    }
    await rig.setLatency(0);
    if (ONLY === 'floor') {
      const last = JSON.parse(readFileSync(path.resolve(__dirname, '../../bench/results/latest.json'), 'utf8'));
      return write({ ...last, floorRows }, last.date);
    }
    const throughputRows = await throughput(rig);
    for (const row of throughputRows) console.log(`${row.name}: ${row.subgraphRps} req/s vs ceiling ${row.ceilingRps} req/s (${row.ratio})`);
    const limitRows = await rateLimit(rig);
    for (const row of limitRows) console.log(`${row.name}: ${row.goodPerSecond} good/s, ${row.limitedPerSecond} RATE_LIMITED/s, ${row.violations} violations, p50 ${row.p50Ms} ms, p99 ${row.p99Ms} ms, ${row.wrikeCalls} Wrike calls (${row.wrikeCallsPerMinute}/min), ${row.wrike429s} 429s, ceiling ${row.ceilingPerSecond}/s`);
    const memoryRows = await memory(rig);
    for (const row of memoryRows) console.log(`${row.name}: RSS ${row.startMb} → ${row.endMb} MB, peak ${row.peakMb} MB, samples ${row.samplesMb.join(' ')}`);
    const cacheRow = await cacheMemory(rig);
    console.log(`${cacheRow.name}: RSS ${cacheRow.rssMb} MB, peak ${cacheRow.peakMb} MB`);
    const eventsRow = await eventsFanOut(rig);
    console.log(`${eventsRow.name}: ${eventsRow.eventsPerSecond} events/s, ${eventsRow.messagesPerSecond} messages/s, p50 ${eventsRow.p50Ms} ms, p99 ${eventsRow.p99Ms} ms, lost ${eventsRow.lost}`);
    write({ floorRows, throughputRows, limitRows, memoryRows, cacheRow, eventsRow, seconds: Math.round((Date.now() - started) / 1000) });
  } finally {
    await rig.stop();
  }
}

function write(results: { floorRows: any[]; throughputRows: any[]; limitRows: any[]; memoryRows: any[]; cacheRow: any; eventsRow?: any; seconds: number; node?: string }, date?: string): void {
  const dir = path.resolve(__dirname, '../../bench/results');
  mkdirSync(dir, { recursive: true });
  const meta = { date: date ?? new Date().toISOString().slice(0, 10), node: results.node ?? process.version, latencyMs: LATENCY_MS, runs: RUNS, concurrency: CONCURRENCY };
  writeFileSync(path.join(dir, 'latest.json'), `${JSON.stringify({ ...meta, ...results }, null, 2)}\n`);
  const ok = (good: boolean) => (good ? '✓' : '✗');
  const lines = [
    `Measured ${meta.date} on Node ${meta.node}, sandbox with the large seed (50,000 tasks), ${LATENCY_MS} ms sandbox latency for the floor and latency tables, ${RUNS} runs each.`,
    '',
    '"upstream" is the measured critical path of the Wrike calls (latency plus the sandbox\'s own work, which grows with the 50,000-task seed); the subgraph adds p50 − upstream.',
    '',
    '| operation | calls (floor) | rounds (floor) | p50 ms (floor = rounds × 25) | upstream ms | added by the subgraph, ms | p95 ms | floor formula |',
    '|---|---|---|---|---|---|---|---|',
    ...results.floorRows.map((r) => `| ${r.name} | ${r.calls} (${r.floorCalls}) ${ok(r.calls <= r.floorCalls)} | ${r.rounds} (${r.floorRounds}) ${ok(r.rounds <= r.floorRounds)} | ${r.p50Ms} (${r.floorMs}) ${ok(r.p50Ms <= r.floorMs + 10)} | ${r.upstreamMs} | ${r.p50Ms - r.upstreamMs} | ${r.p95Ms} | ${r.formula} |`),
    '',
    '| throughput, 32 connections, no latency (after 2 s of warm-up) | subgraph req/s | upstream alone req/s | ratio (target 0.8) | Wrike calls a request |',
    '|---|---|---|---|---|',
    ...results.throughputRows.map((r) => `| ${r.name} | ${r.subgraphRps} | ${r.ceilingRps} | ${r.ratio} ${ok(r.ratio >= 0.8)} | ${r.callsPerRequest ?? ''} |`),
    '',
    `| under Wrike's limit (sandbox: 400 calls/min per token, bursts of 10, 7 in any rolling second; subgraph defaults: budget 360/min, 6 in any rolling second, shared cache) | good answers/s | RATE_LIMITED/s | violations | p50 / p99 ms | Wrike calls (budget allows) | 429s from Wrike | budget ceiling (calls/s × ids per call) |`,
    '|---|---|---|---|---|---|---|---|',
    ...results.limitRows.map((r) => `| ${r.name} (${r.seconds} s) | ${r.goodPerSecond} | ${r.limitedPerSecond} | ${r.violations} ${ok(r.violations === 0)} | ${r.p50Ms} / ${r.p99Ms} | ${r.wrikeCalls} (${r.budgetCalls}) ${ok(r.wrikeCalls <= r.budgetCalls)} | ${r.wrike429s} ${ok(r.wrike429s === 0)} | ${r.ceilingPerSecond} |`),
    '',
    '| server memory (RSS) | start MB | end MB | peak MB | samples MB |',
    '|---|---|---|---|---|',
    ...results.memoryRows.map((r) => `| ${r.name} | ${r.startMb} | ${r.endMb} | ${r.peakMb} ${ok(r.peakMb < 300)} | ${r.samplesMb.join(' ')} |`),
    `| ${results.cacheRow.name} (a server of its own) | | ${results.cacheRow.rssMb} | ${results.cacheRow.peakMb} ${ok(results.cacheRow.peakMb < 300)} | |`,
    '',
    ...(results.eventsRow ? [
      '| events: webhook deliveries fanned out | events/s | messages to subscribers/s | delivery → subscriber p50 / p99 ms | lost |',
      '|---|---|---|---|---|',
      `| ${results.eventsRow.name} | ${results.eventsRow.eventsPerSecond} | ${results.eventsRow.messagesPerSecond} | ${results.eventsRow.p50Ms} / ${results.eventsRow.p99Ms} | ${results.eventsRow.lost} ${ok(results.eventsRow.lost === 0)} |`,
      '',
    ] : []),
  ];
  writeFileSync(path.join(dir, 'latest.md'), lines.join('\n'));
  // The README shows the baseline between its bench markers.
  const readme = path.resolve(dir, '../../README.md');
  const text = readFileSync(readme, 'utf8');
  const start = text.indexOf('<!-- bench:start');
  const end = text.indexOf('<!-- bench:end -->');
  if (start >= 0 && end > start) {
    const open = text.indexOf('\n', start) + 1;
    writeFileSync(readme, `${text.slice(0, open)}${lines.join('\n')}${text.slice(end)}`);
  }
  console.log(`\nwrote bench/results/latest.json, latest.md and the README's table (${results.seconds} s)`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
