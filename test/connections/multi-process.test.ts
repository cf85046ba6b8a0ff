import type { ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import { builtServerExists, startBuiltServers, stopBuiltServer } from '../helpers/process';
import path from 'node:path';
import { startSandbox, type SandboxHarness } from '../helpers/sandbox';
import { createTestDatabase, postgresUp } from '../helpers/postgres';
import { TEST_ENCRYPTION_KEY } from '../helpers/subgraph';
import { PostgresStore } from '../../src/connections/postgres-store';
import { Sealer, parseKey } from '../../src/connections/crypto';
import { createApiKey } from '../../src/connections/api-keys';
import { requestTokens } from '../../src/connections/oauth';

const built = builtServerExists('the multi-process test');
const suite = postgresUp() && built ? describe : describe.skip;



suite('two server processes sharing PostgreSQL', () => {
  let sandbox: SandboxHarness;
  let db: { url: string; drop(): Promise<void> };
  const servers: ChildProcess[] = [];
  afterAll(async () => {
    await Promise.all(servers.map(stopBuiltServer));
    await sandbox?.close();
    await db?.drop();
  });

  it('refresh one connection exactly once when its token expires under concurrent load', async () => {
    sandbox = await startSandbox({ oauthAutoApprove: true });
    db = await createTestDatabase();
    // An OAuth-linked connection, stored as the service stores it.
    const redirect = 'http://localhost/callback';
    const consent = await fetch(`${sandbox.url}/oauth2/authorize/v4?client_id=sandbox-client&response_type=code&redirect_uri=${encodeURIComponent(redirect)}`, { redirect: 'manual' });
    const code = new URL(consent.headers.get('location')!).searchParams.get('code')!;
    const client = { tokenUrl: `${sandbox.url}/oauth2/token`, clientId: 'sandbox-client', clientSecret: 'sandbox-secret' };
    const tokens = await requestTokens(client, { grant_type: 'authorization_code', code, redirect_uri: redirect });
    const store = new PostgresStore(db.url);
    await store.migrate();
    const { key } = await createApiKey(store, 'acme', null);
    const sealer = new Sealer({ current: parseKey(TEST_ENCRYPTION_KEY, 'key'), previous: [] });
    await store.insertConnection({
      id: 'conn_shared', tenantId: 'acme', status: 'ACTIVE', host: new URL(sandbox.url).host, authType: 'OAUTH', wrikeUserId: null,
      wrikeUserName: null, wrikeUserEmail: null, createdAt: new Date().toISOString(), lastRefreshedAt: null, lastError: null,
      sealedCredentials: sealer.seal(JSON.stringify({ accessToken: tokens.accessToken, refreshToken: tokens.refreshToken }), 'conn_shared'),
    });
    await store.close();

    const env = {
      SANDBOX: 'false', OPEN_MODE: 'true', WRIKE_API_BASE_URL: `${sandbox.url}/api/v4`, WRIKE_EXTRA_HOSTS: new URL(sandbox.url).host, DATABASE_URL: db.url, ENCRYPTION_KEY: TEST_ENCRYPTION_KEY,
      WRIKE_CLIENT_ID: 'sandbox-client', WRIKE_CLIENT_SECRET: 'sandbox-secret', WRIKE_OAUTH_URL: sandbox.url, LOG_LEVEL: 'warn',
      CURSOR_SECRET: 'multi-process-secret-0123456789', DATA_DIR: mkdtempSync(path.join(os.tmpdir(), 'wsg-mp-')),
    };
    const [a, b] = await startBuiltServers([env, env], servers);
    const query = (url: string) => fetch(url, {
      method: 'POST', headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${key}`, 'X-Connection-Id': 'conn_shared' },
      body: JSON.stringify({ query: '{ me { id } }' }),
    }).then((r) => r.json() as Promise<any>);
    expect((await query(a!.url)).data.me.id).toBe(sandbox.sandbox.store.ownerId);
    expect((await query(b!.url)).data.me.id).toBe(sandbox.sandbox.store.ownerId);

    const issuedBefore = sandbox.sandbox.tokens.issuedCount;
    await sandbox.control('/tokens/expire', { method: 'POST' });
    const results = await Promise.all(Array.from({ length: 50 }, (_, i) => query(i % 2 ? a!.url : b!.url)));
    for (const result of results) expect(result.data?.me?.id).toBe(sandbox.sandbox.store.ownerId);
    expect(sandbox.sandbox.tokens.issuedCount - issuedBefore).toBe(1);
  }, 60_000);
});
