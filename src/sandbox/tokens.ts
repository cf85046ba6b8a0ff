import { createHmac, randomBytes } from 'node:crypto';

/** Every scope Wrike knows; permanent tokens hold them all unless the sandbox is told otherwise. */
export const ALL_SCOPES = [
  'Default', 'wsReadOnly', 'wsReadWrite', 'amReadOnlyUser', 'amReadWriteUser', 'amReadOnlyGroup', 'amReadWriteGroup',
  'amReadOnlyInvitation', 'amReadWriteInvitation', 'amReadOnlyWorkflow', 'amReadWriteWorkflow',
  'amReadOnlyTimelogCategory', 'amReadWriteTimelogCategory', 'amReadOnlyAuditLog', 'amReadOnlyAccessRole',
  'amReadOnlyWorkSchedule', 'amReadWriteWorkSchedule', 'dataExportFull',
];

export interface TokenGrant {
  userId: string;
  scopes: string[];
  kind: 'permanent' | 'oauth';
  /** Epoch ms; absent for permanent tokens. */
  expiresAt?: number;
  /** A short, non-secret name for counters. */
  label: string;
}

interface RefreshGrant {
  userId: string;
  scopes: string[];
  clientId: string;
  used: boolean;
}

export interface AuthorizationCode {
  userId: string;
  scopes: string[];
  clientId: string;
  redirectUri?: string;
  expiresAt: number;
  used: boolean;
}

function base64url(value: string | Buffer): string {
  return Buffer.from(value).toString('base64url');
}

/** Issues, rotates and checks every credential the sandbox knows. */
export class TokenRegistry {
  private readonly grants = new Map<string, TokenGrant>();
  private readonly refreshTokens = new Map<string, RefreshGrant>();
  private readonly codes = new Map<string, AuthorizationCode>();
  private issued = 0;

  constructor(
    private readonly accessTokenTtlSeconds: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** How many OAuth token pairs were issued (code exchanges and refreshes). */
  get issuedCount(): number {
    return this.issued;
  }

  /** A deterministic, JWT-looking permanent token for a user (the same seed gives the same token). */
  addPermanentToken(userId: string, accountId: string, seed: number, token?: string, scopes: string[] = ALL_SCOPES): string {
    const payload = base64url(JSON.stringify({ sub: userId, acct: accountId, sandbox: true, seed }));
    const header = base64url(JSON.stringify({ alg: 'HS256', typ: 'JWT' }));
    const signature = createHmac('sha256', `wrike-sandbox-${seed}`).update(`${header}.${payload}`).digest('base64url');
    const value = token ?? `${header}.${payload}.${signature}`;
    this.grants.set(value, { userId, scopes, kind: 'permanent', label: `permanent:${userId}` });
    return value;
  }

  check(token: string): TokenGrant | undefined {
    const grant = this.grants.get(token);
    if (!grant) return undefined;
    if (grant.expiresAt !== undefined && grant.expiresAt <= this.now()) return undefined;
    return grant;
  }

  issueCode(code: Omit<AuthorizationCode, 'expiresAt' | 'used'>): string {
    const value = randomBytes(24).toString('base64url');
    this.codes.set(value, { ...code, expiresAt: this.now() + 10 * 60_000, used: false });
    return value;
  }

  /** Takes a code once; a second use, an expired code or an unknown one gives undefined. */
  redeemCode(value: string): AuthorizationCode | undefined {
    const code = this.codes.get(value);
    if (!code || code.used || code.expiresAt <= this.now()) return undefined;
    code.used = true;
    return code;
  }

  issueTokenPair(userId: string, scopes: string[], clientId: string): { accessToken: string; refreshToken: string; expiresIn: number } {
    this.issued++;
    const accessToken = `sbx_at_${randomBytes(24).toString('base64url')}`;
    const refreshToken = `sbx_rt_${randomBytes(24).toString('base64url')}`;
    this.grants.set(accessToken, {
      userId, scopes, kind: 'oauth', expiresAt: this.now() + this.accessTokenTtlSeconds * 1000,
      label: `oauth:${userId}:${this.issued}`,
    });
    this.refreshTokens.set(refreshToken, { userId, scopes, clientId, used: false });
    return { accessToken, refreshToken, expiresIn: this.accessTokenTtlSeconds };
  }

  /** Rotation (Wrike's way): a refresh token works once; the old one is dead afterwards. Without it, it lives on. */
  redeemRefreshToken(value: string, clientId: string, rotate = true): RefreshGrant | undefined {
    const grant = this.refreshTokens.get(value);
    if (!grant || grant.used || grant.clientId !== clientId) return undefined;
    grant.used = rotate;
    return grant;
  }

  /** Fault injection: every OAuth access token issued so far expires now. Permanent tokens never expire. */
  expireAccessTokens(): number {
    let count = 0;
    for (const grant of this.grants.values()) {
      if (grant.kind === 'oauth') {
        grant.expiresAt = this.now() - 1;
        count++;
      }
    }
    return count;
  }

  /** Kills a refresh token (for tests of a dead refresh token). */
  revokeRefreshTokens(): void {
    for (const grant of this.refreshTokens.values()) grant.used = true;
  }
}
