/**
 * The chaos run's judgements, as pure functions of what it recorded (unit-tested in test/seams/chaos.test.ts): no
 * I/O here, so that what counts as a violation is written down once and checked on its own.
 */

/** The codes a failed read or write may carry: each says what happened; anything else is a violation. */
export const TYPED_CODES = new Set(['RATE_LIMITED', 'UPSTREAM_UNAVAILABLE', 'WRITE_OUTCOME_UNKNOWN', 'REQUEST_CANCELLED']);

/** One logical write of the run: a comment with a unique body, retried with its idempotency key. */
export interface WriteRecord {
  body: string;
  ticketId: string;
  confirmed: boolean;
}

/** Each confirmed write is in Wrike exactly once; one given up on is there at most once. */
export function writeViolations(writes: readonly WriteRecord[], comments: readonly { taskId?: string; text: string }[]): string[] {
  const copies = new Map<string, number>();
  for (const comment of comments) copies.set(`${comment.taskId}\n${comment.text}`, (copies.get(`${comment.taskId}\n${comment.text}`) ?? 0) + 1);
  const violations: string[] = [];
  for (const write of writes) {
    const found = copies.get(`${write.ticketId}\n${write.body}`) ?? 0;
    if (write.confirmed && found !== 1) violations.push(`write "${write.body}": confirmed, found ${found} times`);
    if (!write.confirmed && found > 1) violations.push(`write "${write.body}": given up, found ${found} times`);
  }
  return violations;
}

/**
 * An event's identity as sent and as a subscriber gets it back (`TicketEvent.raw`): its JSON with keys sorted at
 * every level, so that key order on the way does not matter.
 */
export function canonicalEvent(event: unknown): string {
  const sorted = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(sorted);
    if (value && typeof value === 'object') {
      return Object.fromEntries(Object.keys(value).sort().map((key) => [key, sorted((value as Record<string, unknown>)[key])]));
    }
    return value;
  };
  return JSON.stringify(sorted(event));
}

/** A delivery as the sandbox logged it (src/sandbox/webhooks.ts, DeliveryRecord). */
export interface LoggedDelivery {
  startedAt: string;
  acknowledged: boolean;
  events: readonly Record<string, unknown>[];
}

/** A graphql-ws subscriber of the run: when it was listening, and what it got (canonical events). */
export interface SubscriberRecord {
  name: string;
  /** From when it is held to every acknowledged delivery (ms since the epoch). */
  listeningFrom: number;
  /** When its socket closed, or null if it stayed open to the end. */
  closedAt: number | null;
  received: ReadonlySet<string>;
}

export interface LostEvent {
  subscriber: string;
  event: string;
  deliveredAt: string;
}

/**
 * "Acknowledged, then lost": an event in a delivery the receiver answered with a 2xx (Wrike will not send it again)
 * that a subscriber listening from before the delivery began until the end never received.
 */
export function lostAfterAcknowledged(deliveries: readonly LoggedDelivery[], subscribers: readonly SubscriberRecord[]): LostEvent[] {
  const lost: LostEvent[] = [];
  for (const delivery of deliveries) {
    if (!delivery.acknowledged) continue;
    const started = Date.parse(delivery.startedAt);
    for (const subscriber of subscribers) {
      if (subscriber.closedAt !== null || subscriber.listeningFrom > started) continue;
      for (const event of delivery.events) {
        const key = canonicalEvent(event);
        if (!subscriber.received.has(key)) lost.push({ subscriber: subscriber.name, event: key, deliveredAt: delivery.startedAt });
      }
    }
  }
  return lost;
}

/** A response past REQUEST_DEADLINE_MS and the margin the run allows (the generator's own clock and queues). */
export function pastDeadline(latencyMs: number, deadlineMs: number, marginMs: number): boolean {
  return latencyMs > deadlineMs + marginMs;
}

/** Secrets found in the logs (by which name, never the value). */
export function secretsInLogs(logText: string, secrets: Record<string, string>): string[] {
  return Object.entries(secrets).filter(([, value]) => value.length > 0 && logText.includes(value)).map(([name]) => name);
}

export function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
}
