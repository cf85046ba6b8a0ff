/**
 * What a proxied call says besides its path: its parameters, from the query string and a form or JSON body, as Wrike
 * reads them (query and body merged; arrays and objects as JSON text, unquoted `[a,b]` or a comma list). Pure.
 */

/** One parameter as sent: a name and a value (text from a query string or a form, any JSON value from a JSON body). */
export interface ProxyParam {
  name: string;
  value: unknown;
}

/** Body types the proxy reads and checks; anything else with a body must be an attachment upload. */
export type BodyType = 'form' | 'json';

export function bodyTypeOf(contentType: string | undefined): BodyType | 'none' | 'other' {
  const type = (contentType ?? '').split(';')[0]!.trim().toLowerCase();
  if (type === '') return 'none';
  if (type === 'application/x-www-form-urlencoded') return 'form';
  if (type === 'application/json') return 'json';
  return 'other';
}

/** The parameters of a query string and a read body; `refused` when the body is not what its type says. */
export function proxyParams(search: string, body: { type: BodyType; text: string } | undefined): ProxyParam[] | { refused: string } {
  const params: ProxyParam[] = [...new URLSearchParams(search)].map(([name, value]) => ({ name, value }));
  if (!body || body.text.trim() === '') return params;
  if (body.type === 'form') return [...params, ...[...new URLSearchParams(body.text)].map(([name, value]) => ({ name, value }))];
  let parsed: unknown;
  try {
    parsed = JSON.parse(body.text);
  } catch {
    return { refused: 'The request body is not valid JSON' };
  }
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) return { refused: 'A JSON body must be an object of parameters' };
  return [...params, ...Object.entries(parsed).map(([name, value]) => ({ name, value }))];
}

/**
 * Wrike honours `method=PUT|DELETE` on a GET (for clients that cannot send those): a GET that writes, which the
 * CSRF guard and the cache would both take for a read. The proxy refuses the parameter under any spelling a server
 * might fold to it (case, percent-encoding, `_method`, brackets), wherever it comes: the caller sends the real method.
 */
export function overridesMethod(params: readonly ProxyParam[]): boolean {
  return params.some((param) => param.name.replace(/[^A-Za-z]/g, '').toLowerCase() === 'method');
}

/**
 * Parameters (and JSON keys) whose values are text or Wrike's own words, never ids: titles, descriptions, statuses,
 * field names, dates, page tokens. Every other value is searched for ids, so that a parameter this list does not
 * know (say `priorityBefore`, a task id) is checked rather than let through.
 */
const NOT_IDS = new Set([
  'title', 'description', 'text', 'comment', 'plaintext', 'status', 'importance', 'fields', 'metadata', 'billingtype', 'follow',
  'restore', 'descendants', 'pagesize', 'nextpagetoken', 'sortfield', 'sortorder', 'limit', 'type', 'types', 'dates',
  'effortallocation', 'hookurl', 'secret', 'events', 'state', 'subtasks', 'withurls', 'witharchived', 'versions',
  'userismember', 'me', 'deleted', 'recursive', 'relationtype', 'value', 'key', 'mode', 'color', 'name', 'firstname',
  'lastname', 'email', 'createddate', 'updateddate', 'completeddate', 'startdate', 'enddate', 'duedate', 'scheduleddate',
  'trackeddate', 'start', 'due', 'duration', 'workonweekends', 'hours', 'minutes', 'totaleffort', 'allocatedeffort',
  'permalink', 'comparator', 'values', 'minvalue', 'maxvalue', 'contracttype', 'locale', 'timezone',
]);

/** A Wrike id's shape (as the client checks ids): letters and digits, 8 to 32 of them. */
const ID_SHAPE = /^[A-Za-z0-9]{8,32}$/;

/**
 * Every Wrike-id-shaped word the parameters name, outside the known text parameters: in plain values, comma lists,
 * unquoted `[a,b]` lists and JSON text (objects walked key by key, with the same exceptions).
 */
export function idsInParams(params: readonly ProxyParam[]): string[] {
  const found = new Set<string>();
  const walk = (value: unknown, fromText: boolean): void => {
    if (typeof value === 'string') {
      // Wrike reads `addParents=["X"]` as JSON: an object or array inside the text is walked by its keys.
      const trimmed = value.trim();
      if (fromText && (trimmed.startsWith('[') || trimmed.startsWith('{'))) {
        try {
          const parsed = JSON.parse(trimmed) as unknown;
          if (parsed && typeof parsed === 'object') return walk(parsed, false);
        } catch {
          // Not JSON: read as words below (`[a,b]`, `a,b`).
        }
      }
      for (const word of value.split(/[^A-Za-z0-9]+/)) if (ID_SHAPE.test(word)) found.add(word);
      return;
    }
    if (Array.isArray(value)) return value.forEach((item) => walk(item, false));
    if (value && typeof value === 'object') {
      for (const [key, item] of Object.entries(value)) if (!NOT_IDS.has(key.toLowerCase())) walk(item, false);
    }
  };
  for (const param of params) if (!NOT_IDS.has(param.name.toLowerCase())) walk(param.value, true);
  return [...found];
}

/**
 * The parameters as one object, as Wrike merges them (a later one wins) with JSON text decoded: what the cache's
 * write rules read (`addSuperTasks: ["X"]`).
 */
export function decodedParams(params: readonly ProxyParam[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const { name, value } of params) {
    if (typeof value === 'string' && /^\s*[[{]/.test(value)) {
      try {
        out[name] = JSON.parse(value) as unknown;
        continue;
      } catch {
        // kept as text
      }
    }
    out[name] = value;
  }
  return out;
}
