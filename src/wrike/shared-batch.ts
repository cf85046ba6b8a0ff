import { WrikeError } from './errors';
import { WRIKE_BATCH_LIMIT, type ByIdResult } from './batch';
import { nextMoment } from './moments';

interface Waiter<T> {
  /** `batch` names the shared batch that answered; `calls` is how many Wrike calls it made. */
  resolve(result: ByIdResult<T>, batch: number, calls: number): void;
  settled: boolean;
}

/** What one shared batch got from Wrike, and how many calls that took (narrowing and retries included). */
export interface BatchOutcome<T> {
  results: ByIdResult<T>[];
  calls: number;
}

export interface SharedLoad<T> {
  results: ByIdResult<T>[];
  /** The Wrike calls that answered these ids (shared with other requests). */
  calls: number;
}

/**
 * By-id reads of every request of one connection, batched together: ids wanted by concurrent requests go out in the
 * same call (up to 100 a call). At most one call of a kind waits for a budget slot at a time (and at most
 * `maxOutstanding` are out): ids asked for meanwhile wait and go in the next call, so when the budget is tight each
 * slot carries every id asked for since the last one. A caller whose deadline passes stops waiting with RATE_LIMITED;
 * the call goes on for the others.
 */
export class SharedBatcher<T> {
  private queue = new Map<string, Waiter<T>[]>();
  /** Ids in a call now: a caller asking for one joins that call. */
  private readonly inFlight = new Map<string, Waiter<T>[]>();
  /** When each id's call in flight was sent (a nextMoment). */
  private readonly sentAt = new Map<string, number>();
  private outstanding = 0;
  /** Calls that have not yet got their budget slot. */
  private waitingForSlot = 0;
  private scheduled = false;

  constructor(
    private readonly fetch: (ids: string[], admitted: () => void) => Promise<BatchOutcome<T>>,
    private readonly maxOutstanding = 8,
  ) {}

  /** `notBefore` (a nextMoment): join only calls sent after it (an id whose call was sent earlier waits for the next). */
  load(ids: readonly string[], deadline: number, notBefore = 0): Promise<SharedLoad<T>> {
    const unique = [...new Set(ids)];
    const byId = new Map<string, ByIdResult<T>>();
    const batches = new Map<number, number>();
    return new Promise<SharedLoad<T>>((resolve) => {
      let left = unique.length;
      if (left === 0) return resolve({ results: [], calls: 0 });
      // (A timer past 2^31 ms would fire at once: no deadline, no timer.)
      const timer = deadline - Date.now() < 2 ** 31 ? setTimeout(() => {
        for (const waiter of waiters) if (!waiter.settled) waiter.resolve(expired(), 0, 0);
      }, Math.max(0, deadline - Date.now())) : undefined;
      const waiters = unique.map((id) => {
        const waiter: Waiter<T> = {
          settled: false,
          resolve: (result, batch, calls) => {
            if (waiter.settled) return;
            waiter.settled = true;
            byId.set(id, result);
            if (batch > 0) batches.set(batch, calls);
            if (--left === 0) {
              clearTimeout(timer);
              resolve({ results: ids.map((i) => byId.get(i) ?? null), calls: [...batches.values()].reduce((a, b) => a + b, 0) });
            }
          },
        };
        const joined = ((this.sentAt.get(id) ?? 0) > notBefore ? this.inFlight.get(id) : undefined) ?? this.queue.get(id);
        if (joined) joined.push(waiter);
        else this.queue.set(id, [waiter]);
        return waiter;
      });
      this.schedule();
    });
  }

  private nextCall = 1;

  private schedule(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    // After the current tick: the ids every request asks for now go out together.
    setImmediate(() => {
      this.scheduled = false;
      this.flush();
    });
  }

  private flush(): void {
    while (this.waitingForSlot === 0 && this.outstanding < this.maxOutstanding && this.queue.size > 0) {
      const batch: [string, Waiter<T>[]][] = [];
      for (const [id, waiters] of this.queue) {
        this.queue.delete(id);
        if (waiters.every((w) => w.settled)) continue; // every caller gave up: not worth a slot
        batch.push([id, waiters]);
        if (batch.length === WRIKE_BATCH_LIMIT) break;
      }
      if (batch.length === 0) return;
      const call = this.nextCall++;
      this.outstanding++;
      this.waitingForSlot++;
      let admitted = false;
      const onAdmitted = () => {
        if (admitted) return;
        admitted = true;
        this.waitingForSlot--;
        this.flush();
      };
      const sent = nextMoment();
      for (const [id, waiters] of batch) {
        this.inFlight.set(id, waiters);
        this.sentAt.set(id, sent);
      }
      const settle = (answer: (k: number) => ByIdResult<T>, calls: number) => batch.forEach(([id, waiters], k) => {
        if (this.inFlight.get(id) === waiters) {
          this.inFlight.delete(id);
          this.sentAt.delete(id);
        }
        for (const w of waiters) w.resolve(answer(k), call, calls);
      });
      this.fetch(batch.map(([id]) => id), onAdmitted)
        .then((outcome) => settle((k) => outcome.results[k] ?? null, outcome.calls))
        .catch((error: unknown) => settle(() => (error instanceof Error ? error : new Error(String(error))), 1))
        .finally(() => {
          if (!admitted) {
            admitted = true;
            this.waitingForSlot--;
          }
          this.outstanding--;
          this.flush();
        });
    }
  }
}

function expired(): WrikeError {
  return new WrikeError('rate_limited', 'The connection\'s Wrike call budget is used up for now; try again shortly', { retryAfterSeconds: 1 });
}
