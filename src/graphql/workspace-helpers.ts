import type { WrikeLoaders } from '../wrike/loaders';
import { indexFolderTree, spaceOfFolder, spaceToWorkspace, type WorkspaceModel } from '../unified/collection';

/** A workspace by its space id, from the request's spaces list (fetched once per request). */
export async function workspaceById(id: string, loaders: WrikeLoaders): Promise<WorkspaceModel | null> {
  const space = (await loaders.spaces()).find((s) => s.id === id);
  return space ? spaceToWorkspace(space) : null;
}

/** The workspace the first of these folders that lies in a space belongs to, found through the folder tree. */
export async function workspaceOfFolders(folderIds: readonly string[], loaders: WrikeLoaders): Promise<WorkspaceModel | null> {
  if (folderIds.length === 0) return null;
  const [tree, spaces] = await Promise.all([loaders.folderTree(), loaders.spaces()]);
  const index = indexFolderTree(tree);
  const spaceId = folderIds.map((id) => spaceOfFolder(index, id)).find((id) => id !== null);
  const space = spaceId ? spaces.find((s) => s.id === spaceId) : undefined;
  return space ? spaceToWorkspace(space) : null;
}
