import { listHash, type CursorPayload } from './cursor';
import { connectionOf, pageSize, type Connection, type Edge, type PageRequest } from './pagination';

/**
 * Keyset paging over an ordered upstream list (Wrike task queries). A cursor carries its item's sort key and the ids
 * already passed at that key, never a Wrike page token: the next page asks for the items at or after the key and
 * skips those ids. Edits, moves and deletes between two pages therefore never skip or repeat an item, and a cursor
 * never expires. An order may have several phases (e.g. dated tasks, then undated ones).
 */
export interface KeysetSource<T> {
  phases: number;
  keyOf(phase: number, item: T): string;
  idOf(item: T): string;
  /** Items of `phase` at or after `key` (undefined: from the start), in order; `more` when the page was cut. */
  fetch(phase: number, key: string | undefined, pageSize: number): Promise<{ items: T[]; more: boolean; total?: number }>;
  /** Filtering that upstream cannot do, applied to each page (the scan is then bounded: see `maxPages`). */
  keep?(item: T): boolean;
}

export interface KeysetOptions {
  /** Upstream page size (the client's choice, not the caller's `first`). */
  pageSize: number;
  /** Upstream pages one request may read; a scan that stops early returns a short page that can be continued. */
  maxPages: number;
}

export interface KeysetResult<T> extends Connection<T> {
  /** Upstream's total for the first page, when that page was read from the start of the list (phase 0). */
  totalFromStart: number | undefined;
}

/** Largest upstream page: a tie group longer than this is walked in upstream's own tie order. */
const MAX_UPSTREAM_PAGE = 1000;
/** Ids a cursor remembers at its key; past this it trusts upstream's tie order and remembers the last one only. */
const MAX_TIE_IDS = 25;

interface Position {
  ph: number;
  k?: string;
  s: string[];
  /** True when `s` holds only the last id of a long tie group (skip through it in upstream's order). */
  x?: boolean;
}

export async function keysetConnection<T>(request: PageRequest, source: KeysetSource<T>, options: KeysetOptions): Promise<KeysetResult<T>> {
  const first = pageSize(request.first);
  const hash = listHash(request.listKey, request.args ?? null);
  const encode = (pos: Position, id: string) => {
    const payload: CursorPayload = { h: hash, c: request.connectionId, i: 0, id, ph: pos.ph, s: pos.s };
    if (pos.k !== undefined) payload.k = pos.k;
    if (pos.x) payload.x = 1;
    return request.codec.encode(payload);
  };
  let pos: Position = { ph: 0, s: [] };
  let lastId = '';
  if (request.after) {
    const cursor = request.codec.decode(request.after, { hash, connectionId: request.connectionId });
    pos = { ph: cursor.ph ?? 0, k: cursor.k, s: cursor.s ?? [cursor.id], x: cursor.x === 1 };
    lastId = cursor.id;
  }
  const keep = source.keep ?? (() => true);
  const edges: Edge<T>[] = [];
  let hasNextPage = false;
  let scanCursor: string | null = null;
  let totalFromStart: number | undefined;
  let size = options.pageSize;
  let pages = 0;

  for (;;) {
    if (pos.ph >= source.phases) break;
    const fromStart = pos.k === undefined && pos.ph === 0;
    const page = await source.fetch(pos.ph, pos.k, size);
    pages++;
    if (fromStart && pages === 1) totalFromStart = page.total;
    const keyOf = (item: T) => source.keyOf(pos.ph, item);
    let items = skipPassed(page.items, pos, keyOf, source.idOf);
    const exhausted = !page.more;
    if (page.more && page.items.length > 0) {
      // The page may end inside a tie group: hold that group back, the next fetch starts at its key.
      const tailKey = keyOf(page.items[page.items.length - 1] as T);
      const certain = items.filter((item) => keyOf(item) !== tailKey);
      if (certain.length > 0) items = certain;
      else if (size < MAX_UPSTREAM_PAGE) {
        size = MAX_UPSTREAM_PAGE;
        continue;
      }
    }
    let full = false;
    for (const item of items) {
      if (keep(item)) {
        if (edges.length >= first) {
          full = true;
          break;
        }
      }
      pos = advance(pos, keyOf(item), source.idOf(item));
      lastId = source.idOf(item);
      if (keep(item)) edges.push({ node: item, cursor: encode(pos, lastId) });
    }
    if (full) {
      hasNextPage = true;
      break;
    }
    if (exhausted) {
      pos = { ph: pos.ph + 1, s: [] };
      if (pos.ph >= source.phases) break;
    }
    if (edges.length >= first) {
      // Filled exactly: more may follow (this page was cut, or a later phase may hold items).
      hasNextPage = true;
      break;
    }
    if (pages >= options.maxPages) {
      // A bounded scan: a short page whose endCursor continues the scan where it stopped.
      hasNextPage = true;
      scanCursor = encode(pos, lastId);
      break;
    }
  }

  const endCursor = scanCursor ?? edges[edges.length - 1]?.cursor ?? null;
  return { ...connectionOf<T, Edge<T>>(edges, hasNextPage, null, endCursor), totalFromStart };
}

/** Drops the items a position has already passed: those at its key whose ids it remembers (or up to its last id). */
function skipPassed<T>(items: T[], pos: Position, keyOf: (item: T) => string, idOf: (item: T) => string): T[] {
  if (pos.k === undefined) return items;
  if (pos.x) {
    const last = pos.s[pos.s.length - 1];
    const at = items.findIndex((item) => idOf(item) === last);
    if (at >= 0) return items.slice(at + 1);
    return items.filter((item) => keyOf(item) !== pos.k || idOf(item) > (last ?? ''));
  }
  const passed = new Set(pos.s);
  return items.filter((item) => !(keyOf(item) === pos.k && passed.has(idOf(item))));
}

function advance(pos: Position, key: string, id: string): Position {
  if (key !== pos.k) return { ph: pos.ph, k: key, s: [id] };
  if (pos.x || pos.s.length >= MAX_TIE_IDS) return { ph: pos.ph, k: key, s: [id], x: true };
  return { ph: pos.ph, k: key, s: [...pos.s, id] };
}
