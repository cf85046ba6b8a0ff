import { createHash, createHmac } from 'node:crypto';
import { sameSecret } from '../same-secret';
import { userError } from './errors';

/**
 * Opaque cursors: base64url of a small JSON payload plus an HMAC-SHA256 signature. A cursor names its list and a
 * hash of the list's arguments, and is bound to the Wrike connection, so it cannot be tampered with or reused on
 * another list, with other filters, or on another connection.
 */
export interface CursorPayload {
  /** The list and filter hash. */
  h: string;
  /** The connection. */
  c: string;
  /** The index of the edge in its (upstream or fetched) page. */
  i: number;
  /** The node's id, to find it again when a list has moved. */
  id: string;
  /** Keyset lists only: the order's phase, the item's sort key, and the ids passed at that key. */
  ph?: number;
  k?: string;
  s?: string[];
  /** Keyset lists only: `s` holds just the last id of a long tie group. */
  x?: 1;
  /** Keyset lists only: walking the tie group at `k` by upstream's page token (`t`, absent on its first page). */
  w?: 1;
  t?: string;
  /** Keyset lists only: ids of the tie group at `k` passed before its walk began. */
  p?: string[];
  /** commentChanges only: the width (ms) of the next window to ask, from the density measured so far. */
  d?: number;
  /** Change feeds only: the hash of the connection's workspace scope the cursor was made under. */
  sc?: string;
}

export class CursorCodec {
  constructor(private readonly secret: string) {}

  encode(payload: CursorPayload): string {
    const body = Buffer.from(JSON.stringify(payload)).toString('base64url');
    return `${body}.${this.sign(body)}`;
  }

  /** Decodes and checks a cursor against the list it is used on; any mismatch is BAD_USER_INPUT. */
  decode(cursor: string, expected: { hash: string; connectionId: string }): CursorPayload {
    const invalid = () => userError('BAD_USER_INPUT', 'Invalid cursor: pass an endCursor or edge cursor from this list', { argumentName: 'after' });
    if (cursor.length > 2048) throw invalid();
    const [body, signature, extra] = cursor.split('.');
    if (!body || !signature || extra !== undefined) throw invalid();
    if (!sameSecret(signature, this.sign(body))) throw invalid();
    let payload: CursorPayload;
    try {
      payload = JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as CursorPayload;
    } catch {
      throw invalid();
    }
    if (typeof payload.i !== 'number' || typeof payload.id !== 'string') throw invalid();
    if (payload.c !== expected.connectionId || payload.h !== expected.hash) {
      throw userError('BAD_USER_INPUT', 'This cursor belongs to another list, other filters or another connection', { argumentName: 'after' });
    }
    return payload;
  }

  private sign(body: string): string {
    return createHmac('sha256', this.secret).update(body).digest('base64url').slice(0, 22);
  }
}

/** A short hash of a list's identity and arguments (first and after excluded). */
export function listHash(listKey: string, args: unknown): string {
  return createHash('sha256').update(`${listKey}\n${stableJson(args)}`).digest('base64url').slice(0, 16);
}

function stableJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableJson).join(',')}]`;
  if (value && typeof value === 'object') {
    return `{${Object.keys(value).sort().filter((k) => (value as Record<string, unknown>)[k] !== undefined && (value as Record<string, unknown>)[k] !== null)
      .map((k) => `${JSON.stringify(k)}:${stableJson((value as Record<string, unknown>)[k])}`).join(',')}}`;
  }
  return JSON.stringify(value ?? null);
}

/** A short hash of a connection's workspace scope (undefined: the whole account), for the change feeds' cursors. */
export function scopeHash(workspaceIds: ReadonlySet<string> | undefined): string {
  const scope = workspaceIds ? [...workspaceIds].sort().join(',') : '*';
  return createHash('sha256').update(`scope\n${scope}`).digest('base64url').slice(0, 12);
}

/**
 * A change feed's cursor made under another workspace scope: the tickets of an added space were never sent and those
 * of a removed one never tombstoned, so the feed cannot go on from it (cursors made before scopes were kept pass).
 */
export function checkCursorScope(payload: CursorPayload, scope: string | undefined, list: string): void {
  if (scope === undefined || payload.sc === undefined || payload.sc === scope) return;
  throw userError('CHANGES_EXPIRED',
    `This ${list} cursor was made before the connection's workspaces changed: backfill again (read the tickets and `
    + `comments of the connection's workspaces as they are now), then follow ${list} from the time that read began`,
    { argumentName: 'after', reason: 'SCOPE_CHANGED' });
}
