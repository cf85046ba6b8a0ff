import { Random } from './random';

/** Fault injection, set at start or through the control API (`/__sandbox/faults`). */
export interface FaultSettings {
  /** Added to every /api/v4 call, in milliseconds. */
  latencyMs: number;
  /** Share (0..1) of calls answered with a server error. */
  errorRate: number;
  /** Status of those errors: 500 or 503, or 401 (the token refused, as Wrike does for a revoked one). */
  errorStatus: 500 | 503 | 401;
  /** The next N calls fail with `errorStatus` (deterministic, unlike errorRate). */
  failNext: number;
  /** The next N calls are answered 429, whatever the rate limiter says. */
  force429: number;
  /** The Retry-After seconds sent with forced 429s. */
  retryAfterSeconds: number;
  /** 1: forced 429s carry no Retry-After at all (Wrike documents none). */
  noRetryAfter: number;
  /** Routes (e.g. `GET /contacts/:ids`) whose every call fails with `errorStatus`, to fail one endpoint at a time. */
  failRoutes: string[];
  /** Calls of `failRoutes` that still pass before they fail (e.g. 1: the first PUT is written, later ones fail). */
  failRoutesAfter: number;
  /** When set, `force429` applies only to calls of these routes. */
  force429Routes: string[];
  /**
   * Routes (e.g. `GET /tasks/:ids`) whose answers are held this many milliseconds after they are made: a slow answer
   * that carries the data as it was when the call arrived (`latencyMs` waits before the data is read).
   */
  routeLatencyMs: Record<string, number>;
}

export const DEFAULT_FAULTS: FaultSettings = {
  latencyMs: 0, errorRate: 0, errorStatus: 503, failNext: 0, failRoutesAfter: 0, force429: 0, retryAfterSeconds: 1, noRetryAfter: 0, failRoutes: [], force429Routes: [], routeLatencyMs: {},
};

export class FaultInjector {
  settings: FaultSettings;
  private readonly random: Random;

  constructor(initial: Partial<FaultSettings> = {}, seed = 1) {
    this.settings = { ...DEFAULT_FAULTS, ...initial };
    this.random = new Random(seed);
  }

  update(patch: Partial<FaultSettings>): FaultSettings {
    const next = { ...this.settings };
    for (const key of ['failRoutes', 'force429Routes'] as const) {
      const routes = patch[key];
      if (routes === undefined) continue;
      if (!Array.isArray(routes) || !routes.every((r) => typeof r === 'string')) {
        throw new Error(`${key} must be a list of routes such as "GET /tasks/:ids"`);
      }
      next[key] = [...routes];
    }
    if (patch.routeLatencyMs !== undefined) next.routeLatencyMs = routeLatencies(patch.routeLatencyMs);
    for (const key of Object.keys(DEFAULT_FAULTS) as (keyof FaultSettings)[]) {
      if (patch[key] === undefined || key === 'failRoutes' || key === 'force429Routes' || key === 'routeLatencyMs') continue;
      const value = Number(patch[key]);
      if (!Number.isFinite(value) || value < 0) throw new Error(`fault setting ${key} must be a non-negative number`);
      (next as unknown as Record<string, number>)[key] = value;
    }
    if (next.errorRate > 1) throw new Error('errorRate must be between 0 and 1');
    if (next.errorStatus !== 500 && next.errorStatus !== 503 && next.errorStatus !== 401) throw new Error('errorStatus must be 500, 503 or 401');
    this.settings = next;
    return next;
  }

  reset(): void {
    this.settings = { ...DEFAULT_FAULTS };
  }

  /** Answers made and not yet sent (held by `routeLatencyMs`): a test knows its slow call has been read. */
  holding = 0;

  /** How long this route's answer is held once it is made (0: not at all). */
  answerDelay(route: string): number {
    return this.settings.routeLatencyMs[route] ?? 0;
  }

  /** Decides this call's fate: a forced 429, a server error, or nothing. */
  draw(route: string): { kind: 'none' } | { kind: '429'; retryAfter: number | undefined } | { kind: 'error'; status: number } {
    if (this.settings.failRoutes.includes(route)) {
      if (this.settings.failRoutesAfter > 0) this.settings.failRoutesAfter--;
      else return { kind: 'error', status: this.settings.errorStatus };
    }
    const routed = this.settings.force429Routes.length === 0 || this.settings.force429Routes.includes(route);
    if (this.settings.force429 > 0 && routed) {
      this.settings.force429--;
      return { kind: '429', retryAfter: this.settings.noRetryAfter ? undefined : this.settings.retryAfterSeconds };
    }
    if (this.settings.failNext > 0) {
      this.settings.failNext--;
      return { kind: 'error', status: this.settings.errorStatus };
    }
    if (this.settings.errorRate > 0 && this.random.next() < this.settings.errorRate) {
      return { kind: 'error', status: this.settings.errorStatus };
    }
    return { kind: 'none' };
  }
}

function routeLatencies(value: unknown): Record<string, number> {
  const refused = () => new Error('routeLatencyMs must map routes such as "GET /tasks/:ids" to non-negative milliseconds');
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw refused();
  const out: Record<string, number> = {};
  for (const [route, ms] of Object.entries(value)) {
    if (typeof ms !== 'number' || !Number.isFinite(ms) || ms < 0) throw refused();
    out[route] = ms;
  }
  return out;
}
