import type { Request, Response, Router } from 'express';
import { routerFor, type SandboxContext } from '../context';
import { READ_SCOPES, WRITE_SCOPES, allOrNotFound, grantOf, paramsOf, parseId, parseIdList, pathParam, requireScope, respond } from '../context';
import { invalidParameter, notFound, parameterRequired } from '../errors';
import { LOCAL_DATE, TIMESTAMP, bool, list, obj, rejectUnknown, str, type RawParams } from '../params';
import { BILLING_TYPES, type Task, type Timelog } from '../model';
import { wrikeTimestamp } from '../seed';
import { commentPlainText, escapePlainText } from '../html';
import type { SandboxStore } from '../store';

/**
 * Time logs. Lists are not paged: Wrike's older description has no paging on them and a newer one pages only when
 * `pageSize` is sent; the sandbox takes the strict reading and refuses `pageSize`, so a client that relies on it fails
 * here first. Hours are 0 (exclusive) to 24; `trackedDate` is a day (yyyy-MM-dd).
 */
const LIST_PARAMS = [
  'createdDate', 'updatedDate', 'trackedDate', 'me', 'descendants', 'subTasks', 'plainText', 'timelogCategories',
  'billingTypes', 'fields',
];
const CREATE_PARAMS = ['comment', 'hours', 'trackedDate', 'categoryId', 'plainText', 'billingType'];
const UPDATE_PARAMS = ['comment', 'hours', 'trackedDate', 'categoryId', 'plainText', 'billingType'];

type Predicate = (timelog: Timelog) => boolean;

/** `createdDate`/`updatedDate`: {start, end} or {equal} as UTC timestamps (trailing Z). */
function instantRange(params: RawParams, name: 'createdDate' | 'updatedDate'): Predicate | undefined {
  const range = obj(params, name);
  if (!range) return undefined;
  const read = (key: string) => {
    const value = range[key];
    if (value === undefined) return undefined;
    if (typeof value !== 'string' || !TIMESTAMP.test(value)) throw invalidParameter(`Parameter '${name}.${key}' must be a UTC timestamp yyyy-MM-ddTHH:mm:ssZ`);
    return Date.parse(value);
  };
  const [start, end, equal] = [read('start'), read('end'), read('equal')];
  return (t) => {
    const at = Date.parse(t[name]);
    return equal !== undefined ? at === equal : (start === undefined || at >= start) && (end === undefined || at <= end);
  };
}

/** `trackedDate`: {start, end} or {equal} as days; a time part is allowed, a time zone is not. */
function trackedRange(params: RawParams): Predicate | undefined {
  const range = obj(params, 'trackedDate');
  if (!range) return undefined;
  const read = (key: string) => {
    const value = range[key];
    if (value === undefined) return undefined;
    if (typeof value !== 'string' || !LOCAL_DATE.test(value)) throw invalidParameter(`Parameter 'trackedDate.${key}' must be a date yyyy-MM-dd without a time zone`);
    return value.slice(0, 10);
  };
  const [start, end, equal] = [read('start'), read('end'), read('equal')];
  return (t) => (equal !== undefined ? t.trackedDate === equal : (start === undefined || t.trackedDate >= start) && (end === undefined || t.trackedDate <= end));
}

function hoursOf(params: RawParams, required: boolean): number | undefined {
  const raw = params.hours;
  if (raw === undefined) {
    if (required) throw parameterRequired('hours');
    return undefined;
  }
  const hours = Number(raw);
  if (typeof raw === 'boolean' || String(raw).trim() === '' || !Number.isFinite(hours) || hours <= 0 || hours > 24) {
    throw invalidParameter("Parameter 'hours' must be a number over 0 and at most 24");
  }
  return hours;
}

function trackedDateOf(params: RawParams, required: boolean): string | undefined {
  const value = str(params, 'trackedDate');
  if (value === undefined) {
    if (required) throw parameterRequired('trackedDate');
    return undefined;
  }
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value) || Number.isNaN(Date.parse(`${value}T00:00:00Z`)) || new Date(`${value}T00:00:00Z`).toISOString().slice(0, 10) !== value) {
    throw invalidParameter("Parameter 'trackedDate' must be a date yyyy-MM-dd");
  }
  return value;
}

/** A time log as Wrike answers it: the comment as HTML unless `plainText`. */
function timelogView(timelog: Timelog, plainText: boolean): Record<string, unknown> {
  return { ...timelog, comment: plainText ? commentPlainText(timelog.comment) : timelog.comment };
}

export function timelogRoutes(ctx: SandboxContext): Router {
  const router = routerFor(ctx);
  const { store } = ctx;

  /** Lists the time logs of the tasks `inScope` picks (all when undefined), filtered by the query. */
  const listTimelogs = (inScope: (req: Request, params: RawParams) => ((t: Timelog) => boolean) | undefined) => (req: Request, res: Response) => {
    requireScope(res, READ_SCOPES);
    const params = paramsOf(res);
    rejectUnknown(params, LIST_PARAMS);
    const scope = inScope(req, params);
    const filters: Predicate[] = [];
    for (const name of ['createdDate', 'updatedDate'] as const) {
      const filter = instantRange(params, name);
      if (filter) filters.push(filter);
    }
    const tracked = trackedRange(params);
    if (tracked) filters.push(tracked);
    if (bool(params, 'me')) {
      const me = grantOf(res).userId;
      filters.push((t) => t.userId === me);
    }
    const categories = list(params, 'timelogCategories');
    if (categories) {
      if (categories.length > 1000) throw invalidParameter("Parameter 'timelogCategories' takes at most 1000 ids");
      for (const id of categories) if (!store.timelogCategories.has(id)) throw invalidParameter(`Timelog category '${id.slice(0, 40)}' not found`);
      filters.push((t) => t.categoryId !== undefined && categories.includes(t.categoryId));
    }
    const billing = list(params, 'billingTypes');
    if (billing) {
      for (const type of billing) if (!(BILLING_TYPES as readonly string[]).includes(type)) throw invalidParameter(`Unknown billing type '${type.slice(0, 40)}'`);
      filters.push((t) => billing.includes(t.billingType));
    }
    const plain = bool(params, 'plainText') ?? false;
    const found = [...store.timelogs.values()]
      .filter((t) => liveTask(store, t.taskId) && (!scope || scope(t)) && filters.every((f) => f(t)))
      .sort((a, b) => (a.trackedDate === b.trackedDate ? (a.createdDate < b.createdDate ? -1 : 1) : a.trackedDate < b.trackedDate ? -1 : 1));
    respond(res, 'timelogs', found.map((t) => timelogView(t, plain)));
  };

  router.get('/timelogs', listTimelogs(() => undefined));

  router.get('/tasks/:taskId/timelogs', listTimelogs((req, params) => {
    const task = liveTaskOr404(store, parseId(pathParam(req, 'taskId')));
    // A task's sub-tasks count too unless subTasks=false (Wrike's default for time-log queries is true).
    const ids = new Set([task.id, ...((bool(params, 'subTasks') ?? true) ? subTaskTree(store, task) : [])]);
    return (t) => ids.has(t.taskId);
  }));

  router.get('/folders/:folderId/timelogs', listTimelogs((req, params) => {
    const folderId = parseId(pathParam(req, 'folderId'));
    const folder = store.folders.get(folderId);
    if (!folder || folder.scope !== 'WsFolder') throw notFound(`Folder '${folderId}' not found`);
    const folders = new Set([folderId, ...((bool(params, 'descendants') ?? true) ? store.folderDescendants(folderId) : [])]);
    const subTasks = bool(params, 'subTasks') ?? true;
    return (t) => {
      const task = store.tasks.get(t.taskId);
      if (!task) return false;
      return task.parentIds.some((id) => folders.has(id)) || (subTasks && task.superParentIds.some((id) => folders.has(id)));
    };
  }));

  router.get('/contacts/:contactId/timelogs', listTimelogs((req) => {
    const contactId = parseId(pathParam(req, 'contactId'));
    if (!store.contacts.has(contactId)) throw notFound(`Contact '${contactId}' not found`);
    return (t) => t.userId === contactId;
  }));

  router.get('/timelog_categories/:categoryId/timelogs', listTimelogs((req) => {
    const categoryId = parseId(pathParam(req, 'categoryId'));
    if (!store.timelogCategories.has(categoryId)) throw notFound(`Timelog category '${categoryId}' not found`);
    return (t) => t.categoryId === categoryId;
  }));

  router.get('/timelogs/:ids', (req, res) => {
    requireScope(res, READ_SCOPES);
    const params = paramsOf(res);
    rejectUnknown(params, ['plainText', 'fields']);
    const ids = parseIdList(pathParam(req, 'ids'));
    const plain = bool(params, 'plainText') ?? false;
    respond(res, 'timelogs', allOrNotFound(ids, (id) => store.timelogs.get(id), 'Timelog').map((t) => timelogView(t, plain)));
  });

  router.get('/timelog_categories', (_req, res) => {
    requireScope(res, [...READ_SCOPES, 'amReadOnlyTimelogCategory', 'amReadWriteTimelogCategory']);
    rejectUnknown(paramsOf(res), []);
    respond(res, 'timelog_categories', [...store.timelogCategories.values()].sort((a, b) => a.order - b.order));
  });

  const categoryOf = (params: RawParams): string | null | undefined => {
    if (params.categoryId === null || params.categoryId === '') return null;
    const id = str(params, 'categoryId');
    if (id === undefined) return undefined;
    const category = store.timelogCategories.get(parseId(id));
    if (!category || category.hidden) throw invalidParameter(`Timelog category '${id.slice(0, 40)}' not found`);
    return category.id;
  };

  router.post('/tasks/:taskId/timelogs', (req, res) => {
    requireScope(res, WRITE_SCOPES);
    const params = paramsOf(res);
    rejectUnknown(params, CREATE_PARAMS);
    const task = liveTaskOr404(store, parseId(pathParam(req, 'taskId')));
    const comment = str(params, 'comment');
    if (comment === undefined) throw parameterRequired('comment');
    const hours = hoursOf(params, true)!;
    const trackedDate = trackedDateOf(params, true)!;
    const categoryId = categoryOf(params);
    const billingType = billingTypeOf(params) ?? 'Billable';
    const plain = bool(params, 'plainText') ?? false;
    const now = wrikeTimestamp(ctx.now());
    const timelog: Timelog = {
      id: store.ids.classic('timelog'), taskId: task.id, userId: grantOf(res).userId, ...(categoryId ? { categoryId } : {}),
      billingType, hours, createdDate: now, updatedDate: now, trackedDate, comment: plain ? escapePlainText(comment) : comment,
    };
    store.timelogs.set(timelog.id, timelog);
    emitChanged(ctx, task, timelog, 'Added', grantOf(res).userId);
    respond(res, 'timelogs', [timelogView(timelog, plain)]);
  });

  router.put('/timelogs/:id', (req, res) => {
    requireScope(res, WRITE_SCOPES);
    const params = paramsOf(res);
    rejectUnknown(params, UPDATE_PARAMS);
    const id = parseId(pathParam(req, 'id'));
    const timelog = store.timelogs.get(id);
    if (!timelog || !liveTask(store, timelog.taskId)) throw notFound(`Timelog '${id}' not found`);
    const comment = str(params, 'comment');
    const hours = hoursOf(params, false);
    const trackedDate = trackedDateOf(params, false);
    const categoryId = categoryOf(params);
    const billingType = billingTypeOf(params);
    const plain = bool(params, 'plainText') ?? false;
    if (comment !== undefined) timelog.comment = plain ? escapePlainText(comment) : comment;
    if (hours !== undefined) timelog.hours = hours;
    if (trackedDate !== undefined) timelog.trackedDate = trackedDate;
    if (categoryId === null) delete timelog.categoryId;
    else if (categoryId !== undefined) timelog.categoryId = categoryId;
    if (billingType !== undefined) timelog.billingType = billingType;
    timelog.updatedDate = wrikeTimestamp(ctx.now());
    emitChanged(ctx, store.tasks.get(timelog.taskId)!, timelog, 'Changed', grantOf(res).userId);
    respond(res, 'timelogs', [timelogView(timelog, plain)]);
  });

  router.delete('/timelogs/:id', (req, res) => {
    requireScope(res, WRITE_SCOPES);
    rejectUnknown(paramsOf(res), []);
    const id = parseId(pathParam(req, 'id'));
    const timelog = store.timelogs.get(id);
    if (!timelog || !liveTask(store, timelog.taskId)) throw notFound(`Timelog '${id}' not found`);
    store.timelogs.delete(id);
    emitChanged(ctx, store.tasks.get(timelog.taskId)!, timelog, 'Removed', grantOf(res).userId);
    // Wrike documents no model for this answer; the sandbox answers an empty list of its kind.
    respond(res, 'timelogs', []);
  });

  return router;
}

function billingTypeOf(params: RawParams): Timelog['billingType'] | undefined {
  const value = str(params, 'billingType');
  if (value === undefined) return undefined;
  if (!(BILLING_TYPES as readonly string[]).includes(value)) throw invalidParameter("Parameter 'billingType' must be Billable or NonBillable");
  return value as Timelog['billingType'];
}

/** Time on a task in the Recycle Bin is not listed, as the task itself is not. */
function liveTask(store: SandboxStore, taskId: string): Task | undefined {
  const task = store.tasks.get(taskId);
  return task && task.scope === 'WsTask' ? task : undefined;
}

function liveTaskOr404(store: SandboxStore, taskId: string): Task {
  const task = liveTask(store, taskId);
  if (!task) throw notFound(`Task '${taskId}' not found`);
  return task;
}

/** Every task below a task (sub-tasks, their sub-tasks...), each once. */
function subTaskTree(store: SandboxStore, task: Task): string[] {
  const out: string[] = [];
  const seen = new Set([task.id]);
  let frontier = task.subTaskIds;
  while (frontier.length > 0) {
    const next: string[] = [];
    for (const id of frontier) {
      if (seen.has(id)) continue;
      seen.add(id);
      out.push(id);
      next.push(...(store.tasks.get(id)?.subTaskIds ?? []));
    }
    frontier = next;
  }
  return out;
}

/** Wrike's TimelogChanged: `timeTrackerId`, what happened (`type`) and the hours. */
function emitChanged(ctx: SandboxContext, task: Task, timelog: Timelog, type: 'Added' | 'Changed' | 'Removed', authorId: string): void {
  ctx.webhooks.emit({
    eventType: 'TimelogChanged', eventAuthorId: authorId, taskId: task.id, folderIds: ctx.store.taskFolderIds(task),
    extra: { timeTrackerId: timelog.id, type, hours: timelog.hours },
  });
}
