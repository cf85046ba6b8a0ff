/** Date checks shared by the unified mapping and input validation. Pure. */

const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** True for a real calendar day `yyyy-MM-dd` (2026-02-30 is not one: it does not round-trip). */
export function isCalendarDate(day: string): boolean {
  return DAY.test(day) && !Number.isNaN(Date.parse(`${day}T00:00:00Z`)) && new Date(`${day}T00:00:00Z`).toISOString().startsWith(day);
}

/** Wrike's task `dates`, always with their `type` (Wrike's request model requires it). */
export type WrikeTaskDates = { type: 'Backlog' } | { type: 'Planned'; start?: string; due?: string };

/**
 * A ticket's start and due dates as Wrike's task `dates`: Planned when either is set (a single date plans a one-day
 * task), Backlog when both are cleared. A due date alone is not a Milestone: that is a marker of its own in Wrike.
 */
export function wrikeTaskDates(start: string | undefined, due: string | undefined): WrikeTaskDates {
  if (!start && !due) return { type: 'Backlog' };
  return { type: 'Planned', ...(start ? { start } : {}), ...(due ? { due } : {}) };
}
