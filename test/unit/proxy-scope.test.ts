import { idsInPathTail, proxyScopeCheck } from '../../src/http/proxy-scope';
import { folderInScope, taskInScope } from '../../src/unified/scope';
import { indexFolderTree, spacesOfFolder } from '../../src/unified/collection';

describe('what a proxied path names, for a scoped connection', () => {
  it('names the ids of entity paths and their sub-paths', () => {
    expect(proxyScopeCheck('/tasks/A,B')).toEqual({ kind: 'names', entity: 'task', ids: ['A', 'B'] });
    expect(proxyScopeCheck('/folders/F/tasks')).toEqual({ kind: 'names', entity: 'folder', ids: ['F'] });
    expect(proxyScopeCheck('/spaces/S/folders')).toEqual({ kind: 'names', entity: 'space', ids: ['S'] });
    expect(proxyScopeCheck('/dependencies/D')).toEqual({ kind: 'names', entity: 'dependency', ids: ['D'] });
  });

  it('finds ids deeper in a path, not its resource words', () => {
    expect(idsInPathTail('/tasks/IEAGAABKKQAAAAAA/attachments')).toEqual([]);
    expect(idsInPathTail('/tasks/A/dependencies/IEAGAABKKQAAAAAB,MAAAAAEabcde')).toEqual(['IEAGAABKKQAAAAAB', 'MAAAAAEabcde']);
  });

  it('lets account data that is in no space through, and refuses account-wide lists it cannot filter', () => {
    for (const path of ['/contacts', '/contacts/U', '/users/U', '/groups', '/account', '/workflows', '/customfields', '/timelog_categories']) {
      expect([path, proxyScopeCheck(path).kind]).toEqual([path, 'directory']);
    }
    for (const path of ['/tasks', '/folders', '/spaces', '/timelogs', '/comments', '/webhooks', '/ids', '/contacts/U/timelogs', '/timelog_categories/C/timelogs', '/approvals']) {
      expect([path, proxyScopeCheck(path).kind]).toEqual([path, 'refused']);
    }
  });
});

describe('what lies inside a scope', () => {
  const index = indexFolderTree([
    { id: 'ROOT', title: 'Root', scope: 'WsRoot', childIds: ['S1', 'S2'] },
    { id: 'S1', title: 'One', scope: 'WsFolder', space: true, childIds: ['F1', 'SHARED'] },
    { id: 'S2', title: 'Two', scope: 'WsFolder', space: true, childIds: ['F2', 'SHARED'] },
    { id: 'F1', title: 'F1', scope: 'WsFolder', childIds: ['F1a'] },
    { id: 'F1a', title: 'F1a', scope: 'WsFolder', childIds: [] },
    { id: 'F2', title: 'F2', scope: 'WsFolder', childIds: [] },
    { id: 'SHARED', title: 'Shared', scope: 'WsFolder', childIds: [] },
  ]);
  const scope = new Set(['S1']);

  it('finds every space of a folder, a folder shared into two spaces being in both', () => {
    expect(spacesOfFolder(index, 'F1a')).toEqual(['S1']);
    expect(spacesOfFolder(index, 'SHARED').sort()).toEqual(['S1', 'S2']);
    expect(spacesOfFolder(index, 'ROOT')).toEqual([]);
    expect([folderInScope(index, 'F1a', scope), folderInScope(index, 'F2', scope), folderInScope(index, 'SHARED', scope)]).toEqual([true, false, true]);
  });

  it('places a task by its own folders and those inherited from its super-tasks', () => {
    expect(taskInScope(index, { parentIds: ['F2'] }, scope)).toBe(false);
    expect(taskInScope(index, { parentIds: [], superParentIds: ['F1'] }, scope)).toBe(true);
    expect(taskInScope(index, { parentIds: ['F2', 'F1a'] }, scope)).toBe(true);
    expect(taskInScope(index, {}, scope)).toBe(false);
  });
});
