import { randomUUID } from 'node:crypto';
import { GraphQLError, getOperationAST, parse, subscribe, validate, type DocumentNode, type ExecutionResult, type GraphQLSchema } from 'graphql';
import { checkComplexity, type ComplexityLimits } from '../graphql/complexity';
import { buildRequestContext, type GraphQLContext, type SharedServices } from '../graphql/context';
import { formatError, userError } from '../graphql/errors';
import type { ConnectionManager } from '../connections/manager';
import type { CallbackRegistry, CallbackSubscription, HeldLease } from '../events/callback-registry';
import type { Logger } from '../logger';
import { parseCallbackExtension, sendCallback, type CallbackMessage, type CallbackOutcome } from './callback-protocol';

export interface CallbackSubscriptionsDeps {
  schema: GraphQLSchema;
  registry: CallbackRegistry;
  connections: ConnectionManager;
  services: SharedServices;
  logger: Logger;
  /** ROUTER_CALLBACK_ORIGINS: the only origins we POST callbacks to. */
  allowedOrigins: readonly string[];
  /** CALLBACK_LEASE_MS: how long a replica's hold on a subscription lasts unrenewed (renewed every third of it). */
  leaseMs: number;
  /** MAX_SUBSCRIPTIONS_PER_TENANT, counted over every replica's callback subscriptions. */
  perTenant: number;
  /** MAX_QUERY_DEPTH and MAX_QUERY_CALLS, as for any request. */
  limits: ComplexityLimits;
  /** Who may still hold a subscription: re-checked on takeover and while one runs. */
  access: CallbackAccess;
}

/** What a subscription's right to run is re-checked against. */
export interface CallbackAccess {
  /** The ids of the API keys not revoked. */
  activeKeyIds(): Promise<ReadonlySet<string>>;
  /** Open mode still holds (a subscription made without a key runs only while it does). */
  openMode(): Promise<boolean>;
}

/** What the HTTP endpoint answers a router's callback subscription request. */
export interface CallbackAnswer {
  status: number;
  body: { data?: null; errors?: unknown[] };
}

/** Each callback POST: its time-out and its attempts on a 5xx or no answer. */
const SEND = { timeoutMs: 5000, attempts: 3 };

/**
 * Messages (heartbeats or events) that fail (5xx, no answer, after retries) this many times in a row end the
 * subscription: a router that is gone for good, even one that asked for no heartbeats, does not keep it for ever.
 */
const MAX_FAILURES = 5;

/** The shortest lease we take (a subscription with a short heartbeat interval gets this), and the quickest look. */
const MIN_LEASE_MS = 150;
const MIN_PERIOD_MS = 50;
/** How often a running subscription's API key and origin are re-checked (at most; at each look otherwise). */
const ACCESS_CHECK_MS = 1000;

/** One subscription this replica runs now. */
interface Running {
  record: CallbackSubscription;
  /**
   * Ends it here; `forget` also drops it from the registry (it is over for every replica), after a `complete` with
   * `errors` when they are given.
   */
  stop(forget: boolean, errors?: readonly GraphQLError[]): Promise<void>;
}

/**
 * Router subscriptions over the HTTP callback protocol, run by whichever replica holds each one's lease (see
 * CallbackRegistry): the events come from the bus through the schema's own subscription resolvers (the same
 * filtering as graphql-ws), each delivered as `next`; the holder sends the heartbeats. A replica that stops gives its
 * leases back, and one that dies lets them lapse: another replica then carries the subscription on (events published
 * in between, up to CALLBACK_LEASE_MS after a crash, are not delivered: a client catches up with ticketChanges).
 */
export class CallbackSubscriptions {
  private readonly owner = randomUUID();
  private readonly running = new Map<string, Running>();
  /** Leases this replica holds (subscriptions starting or running), renewed on a timer of their own. */
  private readonly held = new Map<string, HeldLease>();
  /** Subscriptions this replica is starting (waiting for their `check`, or being taken over): no sweep takes them. */
  private readonly starting = new Set<string>();
  /** The shortest lease of any subscription known: the looks and the renewals come every third of it. */
  private shortestLeaseMs: number;
  private sweepTimer: ReturnType<typeof setTimeout> | undefined;
  private renewTimer: ReturnType<typeof setTimeout> | undefined;
  /** A sweep under way: the next waits for it (a slow registry never runs two at once). */
  private sweeping = false;
  /** A renewal under way: likewise. */
  private renewing = false;
  private lastAccessCheck = 0;
  private stopped = false;
  /** Aborts the callbacks still in flight when this replica stops. */
  private readonly closing = new AbortController();

  constructor(private readonly deps: CallbackSubscriptionsDeps) {
    this.shortestLeaseMs = deps.leaseMs;
  }

  /**
   * A subscription's lease: CALLBACK_LEASE_MS, but at most a quarter of its heartbeat interval, so that a takeover
   * after a crash (the lease lapsing, the next look a third of a lease later, and the new holder's `check` at once)
   * plus our half-interval heartbeat fit in 5/6 of an interval: Apollo Router drops a subscription that goes a whole
   * interval without a `check`.
   */
  private leaseFor(record: Pick<CallbackSubscription, 'heartbeatIntervalMs'>): number {
    if (record.heartbeatIntervalMs === 0) return this.deps.leaseMs;
    return Math.max(MIN_LEASE_MS, Math.min(this.deps.leaseMs, Math.floor(record.heartbeatIntervalMs / 4)));
  }

  private period(): number {
    return Math.max(MIN_PERIOD_MS, Math.floor(this.shortestLeaseMs / 3));
  }

  /** Starts looking for subscriptions nobody runs, and renewing this replica's leases (each every third of the shortest lease). */
  start(): void {
    // Callbacks off (no ROUTER_CALLBACK_ORIGINS): nothing to carry on, and no reads of the registry.
    if (this.deps.allowedOrigins.length === 0) return;
    this.scheduleSweep();
    this.scheduleRenew();
  }

  private scheduleSweep(): void {
    if (this.stopped) return;
    clearTimeout(this.sweepTimer);
    this.sweepTimer = setTimeout(() => void this.sweep().finally(() => this.scheduleSweep()), this.period());
    this.sweepTimer.unref();
  }

  private scheduleRenew(): void {
    if (this.stopped) return;
    clearTimeout(this.renewTimer);
    this.renewTimer = setTimeout(() => void this.renew().finally(() => this.scheduleRenew()), this.period());
    this.renewTimer.unref();
  }

  /** A lease shorter than any known so far: the timers come sooner from now on. */
  private noteLease(ttlMs: number): void {
    if (ttlMs >= this.shortestLeaseMs) return;
    this.shortestLeaseMs = ttlMs;
    if (this.deps.allowedOrigins.length > 0 && !this.renewing) this.scheduleRenew();
  }

  /**
   * A router's subscription request: checked (its operation against the schema, the callback against the allow-list),
   * started (a bad argument fails here, in the answer), counted against the tenant's cap, confirmed with a `check`
   * to the router, registered, and answered `{ data: null }`.
   */
  async accept(ctx: GraphQLContext, body: { query?: unknown; variables?: unknown; operationName?: unknown; extensions?: { subscription?: unknown } }, apiKeyId?: string): Promise<CallbackAnswer> {
    let ext;
    try {
      ext = parseCallbackExtension(body.extensions?.subscription, this.deps.allowedOrigins);
    } catch (error) {
      return refuse(error as GraphQLError);
    }
    if (typeof body.query !== 'string') return refuse(userError('BAD_USER_INPUT', 'query is required', { http: { status: 400 } }));
    const variables = body.variables && typeof body.variables === 'object' ? body.variables as Record<string, unknown> : undefined;
    const operationName = typeof body.operationName === 'string' ? body.operationName : undefined;
    let document: DocumentNode;
    try {
      document = parse(body.query);
    } catch (error) {
      return refuse(userError('BAD_USER_INPUT', `Syntax error: ${(error as Error).message}`, { http: { status: 400 } }));
    }
    const invalid = validate(this.deps.schema, document);
    if (invalid.length > 0) return { status: 400, body: { errors: invalid.map((e) => ({ message: e.message, extensions: { code: 'GRAPHQL_VALIDATION_FAILED' } })) } };
    const operation = getOperationAST(document, operationName);
    if (operation?.operation !== 'subscription') {
      return refuse(userError('BAD_USER_INPUT', 'extensions.subscription is for subscription operations only', { http: { status: 400 } }));
    }
    try {
      checkComplexity(this.deps.schema, document, operation, variables ?? {}, this.deps.limits);
    } catch (error) {
      return refuse(error as GraphQLError);
    }
    let connectionId: string;
    try {
      connectionId = ctx.connectionId;
    } catch {
      return refuse(userError('BAD_USER_INPUT', 'Send X-Connection-Id to choose a Wrike connection', { http: { status: 400 } }));
    }
    const record: CallbackSubscription = {
      id: ext.subscriptionId, callbackUrl: ext.callbackUrl, verifier: ext.verifier, heartbeatIntervalMs: ext.heartbeatIntervalMs,
      tenantId: ctx.tenantId, connectionId, query: body.query, variables, operationName, ...(apiKeyId ? { apiKeyId } : {}),
    };
    // Started before anything is sent: an argument the resolver refuses is this answer's error, not a `complete`.
    const started = await this.execute(record, document, ctx);
    if (!isStream(started)) return { status: 200, body: { errors: (started.errors ?? []).map((e) => formatError(e.toJSON(), e)) } };
    try {
      return await this.register(record, started);
    } catch (error) {
      // The registry did not answer: nothing runs, and the router is told to try again.
      void started.return?.(undefined);
      this.deps.logger.warn({ err: (error as Error).message }, 'callback subscriptions: the registry did not answer');
      return refuse(userError('UPSTREAM_UNAVAILABLE', 'The subscription registry did not answer; try again', { http: { status: 503 } }));
    }
  }

  /** Leases, registers (within the tenant's cap) and confirms a started subscription with the router, then runs it. */
  private async register(record: CallbackSubscription, started: AsyncGenerator<ExecutionResult>): Promise<CallbackAnswer> {
    const drop = () => void started.return?.(undefined);
    const lease = { id: record.id, tenantId: record.tenantId, ttlMs: this.leaseFor(record) };
    const taken = () => refuse(userError('BAD_USER_INPUT', 'A subscription with this subscriptionId is already running', { http: { status: 409 } }));
    // No sweep here takes it while it starts; the renewals keep its lease through a slow `check`.
    this.starting.add(record.id);
    try {
      // The lease first: no other replica's sweep may start the subscription before the router confirmed it.
      if (this.running.has(record.id) || !(await this.deps.registry.claim(record.id, this.owner, lease.ttlMs))) {
        drop();
        return taken();
      }
      this.held.set(record.id, lease);
      this.noteLease(lease.ttlMs);
      const added = await this.deps.registry.add(record, this.deps.perTenant);
      if (added !== 'added') {
        drop();
        this.held.delete(record.id);
        await this.deps.registry.release(record.id, this.owner);
        // Another tenant's id: refused as a running one is (nothing says whose it is).
        if (added === 'taken') return taken();
        return refuse(userError('SUBSCRIPTION_LIMIT', `This tenant holds ${this.deps.perTenant} subscriptions, the most allowed (MAX_SUBSCRIPTIONS_PER_TENANT): complete one first`, { limit: this.deps.perTenant, http: { status: 429 } }));
      }
      const check = await this.send(record, { action: 'check' });
      if (check !== 'ok') {
        drop();
        this.held.delete(record.id);
        await this.deps.registry.remove(record);
        return refuse(userError('UPSTREAM_UNAVAILABLE', `The router's callback did not confirm the subscription (check: ${check})`, { http: { status: 502 } }));
      }
      // The lease was lost during the check (the registry did not answer the renewals): whoever took it runs it.
      if (!this.held.has(record.id)) drop();
      else this.run(record, started);
      return { status: 200, body: { data: null } };
    } catch (error) {
      this.held.delete(record.id);
      throw error;
    } finally {
      this.starting.delete(record.id);
    }
  }

  /** Renews every lease this replica holds in one round trip, ending what it lost. */
  private async renew(): Promise<void> {
    const leases = [...this.held.values()];
    if (leases.length === 0 || this.renewing) return;
    this.renewing = true;
    try {
      const kept = await this.deps.registry.renew(leases, this.owner);
      for (const [i, lease] of leases.entries()) {
        if (kept[i] || this.held.get(lease.id) !== lease) continue;
        this.held.delete(lease.id);
        await this.running.get(lease.id)?.stop(false);
      }
    } catch (error) {
      this.deps.logger.warn({ err: (error as Error).message }, 'callback subscriptions: the registry did not answer');
    } finally {
      this.renewing = false;
    }
  }

  /**
   * Takes subscriptions whose lease lapsed or was given back, and ends running ones whose API key was revoked or
   * whose origin left ROUTER_CALLBACK_ORIGINS.
   */
  private async sweep(): Promise<void> {
    if (this.sweeping) return;
    this.sweeping = true;
    try {
      const records = await this.deps.registry.all();
      const shortest = Math.min(this.deps.leaseMs, ...records.map((r) => this.leaseFor(r)), ...[...this.held.values()].map((l) => l.ttlMs));
      if (shortest < this.shortestLeaseMs) this.noteLease(shortest);
      else this.shortestLeaseMs = shortest;
      let keys: ReadonlySet<string> | undefined;
      const activeKeys = async () => (keys ??= await this.deps.access.activeKeyIds());
      if (this.running.size > 0 && Date.now() - this.lastAccessCheck >= ACCESS_CHECK_MS) {
        this.lastAccessCheck = Date.now();
        for (const running of [...this.running.values()]) {
          const refusal = await this.refusal(running.record, activeKeys);
          if (refusal) await running.stop(true, refusal.tell ? [refusal.error] : undefined);
        }
      }
      for (const record of records) {
        if (this.stopped) return;
        if (this.running.has(record.id) || this.starting.has(record.id)) continue;
        const lease = { id: record.id, tenantId: record.tenantId, ttlMs: this.leaseFor(record) };
        if (!(await this.deps.registry.claim(record.id, this.owner, lease.ttlMs))) continue;
        this.held.set(record.id, lease);
        this.starting.add(record.id);
        try {
          await this.takeOver(record, activeKeys);
        } catch (error) {
          // Not taken over after all (the store or the registry did not answer): the lease goes back, for the next look.
          this.held.delete(record.id);
          await this.deps.registry.release(record.id, this.owner).catch(() => undefined);
          throw error;
        } finally {
          this.starting.delete(record.id);
        }
      }
    } catch (error) {
      this.deps.logger.warn({ err: (error as Error).message }, 'callback subscriptions: the registry did not answer');
    } finally {
      this.sweeping = false;
    }
  }

  /**
   * Why a subscription may no longer run, if it may not: its origin left ROUTER_CALLBACK_ORIGINS (nothing more is
   * sent there), or its API key was revoked, or it was made in open mode and open mode ended (`complete` with the error).
   */
  private async refusal(record: CallbackSubscription, activeKeys: () => Promise<ReadonlySet<string>>): Promise<{ error: GraphQLError; tell: boolean } | undefined> {
    let origin: string | undefined;
    try {
      origin = new URL(record.callbackUrl).origin;
    } catch {
      origin = undefined;
    }
    if (!origin || !this.deps.allowedOrigins.includes(origin)) {
      return { error: userError('FORBIDDEN', 'The callback URL is no longer on an origin of ROUTER_CALLBACK_ORIGINS'), tell: false };
    }
    const allowed = record.apiKeyId ? (await activeKeys()).has(record.apiKeyId) : await this.deps.access.openMode();
    if (!allowed) {
      return { error: userError('UNAUTHENTICATED', record.apiKeyId ? 'The API key that made this subscription was revoked' : 'Open mode ended: subscribe again with an API key'), tell: true };
    }
    return undefined;
  }

  /**
   * Carries on a subscription whose lease this replica just took: still allowed, still a valid operation for the
   * current schema and limits, then started and confirmed with a `check` at once (the router hears from us well
   * within its heartbeat interval).
   */
  private async takeOver(record: CallbackSubscription, activeKeys: () => Promise<ReadonlySet<string>>): Promise<void> {
    const refusal = await this.refusal(record, activeKeys);
    if (refusal) return this.finish(record, refusal.tell ? [refusal.error] : undefined);
    let document: DocumentNode;
    try {
      document = parse(record.query);
    } catch (error) {
      return this.finish(record, [operationError('GRAPHQL_PARSE_FAILED', `Syntax error: ${(error as Error).message}`)]);
    }
    const invalid = validate(this.deps.schema, document);
    if (invalid.length > 0) return this.finish(record, invalid.map((e) => operationError('GRAPHQL_VALIDATION_FAILED', e.message)));
    const operation = getOperationAST(document, record.operationName);
    if (operation?.operation !== 'subscription') return this.finish(record, [operationError('GRAPHQL_VALIDATION_FAILED', 'The stored operation is not a subscription')]);
    try {
      checkComplexity(this.deps.schema, document, operation, record.variables ?? {}, this.deps.limits);
    } catch (error) {
      return this.finish(record, [error as GraphQLError]);
    }
    const started = await this.execute(record, document, undefined);
    if (!isStream(started)) return this.finish(record, started.errors ?? []);
    const check = await this.send(record, { action: 'check' });
    if (check === 'gone' || check === 'refused') {
      void started.return?.(undefined);
      this.held.delete(record.id);
      await this.deps.registry.remove(record);
      return;
    }
    if (!this.held.has(record.id)) void started.return?.(undefined);
    else this.run(record, started);
  }

  /** The subscription's event stream (or its errors), with a context of its own and a fresh one for each event. */
  private async execute(record: CallbackSubscription, document: DocumentNode, ctx: GraphQLContext | undefined): Promise<AsyncGenerator<ExecutionResult> | ExecutionResult> {
    const fresh = () => buildRequestContext(this.deps.connections, this.deps.services, record.tenantId, record.connectionId, { id: randomUUID() });
    try {
      const contextValue = { ...(ctx ?? await fresh()), freshContext: fresh };
      return await subscribe({ schema: this.deps.schema, document, variableValues: record.variables, operationName: record.operationName, contextValue });
    } catch (error) {
      // The connection is gone or its store did not answer: the subscription ends with that error.
      return { errors: [error instanceof Error && 'extensions' in error ? error as GraphQLError : userError('INTERNAL_SERVER_ERROR', 'The subscription could not be started')] };
    }
  }

  /** Delivers a running subscription's events and heartbeats until it ends, the router says 404, or the lease is lost. */
  private run(record: CallbackSubscription, stream: AsyncGenerator<ExecutionResult>): void {
    // One runner per subscription and replica, whatever path started it.
    if (this.running.has(record.id)) {
      void stream.return?.(undefined);
      return;
    }
    let over = false;
    let heartbeat: ReturnType<typeof setInterval> | undefined;
    let failures = 0;
    const end = async (forget: boolean, errors?: readonly GraphQLError[]) => {
      if (over) return;
      over = true;
      clearInterval(heartbeat);
      this.running.delete(record.id);
      this.held.delete(record.id);
      await stream.return?.(undefined);
      if (forget) {
        if (errors) await this.send(record, { action: 'complete', errors: errors.map((e) => formatError(e.toJSON(), e)) });
        await this.deps.registry.remove(record);
      } else {
        await this.deps.registry.release(record.id, this.owner);
      }
    };
    const stopOn = (outcome: CallbackOutcome) => {
      failures = outcome === 'failed' ? failures + 1 : 0;
      return outcome === 'gone' || outcome === 'refused' || failures >= MAX_FAILURES ? end(true) : undefined;
    };
    // The registry not answering (Redis down) while a subscription ends is logged; its lease lapses, and the next
    // replica to take it finds out again.
    const logged = (error: unknown) => this.deps.logger.warn({ subscription: record.id, err: (error as Error)?.message }, 'callback subscription: the registry did not answer');
    this.running.set(record.id, { record, stop: (forget, errors) => end(forget, errors) });
    if (record.heartbeatIntervalMs > 0) {
      // Twice an interval: a takeover after a crash (see leaseFor) still leaves no interval without a `check`.
      heartbeat = setInterval(() => {
        void this.send(record, { action: 'check' }).then(stopOn).catch(logged);
      }, Math.max(MIN_PERIOD_MS, Math.floor(record.heartbeatIntervalMs / 2)));
      heartbeat.unref();
    }
    void (async () => {
      try {
        for await (const result of stream) {
          const payload = result.errors ? { ...result, errors: result.errors.map((e) => formatError(e.toJSON(), e)) } : result;
          const outcome = await this.send(record, { action: 'next', payload });
          if (over) return;
          await stopOn(outcome);
        }
        if (!over) await this.finish(record, []);
      } catch (error) {
        this.deps.logger.warn({ subscription: record.id, err: (error as Error).message }, 'callback subscription failed');
        if (!over) await end(true, [userError('INTERNAL_SERVER_ERROR', 'The subscription failed')]);
      } finally {
        if (!over) {
          over = true;
          clearInterval(heartbeat);
          this.running.delete(record.id);
          this.held.delete(record.id);
        }
      }
    })().catch(logged);
  }

  /**
   * Ends a subscription for every replica: `complete` (with errors, if any) to the router, then out of the registry.
   * Without `errors` nothing is sent (its origin is no longer allowed).
   */
  private async finish(record: CallbackSubscription, errors: readonly GraphQLError[] | undefined): Promise<void> {
    this.held.delete(record.id);
    if (errors) await this.send(record, { action: 'complete', ...(errors.length ? { errors: errors.map((e) => formatError(e.toJSON(), e)) } : {}) });
    await this.deps.registry.remove(record);
  }

  private send(record: CallbackSubscription, message: Omit<CallbackMessage, 'id' | 'verifier'>): Promise<CallbackOutcome> {
    return sendCallback(record.callbackUrl, { ...message, id: record.id, verifier: record.verifier }, { ...SEND, signal: this.closing.signal });
  }

  /** Stops this replica's subscriptions and gives their leases back, so that another replica carries them on at once. */
  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.sweepTimer);
    clearTimeout(this.renewTimer);
    await Promise.all([...this.running.values()].map((running) => running.stop(false).catch(() => undefined)));
    this.closing.abort();
  }
}

/** A typed error as the answer: its `http` hint as the status (400 without one), the rest as extensions. */
function refuse(error: GraphQLError): CallbackAnswer {
  const { http, ...extensions } = error.extensions as { http?: { status?: number } };
  return { status: http?.status ?? 400, body: { errors: [{ message: error.message, extensions }] } };
}

function isStream(value: AsyncGenerator<ExecutionResult> | ExecutionResult): value is AsyncGenerator<ExecutionResult> {
  return typeof (value as AsyncGenerator<ExecutionResult>)[Symbol.asyncIterator] === 'function';
}

/** A stored operation that no longer fits the schema: the code GraphQL servers give it. */
function operationError(code: 'GRAPHQL_PARSE_FAILED' | 'GRAPHQL_VALIDATION_FAILED', message: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code } });
}
