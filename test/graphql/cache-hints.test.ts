import { startSubgraph, type SubgraphHarness } from '../helpers/subgraph';

/**
 * Cache hints on /graphql answers, over HTTP: a query is `private, max-age` = the shortest over the types it holds
 * (tickets: CACHE_MAX_STALENESS_MS, people and other metadata: CACHE_METADATA_TTL_MS, time logs and change feeds: 0,
 * anything else: the tickets' time) and names the entities it holds as cache tags in the extensions Apollo Router
 * reads (`Type:id`, and `Type@account` for each type it holds); mutations, errors and refusals are `no-store` without
 * tags.
 */
let h: SubgraphHarness;
let account: string;

async function post(body: unknown, headers: Record<string, string> = {}) {
  const response = await fetch(h.server.url, { method: 'POST', headers: { 'Content-Type': 'application/json', ...headers }, body: JSON.stringify(body) });
  return { status: response.status, cacheControl: response.headers.get('cache-control'), body: (await response.json()) as any };
}

beforeAll(async () => {
  h = await startSubgraph({ CACHE_MAX_STALENESS_MS: '30000', CACHE_METADATA_TTL_MS: '300000' });
  account = h.server.sandbox!.store.account.id;
});
afterAll(() => h.close());

describe('Cache-Control and cache tags', () => {
  it('a ticket query is private for the tickets\' time, tagged with every entity it holds', async () => {
    const r = await post({ query: '{ tickets(first: 2) { nodes { id title assignees { id } } } }' });
    expect(r.status).toBe(200);
    expect(r.body.errors).toBeUndefined();
    expect(r.cacheControl).toBe('private, max-age=30');
    const nodes = r.body.data.tickets.nodes as { id: string; assignees: { id: string }[] }[];
    expect(nodes.length).toBe(2);
    const tags: string[] = r.body.extensions.apolloCacheTags;
    for (const node of nodes) {
      expect(tags).toContain(`Ticket:${node.id}`);
      for (const user of node.assignees) expect(tags).toContain(`User:${user.id}`);
    }
    expect(tags).toContain(`Ticket@${account}`);
    expect(tags).toContain(`User@${account}`);
    expect(tags).not.toContain('Ticket');
    expect(r.body.extensions.apolloEntityCacheTags).toBeUndefined();
  });

  it('a metadata-only query is kept longer; one holding time logs is not kept at all', async () => {
    const users = await post({ query: '{ users(first: 3) { nodes { id } } }' });
    expect(users.cacheControl).toBe('private, max-age=300');
    expect(users.body.extensions.apolloCacheTags).toEqual(expect.arrayContaining(users.body.data.users.nodes.map((u: { id: string }) => `User:${u.id}`)));
    const logs = await post({ query: '{ timeLogs(first: 1) { nodes { id } } }' });
    expect(logs.body.errors).toBeUndefined();
    expect(logs.body.data.timeLogs.nodes).toHaveLength(1);
    expect(logs.cacheControl).toBe('private, max-age=0');
  });

  it('a query holding none of the aged types gets the tickets\' time (the shorter) and no tags', async () => {
    const r = await post({ query: '{ __typename }' });
    expect(r.cacheControl).toBe('private, max-age=30');
    expect(r.body.extensions.apolloCacheTags).toBeUndefined();
    // A ticket list's page info alone: the connection type is in no list, so it gets the tickets' time.
    const page = await post({ query: '{ tickets(first: 1) { pageInfo { hasNextPage } } }' });
    expect(page.body.errors).toBeUndefined();
    expect(page.cacheControl).toBe('private, max-age=30');
  });

  it('change feeds are never kept, an empty page or not', async () => {
    const future = new Date(Date.now() + 3_600_000).toISOString();
    const tickets = await post({ query: 'query($s: DateTime!) { ticketChanges(since: $s, first: 5) { nodes { id } tombstones { id } pageInfo { hasNextPage endCursor } } }', variables: { s: future } });
    expect(tickets.body.errors).toBeUndefined();
    expect(tickets.body.data.ticketChanges.nodes).toEqual([]);
    expect(tickets.cacheControl).toBe('private, max-age=0');
    const comments = await post({ query: 'query($s: DateTime!) { commentChanges(since: $s, first: 5) { nodes { id } pageInfo { hasNextPage } } }', variables: { s: future } });
    expect(comments.body.errors).toBeUndefined();
    expect(comments.body.data.commentChanges.nodes).toEqual([]);
    expect(comments.cacheControl).toBe('private, max-age=0');
    const past = await post({ query: '{ ticketChanges(since: "2000-01-01T00:00:00Z", first: 2) { nodes { id } } }' });
    expect(past.body.errors).toBeUndefined();
    expect(past.body.data.ticketChanges.nodes.length).toBeGreaterThan(0);
    expect(past.cacheControl).toBe('private, max-age=0');
  });

  it('tickets held without their ids cannot be invalidated, so the answer is not kept', async () => {
    const r = await post({ query: '{ tickets(first: 2) { nodes { title } } }' });
    expect(r.body.errors).toBeUndefined();
    expect(r.body.data.tickets.nodes).toHaveLength(2);
    expect(r.cacheControl).toBe('private, max-age=0');
    expect(r.body.extensions.apolloCacheTags).toEqual([`Ticket@${account}`]);
  });

  it('people held without their ids are tagged with their type for the account (every change of them names it)', async () => {
    const r = await post({ query: '{ users(first: 2) { nodes { name } } }' });
    expect(r.body.errors).toBeUndefined();
    expect(r.cacheControl).toBe('private, max-age=300');
    expect(r.body.extensions.apolloCacheTags).toEqual([`User@${account}`]);
  });

  it('an id under an alias is still the id; a field aliased as id is not', async () => {
    const list = await post({ query: '{ tickets(first: 1) { nodes { id title } } }' });
    const { id, title } = list.body.data.tickets.nodes[0];
    const r = await post({ query: '{ tickets(first: 1) { nodes { key: id id: title } } }' });
    expect(r.body.data.tickets.nodes[0]).toEqual({ key: id, id: title });
    expect(r.body.extensions.apolloCacheTags).toEqual([`Ticket:${id}`, `Ticket@${account}`]);
    expect(r.cacheControl).toBe('private, max-age=30');
  });

  it('a subscription sent over HTTP is no-store', async () => {
    const r = await post({ query: 'subscription { ticketEvents { type } }' }, { Accept: 'application/json' });
    expect(r.cacheControl).toBe('no-store');
  });

  it('a ticket asked for by id without selecting its id is still tagged with it', async () => {
    const list = await post({ query: '{ tickets(first: 1) { nodes { id } } }' });
    const id = list.body.data.tickets.nodes[0].id;
    const r = await post({ query: 'query($id: ID!) { ticket(id: $id) { title } }', variables: { id } });
    expect(r.body.extensions.apolloCacheTags).toEqual([`Ticket:${id}`, `Ticket@${account}`]);
    expect(r.cacheControl).toBe('private, max-age=30');
  });

  it('an _entities answer carries one tag list per entity, in order', async () => {
    const list = await post({ query: '{ tickets(first: 2) { nodes { id } } users(first: 1) { nodes { id } } }' });
    const [a, b] = list.body.data.tickets.nodes.map((n: { id: string }) => n.id);
    const user = list.body.data.users.nodes[0].id;
    const r = await post({
      query: 'query($r: [_Any!]!) { _entities(representations: $r) { __typename ... on Ticket { id title } ... on User { id } } }',
      variables: { r: [{ __typename: 'Ticket', id: a }, { __typename: 'User', id: user }, { __typename: 'Ticket', id: b }] },
    });
    expect(r.body.errors).toBeUndefined();
    expect(r.body.extensions.apolloEntityCacheTags).toEqual([[`Ticket:${a}`, `Ticket@${account}`], [`User:${user}`, `User@${account}`], [`Ticket:${b}`, `Ticket@${account}`]]);
    expect(r.body.extensions.apolloCacheTags).toBeUndefined();
    expect(r.cacheControl).toBe('private, max-age=30');
  });

  it('an _entities answer that does not select id is tagged with the ids of the representations', async () => {
    const list = await post({ query: '{ tickets(first: 2) { nodes { id } } }' });
    const [a, b] = list.body.data.tickets.nodes.map((n: { id: string }) => n.id);
    const r = await post({
      query: 'query($r: [_Any!]!) { _entities(representations: $r) { __typename ... on Ticket { title } } }',
      variables: { r: [{ __typename: 'Ticket', id: a }, { __typename: 'Ticket', id: b }] },
    });
    expect(r.body.errors).toBeUndefined();
    expect(r.body.extensions.apolloEntityCacheTags).toEqual([[`Ticket:${a}`, `Ticket@${account}`], [`Ticket:${b}`, `Ticket@${account}`]]);
    expect(r.cacheControl).toBe('private, max-age=30');
  });

  it('a mutation is no-store and carries no tags', async () => {
    const list = await post({ query: '{ tickets(first: 1) { nodes { id } } }' });
    const id = list.body.data.tickets.nodes[0].id;
    const r = await post({ query: 'mutation($id: ID!) { updateTicket(input: { id: $id, title: "Cache hints" }) { ticket { id title } userErrors { message } } }', variables: { id } });
    expect(r.body.data.updateTicket.ticket.title).toBe('Cache hints');
    expect(r.cacheControl).toBe('no-store');
    expect(r.body.extensions?.apolloCacheTags).toBeUndefined();
  });

  it('an answer with an error, a refused query and a bad request are no-store', async () => {
    const notFound = await post({ query: '{ ticket(id: "not a wrike id") { id } }' });
    expect(notFound.body.errors?.length).toBeGreaterThan(0);
    expect(notFound.cacheControl).toBe('no-store');
    expect(notFound.body.extensions?.apolloCacheTags).toBeUndefined();
    const invalid = await post({ query: '{ nosuchfield }' });
    expect(invalid.status).toBe(400);
    expect(invalid.cacheControl).toBe('no-store');
    const tooBig = await post({ query: '{ tickets(first: 100) { nodes { comments(first: 100) { nodes { id } } attachments(first: 100) { nodes { id } } } } }' });
    expect(tooBig.body.errors[0].extensions.code).toBe('QUERY_TOO_COMPLEX');
    expect(tooBig.cacheControl).toBe('no-store');
    const response = await fetch(h.server.url, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{not json' });
    expect(response.status).toBe(400);
    expect(response.headers.get('cache-control')).toBe('no-store');
  });
  // Last: it links a second connection, after which every query must name its connection.
  it('an answer whose connection\'s account cannot be read is not kept, and names no type tags', async () => {
    const host = new URL(h.server.sandboxUrl!).host;
    const linked = await post({ query: 'mutation($t: String!, $h: String!) { connectWrikeWithToken(input: { token: $t, host: $h }) { connection { id } } }', variables: { t: h.server.sandbox!.permanentTokens.regular, h: host } });
    const connection = linked.body.data.connectWrikeWithToken.connection.id as string;
    await h.control('/faults', { method: 'PUT', body: { failRoutes: ['GET /account'], errorStatus: 503 } });
    try {
      const r = await post({ query: '{ tickets(first: 1) { nodes { id } } }' }, { 'X-Connection-Id': connection });
      expect(r.body.errors).toBeUndefined();
      const id = r.body.data.tickets.nodes[0].id;
      expect(r.cacheControl).toBe('private, max-age=0');
      expect(r.body.extensions.apolloCacheTags).toEqual([`Ticket:${id}`]);
    } finally {
      await h.control('/faults', { method: 'DELETE' });
    }
  });
});
