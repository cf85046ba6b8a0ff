import autocannon from 'autocannon';
import { startServerProcess, type Rig } from './harness';

export interface ThroughputRow {
  name: string;
  subgraphRps: number;
  ceilingRps: number;
  ratio: number;
  /** Wrike calls the subgraph made per answered request (below 1 when identical calls in flight were shared). */
  callsPerRequest: number;
}

/** 32 connections for 8 s, after 2 s of the same load to warm the JIT of both sides (not measured). */
async function load(options: autocannon.Options, beforeMeasuring = () => {}): Promise<{ perSecond: number; total: number }> {
  await autocannon({ connections: 32, duration: 2, ...options });
  beforeMeasuring();
  const result = await autocannon({ connections: 32, duration: 8, ...options });
  if (result.non2xx > 0 || result.errors > 0) throw new Error(`${options.url}: ${result.non2xx} non-2xx answers, ${result.errors} errors`);
  return { perSecond: result.requests.average, total: result.requests.total };
}

/**
 * Requests per second of the subgraph at 32 connections, with no rate limit, beside the same upstream calls made
 * straight to the sandbox by the same generator (the ceiling: what the upstream alone can do on this machine).
 * `ticket(id)` runs with account metadata cached (its default) and the entity cache off: one Wrike call per request.
 */
export async function throughput(rig: Rig): Promise<ThroughputRow[]> {
  const store = rig.sandbox.store;
  const id = [...store.tasks.values()].find((t) => t.scope === 'WsTask')!.id;
  const token = rig.sandbox.permanentTokens.owner;
  const api = `${rig.sandbox.url}/api/v4`;
  const warmMetadata = await startServerProcess(rig.sandbox, rig.sandbox.url, { CACHE_METADATA_TTL_MS: '300000' });
  const gql = (query: string, url = rig.url) => ({ url, method: 'POST' as const, headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query }) });
  const cases = [
    {
      name: 'ticket(id) { id title status { name } }, metadata warm, entity cache off',
      subgraph: gql(`{ ticket(id: "${id}") { id title status { name } } }`, warmMetadata.url),
      // The same upstream work: the task by id (the workflows come from the cache).
      direct: [`${api}/tasks/${id}`],
    },
    {
      name: 'tickets(first: 20) { id title priority }',
      subgraph: gql('{ tickets(first: 20) { nodes { id title priority } } }'),
      direct: [`${api}/tasks?pageSize=20&descendants=true`],
    },
  ];
  const rows: ThroughputRow[] = [];
  // Warm the metadata cache.
  await fetch(warmMetadata.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: `{ ticket(id: "${id}") { status { name } } }` }) });
  for (const c of cases) {
    const subgraph = await load(c.subgraph, () => rig.resetCalls());
    const subgraphRps = subgraph.perSecond;
    const callsPerRequest = Number((rig.calls().length / subgraph.total).toFixed(2));
    // The ceiling runs the upstream calls of one request in sequence, as one "request" of the generator.
    const requests = c.direct.map((path) => ({ method: 'GET' as const, path: new URL(path).pathname + new URL(path).search }));
    const ceilingRps = (await load({ url: rig.sandbox.url, headers: { authorization: `Bearer ${token}` }, requests })).perSecond;
    rows.push({ name: c.name, subgraphRps: Math.round(subgraphRps), ceilingRps: Math.round(ceilingRps / requests.length), ratio: Number((subgraphRps / (ceilingRps / requests.length)).toFixed(2)), callsPerRequest });
  }
  await warmMetadata.stop();
  return rows;
}
