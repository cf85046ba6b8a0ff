/**
 * `npm run chaos`: a mixed read/write load on the built subgraph while what it depends on misbehaves, in two set-ups
 * (bench/chaos/): one server with SQLite against a misbehaving Wrike sandbox (429 storms, 5xx bursts, slow answers,
 * expired tokens, a restart), and the production-like one: two replicas behind a load balancer with PostgreSQL and
 * Redis behind fault proxies, a registered webhook and graphql-ws subscribers, while Redis stalls then is cut,
 * PostgreSQL stalls, a replica is killed with SIGKILL and started again, and the sandbox misbehaves as in the first.
 * It checks what users rely on: every answer right or typed and within the request deadline, no write lost or made
 * twice, no webhook event acknowledged and then lost, memory flat, no secret in the logs, SIGTERM clean.
 *
 * CHAOS_SECONDS: the load's length in each set-up (default 180); CHAOS_MODE: single, replicas or both (default);
 * CHAOS_RESULTS: where the figures go (default bench/results/chaos.json). Exits 1 on any violation.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { runSingle } from './chaos/single';
import { runReplicas } from './chaos/replicas';
import { postgresUp } from '../test/helpers/postgres';
import { redisUp } from '../test/helpers/redis';

const SECONDS = Number(process.env.CHAOS_SECONDS ?? 180);
const MODE = process.env.CHAOS_MODE ?? 'both';
const RESULTS = path.resolve(process.env.CHAOS_RESULTS ?? path.resolve(__dirname, '../../bench/results/chaos.json'));

async function main(): Promise<void> {
  if (!['single', 'replicas', 'both'].includes(MODE)) throw new Error(`CHAOS_MODE must be single, replicas or both, got '${MODE}'`);
  const results: Record<string, unknown> = { date: new Date().toISOString().slice(0, 10), node: process.version };
  const violations: string[] = [];
  if (MODE !== 'replicas') {
    console.log(`chaos: one server, SQLite, the sandbox misbehaving (${SECONDS} s)`);
    const single = await runSingle(SECONDS);
    results.single = single;
    violations.push(...single.violations.map((v) => `single: ${v}`));
    summary('single', single);
  }
  if (MODE !== 'single') {
    // postgresUp and redisUp fail under CI=true when a service is missing, and skip loudly by hand.
    if (postgresUp() && redisUp()) {
      console.log(`chaos: two replicas, PostgreSQL and Redis behind fault proxies, webhooks and subscribers (${SECONDS} s)`);
      const replicas = await runReplicas(SECONDS);
      results.replicas = replicas;
      violations.push(...replicas.violations.map((v) => `replicas: ${v}`));
      summary('replicas', replicas);
    } else {
      results.replicas = 'skipped: PostgreSQL or Redis is not running';
    }
  }
  mkdirSync(path.dirname(RESULTS), { recursive: true });
  writeFileSync(RESULTS, `${JSON.stringify(results, null, 2)}\n`);
  console.log(JSON.stringify(results, null, 2));
  console.log(`chaos: figures written to ${RESULTS}`);
  if (violations.length > 0) {
    console.error(`chaos: violations (the first 50 of each set-up):\n  ${violations.join('\n  ')}`);
    process.exit(1);
  }
}

function summary(mode: string, figures: { requests: number; faults: Record<string, number>; violationsByKind: Record<string, number> }): void {
  const faults = Object.values(figures.faults).reduce((a, b) => a + b, 0);
  const kinds = Object.entries(figures.violationsByKind).map(([kind, n]) => `${n} ${kind}`).join(', ') || '0 violations';
  console.log(`chaos (${mode}): ${figures.requests} requests in ${SECONDS} s, ${faults} faults injected, ${kinds}`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
