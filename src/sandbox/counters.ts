/** Call counters for tests and benchmarks: by method and path template, by token label and by status. */
export interface CallRecord {
  route: string;
  token: string;
  status: number;
  startedAt: number;
  endedAt: number;
}

export interface CounterSnapshot {
  total: number;
  byRoute: Record<string, number>;
  byToken: Record<string, number>;
  byStatus: Record<string, number>;
  /** The most recent calls (bounded), with their timing, so that a benchmark can count sequential rounds. */
  calls: CallRecord[];
}

const MAX_RECORDS = 20_000;

export class CallCounters {
  private total = 0;
  private byRoute = new Map<string, number>();
  private byToken = new Map<string, number>();
  private byStatus = new Map<string, number>();
  private calls: CallRecord[] = [];

  record(call: CallRecord): void {
    this.total++;
    bump(this.byRoute, call.route);
    bump(this.byToken, call.token);
    bump(this.byStatus, String(call.status));
    this.calls.push(call);
    if (this.calls.length > MAX_RECORDS) this.calls.splice(0, this.calls.length - MAX_RECORDS);
  }

  snapshot(): CounterSnapshot {
    return {
      total: this.total,
      byRoute: Object.fromEntries(this.byRoute),
      byToken: Object.fromEntries(this.byToken),
      byStatus: Object.fromEntries(this.byStatus),
      calls: [...this.calls],
    };
  }

  reset(): void {
    this.total = 0;
    this.byRoute.clear();
    this.byToken.clear();
    this.byStatus.clear();
    this.calls = [];
  }
}

function bump(map: Map<string, number>, key: string): void {
  map.set(key, (map.get(key) ?? 0) + 1);
}
