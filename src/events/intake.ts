import type { CredentialStore } from '../connections/store';
import type { WrikeWebhookEvent } from '../wrike/types';
import type { ConnectionCache } from '../wrike/cache';
import type { WrikeCaller } from '../wrike/rounds';
import { dropAfterEvent } from '../wrike/staleness';
import type { Logger } from '../logger';
import { changeMessageOf, eventKey } from './deliveries';
import type { EventBus } from './bus';

export interface IntakeDeps {
  store: CredentialStore;
  bus: EventBus;
  logger: Logger;
  /** The connection's tenant, shared cache and scope now, for an id Wrike posted to. */
  target: (connectionId: string) => Promise<IntakeTarget | undefined>;
  /** EVENT_RETRY_MS: how long an event taken but not published waits before it is published again. */
  retryMs: number;
}

export interface IntakeTarget {
  tenantId: string;
  cache: ConnectionCache;
  /** The spaces the connection is limited to when the event is taken (null: the whole account). */
  workspaceIds: readonly string[] | null;
  /** The Wrike ids of the connection's hooks as registered now. */
  hookIds: readonly string[];
  /** Its Wrike client: some events need what they name read from Wrike to know what they made stale (staleness.ts). */
  wrike?: WrikeCaller;
}

/** How long a delivered event is remembered, to drop Wrike's repeats. */
const REMEMBER_MS = 24 * 3600 * 1000;

/** The most pending events one retry round publishes. */
const RETRY_BATCH = 100;

/**
 * What happens after a delivery was acknowledged: each event once (Wrike may repeat a delivery, to any replica),
 * the cache entries it makes stale dropped, and the change published to every replica's subscribers.
 *
 * An event is claimed in the store as pending, with its text, before it is published, and settled after: one the
 * bus refused stays pending and is published again by `retryPending` (on any replica), so what was acknowledged is
 * never lost, and Wrike's repeat of it is still dropped. One event's failure does not hold back the others.
 */
export class EventIntake {
  constructor(private readonly deps: IntakeDeps) {}

  async take(connectionId: string, events: WrikeWebhookEvent[]): Promise<number> {
    const target = await this.deps.target(connectionId);
    if (!target) return 0;
    const now = Date.now();
    let taken = 0;
    const failures: Error[] = [];
    for (const event of events) {
      const key = eventKey(connectionId, event);
      let claimed: boolean;
      try {
        claimed = await this.deps.store.claimWebhookEvent(key, now, now - REMEMBER_MS, { connectionId, event: JSON.stringify(event), retryAt: now + this.deps.retryMs });
      } catch (error) {
        // The store cannot say whether it is a repeat: published anyway (a repeat is better than a loss).
        this.deps.logger.warn({ connectionId, err: (error as Error).message }, 'a webhook event could not be claimed; published without its repeat check');
        claimed = true;
      }
      if (!claimed) continue;
      taken++;
      try {
        await this.publish(connectionId, target, event);
        await this.deps.store.settleWebhookEvent(key).catch(() => undefined);
      } catch (error) {
        failures.push(error as Error);
      }
    }
    if (taken > 0) await this.deps.store.updateWebhook(connectionId, { lastEventAt: new Date(now).toISOString() }).catch(() => undefined);
    if (failures.length > 0) throw new Error(`${failures.length} of ${taken} events not published yet (kept, to be retried): ${failures[0]?.message}`);
    return taken;
  }

  /** Publishes again what was taken and not published (the bus failed); answers how many went out. */
  async retryPending(): Promise<number> {
    const now = Date.now();
    let published = 0;
    for (const pending of await this.deps.store.leasePendingWebhookEvents(now, now + this.deps.retryMs, RETRY_BATCH)) {
      try {
        const target = await this.deps.target(pending.connectionId);
        // The connection went: nobody is left to tell.
        if (target) await this.publish(pending.connectionId, target, JSON.parse(pending.event) as WrikeWebhookEvent);
        await this.deps.store.settleWebhookEvent(pending.key);
        published++;
      } catch (error) {
        // Still pending: the next round after the lease takes it again.
        this.deps.logger.warn({ connectionId: pending.connectionId, err: (error as Error).message }, 'a pending webhook event could not be published yet');
      }
    }
    return published;
  }

  private async publish(connectionId: string, target: IntakeTarget, event: WrikeWebhookEvent): Promise<void> {
    await this.invalidate(target, event);
    await this.deps.bus.publish(changeMessageOf(connectionId, target.tenantId, event, target));
  }

  /**
   * A webhook-fed change is visible on the next read: what it made stale leaves the cache (staleness.ts says what, by
   * event type). A drop that fails is logged and counted; those entries may be served until they expire.
   */
  private async invalidate(target: { cache: ConnectionCache; wrike?: WrikeCaller }, event: WrikeWebhookEvent): Promise<void> {
    try {
      await dropAfterEvent(target.cache, event, target.wrike);
    } catch (error) {
      target.cache.dropFailed(error);
      this.deps.logger.warn({ err: (error as Error).message }, 'could not drop cache entries for a webhook event');
    }
  }
}
