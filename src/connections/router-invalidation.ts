import type { Logger } from '../logger';

/**
 * Tells the supergraph router which cached answers went stale: the tags of what a write or a webhook event dropped
 * from our own cache (staleness.ts → ConnectionCache.invalidate → cache-tags.ts) are gathered for a short window and
 * POSTed to ROUTER_INVALIDATION_URL in Apollo Router's invalidation body, one `cache_tag` element per tag, with the
 * shared key as `Authorization` (README "Cache hints and invalidation"; /work/brief/invalidation-wire.md).
 *
 * Best effort: nothing waits on it (a write answers before its tags are sent), each try is bounded, network errors,
 * 5xx and 429 are tried again a few times, and what still fails is counted and logged (never the secret, never the
 * URL, which may hold credentials). The router's TTL (our Cache-Control max-age) bounds what a lost request leaves.
 */
export interface RouterInvalidationOptions {
  url: string;
  secret?: string;
  subgraph: string;
  logger: Logger;
  /** Counts each request by outcome (`sent`, `failed`). */
  onOutcome?(outcome: 'sent' | 'failed'): void;
  windowMs?: number;
  timeoutMs?: number;
  /** Tries after the first. */
  retries?: number;
  /** Most tags in one request. */
  maxTags?: number;
}

const RETRY_BACKOFF_MS = 200;

export class RouterInvalidator {
  private pending = new Set<string>();
  private timer: NodeJS.Timeout | undefined;
  private readonly inFlight = new Set<Promise<void>>();
  private closed = false;

  constructor(private readonly options: RouterInvalidationOptions) {}

  /** Queues tags; they go out together at the end of the window. */
  add(tags: readonly string[]): void {
    if (this.closed || tags.length === 0) return;
    for (const tag of tags) this.pending.add(tag);
    if (!this.timer) {
      this.timer = setTimeout(() => void this.flush(), this.options.windowMs ?? 100);
      this.timer.unref();
    }
  }

  /** Sends what is queued now (in requests of at most maxTags tags); resolves when they are settled. */
  async flush(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    const tags = [...this.pending];
    this.pending = new Set();
    const max = this.options.maxTags ?? 500;
    const sends: Promise<void>[] = [];
    for (let i = 0; i < tags.length; i += max) {
      const send = this.send(tags.slice(i, i + max));
      this.inFlight.add(send);
      void send.finally(() => this.inFlight.delete(send));
      sends.push(send);
    }
    await Promise.all(sends);
  }

  /** Sends what is queued, waits for what is in flight, and takes no more. */
  async close(): Promise<void> {
    await this.flush();
    this.closed = true;
    await Promise.all([...this.inFlight]);
  }

  private async send(tags: string[]): Promise<void> {
    const { url, secret, subgraph, logger, onOutcome } = this.options;
    const body = JSON.stringify(tags.map((tag) => ({ kind: 'cache_tag', subgraphs: [subgraph], cache_tag: tag })));
    const headers: Record<string, string> = { 'Content-Type': 'application/json' };
    if (secret) headers.Authorization = secret;
    const tries = 1 + (this.options.retries ?? 2);
    let last = '';
    for (let attempt = 0; attempt < tries; attempt++) {
      if (attempt > 0) await new Promise((resolve) => setTimeout(resolve, RETRY_BACKOFF_MS * attempt));
      try {
        // A redirect is not followed: it would carry the shared key to an address nobody configured.
        const response = await fetch(url, { method: 'POST', headers, body, redirect: 'error', signal: AbortSignal.timeout(this.options.timeoutMs ?? 2000) });
        await response.arrayBuffer().catch(() => undefined);
        if (response.ok) {
          onOutcome?.('sent');
          return;
        }
        last = `status ${response.status}`;
        if (response.status < 500 && response.status !== 429) break;
      } catch (error) {
        last = (error as Error).name === 'TimeoutError' ? 'timed out' : 'unreachable';
      }
    }
    onOutcome?.('failed');
    logger.warn({ tags: tags.length, reason: last }, 'the router\'s cache could not be told what went stale');
  }
}
