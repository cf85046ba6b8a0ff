import { loadConfig } from '../../src/config';

describe('loadConfig', () => {
  it('needs nothing: defaults run against the in-process sandbox on port 4000', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({ port: 4000, sandbox: true, wrikeApiBaseUrl: undefined, wrikeBudgetPerMinute: 360, wrikeBudgetBurst: 10, redisUrl: undefined, logLevel: 'info', redisTimeoutMs: 1000, databaseTimeoutMs: 5000 });
  });

  it('turns the sandbox off by default once a real Wrike is configured', () => {
    const config = loadConfig({ WRIKE_API_BASE_URL: 'https://app-eu.wrike.com/api/v4/', WRIKE_PERMANENT_TOKEN: 'eyJx' });
    expect(config.sandbox).toBe(false);
    expect(config.wrikeApiBaseUrl).toBe('https://app-eu.wrike.com/api/v4');
  });

  it('turns the sandbox off when a Wrike OAuth client is configured, unless SANDBOX=true', () => {
    const oauth = { WRIKE_CLIENT_ID: 'client', WRIKE_CLIENT_SECRET: 'secret' };
    expect(loadConfig(oauth).sandbox).toBe(false);
    expect(loadConfig({ ...oauth, SANDBOX: 'true' }).sandbox).toBe(true);
    expect(loadConfig({ WRIKE_PERMANENT_TOKEN: 'eyJx' }).sandbox).toBe(false);
  });

  it('takes the per-second share from the per-minute budget unless it is set; the sandbox\'s from its own limit', () => {
    expect(loadConfig({})).toMatchObject({ wrikeBudgetPerSecond: 6, wrikeBudgetRecoveryMs: 10_000, sandboxRateLimitPerSecond: undefined });
    expect(loadConfig({ WRIKE_BUDGET_PER_MINUTE: '1200' }).wrikeBudgetPerSecond).toBe(20);
    expect(loadConfig({ WRIKE_BUDGET_PER_MINUTE: '12' }).wrikeBudgetPerSecond).toBe(1);
    expect(loadConfig({ WRIKE_BUDGET_PER_SECOND: '7', SANDBOX_RATE_LIMIT_PER_SECOND: '5' })).toMatchObject({ wrikeBudgetPerSecond: 7, sandboxRateLimitPerSecond: 5 });
    expect(() => loadConfig({ WRIKE_BUDGET_PER_SECOND: '0' })).toThrow(/WRIKE_BUDGET_PER_SECOND/);
  });

  it('normalises ROUTER_CALLBACK_ORIGINS as URL origins (case, default port, trailing slash) and refuses paths and wildcards at start', () => {
    expect(loadConfig({ ROUTER_CALLBACK_ORIGINS: ' HTTP://Router.Internal:80/ , https://r.example.com:443' }).routerCallbackOrigins)
      .toEqual(['http://router.internal', 'https://r.example.com']);
    expect(() => loadConfig({ ROUTER_CALLBACK_ORIGINS: 'http://router.internal:4001/callback' })).toThrow(/ROUTER_CALLBACK_ORIGINS takes exact origins/);
    expect(() => loadConfig({ ROUTER_CALLBACK_ORIGINS: 'http://*.internal' })).toThrow(/ROUTER_CALLBACK_ORIGINS takes exact origins .*not '\*'/);
    expect(() => loadConfig({ ROUTER_CALLBACK_ORIGINS: 'router.internal:4001' })).toThrow(/ROUTER_CALLBACK_ORIGINS takes exact origins/);
  });

  it('keeps the default Redis time-out inside a short request deadline', () => {
    expect(loadConfig({ REQUEST_DEADLINE_MS: '400' }).redisTimeoutMs).toBe(200);
  });

  it.each([
    [{ PORT: 'eighty' }, /PORT must be an integer/],
    [{ PORT: '70000' }, /PORT must be an integer from 0 to 65535/],
    [{ SANDBOX: 'yes' }, /SANDBOX must be true or false/],
    [{ WRIKE_API_BASE_URL: 'ftp://x' }, /WRIKE_API_BASE_URL must be an http\(s\) URL/],
    [{ LOG_LEVEL: 'loud' }, /LOG_LEVEL must be one of/],
    [{ DATABASE_URL: 'mysql://x' }, /DATABASE_URL must be a postgres/],
    [{ WRIKE_CLIENT_ID: 'abc' }, /WRIKE_CLIENT_ID and WRIKE_CLIENT_SECRET go together/],
    [{ ROUTER_SECRET: 'short' }, /ROUTER_SECRET must be at least 16/],
    [{ SANDBOX_SIZE: 'huge' }, /SANDBOX_SIZE must be/],
    [{ REDIS_TIMEOUT_MS: '5' }, /REDIS_TIMEOUT_MS must be an integer from 10/],
    [{ REDIS_TIMEOUT_MS: '3000', REQUEST_DEADLINE_MS: '3000' }, /REDIS_TIMEOUT_MS must be less than REQUEST_DEADLINE_MS/],
    [{ DATABASE_TIMEOUT_MS: '10' }, /DATABASE_TIMEOUT_MS must be an integer from 100/],
    [{ ROUTER_INVALIDATION_URL: 'ftp://router/invalidation' }, /ROUTER_INVALIDATION_URL must be a http:\/\/ or https:\/\/ URL/],
    [{ ROUTER_INVALIDATION_URL: 'http://user:pw@router/invalidation' }, /ROUTER_INVALIDATION_URL may not hold credentials: use ROUTER_INVALIDATION_SECRET/],
    [{ ROUTER_INVALIDATION_SUBGRAPH: 'a b' }, /ROUTER_INVALIDATION_SUBGRAPH must be/],
  ])('stops on a bad value and names the variable: %j', (env, message) => {
    expect(() => loadConfig(env)).toThrow(message);
  });
});
