import type { GraphQLResolveInfo } from 'graphql';
import { queryTasks, queryTasksByToken } from '../wrike/endpoints';
import { WrikeError } from '../wrike/errors';
import { orderPhases, type TaskQuery, type TaskScope } from '../wrike/task-query';
import type { WrikeTask } from '../wrike/types';
import { indexFolderTree } from '../unified/collection';
import { taskInScope } from '../unified/scope';
import { wrikeTimestamp } from '../unified/ticket-filter';
import { changeOf, mergeByUpdate } from '../unified/changes';
import { checkPageRequest, pageRequestOf, pageSize } from './pagination';
import { keysetConnection } from './keyset';
import { scopeHash } from './cursor';
import { selectedNodeFields, selectsField } from './selection';
import { listTicket, wrikeFieldsFor } from './ticket-source';
import type { GraphQLContext } from './context';
import type { TicketConnectionModel, TicketTombstoneModel } from './mappers';
import { userError } from './errors';

/**
 * Changes younger than this are not in the feed yet (they come with the next read). Two seconds: a second of Wrike's
 * timestamps, and a second for the clocks of this service and Wrike's to differ.
 */
export const FEED_SETTLE_MS = 2000;

/** Extra tasks asked of Wrike beyond `first`, as for the other ticket lists (ties of one second are common). */
const TIE_SLACK = 25;

/**
 * The change feed: every ticket changed at or after `since`, oldest change first, and a tombstone for every ticket
 * that left the connection's view since then (deleted, or outside its spaces now). Two Wrike task queries a page, in
 * the same order and from the same key: the account's (or the connection's one space's) live tasks, and the Recycle
 * Bin's (a folder whose tasks are the deleted ones, scope RbTask, their updatedDate the time of deletion). They are
 * merged by (updatedDate, id) and walked by key like every ticket list, so creates, edits, moves and deletes between
 * two pages are never skipped: whatever changes after a page was read has a later updatedDate and comes later.
 */
export async function ticketChangesPage(
  ctx: GraphQLContext, info: GraphQLResolveInfo, args: { since: string | Date; first?: number | null; after?: string | null },
): Promise<TicketConnectionModel> {
  // The cursor's list is the one ticketChanges always had, so cursors kept from before tombstones still resume.
  const request = pageRequestOf(ctx, 'ticketChanges', args, {
    scope: { kind: 'account' }, filter: { updatedAfter: args.since, includeSubtasks: true }, order: { field: 'UPDATED_AT', direction: 'ASC' },
  });
  request.scope = scopeHash(ctx.loaders.scope);
  checkPageRequest(request);
  const since = wrikeTimestamp(args.since);
  const spaces = ctx.loaders.scope;
  const folderTree = await ctx.loaders.folderTree();
  const bin = folderTree.find((entry) => entry.scope === 'RbRoot');
  if (!bin) throw userError('UPSTREAM_UNAVAILABLE', 'Wrike\'s folder tree has no Recycle Bin: deletions cannot be read');
  const index = spaces ? indexFolderTree(folderTree) : undefined;
  const selected = wrikeFieldsFor(selectedNodeFields(info));
  // A connection limited to some spaces reads the whole account, to see the tickets that left them.
  const fields = spaces ? [...new Set([...selected, 'parentIds' as const, 'superParentIds' as const])] : selected;
  const [phase] = orderPhases('UPDATED_AT', 'ASC');
  if (!phase) throw new Error('UPDATED_AT has one phase');
  // The last seconds are left for the next read: Wrike's times are whole seconds, and a ticket changed again within
  // the second a cursor has passed would keep its key and be skipped.
  const settled = wrikeTimestamp(new Date(Date.now() - FEED_SETTLE_MS));
  const query: TaskQuery = { updatedDate: { start: since, end: settled }, subTasks: true, fields };
  const binScope: TaskScope = { kind: 'folder', id: bin.id };

  const page = await keysetConnection<WrikeTask>(request, {
    phases: 1,
    keyOf: (_phase, task) => task.updatedDate,
    idOf: (task) => task.id,
    fetch: async (_phase, key, size) => {
      const resumed = { ...phase.resume(query, key), sortField: phase.sortField, sortOrder: phase.sortOrder };
      const [live, deleted] = await Promise.all([
        queryTasks(ctx.wrike, { kind: 'account' }, resumed, size),
        queryTasks(ctx.wrike, binScope, { ...resumed, fields: undefined }, size),
      ]);
      const merged = mergeByUpdate([
        { items: live.data, more: Boolean(live.nextPageToken) },
        { items: deleted.data, more: Boolean(deleted.nextPageToken) },
      ]);
      return { ...merged, total: sum(live.responseSize, deleted.responseSize) };
    },
    // More than a page of changes in one second (a bulk edit): that second's live tasks by Wrike's page token, then
    // its deleted ones. The token ('l:'/'b:' and Wrike's own) rides in the cursor.
    walkTie: async (_phase, key, token, size) => {
      const tie: TaskQuery = { ...query, updatedDate: { start: key, end: key }, sortField: phase.sortField, sortOrder: phase.sortOrder };
      const page = (scope: TaskScope, q: TaskQuery, wrikeToken: string | undefined) => queryTasksByToken(ctx.wrike, scope, q, size, wrikeToken)
        .catch((error: unknown) => {
          if (wrikeToken !== undefined && error instanceof WrikeError && error.kind === 'bad_request') {
            throw userError('CHANGES_EXPIRED', `This cursor's place in the changes of ${key} has expired at Wrike: read the feed again from since: "${key}"`);
          }
          throw error;
        });
      const binPage = async (wrikeToken: string | undefined) => {
        const deleted = await page(binScope, { ...tie, fields: undefined }, wrikeToken);
        return { items: deleted.data, next: deleted.nextPageToken ? `b:${deleted.nextPageToken}` : undefined };
      };
      if (token?.startsWith('b:')) return binPage(token.slice(2) || undefined);
      const live = await page({ kind: 'account' }, tie, token?.slice(2));
      if (live.nextPageToken) return { items: live.data, next: `l:${live.nextPageToken}` };
      const deleted = await binPage(undefined);
      return { items: [...live.data, ...deleted.items], next: deleted.next };
    },
    keyAfter: (_phase, key) => wrikeTimestamp(new Date(new Date(key).getTime() + 1000)),
  }, { pageSize: Math.min(1000, pageSize(args.first) + 1 + TIE_SLACK), maxPages: 3, cursorWhenEmpty: true });

  // The count of the whole feed (tickets and tombstones): free on a first page, two calls of one task later on.
  let totalCount: number | null = null;
  if (selectsField(info, 'totalCount')) {
    if (page.totalFromStart !== undefined) totalCount = page.totalFromStart;
    else {
      const [live, deleted] = await Promise.all([
        queryTasks(ctx.wrike, { kind: 'account' }, { ...query, fields: undefined }, 1),
        queryTasks(ctx.wrike, binScope, { ...query, fields: undefined }, 1),
      ]);
      totalCount = sum(live.responseSize, deleted.responseSize) ?? null;
    }
  }
  const present = new Set(fields);
  const edges: TicketConnectionModel['edges'] = [];
  const tombstones: TicketTombstoneModel[] = [];
  for (const edge of page.edges) {
    const change = changeOf(edge.node, !spaces || !index || taskInScope(index, edge.node, spaces));
    if (change.kind === 'ticket') edges.push({ node: listTicket(change.task, present), cursor: edge.cursor });
    else tombstones.push({ ...change.tombstone, cursor: edge.cursor });
  }
  return { edges, nodes: edges.map((e) => e.node), pageInfo: page.pageInfo, totalCount, tombstones };
}

function sum(a: number | undefined, b: number | undefined): number | undefined {
  return typeof a === 'number' && typeof b === 'number' ? a + b : undefined;
}
