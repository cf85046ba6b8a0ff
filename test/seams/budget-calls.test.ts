import { startSubgraph, type SubgraphHarness } from '../helpers/subgraph';
import { REDIS_URL, redisUp, testKeyPrefix } from '../helpers/redis';

/**
 * The seam between a request and the Wrike calls made for it: the connection's budget, calls shared by several
 * requests (by-id batches, identical GETs) and cancellation. Each test drives the server over HTTP and judges by what
 * the sandbox saw (its counters, with their timings) beside what the response says it cost.
 */

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** 1,000 ticket ids Wrike does not know: each batch of 100 narrows call after call. */
const unknownTickets = Array.from({ length: 1000 }, (_, i) => ({ __typename: 'Ticket', id: `IEAGAABKKQ${String(i).padStart(6, '0')}` }));
const ENTITIES = 'query($r: [_Any!]!) { _entities(representations: $r) { ... on Ticket { id title } } }';

/** A POST to /graphql that the test can walk away from. */
function leavingQuery(h: SubgraphHarness, query: string, variables: Record<string, unknown>, signal: AbortSignal): Promise<unknown> {
  return fetch(h.server.url, {
    method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ query, variables }), signal,
  }).then((r) => r.json()).catch((error: unknown) => error);
}

const codes = (body: { errors?: { extensions?: { code?: string } }[] }) => new Set((body.errors ?? []).map((e) => e.extensions?.code));

describe('a shared batch under a tight budget', () => {
  let h: SubgraphHarness;
  beforeAll(async () => {
    h = await startSubgraph({ SANDBOX_SIZE: 'demo', WRIKE_BUDGET_PER_MINUTE: '1200', WRIKE_BUDGET_BURST: '10', REQUEST_DEADLINE_MS: '2000' });
  });
  afterAll(() => h.close());

  it('stops calling Wrike once the request it serves has answered, and counts its calls for that request', async () => {
    await sleep(1000); // a full burst
    await h.resetCalls();
    const res = await h.query(ENTITIES, { r: unknownTickets });
    const answeredAt = Date.now();
    const atAnswer = await h.calls();
    expect(codes(res.body)).toEqual(new Set(['RATE_LIMITED']));
    // The calls that went out for it are its cost (the sandbox records a call when it has answered it).
    expect(atAnswer.total).toBeGreaterThan(0);
    expect(res.body.extensions.cost.actualCalls).toBeGreaterThanOrEqual(atAnswer.total);
    // Long enough for dozens more calls at 20 a second: none comes.
    await sleep(2500);
    const later = await h.calls();
    expect(later.total).toBe(atAnswer.total);
    expect(later.calls.every((call) => call.startedAt <= answeredAt)).toBe(true);
  });

  it('stops calling Wrike when the client goes away', async () => {
    await sleep(1000);
    await h.resetCalls();
    const gone = new AbortController();
    const pending = leavingQuery(h, ENTITIES, { r: unknownTickets }, gone.signal);
    // Leave once Wrike has seen the first calls (however busy the machine), with dozens still to come.
    for (let waited = 0; (await h.calls()).total === 0 && waited < 20_000; waited += 50) await sleep(50);
    gone.abort();
    await pending;
    const leftAt = Date.now();
    await sleep(2500);
    const calls = await h.calls();
    expect(calls.total).toBeGreaterThan(0);
    expect(calls.total).toBeLessThan(100);
    // A call the server had sent before it saw the client go (the socket's close takes a moment to reach it on a
    // busy machine) may still be answered just after; none starts later.
    expect(calls.calls.filter((call) => call.startedAt > leftAt + 300)).toEqual([]);
  });
});

describe('the call cap over shared batches', () => {
  let h: SubgraphHarness;
  beforeAll(async () => {
    h = await startSubgraph({ SANDBOX_SIZE: 'demo', MAX_QUERY_CALLS: '60' });
  });
  afterAll(() => h.close());
  beforeEach(() => h.resetCalls());

  it('a request never makes more than MAX_QUERY_CALLS Wrike calls, shared batches included; the ids cut off fail with QUERY_TOO_COMPLEX', async () => {
    const res = await h.query(ENTITIES, { r: unknownTickets });
    await sleep(300);
    const calls = await h.calls();
    expect(calls.total).toBeLessThanOrEqual(60);
    expect(res.body.extensions.cost.actualCalls).toBeLessThanOrEqual(60);
    expect(res.body.extensions.cost.actualCalls).toBeGreaterThanOrEqual(calls.total);
    expect(codes(res.body).has('QUERY_TOO_COMPLEX')).toBe(true);
  });

  it('two requests waiting on one shared call each count it in full; Wrike sees it once', async () => {
    await h.control('/faults', { method: 'PUT', body: { latencyMs: 300 } });
    try {
      const ids = [...h.server.sandbox!.store.tasks.keys()].slice(0, 100).map((id) => ({ __typename: 'Ticket', id }));
      const [a, b] = await Promise.all([h.query(ENTITIES, { r: ids }), h.query(ENTITIES, { r: ids })]);
      expect([a.body.errors, b.body.errors]).toEqual([undefined, undefined]);
      expect((await h.calls()).byRoute).toEqual({ 'GET /tasks/:ids': 1 });
      expect([a.body.extensions.cost.actualCalls, b.body.extensions.cost.actualCalls]).toEqual([1, 1]);
    } finally {
      await h.control('/faults', { method: 'DELETE' });
    }
  });
});

const budgets: [string, Record<string, string> | undefined][] = [
  ['in process', {}],
  // The budget every replica shares: the pause lives in Redis.
  ['in Redis', redisUp() ? { REDIS_URL, REDIS_KEY_PREFIX: testKeyPrefix() } : undefined],
];

describe.each(budgets)('a 429 pause, the budget %s', (_where, env) => {
  let h: SubgraphHarness;
  const run = env ? it : it.skip;
  beforeAll(async () => {
    if (env) h = await startSubgraph({ SANDBOX_SIZE: 'demo', WRIKE_MAX_CONCURRENCY: '1', ...env });
  });
  afterAll(() => h?.close());

  run('holds calls the budget admitted before it, still waiting for a concurrency slot: none reaches Wrike inside the Retry-After', async () => {
    await h.control('/faults', { method: 'PUT', body: { latencyMs: 100, force429: 1, retryAfterSeconds: 3, force429Routes: ['GET /tasks/:taskId/comments'] } });
    try {
      await h.resetCalls();
      const res = await h.query('{ tickets(first: 8) { nodes { id comments { nodes { id } } } } }');
      expect(res.body.errors).toBeUndefined();
      const { calls } = await h.calls();
      const limited = calls.filter((call) => call.status === 429);
      expect(limited).toHaveLength(1);
      const pausedFrom = limited[0]!.endedAt;
      const after = calls.filter((call) => call.startedAt >= pausedFrom);
      // The other comment calls (admitted while the 429'd one was out) and its own retry all come after the wait.
      expect(after.length).toBeGreaterThanOrEqual(8);
      for (const call of after) expect(call.startedAt).toBeGreaterThanOrEqual(pausedFrom + 3000);
    } finally {
      await h.control('/faults', { method: 'DELETE' });
    }
  });
});

describe('an identical GET shared by two requests (coalesced)', () => {
  let h: SubgraphHarness;
  // One call every 5 s, no burst: the shared call waits for its slot, 5 s after the warm-up's.
  beforeAll(async () => {
    h = await startSubgraph({ SANDBOX_SIZE: 'demo', WRIKE_BUDGET_PER_MINUTE: '12', WRIKE_BUDGET_BURST: '1', REQUEST_DEADLINE_MS: '4000' });
  });
  afterAll(() => h.close());

  const STATUSES = '{ ticketStatuses { id } }';

  it('a later caller with a longer deadline is not failed by the first caller\'s shorter one', async () => {
    await sleep(5000); // past the slot the server's start took
    expect((await h.query(STATUSES)).body.errors).toBeUndefined(); // takes the slot: the next one is 5 s away
    await h.resetCalls();
    const first = h.query(STATUSES); // its deadline passes 1 s before the slot
    await sleep(2500);
    const later = h.query(STATUSES); // its deadline is 1.5 s after the slot
    const [a, b] = await Promise.all([first, later]);
    expect(codes(a.body)).toEqual(new Set(['RATE_LIMITED']));
    expect(a.body.extensions.cost.actualCalls).toBe(0);
    expect(b.body.errors).toBeUndefined();
    expect(b.body.data.ticketStatuses.length).toBeGreaterThan(0);
    expect(b.body.extensions.cost.actualCalls).toBe(1);
    expect((await h.calls()).byRoute).toEqual({ 'GET /workflows': 1 });
  });

  it('is never sent when every caller has gone before its slot', async () => {
    await sleep(5000); // the slot after the last test's call
    expect((await h.query(STATUSES)).body.errors).toBeUndefined(); // takes the slot: the next one is 5 s away
    await h.resetCalls();
    await sleep(2000);
    // Both callers' deadlines are after the slot: only their leaving can keep the call from going out.
    const gone = new AbortController();
    const callers = [leavingQuery(h, STATUSES, {}, gone.signal), leavingQuery(h, STATUSES, {}, gone.signal)];
    await sleep(1000);
    gone.abort();
    await Promise.all(callers);
    await sleep(3000); // past the slot it was waiting for
    expect((await h.calls()).total).toBe(0);
  });
});

describe('a mutation\'s cost', () => {
  let h: SubgraphHarness;
  beforeAll(async () => {
    h = await startSubgraph({ SANDBOX_SIZE: 'demo' });
  });
  afterAll(() => h.close());

  it('is estimated in Wrike calls before it runs, as a query\'s is', async () => {
    const task = [...h.server.sandbox!.store.tasks.values()][0]!;
    const comment = await h.query('mutation($t: ID!) { createComment(input: { ticketId: $t, body: "hello" }) { comment { id } userErrors { message } } }', { t: task.id });
    expect(comment.body.data.createComment.userErrors).toEqual([]);
    expect(comment.body.extensions.cost).toMatchObject({ estimatedCalls: 1, actualCalls: 1 });
    // The ticket is read first, then written.
    const update = await h.query('mutation($t: ID!) { updateTicket(input: { id: $t, title: "renamed" }) { ticket { id } userErrors { message } } }', { t: task.id });
    expect(update.body.data.updateTicket.userErrors).toEqual([]);
    expect(update.body.extensions.cost).toMatchObject({ estimatedCalls: 2, actualCalls: 2 });
    // What the input names is checked first, in one round: the users by id, the statuses; then the write.
    const person = [...h.server.sandbox!.store.contacts.values()].find((c) => c.type === 'Person' && !c.deleted)!;
    const created = await h.query('mutation($c: ID!, $u: ID!, $s: ID!) { createTicket(input: { collectionId: $c, title: "new", assigneeIds: [$u], statusId: $s }) { ticket { id } userErrors { message } } }', {
      c: task.parentIds[0], u: person.id, s: task.customStatusId,
    });
    expect(created.body.data.createTicket.userErrors).toEqual([]);
    expect(created.body.extensions.cost).toMatchObject({ estimatedCalls: 3, actualCalls: 3 });
  });
});
