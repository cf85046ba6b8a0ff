import type { CollectionResolvers, WorkspaceResolvers } from '../__generated__/resolvers-types';
import { childCollectionIds, folderToCollection, isCollectionFolder, type CollectionModel } from '../../unified/collection';
import { loadAll, typedFieldValues, usersByIds, workspaceById, workspaceOfFolders } from '../lookups';
import type { WrikeFolder } from '../../wrike/types';
import type { GraphQLContext } from '../context';
import { checkPageRequest, pageByIds, pageRequestOf } from '../pagination';
import { userError } from '../errors';
import { ticketPage } from '../ticket-lists';

/** Folders as collections: virtual Root, Recycle Bin, deleted folders and spaces are left out. */
export async function collectionById(id: string, { loaders }: GraphQLContext): Promise<CollectionModel | null> {
  const folder = await loaders.folders.load(id);
  return folder && isCollectionFolder(folder) ? folderToCollection(folder) : null;
}

/** Collections by folder id, in order, through the batched folder loader; null for ids that are not collections. */
export async function collectionsByIds(ids: readonly string[], { loaders }: GraphQLContext): Promise<(CollectionModel | null)[]> {
  return (await loadAll(loaders.folders, ids)).map((f) => (f && isCollectionFolder(f) ? folderToCollection(f) : null));
}

/** A folder's full model (list objects lack custom fields). */
async function fullFolder(collection: CollectionModel, { loaders }: GraphQLContext): Promise<WrikeFolder> {
  if (collection.folder.customFields !== undefined) return collection.folder;
  const folder = await loaders.folders.load(collection.id);
  if (!folder) throw userError('NOT_FOUND', `Collection '${collection.id}' no longer exists`);
  return folder;
}

export const Collection: CollectionResolvers = {
  __resolveReference: ({ id }, ctx) => collectionById(id, ctx),
  parent: async (collection, _args, ctx) => {
    const parentId = collection.parentIds[0];
    return parentId ? collectionById(parentId, ctx) : null;
  },
  children: (collection, args, ctx) =>
    pageByIds(pageRequestOf(ctx, `collection:${collection.id}:children`, args), collection.childIds, (ids) => collectionsByIds(ids, ctx)),
  workspace: (collection, _args, { loaders }) => workspaceOfFolders([collection.id], loaders),
  tickets: (collection, args, ctx, info) =>
    ticketPage(ctx, info, { kind: 'folder', id: collection.id }, args, `collection:${collection.id}:tickets`),
  customFields: async (collection, _args, ctx) => typedFieldValues((await fullFolder(collection, ctx)).customFields, ctx.loaders),
  owners: (collection, _args, { loaders }) => usersByIds(collection.ownerIds, loaders),
};

export const Workspace: WorkspaceResolvers = {
  __resolveReference: ({ id }, { loaders }) => workspaceById(id, loaders),
  collections: async (workspace, args, ctx) => {
    const request = pageRequestOf(ctx, `workspace:${workspace.id}:collections`, args);
    checkPageRequest(request);
    // The space's top-level collections from the folder tree (read once per request); only the page is loaded by id.
    const childIds = childCollectionIds(await ctx.loaders.folderTree(), workspace.id);
    return pageByIds(request, childIds, (ids) => collectionsByIds(ids, ctx));
  },
  tickets: (workspace, args, ctx, info) =>
    ticketPage(ctx, info, { kind: 'space', id: workspace.id }, args, `workspace:${workspace.id}:tickets`),
};
