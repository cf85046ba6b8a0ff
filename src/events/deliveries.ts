import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import type { WrikeWebhookEvent } from '../wrike/types';

/**
 * What a Wrike webhook request is, read from its raw bytes. Pure: no I/O, unit-tested. Sources disagree on how
 * deliveries are signed (wrike-api.md §7.13); this reads every version: the handshake is known by its body, and a
 * delivery is verified by `X-Hook-Signature` = hex(HMAC-SHA256(secret, raw body)) under one of the hook's secrets
 * (the current one, or one a re-registration replaced a moment ago). Whether a challenge is answered is the
 * receiver's call (src/http/webhooks.ts), with `answerableChallenge`.
 */
export type Delivery =
  | { kind: 'verification'; challenge: string }
  | { kind: 'events'; events: WrikeWebhookEvent[]; secret: string }
  | { kind: 'refused'; reason: string };

export function hookHmac(secret: string, data: string | Buffer): string {
  return createHmac('sha256', secret).update(data).digest('hex');
}

function sameHex(a: string, b: string): boolean {
  const left = Buffer.from(a, 'utf8');
  const right = Buffer.from(b, 'utf8');
  return left.length === right.length && timingSafeEqual(left, right);
}

/** The longest challenge answered (Wrike's are short random tokens; the length is undocumented, so this is generous). */
const MAX_CHALLENGE = 1024;

/**
 * Whether a challenge may be signed. The answer to a challenge is HMAC(secret, challenge), the very signature a
 * delivery whose body is that challenge would carry: so a challenge that reads as JSON text of an object or array
 * (what a delivery body is) is never signed, whoever sends it, and no answer can be posted back as a delivery.
 */
export function answerableChallenge(challenge: string | undefined): challenge is string {
  if (!challenge || challenge.length > MAX_CHALLENGE) return false;
  try {
    const parsed: unknown = JSON.parse(challenge);
    return typeof parsed !== 'object' || parsed === null;
  } catch {
    return true;
  }
}

export function readDelivery(raw: Buffer, headers: { signature?: string; challenge?: string }, secrets: readonly string[]): Delivery {
  let body: unknown;
  try {
    body = JSON.parse(raw.toString('utf8'));
  } catch {
    return { kind: 'refused', reason: 'not JSON' };
  }
  const verification = typeof body === 'object' && body !== null && !Array.isArray(body)
    && (body as { requestType?: unknown }).requestType === 'WebHook secret verification';
  if (verification) {
    if (!headers.challenge) return { kind: 'refused', reason: 'verification without a challenge' };
    return { kind: 'verification', challenge: headers.challenge };
  }
  const signature = headers.signature?.toLowerCase();
  // Every secret is tried (constant time each), so the time taken does not tell which one matched.
  const matches = secrets.map((secret) => signature !== undefined && sameHex(signature, hookHmac(secret, raw)));
  const secret = secrets[matches.indexOf(true)];
  if (secret === undefined) return { kind: 'refused', reason: signature ? 'signature mismatch' : 'unsigned' };
  if (!Array.isArray(body) || !body.every((e) => typeof e === 'object' && e !== null && typeof (e as { eventType?: unknown }).eventType === 'string')) {
    return { kind: 'refused', reason: 'not an array of events' };
  }
  return { kind: 'events', events: body as WrikeWebhookEvent[], secret };
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
  /**
   * The spaces the connection was limited to when the event was taken (null: the whole account; absent from a
   * replica that predates it: unknown, so the subscriber reads the scope itself).
   */
  workspaceIds?: readonly string[] | null;
  /**
   * Whether one of the connection's hooks as registered now sent it (false for an event of a replaced hook, still
   * accepted during the secret overlap, or of the sweep; absent from an older replica).
   */
  sentByCurrentHook?: boolean;
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
  TaskDeletedWhileHookSuspended: 'DELETED',
  TaskCreated: 'CREATED', TaskDeleted: 'DELETED', CommentAdded: 'COMMENT_ADDED', CommentDeleted: 'COMMENT_DELETED',
  AttachmentAdded: 'ATTACHMENT_ADDED', AttachmentDeleted: 'ATTACHMENT_DELETED', TimelogChanged: 'TIME_LOG_CHANGED',
};

/** A Wrike event → the message subscribers get. Unknown event types are kept, as OTHER, never dropped. */
export function changeMessageOf(
  connectionId: string, tenantId: string, event: WrikeWebhookEvent,
  connection: { workspaceIds: readonly string[] | null; hookIds: readonly string[] } = { workspaceIds: null, hookIds: [] },
): ChangeMessage {
  const type = TYPES[event.eventType] ?? (event.eventType in CHANGED_FIELDS ? 'UPDATED' : 'OTHER');
  return {
    connectionId, tenantId, type, wrikeEventType: event.eventType,
    ticketId: typeof event.taskId === 'string' ? event.taskId : null,
    folderId: typeof event.folderId === 'string' ? event.folderId : null,
    changedFields: CHANGED_FIELDS[event.eventType] ?? [],
    occurredAt: typeof event.lastUpdatedDate === 'string' ? event.lastUpdatedDate : null,
    authorId: typeof event.eventAuthorId === 'string' ? event.eventAuthorId : null,
    raw: event,
    workspaceIds: connection.workspaceIds,
    sentByCurrentHook: typeof event.webhookId === 'string' && connection.hookIds.includes(event.webhookId),
  };
}
