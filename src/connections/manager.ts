import { randomBytes } from 'node:crypto';
import type { Credentials } from '../wrike/client';
import { ClientPool, type ConnectionFactory, type LiveConnection } from './client-pool';
import type { HostPolicy } from '../wrike/hosts';
import type { WrikeContact } from '../wrike/types';
import type { Sealer } from './crypto';
import type { OAuthClientConfig, TokenSet } from './oauth';
import { StoredCredentials, type Sealed } from './stored-credentials';
import type { AuthType, ConnectionRecord, ConnectionStatus, CredentialStore } from './store';

export type { ConnectionFactory, LiveConnection } from './client-pool';

/** What the admin API shows of a connection (never its tokens). */
export interface ConnectionView {
  id: string;
  status: ConnectionStatus;
  host: string;
  authType: AuthType;
  wrikeUser: { id: string; name: string | null; email: string | null } | null;
  createdAt: string;
  lastRefreshedAt: string | null;
  lastError: string | null;
  /** The OAuth scopes the account granted; null when Wrike does not say (permanent tokens). */
  scopes: string[] | null;
  /** The Wrike spaces it is limited to; null: the whole account. */
  workspaceIds: string[] | null;
}

/** Linking refused before or without Wrike's data: a host that is not Wrike's, or a token Wrike does not take. */
export class LinkRefusedError extends Error {
  constructor(readonly field: 'host' | 'token', message: string) {
    super(message);
  }
}

/** A connection cannot be limited to a space its account does not have. */
export class UnknownWorkspaceError extends Error {
  constructor(readonly workspaceId: string) {
    super(`Not a space of this Wrike account: ${workspaceId}`);
  }
}

/** Why a connection cannot be used: `forbidden` reveals nothing about connections of other tenants. */
export class ConnectionAccessError extends Error {
  constructor(readonly kind: 'forbidden' | 'invalid') {
    super(kind === 'forbidden' ? 'No such connection for this caller' : 'Not a valid connection id');
  }
}

const CONNECTION_ID = /^[A-Za-z0-9_-]{1,64}$/;

export interface ManagerDeps {
  store: CredentialStore;
  sealer: Sealer;
  /** Clients (with their limits and metrics) and caches for connections. */
  runtime: ConnectionFactory;
  /** Which hosts a linked connection may use. */
  hosts: HostPolicy;
  oauth?: OAuthClientConfig;
  onRefresh?: (outcome: 'ok' | 'needs_reauth' | 'failed') => void;
  /** Verifies a token against Wrike: GET /contacts?me=true with it. */
  whoAmI: (baseUrl: string, token: string) => Promise<WrikeContact | undefined>;
  /** The account's space ids, read with a token (GET /spaces): a connection may be limited only to these. */
  spaceIdsOf: (baseUrl: string, token: string) => Promise<string[]>;
  /** After an account was linked, with a way to reach it (not awaited: linking never waits on it). */
  onLinked?: (id: string, live: () => Promise<LiveConnection>) => void;
  /** Before a connection is removed, while its credentials still work. */
  onUnlinking?: (id: string, live: LiveConnection) => Promise<void>;
}

/**
 * The connections of every tenant: linked accounts from the store (tokens sealed at rest), plus one configured in
 * the environment (the sandbox's, or WRIKE_PERMANENT_TOKEN) owned by the `local` tenant and kept in memory.
 */
export class ConnectionManager {
  private readonly pool: ClientPool;
  private readonly statics = new Map<string, { tenantId: string; live: LiveConnection; view: ConnectionView }>();
  private readonly onlyOf = new Map<string, { id: string | undefined; until: number }>();

  constructor(private readonly deps: ManagerDeps) {
    this.pool = new ClientPool(deps.runtime);
  }

  addStatic(tenantId: string, id: string, baseUrl: string, credentials: Credentials, workspaceIds: string[] | null = null): LiveConnection {
    const host = new URL(baseUrl).host;
    const live = { ...this.pool.make(id, baseUrl, credentials), workspaceIds };
    this.statics.set(id, {
      tenantId, live,
      view: {
        id, status: 'ACTIVE', host, authType: 'PERMANENT_TOKEN', wrikeUser: null, createdAt: new Date().toISOString(), lastRefreshedAt: null,
        lastError: null, scopes: null, workspaceIds,
      },
    });
    return live;
  }

  /**
   * Limits a connection to some Wrike spaces (null: the whole account again). Stored, so every replica applies it on
   * its next request; the environment's connection keeps it in memory until restart. Undefined: no such connection.
   */
  async setWorkspaces(tenantId: string, id: string, workspaceIds: string[] | null, spaceIds: () => Promise<string[]>): Promise<ConnectionView | undefined> {
    const fixed = this.statics.get(id);
    if (fixed && fixed.tenantId !== tenantId) return undefined;
    if (workspaceIds) await this.checkWorkspaces(workspaceIds, spaceIds());
    if (fixed) {
      fixed.live = { ...fixed.live, workspaceIds };
      fixed.view = { ...fixed.view, workspaceIds };
      return fixed.view;
    }
    const record = CONNECTION_ID.test(id) ? await this.deps.store.getConnection(id) : undefined;
    if (!record || record.tenantId !== tenantId) return undefined;
    const stored = workspaceIds === null ? null : workspaceIds.join(',');
    await this.deps.store.updateConnection(id, { workspaceIds: stored });
    return viewOf({ ...record, workspaceIds: stored });
  }

  async list(tenantId: string): Promise<ConnectionView[]> {
    const stored = (await this.deps.store.listConnections(tenantId)).map(viewOf);
    const statics = [...this.statics.values()].filter((s) => s.tenantId === tenantId).map((s) => s.view);
    return [...statics, ...stored];
  }

  async view(tenantId: string, id: string): Promise<ConnectionView | undefined> {
    const fixed = this.statics.get(id);
    if (fixed) return fixed.tenantId === tenantId ? fixed.view : undefined;
    if (!CONNECTION_ID.test(id)) return undefined;
    const record = await this.deps.store.getConnection(id);
    return record && record.tenantId === tenantId ? viewOf(record) : undefined;
  }

  /** A connection by id alone, with its tenant: for what Wrike sends (webhooks), which names no tenant. */
  async byId(id: string): Promise<{ tenantId: string; live: LiveConnection } | undefined> {
    const fixed = this.statics.get(id);
    if (fixed) return { tenantId: fixed.tenantId, live: fixed.live };
    const record = CONNECTION_ID.test(id) ? await this.deps.store.getConnection(id) : undefined;
    if (!record || record.status !== 'ACTIVE') return undefined;
    return { tenantId: record.tenantId, live: await this.liveOf(record) };
  }

  /** The connection a tenant asked for, ready to call; another tenant's id is `forbidden`, like an unknown one. */
  async resolve(tenantId: string, id: string): Promise<LiveConnection> {
    if (!CONNECTION_ID.test(id)) throw new ConnectionAccessError('invalid');
    const fixed = this.statics.get(id);
    if (fixed) {
      if (fixed.tenantId !== tenantId) throw new ConnectionAccessError('forbidden');
      return fixed.live;
    }
    const record = await this.deps.store.getConnection(id);
    if (!record || record.tenantId !== tenantId) throw new ConnectionAccessError('forbidden');
    return this.liveOf(record);
  }

  /** A stored connection's live client (made on first use), with the scope of the record just read. */
  private async liveOf(record: ConnectionRecord): Promise<LiveConnection> {
    const live = await this.pool.get(record.id, async () => {
      await this.resealIfStale(record);
      // A refresh that moves the account to another host drops this connection: the next request uses the new one.
      return { baseUrl: this.deps.hosts.apiBaseUrl(record.host), credentials: new StoredCredentials(this.deps, record, () => this.pool.drop(record.id)) };
    });
    // The scope is the stored one, read now: a change made on another replica applies on the next request.
    return { ...live, workspaceIds: workspaceIdsOf(record) };
  }

  /**
   * The tenant's only connection, when it has exactly one. Requests without X-Connection-Id ask this every time, so
   * which connection it is is kept for a second (and dropped when this process links or unlinks one); the connection
   * itself, with its scope, is resolved on every request as when the header names it, so that a scope changed on any
   * replica applies to the next request.
   */
  async only(tenantId: string): Promise<LiveConnection | undefined> {
    const known = this.onlyOf.get(tenantId);
    if (known && known.until > Date.now()) {
      if (known.id === undefined) return undefined;
      // Unlinked meanwhile (on another replica): ask the store again.
      const live = await this.resolve(tenantId, known.id).catch(() => undefined);
      if (live) return live;
    }
    const all = await this.list(tenantId);
    const id = all.length === 1 ? (all[0] as ConnectionView).id : undefined;
    this.onlyOf.set(tenantId, { id, until: Date.now() + 1000 });
    return id === undefined ? undefined : this.resolve(tenantId, id);
  }

  /**
   * Links an account with a permanent token, after Wrike confirmed the token works. Without a host, the token finds
   * its own data center: every known one is asked at once (GET /contacts?me=true), and the one that accepts it wins
   * (a permanent token belongs to one account, which lives in one data center).
   */
  async connectWithToken(tenantId: string, token: string, host?: string, workspaceIds: string[] | null = null): Promise<ConnectionView> {
    if (host !== undefined) return this.link(tenantId, host, 'PERMANENT_TOKEN', { accessToken: token }, null, undefined, workspaceIds);
    const found = await Promise.any(this.deps.hosts.dataCenters().map(async (candidate) => {
      const me = await this.deps.whoAmI(this.deps.hosts.apiBaseUrl(candidate), token);
      if (!me) throw new LinkRefusedError('token', 'Wrike did not accept the token');
      return { host: candidate, me };
    })).catch(() => {
      throw new LinkRefusedError('token', 'No Wrike data center accepted this token');
    });
    return this.link(tenantId, found.host, 'PERMANENT_TOKEN', { accessToken: token }, null, found.me, workspaceIds);
  }

  /**
   * Links an account from an OAuth code exchange. The scopes are the token response's when it names them, else the
   * ones asked for (Wrike grants what the authorize request asked for, or wsReadWrite alone when it asked for none).
   */
  async connectWithOAuth(tenantId: string, tokens: TokenSet, fallbackHost: string, requestedScopes: string, workspaceIds: string[] | null = null): Promise<ConnectionView> {
    const scopes = tokens.scope ?? requestedScopes;
    const sealed = { accessToken: tokens.accessToken, refreshToken: tokens.refreshToken, expiresAt: tokens.expiresAt };
    return this.link(tenantId, tokens.host ?? fallbackHost, 'OAUTH', sealed, scopes, undefined, workspaceIds);
  }

  async disconnect(tenantId: string, id: string): Promise<boolean> {
    const record = CONNECTION_ID.test(id) ? await this.deps.store.getConnection(id) : undefined;
    if (!record || record.tenantId !== tenantId) return false;
    // Best effort (its webhook removed at Wrike): a connection whose credentials no longer open still goes.
    if (this.deps.onUnlinking) await this.resolve(tenantId, id).then((live) => this.deps.onUnlinking!(id, live)).catch(() => undefined);
    this.pool.drop(id);
    this.onlyOf.delete(tenantId);
    return this.deps.store.deleteConnection(id);
  }

  /**
   * Credentials sealed under a previous ENCRYPTION_KEY are sealed again under the current one when first read (under
   * the row lock, so a concurrent refresh is not overwritten): after every connection was used once, the old key can
   * go. A failure leaves them as they were (they still open).
   */
  private async resealIfStale(record: ConnectionRecord): Promise<void> {
    const { sealer, store } = this.deps;
    if (!sealer.isStale(record.sealedCredentials)) return;
    await store.withConnectionLock(record.id, async (row, save) => {
      if (sealer.isStale(row.sealedCredentials)) await save({ sealedCredentials: sealer.seal(sealer.open(row.sealedCredentials, row.id), row.id) });
    }).catch(() => undefined);
  }

  /** Every id must be one of the account's spaces; throws UnknownWorkspaceError naming the first that is not. */
  private async checkWorkspaces(workspaceIds: readonly string[], spaceIds: Promise<string[]>): Promise<void> {
    const known = new Set(await spaceIds);
    const unknown = workspaceIds.find((id) => !known.has(id));
    if (unknown !== undefined) throw new UnknownWorkspaceError(unknown);
  }

  private async link(
    tenantId: string, host: string, authType: AuthType, sealed: Sealed, scopes: string | null = null, known?: WrikeContact,
    workspaceIds: string[] | null = null,
  ): Promise<ConnectionView> {
    // Refused before any call, with one answer for every refused host: nothing to learn about what listens where.
    if (!this.deps.hosts.allows(host)) throw new LinkRefusedError('host', 'Not a Wrike host: use your data center\'s, e.g. www.wrike.com, app-us2.wrike.com or app-eu.wrike.com');
    const me = known ?? await this.deps.whoAmI(this.deps.hosts.apiBaseUrl(host), sealed.accessToken);
    if (!me) throw new LinkRefusedError('token', 'Wrike did not accept the token');
    if (workspaceIds) await this.checkWorkspaces(workspaceIds, this.deps.spaceIdsOf(this.deps.hosts.apiBaseUrl(host), sealed.accessToken));
    const id = `conn_${randomBytes(9).toString('base64url')}`;
    const record: ConnectionRecord = {
      id, tenantId, status: 'ACTIVE', host, authType, wrikeUserId: me.id,
      wrikeUserName: [me.firstName, me.lastName].filter(Boolean).join(' ') || null,
      wrikeUserEmail: me.primaryEmail ?? me.profiles?.[0]?.email ?? null,
      sealedCredentials: this.deps.sealer.seal(JSON.stringify(sealed), id), createdAt: new Date().toISOString(), lastRefreshedAt: null, lastError: null,
      scopes, workspaceIds: workspaceIds === null ? null : workspaceIds.join(','),
    };
    await this.deps.store.ensureTenant(tenantId, tenantId);
    await this.deps.store.insertConnection(record);
    this.onlyOf.delete(tenantId);
    this.deps.onLinked?.(id, () => this.resolve(tenantId, id));
    return viewOf(record);
  }
}

function viewOf(record: ConnectionRecord): ConnectionView {
  return {
    id: record.id, status: record.status, host: record.host, authType: record.authType,
    wrikeUser: record.wrikeUserId ? { id: record.wrikeUserId, name: record.wrikeUserName, email: record.wrikeUserEmail } : null,
    createdAt: record.createdAt, lastRefreshedAt: record.lastRefreshedAt, lastError: record.lastError,
    scopes: record.scopes ? record.scopes.split(',').filter(Boolean) : null,
    workspaceIds: workspaceIdsOf(record),
  };
}

/** The stored list of spaces; null (or nothing stored) is the whole account. */
function workspaceIdsOf(record: ConnectionRecord): string[] | null {
  return record.workspaceIds === null || record.workspaceIds === undefined ? null : record.workspaceIds.split(',').filter(Boolean);
}
