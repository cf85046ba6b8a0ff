import { WrikeError } from './errors';
import { nextMoment } from './moments';

/**
 * Identical calls in flight are made once: the first caller's call is shared by every caller that asks for the same
 * key before it settles. One client (so one connection) has one coalescer: connections never share. A caller that
 * is cancelled stops waiting; the shared call goes on for the others.
 */
export class Coalescer {
  private readonly inFlight = new Map<string, { promise: Promise<unknown>; moment: number }>();

  constructor(private readonly onShared: () => void = () => undefined) {}

  /**
   * `notBefore` (a nextMoment): share only a call started after it, else make a new one (which later callers then
   * share). `sentAt` hears when the call it gets was started: a caller that caches the answer stores it only if that
   * was after its cache snapshot (an invalidation in between would not stop it otherwise).
   */
  run<T>(key: string, call: () => Promise<T>, signal?: AbortSignal, notBefore?: number, sentAt?: (moment: number) => void): Promise<T> {
    const current = this.inFlight.get(key);
    let shared: Promise<T>;
    if (current && (notBefore === undefined || current.moment > notBefore)) {
      this.onShared();
      sentAt?.(current.moment);
      shared = current.promise as Promise<T>;
    } else {
      const entry = { promise: undefined as unknown as Promise<unknown>, moment: nextMoment() };
      shared = call().finally(() => {
        if (this.inFlight.get(key) === entry) this.inFlight.delete(key);
      });
      entry.promise = shared;
      this.inFlight.set(key, entry);
      sentAt?.(entry.moment);
    }
    return signal ? abortable(shared, signal) : shared;
  }
}

const cancelled = () => new WrikeError('cancelled', 'The request was cancelled while it waited for a Wrike call');

function abortable<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(cancelled());
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(cancelled());
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}
