/** Linked Wrike accounts, tenants and API keys, behind one interface (SQLite embedded, PostgreSQL shared). */

export type ConnectionStatus = 'ACTIVE' | 'NEEDS_REAUTH' | 'REVOKED';
export type AuthType = 'OAUTH' | 'PERMANENT_TOKEN';

export interface ConnectionRecord {
  id: string;
  tenantId: string;
  status: ConnectionStatus;
  host: string;
  authType: AuthType;
  wrikeUserId: string | null;
  wrikeUserName: string | null;
  wrikeUserEmail: string | null;
  /** Sealed JSON: `{accessToken, refreshToken?, expiresAt?}`. */
  sealedCredentials: string;
  createdAt: string;
  lastRefreshedAt: string | null;
  lastError: string | null;
  /** The OAuth scopes granted, comma-separated (null: unknown, as for permanent tokens). */
  scopes?: string | null;
  /** The Wrike spaces the connection is limited to, comma-separated (null: the whole account). */
  workspaceIds?: string | null;
}

export interface ApiKeyRecord {
  id: string;
  tenantId: string;
  label: string | null;
  createdAt: string;
  revokedAt: string | null;
}

export type ConnectionPatch = Partial<Pick<ConnectionRecord, 'status' | 'sealedCredentials' | 'lastRefreshedAt' | 'lastError' | 'host' | 'workspaceIds'>>;

/** An idempotency key's record: `pending` while its write runs, `done` with the result, `unknown` after a lost answer. */
export interface IdempotencyRecord {
  fingerprint: string;
  state: 'pending' | 'done' | 'unknown';
  resultId: string | null;
  /** When the (first) write was attempted, epoch ms. */
  since: number;
  /** While pending: until when its writer holds it (epoch ms), renewed as it works; null for keys claimed before leases. */
  leaseUntil: number | null;
}

/** A connection's Wrike webhook as stored. */
export interface WebhookRecord {
  connectionId: string;
  /** Wrike's id of the hook; null while it is being created. */
  wrikeHookId: string | null;
  /** Sealed like credentials: the HMAC secret shared with Wrike. */
  sealedSecret: string;
  status: 'PENDING' | 'ACTIVE' | 'SUSPENDED' | 'FAILED';
  lastEventAt: string | null;
  createdAt: string;
  /** The secret a re-registration replaced (sealed), still accepted on deliveries until `previousUntil` (epoch ms). */
  previousSealedSecret?: string | null;
  previousUntil?: number | null;
}

/** What of a stored webhook changes after it was created. */
export type WebhookPatch = Partial<Pick<WebhookRecord, 'wrikeHookId' | 'status' | 'lastEventAt' | 'sealedSecret' | 'previousSealedSecret' | 'previousUntil'>>;

/** A webhook event taken (claimed) but not yet published: kept to be published again. */
export interface PendingWebhookEvent {
  key: string;
  connectionId: string;
  /** The event as JSON text. */
  event: string;
}

export interface CredentialStore {
  readonly kind: 'sqlite' | 'postgres';
  migrate(): Promise<void>;
  ping(): Promise<boolean>;
  close(): Promise<void>;

  ensureTenant(id: string, name: string): Promise<void>;
  insertApiKey(record: ApiKeyRecord & { keyHash: string }): Promise<void>;
  revokeApiKey(id: string, at: string): Promise<boolean>;
  listApiKeys(): Promise<ApiKeyRecord[]>;
  /** The tenant of an active key with this hash. */
  tenantOfKeyHash(keyHash: string): Promise<string | undefined>;
  /** Every API key ever created, revoked ones included (open mode ends for good with the first). */
  countApiKeys(): Promise<number>;

  insertConnection(record: ConnectionRecord): Promise<void>;
  getConnection(id: string): Promise<ConnectionRecord | undefined>;
  listConnections(tenantId: string): Promise<ConnectionRecord[]>;
  updateConnection(id: string, patch: ConnectionPatch): Promise<void>;
  deleteConnection(id: string): Promise<boolean>;
  /**
   * Runs `fn` holding the connection's row lock: across processes sharing PostgreSQL, one caller at a time (the
   * others wait, then see its writes). `save` writes inside the same transaction.
   */
  withConnectionLock<T>(id: string, fn: (current: ConnectionRecord, save: (patch: ConnectionPatch) => Promise<void>) => Promise<T>): Promise<T>;

  putWebhook(record: WebhookRecord): Promise<void>;
  getWebhook(connectionId: string): Promise<WebhookRecord | undefined>;
  listWebhooks(): Promise<WebhookRecord[]>;
  updateWebhook(connectionId: string, patch: WebhookPatch): Promise<void>;
  deleteWebhook(connectionId: string): Promise<void>;
  /**
   * Takes a webhook event once: false when it was taken before. With `pending`, the event is kept as not yet
   * published (to be leased again from `pending.retryAt`) until `settleWebhookEvent`. Published entries older than
   * `forgetBefore` are dropped; pending ones are kept until published.
   */
  claimWebhookEvent(key: string, now: number, forgetBefore: number, pending?: { connectionId: string; event: string; retryAt: number }): Promise<boolean>;
  /** The event was published: it is no longer pending. */
  settleWebhookEvent(key: string): Promise<void>;
  /**
   * Up to `limit` pending events whose retry time has come, each leased until `leaseUntil` (another caller, on any
   * replica, does not get it before then).
   */
  leasePendingWebhookEvents(now: number, leaseUntil: number, limit: number): Promise<PendingWebhookEvent[]>;

  /** Opens a single-use window (until `expiresAt`, epoch ms) in which one secret verification may be answered. */
  openWebhookHandshake(id: string, connectionId: string, expiresAt: number): Promise<void>;
  /** Uses up one open window of the connection: false when none is open. */
  consumeWebhookHandshake(connectionId: string, now: number): Promise<boolean>;
  /** Closes a window, used or not (and drops expired ones). */
  closeWebhookHandshake(id: string, now: number): Promise<void>;

  /**
   * Drops what has outlived its use: idempotency keys past their expiry (epoch ms), and OAuth nonces used before
   * `noncesBefore` (an ISO time: their state expired, so a replay fails on its expiry anyway).
   */
  purgeExpired(now: number, noncesBefore: string): Promise<void>;

  /** Records a single-use OAuth state nonce; false when it was used before. */
  consumeNonce(nonce: string, at: string): Promise<boolean>;

  /** Claims a key (as pending) unless a live record exists; returns that record when it does. */
  claimIdempotencyKey(scope: string, key: string, fingerprint: string, now: number, expiresAt: number, leaseUntil?: number | null): Promise<IdempotencyRecord | undefined>;
  /** Sets a claimed key's state (and result); `from` makes it a compare-and-set. Returns whether it changed. */
  setIdempotencyKey(scope: string, key: string, state: IdempotencyRecord['state'], resultId: string | null, from?: IdempotencyRecord['state'], leaseUntil?: number): Promise<boolean>;
  /**
   * Marks a pending key whose writer stopped renewing its lease `unknown` (its write's outcome is then settled by the
   * next retry), only if its lease is lapsed at the store now (before `now`; without a lease, claimed before
   * `staleBefore`): a renewal that landed first keeps the key its writer's. Returns whether it was taken over.
   */
  takeOverLapsedIdempotencyKey(scope: string, key: string, now: number, staleBefore: number): Promise<boolean>;
  /** Extends a pending key's lease (its writer is still at work); false when the key is no longer pending. */
  renewIdempotencyLease(scope: string, key: string, leaseUntil: number): Promise<boolean>;
  releaseIdempotencyKey(scope: string, key: string): Promise<void>;
}
