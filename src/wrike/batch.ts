import { WrikeError } from './errors';
import { isWrikeId } from './ids';

/** Wrike's batch limit: at most 100 ids per by-id call. */
export const WRIKE_BATCH_LIMIT = 100;

/** One id's answer: the entity, null when Wrike says it does not exist, or the error that kept it from being read. */
export type ByIdResult<T> = T | null | Error;

/**
 * How many extra calls a request may spend narrowing refused batches down to the ids Wrike refuses. When it is
 * spent, the ids still unsettled fail with the batch's error (visibly), instead of costing more calls.
 */
export class NarrowingBudget {
  constructor(public left: number) {}

  take(calls: number): boolean {
    if (this.left < calls) return false;
    this.left -= calls;
    return true;
  }
}

/** Answers Wrike gives a whole batch because of some of its ids: 400 (malformed), 403 (not visible), 404 (unknown). */
function isRefusal(error: unknown): error is WrikeError {
  return error instanceof WrikeError && (error.kind === 'bad_request' || error.kind === 'forbidden' || error.kind === 'not_found');
}

/** A single id's answer when Wrike refused it alone: unknown ids are null, other refusals stay errors. */
const answerForOne = (error: WrikeError) => (error.kind === 'not_found' ? null : error);

/**
 * Fetches entities by id in chunks of 100 (chunks in parallel). Ids that are not Wrike ids never reach a URL and
 * resolve to null. When Wrike refuses a whole chunk (one malformed, unknown or invisible id fails the call), the
 * chunk is narrowed until each id has its own answer: an id that Wrike's message names is answered and the rest
 * asked again; otherwise the chunk is halved (about 2·log2(100)+1 calls for one bad id in 100). Failures that are
 * not about ids (5xx, 429, network) fail the whole chunk at once.
 */
export async function batchById<T extends { id: string }>(
  ids: readonly string[], fetchChunk: (chunk: string[]) => Promise<T[]>, budget = new NarrowingBudget(Infinity),
): Promise<ByIdResult<T>[]> {
  const valid = [...new Set(ids.filter(isWrikeId))];
  const answers = new Map<string, ByIdResult<T>>();
  const settle = async (chunk: string[]): Promise<void> => {
    let items: T[];
    try {
      items = await fetchChunk(chunk);
    } catch (error) {
      if (!isRefusal(error)) {
        for (const id of chunk) answers.set(id, error instanceof Error ? error : new Error(String(error)));
        return;
      }
      if (chunk.length === 1) {
        answers.set(chunk[0] as string, answerForOne(error));
        return;
      }
      const named = chunk.filter((id) => error.message.includes(id));
      if (named.length === 1 && budget.take(1)) {
        answers.set(named[0] as string, answerForOne(error));
        await settle(chunk.filter((id) => id !== named[0]));
        return;
      }
      if (!budget.take(2)) {
        for (const id of chunk) answers.set(id, error);
        return;
      }
      const half = Math.ceil(chunk.length / 2);
      await Promise.all([settle(chunk.slice(0, half)), settle(chunk.slice(half))]);
      return;
    }
    for (const item of items) answers.set(item.id, item);
    // An id Wrike answered without (not visible to this token) does not exist as far as the caller can tell.
    for (const id of chunk) if (!answers.has(id)) answers.set(id, null);
  };
  const chunks: string[][] = [];
  for (let i = 0; i < valid.length; i += WRIKE_BATCH_LIMIT) chunks.push(valid.slice(i, i + WRIKE_BATCH_LIMIT));
  await Promise.all(chunks.map(settle));
  return ids.map((id) => answers.get(id) ?? null);
}
