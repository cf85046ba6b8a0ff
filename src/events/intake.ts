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

/** A delivery's events as claimed: what the receiver acknowledges, then publishes. */
export interface Claim {
  connectionId: string;
  /** The connection as it is now (undefined: it went, and nobody is left to tell). */
  target: IntakeTarget | undefined;
  /**
   * The events to publish, in delivery order (repeats left out). `kept`: the claim is in the store, pending, so any
   * replica publishes it should this one never do; false when the store could not take it.
   */
  events: { key: string; event: WrikeWebhookEvent; kept: boolean }[];
}

/**
 * What happens to a delivery's events: each once (Wrike may repeat a delivery, to any replica), the cache entries it
 * makes stale dropped, and the change published to every replica's subscribers.
 *
 * Two steps, so that the receiver acknowledges only what is durable: `claim` writes each event in the store as
 * pending, with its text and a retry time, before the answer; `publish` then publishes and settles it. An event
 * claimed and never published (the bus refused it, or this replica died right after its answer) is published by
 * `retryPending` on any replica once its retry time has come; Wrike's repeat of it is still dropped. One event's
 * failure does not hold back the others.
 */
export class EventIntake {
  constructor(private readonly deps: IntakeDeps) {}

  /** Claims and publishes at once (the sweep after a suspended hook: nobody waits for an answer). */
  async take(connectionId: string, events: WrikeWebhookEvent[]): Promise<number> {
    return this.publish(await this.claim(connectionId, events));
  }

  /**
   * Claims a delivery's events in the store, concurrently. An event the store could not take (it cannot say whether
   * it is a repeat) is left in with `kept: false`: a repeat is better than a loss. Throws only when the connection
   * cannot be looked up.
   */
  async claim(connectionId: string, events: WrikeWebhookEvent[]): Promise<Claim> {
    const target = await this.deps.target(connectionId);
    if (!target) return { connectionId, target, events: [] };
    const now = Date.now();
    const claimed = await Promise.all(events.map(async (event) => {
      const key = eventKey(connectionId, event);
      try {
        const first = await this.deps.store.claimWebhookEvent(key, now, now - REMEMBER_MS, { connectionId, event: JSON.stringify(event), retryAt: now + this.deps.retryMs });
        return first ? { key, event, kept: true } : undefined;
      } catch (error) {
        this.deps.logger.warn({ connectionId, err: (error as Error).message }, 'a webhook event could not be claimed; published without its repeat check');
        return { key, event, kept: false };
      }
    }));
    return { connectionId, target, events: claimed.filter((entry) => entry !== undefined) };
  }

  /** Publishes claimed events in order and settles the kept ones; throws when some could not be published. */
  async publish(claim: Claim): Promise<number> {
    const { connectionId, target } = claim;
    if (!target || claim.events.length === 0) return 0;
    const failures: Error[] = [];
    for (const { key, event, kept } of claim.events) {
      try {
        await this.publishOne(connectionId, target, event);
        if (kept) await this.deps.store.settleWebhookEvent(key).catch(() => undefined);
      } catch (error) {
        failures.push(error as Error);
      }
    }
    await this.deps.store.updateWebhook(connectionId, { lastEventAt: new Date().toISOString() }).catch(() => undefined);
    if (failures.length > 0) throw new Error(`${failures.length} of ${claim.events.length} events not published yet: ${failures[0]?.message}`);
    return claim.events.length;
  }

  /** Publishes again what was taken and not published (the bus failed); answers how many went out. */
  async retryPending(): Promise<number> {
    const now = Date.now();
    let published = 0;
    for (const pending of await this.deps.store.leasePendingWebhookEvents(now, now + this.deps.retryMs, RETRY_BATCH)) {
      try {
        const target = await this.deps.target(pending.connectionId);
        // The connection went: nobody is left to tell.
        if (target) await this.publishOne(pending.connectionId, target, JSON.parse(pending.event) as WrikeWebhookEvent);
        await this.deps.store.settleWebhookEvent(pending.key);
        published++;
      } catch (error) {
        // Still pending: the next round after the lease takes it again.
        this.deps.logger.warn({ connectionId: pending.connectionId, err: (error as Error).message }, 'a pending webhook event could not be published yet');
      }
    }
    return published;
  }

  private async publishOne(connectionId: string, target: IntakeTarget, event: WrikeWebhookEvent): Promise<void> {
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
