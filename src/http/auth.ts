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
/** Headers a reverse proxy adds: a request carrying one came from elsewhere, whatever its socket says. */
const PROXY_HEADERS = ['forwarded', 'x-forwarded-for', 'x-forwarded-host', 'x-real-ip'];

export interface OpenModeOptions {
  /** Open mode may apply at all: with the in-process sandbox, or OPEN_MODE=true. */
  allowed: boolean;
  /** Host names (besides localhost's) a browser may call an open server by: PUBLIC_URL's. */
  hosts: readonly string[];
}

/**
 * Who is calling: a tenant, from `Authorization: Bearer <API key>`. With ROUTER_SECRET set, every request must also
 * carry it in `X-Router-Secret` (the supergraph router adds it). Open mode (the sandbox's zero-configuration default,
 * or OPEN_MODE=true): while no API key was ever created, callers on this machine are served as the `local` tenant;
 * "on this machine" means a loopback socket, no proxy's forwarding headers, and a Host of localhost (or PUBLIC_URL's):
 * a web page on another name that resolves here (DNS rebinding) is refused. Creating the first key ends open mode for
 * good: revoking keys never reopens it.
 */
export class Authenticator {
  private closed = false;
  private readonly hosts: Set<string>;

  constructor(
    private readonly store: CredentialStore,
    private readonly routerSecret: string | undefined,
    private readonly open: OpenModeOptions = { allowed: false, hosts: [] },
  ) {
    this.hosts = new Set(['localhost', '127.0.0.1', '[::1]', ...open.hosts.map((host) => host.toLowerCase())]);
  }

  async isOpenMode(): Promise<boolean> {
    if (!this.open.allowed || this.closed) return false;
    this.closed = (await this.store.countApiKeys()) > 0;
    return !this.closed;
  }

  /** A caller on this machine, calling it by a name of its own. */
  private local(req: IncomingMessage): boolean {
    if (!LOOPBACK.has(req.socket.remoteAddress ?? '')) return false;
    if (PROXY_HEADERS.some((name) => req.headers[name] !== undefined)) return false;
    const host = headerOf(req, 'host') ?? '';
    const name = host.startsWith('[') ? host.slice(0, host.indexOf(']') + 1) : host.split(':')[0];
    return this.hosts.has((name ?? '').toLowerCase());
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
      if (this.local(req)) return LOCAL_TENANT;
      throw new AuthError(403, 'No API keys are configured: only callers on this machine, by localhost, are served');
    }
    throw new AuthError(401, 'Send an API key: Authorization: Bearer <key>');
  }
}

/** One request header as a string (repeated headers joined, as Express's req.header does for most). */
export function headerOf(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value.join(', ') : value;
}
