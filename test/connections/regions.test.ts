import { createSandbox, type Sandbox } from '../../src/sandbox/server';
import { startSubgraph, type SubgraphHarness } from '../helpers/subgraph';
import { linkThroughConsentPage } from '../helpers/oauth-link';
import { freePort } from '../helpers/process';

/**
 * Two Wrike "data centers": the subgraph's own sandbox (region A, also the configured WRIKE_API_BASE_URL) and a
 * second sandbox with another account (region B). The sandbox's own port is known up front, so that it can also be
 * trusted under a second name (localhost), where a refresh may move an account.
 */
let h: SubgraphHarness;
let regionB: Sandbox;
let hostA: string;
let hostB: string;
let movedHost: string;
beforeAll(async () => {
  regionB = createSandbox({ seed: 7, size: 'small' });
  hostB = new URL(await regionB.listen(0)).host;
  const port = await freePort();
  hostA = `127.0.0.1:${port}`;
  movedHost = `localhost:${port}`;
  h = await startSubgraph({
    SANDBOX: 'true', SANDBOX_PORT: String(port), WRIKE_API_BASE_URL: `http://${hostA}/api/v4`, WRIKE_EXTRA_HOSTS: `${hostB},${movedHost}`,
  });
});
afterAll(async () => {
  await h.close();
  await regionB.close();
});

const link = (token: string, host?: string) => h.query(
  'mutation($t: String!, $h: String) { connectWrikeWithToken(input: { token: $t, host: $h }) { connection { id host } userErrors { code message } } }',
  { t: token, h: host },
);
const me = async (connectionId: string) => (await h.query('{ me { id } }', {}, { 'X-Connection-Id': connectionId })).body;

describe('each connection calls its own data center', () => {
  it('reads two accounts on two regions side by side (WRIKE_API_BASE_URL is the default connection\'s only)', async () => {
    const b = await link(regionB.permanentTokens.owner, hostB);
    expect(b.body.data.connectWrikeWithToken.userErrors).toEqual([]);
    const a = await link(h.server.sandbox!.permanentTokens.admin, hostA);
    const [onB, onA] = await Promise.all([me(b.body.data.connectWrikeWithToken.connection.id), me(a.body.data.connectWrikeWithToken.connection.id)]);
    expect(onB.data.me.id).toBe(regionB.store.ownerId);
    expect(regionB.store.contacts.has(onB.data.me.id)).toBe(true);
    expect(h.server.sandbox!.store.contacts.has(onA.data.me.id)).toBe(true);
    expect(h.server.sandbox!.store.account.id).not.toBe(regionB.store.account.id);
  });

  it('finds a permanent token\'s data center when no host is given, and says so when none takes it', async () => {
    const found = await link(regionB.permanentTokens.admin);
    expect(found.body.data.connectWrikeWithToken.connection.host).toBe(hostB);
    expect((await me(found.body.data.connectWrikeWithToken.connection.id)).data.me.id).not.toBe(regionB.store.ownerId);
    const nowhere = await link('eyJhbGciOiJIUzI1NiJ9.bm90LWEtdG9rZW4.c2lnbmF0dXJl');
    expect(nowhere.body.data.connectWrikeWithToken).toEqual({ connection: null, userErrors: [{ code: 'WRIKE_REFUSED', message: 'No Wrike data center accepted this token' }] });
  });
});

describe('OAuth token responses', () => {
  const connection = async (id: string) =>
    (await h.query('{ connections { id host status } }')).body.data.connections.find((c: { id: string }) => c.id === id);

  it('a refresh that sends no new refresh token keeps the old one, refresh after refresh', async () => {
    const { connectionId } = await linkThroughConsentPage(h);
    await h.control('/settings', { method: 'PUT', body: { oauthRefreshRotation: false } });
    try {
      for (let round = 0; round < 3; round++) {
        await h.control('/tokens/expire', { method: 'POST' });
        const answer = await me(connectionId!);
        expect(answer.errors).toBeUndefined();
        expect(answer.data.me.id).toBe(h.server.sandbox!.store.ownerId);
      }
      expect(await connection(connectionId!)).toMatchObject({ status: 'ACTIVE' });
    } finally {
      await h.control('/settings', { method: 'PUT', body: { oauthRefreshRotation: true } });
    }
  });

  it('stores the host a refresh names, and calls it from then on', async () => {
    const { connectionId } = await linkThroughConsentPage(h);
    expect((await connection(connectionId!)).host).toBe(hostA);
    await h.control('/settings', { method: 'PUT', body: { oauthHost: movedHost } });
    try {
      await h.control('/tokens/expire', { method: 'POST' });
      expect((await me(connectionId!)).data.me.id).toBe(h.server.sandbox!.store.ownerId);
      expect(await connection(connectionId!)).toMatchObject({ host: movedHost, status: 'ACTIVE' });
      await h.resetCalls();
      expect((await me(connectionId!)).data.me.id).toBe(h.server.sandbox!.store.ownerId);
      // The sandbox answers both names: the call count shows the moved connection still reads.
      expect((await h.calls()).byRoute['GET /contacts']).toBe(1);
    } finally {
      await h.control('/settings', { method: 'PUT', body: { oauthHost: null } });
    }
  });
});
