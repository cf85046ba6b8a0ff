import DataLoader from 'dataloader';
import type { WrikeCaller, RoundScheduler } from './rounds';
import { batchById, type ByIdResult } from './batch';
import type { SharedReads } from './shared-reads';
import type { ConnectionCache, EntityKind, MetadataKind } from './cache';
import * as endpoints from './endpoints';
import type {
  WrikeAccessRole, WrikeAttachment, WrikeComment, WrikeContact, WrikeCustomField, WrikeFolder, WrikeFolderTreeEntry,
  WrikeDependency, WrikeGroup, WrikeSpace, WrikeTask, WrikeTimelog, WrikeTimelogCategory, WrikeWorkflow, TimelogQuery,
  TimelogSource,
} from './types';

/**
 * A connection limited to some spaces, as the loaders apply it. The rules of what lies inside are mapping rules
 * (src/unified/scope.ts); src/graphql hands them in, so that this layer only applies them.
 */
export interface LoaderScope {
  /** The spaces the connection is limited to. */
  spaces: ReadonlySet<string>;
  /** The rules over one reading of the folder tree. */
  over(tree: WrikeFolderTreeEntry[]): FolderTreeScope;
}

export interface FolderTreeScope {
  /** Whether this reading of the tree has the folder (a folder made since it was read is not in it). */
  has(folderId: string): boolean;
  folderInside(folderId: string): boolean;
  /** A task is inside when one of its folders is, its own or inherited from its super-tasks. */
  taskInside(task: { parentIds?: string[]; superParentIds?: string[] }): boolean;
}

/**
 * A value fetched at most once per request (and again after a failure, or after `reset` when a write changed it).
 * `refresh` reads it from Wrike once more, whatever a shared cache holds (an id the cached value lacks showed up).
 */
function memo<T>(fetch: (fresh: boolean) => Promise<T>): (() => Promise<T>) & { reset(): void; refresh(): Promise<T> } {
  let pending: Promise<T> | undefined;
  let refreshed: Promise<T> | undefined;
  const load = (fresh: boolean) => fetch(fresh).catch((error: unknown) => {
    pending = undefined;
    throw error;
  });
  const get = () => (pending ??= load(false));
  return Object.assign(get, {
    reset: () => (pending = undefined),
    refresh: () => {
      refreshed ??= load(true);
      pending = refreshed;
      return refreshed;
    },
  });
}

/**
 * A caller whose GETs share only identical calls started after `notBefore`, and which remembers the oldest call that
 * answered it (see Coalescer.run).
 */
function watchedCaller(client: WrikeCaller, notBefore: number): { caller: WrikeCaller; oldest(): number } {
  let oldest = Infinity;
  const sentAt = (moment: number) => {
    oldest = Math.min(oldest, moment);
  };
  return { caller: { ...client, get: (path, params) => client.get(path, params, { notBefore, sentAt }) }, oldest: () => oldest };
}

/** Cache reads and writes never fail a Wrike read: a cache that is down is a miss. */
async function quietly<T>(work: Promise<T> | undefined, fallback: T, signal?: AbortSignal): Promise<T> {
  // The request ended (its deadline passed): a cache lookup still waiting (a stalled Redis) is a miss now, so that
  // what needed it fails with the request's reason at once instead of holding up the whole answer.
  let onAbort: (() => void) | undefined;
  const ended = new Promise<T>((resolve) => {
    onAbort = () => resolve(fallback);
    if (signal?.aborted) onAbort();
    else signal?.addEventListener('abort', onAbort, { once: true });
  });
  try {
    return (await (signal ? Promise.race([work, ended]) : work)) ?? fallback;
  } catch {
    return fallback;
  } finally {
    if (onAbort) signal?.removeEventListener('abort', onAbort);
  }
}

/** DataLoader's cache, counting the loads it answers (for the cache-hit metric). */
class CountingCache<V> extends Map<string, V> {
  constructor(private readonly onHit: () => void) {
    super();
  }

  override get(key: string): V | undefined {
    const value = super.get(key);
    if (value !== undefined) this.onHit();
    return value;
  }
}

export interface LoaderOptions {
  onCacheHit?: (loader: string) => void;
  /** The connection's shared cache (entities by id, account metadata). */
  cache?: ConnectionCache;
  /** The caller asked for fresh data (Cache-Control: no-cache): read Wrike, then refresh the cache. */
  fresh?: boolean;
  /**
   * The connection's by-id reads, shared by its requests: misses of concurrent requests go out together, and each
   * shared batch narrows the ids Wrike refuses under a bound of its own (see shared-reads.ts).
   */
  shared: SharedReads;
  /** The connection's account id (read once per connection): it picks a person's profile in this account. */
  accountId: () => Promise<string>;
  /**
   * The spaces the connection is limited to. Entities outside them read as not existing (null by id, left out of
   * lists), the spaces list shows only these, and `scope` is there for lists to narrow their Wrike queries.
   */
  scope?: LoaderScope;
  /** The request's signal: a cache lookup still waiting when it aborts counts as a miss. */
  signal?: AbortSignal;
}

/** Per-request, per-connection loaders: every Wrike read of a request goes through these. */
export function createLoaders(client: WrikeCaller, rounds: RoundScheduler, options: LoaderOptions) {
  const onCacheHit = options.onCacheHit ?? (() => undefined);
  const { cache, fresh = false, shared, signal } = options;
  const scope = options.scope?.spaces;
  const rules = options.scope;
  /**
   * Whether each read entity is inside the connection's scope (misses and failures pass as they are). Set below, once
   * the loaders it needs exist.
   */
  let admits: (kind: EntityKind | 'timelog', items: readonly unknown[]) => Promise<boolean[]> = async (_kind, items) => items.map(() => true);
  /** Read results with what lies outside the connection's scope answered as not found. */
  const inScope = async <T>(kind: EntityKind | 'timelog', results: (T | null | Error)[]): Promise<(T | null | Error)[]> => {
    if (!scope) return results;
    const verdicts = await admits(kind, results);
    return results.map((result, k) => (verdicts[k] ? result : null));
  };
  /**
   * By-id reads: the shared cache first, then the misses from Wrike in shared batches, which then fill the cache.
   * What lies outside the connection's scope is then answered as not found.
   */
  const byId = <T extends { id: string }>(kind: EntityKind) =>
    new DataLoader<string, T | null>(async (ids) => inScope(kind, await readById<T>(kind, ids)), { maxBatchSize: 10_000, batchScheduleFn: rounds.schedule, cacheMap: new CountingCache(() => onCacheHit(kind)) });
  const readById = async <T extends { id: string }>(kind: EntityKind, ids: readonly string[]): Promise<(T | null | Error)[]> => {
    const cached = cache && !fresh ? await quietly(cache.getEntities<T>(kind, ids), new Map<string, T>(), signal) : new Map<string, T>();
    const misses = ids.filter((id) => !cached.has(id));
    const fetched: ByIdResult<T>[] = misses.length === 0 ? [] : await rounds.shared((requester) => shared[kind].load(misses, requester, cache?.lastDrop) as Promise<ByIdResult<T>[]>);
    // (The shared batch that read them has put them in the cache.)
    const answers = new Map(misses.map((id, k) => [id, fetched[k] ?? null]));
    return ids.map((id) => cached.get(id) ?? answers.get(id) ?? null);
  };
  /**
   * Account-wide lists: the shared cache first (unless fresh data was asked for), then Wrike. What Wrike answered is
   * stored only if every call that answered it was sent after a snapshot taken first, so that a list read while a
   * write dropped it is not stored (a request that shared an older call's answer leaves storing to that call's own
   * request). A read never shares a call sent before this replica's last drop.
   */
  const metadata = <T>(kind: MetadataKind, fetch: (caller: WrikeCaller) => Promise<T>) => memo<T>(async (refresh) => {
    if (cache && !fresh && !refresh) {
      const hit = await quietly(cache.getMetadata<T>(kind), undefined, signal);
      if (hit !== undefined) return hit;
    }
    const since = cache ? await quietly(cache.snapshot(), undefined, signal) : undefined;
    const watched = watchedCaller(client, cache?.lastDrop ?? 0);
    const value = await fetch(watched.caller);
    if (cache && since && watched.oldest() > since.moment) await quietly(cache.putMetadata(kind, value, since), undefined, signal);
    return value;
  });
  // Per-task lists (comments, attachments) have no multi-task endpoint: one call per task, concurrently.
  const perTask = <T>(fetch: (taskId: string) => Promise<T[]>) =>
    new DataLoader<string, T[]>(
      (taskIds) => Promise.all(taskIds.map((id) => fetch(id).catch((e: unknown) => (e instanceof Error ? e : new Error(String(e)))))),
      { batchScheduleFn: rounds.schedule },
    );
  const contacts = byId<WrikeContact>('contact');
  const comments = byId<WrikeComment>('comment');
  const attachments = byId<WrikeAttachment>('attachment');
  const tasks = byId<WrikeTask>('task');
  const folders = byId<WrikeFolder>('folder');
  const timelogs = new DataLoader<string, WrikeTimelog | null>(
    async (ids) => inScope('timelog', await batchById(ids, (chunk) => endpoints.getTimelogs(client, chunk))),
    { batchScheduleFn: rounds.schedule },
  );
  const folderTree = metadata<WrikeFolderTreeEntry[]>('folderTree', (caller) => endpoints.getFolderTree(caller));
  const allSpaces = metadata<WrikeSpace[]>('spaces', (caller) => endpoints.getSpaces(caller));
  if (rules) {
    /** The scope over the folder tree, read again once when it lacks a folder (one made since it was cached). */
    const rulesFor = async (folderIds: readonly string[]): Promise<FolderTreeScope> => {
      const inside = rules.over(await folderTree());
      return folderIds.every((id) => inside.has(id)) ? inside : rules.over(await folderTree.refresh());
    };
    const isEntity = (item: unknown): item is Record<string, unknown> & { id: string } => item !== null && !(item instanceof Error);
    admits = async (kind, items) => {
      const found = items.filter(isEntity);
      if (kind === 'task') {
        const inside = await rulesFor(found.flatMap((t) => [...((t.parentIds as string[]) ?? []), ...((t.superParentIds as string[]) ?? [])]));
        return items.map((item) => !isEntity(item) || inside.taskInside(item as { parentIds?: string[]; superParentIds?: string[] }));
      }
      if (kind === 'folder') {
        const inside = await rulesFor(found.map((f) => f.id));
        return items.map((item) => !isEntity(item) || inside.folderInside(item.id));
      }
      if (kind === 'contact') return items.map(() => true);
      // Comments, attachments, time logs: inside when their task (or folder) is.
      const taskIds = found.flatMap((item) => (typeof item.taskId === 'string' ? [item.taskId] : []));
      const folderIds = found.flatMap((item) => (typeof item.taskId !== 'string' && typeof item.folderId === 'string' ? [item.folderId] : []));
      const [owners, folderOwners] = await Promise.all([tasks.loadMany(taskIds), folders.loadMany(folderIds)]);
      const visible = new Set([...owners, ...folderOwners].flatMap((o) => (isEntity(o) ? [o.id] : [])));
      return items.map((item) => !isEntity(item) || visible.has(String(item.taskId ?? item.folderId ?? '')));
    };
  }
  /** The spaces: only the connection's own when it is limited to some. */
  const mine = (list: WrikeSpace[]) => (scope ? list.filter((space) => scope.has(space.id)) : list);
  const spaces = Object.assign(async () => mine(await allSpaces()), {
    reset: () => allSpaces.reset(),
    refresh: async () => mine(await allSpaces.refresh()),
  });
  const peopleList = metadata<WrikeContact[]>('people', (caller) => endpoints.listPeople(caller));
  /** Lists that return whole models prime the by-id loaders, so that a later lookup costs nothing. */
  const priming = <T extends { id: string }>(loader: DataLoader<string, T | null>) => (items: T[]) => {
    for (const item of items) loader.prime(item.id, item);
    return items;
  };
  return {
    /** Full task models (GET /tasks/{ids}). */
    tasks,
    folders,
    contacts,
    comments,
    attachments,
    taskComments: perTask((taskId) => endpoints.getTaskComments(client, taskId).then(priming(comments))),
    taskAttachments: perTask((taskId) => endpoints.getTaskAttachments(client, taskId).then(priming(attachments))),
    workflows: metadata<WrikeWorkflow[]>('workflows', (caller) => endpoints.getWorkflows(caller)),
    customFields: metadata<WrikeCustomField[]>('customFields', (caller) => endpoints.listCustomFields(caller)),
    /** The whole account's folder tree (a scope narrows lists and by-id reads, not this). */
    folderTree,
    spaces,
    /** The spaces the connection is limited to; undefined: the whole account. */
    scope,
    /** Every person; primes the contacts loader, wherever the list came from. */
    people: memo<WrikeContact[]>(async (refresh) => priming(contacts)(await (refresh ? peopleList.refresh() : peopleList()))),
    groups: metadata<WrikeGroup[]>('groups', (caller) => endpoints.getGroups(caller)),
    accessRoles: metadata<WrikeAccessRole[]>('accessRoles', (caller) => endpoints.getAccessRoles(caller)),
    accountId: options.accountId,
    /** Time logs by id (GET /timelogs/{ids}, 100 a call). */
    timelogs,
    /**
     * Whole time-log lists, keyed by `timelogListKey` (one call per list, each list once per request); they prime
     * `timelogs`.
     */
    timelogLists: new DataLoader<string, WrikeTimelog[]>(
      (keys) => Promise.all(keys.map((key) => {
        const { source, query } = JSON.parse(key) as { source: TimelogSource; query: TimelogQuery };
        return endpoints.listTimelogs(client, source, query).then(priming(timelogs)).catch((e: unknown) => (e instanceof Error ? e : new Error(String(e))));
      })),
      { batchScheduleFn: rounds.schedule },
    ),
    timelogCategories: memo<WrikeTimelogCategory[]>(() => endpoints.getTimelogCategories(client)),
    /** Task dependencies by id (GET /dependencies/{ids}, 100 a call; an unknown id narrows, not fails, its chunk). */
    dependencies: new DataLoader<string, WrikeDependency | null>(
      async (ids) => batchById(ids, (chunk) => endpoints.getDependencies(client, chunk)),
      { batchScheduleFn: rounds.schedule },
    ),
  };
}

export type WrikeLoaders = ReturnType<typeof createLoaders>;

/** The `timelogLists` key of one list. */
export function timelogListKey(source: TimelogSource, query: TimelogQuery): string {
  return JSON.stringify({ source, query });
}
