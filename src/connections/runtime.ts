import type Redis from 'ioredis';
import type { Config } from '../config';
import type { Metrics } from '../metrics';
import { WrikeClient, type Credentials } from '../wrike/client';
import { LocalBudget, RedisBudget, type CallBudget } from '../wrike/budget';
import { createSharedReads, type SharedReads } from '../wrike/shared-reads';
import { ConnectionCache, MemoryCacheStore, RedisCacheStore, type CacheStore } from '../wrike/cache';
import { tagsOfInvalidation } from '../unified/cache-tags';

/** Where the tags of what went stale go (router-invalidation.ts). */
export interface StaleTagSink {
  add(tags: readonly string[]): void;
}

/** What a connection needs to call Wrike: its budget (shared through Redis when there is one) and its cache. */
export class ConnectionRuntime {
  private readonly cacheStore: CacheStore;

  constructor(private readonly config: Config, private readonly metrics: Metrics, readonly redis: Redis | undefined, private readonly staleTags?: StaleTagSink) {
    this.cacheStore = redis ? new RedisCacheStore(redis) : new MemoryCacheStore({ maxEntries: config.cacheMaxEntries, maxBytes: config.cacheMaxBytes });
  }

  budget(connection: string): CallBudget {
    const limits = { perMinute: this.config.wrikeBudgetPerMinute, burst: this.config.wrikeBudgetBurst, perSecond: this.config.wrikeBudgetPerSecond, recoveryMs: this.config.wrikeBudgetRecoveryMs };
    const budget = this.redis ? new RedisBudget(this.redis, `${this.config.redisKeyPrefix}:v1:budget:${connection}`, limits) : new LocalBudget(limits);
    this.metrics.watchBudget(connection, budget);
    return budget;
  }

  client(baseUrl: string, credentials: Credentials, connection: string): WrikeClient {
    const { config, metrics } = this;
    const labels = { connection };
    return new WrikeClient({
      baseUrl,
      credentials,
      timeoutMs: config.wrikeTimeoutMs,
      maxReadRetries: config.wrikeReadRetries,
      maxConcurrency: config.wrikeMaxConcurrency,
      budget: this.budget(connection),
      defaultDeadlineMs: config.requestDeadlineMs,
      onCall: (call) => metrics.recordCall(call),
      onRateLimitWait: (ms) => {
        metrics.rateLimitWaits.inc(labels);
        metrics.rateLimitWaitSeconds.inc(labels, ms / 1000);
      },
      onBudgetWait: (ms) => {
        metrics.budgetWaits.inc(labels);
        metrics.budgetWaitSeconds.inc(labels, ms / 1000);
      },
      onRetry: () => metrics.retries.inc(labels),
      onCoalesced: () => metrics.coalesced.inc(labels),
    });
  }

  shared(client: WrikeClient, cache: ConnectionCache): SharedReads {
    return createSharedReads(client, cache);
  }

  cache(connection: string, accountId: () => Promise<string>): ConnectionCache {
    return new ConnectionCache(this.cacheStore, `${this.config.redisKeyPrefix}:v1:${connection}`, { entityMs: this.config.cacheMaxStalenessMs, metadataMs: this.config.cacheMetadataTtlMs }, {
      lookup: (kind, outcome) => this.metrics.cacheLookups.inc({ connection, kind, outcome }),
      dropFailed: () => this.metrics.cacheDropFailures.inc({ connection }),
      // What went stale here went stale in the router's cache too.
      // (Type-wide tags are per account: the account is read once per connection, usually long before a change.)
      invalidated: this.staleTags && ((kind, ids) => {
        const sink = this.staleTags!;
        accountId().then((account) => sink.add(tagsOfInvalidation(kind, ids, account)), () => {
          // The account cannot be read: the ids still go; the type-wide tags are bounded by max-age.
          sink.add(tagsOfInvalidation(kind, ids, '').filter((tag) => !tag.includes('@')));
        });
      }),
    });
  }
}
