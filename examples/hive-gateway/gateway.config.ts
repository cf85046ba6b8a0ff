/**
 * Hive Gateway in front of wrike-subgraph (and any other subgraph of the supergraph), as the README's "In a
 * supergraph" describes it and test/federation/hive-gateway.test.ts runs it:
 *
 *   npx hive-gateway supergraph supergraph.graphql -c examples/hive-gateway/gateway.config.ts
 *
 * - Subscriptions to wrike-subgraph by HTTP callback (Apollo Router's callback/1.0): the subgraph POSTs each event to
 *   this gateway's /callback/<id>. Set the subgraph's ROUTER_CALLBACK_ORIGINS to GATEWAY_PUBLIC_URL's origin.
 * - Demand control: an operation whose static cost (from @cost and @listSize in the supergraph) is over MAX_COST is
 *   refused with COST_ESTIMATED_TOO_EXPENSIVE before any subgraph is called.
 * - A response cache, one per caller (Wrike data is per token: the key is the caller's Authorization and
 *   X-Connection-Id), dropped by entity when the subgraph POSTs its invalidation request to /invalidation (the same
 *   body Apollo Router's invalidation endpoint takes; the subgraph's ROUTER_INVALIDATION_URL points here).
 *
 * Environment: GATEWAY_PUBLIC_URL (where subgraphs reach this gateway, default http://localhost:4000),
 * INVALIDATION_SECRET (the subgraph's ROUTER_INVALIDATION_SECRET; unset: /invalidation is off), MAX_COST (default
 * 5000), RESPONSE_CACHE_TTL_MS (default 60000), WRIKE_SUBGRAPH (the subgraph's name in the supergraph, default wrike).
 */
import { defineConfig, MemPubSub, type GatewayPlugin } from '@graphql-hive/gateway';
import { createInMemoryCache, useResponseCache, type Cache } from '@graphql-yoga/plugin-response-cache';

const publicUrl = (process.env.GATEWAY_PUBLIC_URL ?? 'http://localhost:4000').replace(/\/+$/, '');
const wrike = process.env.WRIKE_SUBGRAPH ?? 'wrike';
const cache = createInMemoryCache();

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
    }),
  },
  // A list without @listSize counts as 10 items (the plugin's default, 0, makes it free). In 2.15 this reaches
  // nullable lists only: a non-null one (`[Ticket!]!`) needs the schema's @listSize to count as more than one.
  demandControl: { maxCost: Number(process.env.MAX_COST ?? 5000), listSize: 10, includeExtensionMetadata: true },
  plugins: () => [
    useResponseCache({
      cache,
      ttl: Number(process.env.RESPONSE_CACHE_TTL_MS ?? 60_000),
      session: (request) => `${request.headers.get('authorization') ?? ''}|${request.headers.get('x-connection-id') ?? ''}`,
      includeExtensionMetadata: true,
    }),
    invalidationEndpoint(cache, process.env.INVALIDATION_SECRET),
  ],
});

/**
 * POST /invalidation with Apollo Router's body, `[{"kind":"cache_tag","subgraphs":["wrike"],"cache_tag":"Ticket:<id>"}]`
 * and the shared secret as `Authorization`: each tag `<Type>:<id>` drops the cached responses holding that entity,
 * a bare `<Type>` every response holding that type. Answers 202 `{"count": <tags>}` as Apollo Router does.
 */
function invalidationEndpoint(responses: Cache, secret: string | undefined): GatewayPlugin {
  return {
    onRequest({ request, url, endResponse, fetchAPI }) {
      if (url.pathname !== '/invalidation') return;
      const answer = (status: number, body: unknown) => endResponse(new fetchAPI.Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } }));
      if (!secret) return answer(404, { error: 'invalidation is off (INVALIDATION_SECRET is not set)' });
      if (request.method !== 'POST') return answer(405, { error: 'POST only' });
      if (request.headers.get('authorization') !== secret) return answer(401, { error: 'wrong or missing secret' });
      return request.json().then(async (body: unknown) => {
        if (!Array.isArray(body)) return answer(400, { error: 'expected an array of invalidations' });
        const entities = body.flatMap((item: { kind?: unknown; cache_tag?: unknown }) => {
          if (item?.kind !== 'cache_tag' || typeof item.cache_tag !== 'string') return [];
          const [typename, id] = item.cache_tag.split(':', 2);
          return typename ? [id ? { typename, id } : { typename }] : [];
        });
        await responses.invalidate(entities);
        return answer(202, { count: entities.length });
      }, () => answer(400, { error: 'the body is not JSON' }));
    },
  };
}
