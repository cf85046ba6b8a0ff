import type { TaskListField, TaskQuery } from '../wrike/endpoints';
import type { WrikeTask } from '../wrike/types';
import { importanceOf, wrikeStatusOf, type StatusCategory, type TicketPriority } from './ticket';

/** The unified TicketFilter → a Wrike task query, plus what Wrike cannot filter on (applied to each page). Pure. */
export interface TicketFilterInput {
  collectionId?: string | null;
  workspaceId?: string | null;
  statusCategories?: StatusCategory[] | null;
  priorities?: TicketPriority[] | null;
  assigneeIds?: string[] | null;
  updatedAfter?: string | Date | null;
  updatedBefore?: string | Date | null;
  includeSubtasks?: boolean | null;
}

/** Wrike's createdDate/updatedDate filters want UTC timestamps without milliseconds, with a Z. */
export function wrikeTimestamp(value: string | Date): string {
  const date = value instanceof Date ? value : new Date(value);
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

export function ticketFilterToTaskQuery(
  filter: TicketFilterInput | null | undefined, fields: TaskListField[],
): { query: TaskQuery; keep: (task: WrikeTask) => boolean } {
  const query: TaskQuery = { fields: fields.length > 0 ? fields : undefined };
  let keep: (task: WrikeTask) => boolean = () => true;
  if (!filter) return { query, keep };
  if (filter.statusCategories?.length) query.status = [...new Set(filter.statusCategories.map(wrikeStatusOf))];
  const priorities = [...new Set(filter.priorities ?? [])];
  if (priorities.length === 1) {
    query.importance = importanceOf(priorities[0] as TicketPriority);
  } else if (priorities.length === 2) {
    // Wrike filters on one importance at a time: two of three are kept page by page.
    const wanted = new Set(priorities.map(importanceOf));
    keep = (task) => wanted.has(task.importance);
  }
  if (filter.assigneeIds?.length) query.responsibles = [...new Set(filter.assigneeIds)];
  if (filter.updatedAfter || filter.updatedBefore) {
    query.updatedDate = {
      start: filter.updatedAfter ? wrikeTimestamp(filter.updatedAfter) : undefined,
      end: filter.updatedBefore ? wrikeTimestamp(filter.updatedBefore) : undefined,
    };
  }
  if (filter.includeSubtasks) query.subTasks = true;
  return { query, keep };
}
