/** What an export has finished, saved together with its data so that a run stopped anywhere resumes where it was. */

/** The record types an export writes, in the order it writes them (one NDJSON file or table each). */
export const RECORD_TYPES = ['users', 'workspaces', 'fields', 'collections', 'tickets', 'comments', 'attachments', 'timeLogs'] as const;
export type RecordType = (typeof RECORD_TYPES)[number];

export interface Checkpoint {
  version: 1;
  /** The connection exported (null: the tenant's only one); a resume against another one is refused. */
  connectionId: string | null;
  /**
   * When the first run began. The backfill holds every record as it was at or after this moment; the change feeds
   * (`ticketChanges(since:)`, `commentChanges(since:)`) from here bring everything later.
   */
  feedSince: string;
  /** Stages finished. */
  done: RecordType[];
  /**
   * The walks over tasks by creation (tickets, then every ticket's comments): the creation time reached, and the ids
   * already handled that were created at that very time.
   */
  keysets?: Partial<Record<'tickets' | 'comments', { after: string; idsAtAfter: string[] }>>;
  /** The earliest creation time seen (tickets, collections): where the comment and attachment windows begin. */
  earliest?: string;
  /** Attachment windows: the end of the last window written. */
  windows?: Partial<Record<'attachments', string>>;
  /** The change feeds after the backfill: the last cursor applied of each (absent: from `feedSince`). */
  feed?: { tickets?: string; comments?: string };
  /** Records written per type. */
  counts: Partial<Record<RecordType, number>>;
}

export function newCheckpoint(connectionId: string | null, now: Date): Checkpoint {
  return { version: 1, connectionId, feedSince: wrikeSecond(now), done: [], counts: {} };
}

/** Wrike's timestamps: whole seconds, UTC, with a trailing Z. */
export function wrikeSecond(date: Date): string {
  return `${date.toISOString().slice(0, 19)}Z`;
}

export function isCheckpoint(value: unknown): value is Checkpoint {
  const c = value as Partial<Checkpoint> | null;
  return !!c && c.version === 1 && typeof c.feedSince === 'string' && Array.isArray(c.done) && typeof c.counts === 'object';
}

/** A stop the user must act on (the message says how); a run stopped by anything else resumes when run again. */
export class ExportError extends Error {}
