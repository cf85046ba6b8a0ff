import type { TicketDependencyResolvers, TicketResolvers, TicketStatusResolvers } from '../__generated__/resolvers-types';
import { dependencyTypeOf, splitDependencies } from '../../unified/dependency';
import { ticketScalars, ticketStatus, workflowStatuses } from '../../unified/ticket';
import { folderToCollection, isCollectionFolder } from '../../unified/collection';
import { walkAncestors, walkDescendants } from '../../wrike/task-hierarchy';
import { loadAll, taskById, tasksByIds, typedFieldValues, userById, usersByIds, workspaceOfFolders } from '../lookups';
import { taskWith, fullTicket } from '../ticket-source';
import { ticketsByIdPage } from '../ticket-lists';
import { checkPageRequest, connectionFromList, decodeAfter, pageOfList, pageRequestOf, pageSize } from '../pagination';
import { userError } from '../errors';
import { DEFAULT_DESCENDANT_DEPTH, DESCENDANT_NODE_CAP, MAX_DESCENDANT_DEPTH } from '../limits';
import type { GraphQLContext } from '../context';
import { timeLogPage } from '../time-logs';


const loadTasks = (ctx: GraphQLContext) => (ids: string[]) => tasksByIds(ids, ctx.loaders);

/** One dependency's ends, read by id (batched with every other ticket of the request). */
export const TicketDependency: TicketDependencyResolvers = {
  type: (dependency) => dependencyTypeOf(dependency.relationType),
  predecessor: async (dependency, _args, { loaders }) => {
    const task = await taskById(dependency.predecessorId, loaders);
    return task ? fullTicket(task) : null;
  },
  successor: async (dependency, _args, { loaders }) => {
    const task = await taskById(dependency.successorId, loaders);
    return task ? fullTicket(task) : null;
  },
};

export const Ticket: TicketResolvers = {
  __resolveReference: async ({ id }, { loaders }) => {
    const task = await taskById(id, loaders);
    return task ? fullTicket(task) : null;
  },
  id: ({ task }) => task.id,
  dependencies: async (source, _args, { loaders }) => {
    const task = await taskWith(source, 'dependencyIds', loaders);
    const found = (await loadAll(loaders.dependencies, task.dependencyIds ?? [])).filter((d) => d !== null);
    return splitDependencies(task.id, found);
  },
  title: ({ task }) => task.title,
  priority: ({ task }) => ticketScalars(task).priority,
  startDate: ({ task }) => ticketScalars(task).startDate,
  dueDate: ({ task }) => ticketScalars(task).dueDate,
  createdAt: ({ task }) => task.createdDate,
  updatedAt: ({ task }) => task.updatedDate,
  completedAt: ({ task }) => task.completedDate ?? null,
  url: ({ task }) => task.permalink ?? null,
  description: async (source, _args, { loaders }) => (await taskWith(source, 'description', loaders)).description || null,
  status: async ({ task }, _args, { loaders }) => {
    let statuses = workflowStatuses(await loaders.workflows());
    // A status the (cached) workflows do not know: someone added it in Wrike. Read the workflows again, once.
    if (task.customStatusId && !statuses.some((s) => s.id === task.customStatusId)) statuses = workflowStatuses(await loaders.workflows.refresh());
    return ticketStatus(task, statuses);
  },
  createdBy: async (source, _args, { loaders }) => userById((await taskWith(source, 'authorIds', loaders)).authorIds?.[0], loaders),
  assignees: async (source, _args, { loaders }) => usersByIds((await taskWith(source, 'responsibleIds', loaders)).responsibleIds, loaders),
  followers: async (source, _args, { loaders }) => usersByIds((await taskWith(source, 'followerIds', loaders)).followerIds, loaders),
  collections: async (source, _args, { loaders }) => {
    const task = await taskWith(source, 'parentIds', loaders);
    const folders = await loadAll(loaders.folders, task.parentIds ?? []);
    return folders.flatMap((f) => (f && isCollectionFolder(f) ? [folderToCollection(f)] : []));
  },
  workspace: async (source, _args, { loaders }) => {
    // A list object asked for both parentIds and superParentIds when the query selects the workspace.
    const task = await taskWith(source, 'superParentIds', loaders);
    return workspaceOfFolders([...(task.parentIds ?? []), ...(task.superParentIds ?? [])], loaders);
  },
  parents: async (source, _args, ctx) => {
    const task = await taskWith(source, 'superTaskIds', ctx.loaders);
    const parents = await loadTasks(ctx)(task.superTaskIds ?? []);
    return parents.flatMap((p) => (p ? [fullTicket(p)] : []));
  },
  ancestors: async (source, _args, ctx) => {
    const task = await taskWith(source, 'superTaskIds', ctx.loaders);
    return (await walkAncestors(task, loadTasks(ctx))).map(fullTicket);
  },
  hasSubtasks: async (source, _args, { loaders }) => ((await taskWith(source, 'subTaskIds', loaders)).subTaskIds ?? []).length > 0,
  subtasks: async (source, args, ctx) => {
    const task = await taskWith(source, 'subTaskIds', ctx.loaders);
    return ticketsByIdPage(ctx, task.subTaskIds ?? [], args, `ticket:${task.id}:subtasks`);
  },
  descendants: async (source, args, ctx) => {
    const maxDepth = args.maxDepth ?? DEFAULT_DESCENDANT_DEPTH;
    if (!Number.isInteger(maxDepth) || maxDepth < 1 || maxDepth > MAX_DESCENDANT_DEPTH) {
      throw userError('BAD_USER_INPUT', `maxDepth must be between 1 and ${MAX_DESCENDANT_DEPTH}`, { argumentName: 'maxDepth' });
    }
    const root = await taskWith(source, 'subTaskIds', ctx.loaders);
    const request = pageRequestOf(ctx, `ticket:${root.id}:descendants`, args, { maxDepth });
    checkPageRequest(request);
    // The walk stops once it holds the page (after the cursor's node) and one more ticket, to tell hasNextPage.
    const after = decodeAfter(request);
    const first = pageSize(args.first);
    const enough = (nodes: readonly { task: { id: string } }[]) => {
      const at = after ? nodes.findIndex((n) => n.task.id === after.id) : -1;
      return (!after || at >= 0) && nodes.length >= at + 1 + first + 1;
    };
    const walk = await walkDescendants(root, loadTasks(ctx), { maxDepth, nodeCap: DESCENDANT_NODE_CAP, enough });
    const page = connectionFromList(walk.nodes, request, (node) => node.task.id);
    const edges = page.edges.map(({ node, cursor }) => ({ node: fullTicket(node.task), cursor, depth: node.depth, parentId: node.parentId }));
    return { ...page, edges, nodes: edges.map((e) => e.node), truncated: walk.truncated };
  },
  customFields: async (source, _args, { loaders }) => typedFieldValues((await taskWith(source, 'customFields', loaders)).customFields, loaders),
  timeLogs: ({ task }, args, ctx) => timeLogPage(ctx, { ticketIds: [task.id] }, args, `ticket:${task.id}:timeLogs`),
  comments: ({ task }, args, ctx) =>
    pageOfList(pageRequestOf(ctx, `ticket:${task.id}:comments`, args), () => ctx.loaders.taskComments.load(task.id), (c) => c.id),
  attachments: async (source, args, ctx) => {
    const task = await taskWith(source, 'hasAttachments', ctx.loaders);
    // Wrike says whether a task has attachments: one that has none costs no call.
    const load = async () => (task.hasAttachments === false ? [] : ctx.loaders.taskAttachments.load(task.id));
    return pageOfList(pageRequestOf(ctx, `ticket:${task.id}:attachments`, args), load, (a) => a.id);
  },
  remoteData: async (source, _args, { loaders }) => {
    if (source.full) return source.task;
    const task = await loaders.tasks.load(source.task.id);
    if (!task) throw userError('NOT_FOUND', `Ticket '${source.task.id}' no longer exists`);
    return task;
  },
};

export const TicketStatus: TicketStatusResolvers = {
  __resolveReference: async ({ id }, { loaders }) => workflowStatuses(await loaders.workflows()).find((s) => s.id === id) ?? null,
};
