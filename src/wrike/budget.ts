import type Redis from 'ioredis';

/**
 * One connection's budget of Wrike calls: `perMinute` calls a minute, smoothed per call (one every 60000/perMinute
 * ms), with bursts of `burst`. It is a GCRA: each call reserves the next free slot and is told how long to wait for
 * it, so waiting callers never retry together. A 429 pauses the whole budget (every replica's, when it lives in
 * Redis) until Wrike's wait is over.
 */
export interface BudgetLimits {
  perMinute: number;
  burst: number;
}

/** A reservation: wait `waitMs`, then call; or refused, when the slot is further away than the caller can wait. */
export type Reservation = { granted: true; waitMs: number } | { granted: false; waitMs: number };

export interface BudgetStatus {
  perMinute: number;
  burst: number;
  /** Calls that could go out right now. */
  available: number;
}

export interface CallBudget {
  /** Reserves a slot no further away than `maxWaitMs`. */
  reserve(maxWaitMs: number): Promise<Reservation>;
  /** Nothing goes out for `ms` (Wrike said 429); smoothed again afterwards. */
  pause(ms: number): Promise<void>;
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

const gcra = ({ perMinute, burst }: BudgetLimits): Gcra => {
  const interval = 60_000 / perMinute;
  return { interval, tolerance: interval * Math.max(0, burst - 1) };
};

/** The budget of one process (the default without REDIS_URL). */
export class LocalBudget implements CallBudget {
  private tat = 0;
  private pausedUntil = 0;
  private readonly g: Gcra;

  constructor(private readonly limits: BudgetLimits, private readonly now: () => number = Date.now) {
    this.g = gcra(limits);
  }

  async reserve(maxWaitMs: number): Promise<Reservation> {
    const now = this.now();
    const tat = Math.max(this.tat, now);
    const waitMs = Math.max(0, tat - this.g.tolerance - now);
    if (waitMs > maxWaitMs) return { granted: false, waitMs };
    this.tat = tat + this.g.interval;
    return { granted: true, waitMs };
  }

  async pause(ms: number): Promise<void> {
    this.tat = Math.max(this.tat, this.now() + ms + this.g.tolerance);
    this.pausedUntil = Math.max(this.pausedUntil, this.now() + ms);
  }

  async pausedFor(): Promise<number> {
    return Math.max(0, this.pausedUntil - this.now());
  }

  async status(): Promise<BudgetStatus> {
    return { ...this.limits, available: available(this.g, this.tat, this.now(), this.limits.burst) };
  }
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
type WithBudgetScript = Redis & { wrikeBudget(key: string, pauseKey: string, mode: string, interval: string, tolerance: string, arg: string): Promise<ScriptReply> };

/** The budget shared by every replica through Redis (REDIS_URL). */
export class RedisBudget implements CallBudget {
  private readonly g: Gcra;

  constructor(private readonly redis: Redis, private readonly key: string, private readonly limits: BudgetLimits) {
    this.g = gcra(limits);
    if (!('wrikeBudget' in redis)) redis.defineCommand('wrikeBudget', { numberOfKeys: 2, lua: SCRIPT });
  }

  private run(mode: 'reserve' | 'pause' | 'status', arg: number): Promise<ScriptReply> {
    return (this.redis as WithBudgetScript).wrikeBudget(this.key, this.pauseKey, mode, String(this.g.interval), String(this.g.tolerance), String(Math.max(0, Math.ceil(arg))));
  }

  async reserve(maxWaitMs: number): Promise<Reservation> {
    const [granted, waitMs] = await this.run('reserve', Number.isFinite(maxWaitMs) ? maxWaitMs : 86_400_000);
    return { granted: granted === 1, waitMs: Number(waitMs) } as Reservation;
  }

  async pause(ms: number): Promise<void> {
    await this.run('pause', ms);
  }

  /** The pause key lives exactly as long as the pause (PX), on Redis's clock. */
  async pausedFor(): Promise<number> {
    return Math.max(0, await this.redis.pttl(this.pauseKey));
  }

  private get pauseKey(): string {
    return `${this.key}:paused`;
  }

  async status(): Promise<BudgetStatus> {
    const [, , tat, now] = await this.run('status', 0);
    return { ...this.limits, available: available(this.g, Number(tat), Number(now), this.limits.burst) };
  }
}
