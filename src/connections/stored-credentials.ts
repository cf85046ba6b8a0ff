import type { Credentials } from '../wrike/client';
import { WrikeError } from '../wrike/errors';
import type { HostPolicy } from '../wrike/hosts';
import type { Sealer } from './crypto';
import { requestTokens, type OAuthClientConfig } from './oauth';
import type { ConnectionRecord, CredentialStore } from './store';

/** What a connection's sealed credentials hold. */
export interface Sealed {
  accessToken: string;
  refreshToken?: string;
  expiresAt?: number;
}

/** What stored credentials need: the store and its lock, the sealer, the OAuth client and the host rules. */
export interface CredentialDeps {
  store: CredentialStore;
  sealer: Sealer;
  oauth?: OAuthClientConfig;
  hosts: HostPolicy;
  onRefresh?: (outcome: 'ok' | 'needs_reauth' | 'failed') => void;
}

/**
 * Credentials of a stored connection. Wrike's refresh tokens rotate (a used one dies), so a refresh runs under the
 * connection's row lock: the first caller refreshes and persists the new pair before anyone uses it; the others,
 * in this process or another sharing PostgreSQL, wait and then use what it stored. `invalid_grant` moves the
 * connection to NEEDS_REAUTH.
 */
export class StoredCredentials implements Credentials {
  private token: string;
  private inFlight: Promise<string> | undefined;
  private dead: WrikeError | undefined;

  constructor(private readonly deps: CredentialDeps, private readonly record: ConnectionRecord, private readonly onHostMoved: () => void = () => undefined) {
    this.token = (JSON.parse(deps.sealer.open(record.sealedCredentials, record.id)) as Sealed).accessToken;
    if (record.status !== 'ACTIVE') this.dead = needsReauth(record.lastError);
  }

  async accessToken(): Promise<string> {
    if (this.dead) throw this.dead;
    return this.token;
  }

  refresh(rejected: string): Promise<string> {
    if (this.dead) return Promise.reject(this.dead);
    if (rejected !== this.token) return Promise.resolve(this.token);
    this.inFlight ??= this.refreshUnderLock(rejected).finally(() => {
      this.inFlight = undefined;
    });
    return this.inFlight;
  }

  private async refreshUnderLock(rejected: string): Promise<string> {
    const { store, sealer, oauth } = this.deps;
    // Errors are returned, not thrown, inside the lock: a thrown error would roll back the status it records.
    const outcome = await store.withConnectionLock<{ token: string } | { error: WrikeError }>(this.record.id, async (row, save) => {
      if (row.status !== 'ACTIVE') return { error: needsReauth(row.lastError) };
      const current = JSON.parse(sealer.open(row.sealedCredentials, row.id)) as Sealed;
      if (current.accessToken !== rejected) return { token: current.accessToken };
      if (row.authType !== 'OAUTH' || !current.refreshToken || !oauth) {
        const lastError = 'Wrike refused the token; link the account again';
        await save({ status: 'NEEDS_REAUTH', lastError });
        return { error: needsReauth(lastError) };
      }
      try {
        const next = await requestTokens(oauth, { grant_type: 'refresh_token', refresh_token: current.refreshToken });
        // No new refresh token means the old one lives on; a new host (a Wrike-owned one only) is where the API is now.
        const refreshToken = next.refreshToken ?? current.refreshToken;
        const moved = next.host !== undefined && next.host !== row.host && this.deps.hosts.allows(next.host) ? next.host : undefined;
        await save({
          sealedCredentials: sealer.seal(JSON.stringify({ accessToken: next.accessToken, refreshToken, expiresAt: next.expiresAt }), row.id),
          lastRefreshedAt: new Date().toISOString(), lastError: null, ...(moved ? { host: moved } : {}),
        });
        if (moved) this.onHostMoved();
        this.deps.onRefresh?.('ok');
        return { token: next.accessToken };
      } catch (error) {
        if (error instanceof WrikeError && error.kind === 'needs_reauth') {
          const lastError = 'Wrike refused the refresh token (invalid_grant); link the account again';
          await save({ status: 'NEEDS_REAUTH', lastError });
          this.deps.onRefresh?.('needs_reauth');
          return { error: needsReauth(lastError) };
        }
        this.deps.onRefresh?.('failed');
        return { error: error instanceof WrikeError ? error : new WrikeError('unavailable', 'Token refresh failed') };
      }
    });
    if ('error' in outcome) {
      if (outcome.error.kind === 'needs_reauth') this.dead = outcome.error;
      throw outcome.error;
    }
    this.token = outcome.token;
    return outcome.token;
  }
}

function needsReauth(reason: string | null): WrikeError {
  return new WrikeError('needs_reauth', reason ?? 'The Wrike connection must be linked again');
}
