import DataLoader from 'dataloader';
import { WrikeClient } from './client';
import { WrikeError } from './errors';
import { isWrikeId } from './ids';
import type { WrikeContact } from './types';

/** Wrike's batch limit: at most 100 ids per by-id call. */
export const WRIKE_BATCH_LIMIT = 100;

/**
 * Fetches entities by id in chunks of 100 (chunks in parallel). An unknown id makes Wrike fail the whole chunk
 * (404), so such a chunk is retried id by id and the unknown ids resolve to null, in order.
 */
async function batchById<T extends { id: string }>(
  ids: readonly string[], fetchChunk: (chunk: string[]) => Promise<T[]>,
): Promise<(T | null | Error)[]> {
  const valid = ids.filter(isWrikeId);
  const chunks: string[][] = [];
  for (let i = 0; i < valid.length; i += WRIKE_BATCH_LIMIT) chunks.push(valid.slice(i, i + WRIKE_BATCH_LIMIT));
  const found = new Map<string, T>();
  await Promise.all(
    chunks.map(async (chunk) => {
      try {
        for (const item of await fetchChunk(chunk)) found.set(item.id, item);
      } catch (error) {
        if (!(error instanceof WrikeError && error.kind === 'not_found') || chunk.length === 1) {
          if (error instanceof WrikeError && error.kind === 'not_found') return;
          throw error;
        }
        const singles = await Promise.all(
          chunk.map((id) => fetchChunk([id]).catch((e: unknown) => {
            if (e instanceof WrikeError && e.kind === 'not_found') return [] as T[];
            throw e;
          })),
        );
        for (const item of singles.flat()) found.set(item.id, item);
      }
    }),
  );
  return ids.map((id) => found.get(id) ?? null);
}

/** Per-request, per-connection loaders. */
export function createLoaders(client: WrikeClient) {
  return {
    contacts: new DataLoader<string, WrikeContact | null>(
      (ids) => batchById(ids, async (chunk) => (await client.get<WrikeContact>(WrikeClient.path`/contacts/${chunk}`)).data),
      { maxBatchSize: 1000 },
    ),
  };
}

export type WrikeLoaders = ReturnType<typeof createLoaders>;
