/**
 * Per-token limits, both enforced (Wrike: "about 400 requests per minute", "enforced on a per-second basis"):
 * - a token bucket: `perMinute` tokens a minute, refilled continuously, holding at most `burst`;
 * - a rolling second: no more than `perSecond` calls in any 1,000 ms, bursts included. Unset, it is the strict
 *   reading of the minute's limit, ⌈perMinute / 60⌉ (7 for 400 a minute), so a client that bursts past Wrike's
 *   per-second share is refused here as Wrike may refuse it.
 */
export class RateLimiter {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();
  /** Each token's accepted calls in the last second, oldest first. */
  private readonly windows = new Map<string, number[]>();

  constructor(
    public perMinute: number,
    public burst: number,
    private readonly now: () => number = Date.now,
    /** Calls in any rolling second; undefined: ⌈perMinute / 60⌉. */
    public perSecond?: number,
  ) {}

  /** The per-second share in force. */
  get secondShare(): number {
    return this.perSecond ?? Math.ceil(this.perMinute / 60);
  }

  /** Takes one request from the key's bucket; returns 0 when allowed, else the seconds to wait. */
  take(key: string): number {
    const now = this.now();
    // The bucket alone never lets more than burst + a second's refill through in a second: no log needed then.
    const binds = this.secondShare < this.burst + this.perMinute / 60;
    const window = binds ? this.windows.get(key) ?? [] : undefined;
    while (window && window.length > 0 && (window[0] as number) <= now - 1000) window.shift();
    if (window && window.length >= this.secondShare) {
      const oldest = window[window.length - this.secondShare] as number;
      return Math.max(1, Math.ceil((oldest + 1000 - now) / 1000));
    }
    const ratePerMs = this.perMinute / 60_000;
    const bucket = this.buckets.get(key) ?? { tokens: this.burst, at: now };
    bucket.tokens = Math.min(this.burst, bucket.tokens + (now - bucket.at) * ratePerMs);
    bucket.at = now;
    this.buckets.set(key, bucket);
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      if (window) {
        window.push(now);
        this.windows.set(key, window);
      }
      return 0;
    }
    return Math.max(1, Math.ceil((1 - bucket.tokens) / ratePerMs / 1000));
  }

  reset(): void {
    this.buckets.clear();
    this.windows.clear();
  }
}
