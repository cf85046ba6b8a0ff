import type { GraphQLError } from 'graphql';
import { userError } from '../graphql/errors';

/**
 * Caps on live operations over graphql-ws: per socket and per tenant (in this process; each replica counts its own).
 * Every subscription holds a listener and a queue, and every event runs once per subscription: without a cap, one
 * socket can take the process's memory and turn one event into thousands of executions.
 *
 * A slot is reserved when an operation is received, before any work (so a burst cannot slip past the count while
 * earlier ones are still being set up), and released when it completes, fails, or its socket closes.
 */
export class SubscriptionLimits {
  private readonly perSocket = new Map<object, { tenantId: string; ids: Set<string> }>();
  private readonly perTenant = new Map<string, number>();

  constructor(private readonly limits: { perSocket: number; perTenant: number }) {}

  /** Reserves a slot for operation `id` of a socket; the SUBSCRIPTION_LIMIT error when a cap is reached. */
  reserve(socket: object, tenantId: string, id: string): GraphQLError | undefined {
    const held = this.perSocket.get(socket) ?? { tenantId, ids: new Set<string>() };
    if (held.ids.size >= this.limits.perSocket) {
      return userError('SUBSCRIPTION_LIMIT', `This socket holds ${this.limits.perSocket} subscriptions, the most allowed (MAX_SUBSCRIPTIONS_PER_SOCKET): complete one first`, { limit: this.limits.perSocket });
    }
    if (this.countOf(tenantId) >= this.limits.perTenant) {
      return userError('SUBSCRIPTION_LIMIT', `This tenant holds ${this.limits.perTenant} subscriptions, the most allowed (MAX_SUBSCRIPTIONS_PER_TENANT): complete one first`, { limit: this.limits.perTenant });
    }
    held.ids.add(id);
    this.perSocket.set(socket, held);
    this.perTenant.set(tenantId, this.countOf(tenantId) + 1);
    return undefined;
  }

  /** Gives operation `id`'s slot back (nothing when it holds none, or gave it back already). */
  release(socket: object, id: string): void {
    const held = this.perSocket.get(socket);
    if (!held || !held.ids.delete(id)) return;
    const left = this.countOf(held.tenantId) - 1;
    if (left > 0) this.perTenant.set(held.tenantId, left);
    else this.perTenant.delete(held.tenantId);
    if (held.ids.size === 0) this.perSocket.delete(socket);
  }

  /** A closed socket's slots, all given back. */
  releaseAll(socket: object): void {
    for (const id of [...(this.perSocket.get(socket)?.ids ?? [])]) this.release(socket, id);
  }

  /** Live operations of a tenant in this process. */
  countOf(tenantId: string): number {
    return this.perTenant.get(tenantId) ?? 0;
  }
}
