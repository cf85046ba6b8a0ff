import { EventEmitter } from 'node:events';
import type Redis from 'ioredis';
import type { ChangeMessage } from './deliveries';
import { watchRedis } from '../connections/open-redis';

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

/**
 * Publishes through Redis; each replica hears every message once on its own subscriber connection. That connection
 * is pinged every `watchEveryMs` and made again when it is silent, so that subscribers hear again once Redis does.
 * A publish that Redis does not answer in time fails (the intake logs it); subscribers may never hear that message.
 */
export class RedisEventBus extends LocalEventBus {
  private readonly subscriber: Redis;
  private readonly ready: Promise<unknown>;
  private readonly watch: { stop(): void };

  constructor(private readonly redis: Redis, private readonly channel: string, onError: (error: Error) => void, watchEveryMs = 5000) {
    super();
    this.subscriber = redis.duplicate();
    this.subscriber.on('error', onError);
    const stale = () => onError(new Error('the event bus subscriber did not answer: reconnecting'));
    // A subscriber that never managed to subscribe (Redis was unreachable then) subscribes again; ioredis itself
    // only subscribes a new connection to channels the old one had.
    this.watch = watchRedis(this.subscriber, watchEveryMs, stale, () => (this.subscriber.mode === 'subscriber' ? this.subscriber.ping() : this.subscriber.subscribe(channel)));
    this.subscriber.on('message', (_channel: string, text: string) => {
      try {
        this.emitter.emit('change', JSON.parse(text) as ChangeMessage);
      } catch (error) {
        onError(error as Error);
      }
    });
    // A subscribe that fails (Redis unreachable) is made again by the watch; it must not become an unhandled
    // rejection that ends the process.
    this.ready = this.subscriber.subscribe(channel).catch((error: Error) => onError(error));
  }

  override async publish(message: ChangeMessage): Promise<void> {
    await this.ready;
    await this.redis.publish(this.channel, JSON.stringify(message));
  }

  override async close(): Promise<void> {
    await super.close();
    this.watch.stop();
    this.subscriber.disconnect();
  }
}
