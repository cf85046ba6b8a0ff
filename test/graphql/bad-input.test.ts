import { startSubgraph, type SubgraphHarness } from '../helpers/subgraph';

let h: SubgraphHarness;
beforeAll(async () => {
  h = await startSubgraph();
});
afterAll(() => h.close());
beforeEach(() => h.resetCalls());

async function expectNoUpstreamCall() {
  expect((await h.calls()).total).toBe(0);
}

describe('bad input: a clear error and no Wrike call', () => {
  it.each([
    ['a path', '../x'], ['an encoded slash', '%2F'], ['a list', 'a,b'], ['an empty id', ''], ['a 10 KB id', 'x'.repeat(10 * 1024)],
    ['a slash', 'IEAG/KQ'], ['a query string', 'IEAG?x=1'],
  ])('refuses %s as an id', async (_label, id) => {
    const res = await h.query('query($id: ID!) { ticket(id: $id) { id } }', { id });
    expect(res.body.errors[0].extensions.code).toBe('BAD_USER_INPUT');
    expect(res.body.data.ticket).toBeNull();
    await expectNoUpstreamCall();
  });

  it('refuses bad ids in every by-id query and filter', async () => {
    for (const query of [
      '{ collection(id: "a,b") { id } }', '{ user(id: "../me") { id } }', '{ comment(id: "%2F") { id } }',
      '{ attachment(id: "") { id } }', '{ field(id: "a b") { id } }', '{ workspace(id: "x/y") { id } }',
      '{ tickets(filter: { assigneeIds: ["a,b"] }) { nodes { id } } }', '{ tickets(filter: { collectionId: "../x" }) { nodes { id } } }',
    ]) {
      const res = await h.query(query);
      expect(res.body.errors?.[0]?.extensions.code).toBe('BAD_USER_INPUT');
    }
    await expectNoUpstreamCall();
  });

  it.each([101, -1, 1000])('refuses first: %d', async (first) => {
    const res = await h.query('query($f: Int) { tickets(first: $f) { nodes { id } } }', { f: first });
    expect(res.body.errors[0].extensions.code).toBe('BAD_USER_INPUT');
    expect(res.body.errors[0].message).toMatch(/first must be between 0 and 100/);
    await expectNoUpstreamCall();
  });

  it('refuses a tampered cursor', async () => {
    const page = await h.query('{ tickets(first: 2) { pageInfo { endCursor } } }');
    const cursor: string = page.body.data.tickets.pageInfo.endCursor;
    await h.resetCalls();
    const [body, signature] = cursor.split('.');
    const payload = JSON.parse(Buffer.from(body!, 'base64url').toString());
    payload.i = 50;
    const forged = `${Buffer.from(JSON.stringify(payload)).toString('base64url')}.${signature}`;
    for (const bad of [forged, 'not-a-cursor', `${cursor}x`, 'a.b.c']) {
      const res = await h.query('query($a: String) { tickets(first: 2, after: $a) { nodes { id } } }', { a: bad });
      expect(res.body.errors[0].extensions.code).toBe('BAD_USER_INPUT');
    }
    await expectNoUpstreamCall();
  });

  it('refuses a cursor reused with other filters or on another list', async () => {
    const page = await h.query('{ tickets(first: 2) { pageInfo { endCursor } } }');
    const cursor = page.body.data.tickets.pageInfo.endCursor;
    await h.resetCalls();
    const otherFilter = await h.query('query($a: String) { tickets(first: 2, after: $a, filter: { priorities: [HIGH] }) { nodes { id } } }', { a: cursor });
    expect(otherFilter.body.errors[0].extensions.code).toBe('BAD_USER_INPUT');
    expect(otherFilter.body.errors[0].message).toMatch(/another list, other filters/);
    const otherList = await h.query('query($a: String) { users(first: 2, after: $a) { nodes { id } } }', { a: cursor });
    expect(otherList.body.errors[0].extensions.code).toBe('BAD_USER_INPUT');
    await expectNoUpstreamCall();
  });

  it('refuses a depth bomb with QUERY_TOO_COMPLEX', async () => {
    const nested = 'parents { '.repeat(15) + 'id' + ' }'.repeat(15);
    const res = await h.query(`{ tickets { nodes { ${nested} } } }`);
    expect(res.status).toBe(400);
    expect(res.body.errors[0].extensions.code).toBe('QUERY_TOO_COMPLEX');
    await expectNoUpstreamCall();
  });

  it('refuses a cost bomb with QUERY_TOO_COMPLEX', async () => {
    const res = await h.query('{ tickets(first: 100) { nodes { subtasks(first: 100) { nodes { comments(first: 100) { nodes { body author { name } } } } } } } }');
    expect(res.body.errors[0].extensions.code).toBe('QUERY_TOO_COMPLEX');
    expect(res.body.errors[0].extensions.estimatedCalls).toBeGreaterThan(120);
    expect(res.body.errors[0].extensions.maxCalls).toBe(120);
    expect(res.body.errors[0].message).toMatch(/Wrike calls/);
    await expectNoUpstreamCall();
  });

  it('refuses maxDepth out of range', async () => {
    const id = [...h.server.sandbox!.store.tasks.keys()][0];
    const res = await h.query('query($id: ID!) { ticket(id: $id) { descendants(maxDepth: 50) { nodes { id } } } }', { id });
    expect(res.body.errors[0].extensions.code).toBe('BAD_USER_INPUT');
  });

  it('masks unexpected errors and never returns stack traces', async () => {
    const res = await h.query('{ nope }');
    expect(res.body.errors[0].extensions.code).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(res.body.errors[0].extensions.stacktrace).toBeUndefined();
  });
});
