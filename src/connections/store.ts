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
}

export interface ApiKeyRecord {
  id: string;
  tenantId: string;
  label: string | null;
  createdAt: string;
  revokedAt: string | null;
}

export type ConnectionPatch = Partial<Pick<ConnectionRecord, 'status' | 'sealedCredentials' | 'lastRefreshedAt' | 'lastError' | 'host'>>;

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
  countActiveApiKeys(): Promise<number>;

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

  /** Records a single-use OAuth state nonce; false when it was used before. */
  consumeNonce(nonce: string, at: string): Promise<boolean>;
}
