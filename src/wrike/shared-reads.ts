import type { WrikeClient } from './client';
import type { WrikeCaller } from './rounds';
import type { ConnectionCache, EntityKind } from './cache';
import { batchById, NarrowingBudget } from './batch';
import { SharedBatcher } from './shared-batch';
import * as endpoints from './endpoints';

/** Narrowing calls one shared batch may spend on ids Wrike refuses (a batch of 100 with one bad id needs about 14). */
const SHARED_NARROWING_CALLS = 16;

export type SharedReads = Record<EntityKind, SharedBatcher<{ id: string }>>;

/**
 * One connection's by-id reads shared by all its requests (see SharedBatcher): each kind's batcher sends its calls
 * in a lane of its own, with the request deadline's length, through the connection's budget. A batch fills the
 * connection's cache with what it read, under a snapshot taken before its first call was sent (see cache.ts): the
 * requests that joined it never store its answer themselves.
 */
export function createSharedReads(client: WrikeClient, deadlineMs: number, cache?: ConnectionCache): SharedReads {
  /** A batch's own caller, counting the Wrike calls the batch makes (narrowing and retries included). */
  const batcher = <T extends { id: string }>(kind: EntityKind, fetchChunk: (caller: WrikeCaller, chunk: string[]) => Promise<T[]>) =>
    new SharedBatcher<{ id: string }>(async (ids, admitted) => {
      let calls = 0;
      const attempt = () => {
        calls++;
      };
      // A cache that cannot be read is a cache not written: no snapshot, nothing stored.
      const since = cache ? await cache.snapshot().catch(() => undefined) : undefined;
      const caller = {
        get: (path, params) => {
          calls++;
          return client.get(path, params, { lane: 'shared-reads', deadline: Date.now() + deadlineMs, attempt, admitted, notBefore: since?.moment });
        },
      } as WrikeCaller;
      const results = await batchById(ids, (chunk) => fetchChunk(caller, chunk), new NarrowingBudget(SHARED_NARROWING_CALLS));
      const found = results.filter((item): item is T => item !== null && !(item instanceof Error));
      if (cache && since) await cache.putEntities(kind, found, since).catch(() => undefined);
      return { results, calls };
    });
  return {
    task: batcher('task', (caller, ids) => endpoints.getTasks(caller, ids)),
    folder: batcher('folder', (caller, ids) => endpoints.getFolders(caller, ids)),
    contact: batcher('contact', (caller, ids) => endpoints.getContacts(caller, ids)),
    comment: batcher('comment', (caller, ids) => endpoints.getComments(caller, ids)),
    attachment: batcher('attachment', (caller, ids) => endpoints.getAttachments(caller, ids)),
  };
}
