import type { WrikeTask, WrikeTaskStatus, WrikeWorkflow } from '../wrike/types';

/** Wrike task → unified Ticket scalars, statuses and priorities. Pure. */

export type StatusCategory = 'ACTIVE' | 'COMPLETED' | 'DEFERRED' | 'CANCELLED';
export type TicketPriority = 'HIGH' | 'NORMAL' | 'LOW';

const CATEGORY: Record<WrikeTaskStatus, StatusCategory> = {
  Active: 'ACTIVE', Completed: 'COMPLETED', Deferred: 'DEFERRED', Cancelled: 'CANCELLED',
};
const WRIKE_STATUS: Record<StatusCategory, WrikeTaskStatus> = {
  ACTIVE: 'Active', COMPLETED: 'Completed', DEFERRED: 'Deferred', CANCELLED: 'Cancelled',
};
const PRIORITY: Record<string, TicketPriority> = { High: 'HIGH', Normal: 'NORMAL', Low: 'LOW' };
const IMPORTANCE: Record<TicketPriority, 'High' | 'Normal' | 'Low'> = { HIGH: 'High', NORMAL: 'Normal', LOW: 'Low' };

export const statusCategoryOf = (status: WrikeTaskStatus): StatusCategory => CATEGORY[status] ?? 'ACTIVE';
export const wrikeStatusOf = (category: StatusCategory): WrikeTaskStatus => WRIKE_STATUS[category];
export const priorityOf = (importance: string): TicketPriority => PRIORITY[importance] ?? 'NORMAL';
export const importanceOf = (priority: TicketPriority) => IMPORTANCE[priority];

export interface TicketStatusModel {
  id: string;
  name: string;
  category: StatusCategory;
  color: string | null;
  workflowName: string | null;
}

export interface TicketScalars {
  id: string;
  title: string;
  priority: TicketPriority;
  startDate: string | null;
  dueDate: string | null;
  createdAt: string;
  updatedAt: string;
  completedAt: string | null;
  url: string | null;
}

export function ticketScalars(task: WrikeTask): TicketScalars {
  return {
    id: task.id,
    title: task.title,
    priority: priorityOf(task.importance),
    startDate: task.dates?.start ?? null,
    dueDate: task.dates?.due ?? null,
    createdAt: task.createdDate,
    updatedAt: task.updatedDate,
    completedAt: task.completedDate ?? null,
    url: task.permalink ?? null,
  };
}

export function workflowStatuses(workflows: WrikeWorkflow[]): TicketStatusModel[] {
  return workflows.flatMap((workflow) =>
    workflow.customStatuses.map((status) => ({
      id: status.id,
      name: status.name,
      category: statusCategoryOf(status.group),
      color: status.color ?? null,
      workflowName: workflow.name,
    })),
  );
}

/**
 * A task's status: its custom status when the workflows know it, else a stand-in named after the base status
 * (so that a ticket always has a status, even when its workflow is hidden from the token).
 */
export function ticketStatus(task: Pick<WrikeTask, 'status' | 'customStatusId'>, statuses: TicketStatusModel[]): TicketStatusModel {
  const found = task.customStatusId ? statuses.find((s) => s.id === task.customStatusId) : undefined;
  return found ?? { id: task.customStatusId || `STATUS_${task.status.toUpperCase()}`, name: task.status, category: statusCategoryOf(task.status), color: null, workflowName: null };
}
