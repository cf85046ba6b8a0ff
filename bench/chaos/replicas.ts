import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import Redis from 'ioredis';
import { createSandbox, type Sandbox } from '../../src/sandbox/server';
import { startFaultProxy, type FaultProxy } from '../../test/helpers/fault-proxy';
import { createTestDatabase } from '../../test/helpers/postgres';
import { REDIS_URL } from '../../test/helpers/redis';
import { freePort } from '../harness';
import { lostAfterAcknowledged, secretsInLogs } from './checks';
import { ChaosLoad, type LoadFigures } from './load';
import { Replica } from './replica';
import { startBalancer, type Balancer } from './balancer';
import { Subscriber } from './subscribers';
import { calmSandbox, sandboxFaults } from './sandbox-faults';
import { DEADLINE_MARGIN_MS } from './single';

/**
 * REQUEST_DEADLINE_MS of the replicas: shorter than the 5 s stalls, so that a request that hangs on a stalled Redis
 * or PostgreSQL instead of answering by its deadline shows; longer than the sandbox's slow answers (1.5 s).
 */
const DEADLINE_MS = 4000;

export interface ReplicaFigures extends LoadFigures {
  rssMb: Record<string, { start: number; end: number }>;
  exits: Record<string, { code: number | null; ms: number }>;
  events: {
    deliveries: number;
    acknowledged: number;
    eventsAcknowledged: number;
    /** Events in deliveries the service did not acknowledge (a replica killed mid-delivery): Wrike does not resend them. */
    eventsNotAcknowledged: number;
    subscribers: { name: string; received: number; closed: boolean; checkedFrom: string }[];
    lostAfterAcknowledged: number;
    /** The lost events by the second their delivery began (UTC), to read against the timeline, and by subscriber. */
    lostByDeliverySecond: Record<string, number>;
    lostBySubscriber: Record<string, number>;
    /** Title changes made straight through the sandbox's API (another user's token) during the run. */
    changesByWrikeUser: number;
    /** Times the sandbox's hook failed three deliveries in a row (it then suspends it: later changes are not sent). */
    hookSuspensions: number;
    hookStatusAtEnd: string;
  };
  /** Log lines at level error or above, by message (what went wrong, for the report; not a violation by itself). */
  errorLogs: Record<string, number>;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const SETTLE_MS = 1000;

/**
 * The production-like mode: two replicas (PostgreSQL credential store, Redis budget, cache and event bus, each
 * behind a TCP fault proxy) behind a load balancer, the default connection's Wrike webhook registered at the sandbox
 * through the balancer (PUBLIC_URL), and graphql-ws subscribers on both replicas. Faults: Redis stalled 5 s then cut,
 * PostgreSQL stalled 5 s, replica b killed with SIGKILL the moment it acknowledges a webhook delivery and started
 * again, then the sandbox's faults.
 */
export async function runReplicas(seconds: number): Promise<ReplicaFigures> {
  const cleanup: (() => Promise<unknown>)[] = [];
  const sandbox = createSandbox({ size: 'small', rateLimitPerMinute: 400, rateLimitBurst: 100 });
  const sandboxPort = await freePort();
  const sandboxUrl = await sandbox.listen(sandboxPort);
  cleanup.push(() => sandbox.close());
  const replicas: Replica[] = [];
  const subscribers: Subscriber[] = [];
  try {
    const db = await createTestDatabase();
    cleanup.push(() => db.drop());
    const dbUrl = new URL(db.url);
    const postgres = await startFaultProxy({ host: dbUrl.hostname, port: Number(dbUrl.port || 5432) });
    cleanup.push(() => postgres.close());
    dbUrl.host = postgres.address;
    const redisUrl = new URL(REDIS_URL);
    const redis = await startFaultProxy({ host: redisUrl.hostname, port: Number(redisUrl.port || 6379) });
    cleanup.push(() => redis.close());
    redisUrl.host = redis.address;
    const keyPrefix = `wsgchaos${randomBytes(5).toString('hex')}`;
    cleanup.push(() => dropKeys(keyPrefix));
    const balancer = await startBalancer(() => replicas);
    cleanup.push(() => balancer.close());

    const encryptionKey = randomBytes(32).toString('hex');
    const env = {
      LOG_LEVEL: 'info', SANDBOX: 'false', OPEN_MODE: 'true',
      WRIKE_API_BASE_URL: `${sandboxUrl}/api/v4`, WRIKE_PERMANENT_TOKEN: sandbox.permanentTokens.owner, WRIKE_EXTRA_HOSTS: new URL(sandboxUrl).host,
      CURSOR_SECRET: 'chaos-cursor-secret-0123456789', ENCRYPTION_KEY: encryptionKey, SHUTDOWN_TIMEOUT_MS: '5000', REQUEST_DEADLINE_MS: String(DEADLINE_MS),
      DATABASE_URL: dbUrl.toString(), REDIS_URL: redisUrl.toString().replace(/\/$/, ''), REDIS_KEY_PREFIX: keyPrefix, PUBLIC_URL: balancer.url,
      DATA_DIR: mkdtempSync(path.join(os.tmpdir(), 'wrike-subgraph-chaos-')),
      // A hook the sandbox suspended (3 failed deliveries in a row, e.g. slow answers while PostgreSQL stalls) is found
      // and turned back on within the run, its gap swept, as the service promises.
      WEBHOOK_CHECK_MS: '5000',
    };
    // One after the other: the first registers the hook (its secret in PostgreSQL), the second finds it and keeps it.
    // The balancer knows each replica before it starts: Wrike's handshake comes through it as soon as one listens.
    const [a, b] = [await Replica.create('a', env), await Replica.create('b', env)];
    replicas.push(a);
    await a.run();
    await hookActive(sandbox, balancer);
    replicas.push(b);
    await b.run();
    for (const replica of replicas) for (let i = 1; i <= 2; i++) subscribers.push(await Subscriber.open(`${replica.name}${i}`, replica.url, SETTLE_MS));
    cleanup.unshift(async () => Promise.all(subscribers.map((s) => s.close())));
    sandbox.webhooks.clearDeliveries();

    const load = new ChaosLoad({ url: `${balancer.url}/graphql`, sandbox, seconds, deadlineMs: DEADLINE_MS, marginMs: DEADLINE_MARGIN_MS });
    const extra = { rssMb: {} as ReplicaFigures['rssMb'], exits: {} as ReplicaFigures['exits'], errorLogs: {} as Record<string, number> };
    await load.warmUp(50);
    for (const replica of replicas) extra.rssMb[replica.name] = { start: replica.rssMb(), end: 0 };

    const faults: [string, () => Promise<void> | void][] = [
      ['Redis stalled 5 s, then cut', async () => {
        redis.mode('stall');
        await sleep(5000);
        redis.cut();
        redis.mode('pass');
      }],
      ['PostgreSQL stalled 5 s', async () => {
        postgres.mode('stall');
        await sleep(5000);
        postgres.mode('pass');
      }],
      ['replica b killed (SIGKILL) as it acknowledges a webhook delivery, started again 1 s later', async () => {
        // A delivery comes every fraction of a second; half go to b. Killed at 5 s whatever happens.
        await Promise.race([balancer.nextWebhookAck(b.name), sleep(5000)]);
        await b.kill();
        await sleep(1000);
        await b.run();
        for (let i = 1; i <= 2; i++) subscribers.push(await Subscriber.open(`${b.name}${i}.${b.generation}`, b.url, SETTLE_MS));
      }],
      ...sandboxFaults(sandbox, sandboxPort),
    ];
    // A Wrike user changes tickets behind the service's back all along, so that events flow through every fault,
    // not only when the service's own writes get through.
    const user = wrikeUser(sandbox, sandboxUrl, load.spareTicketIds, Date.now() + seconds * 1000);
    await load.run(8, faults, () => calm(sandbox, redis, postgres));
    const changesByWrikeUser = await user;

    // Events: every delivery done, then time for what was acknowledged to reach the subscribers.
    await sandbox.webhooks.idle();
    const deliveries = () => sandbox.webhooks.deliveries();
    const records = () => subscribers.map((s) => s.record());
    for (let i = 0; i < 30 && lostAfterAcknowledged(deliveries(), records()).length > 0; i++) await sleep(500);
    const lost = lostAfterAcknowledged(deliveries(), records());
    for (const event of lost) load.violation('acknowledged, then lost', `${event.subscriber} never got ${event.event.slice(0, 160)} (delivered ${event.deliveredAt})`);
    const acknowledged = deliveries().filter((d) => d.acknowledged);
    const events: ReplicaFigures['events'] = {
      deliveries: deliveries().length,
      acknowledged: acknowledged.length,
      eventsAcknowledged: acknowledged.reduce((n, d) => n + d.events.length, 0),
      eventsNotAcknowledged: deliveries().filter((d) => !d.acknowledged).reduce((n, d) => n + d.events.length, 0),
      subscribers: subscribers.map((s) => ({ name: s.name, received: s.count, closed: s.closedAt !== null, checkedFrom: new Date(s.listeningFrom).toISOString() })),
      lostAfterAcknowledged: lost.length,
      lostByDeliverySecond: countBy(lost, (event) => event.deliveredAt.slice(11, 19)),
      lostBySubscriber: countBy(lost, (event) => event.subscriber),
      changesByWrikeUser,
      hookSuspensions: suspensions(deliveries()),
      hookStatusAtEnd: [...sandbox.store.webhooks.values()].map((hook) => hook.status).join(', '),
    };

    for (const replica of replicas) extra.rssMb[replica.name]!.end = replica.rssMb();
    load.checkWrites();
    const memory = extra.rssMb.a!;
    if (memory.end > memory.start * 1.5 + 50) load.violation('memory', `replica a grew from ${memory.start} MB to ${memory.end} MB`);
    for (const replica of replicas) for (const crash of replica.crashes) load.violation('crash', crash);

    for (const replica of replicas) {
      const exit = await replica.terminate();
      extra.exits[replica.name] = exit;
      if (exit.code !== 0) load.violation('SIGTERM', `replica ${replica.name}: exit code ${exit.code}`);
      if (exit.ms > 7000) load.violation('SIGTERM', `replica ${replica.name}: exit took ${exit.ms} ms`);
    }
    const secrets: Record<string, string> = { 'the Wrike token': sandbox.permanentTokens.owner, ENCRYPTION_KEY: encryptionKey };
    for (const hook of sandbox.store.webhooks.values()) if (hook.secret) secrets[`the webhook secret of ${hook.id}`] = hook.secret;
    const logText = replicas.map((r) => r.logs.join('')).join('');
    for (const name of secretsInLogs(logText, secrets)) load.violation('logs', `${name} reached the logs`);
    extra.errorLogs = errorLines(logText);
    return { ...load.figures, ...extra, events };
  } finally {
    for (const replica of replicas) if (replica.up) await replica.kill();
    for (const step of cleanup.reverse()) await step().catch((error: Error) => console.error(`chaos cleanup: ${error.message}`));
  }
}

/**
 * Renames tickets the load does not touch, every 200 ms, through the sandbox's Wrike API with the admin's token (a
 * rate limit of its own). A call the sandbox's faults refuse is simply not a change. Answers how many were made.
 */
async function wrikeUser(sandbox: Sandbox, sandboxUrl: string, ticketIds: readonly string[], until: number): Promise<number> {
  let changes = 0;
  for (let n = 0; Date.now() < until; n++) {
    const ok = await fetch(`${sandboxUrl}/api/v4/tasks/${ticketIds[n % ticketIds.length]!}`, {
      method: 'PUT', body: new URLSearchParams({ title: `Renamed by a Wrike user ${n}` }).toString(),
      headers: { Authorization: `Bearer ${sandbox.permanentTokens.admin}`, 'Content-Type': 'application/x-www-form-urlencoded' },
      signal: AbortSignal.timeout(10_000),
    }).then(async (res) => (await res.arrayBuffer(), res.status === 200), () => false);
    if (ok) changes++;
    await sleep(200);
  }
  return changes;
}

function calm(sandbox: Sandbox, ...proxies: FaultProxy[]): void {
  calmSandbox(sandbox);
  for (const proxy of proxies) proxy.mode('pass');
}

/** Waits until the sandbox holds an active hook pointing at the balancer (replica a registered it). */
async function hookActive(sandbox: Sandbox, balancer: Balancer): Promise<void> {
  const url = `${balancer.url}/webhooks/wrike/default`;
  for (let i = 0; i < 200; i++) {
    if ([...sandbox.store.webhooks.values()].some((hook) => hook.status === 'Active' && hook.hookUrl === url)) return;
    await sleep(50);
  }
  throw new Error('the webhook was not registered within 10 s');
}

function countBy<T>(items: readonly T[], key: (item: T) => string): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const item of items) counts[key(item)] = (counts[key(item)] ?? 0) + 1;
  return counts;
}

/** Runs of three or more failed deliveries in a row: each suspended the hook (the sandbox's failure threshold). */
function suspensions(deliveries: readonly { acknowledged: boolean }[]): number {
  let count = 0;
  let failed = 0;
  for (const delivery of deliveries) {
    failed = delivery.acknowledged ? 0 : failed + 1;
    if (failed === 3) count++;
  }
  return count;
}

/** The run's keys leave Redis with it. */
async function dropKeys(prefix: string): Promise<void> {
  const client = new Redis(REDIS_URL, { maxRetriesPerRequest: 1 });
  try {
    let cursor = '0';
    do {
      const [next, keys] = await client.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 500);
      cursor = next;
      if (keys.length > 0) await client.del(...keys);
    } while (cursor !== '0');
  } finally {
    client.disconnect();
  }
}

/** pino lines at level error (50) or fatal (60), counted by message. */
function errorLines(logText: string): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const line of logText.split('\n')) {
    if (!line.startsWith('{')) continue;
    try {
      const entry = JSON.parse(line) as { level?: number; msg?: string };
      if ((entry.level ?? 0) >= 50) counts[String(entry.msg).slice(0, 100)] = (counts[String(entry.msg).slice(0, 100)] ?? 0) + 1;
    } catch {
      // A line split across chunks: not counted.
    }
  }
  return counts;
}
