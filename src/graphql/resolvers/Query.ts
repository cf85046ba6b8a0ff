import type { QueryResolvers } from '../__generated__/resolvers-types';
import { getMe } from '../../wrike/endpoints';
import { contactToUser } from '../../unified/user';
import { workflowStatuses } from '../../unified/ticket';
import { collectionIdsIn, spaceToWorkspace, type CollectionScope } from '../../unified/collection';
import { fullTicket } from '../ticket-source';
import { ticketPage } from '../ticket-lists';
import { checkPageRequest, pageByIds, pageOfList, pageRequestOf } from '../pagination';
import { requireId } from '../ids';
import { folderVisible, requireWorkspaceInScope } from '../scope';
import { userError } from '../errors';
import { fieldDefinitions, taskById, userById, workspaceById } from '../lookups';
import { collectionById, collectionsByIds } from './Collection';
import { allGroups, allRoles } from './People';
import { connectionQueries } from './WrikeConnection';
import { eventQueries } from './Events';
import { idQueries } from './Ids';
import { timeLogQueries } from './TimeLog';
import type { GraphQLContext } from '../context';

const page = (ctx: GraphQLContext, listKey: string, args: { first?: number | null; after?: string | null }, filter?: unknown) =>
  pageRequestOf(ctx, listKey, args, filter ?? null);

export const Query: QueryResolvers = {
  me: async (_parent, _args, { wrike, loaders }) => {
    const account = loaders.accountId(); // first: without a connection this throws before any call is made
    const [contact, accountId] = await Promise.all([getMe(wrike), account]);
    if (!contact) return null;
    loaders.contacts.prime(contact.id, contact);
    return contactToUser(contact, accountId);
  },
  ticket: async (_parent, { id }, { loaders }) => {
    const task = await taskById(requireId(id), loaders);
    return task ? fullTicket(task) : null;
  },
  tickets: (_parent, args, ctx, info) => ticketPage(ctx, info, { kind: 'account' }, args, 'tickets'),
  collection: (_parent, { id }, ctx) => collectionById(requireId(id), ctx),
  collections: async (_parent, args, ctx) => {
    const filter = args.filter ?? {};
    if (filter.workspaceId) requireId(filter.workspaceId, 'filter.workspaceId');
    if (filter.parentId) requireId(filter.parentId, 'filter.parentId');
    const request = page(ctx, 'collections', args, filter);
    checkPageRequest(request);
    if (filter.workspaceId) requireWorkspaceInScope(ctx, filter.workspaceId, 'filter.workspaceId');
    if (filter.parentId && !(await folderVisible(ctx, filter.parentId))) throw userError('NOT_FOUND', `No collection '${filter.parentId}'`, { argumentName: 'filter.parentId' });
    const asked: CollectionScope = filter.parentId ? { kind: 'folder', id: filter.parentId }
      : filter.workspaceId ? { kind: 'space', id: filter.workspaceId } : { kind: 'account' };
    // A scoped connection's account is its spaces.
    const scopes: CollectionScope[] = asked.kind === 'account' && ctx.loaders.scope ? [...ctx.loaders.scope].map((id) => ({ kind: 'space', id })) : [asked];
    // The ids come from the folder tree (account metadata, cached); only the page shown is loaded by id.
    const tree = await ctx.loaders.folderTree();
    const ids = [...new Set(scopes.flatMap((scope) => collectionIdsIn(tree, scope, filter.type ?? undefined)))];
    return pageByIds(request, ids, (page) => collectionsByIds(page, ctx));
  },
  workspace: (_parent, { id }, { loaders }) => workspaceById(requireId(id), loaders),
  workspaces: (_parent, args, ctx) =>
    pageOfList(page(ctx, 'workspaces', args), async () => (await ctx.loaders.spaces()).map(spaceToWorkspace), (w) => w.id),
  comment: (_parent, { id }, { loaders }) => loaders.comments.load(requireId(id)),
  attachment: (_parent, { id }, { loaders }) => loaders.attachments.load(requireId(id)),
  field: async (_parent, { id }, { loaders }) => {
    requireId(id);
    return (await fieldDefinitions(loaders)).get(id) ?? null;
  },
  fields: (_parent, args, ctx) =>
    pageOfList(page(ctx, 'fields', args), async () => [...(await fieldDefinitions(ctx.loaders)).values()], (f) => f.id),
  ticketStatuses: async (_parent, _args, { loaders }) => workflowStatuses(await loaders.workflows()),
  user: (_parent, { id }, { loaders }) => userById(requireId(id), loaders),
  users: (_parent, args, ctx) => {
    const includeDeleted = args.filter?.includeDeleted === true;
    const load = async () => {
      const [people, accountId] = await Promise.all([ctx.loaders.people(), ctx.loaders.accountId()]);
      return people.map((contact) => contactToUser(contact, accountId)).filter((u) => includeDeleted || !u.isDeleted);
    };
    return pageOfList(page(ctx, 'users', args, { includeDeleted }), load, (u) => u.id);
  },
  group: async (_parent, { id }, { loaders }) => {
    requireId(id);
    return (await allGroups(loaders)).find((g) => g.id === id) ?? null;
  },
  groups: (_parent, args, ctx) => pageOfList(page(ctx, 'groups', args), () => allGroups(ctx.loaders), (g) => g.id),
  roles: (_parent, _args, { loaders }) => allRoles(loaders),
  ...connectionQueries,
  ...eventQueries,
  ...idQueries,
  ...timeLogQueries,
};
