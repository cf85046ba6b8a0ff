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
  /**
   * The connection's tenant and shared cache, for an id Wrike posted to, and its client: some events need what they
   * name read from Wrike to know what they made stale (staleness.ts).
   */
  target: (connectionId: string) => Promise<{ tenantId: string; cache: ConnectionCache; wrike?: WrikeCaller } | undefined>;
}

/** How long a delivered event is remembered, to drop Wrike's repeats. */
const REMEMBER_MS = 24 * 3600 * 1000;

/**
 * What happens after a delivery was acknowledged: each event once (Wrike may repeat a delivery, to any replica),
 * the cache entries it makes stale dropped, and the change published to every replica's subscribers.
 */
export class EventIntake {
  constructor(private readonly deps: IntakeDeps) {}

  async take(connectionId: string, events: WrikeWebhookEvent[]): Promise<number> {
    const target = await this.deps.target(connectionId);
    if (!target) return 0;
    const now = Date.now();
    let taken = 0;
    for (const event of events) {
      if (!(await this.deps.store.claimWebhookEvent(eventKey(connectionId, event), now, now - REMEMBER_MS))) continue;
      taken++;
      await this.invalidate(target, event);
      await this.deps.bus.publish(changeMessageOf(connectionId, target.tenantId, event));
    }
    if (taken > 0) await this.deps.store.updateWebhook(connectionId, { lastEventAt: new Date(now).toISOString() });
    return taken;
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
