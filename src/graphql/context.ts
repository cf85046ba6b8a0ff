import { RoundScheduler, trackedCaller, type WrikeCaller } from '../wrike/rounds';
import { createLoaders, type WrikeLoaders } from '../wrike/loaders';
import { loaderScope } from '../unified/scope';
import { ConnectionAccessError, type ConnectionManager, type LiveConnection } from '../connections/manager';
import { CredentialSealError } from '../connections/crypto';
import type { CursorCodec } from './cursor';
import type { IdempotencyStore } from '../writes/idempotency';
import type { DownloadLinks } from '../writes/download-links';
import type { Metrics } from '../metrics';
import { userError } from './errors';
import { deadlinePassed } from '../wrike/errors';
import type { BudgetStatus } from '../wrike/budget';
import type { ConnectionCache } from '../wrike/cache';
import type { EventBus } from '../events/bus';
import type { WebhookRegistrar } from '../events/webhooks';
import type { WebhookRecord } from '../connections/store';

/** What every request shares: cursor signing, idempotency, download links, limits. */
export interface SharedServices {
  cursors: CursorCodec;
  idempotency: IdempotencyStore;
  downloads: DownloadLinks;
  /** Largest attachment accepted as base64 by createAttachment. */
  maxAttachmentBytes: number;
  /** MAX_QUERY_CALLS: a request's hard cap on Wrike calls (the estimate refuses earlier, this holds whatever the data). */
  maxCallsPerRequest: number;
  /** REQUEST_DEADLINE_MS: by when a request is answered; its calls still waiting for the budget then fail with RATE_LIMITED. */
  requestDeadlineMs: number;
  metrics: Metrics;
  /** Webhooks in, events out (see src/events). */
  events: EventServices;
}

/** What resolvers need of the events side: the bus subscriptions listen on, and the webhooks' registrar and records. */
export interface EventServices {
  bus: EventBus;
  registrar: WebhookRegistrar;
  webhookOf(connectionId: string): Promise<WebhookRecord | undefined>;
}

/** Built per request: the caller's tenant, its Wrike connection, its client, the request's loaders, the shared services. */
export interface GraphQLContext extends SharedServices {
  tenantId: string;
  connections: ConnectionManager;
  /** The connection this request uses (reading it without one throws a typed error). */
  connectionId: string;
  /** The connection's client, tracked by this request's round scheduler. */
  wrike: WrikeCaller;
  loaders: WrikeLoaders;
  /** Epoch ms: REQUEST_DEADLINE_MS after the request came. Nothing of it waits past this (see graphql-endpoint.ts). */
  deadline: number;
  /** Counts the Wrike calls this request makes (`extensions.cost.actualCalls`). */
  meter: { readonly calls: number };
  /** The connection's call budget right now (`extensions.cost.throttleStatus`). */
  budgetStatus?: () => Promise<BudgetStatus>;
  /** The connection's shared cache (writes drop what they change). */
  cache?: ConnectionCache;
  /** The connection's Wrike account id (read once per connection): type-wide cache tags are scoped by it. */
  accountId?: () => Promise<string>;
  /** Subscriptions only: a new context (fresh loaders, deadline and call cap) for each event. */
  freshContext?: () => Promise<GraphQLContext>;
}

/** What a request's signal aborts with when its deadline passes (its fields still waiting fail with it). */
export function requestDeadlinePassed(): Error {
  return deadlinePassed();
}

/**
 * `work`, or its signal's reason once the signal aborts first. `work` is always handled: left behind by an abort, a
 * rejection of its own (Redis timing out) would otherwise be unhandled, and that ends the process.
 */
export function untilAborted<T>(work: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (!signal) return work;
  work.catch(() => undefined);
  if (signal.aborted) return Promise.reject(signal.reason as Error);
  let onAbort: (() => void) | undefined;
  const aborted = new Promise<never>((_, reject) => {
    onAbort = () => reject(signal.reason as Error);
    signal.addEventListener('abort', onAbort, { once: true });
  });
  return Promise.race([work, aborted]).finally(() => signal.removeEventListener('abort', onAbort!));
}

/** What the HTTP layer knows of one GraphQL request. */
export interface RequestInfo {
  /** Unique per request: its lane in the connection's fair dispatcher. */
  id: string;
  /**
   * Aborted when the request is over (its response sent, its client gone, or its deadline passed): its queued and
   * in-flight reads are dropped, with the abort's reason when it is a WrikeError (the deadline's).
   */
  signal?: AbortSignal;
  /** Epoch ms; by default REQUEST_DEADLINE_MS from now. */
  deadline?: number;
  /** Cache-Control: no-cache: read Wrike (still coalesced), then refresh the cache. */
  fresh?: boolean;
}

/**
 * The connection a request asked for with `X-Connection-Id`; with a single connection the header may be left out
 * (undefined: the tenant has none, or several). Used by /graphql and every route beside it. Errors are typed and
 * reveal nothing about connections the caller may not use.
 */
export async function resolveConnection(manager: ConnectionManager, tenantId: string, header: string | undefined): Promise<LiveConnection | undefined> {
  if (header === undefined || header === '') return manager.only(tenantId);
  try {
    return await manager.resolve(tenantId, header);
  } catch (error) {
    if (error instanceof CredentialSealError) {
      throw userError('CONNECTION_NEEDS_REAUTH', `${error.message}; link the account again`, { http: { status: 500 } });
    }
    if (!(error instanceof ConnectionAccessError)) throw error;
    if (error.kind === 'invalid') throw userError('BAD_USER_INPUT', 'X-Connection-Id is not a valid connection id', { http: { status: 400 } });
    throw userError('FORBIDDEN', error.message, { http: { status: 403 } });
  }
}

/**
 * The request context for the connection the caller asked for. Operations that need no Wrike account (the
 * connections admin) work without one: only touching Wrike data then fails.
 */
export async function buildRequestContext(
  manager: ConnectionManager, services: SharedServices, tenantId: string, header: string | undefined, request: RequestInfo,
): Promise<GraphQLContext> {
  return contextFor(manager, services, tenantId, await resolveConnection(manager, tenantId, header), request);
}

/** A request's context over a connection already resolved: its round scheduler, tracked caller and loaders. */
export function contextFor(
  manager: ConnectionManager, services: SharedServices, tenantId: string, connection: LiveConnection | undefined, request: RequestInfo,
): GraphQLContext {
  const deadline = request.deadline ?? Date.now() + services.requestDeadlineMs;
  const base = { ...services, tenantId, connections: manager, deadline };
  if (connection) {
    const rounds = new RoundScheduler(services.maxCallsPerRequest, { lane: request.id, deadline, signal: request.signal });
    const wrike = trackedCaller(connection.client, rounds, connection.cache);
    const loaders = createLoaders(wrike, rounds, {
      onCacheHit: (loader) => services.metrics.cacheHits.inc({ loader }),
      cache: connection.cache,
      fresh: request.fresh,
      shared: connection.shared,
      accountId: () => connection.accountId(wrike),
      scope: connection.workspaceIds ? loaderScope(new Set(connection.workspaceIds)) : undefined,
      signal: request.signal,
    });
    const { client } = connection;
    // The budget's status (extensions.cost) is read as the answer goes out: it never holds the answer past the deadline.
    const budgetStatus = () => untilAborted(client.budgetStatus(), request.signal);
    return { ...base, connectionId: connection.id, wrike, loaders, meter: rounds, budgetStatus, cache: connection.cache, accountId: () => connection.accountId() };
  }
  // No connection chosen: anything that touches Wrike fails with a typed error; the connections admin still works.
  // (Proxies, not getters: Apollo Server copies the context object.)
  const missing = new Proxy({}, {
    get: () => {
      throw userError('BAD_USER_INPUT', 'Send the X-Connection-Id header to choose a Wrike connection (see the connections query)');
    },
  });
  return { ...base, connectionId: '', wrike: missing as WrikeCaller, loaders: missing as WrikeLoaders, meter: { calls: 0 } };
}
