import type { CallHooks, WrikeClient } from './client';
import { WrikeError } from './errors';
import type { WrikeCaller } from './rounds';
import type { ConnectionCache, EntityKind } from './cache';
import { batchById, NarrowingBudget } from './batch';
import { SharedBatcher } from './shared-batch';
import * as endpoints from './endpoints';

/** Narrowing calls one shared batch may spend on ids Wrike refuses (a batch of 100 with one bad id needs about 14). */
const SHARED_NARROWING_CALLS = 16;

export type SharedReads = Record<EntityKind, SharedBatcher<{ id: string }>>;

/**
 * One connection's by-id reads shared by all its requests (see SharedBatcher): each kind's batcher waits for a budget
 * slot first and fills the call with the ids asked for until it comes (up to 100), then sends its calls
 * in a lane of its own through the connection's budget, waiting for it as long as the most patient request still
 * waiting on the batch, and stops calling once no request waits on it. A batch fills the connection's cache with what
 * it read, under a snapshot taken before its first call was sent (see cache.ts): the requests that joined it never
 * store its answer themselves.
 */
export function createSharedReads(client: WrikeClient, cache?: ConnectionCache): SharedReads {
  /** A batch's own caller: each call (narrowing and retries included) is charged to the requests waiting on it. */
  const batcher = <T extends { id: string }>(kind: EntityKind, fetchChunk: (caller: WrikeCaller, chunk: string[]) => Promise<T[]>) =>
    new SharedBatcher<{ id: string }>(async (ids, call) => {
      // A cache that cannot be read is a cache not written: no snapshot, nothing stored.
      const since = cache ? await cache.snapshot().catch(() => undefined) : undefined;
      const hooks: CallHooks = {
        lane: 'shared-reads',
        get deadline() {
          return call.deadline;
        },
        signal: call.signal,
        admitted: call.admitted,
        holdsSlot: call.holdsSlot,
        sending: () => call.charge(),
        notBefore: since?.moment,
      };
      const caller = {
        get: (path, params) => (call.signal.aborted ? Promise.reject(abandoned()) : client.get(path, params, hooks)),
      } as WrikeCaller;
      const results = await batchById(ids, (chunk) => fetchChunk(caller, chunk), new NarrowingBudget(SHARED_NARROWING_CALLS));
      const found = results.filter((item): item is T => item !== null && !(item instanceof Error));
      if (cache && since) await cache.putEntities(kind, found, since).catch(() => undefined);
      return results;
    }, undefined, (request) => client.waitForSlot({ lane: 'shared-reads', get deadline() {
      return request.deadline;
    } }));
  return {
    task: batcher('task', (caller, ids) => endpoints.getTasks(caller, ids)),
    folder: batcher('folder', (caller, ids) => endpoints.getFolders(caller, ids)),
    contact: batcher('contact', (caller, ids) => endpoints.getContacts(caller, ids)),
    comment: batcher('comment', (caller, ids) => endpoints.getComments(caller, ids)),
    attachment: batcher('attachment', (caller, ids) => endpoints.getAttachments(caller, ids)),
  };
}

const abandoned = () => new WrikeError('cancelled', 'No request waits for this batch any more; its calls stopped');
