import type { GraphQLResolveInfo } from 'graphql';
import { queryTasks, type TaskListField, type TaskScope } from '../wrike/endpoints';
import { ticketFilterToTaskQuery, type TicketFilterInput } from '../unified/ticket-filter';
import { checkPageRequest, connectionFromList, connectionFromUpstream, type Edge } from './pagination';
import { selectedNodeFields } from './selection';
import { listTicket, fullTicket, wrikeFieldsFor, type TicketSource } from './ticket-source';
import type { GraphQLContext } from './context';
import type { TicketConnectionModel } from './models';
import { requireId, requireIds } from './ids';

/**
 * A page of tickets from a Wrike task query (account, folder or space), with the Wrike `fields` chosen from the
 * query's selection and the filter mapped to Wrike's parameters. One Wrike call per page.
 */
export async function ticketPage(
  ctx: GraphQLContext, info: GraphQLResolveInfo, baseScope: TaskScope, filter: TicketFilterInput | null | undefined,
  page: { first?: number | null; after?: string | null }, listKey: string,
): Promise<TicketConnectionModel> {
  if (filter?.collectionId) requireId(filter.collectionId, 'filter.collectionId');
  if (filter?.workspaceId) requireId(filter.workspaceId, 'filter.workspaceId');
  requireIds(filter?.assigneeIds, 'filter.assigneeIds');
  const scope: TaskScope = filter?.collectionId ? { kind: 'folder', id: filter.collectionId }
    : filter?.workspaceId ? { kind: 'space', id: filter.workspaceId } : baseScope;
  const fields = wrikeFieldsFor(selectedNodeFields(info));
  const { query, keep } = ticketFilterToTaskQuery(filter, fields);
  const request = { ...page, listKey, args: { scope, filter }, connectionId: ctx.connectionId, codec: ctx.cursors, meta: fields.join(',') };
  checkPageRequest(request);
  return connectionFromUpstream<TicketSource>(
    request,
    async (token, pageSize, meta) => {
      const envelope = await queryTasks(ctx.wrike, scope, token ? { nextPageToken: token } : { query, pageSize });
      const present = new Set((meta ?? '').split(',').filter(Boolean) as TaskListField[]);
      return {
        items: envelope.data.filter(keep).map((task) => listTicket(task, present)),
        nextPageToken: envelope.nextPageToken,
        total: envelope.responseSize,
      };
    },
    (source) => source.task.id,
  );
}

/** A page of tickets by id (sub-tasks): the ids are paged, then the page is loaded in one batched round. */
export async function ticketsByIdPage(
  ctx: GraphQLContext, ids: string[], page: { first?: number | null; after?: string | null }, listKey: string,
): Promise<TicketConnectionModel> {
  const idPage = connectionFromList(ids, { ...page, listKey, connectionId: ctx.connectionId, codec: ctx.cursors }, (id) => id);
  const tasks = await ctx.loaders.tasks.loadMany(idPage.nodes);
  const edges: Edge<TicketSource>[] = [];
  idPage.edges.forEach((edge, k) => {
    const task = tasks[k];
    if (task && !(task instanceof Error)) edges.push({ node: fullTicket(task), cursor: edge.cursor });
  });
  return { ...idPage, edges, nodes: edges.map((e) => e.node) };
}
