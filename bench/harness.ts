import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import net from 'node:net';
import { createSandbox, type Sandbox } from '../src/sandbox/server';

/**
 * The benchmark's rig: the Wrike sandbox in this process (its counters and store at hand), and the subgraph built
 * and running as its own process against it, so that the server's memory is measured alone.
 */
export interface Rig {
  sandbox: Sandbox;
  server: ChildProcess;
  url: string;
  gql(query: string, variables?: Record<string, unknown>): Promise<any>;
  resetCalls(): void;
  /** A change made straight through the sandbox's Wrike API (owner token), as a Wrike user would make it. */
  wrike(method: string, path: string, form?: Record<string, unknown>): Promise<void>;
  calls(): { route: string; startedAt: number; endedAt: number; status: number }[];
  setLatency(ms: number): Promise<void>;
  peakRssMb(): number;
  rssMb(): number;
  stop(): Promise<void>;
}

/** A subgraph process of the benchmark, against the rig's sandbox. */
export interface ServerProcess {
  process: ChildProcess;
  url: string;
  stop(): Promise<void>;
}

/**
 * Starts the built subgraph as its own process against `sandboxUrl` with the sandbox owner's token. The floor and
 * latency tables run with no budget and no shared cache (each request cold); `env` overrides for the other tables.
 */
export async function startServerProcess(sandbox: Sandbox, sandboxUrl: string, env: Record<string, string> = {}): Promise<ServerProcess> {
  const main = path.resolve(__dirname, '../src/main.js');
  const port = env.PORT ? Number(env.PORT) : await freePort();
  // BENCH_SERVER_NODE_ARGS passes flags to the server's node, e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof" to profile it.
  const nodeArgs = (process.env.BENCH_SERVER_NODE_ARGS ?? '').split(' ').filter(Boolean);
  const server = spawn(process.execPath, [...nodeArgs, main], {
    env: {
      // Warnings only: per-request log lines would be part of what the throughput test measures.
      ...process.env, PORT: String(port), LOG_LEVEL: 'warn', SANDBOX: 'false', OPEN_MODE: 'true', WRIKE_API_BASE_URL: `${sandboxUrl}/api/v4`,
      WRIKE_PERMANENT_TOKEN: sandbox.permanentTokens.owner, WRIKE_BUDGET_PER_MINUTE: '10000000', WRIKE_BUDGET_BURST: '10000', WRIKE_MAX_CONCURRENCY: '16',
      CACHE_MAX_STALENESS_MS: '0', CACHE_METADATA_TTL_MS: '0',
      CURSOR_SECRET: 'benchmark-cursor-secret-0123456789', MAX_QUERY_CALLS: '100000',
      DATA_DIR: mkdtempSync(path.join(os.tmpdir(), 'wrike-subgraph-bench-')), ENCRYPTION_KEY: randomBytes(32).toString('hex'),
      ...env,
    },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  await waitUntilUp(`http://127.0.0.1:${port}/healthz`, server);
  return {
    process: server,
    url: `http://127.0.0.1:${port}/graphql`,
    stop: async () => {
      if (server.exitCode !== null) return;
      server.kill('SIGTERM');
      await new Promise((resolve) => server.once('exit', resolve));
    },
  };
}

export async function startRig(size: 'demo' | 'large' | number): Promise<Rig> {
  const sandbox = createSandbox({ size, rateLimitPerMinute: 1e9, rateLimitBurst: 1e9 });
  const sandboxUrl = await sandbox.listen(0);
  const { process: server, url } = await startServerProcess(sandbox, sandboxUrl);

  const status = (key: 'VmHWM' | 'VmRSS') => (key === 'VmHWM' ? memoryOf(server.pid!).peakMb : memoryOf(server.pid!).rssMb);
  return {
    sandbox, server, url,
    gql: async (query, variables) => {
      const res = await fetch(url, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ query, variables }) });
      const body = (await res.json()) as { errors?: unknown[] };
      if (body.errors) throw new Error(`GraphQL errors: ${JSON.stringify(body.errors).slice(0, 500)}`);
      return body;
    },
    resetCalls: () => sandbox.counters.reset(),
    wrike: async (method, apiPath, form = {}) => {
      const body = new URLSearchParams(Object.entries(form).map(([k, v]): [string, string] => [k, typeof v === 'object' ? JSON.stringify(v) : String(v)]));
      const res = await fetch(`${sandboxUrl}/api/v4${apiPath}`, {
        method, body: body.toString(),
        headers: { Authorization: `Bearer ${sandbox.permanentTokens.owner}`, 'Content-Type': 'application/x-www-form-urlencoded' },
      });
      if (res.status !== 200) throw new Error(`${method} ${apiPath}: ${res.status}`);
    },
    calls: () => sandbox.counters.snapshot().calls,
    setLatency: async (ms) => {
      sandbox.faults.update({ latencyMs: ms });
    },
    peakRssMb: () => status('VmHWM'),
    rssMb: () => status('VmRSS'),
    stop: async () => {
      server.kill('SIGTERM');
      await new Promise((resolve) => server.once('exit', resolve));
      await sandbox.close();
    },
  };
}

/** A process's resident memory now and at its peak, in MB (Linux /proc). */
export function memoryOf(pid: number): { rssMb: number; peakMb: number } {
  const text = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (key: string) => Number(new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(text)?.[1] ?? NaN) / 1024;
  return { rssMb: kb('VmRSS'), peakMb: kb('VmHWM') };
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as net.AddressInfo;
      probe.close(() => resolve(port));
    });
    probe.on('error', reject);
  });
}

export async function waitUntilUp(url: string, server: ChildProcess): Promise<void> {
  for (let i = 0; i < 200; i++) {
    if (server.exitCode !== null) throw new Error(`server exited with ${server.exitCode}`);
    if (await fetch(url).then((r) => r.ok, () => false)) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error('server did not start');
}

/**
 * The heaviest chain of calls each of which started after the previous one ended, weighing each call by `weight`
 * (calls that overlap are not in the same chain).
 */
function heaviestChain(calls: { startedAt: number; endedAt: number }[], weight: (call: { startedAt: number; endedAt: number }) => number): number {
  const sorted = [...calls].sort((a, b) => a.startedAt - b.startedAt);
  const best: number[] = [];
  sorted.forEach((call, i) => {
    let before = 0;
    for (let j = 0; j < i; j++) if (sorted[j]!.endedAt <= call.startedAt) before = Math.max(before, best[j]!);
    best.push(before + weight(call));
  });
  return Math.max(0, ...best);
}

/** Sequential rounds of a set of calls: the longest chain of calls that could not overlap. */
export const sequentialRounds = (calls: { startedAt: number; endedAt: number }[]) => heaviestChain(calls, () => 1);

/** The upstream time a request cannot avoid: the longest chain of dependent calls, by their measured durations. */
export const criticalPathMs = (calls: { startedAt: number; endedAt: number }[]) => heaviestChain(calls, (c) => c.endedAt - c.startedAt);

export function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
}
