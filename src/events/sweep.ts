import type { WrikeCaller } from '../wrike/rounds';
import type { WrikeWebhookEvent } from '../wrike/types';
import { getAccount, queryTasks } from '../wrike/endpoints';

/** The event type of a change found by a sweep: Wrike said nothing of it, so what changed is not known. */
export const SWEEP_EVENT_TYPE = 'TaskChangedWhileHookSuspended';
/** A task found in the Recycle Bin by a sweep: deleted while the hook was suspended. */
export const SWEEP_DELETION_TYPE = 'TaskDeletedWhileHookSuspended';

/** The most tasks one sweep reports; more than that, and subscribers catch up with ticketChanges. */
const SWEEP_LIMIT = 1000;

/**
 * The gap a suspended hook left: the tasks Wrike's updatedDate filter says changed since `since`, oldest first, as
 * events of their own (one per task and update time, so that a repeat sweep is dropped like a repeated delivery).
 */
export async function sweepSince(client: WrikeCaller, since: string): Promise<{ events: WrikeWebhookEvent[]; complete: boolean }> {
  const query = { updatedDate: { start: since.replace(/\.\d{3}Z$/, 'Z') }, subTasks: true, sortField: 'UpdatedDate', sortOrder: 'Asc' } as const;
  // Deleted tasks are listed only by a query on the Recycle Bin folder (see the README's sync section).
  const account = await getAccount(client);
  const [page, bin] = await Promise.all([
    queryTasks(client, { kind: 'account' }, query, SWEEP_LIMIT),
    account?.recycleBinId ? queryTasks(client, { kind: 'folder', id: account.recycleBinId }, query, SWEEP_LIMIT) : undefined,
  ]);
  const events = [
    ...page.data.map((task) => ({ taskId: task.id, eventType: SWEEP_EVENT_TYPE, lastUpdatedDate: task.updatedDate })),
    ...(bin?.data ?? []).map((task) => ({ taskId: task.id, eventType: SWEEP_DELETION_TYPE, lastUpdatedDate: task.updatedDate })),
  ].sort((a, b) => (a.lastUpdatedDate < b.lastUpdatedDate ? -1 : a.lastUpdatedDate > b.lastUpdatedDate ? 1 : 0));
  return { events, complete: !page.nextPageToken && !bin?.nextPageToken && account?.recycleBinId !== undefined };
}
