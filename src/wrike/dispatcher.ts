import { abortedBy, WrikeError } from './errors';
import type { CallBudget } from './budget';

/** Who a call is for: its lane (one per GraphQL request), the request's deadline, and its cancellation. */
export interface CallTicket {
  lane: string;
  /**
   * Epoch ms; a call still queued then fails with RATE_LIMITED instead of hanging. Read again when it comes: a call
   * shared by several requests (coalesced) waits as long as its most patient caller.
   */
  readonly deadline: number;
  signal?: AbortSignal;
}

/** Who a call is for and what its caller learns while it runs. */
export interface CallHooks extends Partial<CallTicket> {
  /** The call is about to wait (a 429's Retry-After or a retry's backoff): it holds nothing else up meanwhile. */
  waiting?(): void;
  /**
   * The call goes out to Wrike now (each try: the first, and again after a refresh, a 429 or a retryable failure):
   * one more Wrike call. Returning false stops it, unsent (nobody wants it any more).
   */
  sending?(): boolean | void;
  /** The budget let the call out (it no longer waits for a slot). */
  admitted?(): void;
  /** True once when the call's first slot was taken before it was built (see WrikeClient.waitForSlot). */
  holdsSlot?(): boolean;
  /** A GET shares only an identical call started after this moment (see Coalescer.run). */
  notBefore?: number;
  /** A GET: hears when the call that answers it was started (a nextMoment; see Coalescer.run). */
  sentAt?(moment: number): void;
  /**
   * A write: what it changes, as the caller read it before (a dependency's two ends, a task's super-tasks), so that the
   * cache entries of its old relatives are dropped too (see staleness.ts). The client itself ignores it.
   */
  before?: readonly unknown[];
}

interface Entry {
  ticket: CallTicket;
  resolve(): void;
  reject(error: Error): void;
  done: boolean;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Lets one connection's calls out through its budget, fairly: each GraphQL request has a lane and lanes are served
 * round-robin, so a heavy query cannot starve a light one. One slot is reserved at a time and given to the next
 * live call when it comes due; a call whose request's deadline passes while queued fails with RATE_LIMITED (with
 * `retryAfter`), one whose request was cancelled fails at once, and neither ever reaches Wrike.
 */
export class CallDispatcher {
  private readonly lanes = new Map<string, Entry[]>();
  private pumping = false;
  /** The pump waits for the budget's store to answer a reservation. */
  private askingStore = false;

  constructor(private readonly budget: CallBudget, private readonly onWait: (ms: number) => void = () => undefined) {}

  /** Resolves when the call may go out. */
  admit(ticket: CallTicket): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      const entry: Entry = { ticket, resolve, reject, done: false };
      let timer: NodeJS.Timeout | undefined;
      const settle = (error?: Error) => {
        if (entry.done) return;
        entry.done = true;
        clearTimeout(timer);
        ticket.signal?.removeEventListener('abort', onAbort);
        if (error) reject(error);
        else resolve();
      };
      entry.resolve = () => settle();
      entry.reject = (error) => settle(error);
      const onAbort = () => settle(abortedBy(ticket.signal, () => new WrikeError('cancelled', 'The request was cancelled before this Wrike call was made')));
      if (ticket.signal?.aborted) return onAbort();
      ticket.signal?.addEventListener('abort', onAbort, { once: true });
      // The deadline may move later (a patient caller joined a shared call): look again when the timer fires.
      const arm = () => {
        const left = ticket.deadline - Date.now();
        // Still waiting on the budget's store itself (a Redis that does not answer) is not a used-up budget.
        if (left <= 0) return settle(this.askingStore ? budgetUnanswered() : budgetExhausted(1000));
        timer = setTimeout(arm, Math.min(left, 2 ** 31 - 1));
      };
      arm();
      if (entry.done) return;
      const lane = this.lanes.get(ticket.lane);
      if (lane) lane.push(entry);
      else this.lanes.set(ticket.lane, [entry]);
      void this.pump();
    });
  }

  /** Calls waiting for a slot (all lanes). */
  get queued(): number {
    let n = 0;
    for (const lane of this.lanes.values()) n += lane.filter((e) => !e.done).length;
    return n;
  }

  private async pump(): Promise<void> {
    if (this.pumping) return;
    this.pumping = true;
    try {
      for (;;) {
        const head = this.peek();
        if (!head) return;
        this.askingStore = true;
        const reservation = await this.budget.reserve(Math.max(0, head.ticket.deadline - Date.now())).finally(() => {
          this.askingStore = false;
        });
        if (!reservation.granted) {
          this.take(head)?.reject(budgetExhausted(reservation.waitMs));
          continue;
        }
        if (reservation.waitMs > 0) {
          this.onWait(reservation.waitMs);
          await sleep(reservation.waitMs);
        }
        // The slot goes to whichever call is next now (the head may have expired while we waited).
        this.take(this.peek())?.resolve();
      }
    } catch {
      // The budget store failed (Redis refused, or did not answer within REDIS_TIMEOUT_MS): fail what is queued
      // rather than hang it, closed (no call goes out unbudgeted). The driver's message stays out: it can name hosts.
      for (const lane of this.lanes.values()) for (const entry of lane) entry.reject(budgetUnanswered());
      this.lanes.clear();
    } finally {
      this.pumping = false;
    }
  }

  /** The next live call in round-robin order, without removing it. */
  private peek(): Entry | undefined {
    for (const [key, lane] of this.lanes) {
      while (lane.length > 0 && (lane[0] as Entry).done) lane.shift();
      if (lane.length === 0) {
        this.lanes.delete(key);
        continue;
      }
      return lane[0];
    }
    return undefined;
  }

  /** Removes `entry` (the head of its lane) and moves its lane to the back of the round. */
  private take(entry: Entry | undefined): Entry | undefined {
    if (!entry) return undefined;
    const lane = this.lanes.get(entry.ticket.lane);
    if (!lane) return entry;
    lane.shift();
    this.lanes.delete(entry.ticket.lane);
    if (lane.length > 0) this.lanes.set(entry.ticket.lane, lane);
    return entry;
  }
}

function budgetExhausted(waitMs: number): WrikeError {
  const retryAfterSeconds = Math.max(1, Math.ceil(waitMs / 1000));
  return new WrikeError('rate_limited', `The connection's Wrike call budget is used up for now; try again in ${retryAfterSeconds} s`, { retryAfterSeconds });
}

function budgetUnanswered(): WrikeError {
  return new WrikeError('unavailable', 'The call budget (Redis) did not answer; try again');
}
