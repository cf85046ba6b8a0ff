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

/** How long a publish waits for this replica's subscriber to be listening before it fails. */
const LISTEN_WAIT_MS = 2000;

/**
 * Publishes through Redis; each replica hears every message once on its own subscriber connection. A publish counts
 * only while this replica hears the channel itself: one made while its subscriber is cut off fails (the intake keeps
 * the event and publishes it again), so this replica's own subscribers never miss it silently. Pub/sub keeps
 * nothing: another replica cut off from Redis at that moment misses it (its subscribers catch up with ticketChanges).
 * The subscriber connection is pinged every `watchEveryMs` and made again when it is silent (a peer that vanished
 * without closing), so that subscribers hear again once Redis does.
 */
export class RedisEventBus extends LocalEventBus {
  private readonly subscriber: Redis;
  private listening = false;
  private readonly heard = new EventEmitter();
  private readonly watch: { stop(): void };

  constructor(private readonly redis: Redis, private readonly channel: string, onError: (error: Error) => void, watchEveryMs = 5000) {
    super();
    // Subscribed again by hand on every (re)connection, to know when the channel is heard again.
    this.subscriber = redis.duplicate({ autoResubscribe: false });
    this.subscriber.on('error', onError);
    const stale = () => onError(new Error('the event bus subscriber did not answer: reconnecting'));
    // A subscriber whose subscribe failed (Redis did not answer then) subscribes again at the next check.
    this.watch = watchRedis(this.subscriber, watchEveryMs, stale, () => (this.subscriber.mode === 'subscriber' ? this.subscriber.ping() : this.listen()));
    this.subscriber.on('message', (_channel: string, text: string) => {
      try {
        this.emitter.emit('change', JSON.parse(text) as ChangeMessage);
      } catch (error) {
        onError(error as Error);
      }
    });
    // A failed subscribe must not become an unhandled rejection that ends the process: the watch tries again.
    this.subscriber.on('ready', () => {
      this.listen().catch(onError);
    });
    this.subscriber.on('close', () => {
      this.listening = false;
    });
  }

  private async listen(): Promise<void> {
    await this.subscriber.subscribe(this.channel);
    this.listening = true;
    this.heard.emit('listening');
  }

  override async publish(message: ChangeMessage): Promise<void> {
    if (!this.listening) {
      // At start the subscriber may still be connecting: a short wait, then a failure the intake retries.
      await new Promise<void>((resolve) => {
        const timer = setTimeout(done, LISTEN_WAIT_MS);
        function done() {
          clearTimeout(timer);
          resolve();
        }
        this.heard.once('listening', done);
      });
      if (!this.listening) throw new Error('this replica does not hear the event bus (Redis) right now');
    }
    await this.redis.publish(this.channel, JSON.stringify(message));
  }

  override async close(): Promise<void> {
    await super.close();
    this.watch.stop();
    this.heard.removeAllListeners();
    this.subscriber.disconnect();
  }
}
