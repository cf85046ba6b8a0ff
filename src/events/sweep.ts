import type { WrikeCaller } from '../wrike/rounds';
import type { WrikeWebhookEvent } from '../wrike/types';
import { queryTasks } from '../wrike/endpoints';

/** The event type of a change found by a sweep: Wrike said nothing of it, so what changed is not known. */
export const SWEEP_EVENT_TYPE = 'TaskChangedWhileHookSuspended';

/** The most tasks one sweep reports; more than that, and subscribers catch up with ticketChanges. */
const SWEEP_LIMIT = 1000;

/**
 * The gap a suspended hook left: the tasks Wrike's updatedDate filter says changed since `since`, oldest first, as
 * events of their own (one per task and update time, so that a repeat sweep is dropped like a repeated delivery).
 */
export async function sweepSince(client: WrikeCaller, since: string): Promise<{ events: WrikeWebhookEvent[]; complete: boolean }> {
  const page = await queryTasks(client, { kind: 'account' }, {
    updatedDate: { start: since.replace(/\.\d{3}Z$/, 'Z') }, subTasks: true, sortField: 'UpdatedDate', sortOrder: 'Asc',
  }, SWEEP_LIMIT);
  const events = page.data.map((task) => ({ taskId: task.id, eventType: SWEEP_EVENT_TYPE, lastUpdatedDate: task.updatedDate }));
  return { events, complete: !page.nextPageToken };
}
