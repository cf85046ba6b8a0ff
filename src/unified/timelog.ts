import type { TimelogQuery, TimelogSource, WrikeTimelog } from '../wrike/types';
import { isCalendarDate } from './dates';

/** Time logs: Wrike's decimal hours as whole minutes, billing types as a flag, filters as Wrike reads. Pure. */

/** Wrike's hours as whole minutes (0.25 h → 15). */
export function minutesOf(hours: number): number {
  return Math.round(hours * 60);
}

/** Minutes as the hours Wrike stores, to 2 decimals: close enough that `minutesOf` gives the same minutes back. */
export function hoursFor(minutes: number): number {
  return Math.round((minutes / 60) * 100) / 100;
}

/** Billable or not; null when Wrike sends no billing type (or one it may add later). */
export function billableOf(billingType: string | undefined): boolean | null {
  if (billingType === 'Billable') return true;
  if (billingType === 'NonBillable') return false;
  return null;
}

export function billingTypeFor(billable: boolean): 'Billable' | 'NonBillable' {
  return billable ? 'Billable' : 'NonBillable';
}

/** The longest time one log can hold: Wrike takes at most 24 hours a log. */
export const MAX_TIMELOG_MINUTES = 24 * 60;

export interface TimeLogFilterInput {
  ticketIds?: readonly string[] | null;
  collectionId?: string | null;
  workspaceId?: string | null;
  userIds?: readonly string[] | null;
  trackedDateFrom?: string | null;
  trackedDateTo?: string | null;
  billable?: boolean | null;
  categoryIds?: readonly string[] | null;
}

/** What to read and what to keep: one list per source, Wrike's own filters, then the users kept here. */
export interface TimeLogPlan {
  sources: TimelogSource[];
  query: TimelogQuery;
  /** Kept here (Wrike filters one person per call at most); undefined keeps everyone. */
  userIds?: ReadonlySet<string>;
}

/** Problems of a filter, each naming its field; none means `planTimeLogs` can run. */
export function timeLogFilterProblems(filter: TimeLogFilterInput, isId: (id: string) => boolean): { field: string; message: string }[] {
  const problems: { field: string; message: string }[] = [];
  const scopes = [filter.ticketIds ? 'ticketIds' : '', filter.collectionId ? 'collectionId' : '', filter.workspaceId ? 'workspaceId' : ''].filter(Boolean);
  if (scopes.length > 1) problems.push({ field: scopes[1] as string, message: 'Give at most one of ticketIds, collectionId and workspaceId' });
  for (const field of ['ticketIds', 'userIds', 'categoryIds'] as const) {
    const ids = filter[field];
    if (ids && ids.length > 100) problems.push({ field, message: 'At most 100 ids' });
    if (ids?.some((id) => !isId(id))) problems.push({ field, message: 'Not a valid Wrike id' });
    if (ids && ids.length === 0) problems.push({ field, message: 'Give at least one id, or leave the filter out' });
  }
  for (const field of ['collectionId', 'workspaceId'] as const) {
    const id = filter[field];
    if (id && !isId(id)) problems.push({ field, message: 'Not a valid Wrike id' });
  }
  for (const field of ['trackedDateFrom', 'trackedDateTo'] as const) {
    const day = filter[field];
    if (day && !isCalendarDate(day)) problems.push({ field, message: 'Use a calendar day yyyy-MM-dd' });
  }
  if (filter.trackedDateFrom && filter.trackedDateTo && filter.trackedDateFrom > filter.trackedDateTo) {
    problems.push({ field: 'trackedDateTo', message: 'Must not be before trackedDateFrom' });
  }
  return problems;
}

/**
 * Which Wrike lists answer a (checked) filter. Tickets: each ticket's own list; a collection or workspace: its folder
 * list (sub-folders and sub-tasks included, as Wrike defaults); one user alone: that person's list; else the account's.
 * A connection limited to some spaces reads each space's list instead of the account's or a person's.
 */
export function planTimeLogs(filter: TimeLogFilterInput = {}, scopeSpaces?: readonly string[]): TimeLogPlan {
  const query: TimelogQuery = {
    ...(filter.trackedDateFrom || filter.trackedDateTo
      ? { trackedDate: { ...(filter.trackedDateFrom ? { start: filter.trackedDateFrom } : {}), ...(filter.trackedDateTo ? { end: filter.trackedDateTo } : {}) } }
      : {}),
    ...(filter.billable !== undefined && filter.billable !== null ? { billingTypes: [billingTypeFor(filter.billable)] } : {}),
    ...(filter.categoryIds ? { timelogCategories: [...filter.categoryIds] } : {}),
  };
  const users = filter.userIds ? new Set(filter.userIds) : undefined;
  if (filter.ticketIds) return { sources: [...new Set(filter.ticketIds)].map((id) => ({ kind: 'task', id })), query, userIds: users };
  const folder = filter.collectionId ?? filter.workspaceId;
  if (folder) return { sources: [{ kind: 'folder', id: folder }], query, userIds: users };
  if (scopeSpaces) return { sources: scopeSpaces.map((id) => ({ kind: 'folder', id })), query, userIds: users };
  if (users && users.size === 1) return { sources: [{ kind: 'contact', id: [...users][0] as string }], query };
  return { sources: [{ kind: 'account' }], query, userIds: users };
}

/** The lists' logs, each once, only the plan's users, in a stable order (day tracked, then creation, then id). */
export function mergeTimeLogs<T extends WrikeTimelog>(lists: readonly (readonly T[])[], plan: Pick<TimeLogPlan, 'userIds'>): T[] {
  const byId = new Map<string, T>();
  for (const list of lists) for (const log of list) if (!plan.userIds || plan.userIds.has(log.userId)) byId.set(log.id, log);
  return [...byId.values()].sort((a, b) =>
    a.trackedDate !== b.trackedDate ? (a.trackedDate < b.trackedDate ? -1 : 1)
      : a.createdDate !== b.createdDate ? (a.createdDate < b.createdDate ? -1 : 1)
        : a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

export interface UserTotal {
  userId: string;
  minutes: number;
  billableMinutes: number;
  count: number;
}

/** Minutes per user (most first, then by id), and billable minutes, over every log given. */
export function totalsByUser(logs: readonly WrikeTimelog[]): UserTotal[] {
  const totals = new Map<string, UserTotal>();
  for (const log of logs) {
    const total = totals.get(log.userId) ?? { userId: log.userId, minutes: 0, billableMinutes: 0, count: 0 };
    const minutes = minutesOf(log.hours);
    total.minutes += minutes;
    if (billableOf(log.billingType) === true) total.billableMinutes += minutes;
    total.count++;
    totals.set(log.userId, total);
  }
  return [...totals.values()].sort((a, b) => b.minutes - a.minutes || (a.userId < b.userId ? -1 : 1));
}
