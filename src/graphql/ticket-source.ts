import type { WrikeTask } from '../wrike/types';
import type { TaskListField } from '../wrike/task-query';
import type { WrikeLoaders } from '../wrike/loaders';
import { WrikeError } from '../wrike/errors';

/**
 * What a Ticket resolves from: a Wrike task, either the full model (by id) or a list object that carries only the
 * optional fields the query asked Wrike for. A field resolver that needs something the list object lacks loads the
 * full model through the request's batched loader.
 */
export interface TicketSource {
  task: WrikeTask;
  full: boolean;
  fields: ReadonlySet<TaskListField>;
}

export const fullTicket = (task: WrikeTask): TicketSource => ({ task, full: true, fields: new Set() });

export const listTicket = (task: WrikeTask, fields: ReadonlySet<TaskListField>): TicketSource => ({ task, full: false, fields });

/**
 * The task with `field` present: the source's own, or the full model from the loader. A ticket deleted since the
 * list was read fails the field with NOT_FOUND rather than answer with a field it does not have.
 */
export async function taskWith(source: TicketSource, field: TaskListField | 'followerIds', loaders: WrikeLoaders): Promise<WrikeTask> {
  if (source.full || (field !== 'followerIds' && source.fields.has(field))) return source.task;
  const task = await loaders.tasks.load(source.task.id);
  if (!task) throw new WrikeError('not_found', `Ticket '${source.task.id}' no longer exists`);
  return task;
}

/** GraphQL Ticket fields → the optional Wrike fields a list call must ask for to resolve them without more calls. */
const WRIKE_FIELDS_FOR: Record<string, TaskListField[]> = {
  description: ['description'],
  createdBy: ['authorIds'],
  assignees: ['responsibleIds'],
  collections: ['parentIds'],
  workspace: ['parentIds', 'superParentIds'],
  parents: ['superTaskIds'],
  dependencies: ['dependencyIds'],
  ancestors: ['superTaskIds'],
  hasSubtasks: ['subTaskIds'],
  subtasks: ['subTaskIds'],
  descendants: ['subTaskIds'],
  customFields: ['customFields'],
  attachments: ['hasAttachments'],
};

export function wrikeFieldsFor(selected: ReadonlySet<string>): TaskListField[] {
  return [...new Set([...selected].flatMap((name) => WRIKE_FIELDS_FOR[name] ?? []))].sort();
}
