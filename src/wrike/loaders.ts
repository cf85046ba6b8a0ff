import DataLoader from 'dataloader';
import type { WrikeCaller, RoundScheduler } from './rounds';
import { WrikeError } from './errors';
import { isWrikeId } from './ids';
import * as endpoints from './endpoints';
import type {
  WrikeAccessRole, WrikeAttachment, WrikeComment, WrikeContact, WrikeCustomField, WrikeFolder, WrikeFolderTreeEntry,
  WrikeGroup, WrikeSpace, WrikeTask, WrikeWorkflow,
} from './types';

/** Wrike's batch limit: at most 100 ids per by-id call. */
export const WRIKE_BATCH_LIMIT = 100;

const isNotFound = (error: unknown) => error instanceof WrikeError && error.kind === 'not_found';

/**
 * Fetches entities by id in chunks of 100 (chunks in parallel). An unknown id makes Wrike fail its whole chunk
 * (404), so such a chunk is narrowed down (findKnown) and the unknown ids resolve to null, in order. Ids that are
 * not Wrike ids never reach a URL and resolve to null.
 */
export async function batchById<T extends { id: string }>(
  ids: readonly string[], fetchChunk: (chunk: string[]) => Promise<T[]>,
): Promise<(T | null)[]> {
  const valid = [...new Set(ids.filter(isWrikeId))];
  const chunks: string[][] = [];
  for (let i = 0; i < valid.length; i += WRIKE_BATCH_LIMIT) chunks.push(valid.slice(i, i + WRIKE_BATCH_LIMIT));
  const found = new Map<string, T>();
  await Promise.all(
    chunks.map(async (chunk) => {
      try {
        for (const item of await fetchChunk(chunk)) found.set(item.id, item);
      } catch (error) {
        if (!isNotFound(error)) throw error;
        for (const item of await findKnown(chunk, error, fetchChunk)) found.set(item.id, item);
      }
    }),
  );
  return ids.map((id) => found.get(id) ?? null);
}

/**
 * After a 404 on a chunk: the known entities of the chunk. When Wrike's message names one id of the chunk, that id
 * is dropped and the rest asked again; otherwise the chunk is halved until the unknown ids are isolated
 * (about 2·log2(100) calls for one unknown id in 100, instead of 100).
 */
async function findKnown<T extends { id: string }>(chunk: string[], error: unknown, fetchChunk: (chunk: string[]) => Promise<T[]>): Promise<T[]> {
  if (chunk.length === 1) return [];
  const named = chunk.filter((id) => (error as Error).message.includes(id));
  const parts = named.length === 1 ? [chunk.filter((id) => id !== named[0])] : [chunk.slice(0, chunk.length / 2), chunk.slice(chunk.length / 2)];
  const results = await Promise.all(
    parts.filter((part) => part.length > 0).map(async (part) => {
      try {
        return await fetchChunk(part);
      } catch (next) {
        if (!isNotFound(next)) throw next;
        return part.length === 1 ? [] : findKnown(part, next, fetchChunk);
      }
    }),
  );
  return results.flat();
}

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

/** Per-request, per-connection loaders: every Wrike read of a request goes through these. */
export function createLoaders(client: WrikeCaller, rounds: RoundScheduler, onCacheHit: (loader: string) => void = () => undefined) {
  let names = 0;
  const byId = <T extends { id: string }>(fetchChunk: (chunk: string[]) => Promise<T[]>, name = `loader${names++}`) =>
    new DataLoader<string, T | null>((ids) => batchById(ids, fetchChunk), {
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
