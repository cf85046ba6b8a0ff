import type { CredentialStore } from '../connections/store';
import type { WrikeWebhookEvent } from '../wrike/types';
import type { ConnectionCache } from '../wrike/cache';
import type { Logger } from '../logger';
import { changeMessageOf, eventKey } from './deliveries';
import type { EventBus } from './bus';

export interface IntakeDeps {
  store: CredentialStore;
  bus: EventBus;
  logger: Logger;
  /** The connection's tenant and shared cache, for an id Wrike posted to. */
  target: (connectionId: string) => Promise<{ tenantId: string; cache: ConnectionCache } | undefined>;
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
      await this.invalidate(target.cache, event);
      await this.deps.bus.publish(changeMessageOf(connectionId, target.tenantId, event));
    }
    if (taken > 0) await this.deps.store.updateWebhook(connectionId, { lastEventAt: new Date(now).toISOString() });
    return taken;
  }

  /** A webhook-fed change is visible on the next read: the entities it names leave the cache. */
  private async invalidate(cache: ConnectionCache, event: WrikeWebhookEvent): Promise<void> {
    const drops: Promise<void>[] = [];
    if (typeof event.taskId === 'string') drops.push(cache.invalidate('task', [event.taskId]));
    if (typeof event.folderId === 'string') drops.push(cache.invalidate('folder', [event.folderId]), cache.invalidate('folderTree'));
    if (typeof event.commentId === 'string') drops.push(cache.invalidate('comment', [event.commentId]));
    if (typeof event.attachmentId === 'string') drops.push(cache.invalidate('attachment', [event.attachmentId]));
    await Promise.all(drops).catch((error: unknown) => this.deps.logger.warn({ err: (error as Error).message }, 'could not drop cache entries for a webhook event'));
  }
}
