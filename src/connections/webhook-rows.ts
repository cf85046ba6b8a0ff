import type { WebhookPatch, WebhookRecord } from './store';

/** A `webhooks` row of either store. */
export function webhookFromRow(row: Record<string, unknown>): WebhookRecord {
  return {
    connectionId: String(row.connection_id), wrikeHookId: row.wrike_hook_id === null ? null : String(row.wrike_hook_id),
    sealedSecret: String(row.sealed_secret), status: String(row.status) as WebhookRecord['status'],
    lastEventAt: row.last_event_at === null ? null : String(row.last_event_at), createdAt: String(row.created_at),
    previousSealedSecret: row.previous_sealed_secret === null || row.previous_sealed_secret === undefined ? null : String(row.previous_sealed_secret),
    previousUntil: row.previous_until === null || row.previous_until === undefined ? null : Number(row.previous_until),
  };
}

const PATCH_COLUMNS: Record<keyof WebhookPatch, string> = {
  wrikeHookId: 'wrike_hook_id', status: 'status', lastEventAt: 'last_event_at', sealedSecret: 'sealed_secret',
  previousSealedSecret: 'previous_sealed_secret', previousUntil: 'previous_until',
};

/** The `webhooks` columns a patch sets, with their values (fields left undefined are left alone). */
export function webhookPatchColumns(patch: WebhookPatch): [column: string, value: string | number | null][] {
  return (Object.entries(patch) as [keyof WebhookPatch, string | number | null | undefined][])
    .filter((entry): entry is [keyof WebhookPatch, string | number | null] => entry[1] !== undefined)
    .map(([field, value]) => [PATCH_COLUMNS[field], value]);
}
