import type { WrikeClient } from './client';
import type { WrikeCaller } from './rounds';
import type { EntityKind } from './cache';
import { batchById, NarrowingBudget } from './batch';
import { SharedBatcher } from './shared-batch';
import * as endpoints from './endpoints';

/** Narrowing calls one shared batch may spend on ids Wrike refuses (a batch of 100 with one bad id needs about 14). */
const SHARED_NARROWING_CALLS = 16;

export type SharedReads = Record<EntityKind, SharedBatcher<{ id: string }>>;

/**
 * One connection's by-id reads shared by all its requests (see SharedBatcher): each kind's batcher sends its calls
 * in a lane of its own, with the request deadline's length, through the connection's budget.
 */
export function createSharedReads(client: WrikeClient, deadlineMs: number): SharedReads {
  /** A batch's own caller, counting the Wrike calls the batch makes (narrowing and retries included). */
  const batcher = <T extends { id: string }>(fetchChunk: (caller: WrikeCaller, chunk: string[]) => Promise<T[]>) =>
    new SharedBatcher<{ id: string }>(async (ids, admitted) => {
      let calls = 0;
      const attempt = () => {
        calls++;
      };
      const caller = {
        get: (path, params) => {
          calls++;
          return client.get(path, params, { lane: 'shared-reads', deadline: Date.now() + deadlineMs, attempt, admitted });
        },
      } as WrikeCaller;
      const results = await batchById(ids, (chunk) => fetchChunk(caller, chunk), new NarrowingBudget(SHARED_NARROWING_CALLS));
      return { results, calls };
    });
  return {
    task: batcher((caller, ids) => endpoints.getTasks(caller, ids)),
    folder: batcher((caller, ids) => endpoints.getFolders(caller, ids)),
    contact: batcher((caller, ids) => endpoints.getContacts(caller, ids)),
    comment: batcher((caller, ids) => endpoints.getComments(caller, ids)),
    attachment: batcher((caller, ids) => endpoints.getAttachments(caller, ids)),
  };
}
