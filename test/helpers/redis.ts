import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';

/** The local Redis the machine runs; tests use a key prefix of their own. */
export const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

/**
 * Whether Redis answers, checked synchronously (suites are declared synchronously): a loud skip by hand when it does
 * not, and a failure under CI=true (CI starts it).
 */
export function redisUp(): boolean {
  const url = new URL(REDIS_URL);
  const probe = spawnSync('redis-cli', ['-h', url.hostname, '-p', url.port || '6379', 'ping'], { timeout: 5000, encoding: 'utf8' });
  const up = probe.status === 0 && probe.stdout.trim() === 'PONG';
  if (!up) {
    const message = `Redis is not reachable at ${url.host}`;
    if (process.env.CI === 'true') throw new Error(`${message} (CI must start it)`);
    console.warn(`SKIPPING Redis tests: ${message}`);
  }
  return up;
}

export const testKeyPrefix = () => `wsgtest${randomBytes(5).toString('hex')}`;
