import type { Router, Request, Response } from 'express';
import { routerFor, type SandboxContext } from '../context';
import {
  READ_SCOPES, WRITE_SCOPES, allOrNotFound, grantOf, paramsOf, parseId, parseIdList, pathParam, requireScope, respond,
} from '../context';
import { badRequest, invalidParameter, notFound, parameterRequired } from '../errors';
import { bool, list, rejectUnknown, str, type RawParams } from '../params';
import { TASK_QUERY_PARAMS, parseTaskQuery, tasksInScope } from '../task-query';
import {
  applyCustomFields, applyMetadata, getTaskOr404, parseCustomFields, parseDates, parseMetadata, requireContacts, requireFolders,
  requireTasks, resolveStatus,
} from '../task-writes';
import { TASK_BY_ID_OPTIONAL_FIELDS, TASK_OPTIONAL_FIELDS, taskFullView, taskListView } from '../views';
import type { Task } from '../model';
import { wrikeTimestamp } from '../seed';

/** An unpaged task query stops at this many results, silently, as Wrike's does. */
const UNPAGED_CAP = 1000;

const CREATE_PARAMS = [
  'title', 'description', 'status', 'importance', 'dates', 'shareds', 'parents', 'responsibles', 'followers', 'follow',
  'priorityBefore', 'priorityAfter', 'superTasks', 'metadata', 'customFields', 'customStatus', 'effortAllocation',
  'billingType', 'fields',
];
const UPDATE_PARAMS = [
  'title', 'description', 'status', 'importance', 'dates', 'addParents', 'removeParents', 'addShareds', 'removeShareds',
  'addResponsibles', 'removeResponsibles', 'addFollowers', 'follow', 'priorityBefore', 'priorityAfter', 'addSuperTasks',
  'removeSuperTasks', 'metadata', 'customFields', 'customStatus', 'restore', 'effortAllocation', 'billingType', 'fields',
];

export function taskRoutes(ctx: SandboxContext): Router {
  const router = routerFor(ctx);
  const { store } = ctx;

  const listTasks = (scopeKey: string, folderIds: () => Set<string> | undefined) => (req: Request, res: Response) => {
    requireScope(res, READ_SCOPES);
    const params = paramsOf(res);
    rejectUnknown(params, TASK_QUERY_PARAMS);
    // Optional fields apply to this request only: a page token never remembers them.
    const fields = parseTaskQuery(store, { fields: params.fields }, TASK_OPTIONAL_FIELDS).fields;
    const token = str(params, 'nextPageToken');
    if (token !== undefined) {
      // The token carries the original filters and position, and overrides every other parameter but `fields`.
      // The query runs again now, so the order is live, as on Wrike.
      const page = ctx.pages.take(token, scopeKey);
      return sendPage(res, scopeKey, page.params, page.offset, page.pageSize, fields);
    }
    const query = parseTaskQuery(store, params, TASK_OPTIONAL_FIELDS);
    if (query.pageSize === undefined) {
      const { tasks } = tasksInScope(store, folderIds(), query, UNPAGED_CAP);
      return respond(res, 'tasks', tasks.map((task) => taskListView(task, fields)));
    }
    const { fields: _fields, pageSize: _pageSize, ...kept } = params;
    return sendPage(res, scopeKey, kept, 0, query.pageSize, fields);

    function sendPage(res: Response, scope: string, filters: RawParams, offset: number, pageSize: number, shown: string[]) {
      const query = parseTaskQuery(store, filters, TASK_OPTIONAL_FIELDS);
      const { tasks, total } = tasksInScope(store, folderIds(), query, offset + pageSize);
      const extra: Record<string, unknown> = { responseSize: total };
      if (offset + pageSize < total) {
        extra.nextPageToken = ctx.pages.issue({ scope, params: filters, offset: offset + pageSize, pageSize });
      }
      respond(res, 'tasks', tasks.slice(offset).map((task) => taskListView(task, shown)), extra);
    }
  };

  router.get('/tasks', listTasks('tasks', () => undefined));
  router.get('/folders/:folderId/tasks', (req, res) => {
    const folderId = parseId(pathParam(req, 'folderId'));
    const folder = store.folders.get(folderId);
    if (!folder) throw notFound(`Folder '${folderId}' not found`);
    const descendants = bool(paramsOf(res), 'descendants') ?? true;
    return listTasks(`folder:${folderId}`, () => new Set([folderId, ...(descendants ? store.folderDescendants(folderId) : [])]))(req, res);
  });
  router.get('/spaces/:spaceId/tasks', (req, res) => {
    const spaceId = parseId(pathParam(req, 'spaceId'));
    if (!store.spaces.has(spaceId)) throw notFound(`Space '${spaceId}' not found`);
    const descendants = bool(paramsOf(res), 'descendants') ?? true;
    return listTasks(`space:${spaceId}`, () => new Set([spaceId, ...(descendants ? store.folderDescendants(spaceId) : [])]))(req, res);
  });

  router.get('/tasks/:ids', (req, res) => {
    requireScope(res, READ_SCOPES);
    const params = paramsOf(res);
    rejectUnknown(params, ['fields']);
    const fields = list(params, 'fields') ?? [];
    for (const f of fields) if (!TASK_BY_ID_OPTIONAL_FIELDS.includes(f)) throw invalidParameter(`Unknown field '${f.slice(0, 40)}' in 'fields'`);
    const ids = parseIdList(pathParam(req, 'ids'));
    const tasks = allOrNotFound(ids, (id) => store.tasks.get(id), 'Task');
    respond(res, 'tasks', tasks.map((task) => taskFullView(task, fields)));
  });

  router.post('/folders/:folderId/tasks', (req, res) => {
    requireScope(res, WRITE_SCOPES);
    const params = paramsOf(res);
    rejectUnknown(params, CREATE_PARAMS);
    const folderId = parseId(pathParam(req, 'folderId'));
    if (!store.folders.has(folderId)) throw notFound(`Folder '${folderId}' not found`);
    requireFolders(store, [folderId], 'folderId');
    const task = buildTask(ctx, folderId, params, grantOf(res).userId);
    commitNewTask(ctx, task);
    ctx.webhooks.emit({ eventType: 'TaskCreated', eventAuthorId: grantOf(res).userId, taskId: task.id, folderIds: store.taskFolderIds(task) });
    respond(res, 'tasks', [taskFullView(task, [])]);
  });

  router.put('/tasks/:ids', (req, res) => {
    requireScope(res, WRITE_SCOPES);
    const params = paramsOf(res);
    const ids = parseIdList(pathParam(req, 'ids'));
    if (ids.length > 1) {
      // PUT /tasks/{ids} takes custom fields only.
      rejectUnknown(params, ['customFields', 'effortAllocation']);
      const tasks = allOrNotFound(ids, (id) => store.tasks.get(id), 'Task');
      const changes = tasks.map((task) => parseCustomFields(store, params, store.taskFolderIds(task)) ?? []);
      tasks.forEach((task, i) => {
        // Each task reports its own changes, as a single-task write does.
        const folderIds = store.taskFolderIds(task);
        for (const change of changes[i] ?? []) {
          const old = task.customFields.find((cf) => cf.id === change.id)?.value;
          if (old === (change.value ?? undefined)) continue;
          const extra = { customFieldId: change.id, value: change.value, oldValue: old };
          ctx.webhooks.emit({ eventType: 'TaskCustomFieldChanged', eventAuthorId: grantOf(res).userId, taskId: task.id, folderIds, extra });
        }
        task.customFields = applyCustomFields(task.customFields, changes[i] ?? []);
        task.updatedDate = wrikeTimestamp(ctx.now());
      });
      return respond(res, 'tasks', tasks.map((task) => taskFullView(task, [])));
    }
    rejectUnknown(params, UPDATE_PARAMS);
    const task = getTaskOr404(store, ids[0] as string);
    const updated = updateTask(ctx, task, params, grantOf(res).userId);
    respond(res, 'tasks', [taskFullView(updated, [])]);
  });

  router.delete('/tasks/:id', (req, res) => {
    requireScope(res, WRITE_SCOPES);
    rejectUnknown(paramsOf(res), []);
    const task = getTaskOr404(store, parseId(pathParam(req, 'id')));
    if (task.scope === 'RbTask') throw notFound(`Task '${task.id}' not found`);
    // A sub-task whose every parent task goes goes with it (to the Recycle Bin, its own TaskDeleted), as a folder's
    // descendants do; one that has another live parent task only loses the link. Never a link to a deleted task.
    const gone = new Set<string>([task.id]);
    const order: Task[] = [task];
    for (let k = 0; k < order.length; k++) {
      for (const subId of order[k]!.subTaskIds) {
        const sub = store.tasks.get(subId);
        if (!sub || sub.scope === 'RbTask' || gone.has(subId)) continue;
        if (sub.superTaskIds.every((id) => gone.has(id))) {
          gone.add(subId);
          order.push(sub);
        }
      }
    }
    const now = wrikeTimestamp(ctx.now());
    for (const deleted of order) {
      const folderIds = store.taskFolderIds(deleted);
      for (const superId of deleted.superTaskIds) {
        const parent = store.tasks.get(superId);
        if (parent) parent.subTaskIds = parent.subTaskIds.filter((id) => id !== deleted.id);
      }
      for (const subId of deleted.subTaskIds) {
        const sub = store.tasks.get(subId);
        if (sub && !gone.has(subId)) sub.superTaskIds = sub.superTaskIds.filter((id) => id !== deleted.id);
      }
      deleted.subTaskIds = deleted.subTaskIds.filter((id) => gone.has(id));
      deleted.superTaskIds = [];
      deleted.scope = 'RbTask';
      deleted.parentIds = [store.account.recycleBinId];
      deleted.superParentIds = [];
      deleted.updatedDate = now;
      ctx.webhooks.emit({ eventType: 'TaskDeleted', eventAuthorId: grantOf(res).userId, taskId: deleted.id, folderIds });
    }
    respond(res, 'tasks', [taskFullView(task, [])]);
  });

  return router;
}

function buildTask(ctx: SandboxContext, folderId: string, params: RawParams, authorId: string): Task {
  const { store } = ctx;
  const title = str(params, 'title');
  if (title === undefined) throw parameterRequired('title');
  if (title.trim().length === 0) throw invalidParameter(`Parameter 'title' must not be empty`);
  const parents = [folderId, ...requireFolders(store, list(params, 'parents'), 'parents')];
  const superTasks = requireTasks(store, list(params, 'superTasks'), 'superTasks');
  const responsibles = requireContacts(store, list(params, 'responsibles'), 'responsibles');
  const followers = requireContacts(store, list(params, 'followers'), 'followers');
  const shareds = requireContacts(store, list(params, 'shareds'), 'shareds');
  const importance = str(params, 'importance') ?? 'Normal';
  if (!['High', 'Normal', 'Low'].includes(importance)) throw invalidParameter(`Parameter 'importance' is invalid`);
  const now = wrikeTimestamp(ctx.now());
  const isSubtaskOnly = superTasks.length > 0 && folderId === store.account.rootFolderId;
  const draft = {
    parentIds: isSubtaskOnly ? [] : [...new Set(parents)],
    superParentIds: superTasks.flatMap((id) => store.taskFolderIds(store.tasks.get(id) as Task)),
    status: 'Active' as const,
    customStatusId: '',
  };
  const statusChange = resolveStatus(store, draft, params) ?? resolveStatus(store, draft, { status: 'Active' });
  const customFields = parseCustomFields(store, params, [...draft.parentIds, ...draft.superParentIds]) ?? [];
  const dates = parseDates(params) ?? { type: 'Backlog' };
  const description = str(params, 'description') ?? '';
  const metadata = applyMetadata([], parseMetadata(params) ?? []);
  const id = ctx.store.tasks.size % 3 === 0 ? store.ids.modern() : store.ids.classic('task');
  const follow = params.follow === true || params.follow === 'true';
  return {
    id, accountId: store.account.id, title, description,
    briefDescription: description.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ').trim().slice(0, 120),
    parentIds: draft.parentIds, superParentIds: [], sharedIds: [...new Set([authorId, ...shareds, ...responsibles])],
    responsibleIds: [...new Set(responsibles)],
    status: statusChange?.status ?? 'Active', importance: importance as Task['importance'],
    createdDate: now, updatedDate: now, completedDate: statusChange?.status === 'Completed' ? now : undefined,
    dates, scope: 'WsTask', authorIds: [authorId], customStatusId: statusChange?.customStatusId ?? '',
    hasAttachments: false, attachmentCount: 0, permalink: store.nextPermalink(),
    priority: (0x800000 + store.tasks.size * 16).toString(16).padStart(24, '0'),
    followedByMe: follow, followerIds: [...new Set([...followers, ...(follow ? [authorId] : [])])], recurrent: false,
    superTaskIds: [...new Set(superTasks)], subTaskIds: [], dependencyIds: [], metadata,
    customFields: applyCustomFields([], customFields),
  };
}

function commitNewTask(ctx: SandboxContext, task: Task): void {
  ctx.store.tasks.set(task.id, task);
  for (const superId of task.superTaskIds) ctx.store.tasks.get(superId)?.subTaskIds.push(task.id);
  ctx.store.refreshSuperParents(task.id);
}

const without = (items: string[], remove: string[]) => items.filter((id) => !remove.includes(id));
const union = (items: string[], add: string[]) => [...new Set([...items, ...add])];

/** Validates the whole update first, then applies it: a refused update changes nothing. */
function updateTask(ctx: SandboxContext, task: Task, params: RawParams, authorId: string): Task {
  const { store } = ctx;
  if (task.scope === 'RbTask' && params.restore !== true && params.restore !== 'true') {
    throw badRequest(`Task '${task.id}' is in the Recycle Bin; restore it first`);
  }
  const title = str(params, 'title');
  if (title !== undefined && title.trim().length === 0) throw invalidParameter(`Parameter 'title' must not be empty`);
  const importance = str(params, 'importance');
  if (importance !== undefined && !['High', 'Normal', 'Low'].includes(importance)) throw invalidParameter(`Parameter 'importance' is invalid`);
  const addParents = requireFolders(store, list(params, 'addParents'), 'addParents');
  const removeParents = list(params, 'removeParents') ?? [];
  const addResponsibles = requireContacts(store, list(params, 'addResponsibles'), 'addResponsibles');
  const removeResponsibles = list(params, 'removeResponsibles') ?? [];
  const addShareds = requireContacts(store, list(params, 'addShareds'), 'addShareds');
  const removeShareds = list(params, 'removeShareds') ?? [];
  const addFollowers = requireContacts(store, list(params, 'addFollowers'), 'addFollowers');
  const addSuperTasks = requireTasks(store, list(params, 'addSuperTasks'), 'addSuperTasks');
  const removeSuperTasks = list(params, 'removeSuperTasks') ?? [];
  for (const superId of addSuperTasks) {
    if (store.isSameOrDescendant(task.id, superId)) {
      throw invalidParameter(`Parameter 'addSuperTasks': '${superId}' is the task itself or one of its sub-tasks`);
    }
  }
  const restoring = task.scope === 'RbTask';
  const parentIds = restoring ? [store.account.rootFolderId] : union(without(task.parentIds, removeParents), addParents);
  const superTaskIds = union(without(task.superTaskIds, removeSuperTasks), addSuperTasks);
  if (parentIds.length === 0 && superTaskIds.length === 0) {
    throw invalidParameter('A task must keep at least one parent folder or super-task');
  }
  const location = [...parentIds, ...superTaskIds.flatMap((id) => store.taskFolderIds(store.tasks.get(id) as Task))];
  const statusChange = resolveStatus(store, { ...task, parentIds, superParentIds: location }, params);
  const customFields = parseCustomFields(store, params, location);
  const dates = parseDates(params);
  const description = str(params, 'description');
  const metadata = parseMetadata(params);

  // Everything is valid: apply and record the events.
  const events: [string, Record<string, unknown>][] = [];
  const now = wrikeTimestamp(ctx.now());
  const folderIdsBefore = store.taskFolderIds(task);
  if (title !== undefined && title !== task.title) {
    events.push(['TaskTitleChanged', { oldValue: task.title, title }]);
    task.title = title;
  }
  if (description !== undefined && description !== task.description) {
    events.push(['TaskDescriptionChanged', {}]);
    task.description = description;
    task.briefDescription = description.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ').trim().slice(0, 120);
  }
  if (importance !== undefined && importance !== task.importance) {
    events.push(['TaskImportanceChanged', { oldValue: task.importance, importance }]);
    task.importance = importance as Task['importance'];
  }
  if (statusChange && statusChange.customStatusId !== task.customStatusId) {
    events.push(['TaskStatusChanged', {
      oldStatus: task.status, status: statusChange.status, oldCustomStatusId: task.customStatusId, customStatusId: statusChange.customStatusId,
    }]);
    task.status = statusChange.status;
    task.customStatusId = statusChange.customStatusId;
    task.completedDate = statusChange.status === 'Completed' ? now : undefined;
  }
  if (dates) {
    events.push(['TaskDatesChanged', { oldValue: task.dates, dates }]);
    task.dates = dates;
  }
  const addedParents = parentIds.filter((id) => !task.parentIds.includes(id));
  const removedParents = task.parentIds.filter((id) => !parentIds.includes(id));
  if (addedParents.length) events.push(['TaskParentsAdded', { addedParents }]);
  if (removedParents.length) events.push(['TaskParentsRemoved', { removedParents }]);
  task.parentIds = parentIds;
  const responsibles = union(without(task.responsibleIds, removeResponsibles), addResponsibles);
  const addedResponsibles = responsibles.filter((id) => !task.responsibleIds.includes(id));
  const removedResponsibles = task.responsibleIds.filter((id) => !responsibles.includes(id));
  if (addedResponsibles.length) events.push(['TaskResponsiblesAdded', { addedResponsibles }]);
  if (removedResponsibles.length) events.push(['TaskResponsiblesRemoved', { removedResponsibles }]);
  task.responsibleIds = responsibles;
  task.sharedIds = union(without(task.sharedIds, removeShareds), [...addShareds, ...addedResponsibles]);
  task.followerIds = union(task.followerIds, addFollowers);
  for (const superId of task.superTaskIds.filter((id) => !superTaskIds.includes(id))) {
    const parent = store.tasks.get(superId);
    if (parent) parent.subTaskIds = without(parent.subTaskIds, [task.id]);
  }
  for (const superId of superTaskIds.filter((id) => !task.superTaskIds.includes(id))) store.tasks.get(superId)?.subTaskIds.push(task.id);
  task.superTaskIds = superTaskIds;
  if (customFields) {
    for (const change of customFields) {
      const old = task.customFields.find((cf) => cf.id === change.id)?.value;
      if (old !== (change.value ?? undefined)) events.push(['TaskCustomFieldChanged', { customFieldId: change.id, value: change.value, oldValue: old }]);
    }
    task.customFields = applyCustomFields(task.customFields, customFields);
  }
  if (metadata) task.metadata = applyMetadata(task.metadata, metadata);
  if (restoring) task.scope = 'WsTask';
  store.refreshSuperParents(task.id);
  task.updatedDate = now;
  const folderIds = union(folderIdsBefore, store.taskFolderIds(task));
  for (const [eventType, extra] of events) ctx.webhooks.emit({ eventType, eventAuthorId: authorId, taskId: task.id, folderIds, extra });
  return task;
}
