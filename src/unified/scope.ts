import { indexFolderTree, spacesOfFolder, type FolderIndex } from './collection';
import type { FolderTreeScope, LoaderScope } from '../wrike/loaders';
import type { WrikeFolderTreeEntry } from '../wrike/types';

/**
 * A connection limited to some Wrike spaces: what lies inside them, from the folder tree. Pure. Outside the scope is
 * the same as not existing (the scope must not tell what exists elsewhere).
 */
export type WorkspaceScope = ReadonlySet<string>;

export function folderInScope(index: FolderIndex, folderId: string, scope: WorkspaceScope): boolean {
  return spacesOfFolder(index, folderId).some((space) => scope.has(space));
}

/** A task is inside when one of its folders is, its own (`parentIds`) or inherited from its super-tasks. */
export function taskInScope(index: FolderIndex, task: { parentIds?: string[]; superParentIds?: string[] }, scope: WorkspaceScope): boolean {
  return [...(task.parentIds ?? []), ...(task.superParentIds ?? [])].some((folderId) => folderInScope(index, folderId, scope));
}

/** The scope rules as the loaders apply them (src/wrike/loaders.ts takes them from here, through src/graphql). */
export function loaderScope(spaces: WorkspaceScope): LoaderScope {
  return {
    spaces,
    over: (tree: WrikeFolderTreeEntry[]): FolderTreeScope => {
      const index = indexFolderTree(tree);
      return {
        has: (folderId) => index.entries.has(folderId),
        folderInside: (folderId) => folderInScope(index, folderId, spaces),
        taskInside: (task) => taskInScope(index, task, spaces),
      };
    },
  };
}
