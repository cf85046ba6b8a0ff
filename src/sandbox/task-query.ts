import type { SandboxStore } from './store';
import type { Task } from './model';
import { invalidParameter } from './errors';
import { firstInOrder } from './top';
import { LOCAL_DATE, TIMESTAMP, bool, int, list, obj, oneOf, str, type RawParams } from './params';

/** The filters of GET /tasks, /folders/{id}/tasks and /spaces/{id}/tasks, parsed and checked. */
export const TASK_QUERY_PARAMS = [
  'descendants', 'subTasks', 'title', 'status', 'importance', 'startDate', 'dueDate', 'scheduledDate', 'createdDate',
  'updatedDate', 'completedDate', 'authors', 'responsibles', 'permalink', 'type', 'limit', 'sortField', 'sortOrder',
  'metadata', 'customField', 'customStatuses', 'pageSize', 'nextPageToken', 'fields', 'billingTypes',
];

const STATUSES = ['Active', 'Completed', 'Deferred', 'Cancelled'];
const SORT_FIELDS = ['CreatedDate', 'UpdatedDate', 'CompletedDate', 'DueDate', 'Status', 'Importance', 'Title', 'LastAccessDate'] as const;

type Predicate = (task: Task) => boolean;

/** `createdDate`/`updatedDate`/`completedDate`: {start, end} as UTC timestamps with a trailing Z. */
function timestampRange(params: RawParams, name: string): Predicate | undefined {
  const range = obj(params, name);
  if (!range) return undefined;
  const bounds = ['start', 'end'].map((key) => {
    const value = range[key];
    if (value === undefined) return undefined;
    if (typeof value !== 'string' || !TIMESTAMP.test(value)) {
      throw invalidParameter(`Parameter '${name}.${key}' must be a UTC timestamp yyyy-MM-ddTHH:mm:ssZ`);
    }
    return Date.parse(value);
  });
  const [start, end] = bounds;
  const field = name as 'createdDate' | 'updatedDate' | 'completedDate';
  return (task) => {
    const raw = task[field];
    if (!raw) return false;
    const at = Date.parse(raw);
    return (start === undefined || at >= start) && (end === undefined || at <= end);
  };
}

/** `startDate`/`dueDate`: {start, end, equal} as local dates (no zone: a trailing Z is refused, as Wrike does). */
function localDateRange(params: RawParams, name: 'startDate' | 'dueDate'): Predicate | undefined {
  const range = obj(params, name);
  if (!range) return undefined;
  const read = (key: string) => {
    const value = range[key];
    if (value === undefined) return undefined;
    if (typeof value !== 'string' || !LOCAL_DATE.test(value)) {
      throw invalidParameter(`Parameter '${name}.${key}' must be a date yyyy-MM-dd[THH:mm:ss] without a time zone`);
    }
    return value;
  };
  const start = read('start');
  const end = read('end');
  const equal = read('equal');
  const key = name === 'startDate' ? 'start' : 'due';
  return (task) => {
    const value = task.dates[key];
    if (!value) return false;
    const day = value.slice(0, 10);
    if (equal !== undefined) return day === equal.slice(0, 10);
    return (start === undefined || value >= start) && (end === undefined || value <= (end.length === 10 ? `${end}T23:59:59` : end));
  };
}

/** `customField={"id","comparator","value"|"values"|"minValue"|"maxValue"}`, or the older `{id, value}` exact match. */
function customFieldFilter(store: SandboxStore, params: RawParams): Predicate | undefined {
  const filter = obj(params, 'customField');
  if (!filter) return undefined;
  const id = typeof filter.id === 'string' ? filter.id : '';
  if (!store.customFields.has(id)) throw invalidParameter(`Custom field '${id.slice(0, 40)}' not found`);
  const comparator = typeof filter.comparator === 'string' ? filter.comparator : 'EqualTo';
  const value = filter.value === undefined ? undefined : String(filter.value);
  const values = Array.isArray(filter.values) ? filter.values.map(String) : [];
  const min = filter.minValue === undefined ? undefined : Number(filter.minValue);
  const max = filter.maxValue === undefined ? undefined : Number(filter.maxValue);
  const valueOf = (task: Task) => task.customFields.find((cf) => cf.id === id)?.value;
  const num = (v: string | undefined) => (v === undefined ? NaN : Number(v));
  const parts = (v: string | undefined) => (v ?? '').split(',').map((s) => s.trim()).filter(Boolean);
  const comparators: Record<string, Predicate> = {
    EqualTo: (t) => valueOf(t) === value,
    IsEmpty: (t) => valueOf(t) === undefined,
    IsNotEmpty: (t) => valueOf(t) !== undefined,
    LessThan: (t) => num(valueOf(t)) < Number(value),
    LessOrEqualTo: (t) => num(valueOf(t)) <= Number(value),
    GreaterThan: (t) => num(valueOf(t)) > Number(value),
    GreaterOrEqualTo: (t) => num(valueOf(t)) >= Number(value),
    InRange: (t) => num(valueOf(t)) >= (min ?? -Infinity) && num(valueOf(t)) <= (max ?? Infinity),
    NotInRange: (t) => !(num(valueOf(t)) >= (min ?? -Infinity) && num(valueOf(t)) <= (max ?? Infinity)),
    Contains: (t) => (valueOf(t) ?? '').includes(value ?? ''),
    StartsWith: (t) => (valueOf(t) ?? '').startsWith(value ?? ''),
    EndsWith: (t) => (valueOf(t) ?? '').endsWith(value ?? ''),
    ContainsAll: (t) => values.every((v) => parts(valueOf(t)).includes(v)),
    ContainsAny: (t) => values.some((v) => parts(valueOf(t)).includes(v)),
  };
  const predicate = comparators[comparator];
  if (!predicate) throw invalidParameter(`Unknown customField comparator '${comparator.slice(0, 40)}'`);
  return predicate;
}

export interface TaskQuery {
  predicates: Predicate[];
  subTasks: boolean;
  descendants: boolean;
  /** The order: sortField/sortOrder, or Wrike's default (last updated first), ties by id. */
  sort: (a: Task, b: Task) => number;
  limit?: number;
  pageSize?: number;
  fields: string[];
}

const IMPORTANCE_ORDER: Record<string, number> = { High: 0, Normal: 1, Low: 2 };
const STATUS_ORDER: Record<string, number> = { Active: 0, Completed: 1, Deferred: 2, Cancelled: 3 };

export function parseTaskQuery(store: SandboxStore, params: RawParams, optionalFields: readonly string[]): TaskQuery {
  const predicates: Predicate[] = [];
  const statuses = list(params, 'status');
  if (statuses) {
    for (const s of statuses) if (!STATUSES.includes(s)) throw invalidParameter(`Unknown status '${s.slice(0, 40)}'`);
    predicates.push((t) => statuses.includes(t.status));
  }
  const importance = oneOf(params, 'importance', ['High', 'Normal', 'Low'] as const);
  if (importance) predicates.push((t) => t.importance === importance);
  const type = oneOf(params, 'type', ['Backlog', 'Milestone', 'Planned'] as const);
  if (type) predicates.push((t) => t.dates.type === type);
  const title = str(params, 'title');
  if (title !== undefined) predicates.push((t) => t.title === title);
  const permalink = str(params, 'permalink');
  if (permalink !== undefined) predicates.push((t) => t.permalink === permalink);
  const responsibles = list(params, 'responsibles');
  if (responsibles) predicates.push((t) => t.responsibleIds.some((id) => responsibles.includes(id)));
  const authors = list(params, 'authors');
  if (authors) predicates.push((t) => t.authorIds.some((id) => authors.includes(id)));
  const customStatuses = list(params, 'customStatuses');
  if (customStatuses) predicates.push((t) => customStatuses.includes(t.customStatusId));
  for (const name of ['createdDate', 'updatedDate', 'completedDate']) {
    const p = timestampRange(params, name);
    if (p) predicates.push(p);
  }
  for (const name of ['startDate', 'dueDate'] as const) {
    const p = localDateRange(params, name);
    if (p) predicates.push(p);
  }
  const cf = customFieldFilter(store, params);
  if (cf) predicates.push(cf);
  const metadata = obj(params, 'metadata');
  if (metadata) predicates.push((t) => t.metadata.some((m) => m.key === metadata.key && (metadata.value === undefined || m.value === metadata.value)));

  const fields = list(params, 'fields') ?? [];
  for (const field of fields) {
    if (!optionalFields.includes(field)) throw invalidParameter(`Unknown field '${field.slice(0, 40)}' in 'fields'`);
  }
  const sortField = oneOf(params, 'sortField', SORT_FIELDS);
  const order = oneOf(params, 'sortOrder', ['Asc', 'Desc'] as const);
  const direction = (sortField === undefined ? order !== 'Asc' : order === 'Desc') ? -1 : 1;
  const key = (t: Task): string | number => {
    switch (sortField) {
      case 'CreatedDate': return t.createdDate;
      case 'UpdatedDate': case 'LastAccessDate': return t.updatedDate;
      case 'CompletedDate': return t.completedDate ?? '';
      case 'DueDate': return t.dates.due ?? '';
      case 'Status': return STATUS_ORDER[t.status] ?? 0;
      case 'Importance': return IMPORTANCE_ORDER[t.importance] ?? 0;
      case 'Title': return t.title.toLowerCase();
      default: return t.updatedDate;
    }
  };
  // Without sortField, Wrike lists the most recently updated tasks first, evaluated at each request.
  const sort = (a: Task, b: Task) => {
    const ka = key(a);
    const kb = key(b);
    if (ka < kb) return -direction;
    if (ka > kb) return direction;
    return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
  };
  return {
    predicates,
    subTasks: bool(params, 'subTasks') ?? false,
    descendants: bool(params, 'descendants') ?? true,
    sort,
    limit: int(params, 'limit', 1, 1_000_000),
    pageSize: int(params, 'pageSize', 1, 1000),
    fields,
  };
}

/**
 * The tasks in a scope, in the query's order: all of them, or only the first `upTo` (and how many match in all).
 * `folderIds` undefined means the whole account. Sub-tasks are included only with `subTasks=true`; they reach a
 * folder through superParentIds. Tasks in the Recycle Bin are listed only by a query on the Recycle Bin folder.
 */
export function tasksInScope(store: SandboxStore, folderIds: Set<string> | undefined, query: TaskQuery, upTo?: number): { tasks: Task[]; total: number } {
  const matches = matchingTasks(store, folderIds, query);
  const total = query.limit !== undefined ? Math.min(query.limit, matches.length) : matches.length;
  const wanted = Math.min(total, upTo ?? total);
  return { tasks: firstInOrder(matches, wanted, query.sort), total };
}

function matchingTasks(store: SandboxStore, folderIds: Set<string> | undefined, query: TaskQuery): Task[] {
  const out: Task[] = [];
  // The Recycle Bin is a folder: a query on it lists what was deleted (scope RbTask), and nothing else does.
  const scope = folderIds?.has(store.account.recycleBinId) ? 'RbTask' : 'WsTask';
  for (const task of store.tasks.values()) {
    if (task.scope !== scope) continue;
    const direct = folderIds ? task.parentIds.some((id) => folderIds.has(id)) : task.parentIds.length > 0;
    const viaSuper = query.subTasks && (folderIds ? task.superParentIds.some((id) => folderIds.has(id)) : true);
    if (!direct && !viaSuper) continue;
    if (query.predicates.every((p) => p(task))) out.push(task);
  }
  return out;
}
