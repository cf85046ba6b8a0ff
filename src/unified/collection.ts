import type { WrikeFolder, WrikeFolderTreeEntry, WrikeSpace } from '../wrike/types';

/** Wrike folder/project → Collection, space → Workspace, and the folder-tree walk to a folder's space. Pure. */

export interface CollectionModel {
  id: string;
  name: string;
  type: 'FOLDER' | 'PROJECT';
  description: string | null;
  url: string | null;
  createdAt: string | null;
  updatedAt: string | null;
  parentIds: string[];
  childIds: string[];
  ownerIds: string[];
  projectStatus: string | null;
  startDate: string | null;
  endDate: string | null;
  folder: WrikeFolder;
}

export function folderToCollection(folder: WrikeFolder): CollectionModel {
  return {
    id: folder.id,
    name: folder.title,
    type: folder.project ? 'PROJECT' : 'FOLDER',
    description: folder.description || null,
    url: folder.permalink ?? null,
    createdAt: folder.createdDate ?? null,
    updatedAt: folder.updatedDate ?? null,
    parentIds: folder.parentIds ?? [],
    childIds: folder.childIds ?? [],
    ownerIds: folder.project?.ownerIds ?? [],
    projectStatus: folder.project ? (folder.project.status ?? 'Custom') : null,
    startDate: folder.project?.startDate ?? null,
    endDate: folder.project?.endDate ?? null,
    folder,
  };
}

/** True for folders that are collections: not the virtual Root or Recycle Bin, not in the bin, not a space. */
export function isCollectionFolder(folder: Pick<WrikeFolder, 'scope' | 'space'>): boolean {
  return folder.scope !== 'WsRoot' && folder.scope !== 'RbRoot' && folder.scope !== 'RbFolder' && folder.space !== true;
}

export interface WorkspaceModel {
  id: string;
  name: string;
  description: string | null;
  isArchived: boolean;
  accessType: string | null;
}

export function spaceToWorkspace(space: WrikeSpace): WorkspaceModel {
  return {
    id: space.id,
    name: space.title,
    description: space.description || null,
    isArchived: space.archived === true,
    accessType: space.accessType ?? null,
  };
}

/** Parent links of the folder tree (the tree lists children; this inverts it). */
export interface FolderIndex {
  parents: Map<string, string[]>;
  entries: Map<string, WrikeFolderTreeEntry>;
}

export function indexFolderTree(tree: WrikeFolderTreeEntry[]): FolderIndex {
  const parents = new Map<string, string[]>();
  const entries = new Map<string, WrikeFolderTreeEntry>();
  for (const entry of tree) {
    entries.set(entry.id, entry);
    for (const child of entry.childIds ?? []) parents.set(child, [...(parents.get(child) ?? []), entry.id]);
  }
  return { parents, entries };
}

/** The space a folder lives in (itself when it is one), walking up the tree; null outside any space. */
export function spaceOfFolder(index: FolderIndex, folderId: string): string | null {
  const seen = new Set<string>();
  let frontier = [folderId];
  while (frontier.length > 0) {
    const next: string[] = [];
    for (const id of frontier) {
      if (seen.has(id)) continue;
      seen.add(id);
      if (index.entries.get(id)?.space) return id;
      next.push(...(index.parents.get(id) ?? []));
    }
    frontier = next;
  }
  return null;
}

/** The collections directly below a folder or space, in the folder tree's order (spaces, Root and Recycle Bin left out). */
export function childCollectionIds(tree: readonly WrikeFolderTreeEntry[], parentId: string): string[] {
  const entries = new Map(tree.map((entry) => [entry.id, entry]));
  return (entries.get(parentId)?.childIds ?? []).filter((id) => {
    const entry = entries.get(id);
    return entry !== undefined && isCollectionFolder(entry);
  });
}
