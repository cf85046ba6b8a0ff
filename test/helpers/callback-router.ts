import http from 'node:http';
import type { AddressInfo } from 'node:net';

/** One message a subgraph posted to the fake router's callback. */
export interface CallbackReceived {
  kind: string;
  action: 'check' | 'next' | 'complete';
  id: string;
  verifier: string;
  payload?: any;
  errors?: any[];
  /** The protocol header the message came with. */
  protocol: string | undefined;
}

/**
 * A router's callback endpoint (Apollo Router's `subscription-protocol: callback/1.0`), as a local HTTP server:
 * POST /callback/<id> records the message and answers 204 with the protocol header, or 404 once the test has
 * `forget`-ten the subscription (a router that no longer knows it).
 */
export async function startCallbackRouter(): Promise<{
  origin: string;
  callbackUrl(id: string): string;
  received(id: string): CallbackReceived[];
  forget(id: string): void;
  /** Answers this subscription's messages with `status` from now on (without recording them); undefined: 204 again. */
  answerWith(id: string, status: number | undefined): void;
  /** Answers this subscription's next `check` only after `ms` (a slow router). */
  delayNextCheck(id: string, ms: number): void;
  /**
   * Holds this subscription to its heartbeat interval, as Apollo Router does: from now on, a `check` that comes more
   * than `intervalMs` after the one before drops the subscription (404 from then on; `missed` says by how much).
   */
  expectHeartbeats(id: string, intervalMs: number): void;
  /** The gap (ms) after which a subscription held to its interval was dropped; undefined while it never missed one. */
  missed(id: string): number | undefined;
  close(): Promise<void>;
}> {
  const messages = new Map<string, CallbackReceived[]>();
  const forgotten = new Set<string>();
  const answers = new Map<string, number>();
  const delays = new Map<string, number>();
  const intervals = new Map<string, number>();
  const lastCheck = new Map<string, number>();
  const misses = new Map<string, number>();
  const server = http.createServer((req, res) => {
    const id = (req.url ?? '').replace(/^\/callback\//, '');
    let text = '';
    req.on('data', (chunk: Buffer) => (text += chunk.toString()));
    req.on('end', () => {
      if (req.method !== 'POST' || forgotten.has(id)) {
        res.statusCode = 404;
        return res.end();
      }
      if (answers.has(id)) {
        res.statusCode = answers.get(id)!;
        return res.end();
      }
      const message = { ...(JSON.parse(text) as CallbackReceived), protocol: req.headers['subscription-protocol'] as string | undefined };
      if (message.action === 'check' && intervals.has(id)) {
        const gap = Date.now() - (lastCheck.get(id) ?? Date.now());
        lastCheck.set(id, Date.now());
        if (gap > intervals.get(id)!) {
          misses.set(id, gap);
          forgotten.add(id);
          res.statusCode = 404;
          return res.end();
        }
      }
      messages.set(id, [...(messages.get(id) ?? []), message]);
      const delay = message.action === 'check' ? delays.get(id) : undefined;
      if (message.action === 'check') delays.delete(id);
      setTimeout(() => {
        res.statusCode = 204;
        res.setHeader('subscription-protocol', 'callback/1.0');
        res.end();
      }, delay ?? 0);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    origin,
    callbackUrl: (id) => `${origin}/callback/${id}`,
    received: (id) => messages.get(id) ?? [],
    forget: (id) => forgotten.add(id),
    answerWith: (id, status) => (status === undefined ? answers.delete(id) : answers.set(id, status)),
    delayNextCheck: (id, ms) => delays.set(id, ms),
    expectHeartbeats: (id, intervalMs) => {
      intervals.set(id, intervalMs);
      lastCheck.set(id, Date.now());
    },
    missed: (id) => misses.get(id),
    close: () => new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}

/** Waits until `check` holds (polling every 50 ms), or fails naming `what`. */
export async function until(check: () => boolean | Promise<boolean>, what: string, ms = 5000): Promise<void> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`timed out waiting until ${what}`);
}
