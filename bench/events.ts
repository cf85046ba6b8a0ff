import { createHmac } from 'node:crypto';
import WebSocket from 'ws';
import { createClient, type Client } from 'graphql-ws';
import { freePort, percentile, startServerProcess, type Rig } from './harness';

export interface EventsRow {
  name: string;
  subscribers: number;
  events: number;
  /** Deliveries taken and fanned out per second (each to every subscriber). */
  eventsPerSecond: number;
  /** Messages sent to subscribers per second. */
  messagesPerSecond: number;
  /** From Wrike's POST to the subscriber's receipt. */
  p50Ms: number;
  p99Ms: number;
  /** Messages that never arrived (should be 0). */
  lost: number;
}

const SUBSCRIBERS = 1000;
const EVENTS = 200;

/**
 * Events fanned out on one process: a subgraph with its webhook registered at the sandbox and 1,000 graphql-ws
 * subscribers; 200 signed deliveries (one event each) are posted to its receiver as Wrike would post them, four at
 * a time, and every subscriber's receipt is timed against its delivery's POST.
 */
export async function eventsFanOut(rig: Rig): Promise<EventsRow> {
  const port = await freePort();
  const server = await startServerProcess(rig.sandbox, rig.sandbox.url, { PORT: String(port), PUBLIC_URL: `http://127.0.0.1:${port}` });
  const clients: Client[] = [];
  try {
    const hookUrl = `http://127.0.0.1:${port}/webhooks/wrike/default`;
    let hook = [...rig.sandbox.store.webhooks.values()].find((w) => w.hookUrl === hookUrl && w.status === 'Active');
    for (let i = 0; i < 100 && !hook; i++) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      hook = [...rig.sandbox.store.webhooks.values()].find((w) => w.hookUrl === hookUrl && w.status === 'Active');
    }
    if (!hook?.secret) throw new Error('the subgraph did not register its webhook');
    const sentAt = new Map<string, number>();
    const delays: number[] = [];
    let received = 0;
    let subscribed = 0;
    await Promise.all(Array.from({ length: SUBSCRIBERS }, () => new Promise<void>((resolve, reject) => {
      const client = createClient({ url: `ws://127.0.0.1:${port}/graphql`, webSocketImpl: WebSocket, retryAttempts: 0, lazy: false });
      clients.push(client);
      client.on('connected', () => {
        subscribed++;
        setTimeout(resolve, 50);
      });
      client.subscribe({ query: 'subscription { ticketEvents { occurredAt } }' }, {
        next: (value) => {
          const key = (value.data as { ticketEvents: { occurredAt: string } }).ticketEvents.occurredAt;
          const sent = sentAt.get(String(Date.parse(key)));
          if (sent !== undefined) delays.push(performance.now() - sent);
          received++;
        },
        error: reject, complete: () => undefined,
      });
    })));
    await new Promise((resolve) => setTimeout(resolve, 500));
    const task = [...rig.sandbox.store.tasks.values()].find((t) => t.scope === 'WsTask')!;
    const started = performance.now();
    const post = async (n: number) => {
      const occurredAt = new Date(Date.UTC(2030, 0, 1, 0, 0, n)).toISOString().replace(/\.\d{3}Z$/, 'Z');
      const body = JSON.stringify([{ taskId: task.id, webhookId: hook!.id, eventType: 'TaskTitleChanged', lastUpdatedDate: occurredAt }]);
      sentAt.set(String(Date.parse(occurredAt)), performance.now());
      const res = await fetch(hookUrl, { method: 'POST', headers: { 'Content-Type': 'application/json', 'X-Hook-Signature': createHmac('sha256', hook!.secret!).update(body).digest('hex') }, body });
      if (res.status !== 200) throw new Error(`the receiver answered ${res.status}`);
    };
    for (let n = 0; n < EVENTS; n += 4) await Promise.all([n, n + 1, n + 2, n + 3].filter((k) => k < EVENTS).map(post));
    const expected = SUBSCRIBERS * EVENTS;
    for (let i = 0; i < 600 && received < expected; i++) await new Promise((resolve) => setTimeout(resolve, 50));
    const seconds = (performance.now() - started) / 1000;
    return {
      name: `${subscribed} graphql-ws subscribers on one process, ${EVENTS} webhook deliveries`,
      subscribers: subscribed, events: EVENTS, eventsPerSecond: Math.round(EVENTS / seconds), messagesPerSecond: Math.round(received / seconds),
      p50Ms: Math.round(percentile(delays, 50)), p99Ms: Math.round(percentile(delays, 99)), lost: expected - received,
    };
  } finally {
    await Promise.all(clients.map((c) => c.dispose()));
    await server.stop();
  }
}
