import { encodeParams, type WrikeParams } from '../wrike/params';
import type { WrikeEnvelope } from '../wrike/client';
import type { WrikeCaller } from '../wrike/rounds';

/** Where the export reads from: the service's Wrike proxy, as one tenant and one connection. */
export interface ProxyTarget {
  /** The service's address (its /graphql URL or its root). */
  serviceUrl: string;
  /** A tenant's API key; none for a service in open mode (the sandbox's default, called from its own machine). */
  apiKey?: string;
  /** The linked account; none when the tenant has only one. */
  connectionId?: string;
}

export class ExportReadError extends Error {
  constructor(message: string, readonly status?: number, readonly code?: string) {
    super(message);
  }
}

/** How long one call may take, and how often a refused or failed call is tried again before the export stops. */
const CALL_TIMEOUT_MS = 120_000;
const MAX_TRIES = 12;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The service's GraphQL address for its address: `http://host:4000` and `http://host:4000/graphql` give the same. */
export function graphqlUrlOf(serviceUrl: string): string {
  return proxyBaseOf(serviceUrl).replace(/\/proxy\/wrike\/api\/v4$/, '/graphql');
}

/** The proxy's root for a service address: `http://host:4000/graphql` and `http://host:4000` give the same. */
export function proxyBaseOf(serviceUrl: string): string {
  const url = new URL(serviceUrl);
  url.pathname = url.pathname.replace(/\/graphql\/?$/, '').replace(/\/+$/, '') + '/proxy/wrike/api/v4';
  url.search = '';
  return url.toString();
}

/**
 * Wrike reads through the service's proxy, so that the export spends the connection's own call budget, shared with
 * live traffic on every replica, keeps to its workspace scope, and needs no Wrike token or store secret of its own.
 * Only GETs: `asCaller` hands it to the read endpoints of src/wrike/endpoints.ts. A 429 (the budget is busy) or a
 * 503 waits as Retry-After says; other refusals stop the export with Wrike's or the service's words.
 */
export class ProxyReader {
  private readonly base: string;
  calls = 0;

  constructor(private readonly target: ProxyTarget, private readonly onWait: (ms: number) => void = () => undefined) {
    this.base = proxyBaseOf(target.serviceUrl);
  }

  async get<T>(path: string, params: WrikeParams = {}): Promise<WrikeEnvelope<T>> {
    const query = encodeParams(params).toString();
    const url = `${this.base}${path}${query ? `?${query}` : ''}`;
    const headers: Record<string, string> = { Accept: 'application/json' };
    if (this.target.apiKey) headers.Authorization = `Bearer ${this.target.apiKey}`;
    if (this.target.connectionId) headers['X-Connection-Id'] = this.target.connectionId;
    for (let attempt = 1; ; attempt++) {
      let response: Response;
      try {
        response = await fetch(url, { headers, signal: AbortSignal.timeout(CALL_TIMEOUT_MS) });
      } catch (error) {
        if (attempt >= MAX_TRIES) throw new ExportReadError(`GET ${path}: the service did not answer (${(error as Error).message})`);
        await this.wait(backoffMs(attempt));
        continue;
      }
      this.calls++;
      const text = await response.text();
      if (response.status === 200) return JSON.parse(text) as WrikeEnvelope<T>;
      const retryable = response.status === 429 || response.status === 502 || response.status === 503 || response.status === 504;
      if (!retryable || attempt >= MAX_TRIES) throw new ExportReadError(`GET ${path}: ${response.status} ${describe(text)}`, response.status);
      await this.wait(retryAfterMs(response.headers.get('retry-after')) ?? backoffMs(attempt));
    }
  }

  /**
   * A GraphQL query to the service itself (the change feeds), as the same tenant and connection. A RATE_LIMITED answer
   * waits as Retry-After says; any other error stops the export with the service's words and code.
   */
  async graphql<T>(query: string, variables: Record<string, unknown>): Promise<T> {
    const headers: Record<string, string> = { 'Content-Type': 'application/json', Accept: 'application/json' };
    if (this.target.apiKey) headers.Authorization = `Bearer ${this.target.apiKey}`;
    if (this.target.connectionId) headers['X-Connection-Id'] = this.target.connectionId;
    for (let attempt = 1; ; attempt++) {
      const response = await fetch(graphqlUrlOf(this.target.serviceUrl), {
        method: 'POST', headers, body: JSON.stringify({ query, variables }), signal: AbortSignal.timeout(CALL_TIMEOUT_MS),
      });
      const body = (await response.json()) as { data?: T; errors?: { message: string; extensions?: { code?: string } }[] };
      const error = body.errors?.[0];
      if (!error && body.data) return body.data;
      const code = error?.extensions?.code;
      if ((code === 'RATE_LIMITED' || code === 'UPSTREAM_UNAVAILABLE') && attempt < MAX_TRIES) {
        await this.wait(retryAfterMs(response.headers.get('retry-after')) ?? backoffMs(attempt));
        continue;
      }
      throw new ExportReadError(`${code ?? response.status}: ${error?.message ?? 'the service answered without data'}`, response.status, code);
    }
  }

  /** This reader where src/wrike's read endpoints expect a caller: they call `get` alone. */
  asCaller(): WrikeCaller {
    return { get: this.get.bind(this) } as unknown as WrikeCaller;
  }

  private async wait(ms: number): Promise<void> {
    this.onWait(ms);
    await sleep(ms);
  }
}

function backoffMs(attempt: number): number {
  return Math.min(30_000, 500 * 2 ** (attempt - 1)) * (0.5 + Math.random() / 2);
}

function retryAfterMs(value: string | null): number | undefined {
  if (value === null || !/^\d+$/.test(value.trim())) return undefined;
  return Math.max(250, Number(value.trim()) * 1000);
}

/** The error's own words, short: Wrike's errorDescription, the service's message, or the first characters. */
function describe(text: string): string {
  try {
    const body = JSON.parse(text) as { errorDescription?: string; error?: string | { message?: string }; errors?: { message?: string }[] };
    if (body.errorDescription) return body.errorDescription;
    if (typeof body.error === 'string') return body.error;
    if (body.error?.message) return body.error.message;
    if (body.errors?.[0]?.message) return body.errors[0].message;
  } catch {
    // not JSON
  }
  return text.slice(0, 200);
}
