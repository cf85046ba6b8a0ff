import { startSubgraph, type SubgraphHarness } from '../helpers/subgraph';

let h: SubgraphHarness;
let base: string;
beforeAll(async () => {
  h = await startSubgraph();
  base = h.server.url.replace('/graphql', '');
});
afterAll(() => h.close());

describe('operations endpoints', () => {
  it('forbids framing GraphiQL by any other site', async () => {
    const page = await fetch(`${base}/graphiql`);
    expect(page.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
  });

  it('answers /healthz and /readyz', async () => {
    expect(await (await fetch(`${base}/healthz`)).json()).toEqual({ status: 'ok' });
    const ready = await fetch(`${base}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ status: 'ready', checks: { store: true, wrike: true } });
  });

  it('reports not ready when Wrike is unreachable', async () => {
    const other = await startSubgraph({ SANDBOX: 'false', WRIKE_API_BASE_URL: 'http://127.0.0.1:9/api/v4', WRIKE_PERMANENT_TOKEN: 'x' });
    try {
      const res = await fetch(`${other.server.url.replace('/graphql', '')}/readyz`);
      expect(res.status).toBe(503);
      expect(((await res.json()) as any).checks.wrike).toBe(false);
    } finally {
      await other.close();
    }
  });

  it('exports Prometheus metrics: operations, latency, upstream calls by endpoint and status, 429 waits, cache hits', async () => {
    await h.control('/faults', { method: 'PUT', body: { force429: 1, retryAfterSeconds: 0 } });
    await h.query('{ me { id } }');
    await h.query('{ tickets(first: 5) { nodes { id assignees { id } createdBy { id } } } }');
    await h.query('{ nope }');
    const text = await (await fetch(`${base}/metrics`)).text();
    expect(text).toMatch(/graphql_operations_total\{type="query",outcome="success"\} [1-9]/);
    expect(text).toMatch(/graphql_operations_total\{type="unknown",outcome="error"\} [1-9]/);
    expect(text).toMatch(/graphql_operation_duration_seconds_bucket/);
    expect(text).toMatch(/wrike_calls_total\{method="GET",endpoint="\/contacts",status="429"\} 1/);
    expect(text).toMatch(/wrike_calls_total\{method="GET",endpoint="\/contacts\/:id",status="200"\} [1-9]/);
    expect(text).toMatch(/wrike_rate_limit_waits_total\{connection="default"\} 1/);
    expect(text).toMatch(/loader_cache_hits_total\{loader="contact"\} [0-9]/);
    expect(text).not.toMatch(/eyJ|KUAA|IEAG/);
  });

  it('tags every response with a request id (the caller\'s, when sane)', async () => {
    const given = await fetch(`${base}/healthz`, { headers: { 'X-Request-Id': 'trace-123' } });
    expect(given.headers.get('x-request-id')).toBe('trace-123');
    const insane = await fetch(`${base}/healthz`, { headers: { 'X-Request-Id': 'x'.repeat(500) } });
    expect(insane.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });
});
