import { randomBytes } from 'node:crypto';
import { startSubgraph, type SubgraphHarness } from '../helpers/subgraph';
import { Sealer } from '../../src/connections/crypto';

/**
 * Key rotation completes: credentials sealed under a previous ENCRYPTION_KEY still open, and are sealed again under
 * the current key when first read, so that the old key can then be dropped.
 */
const OLD = randomBytes(32);
const NEW = randomBytes(32);
let h: SubgraphHarness;
beforeAll(async () => {
  h = await startSubgraph({ ENCRYPTION_KEY: NEW.toString('hex'), ENCRYPTION_KEYS_PREVIOUS: OLD.toString('hex') });
});
afterAll(() => h.close());

describe('a connection sealed under the previous key', () => {
  it('works, and is sealed again under the current key when first read', async () => {
    const id = 'conn_rotated00001';
    const old = new Sealer({ current: OLD, previous: [] });
    await h.server.store.ensureTenant('local', 'local');
    await h.server.store.insertConnection({
      id, tenantId: 'local', status: 'ACTIVE', host: new URL(h.server.sandboxUrl!).host, authType: 'PERMANENT_TOKEN',
      wrikeUserId: null, wrikeUserName: null, wrikeUserEmail: null, createdAt: new Date().toISOString(), lastRefreshedAt: null, lastError: null,
      sealedCredentials: old.seal(JSON.stringify({ accessToken: h.server.sandbox!.permanentTokens.owner }), id),
    });
    const res = await h.query('{ me { id } }', {}, { 'X-Connection-Id': id });
    expect(res.body.data.me.id).toBe(h.server.sandbox!.store.ownerId);
    const row = await h.server.store.getConnection(id);
    const currentOnly = new Sealer({ current: NEW, previous: [] });
    expect(currentOnly.isStale(row!.sealedCredentials)).toBe(false);
    expect(JSON.parse(currentOnly.open(row!.sealedCredentials, id)).accessToken).toBe(h.server.sandbox!.permanentTokens.owner);
  });
});
