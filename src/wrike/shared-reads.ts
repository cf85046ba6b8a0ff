import type { CallHooks, WrikeClient } from './client';
import { WrikeError } from './errors';
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
 * in a lane of its own through the connection's budget, waiting for it as long as the most patient request still
 * waiting on the batch, and stops calling once no request waits on it.
 */
export function createSharedReads(client: WrikeClient): SharedReads {
  /** A batch's own caller: each call (narrowing and retries included) is charged to the requests waiting on it. */
  const batcher = <T extends { id: string }>(fetchChunk: (caller: WrikeCaller, chunk: string[]) => Promise<T[]>) =>
    new SharedBatcher<{ id: string }>((ids, call) => {
      const hooks: CallHooks = {
        lane: 'shared-reads',
        get deadline() {
          return call.deadline;
        },
        signal: call.signal,
        admitted: call.admitted,
        sending: () => call.charge(),
      };
      const caller = {
        get: (path, params) => (call.signal.aborted ? Promise.reject(abandoned()) : client.get(path, params, hooks)),
      } as WrikeCaller;
      return batchById(ids, (chunk) => fetchChunk(caller, chunk), new NarrowingBudget(SHARED_NARROWING_CALLS));
    });
  return {
    task: batcher((caller, ids) => endpoints.getTasks(caller, ids)),
    folder: batcher((caller, ids) => endpoints.getFolders(caller, ids)),
    contact: batcher((caller, ids) => endpoints.getContacts(caller, ids)),
    comment: batcher((caller, ids) => endpoints.getComments(caller, ids)),
    attachment: batcher((caller, ids) => endpoints.getAttachments(caller, ids)),
  };
}

const abandoned = () => new WrikeError('cancelled', 'No request waits for this batch any more; its calls stopped');
