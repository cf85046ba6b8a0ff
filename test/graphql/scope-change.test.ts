import { startSubgraph, type SubgraphHarness } from '../helpers/subgraph';

/**
 * A change feed's cursor is bound to the connection's workspace scope: after setConnectionWorkspaces, the tickets of
 * an added space were never sent and those of a removed one never tombstoned, so the old cursor answers
 * CHANGES_EXPIRED (advice: backfill again) rather than going on as if nothing had changed.
 */
let h: SubgraphHarness;
beforeAll(async () => {
  h = await startSubgraph();
}, 60_000);
afterAll(() => h.close());

const SET_SCOPE = 'mutation($i: SetConnectionWorkspacesInput!) { setConnectionWorkspaces(input: $i) { userErrors { code message } } }';
const TICKETS = `query($s: DateTime!, $after: String) { ticketChanges(since: $s, first: 3, after: $after) { nodes { id } pageInfo { hasNextPage endCursor } } }`;
const COMMENTS = `query($s: DateTime!, $after: String) { commentChanges(since: $s, first: 2, after: $after) { nodes { id } pageInfo { hasNextPage endCursor } } }`;

async function setScope(workspaceIds: string[] | null) {
  const res = await h.query(SET_SCOPE, { i: { connectionId: 'default', workspaceIds } });
  expect(res.body.errors).toBeUndefined();
  expect(res.body.data.setConnectionWorkspaces.userErrors).toEqual([]);
}

it.each([
  ['ticketChanges', TICKETS, '2000-01-01T00:00:00Z'],
  ['commentChanges', COMMENTS, new Date(Date.now() - 6 * 86_400_000).toISOString()],
])('%s: a cursor made before the workspaces changed is CHANGES_EXPIRED; one made after goes on', async (list, query, since) => {
  const spaces = [...h.server.sandbox!.store.folders.values()].filter((f) => f.space).map((f) => f.id);
  expect(spaces.length).toBeGreaterThanOrEqual(2);
  const store = h.server.sandbox!.store;
  const template = [...store.comments.values()][0]!;
  for (let i = 0; i < 5; i++) {
    const at = new Date(Date.now() - 3_600_000 + i * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');
    store.comments.set(`IEAGAABKIMSC000${i}`, { ...template, id: `IEAGAABKIMSC000${i}`, createdDate: at, updatedDate: at });
  }
  await setScope(null);
  try {
    const first = await h.query(query, { s: since });
    expect(first.body.errors).toBeUndefined();
    const cursor = first.body.data[list].pageInfo.endCursor;
    expect(cursor).toEqual(expect.any(String));
    // The same scope: the cursor goes on.
    const again = await h.query(query, { s: since, after: cursor });
    expect(again.body.errors).toBeUndefined();

    await setScope([spaces[0]!]);
    const expired = await h.query(query, { s: since, after: cursor });
    expect(expired.body.errors[0].extensions.code).toBe('CHANGES_EXPIRED');
    expect(expired.body.errors[0].message).toMatch(/workspaces changed: backfill again/);

    // A cursor made under the new scope goes on; widening the scope expires it in turn.
    const fresh = await h.query(query, { s: since });
    const freshCursor = fresh.body.data[list].pageInfo.endCursor;
    expect(freshCursor).toEqual(expect.any(String));
    expect((await h.query(query, { s: since, after: freshCursor })).body.errors).toBeUndefined();
    await setScope([spaces[0]!, spaces[1]!]);
    expect((await h.query(query, { s: since, after: freshCursor })).body.errors[0].extensions.code).toBe('CHANGES_EXPIRED');
  } finally {
    await setScope(null);
  }
}, 60_000);

it.each([
  ['ticketChanges', TICKETS],
  ['commentChanges', COMMENTS],
])('%s: a first read that found nothing still gives a cursor, which expires when the workspaces change', async (list, query) => {
  const spaces = [...h.server.sandbox!.store.folders.values()].filter((f) => f.space).map((f) => f.id);
  await setScope([spaces[0]!]);
  try {
    const since = new Date(Date.now() + 3_600_000).toISOString();
    const empty = await h.query(query, { s: since });
    expect(empty.body.errors).toBeUndefined();
    expect(empty.body.data[list].nodes).toEqual([]);
    expect(empty.body.data[list].pageInfo.hasNextPage).toBe(false);
    const cursor = empty.body.data[list].pageInfo.endCursor;
    expect(cursor).toEqual(expect.any(String));
    const again = await h.query(query, { s: since, after: cursor });
    expect(again.body.errors).toBeUndefined();
    await setScope([spaces[0]!, spaces[1]!]);
    expect((await h.query(query, { s: since, after: cursor })).body.errors[0].extensions.code).toBe('CHANGES_EXPIRED');
  } finally {
    await setScope(null);
  }
}, 60_000);
