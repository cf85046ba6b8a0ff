import { abortedBy, WrikeError } from './errors';
import type { CallHooks } from './dispatcher';
import { nextMoment } from './moments';

/** One call in flight and the callers still waiting for it. */
interface SharedCall {
  promise: Promise<unknown>;
  callers: Set<Caller>;
  /** Aborts the call: nobody waits for it any more. */
  controller: AbortController;
  /** Waiting for the budget (before its first admission, and again after a 429 or a retry's backoff). */
  queued: boolean;
  /** Sent and not yet answered: a caller joining it now is told it is sending (it counts the call as its own). */
  out: boolean;
  /** When it was started (a nextMoment): see `notBefore` and `sentAt` in CallHooks. */
  moment: number;
}

interface Caller {
  hooks: CallHooks;
  /** Its deadline passed while the call was out: it leaves if the call waits for the budget again. */
  late: boolean;
  leave(error: Error): void;
}

/**
 * Identical calls in flight are made once: the first caller's call is shared by every caller that asks for the same
 * key before it settles. One client (so one connection) has one coalescer: connections never share.
 *
 * The shared call lives while any caller waits for it: its deadline is its most patient caller's (a later caller
 * with a longer deadline is not failed by the first one's shorter one), and it is aborted (unsent if still queued)
 * when the last caller has left. A caller leaves when its request is cancelled, or when its own deadline passes
 * while the call waits for the budget (RATE_LIMITED, as if it had queued alone). What the call reports (admitted,
 * waiting, each try as it is sent) is told to every caller still waiting, and to a caller joining a try already sent.
 */
export class Coalescer {
  private readonly inFlight = new Map<string, SharedCall>();

  constructor(private readonly onShared: () => void = () => undefined) {}

  run<T>(key: string, call: (hooks: CallHooks) => Promise<T>, hooks: CallHooks = {}): Promise<T> {
    if (hooks.signal?.aborted) return Promise.reject(abortedBy(hooks.signal, cancelled));
    let shared = this.inFlight.get(key);
    // A caller that must not see an answer older than a cache drop shares only a call started after it.
    if (shared && hooks.notBefore !== undefined && shared.moment <= hooks.notBefore) shared = undefined;
    if (shared) this.onShared();
    else shared = this.start(key, call, hooks);
    hooks.sentAt?.(shared.moment);
    return this.join(key, shared, hooks) as Promise<T>;
  }

  private start<T>(key: string, call: (hooks: CallHooks) => Promise<T>, first: CallHooks): SharedCall {
    const shared: SharedCall = { promise: Promise.resolve(), callers: new Set(), controller: new AbortController(), queued: true, out: false, moment: nextMoment() };
    const each = (tell: (caller: Caller) => void) => [...shared.callers].forEach(tell);
    const sharedHooks: CallHooks = {
      lane: first.lane,
      get deadline() {
        let latest: number | undefined = 0;
        for (const { hooks } of shared.callers) latest = hooks.deadline === undefined || latest === undefined ? undefined : Math.max(latest, hooks.deadline);
        return latest as number;
      },
      signal: shared.controller.signal,
      holdsSlot: () => first.holdsSlot?.() ?? false,
      admitted: () => {
        shared.queued = false;
        each((c) => c.hooks.admitted?.());
      },
      waiting: () => {
        shared.queued = true;
        shared.out = false;
        each((c) => (c.late ? c.leave(expired()) : c.hooks.waiting?.()));
      },
      sending: () => {
        shared.out = true;
        each((c) => c.hooks.sending?.());
      },
    };
    shared.promise = Promise.resolve().then(() => call(sharedHooks)).finally(() => {
      if (this.inFlight.get(key) === shared) this.inFlight.delete(key);
    });
    // Settled with every caller gone: nobody reads it.
    shared.promise.catch(() => undefined);
    this.inFlight.set(key, shared);
    return shared;
  }

  private join(key: string, shared: SharedCall, hooks: CallHooks): Promise<unknown> {
    return new Promise((resolve, reject) => {
      let timer: NodeJS.Timeout | undefined;
      const done = () => {
        clearTimeout(timer);
        hooks.signal?.removeEventListener('abort', onAbort);
        return shared.callers.delete(caller);
      };
      const caller: Caller = {
        hooks,
        late: false,
        leave: (error) => {
          if (!done()) return;
          reject(error);
          if (shared.callers.size > 0) return;
          // The last caller left: stop the call, and let the next caller make a new one.
          if (this.inFlight.get(key) === shared) this.inFlight.delete(key);
          shared.controller.abort();
        },
      };
      const onAbort = () => caller.leave(abortedBy(hooks.signal, cancelled));
      shared.callers.add(caller);
      if (shared.out) hooks.sending?.();
      hooks.signal?.addEventListener('abort', onAbort, { once: true });
      if (hooks.deadline !== undefined && Number.isFinite(hooks.deadline)) {
        timer = setTimeout(() => {
          if (shared.queued) caller.leave(expired());
          else caller.late = true;
        }, Math.min(Math.max(0, hooks.deadline - Date.now()), 2 ** 31 - 1));
      }
      shared.promise.then(
        (value) => done() && resolve(value),
        (error: unknown) => done() && reject(error),
      );
    });
  }
}

const cancelled = () => new WrikeError('cancelled', 'The request was cancelled while it waited for a Wrike call');

const expired = () => new WrikeError('rate_limited', 'The connection\'s Wrike call budget is used up for now; try again in 1 s', { retryAfterSeconds: 1 });
