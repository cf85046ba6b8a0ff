import type { WrikeTask } from '../wrike/types';

/**
 * One entry of the ticket change feed: a ticket as it is now, or a tombstone. Pure.
 *
 * A tombstone stands for a ticket the connection can no longer see: deleted (Wrike moved it to the Recycle Bin, scope
 * `RbTask`, and set its `updatedDate` then), or, on a connection limited to some spaces, changed and now outside
 * them (moved out, or never inside: the feed cannot tell which). It carries the id and the time only.
 */
export type TicketChange =
  | { kind: 'ticket'; task: WrikeTask }
  | { kind: 'tombstone'; tombstone: TicketTombstone };

export interface TicketTombstone {
  id: string;
  /** Wrike's `updatedDate` of the deleted or departed task: when it left. */
  deletedAt: string;
  reason: 'DELETED' | 'OUT_OF_SCOPE';
}

/** A task of the feed as the connection sees it: live and inside → the ticket; in the Recycle Bin or outside → a tombstone. */
export function changeOf(task: WrikeTask, inScope: boolean): TicketChange {
  if (task.scope === 'RbTask') return { kind: 'tombstone', tombstone: { id: task.id, deletedAt: task.updatedDate, reason: 'DELETED' } };
  if (!inScope) return { kind: 'tombstone', tombstone: { id: task.id, deletedAt: task.updatedDate, reason: 'OUT_OF_SCOPE' } };
  return { kind: 'ticket', task };
}

/**
 * Two pages of tasks, each sorted by (updatedDate, id), merged into one: what is certain of the union. A page that
 * was cut (`more`) may be followed by tasks the other page lies beyond, so the union stops at the earliest last key
 * of a cut page; what lies past it comes again on the next fetch. An id in both pages is kept once, at its later time.
 */
export function mergeByUpdate(pages: readonly { items: readonly WrikeTask[]; more: boolean }[]): { items: WrikeTask[]; more: boolean } {
  let bound: string | undefined;
  for (const page of pages) {
    const last = page.items[page.items.length - 1];
    if (page.more && last && (bound === undefined || last.updatedDate < bound)) bound = last.updatedDate;
  }
  const merged = pages.flatMap((page) => page.items)
    .filter((task) => bound === undefined || task.updatedDate <= bound)
    .sort((a, b) => (a.updatedDate < b.updatedDate ? -1 : a.updatedDate > b.updatedDate ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  // A task deleted or restored between the two answers is in both: its later state is the one that holds.
  const latest = new Map(merged.map((task, k) => [task.id, k]));
  return { items: merged.filter((task, k) => latest.get(task.id) === k), more: pages.some((page) => page.more) };
}
