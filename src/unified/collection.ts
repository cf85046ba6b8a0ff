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

/** Every folder above a folder (all its parents' parents, each once), walking up the tree. */
export function ancestorsOf(index: FolderIndex, folderId: string): string[] {
  const seen = new Set<string>([folderId]);
  const out: string[] = [];
  let frontier = [folderId];
  while (frontier.length > 0) {
    const next: string[] = [];
    for (const id of frontier) {
      for (const parent of index.parents.get(id) ?? []) {
        if (seen.has(parent)) continue;
        seen.add(parent);
        out.push(parent);
        next.push(parent);
      }
    }
    frontier = next;
  }
  return out;
}

/** Every space a folder belongs to (a folder shared into two spaces is in both), itself when it is one, nearest first. */
export function spacesOfFolder(index: FolderIndex, folderId: string): string[] {
  return [folderId, ...ancestorsOf(index, folderId)].filter((id) => index.entries.get(id)?.space === true);
}

/** The space a folder lives in (itself when it is one), the nearest walking up the tree; null outside any space. */
export function spaceOfFolder(index: FolderIndex, folderId: string): string | null {
  return spacesOfFolder(index, folderId)[0] ?? null;
}

/** The collections directly below a folder or space, in the folder tree's order (spaces, Root and Recycle Bin left out). */
export function childCollectionIds(tree: readonly WrikeFolderTreeEntry[], parentId: string): string[] {
  const entries = new Map(tree.map((entry) => [entry.id, entry]));
  return (entries.get(parentId)?.childIds ?? []).filter((id) => {
    const entry = entries.get(id);
    return entry !== undefined && isCollectionFolder(entry);
  });
}

/** Where a collections list looks: the whole account, every collection of a space, or directly below a folder. */
export type CollectionScope = { kind: 'account' } | { kind: 'space'; id: string } | { kind: 'folder'; id: string };

/**
 * The collections of a scope, from the folder tree alone: a folder's direct children, or every collection below a
 * space or the account's root (depth first, each once however many parents it has), optionally projects or plain
 * folders only. The tree's own entry for the scope, spaces, Root and Recycle Bin are never collections here.
 * Only ids: the caller loads the page it shows by id (tree entries are slim in Wrike's "folder tree" mode).
 */
export function collectionIdsIn(tree: readonly WrikeFolderTreeEntry[], scope: CollectionScope, type?: 'PROJECT' | 'FOLDER'): string[] {
  const entries = new Map(tree.map((entry) => [entry.id, entry]));
  const wanted = (entry: WrikeFolderTreeEntry | undefined): entry is WrikeFolderTreeEntry =>
    entry !== undefined && isCollectionFolder(entry) && (type === undefined || (type === 'PROJECT') === (entry.project !== undefined));
  if (scope.kind === 'folder') return childCollectionIds(tree, scope.id).filter((id) => wanted(entries.get(id)));
  const rootId = scope.kind === 'space' ? scope.id : tree.find((entry) => entry.scope === 'WsRoot')?.id;
  if (rootId === undefined) return [];
  const out: string[] = [];
  const seen = new Set<string>([rootId]);
  const visit = (id: string) => {
    for (const child of entries.get(id)?.childIds ?? []) {
      if (seen.has(child)) continue;
      seen.add(child);
      const entry = entries.get(child);
      if (wanted(entry)) out.push(child);
      // Below the root, spaces are walked too (their collections are the account's); the Recycle Bin never is.
      if (entry && entry.scope !== 'RbRoot' && entry.scope !== 'RbFolder') visit(child);
    }
  };
  visit(rootId);
  return out;
}
