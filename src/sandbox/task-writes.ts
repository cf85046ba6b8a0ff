import type { SandboxStore } from './store';
import type { CustomFieldValue, Task, TaskDates, TaskStatus } from './model';
import { parameterRequired, invalidParameter, notFound } from './errors';
import { LOCAL_DATE, obj, objList, oneOf, str, type RawParams } from './params';
import { ID_PATTERN } from './ids';

/** Checks shared by task create and update. Each throws Wrike's 400/404 before anything is changed. */


export function requireContacts(store: SandboxStore, ids: string[] | undefined, name: string): string[] {
  for (const id of ids ?? []) {
    const contact = ID_PATTERN.test(id) ? store.contacts.get(id) : undefined;
    if (!contact) throw invalidParameter(`Parameter '${name}': contact '${id.slice(0, 40)}' not found`);
    if (contact.deleted) throw invalidParameter(`Parameter '${name}': contact '${id}' is deleted`);
  }
  return ids ?? [];
}

export function requireFolders(store: SandboxStore, ids: string[] | undefined, name: string): string[] {
  for (const id of ids ?? []) {
    const folder = ID_PATTERN.test(id) ? store.folders.get(id) : undefined;
    if (!folder) throw invalidParameter(`Parameter '${name}': folder '${id.slice(0, 40)}' not found`);
    if (folder.scope === 'RbRoot' || folder.scope === 'RbFolder') {
      throw invalidParameter(`Parameter '${name}': a task cannot be placed in the Recycle Bin`);
    }
  }
  return ids ?? [];
}

export function requireTasks(store: SandboxStore, ids: string[] | undefined, name: string): string[] {
  for (const id of ids ?? []) {
    const task = ID_PATTERN.test(id) ? store.tasks.get(id) : undefined;
    if (!task || task.scope !== 'WsTask') throw invalidParameter(`Parameter '${name}': task '${id.slice(0, 40)}' not found`);
  }
  return ids ?? [];
}

/** Task dates: type Backlog | Milestone | Planned; start/due are local dates (no zone); duration in minutes. */
export function parseDates(params: RawParams): TaskDates | undefined {
  const raw = obj(params, 'dates');
  if (!raw) return undefined;
  for (const key of Object.keys(raw)) {
    if (!['type', 'duration', 'start', 'due', 'workOnWeekends'].includes(key)) throw invalidParameter(`Unknown key 'dates.${key.slice(0, 40)}'`);
  }
  const check = (key: 'start' | 'due') => {
    const value = raw[key];
    if (value === undefined || value === null) return undefined;
    if (typeof value !== 'string' || !LOCAL_DATE.test(value) || Number.isNaN(Date.parse(value.slice(0, 10)))) {
      throw invalidParameter(`Parameter 'dates.${key}' must be yyyy-MM-dd or yyyy-MM-ddTHH:mm:ss without a time zone`);
    }
    return value.length === 10 ? `${value}T${key === 'start' ? '09:00:00' : '17:00:00'}` : value;
  };
  const start = check('start');
  const due = check('due');
  // Wrike's request model marks dates.type required: no guessing a type here (a due date alone is not a milestone).
  if (raw.type === undefined) throw parameterRequired('dates.type');
  const type = raw.type;
  if (type !== 'Backlog' && type !== 'Milestone' && type !== 'Planned') throw invalidParameter(`Parameter 'dates.type' is invalid`);
  if (start && due && start > due) throw invalidParameter(`Parameter 'dates': start is after due`);
  if (type === 'Backlog') return { type };
  if (type === 'Milestone') {
    if (!due) throw invalidParameter(`Parameter 'dates.due' is required for a milestone`);
    return { type, duration: 0, due };
  }
  // A single date plans that one working day, 09:00 to 17:00, as Wrike shows planned tasks.
  const effectiveStart = start ?? `${(due as string).slice(0, 10)}T09:00:00`;
  const effectiveDue = due ?? `${(start as string).slice(0, 10)}T17:00:00`;
  const days = Math.round((Date.parse((effectiveDue as string).slice(0, 10)) - Date.parse((effectiveStart as string).slice(0, 10))) / 86_400_000) + 1;
  return {
    type, duration: days * 480, start: effectiveStart, due: effectiveDue, workOnWeekends: raw.workOnWeekends === true,
  };
}

/**
 * Custom-field values: `[{id, value}]`, the value a string up to 2000 characters, or null to clear. The field must
 * exist and be shared to a folder the entity lives in (or the account root). Values are stored verbatim.
 */
export function parseCustomFields(store: SandboxStore, params: RawParams, locationFolderIds: string[]): { id: string; value: string | null }[] | undefined {
  const raw = objList(params, 'customFields');
  if (!raw) return undefined;
  const reachable = new Set<string>([store.account.rootFolderId]);
  for (const folderId of locationFolderIds) {
    reachable.add(folderId);
    for (const ancestor of store.folderAncestors(folderId)) reachable.add(ancestor);
  }
  return raw.map((item) => {
    const id = typeof item.id === 'string' ? item.id : '';
    const field = store.customFields.get(id);
    if (!field) throw invalidParameter(`Custom field '${id.slice(0, 40)}' not found`);
    if (!field.sharedIds.some((shared) => reachable.has(shared))) {
      throw invalidParameter(`Custom field '${field.title}' (${id}) is not shared to this location`);
    }
    const value = item.value;
    if (value === undefined || value === null) return { id, value: null };
    if (typeof value !== 'string') throw invalidParameter(`Custom field '${id}': value must be a string`);
    if (value.length > 2000) throw invalidParameter(`Custom field '${id}': value is longer than 2000 characters`);
    return { id, value };
  });
}

export function applyCustomFields(current: CustomFieldValue[], changes: { id: string; value: string | null }[]): CustomFieldValue[] {
  const next = current.filter((cf) => !changes.some((c) => c.id === cf.id));
  for (const change of changes) if (change.value !== null && change.value !== '') next.push({ id: change.id, value: change.value });
  return next;
}

/**
 * `status` and `customStatus` stay consistent: a custom status sets the base status to its group; a base status
 * alone picks its group's standard custom status in the task's workflow.
 */
export function resolveStatus(
  store: SandboxStore, task: Pick<Task, 'parentIds' | 'superParentIds' | 'status' | 'customStatusId'>, params: RawParams,
): { status: TaskStatus; customStatusId: string } | undefined {
  const status = oneOf(params, 'status', ['Active', 'Completed', 'Deferred', 'Cancelled'] as const);
  const customStatus = str(params, 'customStatus');
  if (customStatus !== undefined) {
    const found = store.findCustomStatus(customStatus);
    if (!found) throw invalidParameter(`Custom status '${customStatus.slice(0, 40)}' not found`);
    if (status && status !== found.status.group) {
      throw invalidParameter(`Status '${status}' does not match custom status '${found.status.name}' (${found.status.group})`);
    }
    return { status: found.status.group, customStatusId: found.status.id };
  }
  if (status) {
    const folder = [...task.parentIds, ...task.superParentIds][0];
    const workflow = folder ? store.workflowForFolder(folder) : store.defaultWorkflow();
    const standard = workflow.customStatuses.find((s) => s.group === status && s.standard)
      ?? workflow.customStatuses.find((s) => s.group === status);
    if (!standard) throw invalidParameter(`Workflow '${workflow.name}' has no status in group ${status}`);
    return { status, customStatusId: standard.id };
  }
  return undefined;
}

export function getTaskOr404(store: SandboxStore, id: string): Task {
  const task = store.tasks.get(id);
  if (!task) throw notFound(`Task '${id}' not found`);
  return task;
}


const METADATA_KEY = /^[A-Za-z0-9_-]{1,49}$/;

/** Metadata entries `[{key, value}]`: keys of letters, digits, _ and -, under 50; values under 1000; null deletes. */
export function parseMetadata(params: RawParams): { key: string; value: string | null }[] | undefined {
  const raw = objList(params, 'metadata');
  if (!raw) return undefined;
  return raw.map((entry) => {
    const key = typeof entry.key === 'string' ? entry.key : '';
    if (!METADATA_KEY.test(key)) throw invalidParameter("Parameter 'metadata': keys are letters, digits, _ and -, under 50 characters");
    const value = entry.value;
    if (value === null || value === undefined) return { key, value: null };
    if (typeof value !== 'string' || value.length >= 1000) throw invalidParameter("Parameter 'metadata': values are strings under 1000 characters");
    return { key, value };
  });
}

export function applyMetadata(current: { key: string; value: string }[], changes: { key: string; value: string | null }[]): { key: string; value: string }[] {
  const next = current.filter((m) => !changes.some((c) => c.key === m.key));
  for (const change of changes) if (change.value !== null) next.push({ key: change.key, value: change.value });
  return next;
}
