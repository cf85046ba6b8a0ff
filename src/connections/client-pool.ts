import type { WrikeClient, Credentials } from '../wrike/client';
import type { ConnectionCache } from '../wrike/cache';
import type { SharedReads } from '../wrike/shared-reads';
import { WrikeError } from '../wrike/errors';
import { getAccount } from '../wrike/endpoints';
import type { WrikeCaller } from '../wrike/rounds';

/** A linked Wrike account, ready to call: its client (with its call budget) and its share of the cache. */
export interface LiveConnection {
  id: string;
  client: WrikeClient;
  cache: ConnectionCache;
  /** By-id reads batched across the connection's requests. */
  shared: SharedReads;
  /**
   * The Wrike account the connection reads (GET /account once; asked again after a failure). Given a request's
   * caller, the call (when one is made) is that request's: counted, capped and in its lane.
   */
  accountId: (caller?: WrikeCaller) => Promise<string>;
  /** The Wrike spaces it is limited to (read from the store on every resolve); null: the whole account. */
  workspaceIds: readonly string[] | null;
}

/** Makes what a connection needs to call Wrike (see runtime.ts). */
export interface ConnectionFactory {
  client(baseUrl: string, credentials: Credentials, connectionId: string): WrikeClient;
  /** `accountId`: the connection's Wrike account, which scopes the type-wide tags of what goes stale. */
  cache(connectionId: string, accountId: () => Promise<string>): ConnectionCache;
  /** The reads fill `cache` (the connection's own). */
  shared(client: WrikeClient, cache: ConnectionCache): SharedReads;
}

/**
 * This process's live connections: one client (with its budget), cache share, shared reads and account id per
 * connection, made on first use from its base URL and credentials port, then kept until dropped (unlinked, or moved
 * to another data center).
 */
export class ClientPool {
  private readonly live = new Map<string, Promise<LiveConnection>>();

  constructor(private readonly runtime: ConnectionFactory) {}

  /**
   * The connection's live client, made now from `open()` when there is none yet. Requests that arrive together while
   * it is being made share the one being made: two clients would each keep a budget of their own, and together
   * exceed the connection's share of Wrike's limit.
   */
  get(id: string, open: () => Promise<{ baseUrl: string; credentials: Credentials }>): Promise<LiveConnection> {
    const known = this.live.get(id);
    if (known) return known;
    const making = open().then(({ baseUrl, credentials }) => this.make(id, baseUrl, credentials));
    this.live.set(id, making);
    // A failed open is not kept: the next request tries again.
    making.catch(() => {
      if (this.live.get(id) === making) this.live.delete(id);
    });
    return making;
  }

  /** A live client that the pool does not keep (the environment's connection keeps its own). */
  make(id: string, baseUrl: string, credentials: Credentials): LiveConnection {
    const client = this.runtime.client(baseUrl, credentials, id);
    const accountId = once(async (caller: WrikeCaller = client) => {
      const account = await getAccount(caller);
      if (!account) throw new WrikeError('unavailable', 'Wrike answered GET /account without the account');
      return account.id;
    });
    const cache = this.runtime.cache(id, () => accountId());
    return { id, client, cache, shared: this.runtime.shared(client, cache), accountId, workspaceIds: null };
  }

  drop(id: string): void {
    this.live.delete(id);
  }
}

/** A lazy value computed once; a failure is not kept, so the next caller tries again. */
function once<T, A>(load: (arg?: A) => Promise<T>): (arg?: A) => Promise<T> {
  let value: Promise<T> | undefined;
  return (arg) => (value ??= load(arg).catch((error: unknown) => {
    value = undefined;
    throw error;
  }));
}
