import type { CallHooks, RequestSpec, WrikeClient, WrikeEnvelope, WrikeStream } from './client';
import type { ConnectionCache } from './cache';
import { WrikeError } from './errors';
import { byIdReader, dropStale, namedEntity, staleAfterWrite } from './staleness';
import { proxyStaleOf, readAnswer } from './proxy-invalidation';
import type { WrikeParams } from './params';
import type { CallTicket } from './dispatcher';
import type { BatchRequester } from './shared-batch';

/** What endpoints need of a client: the HTTP verbs. */
export type WrikeCaller = Pick<WrikeClient, 'get' | 'post' | 'put' | 'delete' | 'request' | 'stream' | 'passthrough'>;

/**
 * Batches by round. DataLoader normally dispatches a batch at the end of the current tick, so ids requested by
 * resolvers that wake up at different times (as parallel Wrike calls return) would go out in several batches.
 * This scheduler holds a request's batch until the Wrike calls of the previous round have all returned (their
 * resolvers may want more ids in the same batch). Calls started in the current round (say, a list fetched once
 * per request by a resolver that woke up with the others) do not hold it. A round starts when a call returns:
 * calls numbered from then on belong to it. Every id wanted in one round goes out in one batch (chunked by 100),
 * which is what the call floor needs. A call that starts waiting (a 429's Retry-After, a retry's backoff) stops
 * holding batches: it is no longer part of the round, and nothing waits behind it.
 */
/** A request made as many Wrike calls as it may: the calls it still wanted fail with this. */
export class CallLimitError extends Error {
  constructor(readonly maxCalls: number) {
    super(`This request reached its limit of ${maxCalls} Wrike calls; ask for smaller pages or fewer nested lists`);
    this.name = 'CallLimitError';
  }
}

export class RoundScheduler {
  private nextSeq = 0;
  private readonly inFlight = new Set<number>();
  private queued: Array<() => void> = [];
  /** Calls numbered below this belong to earlier rounds; a queued batch waits for those still in flight. */
  private barrier = 0;
  /** The first call number of the current round. */
  private roundStart = 0;
  private pending = false;
  /** Wrike calls this request made (each retry counted), for `extensions.cost.actualCalls` and the call cap. */
  calls = 0;

  /**
   * `maxCalls`: the request's hard cap on Wrike calls; calls past it fail with CallLimitError, unsent. `ticket`: the
   * request's lane, deadline and cancellation, for the connection's fair dispatcher.
   */
  constructor(private readonly maxCalls = Infinity, private readonly ticket: Partial<CallTicket> = {}) {}

  /** DataLoader's batchScheduleFn. */
  readonly schedule = (dispatch: () => void): void => {
    if (this.queued.length === 0) this.barrier = this.roundStart;
    this.queued.push(dispatch);
    this.check();
  };

  /**
   * A call of this request's own. It takes one call of the cap when it starts; each further try sent (a retry) is
   * one more. A call that reports its sending (`hooks.sending`) and never went out (cancelled, or its deadline passed
   * in the queue) gives its call back. `reportsSending` false: the call is counted once, when it starts.
   */
  track<T>(start: (hooks: CallHooks) => Promise<T>, reportsSending = true): Promise<T> {
    if (this.calls >= this.maxCalls) return Promise.reject(new CallLimitError(this.maxCalls));
    this.calls++;
    let sent = !reportsSending;
    return this.follow((seq) => start({
      ...this.ticket,
      waiting: () => {
        this.inFlight.delete(seq);
        this.check();
      },
      sending: () => {
        if (sent) this.calls++;
        sent = true;
      },
    }).catch((error: unknown) => {
      if (!sent) this.calls--;
      throw error;
    }));
  }

  /**
   * Work done for this request by calls shared with other requests of the connection (by-id reads batched across
   * requests): part of the round like a call of its own. Each shared call counts in full for this request, as it
   * goes out (see SharedBatcher), and the call cap holds for them as for its own.
   */
  shared<T>(start: (requester: BatchRequester) => Promise<T>): Promise<T> {
    if (this.calls >= this.maxCalls) return Promise.reject(new CallLimitError(this.maxCalls));
    return this.follow(() => start(this.requester));
  }

  /** This request as a shared batch sees it. */
  private get requester(): BatchRequester {
    this.asRequester ??= {
      deadline: this.ticket.deadline ?? Infinity,
      signal: this.ticket.signal,
      charge: () => {
        if (this.calls >= this.maxCalls) return new CallLimitError(this.maxCalls);
        this.calls++;
        return undefined;
      },
    };
    return this.asRequester;
  }

  private asRequester: BatchRequester | undefined;

  /** Tracks work as in flight in the current round until it settles. */
  private follow<T>(start: (seq: number) => Promise<T>): Promise<T> {
    const seq = this.nextSeq++;
    this.inFlight.add(seq);
    return start(seq).finally(() => {
      this.inFlight.delete(seq);
      // Runs before the resolvers awaiting this call: what they start belongs to a new round.
      this.roundStart = this.nextSeq;
      this.check();
    });
  }

  private blocked(): boolean {
    for (const seq of this.inFlight) if (seq < this.barrier) return true;
    return false;
  }

  private check(): void {
    if (this.pending) return;
    this.pending = true;
    // After the current microtasks: resolvers woken by a finished call enqueue their loads first.
    setImmediate(() => {
      this.pending = false;
      if (this.queued.length === 0 || this.blocked()) return;
      const batch = this.queued;
      this.queued = [];
      for (const dispatch of batch) dispatch();
    });
  }
}

/**
 * A request's view of a connection's client: every call is tracked by the request's round scheduler, and every
 * successful write drops what it made stale (staleness.ts) from the connection's shared cache before it returns. With
 * the cache in Redis that holds on every replica; a drop that fails (Redis unreachable) is reported to the cache's
 * events and its entries may be served until they expire (CACHE_MAX_STALENESS_MS).
 */
export function trackedCaller(client: WrikeClient, rounds: RoundScheduler, cache?: ConnectionCache): WrikeCaller {
  const get: WrikeCaller['get'] = (path, params, extra?: CallHooks) => rounds.track((hooks) => client.get(path, params, { ...hooks, notBefore: extra?.notBefore, sentAt: extra?.sentAt }));
  /** Tasks read for a sub-tree walk after a move (counted as this request's calls). */
  const readTasks = byIdReader({ get }, 'tasks');
  /** The cached models of what a write names, before it is sent: their old relatives are stale after it. */
  const cachedBefore = async (method: string, path: string): Promise<unknown[]> => {
    const named = cache && namedEntity(method, path);
    if (!cache || !named) return [];
    return [...(await cache.peekEntities(named.kind, named.ids).catch(() => new Map<string, unknown>())).values()];
  };
  const drop = async (spec: { method: string; path: string; params?: WrikeParams }, answer: readonly unknown[], before: readonly unknown[]) => {
    if (!cache) return;
    await dropStale(cache, staleAfterWrite(spec.method, spec.path, spec.params, answer, before), readTasks).catch((error: unknown) => cache.dropFailed(error));
  };
  const write = async <T>(spec: RequestSpec, hooks: CallHooks | undefined, send: (hooks: CallHooks) => Promise<WrikeEnvelope<T>>): Promise<WrikeEnvelope<T>> => {
    const before = [...(await cachedBefore(spec.method, spec.path)), ...(hooks?.before ?? [])];
    let envelope: WrikeEnvelope<T>;
    try {
      envelope = await rounds.track(send);
    } catch (error) {
      // A write whose outcome is unknown may have been made: what it would make stale goes, as for one Wrike took.
      if (error instanceof WrikeError && error.kind === 'outcome_unknown') await drop(spec, [], before);
      throw error;
    }
    await drop(spec, envelope.data, before);
    return envelope;
  };
  return {
    get,
    post: (path, params, hooks) => write({ method: 'POST', path, params }, hooks, (h) => client.post(path, params, h)),
    put: (path, params, hooks) => write({ method: 'PUT', path, params }, hooks, (h) => client.put(path, params, h)),
    delete: (path, hooks) => write({ method: 'DELETE', path }, hooks, (h) => client.delete(path, h)),
    request: (spec, hooks) => (spec.method === 'GET' ? rounds.track((h) => client.request(spec, h)) : write(spec, hooks, (h) => client.request(spec, h))),
    stream: (path) => rounds.track((hooks) => client.stream(path, hooks)),
    // A proxied call: counted like any other (each try it sends); a write drops what its route makes stale, every id
    // it names and its resource's account lists before its answer goes back, whatever the answer (a failed write may
    // have been made).
    passthrough: async (spec) => {
      if (spec.method === 'GET' || !cache) return rounds.track((hooks) => client.passthrough(spec, hooks));
      const before = await cachedBefore(spec.method, spec.path);
      const dropNamed = async (data: readonly unknown[]) => {
        await dropStale(cache, proxyStaleOf(spec.method, spec.path, spec.params as WrikeParams | undefined, spec.names ?? [], data, before), readTasks)
          .catch((error: unknown) => cache.dropFailed(error));
      };
      let answer: WrikeStream;
      let read: Awaited<ReturnType<typeof readAnswer>>;
      try {
        answer = await rounds.track((hooks) => client.passthrough(spec, hooks));
        read = await readAnswer(answer.body);
      } catch (error) {
        await dropNamed([]);
        throw error;
      }
      await dropNamed(answer.status < 300 ? read.data : []);
      return { ...answer, body: read.body };
    },
  } as WrikeCaller;
}
