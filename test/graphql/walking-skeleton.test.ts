import { startSubgraph, type SubgraphHarness } from '../helpers/subgraph';

let h: SubgraphHarness;
beforeAll(async () => {
  h = await startSubgraph();
});
afterAll(() => h.close());
beforeEach(() => h.control('/counters', { method: 'DELETE' }));

describe('walking skeleton', () => {
  it('answers { me } from the sandbox through the Wrike client, over HTTP', async () => {
    const res = await h.query('{ me { id name email firstName lastName isDeleted isExternal } }');
    expect(res.status).toBe(200);
    expect(res.body.errors).toBeUndefined();
    const info = await h.control('/info');
    const sandboxMe = await fetch(`${h.server.sandboxUrl}/api/v4/contacts?me=true`, {
      headers: { Authorization: `Bearer ${info.permanentTokens.owner}` },
    }).then((r) => r.json() as Promise<any>);
    const contact = sandboxMe.data[0];
    expect(res.body.data.me).toEqual({
      id: contact.id,
      name: `${contact.firstName} ${contact.lastName}`,
      email: contact.profiles[0].email,
      firstName: contact.firstName,
      lastName: contact.lastName,
      isDeleted: false,
      isExternal: false,
    });
    const counters = await h.control('/counters');
    // One call for the query, one for the check above.
    expect(counters.byRoute['GET /contacts']).toBe(2);
  });

  it('resolves User entities by id for the supergraph, unknown ids as null, in one batched call', async () => {
    const info = await h.control('/info');
    const contacts = await fetch(`${h.server.sandboxUrl}/api/v4/contacts?types=${encodeURIComponent('["Person"]')}`, {
      headers: { Authorization: `Bearer ${info.permanentTokens.owner}` },
    }).then((r) => r.json() as Promise<any>);
    await h.control('/counters', { method: 'DELETE' });
    const [a, b] = contacts.data;
    const res = await h.query(
      'query($r: [_Any!]!) { _entities(representations: $r) { ... on User { id name } } }',
      { r: [{ __typename: 'User', id: a.id }, { __typename: 'User', id: 'KUAZZZZZ' }, { __typename: 'User', id: b.id }] },
    );
    expect(res.body.data._entities).toEqual([
      { id: a.id, name: `${a.firstName} ${a.lastName}` },
      null,
      { id: b.id, name: `${b.firstName} ${b.lastName}` },
    ]);
  });

  it('serves the federation SDL with the v2.9 link (demand-control directives)', async () => {
    const res = await h.query('{ _service { sdl } }');
    expect(res.body.data._service.sdl).toContain('@link(url: "https://specs.apollo.dev/federation/v2.9"');
    expect(res.body.data._service.sdl).toMatch(/comments\(first: Int, after: String\): CommentConnection @listSize\([^)]*\) @cost\(weight: 100\)/);
    expect(res.body.data._service.sdl).toMatch(/type User\s+@key\(fields: "id"\)/);
  });

  it('answers /healthz', async () => {
    const res = await fetch(h.server.url.replace('/graphql', '/healthz'));
    expect(await res.json()).toEqual({ status: 'ok' });
  });

  it('reports an upstream outage as UPSTREAM_UNAVAILABLE after retrying the read', async () => {
    await h.control('/faults', { method: 'PUT', body: { errorRate: 1, errorStatus: 503 } });
    try {
      const res = await h.query('{ me { id } }');
      expect(res.body.data?.me).toBeNull();
      expect(res.body.errors?.[0].extensions.code).toBe('UPSTREAM_UNAVAILABLE');
      const counters = await h.control('/counters');
      expect(counters.byRoute['GET /contacts']).toBe(4); // the call and three retries
    } finally {
      await h.control('/faults', { method: 'DELETE' });
    }
  });
});

describe('configuration', () => {
  it('runs against any Wrike-compatible host given WRIKE_API_BASE_URL and WRIKE_PERMANENT_TOKEN', async () => {
    const info = await h.control('/info');
    const other = await startSubgraph({
      SANDBOX: 'false', OPEN_MODE: 'true',
      WRIKE_API_BASE_URL: `${h.server.sandboxUrl}/api/v4`,
      WRIKE_PERMANENT_TOKEN: info.permanentTokens.external,
    });
    try {
      expect(other.server.sandboxUrl).toBeUndefined();
      const res = await other.query('{ me { id isExternal } }');
      expect(res.body.data.me.isExternal).toBe(true);
    } finally {
      await other.close();
    }
  });

  it('reports a revoked permanent token as CONNECTION_NEEDS_REAUTH without leaking it', async () => {
    const other = await startSubgraph({ SANDBOX: 'false', OPEN_MODE: 'true', WRIKE_API_BASE_URL: `${h.server.sandboxUrl}/api/v4`, WRIKE_PERMANENT_TOKEN: 'eyJrevoked.token.value' });
    try {
      const res = await other.query('{ me { id } }');
      expect(res.body.errors?.[0].extensions.code).toBe('CONNECTION_NEEDS_REAUTH');
      expect(JSON.stringify(res.body)).not.toContain('eyJrevoked');
    } finally {
      await other.close();
    }
  });
});
