import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import WebSocket from 'ws';
import { Client } from 'pg';
import { createClient } from 'graphql-ws';
import { startFaultProxy, type FaultProxy } from '../helpers/fault-proxy';
import { REDIS_URL, redisUp, testKeyPrefix } from '../helpers/redis';
import { createTestDatabase, POSTGRES_ADMIN_URL, postgresUp } from '../helpers/postgres';
import { BUILT_MAIN, builtServerExists, freePort } from '../helpers/process';
import { startSubgraph, TEST_ENCRYPTION_KEY, type SubgraphHarness } from '../helpers/subgraph';
import { createLogger } from '../../src/logger';

/**
 * The seam between this service and the stores it leans on: Redis (the call budget, the shared cache, the event bus)
 * and PostgreSQL (the credential store), each behind a TCP fault proxy that passes, stalls, refuses, cuts or drops.
 * Whatever they do, a request answers within its deadline with a typed error that names no address, /readyz tells,
 * the service comes back when they do, and a start against a store that does not answer ends with an error naming
 * it. The bounds below (AbortSignal time-outs, exit waits) are far above what the service needs: they only turn a
 * hang into a failure.
 */
const redisOk = redisUp();
const postgresOk = postgresUp();
const built = builtServerExists('the stalled-services start-up tests');

/** Far above REQUEST_DEADLINE_MS (3 s here): a request still unanswered by then hangs. */
const HANG = 20_000;
const ME = '{ me { id } }';

async function post(url: string, query: string, headers: Record<string, string> = {}): Promise<{ status: number; body: any }> {
  const response = await fetch(url, {
    method: 'POST', headers: { 'Content-Type': 'application/json', ...headers }, body: JSON.stringify({ query }), signal: AbortSignal.timeout(HANG),
  });
  return { status: response.status, body: (await response.json()) as any };
}

async function readyz(url: string): Promise<{ status: number; body: any }> {
  const response = await fetch(url.replace('/graphql', '/readyz'), { signal: AbortSignal.timeout(HANG) });
  return { status: response.status, body: (await response.json()) as any };
}

/** Polls `check` until it holds (bounded): the service comes back on its own once the store answers again. */
async function eventually(check: () => Promise<boolean>, what: string, tries = 60): Promise<void> {
  for (let i = 0; i < tries; i++) {
    if (await check().catch(() => false)) return;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`never: ${what}`);
}

/**
 * Sends `query` while the proxy stalls, and releases the stall only once the answer came or, failing that, after
 * `bound` (the deadline and a margin far above what the service needs): whether the answer came first, and the answer.
 */
async function answeredBeforeRelease(
  proxy: FaultProxy, url: string, query: string | (() => Promise<{ status: number; body: any }>), bound: number,
): Promise<{ first: 'answer' | 'release'; answer: { status: number; body: any } }> {
  proxy.mode('stall');
  let first: 'answer' | 'release' | undefined;
  const answer = (typeof query === 'string' ? post(url, query) : query()).then((value) => {
    first ??= 'answer';
    return value;
  });
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([answer.catch(() => undefined), new Promise((resolve) => {
    timer = setTimeout(resolve, bound);
  })]);
  clearTimeout(timer);
  first ??= 'release';
  proxy.mode('pass');
  return { first, answer: await answer };
}

/** JSON log lines, captured. */
function captureLogs(): { lines: any[]; logger: ReturnType<typeof createLogger> } {
  const lines: any[] = [];
  const stream = new Writable({
    write(chunk, _encoding, done) {
      for (const line of String(chunk).split('\n')) if (line.trim()) lines.push(JSON.parse(line));
      done();
    },
  });
  return { lines, logger: createLogger('info', stream) };
}

const redisTarget = () => {
  const url = new URL(REDIS_URL);
  return { host: url.hostname, port: Number(url.port || 6379) };
};

(redisOk ? describe : describe.skip)('a Redis that stalls, refuses, is cut or vanishes', () => {
  let proxy: FaultProxy;
  let subgraph: SubgraphHarness;
  beforeAll(async () => {
    proxy = await startFaultProxy(redisTarget());
    subgraph = await startSubgraph({
      REDIS_URL: `redis://${proxy.address}`, REDIS_KEY_PREFIX: testKeyPrefix(), REDIS_TIMEOUT_MS: '300', REQUEST_DEADLINE_MS: '3000',
      CACHE_MAX_STALENESS_MS: '30000', CACHE_METADATA_TTL_MS: '30000',
    });
  });
  afterAll(async () => {
    proxy.mode('pass');
    await subgraph?.close();
    await proxy?.close();
  });

  it('stalled: Wrike reads fail UPSTREAM_UNAVAILABLE within the deadline, what needs no Redis still works, /readyz says not ready; all back when Redis answers', async () => {
    expect((await post(subgraph.server.url, ME)).body.data.me.id).toMatch(/^KUA/);
    expect((await readyz(subgraph.server.url)).body.checks.redis).toBe(true);

    proxy.mode('stall');
    const stalled = await post(subgraph.server.url, ME);
    expect(stalled.body.data).toEqual({ me: null });
    expect(stalled.body.errors.map((e: any) => e.extensions.code)).toEqual(['UPSTREAM_UNAVAILABLE']);
    expect(JSON.stringify(stalled.body)).not.toMatch(/127\.0\.0\.1|:\d{4,5}\b|ECONN|timed out/i);
    // The connections admin reads the credential store only.
    const admin = await post(subgraph.server.url, '{ connections { id } }');
    expect(admin.body.errors).toBeUndefined();
    expect(admin.body.data.connections.map((c: any) => c.id)).toEqual(['default']);
    const notReady = await readyz(subgraph.server.url);
    expect(notReady.status).toBe(503);
    expect(notReady.body).toEqual({ status: 'not ready', checks: { store: true, redis: false, wrike: true } });

    proxy.mode('pass');
    await eventually(async () => (await readyz(subgraph.server.url)).status === 200, '/readyz ready again');
    expect((await post(subgraph.server.url, ME)).body.data.me.id).toMatch(/^KUA/);
  });

  it('refused, then cut: the same typed error at once, and back after Redis returns', async () => {
    proxy.mode('refuse');
    proxy.cut();
    const refused = await post(subgraph.server.url, ME);
    expect(refused.body.errors.map((e: any) => e.extensions.code)).toEqual(['UPSTREAM_UNAVAILABLE']);
    expect(refused.body.errors[0].message).toBe('The call budget (Redis) did not answer; try again');
    expect((await readyz(subgraph.server.url)).status).toBe(503);

    proxy.mode('pass');
    await eventually(async () => (await post(subgraph.server.url, ME)).body.data?.me?.id !== undefined, 'a read once Redis is back');
    // A cut alone (Redis restarted): the client connects again by itself.
    proxy.cut();
    await eventually(async () => (await post(subgraph.server.url, ME)).body.data?.me?.id !== undefined, 'a read after a cut');
    expect((await readyz(subgraph.server.url)).status).toBe(200);
  });
});

(redisOk ? describe : describe.skip)('a request over a stalled Redis, answered by its deadline', () => {
  // Each Redis wait may take almost the whole deadline: a request that waits on Redis twice in a row (a cache lookup,
  // then the call budget) outlived it before the deadline bounded the whole request.
  const DEADLINE = 3000;
  let proxy: FaultProxy;
  let subgraph: SubgraphHarness;
  beforeAll(async () => {
    proxy = await startFaultProxy(redisTarget());
    subgraph = await startSubgraph({
      REDIS_URL: `redis://${proxy.address}`, REDIS_KEY_PREFIX: testKeyPrefix(), REDIS_TIMEOUT_MS: String(DEADLINE - 100), REQUEST_DEADLINE_MS: String(DEADLINE),
      CACHE_MAX_STALENESS_MS: '30000', CACHE_METADATA_TTL_MS: '30000',
    });
  });
  afterAll(async () => {
    proxy.mode('pass');
    await subgraph?.close();
    await proxy?.close();
  });

  it('answers before the stall is released: what needed Wrike fails typed, what was already resolved is kept', async () => {
    expect((await post(subgraph.server.url, ME)).body.data.me.id).toMatch(/^KUA/);
    const { first, answer } = await answeredBeforeRelease(proxy, subgraph.server.url, '{ connections { id } me { id } }', DEADLINE + 1500);
    expect(first).toBe('answer');
    expect(answer.status).toBe(200);
    expect(answer.body.data).toEqual({ connections: [{ id: 'default' }], me: null });
    // The call waited on the budget's store, not on a used-up budget: not RATE_LIMITED.
    expect(answer.body.errors).toEqual([expect.objectContaining({
      message: 'The call budget (Redis) did not answer; try again', path: ['me'], extensions: { code: 'UPSTREAM_UNAVAILABLE' },
    })]);
    await eventually(async () => (await post(subgraph.server.url, ME)).body.data?.me?.id !== undefined, 'a read once Redis is back');
  });
});

(redisOk ? describe : describe.skip)('the event bus over a Redis that vanishes without closing', () => {
  let proxy: FaultProxy;
  let subgraph: SubgraphHarness;
  afterAll(async () => {
    proxy?.mode('pass');
    await subgraph?.close();
    await proxy?.close();
  });

  it('hears events again once Redis is reachable: its silent connections are found and made again', async () => {
    proxy = await startFaultProxy(redisTarget());
    const port = await freePort();
    subgraph = await startSubgraph({
      PORT: String(port), PUBLIC_URL: `http://127.0.0.1:${port}`,
      REDIS_URL: `redis://${proxy.address}`, REDIS_KEY_PREFIX: testKeyPrefix(), REDIS_TIMEOUT_MS: '300', REQUEST_DEADLINE_MS: '3000',
    });
    const task = [...subgraph.server.sandbox!.store.tasks.values()].find((t) => t.scope === 'WsTask')!;
    await eventually(async () => [...subgraph.server.sandbox!.store.webhooks.values()].some((w) => w.status === 'Active'), 'the webhook registered');
    const received: any[] = [];
    const client = createClient({ url: subgraph.server.url.replace('http', 'ws'), webSocketImpl: WebSocket, retryAttempts: 0, lazy: false });
    try {
      client.subscribe({ query: `subscription { ticketEvents(filter: { ticketIds: ["${task.id}"] }) { wrikeEventType } }` }, {
        next: (value) => received.push(value), error: (error) => received.push({ error }), complete: () => undefined,
      });
      let n = 0;
      const changeAndHear = async () => {
        const before = received.length;
        await subgraph.wrike('PUT', `/tasks/${task.id}`, { title: `Renamed ${++n}` });
        for (let i = 0; i < 8 && received.length === before; i++) await new Promise((resolve) => setTimeout(resolve, 100));
        return received.length > before;
      };
      await eventually(changeAndHear, 'an event before the fault', 20);

      // Redis's host vanishes: both connections go silent for good, and nothing closes them.
      proxy.mode('drop');
      await new Promise((resolve) => setTimeout(resolve, 1500));
      proxy.mode('pass');
      await eventually(changeAndHear, 'an event after Redis is reachable again', 30);
      expect(received.every((r) => r.error === undefined)).toBe(true);
    } finally {
      await client.dispose();
    }
  });
});

(postgresOk ? describe : describe.skip)('a PostgreSQL that stalls or refuses while requests come', () => {
  let proxy: FaultProxy;
  let subgraph: SubgraphHarness;
  let db: { url: string; drop(): Promise<void> };
  const logs = captureLogs();
  beforeAll(async () => {
    db = await createTestDatabase();
    const admin = new URL(POSTGRES_ADMIN_URL);
    proxy = await startFaultProxy({ host: admin.hostname, port: Number(admin.port || 5432) });
    const url = new URL(db.url);
    url.host = proxy.address;
    subgraph = await startSubgraph({ DATABASE_URL: url.toString(), DATABASE_TIMEOUT_MS: '500', REQUEST_DEADLINE_MS: '3000' }, logs.logger);
  });
  afterAll(async () => {
    proxy?.mode('pass');
    await subgraph?.close();
    await proxy?.close();
    await db?.drop();
  });

  /** The answer to a request whose context needs the store (open mode counts API keys on each request). */
  const expectStoreUnavailable = (answer: { status: number; body: any }) => {
    expect(answer.status).toBe(503);
    expect(answer.body.errors).toEqual([{ message: 'The credential store did not answer in time; try again', extensions: { code: 'UPSTREAM_UNAVAILABLE' } }]);
  };

  it('stalled: /graphql answers 503 UPSTREAM_UNAVAILABLE in time, masked and logged with the request id; /readyz says not ready; back when it answers', async () => {
    expect((await post(subgraph.server.url, ME)).body.data.me.id).toMatch(/^KUA/);
    proxy.mode('stall');
    const stalled = await post(subgraph.server.url, ME, { 'X-Request-Id': 'stalled-store-1' });
    expectStoreUnavailable(stalled);
    expect(logs.lines.some((line) => line.requestId === 'stalled-store-1' && line.msg === 'request context could not be built')).toBe(true);
    const notReady = await readyz(subgraph.server.url);
    expect(notReady.status).toBe(503);
    expect(notReady.body.checks.store).toBe(false);

    proxy.mode('pass');
    await eventually(async () => (await readyz(subgraph.server.url)).status === 200, '/readyz ready again');
    expect((await post(subgraph.server.url, ME)).body.data.me.id).toMatch(/^KUA/);
  });

  it('refused: /graphql, the Wrike proxy, the upload route and a subscription\'s connect are typed and name no address', async () => {
    proxy.mode('refuse');
    proxy.cut();
    const answer = await post(subgraph.server.url, ME, { 'X-Request-Id': 'refused-store-1' });
    expectStoreUnavailable(answer);
    expect(JSON.stringify(answer.body)).not.toMatch(/Context creation failed|127\.0\.0\.1|ECONN|terminated/);
    expect(logs.lines.some((line) => line.requestId === 'refused-store-1' && line.level === 50)).toBe(true);

    const base = subgraph.server.url.replace('/graphql', '');
    const proxied = await fetch(`${base}/proxy/wrike/api/v4/contacts?me=true`, { signal: AbortSignal.timeout(HANG) });
    expectStoreUnavailable({ status: proxied.status, body: await proxied.json() });
    const upload = await fetch(`${base}/attachments/upload?ticketId=IEAGAABKKQAAAAAB&fileName=a.txt`, {
      method: 'POST', headers: { 'Content-Type': 'text/plain', 'X-File-Name': 'a.txt' }, body: 'hello', signal: AbortSignal.timeout(HANG),
    });
    expectStoreUnavailable({ status: upload.status, body: await upload.json() });

    const closed = await new Promise<{ code: number; reason: string }>((resolve) => {
      const socket = new WebSocket(subgraph.server.url.replace('http', 'ws'), 'graphql-transport-ws');
      socket.on('open', () => socket.send(JSON.stringify({ type: 'connection_init', payload: {} })));
      socket.on('close', (code, reason) => resolve({ code, reason: String(reason) }));
    });
    expect(closed).toEqual({ code: 4500, reason: 'The credential store did not answer in time; try again' });

    proxy.mode('pass');
    await eventually(async () => (await post(subgraph.server.url, ME)).body.data?.me?.id !== undefined, 'a read once PostgreSQL is back');
  });

  it('a statement stuck behind a lock is stopped on the server too, not only given up on by the client', async () => {
    const locker = new Client({ connectionString: db.url });
    await locker.connect();
    const waiting = async () => (await locker.query(
      "SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock' AND pid <> pg_backend_pid()",
    )).rows[0].n as number;
    try {
      await locker.query('BEGIN');
      await locker.query('LOCK TABLE api_keys IN ACCESS EXCLUSIVE MODE');
      expectStoreUnavailable(await post(subgraph.server.url, ME));
      // statement_timeout: the server cancels the waiting statement itself; without it, it would wait for the lock.
      await eventually(async () => (await waiting()) === 0, 'no statement of ours still waiting for the lock', 20);
    } finally {
      await locker.query('ROLLBACK').catch(() => undefined);
      await locker.end();
    }
  });

  it('a write Wrike took while the store stalled is answered as done, and its idempotency key is not released for a second write', async () => {
    const sandboxStore = subgraph.server.sandbox!.store;
    const folder = [...sandboxStore.folders.values()].find((f) => f.scope === 'WsFolder' && !f.space && f.childIds.length === 0)!;
    const title = 'Written while the store stalled';
    // The store stalls the moment Wrike (the sandbox, in this process) takes the write: before it is recorded.
    const tasks = sandboxStore.tasks;
    const set = tasks.set.bind(tasks);
    tasks.set = (id, task) => {
      if (task.title === title) proxy.mode('stall');
      return set(id, task);
    };
    try {
      const input = { collectionId: folder.id, title, idempotencyKey: 'stalled-store-write-1' };
      const created = await post(subgraph.server.url, `mutation { createTicket(input: { collectionId: "${input.collectionId}", title: "${title}", idempotencyKey: "${input.idempotencyKey}" }) { ticket { id title } userErrors { code } } }`);
      expect(created.body.errors).toBeUndefined();
      expect(created.body.data.createTicket.ticket.title).toBe(title);
      expect([...tasks.values()].filter((t) => t.title === title)).toHaveLength(1);
      // The key was not released (a retry would then write again): pending, to be recovered, or done, when the
      // statement the stall held reached PostgreSQL after all.
      proxy.mode('pass');
      const direct = new Client({ connectionString: db.url });
      await direct.connect();
      try {
        const { rows } = await direct.query('SELECT state FROM idempotency_keys WHERE key = $1', [input.idempotencyKey]);
        expect(rows).toHaveLength(1);
        expect(['pending', 'done']).toContain(rows[0].state);
      } finally {
        await direct.end();
      }
    } finally {
      tasks.set = set;
      proxy.mode('pass');
    }
  });

  it('a subscription whose connection cannot be read (the store went away after the socket opened) fails typed, not with the driver\'s message', async () => {
    const client = createClient({ url: subgraph.server.url.replace('http', 'ws'), webSocketImpl: WebSocket, retryAttempts: 0, lazy: false });
    try {
      await new Promise<void>((resolve) => client.on('connected', () => resolve()));
      proxy.mode('refuse');
      proxy.cut();
      // The tenant's only connection is remembered for a second: past that, subscribing reads the store.
      await new Promise((resolve) => setTimeout(resolve, 1200));
      const outcome = await new Promise<unknown>((resolve) => {
        client.subscribe({ query: 'subscription { ticketEvents { type } }' }, { next: resolve, error: resolve, complete: () => resolve('complete') });
      });
      expect(JSON.parse(JSON.stringify(outcome))).toEqual([{ message: 'The credential store did not answer in time; try again', extensions: { code: 'UPSTREAM_UNAVAILABLE' } }]);
    } finally {
      proxy.mode('pass');
      await client.dispose();
    }
  });

  // Last in this suite: the tenant has two connections from here on.
  it('a download link whose connection cannot be read is 503 UPSTREAM_UNAVAILABLE, not a dead link', async () => {
    const sandbox = subgraph.server.sandbox!;
    const linked = await post(subgraph.server.url, `mutation { connectWrikeWithToken(input: { token: "${sandbox.permanentTokens.admin}", host: "${new URL(subgraph.server.sandboxUrl!).host}" }) { connection { id } userErrors { code } } }`);
    const connectionId = linked.body.data.connectWrikeWithToken.connection.id as string;
    const attachment = [...sandbox.store.attachments.values()].find((a) => a.taskId)!;
    const read = await post(subgraph.server.url, `{ attachment(id: "${attachment.id}") { downloadUrl } }`, { 'X-Connection-Id': connectionId });
    const link = read.body.data.attachment.downloadUrl as string;
    expect((await fetch(link, { signal: AbortSignal.timeout(HANG) })).status).toBe(200);

    proxy.mode('refuse');
    proxy.cut();
    try {
      const refused = await fetch(link, { signal: AbortSignal.timeout(HANG) });
      expectStoreUnavailable({ status: refused.status, body: await refused.json() });
    } finally {
      proxy.mode('pass');
    }
  });
});

(postgresOk ? describe : describe.skip)('a request over a PostgreSQL slower than the deadline', () => {
  // DATABASE_TIMEOUT_MS far above the deadline (it also bounds start-up steps, where a slow store may be worth
  // waiting for): the request's deadline, not the query's time-out, decides when the client hears.
  const DEADLINE = 1500;
  let proxy: FaultProxy;
  let subgraph: SubgraphHarness;
  let db: { url: string; drop(): Promise<void> };
  beforeAll(async () => {
    db = await createTestDatabase();
    const admin = new URL(POSTGRES_ADMIN_URL);
    proxy = await startFaultProxy({ host: admin.hostname, port: Number(admin.port || 5432) });
    const url = new URL(db.url);
    url.host = proxy.address;
    subgraph = await startSubgraph({ DATABASE_URL: url.toString(), DATABASE_TIMEOUT_MS: '15000', REQUEST_DEADLINE_MS: String(DEADLINE) });
  });
  afterAll(async () => {
    proxy?.mode('pass');
    await subgraph?.close();
    await proxy?.close();
    await db?.drop();
  });

  it('a context the store has not given by the deadline: 503 UPSTREAM_UNAVAILABLE before the stall is released', async () => {
    expect((await post(subgraph.server.url, ME)).body.data.me.id).toMatch(/^KUA/);
    const { first, answer } = await answeredBeforeRelease(proxy, subgraph.server.url, ME, DEADLINE + 5000);
    expect(first).toBe('answer');
    expect(answer.status).toBe(503);
    expect(answer.body.errors).toEqual([{ message: 'The credential store did not answer in time; try again', extensions: { code: 'UPSTREAM_UNAVAILABLE' } }]);
    await eventually(async () => (await post(subgraph.server.url, ME)).body.data?.me?.id !== undefined, 'a read once PostgreSQL is back');
  });

  it('the Wrike proxy and the upload route: 503 UPSTREAM_UNAVAILABLE before the stall is released', async () => {
    const base = subgraph.server.url.replace('/graphql', '');
    const asJson = async (response: Response) => ({ status: response.status, body: await response.json() });
    const routes = [
      () => fetch(`${base}/proxy/wrike/api/v4/contacts?me=true`, { signal: AbortSignal.timeout(HANG) }).then(asJson),
      () => fetch(`${base}/attachments/upload?ticketId=IEAGAABKKQAAAAAB&fileName=a.txt`, {
        method: 'POST', headers: { 'Content-Type': 'text/plain', 'X-File-Name': 'a.txt' }, body: 'hello', signal: AbortSignal.timeout(HANG),
      }).then(asJson),
    ];
    for (const route of routes) {
      const { first, answer } = await answeredBeforeRelease(proxy, subgraph.server.url, route, DEADLINE + 5000);
      expect(first).toBe('answer');
      expect({ status: answer.status, body: answer.body }).toEqual({
        status: 503, body: { errors: [{ message: 'The credential store did not answer in time; try again', extensions: { code: 'UPSTREAM_UNAVAILABLE' } }] },
      });
      await eventually(async () => (await post(subgraph.server.url, ME)).body.data?.me?.id !== undefined, 'a read once PostgreSQL is back');
    }
  });

  it('a write whose idempotency key cannot be claimed by the deadline (its table locked): WRITE_OUTCOME_UNKNOWN before the lock is released, and at most one write once it is', async () => {
    const sandboxStore = subgraph.server.sandbox!.store;
    const task = [...sandboxStore.tasks.values()].find((t) => t.scope === 'WsTask')!;
    const body = 'Sent while its key could not be claimed';
    const locker = new Client({ connectionString: db.url });
    await locker.connect();
    try {
      // The context reads other tables and gets its answer; the claim waits for the lock.
      await locker.query('BEGIN');
      await locker.query('LOCK TABLE idempotency_keys IN ACCESS EXCLUSIVE MODE');
      let first: 'answer' | 'release' | undefined;
      const answer = post(subgraph.server.url, `mutation { createComment(input: { ticketId: "${task.id}", body: "${body}", idempotencyKey: "locked-claim-1" }) { comment { id } } }`)
        .then((value) => {
          first ??= 'answer';
          return value;
        });
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([answer.catch(() => undefined), new Promise((resolve) => {
        timer = setTimeout(resolve, DEADLINE + 5000);
      })]);
      clearTimeout(timer);
      first ??= 'release';
      await locker.query('ROLLBACK');
      expect(first).toBe('answer');
      const { status, body: response } = await answer;
      expect(status).toBe(502);
      expect(response.errors).toEqual([{ message: expect.stringMatching(/Retry with the same idempotencyKey/), extensions: { code: 'WRITE_OUTCOME_UNKNOWN' } }]);
    } finally {
      await locker.query('ROLLBACK').catch(() => undefined);
      await locker.end();
    }
    // Nothing was sent by the deadline; once the lock is gone the claim lands and the mutation, which went on in the
    // background, may write the comment: once at most.
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect([...sandboxStore.comments.values()].filter((c) => c.text.includes(body)).length).toBeLessThanOrEqual(1);
  });
});

/** Starts the built server and waits (bounded) for it to exit; its exit code, stderr, and whether it exited. */
async function startExpectingFailure(env: Record<string, string>): Promise<{ code: number | null; stderr: string; exited: boolean }> {
  const child = spawn(process.execPath, [BUILT_MAIN], {
    env: {
      ...process.env, PORT: '0', LOG_LEVEL: 'warn', SANDBOX_SIZE: 'small', ENCRYPTION_KEY: TEST_ENCRYPTION_KEY, CURSOR_SECRET: 'stalled-services-secret-0123',
      DATA_DIR: mkdtempSync(path.join(os.tmpdir(), 'wsg-stalls-')), ...env,
    },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const exit = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const bound = new Promise<'hung'>((resolve) => setTimeout(() => resolve('hung'), HANG).unref());
  const outcome = await Promise.race([exit, bound]);
  if (outcome === 'hung') {
    child.kill('SIGKILL');
    await exit;
    return { code: null, stderr, exited: false };
  }
  return { code: outcome, stderr, exited: true };
}

(built ? describe : describe.skip)('starting against a store that does not answer (the built server)', () => {
  let proxy: FaultProxy;
  afterEach(async () => proxy?.close());

  const PASSWORD = 'hunter2-not-for-logs';

  (redisOk ? it : it.skip).each(['refuse', 'stall'] as const)('Redis %s: exits 1 in time, naming Redis and not its password', async (mode) => {
    proxy = await startFaultProxy(redisTarget());
    proxy.mode(mode);
    const result = await startExpectingFailure({ REDIS_URL: `redis://:${PASSWORD}@${proxy.address}`, REDIS_TIMEOUT_MS: '200', REDIS_KEY_PREFIX: testKeyPrefix() });
    expect(result.exited).toBe(true);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`wrike-subgraph failed to start: Redis (REDIS_URL, at ${proxy.address}) did not answer within 5000 ms`);
    expect(result.stderr).not.toContain(PASSWORD);
    expect(result.stderr).not.toMatch(/Unhandled|MaxRetriesPerRequestError|at .*\.js:\d+/);
  });

  (postgresOk ? it : it.skip).each(['refuse', 'stall'] as const)('PostgreSQL %s: exits 1 in time, naming the credential store and not its password', async (mode) => {
    const admin = new URL(POSTGRES_ADMIN_URL);
    proxy = await startFaultProxy({ host: admin.hostname, port: Number(admin.port || 5432) });
    proxy.mode(mode);
    const result = await startExpectingFailure({ DATABASE_URL: `postgres://postgres:${PASSWORD}@${proxy.address}/postgres`, DATABASE_TIMEOUT_MS: '1000' });
    expect(result.exited).toBe(true);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`wrike-subgraph failed to start: the credential store, PostgreSQL (DATABASE_URL, at ${proxy.address}/postgres), did not answer within 1000 ms`);
    expect(result.stderr).not.toContain(PASSWORD);
  });
});
