import { DEFAULT_SANDBOX_OPTIONS, type SandboxOptions } from './server';
import { SEED_SIZES, type SeedSize } from './seed';

/** Reads the sandbox's SANDBOX_* variables; a bad value stops start-up with a message naming the variable. */
export function sandboxOptionsFromEnv(env: NodeJS.ProcessEnv): { options: Partial<SandboxOptions> & Pick<SandboxOptions, 'seed' | 'oauthClients'>; port: number; host: string } {
  const number = (name: string, fallback: number, min = 0) => {
    const raw = env[name];
    if (raw === undefined || raw === '') return fallback;
    const value = Number(raw);
    if (!Number.isInteger(value) || value < min) throw new Error(`${name} must be an integer >= ${min}, got '${raw}'`);
    return value;
  };
  const sizeRaw = env.SANDBOX_SIZE ?? 'demo';
  let size: SeedSize | number;
  if (sizeRaw in SEED_SIZES) size = sizeRaw as SeedSize;
  else if (/^\d+$/.test(sizeRaw) && Number(sizeRaw) >= 50) size = Number(sizeRaw);
  else throw new Error(`SANDBOX_SIZE must be small, demo, large or a task count >= 50, got '${sizeRaw}'`);
  const perMinute = number('SANDBOX_RATE_LIMIT_PER_MINUTE', DEFAULT_SANDBOX_OPTIONS.rateLimitPerMinute, 1);
  return {
    port: number('SANDBOX_PORT', 8800),
    host: env.SANDBOX_HOST ?? '127.0.0.1',
    options: {
      seed: number('SANDBOX_SEED', DEFAULT_SANDBOX_OPTIONS.seed),
      size,
      rateLimitPerMinute: perMinute,
      rateLimitBurst: number('SANDBOX_RATE_LIMIT_BURST', Math.min(perMinute, DEFAULT_SANDBOX_OPTIONS.rateLimitBurst), 1),
      rateLimitPerSecond: env.SANDBOX_RATE_LIMIT_PER_SECOND ? number('SANDBOX_RATE_LIMIT_PER_SECOND', 0, 1) : undefined,
      accessTokenTtlSeconds: number('SANDBOX_ACCESS_TOKEN_TTL_SECONDS', DEFAULT_SANDBOX_OPTIONS.accessTokenTtlSeconds, 1),
      oauthAutoApprove: env.SANDBOX_OAUTH_AUTO_APPROVE === 'true',
      // Comma-separated; default: every scope.
      permanentTokenScopes: env.SANDBOX_PERMANENT_TOKEN_SCOPES ? env.SANDBOX_PERMANENT_TOKEN_SCOPES.split(',').map((s) => s.trim()).filter(Boolean) : undefined,
      faults: { latencyMs: number('SANDBOX_LATENCY_MS', 0) },
      oauthClients: DEFAULT_SANDBOX_OPTIONS.oauthClients,
    },
  };
}
