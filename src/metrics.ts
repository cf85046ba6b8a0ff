import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { BudgetStatus, CallBudget } from './wrike/budget';

/**
 * Prometheus metrics of one server instance: GraphQL operations and latency, upstream Wrike calls by endpoint and
 * status, the call budget and its waits per connection, 429 pauses and 5xx retries, the shared cache's hits and
 * misses, coalesced calls, token refreshes. Labels never carry tokens or user input; the only id is the
 * connection's own (service-made, one series per linked account).
 */
export class Metrics {
  readonly registry = new Registry();
  readonly operations = new Counter({ name: 'graphql_operations_total', help: 'GraphQL operations by type and outcome', labelNames: ['type', 'outcome'], registers: [this.registry] });
  readonly operationSeconds = new Histogram({
    name: 'graphql_operation_duration_seconds', help: 'GraphQL operation latency', labelNames: ['type'], registers: [this.registry],
    buckets: [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
  });
  readonly proxyCalls = new Counter({ name: 'proxy_calls_total', help: 'Calls through /proxy/wrike/api/v4 by method and status', labelNames: ['method', 'status'], registers: [this.registry] });
  readonly upstreamCalls = new Counter({ name: 'wrike_calls_total', help: 'Wrike API calls by method, endpoint and status', labelNames: ['method', 'endpoint', 'status'], registers: [this.registry] });
  readonly upstreamSeconds = new Histogram({
    name: 'wrike_call_duration_seconds', help: 'Wrike API call latency', labelNames: ['method', 'endpoint'], registers: [this.registry],
    buckets: [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
  });
  readonly rateLimitWaits = new Counter({ name: 'wrike_rate_limit_waits_total', help: '429s (and 503s with Retry-After) that paused a connection\'s budget', labelNames: ['connection'], registers: [this.registry] });
  readonly rateLimitWaitSeconds = new Counter({ name: 'wrike_rate_limit_wait_seconds_total', help: 'Pauses asked by Wrike', labelNames: ['connection'], registers: [this.registry] });
  readonly budgetWaits = new Counter({ name: 'wrike_budget_waits_total', help: 'Calls that waited for a budget slot', labelNames: ['connection'], registers: [this.registry] });
  readonly budgetWaitSeconds = new Counter({ name: 'wrike_budget_wait_seconds_total', help: 'Time calls waited for a budget slot', labelNames: ['connection'], registers: [this.registry] });
  readonly retries = new Counter({ name: 'wrike_read_retries_total', help: 'Reads retried after a 5xx, reset or time-out', labelNames: ['connection'], registers: [this.registry] });
  readonly coalesced = new Counter({ name: 'wrike_coalesced_calls_total', help: 'GETs served by an identical call already in flight', labelNames: ['connection'], registers: [this.registry] });
  readonly cacheLookups = new Counter({ name: 'wrike_cache_lookups_total', help: 'Shared cache lookups by kind and outcome', labelNames: ['connection', 'kind', 'outcome'], registers: [this.registry] });
  readonly cacheDropFailures = new Counter({ name: 'wrike_cache_drop_failures_total', help: 'Changes whose stale cache entries could not be dropped (the cache store was unreachable)', labelNames: ['connection'], registers: [this.registry] });
  private readonly budgets = new Map<string, CallBudget>();
  readonly budgetAvailable = new Gauge({
    name: 'wrike_budget_available_calls', help: 'Calls a connection could make right now', labelNames: ['connection'], registers: [this.registry],
    collect: async () => {
      for (const [connection, budget] of this.budgets) {
        try {
          this.budgetAvailable.set({ connection }, (await budget.status()).available);
        } catch {
          // A budget store that is down shows no value rather than a false one.
        }
      }
    },
  });
  readonly budgetRate: Gauge = this.budgetGauge('wrike_budget_rate_per_second', 'Calls a connection may make in any rolling second now (halved by a 429, recovering step by step)', (status) => status.ratePerSecond);
  readonly budgetShare: Gauge = this.budgetGauge('wrike_budget_share_per_second', 'Calls a connection may make in any rolling second when no 429 has lowered its rate (WRIKE_BUDGET_PER_SECOND)', (status) => status.perSecond);
  readonly refreshes = new Counter({ name: 'wrike_token_refreshes_total', help: 'OAuth token refreshes', labelNames: ['outcome'], registers: [this.registry] });
  readonly routerInvalidations = new Counter({ name: 'router_invalidations_total', help: 'Cache invalidation requests to the router (ROUTER_INVALIDATION_URL) by outcome', labelNames: ['outcome'], registers: [this.registry] });
  readonly cacheHits = new Counter({ name: 'loader_cache_hits_total', help: 'Loads answered from the request cache', labelNames: ['loader'], registers: [this.registry] });

  constructor(defaults = true) {
    if (defaults) collectDefaultMetrics({ register: this.registry });
  }

  /** A gauge per connection read from its budget's status as /metrics is scraped. */
  private budgetGauge(name: string, help: string, value: (status: BudgetStatus) => number): Gauge {
    const gauge: Gauge = new Gauge({
      name, help, labelNames: ['connection'], registers: [this.registry],
      collect: async () => {
        for (const [connection, budget] of this.budgets) {
          try {
            gauge.set({ connection }, value(await budget.status()));
          } catch {
            // A budget store that is down shows no value rather than a false one.
          }
        }
      },
    });
    return gauge;
  }

  /** Shows the connection's budget on /metrics. */
  watchBudget(connection: string, budget: CallBudget): void {
    this.budgets.set(connection, budget);
  }

  /** A Wrike path as a label: ids become `:id`, so that the label set stays small. */
  static endpoint(path: string): string {
    return path.split('/').map((segment) => (/[A-Z0-9]/.test(segment) ? ':id' : segment)).join('/');
  }

  recordCall(call: { method: string; path: string; status: number | 'error'; ms: number }): void {
    const endpoint = Metrics.endpoint(call.path);
    this.upstreamCalls.inc({ method: call.method, endpoint, status: String(call.status) });
    this.upstreamSeconds.observe({ method: call.method, endpoint }, call.ms / 1000);
  }
}
