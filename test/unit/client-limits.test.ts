import { Semaphore } from '../../src/wrike/semaphore';
import { LocalBudget } from '../../src/wrike/budget';
import { CallDispatcher } from '../../src/wrike/dispatcher';
import { Coalescer } from '../../src/wrike/coalesce';
import type { CallHooks } from '../../src/wrike/dispatcher';
import { SharedBatcher, type BatchCall } from '../../src/wrike/shared-batch';
import { retryAfterMs } from '../../src/wrike/client';
import { WrikeError } from '../../src/wrike/errors';

describe('Semaphore', () => {
  it('never runs more than its limit at once', async () => {
    const slots = new Semaphore(3);
    let active = 0;
    let peak = 0;
    await Promise.all(Array.from({ length: 12 }, () => slots.run(async () => {
      active++;
      peak = Math.max(peak, active);
      await new Promise((resolve) => setTimeout(resolve, 5));
      active--;
    })));
    expect(peak).toBe(3);
  });
});

describe('LocalBudget (GCRA)', () => {
  it('lets a burst through, then gives each caller its own slot, one interval apart', async () => {
    let now = 1_000_000;
    // One call every 100 ms; a rolling second of 14 leaves room for the burst of 3 (see burstOf).
    const budget = new LocalBudget({ perMinute: 600, burst: 3, perSecond: 14 }, () => now);
    const waits = [];
    for (let i = 0; i < 6; i++) waits.push((await budget.reserve(Infinity)).waitMs);
    expect(waits).toEqual([0, 0, 0, 100, 200, 300]);
    now += 1000;
    expect((await budget.status()).available).toBe(3);
  });

  it('refuses a slot further away than the caller can wait, without taking it', async () => {
    const now = 0;
    // (A rolling second with room to spare: the per-minute spacing alone.)
    const budget = new LocalBudget({ perMinute: 60, burst: 1, perSecond: 10 }, () => now);
    expect(await budget.reserve(0)).toEqual({ granted: true, waitMs: 0 });
    expect(await budget.reserve(500)).toEqual({ granted: false, waitMs: 1000 });
    expect(await budget.reserve(1000)).toEqual({ granted: true, waitMs: 1000 });
  });

  it('a pause holds every caller until it is over, then lets them out one interval apart (no burst after a 429)', async () => {
    const now = 0;
    const budget = new LocalBudget({ perMinute: 600, burst: 5, perSecond: 20 }, () => now);
    await budget.pause(5000);
    expect((await budget.reserve(Infinity)).waitMs).toBe(5000);
    expect((await budget.reserve(Infinity)).waitMs).toBe(5100);
    expect((await budget.reserve(Infinity)).waitMs).toBe(5200);
  });

  it('says how long a pause still holds (checked as each call goes out)', async () => {
    let now = 1_000_000;
    const budget = new LocalBudget({ perMinute: 600, burst: 5 }, () => now);
    expect(await budget.pausedFor()).toBe(0);
    await budget.pause(3000);
    now += 1000;
    expect(await budget.pausedFor()).toBe(2000);
    now += 2000;
    expect(await budget.pausedFor()).toBe(0);
  });
});

describe('CallDispatcher', () => {
  it('serves requests round-robin: a light request is not starved by a heavy one', async () => {
    const dispatcher = new CallDispatcher(new LocalBudget({ perMinute: 6000, burst: 1 })); // a slot every 10 ms
    const order: string[] = [];
    const deadline = Date.now() + 10_000;
    const heavy = Array.from({ length: 20 }, (_, i) => dispatcher.admit({ lane: 'heavy', deadline }).then(() => order.push(`h${i}`)));
    await new Promise((resolve) => setTimeout(resolve, 25));
    const light = dispatcher.admit({ lane: 'light', deadline }).then(() => order.push('light'));
    await Promise.all([...heavy, light]);
    expect(order.indexOf('light')).toBeLessThan(6);
  });

  it('fails a call whose deadline passes while queued with RATE_LIMITED and a retryAfter; it never goes out', async () => {
    const dispatcher = new CallDispatcher(new LocalBudget({ perMinute: 60, burst: 1 }));
    await dispatcher.admit({ lane: 'a', deadline: Date.now() + 1000 });
    const late = await dispatcher.admit({ lane: 'a', deadline: Date.now() + 200 }).catch((e: unknown) => e);
    expect(late).toBeInstanceOf(WrikeError);
    expect(late).toMatchObject({ kind: 'rate_limited' });
    expect((late as WrikeError).details.retryAfterSeconds).toBeGreaterThanOrEqual(1);
  });

  it('drops queued calls of a cancelled request at once', async () => {
    const dispatcher = new CallDispatcher(new LocalBudget({ perMinute: 60, burst: 1 }));
    await dispatcher.admit({ lane: 'a', deadline: Date.now() + 60_000 });
    const controller = new AbortController();
    const queued = dispatcher.admit({ lane: 'b', deadline: Date.now() + 60_000, signal: controller.signal }).catch((e: unknown) => e);
    controller.abort();
    expect(await queued).toMatchObject({ kind: 'cancelled' });
    expect(dispatcher.queued).toBe(0);
  });
});

describe('Coalescer', () => {
  it('makes identical calls in flight once and shares the answer', async () => {
    const coalescer = new Coalescer();
    let calls = 0;
    const call = () => new Promise<number>((resolve) => setTimeout(() => resolve(++calls), 10));
    const answers = await Promise.all(Array.from({ length: 10 }, () => coalescer.run('GET /tasks/X', call)));
    expect(answers).toEqual(Array(10).fill(1));
    expect(await coalescer.run('GET /tasks/X', call)).toBe(2);
  });

  it('gives the shared call its most patient caller\'s deadline; a caller whose own deadline passes while it is queued leaves', async () => {
    const coalescer = new Coalescer();
    let shared!: CallHooks;
    let answer!: (value: string) => void;
    const call = (hooks: CallHooks) => {
      shared = hooks;
      return new Promise<string>((resolve) => { answer = resolve; });
    };
    const now = Date.now();
    const hurried = coalescer.run('K', call, { deadline: now + 20 }).catch((e: unknown) => e);
    const patient = coalescer.run('K', call, { deadline: now + 60_000 });
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(shared.deadline).toBe(now + 60_000);
    expect(await hurried).toMatchObject({ kind: 'rate_limited' });
    expect(shared.signal!.aborted).toBe(false);
    answer('done');
    expect(await patient).toBe('done');
  });

  it('aborts the shared call when its last caller has left, and tells each caller still there of every try sent', async () => {
    const coalescer = new Coalescer();
    let shared!: CallHooks;
    const call = (hooks: CallHooks) => {
      shared = hooks;
      return new Promise<string>(() => undefined);
    };
    const [a, b] = [new AbortController(), new AbortController()];
    const sent = { a: 0, b: 0 };
    const first = coalescer.run('K', call, { signal: a.signal, sending: () => void sent.a++ }).catch((e: unknown) => e);
    const second = coalescer.run('K', call, { signal: b.signal, sending: () => void sent.b++ }).catch((e: unknown) => e);
    await new Promise((resolve) => setTimeout(resolve, 0));
    shared.sending!();
    a.abort();
    expect(await first).toMatchObject({ kind: 'cancelled' });
    expect(shared.signal!.aborted).toBe(false);
    shared.sending!(); // a retry: only the caller still waiting counts it
    expect(sent).toEqual({ a: 1, b: 2 });
    b.abort();
    expect(await second).toMatchObject({ kind: 'cancelled' });
    expect(shared.signal!.aborted).toBe(true);
  });
});

describe('Retry-After', () => {
  it('reads delay seconds and HTTP-dates', () => {
    const now = Date.parse('2026-11-29T10:00:00Z');
    expect(retryAfterMs('7', now)).toBe(7000);
    expect(retryAfterMs('0', now)).toBe(0);
    expect(retryAfterMs('Sun, 29 Nov 2026 10:00:30 GMT', now)).toBe(30_000);
    expect(retryAfterMs('soon', now)).toBeUndefined();
    expect(retryAfterMs(undefined, now)).toBeUndefined();
  });
});

describe('SharedBatcher', () => {
  /** A request waiting on batches, counting the calls it is charged (and refusing past `cap`). */
  const requester = (ms = 1000, cap = Infinity, signal?: AbortSignal) => {
    const r = {
      deadline: Date.now() + ms, signal, calls: 0,
      charge: () => (r.calls >= cap ? new Error('over the cap') : (r.calls++, undefined)),
    };
    return r;
  };
  const slowFetch = (calls: string[][], ms = 20) => async (ids: string[], call: BatchCall) => {
    if (!call.charge()) throw new Error('abandoned');
    calls.push(ids);
    call.admitted();
    await new Promise((resolve) => setTimeout(resolve, ms));
    return ids.map((id) => ({ id }));
  };

  it('sends the ids of concurrent callers in one call, and each caller is charged that one call', async () => {
    const calls: string[][] = [];
    const batcher = new SharedBatcher(slowFetch(calls));
    const requesters = ['A', 'B', 'C'].map(() => requester());
    const loads = await Promise.all(['A', 'B', 'C'].map((id, k) => batcher.load([id], requesters[k]!)));
    expect(calls).toEqual([['A', 'B', 'C']]);
    expect(loads).toEqual([[{ id: 'A' }], [{ id: 'B' }], [{ id: 'C' }]]);
    expect(requesters.map((r) => r.calls)).toEqual([1, 1, 1]);
  });

  it('lets a caller join the call already out for its id (charged for it), and batches what waits behind busy calls', async () => {
    const calls: string[][] = [];
    const batcher = new SharedBatcher(slowFetch(calls), 1);
    const first = batcher.load(['A'], requester());
    await new Promise((resolve) => setTimeout(resolve, 5));
    const joiner = requester();
    const joined = batcher.load(['A'], joiner);
    const waiting = [batcher.load(['B'], requester()), batcher.load(['C'], requester())];
    await Promise.all([first, joined, ...waiting]);
    expect(calls).toEqual([['A'], ['B', 'C']]);
    expect(joiner.calls).toBe(1);
  });

  it('while one call waits for a budget slot, the ids asked for meanwhile wait and all go in the next call', async () => {
    const calls: string[][] = [];
    let grant!: () => void;
    const batcher = new SharedBatcher(async (ids: string[], call: BatchCall) => {
      call.charge();
      calls.push(ids);
      if (calls.length === 1) await new Promise<void>((resolve) => { grant = resolve; });
      call.admitted();
      return ids.map((id) => ({ id }));
    });
    const first = batcher.load(['A'], requester());
    await new Promise((resolve) => setTimeout(resolve, 5));
    const rest = ['B', 'C', 'D', 'E'].map((id) => batcher.load([id], requester()));
    await new Promise((resolve) => setTimeout(resolve, 5));
    expect(calls).toEqual([['A']]);
    grant();
    await Promise.all([first, ...rest]);
    expect(calls).toEqual([['A'], ['B', 'C', 'D', 'E']]);
  });

  it('a caller whose deadline passes stops waiting with RATE_LIMITED; the others get their answer', async () => {
    const calls: string[][] = [];
    const batcher = new SharedBatcher(slowFetch(calls, 100), 1);
    const patient = batcher.load(['A'], requester());
    const hurried = await batcher.load(['B'], requester(10));
    expect(hurried[0]).toMatchObject({ kind: 'rate_limited' });
    expect(await patient).toEqual([{ id: 'A' }]);
  });

  it('stops a batch (its signal aborts, no further call is charged) once its last caller has gone', async () => {
    let signal!: AbortSignal;
    let calls = 0;
    const batcher = new SharedBatcher(async (ids: string[], call: BatchCall) => {
      signal = call.signal;
      // A narrowing walk: one call after another until nobody waits.
      while (call.charge()) {
        calls++;
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
      return ids.map(() => null);
    });
    const gone = new AbortController();
    const load = batcher.load(['A', 'B'], requester(60_000, Infinity, gone.signal));
    await new Promise((resolve) => setTimeout(resolve, 35));
    gone.abort();
    expect((await load)[0]).toMatchObject({ kind: 'cancelled' });
    expect(signal.aborted).toBe(true);
    const made = calls;
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(calls).toBe(made);
  });

  it('a caller over its call cap leaves with its cap\'s error; the batch goes on for the others', async () => {
    let made = 0;
    const batcher = new SharedBatcher(async (ids: string[], call: BatchCall) => {
      for (let k = 0; k < 3; k++) {
        if (!call.charge()) throw new Error('abandoned');
        made++;
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
      return ids.map((id) => ({ id }));
    });
    const capped = requester(1000, 2);
    const other = requester();
    const [a, b] = await Promise.all([batcher.load(['A'], capped), batcher.load(['B'], other)]);
    expect(a[0]).toMatchObject({ message: 'over the cap' });
    expect(b).toEqual([{ id: 'B' }]);
    expect([capped.calls, other.calls, made]).toEqual([2, 3, 3]);
  });
});
