import WebSocket from 'ws';
import { createClient, type Client } from 'graphql-ws';
import { canonicalEvent, type SubscriberRecord } from './checks';

/** Every ticket event, with Wrike's event as sent (`raw`): what the run matches against the sandbox's deliveries. */
const QUERY = 'subscription { ticketEvents { type wrikeEventType ticketId raw } }';

/**
 * One graphql-ws subscriber on one replica, as a client of the service would hold one: it keeps what it received
 * (canonical events) and when its socket closed. It does not reconnect: a subscriber that lost its socket is no
 * longer "connected throughout" and is not held to later events.
 */
export class Subscriber {
  readonly received = new Set<string>();
  count = 0;
  /** From when it is held to every acknowledged delivery: set once it is listening. */
  listeningFrom = Number.POSITIVE_INFINITY;
  closedAt: number | null = null;
  errors: string[] = [];
  private client: Client | undefined;

  private constructor(readonly name: string) {}

  /**
   * Connects and subscribes; `settleMs` after the connection is acknowledged, the subscription is taken as
   * listening (the server registers it on the next message, with no acknowledgement of its own in graphql-ws).
   */
  static async open(name: string, graphqlUrl: string, settleMs: number): Promise<Subscriber> {
    const self = new Subscriber(name);
    let connected!: () => void;
    const acknowledged = new Promise<void>((resolve) => (connected = resolve));
    self.client = createClient({
      url: graphqlUrl.replace(/^http/, 'ws'), webSocketImpl: WebSocket, retryAttempts: 0, lazy: false,
      // A socket closed by a replica's kill is recorded (closedAt), not printed.
      onNonLazyError: () => undefined,
      on: {
        connected: () => connected(),
        closed: () => {
          self.closedAt ??= Date.now();
        },
      },
    });
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([acknowledged, new Promise((_, reject) => (timer = setTimeout(() => reject(new Error(`subscriber ${name}: no connection_ack in 10 s`)), 10_000)))])
      .finally(() => clearTimeout(timer));
    const listeningFrom = Date.now() + settleMs;
    self.client.subscribe({ query: QUERY }, {
      next: (value) => {
        const raw = (value.data as { ticketEvents?: { raw?: unknown } } | undefined)?.ticketEvents?.raw;
        if (raw !== undefined) {
          self.count++;
          self.received.add(canonicalEvent(raw));
        }
        if (value.errors) self.errors.push(JSON.stringify(value.errors).slice(0, 200));
      },
      error: (error) => self.errors.push(String((error as Error).message ?? JSON.stringify(error)).slice(0, 200)),
      complete: () => undefined,
    });
    await new Promise((resolve) => setTimeout(resolve, settleMs));
    self.listeningFrom = listeningFrom;
    return self;
  }

  record(): SubscriberRecord {
    return { name: this.name, listeningFrom: this.listeningFrom, closedAt: this.closedAt, received: this.received };
  }

  async close(): Promise<void> {
    await this.client?.dispose();
  }
}
