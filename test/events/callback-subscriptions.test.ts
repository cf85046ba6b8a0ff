import { randomUUID } from 'node:crypto';
import { startSubgraph, type SubgraphHarness } from '../helpers/subgraph';
import { freePort } from '../helpers/process';
import { startCallbackRouter, until } from '../helpers/callback-router';

/**
 * Router subscriptions over the HTTP callback protocol (callback/1.0), against a fake router's callback endpoint:
 * the `check` before the answer, `next` per event, heartbeats, and everything stopping on the router's 404.
 */
let h: SubgraphHarness;
let router: Awaited<ReturnType<typeof startCallbackRouter>>;
let base: string;
beforeAll(async () => {
  router = await startCallbackRouter();
  const port = await freePort();
  base = `http://127.0.0.1:${port}`;
  h = await startSubgraph({ PORT: String(port), PUBLIC_URL: base, WEBHOOK_CHECK_MS: '1000', ROUTER_CALLBACK_ORIGINS: router.origin });
  await until(async () => (await h.query('{ connections { webhook { status } } }')).body.data?.connections[0]?.webhook?.status === 'ACTIVE', 'the hook is active');
});
afterAll(async () => {
  await h?.close();
  await router?.close();
});

const tasks = () => [...h.server.sandbox!.store.tasks.values()].filter((t) => t.scope === 'WsTask');

/** A router's subscription request: POST /graphql with extensions.subscription, as Apollo Router sends it. */
async function subscribe(query: string, id = randomUUID(), ext: Record<string, unknown> = {}) {
  const response = await fetch(`${base}/graphql`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Accept: 'application/json;callbackSpec=1.0' },
    body: JSON.stringify({ query, extensions: { subscription: { callbackUrl: router.callbackUrl(id), subscriptionId: id, verifier: `v-${id}`, heartbeatIntervalMs: 300, ...ext } } }),
  });
  return { id, status: response.status, cacheControl: response.headers.get('cache-control'), body: (await response.json()) as any };
}

describe('a callback subscription', () => {
  it('is checked with the router before the answer, then gets each change as `next` and heartbeats, and stops on 404', async () => {
    const task = tasks()[0]!;
    const sub = await subscribe(`subscription { ticketEvents(filter: { ticketIds: ["${task.id}"] }) { type ticketId ticket { title } } }`);
    expect(sub).toMatchObject({ status: 200, body: { data: null }, cacheControl: 'no-store' });
    // The check had arrived when the answer came.
    expect(router.received(sub.id)[0]).toEqual({ kind: 'subscription', action: 'check', id: sub.id, verifier: `v-${sub.id}`, protocol: 'callback/1.0' });

    const renamed = await h.query('mutation($id: ID!) { updateTicket(input: { id: $id, title: "Renamed for the router" }) { ticket { id } userErrors { message } } }', { id: task.id });
    expect(renamed.body.errors).toBeUndefined();
    const nexts = () => router.received(sub.id).filter((m) => m.action === 'next');
    await until(() => nexts().length > 0, 'the change arrives as next');
    expect(nexts()[0]).toMatchObject({
      kind: 'subscription', id: sub.id, verifier: `v-${sub.id}`, protocol: 'callback/1.0',
      payload: { data: { ticketEvents: { type: 'UPDATED', ticketId: task.id, ticket: { title: 'Renamed for the router' } } } },
    });

    const checks = () => router.received(sub.id).filter((m) => m.action === 'check').length;
    await until(() => checks() >= 3, 'heartbeats (check) come at the interval', 3000);

    router.forget(sub.id);
    const before = router.received(sub.id).length;
    await new Promise((resolve) => setTimeout(resolve, 1000));
    await h.wrike('PUT', `/tasks/${task.id}`, { title: 'After the router forgot it' });
    await new Promise((resolve) => setTimeout(resolve, 700));
    // The 404s are not recorded; nothing after them either (no heartbeat, no next, no complete).
    expect(router.received(sub.id).length).toBe(before);
  });

  it('stops on any other 4xx from the callback as on a 404', async () => {
    const sub = await subscribe('subscription { ticketEvents { ticketId } }');
    expect(sub.status).toBe(200);
    router.answerWith(sub.id, 410);
    await new Promise((resolve) => setTimeout(resolve, 700)); // a heartbeat (300 ms) meets the 410
    router.answerWith(sub.id, undefined);
    const before = router.received(sub.id).length;
    await new Promise((resolve) => setTimeout(resolve, 900));
    expect(router.received(sub.id).length).toBe(before);
  });

  it('ends after 5 heartbeats in a row fail (5xx after retries), and sends nothing more', async () => {
    const sub = await subscribe('subscription { ticketEvents { ticketId } }');
    expect(sub.status).toBe(200);
    router.answerWith(sub.id, 503);
    // Each failed heartbeat takes 3 tries (100 and 200 ms apart); 5 of them, 300 ms apart.
    await new Promise((resolve) => setTimeout(resolve, 5000));
    router.answerWith(sub.id, undefined);
    const before = router.received(sub.id).length;
    await new Promise((resolve) => setTimeout(resolve, 1000));
    expect(router.received(sub.id).length).toBe(before);
  });

  it('filters events as graphql-ws does: another ticket\'s change is not delivered', async () => {
    const [mine, other] = [tasks()[1]!, tasks()[2]!];
    const sub = await subscribe(`subscription { ticketEvents(filter: { ticketIds: ["${mine.id}"] }) { ticketId } }`, randomUUID(), { heartbeatIntervalMs: 0 });
    expect(sub.status).toBe(200);
    await h.wrike('PUT', `/tasks/${other.id}`, { title: 'Not for this subscriber' });
    await h.wrike('PUT', `/tasks/${mine.id}`, { title: 'For this subscriber' });
    await until(() => router.received(sub.id).some((m) => m.action === 'next'), 'its own change arrives');
    expect(router.received(sub.id).filter((m) => m.action === 'next').map((m) => m.payload.data.ticketEvents.ticketId)).toEqual([mine.id]);
    // heartbeatIntervalMs 0: no heartbeats, only the first check.
    expect(router.received(sub.id).filter((m) => m.action === 'check')).toHaveLength(1);
  });

  it('answers bad input with a typed error and calls nobody', async () => {
    const bad = await subscribe('subscription { ticketEvents(filter: { ticketIds: ["../../etc"] }) { ticketId } }');
    expect(bad.body.errors[0].extensions.code).toBe('BAD_USER_INPUT');
    expect(router.received(bad.id)).toEqual([]);

    const query = await subscribe('{ connections { id } }');
    expect(query).toMatchObject({ status: 400, body: { errors: [{ extensions: { code: 'BAD_USER_INPUT' } }] } });

    const invalid = await subscribe('subscription { noSuchField }');
    expect(invalid).toMatchObject({ status: 400, body: { errors: [{ extensions: { code: 'GRAPHQL_VALIDATION_FAILED' } }] } });

    const elsewhere = await subscribe('subscription { ticketEvents { ticketId } }', randomUUID(), { callbackUrl: 'http://169.254.169.254/latest/meta-data' });
    expect(elsewhere).toMatchObject({ status: 403, body: { errors: [{ extensions: { code: 'FORBIDDEN' } }] } });

    const noInterval = await subscribe('subscription { ticketEvents { ticketId } }', randomUUID(), { heartbeatIntervalMs: 'soon' });
    expect(noInterval).toMatchObject({ status: 400, body: { errors: [{ extensions: { code: 'BAD_USER_INPUT' } }] } });
    for (const r of [query, invalid, elsewhere, noInterval]) expect(router.received(r.id)).toEqual([]);
  });

  it('is refused when the router does not confirm the check, and nothing stays registered', async () => {
    const id = randomUUID();
    router.forget(id);
    const sub = await subscribe('subscription { ticketEvents { ticketId } }', id);
    expect(sub).toMatchObject({ status: 502, body: { errors: [{ extensions: { code: 'UPSTREAM_UNAVAILABLE' } }] } });
    await h.wrike('PUT', `/tasks/${tasks()[3]!.id}`, { title: 'Nobody listens' });
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(router.received(id)).toEqual([]);
  });
});

describe('the tenant\'s cap on subscriptions (MAX_SUBSCRIPTIONS_PER_TENANT)', () => {
  let capped: SubgraphHarness;
  afterAll(async () => capped?.close());

  it('counts callback subscriptions: one over the cap is refused with SUBSCRIPTION_LIMIT before any check, and a slot frees when the router forgets one', async () => {
    capped = await startSubgraph({ ROUTER_CALLBACK_ORIGINS: router.origin, MAX_SUBSCRIPTIONS_PER_TENANT: '1' });
    const post = async (id: string) => {
      const response = await fetch(capped.server.url, {
        method: 'POST', headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ query: 'subscription { ticketEvents { ticketId } }', extensions: { subscription: { callbackUrl: router.callbackUrl(id), subscriptionId: id, verifier: 'v', heartbeatIntervalMs: 200 } } }),
      });
      return { status: response.status, body: (await response.json()) as any };
    };
    const [first, second, third] = [randomUUID(), randomUUID(), randomUUID()];
    expect(await post(first)).toMatchObject({ status: 200, body: { data: null } });
    expect(await post(second)).toMatchObject({ status: 429, body: { errors: [{ extensions: { code: 'SUBSCRIPTION_LIMIT', limit: 1 } }] } });
    expect(router.received(second)).toEqual([]);
    router.forget(first);
    await until(async () => (await post(third)).status === 200, 'the forgotten subscription\'s slot is free', 3000);
  });
});
