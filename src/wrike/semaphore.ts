/**
 * Client-side limits per connection: a call budget (a token bucket refilled at `perMinute`) so that heavy queries
 * slow down instead of tripping Wrike's 429s, and a cap on calls in flight.
 */
export class CallBudget {
  private tokens: number;
  private at = Date.now();
  private queue: Array<() => void> = [];
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly perMinute: number,
    private readonly burst = Math.max(1, Math.floor(perMinute / 4)),
  ) {
    this.tokens = this.burst;
  }

  /** Resolves when one call may be made. */
  take(): Promise<void> {
    return new Promise((resolve) => {
      this.queue.push(resolve);
      this.drain();
    });
  }

  private drain(): void {
    const now = Date.now();
    this.tokens = Math.min(this.burst, this.tokens + ((now - this.at) * this.perMinute) / 60_000);
    this.at = now;
    while (this.queue.length > 0 && this.tokens >= 1) {
      this.tokens -= 1;
      (this.queue.shift() as () => void)();
    }
    if (this.queue.length > 0 && !this.timer) {
      const waitMs = Math.ceil(((1 - this.tokens) * 60_000) / this.perMinute);
      this.timer = setTimeout(() => {
        this.timer = undefined;
        this.drain();
      }, waitMs);
    }
  }
}

export class Semaphore {
  private active = 0;
  private waiting: Array<() => void> = [];

  constructor(private readonly limit: number) {}

  async run<T>(task: () => Promise<T>): Promise<T> {
    if (this.active >= this.limit) await new Promise<void>((resolve) => this.waiting.push(resolve));
    this.active++;
    try {
      return await task();
    } finally {
      this.active--;
      this.waiting.shift()?.();
    }
  }
}
