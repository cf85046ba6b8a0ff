import type { Importance, TaskListField, TaskQuery } from '../wrike/task-query';
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

export interface MappedTicketFilter {
  query: TaskQuery;
  /** What Wrike cannot filter on, applied to each page; undefined when Wrike filters everything. */
  keep?: (task: WrikeTask) => boolean;
  /** Wrike filters one importance at a time: the importances an exact count adds up (one count call each). */
  countImportances?: Importance[];
}

export function ticketFilterToTaskQuery(filter: TicketFilterInput | null | undefined, fields: TaskListField[]): MappedTicketFilter {
  const query: TaskQuery = { fields: fields.length > 0 ? fields : undefined };
  let keep: MappedTicketFilter['keep'];
  let countImportances: Importance[] | undefined;
  if (!filter) return { query };
  if (filter.statusCategories?.length) query.status = [...new Set(filter.statusCategories.map(wrikeStatusOf))];
  const priorities = [...new Set(filter.priorities ?? [])];
  if (priorities.length === 1) {
    query.importance = importanceOf(priorities[0] as TicketPriority);
  } else if (priorities.length === 2) {
    // Wrike filters on one importance at a time: two of three are kept page by page.
    const wanted = new Set(priorities.map(importanceOf));
    keep = (task) => wanted.has(task.importance);
    countImportances = [...wanted];
  }
  if (filter.assigneeIds?.length) query.responsibles = [...new Set(filter.assigneeIds)];
  if (filter.updatedAfter || filter.updatedBefore) {
    query.updatedDate = {
      start: filter.updatedAfter ? wrikeTimestamp(filter.updatedAfter) : undefined,
      end: filter.updatedBefore ? wrikeTimestamp(filter.updatedBefore) : undefined,
    };
  }
  if (filter.includeSubtasks) query.subTasks = true;
  return { query, keep, countImportances };
}
