import { EventEmitter } from 'node:events';
import type Redis from 'ioredis';
import type { ChangeMessage } from './deliveries';

/**
 * Where received changes go: every subscriber on every replica. In one process, an event emitter; with REDIS_URL,
 * Redis pub/sub (Redis already holds the shared budget and cache, so no further service is needed; PostgreSQL's
 * LISTEN/NOTIFY would tie events to the credential store, which SQLite deployments do not share).
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

/** Publishes through Redis; each replica hears every message once on its own subscriber connection. */
export class RedisEventBus extends LocalEventBus {
  private readonly subscriber: Redis;
  private readonly ready: Promise<unknown>;

  constructor(private readonly redis: Redis, private readonly channel: string, onError: (error: Error) => void) {
    super();
    this.subscriber = redis.duplicate();
    this.subscriber.on('error', onError);
    this.subscriber.on('message', (_channel: string, text: string) => {
      try {
        this.emitter.emit('change', JSON.parse(text) as ChangeMessage);
      } catch (error) {
        onError(error as Error);
      }
    });
    this.ready = this.subscriber.subscribe(channel);
  }

  override async publish(message: ChangeMessage): Promise<void> {
    await this.ready;
    await this.redis.publish(this.channel, JSON.stringify(message));
  }

  override async close(): Promise<void> {
    await super.close();
    this.subscriber.disconnect();
  }
}
