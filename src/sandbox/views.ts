import type { Attachment, Comment, Contact, Folder, Space, Task } from './model';
import { commentPlainText } from './html';

/**
 * What the API shows of stored entities: task lists are slim unless `fields` asks for more, GET by id gives the
 * full model, custom fields appear only when set.
 */
export const TASK_LIST_DEFAULT = [
  'id', 'accountId', 'title', 'status', 'importance', 'createdDate', 'updatedDate', 'completedDate', 'dates', 'scope',
  'customStatusId', 'permalink', 'priority',
] as const;
export const TASK_OPTIONAL_FIELDS = [
  'authorIds', 'hasAttachments', 'attachmentCount', 'parentIds', 'superParentIds', 'sharedIds', 'responsibleIds',
  'description', 'briefDescription', 'recurrent', 'superTaskIds', 'subTaskIds', 'dependencyIds', 'metadata',
  'customFields', 'effortAllocation', 'billingType',
];
/** GET /tasks/{ids} already returns everything but these. */
export const TASK_BY_ID_OPTIONAL_FIELDS = ['recurrent', 'attachmentCount', 'effortAllocation', 'billingType'];

function pick(source: object, keys: readonly string[]): Record<string, unknown> {
  const record = source as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const key of keys) if (record[key] !== undefined) out[key] = record[key];
  return out;
}

function withoutEmptyCustomFields(view: Record<string, unknown>): Record<string, unknown> {
  if (Array.isArray(view.customFields) && view.customFields.length === 0) delete view.customFields;
  return view;
}

export function taskListView(task: Task, fields: readonly string[]): Record<string, unknown> {
  return withoutEmptyCustomFields(pick(task, [...TASK_LIST_DEFAULT, ...fields]));
}

export function taskFullView(task: Task, fields: readonly string[], effort = false): Record<string, unknown> {
  const full = Object.keys(task).filter((key) => !TASK_BY_ID_OPTIONAL_FIELDS.includes(key) || fields.includes(key));
  const view = withoutEmptyCustomFields(pick(task, full));
  if (effort && fields.includes('effortAllocation')) view.effortAllocation = { mode: 'None' };
  if (fields.includes('billingType')) view.billingType = 'Default';
  return view;
}

export const FOLDER_LIST_DEFAULT = [
  'id', 'accountId', 'title', 'createdDate', 'updatedDate', 'color', 'sharedIds', 'parentIds', 'childIds', 'scope',
  'permalink', 'workflowId', 'project',
] as const;
export const FOLDER_OPTIONAL_FIELDS = [
  'metadata', 'hasAttachments', 'attachmentCount', 'description', 'briefDescription', 'customFields', 'customColumnIds',
  'superParentIds', 'space', 'contractType',
];

export function folderTreeView(folder: Folder): Record<string, unknown> {
  const view = pick(folder, ['id', 'title', 'color', 'childIds', 'scope', 'project']);
  if (folder.space) view.space = true;
  return view;
}

export function folderListView(folder: Folder, fields: readonly string[]): Record<string, unknown> {
  const view = withoutEmptyCustomFields(pick(folder, [...FOLDER_LIST_DEFAULT, ...fields]));
  if (fields.includes('space')) view.space = folder.space;
  return view;
}

export function folderFullView(folder: Folder): Record<string, unknown> {
  const view = withoutEmptyCustomFields(pick(folder, Object.keys(folder).filter((k) => k !== 'space')));
  if (folder.space) view.space = true;
  return view;
}

export function spaceView(space: Space, withMembers: boolean): Record<string, unknown> {
  const view = pick(space, Object.keys(space).filter((k) => k !== 'members'));
  if (withMembers) view.members = space.members;
  return view;
}

export function contactView(contact: Contact, callerId: string): Record<string, unknown> {
  const view = pick(contact, Object.keys(contact));
  if (contact.type !== 'Group') delete view.memberIds;
  if (contact.id === callerId) view.me = true;
  return view;
}

export function commentView(comment: Comment, plainText: boolean): Record<string, unknown> {
  const view = pick(comment, Object.keys(comment));
  if (plainText) view.text = commentPlainText(comment.text);
  return view;
}

export function attachmentView(attachment: Attachment): Record<string, unknown> {
  return pick(attachment, Object.keys(attachment).filter((k) => k !== 'bytes'));
}
