import { getCommentsUpdated } from '../wrike/endpoints';
import type { WrikeComment } from '../wrike/types';
import { wrikeTimestamp } from '../unified/ticket-filter';
import { listHash, type CursorPayload } from './cursor';
import { checkPageRequest, connectionOf, pageRequestOf, pageSize, type Edge } from './pagination';
import { liveTask } from './lookups';
import { folderVisible } from './scope';
import { userError } from './errors';
import type { GraphQLContext } from './context';
import type { CommentConnectionModel } from './mappers';
import { FEED_SETTLE_MS } from './ticket-changes';

/**
 * How far back Wrike's account-wide comment list reaches. Wrike documents "the last 7 days by default" and an
 * `updatedDate` window under 7 days, and nothing older: the strict reading is that nothing older is served.
 */
export const COMMENT_FEED_DAYS = 7;
const DAY_MS = 86_400_000;
/** Our clock and Wrike's may differ: a `since` this close to the horizon is refused rather than refused by Wrike. */
const CLOCK_MARGIN_MS = 10 * 60_000;
/** Wrike's answer holds at most this many comments (its default `limit`); a full answer may be cut, so the window halves. */
export const COMMENT_LIMIT = 1000;
/** Calls one page may make (a single window unless more than 1,000 comments changed in it). */
const MAX_CALLS = 12;

const keyOf = (comment: WrikeComment) => comment.updatedDate ?? comment.createdDate;
const byKey = (a: WrikeComment, b: WrikeComment) => {
  const ka = keyOf(a);
  const kb = keyOf(b);
  return ka < kb ? -1 : ka > kb ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
};

/**
 * Comments changed at or after `since`, oldest change first, with keyset cursors (a comment's updatedDate and the ids
 * passed at it). One `GET /comments` a page, for the window from the cursor to now; a window that comes back full
 * (Wrike cut it) is halved until it does not. On a connection limited to some spaces, comments on tickets or
 * collections outside them are left out (one batched read of their tickets).
 */
export async function commentChangesPage(
  ctx: GraphQLContext, args: { since: string | Date; first?: number | null; after?: string | null },
): Promise<CommentConnectionModel> {
  const since = wrikeTimestamp(args.since);
  const request = pageRequestOf(ctx, 'commentChanges', args, { since });
  checkPageRequest(request);
  const first = pageSize(args.first);
  const hash = listHash(request.listKey, request.args ?? null);
  // A position is a key and the last id passed at it: the window is read whole and sorted by (key, id), so that is
  // exact (what changes later, in a second already passed, is held back by the settle time below).
  let pos: { k: string; last: string } = { k: since, last: '' };
  if (args.after) {
    const cursor = ctx.cursors.decode(args.after, { hash, connectionId: ctx.connectionId });
    pos = { k: cursor.k ?? since, last: cursor.s?.[0] ?? '' };
  }
  const now = Date.now();
  if (Date.parse(pos.k) < now - COMMENT_FEED_DAYS * DAY_MS + CLOCK_MARGIN_MS) {
    throw userError('CHANGES_EXPIRED',
      `Wrike lists account-wide comment changes for the last ${COMMENT_FEED_DAYS} days only, and this ${args.after ? 'cursor' : '`since`'} is older. `
      + 'Read the comments of each ticket you keep (Ticket.comments) once, then follow commentChanges from a time within the last '
      + `${COMMENT_FEED_DAYS} days, at least once every ${COMMENT_FEED_DAYS} days.`,
      { argumentName: args.after ? 'after' : 'since', horizonDays: COMMENT_FEED_DAYS });
  }
  // As in ticketChanges: the last seconds are left for the next read (a comment edited twice in one second keeps its key).
  const nowKey = wrikeTimestamp(new Date(now - FEED_SETTLE_MS));
  const encode = (p: { k: string; last: string }, id: string) => {
    const payload: CursorPayload = { h: hash, c: ctx.connectionId, i: 0, id, k: p.k, s: [p.last] };
    return ctx.cursors.encode(payload);
  };

  const edges: Edge<WrikeComment>[] = [];
  let hasNextPage = false;
  let calls = 0;
  let start = pos.k;
  let endCursor: string | null = null;
  for (;;) {
    const window = await fullWindow(start, nowKey);
    const after = window.items
      .filter((c) => keyOf(c) > pos.k || (keyOf(c) === pos.k && c.id > pos.last))
      .sort(byKey);
    const visible = await visibleTo(ctx, after);
    for (const comment of visible) {
      if (edges.length >= first) {
        hasNextPage = true;
        break;
      }
      pos = { k: keyOf(comment), last: comment.id };
      edges.push({ node: comment, cursor: encode(pos, comment.id) });
    }
    if (hasNextPage || window.end >= nowKey) break;
    start = window.end;
    if (calls >= MAX_CALLS) {
      // Many comments in a short time: a short page; its endCursor continues where this one stopped.
      hasNextPage = true;
      if (edges.length === 0) endCursor = encode({ k: start, last: '' }, '');
      break;
    }
  }
  return connectionOf<WrikeComment, Edge<WrikeComment>>(edges, hasNextPage, null, endCursor ?? edges[edges.length - 1]?.cursor ?? null);

  /** The comments of [from, to], or of a shorter window from `from` that Wrike answered whole, and where it ends. */
  async function fullWindow(from: string, to: string): Promise<{ items: WrikeComment[]; end: string }> {
    let end = to;
    for (;;) {
      calls++;
      const items = await getCommentsUpdated(ctx.wrike, { start: from, end }, COMMENT_LIMIT);
      if (items.length < COMMENT_LIMIT) return { items, end };
      const span = Date.parse(end) - Date.parse(from);
      if (span <= 1000 || calls >= MAX_CALLS) {
        throw userError('UPSTREAM_UNAVAILABLE', `More than ${COMMENT_LIMIT} comments changed around ${from}: Wrike's list cannot be read whole there`);
      }
      end = wrikeTimestamp(new Date(Date.parse(from) + Math.floor(span / 2000) * 1000));
    }
  }
}

/** The comments the connection may see: all of them unscoped; limited to some spaces, those on tickets or collections inside. */
async function visibleTo(ctx: GraphQLContext, comments: WrikeComment[]): Promise<WrikeComment[]> {
  if (!ctx.loaders.scope || comments.length === 0) return comments;
  const taskIds = [...new Set(comments.flatMap((c) => (c.taskId ? [c.taskId] : [])))];
  const tasks = await ctx.loaders.tasks.loadMany(taskIds);
  const liveIds = new Set(taskIds.filter((_id, k) => {
    const task = tasks[k];
    if (task instanceof Error) throw task;
    return liveTask(task) !== null;
  }));
  const folderIds = [...new Set(comments.flatMap((c) => (c.folderId ? [c.folderId] : [])))];
  const folders = new Set((await Promise.all(folderIds.map(async (id) => ((await folderVisible(ctx, id)) ? id : null)))).filter((id): id is string => id !== null));
  return comments.filter((c) => (c.taskId ? liveIds.has(c.taskId) : c.folderId ? folders.has(c.folderId) : false));
}
