import type { WebhookRecord } from './store';

/** A `webhooks` row of either store. */
export function webhookFromRow(row: Record<string, unknown>): WebhookRecord {
  return {
    connectionId: String(row.connection_id), wrikeHookId: row.wrike_hook_id === null ? null : String(row.wrike_hook_id),
    sealedSecret: String(row.sealed_secret), status: String(row.status) as WebhookRecord['status'],
    lastEventAt: row.last_event_at === null ? null : String(row.last_event_at), createdAt: String(row.created_at),
  };
}
