import { Counter, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/**
 * Prometheus metrics of one server instance: GraphQL operations and latency, upstream Wrike calls by endpoint and
 * status, 429 waits, token refreshes, loader cache hits. Labels never carry ids, tokens or user input.
 */
export class Metrics {
  readonly registry = new Registry();
  readonly operations = new Counter({ name: 'graphql_operations_total', help: 'GraphQL operations by type and outcome', labelNames: ['type', 'outcome'], registers: [this.registry] });
  readonly operationSeconds = new Histogram({
    name: 'graphql_operation_duration_seconds', help: 'GraphQL operation latency', labelNames: ['type'], registers: [this.registry],
    buckets: [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
  });
  readonly upstreamCalls = new Counter({ name: 'wrike_calls_total', help: 'Wrike API calls by method, endpoint and status', labelNames: ['method', 'endpoint', 'status'], registers: [this.registry] });
  readonly upstreamSeconds = new Histogram({
    name: 'wrike_call_duration_seconds', help: 'Wrike API call latency', labelNames: ['method', 'endpoint'], registers: [this.registry],
    buckets: [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
  });
  readonly rateLimitWaits = new Counter({ name: 'wrike_rate_limit_waits_total', help: '429 answers waited out', registers: [this.registry] });
  readonly rateLimitWaitSeconds = new Counter({ name: 'wrike_rate_limit_wait_seconds_total', help: 'Time spent waiting out 429 answers', registers: [this.registry] });
  readonly refreshes = new Counter({ name: 'wrike_token_refreshes_total', help: 'OAuth token refreshes', labelNames: ['outcome'], registers: [this.registry] });
  readonly cacheHits = new Counter({ name: 'loader_cache_hits_total', help: 'Loads answered from the request cache', labelNames: ['loader'], registers: [this.registry] });

  constructor(defaults = true) {
    if (defaults) collectDefaultMetrics({ register: this.registry });
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
