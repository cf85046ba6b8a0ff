import type { WrikeClient } from './client';

/** What endpoints need of a client: the HTTP verbs. */
export type WrikeCaller = Pick<WrikeClient, 'get' | 'post' | 'put' | 'delete' | 'request' | 'stream'>;

/**
 * Batches by round. DataLoader normally dispatches a batch at the end of the current tick, so ids requested by
 * resolvers that wake up at different times (as parallel Wrike calls return) would go out in several batches.
 * This scheduler holds a request's batches until none of its Wrike calls is in flight: every id wanted in one
 * round goes out in one batch (chunked by 100), which is what the call floor needs.
 */
export class RoundScheduler {
  private inFlight = 0;
  private queued: Array<() => void> = [];
  private pending = false;

  /** DataLoader's batchScheduleFn. */
  readonly schedule = (dispatch: () => void): void => {
    this.queued.push(dispatch);
    this.check();
  };

  track<T>(call: Promise<T>): Promise<T> {
    this.inFlight++;
    return call.finally(() => {
      this.inFlight--;
      this.check();
    });
  }

  private check(): void {
    if (this.pending) return;
    this.pending = true;
    // After the current microtasks: resolvers woken by a finished call enqueue their loads first.
    setImmediate(() => {
      this.pending = false;
      if (this.inFlight > 0 || this.queued.length === 0) return;
      const batch = this.queued;
      this.queued = [];
      for (const dispatch of batch) dispatch();
    });
  }
}

/** A request's view of a connection's client: every call is tracked by the request's round scheduler. */
export function trackedCaller(client: WrikeClient, rounds: RoundScheduler): WrikeCaller {
  return {
    get: (path, params) => rounds.track(client.get(path, params)),
    post: (path, params) => rounds.track(client.post(path, params)),
    put: (path, params) => rounds.track(client.put(path, params)),
    delete: (path) => rounds.track(client.delete(path)),
    request: (spec) => rounds.track(client.request(spec)),
    stream: (path) => rounds.track(client.stream(path)),
  } as WrikeCaller;
}
