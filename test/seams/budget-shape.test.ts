import type { ChildProcess } from 'node:child_process';
import { startSubgraph, type SubgraphHarness } from '../helpers/subgraph';
import { startSandbox, type SandboxHarness } from '../helpers/sandbox';
import { redisUp } from '../helpers/redis';
import { createTestDatabase, postgresUp } from '../helpers/postgres';
import { builtServerExists, freePort, startBuiltServers, stopBuiltServer } from '../helpers/process';
import { sharedReplicaEnv } from '../helpers/replicas';

/**
 * The seam between the connection's budget and Wrike's limit ("about 400 a minute, enforced per second"): replicas
 * sharing Redis keep every rolling second within the strict per-second share the sandbox enforces; a 429 below the
 * limit lowers the rate, seen in throttleStatus and /metrics, and it recovers; cold by-id reads of many requests
 * share calls of 100 ids, each request charged for the one call it waited on.
 */

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const TICKET = 'query($id: ID!) { ticket(id: $id) { id title } }';

async function post(url: string, query: string, variables: Record<string, unknown> = {}): Promise<any> {
  const response = await fetch(url, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ query, variables }) });
  return response.json();
}

/** The most calls the sandbox started in any rolling second. */
function busiestSecond(calls: { startedAt: number }[]): number {
  const times = calls.map((c) => c.startedAt).sort((a, b) => a - b);
  return Math.max(0, ...times.map((t, i) => times.slice(i).filter((u) => u < t + 1000).length));
}

const replicasEnabled = redisUp() && postgresUp() && builtServerExists('the budget-shape replica test');

(replicasEnabled ? describe : describe.skip)('two replicas on Redis under load, against a sandbox enforcing the strict per-second share', () => {
  let sandbox: SandboxHarness;
  let db: { url: string; drop(): Promise<void> };
  const replicas: ChildProcess[] = [];
  afterAll(async () => {
    await Promise.all(replicas.map(stopBuiltServer));
    await sandbox?.close();
    await db?.drop();
  });

  it('draw no 429: no rolling second holds more than the share', async () => {
    // Wrike's figures: 400 a minute; the per-second share is then the strict reading, ⌈400 / 60⌉ = 7.
    sandbox = await startSandbox({ size: 'demo', rateLimitPerMinute: 400, rateLimitBurst: 100 });
    expect(sandbox.sandbox.limiter.secondShare).toBe(7);
    db = await createTestDatabase();
    const publicUrl = `http://127.0.0.1:${await freePort()}`;
    // The product's budget defaults (360 a minute, bursts of 10, 6 in any rolling second); no cache, so every
    // read is a Wrike call.
    const env = sharedReplicaEnv(sandbox, db.url, publicUrl, 'budget-shape', { CACHE_MAX_STALENESS_MS: '0', CACHE_METADATA_TTL_MS: '0' });
    const [a, b] = await startBuiltServers([{ ...env, PORT: new URL(publicUrl).port }, env], replicas);
    await sleep(2000); // start-up calls (webhook registration) out of the way, the burst refilled
    sandbox.sandbox.counters.reset();
    const ids = [...sandbox.sandbox.store.tasks.values()].filter((t) => t.scope === 'WsTask').map((t) => t.id);
    let next = 0;
    let answers = 0;
    const errors: unknown[] = [];
    // 6 clients on each replica for 5 s: lists (one call each) and single tickets (shared batches). (The sandbox
    // shares this process with them: more would only make it late in stamping what arrived.)
    const until = Date.now() + 5000;
    await Promise.all([a!, b!].flatMap((replica) => Array.from({ length: 6 }, async (_, k) => {
      while (Date.now() < until) {
        const body = k % 3 === 0
          ? await post(replica.url, '{ tickets(first: 5) { nodes { id } } }')
          : await post(replica.url, TICKET, { id: ids[next++ % ids.length] });
        if (body.errors) errors.push(body.errors[0]?.extensions?.code);
        else answers++;
      }
    })));
    const { calls, byStatus, total } = sandbox.sandbox.counters.snapshot();
    // Enough load to be held back by the budget: some rolling second reached the product's share (6, counted by
    // the client over 1.1 s), and none went past Wrike's 7.
    expect(total).toBeGreaterThanOrEqual(15);
    expect(answers).toBeGreaterThan(0);
    expect(byStatus['429'] ?? 0).toBe(0);
    expect(busiestSecond(calls)).toBeGreaterThanOrEqual(5);
    expect(busiestSecond(calls)).toBeLessThanOrEqual(7);
    // What did not get an answer in time was told so (RATE_LIMITED), never anything else.
    expect(new Set(errors.filter((code) => code !== 'RATE_LIMITED'))).toEqual(new Set());
  });
});

describe('a 429 below the limit (Wrike\'s DDoS protection)', () => {
  let h: SubgraphHarness;
  beforeAll(async () => {
    h = await startSubgraph({ SANDBOX_SIZE: 'demo', WRIKE_BUDGET_PER_MINUTE: '6000', WRIKE_BUDGET_PER_SECOND: '8', WRIKE_BUDGET_RECOVERY_MS: '400' });
  });
  afterAll(() => h.close());

  const rate = async () => (await h.query('{ connections { id } }')).body.extensions.cost.throttleStatus;
  const metric = async () => {
    const text = await (await fetch(h.server.url.replace(/\/graphql$/, '/metrics'))).text();
    return Number(/^wrike_budget_rate_per_second\{[^}]*\} (\d+)/m.exec(text)?.[1]);
  };

  it('halves the connection\'s rate (throttleStatus, /metrics), which then recovers one step at a time', async () => {
    expect(await rate()).toMatchObject({ ratePerSecond: 8, maximumRatePerSecond: 8 });
    await h.control('/faults', { method: 'PUT', body: { force429: 1, retryAfterSeconds: 0 } });
    try {
      const res = await h.query('{ tickets(first: 1) { nodes { id } } }');
      expect(res.body.errors).toBeUndefined(); // the call was made again after the pause
    } finally {
      await h.control('/faults', { method: 'DELETE' });
    }
    expect((await h.calls()).calls.filter((c) => c.status === 429)).toHaveLength(1);
    const seen = [(await rate()).ratePerSecond as number];
    expect(seen[0]).toBeLessThanOrEqual(5); // 4, or 5 if a step passed on a slow machine
    expect(await metric()).toBeLessThan(8);
    for (let i = 0; i < 200 && seen[seen.length - 1]! < 8; i++) {
      await sleep(50);
      const now = (await rate()).ratePerSecond as number;
      if (now !== seen[seen.length - 1]) seen.push(now);
    }
    // Step by step, never down again, back to the share.
    expect(seen[seen.length - 1]).toBe(8);
    for (let k = 1; k < seen.length; k++) expect(seen[k]).toBeGreaterThan(seen[k - 1]!);
    expect(seen.length).toBeGreaterThanOrEqual(3);
    expect(await metric()).toBe(8);
  });
});

describe('cold by-id reads of many requests near the budget', () => {
  let h: SubgraphHarness;
  // One call every 3 s: requests arriving while a call waits for its slot join it.
  beforeAll(async () => {
    h = await startSubgraph({ SANDBOX_SIZE: 'demo', WRIKE_BUDGET_PER_MINUTE: '20', WRIKE_BUDGET_BURST: '1', REQUEST_DEADLINE_MS: '30000' });
  });
  afterAll(() => h.close());

  it('250 concurrent requests for distinct tickets share about ceil(250 / 100) calls; each is charged the one call it waited on', async () => {
    const ids = [...h.server.sandbox!.store.tasks.values()].filter((t) => t.scope === 'WsTask').slice(0, 251).map((t) => t.id);
    await sleep(3000);
    expect((await h.query(TICKET, { id: ids[250] })).body.errors).toBeUndefined(); // takes the slot: the next is 3 s away
    await h.resetCalls();
    const answers = await Promise.all(ids.slice(0, 250).map((id) => h.query(TICKET, { id })));
    for (const [k, res] of answers.entries()) {
      expect(res.body.errors).toBeUndefined();
      expect(res.body.data.ticket.id).toBe(ids[k]);
      expect(res.body.extensions.cost.actualCalls).toBe(1);
    }
    const calls = await h.calls();
    expect(Object.keys(calls.byRoute)).toEqual(['GET /tasks/:ids']);
    // 3 when all 250 have arrived within the 3 s (one more if this busy machine was slower than that).
    expect(calls.total).toBeGreaterThanOrEqual(3);
    expect(calls.total).toBeLessThanOrEqual(4);
  });

  it('a request\'s call cap still holds over shared calls', async () => {
    const ids = [...h.server.sandbox!.store.tasks.values()].filter((t) => t.scope === 'WsTask').slice(300, 550).map((t) => ({ __typename: 'Ticket', id: t.id }));
    await h.resetCalls();
    // 250 tickets in one request: 3 calls of 100 at most, each charged to it.
    const res = await h.query('query($r: [_Any!]!) { _entities(representations: $r) { ... on Ticket { id } } }', { r: ids });
    expect(res.body.errors).toBeUndefined();
    expect(res.body.data._entities).toHaveLength(250);
    const calls = await h.calls();
    expect(calls.total).toBe(3);
    expect(res.body.extensions.cost.actualCalls).toBe(3);
  });
});
