import Redis from 'ioredis';
import { burstOf, LocalBudget, RedisBudget, type CallBudget } from '../../src/wrike/budget';
import { SharedBatcher, type BatchCall, type SlotRequest } from '../../src/wrike/shared-batch';
import { RateLimiter } from '../../src/sandbox/rate-limit';
import { REDIS_URL, redisUp, testKeyPrefix } from '../helpers/redis';
import { startSandbox } from '../helpers/sandbox';
import { permanentTokenCredentials, WrikeClient } from '../../src/wrike/client';

/**
 * The budget's per-second shape: no more than the share in any rolling second (bursts included), a 429 halving the
 * rate and its recovery one step at a time; the sandbox's rolling second; a shared batch that takes its ids when its
 * budget slot comes.
 */

/** Asks to go out until the budget says go, moving the clock by each wait; returns the send times. */
async function sendTimes(budget: CallBudget, clock: { now: number }, calls: number): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < calls; i++) {
    for (;;) {
      const { pausedMs, waitMs } = await budget.goingOut();
      if (pausedMs > 0) clock.now += pausedMs;
      else if (waitMs > 0) clock.now += waitMs;
      else break;
    }
    times.push(clock.now);
  }
  return times;
}

/** The most calls in any window [t, t + 1100), the rolling second as the budget counts it. */
function busiestSecond(times: number[]): number {
  return Math.max(...times.map((t) => times.filter((u) => u >= t && u < t + 1100).length));
}

describe('LocalBudget: the rolling second', () => {
  it('lets no more than perSecond calls go out in any rolling second, however large the burst', async () => {
    const clock = { now: 1_000_000 };
    const budget = new LocalBudget({ perMinute: 360, burst: 10, perSecond: 4 }, () => clock.now);
    const times = await sendTimes(budget, clock, 20);
    expect(busiestSecond(times)).toBe(4);
    // The first four go at once (a burst), the fifth a second (and a tenth, for the clocks) after the first.
    expect(times.slice(0, 5).map((t) => t - 1_000_000)).toEqual([0, 0, 0, 0, 1100]);
  });

  it('defaults the share to the per-minute budget\'s share of a second, and keeps the burst within what it leaves', async () => {
    const budget = new LocalBudget({ perMinute: 360, burst: 10 });
    // Six a second spaced evenly fill the share: no room for a burst (else a clump of six each second).
    expect(await budget.status()).toMatchObject({ perSecond: 6, ratePerSecond: 6, burst: 1 });
    expect(burstOf({ perMinute: 360, burst: 10, perSecond: 9 })).toBe(3); // 7 of 9 spaced evenly in 1.1 s
    expect(burstOf({ perMinute: 360, burst: 2, perSecond: 9 })).toBe(2);
  });

  it('with the defaults, calls asked for all at once go out evenly spaced, never a clump', async () => {
    const clock = { now: 2_000_000 };
    const budget = new LocalBudget({ perMinute: 360, burst: 10 }, () => clock.now);
    const reserved: number[] = [];
    for (let i = 0; i < 12; i++) reserved.push((await budget.reserve(Infinity)).waitMs);
    // Six in any 1.1 s: one every 183 ms.
    expect(reserved.map((ms) => Math.round(ms))).toEqual([0, 183, 367, 550, 733, 917, 1100, 1283, 1467, 1650, 1833, 2017]);
  });

  it('a 429 halves the rate (once for the calls already out), which then rises by one every recoveryMs', async () => {
    const clock = { now: 1_000_000 };
    const budget = new LocalBudget({ perMinute: 6000, burst: 100, perSecond: 8, recoveryMs: 5000 }, () => clock.now);
    await budget.pause(0, true);
    await budget.pause(0, true); // another 429 of the same moment: one signal
    expect((await budget.status()).ratePerSecond).toBe(4);
    expect(busiestSecond(await sendTimes(budget, clock, 12))).toBe(4);
    const rates: number[] = [];
    for (let step = 0; step < 6; step++) {
      rates.push((await budget.status()).ratePerSecond);
      clock.now += 5000;
    }
    // (The 12 calls above took two seconds.)
    expect(rates).toEqual([4, 5, 6, 7, 8, 8]);
    await budget.pause(0, true);
    expect((await budget.status()).ratePerSecond).toBe(4);
  });

  it('a pause answers pausedMs until it is over; a 503\'s pause does not lower the rate', async () => {
    const clock = { now: 1_000_000 };
    const budget = new LocalBudget({ perMinute: 600, burst: 5, perSecond: 5 }, () => clock.now);
    await budget.pause(2000);
    expect(await budget.goingOut()).toEqual({ pausedMs: 2000, waitMs: 0 });
    expect((await budget.status()).ratePerSecond).toBe(5);
    clock.now += 2000;
    expect(await budget.goingOut()).toEqual({ pausedMs: 0, waitMs: 0 });
  });
});

const redisDescribe = redisUp() ? describe : describe.skip;

redisDescribe('RedisBudget: the rolling second shared by replicas', () => {
  let redis: Redis;
  beforeAll(() => {
    redis = new Redis(REDIS_URL);
  });
  afterAll(() => redis.quit());

  it('two budgets on one key (two replicas) let no more than perSecond calls out in any rolling second together', async () => {
    const key = `${testKeyPrefix()}:budget:c1`;
    const limits = { perMinute: 100_000, burst: 1000, perSecond: 5 };
    const replicas = [new RedisBudget(redis, key, limits), new RedisBudget(redis, key, limits)];
    const sent: number[] = [];
    // Each replica sends as fast as the budget lets it for 2.5 s, timed on this machine's clock.
    const until = Date.now() + 2500;
    await Promise.all(replicas.map(async (budget) => {
      while (Date.now() < until) {
        const { pausedMs, waitMs } = await budget.goingOut();
        if (pausedMs === 0 && waitMs === 0) sent.push(Date.now());
        else await new Promise((resolve) => setTimeout(resolve, Math.max(pausedMs, waitMs)));
      }
    }));
    // 2.5 s hold three starts of the budget's 1.1 s second: at most 15 calls (two budgets that did not share would
    // let 30 out).
    // Counted, not timed here: a busy machine delays one of Redis's answers more than another.
    expect(sent.length).toBeGreaterThanOrEqual(10);
    expect(sent.length).toBeLessThanOrEqual(15);
  });

  it('a 429 on one replica halves the rate of both; it recovers step by step', async () => {
    const key = `${testKeyPrefix()}:budget:c2`;
    const limits = { perMinute: 100_000, burst: 1000, perSecond: 8, recoveryMs: 300 };
    const [a, b] = [new RedisBudget(redis, key, limits), new RedisBudget(redis, key, limits)];
    await a.pause(1, true);
    await a.pause(1, true);
    expect((await b.status()).ratePerSecond).toBe(4);
    const seen = [4];
    while (seen[seen.length - 1]! < 8) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      const rate = (await b.status()).ratePerSecond;
      if (rate !== seen[seen.length - 1]) seen.push(rate);
    }
    expect(seen).toEqual([4, 5, 6, 7, 8]);
  });
});

describe('a client\'s calls against a sandbox enforcing a rolling second', () => {
  it('calls let out together (a burst, a concurrency slot freed) are spread by the rolling second: no 429', async () => {
    const sandbox = await startSandbox({ size: 'small', rateLimitPerMinute: 100_000, rateLimitBurst: 100_000, rateLimitPerSecond: 4 });
    try {
      // A budget whose per-minute spacing and burst would let all 12 out at once; its rolling second holds 4.
      const client = new WrikeClient({
        baseUrl: `${sandbox.url}/api/v4`, credentials: permanentTokenCredentials(sandbox.token), timeoutMs: 5000, maxConcurrency: 12,
        budget: new LocalBudget({ perMinute: 100_000, burst: 1000, perSecond: 4 }),
      });
      const answers = await Promise.all(Array.from({ length: 12 }, (_, i) => client.get(`/tasks`, { pageSize: i + 1 })));
      expect(answers).toHaveLength(12);
      const { calls, byStatus } = sandbox.sandbox.counters.snapshot();
      expect(byStatus['429'] ?? 0).toBe(0);
      expect(calls).toHaveLength(12);
      const starts = calls.map((c) => c.startedAt).sort((a, b) => a - b);
      // Three rolling seconds' worth: the last starts at least two seconds after the first.
      expect(starts[11]! - starts[0]!).toBeGreaterThanOrEqual(2000);
    } finally {
      await sandbox.close();
    }
  });
});

describe('the sandbox\'s rolling second', () => {
  it('refuses the 8th call in a second at 400 a minute (the strict reading, ⌈400 / 60⌉), whatever the burst', () => {
    let now = 5_000_000;
    const limiter = new RateLimiter(400, 100, () => now);
    expect(limiter.secondShare).toBe(7);
    const answers = Array.from({ length: 8 }, () => limiter.take('token'));
    expect(answers).toEqual([0, 0, 0, 0, 0, 0, 0, 1]);
    expect(limiter.take('other token')).toBe(0);
    now += 999;
    expect(limiter.take('token')).toBe(1);
    now += 1;
    expect(limiter.take('token')).toBe(0);
  });

  it('takes an explicit per-second share', () => {
    const limiter = new RateLimiter(1e9, 1e9, () => 1, 3);
    expect([1, 2, 3, 4].map(() => limiter.take('t'))).toEqual([0, 0, 0, 1]);
  });
});

describe('SharedBatcher with a slot first', () => {
  const requester = () => ({ deadline: Date.now() + 5000, calls: 0, charge() { this.calls++; return undefined; } });

  it('every id asked for while the slot is awaited joins the call that takes it (up to 100), the rest the next', async () => {
    const calls: string[][] = [];
    const grants: (() => void)[] = [];
    const slot = (_request: SlotRequest) => new Promise<void>((resolve) => grants.push(resolve));
    const batcher = new SharedBatcher(async (ids: string[], call: BatchCall) => {
      expect(call.holdsSlot()).toBe(true);
      expect(call.holdsSlot()).toBe(false); // once
      call.charge();
      calls.push(ids);
      return ids.map((id) => ({ id }));
    }, 8, slot);
    const ids = Array.from({ length: 130 }, (_, i) => `ID${i}`);
    const requesters = ids.map(() => requester());
    const first = batcher.load([ids[0]!], requesters[0]!);
    await new Promise((resolve) => setTimeout(resolve, 5));
    const rest = ids.slice(1).map((id, k) => batcher.load([id], requesters[k + 1]!));
    await new Promise((resolve) => setTimeout(resolve, 5));
    expect(calls).toEqual([]);
    expect(grants).toHaveLength(1); // one slot awaited at a time
    grants[0]!();
    await new Promise((resolve) => setTimeout(resolve, 5));
    expect(calls.map((c) => c.length)).toEqual([100]);
    grants[1]!();
    await Promise.all([first, ...rest]);
    expect(calls.map((c) => c.length)).toEqual([100, 30]);
    expect(requesters.every((r) => r.calls === 1)).toBe(true);
  });

  it('when the budget refuses the slot, what waits fails with the budget\'s error', async () => {
    const batcher = new SharedBatcher(async (ids: string[]) => ids.map((id) => ({ id })), 8, async () => {
      throw new Error('budget used up');
    });
    const answer = await batcher.load(['A', 'B'], requester());
    expect(answer.map((a) => (a as Error).message)).toEqual(['budget used up', 'budget used up']);
  });
});
