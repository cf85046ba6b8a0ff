import express, { Router, type Request, type Response } from 'express';
import type { SandboxStore } from './store';
import { ALL_SCOPES, type TokenRegistry } from './tokens';
import { profileIn } from './model';

/** A registered OAuth app of the sandbox. Redirect URIs must match one of its own, or be on a loopback host. */
export interface OAuthClient {
  clientId: string;
  clientSecret: string;
  redirectUris: string[];
}

export interface OAuthOptions {
  clients: OAuthClient[];
  /** Tests switch this on: the authorize page approves at once, as the seeded owner, without a form. */
  autoApprove: () => boolean;
  /** The `host` returned with tokens: where the API of this "data center" answers. */
  host: () => string;
  /** Whether refresh tokens rotate (Wrike's behaviour): each refresh answers a new one and kills the one used. */
  refreshRotation: () => boolean;
}

const KNOWN_SCOPES = new Set(ALL_SCOPES);

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function oauthError(res: Response, status: number, error: string, description: string): void {
  res.status(status).json({ error, error_description: description });
}

function redirectAllowed(client: OAuthClient, uri: string): boolean {
  if (client.redirectUris.includes(uri)) return true;
  try {
    const url = new URL(uri);
    return url.protocol === 'http:' && ['localhost', '127.0.0.1', '[::1]'].includes(url.hostname);
  } catch {
    return false;
  }
}

/** `/oauth2/authorize/v4` (a consent page) and `/oauth2/token` (authorization_code and rotating refresh_token grants). */
export function oauthRoutes(store: SandboxStore, tokens: TokenRegistry, options: OAuthOptions): Router {
  const router = Router();
  router.use(express.urlencoded({ extended: false, limit: '64kb' }));

  const readAuthorize = (source: Record<string, unknown>) => {
    const get = (key: string) => (typeof source[key] === 'string' ? (source[key] as string) : undefined);
    const client = options.clients.find((c) => c.clientId === get('client_id'));
    const redirectUri = get('redirect_uri') ?? client?.redirectUris[0];
    const scopes = (get('scope') ?? '').split(',').map((s) => s.trim()).filter(Boolean);
    return { client, redirectUri, state: get('state'), responseType: get('response_type'), scopes, get };
  };

  const finish = (res: Response, redirectUri: string, params: Record<string, string | undefined>) => {
    const url = new URL(redirectUri);
    for (const [key, value] of Object.entries(params)) if (value !== undefined) url.searchParams.set(key, value);
    res.redirect(302, url.toString());
  };

  const authorize = (req: Request, res: Response) => {
    const source = (req.method === 'POST' ? req.body : req.query) as Record<string, unknown>;
    const { client, redirectUri, state, responseType, scopes, get } = readAuthorize(source);
    // Errors about the client or redirect URI are shown, never redirected (the redirect target is untrusted).
    if (!client) return res.status(400).type('html').send('<h1>Unknown client_id</h1>');
    if (!redirectUri || !redirectAllowed(client, redirectUri)) return res.status(400).type('html').send('<h1>redirect_uri is not registered for this app</h1>');
    if (responseType !== 'code') return finish(res, redirectUri, { error: 'unsupported_response_type', state });
    const unknown = scopes.filter((s) => !KNOWN_SCOPES.has(s));
    if (unknown.length > 0) return finish(res, redirectUri, { error: 'invalid_scope', state });
    // Without `scope`, Wrike grants wsReadWrite only (its changelog of 2 March 2015): the strict reading.
    const granted = scopes.length > 0 ? scopes : ['wsReadWrite'];
    const people = store.activePeople();
    const approve = (userId: string) => {
      const code = tokens.issueCode({ userId, scopes: granted, clientId: client.clientId, redirectUri: get('redirect_uri') });
      finish(res, redirectUri, { code, state });
    };
    if (req.method === 'POST') {
      if (get('decision') !== 'approve') return finish(res, redirectUri, { error: 'access_denied', state });
      const userId = get('user_id') ?? store.ownerId;
      if (!people.some((p) => p.id === userId)) return res.status(400).type('html').send('<h1>Unknown user</h1>');
      return approve(userId);
    }
    if (options.autoApprove()) return approve(store.ownerId);
    const hidden = ['client_id', 'redirect_uri', 'state', 'response_type', 'scope']
      .map((k) => (get(k) !== undefined ? `<input type="hidden" name="${k}" value="${escapeHtml(get(k) as string)}">` : ''))
      .join('');
    const users = people
      .map((p) => `<option value="${p.id}"${p.id === store.ownerId ? ' selected' : ''}>${escapeHtml(`${p.firstName} ${p.lastName} <${profileIn(p, store.account.id)?.email ?? ''}>`)}</option>`)
      .join('');
    res.status(200).type('html').send(`<!doctype html><html><head><meta charset="utf-8"><title>Wrike sandbox: authorize</title></head>
<body style="font-family:sans-serif;max-width:32rem;margin:3rem auto">
<h1>Authorize ${escapeHtml(client.clientId)}</h1>
<p>This app asks for access to <b>${escapeHtml(store.account.name)}</b> with the scopes: ${granted.map(escapeHtml).join(', ')}.</p>
<form method="post" action="/oauth2/authorize/v4">${hidden}
<label>Sign in as <select name="user_id">${users}</select></label>
<p><button name="decision" value="approve" type="submit">Accept</button>
<button name="decision" value="deny" type="submit">Deny</button></p></form></body></html>`);
  };
  router.get('/authorize/v4', authorize);
  router.post('/authorize/v4', authorize);

  router.post('/token', (req, res) => {
    const body = { ...(req.query as Record<string, unknown>), ...((req.body as Record<string, unknown>) ?? {}) };
    const get = (key: string) => (typeof body[key] === 'string' ? (body[key] as string) : undefined);
    const client = options.clients.find((c) => c.clientId === get('client_id'));
    if (!client || client.clientSecret !== get('client_secret')) return oauthError(res, 401, 'invalid_client', 'Client authentication failed');
    const grantType = get('grant_type');
    let grant: { userId: string; scopes: string[] } | undefined;
    if (grantType === 'authorization_code') {
      const code = get('code');
      if (!code) return oauthError(res, 400, 'invalid_request', 'code is required');
      const redeemed = tokens.redeemCode(code);
      if (!redeemed || redeemed.clientId !== client.clientId) return oauthError(res, 400, 'invalid_grant', 'Authorization code is invalid, expired or already used');
      if (redeemed.redirectUri !== undefined && redeemed.redirectUri !== get('redirect_uri')) {
        return oauthError(res, 400, 'invalid_grant', 'redirect_uri does not match the authorization request');
      }
      grant = redeemed;
    } else if (grantType === 'refresh_token') {
      const refreshToken = get('refresh_token');
      if (!refreshToken) return oauthError(res, 400, 'invalid_request', 'refresh_token is required');
      grant = tokens.redeemRefreshToken(refreshToken, client.clientId, options.refreshRotation());
      if (!grant) return oauthError(res, 400, 'invalid_grant', 'Refresh token is invalid, expired or already used');
    } else {
      return oauthError(res, 400, 'unsupported_grant_type', 'grant_type must be authorization_code or refresh_token');
    }
    const pair = tokens.issueTokenPair(grant.userId, grant.scopes, client.clientId);
    const rotated = grantType === 'authorization_code' || options.refreshRotation();
    res.setHeader('Cache-Control', 'no-store');
    res.json({
      access_token: pair.accessToken, ...(rotated ? { refresh_token: pair.refreshToken } : {}), token_type: 'bearer', expires_in: pair.expiresIn,
      host: options.host(),
    });
  });

  return router;
}
