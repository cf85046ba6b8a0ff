import { getCommentsUpdated } from '../wrike/endpoints';
import type { WrikeComment } from '../wrike/types';
import { wrikeTimestamp } from '../unified/ticket-filter';
import { checkCursorScope, listHash, scopeHash, type CursorPayload } from './cursor';
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
export const COMMENT_FEED_MAX_CALLS = 12;
const MAX_CALLS = COMMENT_FEED_MAX_CALLS;
/** Tickets one page may look up (three batched reads) to leave out comments outside a limited connection's spaces. */
export const COMMENT_FEED_TASK_LOOKUPS = 300;
const TASK_LOOKUPS = COMMENT_FEED_TASK_LOOKUPS;

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
  const scope = scopeHash(ctx.loaders.scope);
  // A position is a key and the last id passed at it: the window is read whole and sorted by (key, id), so that is
  // exact (what changes later, in a second already passed, is held back by the settle time below).
  let pos: { k: string; last: string } = { k: since, last: '' };
  let cursorSpan: number | undefined;
  if (args.after) {
    const cursor = ctx.cursors.decode(args.after, { hash, connectionId: ctx.connectionId });
    checkCursorScope(cursor, scope, 'commentChanges');
    pos = { k: cursor.k ?? since, last: cursor.s?.[0] ?? '' };
    if (typeof cursor.d === 'number' && cursor.d >= 1000) cursorSpan = cursor.d;
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
    const payload: CursorPayload = { h: hash, c: ctx.connectionId, i: 0, id, k: p.k, s: [p.last], sc: scope };
    if (Number.isFinite(span)) payload.d = span;
    return ctx.cursors.encode(payload);
  };

  const edges: Edge<WrikeComment>[] = [];
  let hasNextPage = false;
  let calls = 0;
  let lookups = 0;
  let start = pos.k;
  // The window to try first: what the cursor measured (comments are dense there), else all the way to now.
  let span = cursorSpan ?? Number.POSITIVE_INFINITY;
  for (;;) {
    const window = await wholeWindow(start, nowKey);
    if (!window) {
      // The allowance ran out while halving: a short (maybe empty) page that continues from where it got.
      hasNextPage = true;
      break;
    }
    const after = window.items
      .filter((c) => keyOf(c) > pos.k || (keyOf(c) === pos.k && c.id > pos.last))
      .sort(byKey);
    const checked = await visibleTo(ctx, after, TASK_LOOKUPS - lookups);
    lookups += checked.lookups;
    const visible = new Set(checked.visible);
    for (const comment of after.slice(0, checked.count)) {
      if (visible.has(comment)) {
        if (edges.length >= first) {
          hasNextPage = true;
          break;
        }
        pos = { k: keyOf(comment), last: comment.id };
        edges.push({ node: comment, cursor: encode(pos, comment.id) });
      } else pos = { k: keyOf(comment), last: comment.id };
    }
    if (hasNextPage) break;
    if (checked.count < after.length) {
      // The tickets this page may look up are used up: the page ends at the last comment checked.
      hasNextPage = true;
      break;
    }
    if (window.end >= nowKey) break;
    // Past a whole window: everything up to its end is read (its end second comes again, by id).
    start = window.end;
    if (start > pos.k) pos = { k: start, last: '' };
    if (calls >= MAX_CALLS) {
      // Many comments in a short time: a short page; its endCursor continues where this one stopped.
      hasNextPage = true;
      break;
    }
  }
  // Always a cursor, even on an empty page: a sync keeps one, and with it the scope it was read under.
  const endCursor = encode(pos, pos.last);
  return connectionOf<WrikeComment, Edge<WrikeComment>>(edges, hasNextPage, null, endCursor);

  /**
   * The comments of a window from `from` that Wrike answered whole (fewer than its limit), and where it ends; the
   * window is sized by the density last measured and halved while full. Undefined when the allowance ran out first.
   */
  async function wholeWindow(from: string, to: string): Promise<{ items: WrikeComment[]; end: string } | undefined> {
    let end = Number.isFinite(span) ? minKey(to, wrikeTimestamp(new Date(Date.parse(from) + Math.max(1000, span)))) : to;
    for (;;) {
      if (calls >= MAX_CALLS) return undefined;
      calls++;
      const items = await getCommentsUpdated(ctx.wrike, { start: from, end }, COMMENT_LIMIT);
      const width = Date.parse(end) - Date.parse(from);
      if (items.length < COMMENT_LIMIT) {
        // The next window aims at half a limit of comments at this density (and may grow to twice this one).
        span = items.length === 0 ? width * 4 : Math.min(width * 2, Math.floor((width * COMMENT_LIMIT) / 2 / items.length));
        return { items, end };
      }
      if (width <= 1000) {
        throw userError('UPSTREAM_UNAVAILABLE', `More than ${COMMENT_LIMIT} comments changed in the second ${from}: Wrike's list cannot be read whole there`);
      }
      span = Math.floor(width / 2000) * 1000;
      end = wrikeTimestamp(new Date(Date.parse(from) + span));
    }
  }
}

const minKey = (a: string, b: string) => (a < b ? a : b);

/**
 * Which of `comments` (in feed order) the connection may see: all of them unscoped; limited to some spaces, those on
 * tickets or collections inside. Looks up at most `budget` tickets: `count` is how many comments were checked.
 */
async function visibleTo(
  ctx: GraphQLContext, comments: WrikeComment[], budget: number,
): Promise<{ visible: WrikeComment[]; count: number; lookups: number }> {
  if (!ctx.loaders.scope || comments.length === 0) return { visible: comments, count: comments.length, lookups: 0 };
  const taskIds = new Set<string>();
  let count = 0;
  for (const comment of comments) {
    if (comment.taskId && !taskIds.has(comment.taskId)) {
      if (taskIds.size >= budget) break;
      taskIds.add(comment.taskId);
    }
    count++;
  }
  const checked = comments.slice(0, count);
  const ids = [...taskIds];
  const tasks = await ctx.loaders.tasks.loadMany(ids);
  const liveIds = new Set(ids.filter((_id, k) => {
    const task = tasks[k];
    if (task instanceof Error) throw task;
    return liveTask(task) !== null;
  }));
  const folderIds = [...new Set(checked.flatMap((c) => (c.folderId ? [c.folderId] : [])))];
  const folders = new Set((await Promise.all(folderIds.map(async (id) => ((await folderVisible(ctx, id)) ? id : null)))).filter((id): id is string => id !== null));
  const visible = checked.filter((c) => (c.taskId ? liveIds.has(c.taskId) : c.folderId ? folders.has(c.folderId) : false));
  return { visible, count, lookups: ids.length };
}
