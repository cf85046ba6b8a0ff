/**
 * Every setting, read from the environment once and checked. A bad value stops start-up with a message that names
 * the variable. Nothing is required: with no configuration the server runs against the built-in Wrike sandbox.
 */
export interface Config {
  /** PORT: where the subgraph listens. */
  port: number;
  /** HOST: the interface to bind; empty means every interface. */
  host: string | undefined;
  /**
   * SANDBOX: run the Wrike sandbox in process. Default: on unless a real Wrike is configured (WRIKE_API_BASE_URL,
   * WRIKE_PERMANENT_TOKEN, or a Wrike OAuth client in WRIKE_CLIENT_ID).
   */
  sandbox: boolean;
  /** SANDBOX_PORT: the in-process sandbox's port (0 = any free port). */
  sandboxPort: number;
  /** SANDBOX_SEED and SANDBOX_SIZE: the sandbox's data. */
  sandboxSeed: number;
  sandboxSize: string;
  /** SANDBOX_RATE_LIMIT_PER_MINUTE and SANDBOX_RATE_LIMIT_BURST: the in-process sandbox's rate limit per token. */
  sandboxRateLimitPerMinute: number;
  sandboxRateLimitBurst: number;
  /** SANDBOX_RATE_LIMIT_PER_SECOND: calls per token in any rolling second; unset: ⌈per minute / 60⌉ (the strict reading). */
  sandboxRateLimitPerSecond: number | undefined;
  /** WRIKE_API_BASE_URL: overrides the Wrike base URL (https://{host}/api/v4) for every connection. */
  wrikeApiBaseUrl: string | undefined;
  /** WRIKE_PERMANENT_TOKEN: the token of the default connection. */
  wrikePermanentToken: string | undefined;
  /** WRIKE_TIMEOUT_MS: per Wrike call. */
  wrikeTimeoutMs: number;
  /** WRIKE_READ_RETRIES: how often a read is retried on 5xx, resets and time-outs (with backoff and jitter). */
  wrikeReadRetries: number;
  /** WRIKE_MAX_CONCURRENCY: Wrike calls in flight per connection. */
  wrikeMaxConcurrency: number;
  /** WRIKE_BUDGET_PER_MINUTE and WRIKE_BUDGET_BURST: the call budget per connection, below Wrike's own limit. */
  wrikeBudgetPerMinute: number;
  wrikeBudgetBurst: number;
  /**
   * WRIKE_BUDGET_PER_SECOND: calls per connection in any rolling second, bursts included. Default: the per-minute
   * budget's share of a second, ⌊WRIKE_BUDGET_PER_MINUTE / 60⌋ (6), one below the strict reading of Wrike's limit
   * (⌈400 / 60⌉ = 7, what the sandbox enforces), for the time between our clock and Wrike's.
   */
  wrikeBudgetPerSecond: number;
  /** WRIKE_BUDGET_RECOVERY_MS: after a 429 halved the per-second rate, it rises by one call a second this often. */
  wrikeBudgetRecoveryMs: number;
  /** REQUEST_DEADLINE_MS: by when every request is answered (see src/http/request-deadline.ts). */
  requestDeadlineMs: number;
  /** REDIS_URL: shares the call budget and the cache between replicas. */
  redisUrl: string | undefined;
  /** REDIS_KEY_PREFIX: the first part of every key this service writes to Redis (deployments may share a Redis). */
  redisKeyPrefix: string;
  /** REDIS_TIMEOUT_MS: how long one Redis command, or one attempt to connect, may take before it fails. */
  redisTimeoutMs: number;
  /** CACHE_MAX_STALENESS_MS: how old an entity read by id may be when served from the cache (0: no entity cache). */
  cacheMaxStalenessMs: number;
  /** CACHE_METADATA_TTL_MS: how long account metadata (workflows, fields, spaces, folder tree, directory) is kept. */
  cacheMetadataTtlMs: number;
  /** CACHE_MAX_ENTRIES and CACHE_MAX_BYTES: the in-memory cache's bounds (without REDIS_URL). */
  cacheMaxEntries: number;
  cacheMaxBytes: number;
  /** LOG_LEVEL: pino level. */
  logLevel: string;
  /** CURSOR_SECRET: signs pagination cursors; set it (the same on every replica) so cursors survive restarts. */
  cursorSecret: string | undefined;
  /** PUBLIC_URL: where clients reach this service (download links point here). */
  publicUrl: string | undefined;
  /** WRIKE_WEBHOOKS: false registers no Wrike webhook (even with PUBLIC_URL, or the in-process sandbox). */
  webhooks: boolean;
  /** WEBHOOK_CHECK_MS: how often each webhook is checked at Wrike (a suspended one is re-enabled). */
  webhookCheckMs: number;
  /** EVENT_RETRY_MS: how soon a webhook event taken but not published (the event bus failed) is published again. */
  eventRetryMs: number;
  /** MAX_SUBSCRIPTIONS_PER_SOCKET: subscriptions one graphql-ws socket may hold at once. */
  maxSubscriptionsPerSocket: number;
  /** MAX_SUBSCRIPTIONS_PER_TENANT: subscriptions one tenant may hold at once on this replica, over all its sockets. */
  maxSubscriptionsPerTenant: number;
  /** ROUTER_CALLBACK_ORIGINS: origins (as URL.origin) a router's subscription callback URL may be on (comma-separated; none: callbacks off). */
  routerCallbackOrigins: string[];
  /**
   * CALLBACK_LEASE_MS: how long a replica holds a callback subscription without renewing it (then another takes it);
   * each subscription's lease is at most a quarter of its heartbeat interval.
   */
  callbackLeaseMs: number;
  /** OPEN_MODE: serve callers on this machine without an API key while none exists, also against a real Wrike. */
  openMode: boolean;
  /** INTROSPECTION: __schema and __type answered, and "Did you mean" hints in errors (off: neither; _service stays). */
  introspection: boolean;
  /** MAX_ATTACHMENT_BYTES: largest file createAttachment takes as base64. */
  maxAttachmentBytes: number;
  /** DOWNLOAD_URL_TTL_SECONDS: how long an Attachment.downloadUrl works. */
  downloadUrlTtlSeconds: number;
  /** SHUTDOWN_TIMEOUT_MS: how long SIGTERM waits for in-flight requests before closing them. */
  shutdownTimeoutMs: number;
  /** DATABASE_URL: PostgreSQL for the credential store (several replicas); without it, SQLite under DATA_DIR. */
  databaseUrl: string | undefined;
  /**
   * DATABASE_TIMEOUT_MS: how long PostgreSQL may take to connect, to lend a pooled connection, or to answer a query.
   * Not bounded by REQUEST_DEADLINE_MS: it also bounds start-up and background work, and a request is answered by
   * its deadline whatever this is.
   */
  databaseTimeoutMs: number;
  /** DATA_DIR: where the SQLite store and the sandbox's development key live. */
  dataDir: string;
  /** ENCRYPTION_KEY (current) and ENCRYPTION_KEYS_PREVIOUS (comma-separated, still opening old values). */
  encryptionKey: string | undefined;
  encryptionKeysPrevious: string | undefined;
  /** WRIKE_CLIENT_ID and WRIKE_CLIENT_SECRET: the Wrike OAuth app (the sandbox has its own). */
  wrikeClientId: string | undefined;
  wrikeClientSecret: string | undefined;
  /** WRIKE_EXTRA_HOSTS: hosts (host[:port]) connections may use besides Wrike's; for tests against a local server only. */
  wrikeExtraHosts: string[];
  /** WRIKE_OAUTH_SCOPES: the scopes the OAuth link asks for, comma-separated. */
  wrikeOAuthScopes: string;
  /** WRIKE_OAUTH_URL: where Wrike's OAuth pages live. */
  wrikeOAuthUrl: string;
  /** OAUTH_RETURN_ORIGINS: origins the OAuth link may send browsers back to (comma-separated). */
  oauthReturnOrigins: string[];
  /** CORS_ORIGINS: web origins whose pages may call /graphql, /attachments and /proxy, with credentials (comma-separated; none by default). */
  corsOrigins: string[];
  /** ROUTER_SECRET: when set, required in X-Router-Secret on every request (the supergraph router sends it). */
  routerSecret: string | undefined;
  /** ROUTER_INVALIDATION_URL: the router's cache invalidation endpoint, told which entities went stale (unset: none is told). */
  routerInvalidationUrl: string | undefined;
  /** ROUTER_INVALIDATION_SECRET: sent as the invalidation request's Authorization (the router's shared key). */
  routerInvalidationSecret: string | undefined;
  /** ROUTER_INVALIDATION_SUBGRAPH: this subgraph's name in the supergraph, as the invalidation request names it. */
  routerInvalidationSubgraph: string;
  /** METRICS_TOKEN: /metrics asks for it as a bearer token (or for the router secret); open when neither is set. */
  metricsToken: string | undefined;
  /** MAX_QUERY_DEPTH and MAX_QUERY_CALLS (estimated Wrike calls): operations over these are refused with QUERY_TOO_COMPLEX. */
  maxQueryDepth: number;
  maxQueryCalls: number;
  /** MAX_ENTITY_REPRESENTATIONS: most `_entities` representations one request may carry. */
  maxEntityRepresentations: number;
}

type Env = Record<string, string | undefined>;

class ConfigError extends Error {}

function integer(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (!/^\d+$/.test(raw) || Number(raw) < min || Number(raw) > max) {
    throw new ConfigError(`${name} must be an integer from ${min} to ${max}, got '${raw}'`);
  }
  return Number(raw);
}

function boolean(env: Env, name: string, fallback: boolean): boolean {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (raw === 'true' || raw === '1') return true;
  if (raw === 'false' || raw === '0') return false;
  throw new ConfigError(`${name} must be true or false, got '${raw}'`);
}

function scopeList(env: Env, name: string, fallback: string): string {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const scopes = raw.split(',').map((scope) => scope.trim()).filter(Boolean);
  if (scopes.length === 0 || !scopes.every((scope) => /^[A-Za-z]{2,40}$/.test(scope))) {
    throw new ConfigError(`${name} must be Wrike scope names separated by commas, e.g. Default,wsReadWrite,amReadOnlyUser`);
  }
  return scopes.join(',');
}

function keyPrefix(env: Env, name: string, fallback: string): string {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (!/^[A-Za-z0-9_.-]{1,40}$/.test(raw)) throw new ConfigError(`${name} must be 1 to 40 letters, digits, dots, dashes or underscores`);
  return raw;
}

function optionalUrl(env: Env, name: string, schemes: string[]): string | undefined {
  const raw = env[name];
  if (raw === undefined || raw === '') return undefined;
  try {
    if (!schemes.includes(new URL(raw).protocol)) throw new Error('scheme');
  } catch {
    // The value may hold a password: name the variable and the schemes, never echo it.
    throw new ConfigError(`${name} must be a ${schemes.map((s) => s.replace(':', '://')).join(' or ')} URL`);
  }
  return raw.replace(/\/+$/, '');
}

function url(env: Env, name: string): string | undefined {
  const raw = env[name];
  if (raw === undefined || raw === '') return undefined;
  try {
    const parsed = new URL(raw);
    if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') throw new Error('scheme');
  } catch {
    throw new ConfigError(`${name} must be an http(s) URL, got '${raw}'`);
  }
  return raw.replace(/\/+$/, '');
}

/**
 * Exact web origins (scheme://host[:port]), comma-separated, in the form a browser sends in its Origin header. Every
 * listed origin is answered with credentials allowed, so a wildcard (every site, with the caller's credentials) and
 * `null` (sandboxed frames, local files) are refused rather than guessed at.
 */
function originList(env: Env, name: string, wildcardWhy = 'every listed origin may call with credentials, and no site is trusted by wildcard'): string[] {
  const entries = (env[name] ?? '').split(',').map((entry) => entry.trim()).filter(Boolean);
  return entries.map((entry) => {
    if (entry.includes('*')) {
      throw new ConfigError(`${name} takes exact origins such as https://app.example.com, not '*': ${wildcardWhy}`);
    }
    let origin: string | undefined;
    try {
      const parsed = new URL(entry);
      const bare = parsed.pathname === '/' && !parsed.search && !parsed.hash && !parsed.username && !parsed.password;
      // Normalised as browsers send it: lower case, no default port.
      if ((parsed.protocol === 'https:' || parsed.protocol === 'http:') && bare) origin = parsed.origin;
    } catch {
      origin = undefined;
    }
    if (!origin) throw new ConfigError(`${name} takes exact origins (http(s)://host[:port], no path), comma-separated; got '${entry}'`);
    return origin;
  });
}

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

export function loadConfig(env: Env = process.env): Config {
  const wrikeApiBaseUrl = url(env, 'WRIKE_API_BASE_URL');
  const wrikePermanentToken = env.WRIKE_PERMANENT_TOKEN || undefined;
  const logLevel = env.LOG_LEVEL || 'info';
  if (!LOG_LEVELS.includes(logLevel)) throw new ConfigError(`LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}, got '${logLevel}'`);
  const sandboxSize = env.SANDBOX_SIZE || 'demo';
  if (!['small', 'demo', 'large'].includes(sandboxSize) && !/^\d+$/.test(sandboxSize)) {
    throw new ConfigError(`SANDBOX_SIZE must be small, demo, large or a task count, got '${sandboxSize}'`);
  }
  const config: Config = {
    port: integer(env, 'PORT', 4000, 0, 65535),
    host: env.HOST || undefined,
    // Configuring any real Wrike (a URL, a token or an OAuth client) turns the sandbox off unless SANDBOX=true says
    // otherwise: production settings must never silently send browsers to the sandbox's consent page.
    sandbox: boolean(env, 'SANDBOX', !wrikeApiBaseUrl && !wrikePermanentToken && !env.WRIKE_CLIENT_ID),
    sandboxPort: integer(env, 'SANDBOX_PORT', 0, 0, 65535),
    sandboxSeed: integer(env, 'SANDBOX_SEED', 42, 0, 2 ** 31),
    sandboxSize,
    sandboxRateLimitPerMinute: integer(env, 'SANDBOX_RATE_LIMIT_PER_MINUTE', 400, 1, 10_000_000),
    sandboxRateLimitBurst: integer(env, 'SANDBOX_RATE_LIMIT_BURST', 100, 1, 10_000_000),
    sandboxRateLimitPerSecond: env.SANDBOX_RATE_LIMIT_PER_SECOND ? integer(env, 'SANDBOX_RATE_LIMIT_PER_SECOND', 7, 1, 10_000_000) : undefined,
    wrikeApiBaseUrl,
    wrikePermanentToken,
    wrikeTimeoutMs: integer(env, 'WRIKE_TIMEOUT_MS', 30000, 100, 600000),
    wrikeReadRetries: integer(env, 'WRIKE_READ_RETRIES', 3, 0, 10),
    wrikeMaxConcurrency: integer(env, 'WRIKE_MAX_CONCURRENCY', 8, 1, 100),
    wrikeBudgetPerMinute: integer(env, 'WRIKE_BUDGET_PER_MINUTE', 360, 1, 10_000_000),
    wrikeBudgetBurst: integer(env, 'WRIKE_BUDGET_BURST', 10, 1, 10_000),
    wrikeBudgetPerSecond: integer(env, 'WRIKE_BUDGET_PER_SECOND', Math.max(1, Math.floor(integer(env, 'WRIKE_BUDGET_PER_MINUTE', 360, 1, 10_000_000) / 60)), 1, 10_000_000),
    wrikeBudgetRecoveryMs: integer(env, 'WRIKE_BUDGET_RECOVERY_MS', 10_000, 100, 3_600_000),
    requestDeadlineMs: integer(env, 'REQUEST_DEADLINE_MS', 15_000, 100, 600_000),
    redisUrl: optionalUrl(env, 'REDIS_URL', ['redis:', 'rediss:']),
    redisKeyPrefix: keyPrefix(env, 'REDIS_KEY_PREFIX', 'wsg'),
    // By default well inside a request's deadline, however short that is set.
    redisTimeoutMs: integer(env, 'REDIS_TIMEOUT_MS', Math.min(1000, Math.floor(integer(env, 'REQUEST_DEADLINE_MS', 15_000, 100, 600_000) / 2)), 10, 60_000),
    cacheMaxStalenessMs: integer(env, 'CACHE_MAX_STALENESS_MS', 30_000, 0, 86_400_000),
    cacheMetadataTtlMs: integer(env, 'CACHE_METADATA_TTL_MS', 300_000, 0, 86_400_000),
    cacheMaxEntries: integer(env, 'CACHE_MAX_ENTRIES', 100_000, 100, 100_000_000),
    cacheMaxBytes: integer(env, 'CACHE_MAX_BYTES', 64 * 1024 * 1024, 1024 * 1024, 8 * 1024 * 1024 * 1024),
    logLevel,
    cursorSecret: env.CURSOR_SECRET || undefined,
    publicUrl: url(env, 'PUBLIC_URL'),
    webhooks: boolean(env, 'WRIKE_WEBHOOKS', true),
    webhookCheckMs: integer(env, 'WEBHOOK_CHECK_MS', 300_000, 1000, 86_400_000),
    eventRetryMs: integer(env, 'EVENT_RETRY_MS', 10_000, 100, 3_600_000),
    maxSubscriptionsPerSocket: integer(env, 'MAX_SUBSCRIPTIONS_PER_SOCKET', 100, 1, 100_000),
    maxSubscriptionsPerTenant: integer(env, 'MAX_SUBSCRIPTIONS_PER_TENANT', 1000, 1, 1_000_000),
    introspection: boolean(env, 'INTROSPECTION', env.NODE_ENV !== 'production'),
    openMode: boolean(env, 'OPEN_MODE', false),
    // Normalised as URL.origin (a callback URL's origin is compared to these); a path or a wildcard is refused at start.
    routerCallbackOrigins: originList(env, 'ROUTER_CALLBACK_ORIGINS', 'the subgraph POSTs to every listed origin, so none is trusted by wildcard'),
    callbackLeaseMs: integer(env, 'CALLBACK_LEASE_MS', 3000, 300, 600_000),
    maxAttachmentBytes: integer(env, 'MAX_ATTACHMENT_BYTES', 25 * 1024 * 1024, 1, 1024 ** 3),
    downloadUrlTtlSeconds: integer(env, 'DOWNLOAD_URL_TTL_SECONDS', 300, 10, 86_400),
    shutdownTimeoutMs: integer(env, 'SHUTDOWN_TIMEOUT_MS', 25_000, 0, 600_000),
    databaseUrl: env.DATABASE_URL || undefined,
    databaseTimeoutMs: integer(env, 'DATABASE_TIMEOUT_MS', 5000, 100, 600_000),
    dataDir: env.DATA_DIR || './data',
    encryptionKey: env.ENCRYPTION_KEY || undefined,
    encryptionKeysPrevious: env.ENCRYPTION_KEYS_PREVIOUS || undefined,
    wrikeClientId: env.WRIKE_CLIENT_ID || undefined,
    wrikeClientSecret: env.WRIKE_CLIENT_SECRET || undefined,
    wrikeOAuthUrl: url(env, 'WRIKE_OAUTH_URL') ?? 'https://login.wrike.com',
    wrikeExtraHosts: (env.WRIKE_EXTRA_HOSTS ?? '').split(',').map((host) => host.trim()).filter(Boolean),
    wrikeOAuthScopes: scopeList(env, 'WRIKE_OAUTH_SCOPES', 'Default,wsReadWrite,amReadOnlyUser,amReadOnlyGroup,amReadOnlyAccessRole,amReadOnlyWorkflow'),
    oauthReturnOrigins: (env.OAUTH_RETURN_ORIGINS ?? '').split(',').map((o) => o.trim()).filter(Boolean),
    corsOrigins: originList(env, 'CORS_ORIGINS'),
    routerSecret: env.ROUTER_SECRET || undefined,
    routerInvalidationUrl: optionalUrl(env, 'ROUTER_INVALIDATION_URL', ['http:', 'https:']),
    routerInvalidationSecret: env.ROUTER_INVALIDATION_SECRET || undefined,
    routerInvalidationSubgraph: keyPrefix(env, 'ROUTER_INVALIDATION_SUBGRAPH', 'wrike'),
    metricsToken: env.METRICS_TOKEN || undefined,
    maxQueryDepth: integer(env, 'MAX_QUERY_DEPTH', 12, 2, 100),
    maxQueryCalls: integer(env, 'MAX_QUERY_CALLS', 120, 1, 100_000),
    maxEntityRepresentations: integer(env, 'MAX_ENTITY_REPRESENTATIONS', 1000, 1, 100_000),
  };
  if (config.cursorSecret !== undefined && config.cursorSecret.length < 16) {
    throw new ConfigError('CURSOR_SECRET must be at least 16 characters');
  }
  if (config.databaseUrl !== undefined && !/^postgres(ql)?:\/\//.test(config.databaseUrl)) {
    throw new ConfigError('DATABASE_URL must be a postgres:// URL');
  }
  if ((config.wrikeClientId === undefined) !== (config.wrikeClientSecret === undefined)) {
    throw new ConfigError('WRIKE_CLIENT_ID and WRIKE_CLIENT_SECRET go together');
  }
  // A request waits on Redis one command at a time: each wait must fit in its deadline.
  if (config.redisTimeoutMs >= config.requestDeadlineMs) throw new ConfigError('REDIS_TIMEOUT_MS must be less than REQUEST_DEADLINE_MS');
  if (config.routerSecret !== undefined && config.routerSecret.length < 16) throw new ConfigError('ROUTER_SECRET must be at least 16 characters');
  // fetch() refuses a URL with credentials in it: the router's key goes in ROUTER_INVALIDATION_SECRET.
  if (config.routerInvalidationUrl !== undefined) {
    const parsed = new URL(config.routerInvalidationUrl);
    if (parsed.username || parsed.password) throw new ConfigError('ROUTER_INVALIDATION_URL may not hold credentials: use ROUTER_INVALIDATION_SECRET');
  }
  if (config.metricsToken !== undefined && config.metricsToken.length < 16) throw new ConfigError('METRICS_TOKEN must be at least 16 characters');
  return config;
}

export { ConfigError };
