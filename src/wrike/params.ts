/**
 * Wrike's parameter encoding: arrays and objects travel as JSON text in query strings and form bodies
 * (`fields=["subTaskIds"]`, `dueDate={"start":"2026-01-01"}`); scalars as plain text.
 */
export type WrikeParams = Record<string, string | number | boolean | readonly unknown[] | Record<string, unknown> | undefined>;

export function encodeParams(params: WrikeParams): URLSearchParams {
  const out = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value === undefined) continue;
    out.set(key, typeof value === 'object' ? JSON.stringify(value) : String(value));
  }
  return out;
}
