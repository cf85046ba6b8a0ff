import { CursorCodec, listHash, type CursorPayload } from './cursor';
import { userError } from './errors';
import { WrikeError } from '../wrike/errors';

/**
 * The cursor layer: Relay connections over Wrike's `nextPageToken` paging and over lists Wrike returns whole.
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
  /**
   * Upstream paging only: what a fresh first page is fetched with (e.g. Wrike's `fields`). Pages reached through a
   * page token keep the meta of the query that issued it, since the token carries that query.
   */
  meta?: string;
}

/** `first`: 0 to 100, default 20. */
export function pageSize(first: number | null | undefined): number {
  if (first === undefined || first === null) return DEFAULT_PAGE_SIZE;
  if (!Number.isInteger(first) || first < 0 || first > MAX_PAGE_SIZE) {
    throw userError('BAD_USER_INPUT', `first must be between 0 and ${MAX_PAGE_SIZE}`, { argumentName: 'first' });
  }
  return first;
}

function build<T, E extends Edge<T>>(edges: E[], hasNextPage: boolean, totalCount: number | null): Connection<T, E> {
  return {
    edges,
    nodes: edges.map((edge) => edge.node),
    pageInfo: {
      hasNextPage,
      hasPreviousPage: false,
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges[edges.length - 1]?.cursor ?? null,
    },
    totalCount,
  };
}

/** Checks `first` and `after` before anything is fetched, so that bad paging input costs no Wrike call. */
export function checkPageRequest(request: PageRequest): void {
  pageSize(request.first);
  if (request.after) request.codec.decode(request.after, { hash: listHash(request.listKey, request.args ?? null), connectionId: request.connectionId });
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
  return build<T, Edge<T>>(edges, start + first < items.length, items.length);
}

export interface UpstreamPage<T> {
  items: T[];
  nextPageToken?: string;
  total?: number;
}

/** How many upstream pages a resume may scan to find its place again after Wrike's page token expired. */
const RESUME_SCAN_PAGES = 20;

/**
 * Pages over Wrike's `nextPageToken` paging. The upstream page size is `first`, so that paging with the same
 * `first` costs one Wrike call per page: the last edge's cursor carries the next page token.
 */
export async function connectionFromUpstream<T>(
  request: PageRequest,
  fetchPage: (token: string | null, pageSize: number, meta: string | undefined) => Promise<UpstreamPage<T>>,
  idOf: (item: T) => string,
): Promise<Connection<T>> {
  const first = pageSize(request.first);
  const hash = listHash(request.listKey, request.args ?? null);
  let token: string | null = null;
  let skip = 0;
  let upstreamSize = Math.max(1, first);
  let resumeId: string | undefined;
  let chainMeta = request.meta;
  if (request.after) {
    const cursor = request.codec.decode(request.after, { hash, connectionId: request.connectionId });
    upstreamSize = cursor.p ?? upstreamSize;
    chainMeta = cursor.q ?? request.meta;
    resumeId = cursor.id;
    if (cursor.n !== undefined) {
      if (cursor.n === null) return build<T, Edge<T>>([], false, null);
      token = cursor.n;
    } else {
      token = cursor.t ?? null;
      skip = cursor.i + 1;
    }
  }

  const edges: Edge<T>[] = [];
  let total: number | null = null;
  let hasNextPage = false;
  for (;;) {
    const fetched = await fetchOrResume(token, skip, resumeId);
    const { page } = fetched;
    chainMeta = fetched.meta;
    total ??= page.total ?? null;
    let index = fetched.skip;
    for (; index < page.items.length && edges.length < first; index++) {
      const item = page.items[index] as T;
      const payload: CursorPayload = { h: hash, c: request.connectionId, i: index, id: idOf(item), t: fetched.token, p: upstreamSize, q: fetched.meta };
      if (index === page.items.length - 1) payload.n = page.nextPageToken ?? null;
      edges.push({ node: item, cursor: request.codec.encode(payload) });
    }
    if (edges.length >= first) {
      hasNextPage = index < page.items.length || Boolean(page.nextPageToken);
      break;
    }
    if (!page.nextPageToken) break;
    token = page.nextPageToken;
    skip = 0;
    resumeId = undefined;
  }
  return build<T, Edge<T>>(edges, hasNextPage, total);

  /**
   * Fetches the page a cursor points into. An expired page token is resumed by running the query again from its
   * first page and finding the cursor's node; when that fails, the cursor is expired.
   */
  async function fetchOrResume(pageToken: string | null, from: number, id: string | undefined) {
    const meta = pageToken ? chainMeta : request.meta;
    try {
      return { page: await fetchPage(pageToken, upstreamSize, meta), token: pageToken, skip: from, meta };
    } catch (error) {
      if (!(pageToken && error instanceof WrikeError && error.kind === 'bad_request')) throw error;
    }
    if (id === undefined) {
      throw userError('CURSOR_EXPIRED', 'The cursor has expired; start again from the first page', { argumentName: 'after' });
    }
    let scanToken: string | null = null;
    for (let scanned = 0; scanned < RESUME_SCAN_PAGES; scanned++) {
      const page = await fetchPage(scanToken, upstreamSize, request.meta);
      const at = page.items.findIndex((item) => idOf(item) === id);
      if (at >= 0) return { page, token: scanToken, skip: at + 1, meta: request.meta };
      if (!page.nextPageToken) break;
      scanToken = page.nextPageToken;
    }
    throw userError('CURSOR_EXPIRED', 'The cursor has expired and its place could not be found again; start from the first page', { argumentName: 'after' });
  }
}
