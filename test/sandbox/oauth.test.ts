import { startSandbox, type SandboxHarness } from '../helpers/sandbox';

const CLIENT = { client_id: 'sandbox-client', client_secret: 'sandbox-secret' };
const REDIRECT = 'http://localhost:4000/oauth/wrike/callback';

let h: SandboxHarness;
beforeAll(async () => {
  h = await startSandbox({ accessTokenTtlSeconds: 2 });
});
afterAll(() => h.close());

async function token(form: Record<string, string>) {
  const res = await fetch(`${h.url}/oauth2/token`, {
    method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(form).toString(),
  });
  return { status: res.status, body: (await res.json()) as Record<string, any> };
}

/** Drives the consent page the way a browser would: GET the form, POST the approval, read the redirect. */
async function authorizeThroughConsentPage(state: string): Promise<URL> {
  const query = new URLSearchParams({ client_id: CLIENT.client_id, response_type: 'code', redirect_uri: REDIRECT, state });
  const page = await fetch(`${h.url}/oauth2/authorize/v4?${query}`, { redirect: 'manual' });
  expect(page.status).toBe(200);
  const html = await page.text();
  expect(html).toContain('<form method="post" action="/oauth2/authorize/v4">');
  const hidden = Object.fromEntries([...html.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g)].map((m) => [m[1], m[2]]));
  const approve = await fetch(`${h.url}/oauth2/authorize/v4`, {
    method: 'POST', redirect: 'manual', headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ ...hidden, decision: 'approve', user_id: h.sandbox.store.ownerId } as Record<string, string>).toString(),
  });
  expect(approve.status).toBe(302);
  return new URL(approve.headers.get('location') as string);
}

describe('OAuth 2.0 authorization code flow', () => {
  it('issues a code through the consent page, exchanges it for tokens with host, and the token works', async () => {
    const redirect = await authorizeThroughConsentPage('xyz');
    expect(`${redirect.origin}${redirect.pathname}`).toBe(REDIRECT);
    expect(redirect.searchParams.get('state')).toBe('xyz');
    const code = redirect.searchParams.get('code') as string;
    const res = await token({ ...CLIENT, grant_type: 'authorization_code', code, redirect_uri: REDIRECT });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ token_type: 'bearer', expires_in: 2, host: new URL(h.url).host });
    const me = await h.api('/contacts', { token: res.body.access_token, query: { me: true } });
    expect(me.body.data[0].id).toBe(h.sandbox.store.ownerId);
    // A code works once.
    const again = await token({ ...CLIENT, grant_type: 'authorization_code', code, redirect_uri: REDIRECT });
    expect(again).toEqual({ status: 400, body: { error: 'invalid_grant', error_description: expect.any(String) } });
  });

  it('redirects with error=access_denied when the user denies', async () => {
    const res = await fetch(`${h.url}/oauth2/authorize/v4`, {
      method: 'POST', redirect: 'manual', headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ client_id: CLIENT.client_id, response_type: 'code', redirect_uri: REDIRECT, state: 's', decision: 'deny' }).toString(),
    });
    const location = new URL(res.headers.get('location') as string);
    expect(location.searchParams.get('error')).toBe('access_denied');
    expect(location.searchParams.get('state')).toBe('s');
  });

  it('refuses an unknown client, a foreign redirect URI and a wrong secret', async () => {
    const unknown = await fetch(`${h.url}/oauth2/authorize/v4?client_id=nope&response_type=code`, { redirect: 'manual' });
    expect(unknown.status).toBe(400);
    const foreign = await fetch(`${h.url}/oauth2/authorize/v4?client_id=sandbox-client&response_type=code&redirect_uri=https://evil.example/cb`, { redirect: 'manual' });
    expect(foreign.status).toBe(400);
    const secret = await token({ client_id: 'sandbox-client', client_secret: 'wrong', grant_type: 'refresh_token', refresh_token: 'x' });
    expect(secret.status).toBe(401);
    expect(secret.body.error).toBe('invalid_client');
  });

  it('approves at once with the auto-approve switch', async () => {
    await h.control('/settings', { method: 'PUT', body: { oauthAutoApprove: true } });
    const res = await fetch(`${h.url}/oauth2/authorize/v4?client_id=sandbox-client&response_type=code&redirect_uri=${encodeURIComponent(REDIRECT)}&state=auto`, { redirect: 'manual' });
    expect(res.status).toBe(302);
    expect(new URL(res.headers.get('location') as string).searchParams.get('code')).toBeTruthy();
    await h.control('/settings', { method: 'PUT', body: { oauthAutoApprove: false } });
  });
});

describe('token lifetime and rotation', () => {
  async function freshPair() {
    const redirect = await authorizeThroughConsentPage('t');
    const res = await token({ ...CLIENT, grant_type: 'authorization_code', code: redirect.searchParams.get('code') as string, redirect_uri: REDIRECT });
    return res.body as { access_token: string; refresh_token: string };
  }

  it('rotates refresh tokens: each works once, the used one fails with invalid_grant', async () => {
    const pair = await freshPair();
    const next = await token({ ...CLIENT, grant_type: 'refresh_token', refresh_token: pair.refresh_token });
    expect(next.status).toBe(200);
    expect(next.body.refresh_token).not.toBe(pair.refresh_token);
    expect(next.body.host).toBe(new URL(h.url).host);
    const reused = await token({ ...CLIENT, grant_type: 'refresh_token', refresh_token: pair.refresh_token });
    expect(reused.status).toBe(400);
    expect(reused.body.error).toBe('invalid_grant');
    const chained = await token({ ...CLIENT, grant_type: 'refresh_token', refresh_token: next.body.refresh_token });
    expect(chained.status).toBe(200);
  });

  it('expires access tokens after their lifetime', async () => {
    const pair = await freshPair();
    expect((await h.api('/version', { token: pair.access_token })).status).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, 2100));
    const expired = await h.api('/version', { token: pair.access_token });
    expect(expired.status).toBe(401);
    expect(expired.body.error).toBe('not_authorized');
  });

  it('expires every access token now through the control API, but not permanent tokens', async () => {
    const pair = await freshPair();
    const { expired } = await h.control('/tokens/expire', { method: 'POST' });
    expect(expired).toBeGreaterThan(0);
    expect((await h.api('/version', { token: pair.access_token })).status).toBe(401);
    expect((await h.api('/version')).status).toBe(200);
  });

  it('refuses an unsupported grant type', async () => {
    const res = await token({ ...CLIENT, grant_type: 'client_credentials' });
    expect(res.status).toBe(400);
    expect(res.body.error).toBe('unsupported_grant_type');
  });
});

describe('OAuth scopes, as strict as Wrike', () => {
  /** A token for the owner through the auto-approving consent page, asking for `scope` (or none). */
  async function tokenWith(scope?: string): Promise<string> {
    const auto = await startSandbox({ oauthAutoApprove: true });
    try {
      const query = new URLSearchParams({ client_id: CLIENT.client_id, response_type: 'code', redirect_uri: REDIRECT, ...(scope ? { scope } : {}) });
      const consent = await fetch(`${auto.url}/oauth2/authorize/v4?${query}`, { redirect: 'manual' });
      const code = new URL(consent.headers.get('location')!).searchParams.get('code')!;
      const res = await fetch(`${auto.url}/oauth2/token`, {
        method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ ...CLIENT, grant_type: 'authorization_code', code, redirect_uri: REDIRECT }).toString(),
      });
      const accessToken = ((await res.json()) as { access_token: string }).access_token;
      const status = async (path: string) => (await auto.api(path, { token: accessToken })).status;
      return JSON.stringify({ tasks: await status('/tasks'), contacts: await status('/contacts'), groups: await status('/groups'), roles: await status('/access_roles'), workflows: await status('/workflows') });
    } finally {
      await auto.close();
    }
  }

  it('grants wsReadWrite alone when no scope is asked for: no groups, roles or workflows', async () => {
    expect(JSON.parse(await tokenWith())).toEqual({ tasks: 200, contacts: 200, groups: 403, roles: 403, workflows: 403 });
  });

  it('grants what is asked for', async () => {
    expect(JSON.parse(await tokenWith('Default,wsReadWrite,amReadOnlyUser,amReadOnlyGroup,amReadOnlyAccessRole,amReadOnlyWorkflow')))
      .toEqual({ tasks: 200, contacts: 200, groups: 200, roles: 200, workflows: 200 });
  });

  it('gives permanent tokens the scope set it is configured with', async () => {
    const narrow = await startSandbox({ permanentTokenScopes: ['wsReadWrite'] });
    try {
      expect((await narrow.api('/tasks')).status).toBe(200);
      expect((await narrow.api('/groups')).status).toBe(403);
    } finally {
      await narrow.close();
    }
  });
});
