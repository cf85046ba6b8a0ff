import type { TimeLogFilter } from './__generated__/resolvers-types';
import type { TimeLogConnectionModel } from './mappers';
import type { GraphQLContext } from './context';
import { checkPageRequest, connectionFromList, pageRequestOf } from './pagination';
import { userError } from './errors';
import { isWrikeId } from '../wrike/ids';
import { WrikeError } from '../wrike/errors';
import { timelogListKey } from '../wrike/loaders';
import type { WrikeTimelog } from '../wrike/types';
import { requireCollectionInScope, requireWorkspaceInScope, ticketVisible } from './scope';
import { mergeTimeLogs, minutesOf, planTimeLogs, timeLogFilterProblems, totalsByUser } from '../unified/timelog';

/**
 * A page of time logs: the filter checked before any call, the Wrike lists that answer it read whole (once per
 * request each, a ticket's list batched with every other ticket's), merged in a stable order, then paged, with the
 * totals of everything matched.
 */
export async function timeLogPage(
  ctx: GraphQLContext, filter: TimeLogFilter, args: { first?: number | null; after?: string | null }, listKey: string,
): Promise<TimeLogConnectionModel> {
  const [problem] = timeLogFilterProblems(filter, isWrikeId);
  if (problem) throw userError('BAD_USER_INPUT', `filter.${problem.field}: ${problem.message}`, { argumentName: `filter.${problem.field}` });
  const request = pageRequestOf(ctx, listKey, args, filter);
  checkPageRequest(request);
  // A scoped connection: the place named must be inside; tickets outside have no time to show.
  if (filter.workspaceId) requireWorkspaceInScope(ctx, filter.workspaceId, 'filter.workspaceId');
  if (filter.collectionId) await requireCollectionInScope(ctx, filter.collectionId, 'filter.collectionId');
  const scope = ctx.loaders.scope;
  const ticketIds = filter.ticketIds && scope ? await visibleTickets(ctx, filter.ticketIds) : filter.ticketIds;
  const plan = planTimeLogs({ ...filter, ticketIds }, scope ? [...scope] : undefined);
  const lists = await ctx.loaders.timelogLists.loadMany(plan.sources.map((source) => timelogListKey(source, plan.query)));
  const found = lists.map((list, k) => {
    if (!(list instanceof Error)) return list;
    // A ticket that does not exist has no time; any other failure (a missing collection included) is an error.
    if (plan.sources[k]?.kind === 'task' && list instanceof WrikeError && list.kind === 'not_found') return [] as WrikeTimelog[];
    throw list;
  });
  const logs = mergeTimeLogs(found, plan);
  const page = connectionFromList(logs, request, (log) => log.id);
  return { ...page, totalMinutes: logs.reduce((sum, log) => sum + minutesOf(log.hours), 0), byUser: totalsByUser(logs) };
}

async function visibleTickets(ctx: GraphQLContext, ids: readonly string[]): Promise<string[]> {
  const visible = await Promise.all(ids.map((id) => ticketVisible(ctx, id)));
  return ids.filter((_id, k) => visible[k]);
}
