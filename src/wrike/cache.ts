import { LRUCache } from 'lru-cache';
import type Redis from 'ioredis';

/**
 * The cache of Wrike reads shared by every request of a connection: account metadata (workflows, custom fields,
 * spaces, the folder tree, the directory) refreshed on a TTL, and entities read by id with a bounded staleness,
 * dropped at once by this service's own writes (and by Wrike's webhooks). Every key carries the connection id, so no
 * connection (and so no tenant) can read another's entries. In memory by default; in Redis when REDIS_URL is set, so
 * that replicas share it and an invalidation on one is seen by all.
 */
export interface CacheStore {
  getMany(keys: readonly string[]): Promise<(string | undefined)[]>;
  setMany(entries: readonly { key: string; value: string; ttlMs: number }[]): Promise<void>;
  delete(keys: readonly string[]): Promise<void>;
}

export interface MemoryCacheLimits {
  maxEntries: number;
  maxBytes: number;
}

/** An LRU bounded by entries and by bytes (keys and JSON values, counted as UTF-16 code units × 2). */
export class MemoryCacheStore implements CacheStore {
  private readonly lru: LRUCache<string, string>;

  constructor(limits: MemoryCacheLimits) {
    this.lru = new LRUCache<string, string>({
      max: limits.maxEntries,
      maxSize: limits.maxBytes,
      sizeCalculation: (value, key) => Math.max(1, (value.length + key.length) * 2),
    });
  }

  async getMany(keys: readonly string[]) {
    return keys.map((key) => this.lru.get(key));
  }

  async setMany(entries: readonly { key: string; value: string; ttlMs: number }[]) {
    for (const entry of entries) this.lru.set(entry.key, entry.value, { ttl: entry.ttlMs });
  }

  async delete(keys: readonly string[]) {
    for (const key of keys) this.lru.delete(key);
  }

  get size(): number {
    return this.lru.size;
  }

  get bytes(): number {
    return this.lru.calculatedSize;
  }
}

export class RedisCacheStore implements CacheStore {
  constructor(private readonly redis: Redis) {}

  async getMany(keys: readonly string[]) {
    if (keys.length === 0) return [];
    return (await this.redis.mget(...keys)).map((value) => value ?? undefined);
  }

  async setMany(entries: readonly { key: string; value: string; ttlMs: number }[]) {
    if (entries.length === 0) return;
    const batch = this.redis.multi();
    for (const entry of entries) batch.set(entry.key, entry.value, 'PX', Math.max(1, Math.round(entry.ttlMs)));
    await batch.exec();
  }

  async delete(keys: readonly string[]) {
    if (keys.length > 0) await this.redis.del(...keys);
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

  async putEntities(kind: EntityKind, items: readonly { id: string }[]): Promise<void> {
    if (this.times.entityMs <= 0) return;
    await this.store.setMany(items.map((item) => ({ key: this.key(kind, item.id), value: JSON.stringify(item), ttlMs: this.times.entityMs })));
  }

  async invalidate(kind: EntityKind | MetadataKind, ids: readonly string[] = ['*']): Promise<void> {
    await this.store.delete(ids.map((id) => this.key(kind, id)));
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

  async putMetadata(kind: MetadataKind, value: unknown): Promise<void> {
    if (this.times.metadataMs <= 0) return;
    await this.store.setMany([{ key: this.key(kind, '*'), value: JSON.stringify(value), ttlMs: this.times.metadataMs }]);
  }
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}
