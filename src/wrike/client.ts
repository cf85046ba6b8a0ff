import axios, { type AxiosInstance, type AxiosResponse } from 'axios';
import { abortedBy, WrikeError, parseErrorBody } from './errors';
import { encodeParams, type WrikeParams } from './params';
import { Semaphore } from './semaphore';
import type { BudgetStatus, CallBudget } from './budget';
import { CallDispatcher, type CallHooks, type CallTicket } from './dispatcher';
import { Coalescer } from './coalesce';
import { assertWrikeIds } from './ids';
import { scopeNeededFor } from './scopes';

export type { CallHooks } from './dispatcher';

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
  /** The whole of one call, connect to last byte. */
  timeoutMs: number;
  maxConcurrency: number;
  /** The connection's call budget (in process, or shared through Redis). */
  budget: CallBudget;
  /** How long a call made outside a GraphQL request may wait for the budget. */
  defaultDeadlineMs?: number;
  /** Retries of reads on 5xx, resets and timeouts. */
  maxReadRetries?: number;
  /** The longest the client waits out 429s for one call before it gives up with RATE_LIMITED. */
  maxRateLimitWaitMs?: number;
  /** Observes every upstream call (metrics, logs); never sees tokens. */
  onCall?: (call: { method: string; path: string; status: number | 'error'; ms: number }) => void;
  /** Observes each 429 (or 503 with Retry-After) that paused the budget, and for how long. */
  onRateLimitWait?: (ms: number) => void;
  /** Observes each wait for a budget slot. */
  onBudgetWait?: (ms: number) => void;
  /** Observes each retry of a read after a 5xx, reset or time-out. */
  onRetry?: () => void;
  /** Observes each GET served by an identical one already in flight. */
  onCoalesced?: () => void;
}

/** A streamed GET (attachment bytes): status, headers and the body stream. */
/** A request the proxy passes through: a path under /api/v4 and its query string, checked by the caller. */
export interface PassthroughSpec {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  path: string;
  /** `?…` or empty. */
  search: string;
  body?: Buffer | NodeJS.ReadableStream;
  contentType?: string;
  contentLength?: string;
  /** Every Wrike id the call names (path, parameters, body): a write drops them from the cache. */
  names?: readonly string[];
  /** The call's parameters, JSON text decoded, for the cache's write rules. */
  params?: Record<string, unknown>;
}

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

/** Retry-After as Wrike (or a proxy in front of it) may send it: delay seconds or an HTTP-date; undefined if neither. */
export function retryAfterMs(value: string | undefined, now = Date.now()): number | undefined {
  if (value === undefined) return undefined;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  const at = Date.parse(trimmed);
  return Number.isFinite(at) ? Math.max(0, at - now) : undefined;
}

/**
 * One Wrike account's HTTP client: bearer auth with one shared refresh on 401, 429s waited out (bounded),
 * reads retried on 5xx/resets/timeouts, writes never retried blindly, a concurrency cap and a call budget.
 */
export class WrikeClient {
  private readonly http: AxiosInstance;
  private readonly dispatcher: CallDispatcher;
  private readonly coalescer: Coalescer;
  private readonly slots: Semaphore;
  private readonly maxReadRetries: number;
  private readonly maxRateLimitWaitMs: number;

  constructor(private readonly options: WrikeClientOptions) {
    this.http = axios.create({
      baseURL: options.baseUrl.replace(/\/+$/, ''),
      // Every status is handled here; bodies are parsed here too, whatever their content type says.
      validateStatus: () => true,
      responseType: 'text',
      transformResponse: (body: unknown) => body,
      maxRedirects: 0,
      maxBodyLength: Infinity,
      maxContentLength: Infinity,
    });
    this.dispatcher = new CallDispatcher(options.budget, options.onBudgetWait);
    this.coalescer = new Coalescer(options.onCoalesced);
    this.slots = new Semaphore(options.maxConcurrency);
    this.maxReadRetries = options.maxReadRetries ?? 3;
    this.maxRateLimitWaitMs = options.maxRateLimitWaitMs ?? 30_000;
  }

  /**
   * A GET. Identical GETs of this connection in flight at the same time are made once and shared, across GraphQL
   * requests: the shared call waits for the budget as long as its most patient caller, and is dropped when its last
   * caller has left (see Coalescer).
   */
  get<T>(path: string, params?: WrikeParams, hooks: CallHooks = {}): Promise<WrikeEnvelope<T>> {
    const key = `${path}?${encodeParams(params ?? {}).toString()}`;
    return this.coalescer.run(key, (shared) => this.request<T>({ method: 'GET', path, params }, shared), hooks);
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

  /** The connection's call budget right now. */
  budgetStatus(): Promise<BudgetStatus> {
    return this.options.budget.status();
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
  async stream(path: string, hooks: CallHooks = {}): Promise<WrikeStream> {
    for (let attempt = 0; ; attempt++) {
      const token = await this.options.credentials.accessToken();
      // The request's lane, deadline and signal: a download whose request has ended never goes out.
      const response = await this.goOut(this.ticket(hooks), () =>
        this.http.get(path, { responseType: 'stream', transformResponse: undefined, headers: { Authorization: `Bearer ${token}` } }),
      hooks).catch((error: unknown) => {
        if (error instanceof WrikeError) throw error;
        throw new WrikeError('unavailable', `Wrike is unreachable (${(error as { code?: string }).code ?? 'error'})`);
      });
      if (response.status === 401 && attempt === 0) {
        (response.data as NodeJS.ReadableStream & { destroy(): void }).destroy();
        await this.options.credentials.refresh(token);
        continue;
      }
      const location = response.headers.location as string | undefined;
      if (response.status >= 300 && response.status < 400 && location) {
        // Wrike hands the bytes over from its file storage, on another host: follow without the Wrike token.
        (response.data as NodeJS.ReadableStream & { destroy(): void }).destroy();
        return this.fromStorage(new URL(location, `${this.http.defaults.baseURL}${path}`));
      }
      return this.streamed(response, 'Wrike');
    }
  }

  /**
   * A call passed through as it is (the proxy): admitted by the connection's budget like any other, refreshed once
   * on 401 when its body can be sent again, and answered with Wrike's own status and body, streamed. A 429 pauses
   * the whole connection's budget, as for every call, and goes back to the caller as it came.
   */
  async passthrough(spec: PassthroughSpec, hooks: CallHooks = {}): Promise<WrikeStream> {
    const replayable = spec.body === undefined || Buffer.isBuffer(spec.body);
    for (let attempt = 0; ; attempt++) {
      const token = await this.options.credentials.accessToken();
      let started = Date.now();
      // Each try sent (the first, and again after a refresh) is one more Wrike call of the request's (hooks.sending).
      const response = await this.goOut(this.ticket(hooks), async () => {
        started = Date.now();
        const answer = await this.http.request({
          method: spec.method, url: `${spec.path}${spec.search}`, data: spec.body, responseType: 'stream', transformResponse: undefined,
          timeout: this.options.timeoutMs,
          headers: { Authorization: `Bearer ${token}`, ...(spec.contentType ? { 'Content-Type': spec.contentType } : {}), ...(spec.contentLength ? { 'Content-Length': spec.contentLength } : {}) },
        });
        // Paused before the slot is given back, as for every call (see send).
        const retryAfter = retryAfterMs(answer.headers['retry-after'] as string | undefined);
        if (answer.status === 429 || (answer.status === 503 && retryAfter !== undefined)) {
          const waitMs = retryAfter ?? 1000;
          await this.options.budget.pause(waitMs, answer.status === 429).catch((error: unknown) => {
            (answer.data as NodeJS.ReadableStream & { destroy(): void }).destroy();
            throw error;
          });
          this.options.onRateLimitWait?.(waitMs);
        }
        return answer;
      }, hooks).catch((error: unknown) => {
        if (error instanceof WrikeError) throw error;
        this.options.onCall?.({ method: spec.method, path: spec.path, status: 'error', ms: Date.now() - started });
        const code = (error as { code?: string }).code ?? 'error';
        // A write that went out and got no answer may have been made: never "unreachable", which invites a retry.
        if (spec.method !== 'GET' && !['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN'].includes(code)) {
          throw new WrikeError('outcome_unknown', `Wrike did not answer ${spec.method} ${spec.path} (${code}); the change may or may not have been made`);
        }
        throw new WrikeError('unavailable', `Wrike is unreachable (${code})`);
      });
      this.options.onCall?.({ method: spec.method, path: spec.path, status: response.status, ms: Date.now() - started });
      if (response.status === 401 && attempt === 0 && replayable) {
        (response.data as NodeJS.ReadableStream & { destroy(): void }).destroy();
        await this.options.credentials.refresh(token);
        continue;
      }
      return { status: response.status, headers: response.headers as Record<string, string | undefined>, body: response.data as NodeJS.ReadableStream };
    }
  }

  private async fromStorage(url: URL): Promise<WrikeStream> {
    if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new WrikeError('unavailable', 'Wrike redirected the download to a URL that is not http(s)');
    const response = await axios.get(url.toString(), {
      responseType: 'stream', validateStatus: () => true, maxRedirects: 3, timeout: this.options.timeoutMs,
    }).catch((error: unknown) => {
      throw new WrikeError('unavailable', `Wrike's file storage is unreachable (${(error as { code?: string }).code ?? 'error'})`);
    });
    return this.streamed(response, 'Wrike\'s file storage');
  }

  private streamed(response: AxiosResponse, from: string): WrikeStream {
    if (response.status >= 300) {
      (response.data as NodeJS.ReadableStream & { destroy(): void }).destroy();
      const kind = response.status === 404 ? 'not_found' : response.status === 403 ? 'forbidden' : response.status === 429 ? 'rate_limited' : response.status >= 500 ? 'unavailable' : 'bad_request';
      throw new WrikeError(kind, `${from} answered ${response.status} to the download`, { status: response.status });
    }
    return { status: response.status, headers: response.headers as Record<string, string | undefined>, body: response.data as NodeJS.ReadableStream };
  }

  async request<T>(spec: RequestSpec, hooks: CallHooks = {}): Promise<WrikeEnvelope<T>> {
    const isRead = spec.method === 'GET';
    // A streamed body can be sent once: no retry after 401 or 429 (the caller is told, nothing was written).
    const replayable = !(spec.rawBody && !Buffer.isBuffer(spec.rawBody));
    let refreshed = false;
    let waitedMs = 0;
    let rateLimited = 0;
    for (let attempt = 0; ; attempt++) {
      const token = await this.options.credentials.accessToken();
      const outcome = await this.send(spec, token, hooks, rateLimited);
      if (outcome.kind === 'network') {
        if (isRead && attempt < this.maxReadRetries) {
          this.options.onRetry?.();
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
      if (outcome.pausedMs !== undefined) {
        // Wrike asked the whole connection to slow down: its budget (every replica's) was paused before the call
        // gave its slot back (see send), so that waiting calls do not all retry at once.
        const waitMs = outcome.pausedMs;
        rateLimited++;
        this.options.onRateLimitWait?.(waitMs);
        const retryAfterSeconds = Math.max(1, Math.ceil(waitMs / 1000));
        if (!replayable) throw new WrikeError('rate_limited', 'Wrike rate limit reached; nothing was written, try again later', { status, code, retryAfterSeconds });
        if (status === 429 && (waitedMs + waitMs > this.maxRateLimitWaitMs || rateLimited > MAX_RATE_LIMIT_ATTEMPTS)) {
          throw new WrikeError('rate_limited', 'Wrike rate limit reached; try again later', { status, code, retryAfterSeconds });
        }
        waitedMs += waitMs;
        if (status === 429) {
          hooks.waiting?.();
          continue;
        }
      }
      if (status >= 500) {
        if (isRead && attempt < this.maxReadRetries) {
          this.options.onRetry?.();
          hooks.waiting?.();
          await sleep(backoffMs(attempt));
          continue;
        }
        throw new WrikeError('unavailable', `Wrike answered ${status}: ${message}`, { status, code });
      }
      if (status === 403) {
        const missingScope = scopeNeededFor(spec.path);
        if (missingScope) {
          throw new WrikeError('forbidden', `The Wrike token lacks the ${missingScope} scope this needs; link the account again with it (WRIKE_OAUTH_SCOPES)`, { status, code, missingScope });
        }
        throw new WrikeError('forbidden', message, { status, code });
      }
      if (status === 404) throw new WrikeError('not_found', message, { status, code });
      throw new WrikeError('bad_request', message, { status, code });
    }
  }

  /** The call's ticket; its deadline is read from `hooks` each time it is needed (a shared call's may move). */
  private ticket(hooks: CallHooks): CallTicket {
    const fallback = Date.now() + (this.options.defaultDeadlineMs ?? 30_000);
    return {
      lane: hooks.lane ?? 'background',
      get deadline() {
        return hooks.deadline ?? fallback;
      },
      signal: hooks.signal,
    };
  }

  /**
   * Waits for a budget slot for a call whose request is not built yet (a shared batch takes its ids when the slot
   * comes); the call then goes out with `holdsSlot` answering true once.
   */
  waitForSlot(hooks: CallHooks): Promise<void> {
    return this.dispatcher.admit(this.ticket(hooks));
  }

  /**
   * Runs `work` (one HTTP call) once the budget admits it and a concurrency slot is free. In the slot, as the call
   * goes out, the budget is asked again (`goingOut`): a call admitted before a 429's pause began goes back in line for
   * the budget, unsent, instead of reaching Wrike inside the Retry-After; a call that would be one too many in the
   * rolling second waits there until it is not.
   */
  private async goOut<T>(ticket: CallTicket, work: () => Promise<T>, hooks: CallHooks = {}): Promise<T> {
    for (;;) {
      if (!hooks.holdsSlot?.()) await this.dispatcher.admit(ticket);
      hooks.admitted?.();
      const outcome = await this.slots.run(async () => {
        for (;;) {
          const { pausedMs, waitMs } = await this.options.budget.goingOut().catch(() => {
            throw new WrikeError('unavailable', 'The connection\'s call budget is unavailable; try again shortly');
          });
          if (pausedMs > 0) {
            // Back in line for the budget: it holds nothing else up meanwhile (and its callers' deadlines apply).
            hooks.waiting?.();
            return undefined;
          }
          if (waitMs <= 0) break;
          if (ticket.signal?.aborted) throw abortedBy(ticket.signal, () => new WrikeError('cancelled', 'Nobody waits for this Wrike call any more; it was not made'));
          if (Date.now() + waitMs > ticket.deadline) throw new WrikeError('rate_limited', 'The connection\'s Wrike call budget is used up for now; try again in 1 s', { retryAfterSeconds: 1 });
          await sleep(waitMs);
        }
        if (hooks.sending?.() === false || ticket.signal?.aborted) {
          throw abortedBy(ticket.signal, () => new WrikeError('cancelled', 'Nobody waits for this Wrike call any more; it was not made'));
        }
        return { value: await work() };
      });
      if (outcome) return outcome.value;
    }
  }

  /**
   * One try of a call. A 429 (or a 503 with Retry-After) pauses the connection's budget before the call gives its
   * concurrency slot back, so that no call waiting for the slot goes out inside Wrike's wait: `pausedMs` says how
   * long. Retry-After: 0 (or none) still waits a little (backoff after `rateLimited` earlier 429s), so retries end.
   */
  private async send(
    spec: RequestSpec, token: string, hooks: CallHooks, rateLimited: number,
  ): Promise<{ kind: 'response'; response: AxiosResponse<string>; pausedMs?: number } | { kind: 'network'; reason: string; sent: boolean }> {
    return this.goOut(this.ticket(hooks), async () => {
      const started = Date.now();
      const query = spec.method === 'GET' || spec.method === 'DELETE' || spec.rawBody ? encodeParams(spec.params ?? {}) : undefined;
      const form = query ? undefined : encodeParams(spec.params ?? {});
      // The time-out covers the whole call, not an idle socket; a read is also dropped when its request is cancelled
      // (a write never is: its outcome would be unknown).
      const signals = [AbortSignal.timeout(this.options.timeoutMs), ...(spec.method === 'GET' && hooks.signal ? [hooks.signal] : [])];
      let response: AxiosResponse<string>;
      try {
        response = await this.http.request<string>({
          method: spec.method,
          url: spec.path,
          params: query,
          data: spec.rawBody ?? (form ? form.toString() : undefined),
          headers: {
            Authorization: `Bearer ${token}`,
            ...(form ? { 'Content-Type': 'application/x-www-form-urlencoded' } : {}),
            ...spec.headers,
          },
          signal: signals.length > 1 ? AbortSignal.any(signals) : signals[0],
        });
      } catch (error) {
        this.options.onCall?.({ method: spec.method, path: spec.path, status: 'error', ms: Date.now() - started });
        // Only a read is dropped with its request; a write that went out and failed stays a network failure (its
        // outcome unknown), or an idempotency key would be released for a write Wrike may have made.
        if (spec.method === 'GET' && hooks.signal?.aborted) throw abortedBy(hooks.signal, () => new WrikeError('cancelled', 'The request was cancelled; this Wrike read was dropped'));
        const code = (error as { code?: string }).code ?? 'error';
        const reason = code === 'ERR_CANCELED' ? 'ETIMEDOUT' : code;
        // A timeout means the request went out; a refused connection means it never did.
        const sent = !['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN'].includes(reason);
        return { kind: 'network', reason, sent };
      }
      this.options.onCall?.({ method: spec.method, path: spec.path, status: response.status, ms: Date.now() - started });
      const askedWaitMs = retryAfterMs(response.headers['retry-after'] as string | undefined);
      if (response.status === 429 || (response.status === 503 && askedWaitMs !== undefined)) {
        const pausedMs = askedWaitMs !== undefined ? Math.max(MIN_RATE_LIMIT_WAIT_MS, askedWaitMs) : backoffMs(rateLimited) + 1000;
        // A 429 from a client inside its budget is Wrike asking for less (its DDoS protection): the rate halves.
        await this.options.budget.pause(pausedMs, response.status === 429);
        return { kind: 'response', response, pausedMs };
      }
      return { kind: 'response', response };
    }, hooks);
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
