import { createHmac, randomBytes } from 'node:crypto';
import { sameSecret } from '../same-secret';
import { Router, type Request, type Response } from 'express';
import type { CredentialStore } from '../connections/store';
import { UnknownWorkspaceError, type ConnectionManager } from '../connections/manager';
import { isWrikeId } from '../graphql/ids';
import { requestTokens, type OAuthClientConfig } from '../connections/oauth';
import type { Authenticator } from './auth';
import { AuthError } from './auth';
import type { Logger } from '../logger';

export interface OAuthLinkConfig {
  client: OAuthClientConfig;
  /** Where Wrike's authorize page lives: https://login.wrike.com, or the sandbox's origin. */
  authorizeBase: string;
  /** This service's public URL; Wrike sends the browser back to <publicUrl>/oauth/wrike/callback. */
  publicUrl: () => string;
  /** Whether a return URL may point to this origin. */
  allowReturn: (origin: string, openMode: boolean) => boolean;
  secret: string;
  /** The host to record when the token response has none. */
  defaultHost: string;
  /** The scopes to ask Wrike for (WRIKE_OAUTH_SCOPES), comma-separated. */
  scopes: string;
}

const STATE_TTL_MS = 10 * 60_000;

interface StatePayload {
  n: string;
  t: string;
  r: string;
  e: number;
  /** The spaces the connection is to be limited to (absent: the whole account). */
  w?: string[];
}

function sign(secret: string, body: string): string {
  return createHmac('sha256', secret).update(`oauth-state\n${body}`).digest('base64url');
}

/**
 * Linking a Wrike account with OAuth: /oauth/wrike/start (an authenticated tenant, a return URL) redirects to
 * Wrike's consent page with a signed, single-use, 10-minute `state`; /oauth/wrike/callback checks the state,
 * exchanges the code, stores the connection and sends the browser back with `connectionId` (or `error`).
 */
export function oauthLinkRoutes(deps: {
  config: OAuthLinkConfig; auth: Authenticator; store: CredentialStore; connections: ConnectionManager; logger: Logger;
}): Router {
  const { config } = deps;
  const router = Router();
  const redirectUri = () => `${config.publicUrl()}/oauth/wrike/callback`;
  const back = (res: Response, returnUrl: string, params: Record<string, string>) => {
    const url = new URL(returnUrl);
    for (const [key, value] of Object.entries(params)) url.searchParams.set(key, value);
    res.redirect(302, url.toString());
  };

  router.get('/oauth/wrike/start', async (req: Request, res: Response) => {
    try {
      const tenantId = await deps.auth.tenantOf(req);
      const returnUrl = typeof req.query.returnUrl === 'string' ? req.query.returnUrl : '';
      let origin: string;
      try {
        origin = new URL(returnUrl).origin;
      } catch {
        return res.status(400).json({ error: 'returnUrl must be an absolute URL' });
      }
      if (!config.allowReturn(origin, await deps.auth.isOpenMode())) {
        return res.status(400).json({ error: 'returnUrl is not on an allowed origin (OAUTH_RETURN_ORIGINS)' });
      }
      const workspaceIds = workspaceIdsParam(req.query.workspaceIds);
      if (workspaceIds === 'invalid') return res.status(400).json({ error: 'workspaceIds must be 1 to 100 Wrike space ids, comma-separated' });
      const payload: StatePayload = { n: randomBytes(16).toString('base64url'), t: tenantId, r: returnUrl, e: Date.now() + STATE_TTL_MS, ...(workspaceIds ? { w: workspaceIds } : {}) };
      const body = Buffer.from(JSON.stringify(payload)).toString('base64url');
      const state = `${body}.${sign(config.secret, body)}`;
      const authorize = new URL('/oauth2/authorize/v4', config.authorizeBase);
      // Every scope the graph needs is asked for: without `scope`, Wrike grants wsReadWrite alone (no users, groups,
      // roles or workflows).
      authorize.search = new URLSearchParams({
        client_id: config.client.clientId, response_type: 'code', redirect_uri: redirectUri(), state, scope: config.scopes,
      }).toString();
      res.redirect(302, authorize.toString());
    } catch (error) {
      if (error instanceof AuthError) return res.status(error.status).json({ error: error.message });
      throw error;
    }
  });

  router.get('/oauth/wrike/callback', async (req: Request, res: Response) => {
    const state = typeof req.query.state === 'string' ? req.query.state : '';
    const [body, signature] = state.split('.');
    if (!body || !sameSecret(signature ?? '', sign(config.secret, body))) {
      return res.status(400).type('text/plain').send('Invalid OAuth state: start the link again.');
    }
    const payload = JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as StatePayload;
    if (payload.e < Date.now()) return back(res, payload.r, { error: 'state_expired' });
    if (!(await deps.store.consumeNonce(payload.n, new Date().toISOString()))) return back(res, payload.r, { error: 'state_reused' });
    if (typeof req.query.error === 'string') return back(res, payload.r, { error: req.query.error === 'access_denied' ? 'access_denied' : 'authorization_failed' });
    const code = typeof req.query.code === 'string' ? req.query.code : '';
    if (!code) return back(res, payload.r, { error: 'missing_code' });
    let tokens: Awaited<ReturnType<typeof requestTokens>>;
    try {
      tokens = await requestTokens(config.client, { grant_type: 'authorization_code', code, redirect_uri: redirectUri() });
    } catch (error) {
      deps.logger.warn({ tenantId: payload.t, step: 'code exchange', reason: (error as Error).message }, 'Wrike account link failed: Wrike\'s token endpoint did not exchange the code');
      return back(res, payload.r, { error: 'exchange_failed' });
    }
    try {
      const connection = await deps.connections.connectWithOAuth(payload.t, tokens, config.defaultHost, config.scopes, payload.w ?? null);
      deps.logger.info({ connectionId: connection.id, tenantId: payload.t, workspaces: payload.w?.length ?? 'all' }, 'Wrike account linked');
      back(res, payload.r, { connectionId: connection.id });
    } catch (error) {
      if (error instanceof UnknownWorkspaceError) return back(res, payload.r, { error: 'unknown_workspace' });
      deps.logger.warn({ tenantId: payload.t, step: 'link', reason: (error as Error).message }, 'Wrike account link failed: the exchanged token could not be checked with Wrike or stored');
      back(res, payload.r, { error: 'link_failed' });
    }
  });

  return router;
}

/** `workspaceIds=A,B`: the spaces a new connection is limited to; undefined when not asked for. */
function workspaceIdsParam(raw: unknown): string[] | undefined | 'invalid' {
  if (raw === undefined || raw === '') return undefined;
  if (typeof raw !== 'string') return 'invalid';
  const ids = [...new Set(raw.split(',').map((id) => id.trim()))];
  return ids.length >= 1 && ids.length <= 100 && ids.every(isWrikeId) ? ids : 'invalid';
}
