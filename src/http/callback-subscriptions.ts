import { randomUUID } from 'node:crypto';
import { getOperationAST, parse, subscribe, validate, type DocumentNode, type ExecutionResult, type GraphQLError, type GraphQLSchema } from 'graphql';
import { buildRequestContext, type GraphQLContext, type SharedServices } from '../graphql/context';
import { formatError, userError } from '../graphql/errors';
import type { ConnectionManager } from '../connections/manager';
import type { CallbackRegistry, CallbackSubscription } from '../events/callback-registry';
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

/** One subscription this replica runs now. */
interface Running {
  record: CallbackSubscription;
  /** Ends it here; `forget` also drops it from the registry (it is over for every replica). */
  stop(forget: boolean): Promise<void>;
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
  private sweeping: ReturnType<typeof setInterval> | undefined;
  private stopped = false;
  /** Aborts the callbacks still in flight when this replica stops. */
  private readonly closing = new AbortController();

  constructor(private readonly deps: CallbackSubscriptionsDeps) {}

  /** Starts looking for subscriptions nobody runs (every third of the lease), and renewing this replica's leases. */
  start(): void {
    // Callbacks off (no ROUTER_CALLBACK_ORIGINS): nothing to carry on, and no reads of the registry.
    if (this.deps.allowedOrigins.length === 0) return;
    this.sweeping = setInterval(() => void this.sweep(), Math.max(50, Math.floor(this.deps.leaseMs / 3)));
    this.sweeping.unref();
  }

  /**
   * A router's subscription request: checked (its operation against the schema, the callback against the allow-list),
   * started (a bad argument fails here, in the answer), counted against the tenant's cap, confirmed with a `check`
   * to the router, registered, and answered `{ data: null }`.
   */
  async accept(ctx: GraphQLContext, body: { query?: unknown; variables?: unknown; operationName?: unknown; extensions?: { subscription?: unknown } }): Promise<CallbackAnswer> {
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
    if (getOperationAST(document, operationName)?.operation !== 'subscription') {
      return refuse(userError('BAD_USER_INPUT', 'extensions.subscription is for subscription operations only', { http: { status: 400 } }));
    }
    let connectionId: string;
    try {
      connectionId = ctx.connectionId;
    } catch {
      return refuse(userError('BAD_USER_INPUT', 'Send X-Connection-Id to choose a Wrike connection', { http: { status: 400 } }));
    }
    const record: CallbackSubscription = {
      id: ext.subscriptionId, callbackUrl: ext.callbackUrl, verifier: ext.verifier, heartbeatIntervalMs: ext.heartbeatIntervalMs,
      tenantId: ctx.tenantId, connectionId, query: body.query, variables, operationName,
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
    // The lease first: no other replica's sweep may start the subscription before the router confirmed it.
    if (!(await this.deps.registry.claim(record.id, this.owner, this.deps.leaseMs))) {
      drop();
      return refuse(userError('BAD_USER_INPUT', 'A subscription with this subscriptionId is already running', { http: { status: 409 } }));
    }
    if (!(await this.deps.registry.add(record, this.deps.perTenant))) {
      drop();
      await this.deps.registry.release(record.id, this.owner);
      return refuse(userError('SUBSCRIPTION_LIMIT', `This tenant holds ${this.deps.perTenant} subscriptions, the most allowed (MAX_SUBSCRIPTIONS_PER_TENANT): complete one first`, { limit: this.deps.perTenant, http: { status: 429 } }));
    }
    const check = await this.send(record, { action: 'check' });
    if (check !== 'ok') {
      drop();
      await this.deps.registry.remove(record);
      return refuse(userError('UPSTREAM_UNAVAILABLE', `The router's callback did not confirm the subscription (check: ${check})`, { http: { status: 502 } }));
    }
    this.run(record, started);
    return { status: 200, body: { data: null } };
  }

  /** Renews this replica's leases (ending what it lost) and takes subscriptions whose lease lapsed or was given back. */
  private async sweep(): Promise<void> {
    try {
      for (const [id, running] of this.running) {
        if (!(await this.deps.registry.renew(id, this.owner, this.deps.leaseMs))) await running.stop(false);
      }
      for (const record of await this.deps.registry.all()) {
        if (this.stopped) return;
        if (this.running.has(record.id) || !(await this.deps.registry.claim(record.id, this.owner, this.deps.leaseMs))) continue;
        const started = await this.execute(record, parse(record.query), undefined);
        if (isStream(started)) this.run(record, started);
        else await this.finish(record, started.errors ?? []);
      }
    } catch (error) {
      this.deps.logger.warn({ err: (error as Error).message }, 'callback subscriptions: the registry did not answer');
    }
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
    let over = false;
    let heartbeat: ReturnType<typeof setInterval> | undefined;
    let failures = 0;
    const end = async (forget: boolean, errors?: readonly GraphQLError[]) => {
      if (over) return;
      over = true;
      clearInterval(heartbeat);
      this.running.delete(record.id);
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
    this.running.set(record.id, { record, stop: (forget) => end(forget) });
    if (record.heartbeatIntervalMs > 0) {
      heartbeat = setInterval(() => {
        void this.send(record, { action: 'check' }).then(stopOn).catch(logged);
      }, record.heartbeatIntervalMs);
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
        over = true;
        clearInterval(heartbeat);
        this.running.delete(record.id);
      }
    })().catch(logged);
  }

  /** Ends a subscription for every replica: `complete` (with errors, if any) to the router, then out of the registry. */
  private async finish(record: CallbackSubscription, errors: readonly GraphQLError[]): Promise<void> {
    await this.send(record, { action: 'complete', ...(errors.length ? { errors: errors.map((e) => formatError(e.toJSON(), e)) } : {}) });
    await this.deps.registry.remove(record);
  }

  private send(record: CallbackSubscription, message: Omit<CallbackMessage, 'id' | 'verifier'>): Promise<CallbackOutcome> {
    return sendCallback(record.callbackUrl, { ...message, id: record.id, verifier: record.verifier }, { ...SEND, signal: this.closing.signal });
  }

  /** Stops this replica's subscriptions and gives their leases back, so that another replica carries them on at once. */
  async stop(): Promise<void> {
    this.stopped = true;
    clearInterval(this.sweeping);
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
