import { startSubgraph, type SubgraphHarness } from '../helpers/subgraph';
import { createApiKey } from '../../src/connections/api-keys';

/** Tenants × connections × operations: a tenant reaches only its own connections, and learns nothing of others. */
let h: SubgraphHarness;
const keys: Record<string, string> = {};
const connections: Record<string, string> = {};
let base: string;

const as = (tenant: string, extra: Record<string, string> = {}) => ({ Authorization: `Bearer ${keys[tenant]}`, ...extra });

beforeAll(async () => {
  h = await startSubgraph();
  base = h.server.url.replace('/graphql', '');
  const host = new URL(h.server.sandboxUrl!).host;
  const tokens = h.server.sandbox!.permanentTokens;
  for (const [tenant, token] of [['acme', tokens.admin], ['globex', tokens.regular]] as const) {
    keys[tenant] = (await createApiKey(h.server.store, tenant, null)).key;
    const res = await h.query('mutation($t: String!, $h: String!) { connectWrikeWithToken(input: { token: $t, host: $h }) { connection { id } userErrors { message } } }', { t: token, h: host }, as(tenant));
    connections[tenant] = res.body.data.connectWrikeWithToken.connection.id;
  }
});
afterAll(() => h.close());

const TENANTS = ['acme', 'globex'];

describe('tenant isolation matrix', () => {
  for (const caller of TENANTS) {
    for (const owner of TENANTS) {
      const own = caller === owner;
      describe(`${caller} using ${owner}'s connection`, () => {
        it(own ? 'queries Wrike through it' : 'is FORBIDDEN, exactly as for an id that does not exist', async () => {
          const res = await h.query('{ me { id } }', {}, as(caller, { 'X-Connection-Id': connections[owner]! }));
          if (own) {
            expect(res.body.data.me.id).toMatch(/^KUA/);
          } else {
            const unknown = await h.query('{ me { id } }', {}, as(caller, { 'X-Connection-Id': 'conn_doesnotexist' }));
            expect(res.status).toBe(403);
            expect(res.body).toEqual(unknown.body);
          }
        });

        it(own ? 'sees it in the admin' : 'does not see it in the admin', async () => {
          const one = await h.query('query($id: ID!) { connection(id: $id) { id } }', { id: connections[owner] }, as(caller));
          const all = await h.query('{ connections { id } }', {}, as(caller));
          const ids = all.body.data.connections.map((c: { id: string }) => c.id);
          if (own) {
            expect(one.body.data.connection.id).toBe(connections[owner]);
            expect(ids).toEqual([connections[owner]]);
          } else {
            expect(one.body.data.connection).toBeNull();
            expect(ids).not.toContain(connections[owner]);
          }
        });

        it(own ? 'may upload through it' : 'cannot upload through it', async () => {
          const ticket = [...h.server.sandbox!.store.tasks.values()][0]!.id;
          const res = await fetch(`${base}/attachments/upload?ticketId=${ticket}&fileName=a.txt`, {
            method: 'POST', headers: as(caller, { 'X-Connection-Id': connections[owner]!, 'Content-Type': 'text/plain' }), body: 'hello',
          });
          expect(res.status).toBe(own ? 201 : 403);
        });

        if (!own) {
          it('cannot disconnect it (NOT_FOUND, as for an unknown id)', async () => {
            const res = await h.query('mutation($id: ID!) { disconnectWrike(input: { id: $id }) { disconnectedId userErrors { code } } }', { id: connections[owner] }, as(caller));
            expect(res.body.data.disconnectWrike).toEqual({ disconnectedId: null, userErrors: [{ code: 'NOT_FOUND' }] });
          });
        }
      });
    }
    it(`${caller} cannot use the local tenant's default connection`, async () => {
      const res = await h.query('{ me { id } }', {}, as(caller, { 'X-Connection-Id': 'default' }));
      expect(res.body.errors[0].extensions.code).toBe('FORBIDDEN');
    });
  }

  it('refuses callers without a key once keys exist, and revoked or forged keys', async () => {
    const none = await h.query('{ connections { id } }');
    expect(none.status).toBe(401);
    expect(none.body.errors[0].extensions.code).toBe('UNAUTHENTICATED');
    const key = keys.acme!;
    const forgedKey = `${key.slice(0, -1)}${key.endsWith('A') ? 'B' : 'A'}`;
    const forged = await h.query('{ connections { id } }', {}, { Authorization: `Bearer ${forgedKey}` });
    expect(forged.status).toBe(401);
    const spare = await createApiKey(h.server.store, 'acme', null);
    expect((await h.query('{ connections { id } }', {}, { Authorization: `Bearer ${spare.key}` })).status).toBe(200);
    await h.server.store.revokeApiKey(spare.id, new Date().toISOString());
    expect((await h.query('{ connections { id } }', {}, { Authorization: `Bearer ${spare.key}` })).status).toBe(401);
  });

  it('follows a download link only with its signature, which names the tenant and connection', async () => {
    const attachment = [...h.server.sandbox!.store.attachments.values()][0]!;
    const res = await h.query('query($id: ID!) { attachment(id: $id) { downloadUrl } }', { id: attachment.id }, as('acme', { 'X-Connection-Id': connections.acme! }));
    const url = new URL(res.body.data.attachment.downloadUrl);
    expect((await fetch(url)).status).toBe(200);
    url.searchParams.set('connection', connections.globex!);
    expect((await fetch(url)).status).toBe(403);
  });
});

describe('ROUTER_SECRET', () => {
  it('is required on every request when set', async () => {
    const guarded = await startSubgraph({ ROUTER_SECRET: 'router-secret-0123456789' });
    try {
      const without = await guarded.query('{ me { id } }');
      expect(without.status).toBe(401);
      const wrong = await guarded.query('{ me { id } }', {}, { 'X-Router-Secret': 'router-secret-0123456780' });
      expect(wrong.status).toBe(401);
      const right = await guarded.query('{ me { id } }', {}, { 'X-Router-Secret': 'router-secret-0123456789' });
      expect(right.body.data.me.id).toMatch(/^KUA/);
    } finally {
      await guarded.close();
    }
  });
});
