import { startSubgraph, type SubgraphHarness } from '../helpers/subgraph';
import { linkThroughConsentPage } from '../helpers/oauth-link';

describe('faults, upstream', () => {
  let h: SubgraphHarness;
  beforeAll(async () => {
    h = await startSubgraph();
  });
  afterAll(() => h.close());
  beforeEach(async () => {
    await h.control('/faults', { method: 'DELETE' });
    await h.resetCalls();
  });

  it('waits out a 429 storm, making no more calls than the sandbox allows', async () => {
    await h.control('/faults', { method: 'PUT', body: { force429: 3, retryAfterSeconds: 1 } });
    const res = await h.query('{ me { id } }');
    expect(res.body.errors).toBeUndefined();
    expect(res.body.data.me.id).toBe(h.server.sandbox!.store.ownerId);
    const calls = await h.calls();
    expect(calls.byRoute['GET /contacts']).toBe(4);
    // Each retry came after Retry-After.
    const times = calls.calls.map((c) => c.startedAt);
    for (let i = 1; i < times.length; i++) expect(times[i]! - times[i - 1]!).toBeGreaterThanOrEqual(950);
  });

  it('retries a burst of 503s on reads', async () => {
    await h.control('/faults', { method: 'PUT', body: { failNext: 2, errorStatus: 503 } });
    const res = await h.query('{ ticketStatuses { id } }');
    expect(res.body.errors).toBeUndefined();
    expect(res.body.data.ticketStatuses.length).toBeGreaterThan(0);
    expect((await h.calls()).byRoute['GET /workflows']).toBe(3);
  });

  it('fails only the fields that needed a failed call', async () => {
    await h.control('/faults', { method: 'PUT', body: { errorRate: 1, errorStatus: 500 } });
    const res = await h.query('{ ticketStatuses { id } }');
    await h.control('/faults', { method: 'DELETE' });
    expect(res.body.errors[0].extensions.code).toBe('UPSTREAM_UNAVAILABLE');
    expect(res.body.errors[0].path).toEqual(['ticketStatuses']);
  });
});

describe('faults, credentials', () => {
  let h: SubgraphHarness;
  let connectionId: string;

  beforeAll(async () => {
    h = await startSubgraph();
    ({ connectionId } = (await linkThroughConsentPage(h)) as { connectionId: string });
  });
  afterAll(() => h.close());

  const viaOAuth = () => ({ 'X-Connection-Id': connectionId });

  it('shares one refresh among 50 concurrent requests at token expiry', async () => {
    const sandbox = h.server.sandbox!;
    const first = await h.query('{ me { id } }', {}, viaOAuth());
    expect(first.body.data.me.id).toBe(sandbox.store.ownerId);
    const issued = sandbox.tokens.issuedCount;
    await h.control('/tokens/expire', { method: 'POST' });
    const results = await Promise.all(Array.from({ length: 50 }, () => h.query('{ me { id name } }', {}, viaOAuth())));
    for (const res of results) expect(res.body.data.me.id).toBe(sandbox.store.ownerId);
    expect(sandbox.tokens.issuedCount - issued).toBe(1);
  });

  it('answers CONNECTION_NEEDS_REAUTH when the refresh token is dead, without leaking tokens', async () => {
    await h.control('/tokens/revoke-refresh', { method: 'POST' });
    await h.control('/tokens/expire', { method: 'POST' });
    const res = await h.query('{ me { id } }', {}, viaOAuth());
    expect(res.body.errors[0].extensions.code).toBe('CONNECTION_NEEDS_REAUTH');
    expect(JSON.stringify(res.body)).not.toMatch(/sbx_(at|rt)_/);
    // The default connection is unaffected.
    const other = await h.query('{ me { id } }', {}, { 'X-Connection-Id': 'default' });
    expect(other.body.data.me.id).toBeDefined();
  });

  it('requires X-Connection-Id when there are several connections, and refuses unknown ones', async () => {
    const missing = await h.query('{ me { id } }');
    expect(missing.body.errors[0].extensions.code).toBe('BAD_USER_INPUT');
    expect(missing.body.errors[0].message).toMatch(/X-Connection-Id/);
    const unknown = await h.query('{ me { id } }', {}, { 'X-Connection-Id': 'someone-else' });
    expect(unknown.status).toBe(403);
    expect(unknown.body.errors[0].extensions.code).toBe('FORBIDDEN');
  });
});

describe('rate limits beyond patience', () => {
  let h: SubgraphHarness;
  beforeAll(async () => {
    h = await startSubgraph();
  });
  afterAll(() => h.close());

  it('answers RATE_LIMITED with retryAfter when Wrike asks for a longer wait than the client allows', async () => {
    await h.control('/faults', { method: 'PUT', body: { force429: 1, retryAfterSeconds: 90 } });
    await h.resetCalls();
    const res = await h.query('{ me { id } }');
    expect(res.body.errors[0].extensions).toEqual({ code: 'RATE_LIMITED', retryAfter: 90 });
    expect((await h.calls()).total).toBe(1);
  });
});
