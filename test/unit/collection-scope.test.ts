import { collectionIdsIn } from '../../src/unified/collection';
import type { WrikeFolderTreeEntry } from '../../src/wrike/types';

/** Root → space S → A (→ B, a project) and C (→ A again: a folder with two parents); Root → D; Recycle Bin → E. */
const tree: WrikeFolderTreeEntry[] = [
  { id: 'ROOT', title: 'Root', scope: 'WsRoot', childIds: ['S', 'D'] },
  { id: 'BIN', title: 'Recycle Bin', scope: 'RbRoot', childIds: ['E'] },
  { id: 'S', title: 'Space', scope: 'WsFolder', space: true, childIds: ['A', 'C'] },
  { id: 'A', title: 'A', scope: 'WsFolder', childIds: ['B'] },
  { id: 'B', title: 'B', scope: 'WsFolder', childIds: [], project: { authorId: 'U', ownerIds: [], status: 'Green' } as never },
  { id: 'C', title: 'C', scope: 'WsFolder', childIds: ['A'] },
  { id: 'D', title: 'D', scope: 'WsFolder', childIds: [] },
  { id: 'E', title: 'E', scope: 'RbFolder', childIds: [] },
];

describe('collectionIdsIn', () => {
  it('lists every collection of the account once, depth first, without spaces, Root or the Recycle Bin', () => {
    expect(collectionIdsIn(tree, { kind: 'account' })).toEqual(['A', 'B', 'C', 'D']);
  });

  it('lists a space\'s collections, never the space itself', () => {
    expect(collectionIdsIn(tree, { kind: 'space', id: 'S' })).toEqual(['A', 'B', 'C']);
  });

  it('lists a folder\'s direct children only', () => {
    expect(collectionIdsIn(tree, { kind: 'folder', id: 'S' })).toEqual(['A', 'C']);
    expect(collectionIdsIn(tree, { kind: 'folder', id: 'C' })).toEqual(['A']);
  });

  it('keeps projects or plain folders only when asked', () => {
    expect(collectionIdsIn(tree, { kind: 'account' }, 'PROJECT')).toEqual(['B']);
    expect(collectionIdsIn(tree, { kind: 'space', id: 'S' }, 'FOLDER')).toEqual(['A', 'C']);
  });

  it('gives nothing for a scope the tree does not hold', () => {
    expect(collectionIdsIn(tree, { kind: 'space', id: 'NOPE' })).toEqual([]);
    expect(collectionIdsIn([], { kind: 'account' })).toEqual([]);
  });
});
