import Redis from 'ioredis';

/**
 * Redis as this service uses it (REDIS_URL): every command, and every attempt to connect, fails after `timeoutMs`
 * instead of waiting for ever on a Redis that accepts connections and stops answering; commands made while it is
 * unreachable fail after two reconnection attempts (or the same time-out) instead of queueing without limit.
 */
export function createRedis(url: string, timeoutMs: number): Redis {
  return new Redis(url, { maxRetriesPerRequest: 2, connectTimeout: timeoutMs, commandTimeout: timeoutMs });
}

/** Redis's address for logs and start-up errors: host and port, never the URL (it may hold a password). */
export function redisAddress(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.hostname}:${parsed.port || '6379'}`;
  } catch {
    return 'REDIS_URL';
  }
}

/** Whether Redis answers a PING now (bounded by the client's command time-out). */
export function redisAnswers(redis: Redis): Promise<boolean> {
  return redis.ping().then(() => true, () => false);
}

/**
 * Waits for Redis's first PONG, for up to `withinMs`: a Redis that is refused, unreachable or silent stops the start
 * with an error that names it (by address) and says why, instead of an unhandled rejection later.
 */
export async function awaitRedis(redis: Redis, url: string, withinMs: number): Promise<void> {
  const until = Date.now() + withinMs;
  let reason: string;
  for (;;) {
    try {
      await redis.ping();
      return;
    } catch (error) {
      reason = (error as Error).message;
    }
    if (Date.now() >= until) break;
    await new Promise((resolve) => setTimeout(resolve, Math.min(200, Math.max(0, until - Date.now()))));
  }
  redis.disconnect();
  throw new Error(`Redis (REDIS_URL, at ${redisAddress(url)}) did not answer within ${withinMs} ms: ${scrub(reason, url)}`);
}

/**
 * Pings a Redis connection every `everyMs`; when a PING fails (times out), the connection is dropped and made again.
 * A connection whose peer vanished without closing it (a restarted host, a NAT that forgot it) would otherwise stay
 * silent for ever: a subscriber would hear nothing again, and every command would time out. ioredis subscribes a
 * new connection to what the old one was subscribed to. `check` replaces the PING (a subscriber's check subscribes
 * again when its first subscribe failed).
 */
export function watchRedis(
  redis: Redis, everyMs: number, onStale: () => void = () => undefined, check: () => Promise<unknown> = () => redis.ping(),
): { stop(): void } {
  let checking = false;
  const timer = setInterval(() => {
    if (checking || redis.status === 'end') return;
    checking = true;
    check().then(() => undefined, () => {
      onStale();
      // Connected (or half way: a new connection as silent as the old), yet silent: make another. While Redis is
      // unreachable, ioredis is reconnecting already.
      if (redis.status === 'ready' || redis.status === 'connect') redis.disconnect(true);
    }).finally(() => {
      checking = false;
    });
  }, everyMs);
  timer.unref();
  return { stop: () => clearInterval(timer) };
}

/** How often a Redis connection is pinged to find one that went silent: twice its time-out, at least once a second. */
export function redisWatchEveryMs(config: { redisTimeoutMs: number }): number {
  return Math.max(1000, 2 * config.redisTimeoutMs);
}

/** An error message without the URL's password, should a driver ever repeat it. */
export function scrub(message: string, url: string): string {
  try {
    const { password } = new URL(url);
    return password ? message.split(decodeURIComponent(password)).join('***').split(password).join('***') : message;
  } catch {
    return message;
  }
}
