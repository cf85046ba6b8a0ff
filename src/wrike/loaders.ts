import DataLoader from 'dataloader';
import type { WrikeCaller, RoundScheduler } from './rounds';
import { batchById, NarrowingBudget } from './batch';
import * as endpoints from './endpoints';
import type {
  WrikeAccessRole, WrikeAttachment, WrikeComment, WrikeContact, WrikeCustomField, WrikeFolder, WrikeFolderTreeEntry,
  WrikeGroup, WrikeSpace, WrikeTask, WrikeWorkflow,
} from './types';

/** A value fetched at most once per request (and again after a failure, or after `reset` when a write changed it). */
function memo<T>(fetch: () => Promise<T>): (() => Promise<T>) & { reset(): void } {
  let pending: Promise<T> | undefined;
  const get = () => {
    pending ??= fetch().catch((error: unknown) => {
      pending = undefined;
      throw error;
    });
    return pending;
  };
  return Object.assign(get, { reset: () => (pending = undefined) });
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
  /** Extra calls the request may spend narrowing refused batches (see batchById). */
  narrowingCalls?: number;
}

/** Per-request, per-connection loaders: every Wrike read of a request goes through these. */
export function createLoaders(client: WrikeCaller, rounds: RoundScheduler, options: LoaderOptions = {}) {
  const onCacheHit = options.onCacheHit ?? (() => undefined);
  const budget = new NarrowingBudget(options.narrowingCalls ?? 64);
  let names = 0;
  const byId = <T extends { id: string }>(fetchChunk: (chunk: string[]) => Promise<T[]>, name = `loader${names++}`) =>
    new DataLoader<string, T | null>((ids) => batchById(ids, fetchChunk, budget), {
      maxBatchSize: 10_000, batchScheduleFn: rounds.schedule, cacheMap: new CountingCache(() => onCacheHit(name)),
    });
  // Per-task lists (comments, attachments) have no multi-task endpoint: one call per task, concurrently.
  const perTask = <T>(fetch: (taskId: string) => Promise<T[]>) =>
    new DataLoader<string, T[]>(
      (taskIds) => Promise.all(taskIds.map((id) => fetch(id).catch((e: unknown) => (e instanceof Error ? e : new Error(String(e)))))),
      { batchScheduleFn: rounds.schedule },
    );
  const contacts = byId<WrikeContact>((ids) => endpoints.getContacts(client, ids), 'contacts');
  const comments = byId<WrikeComment>((ids) => endpoints.getComments(client, ids), 'comments');
  const attachments = byId<WrikeAttachment>((ids) => endpoints.getAttachments(client, ids), 'attachments');
  /** Lists that return whole models prime the by-id loaders, so that a later lookup costs nothing. */
  const priming = <T extends { id: string }>(loader: DataLoader<string, T | null>) => (items: T[]) => {
    for (const item of items) loader.prime(item.id, item);
    return items;
  };
  return {
    /** Full task models (GET /tasks/{ids}). */
    tasks: byId<WrikeTask>((ids) => endpoints.getTasks(client, ids), 'tasks'),
    folders: byId<WrikeFolder>((ids) => endpoints.getFolders(client, ids), 'folders'),
    contacts,
    comments,
    attachments,
    taskComments: perTask((taskId) => endpoints.getTaskComments(client, taskId).then(priming(comments))),
    taskAttachments: perTask((taskId) => endpoints.getTaskAttachments(client, taskId).then(priming(attachments))),
    workflows: memo<WrikeWorkflow[]>(() => endpoints.getWorkflows(client)),
    customFields: memo<WrikeCustomField[]>(() => endpoints.listCustomFields(client)),
    folderTree: memo<WrikeFolderTreeEntry[]>(() => endpoints.getFolderTree(client)),
    spaces: memo<WrikeSpace[]>(() => endpoints.getSpaces(client)),
    people: memo<WrikeContact[]>(() => endpoints.listPeople(client).then(priming(contacts))),
    groups: memo<WrikeGroup[]>(() => endpoints.getGroups(client)),
    accessRoles: memo<WrikeAccessRole[]>(() => endpoints.getAccessRoles(client)),
  };
}

export type WrikeLoaders = ReturnType<typeof createLoaders>;
