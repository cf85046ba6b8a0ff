import { EventEmitter } from 'node:events';
import type Redis from 'ioredis';
import type { ChangeMessage } from './deliveries';
import { watchRedis } from '../connections/open-redis';

/**
 * Where received changes go: every subscriber on every replica. In one process, an event emitter; with REDIS_URL,
 * a Redis Stream (Redis already holds the shared budget and cache, so no further service is needed; PostgreSQL's
 * LISTEN/NOTIFY would tie events to the credential store, which SQLite deployments do not share; pub/sub keeps
 * nothing for a replica that was cut off, a stream does).
 */
export interface EventBus {
  publish(message: ChangeMessage): Promise<void>;
  subscribe(listener: (message: ChangeMessage) => void): () => void;
  close(): Promise<void>;
}

export class LocalEventBus implements EventBus {
  protected readonly emitter = new EventEmitter();

  constructor() {
    // One listener per subscription: as many as there are subscribers.
    this.emitter.setMaxListeners(0);
  }

  async publish(message: ChangeMessage): Promise<void> {
    this.emitter.emit('change', message);
  }

  subscribe(listener: (message: ChangeMessage) => void): () => void {
    this.emitter.on('change', listener);
    return () => this.emitter.off('change', listener);
  }

  async close(): Promise<void> {
    this.emitter.removeAllListeners();
  }
}

/** About how many messages the stream keeps (XADD MAXLEN ~): a replica cut off longer than that misses the oldest. */
export const STREAM_KEEPS = 10_000;

/** The most messages one read takes. */
const READ_COUNT = 500;

/** A pause after a failed read, so that a Redis that is down is not asked in a tight loop. */
const READ_PAUSE_MS = 200;

/**
 * Publishes to a Redis Stream (XADD, trimmed to about STREAM_KEEPS messages); each replica reads it on a connection
 * of its own with a blocking XREAD from the last id it read. A replica cut off from Redis (its reader stalled, cut,
 * or silent) reads what was published meanwhile once it is back, in order, as long as the stream still holds it: at
 * least once, within the stream's retention. A publish counts once the stream holds it, whichever replica hears it
 * when. The reader starts from the stream's end when this replica starts (what came before is not replayed).
 *
 * The reader's block time is below the client's command time-out (so a read that blocks is not a time-out) and the
 * reader is pinged every `watchEveryMs` and made again when it is silent (a peer that vanished without closing).
 */
export class RedisEventBus extends LocalEventBus {
  private readonly reader: Redis;
  private readonly watch: { stop(): void };
  private closed = false;
  /** The last id read: where the next read starts (undefined until the stream's end was read once). */
  private lastId: string | undefined;
  private readonly loop: Promise<void>;

  constructor(
    private readonly redis: Redis, private readonly key: string, private readonly onError: (error: Error) => void,
    watchEveryMs = 5000, private readonly blockMs = Math.max(50, Math.floor((redis.options.commandTimeout ?? 2000) / 2)),
  ) {
    super();
    this.reader = redis.duplicate();
    this.reader.on('error', onError);
    const stale = () => onError(new Error('the event bus reader did not answer: reconnecting'));
    this.watch = watchRedis(this.reader, watchEveryMs, stale);
    this.loop = this.read();
  }

  private async read(): Promise<void> {
    while (!this.closed) {
      try {
        this.lastId ??= await this.endOfStream();
        const answer = await this.reader.xread('COUNT', READ_COUNT, 'BLOCK', this.blockMs, 'STREAMS', this.key, this.lastId);
        for (const [, entries] of answer ?? []) {
          for (const [id, fields] of entries) {
            this.lastId = id;
            this.deliver(fields);
          }
        }
      } catch (error) {
        if (this.closed) return;
        this.onError(error as Error);
        await new Promise((resolve) => setTimeout(resolve, READ_PAUSE_MS));
      }
    }
  }

  /** The id of the stream's newest message ('0-0' for an empty or absent stream). */
  private async endOfStream(): Promise<string> {
    const newest = await this.reader.xrevrange(this.key, '+', '-', 'COUNT', 1);
    return newest[0]?.[0] ?? '0-0';
  }

  private deliver(fields: string[]): void {
    const text = fields[fields.indexOf('m') + 1];
    try {
      this.emitter.emit('change', JSON.parse(text ?? '') as ChangeMessage);
    } catch (error) {
      this.onError(error as Error);
    }
  }

  override async publish(message: ChangeMessage): Promise<void> {
    await this.redis.xadd(this.key, 'MAXLEN', '~', STREAM_KEEPS, '*', 'm', JSON.stringify(message));
  }

  override async close(): Promise<void> {
    this.closed = true;
    await super.close();
    this.watch.stop();
    this.reader.disconnect();
    await this.loop;
  }
}
