/**
 * Per-token token bucket: `perMinute` tokens a minute, refilled continuously (Wrike enforces its limit on a
 * per-second basis), holding at most `burst`.
 */
export class RateLimiter {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();

  constructor(
    public perMinute: number,
    public burst: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** Takes one request from the key's bucket; returns 0 when allowed, else the seconds to wait. */
  take(key: string): number {
    const now = this.now();
    const ratePerMs = this.perMinute / 60_000;
    const bucket = this.buckets.get(key) ?? { tokens: this.burst, at: now };
    bucket.tokens = Math.min(this.burst, bucket.tokens + (now - bucket.at) * ratePerMs);
    bucket.at = now;
    this.buckets.set(key, bucket);
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return 0;
    }
    return Math.max(1, Math.ceil((1 - bucket.tokens) / ratePerMs / 1000));
  }

  reset(): void {
    this.buckets.clear();
  }
}
