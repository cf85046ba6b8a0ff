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
  /** The id (never the key) of the API key that asked for it: re-checked while it runs; none in open mode. */
  apiKeyId?: string;
}

/** What `add` did: added (or replaced the same tenant's record), refused over the tenant's cap, or the id is another tenant's. */
export type AddOutcome = 'added' | 'full' | 'taken';

/** A lease to renew: the subscription, its tenant (for its Redis keys) and how long the lease lasts. */
export interface HeldLease {
  id: string;
  tenantId: string;
  ttlMs: number;
}

/**
 * Who carries which callback subscription. Every replica sees every subscription; the one that holds a
 * subscription's lease runs it (its event listener, its heartbeats), renews the lease while it lives, and gives it
 * back when it stops. A lease that lapses (its replica died) is taken by the next replica that looks. A record that
 * nobody renews (every replica gone) expires after `recordTtlMs`.
 */
export interface CallbackRegistry {
  /** Adds a subscription unless its tenant already holds `perTenant` of them, or the id is another tenant's. */
  add(record: CallbackSubscription, perTenant: number): Promise<AddOutcome>;
  remove(record: Pick<CallbackSubscription, 'id' | 'tenantId'>): Promise<void>;
  all(): Promise<CallbackSubscription[]>;
  /** Takes the lease of a subscription for `owner` if nobody holds it. */
  claim(id: string, owner: string, ttlMs: number): Promise<boolean>;
  /** Extends `owner`'s leases (and their records' lives), all in one round trip: false for each that is no longer `owner`'s. */
  renew(leases: readonly HeldLease[], owner: string): Promise<boolean[]>;
  /** Gives `owner`'s lease back (nothing when it is not `owner`'s). */
  release(id: string, owner: string): Promise<void>;
}

/** How long a record nobody renews lives (every replica gone: the router dropped the subscription long before). */
export const RECORD_TTL_MS = 120_000;

/** Without Redis: one process, one registry in its memory (a restart loses its subscribers: the router's heartbeat check notices). */
export class LocalCallbackRegistry implements CallbackRegistry {
  private readonly records = new Map<string, CallbackSubscription>();
  private readonly leases = new Map<string, string>();

  async add(record: CallbackSubscription, perTenant: number): Promise<AddOutcome> {
    const existing = this.records.get(record.id);
    if (existing && existing.tenantId !== record.tenantId) return 'taken';
    const held = [...this.records.values()].filter((r) => r.tenantId === record.tenantId && r.id !== record.id).length;
    if (!existing && held >= perTenant) return 'full';
    this.records.set(record.id, record);
    return 'added';
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

  async renew(leases: readonly HeldLease[], owner: string): Promise<boolean[]> {
    return leases.map((lease) => this.leases.get(lease.id) === owner && this.records.has(lease.id));
  }

  async release(id: string, owner: string): Promise<void> {
    if (this.leases.get(id) === owner) this.leases.delete(id);
  }
}

// Redis time in ms, inside a script.
const NOW = `local t = redis.call('TIME') local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)`;
// Atomic in Redis: the owner check, the count and the add (two replicas adding at once cannot both pass a full
// tenant's cap, and one tenant cannot take over another's id). The index and the tenant's set are sorted by expiry,
// so that expired records drop out of both without reading them.
const ADD = `${NOW}
local old = redis.call('GET', KEYS[3])
if old then
  local ok, rec = pcall(cjson.decode, old)
  if ok and type(rec) == 'table' and rec.tenantId ~= ARGV[4] then return -1 end
end
redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', now)
if not old and redis.call('ZCARD', KEYS[2]) >= tonumber(ARGV[3]) then return 0 end
local ttl = tonumber(ARGV[5])
redis.call('SET', KEYS[3], ARGV[2], 'PX', ttl)
redis.call('ZADD', KEYS[1], now + ttl, ARGV[1])
redis.call('ZADD', KEYS[2], now + ttl, ARGV[1])
redis.call('PEXPIRE', KEYS[1], ttl)
redis.call('PEXPIRE', KEYS[2], ttl)
return 1`;
// The lease's owner renews the lease and the record's life (gone record: the subscription is over).
const RENEW = `if redis.call('GET', KEYS[1]) ~= ARGV[1] or redis.call('EXISTS', KEYS[2]) == 0 then return 0 end
${NOW}
local ttl = tonumber(ARGV[3])
redis.call('PEXPIRE', KEYS[1], ARGV[2])
redis.call('PEXPIRE', KEYS[2], ttl)
redis.call('ZADD', KEYS[3], now + ttl, ARGV[4])
redis.call('ZADD', KEYS[4], now + ttl, ARGV[4])
redis.call('PEXPIRE', KEYS[3], ttl)
redis.call('PEXPIRE', KEYS[4], ttl)
return 1`;
const RELEASE = `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end return 0`;

/**
 * With REDIS_URL: a key per subscription (with a TTL its holder refreshes), an index of them and a set per tenant
 * (for the cap), both sorted by expiry, and a lease key per subscription.
 */
export class RedisCallbackRegistry implements CallbackRegistry {
  constructor(private readonly redis: Redis, private readonly prefix: string, private readonly recordTtlMs = RECORD_TTL_MS) {}

  private get index(): string {
    return `${this.prefix}:v2:callbacks`;
  }

  private record(id: string): string {
    return `${this.prefix}:v2:callbacks:record:${id}`;
  }

  private tenantSet(tenantId: string): string {
    return `${this.prefix}:v2:callbacks:tenant:${tenantId}`;
  }

  private lease(id: string): string {
    return `${this.prefix}:v2:callbacks:lease:${id}`;
  }

  async add(record: CallbackSubscription, perTenant: number): Promise<AddOutcome> {
    const result = await this.redis.eval(ADD, 3, this.index, this.tenantSet(record.tenantId), this.record(record.id),
      record.id, JSON.stringify(record), perTenant, record.tenantId, this.recordTtlMs);
    return result === 1 ? 'added' : result === -1 ? 'taken' : 'full';
  }

  async remove(record: Pick<CallbackSubscription, 'id' | 'tenantId'>): Promise<void> {
    await this.redis.multi().zrem(this.index, record.id).zrem(this.tenantSet(record.tenantId), record.id)
      .del(this.record(record.id)).del(this.lease(record.id)).exec();
  }

  async all(): Promise<CallbackSubscription[]> {
    await this.redis.zremrangebyscore(this.index, '-inf', Date.now());
    const ids = await this.redis.zrange(this.index, 0, -1);
    const out: CallbackSubscription[] = [];
    for (let i = 0; i < ids.length; i += 500) {
      const texts = await this.redis.mget(ids.slice(i, i + 500).map((id) => this.record(id)));
      for (const text of texts) {
        if (text === null) continue;
        try {
          out.push(JSON.parse(text) as CallbackSubscription);
        } catch {
          // A record we cannot read is skipped (it expires unrenewed).
        }
      }
    }
    return out;
  }

  async claim(id: string, owner: string, ttlMs: number): Promise<boolean> {
    return (await this.redis.set(this.lease(id), owner, 'PX', ttlMs, 'NX')) === 'OK';
  }

  async renew(leases: readonly HeldLease[], owner: string): Promise<boolean[]> {
    if (leases.length === 0) return [];
    const pipeline = this.redis.pipeline();
    for (const lease of leases) {
      pipeline.eval(RENEW, 4, this.lease(lease.id), this.record(lease.id), this.index, this.tenantSet(lease.tenantId), owner, lease.ttlMs, this.recordTtlMs, lease.id);
    }
    const results = (await pipeline.exec()) ?? [];
    return leases.map((_, i) => {
      const [error, value] = results[i] ?? [new Error('no answer'), 0];
      if (error) throw error;
      return value === 1;
    });
  }

  async release(id: string, owner: string): Promise<void> {
    await this.redis.eval(RELEASE, 1, this.lease(id), owner);
  }
}
