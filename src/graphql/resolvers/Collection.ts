import type { CollectionResolvers, WorkspaceResolvers } from '../__generated__/resolvers-types';
import { folderToCollection, isCollectionFolder, type CollectionModel } from '../../unified/collection';
import { workspaceById, workspaceOfFolders } from '../workspace-helpers';
import { listFolders } from '../../wrike/endpoints';
import type { WrikeFolder } from '../../wrike/types';
import type { GraphQLContext } from '../context';
import { pageOfList } from '../pagination';
import { ticketPage } from '../ticket-lists';
import { usersByIds } from '../people-helpers';
import { typedFieldValues } from '../field-helpers';

/** Folders as collections: virtual Root, Recycle Bin, deleted folders and spaces are left out. */
export function collectionsOf(folders: WrikeFolder[]): CollectionModel[] {
  return folders.filter(isCollectionFolder).map(folderToCollection);
}

export async function collectionById(id: string, { loaders }: GraphQLContext): Promise<CollectionModel | null> {
  const folder = await loaders.folders.load(id);
  return folder && isCollectionFolder(folder) ? folderToCollection(folder) : null;
}

/** A folder's full model (list objects lack custom fields). */
async function fullFolder(collection: CollectionModel, { loaders }: GraphQLContext): Promise<WrikeFolder> {
  return collection.folder.customFields !== undefined ? collection.folder : ((await loaders.folders.load(collection.id)) ?? collection.folder);
}

export const Collection: CollectionResolvers = {
  __resolveReference: ({ id }, ctx) => collectionById(id, ctx),
  parent: async (collection, _args, ctx) => {
    const parentId = collection.parentIds[0];
    return parentId ? collectionById(parentId, ctx) : null;
  },
  children: (collection, args, ctx) =>
    pageOfList(
      { ...args, listKey: `collection:${collection.id}:children`, connectionId: ctx.connectionId, codec: ctx.cursors },
      async () => collectionsOf(await listFolders(ctx.wrike, { kind: 'folder', id: collection.id }, { descendants: false })),
      (c) => c.id,
    ),
  workspace: (collection, _args, { loaders }) => workspaceOfFolders([collection.id], loaders),
  tickets: (collection, args, ctx, info) =>
    ticketPage(ctx, info, { kind: 'folder', id: collection.id }, args.filter, args, `collection:${collection.id}:tickets`),
  customFields: async (collection, _args, ctx) => typedFieldValues((await fullFolder(collection, ctx)).customFields, ctx.loaders),
  owners: (collection, _args, { loaders }) => usersByIds(collection.ownerIds, loaders),
};

export const Workspace: WorkspaceResolvers = {
  __resolveReference: ({ id }, { loaders }) => workspaceById(id, loaders),
  collections: (workspace, args, ctx) =>
    pageOfList(
      { ...args, listKey: `workspace:${workspace.id}:collections`, connectionId: ctx.connectionId, codec: ctx.cursors },
      async () => collectionsOf(await listFolders(ctx.wrike, { kind: 'space', id: workspace.id }, { descendants: false })),
      (c) => c.id,
    ),
  tickets: (workspace, args, ctx, info) =>
    ticketPage(ctx, info, { kind: 'space', id: workspace.id }, args.filter, args, `workspace:${workspace.id}:tickets`),
};
