/**
 * Hive Gateway in front of wrike-subgraph (and any other subgraph of the supergraph), as the README's "In a
 * supergraph" describes it and test/federation/hive-gateway.test.ts runs it:
 *
 *   npx hive-gateway supergraph supergraph.graphql -c examples/hive-gateway/gateway.config.ts
 *
 * - Subscriptions to wrike-subgraph by HTTP callback (Apollo Router's callback/1.0): the subgraph POSTs each event to
 *   this gateway's /callback/<id>. Set the subgraph's ROUTER_CALLBACK_ORIGINS to GATEWAY_PUBLIC_URL's origin.
 * - Demand control: an operation whose static cost (from @cost and @listSize in the supergraph) is over MAX_COST
 *   (default 12000: the subgraph's MAX_QUERY_CALLS × 100) is refused with COST_ESTIMATED_TOO_EXPENSIVE before any
 *   subgraph is called; a list without @listSize counts as 20 items.
 * - A response cache, one per caller (Wrike data is per token: the key is the caller's Authorization and
 *   X-Connection-Id), kept no longer than the shortest `max-age` the subgraphs' answers for it gave (0 or `no-store`:
 *   not kept) nor RESPONSE_CACHE_TTL_MS, and dropped by entity when the subgraph POSTs its invalidation request to
 *   /invalidation (the same body Apollo Router's invalidation endpoint takes; the subgraph's ROUTER_INVALIDATION_URL
 *   points here). /invalidation is served on this gateway's one port, the one clients reach: only the secret guards it.
 *
 * Environment: GATEWAY_PUBLIC_URL (where subgraphs reach this gateway, default http://localhost:4000),
 * INVALIDATION_SECRET (the subgraph's ROUTER_INVALIDATION_SECRET; unset: /invalidation is off), ROUTER_SECRET (the
 * subgraph's ROUTER_SECRET, sent to it as X-Router-Secret; unset: not sent), MAX_COST (default 12000),
 * RESPONSE_CACHE_TTL_MS (default 30000, the subgraph's CACHE_MAX_STALENESS_MS), WRIKE_SUBGRAPH (the subgraph's name in
 * the supergraph, default wrike).
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import { defineConfig, MemPubSub, type GatewayPlugin } from '@graphql-hive/gateway';
import { createInMemoryCache, useResponseCache, type Cache } from '@graphql-yoga/plugin-response-cache';

const publicUrl = (process.env.GATEWAY_PUBLIC_URL ?? 'http://localhost:4000').replace(/\/+$/, '');
const wrike = process.env.WRIKE_SUBGRAPH ?? 'wrike';
const cache = createInMemoryCache();
const routerSecret = process.env.ROUTER_SECRET || undefined;

/**
 * The shortest `max-age` (ms) the subgraphs' answers gave for one client request, by its context: the subgraph says
 * how long each answer may be kept (0 for time logs, change feeds, tickets it cannot name), and the cache keeps the
 * whole response no longer than that. A subgraph answer without Cache-Control sets no bound.
 */
const subgraphMaxAge = new WeakMap<object, number>();

function maxAgeMs(cacheControl: string | null): number | undefined {
  if (cacheControl === null) return undefined;
  if (/(^|,)\s*(no-store|no-cache)\s*(,|$)/i.test(cacheControl)) return 0;
  const match = /(?:^|,)\s*max-age=(\d+)/i.exec(cacheControl);
  return match ? Number(match[1]) * 1000 : undefined;
}

function subgraphCacheControl(): GatewayPlugin {
  return {
    onFetch({ context }) {
      return ({ response }) => {
        const age = maxAgeMs(response.headers.get('cache-control'));
        if (age === undefined || !context || typeof context !== 'object') return;
        subgraphMaxAge.set(context, Math.min(subgraphMaxAge.get(context) ?? age, age));
      };
    },
  };
}

export const gatewayConfig = defineConfig({
  pubsub: new MemPubSub(),
  // Serves POST /callback/<id> (the subgraph's check, next and complete messages) into the pubsub.
  webhooks: true,
  transportEntries: {
    [wrike]: {
      options: {
        subscriptions: {
          kind: 'http-callback',
          options: { public_url: `${publicUrl}/callback`, path: '/callback', heartbeat_interval: 5000 },
        },
      },
    },
  },
  // The caller's key and choice of Wrike connection go to the subgraphs (wrike-subgraph authenticates each request).
  propagateHeaders: {
    fromClientToSubgraphs: ({ request }) => ({
      authorization: request.headers.get('authorization'),
      'x-connection-id': request.headers.get('x-connection-id'),
      // The subgraph's ROUTER_SECRET: only requests through this gateway carry it.
      ...(routerSecret ? { 'x-router-secret': routerSecret } : {}),
    }),
  },
  // A list without @listSize counts as 20 items (the plugin's default, 0, makes it free). In 2.15 this reaches
  // nullable lists only: a non-null one (`[Ticket!]!`) needs the schema's @listSize to count as more than one.
  demandControl: { maxCost: Number(process.env.MAX_COST ?? 12_000), listSize: 20, includeExtensionMetadata: true },
  plugins: () => [
    subgraphCacheControl(),
    useResponseCache({
      cache,
      ttl: Number(process.env.RESPONSE_CACHE_TTL_MS ?? 30_000),
      onTtl: ({ ttl, context }) => Math.min(ttl, subgraphMaxAge.get(context) ?? ttl),
      session: (request) => `${request.headers.get('authorization') ?? ''}|${request.headers.get('x-connection-id') ?? ''}`,
      includeExtensionMetadata: true,
    }),
    invalidationEndpoint(cache, process.env.INVALIDATION_SECRET),
  ],
});

/** Compares in time that does not depend on where the strings differ (digests: equal lengths). */
const sameSecret = (given: string | null, secret: string) =>
  given !== null && timingSafeEqual(createHash('sha256').update(given).digest(), createHash('sha256').update(secret).digest());

/**
 * POST /invalidation with Apollo Router's body, `[{"kind":"cache_tag","subgraphs":["wrike"],"cache_tag":"Ticket:<id>"}]`
 * and the shared secret as `Authorization`: each tag `<Type>:<id>` drops the cached responses holding that entity,
 * `<Type>@<account>` every response holding that type (this cache cannot tell accounts apart: every account's). Answers
 * 202 `{"count": <tags>}` as Apollo Router does.
 */
function invalidationEndpoint(responses: Cache, secret: string | undefined): GatewayPlugin {
  return {
    onRequest({ request, url, endResponse, fetchAPI }) {
      if (url.pathname !== '/invalidation') return;
      const answer = (status: number, body: unknown) => endResponse(new fetchAPI.Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } }));
      if (!secret) return answer(404, { error: 'invalidation is off (INVALIDATION_SECRET is not set)' });
      if (request.method !== 'POST') return answer(405, { error: 'POST only' });
      if (!sameSecret(request.headers.get('authorization'), secret)) return answer(401, { error: 'wrong or missing secret' });
      return request.json().then(async (body: unknown) => {
        if (!Array.isArray(body)) return answer(400, { error: 'expected an array of invalidations' });
        const entities = body.flatMap((item: { kind?: unknown; cache_tag?: unknown }) => {
          if (item?.kind !== 'cache_tag' || typeof item.cache_tag !== 'string') return [];
          const entity = /^([A-Za-z_][A-Za-z0-9_]*)(?::(.+)|@.+)?$/.exec(item.cache_tag);
          if (!entity) return [];
          const [, typename, id] = entity;
          return [id ? { typename: typename!, id } : { typename: typename! }];
        });
        await responses.invalidate(entities);
        return answer(202, { count: entities.length });
      }, () => answer(400, { error: 'the body is not JSON' }));
    },
  };
}
