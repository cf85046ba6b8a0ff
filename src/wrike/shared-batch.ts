import { abortedBy, WrikeError } from './errors';
import { WRIKE_BATCH_LIMIT, type ByIdResult } from './batch';
import { nextMoment } from './moments';

/**
 * A request waiting on shared batches: its deadline, its cancellation (a client that left, or a request that has
 * answered), and its count of Wrike calls.
 */
export interface BatchRequester {
  readonly deadline: number;
  readonly signal?: AbortSignal;
  /** One more Wrike call made for this request: counts it, or says why it may make no more (its call cap). */
  charge(): Error | undefined;
}

/** What one shared batch's fetch may do: make calls (each charged to the requests still waiting), and stop. */
export interface BatchCall {
  /**
   * Counts one Wrike call going out now (a retry too) for every request still waiting on the batch. False when none
   * is left (each has answered, given up or reached its call cap): the call must not be made.
   */
  charge(): boolean;
  /** Aborted when no request waits on the batch any more: its queued and in-flight calls are dropped. */
  readonly signal: AbortSignal;
  /** The latest deadline of the requests still waiting (the batch's calls wait for the budget that long). */
  readonly deadline: number;
  /** The budget let the batch's first call out: the next batch may form. */
  admitted(): void;
  /** True once when the batch's first slot was taken before its ids were (see SharedBatcher's `waitForSlot`). */
  holdsSlot(): boolean;
}

/** What waits for a budget slot before a batch has its ids: the latest deadline of the requests it would serve. */
export interface SlotRequest {
  readonly deadline: number;
}

interface Waiter<T> {
  requester: BatchRequester;
  settled: boolean;
  /** Settles the waiter (once); `leaving` says it did not get the batch's answer (so the batch may stop). */
  resolve(result: ByIdResult<T>, leaving?: boolean): void;
}

/** The waiters of one id, and the batch it is in once it went out. */
interface Slot<T> {
  waiters: Waiter<T>[];
  batch?: Batch<T>;
}

interface Batch<T> {
  slots: Slot<T>[];
  controller: AbortController;
  /** Requests charged for the call out now (a request joining it is charged for it too). */
  chargedNow: Set<BatchRequester>;
  callOut: boolean;
  /** When it was sent (a nextMoment): a read that must not see an answer older than a drop joins only later ones. */
  sent: number;
}

/**
 * By-id reads of every request of one connection, batched together: ids wanted by concurrent requests go out in the
 * same call (up to 100 a call). At most one call of a kind waits for a budget slot at a time (and at most
 * `maxOutstanding` are out). With `waitForSlot`, the slot is waited for first and the call takes its ids when the slot
 * comes: every id asked for until then joins it (the window adapts to the load: one tick when the budget has room, the
 * wait for the next slot when it is tight). Without it, the ids are taken first and the ids asked for meanwhile go
 * in the next call.
 *
 * A batch's calls are counted for the requests waiting on it: each call (narrowing and retries included) counts in
 * full for every request waiting when it goes out, and for a request that joins it while it is out. A request stops
 * waiting when its deadline passes (RATE_LIMITED), when it is cancelled or has answered, or when a call would take it
 * over its call cap (that cap's error); the batch goes on for the others, and stops (no further call, its queued and
 * in-flight calls dropped) when no request waits on it any more.
 */
export class SharedBatcher<T> {
  private queue = new Map<string, Slot<T>>();
  /** Ids in a call now: a caller asking for one joins that call. */
  private readonly inFlight = new Map<string, Slot<T>>();
  private outstanding = 0;
  /** Calls that have not yet got their budget slot. */
  private waitingForSlot = 0;
  private scheduled = false;

  constructor(
    private readonly fetch: (ids: string[], call: BatchCall) => Promise<ByIdResult<T>[]>,
    private readonly maxOutstanding = 8,
    private readonly waitForSlot?: (request: SlotRequest) => Promise<void>,
  ) {}

  /** `notBefore` (a nextMoment): join only calls sent after it (an id whose call was sent earlier waits for the next). */
  load(ids: readonly string[], requester: BatchRequester, notBefore = 0): Promise<ByIdResult<T>[]> {
    const unique = [...new Set(ids)];
    const byId = new Map<string, ByIdResult<T>>();
    return new Promise<ByIdResult<T>[]>((resolve) => {
      let left = unique.length;
      if (left === 0) return resolve([]);
      const leaveAll = (error: Error) => {
        for (const { waiter } of joined) waiter.resolve(error, true);
      };
      const onAbort = () => leaveAll(abortedBy(requester.signal, cancelled));
      // (A timer past 2^31 ms would fire at once: no deadline, no timer.)
      const timer = requester.deadline - Date.now() < 2 ** 31 ? setTimeout(() => leaveAll(expired()), Math.max(0, requester.deadline - Date.now())) : undefined;
      const joined = unique.map((id) => {
        const waiter: Waiter<T> = {
          requester,
          settled: false,
          resolve: (result, leaving = false) => {
            if (waiter.settled) return;
            waiter.settled = true;
            byId.set(id, result);
            if (leaving && slot.batch) this.stopIfAbandoned(slot.batch);
            if (--left === 0) {
              clearTimeout(timer);
              requester.signal?.removeEventListener('abort', onAbort);
              resolve(ids.map((i) => byId.get(i) ?? null));
            }
          },
        };
        const out = this.inFlight.get(id);
        const joinable = out && !out.batch?.controller.signal.aborted && (out.batch?.sent ?? 0) > notBefore;
        const slot = (joinable ? out : undefined) ?? this.queue.get(id) ?? { waiters: [] };
        if (slot.waiters.length === 0) this.queue.set(id, slot);
        slot.waiters.push(waiter);
        return { waiter, slot };
      });
      // Joining a call already out: it is made for this request too.
      for (const batch of new Set(joined.flatMap(({ slot }) => (slot.batch?.callOut ? [slot.batch] : [])))) this.chargeOne(batch, requester);
      if (requester.signal?.aborted) return onAbort();
      requester.signal?.addEventListener('abort', onAbort, { once: true });
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
      if (this.waitForSlot) {
        this.slotFirst(this.waitForSlot);
        continue;
      }
      const taken = this.take();
      if (!taken) return;
      this.send(taken.ids, taken.slots, false);
    }
  }

  /** Up to 100 queued ids some caller still waits for, out of the queue. */
  private take(): { ids: string[]; slots: Slot<T>[] } | undefined {
    const ids: string[] = [];
    const slots: Slot<T>[] = [];
    for (const [id, slot] of this.queue) {
      this.queue.delete(id);
      if (slot.waiters.every((w) => w.settled)) continue; // every caller gave up: not worth a slot
      ids.push(id);
      slots.push(slot);
      if (ids.length === WRIKE_BATCH_LIMIT) break;
    }
    return ids.length === 0 ? undefined : { ids, slots };
  }

  /** Waits for a budget slot, then sends what is queued by then (a slot nobody wants any more is left unused). */
  private slotFirst(waitForSlot: (request: SlotRequest) => Promise<void>): void {
    this.outstanding++;
    this.waitingForSlot++;
    const queue = () => [...this.queue.values()].flatMap((slot) => slot.waiters.filter((w) => !w.settled));
    waitForSlot({
      get deadline() {
        return Math.max(0, ...queue().map((w) => w.requester.deadline));
      },
    }).then(() => {
      this.waitingForSlot--;
      const taken = this.take();
      if (taken) this.send(taken.ids, taken.slots, true);
      else this.outstanding--;
      this.flush();
    }, (error: unknown) => {
      // The budget refused (every deadline would pass first) or its store failed: what waits fails with that.
      this.waitingForSlot--;
      this.outstanding--;
      const reason = error instanceof Error ? error : new Error(String(error));
      for (const [id, slot] of this.queue) {
        this.queue.delete(id);
        for (const w of slot.waiters) w.resolve(reason);
      }
      this.flush();
    });
  }

  /** Sends one batch; `holdingSlot`: its first call's budget slot is already taken (counted as waited for). */
  private send(ids: string[], slots: Slot<T>[], holdingSlot: boolean): void {
    this.nextCall++;
    if (!holdingSlot) {
      this.outstanding++;
      this.waitingForSlot++;
    }
    let slotHeld = holdingSlot;
    const batch: Batch<T> = { slots, controller: new AbortController(), chargedNow: new Set(), callOut: false, sent: nextMoment() };
    let admitted = holdingSlot;
    const onAdmitted = () => {
      if (admitted) return;
      admitted = true;
      this.waitingForSlot--;
      this.flush();
    };
    ids.forEach((id, k) => {
      const slot = slots[k] as Slot<T>;
      slot.batch = batch;
      this.inFlight.set(id, slot);
    });
    const settle = (answer: (k: number) => ByIdResult<T>) => ids.forEach((id, k) => {
      if (this.inFlight.get(id) === slots[k]) this.inFlight.delete(id);
      for (const w of (slots[k] as Slot<T>).waiters) w.resolve(answer(k));
    });
    const live = () => slots.flatMap((slot) => slot.waiters.filter((w) => !w.settled));
    const call: BatchCall = {
      charge: () => {
        batch.callOut = true;
        batch.chargedNow.clear();
        for (const { requester } of live()) this.chargeOne(batch, requester);
        return live().length > 0;
      },
      signal: batch.controller.signal,
      get deadline() {
        return Math.max(0, ...live().map((w) => w.requester.deadline));
      },
      admitted: onAdmitted,
      holdsSlot: () => {
        const held = slotHeld;
        slotHeld = false;
        return held;
      },
    };
    this.fetch(ids, call)
      .then((results) => settle((k) => results[k] ?? null))
      .catch((error: unknown) => settle(() => (error instanceof Error ? error : new Error(String(error)))))
      .finally(() => {
        if (!admitted) {
          admitted = true;
          this.waitingForSlot--;
        }
        this.outstanding--;
        this.flush();
      });
  }

  /** Charges `requester` once for the batch's call out now; a request over its cap stops waiting on the batch. */
  private chargeOne(batch: Batch<T>, requester: BatchRequester): void {
    if (batch.chargedNow.has(requester)) return;
    batch.chargedNow.add(requester);
    const refused = requester.charge();
    if (!refused) return;
    for (const slot of batch.slots) for (const w of slot.waiters) if (w.requester === requester) w.resolve(refused, true);
  }

  /** No request waits on the batch any more: its calls stop. */
  private stopIfAbandoned(batch: Batch<T>): void {
    if (batch.controller.signal.aborted) return;
    if (batch.slots.some((slot) => slot.waiters.some((w) => !w.settled))) return;
    batch.controller.abort();
    // A request asking for these ids from now on starts a batch of its own.
    for (const [id, slot] of this.inFlight) if (slot.batch === batch) this.inFlight.delete(id);
  }
}

function expired(): WrikeError {
  return new WrikeError('rate_limited', 'The connection\'s Wrike call budget is used up for now; try again shortly', { retryAfterSeconds: 1 });
}

function cancelled(): WrikeError {
  return new WrikeError('cancelled', 'The request was cancelled while it waited for a Wrike call');
}
