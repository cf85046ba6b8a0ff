import type { WrikeClient } from '../wrike/client';
import type { WrikeLoaders } from '../wrike/loaders';

/** Built per request: the caller's Wrike connection, its client and the request's loaders. */
export interface GraphQLContext {
  wrike: WrikeClient;
  loaders: WrikeLoaders;
}
