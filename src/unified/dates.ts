/** Date checks shared by the unified mapping and input validation. Pure. */

const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** True for a real calendar day `yyyy-MM-dd` (2026-02-30 is not one: it does not round-trip). */
export function isCalendarDate(day: string): boolean {
  return DAY.test(day) && !Number.isNaN(Date.parse(`${day}T00:00:00Z`)) && new Date(`${day}T00:00:00Z`).toISOString().startsWith(day);
}
