import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse } from 'graphql';
import WebSocket from 'ws';
import { createClient, type Client } from 'graphql-ws';
import type { ApolloServer } from '@apollo/server';
import { startStandaloneServer } from '@apollo/server/standalone';
import { composeServices } from '@apollo/composition';
import { startSubgraph, type SubgraphHarness } from '../helpers/subgraph';
import { freePort, stopBuiltServer } from '../helpers/process';
import { until } from '../helpers/callback-router';
import { createSupportSubgraph, typeDefs as supportTypeDefs } from '../../examples/support-subgraph/subgraph';

/**
 * A real Hive Gateway (its CLI, its own process) with the committed config (examples/hive-gateway/gateway.config.ts)
 * in front of this subgraph and the example support subgraph, over a supergraph composed here. Through it: a query
 * across both, `_entities` at the call floor, a subscription by HTTP callback, demand control (priced by the schema's
 * @cost and @listSize), the response cache (kept no longer than the subgraph's max-age) emptied by the subgraph's own
 * invalidation requests, and the subgraph's ROUTER_SECRET sent by the gateway.
 */
const ROOT = path.resolve(__dirname, '../..');
const BIN = path.join(ROOT, 'node_modules/.bin/hive-gateway');
const CONFIG = path.join(ROOT, 'examples/hive-gateway/gateway.config.ts');
const SECRET = 'gateway-invalidation-secret-0123';
const MAX_COST = 1000;
const ROUTER_SECRET = 'subgraph-router-secret-4567';
/** Straight to the subgraph (not through the gateway): it asks every request for ROUTER_SECRET. */
const DIRECT = { 'X-Router-Secret': ROUTER_SECRET };

const installed = existsSync(BIN);
if (!installed) {
  if (process.env.CI === 'true') throw new Error('@graphql-hive/gateway is not installed (npm ci installs it)');
  console.warn('SKIPPING the Hive Gateway test: @graphql-hive/gateway is not installed');
}

(installed ? describe : describe.skip)('Hive Gateway in front of the supergraph', () => {
  let wrike: SubgraphHarness;
  let support: ApolloServer;
  let gateway: ChildProcess | undefined;
  let gatewayUrl: string;
  let cases: { id: string; subject: string; reporterId: string; ticketId: string }[];
  const clients: Client[] = [];

  beforeAll(async () => {
    const [port, gatewayPort] = [await freePort(), await freePort()];
    const gatewayOrigin = `http://127.0.0.1:${gatewayPort}`;
    gatewayUrl = `${gatewayOrigin}/graphql`;
    wrike = await startSubgraph({
      PORT: String(port), PUBLIC_URL: `http://127.0.0.1:${port}`, ROUTER_CALLBACK_ORIGINS: gatewayOrigin,
      // Part of the invalidation contract (/work/brief/invalidation-wire.md): a subgraph that sends invalidations
      // sends them to the gateway; one that does not ignores these.
      ROUTER_INVALIDATION_URL: `${gatewayOrigin}/invalidation`, ROUTER_INVALIDATION_SECRET: SECRET, ROUTER_SECRET,
      // The defaults' cache times: the gateway keeps an answer no longer than the subgraph's max-age, which they set.
      CACHE_MAX_STALENESS_MS: '30000', CACHE_METADATA_TTL_MS: '300000',
    });
    // Wrike's change events reach the subgraph by its webhook, registered at start.
    await until(async () => (await wrike.query('{ connections { webhook { status } } }', undefined, DIRECT)).body.data?.connections[0]?.webhook?.status === 'ACTIVE', 'the hook is active');
    const store = wrike.server.sandbox!.store;
    const tickets = [...store.tasks.values()].filter((t) => t.scope === 'WsTask').slice(0, 30);
    const people = store.activePeople();
    cases = tickets.map((t, i) => ({ id: `case-${i}`, subject: `Customer report ${i}`, reporterId: people[i % people.length]!.id, ticketId: t.id }));
    support = createSupportSubgraph(cases);
    const supportUrl = (await startStandaloneServer(support, { listen: { port: 0, host: '127.0.0.1' } })).url;
    const wrikeSdl = (await wrike.query('{ _service { sdl } }', undefined, DIRECT)).body.data._service.sdl;
    const composed = composeServices([
      { name: 'wrike', typeDefs: parse(wrikeSdl), url: wrike.server.url.replace('localhost', '127.0.0.1') },
      { name: 'support', typeDefs: supportTypeDefs, url: supportUrl },
    ]);
    if (composed.errors) throw new Error(composed.errors.map((e) => e.message).join('\n'));
    const supergraph = path.join(mkdtempSync(path.join(os.tmpdir(), 'hive-gateway-')), 'supergraph.graphql');
    writeFileSync(supergraph, composed.supergraphSdl);

    gateway = spawn(BIN, ['supergraph', supergraph, '-c', CONFIG, '--port', String(gatewayPort), '--host', '127.0.0.1'], {
      cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, GATEWAY_PUBLIC_URL: gatewayOrigin, INVALIDATION_SECRET: SECRET, ROUTER_SECRET, MAX_COST: String(MAX_COST), NODE_ENV: 'test' },
    });
    let output = '';
    for (const stream of [gateway.stdout, gateway.stderr]) stream?.on('data', (chunk: Buffer) => (output = (output + chunk.toString()).slice(-4000)));
    const end = Date.now() + 45_000;
    while (!(await fetch(`${gatewayOrigin}/readiness`).then((r) => r.ok, () => false))) {
      if (gateway.exitCode !== null) throw new Error(`Hive Gateway exited with ${gateway.exitCode}: ${output}`);
      if (Date.now() > end) throw new Error(`Hive Gateway did not start within 45 s: ${output}`);
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }, 90_000);

  afterAll(async () => {
    await Promise.all(clients.map((c) => c.dispose()));
    if (gateway) await stopBuiltServer(gateway);
    await support?.stop();
    await wrike?.close();
  });

  const query = async (text: string, variables?: Record<string, unknown>) => {
    const response = await fetch(gatewayUrl, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ query: text, variables }) });
    return { status: response.status, body: (await response.json()) as any };
  };
  const store = () => wrike.server.sandbox!.store;
  const sentInvalidations = async () => {
    const metrics = await (await fetch(wrike.server.url.replace(/\/graphql$/, '/metrics'), { headers: DIRECT })).text();
    return Number(/router_invalidations_total\{outcome="sent"\} (\d+)/.exec(metrics)?.[1] ?? 0);
  };

  it('sends the subgraph its ROUTER_SECRET, which the subgraph asks of every request', async () => {
    const direct = await wrike.query('{ tickets(first: 1) { nodes { id } } }');
    expect(direct.status).toBe(401);
    const through = await query('{ tickets(first: 1) { nodes { id } } }');
    expect(through.body.errors).toBeUndefined();
    expect(through.body.data.tickets.nodes).toHaveLength(1);
  });

  // First, while the subgraph's entity cache is cold.
  it('reads the 30 tickets of `_entities` in one Wrike call, and their 30 reporters in one', async () => {
    await wrike.resetCalls();
    const res = await query('{ supportCases { ticket { title } reporter { name } } }');
    expect(res.body.errors).toBeUndefined();
    const calls = await wrike.calls();
    expect(calls.byRoute).toEqual({ 'GET /tasks/:ids': 1, 'GET /contacts/:ids': 1 });
  });

  it('answers one query with fields from both subgraphs', async () => {
    const res = await query('{ supportCases { id subject reporter { id name } ticket { id title } } }');
    expect(res.body.errors).toBeUndefined();
    expect(res.body.data.supportCases).toHaveLength(cases.length);
    for (const c of res.body.data.supportCases) {
      const source = cases.find((x) => x.id === c.id)!;
      expect(c.ticket).toEqual({ id: source.ticketId, title: store().tasks.get(source.ticketId)!.title });
      const person = store().contacts.get(source.reporterId)!;
      expect(c.reporter).toEqual({ id: source.reporterId, name: `${person.firstName} ${person.lastName}` });
    }
  });

  it('delivers a subscription through the gateway (the subgraph calls the gateway back), joined with the other subgraph', async () => {
    const source = cases[0]!;
    const client = createClient({ url: gatewayUrl.replace('http', 'ws'), webSocketImpl: WebSocket, retryAttempts: 0, lazy: false });
    clients.push(client);
    const events: any[] = [];
    client.subscribe({ query: `subscription { ticketEvents(filter: { ticketIds: ["${source.ticketId}"] }) { ticketId ticket { title supportCases { subject } } } }` }, {
      next: (value) => events.push(value), error: (error) => events.push({ error }), complete: () => undefined,
    });
    await new Promise((resolve) => setTimeout(resolve, 1500)); // the gateway's subscription is checked and registered
    await wrike.wrike('PUT', `/tasks/${source.ticketId}`, { title: 'Seen through the gateway' });
    await until(() => events.length > 0, 'the event arrives through the gateway', 10_000);
    expect(events[0]).toMatchObject({ data: { ticketEvents: { ticketId: source.ticketId, ticket: { title: 'Seen through the gateway', supportCases: [{ subject: source.subject }] } } } });
  });

  it('refuses an operation over the demand-control budget before calling any subgraph', async () => {
    await wrike.resetCalls();
    // 1,200 ticket lookups: each costs at least 1 (the Ticket type) with or without @cost and @listSize in the schema.
    const ids = cases.map((c) => c.ticketId);
    const wide = `{ ${Array.from({ length: 1200 }, (_, i) => `t${i}: ticket(id: "${ids[i % ids.length]}") { id }`).join(' ')} }`;
    const res = await query(wide);
    // The gateway's code, not the subgraph's QUERY_TOO_COMPLEX: no subgraph saw it.
    expect(res.body.errors?.[0]?.extensions?.code).toBe('COST_ESTIMATED_TOO_EXPENSIVE');
    // Refused at the gateway's call to the subgraph (the plugin prices each subgraph request): every field null.
    expect(Object.values(res.body.data ?? {}).every((value) => value === null)).toBe(true);
    expect((await wrike.calls()).total).toBe(0);
    // Cheap without the schema's directives (a non-null list counts as one item, no weights): 100 tickets with their
    // comments are 101 Wrike calls, over 10,000 by @cost and @listSize.
    const priced = await query('{ tickets(first: 100) { nodes { id comments { nodes { id } } } } }');
    expect(priced.body.errors?.[0]?.extensions?.code).toBe('COST_ESTIMATED_TOO_EXPENSIVE');
    expect((await wrike.calls()).total).toBe(0);
    const cheap = await query(`{ ticket(id: "${ids[1]}") { id title } }`);
    expect(cheap.body.errors).toBeUndefined();
    expect(cheap.body.extensions.cost.estimated).toBeLessThanOrEqual(MAX_COST);
  });

  it('serves a repeated query from its response cache, and drops it when a Wrike change is invalidated', async () => {
    const id = cases[2]!.ticketId;
    const read = `{ ticket(id: "${id}") { id title } }`;
    const first = await query(read);
    expect(first.body.data.ticket.title).toBe(store().tasks.get(id)!.title);
    await wrike.resetCalls();
    const second = await query(read);
    expect(second.body).toMatchObject({ data: first.body.data, extensions: { responseCache: { hit: true } } });
    expect((await wrike.calls()).total).toBe(0);

    const invalidate = (secret: string) => fetch(gatewayUrl.replace('/graphql', '/invalidation'), {
      method: 'POST', headers: { 'Content-Type': 'application/json', Authorization: secret },
      body: JSON.stringify([{ kind: 'cache_tag', subgraphs: ['wrike'], cache_tag: `Ticket:${id}` }]),
    });
    expect((await invalidate('not-the-secret')).status).toBe(401);
    expect((await query(read)).body.extensions.responseCache.hit).toBe(true);

    // A change in Wrike: its webhook reaches the subgraph, which tells the gateway (nobody else does here).
    const sentBefore = await sentInvalidations();
    await wrike.wrike('PUT', `/tasks/${id}`, { title: 'Changed behind the cache' });
    await until(async () => (await query(read)).body.data.ticket.title === 'Changed behind the cache', 'the gateway answers the new title', 5000);
    expect(await sentInvalidations()).toBeGreaterThan(sentBefore);
    const again = await query(read);
    expect(again.body.extensions.responseCache.hit).toBe(true);

    // A type tag for the account (what a change to every entity of a type sends) drops every answer holding the type.
    const typeWide = await fetch(gatewayUrl.replace('/graphql', '/invalidation'), {
      method: 'POST', headers: { 'Content-Type': 'application/json', Authorization: SECRET },
      body: JSON.stringify([{ kind: 'cache_tag', subgraphs: ['wrike'], cache_tag: `Ticket@${store().account.id}` }]),
    });
    expect(typeWide.status).toBe(202);
    expect(await typeWide.json()).toEqual({ count: 1 });
    expect((await query(read)).body.extensions.responseCache.hit).toBe(false);
  });

  it('keeps no answer the subgraph says not to keep (time logs, change feeds), and others no longer than its max-age', async () => {
    for (const text of [
      '{ timeLogs(first: 1) { nodes { id } } }',
      '{ ticketChanges(since: "2000-01-01T00:00:00Z", first: 2) { nodes { id } } }',
    ]) {
      const first = await query(text);
      expect(first.body.errors).toBeUndefined();
      expect({ text, cache: first.body.extensions.responseCache }).toEqual({ text, cache: { hit: false, didCache: false } });
      expect((await query(text)).body.extensions.responseCache.hit).toBe(false);
    }
    // A ticket answer is kept, for at most the subgraph's max-age (CACHE_MAX_STALENESS_MS, 30 s here).
    const kept = await query(`{ ticket(id: "${cases[3]!.ticketId}") { id title } }`);
    expect(kept.body.extensions.responseCache).toMatchObject({ hit: false, didCache: true });
    expect(kept.body.extensions.responseCache.ttl).toBeLessThanOrEqual(30_000);
    // Tickets without their ids too: this cache adds `id` to what it asks (to find entities), so the subgraph sees and
    // tags them (an answer the subgraph could not tag would be max-age=0 and not kept).
    const listed = await query('{ tickets(first: 2) { nodes { title } } }');
    expect(listed.body.extensions.responseCache).toMatchObject({ hit: false, didCache: true });
    expect(listed.body.data.tickets.nodes[0]).toEqual({ title: expect.any(String) });
  });
});
