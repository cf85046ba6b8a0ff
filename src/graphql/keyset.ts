import { checkCursorScope, listHash, type CursorPayload } from './cursor';
import { userError } from './errors';
import { connectionOf, pageSize, type Connection, type Edge, type PageRequest } from './pagination';

/**
 * Keyset paging over an ordered upstream list (Wrike task queries). A cursor carries its item's sort key and the ids
 * already passed at that key: the next page asks for the items at or after the key and skips those ids. Edits, moves
 * and deletes between two pages therefore never skip or repeat an item, and such a cursor never expires. An order
 * may have several phases (e.g. dated tasks, then undated ones). The one exception: more items at one key than an
 * upstream page holds cannot be paged by key, so that group is walked by upstream's page token (in the cursor, which
 * then lasts as long as the token), and the walk goes on at the next key.
 */
export interface KeysetSource<T> {
  phases: number;
  keyOf(phase: number, item: T): string;
  idOf(item: T): string;
  /** Items of `phase` at or after `key` (undefined: from the start), in order; `more` when the page was cut. */
  fetch(phase: number, key: string | undefined, pageSize: number): Promise<{ items: T[]; more: boolean; total?: number }>;
  /** Filtering that upstream cannot do, applied to each page (the scan is then bounded: see `maxPages`). */
  keep?(item: T): boolean;
  /**
   * A tie group longer than an upstream page: the items at exactly `key`, a page at a time by upstream's own page
   * token (`token` undefined: its first page); `next` is absent when the group is done. With `keyAfter` (the
   * smallest key after `key`), where the walk resumes. A source without them refuses such a group (a typed error).
   */
  walkTie?(phase: number, key: string, token: string | undefined, pageSize: number): Promise<{ items: T[]; next?: string }>;
  keyAfter?(phase: number, key: string): string;
}

export interface KeysetOptions {
  /** Upstream page size (the client's choice, not the caller's `first`). */
  pageSize: number;
  /** Upstream pages one request may read; a scan that stops early returns a short page that can be continued. */
  maxPages: number;
  /** Change feeds: an endCursor even for an empty first page, so that a sync always keeps one (with its scope). */
  cursorWhenEmpty?: boolean;
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
  /** Walking the tie group at `k` by upstream's token `t` (absent: its first page); `s` is the last id passed on it. */
  w?: boolean;
  t?: string;
  /** Ids at `k` passed before the walk began (skipped by it). */
  p?: string[];
}

export async function keysetConnection<T>(request: PageRequest, source: KeysetSource<T>, options: KeysetOptions): Promise<KeysetResult<T>> {
  const first = pageSize(request.first);
  const hash = listHash(request.listKey, request.args ?? null);
  const encode = (pos: Position, id: string) => {
    const payload: CursorPayload = { h: hash, c: request.connectionId, i: 0, id, ph: pos.ph, s: pos.s };
    if (pos.k !== undefined) payload.k = pos.k;
    if (pos.x) payload.x = 1;
    if (pos.w) payload.w = 1;
    if (pos.t !== undefined) payload.t = pos.t;
    if (pos.p) payload.p = pos.p;
    if (request.scope !== undefined) payload.sc = request.scope;
    return request.codec.encode(payload);
  };
  let pos: Position = { ph: 0, s: [] };
  let lastId = '';
  if (request.after) {
    const cursor = request.codec.decode(request.after, { hash, connectionId: request.connectionId });
    checkCursorScope(cursor, request.scope, request.listKey);
    pos = { ph: cursor.ph ?? 0, k: cursor.k, s: cursor.s ?? [cursor.id], x: cursor.x === 1 };
    if (cursor.w === 1 && cursor.k !== undefined) pos = { ...pos, x: false, w: true, t: cursor.t, p: cursor.p };
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
    if (pos.w && pos.k !== undefined) {
      const key = pos.k;
      const walked = await walkTieGroup(source, pos, key);
      pages++;
      let full = false;
      for (const item of walked.items) {
        if (keep(item)) {
          if (edges.length >= first) {
            full = true;
            break;
          }
        }
        lastId = source.idOf(item);
        pos = { ...pos, s: [lastId] };
        if (keep(item)) edges.push({ node: item, cursor: encode(pos, lastId) });
      }
      if (full) {
        hasNextPage = true;
        break;
      }
      // This walked page is done: on to the group's next page, or past the group.
      pos = walked.next !== undefined
        ? { ph: pos.ph, k: key, s: [], w: true, t: walked.next, p: pos.p }
        : { ph: pos.ph, k: source.keyAfter?.(pos.ph, key) ?? key, s: [] };
      if (edges.length >= first || pages >= options.maxPages) {
        hasNextPage = true;
        scanCursor = encode(pos, lastId);
        break;
      }
      continue;
    }
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
      } else {
        // A whole upstream page at one key: keys cannot get past it, upstream's page token can.
        if (!source.walkTie || !source.keyAfter) {
          throw userError('UPSTREAM_UNAVAILABLE', `More than ${MAX_UPSTREAM_PAGE} items share the sort key ${tailKey}: this list cannot page past them`, { key: tailKey });
        }
        const before = pos.k === tailKey ? pos.s : [];
        pos = { ph: pos.ph, k: tailKey, s: [], w: true, ...(before.length > 0 ? { p: before } : {}) };
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

  let endCursor = scanCursor ?? edges[edges.length - 1]?.cursor ?? null;
  // A feed's first read that found nothing still hands back a cursor (from the start, as read): it carries the scope.
  if (endCursor === null && !request.after && options.cursorWhenEmpty) endCursor = encode({ ph: 0, s: [] }, '');
  return { ...connectionOf<T, Edge<T>>(edges, hasNextPage, null, endCursor), totalFromStart };
}

/** One page of a tie group's walk, less the items its position has passed. */
async function walkTieGroup<T>(source: KeysetSource<T>, pos: Position, key: string): Promise<{ items: T[]; next?: string }> {
  if (!source.walkTie) throw new Error('a walk needs walkTie');
  const walked = await source.walkTie(pos.ph, key, pos.t, MAX_UPSTREAM_PAGE);
  let items = walked.items;
  const last = pos.s[pos.s.length - 1];
  if (last !== undefined) {
    // Resuming inside this page: after the last id passed (if it has gone, the page again: a repeat, never a skip).
    const at = items.findIndex((item) => source.idOf(item) === last);
    if (at >= 0) items = items.slice(at + 1);
  }
  if (pos.p) {
    const passed = new Set(pos.p);
    items = items.filter((item) => !passed.has(source.idOf(item)));
  }
  return { items, next: walked.next };
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
