import { createHmac, randomBytes } from 'node:crypto';
import type { SandboxStore } from './store';
import type { Webhook } from './model';
import { invalidParameter } from './errors';

export const WEBHOOK_EVENTS = [
  'TaskCreated', 'TaskDeleted', 'TaskTitleChanged', 'TaskImportanceChanged', 'TaskStatusChanged', 'TaskDatesChanged',
  'TaskParentsAdded', 'TaskParentsRemoved', 'TaskResponsiblesAdded', 'TaskResponsiblesRemoved', 'TaskSharedsAdded',
  'TaskSharedsRemoved', 'TaskDescriptionChanged', 'TaskCustomFieldChanged', 'AttachmentAdded', 'AttachmentDeleted',
  'CommentAdded', 'CommentDeleted', 'TimelogChanged',
  'FolderCreated', 'FolderDeleted', 'FolderTitleChanged', 'FolderDescriptionChanged', 'FolderCustomFieldChanged',
  'ProjectDatesChanged', 'ProjectOwnersAdded', 'ProjectOwnersRemoved', 'ProjectStatusChanged',
];

/**
 * One change, before it is addressed to hooks: of a task (`taskId`) or of a folder or project (`folderId`).
 * `folderIds` are where it happened (the task's folders; the folder itself), for matching hooks' scopes.
 */
export interface ChangeEvent {
  eventType: string;
  eventAuthorId: string;
  taskId?: string;
  folderId?: string;
  folderIds: string[];
  extra?: Record<string, unknown>;
}

export interface WebhookOptions {
  /** Consecutive failed deliveries that suspend a hook. */
  failureThreshold: number;
  /** A delivery slower than this counts as failed. */
  timeoutMs: number;
  /** Events are gathered this long and sent as one array per hook. */
  batchMs: number;
}

export function hmacHex(secret: string, data: string | Buffer): string {
  return createHmac('sha256', secret).update(data).digest('hex');
}

/** Wrike requires https; the sandbox also allows plain http to loopback hosts so that local receivers work. */
export function validateHookUrl(raw: string): string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw invalidParameter("Parameter 'hookUrl' must be a valid URL");
  }
  const loopback = ['localhost', '127.0.0.1', '[::1]'].includes(url.hostname);
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && loopback)) {
    throw invalidParameter("Parameter 'hookUrl' must be an https URL");
  }
  return url.toString();
}

/** One delivery as the sandbox made it: what it sent, and whether the receiver acknowledged it (a 2xx in time). */
export interface DeliveryRecord {
  hookId: string;
  hookUrl: string;
  /** When the POST started and ended (ISO). */
  startedAt: string;
  endedAt: string;
  /** The receiver's status; null when no answer came (refused, reset or over the time-out). */
  status: number | null;
  acknowledged: boolean;
  events: Record<string, unknown>[];
}

/** How many deliveries the log keeps (the oldest go first): enough for a chaos run, bounded for a long-lived sandbox. */
const DELIVERY_LOG_SIZE = 20_000;

/** Delivers signed event arrays to hooks, suspends failing hooks, and performs the creation handshake. */
export class WebhookDispatcher {
  /** Events waiting for the next batch, each with the hooks it was addressed to when it happened. */
  private queue: { event: ChangeEvent; hookIds: Set<string> }[] = [];
  private timer: NodeJS.Timeout | undefined;
  private inFlight = new Set<Promise<void>>();
  /** Every delivery made (handshakes aside), so that a test can tell what Wrike would count as acknowledged. */
  private log: DeliveryRecord[] = [];

  constructor(
    private readonly store: SandboxStore,
    readonly options: WebhookOptions,
  ) {}

  /**
   * The synchronous secret handshake: POST `{"requestType":"WebHook secret verification"}` with an `X-Hook-Secret`
   * challenge; the receiver must answer 200 with `X-Hook-Secret: hex(HMAC-SHA256(secret, challenge))`.
   */
  async handshake(hookUrl: string, secret: string): Promise<boolean> {
    const challenge = randomBytes(16).toString('hex');
    try {
      const response = await fetch(hookUrl, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', 'X-Hook-Secret': challenge },
        body: JSON.stringify({ requestType: 'WebHook secret verification' }),
        signal: AbortSignal.timeout(this.options.timeoutMs),
      });
      await response.arrayBuffer();
      return response.status === 200 && response.headers.get('x-hook-secret') === hmacHex(secret, challenge);
    } catch {
      return false;
    }
  }

  emit(event: ChangeEvent): void {
    // Addressed now: a hook created after the change never hears of it, however the batch is timed.
    const hookIds = new Set([...this.store.webhooks.values()].filter((hook) => this.matches(hook, event)).map((hook) => hook.id));
    this.queue.push({ event, hookIds });
    if (!this.timer) this.timer = setTimeout(() => this.flush(), this.options.batchMs);
  }

  /** Resolves once every queued and in-flight delivery has finished (for tests). */
  async idle(): Promise<void> {
    while (this.timer || this.inFlight.size > 0) {
      if (this.timer) {
        clearTimeout(this.timer);
        this.flush();
      }
      await Promise.all([...this.inFlight]);
    }
  }

  /** The deliveries made, oldest first (at most the last 20,000). */
  deliveries(): readonly DeliveryRecord[] {
    return this.log;
  }

  clearDeliveries(): void {
    this.log = [];
  }

  stop(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.queue = [];
  }

  private flush(): void {
    this.timer = undefined;
    const events = this.queue;
    this.queue = [];
    for (const hook of this.store.webhooks.values()) {
      if (hook.status !== 'Active') continue;
      const matching = events.filter((queued) => queued.hookIds.has(hook.id)).map((queued) => queued.event);
      if (matching.length === 0) continue;
      const payload = matching.map((event) => ({
        ...(event.taskId ? { taskId: event.taskId } : { folderId: event.folderId }),
        webhookId: hook.id,
        eventAuthorId: event.eventAuthorId,
        eventType: event.eventType,
        lastUpdatedDate: new Date().toISOString().replace(/\.\d{3}Z$/, 'Z'),
        ...event.extra,
      }));
      const delivery = this.deliver(hook, payload).finally(() => this.inFlight.delete(delivery));
      this.inFlight.add(delivery);
    }
  }

  private matches(hook: Webhook, event: ChangeEvent): boolean {
    if (hook.events && !hook.events.includes(event.eventType)) return false;
    const scopeFolder = hook.folderId ?? hook.spaceId;
    if (!scopeFolder) return true;
    return event.folderIds.some((folderId) => {
      if (folderId === scopeFolder) return true;
      // Space hooks cover the whole space; folder hooks cover sub-folders only when recursive.
      if (hook.spaceId || hook.recursive) return this.store.folderAncestors(folderId).includes(scopeFolder);
      return false;
    });
  }

  private async deliver(hook: Webhook, events: Record<string, unknown>[]): Promise<void> {
    const body = JSON.stringify(events);
    const startedAt = new Date().toISOString();
    let status: number | null = null;
    const headers: Record<string, string> = { 'Content-Type': 'application/json' };
    if (hook.secret) {
      headers['X-Hook-Signature'] = hmacHex(hook.secret, body);
      headers['X-Hook-Secret'] = randomBytes(16).toString('hex');
    }
    let ok: boolean;
    try {
      const response = await fetch(hook.hookUrl, {
        method: 'POST', headers, body, signal: AbortSignal.timeout(this.options.timeoutMs),
      });
      await response.arrayBuffer();
      status = response.status;
      ok = response.status >= 200 && response.status < 300;
    } catch {
      ok = false;
    }
    this.log.push({ hookId: hook.id, hookUrl: hook.hookUrl, startedAt, endedAt: new Date().toISOString(), status, acknowledged: ok, events });
    if (this.log.length > DELIVERY_LOG_SIZE) this.log.splice(0, this.log.length - DELIVERY_LOG_SIZE);
    hook.failures = ok ? 0 : hook.failures + 1;
    if (hook.failures >= this.options.failureThreshold) hook.status = 'Suspended';
  }
}
