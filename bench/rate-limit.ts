import autocannon from 'autocannon';
import Redis from 'ioredis';
import { memoryOf, startServerProcess, type Rig, type ServerProcess } from './harness';

/**
 * Reads under Wrike's rate limit: the sandbox enforces 400 calls a minute per token (bursts of 10) and 7 in any
 * rolling second (the strict reading), and the subgraph runs with its defaults (a budget of 360 a minute, 6 in any
 * rolling second counted as 1.1 s, the shared cache). Prints and records; asserts nothing.
 */
export interface RateLimitRow {
  name: string;
  seconds: number;
  goodPerSecond: number;
  limitedPerSecond: number;
  /** Answers that were neither right nor RATE_LIMITED with retryAfter: must be 0. */
  violations: number;
  p50Ms: number;
  p99Ms: number;
  wrikeCalls: number;
  /** What the budget allows in that time: 6 calls every 1.1 s (tighter than 360 a minute), plus one. */
  budgetCalls: number;
  wrikeCallsPerMinute: number;
  wrike429s: number;
  /** The budget's ceiling for this read: calls a second × ids per call. */
  ceilingPerSecond: number;
}

export interface MemoryCacheRow {
  name: string;
  tasksRead: number;
  rssMb: number;
  peakMb: number;
}

const DURATION = Number(process.env.BENCH_LIMIT_SECONDS ?? 20);
const BUDGET_PER_MINUTE = 360;
/** The budget's rate with the defaults: 6 calls in any rolling second, counted as 1.1 s (src/wrike/budget.ts). */
const BUDGET_CALLS_PER_SECOND = Math.min(BUDGET_PER_MINUTE / 60, 6 / 1.1);
const PRODUCT_DEFAULTS = { WRIKE_BUDGET_PER_MINUTE: String(BUDGET_PER_MINUTE), WRIKE_BUDGET_BURST: '10', CACHE_MAX_STALENESS_MS: '30000', CACHE_METADATA_TTL_MS: '300000' };
const TICKET = 'query($id: ID!) { ticket(id: $id) { id title status { name } } }';

interface Tally {
  good: number;
  limited: number;
  violations: number;
}

/** Judges an answer: right (the ticket asked for), RATE_LIMITED with retryAfter, or a violation. */
function judge(tally: Tally, status: number, body: string, id: string): void {
  try {
    const parsed = JSON.parse(body) as { data?: { ticket?: { id?: string } | null }; errors?: { extensions?: { code?: string; retryAfter?: number } }[] };
    if (status === 200 && !parsed.errors && parsed.data?.ticket?.id === id) return void tally.good++;
    const error = parsed.errors?.[0]?.extensions;
    if (parsed.data?.ticket === null && error?.code === 'RATE_LIMITED' && typeof error.retryAfter === 'number') return void tally.limited++;
  } catch {
    // not JSON: a violation
  }
  tally.violations++;
}

/**
 * `clients` clients reading tickets for DURATION seconds, or until `amount` requests were answered; `pick` chooses
 * the id of each request.
 */
async function readLoad(url: string, pick: () => string, tally: Tally, clients = 32, amount?: number): Promise<autocannon.Result> {
  return autocannon({
    url, connections: clients, ...(amount ? { amount } : { duration: DURATION }), timeout: 30, method: 'POST', headers: { 'content-type': 'application/json' },
    requests: [{
      setupRequest: (request, context) => {
        const id = pick();
        (context as { id?: string }).id = id;
        return { ...request, body: JSON.stringify({ query: TICKET, variables: { id } }) };
      },
      onResponse: (status, body, context) => judge(tally, status, body, (context as { id?: string }).id ?? ''),
    }],
  });
}

function row(name: string, rig: Rig, result: autocannon.Result | autocannon.Result[], tally: Tally, idsPerCall: number): RateLimitRow {
  const results = Array.isArray(result) ? result : [result];
  const seconds = Math.max(...results.map((r) => r.duration));
  const snapshot = rig.sandbox.counters.snapshot();
  const latency = results[0]!.latency;
  return {
    name, seconds: Math.round(seconds),
    goodPerSecond: Math.round(tally.good / seconds), limitedPerSecond: Math.round(tally.limited / seconds), violations: tally.violations,
    p50Ms: latency.p50, p99Ms: latency.p99,
    wrikeCalls: snapshot.total, budgetCalls: Math.floor(BUDGET_CALLS_PER_SECOND * seconds) + 1, wrikeCallsPerMinute: Math.round((snapshot.total / seconds) * 60), wrike429s: snapshot.byStatus['429'] ?? 0,
    ceilingPerSecond: Math.round(BUDGET_CALLS_PER_SECOND * idsPerCall),
  };
}

async function withWrikeLimit<T>(rig: Rig, work: () => Promise<T>): Promise<T> {
  const { limiter } = rig.sandbox;
  limiter.perMinute = 400;
  limiter.burst = 10;
  limiter.perSecond = undefined; // ⌈400 / 60⌉ = 7 in any rolling second
  limiter.reset();
  try {
    return await work();
  } finally {
    limiter.perMinute = 1e9;
    limiter.burst = 1e9;
    limiter.reset();
  }
}

const liveIds = (rig: Rig) => [...rig.sandbox.store.tasks.values()].filter((t) => t.scope === 'WsTask').map((t) => t.id);

function shuffled<T>(items: T[]): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1));
    [out[i], out[j]] = [out[j] as T, out[i] as T];
  }
  return out;
}

async function redisReachable(url: string): Promise<boolean> {
  const redis = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0, connectTimeout: 1000, retryStrategy: () => null });
  try {
    await redis.connect();
    return (await redis.ping()) === 'PONG';
  } catch {
    return false;
  } finally {
    redis.disconnect();
  }
}

/** 128 clients read 5,000 distinct tickets, each once (none from the cache), on a server that read none before. */
async function coldCrowd(rig: Rig, server: ServerProcess): Promise<RateLimitRow> {
  const cold = shuffled(liveIds(rig).slice(10_000, 15_000));
  let next = 0;
  rig.resetCalls();
  const tally = { good: 0, limited: 0, violations: 0 };
  const result = await readLoad(server.url, () => cold[next++ % cold.length]!, tally, 128, cold.length);
  return row('cold: 128 clients read 5,000 distinct tickets, each once', rig, result, tally, 100);
}

/** Two replicas sharing Redis, 32 clients on each reading 2,000 distinct tickets in random order. */
async function replicasCold(rig: Rig, replicas: ServerProcess[]): Promise<RateLimitRow> {
  const cold = shuffled(liveIds(rig).slice(-2000));
  let next = 0;
  rig.resetCalls();
  const tally = { good: 0, limited: 0, violations: 0 };
  const results = await Promise.all(replicas.map((replica) => readLoad(replica.url, () => cold[next++ % cold.length]!, tally)));
  return row('two replicas sharing Redis, cold reads on both', rig, results, tally, 100);
}

/** Only the cold rows (BENCH_ONLY=cold): the subgraph with its defaults under the sandbox's limits. */
export async function coldRows(rig: Rig): Promise<RateLimitRow[]> {
  const rows: RateLimitRow[] = [];
  await withWrikeLimit(rig, async () => {
    const server = await startServerProcess(rig.sandbox, rig.sandbox.url, PRODUCT_DEFAULTS);
    try {
      const cold = shuffled(liveIds(rig).slice(0, 2000));
      let next = 0;
      rig.resetCalls();
      const tally = { good: 0, limited: 0, violations: 0 };
      rows.push(row('cold: 32 clients read 2,000 distinct tickets in random order', rig, await readLoad(server.url, () => cold[next++ % cold.length]!, tally), tally, 100));
      rows.push(await coldCrowd(rig, server));
    } finally {
      await server.stop();
    }
    const redisUrl = process.env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379';
    if (!(await redisReachable(redisUrl))) return console.log(`two replicas: skipped, no Redis at ${redisUrl}`);
    rig.sandbox.limiter.reset();
    const env = { ...PRODUCT_DEFAULTS, REDIS_URL: redisUrl, REDIS_KEY_PREFIX: `bench${Date.now()}` };
    const replicas = await Promise.all([startServerProcess(rig.sandbox, rig.sandbox.url, env), startServerProcess(rig.sandbox, rig.sandbox.url, env)]);
    try {
      rows.push(await replicasCold(rig, replicas));
    } finally {
      await Promise.all(replicas.map((replica) => replica.stop()));
    }
  });
  return rows;
}

export async function rateLimit(rig: Rig): Promise<RateLimitRow[]> {
  const rows: RateLimitRow[] = [];
  await withWrikeLimit(rig, async () => {
    const server = await startServerProcess(rig.sandbox, rig.sandbox.url, PRODUCT_DEFAULTS);
    try {
      // Hot: every client reads the same ticket.
      const hot = liveIds(rig)[liveIds(rig).length >> 1]!;
      await fetch(server.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: TICKET, variables: { id: hot } }) });
      rig.resetCalls();
      const hotTally = { good: 0, limited: 0, violations: 0 };
      rows.push(row('hot: 32 clients read the same ticket(id)', rig, await readLoad(server.url, () => hot, hotTally), hotTally, 100));

      // Cold: 2,000 distinct tickets in random order.
      const cold = shuffled(liveIds(rig).slice(0, 2000));
      let next = 0;
      rig.resetCalls();
      const coldTally = { good: 0, limited: 0, violations: 0 };
      rows.push(row('cold: 32 clients read 2,000 distinct tickets in random order', rig, await readLoad(server.url, () => cold[next++ % cold.length]!, coldTally), coldTally, 100));
      rows.push(await coldCrowd(rig, server));
    } finally {
      await server.stop();
    }

    const redisUrl = process.env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379';
    if (!(await redisReachable(redisUrl))) {
      console.log(`two replicas: skipped, no Redis at ${redisUrl}`);
      return;
    }
    rig.sandbox.limiter.reset();
    const env = { ...PRODUCT_DEFAULTS, REDIS_URL: redisUrl, REDIS_KEY_PREFIX: `bench${Date.now()}` };
    const replicas: ServerProcess[] = await Promise.all([startServerProcess(rig.sandbox, rig.sandbox.url, env), startServerProcess(rig.sandbox, rig.sandbox.url, env)]);
    try {
      rows.push(await replicasCold(rig, replicas));
      const cold = shuffled(liveIds(rig).slice(-2000));
      // A write on one replica is read on the other at once (once the load's queue has drained).
      await new Promise((resolve) => setTimeout(resolve, 16_000));
      const id = cold[0]!;
      const gql = (url: string, query: string) => fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query, variables: { id } }) }).then((r) => r.json() as Promise<any>);
      await gql(replicas[0]!.url, TICKET);
      const write = await gql(replicas[1]!.url, 'mutation($id: ID!) { updateTicket(input: { id: $id, title: "Written on the other replica" }) { userErrors { message } } }');
      const read = await gql(replicas[0]!.url, TICKET);
      const seen = read.data?.ticket?.title === 'Written on the other replica';
      console.log(`two replicas: a write on one read on the other: ${seen ? 'yes' : `NO ${JSON.stringify({ write, read }).slice(0, 400)}`}`);
    } finally {
      await Promise.all(replicas.map((replica) => replica.stop()));
    }
  });
  return rows;
}

/** Server memory with the in-memory cache filled to its default bound: every task read by id, 500 at a time. */
export async function cacheMemory(rig: Rig): Promise<MemoryCacheRow> {
  const server = await startServerProcess(rig.sandbox, rig.sandbox.url, PRODUCT_DEFAULTS);
  try {
    const ids = liveIds(rig);
    for (let i = 0; i < ids.length; i += 500) {
      const representations = ids.slice(i, i + 500).map((id) => ({ __typename: 'Ticket', id }));
      await fetch(server.url, {
        method: 'POST', headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query: 'query($r: [_Any!]!) { _entities(representations: $r) { ... on Ticket { id title description } } }', variables: { r: representations } }),
      });
    }
    const memory = memoryOf(server.process.pid!);
    return { name: `cache filled: ${ids.length.toLocaleString('en-US')} tickets read by id (default bound 64 MB)`, tasksRead: ids.length, rssMb: Math.round(memory.rssMb), peakMb: Math.round(memory.peakMb) };
  } finally {
    await server.stop();
  }
}
