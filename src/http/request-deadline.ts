import { setMaxListeners } from 'node:events';
import type { ServerResponse } from 'node:http';
import { requestDeadlinePassed } from '../graphql/context';

/**
 * How long after the deadline the request's signal aborts: calls still queued for the call budget meet their own
 * deadline timers first (RATE_LIMITED with retryAfter, as documented); the abort then stops everything else.
 */
const ABORT_AFTER_MS = 25;
/**
 * How long the work has, once the signal aborted, to turn what was cut off into field errors (a partial answer)
 * before the route answers for it. Waits that do not listen to the signal (a Redis command, a SQL query) are what
 * this cuts short.
 */
const SETTLE_MS = 150;

/**
 * One request's deadline (REQUEST_DEADLINE_MS from its arrival): a signal that aborts when the deadline passes (its
 * reason a typed error its waiting Wrike calls fail with) or when the response is over (sent, or the client gone),
 * and `by`, which bounds any wait of the route on it. Nothing of the request is answered later than the deadline and
 * a fraction of a second.
 */
export class RequestDeadline {
  /** Epoch ms. */
  readonly at: number;
  private readonly controller = new AbortController();
  private expired = false;

  constructor(ms: number, res: ServerResponse) {
    this.at = Date.now() + ms;
    // One listener per Wrike call the request is waiting for (removed when each settles), up to MAX_QUERY_CALLS.
    setMaxListeners(0, this.controller.signal);
    const timer = setTimeout(() => {
      this.expired = true;
      this.controller.abort(requestDeadlinePassed());
    }, ms + ABORT_AFTER_MS);
    res.on('close', () => {
      clearTimeout(timer);
      this.controller.abort();
    });
  }

  get signal(): AbortSignal {
    return this.controller.signal;
  }

  /** Whether the deadline (not the end of the response) aborted the signal. */
  get passed(): boolean {
    return this.expired;
  }

  /**
   * `work`'s outcome, or `late()`'s (a value, or what it throws) when `work` has not settled `settleMs` after the
   * deadline. `work` itself goes on (a write already sent is never abandoned half-way); its outcome is then dropped.
   */
  async by<T>(work: Promise<T>, late: () => T, settleMs = SETTLE_MS): Promise<T> {
    let timer: NodeJS.Timeout | undefined;
    let onAbort: (() => void) | undefined;
    const cutoff = new Promise<T>((resolve, reject) => {
      onAbort = () => {
        timer = setTimeout(() => {
          try {
            resolve(late());
          } catch (error) {
            reject(error);
          }
        }, settleMs);
      };
      if (this.signal.aborted) onAbort();
      else this.signal.addEventListener('abort', onAbort, { once: true });
    });
    try {
      return await Promise.race([work, cutoff]);
    } finally {
      clearTimeout(timer);
      if (onAbort) this.signal.removeEventListener('abort', onAbort);
    }
  }
}
