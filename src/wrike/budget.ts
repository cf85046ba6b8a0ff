import type Redis from 'ioredis';

/**
 * One connection's budget of Wrike calls, shaped like Wrike's limit ("about 400 a minute, enforced per second"):
 * - `perMinute` calls a minute, smoothed per call (one every 60000/perMinute ms), with bursts of `burst` as far as
 *   the rolling second leaves room (see burstOf). It is a
 *   GCRA: each call reserves the next free slot and is told how long to wait for it, so waiting callers never retry
 *   together;
 * - and, checked as each call goes out (see `goingOut`), no more than `perSecond` calls in any rolling second, bursts
 *   included: a log of the last calls' send times. The second is counted as WINDOW_MS (1.1 s) on this side.
 * A 429 pauses the whole budget (every replica's, when it lives in Redis) until Wrike's wait is over, and halves the
 * per-second rate (Wrike's DDoS protection answers 429 below its limit too); the rate then rises again by one call a
 * second every `recoveryMs` (additive increase, multiplicative decrease).
 */
export interface BudgetLimits {
  perMinute: number;
  burst: number;
  /** Calls in any rolling second; default ⌊perMinute / 60⌋ (at least 1). */
  perSecond?: number;
  /** How often a lowered per-second rate rises by one; default 10 s. */
  recoveryMs?: number;
}

/** A lowered rate is not lowered again within this long: the 429s of calls already in flight are one signal. */
const LOWER_AT_MOST_EVERY_MS = 1000;
/**
 * The rolling second, as this side counts it: a second and a tenth, so that calls sent a little late (a busy event
 * loop, the network) still arrive within Wrike's share of its own second.
 */
export const WINDOW_MS = 1100;

/** The per-second share and the recovery step in force for `limits`. */
export function shapeOf(limits: BudgetLimits): { perSecond: number; recoveryMs: number } {
  return { perSecond: limits.perSecond ?? Math.max(1, Math.floor(limits.perMinute / 60)), recoveryMs: limits.recoveryMs ?? 10_000 };
}

/** Whether a call may go out now: paused (a 429's wait), or `waitMs` until the rolling second has room; else it is logged as sent. */
export interface GoingOut {
  pausedMs: number;
  waitMs: number;
}

/** A reservation: wait `waitMs`, then call; or refused, when the slot is further away than the caller can wait. */
export type Reservation = { granted: true; waitMs: number } | { granted: false; waitMs: number };

export interface BudgetStatus {
  perMinute: number;
  burst: number;
  /** Calls that could go out right now. */
  available: number;
  /** The configured per-second share. */
  perSecond: number;
  /** The per-second rate in force (below `perSecond` for a while after a 429). */
  ratePerSecond: number;
}

export interface CallBudget {
  /** Reserves a slot no further away than `maxWaitMs`. */
  reserve(maxWaitMs: number): Promise<Reservation>;
  /**
   * Nothing goes out for `ms` (Wrike said 429, or 503 with Retry-After); smoothed again afterwards. `lowerRate` (a
   * 429): the per-second rate halves, then recovers step by step.
   */
  pause(ms: number, lowerRate?: boolean): Promise<void>;
  /**
   * Asked as each call goes out (after `reserve`, in its concurrency slot): paused, or wait for room in the rolling
   * second, or go (the call is logged as sent, atomically, so replicas together keep to the share).
   */
  goingOut(): Promise<GoingOut>;
  /**
   * How long the budget is still paused (0: not paused). Checked as each call goes out: a call admitted before a 429
   * paused the budget (it waited for a concurrency slot meanwhile) goes back in line instead.
   */
  pausedFor(): Promise<number>;
  status(): Promise<BudgetStatus>;
}

interface Gcra {
  interval: number;
  tolerance: number;
}

/**
 * The burst the rolling second leaves room for: calls spaced evenly at the per-minute rate already fill ⌈perMinute /
 * 60⌉ of a second's share, so a burst may add only what is left (at least one call). A larger burst would be held
 * back at the rolling second and then let out in clumps, each a whole share at once, which a strict Wrike refuses at
 * the least jitter between our clock and its own.
 */
export function burstOf(limits: BudgetLimits): number {
  const evenly = Math.ceil(WINDOW_MS / intervalOf(limits) - 1e-9);
  return Math.max(1, Math.min(limits.burst, shapeOf(limits).perSecond + 1 - evenly));
}

/** Calls are spaced by the per-minute budget, or by the rolling second's share when that is tighter. */
function intervalOf(limits: BudgetLimits): number {
  return Math.max(60_000 / limits.perMinute, WINDOW_MS / shapeOf(limits).perSecond);
}

const gcra = (limits: BudgetLimits): Gcra => {
  const interval = intervalOf(limits);
  return { interval, tolerance: interval * (burstOf(limits) - 1) };
};

/** The budget of one process (the default without REDIS_URL). */
export class LocalBudget implements CallBudget {
  private tat = 0;
  private pausedUntil = 0;
  private readonly g: Gcra;
  private readonly shape: { perSecond: number; recoveryMs: number };
  /** Send times of the last calls, oldest first (at most `perSecond`). */
  private readonly sent: number[] = [];
  private lowered?: { rate: number; at: number };

  constructor(private readonly limits: BudgetLimits, private readonly now: () => number = Date.now) {
    this.g = gcra(limits);
    this.shape = shapeOf(limits);
  }

  private rate(now: number): number {
    return currentRate(this.shape, this.lowered, now);
  }

  async goingOut(): Promise<GoingOut> {
    const now = this.now();
    if (this.pausedUntil > now) return { pausedMs: this.pausedUntil - now, waitMs: 0 };
    const share = this.rate(now);
    const nth = this.sent[this.sent.length - share];
    if (this.sent.length >= share && nth !== undefined && nth > now - WINDOW_MS) return { pausedMs: 0, waitMs: nth + WINDOW_MS - now };
    this.sent.push(now);
    if (this.sent.length > this.shape.perSecond) this.sent.splice(0, this.sent.length - this.shape.perSecond);
    return { pausedMs: 0, waitMs: 0 };
  }

  async reserve(maxWaitMs: number): Promise<Reservation> {
    const now = this.now();
    const tat = Math.max(this.tat, now);
    const waitMs = Math.max(0, tat - this.g.tolerance - now);
    if (waitMs > maxWaitMs) return { granted: false, waitMs };
    this.tat = tat + this.g.interval;
    return { granted: true, waitMs };
  }

  async pause(ms: number, lowerRate = false): Promise<void> {
    const now = this.now();
    this.tat = Math.max(this.tat, now + ms + this.g.tolerance);
    this.pausedUntil = Math.max(this.pausedUntil, now + ms);
    if (lowerRate && !(this.lowered && now - this.lowered.at < LOWER_AT_MOST_EVERY_MS)) {
      this.lowered = { rate: Math.max(1, Math.floor(this.rate(now) / 2)), at: now };
    }
  }

  async pausedFor(): Promise<number> {
    return Math.max(0, this.pausedUntil - this.now());
  }

  async status(): Promise<BudgetStatus> {
    const now = this.now();
    return { perMinute: this.limits.perMinute, burst: burstOf(this.limits), available: available(this.g, this.tat, now, burstOf(this.limits)), perSecond: this.shape.perSecond, ratePerSecond: this.rate(now) };
  }
}

/** The per-second rate after a lowering at `lowered.at`: one more call a second every `recoveryMs`, up to the share. */
function currentRate(shape: { perSecond: number; recoveryMs: number }, lowered: { rate: number; at: number } | undefined, now: number): number {
  if (!lowered) return shape.perSecond;
  return Math.min(shape.perSecond, lowered.rate + Math.floor((now - lowered.at) / shape.recoveryMs));
}

function available(g: Gcra, tat: number, now: number, burst: number): number {
  return Math.max(0, Math.min(burst, Math.floor((now + g.tolerance - Math.max(tat, now)) / g.interval) + 1));
}

/**
 * The GCRA in one Redis script, so that every replica reserves from the same budget atomically (Redis runs a script
 * alone). Time is Redis's own clock, the same for every replica. KEYS: the GCRA's time, the pause's end. ARGV: mode
 * (reserve | pause | status), interval, tolerance, then the max wait (reserve) or the pause (pause), in ms. Returns
 * {granted 1|0, wait ms, tat, now}.
 */
const SCRIPT = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local mode = ARGV[1]
local interval = tonumber(ARGV[2])
local tolerance = tonumber(ARGV[3])
local arg = tonumber(ARGV[4])
local tat = tonumber(redis.call('GET', KEYS[1]) or '0')
if tat < now then tat = now end
if mode == 'pause' then
  local paused = now + arg + tolerance
  if paused > tat then tat = paused end
  redis.call('SET', KEYS[1], tostring(tat), 'PX', math.ceil(tat - now) + 60000)
  if arg > 0 and redis.call('PTTL', KEYS[2]) < arg then redis.call('SET', KEYS[2], '1', 'PX', arg) end
  return {1, 0, tostring(tat), tostring(now)}
end
if mode == 'status' then
  return {1, 0, tostring(tat), tostring(now)}
end
local wait = tat - tolerance - now
if wait < 0 then wait = 0 end
if wait > arg then
  return {0, math.ceil(wait), tostring(tat), tostring(now)}
end
tat = tat + interval
redis.call('SET', KEYS[1], tostring(tat), 'PX', math.ceil(tat - now) + 60000)
return {1, math.ceil(wait), tostring(tat), tostring(now)}
`;

type ScriptReply = [number, number, string, string];
type WithBudgetScript = Redis & {
  wrikeBudget(key: string, pauseKey: string, mode: string, interval: string, tolerance: string, arg: string): Promise<ScriptReply>;
  wrikeBudgetShape(pauseKey: string, sentKey: string, rateKey: string, mode: string, perSecond: string, recoveryMs: string): Promise<[number, number]>;
};

/**
 * The per-second shape in one Redis script, on Redis's clock. KEYS: the pause's end, the log of send times (a list,
 * newest first, at most `perSecond` long), the lowered rate (a hash: rate, at). ARGV: mode (out | lower | rate),
 * perSecond, recoveryMs. `out` returns {paused ms, wait ms} and logs the call as sent when both are 0; `lower` halves
 * the rate (not again within a second); `rate` returns {rate, 0}.
 */
const SHAPE_SCRIPT = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local mode = ARGV[1]
local share = tonumber(ARGV[2])
local recovery = tonumber(ARGV[3])
local lowered = redis.call('HMGET', KEYS[3], 'rate', 'at')
local rate = share
if lowered[1] then
  rate = tonumber(lowered[1]) + math.floor((now - tonumber(lowered[2])) / recovery)
  if rate > share then rate = share end
end
if mode == 'rate' then return {rate, 0} end
if mode == 'lower' then
  if lowered[2] and now - tonumber(lowered[2]) < ${LOWER_AT_MOST_EVERY_MS} then return {rate, 0} end
  local next = math.floor(rate / 2)
  if next < 1 then next = 1 end
  redis.call('HSET', KEYS[3], 'rate', next, 'at', now)
  redis.call('PEXPIRE', KEYS[3], (share - next + 1) * recovery + 1000)
  return {next, 0}
end
local paused = redis.call('PTTL', KEYS[1])
if paused > 0 then return {paused, 0} end
local nth = tonumber(redis.call('LINDEX', KEYS[2], rate - 1) or '')
if nth and nth > now - ${WINDOW_MS} then return {0, nth + ${WINDOW_MS} - now} end
redis.call('LPUSH', KEYS[2], now)
redis.call('LTRIM', KEYS[2], 0, share - 1)
redis.call('PEXPIRE', KEYS[2], ${WINDOW_MS * 2})
return {0, 0}
`;

/** The budget shared by every replica through Redis (REDIS_URL). */
export class RedisBudget implements CallBudget {
  private readonly g: Gcra;

  private readonly shape: { perSecond: number; recoveryMs: number };

  constructor(private readonly redis: Redis, private readonly key: string, private readonly limits: BudgetLimits) {
    this.g = gcra(limits);
    this.shape = shapeOf(limits);
    if (!('wrikeBudget' in redis)) redis.defineCommand('wrikeBudget', { numberOfKeys: 2, lua: SCRIPT });
    if (!('wrikeBudgetShape' in redis)) redis.defineCommand('wrikeBudgetShape', { numberOfKeys: 3, lua: SHAPE_SCRIPT });
  }

  private runShape(mode: 'out' | 'lower' | 'rate'): Promise<[number, number]> {
    return (this.redis as WithBudgetScript).wrikeBudgetShape(this.pauseKey, `${this.key}:sent`, `${this.key}:rate`, mode, String(this.shape.perSecond), String(this.shape.recoveryMs));
  }

  async goingOut(): Promise<GoingOut> {
    const [pausedMs, waitMs] = await this.runShape('out');
    return { pausedMs: Number(pausedMs), waitMs: Number(waitMs) };
  }

  private run(mode: 'reserve' | 'pause' | 'status', arg: number): Promise<ScriptReply> {
    return (this.redis as WithBudgetScript).wrikeBudget(this.key, this.pauseKey, mode, String(this.g.interval), String(this.g.tolerance), String(Math.max(0, Math.ceil(arg))));
  }

  async reserve(maxWaitMs: number): Promise<Reservation> {
    const [granted, waitMs] = await this.run('reserve', Number.isFinite(maxWaitMs) ? maxWaitMs : 86_400_000);
    return { granted: granted === 1, waitMs: Number(waitMs) } as Reservation;
  }

  async pause(ms: number, lowerRate = false): Promise<void> {
    await this.run('pause', ms);
    if (lowerRate) await this.runShape('lower');
  }

  /** The pause key lives exactly as long as the pause (PX), on Redis's clock. */
  async pausedFor(): Promise<number> {
    return Math.max(0, await this.redis.pttl(this.pauseKey));
  }

  private get pauseKey(): string {
    return `${this.key}:paused`;
  }

  async status(): Promise<BudgetStatus> {
    const [[, , tat, now], [rate]] = await Promise.all([this.run('status', 0), this.runShape('rate')]);
    return {
      perMinute: this.limits.perMinute, burst: burstOf(this.limits), available: available(this.g, Number(tat), Number(now), burstOf(this.limits)),
      perSecond: this.shape.perSecond, ratePerSecond: Number(rate),
    };
  }
}
