import { CursorCodec, listHash } from './cursor';
import { userError } from './errors';

/**
 * The cursor layer: Relay connections over lists Wrike returns whole (this file) and over Wrike's ordered task
 * queries (keyset.ts).
 */
export const DEFAULT_PAGE_SIZE = 20;
export const MAX_PAGE_SIZE = 100;

export interface Edge<T> {
  node: T;
  cursor: string;
}

export interface Connection<T, E extends Edge<T> = Edge<T>> {
  edges: E[];
  nodes: T[];
  pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; startCursor: string | null; endCursor: string | null };
  totalCount: number | null;
}

export interface PageRequest {
  first?: number | null;
  after?: string | null;
  /** Identifies the list (e.g. `tickets`, `ticket:ID:subtasks`); with `args` it makes the cursor's hash. */
  listKey: string;
  /** The list's other arguments (filters); a cursor only works with the same ones. */
  args?: unknown;
  connectionId: string;
  codec: CursorCodec;
  /** Change feeds only: the hash of the connection's scope (see scopeHash); a cursor made under another expires. */
  scope?: string;
}

/** `first`: 0 to 100, default 20. */
export function pageSize(first: number | null | undefined): number {
  if (first === undefined || first === null) return DEFAULT_PAGE_SIZE;
  if (!Number.isInteger(first) || first < 0 || first > MAX_PAGE_SIZE) {
    throw userError('BAD_USER_INPUT', `first must be between 0 and ${MAX_PAGE_SIZE}`, { argumentName: 'first' });
  }
  return first;
}

/** A connection from its edges; `endCursor` defaults to the last edge's cursor (a bounded scan passes its own). */
export function connectionOf<T, E extends Edge<T>>(
  edges: E[], hasNextPage: boolean, totalCount: number | null, endCursor: string | null = edges[edges.length - 1]?.cursor ?? null,
): Connection<T, E> {
  return {
    edges,
    nodes: edges.map((edge) => edge.node),
    pageInfo: { hasNextPage, hasPreviousPage: false, startCursor: edges[0]?.cursor ?? null, endCursor },
    totalCount,
  };
}

/** Checks `first` and `after` before anything is fetched, so that bad paging input costs no Wrike call. */
export function checkPageRequest(request: PageRequest): void {
  pageSize(request.first);
  if (request.after) request.codec.decode(request.after, { hash: listHash(request.listKey, request.args ?? null), connectionId: request.connectionId });
}

/** The decoded `after` cursor of a checked page request, if any. */
export function decodeAfter(request: PageRequest) {
  if (!request.after) return undefined;
  return request.codec.decode(request.after, { hash: listHash(request.listKey, request.args ?? null), connectionId: request.connectionId });
}

/** Checks the page request, then fetches the whole list and pages it. */
export async function pageOfList<T>(request: PageRequest, load: () => Promise<readonly T[]>, idOf: (item: T) => string): Promise<Connection<T>> {
  checkPageRequest(request);
  return connectionFromList(await load(), request, idOf);
}

/**
 * Pages over a list fetched whole (folders, contacts, groups, fields, comments, attachments, sub-task ids).
 * A cursor resumes after its node, even when the list has moved since.
 */
export function connectionFromList<T>(items: readonly T[], request: PageRequest, idOf: (item: T) => string): Connection<T> {
  const first = pageSize(request.first);
  const hash = listHash(request.listKey, request.args ?? null);
  let start = 0;
  if (request.after) {
    const cursor = request.codec.decode(request.after, { hash, connectionId: request.connectionId });
    const moved = items[cursor.i] === undefined || idOf(items[cursor.i] as T) !== cursor.id;
    const found = moved ? items.findIndex((item) => idOf(item) === cursor.id) : cursor.i;
    start = (found >= 0 ? found : cursor.i) + 1;
  }
  const slice = items.slice(start, start + first);
  const edges = slice.map((item, k) => ({
    node: item,
    cursor: request.codec.encode({ h: hash, c: request.connectionId, i: start + k, id: idOf(item) }),
  }));
  return connectionOf<T, Edge<T>>(edges, start + first < items.length, items.length);
}

/**
 * Pages a list of ids, then loads only the page (one batched round). Ids that load as null (deleted since) are left
 * out; the cursors still follow the ids, so the next page starts where this one ended.
 */
export async function pageByIds<T>(request: PageRequest, ids: readonly string[], load: (ids: string[]) => Promise<(T | null)[]>): Promise<Connection<T>> {
  const idPage = connectionFromList(ids, request, (id) => id);
  const items = await load(idPage.nodes);
  const edges = idPage.edges.flatMap((edge, k) => {
    const node = items[k];
    return node ? [{ node, cursor: edge.cursor }] : [];
  });
  return connectionOf<T, Edge<T>>(edges, idPage.pageInfo.hasNextPage, idPage.totalCount, idPage.pageInfo.endCursor);
}

/** A page request over this request's connection: `first` and `after` as given, the list's key and its filters. */
export function pageRequestOf(
  ctx: { connectionId: string; cursors: CursorCodec }, listKey: string, page: { first?: number | null; after?: string | null }, args: unknown = null,
): PageRequest {
  return { first: page.first, after: page.after, listKey, args, connectionId: ctx.connectionId, codec: ctx.cursors };
}
