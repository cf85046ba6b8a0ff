import { LRUCache } from 'lru-cache';
import type Redis from 'ioredis';
import { nextMoment } from './moments';

/**
 * The cache of Wrike reads shared by every request of a connection: account metadata (workflows, custom fields,
 * spaces, the folder tree, the directory) refreshed on a TTL, and entities read by id with a bounded staleness,
 * dropped by this service's own writes and by Wrike's webhooks (see staleness.ts for what each one drops). Every key
 * carries the connection id, so no connection (and so no tenant) can read another's entries. In memory by default; in
 * Redis when REDIS_URL is set, so that replicas share it and an invalidation on one is seen by all.
 *
 * An answer is stored only if none of its keys was invalidated after its call was sent: a read that was in flight
 * while a write dropped its key cannot put the old entity back. Each store keeps an invalidation clock per connection
 * (`scope`): a snapshot of it is taken before the call, each invalidation records its stamp per key, and a put
 * (atomic with its check) skips keys invalidated after the snapshot.
 */
export interface CacheStore {
  getMany(keys: readonly string[]): Promise<(string | undefined)[]>;
  /** The scope's invalidation clock now. */
  clock(scope: string): Promise<number>;
  /** Stores the entries whose keys were not invalidated after `since` (a `clock` reading); the rest are left out. */
  setUnlessInvalidated(scope: string, entries: readonly CacheEntry[], since: number): Promise<void>;
  /** Drops the keys, and records on the scope's clock that they were invalidated now. */
  invalidate(scope: string, keys: readonly string[]): Promise<void>;
}

export interface CacheEntry {
  key: string;
  value: string;
  ttlMs: number;
}

/**
 * How long a key's invalidation is remembered. A snapshot older than half of it is not trusted to store anything (an
 * answer that slow is not cached), so a forgotten invalidation never lets an old answer in.
 */
export const INVALIDATION_MEMORY_MS = 10 * 60_000;
const invalidationKey = (key: string) => `${key}:invalidated`;

export interface MemoryCacheLimits {
  maxEntries: number;
  maxBytes: number;
}

/** An LRU bounded by entries and by bytes (keys and JSON values, counted as UTF-16 code units × 2). */
export class MemoryCacheStore implements CacheStore {
  private readonly lru: LRUCache<string, string>;
  /** Key → the clock's stamp when it was last invalidated (one clock for the whole process: stamps only grow). */
  private readonly invalidated: LRUCache<string, number>;
  private now = 0;
  /** The newest stamp pushed out of `invalidated` early (by its bound): snapshots older than it store nothing. */
  private forgotten = 0;

  constructor(limits: MemoryCacheLimits) {
    this.lru = new LRUCache<string, string>({
      max: limits.maxEntries,
      maxSize: limits.maxBytes,
      sizeCalculation: (value, key) => Math.max(1, (value.length + key.length) * 2),
    });
    this.invalidated = new LRUCache<string, number>({
      max: limits.maxEntries,
      ttl: INVALIDATION_MEMORY_MS,
      dispose: (stamp, _key, reason) => {
        if (reason === 'evict') this.forgotten = Math.max(this.forgotten, stamp);
      },
    });
  }

  async getMany(keys: readonly string[]) {
    return keys.map((key) => this.lru.get(key));
  }

  async clock(_scope: string) {
    return this.now;
  }

  async setUnlessInvalidated(_scope: string, entries: readonly CacheEntry[], since: number) {
    if (since < this.forgotten) return;
    for (const entry of entries) {
      if ((this.invalidated.get(entry.key) ?? 0) > since) continue;
      this.lru.set(entry.key, entry.value, { ttl: entry.ttlMs });
    }
  }

  async invalidate(_scope: string, keys: readonly string[]) {
    const stamp = ++this.now;
    for (const key of keys) {
      this.lru.delete(key);
      this.invalidated.set(key, stamp);
    }
  }

  get size(): number {
    return this.lru.size;
  }

  get bytes(): number {
    return this.lru.calculatedSize;
  }
}

/**
 * Drops KEYS[2..n+1] and stamps their invalidation records KEYS[n+2..] with the next tick of the clock KEYS[1]. The
 * clock follows Redis's time (microseconds) so that it never runs backwards, even if the clock key were lost.
 */
const INVALIDATE = `
local n = (#KEYS - 1) / 2
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
local stamp = math.max(tonumber(redis.call('GET', KEYS[1]) or '0') + 1, now)
local text = string.format('%.0f', stamp)
redis.call('SET', KEYS[1], text)
for i = 2, n + 1 do
  redis.call('DEL', KEYS[i])
  redis.call('SET', KEYS[n + i], text, 'PX', ARGV[1])
end
return text`;

/** Sets KEYS[i] to ARGV[2i] for ARGV[2i+1] ms unless its record KEYS[n+i] says it was invalidated after ARGV[1]. */
const SET_UNLESS_INVALIDATED = `
local n = #KEYS / 2
local since = tonumber(ARGV[1])
for i = 1, n do
  local stamp = redis.call('GET', KEYS[n + i])
  if not stamp or tonumber(stamp) <= since then
    redis.call('SET', KEYS[i], ARGV[2 * i], 'PX', ARGV[2 * i + 1])
  end
end
return 1`;

export class RedisCacheStore implements CacheStore {
  constructor(private readonly redis: Redis) {}

  private clockKey(scope: string): string {
    return `${scope}:invalidation-clock`;
  }

  async getMany(keys: readonly string[]) {
    if (keys.length === 0) return [];
    return (await this.redis.mget(...keys)).map((value) => value ?? undefined);
  }

  async clock(scope: string) {
    return Number((await this.redis.get(this.clockKey(scope))) ?? 0);
  }

  async setUnlessInvalidated(_scope: string, entries: readonly CacheEntry[], since: number) {
    if (entries.length === 0) return;
    const keys = [...entries.map((e) => e.key), ...entries.map((e) => invalidationKey(e.key))];
    const args = entries.flatMap((e) => [e.value, String(Math.max(1, Math.round(e.ttlMs)))]);
    await this.redis.eval(SET_UNLESS_INVALIDATED, keys.length, ...keys, String(since), ...args);
  }

  async invalidate(scope: string, keys: readonly string[]) {
    if (keys.length === 0) return;
    const all = [this.clockKey(scope), ...keys, ...keys.map(invalidationKey)];
    await this.redis.eval(INVALIDATE, all.length, ...all, String(INVALIDATION_MEMORY_MS));
  }
}

/** Entities cached by id, by the endpoint that returns their full model. */
export type EntityKind = 'task' | 'folder' | 'contact' | 'comment' | 'attachment';
/** Account-wide lists, cached whole. */
export type MetadataKind = 'workflows' | 'customFields' | 'folderTree' | 'spaces' | 'people' | 'groups' | 'accessRoles';

export interface CacheTimes {
  /** How stale an entity read by id may be (CACHE_MAX_STALENESS_MS). */
  entityMs: number;
  /** How long account metadata is kept before it is read again (CACHE_METADATA_TTL_MS). */
  metadataMs: number;
}

export interface CacheEvents {
  lookup?(kind: string, outcome: 'hit' | 'miss'): void;
  /** A change's entries could not be dropped (the store is unreachable): they may be served until they expire. */
  dropFailed?(error: Error): void;
  /** Entries were dropped because what they hold changed (told before the store is, so a store that fails does not hide it). */
  invalidated?(kind: EntityKind | MetadataKind, ids: readonly string[]): void;
}

/** A reading of the invalidation clock, taken before a Wrike call is sent: what the call's answer may be stored under. */
export interface CacheSnapshot {
  stamp: number;
  /** When it was taken, in this process's order (nextMoment): a call started after this may share its answer. */
  moment: number;
  /** performance.now() when it was taken: a snapshot too old is not trusted (INVALIDATION_MEMORY_MS). */
  takenAt: number;
}

/** One connection's view of the cache. */
export class ConnectionCache {
  /** `namespace` names the connection (and the deployment): every key starts with it. */
  constructor(
    private readonly store: CacheStore,
    private readonly namespace: string,
    private readonly times: CacheTimes,
    private readonly events: CacheEvents = {},
  ) {}

  private key(kind: string, id: string): string {
    return `${this.namespace}:${kind}:${id}`;
  }

  /** Whether entities are cached at all (CACHE_MAX_STALENESS_MS > 0): if not, no change needs their relatives found. */
  get holdsEntities(): boolean {
    return this.times.entityMs > 0;
  }

  /** Take one before sending the Wrike call whose answer will be put (putEntities, putMetadata). */
  async snapshot(): Promise<CacheSnapshot> {
    const stamp = await this.store.clock(this.namespace);
    return { stamp, moment: nextMoment(), takenAt: performance.now() };
  }

  /** Whether a snapshot is young enough that every invalidation since it is still remembered. */
  private trusted(since: CacheSnapshot): boolean {
    return performance.now() - since.takenAt < INVALIDATION_MEMORY_MS / 2;
  }

  async getEntities<T>(kind: EntityKind, ids: readonly string[]): Promise<Map<string, T>> {
    const found = new Map<string, T>();
    if (this.times.entityMs <= 0 || ids.length === 0) return found;
    const values = await this.store.getMany(ids.map((id) => this.key(kind, id)));
    values.forEach((value, k) => {
      this.events.lookup?.(kind, value === undefined ? 'miss' : 'hit');
      if (value !== undefined) found.set(ids[k] as string, JSON.parse(value) as T);
    });
    return found;
  }

  /** The cached models of these ids, for finding what a change made stale (not counted as lookups). */
  async peekEntities<T>(kind: EntityKind, ids: readonly string[]): Promise<Map<string, T>> {
    const found = new Map<string, T>();
    if (this.times.entityMs <= 0 || ids.length === 0) return found;
    const values = await this.store.getMany(ids.map((id) => this.key(kind, id)));
    values.forEach((value, k) => {
      if (value !== undefined) found.set(ids[k] as string, JSON.parse(value) as T);
    });
    return found;
  }

  /** Stores entities read by a call sent after `since`, except those invalidated meanwhile. */
  async putEntities(kind: EntityKind, items: readonly { id: string }[], since: CacheSnapshot): Promise<void> {
    if (this.times.entityMs <= 0 || items.length === 0 || !this.trusted(since)) return;
    const entries = items.map((item) => ({ key: this.key(kind, item.id), value: JSON.stringify(item), ttlMs: this.times.entityMs }));
    await this.store.setUnlessInvalidated(this.namespace, entries, since.stamp);
  }

  /** Reports a drop that failed (see CacheEvents.dropFailed). */
  dropFailed(error: unknown): void {
    this.events.dropFailed?.(error instanceof Error ? error : new Error(String(error)));
  }

  /**
   * When this process last dropped entries of the connection (a nextMoment): a read that starts later does not share a
   * call sent before it (its answer may predate the write), see SharedBatcher.load.
   */
  lastDrop = 0;

  async invalidate(kind: EntityKind | MetadataKind, ids: readonly string[] = ['*']): Promise<void> {
    this.lastDrop = nextMoment();
    this.events.invalidated?.(kind, ids);
    await this.store.invalidate(this.namespace, ids.map((id) => this.key(kind, id)));
  }

  /** The last metadata text read and its parsed value: hot requests read the same text again and again. */
  private readonly decoded = new Map<MetadataKind, { text: string; value: unknown }>();

  async getMetadata<T>(kind: MetadataKind): Promise<T | undefined> {
    if (this.times.metadataMs <= 0) return undefined;
    const [text] = await this.store.getMany([this.key(kind, '*')]);
    this.events.lookup?.(kind, text === undefined ? 'miss' : 'hit');
    if (text === undefined) return undefined;
    const last = this.decoded.get(kind);
    if (last && last.text === text) return last.value as T;
    // Shared by every request that reads it from now on: frozen, so that no resolver can change it for the others.
    const value = deepFreeze(JSON.parse(text)) as T;
    this.decoded.set(kind, { text, value });
    return value;
  }

  /** Stores metadata read by a call sent after `since`, unless it was invalidated meanwhile. */
  async putMetadata(kind: MetadataKind, value: unknown, since: CacheSnapshot): Promise<void> {
    if (this.times.metadataMs <= 0 || !this.trusted(since)) return;
    await this.store.setUnlessInvalidated(this.namespace, [{ key: this.key(kind, '*'), value: JSON.stringify(value), ttlMs: this.times.metadataMs }], since.stamp);
  }
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}
