import axios from 'axios';
import type { Credentials } from '../wrike/client';
import { WrikeError, parseErrorBody } from '../wrike/errors';

/** What Wrike's token endpoint answers. */
export interface TokenSet {
  accessToken: string;
  refreshToken: string;
  /** Epoch ms. */
  expiresAt: number;
  host?: string;
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
  const parsed = JSON.parse(String(response.data)) as { access_token: string; refresh_token: string; expires_in?: number; host?: string };
  return {
    accessToken: parsed.access_token,
    refreshToken: parsed.refresh_token,
    expiresAt: Date.now() + (parsed.expires_in ?? 3600) * 1000,
    host: parsed.host,
  };
}

/**
 * Credentials of an OAuth-linked account. Wrike's refresh tokens rotate: a used one dies. So concurrent 401s of one
 * connection share a single refresh, and the new pair is handed to `persist` before anyone uses it.
 */
export class OAuthCredentials implements Credentials {
  private inFlight: Promise<string> | undefined;
  private dead: WrikeError | undefined;

  constructor(
    private tokens: TokenSet,
    private readonly client: OAuthClientConfig,
    private readonly persist: (tokens: TokenSet) => Promise<void> = async () => undefined,
    private readonly onRefresh: () => void = () => undefined,
  ) {}

  async accessToken(): Promise<string> {
    if (this.dead) throw this.dead;
    return this.tokens.accessToken;
  }

  refresh(rejectedToken: string): Promise<string> {
    if (this.dead) return Promise.reject(this.dead);
    // Someone already refreshed since this token was sent: use theirs.
    if (rejectedToken !== this.tokens.accessToken) return Promise.resolve(this.tokens.accessToken);
    this.inFlight ??= this.doRefresh().finally(() => {
      this.inFlight = undefined;
    });
    return this.inFlight;
  }

  private async doRefresh(): Promise<string> {
    this.onRefresh();
    try {
      const next = await requestTokens(this.client, { grant_type: 'refresh_token', refresh_token: this.tokens.refreshToken });
      await this.persist(next);
      this.tokens = next;
      return next.accessToken;
    } catch (error) {
      if (error instanceof WrikeError && error.kind === 'needs_reauth') this.dead = error;
      throw error;
    }
  }
}
