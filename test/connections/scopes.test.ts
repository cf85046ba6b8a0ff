import { startSubgraph, type SubgraphHarness } from '../helpers/subgraph';
import { linkThroughConsentPage } from '../helpers/oauth-link';

/** OAuth connections ask Wrike for the scopes the graph needs, keep them, and name a missing one per field. */
describe('OAuth scopes', () => {
  let h: SubgraphHarness;
  afterEach(() => h?.close());

  const QUERY = '{ connections { id scopes } tickets(first: 2) { nodes { id status { name } } } users(first: 1) { totalCount } groups { totalCount } roles { id } }';

  it('asks for every scope the graph needs by default: users, groups, roles and statuses all read', async () => {
    h = await startSubgraph();
    const { connectionId, consentUrl } = await linkThroughConsentPage(h);
    expect(new URL(consentUrl).searchParams.get('scope')).toBe('Default,wsReadWrite,amReadOnlyUser,amReadOnlyGroup,amReadOnlyAccessRole,amReadOnlyWorkflow');
    const res = await h.query(QUERY, {}, { 'X-Connection-Id': connectionId! });
    expect(res.body.errors).toBeUndefined();
    expect(res.body.data.connections.find((c: { id: string }) => c.id === connectionId).scopes).toEqual(
      ['Default', 'wsReadWrite', 'amReadOnlyUser', 'amReadOnlyGroup', 'amReadOnlyAccessRole', 'amReadOnlyWorkflow']);
    expect(res.body.data.tickets.nodes[0].status.name).toBeDefined();
  });

  it('with fewer scopes, the fields that need a missing one fail with FORBIDDEN naming it; the rest stands', async () => {
    h = await startSubgraph({ WRIKE_OAUTH_SCOPES: 'Default,wsReadWrite' });
    const { connectionId } = await linkThroughConsentPage(h);
    const res = await h.query(QUERY, {}, { 'X-Connection-Id': connectionId! });
    const byPath = Object.fromEntries((res.body.errors as { path: (string | number)[]; extensions: { code: string; missingScope?: string } }[])
      .map((e) => [e.path.join('.'), e.extensions]));
    expect(byPath['groups']).toEqual({ code: 'FORBIDDEN', missingScope: 'amReadOnlyGroup' });
    expect(byPath['roles']).toEqual({ code: 'FORBIDDEN', missingScope: 'amReadOnlyAccessRole' });
    expect(byPath['tickets.nodes.0.status']).toEqual({ code: 'FORBIDDEN', missingScope: 'amReadOnlyWorkflow' });
    expect(res.body.data.tickets.nodes).toHaveLength(2);
    expect(res.body.data.users.totalCount).toBeGreaterThan(0);
    expect(res.body.data.connections.find((c: { id: string }) => c.id === connectionId).scopes).toEqual(['Default', 'wsReadWrite']);
  });
});
