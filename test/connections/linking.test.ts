import { openSqlite } from '../../src/connections/sqlite-driver';
import type { SqliteStore } from '../../src/connections/sqlite-store';
import path from 'node:path';
import { startSubgraph, type SubgraphHarness } from '../helpers/subgraph';
import { linkThroughConsentPage } from '../helpers/oauth-link';

let h: SubgraphHarness;
let dataDir: string;
beforeAll(async () => {
  h = await startSubgraph();
  dataDir = (h.server.store as SqliteStore).file;
});
afterAll(() => h.close());

const ADMIN = '{ connections { id status host authType wrikeUser { id name email } createdAt lastRefreshedAt lastError } }';

describe('OAuth linking through the sandbox consent page', () => {
  it('links an account end to end and serves queries with it', async () => {
    const link = await linkThroughConsentPage(h);
    expect(link.consentUrl).toContain(`${h.server.sandboxUrl}/oauth2/authorize/v4`);
    expect(new URL(link.consentUrl).searchParams.get('redirect_uri')).toBe(`${h.server.url.replace('/graphql', '')}/oauth/wrike/callback`);
    expect(`${link.landed.origin}${link.landed.pathname}`).toBe(link.returnUrl);
    expect(link.connectionId).toMatch(/^conn_/);
    const me = await h.query('{ me { id } }', {}, { 'X-Connection-Id': link.connectionId! });
    expect(me.body.data.me.id).toBe(h.server.sandbox!.store.ownerId);
    const admin = await h.query(ADMIN);
    const linked = admin.body.data.connections.find((c: { id: string }) => c.id === link.connectionId);
    expect(linked).toMatchObject({ status: 'ACTIVE', authType: 'OAUTH', host: new URL(h.server.sandboxUrl!).host, wrikeUser: { id: h.server.sandbox!.store.ownerId } });
    expect(JSON.stringify(admin.body)).not.toMatch(/sbx_(at|rt)_/);
  });

  it('rejects a replayed state and a forged one', async () => {
    const link = await linkThroughConsentPage(h);
    const replay = await fetch(link.callbackUrl, { redirect: 'manual' });
    expect(new URL(replay.headers.get('location')!).searchParams.get('error')).toBe('state_reused');
    const forged = new URL(link.callbackUrl);
    const [body] = forged.searchParams.get('state')!.split('.');
    const payload = JSON.parse(Buffer.from(body!, 'base64url').toString());
    payload.t = 'someone-else';
    forged.searchParams.set('state', `${Buffer.from(JSON.stringify(payload)).toString('base64url')}.${forged.searchParams.get('state')!.split('.')[1]}`);
    const refused = await fetch(forged, { redirect: 'manual' });
    expect(refused.status).toBe(400);
  });

  it('refuses a return URL on a foreign origin, and reports a denied consent', async () => {
    const base = h.server.url.replace('/graphql', '');
    const foreign = await fetch(`${base}/oauth/wrike/start?returnUrl=${encodeURIComponent('https://evil.example/steal')}`, { redirect: 'manual' });
    expect(foreign.status).toBe(400);
    const start = await fetch(`${base}/oauth/wrike/start?returnUrl=${encodeURIComponent('http://127.0.0.1:9/linked')}`, { redirect: 'manual' });
    const consent = new URL(start.headers.get('location')!);
    const deny = await fetch(new URL('/oauth2/authorize/v4', consent), {
      method: 'POST', redirect: 'manual', headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ ...Object.fromEntries(consent.searchParams), decision: 'deny' }).toString(),
    });
    const back = await fetch(deny.headers.get('location')!, { redirect: 'manual' });
    expect(new URL(back.headers.get('location')!).searchParams.get('error')).toBe('access_denied');
  });

  it('persists a refreshed token pair, then marks the connection NEEDS_REAUTH when the refresh token dies', async () => {
    const { connectionId } = await linkThroughConsentPage(h);
    const headers = { 'X-Connection-Id': connectionId! };
    await h.control('/tokens/expire', { method: 'POST' });
    const after = await h.query('{ me { id } }', {}, headers);
    expect(after.body.data.me.id).toBeDefined();
    const refreshed = await h.query('query($id: ID!) { connection(id: $id) { status lastRefreshedAt } }', { id: connectionId });
    expect(refreshed.body.data.connection.status).toBe('ACTIVE');
    expect(refreshed.body.data.connection.lastRefreshedAt).not.toBeNull();
    await h.control('/tokens/revoke-refresh', { method: 'POST' });
    await h.control('/tokens/expire', { method: 'POST' });
    const dead = await h.query('{ me { id } }', {}, headers);
    expect(dead.body.errors[0].extensions.code).toBe('CONNECTION_NEEDS_REAUTH');
    const status = await h.query('query($id: ID!) { connection(id: $id) { status lastError } }', { id: connectionId });
    expect(status.body.data.connection).toEqual({ status: 'NEEDS_REAUTH', lastError: expect.stringMatching(/invalid_grant/) });
  });
});

describe('permanent tokens and the connections admin', () => {
  it('connects with a permanent token after Wrike verified it, and disconnects', async () => {
    const sandbox = h.server.sandbox!;
    const host = new URL(h.server.sandboxUrl!).host;
    const res = await h.query('mutation($t: String!, $h: String!) { connectWrikeWithToken(input: { token: $t, host: $h }) { connection { id authType wrikeUser { id } } userErrors { field code } } }', { t: sandbox.permanentTokens.admin, h: host });
    const connection = res.body.data.connectWrikeWithToken.connection;
    expect(connection.authType).toBe('PERMANENT_TOKEN');
    expect(sandbox.store.contacts.get(connection.wrikeUser.id)!.profiles[0]!.admin).toBe(true);
    const bad = await h.query('mutation($h: String!) { connectWrikeWithToken(input: { token: "eyJnot.a.valid.token", host: $h }) { connection { id } userErrors { field code } } }', { h: host });
    expect(bad.body.data.connectWrikeWithToken.userErrors).toEqual([{ field: ['input', 'token'], code: 'WRIKE_REFUSED' }]);
    const foreign = await h.query('mutation { connectWrikeWithToken(input: { token: "eyJabcdefgh", host: "evil.example.com" }) { userErrors { field code } } }');
    expect(foreign.body.data.connectWrikeWithToken.userErrors).toEqual([{ field: ['input', 'host'], code: 'INVALID_VALUE' }]);
    const gone = await h.query('mutation($id: ID!) { disconnectWrike(input: { id: $id }) { disconnectedId } }', { id: connection.id });
    expect(gone.body.data.disconnectWrike.disconnectedId).toBe(connection.id);
    expect((await h.query('query($id: ID!) { connection(id: $id) { id } }', { id: connection.id })).body.data.connection).toBeNull();
  });

  it('stores tokens sealed, and reports tampered ciphertext clearly', async () => {
    const sandbox = h.server.sandbox!;
    const host = new URL(h.server.sandboxUrl!).host;
    const res = await h.query('mutation($t: String!, $h: String!) { connectWrikeWithToken(input: { token: $t, host: $h }) { connection { id } } }', { t: sandbox.permanentTokens.regular, h: host });
    const id = res.body.data.connectWrikeWithToken.connection.id;
    const db = openSqlite(path.resolve(dataDir));
    const row = db.prepare('SELECT sealed_credentials FROM connections WHERE id = ?').get(id) as { sealed_credentials: string };
    expect(row.sealed_credentials).not.toContain(sandbox.permanentTokens.regular);
    const parts = row.sealed_credentials.split('.');
    const body = Buffer.from(parts[4]!, 'base64url');
    body[0]! ^= 0xff; // one byte of the ciphertext, changed for sure
    parts[4] = body.toString('base64url');
    db.prepare('UPDATE connections SET sealed_credentials = ? WHERE id = ?').run(parts.join('.'), id);
    db.close();
    const broken = await h.query('{ me { id } }', {}, { 'X-Connection-Id': id });
    expect(broken.body.errors[0].extensions.code).toBe('CONNECTION_NEEDS_REAUTH');
    expect(broken.body.errors[0].message).toMatch(/integrity check/);
    // A connection whose credentials no longer open can still be removed.
    const gone = await h.query('mutation($id: ID!) { disconnectWrike(input: { id: $id }) { disconnectedId } }', { id });
    expect(gone.body.data.disconnectWrike.disconnectedId).toBe(id);
  });
});

describe('no tenant can point the server at its own network', () => {
  const CONNECT = 'mutation($t: String!, $h: String!) { connectWrikeWithToken(input: { token: $t, host: $h }) { connection { id } userErrors { field message code } } }';

  it('refuses every host but Wrike\'s and the in-process sandbox\'s, the same way for each, before any call', async () => {
    const token = h.server.sandbox!.permanentTokens.admin;
    const sandboxPort = new URL(h.server.sandboxUrl!).port;
    const hosts = [
      `localhost:${sandboxPort}`, `127.0.0.2:${sandboxPort}`, '127.0.0.1:1', '[::1]:80', '0.0.0.0', '10.0.0.1', '172.16.0.1', '192.168.1.1',
      '169.254.169.254', '2130706433', '0177.0.0.1', '0x7f.0.0.1', '[::ffff:127.0.0.1]', 'localtest.me', 'www.wrike.com.evil.example',
      'wrike.com@127.0.0.1', 'www.wrike.com:1@127.0.0.1',
    ];
    await h.resetCalls();
    const answers = new Set<string>();
    for (const host of hosts) {
      const res = await h.query(CONNECT, { t: token, h: host });
      expect(res.body.data.connectWrikeWithToken.connection).toBeNull();
      answers.add(JSON.stringify(res.body.data.connectWrikeWithToken.userErrors));
    }
    // One answer for all: nothing tells an open port from a closed one, or a private address from a public one.
    expect(answers.size).toBe(1);
    expect(JSON.parse([...answers][0]!)[0]).toMatchObject({ field: ['input', 'host'], code: 'INVALID_VALUE' });
    expect((await h.calls()).total).toBe(0);
    // The in-process sandbox itself is trusted.
    const sandbox = await h.query(CONNECT, { t: token, h: new URL(h.server.sandboxUrl!).host });
    expect(sandbox.body.data.connectWrikeWithToken.connection.id).toMatch(/^conn_/);
  });
});
