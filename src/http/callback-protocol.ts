import { userError } from '../graphql/errors';

/**
 * Apollo Router's HTTP callback protocol for subscriptions (`callback/1.0`), the subgraph's side: what the router
 * sends in `extensions.subscription`, and the messages we POST to its callback URL (`check` before answering and as
 * the heartbeat, `next` per event, `complete` at the end). The router answers 2xx while it wants the subscription,
 * 404 when it no longer knows it (we stop everything then).
 */
export interface CallbackExtension {
  callbackUrl: string;
  subscriptionId: string;
  verifier: string;
  heartbeatIntervalMs: number;
}

/** The protocol's version header, on every message. */
export const PROTOCOL_HEADER = { 'subscription-protocol': 'callback/1.0' };

/** The shortest heartbeat interval we keep to (a router asking for less gets this). */
export const MIN_HEARTBEAT_MS = 100;

const ID = /^[A-Za-z0-9_.:-]{1,128}$/;

/**
 * The router's `extensions.subscription`, checked: a callback URL on an origin of ROUTER_CALLBACK_ORIGINS (we POST
 * to it, so an open list would let any tenant aim us at any address), an id and a verifier of plain characters, and a
 * heartbeat interval in ms (0: none). Both spellings the router has used are read (camelCase is the 1.0 one).
 */
export function parseCallbackExtension(value: unknown, allowedOrigins: readonly string[]): CallbackExtension {
  const ext = (value ?? {}) as Record<string, unknown>;
  const callbackUrl = ext.callbackUrl ?? ext.callback_url;
  const subscriptionId = ext.subscriptionId ?? ext.subscription_id;
  const verifier = ext.verifier;
  const interval = ext.heartbeatIntervalMs ?? ext.heartbeat_interval_ms ?? 5000;
  const bad = (message: string) => userError('BAD_USER_INPUT', message, { http: { status: 400 } });
  if (typeof callbackUrl !== 'string') throw bad('extensions.subscription.callbackUrl is required');
  let url: URL;
  try {
    url = new URL(callbackUrl);
  } catch {
    throw bad('extensions.subscription.callbackUrl is not a URL');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw bad('extensions.subscription.callbackUrl must be http or https');
  if (url.username || url.password) throw bad('extensions.subscription.callbackUrl must not carry credentials');
  if (!allowedOrigins.includes(url.origin)) {
    throw userError('FORBIDDEN', allowedOrigins.length === 0
      ? 'Callback subscriptions are off: list the router\'s callback origin in ROUTER_CALLBACK_ORIGINS'
      : 'extensions.subscription.callbackUrl is not on an origin of ROUTER_CALLBACK_ORIGINS', { http: { status: 403 } });
  }
  if (typeof subscriptionId !== 'string' || !ID.test(subscriptionId)) throw bad('extensions.subscription.subscriptionId must be 1 to 128 letters, digits or _.:-');
  if (typeof verifier !== 'string' || verifier.length === 0 || verifier.length > 1024) throw bad('extensions.subscription.verifier is required (at most 1,024 characters)');
  if (typeof interval !== 'number' || !Number.isInteger(interval) || interval < 0 || interval > 86_400_000) {
    throw bad('extensions.subscription.heartbeatIntervalMs must be a whole number of ms from 0 to 86,400,000');
  }
  return { callbackUrl: url.href, subscriptionId, verifier, heartbeatIntervalMs: interval === 0 ? 0 : Math.max(MIN_HEARTBEAT_MS, interval) };
}

export type CallbackAction = 'check' | 'next' | 'complete';

export interface CallbackMessage {
  action: CallbackAction;
  id: string;
  verifier: string;
  payload?: unknown;
  errors?: readonly unknown[];
}

/** What a callback answered: wanted (2xx), gone (404: stop), refused (another 4xx or a redirect: stop), failed (5xx or no answer, after retries). */
export type CallbackOutcome = 'ok' | 'gone' | 'refused' | 'failed';

export interface SendOptions {
  /** Each attempt's time-out. */
  timeoutMs: number;
  /** Attempts in all for a 5xx or no answer (4xx are not retried: they carry a meaning). */
  attempts: number;
  /** Ends the attempts at once (the replica is stopping): 'failed'. */
  signal?: AbortSignal;
}

/** Posts one protocol message to a callback URL (never following a redirect), retrying only what may pass. */
export async function sendCallback(url: string, message: CallbackMessage, options: SendOptions): Promise<CallbackOutcome> {
  const body = JSON.stringify({ kind: 'subscription', ...message });
  for (let attempt = 1; ; attempt++) {
    let status: number | undefined;
    try {
      const response = await fetch(url, {
        method: 'POST', redirect: 'manual', body,
        signal: options.signal ? AbortSignal.any([options.signal, AbortSignal.timeout(options.timeoutMs)]) : AbortSignal.timeout(options.timeoutMs),
        headers: { 'Content-Type': 'application/json', ...PROTOCOL_HEADER },
      });
      status = response.status;
      await response.body?.cancel().catch(() => undefined);
    } catch {
      status = undefined;
    }
    if (status !== undefined && status >= 200 && status < 300) return 'ok';
    if (status === 404) return 'gone';
    if (status !== undefined && status < 500) return 'refused';
    if (attempt >= options.attempts || options.signal?.aborted) return 'failed';
    await new Promise((resolve) => setTimeout(resolve, 100 * attempt).unref());
  }
}
