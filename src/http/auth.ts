import { sameSecret } from '../same-secret';
import type { IncomingMessage } from 'node:http';
import type { CredentialStore } from '../connections/store';
import { tenantOfKey } from '../connections/api-keys';

/** The tenant of callers in open mode (no API key configured): the sandbox's zero-configuration default. */
export const LOCAL_TENANT = 'local';

export class AuthError extends Error {
  constructor(readonly status: 401 | 403, message: string) {
    super(message);
  }
}

const LOOPBACK = new Set(['127.0.0.1', '::1', '::ffff:127.0.0.1']);

/**
 * Who is calling: a tenant, from `Authorization: Bearer <API key>`. With ROUTER_SECRET set, every request must also
 * carry it in `X-Router-Secret` (the supergraph router adds it). With no API key configured at all (open mode, the
 * sandbox default), loopback callers are served as the `local` tenant and everyone else is refused.
 */
export class Authenticator {
  private openModeUntil = 0;
  private openMode = false;

  constructor(private readonly store: CredentialStore, private readonly routerSecret: string | undefined) {}

  /** Open mode is checked on every keyless request while it lasts; once keys exist, again every 5 s only. */
  async isOpenMode(): Promise<boolean> {
    if (!this.openMode && Date.now() < this.openModeUntil) return false;
    this.openMode = (await this.store.countActiveApiKeys()) === 0;
    this.openModeUntil = Date.now() + 5000;
    return this.openMode;
  }

  async tenantOf(req: IncomingMessage): Promise<string> {
    if (this.routerSecret !== undefined && !sameSecret(headerOf(req, 'x-router-secret') ?? '', this.routerSecret)) {
      throw new AuthError(401, 'This subgraph answers its supergraph router only');
    }
    const header = headerOf(req, 'authorization');
    const key = header?.match(/^Bearer\s+(\S+)$/i)?.[1];
    if (key) {
      const tenant = await tenantOfKey(this.store, key);
      if (tenant) return tenant;
      throw new AuthError(401, 'Unknown or revoked API key');
    }
    if (await this.isOpenMode()) {
      if (LOOPBACK.has(req.socket.remoteAddress ?? '')) return LOCAL_TENANT;
      throw new AuthError(403, 'No API keys are configured: only loopback callers are served');
    }
    throw new AuthError(401, 'Send an API key: Authorization: Bearer <key>');
  }
}

/** One request header as a string (repeated headers joined, as Express's req.header does for most). */
export function headerOf(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value.join(', ') : value;
}
