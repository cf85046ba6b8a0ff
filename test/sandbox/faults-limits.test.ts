import { startSandbox, type SandboxHarness } from '../helpers/sandbox';

describe('rate limit', () => {
  let h: SandboxHarness;
  beforeAll(async () => {
    // The bucket alone here (a rolling second with room for the burst); the rolling second has its own test below.
    h = await startSandbox({ rateLimitPerMinute: 60, rateLimitBurst: 5, rateLimitPerSecond: 100 });
  });
  afterAll(() => h.close());

  it('answers 429 with Retry-After once a token has spent its bucket, per token', async () => {
    const statuses: number[] = [];
    let retryAfter: string | null = null;
    for (let i = 0; i < 7; i++) {
      const res = await h.api('/version');
      statuses.push(res.status);
      if (res.status === 429) {
        retryAfter = res.headers.get('retry-after');
        expect(res.body).toEqual({ error: 'rate_limit_exceeded', errorDescription: 'Rate limit exceeded, try again later' });
      }
    }
    expect(statuses.slice(0, 5)).toEqual([200, 200, 200, 200, 200]);
    expect(statuses.slice(5)).toEqual([429, 429]);
    expect(Number(retryAfter)).toBeGreaterThanOrEqual(1);
    // Another token has its own bucket.
    const other = await h.api('/version', { token: h.sandbox.permanentTokens.admin });
    expect(other.status).toBe(200);
  });

  it('enforces the strict per-second share, ⌈400 / 60⌉ = 7 in any rolling second, however large the burst', async () => {
    const settings = await h.control('/settings', { method: 'PUT', body: { rateLimitPerMinute: 400, rateLimitBurst: 100, rateLimitPerSecond: null } });
    expect(settings).toMatchObject({ rateLimitPerSecond: 7 });
    const statuses = await Promise.all(Array.from({ length: 9 }, async () => {
      const res = await h.api('/version');
      return { status: res.status, retryAfter: res.headers.get('retry-after') };
    }));
    expect(statuses.filter((s) => s.status === 200)).toHaveLength(7);
    expect(statuses.filter((s) => s.status === 429).map((s) => s.retryAfter)).toEqual(['1', '1']);
    await new Promise((resolve) => setTimeout(resolve, 1100));
    expect((await h.api('/version')).status).toBe(200);
    // Configurable like the other limits.
    expect(await h.control('/settings', { method: 'PUT', body: { rateLimitPerSecond: 2 } })).toMatchObject({ rateLimitPerSecond: 2 });
    expect([(await h.api('/version')).status, (await h.api('/version')).status, (await h.api('/version')).status]).toEqual([200, 200, 429]);
    await h.control('/settings', { method: 'PUT', body: { rateLimitPerSecond: 100 } });
  });

  it('refills at the per-minute rate', async () => {
    await h.control('/settings', { method: 'PUT', body: { rateLimitPerMinute: 60, rateLimitBurst: 1 } });
    expect((await h.api('/version')).status).toBe(200);
    expect((await h.api('/version')).status).toBe(429);
    await new Promise((resolve) => setTimeout(resolve, 1100)); // 60/min = one a second
    expect((await h.api('/version')).status).toBe(200);
  });
});

describe('fault injection and counters', () => {
  let h: SandboxHarness;
  beforeAll(async () => {
    h = await startSandbox();
  });
  afterAll(() => h.close());
  beforeEach(async () => {
    await h.control('/faults', { method: 'DELETE' });
    await h.control('/counters', { method: 'DELETE' });
  });

  it('fails the next N calls with the chosen server error', async () => {
    await h.control('/faults', { method: 'PUT', body: { failNext: 2, errorStatus: 503 } });
    const statuses = [];
    for (let i = 0; i < 3; i++) statuses.push((await h.api('/version')).status);
    expect(statuses).toEqual([503, 503, 200]);
  });

  it('answers every call with 500 at errorRate 1', async () => {
    await h.control('/faults', { method: 'PUT', body: { errorRate: 1, errorStatus: 500 } });
    const res = await h.api('/account');
    expect(res.status).toBe(500);
    expect(res.body.error).toBe('server_error');
  });

  it('forces 429s with the configured Retry-After', async () => {
    await h.control('/faults', { method: 'PUT', body: { force429: 1, retryAfterSeconds: 7 } });
    const res = await h.api('/version');
    expect(res.status).toBe(429);
    expect(res.headers.get('retry-after')).toBe('7');
    expect((await h.api('/version')).status).toBe(200);
  });

  it('adds latency to every call', async () => {
    await h.control('/faults', { method: 'PUT', body: { latencyMs: 120 } });
    await h.api('/version');
    const counters = await h.control('/counters');
    const call = counters.calls[counters.calls.length - 1];
    expect(call.endedAt - call.startedAt).toBeGreaterThanOrEqual(115);
  });

  it('holds the answers of one route, made from the data as it was when the call arrived', async () => {
    const id = [...h.sandbox.store.tasks.keys()][0]!;
    const before = h.sandbox.store.tasks.get(id)!.title;
    await h.control('/faults', { method: 'PUT', body: { routeLatencyMs: { 'GET /tasks/:ids': 300 } } });
    const slow = h.api(`/tasks/${id}`);
    while (h.sandbox.faults.holding === 0) await new Promise((resolve) => setTimeout(resolve, 5));
    // Changed while the answer is held: the answer still says what was read.
    h.sandbox.store.tasks.get(id)!.title = 'Changed while held';
    expect((await h.api('/version')).status).toBe(200);
    expect((await slow).body.data[0].title).toBe(before);
    const calls = (await h.control('/counters')).calls as { route: string; startedAt: number; endedAt: number }[];
    const held = calls.find((c) => c.route === 'GET /tasks/:ids')!;
    expect(held.endedAt - held.startedAt).toBeGreaterThanOrEqual(295);
    expect(h.sandbox.faults.holding).toBe(0);
    h.sandbox.store.tasks.get(id)!.title = before;
  });

  it('refuses bad fault settings', async () => {
    const bad = await fetch(`${h.url}/__sandbox/faults`, {
      method: 'PUT', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ routeLatencyMs: { 'GET /tasks/:ids': -1 } }),
    });
    expect(bad.status).toBe(400);
    const res = await fetch(`${h.url}/__sandbox/faults`, {
      method: 'PUT', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ errorRate: 2 }),
    });
    expect(res.status).toBe(400);
  });

  it('counts calls by method and path template, token and status, and resets', async () => {
    const ids = [...h.sandbox.store.tasks.keys()];
    await h.api(`/tasks/${ids[0]}`);
    await h.api(`/tasks/${ids[1]},${ids[2]}`);
    await h.api('/tasks', { query: { limit: 1 } });
    await h.api('/version', { token: h.sandbox.permanentTokens.regular });
    await h.api('/tasks', { token: 'bogus' });
    const counters = await h.control('/counters');
    expect(counters.total).toBe(5);
    expect(counters.byRoute['GET /tasks/:ids']).toBe(2);
    expect(counters.byRoute['GET /tasks']).toBe(1);
    expect(counters.byRoute['GET /version']).toBe(1);
    expect(counters.byStatus['401']).toBe(1);
    const regularLabel = `permanent:${h.sandbox.store.contacts.get(JSON.parse(Buffer.from(h.sandbox.permanentTokens.regular.split('.')[1] as string, 'base64url').toString()).sub)?.id}`;
    expect(counters.byToken[regularLabel]).toBe(1);
    await h.control('/counters', { method: 'DELETE' });
    expect((await h.control('/counters')).total).toBe(0);
  });

  it('serves the control API to loopback only and not under /api/v4', async () => {
    const res = await h.api('/__sandbox/counters');
    expect(res.status).toBe(404);
  });
});
