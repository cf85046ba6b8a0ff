import type { TicketResolvers, TicketStatusResolvers } from '../__generated__/resolvers-types';
import { ticketScalars, ticketStatus, workflowStatuses } from '../../unified/ticket';
import { folderToCollection, isCollectionFolder } from '../../unified/collection';
import { workspaceOfFolders } from '../workspace-helpers';
import { walkAncestors, walkDescendants } from '../../unified/hierarchy';
import { taskWith, fullTicket } from '../ticket-source';
import { ticketsByIdPage } from '../ticket-lists';
import { usersByIds, userById } from '../people-helpers';
import { typedFieldValues } from '../field-helpers';
import { checkPageRequest, connectionFromList, pageOfList } from '../pagination';
import { userError } from '../errors';
import type { WrikeLoaders } from '../../wrike/loaders';
import type { WrikeTask } from '../../wrike/types';

/** Descendant walks stop at this many tickets; it is part of the query's cost. */
export const DESCENDANT_NODE_CAP = 5000;
const MAX_DESCENDANT_DEPTH = 20;

const loadTasks = (loaders: WrikeLoaders) => async (ids: string[]) =>
  (await loaders.tasks.loadMany(ids)).map((t) => (t instanceof Error ? null : t));

export const Ticket: TicketResolvers = {
  __resolveReference: async ({ id }, { loaders }) => {
    const task = await loaders.tasks.load(id);
    return task ? fullTicket(task) : null;
  },
  id: ({ task }) => task.id,
  title: ({ task }) => task.title,
  priority: ({ task }) => ticketScalars(task).priority,
  startDate: ({ task }) => ticketScalars(task).startDate,
  dueDate: ({ task }) => ticketScalars(task).dueDate,
  createdAt: ({ task }) => task.createdDate,
  updatedAt: ({ task }) => task.updatedDate,
  completedAt: ({ task }) => task.completedDate ?? null,
  url: ({ task }) => task.permalink ?? null,
  description: async (source, _args, { loaders }) => (await taskWith(source, 'description', loaders)).description || null,
  status: async ({ task }, _args, { loaders }) => ticketStatus(task, workflowStatuses(await loaders.workflows())),
  createdBy: async (source, _args, { loaders }) => userById((await taskWith(source, 'authorIds', loaders)).authorIds?.[0], loaders),
  assignees: async (source, _args, { loaders }) => usersByIds((await taskWith(source, 'responsibleIds', loaders)).responsibleIds, loaders),
  followers: async (source, _args, { loaders }) => usersByIds((await taskWith(source, 'followerIds', loaders)).followerIds, loaders),
  collections: async (source, _args, { loaders }) => {
    const task = await taskWith(source, 'parentIds', loaders);
    const folders = await loaders.folders.loadMany(task.parentIds ?? []);
    return folders.flatMap((f) => (f && !(f instanceof Error) && isCollectionFolder(f) ? [folderToCollection(f)] : []));
  },
  workspace: async (source, _args, { loaders }) => {
    // A list object asked for both parentIds and superParentIds when the query selects the workspace.
    const task = await taskWith(source, 'superParentIds', loaders);
    return workspaceOfFolders([...(task.parentIds ?? []), ...(task.superParentIds ?? [])], loaders);
  },
  parents: async (source, _args, { loaders }) => {
    const task = await taskWith(source, 'superTaskIds', loaders);
    const parents = await loadTasks(loaders)(task.superTaskIds ?? []);
    return parents.flatMap((p) => (p ? [fullTicket(p)] : []));
  },
  ancestors: async (source, _args, { loaders }) => {
    const task = await taskWith(source, 'superTaskIds', loaders);
    return (await walkAncestors(task, loadTasks(loaders))).map(fullTicket);
  },
  hasSubtasks: async (source, _args, { loaders }) => ((await taskWith(source, 'subTaskIds', loaders)).subTaskIds ?? []).length > 0,
  subtasks: async (source, args, ctx) => {
    const task = await taskWith(source, 'subTaskIds', ctx.loaders);
    return ticketsByIdPage(ctx, task.subTaskIds ?? [], args, `ticket:${task.id}:subtasks`);
  },
  descendants: async (source, args, ctx) => {
    const maxDepth = args.maxDepth ?? 10;
    if (!Number.isInteger(maxDepth) || maxDepth < 1 || maxDepth > MAX_DESCENDANT_DEPTH) {
      throw userError('BAD_USER_INPUT', `maxDepth must be between 1 and ${MAX_DESCENDANT_DEPTH}`, { argumentName: 'maxDepth' });
    }
    const root: WrikeTask = await taskWith(source, 'subTaskIds', ctx.loaders);
    const request = { first: args.first, after: args.after, listKey: `ticket:${root.id}:descendants`, args: { maxDepth }, connectionId: ctx.connectionId, codec: ctx.cursors };
    checkPageRequest(request);
    const walk = await walkDescendants(root, loadTasks(ctx.loaders), maxDepth, DESCENDANT_NODE_CAP);
    const page = connectionFromList(walk.nodes, request, (node) => node.task.id);
    const edges = page.edges.map(({ node, cursor }) => ({ node: fullTicket(node.task), cursor, depth: node.depth, parentId: node.parentId }));
    return { ...page, edges, nodes: edges.map((e) => e.node), truncated: walk.truncated };
  },
  customFields: async (source, _args, { loaders }) => typedFieldValues((await taskWith(source, 'customFields', loaders)).customFields, loaders),
  comments: ({ task }, args, ctx) =>
    pageOfList({ ...args, listKey: `ticket:${task.id}:comments`, connectionId: ctx.connectionId, codec: ctx.cursors }, () => ctx.loaders.taskComments.load(task.id), (c) => c.id),
  attachments: ({ task }, args, ctx) =>
    pageOfList({ ...args, listKey: `ticket:${task.id}:attachments`, connectionId: ctx.connectionId, codec: ctx.cursors }, () => ctx.loaders.taskAttachments.load(task.id), (a) => a.id),
  remoteData: async (source, _args, { loaders }) => (source.full ? source.task : ((await loaders.tasks.load(source.task.id)) ?? source.task)),
};

export const TicketStatus: TicketStatusResolvers = {
  __resolveReference: async ({ id }, { loaders }) => workflowStatuses(await loaders.workflows()).find((s) => s.id === id) ?? null,
};
