import { WrikeError } from './errors';

/**
 * Identical calls in flight are made once: the first caller's call is shared by every caller that asks for the same
 * key before it settles. One client (so one connection) has one coalescer: connections never share. A caller that
 * is cancelled stops waiting; the shared call goes on for the others.
 */
export class Coalescer {
  private readonly inFlight = new Map<string, Promise<unknown>>();

  constructor(private readonly onShared: () => void = () => undefined) {}

  run<T>(key: string, call: () => Promise<T>, signal?: AbortSignal): Promise<T> {
    let shared = this.inFlight.get(key) as Promise<T> | undefined;
    if (shared) this.onShared();
    else {
      shared = call().finally(() => this.inFlight.delete(key));
      this.inFlight.set(key, shared);
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
