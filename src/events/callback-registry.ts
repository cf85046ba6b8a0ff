import type Redis from 'ioredis';

/**
 * One router subscription over the HTTP callback protocol, as any replica needs it to carry it on: where to call,
 * how to prove it is us (the router's verifier), and the operation to run for whom.
 */
export interface CallbackSubscription {
  /** The router's subscription id (also the registry's key). */
  id: string;
  callbackUrl: string;
  verifier: string;
  /** 0: no heartbeats. */
  heartbeatIntervalMs: number;
  tenantId: string;
  connectionId: string;
  query: string;
  variables?: Record<string, unknown>;
  operationName?: string;
}

/**
 * Who carries which callback subscription. Every replica sees every subscription; the one that holds a
 * subscription's lease runs it (its event listener, its heartbeats), renews the lease while it lives, and gives it
 * back when it stops. A lease that lapses (its replica died) is taken by the next replica that looks.
 */
export interface CallbackRegistry {
  /** Adds a subscription unless its tenant already holds `perTenant` of them (false then). */
  add(record: CallbackSubscription, perTenant: number): Promise<boolean>;
  remove(record: Pick<CallbackSubscription, 'id' | 'tenantId'>): Promise<void>;
  all(): Promise<CallbackSubscription[]>;
  /** Takes the lease of a subscription for `owner` if nobody holds it. */
  claim(id: string, owner: string, ttlMs: number): Promise<boolean>;
  /** Extends `owner`'s lease; false when the lease is no longer `owner`'s. */
  renew(id: string, owner: string, ttlMs: number): Promise<boolean>;
  /** Gives `owner`'s lease back (nothing when it is not `owner`'s). */
  release(id: string, owner: string): Promise<void>;
}

/** Without Redis: one process, one registry in its memory (a restart loses its subscribers: the router's heartbeat check notices). */
export class LocalCallbackRegistry implements CallbackRegistry {
  private readonly records = new Map<string, CallbackSubscription>();
  private readonly leases = new Map<string, string>();

  async add(record: CallbackSubscription, perTenant: number): Promise<boolean> {
    const held = [...this.records.values()].filter((r) => r.tenantId === record.tenantId && r.id !== record.id).length;
    if (held >= perTenant) return false;
    this.records.set(record.id, record);
    return true;
  }

  async remove(record: Pick<CallbackSubscription, 'id'>): Promise<void> {
    this.records.delete(record.id);
    this.leases.delete(record.id);
  }

  async all(): Promise<CallbackSubscription[]> {
    return [...this.records.values()];
  }

  async claim(id: string, owner: string): Promise<boolean> {
    if (this.leases.has(id)) return false;
    this.leases.set(id, owner);
    return true;
  }

  async renew(id: string, owner: string): Promise<boolean> {
    return this.leases.get(id) === owner;
  }

  async release(id: string, owner: string): Promise<void> {
    if (this.leases.get(id) === owner) this.leases.delete(id);
  }
}

// Atomic in Redis: the count and the add (two replicas adding at once cannot both pass a full tenant's cap).
const ADD = `
if redis.call('HEXISTS', KEYS[1], ARGV[1]) == 0 and redis.call('SCARD', KEYS[2]) >= tonumber(ARGV[3]) then return 0 end
redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
redis.call('SADD', KEYS[2], ARGV[1])
return 1`;
const RENEW = `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('PEXPIRE', KEYS[1], ARGV[2]) end return 0`;
const RELEASE = `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end return 0`;

/** With REDIS_URL: a hash of subscriptions, a set per tenant (for the cap), and a lease key per subscription. */
export class RedisCallbackRegistry implements CallbackRegistry {
  constructor(private readonly redis: Redis, private readonly prefix: string) {}

  private get hash(): string {
    return `${this.prefix}:v1:callbacks`;
  }

  private tenantSet(tenantId: string): string {
    return `${this.prefix}:v1:callbacks:tenant:${tenantId}`;
  }

  private lease(id: string): string {
    return `${this.prefix}:v1:callbacks:lease:${id}`;
  }

  async add(record: CallbackSubscription, perTenant: number): Promise<boolean> {
    return (await this.redis.eval(ADD, 2, this.hash, this.tenantSet(record.tenantId), record.id, JSON.stringify(record), perTenant)) === 1;
  }

  async remove(record: Pick<CallbackSubscription, 'id' | 'tenantId'>): Promise<void> {
    await this.redis.multi().hdel(this.hash, record.id).srem(this.tenantSet(record.tenantId), record.id).del(this.lease(record.id)).exec();
  }

  async all(): Promise<CallbackSubscription[]> {
    const entries = await this.redis.hvals(this.hash);
    return entries.flatMap((text) => {
      try {
        return [JSON.parse(text) as CallbackSubscription];
      } catch {
        return [];
      }
    });
  }

  async claim(id: string, owner: string, ttlMs: number): Promise<boolean> {
    return (await this.redis.set(this.lease(id), owner, 'PX', ttlMs, 'NX')) === 'OK';
  }

  async renew(id: string, owner: string, ttlMs: number): Promise<boolean> {
    return (await this.redis.eval(RENEW, 1, this.lease(id), owner, ttlMs)) === 1;
  }

  async release(id: string, owner: string): Promise<void> {
    await this.redis.eval(RELEASE, 1, this.lease(id), owner);
  }
}
