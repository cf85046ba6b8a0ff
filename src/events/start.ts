import type Redis from 'ioredis';
import type { Config } from '../config';
import type { CredentialStore } from '../connections/store';
import type { Sealer } from '../connections/crypto';
import type { ConnectionManager, LiveConnection } from '../connections/manager';
import type { Logger } from '../logger';
import { LocalEventBus, RedisEventBus, type EventBus } from './bus';
import { redisWatchEveryMs } from '../connections/open-redis';
import { EventIntake } from './intake';
import { WebhookRegistrar } from './webhooks';
import { sweepSince } from './sweep';

export interface Events {
  bus: EventBus;
  registrar: WebhookRegistrar;
  /** What the receiver hands deliveries to (the HTTP route itself is src/http/webhooks.ts, wired in main). */
  intake: EventIntake;
  /** Registers a connection's webhook in the background (a failure is logged and shows in `webhook.status`). */
  register(id: string, live: LiveConnection | (() => Promise<LiveConnection>)): void;
  unregister(id: string, live: LiveConnection): Promise<void>;
  stop(): Promise<void>;
}

/**
 * Webhooks in, events out: the registrar, the intake and the bus (a Redis Stream when REDIS_URL is set), a periodic
 * check that re-enables hooks Wrike suspended, and a retry of events taken but not yet published.
 */
export function startEvents(deps: {
  config: Config; store: CredentialStore; sealer: Sealer; redis: Redis | undefined; logger: Logger; connections: () => ConnectionManager;
  /** Where Wrike delivers hooks (src/events/receiver-address.ts): known once the server listens; none, no hooks. */
  receiverBase: () => string | undefined;
}): Events {
  const { config, store, sealer, redis, logger } = deps;
  const registrar = new WebhookRegistrar({ store, sealer, publicUrl: deps.receiverBase, handshakeWindowMs: config.wrikeTimeoutMs });
  const bus: EventBus = redis
    ? new RedisEventBus(redis, `${config.redisKeyPrefix}:v1:event-stream`, (error) => logger.warn({ err: error.message }, 'event bus error'), redisWatchEveryMs(config))
    : new LocalEventBus();
  const intake = new EventIntake({
    store, bus, logger,
    target: async (id) => {
      const found = await deps.connections().byId(id);
      if (!found) return undefined;
      const hookIds = ((await store.getWebhook(id))?.wrikeHookId ?? '').split(',').filter(Boolean);
      return { tenantId: found.tenantId, cache: found.live.cache, workspaceIds: found.live.workspaceIds, hookIds, wrike: found.live.client };
    },
    retryMs: config.eventRetryMs,
  });
  const register = (id: string, live: LiveConnection | (() => Promise<LiveConnection>)) => {
    if (!registrar.enabled) return;
    (typeof live === 'function' ? live() : Promise.resolve(live)).then((connection) => registrar.enable(id, connection)).then(
      () => logger.info({ connectionId: id }, 'Wrike webhook registered'),
      (error: Error) => logger.warn({ connectionId: id, err: error.message }, 'Wrike webhook could not be registered'),
    );
  };

  // Wrike suspends a hook that failed; this finds it and turns it back on.
  const checks = setInterval(() => {
    void (async () => {
      for (const record of await store.listWebhooks()) {
        const found = await deps.connections().byId(record.connectionId).catch(() => undefined);
        if (!found) continue;
        const outcome = await registrar.check(record.connectionId, found.live).catch(() => 'failed');
        if (outcome !== 'reactivated') continue;
        // What changed while the hook slept reaches subscribers (and leaves the cache) as events of its own.
        const since = record.lastEventAt ?? record.createdAt;
        const gap = await sweepSince(found.live.client, since);
        const taken = await intake.take(record.connectionId, gap.events);
        logger.warn({ connectionId: record.connectionId, since, changes: taken, complete: gap.complete }, 'Wrike had suspended the webhook: re-enabled, and the changes since the last event swept');
      }
    })().catch((error: unknown) => logger.warn({ err: (error as Error).message }, 'webhook check failed'));
  }, config.webhookCheckMs);
  checks.unref();

  // An event claimed and not published (the bus refused it, or the replica that claimed it died) stays pending in the
  // store; any replica publishes it once its retry time has come.
  let retrying = false;
  const retries = setInterval(() => {
    if (retrying) return;
    retrying = true;
    intake.retryPending().then(
      (published) => { if (published > 0) logger.info({ published }, 'pending webhook events published'); },
      (error: Error) => logger.warn({ err: error.message }, 'pending webhook events could not be read'),
    ).finally(() => { retrying = false; });
  }, config.eventRetryMs);
  retries.unref();

  return {
    bus, registrar, register, intake,
    unregister: (id, live) => registrar.disable(id, live.client),
    stop: async () => {
      clearInterval(checks);
      clearInterval(retries);
      await bus.close();
    },
  };
}
