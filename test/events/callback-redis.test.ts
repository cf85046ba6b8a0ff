import { randomUUID } from 'node:crypto';
import Redis from 'ioredis';
import WebSocket from 'ws';
import { createClient } from 'graphql-ws';
import { startSubgraph, type SubgraphHarness } from '../helpers/subgraph';
import { freePort } from '../helpers/process';
import { REDIS_URL, redisUp, testKeyPrefix } from '../helpers/redis';
import { startFaultProxy, type FaultProxy } from '../helpers/fault-proxy';
import { startCallbackRouter, until } from '../helpers/callback-router';
import { createApiKey } from '../../src/connections/api-keys';
import { LocalCallbackRegistry, RedisCallbackRegistry, type CallbackRegistry, type CallbackSubscription } from '../../src/events/callback-registry';

const enabled = redisUp();

/**
 * Callback subscriptions with the registry in Redis: one runner however slow the router's `check`, ids that one
 * tenant cannot take from another, records that expire unrenewed, the cap across replicas, a revoked API key ending
 * its subscriptions, a stored operation that no longer fits the schema, and the answers for a duplicate id and a
 * registry that does not answer.
 */
let router: Awaited<ReturnType<typeof startCallbackRouter>>;
const clients: Redis[] = [];
const redisClient = () => {
  const client = new Redis(REDIS_URL, { lazyConnect: false, maxRetriesPerRequest: 1 });
  clients.push(client);
  return client;
};
beforeAll(async () => {
  router = await startCallbackRouter();
});
afterAll(async () => {
  await router?.close();
  await Promise.all(clients.map((client) => client.quit().catch(() => client.disconnect())));
});

const record = (tenantId: string, over: Partial<CallbackSubscription> = {}): CallbackSubscription => {
  const id = over.id ?? randomUUID();
  return { id, callbackUrl: router.callbackUrl(id), verifier: `v-${tenantId}`, heartbeatIntervalMs: 1000, tenantId, connectionId: `conn-${tenantId}`, query: 'subscription { ticketEvents { ticketId } }', ...over };
};

/** A router's subscription request, as Apollo Router sends it. */
async function post(url: string, query: string, id: string = randomUUID(), headers: Record<string, string> = {}, heartbeatIntervalMs = 300) {
  const response = await fetch(url, {
    method: 'POST', headers: { 'Content-Type': 'application/json', ...headers },
    body: JSON.stringify({ query, extensions: { subscription: { callbackUrl: router.callbackUrl(id), subscriptionId: id, verifier: `v-${id}`, heartbeatIntervalMs } } }),
  });
  return { id, status: response.status, body: (await response.json()) as any };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

(enabled ? describe : describe.skip)('the callback registry in Redis', () => {
  const registries = (): [string, () => CallbackRegistry][] => {
    const prefix = testKeyPrefix();
    const local = new LocalCallbackRegistry();
    return [['RedisCallbackRegistry', () => new RedisCallbackRegistry(redisClient(), prefix)], ['LocalCallbackRegistry', () => local]];
  };

  for (const [name, make] of registries()) {
    it(`${name}: another tenant cannot overwrite a subscription with the same id, nor use up the first tenant's cap`, async () => {
      const registry = make();
      const mine = record('acme');
      expect(await registry.add(mine, 2)).toBe('added');
      expect(await registry.add(record('globex', { id: mine.id, callbackUrl: router.callbackUrl('elsewhere') }), 2)).toBe('taken');
      expect((await registry.all()).find((r) => r.id === mine.id)).toEqual(mine);
      // The same tenant may write its own record again (a subscription taken up anew), without counting it twice.
      expect(await registry.add({ ...mine, verifier: 'again' }, 2)).toBe('added');
      expect(await registry.add(record('acme'), 2)).toBe('added');
      expect(await registry.add(record('acme'), 2)).toBe('full');
      // globex's own cap is untouched by acme's ids.
      expect(await registry.add(record('globex'), 1)).toBe('added');
    });
  }

  it('counts the cap across replicas (two clients adding at once pass it no more than allowed)', async () => {
    const prefix = testKeyPrefix();
    const [a, b] = [new RedisCallbackRegistry(redisClient(), prefix), new RedisCallbackRegistry(redisClient(), prefix)];
    const outcomes = await Promise.all(Array.from({ length: 8 }, (_, i) => (i % 2 ? a : b).add(record('acme'), 3)));
    expect(outcomes.filter((o) => o === 'added')).toHaveLength(3);
    expect(outcomes.filter((o) => o === 'full')).toHaveLength(5);
    expect(await a.all()).toHaveLength(3);
  });

  it('lets a record nobody renews expire (freeing its slot), and keeps one whose lease holder renews it', async () => {
    const prefix = testKeyPrefix();
    const redis = redisClient();
    const registry = new RedisCallbackRegistry(redis, prefix, 400);
    const [kept, lapsed] = [record('acme'), record('acme')];
    expect(await registry.add(kept, 2)).toBe('added');
    expect(await registry.add(lapsed, 2)).toBe('added');
    expect(await registry.claim(kept.id, 'me', 300)).toBe(true);
    for (let i = 0; i < 8; i++) {
      expect(await registry.renew([{ id: kept.id, tenantId: 'acme', ttlMs: 300 }], 'me')).toEqual([true]);
      await sleep(100);
    }
    expect((await registry.all()).map((r) => r.id)).toEqual([kept.id]);
    expect(await redis.pttl(`${prefix}:v2:callbacks:record:${lapsed.id}`)).toBe(-2);
    expect(await registry.add(record('acme'), 2)).toBe('added');
    // Another owner's renewal is refused.
    expect(await registry.renew([{ id: kept.id, tenantId: 'acme', ttlMs: 300 }], 'someone else')).toEqual([false]);
  });
});

(enabled ? describe : describe.skip)('callback subscriptions on Redis, open mode', () => {
  let h: SubgraphHarness;
  let prefix: string;
  let registry: RedisCallbackRegistry;
  beforeAll(async () => {
    const port = await freePort();
    prefix = testKeyPrefix();
    registry = new RedisCallbackRegistry(redisClient(), prefix);
    h = await startSubgraph({
      PORT: String(port), PUBLIC_URL: `http://127.0.0.1:${port}`, WEBHOOK_CHECK_MS: '1000', ROUTER_CALLBACK_ORIGINS: router.origin,
      REDIS_URL, REDIS_KEY_PREFIX: prefix, CALLBACK_LEASE_MS: '300', MAX_QUERY_DEPTH: '4',
    });
    await until(async () => (await h.query('{ connections { webhook { status } } }')).body.data?.connections[0]?.webhook?.status === 'ACTIVE', 'the hook is active');
  });
  afterAll(async () => h?.close());
  const tasks = () => [...h.server.sandbox!.store.tasks.values()].filter((t) => t.scope === 'WsTask');

  it('runs a subscription once when the router answers its first check after the lease would have lapsed', async () => {
    const task = tasks()[0]!;
    const id = randomUUID();
    router.delayNextCheck(id, 1500);
    const sub = await post(h.server.url, `subscription { ticketEvents(filter: { ticketIds: ["${task.id}"] }) { ticketId ticket { title } } }`, id);
    expect(sub).toMatchObject({ status: 200, body: { data: null } });
    await sleep(500); // any second runner would have started by now
    await h.wrike('PUT', `/tasks/${task.id}`, { title: 'Once only' });
    const nexts = () => router.received(id).filter((m) => m.action === 'next');
    await until(() => nexts().length > 0, 'the change arrives');
    await sleep(1000);
    expect(nexts()).toHaveLength(1);
  });

  it('answers 409 to a second request with a running subscription\'s id', async () => {
    const first = await post(h.server.url, 'subscription { ticketEvents { ticketId } }');
    expect(first.status).toBe(200);
    const again = await post(h.server.url, 'subscription { ticketEvents { ticketId } }', first.id);
    expect(again).toMatchObject({ status: 409, body: { errors: [{ extensions: { code: 'BAD_USER_INPUT' } }] } });
    router.forget(first.id);
  });

  it('refuses an over-deep subscription (MAX_QUERY_DEPTH) with QUERY_TOO_COMPLEX before any check', async () => {
    const deep = await post(h.server.url, 'subscription { ticketEvents { ticket { parents { parents { parents { id } } } } } }');
    expect(deep).toMatchObject({ status: 400, body: { errors: [{ extensions: { code: 'QUERY_TOO_COMPLEX', maxDepth: 4 } }] } });
    expect(router.received(deep.id)).toEqual([]);
  });

  it('refuses the same over-deep subscription over graphql-ws with QUERY_TOO_COMPLEX, and keeps the socket for one within the limits', async () => {
    const client = createClient({ url: h.server.url.replace('http', 'ws'), webSocketImpl: WebSocket, retryAttempts: 0, lazy: false });
    try {
      const outcome = await new Promise<unknown>((resolve) => {
        client.subscribe({ query: 'subscription { ticketEvents { ticket { parents { parents { parents { id } } } } } }' }, {
          next: (value) => resolve({ next: value }), error: (error) => resolve({ error }), complete: () => resolve('complete'),
        });
      });
      expect(outcome).toEqual({ error: [expect.objectContaining({ extensions: expect.objectContaining({ code: 'QUERY_TOO_COMPLEX', maxDepth: 4 }) })] });
      // The socket stays usable: a query within the limits is answered.
      const ok = await new Promise<unknown>((resolve) => {
        client.subscribe({ query: '{ connections { id } }' }, { next: (value) => resolve(value), error: (error) => resolve({ error }), complete: () => undefined });
      });
      expect(ok).toMatchObject({ data: { connections: [expect.objectContaining({ id: expect.any(String) })] } });
    } finally {
      await client.dispose();
    }
  });

  it('ends a taken-over subscription whose stored operation no longer fits the schema with `complete` and its errors', async () => {
    const connectionId = (await registry.all())[0]!.connectionId;
    const stale = record('local', { connectionId, query: 'subscription { ticketEvents { ticketId fieldRemovedSince } }', heartbeatIntervalMs: 300 });
    expect(await registry.add(stale, 100)).toBe('added');
    await until(() => router.received(stale.id).some((m) => m.action === 'complete'), 'the stale subscription is completed');
    expect(router.received(stale.id).filter((m) => m.action !== 'check')).toEqual([expect.objectContaining({
      action: 'complete', verifier: stale.verifier, errors: [expect.objectContaining({ extensions: { code: 'GRAPHQL_VALIDATION_FAILED' } })],
    })]);
    expect((await registry.all()).map((r) => r.id)).not.toContain(stale.id);

    const deep = record('local', { connectionId, query: 'subscription { ticketEvents { ticket { parents { parents { parents { id } } } } } }', heartbeatIntervalMs: 300 });
    expect(await registry.add(deep, 100)).toBe('added');
    await until(() => router.received(deep.id).some((m) => m.action === 'complete'), 'the over-deep subscription is completed');
    expect(router.received(deep.id).filter((m) => m.action !== 'check')).toEqual([expect.objectContaining({
      action: 'complete', errors: [expect.objectContaining({ extensions: expect.objectContaining({ code: 'QUERY_TOO_COMPLEX' }) })],
    })]);
  });

  // Last here: it ends open mode for this server.
  it('ends an open-mode subscription with `complete` (UNAUTHENTICATED) once open mode ends (the first API key)', async () => {
    const sub = await post(h.server.url, 'subscription { ticketEvents { ticketId } }');
    expect(sub.status).toBe(200);
    await createApiKey(h.server.store, 'acme', null);
    await until(() => router.received(sub.id).some((m) => m.action === 'complete'), 'the open-mode subscription is completed');
    expect(router.received(sub.id).at(-1)).toMatchObject({ action: 'complete', errors: [{ extensions: { code: 'UNAUTHENTICATED' } }] });
  });
});

(enabled ? describe : describe.skip)('callback subscriptions on Redis, with API keys', () => {
  let h: SubgraphHarness;
  let key: { id: string; key: string };
  let connection: string;
  beforeAll(async () => {
    h = await startSubgraph({ ROUTER_CALLBACK_ORIGINS: router.origin, REDIS_URL, REDIS_KEY_PREFIX: testKeyPrefix() });
    key = await createApiKey(h.server.store, 'acme', null);
    const host = new URL(h.server.sandboxUrl!).host;
    const res = await h.query('mutation($t: String!, $h: String!) { connectWrikeWithToken(input: { token: $t, host: $h }) { connection { id } } }',
      { t: h.server.sandbox!.permanentTokens.admin, h: host }, { Authorization: `Bearer ${key.key}` });
    connection = res.body.data.connectWrikeWithToken.connection.id;
  });
  afterAll(async () => h?.close());

  it('ends a subscription with `complete` (UNAUTHENTICATED) once its API key is revoked, and sends nothing after', async () => {
    const sub = await post(h.server.url, 'subscription { ticketEvents { ticketId } }', randomUUID(), { Authorization: `Bearer ${key.key}`, 'X-Connection-Id': connection });
    expect(sub).toMatchObject({ status: 200, body: { data: null } });
    await until(() => router.received(sub.id).filter((m) => m.action === 'check').length >= 3, 'heartbeats');
    expect(await h.server.store.revokeApiKey(key.id, new Date().toISOString())).toBe(true);
    await until(() => router.received(sub.id).some((m) => m.action === 'complete'), 'the revoked key\'s subscription is completed');
    expect(router.received(sub.id).at(-1)).toMatchObject({ action: 'complete', errors: [{ extensions: { code: 'UNAUTHENTICATED' } }] });
    const count = router.received(sub.id).length;
    await sleep(1000);
    expect(router.received(sub.id)).toHaveLength(count);
  });
});

(enabled ? describe : describe.skip)('a callback subscription when the registry does not answer', () => {
  let h: SubgraphHarness;
  let proxy: FaultProxy;
  afterAll(async () => {
    proxy?.mode('pass');
    await h?.close();
    await proxy?.close();
  });

  it('is answered 503 UPSTREAM_UNAVAILABLE, and the router is not called', async () => {
    const url = new URL(REDIS_URL);
    proxy = await startFaultProxy({ host: url.hostname, port: Number(url.port || 6379) });
    h = await startSubgraph({ ROUTER_CALLBACK_ORIGINS: router.origin, REDIS_URL: `redis://127.0.0.1:${proxy.port}`, REDIS_KEY_PREFIX: testKeyPrefix(), REDIS_TIMEOUT_MS: '300' });
    proxy.mode('stall');
    const sub = await post(h.server.url, 'subscription { ticketEvents { ticketId } }');
    expect(sub).toMatchObject({ status: 503, body: { errors: [{ extensions: { code: 'UPSTREAM_UNAVAILABLE' } }] } });
    expect(router.received(sub.id)).toEqual([]);
  });
});

(enabled ? describe : describe.skip)('a callback subscription whose origin left ROUTER_CALLBACK_ORIGINS', () => {
  const harnesses: SubgraphHarness[] = [];
  afterAll(async () => {
    for (const h of harnesses) await h.close();
  });

  it('is dropped by the replica that would take it over, and nothing more is sent to that origin', async () => {
    const prefix = testKeyPrefix();
    const registry = new RedisCallbackRegistry(redisClient(), prefix);
    const first = await startSubgraph({ ROUTER_CALLBACK_ORIGINS: router.origin, REDIS_URL, REDIS_KEY_PREFIX: prefix });
    harnesses.push(first);
    const sub = await post(first.server.url, 'subscription { ticketEvents { ticketId } }');
    expect(sub.status).toBe(200);
    expect((await registry.all()).map((r) => r.id)).toEqual([sub.id]);
    // The replica stops (gives its lease back), and the next one runs with the router's origin off the list.
    await first.close();
    harnesses.pop();
    const sent = router.received(sub.id).length;
    const next = await startSubgraph({ ROUTER_CALLBACK_ORIGINS: 'http://router.elsewhere.internal', REDIS_URL, REDIS_KEY_PREFIX: prefix });
    harnesses.push(next);
    await until(async () => (await registry.all()).length === 0, 'the subscription leaves the registry');
    await sleep(500);
    expect(router.received(sub.id)).toHaveLength(sent);
  });
});

(enabled ? describe : describe.skip)('a subscriptionId another tenant\'s subscription holds', () => {
  let h: SubgraphHarness | undefined;
  afterAll(async () => h?.close());

  it('is refused with 409 over HTTP, even while no replica holds that subscription\'s lease, and the record stays the first tenant\'s', async () => {
    const prefix = testKeyPrefix();
    const registry = new RedisCallbackRegistry(redisClient(), prefix);
    // A long lease: this server makes no look at the registry during the test (its first comes after a third of it).
    h = await startSubgraph({ ROUTER_CALLBACK_ORIGINS: router.origin, REDIS_URL, REDIS_KEY_PREFIX: prefix, CALLBACK_LEASE_MS: '60000' });
    const key = await createApiKey(h.server.store, 'globex', null);
    const res = await h.query('mutation($t: String!, $h: String!) { connectWrikeWithToken(input: { token: $t, host: $h }) { connection { id } } }',
      { t: h.server.sandbox!.permanentTokens.regular, h: new URL(h.server.sandboxUrl!).host }, { Authorization: `Bearer ${key.key}` });
    const connection = res.body.data.connectWrikeWithToken.connection.id;
    // acme's subscription, left by a replica that died: its record, no lease.
    const theirs = record('acme', { heartbeatIntervalMs: 0 });
    expect(await registry.add(theirs, 10)).toBe('added');
    const sub = await post(h.server.url, 'subscription { ticketEvents { ticketId } }', theirs.id, { Authorization: `Bearer ${key.key}`, 'X-Connection-Id': connection }, 0);
    expect(sub).toMatchObject({ status: 409, body: { errors: [{ extensions: { code: 'BAD_USER_INPUT' } }] } });
    expect(await registry.all()).toEqual([theirs]);
    expect(router.received(theirs.id)).toEqual([]);
  });
});
