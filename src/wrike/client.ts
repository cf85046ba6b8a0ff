import axios, { type AxiosInstance, type AxiosResponse } from 'axios';
import { WrikeError, parseErrorBody } from './errors';
import { encodeParams, type WrikeParams } from './params';
import { CallBudget, Semaphore } from './rate-limiter';
import { assertWrikeIds } from './ids';

/** Where a connection's access token comes from, and how it is renewed when Wrike says 401. */
export interface Credentials {
  accessToken(): Promise<string>;
  /**
   * Called once when Wrike refused `rejectedToken`. Returns a fresh token; concurrent callers share one refresh.
   * Throws WrikeError('needs_reauth') when the account must be linked again.
   */
  refresh(rejectedToken: string): Promise<string>;
}

/** A permanent token: nothing to refresh, so a 401 means the token was revoked. */
export function permanentTokenCredentials(token: string): Credentials {
  return {
    accessToken: async () => token,
    refresh: async () => {
      throw new WrikeError('needs_reauth', 'Wrike refused the permanent access token; create a new one and reconnect');
    },
  };
}

export interface WrikeClientOptions {
  baseUrl: string;
  credentials: Credentials;
  timeoutMs: number;
  maxConcurrency: number;
  budgetPerMinute: number;
  /** Retries of reads on 5xx, resets and timeouts. */
  maxReadRetries?: number;
  /** The longest the client waits out 429s for one call before it gives up with RATE_LIMITED. */
  maxRateLimitWaitMs?: number;
  /** Observes every upstream call (metrics, logs); never sees tokens. */
  onCall?: (call: { method: string; path: string; status: number | 'error'; ms: number }) => void;
  /** Observes each wait on a 429. */
  onRateLimitWait?: (ms: number) => void;
}

/** What a caller learns about one call while it runs. */
export interface CallHooks {
  /** The call is about to wait (a 429's Retry-After or a retry's backoff): it holds nothing else up meanwhile. */
  waiting?(): void;
  /** The call is sent again (after a refresh, a 429 or a retryable failure): one more Wrike call. */
  attempt?(): void;
}

/** A streamed GET (attachment bytes): status, headers and the body stream. */
export interface WrikeStream {
  status: number;
  headers: Record<string, string | undefined>;
  body: NodeJS.ReadableStream;
}

export interface WrikeEnvelope<T> {
  kind: string;
  data: T[];
  nextPageToken?: string;
  responseSize?: number;
}

export interface RequestSpec {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  path: string;
  params?: WrikeParams;
  /** Raw bytes or a stream, for uploads. */
  rawBody?: Buffer | NodeJS.ReadableStream;
  headers?: Record<string, string>;
}

/** However Wrike answers 429s, one call waits at least this long between tries, and tries at most so often. */
const MIN_RATE_LIMIT_WAIT_MS = 250;
const MAX_RATE_LIMIT_ATTEMPTS = 8;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Exponential backoff with full jitter, capped. */
function backoffMs(attempt: number): number {
  return Math.random() * Math.min(8000, 250 * 2 ** attempt);
}

/**
 * One Wrike account's HTTP client: bearer auth with one shared refresh on 401, 429s waited out (bounded),
 * reads retried on 5xx/resets/timeouts, writes never retried blindly, a concurrency cap and a call budget.
 */
export class WrikeClient {
  private readonly http: AxiosInstance;
  private readonly budget: CallBudget;
  private readonly slots: Semaphore;
  private readonly maxReadRetries: number;
  private readonly maxRateLimitWaitMs: number;

  constructor(private readonly options: WrikeClientOptions) {
    this.http = axios.create({
      baseURL: options.baseUrl.replace(/\/+$/, ''),
      timeout: options.timeoutMs,
      // Every status is handled here; bodies are parsed here too, whatever their content type says.
      validateStatus: () => true,
      responseType: 'text',
      transformResponse: (body: unknown) => body,
      maxRedirects: 0,
      maxBodyLength: Infinity,
      maxContentLength: Infinity,
    });
    this.budget = new CallBudget(options.budgetPerMinute);
    this.slots = new Semaphore(options.maxConcurrency);
    this.maxReadRetries = options.maxReadRetries ?? 3;
    this.maxRateLimitWaitMs = options.maxRateLimitWaitMs ?? 30_000;
  }

  get<T>(path: string, params?: WrikeParams, hooks?: CallHooks): Promise<WrikeEnvelope<T>> {
    return this.request<T>({ method: 'GET', path, params }, hooks);
  }

  post<T>(path: string, params?: WrikeParams, hooks?: CallHooks): Promise<WrikeEnvelope<T>> {
    return this.request<T>({ method: 'POST', path, params }, hooks);
  }

  put<T>(path: string, params?: WrikeParams, hooks?: CallHooks): Promise<WrikeEnvelope<T>> {
    return this.request<T>({ method: 'PUT', path, params }, hooks);
  }

  delete<T>(path: string, hooks?: CallHooks): Promise<WrikeEnvelope<T>> {
    return this.request<T>({ method: 'DELETE', path }, hooks);
  }

  /** Builds a path from a template and ids, refusing any id that is not plain letters and digits. */
  static path(strings: TemplateStringsArray, ...ids: (string | readonly string[])[]): string {
    return strings.reduce((out, part, i) => {
      if (i >= ids.length) return out + part;
      const value = ids[i] as string | readonly string[];
      const list = typeof value === 'string' ? [value] : value;
      assertWrikeIds(list);
      return out + part + list.join(',');
    }, '');
  }

  /** Streams a GET's body (attachment downloads): one refresh on 401, nothing buffered. */
  async stream(path: string): Promise<WrikeStream> {
    for (let attempt = 0; ; attempt++) {
      const token = await this.options.credentials.accessToken();
      await this.budget.take();
      const response = await this.slots.run(() =>
        this.http.get(path, { responseType: 'stream', transformResponse: undefined, headers: { Authorization: `Bearer ${token}` } }),
      ).catch((error: unknown) => {
        throw new WrikeError('unavailable', `Wrike is unreachable (${(error as { code?: string }).code ?? 'error'})`);
      });
      if (response.status === 401 && attempt === 0) {
        (response.data as NodeJS.ReadableStream & { destroy(): void }).destroy();
        await this.options.credentials.refresh(token);
        continue;
      }
      if (response.status >= 400) {
        (response.data as NodeJS.ReadableStream & { destroy(): void }).destroy();
        const kind = response.status === 404 ? 'not_found' : response.status === 403 ? 'forbidden' : response.status === 429 ? 'rate_limited' : response.status >= 500 ? 'unavailable' : 'bad_request';
        throw new WrikeError(kind, `Wrike answered ${response.status} to the download`, { status: response.status });
      }
      return { status: response.status, headers: response.headers as Record<string, string | undefined>, body: response.data as NodeJS.ReadableStream };
    }
  }

  async request<T>(spec: RequestSpec, hooks: CallHooks = {}): Promise<WrikeEnvelope<T>> {
    const isRead = spec.method === 'GET';
    // A streamed body can be sent once: no retry after 401 or 429 (the caller is told, nothing was written).
    const replayable = !(spec.rawBody && !Buffer.isBuffer(spec.rawBody));
    let refreshed = false;
    let waitedMs = 0;
    let rateLimited = 0;
    for (let attempt = 0; ; attempt++) {
      if (attempt > 0) hooks.attempt?.();
      const token = await this.options.credentials.accessToken();
      const outcome = await this.send(spec, token);
      if (outcome.kind === 'network') {
        if (isRead && attempt < this.maxReadRetries) {
          hooks.waiting?.();
          await sleep(backoffMs(attempt));
          continue;
        }
        if (!isRead && outcome.sent) {
          throw new WrikeError('outcome_unknown', `Wrike did not answer ${spec.method} ${spec.path}; the change may or may not have been made`);
        }
        throw new WrikeError('unavailable', `Wrike is unreachable (${outcome.reason})`);
      }
      const response = outcome.response;
      const status = response.status;
      if (status >= 200 && status < 300) return parseEnvelope<T>(response.data);
      const { code, description } = parseErrorBody(String(response.data ?? ''));
      const message = description ?? `Wrike answered ${status}`;
      if (status === 401) {
        if (refreshed) throw new WrikeError('unauthorized', message, { status, code });
        refreshed = true;
        await this.options.credentials.refresh(token);
        if (!replayable) throw new WrikeError('unavailable', 'The Wrike token was renewed during the upload; nothing was written, send it again', { status });
        continue;
      }
      if (status === 429 && !replayable) {
        const retryAfter = Number(response.headers['retry-after']);
        throw new WrikeError('rate_limited', 'Wrike rate limit reached; nothing was written, try again later', { status, code, retryAfterSeconds: Number.isFinite(retryAfter) ? retryAfter : 1 });
      }
      if (status === 429) {
        const retryAfter = Number(response.headers['retry-after']);
        // Retry-After: 0 (or a tiny value) still waits a little and still counts, so that the loop always ends.
        const waitMs = Number.isFinite(retryAfter) && retryAfter >= 0 ? Math.max(MIN_RATE_LIMIT_WAIT_MS, retryAfter * 1000) : backoffMs(attempt) + 1000;
        rateLimited++;
        if (waitedMs + waitMs > this.maxRateLimitWaitMs || rateLimited > MAX_RATE_LIMIT_ATTEMPTS) {
          throw new WrikeError('rate_limited', 'Wrike rate limit reached; try again later', {
            status, code, retryAfterSeconds: Math.max(1, Math.ceil(waitMs / 1000)),
          });
        }
        waitedMs += waitMs;
        this.options.onRateLimitWait?.(waitMs);
        hooks.waiting?.();
        await sleep(waitMs);
        continue;
      }
      if (status >= 500) {
        if (isRead && attempt < this.maxReadRetries) {
          hooks.waiting?.();
          await sleep(backoffMs(attempt));
          continue;
        }
        throw new WrikeError('unavailable', `Wrike answered ${status}: ${message}`, { status, code });
      }
      if (status === 403) throw new WrikeError('forbidden', message, { status, code });
      if (status === 404) throw new WrikeError('not_found', message, { status, code });
      throw new WrikeError('bad_request', message, { status, code });
    }
  }

  private async send(
    spec: RequestSpec, token: string,
  ): Promise<{ kind: 'response'; response: AxiosResponse<string> } | { kind: 'network'; reason: string; sent: boolean }> {
    await this.budget.take();
    return this.slots.run(async () => {
      const started = Date.now();
      const query = spec.method === 'GET' || spec.method === 'DELETE' || spec.rawBody ? encodeParams(spec.params ?? {}) : undefined;
      const form = query ? undefined : encodeParams(spec.params ?? {});
      try {
        const response = await this.http.request<string>({
          method: spec.method,
          url: spec.path,
          params: query,
          data: spec.rawBody ?? (form ? form.toString() : undefined),
          headers: {
            Authorization: `Bearer ${token}`,
            ...(form ? { 'Content-Type': 'application/x-www-form-urlencoded' } : {}),
            ...spec.headers,
          },
        });
        this.options.onCall?.({ method: spec.method, path: spec.path, status: response.status, ms: Date.now() - started });
        return { kind: 'response', response };
      } catch (error) {
        this.options.onCall?.({ method: spec.method, path: spec.path, status: 'error', ms: Date.now() - started });
        const code = (error as { code?: string }).code ?? 'error';
        // A timeout means the request went out; a refused connection means it never did.
        const sent = !['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN'].includes(code);
        return { kind: 'network', reason: code, sent };
      }
    });
  }
}

function parseEnvelope<T>(body: string): WrikeEnvelope<T> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    throw new WrikeError('unavailable', 'Wrike answered with a body that is not JSON');
  }
  const envelope = parsed as WrikeEnvelope<T>;
  if (!envelope || typeof envelope !== 'object' || !Array.isArray(envelope.data)) {
    throw new WrikeError('unavailable', 'Wrike answered without a data array');
  }
  return envelope;
}
