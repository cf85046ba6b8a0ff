import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import type { WrikeWebhookEvent } from '../wrike/types';

/**
 * What a Wrike webhook request is, read from its raw bytes. Pure: no I/O, unit-tested. Sources disagree on how
 * deliveries are signed (wrike-api.md §7.13); this reads every version: the handshake is known by its body, a
 * delivery is verified by `X-Hook-Signature` = hex(HMAC-SHA256(secret, raw body)), and any `X-Hook-Secret`
 * challenge is answered the same way.
 */
export type Delivery =
  | { kind: 'verification'; challenge: string }
  | { kind: 'events'; events: WrikeWebhookEvent[] }
  | { kind: 'refused'; status: 400 | 401; reason: string };

export function hookHmac(secret: string, data: string | Buffer): string {
  return createHmac('sha256', secret).update(data).digest('hex');
}

function sameHex(a: string, b: string): boolean {
  const left = Buffer.from(a, 'utf8');
  const right = Buffer.from(b, 'utf8');
  return left.length === right.length && timingSafeEqual(left, right);
}

export function readDelivery(raw: Buffer, headers: { signature?: string; challenge?: string }, secret: string): Delivery {
  let body: unknown;
  try {
    body = JSON.parse(raw.toString('utf8'));
  } catch {
    return { kind: 'refused', status: 400, reason: 'not JSON' };
  }
  const verification = typeof body === 'object' && body !== null && !Array.isArray(body)
    && (body as { requestType?: unknown }).requestType === 'WebHook secret verification';
  if (verification) {
    if (!headers.challenge) return { kind: 'refused', status: 400, reason: 'verification without a challenge' };
    return { kind: 'verification', challenge: headers.challenge };
  }
  if (!headers.signature || !sameHex(headers.signature.toLowerCase(), hookHmac(secret, raw))) {
    return { kind: 'refused', status: 401, reason: headers.signature ? 'signature mismatch' : 'unsigned' };
  }
  if (!Array.isArray(body) || !body.every((e) => typeof e === 'object' && e !== null && typeof (e as { eventType?: unknown }).eventType === 'string')) {
    return { kind: 'refused', status: 400, reason: 'not an array of events' };
  }
  return { kind: 'events', events: body as WrikeWebhookEvent[] };
}

/** An event's identity: the same event delivered twice (to any replica) has the same key. */
export function eventKey(connectionId: string, event: WrikeWebhookEvent): string {
  const canonical = JSON.stringify(Object.keys(event).sort().map((k) => [k, event[k]]));
  return createHash('sha256').update(`${connectionId}\n${canonical}`).digest('base64url');
}

export type TicketEventType =
  | 'CREATED' | 'UPDATED' | 'DELETED' | 'COMMENT_ADDED' | 'COMMENT_DELETED' | 'ATTACHMENT_ADDED' | 'ATTACHMENT_DELETED' | 'TIME_LOG_CHANGED'
  | 'OTHER';

/** One change as the subgraph publishes it to its subscribers, on every replica. */
export interface ChangeMessage {
  connectionId: string;
  tenantId: string;
  type: TicketEventType;
  /** Wrike's own event type, kept whatever it is. */
  wrikeEventType: string;
  ticketId: string | null;
  folderId: string | null;
  /** The unified fields the event changed (empty when Wrike does not say). */
  changedFields: string[];
  occurredAt: string | null;
  authorId: string | null;
  /** The event as Wrike sent it. */
  raw: WrikeWebhookEvent;
}

const CHANGED_FIELDS: Record<string, string[]> = {
  TaskTitleChanged: ['title'], TaskImportanceChanged: ['priority'], TaskStatusChanged: ['status'],
  TaskDatesChanged: ['startDate', 'dueDate'], TaskParentsAdded: ['collections'], TaskParentsRemoved: ['collections'],
  TaskResponsiblesAdded: ['assignees'], TaskResponsiblesRemoved: ['assignees'], TaskSharedsAdded: ['sharedWith'],
  TaskSharedsRemoved: ['sharedWith'], TaskDescriptionChanged: ['description'], TaskCustomFieldChanged: ['customFields'],
  TimelogChanged: ['timeLogs'],
};

const TYPES: Record<string, TicketEventType> = {
  // Found by the sweep after a suspended hook (src/events/sweep.ts): changed, but Wrike did not say how.
  TaskChangedWhileHookSuspended: 'UPDATED',
  TaskCreated: 'CREATED', TaskDeleted: 'DELETED', CommentAdded: 'COMMENT_ADDED', CommentDeleted: 'COMMENT_DELETED',
  AttachmentAdded: 'ATTACHMENT_ADDED', AttachmentDeleted: 'ATTACHMENT_DELETED', TimelogChanged: 'TIME_LOG_CHANGED',
};

/** A Wrike event → the message subscribers get. Unknown event types are kept, as OTHER, never dropped. */
export function changeMessageOf(connectionId: string, tenantId: string, event: WrikeWebhookEvent): ChangeMessage {
  const type = TYPES[event.eventType] ?? (event.eventType in CHANGED_FIELDS ? 'UPDATED' : 'OTHER');
  return {
    connectionId, tenantId, type, wrikeEventType: event.eventType,
    ticketId: typeof event.taskId === 'string' ? event.taskId : null,
    folderId: typeof event.folderId === 'string' ? event.folderId : null,
    changedFields: CHANGED_FIELDS[event.eventType] ?? [],
    occurredAt: typeof event.lastUpdatedDate === 'string' ? event.lastUpdatedDate : null,
    authorId: typeof event.eventAuthorId === 'string' ? event.eventAuthorId : null,
    raw: event,
  };
}
