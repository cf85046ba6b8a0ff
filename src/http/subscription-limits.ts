import type { GraphQLError } from 'graphql';
import { userError } from '../graphql/errors';

/**
 * Caps on live subscriptions: per graphql-ws socket and per tenant (in this process; each replica counts its own).
 * Every subscription holds a listener and a queue, and every event runs once per subscription: without a cap, one
 * socket can take the process's memory and turn one event into thousands of executions.
 */
export class SubscriptionLimits {
  private readonly perSocket = new WeakMap<object, number>();
  private readonly perTenant = new Map<string, number>();

  constructor(private readonly limits: { perSocket: number; perTenant: number }) {}

  /** The SUBSCRIPTION_LIMIT error one more subscription would get now, if a cap is reached. */
  refusal(socket: object, tenantId: string): GraphQLError | undefined {
    if ((this.perSocket.get(socket) ?? 0) >= this.limits.perSocket) {
      return userError('SUBSCRIPTION_LIMIT', `This socket holds ${this.limits.perSocket} subscriptions, the most allowed (MAX_SUBSCRIPTIONS_PER_SOCKET): complete one first`, { limit: this.limits.perSocket });
    }
    if ((this.perTenant.get(tenantId) ?? 0) >= this.limits.perTenant) {
      return userError('SUBSCRIPTION_LIMIT', `This tenant holds ${this.limits.perTenant} subscriptions, the most allowed (MAX_SUBSCRIPTIONS_PER_TENANT): complete one first`, { limit: this.limits.perTenant });
    }
    return undefined;
  }

  /** Takes a slot for a subscription that starts, or throws SUBSCRIPTION_LIMIT; the answer gives it back (once). */
  acquire(socket: object, tenantId: string): () => void {
    const refused = this.refusal(socket, tenantId);
    if (refused) throw refused;
    this.perSocket.set(socket, (this.perSocket.get(socket) ?? 0) + 1);
    this.perTenant.set(tenantId, (this.perTenant.get(tenantId) ?? 0) + 1);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.perSocket.set(socket, (this.perSocket.get(socket) ?? 1) - 1);
      const left = (this.perTenant.get(tenantId) ?? 1) - 1;
      if (left > 0) this.perTenant.set(tenantId, left);
      else this.perTenant.delete(tenantId);
    };
  }

  /** Live subscriptions of a tenant in this process. */
  countOf(tenantId: string): number {
    return this.perTenant.get(tenantId) ?? 0;
  }
}
