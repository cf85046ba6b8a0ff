import { getComments, getTasks } from '../wrike/endpoints';
import type { WrikeCaller } from '../wrike/rounds';
import { ExportError, type Checkpoint } from './checkpoint';
import { ExportReadError } from './proxy-reader';
import type { ExportSink } from './sinks';

/** Asks the service's GraphQL API (the change feeds). */
export interface FeedClient {
  graphql<T>(query: string, variables: Record<string, unknown>): Promise<T>;
}

interface Page<N> {
  nodes: N[];
  tombstones?: { id: string; deletedAt: string }[] | null;
  pageInfo: { endCursor: string | null; hasNextPage: boolean };
}

const TICKET_CHANGES = `query ExportTicketChanges($since: DateTime!, $after: String) {
  ticketChanges(since: $since, first: 100, after: $after) {
    nodes { id } tombstones { id deletedAt } pageInfo { endCursor hasNextPage }
  }
}`;
const COMMENT_CHANGES = `query ExportCommentChanges($since: DateTime!, $after: String) {
  commentChanges(since: $since, first: 100, after: $after) { nodes { id } pageInfo { endCursor hasNextPage } }
}`;

export interface FeedPass {
  tickets: number;
  removed: number;
  comments: number;
}

/**
 * Brings the copy up to now from the service's change feeds, from `feedSince` (or the last cursor applied): changed
 * tickets are read whole through the proxy (100 ids a call) and written again, deleted ones removed (a tombstone),
 * changed comments read and written again. Each page is committed with its cursor, so a pass stopped anywhere
 * resumes where it was. Only tickets and comments have feeds: other types stay as the backfill wrote them.
 */
export async function applyChanges(deps: {
  feed: FeedClient; wrike: WrikeCaller; sink: ExportSink; checkpoint: Checkpoint; comments: boolean; commit: () => Promise<void>;
}): Promise<FeedPass> {
  const { feed, wrike, sink, checkpoint } = deps;
  const pass: FeedPass = { tickets: 0, removed: 0, comments: 0 };
  for (;;) {
    const { ticketChanges: page } = await feed.graphql<{ ticketChanges: Page<{ id: string }> }>(TICKET_CHANGES, {
      since: checkpoint.feedSince, after: checkpoint.feed?.tickets ?? null,
    });
    const tickets = await readAll(page.nodes.map((node) => node.id), (ids) => getTasks(wrike, ids));
    await sink.write('tickets', tickets);
    await sink.remove('tickets', page.tombstones ?? []);
    pass.tickets += tickets.length;
    pass.removed += page.tombstones?.length ?? 0;
    checkpoint.feed = { ...checkpoint.feed, tickets: page.pageInfo.endCursor ?? checkpoint.feed?.tickets };
    await deps.commit();
    if (!page.pageInfo.hasNextPage) break;
  }
  while (deps.comments) {
    let page: Page<{ id: string }>;
    try {
      ({ commentChanges: page } = await feed.graphql<{ commentChanges: Page<{ id: string }> }>(COMMENT_CHANGES, {
        since: checkpoint.feedSince, after: checkpoint.feed?.comments ?? null,
      }));
    } catch (error) {
      if (error instanceof ExportReadError && error.code === 'CHANGES_EXPIRED') {
        throw new ExportError(`Comments changed since ${checkpoint.feedSince} can no longer be listed (Wrike's comment list reaches back 7 days): ${error.message}. Run with --restart for a new copy.`);
      }
      throw error;
    }
    const comments = await readAll(page.nodes.map((node) => node.id), (ids) => getComments(wrike, ids));
    await sink.write('comments', comments);
    pass.comments += comments.length;
    checkpoint.feed = { ...checkpoint.feed, comments: page.pageInfo.endCursor ?? checkpoint.feed?.comments };
    await deps.commit();
    if (!page.pageInfo.hasNextPage) break;
  }
  return pass;
}

/**
 * Records by id, 100 a call. Wrike answers a list naming one id that is gone (deleted since the feed listed it) with
 * 404 for all: that list is read again one id at a time, and the gone ones left out (the feed reports them later).
 */
async function readAll<T>(ids: string[], read: (ids: string[]) => Promise<T[]>): Promise<T[]> {
  const out: T[] = [];
  for (let at = 0; at < ids.length; at += 100) {
    const chunk = ids.slice(at, at + 100);
    try {
      out.push(...await read(chunk));
    } catch (error) {
      if (!(error instanceof ExportReadError && error.status === 404)) throw error;
      for (const id of chunk) {
        try {
          out.push(...await read([id]));
        } catch (single) {
          if (!(single instanceof ExportReadError && single.status === 404)) throw single;
        }
      }
    }
  }
  return out;
}
