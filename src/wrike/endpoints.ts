import { WrikeClient, type WrikeEnvelope } from './client';
import type { WrikeCaller } from './rounds';
import { WrikeError } from './errors';
import type { WrikeParams } from './params';
import type { TaskQuery, TaskScope } from './task-query';
import type {
  WrikeAccessRole, WrikeAccount, WrikeAttachment, WrikeComment, WrikeContact, WrikeCustomField, WrikeFolder,
  WrikeDependency, WrikeFolderTreeEntry, WrikeGroup, WrikeRelationType, WrikeSpace, WrikeTask, WrikeTimelog, WrikeTimelogCategory, TimelogQuery, TimelogSource, WrikeWebhook, WrikeWorkflow,
} from './types';

/** One typed function per Wrike endpoint. Ids are checked by WrikeClient.path before they enter a URL. */

const path = WrikeClient.path;

/** Wrike's largest page of folders. */
const FOLDER_PAGE_SIZE = 1000;

/**
 * Every page of a list. Each later page sends the page token together with the original parameters: right under
 * both readings of Wrike's paging rules (the token overrides them, or they must be sent again).
 */
async function allPages<T>(client: WrikeCaller, listPath: string, params: WrikeParams): Promise<T[]> {
  const items: T[] = [];
  const seen = new Set<string>();
  let token: string | undefined;
  do {
    const envelope = await client.get<T>(listPath, token === undefined ? params : { ...params, nextPageToken: token });
    items.push(...envelope.data);
    token = envelope.nextPageToken;
    if (token !== undefined && seen.has(token)) {
      // It would loop for ever; a partial list would be a lie.
      throw new WrikeError('unavailable', `Wrike sent the same page token twice for ${listPath}`);
    }
    if (token !== undefined) seen.add(token);
  } while (token !== undefined);
  return items;
}

/** GET /contacts?me=true: the user the token acts as. */
export async function getMe(client: WrikeCaller): Promise<WrikeContact | undefined> {
  return (await client.get<WrikeContact>('/contacts', { me: true })).data[0];
}

export async function getAccount(client: WrikeCaller): Promise<WrikeAccount | undefined> {
  return (await client.get<WrikeAccount>('/account')).data[0];
}

// --- Tasks -------------------------------------------------------------------------------------------------------

export { TASK_LIST_OPTIONAL_FIELDS, type TaskListField, type TaskQuery, type TaskScope } from './task-query';

function taskScopePath(scope: TaskScope): string {
  if (scope.kind === 'folder') return path`/folders/${scope.id}/tasks`;
  if (scope.kind === 'space') return path`/spaces/${scope.id}/tasks`;
  return '/tasks';
}

/**
 * One page of a task query, always with the whole query (filters, `fields`, order). Lists resume by sort key (see
 * task-query.ts); only a tie group longer than a page is read by Wrike's page token (queryTasksByToken).
 */
export function queryTasks(client: WrikeCaller, scope: TaskScope, query: TaskQuery, pageSize: number): Promise<WrikeEnvelope<WrikeTask>> {
  return client.get<WrikeTask>(taskScopePath(scope), { ...query, descendants: true, pageSize } as WrikeParams);
}

/**
 * A later page of a task query by Wrike's page token, for the one case keys cannot page: more than a page of tasks
 * at one key (a tie group). The whole query goes with the token, which works under both readings of Wrike's paging.
 */
export function queryTasksByToken(
  client: WrikeCaller, scope: TaskScope, query: TaskQuery, pageSize: number, token: string | undefined,
): Promise<WrikeEnvelope<WrikeTask>> {
  const params = { ...query, descendants: true, pageSize, ...(token === undefined ? {} : { nextPageToken: token }) };
  return client.get<WrikeTask>(taskScopePath(scope), params as WrikeParams);
}

export async function getTasks(client: WrikeCaller, ids: string[]): Promise<WrikeTask[]> {
  return (await client.get<WrikeTask>(path`/tasks/${ids}`)).data;
}

// --- Folders, projects, spaces -----------------------------------------------------------------------------------

export async function getFolders(client: WrikeCaller, ids: string[]): Promise<WrikeFolder[]> {
  return (await client.get<WrikeFolder>(path`/folders/${ids}`)).data;
}

/**
 * The whole folder tree: unfiltered GET /folders, which Wrike answers in "folder tree" mode (slim entries: id,
 * title, childIds, scope, project, space; Root and Recycle Bin included). Should Wrike ever answer it in "folders"
 * mode or in pages, the full entries carry the same keys and every page is read.
 */
export async function getFolderTree(client: WrikeCaller): Promise<WrikeFolderTreeEntry[]> {
  return allPages<WrikeFolderTreeEntry>(client, '/folders', {});
}

export async function getSpaces(client: WrikeCaller): Promise<WrikeSpace[]> {
  return (await client.get<WrikeSpace>('/spaces', { withArchived: true })).data;
}

// --- People --------------------------------------------------------------------------------------------------------

export async function getContacts(client: WrikeCaller, ids: string[]): Promise<WrikeContact[]> {
  return (await client.get<WrikeContact>(path`/contacts/${ids}`)).data;
}

/** Every person of the account (Wrike does not page contacts). */
export async function listPeople(client: WrikeCaller): Promise<WrikeContact[]> {
  return (await client.get<WrikeContact>('/contacts', { types: ['Person'] })).data;
}

export async function getGroups(client: WrikeCaller): Promise<WrikeGroup[]> {
  return (await client.get<WrikeGroup>('/groups')).data;
}

export async function getAccessRoles(client: WrikeCaller): Promise<WrikeAccessRole[]> {
  return (await client.get<WrikeAccessRole>('/access_roles')).data;
}

// --- Comments and attachments ----------------------------------------------------------------------------------------

/** A task's comments; `plainText` gives their text without HTML (how Wrike's editor stored the HTML varies). */
export async function getTaskComments(client: WrikeCaller, taskId: string, options: { plainText?: boolean } = {}): Promise<WrikeComment[]> {
  return (await client.get<WrikeComment>(path`/tasks/${taskId}/comments`, options.plainText ? { plainText: true } : {})).data;
}

/**
 * The account's comments updated inside a window (Wrike's `GET /comments`: the window must be under 7 days; at most
 * `limit` comments, 1,000 by default, in an order Wrike does not promise).
 */
export async function getCommentsUpdated(client: WrikeCaller, window: { start: string; end: string }, limit: number): Promise<WrikeComment[]> {
  return (await client.get<WrikeComment>('/comments', { updatedDate: window, limit })).data;
}

export async function getComments(client: WrikeCaller, ids: string[]): Promise<WrikeComment[]> {
  return (await client.get<WrikeComment>(path`/comments/${ids}`)).data;
}

export async function getTaskAttachments(client: WrikeCaller, taskId: string): Promise<WrikeAttachment[]> {
  return (await client.get<WrikeAttachment>(path`/tasks/${taskId}/attachments`)).data;
}

export async function getAttachments(client: WrikeCaller, ids: string[]): Promise<WrikeAttachment[]> {
  return (await client.get<WrikeAttachment>(path`/attachments/${ids}`)).data;
}

/** Wrike's limit on one account-wide comment list: comments updated in a range under 7 days, at most `limit` of them. */
export const COMMENT_WINDOW_MS = 7 * 86_400_000 - 1000;
export const COMMENT_LIST_LIMIT = 1000;

/** Wrike's limit on one account-wide attachment list: a createdDate range under 31 days (required). */
export const ATTACHMENT_WINDOW_MS = 31 * 86_400_000 - 1000;

/** GET /attachments: the account's attachments created in `range` (inclusive, under 31 days). */
export async function listAttachmentsCreatedIn(client: WrikeCaller, range: { start: string; end: string }): Promise<WrikeAttachment[]> {
  return (await client.get<WrikeAttachment>('/attachments', { createdDate: range })).data;
}

// --- Custom fields and workflows -------------------------------------------------------------------------------------

export async function listCustomFields(client: WrikeCaller): Promise<WrikeCustomField[]> {
  return (await client.get<WrikeCustomField>('/customfields')).data;
}

export async function getWorkflows(client: WrikeCaller): Promise<WrikeWorkflow[]> {
  return (await client.get<WrikeWorkflow>('/workflows')).data;
}

// --- Writes ------------------------------------------------------------------------------------------------------------
// Writes are never retried blindly by the client: a write that got no answer is reported as outcome_unknown.

/** The metadata key under which this service marks what it created, so that an unknown outcome can be checked. */
export const IDEMPOTENCY_METADATA_KEY = 'wrike-subgraph-idempotency';

export interface TaskWrite {
  title?: string;
  description?: string;
  importance?: 'High' | 'Normal' | 'Low';
  customStatus?: string;
  dates?: { start?: string; due?: string; type?: string };
  responsibles?: string[];
  superTasks?: string[];
  addResponsibles?: string[];
  removeResponsibles?: string[];
  addParents?: string[];
  removeParents?: string[];
  addSuperTasks?: string[];
  removeSuperTasks?: string[];
  customFields?: { id: string; value: string | null }[];
  metadata?: { key: string; value: string | null }[];
}

const defined = (write: object): WrikeParams =>
  Object.fromEntries(Object.entries(write).filter(([, v]) => v !== undefined)) as WrikeParams;

export async function createTask(client: WrikeCaller, folderId: string, write: TaskWrite): Promise<WrikeTask> {
  return (await client.post<WrikeTask>(path`/folders/${folderId}/tasks`, defined(write))).data[0] as WrikeTask;
}

export async function updateTask(client: WrikeCaller, taskId: string, write: TaskWrite): Promise<WrikeTask> {
  return (await client.put<WrikeTask>(path`/tasks/${taskId}`, defined(write))).data[0] as WrikeTask;
}

/** Sets custom fields on up to 100 tasks in one call: Wrike's `PUT /tasks/{ids}` takes nothing else. */
export async function updateTasksCustomFields(client: WrikeCaller, taskIds: readonly string[], customFields: { id: string; value: string | null }[]): Promise<WrikeTask[]> {
  return (await client.put<WrikeTask>(path`/tasks/${taskIds}`, { customFields })).data;
}

/** `before`: the task as read before (its super-tasks' cache entries are dropped too: Wrike's answer may lack them). */
export async function deleteTask(client: WrikeCaller, taskId: string, before?: WrikeTask): Promise<void> {
  await client.delete(path`/tasks/${taskId}`, { before: before ? [before] : [] });
}

/** Tasks (sub-tasks included) carrying a metadata entry. */
export async function findTasksByMetadata(client: WrikeCaller, key: string, value: string): Promise<WrikeTask[]> {
  return (await client.get<WrikeTask>('/tasks', { metadata: { key, value }, subTasks: true })).data;
}

export async function createComment(client: WrikeCaller, taskId: string, text: string): Promise<WrikeComment> {
  return (await client.post<WrikeComment>(path`/tasks/${taskId}/comments`, { text })).data[0] as WrikeComment;
}

export async function updateComment(client: WrikeCaller, commentId: string, text: string): Promise<WrikeComment> {
  return (await client.put<WrikeComment>(path`/comments/${commentId}`, { text })).data[0] as WrikeComment;
}

export async function deleteComment(client: WrikeCaller, commentId: string): Promise<void> {
  await client.delete(path`/comments/${commentId}`);
}

/** Raw-body upload (`X-File-Name`), from a buffer or a stream of known length. */
export async function uploadAttachment(
  client: WrikeCaller, taskId: string, file: { name: string; contentType: string; body: Buffer | NodeJS.ReadableStream; size?: number },
): Promise<WrikeAttachment> {
  const headers: Record<string, string> = {
    'X-File-Name': encodeURIComponent(file.name), 'X-Requested-With': 'XMLHttpRequest', 'Content-Type': file.contentType,
  };
  if (file.size !== undefined) headers['Content-Length'] = String(file.size);
  const envelope = await client.request<WrikeAttachment>({ method: 'POST', path: path`/tasks/${taskId}/attachments`, rawBody: file.body, headers });
  return envelope.data[0] as WrikeAttachment;
}

export async function deleteAttachment(client: WrikeCaller, attachmentId: string): Promise<void> {
  await client.delete(path`/attachments/${attachmentId}`);
}

export function downloadAttachment(client: WrikeCaller, attachmentId: string) {
  return client.stream(path`/attachments/${attachmentId}/download`);
}

export interface FolderWrite {
  title?: string;
  description?: string;
  customFields?: { id: string; value: string | null }[];
  metadata?: { key: string; value: string | null }[];
  project?: { ownerIds?: string[]; status?: string; startDate?: string; endDate?: string };
}

export async function createFolder(client: WrikeCaller, parentId: string, write: FolderWrite): Promise<WrikeFolder> {
  return (await client.post<WrikeFolder>(path`/folders/${parentId}/folders`, defined(write))).data[0] as WrikeFolder;
}

export async function updateFolder(client: WrikeCaller, folderId: string, write: FolderWrite): Promise<WrikeFolder> {
  return (await client.put<WrikeFolder>(path`/folders/${folderId}`, defined(write))).data[0] as WrikeFolder;
}

/** Folders carrying a metadata entry: a filtered query, so "folders" mode, read page by page. */
export async function findFoldersByMetadata(client: WrikeCaller, key: string, value: string): Promise<WrikeFolder[]> {
  return allPages<WrikeFolder>(client, '/folders', { metadata: { key, value }, pageSize: FOLDER_PAGE_SIZE });
}

// --- Webhooks ------------------------------------------------------------------------------------------------------

/**
 * Registers an account-wide webhook. Wrike verifies the secret before it answers (a synchronous POST to `hookUrl`),
 * so the receiver must already know the secret.
 */
export async function createWebhook(client: WrikeCaller, hookUrl: string, secret: string): Promise<WrikeWebhook> {
  return (await client.post<WrikeWebhook>('/webhooks', { hookUrl, secret })).data[0] as WrikeWebhook;
}

/** Registers a webhook on one space: Wrike sends only the changes inside it. */
export async function createSpaceWebhook(client: WrikeCaller, spaceId: string, hookUrl: string, secret: string): Promise<WrikeWebhook> {
  return (await client.post<WrikeWebhook>(path`/spaces/${spaceId}/webhooks`, { hookUrl, secret })).data[0] as WrikeWebhook;
}

export async function getWebhook(client: WrikeCaller, id: string): Promise<WrikeWebhook | undefined> {
  return (await client.get<WrikeWebhook>(path`/webhooks/${id}`)).data[0];
}

/** Re-enables a hook Wrike suspended (PUT can do nothing else). */
export async function activateWebhook(client: WrikeCaller, id: string): Promise<WrikeWebhook | undefined> {
  return (await client.put<WrikeWebhook>(path`/webhooks/${id}`, { status: 'Active' })).data[0];
}

export async function deleteWebhook(client: WrikeCaller, id: string): Promise<void> {
  await client.delete(path`/webhooks/${id}`);
}

// --- Ids -----------------------------------------------------------------------------------------------------------

/** API v2 ids (the numbers in Wrike links) to v4 ids; ids Wrike does not know are left out. */
export async function convertLegacyIds(client: WrikeCaller, type: string, legacyIds: string[]): Promise<{ id: string; apiV2Id: string }[]> {
  return (await client.get<{ id: string; apiV2Id: string }>('/ids', { ids: legacyIds, type })).data;
}

// --- Dependencies --------------------------------------------------------------------------------------------------

export async function getDependencies(client: WrikeCaller, ids: string[]): Promise<WrikeDependency[]> {
  return (await client.get<WrikeDependency>(path`/dependencies/${ids}`)).data;
}

/** Makes `predecessorId` a predecessor of `successorId` (created on the successor's side). */
export async function createDependency(client: WrikeCaller, predecessorId: string, successorId: string, relationType: WrikeRelationType): Promise<WrikeDependency> {
  return (await client.post<WrikeDependency>(path`/tasks/${successorId}/dependencies`, { predecessorId, relationType })).data[0] as WrikeDependency;
}

/** `before`: the dependency as read before (Wrike's answer is empty; its two ends' cache entries are dropped). */
export async function deleteDependency(client: WrikeCaller, id: string, before?: WrikeDependency): Promise<void> {
  await client.delete(path`/dependencies/${id}`, { before: before ? [before] : [] });
}

// --- Time logs ---------------------------------------------------------------------------------------------------

function timelogSourcePath(source: TimelogSource): string {
  switch (source.kind) {
    case 'task': return path`/tasks/${source.id}/timelogs`;
    case 'folder': return path`/folders/${source.id}/timelogs`;
    case 'contact': return path`/contacts/${source.id}/timelogs`;
    default: return '/timelogs';
  }
}

/**
 * A whole time-log list. No `pageSize` is sent (older descriptions of Wrike's API refuse it; without it every match
 * comes in one answer), but a page token, if Wrike sends one, is followed. A task's list is its own time only.
 */
export async function listTimelogs(client: WrikeCaller, source: TimelogSource, query: TimelogQuery = {}): Promise<WrikeTimelog[]> {
  const params: WrikeParams = {
    plainText: true,
    ...(source.kind === 'task' ? { subTasks: false } : {}),
    ...(query.trackedDate ? { trackedDate: query.trackedDate } : {}),
    ...(query.billingTypes ? { billingTypes: query.billingTypes } : {}),
    ...(query.timelogCategories ? { timelogCategories: query.timelogCategories } : {}),
  };
  return allPages<WrikeTimelog>(client, timelogSourcePath(source), params);
}

export async function getTimelogs(client: WrikeCaller, ids: string[]): Promise<WrikeTimelog[]> {
  return (await client.get<WrikeTimelog>(path`/timelogs/${ids}`, { plainText: true })).data;
}

export async function getTimelogCategories(client: WrikeCaller): Promise<WrikeTimelogCategory[]> {
  return (await client.get<WrikeTimelogCategory>('/timelog_categories')).data;
}

/** What a time-log write sends: hours as Wrike stores them, the comment as plain text. */
export interface TimelogWrite {
  hours?: number;
  trackedDate?: string;
  comment?: string;
  /** null removes the category. */
  categoryId?: string | null;
  billingType?: string;
}

/** The write as parameters; a removed category travels as an empty `categoryId`. */
function timelogParams(write: TimelogWrite): WrikeParams {
  const { categoryId, ...rest } = write;
  return { ...rest, ...(categoryId !== undefined ? { categoryId: categoryId ?? '' } : {}), plainText: true };
}

export async function createTimelog(client: WrikeCaller, taskId: string, write: TimelogWrite): Promise<WrikeTimelog> {
  return (await client.post<WrikeTimelog>(path`/tasks/${taskId}/timelogs`, timelogParams({ ...write, comment: write.comment ?? '' }))).data[0] as WrikeTimelog;
}

export async function updateTimelog(client: WrikeCaller, id: string, write: TimelogWrite): Promise<WrikeTimelog> {
  return (await client.put<WrikeTimelog>(path`/timelogs/${id}`, timelogParams(write))).data[0] as WrikeTimelog;
}

export async function deleteTimelog(client: WrikeCaller, id: string): Promise<void> {
  await client.delete(path`/timelogs/${id}`);
}
