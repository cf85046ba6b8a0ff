import type { FolderIndex } from './collection';

/**
 * A connection limited to some Wrike spaces: what lies inside them, from the folder tree. Pure. Outside the scope is
 * the same as not existing (the scope must not tell what exists elsewhere).
 */
export type WorkspaceScope = ReadonlySet<string>;

/** Every space a folder belongs to (a folder shared into two spaces is in both), itself when it is one. */
export function spacesOfFolder(index: FolderIndex, folderId: string): string[] {
  const seen = new Set<string>();
  const spaces: string[] = [];
  let frontier = [folderId];
  while (frontier.length > 0) {
    const next: string[] = [];
    for (const id of frontier) {
      if (seen.has(id)) continue;
      seen.add(id);
      if (index.entries.get(id)?.space) spaces.push(id);
      next.push(...(index.parents.get(id) ?? []));
    }
    frontier = next;
  }
  return spaces;
}

export function folderInScope(index: FolderIndex, folderId: string, scope: WorkspaceScope): boolean {
  return spacesOfFolder(index, folderId).some((space) => scope.has(space));
}

/** A task is inside when one of its folders is, its own (`parentIds`) or inherited from its super-tasks. */
export function taskInScope(index: FolderIndex, task: { parentIds?: string[]; superParentIds?: string[] }, scope: WorkspaceScope): boolean {
  return [...(task.parentIds ?? []), ...(task.superParentIds ?? [])].some((folderId) => folderInScope(index, folderId, scope));
}
