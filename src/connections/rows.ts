import type { ApiKeyRecord, ConnectionPatch, ConnectionRecord, IdempotencyRecord } from './store';

/** Row ↔ record mapping shared by the SQLite and PostgreSQL stores. */
export type Row = Record<string, unknown>;

const text = (value: unknown) => (value === null || value === undefined ? null : String(value));

export function connectionFromRow(row: Row): ConnectionRecord {
  return {
    id: String(row.id), tenantId: String(row.tenant_id), status: row.status as ConnectionRecord['status'], host: String(row.host),
    authType: row.auth_type as ConnectionRecord['authType'], wrikeUserId: text(row.wrike_user_id), wrikeUserName: text(row.wrike_user_name),
    wrikeUserEmail: text(row.wrike_user_email), sealedCredentials: String(row.sealed_credentials), createdAt: String(row.created_at),
    lastRefreshedAt: text(row.last_refreshed_at), lastError: text(row.last_error), scopes: text(row.scopes),
    workspaceIds: text(row.workspace_ids),
  };
}

export function connectionToRow(record: ConnectionRecord): unknown[] {
  return [
    record.id, record.tenantId, record.status, record.host, record.authType, record.wrikeUserId, record.wrikeUserName,
    record.wrikeUserEmail, record.sealedCredentials, record.createdAt, record.lastRefreshedAt, record.lastError, record.scopes ?? null,
    record.workspaceIds ?? null,
  ];
}

export const CONNECTION_COLUMNS = 'id, tenant_id, status, host, auth_type, wrike_user_id, wrike_user_name, wrike_user_email, sealed_credentials, created_at, last_refreshed_at, last_error, scopes, workspace_ids';

const PATCH_COLUMNS: Record<keyof ConnectionPatch, string> = {
  status: 'status', sealedCredentials: 'sealed_credentials', lastRefreshedAt: 'last_refreshed_at', lastError: 'last_error', host: 'host',
  workspaceIds: 'workspace_ids',
};

/** `SET a = ?, b = ?` (or $1, $2 with `placeholder`) and its values, for the fields a patch sets. */
export function patchSql(patch: ConnectionPatch, placeholder: (i: number) => string): { set: string; values: unknown[] } {
  const entries = (Object.keys(patch) as (keyof ConnectionPatch)[]).filter((key) => patch[key] !== undefined);
  return {
    set: entries.map((key, i) => `${PATCH_COLUMNS[key]} = ${placeholder(i + 1)}`).join(', '),
    values: entries.map((key) => patch[key]),
  };
}

export function apiKeyFromRow(row: Row): ApiKeyRecord {
  return { id: String(row.id), tenantId: String(row.tenant_id), label: text(row.label), createdAt: String(row.created_at), revokedAt: text(row.revoked_at) };
}

export function idempotencyFromRow(row: Row): IdempotencyRecord {
  return {
    fingerprint: String(row.fingerprint), state: row.state as IdempotencyRecord['state'], resultId: text(row.result_id), since: Number(row.since),
    leaseUntil: row.lease_until === null || row.lease_until === undefined ? null : Number(row.lease_until),
  };
}
