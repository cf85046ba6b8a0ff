import axios from 'axios';
import { WrikeError, parseErrorBody } from '../wrike/errors';

/** What Wrike's token endpoint answers. */
export interface TokenSet {
  accessToken: string;
  /** Absent when the token endpoint sent none (a refresh then keeps the previous one). */
  refreshToken?: string;
  /** Epoch ms. */
  expiresAt: number;
  host?: string;
  /** The scopes granted, when the token response says (Wrike's documented response does not). */
  scope?: string;
}

export interface OAuthClientConfig {
  tokenUrl: string;
  clientId: string;
  clientSecret: string;
}

/** POST /oauth2/token with a form body. `invalid_grant` means the refresh token is dead: re-link the account. */
export async function requestTokens(config: OAuthClientConfig, grant: Record<string, string>, timeoutMs = 15_000): Promise<TokenSet> {
  const body = new URLSearchParams({ ...grant, client_id: config.clientId, client_secret: config.clientSecret });
  const response = await axios.post<string>(config.tokenUrl, body.toString(), {
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    responseType: 'text',
    transformResponse: (raw: unknown) => raw,
    validateStatus: () => true,
    timeout: timeoutMs,
  }).catch((error: unknown) => {
    throw new WrikeError('unavailable', `Wrike's token endpoint is unreachable (${(error as { code?: string }).code ?? 'error'})`);
  });
  const { code, description } = parseErrorBody(String(response.data ?? ''));
  if (response.status >= 400) {
    if (code === 'invalid_grant') throw new WrikeError('needs_reauth', 'Wrike refused the refresh token; the account must be linked again', { status: response.status, code });
    if (response.status >= 500) throw new WrikeError('unavailable', `Wrike's token endpoint answered ${response.status}`, { status: response.status });
    throw new WrikeError('needs_reauth', description ?? `Wrike's token endpoint answered ${response.status}`, { status: response.status, code });
  }
  const parsed = JSON.parse(String(response.data)) as { access_token: string; refresh_token?: string; expires_in?: number; host?: string; scope?: string };
  return {
    accessToken: parsed.access_token,
    refreshToken: typeof parsed.refresh_token === 'string' && parsed.refresh_token !== '' ? parsed.refresh_token : undefined,
    expiresAt: Date.now() + (parsed.expires_in ?? 3600) * 1000,
    host: parsed.host,
    scope: typeof parsed.scope === 'string' ? parsed.scope : undefined,
  };
}
