import type { WrikeTask } from './types';

/** Wrike's task query: its parameters, the optional fields a list can ask for, and the orders a list can page by. */

/** Optional task fields a list call can ask for with `fields`. */
export const TASK_LIST_OPTIONAL_FIELDS = [
  'authorIds', 'hasAttachments', 'attachmentCount', 'parentIds', 'superParentIds', 'sharedIds', 'responsibleIds',
  'description', 'briefDescription', 'superTaskIds', 'subTaskIds', 'dependencyIds', 'metadata', 'customFields',
] as const;
export type TaskListField = (typeof TASK_LIST_OPTIONAL_FIELDS)[number];

/** Where a task query looks: the whole account, a folder (and below), or a space. */
export type TaskScope = { kind: 'account' } | { kind: 'folder'; id: string } | { kind: 'space'; id: string };

export type Importance = 'High' | 'Normal' | 'Low';

export interface TaskQuery {
  status?: string[];
  importance?: Importance;
  responsibles?: string[];
  /** UTC timestamps with a trailing Z. */
  createdDate?: { start?: string; end?: string };
  updatedDate?: { start?: string; end?: string };
  /** Local date-times without a zone (Wrike refuses a Z here). */
  dueDate?: { start?: string; end?: string };
  type?: 'Backlog' | 'Milestone' | 'Planned';
  subTasks?: boolean;
  fields?: TaskListField[];
  sortField?: 'CreatedDate' | 'UpdatedDate' | 'DueDate';
  sortOrder?: 'Asc' | 'Desc';
}

export type TaskOrderField = 'CREATED_AT' | 'UPDATED_AT' | 'DUE_DATE';
export type TaskOrderDirection = 'ASC' | 'DESC';

/**
 * One Wrike query shape of an order: the explicit sort, the key Wrike sorts by, and the range filter that asks for
 * the tasks at or after a key (inclusive: the tie group at the key comes again and is skipped by id). Wrike's default
 * order (last updated first, evaluated at each request) moves tasks between two pages; a list that resumes by key
 * under an explicit order does not skip or repeat.
 */
export interface OrderPhase {
  sortField: NonNullable<TaskQuery['sortField']>;
  sortOrder: NonNullable<TaskQuery['sortOrder']>;
  keyOf(task: WrikeTask): string;
  /** The query of this phase resuming at `key` (undefined: from the start), merged into the list's own filters. */
  resume(query: TaskQuery, key: string | undefined): TaskQuery;
  /** The query of this phase for exactly `key` (a tie group too long for a page, walked by page token). */
  at(query: TaskQuery, key: string): TaskQuery;
  /** The next key in this order after `key` (keys are whole seconds): where a walk resumes past a tie group. */
  keyAfter(key: string): string;
}

/** `key` moved one second along `direction` (keys are UTC `...Z` timestamps or local date-times). */
function secondAfter(key: string, direction: TaskOrderDirection): string {
  const utc = key.endsWith('Z');
  const ms = Date.parse(utc ? key : `${key}Z`) + (direction === 'ASC' ? 1000 : -1000);
  const next = new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
  return utc ? next : next.slice(0, -1);
}

/** Narrows a {start, end} range to begin (ASC) or end (DESC) at `key`, keeping the tighter of both bounds. */
function narrowed(range: { start?: string; end?: string } | undefined, key: string | undefined, direction: TaskOrderDirection) {
  if (key === undefined) return range;
  const out = { ...range };
  if (direction === 'ASC') out.start = out.start !== undefined && out.start > key ? out.start : key;
  else out.end = out.end !== undefined && out.end < key ? out.end : key;
  return out;
}

const sortOrderOf = (direction: TaskOrderDirection) => (direction === 'ASC' ? 'Asc' : 'Desc');

function timestampPhase(field: 'createdDate' | 'updatedDate', direction: TaskOrderDirection, extra: Partial<TaskQuery> = {}): OrderPhase {
  return {
    sortField: field === 'createdDate' ? 'CreatedDate' : 'UpdatedDate',
    sortOrder: sortOrderOf(direction),
    keyOf: (task) => task[field],
    resume: (query, key) => ({ ...query, ...extra, [field]: narrowed(query[field], key, direction) }),
    at: (query, key) => ({ ...query, ...extra, [field]: { start: key, end: key } }),
    keyAfter: (key) => secondAfter(key, direction),
  };
}

/** Every due date Wrike can hold lies inside these bounds; a dueDate range that uses them means "has a due date". */
const EARLIEST_DUE = '1900-01-01T00:00:00';
const LATEST_DUE = '9999-12-31T23:59:59';

/**
 * The phases of an order. CREATED_AT (stable: a task's creation never changes) and UPDATED_AT (an edited task moves
 * to the end, so a walk sees it again: what a sync wants) are one phase each. DUE_DATE is two: tasks with a due
 * date, by due date, then tasks without dates (Wrike's Backlog type) by creation, so that where Wrike puts undated
 * tasks in a DueDate sort never matters.
 */
export function orderPhases(field: TaskOrderField, direction: TaskOrderDirection): OrderPhase[] {
  if (field === 'CREATED_AT') return [timestampPhase('createdDate', direction)];
  if (field === 'UPDATED_AT') return [timestampPhase('updatedDate', direction)];
  const dated: OrderPhase = {
    sortField: 'DueDate',
    sortOrder: sortOrderOf(direction),
    keyOf: (task) => task.dates?.due ?? '',
    resume: (query, key) => ({
      ...query,
      dueDate: narrowed({ start: EARLIEST_DUE, end: LATEST_DUE }, key, direction),
    }),
    at: (query, key) => ({ ...query, dueDate: { start: key, end: key } }),
    keyAfter: (key) => secondAfter(key, direction),
  };
  return [dated, timestampPhase('createdDate', direction, { type: 'Backlog' })];
}
