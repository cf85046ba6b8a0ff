import type { GraphQLResolveInfo } from 'graphql';
import { queryTasks, queryTasksByToken } from '../wrike/endpoints';
import { WrikeError } from '../wrike/errors';
import { orderPhases, type TaskOrderDirection, type TaskOrderField, type TaskQuery, type TaskScope } from '../wrike/task-query';
import type { WrikeTask } from '../wrike/types';
import { ticketFilterToTaskQuery, type TicketFilterInput } from '../unified/ticket-filter';
import { checkPageRequest, pageByIds, pageRequestOf, pageSize } from './pagination';
import { keysetConnection } from './keyset';
import { selectedNodeFields, selectsField } from './selection';
import { listTicket, fullTicket, wrikeFieldsFor } from './ticket-source';
import { tasksByIds } from './lookups';
import type { GraphQLContext } from './context';
import { userError } from './errors';
import type { TicketConnectionModel } from './mappers';
import { requireId, requireIds } from './ids';
import { requireCollectionInScope, requireWorkspaceInScope, scopedTaskList } from './scope';

export interface TicketOrderInput {
  field: TaskOrderField;
  direction: TaskOrderDirection;
}

/** Newest first, by creation: stable, since a ticket's creation time never changes. */
export const DEFAULT_TICKET_ORDER: TicketOrderInput = { field: 'CREATED_AT', direction: 'DESC' };

/**
 * Extra tasks asked of Wrike beyond `first`, so that a page cut inside a tie of sort keys (held back, see keyset.ts)
 * still fills in one call: imports and seeds create tickets a dozen to the same second.
 */
const TIE_SLACK = 25;
/** A filter Wrike cannot apply (two of three priorities) scans pages of this size, at most this many per request. */
export const SCAN_PAGE_SIZE = 200;
export const SCAN_MAX_PAGES = 5;

/**
 * A page of tickets from a Wrike task query (account, folder or space): the Wrike `fields` chosen from the query's
 * selection, the filter mapped to Wrike's parameters, an explicit order, keyset cursors. One Wrike call per page
 * (a bounded scan when Wrike cannot filter), plus exact counts when `totalCount` is selected and Wrike's answer to
 * the page is not already the count.
 */
export async function ticketPage(
  ctx: GraphQLContext, info: GraphQLResolveInfo, baseScope: TaskScope,
  args: { filter?: TicketFilterInput | null; orderBy?: TicketOrderInput | null; first?: number | null; after?: string | null },
  listKey: string,
): Promise<TicketConnectionModel> {
  const { filter } = args;
  if (filter?.collectionId) requireId(filter.collectionId, 'filter.collectionId');
  if (filter?.workspaceId) requireId(filter.workspaceId, 'filter.workspaceId');
  requireIds(filter?.assigneeIds, 'filter.assigneeIds');
  const order = args.orderBy ?? DEFAULT_TICKET_ORDER;
  const requested: TaskScope = filter?.collectionId ? { kind: 'folder', id: filter.collectionId }
    : filter?.workspaceId ? { kind: 'space', id: filter.workspaceId } : baseScope;
  const request = pageRequestOf(ctx, listKey, args, { scope: requested, filter, order });
  checkPageRequest(request);
  // A scoped connection: what the filter names must be inside; the whole account narrows to its spaces.
  if (filter?.collectionId) await requireCollectionInScope(ctx, filter.collectionId, 'filter.collectionId');
  if (filter?.workspaceId) requireWorkspaceInScope(ctx, filter.workspaceId, 'filter.workspaceId');
  const scoped = await scopedTaskList(ctx, requested);
  const { scope } = scoped;
  const selected = wrikeFieldsFor(selectedNodeFields(info));
  const fields = scoped.keep ? [...new Set([...selected, 'parentIds' as const, 'superParentIds' as const])] : selected;
  const mapped = ticketFilterToTaskQuery(filter, fields);
  const { query, countImportances } = mapped;
  const keep = both(mapped.keep, scoped.keep);
  const phases = orderPhases(order.field, order.direction);
  const present = new Set(fields);

  // An exact count: Wrike's total for the unfiltered query (once per importance when Wrike cannot filter them).
  const wantsCount = selectsField(info, 'totalCount');
  const countSeparately = wantsCount && (keep !== undefined || Boolean(args.after) || phases.length > 1);
  const count = !countSeparately ? undefined
    : scoped.countSpaces ? sumCounts(scoped.countSpaces.map((id) => countTasks(ctx, { kind: 'space', id }, query, countImportances)))
      : countTasks(ctx, scope, query, countImportances);
  // Started beside the page: if the page fails first, the count is never awaited, and must not be an unhandled rejection.
  count?.catch(() => undefined);

  const page = await keysetConnection<WrikeTask>(request, {
    phases: phases.length,
    keyOf: (phase, task) => (phases[phase] as (typeof phases)[number]).keyOf(task),
    idOf: (task) => task.id,
    keep,
    fetch: async (phase, key, pageSize) => {
      const shape = phases[phase] as (typeof phases)[number];
      const envelope = await queryTasks(ctx.wrike, scope, { ...shape.resume(query, key), sortField: shape.sortField, sortOrder: shape.sortOrder }, pageSize);
      return { items: envelope.data, more: Boolean(envelope.nextPageToken), total: envelope.responseSize };
    },
    // More than a page of tickets at one key: that key's tickets by Wrike's page token (carried in the cursor).
    walkTie: async (phase, key, token, pageSize) => {
      const shape = phases[phase] as (typeof phases)[number];
      const tie = { ...shape.at(query, key), sortField: shape.sortField, sortOrder: shape.sortOrder };
      const envelope = await queryTasksByToken(ctx.wrike, scope, tie, pageSize, token).catch((error: unknown) => {
        if (token !== undefined && error instanceof WrikeError && error.kind === 'bad_request') {
          throw userError('BAD_USER_INPUT', 'This cursor\'s place among the tickets sharing one sort key has expired at Wrike: read the list again', { argumentName: 'after' });
        }
        throw error;
      });
      return { items: envelope.data, next: envelope.nextPageToken };
    },
    keyAfter: (phase, key) => (phases[phase] as (typeof phases)[number]).keyAfter(key),
  }, keep ? { pageSize: SCAN_PAGE_SIZE, maxPages: SCAN_MAX_PAGES } : { pageSize: Math.min(1000, pageSize(args.first) + 1 + TIE_SLACK), maxPages: 3 });

  const edges = page.edges.map((edge) => ({ node: listTicket(edge.node, present), cursor: edge.cursor }));
  const totalCount = !wantsCount ? null : count ? await count : (page.totalFromStart ?? null);
  return { edges, nodes: edges.map((e) => e.node), pageInfo: page.pageInfo, totalCount };
}

/** Both predicates (either may be absent). */
function both<T>(a: ((item: T) => boolean) | undefined, b: ((item: T) => boolean) | undefined): ((item: T) => boolean) | undefined {
  if (!a || !b) return a ?? b;
  return (item) => a(item) && b(item);
}

/** Counts added up; null when any is unknown. */
async function sumCounts(counts: Promise<number | null>[]): Promise<number | null> {
  const sizes = await Promise.all(counts);
  return sizes.every((size): size is number => size !== null) ? sizes.reduce((a, b) => a + b, 0) : null;
}

/** Wrike's responseSize for the query (pageSize 1), summed over importances when several are wanted; null when absent. */
async function countTasks(ctx: GraphQLContext, scope: TaskScope, query: TaskQuery, importances: TaskQuery['importance'][] | undefined): Promise<number | null> {
  const base: TaskQuery = { ...query, fields: undefined };
  const queries = importances ? importances.map((importance) => ({ ...base, importance })) : [base];
  const sizes = await Promise.all(queries.map(async (q) => (await queryTasks(ctx.wrike, scope, q, 1)).responseSize));
  return sizes.every((size): size is number => typeof size === 'number') ? sizes.reduce((a, b) => a + b, 0) : null;
}

/**
 * A page of tickets by id (sub-tasks): the ids are paged, then the page is loaded in one batched round. A failed
 * load fails the field; unknown and deleted tickets are left out.
 */
export async function ticketsByIdPage(
  ctx: GraphQLContext, ids: string[], page: { first?: number | null; after?: string | null }, listKey: string,
): Promise<TicketConnectionModel> {
  return pageByIds(pageRequestOf(ctx, listKey, page), ids, async (pageIds) =>
    (await tasksByIds(pageIds, ctx.loaders)).map((task) => (task ? fullTicket(task) : null)));
}
