import { ticketFilterToTaskQuery, wrikeTimestamp } from '../../src/unified/ticket-filter';
import { wrikeTaskDates } from '../../src/unified/dates';
import { ticketStatus, workflowStatuses, ticketScalars } from '../../src/unified/ticket';
import { folderToCollection, indexFolderTree, isCollectionFolder, spaceOfFolder } from '../../src/unified/collection';
import { accountRoleOf } from '../../src/unified/people';
import type { WrikeTask } from '../../src/wrike/types';

describe('ticketFilterToTaskQuery', () => {
  it('maps the filter to Wrike parameters', () => {
    const { query } = ticketFilterToTaskQuery({
      statusCategories: ['ACTIVE', 'DEFERRED'], priorities: ['HIGH'], assigneeIds: ['KUAAAAAB'], updatedAfter: '2026-01-01T10:00:00.000Z',
      includeSubtasks: true,
    }, ['responsibleIds']);
    expect(query).toEqual({
      status: ['Active', 'Deferred'], importance: 'High', responsibles: ['KUAAAAAB'], updatedDate: { start: '2026-01-01T10:00:00Z', end: undefined },
      subTasks: true, fields: ['responsibleIds'],
    });
  });

  it('keeps two of three priorities page by page (Wrike filters on one)', () => {
    const { query, keep, countImportances } = ticketFilterToTaskQuery({ priorities: ['HIGH', 'LOW'] }, []);
    expect(query.importance).toBeUndefined();
    expect(keep!({ importance: 'High' } as WrikeTask)).toBe(true);
    expect(keep!({ importance: 'Normal' } as WrikeTask)).toBe(false);
    expect(countImportances).toEqual(['High', 'Low']);
    // All three, or one: Wrike filters it all, nothing is scanned.
    expect(ticketFilterToTaskQuery({ priorities: ['HIGH', 'NORMAL', 'LOW'] }, []).keep).toBeUndefined();
    expect(ticketFilterToTaskQuery({ priorities: ['LOW'] }, []).query.importance).toBe('Low');
  });

  it('formats timestamps as Wrike wants them', () => {
    expect(wrikeTimestamp(new Date('2026-05-01T12:34:56.789Z'))).toBe('2026-05-01T12:34:56Z');
  });
});

describe('tickets and statuses', () => {
  // A task as GET /tasks/{id} returns it (Wrike's documentation example, trimmed).
  const task: WrikeTask = {
    id: 'IEAAAAAQKQAB5BG4', title: 'Test task', status: 'Completed', importance: 'High', createdDate: '2020-01-24T12:52:07Z',
    updatedDate: '2020-01-24T12:52:07Z', completedDate: '2020-01-25T09:00:00Z', customStatusId: 'IEAAAAAQJMAAAAAB',
    dates: { type: 'Planned', duration: 2880, start: '2020-01-27T09:00:00', due: '2020-02-03T17:00:00' }, permalink: 'https://www.wrike.com/open.htm?id=123',
  };
  it('maps scalars', () => {
    expect(ticketScalars(task)).toEqual({
      id: task.id, title: 'Test task', priority: 'HIGH', startDate: '2020-01-27T09:00:00', dueDate: '2020-02-03T17:00:00',
      createdAt: task.createdDate, updatedAt: task.updatedDate, completedAt: '2020-01-25T09:00:00Z', url: task.permalink,
    });
  });
  it('finds the custom status, or stands in with the base status', () => {
    const statuses = workflowStatuses([{ id: 'W', name: 'Default', customStatuses: [{ id: 'IEAAAAAQJMAAAAAB', name: 'Done', group: 'Completed', color: 'Green' }] }]);
    expect(ticketStatus(task, statuses)).toEqual({ id: 'IEAAAAAQJMAAAAAB', name: 'Done', category: 'COMPLETED', color: 'Green', workflowName: 'Default' });
    expect(ticketStatus({ ...task, customStatusId: 'UNKNOWN' }, statuses)).toMatchObject({ id: 'UNKNOWN', name: 'Completed', category: 'COMPLETED' });
  });
});

describe('folders and spaces', () => {
  const tree = [
    { id: 'ROOT', title: 'Root', childIds: ['SPACE'], scope: 'WsRoot' },
    { id: 'SPACE', title: 'Engineering', childIds: ['A'], scope: 'WsFolder', space: true },
    { id: 'A', title: 'A', childIds: ['B'], scope: 'WsFolder' },
    { id: 'B', title: 'B', childIds: [], scope: 'WsFolder', project: { ownerIds: ['KUAAAAAB'], status: 'Green' } },
    { id: 'LOOSE', title: 'Outside spaces', childIds: [], scope: 'WsFolder' },
  ];
  it('finds a folder\'s space through the tree', () => {
    const index = indexFolderTree(tree);
    expect(spaceOfFolder(index, 'B')).toBe('SPACE');
    expect(spaceOfFolder(index, 'SPACE')).toBe('SPACE');
    expect(spaceOfFolder(index, 'LOOSE')).toBeNull();
  });
  it('maps projects and folders, and leaves out root, bin and spaces', () => {
    expect(folderToCollection({ id: 'B', title: 'B', project: { ownerIds: ['KUAAAAAB'], status: 'Green' } })).toMatchObject({ type: 'PROJECT', ownerIds: ['KUAAAAAB'], projectStatus: 'Green' });
    expect(folderToCollection({ id: 'A', title: 'A' })).toMatchObject({ type: 'FOLDER', ownerIds: [], projectStatus: null });
    expect([{ scope: 'WsRoot' }, { scope: 'RbRoot' }, { scope: 'RbFolder' }, { scope: 'WsFolder', space: true }].map(isCollectionFolder)).toEqual([false, false, false, false]);
    expect(isCollectionFolder({ scope: 'WsFolder' })).toBe(true);
  });
});

describe('account roles', () => {
  const profile = { accountId: 'A', role: 'User' as const, external: false, admin: false, owner: false };
  it.each([
    [{ ...profile, owner: true, admin: true }, 'ACCOUNT_OWNER'], [{ ...profile, admin: true }, 'ACCOUNT_ADMIN'],
    [{ ...profile, external: true }, 'ACCOUNT_EXTERNAL'], [{ ...profile, role: 'Collaborator' as const }, 'ACCOUNT_COLLABORATOR'], [profile, 'ACCOUNT_REGULAR'],
  ])('%j is %s', (p, role) => {
    expect(accountRoleOf({ id: 'KUAAAAAB', type: 'Person', profiles: [p] }, 'A')?.id).toBe(role);
  });
});

describe('wrikeTaskDates', () => {
  it('always carries a type: Planned with either date, Backlog with none (a due date alone is no milestone)', () => {
    expect(wrikeTaskDates('2026-12-01', '2026-12-03')).toEqual({ type: 'Planned', start: '2026-12-01', due: '2026-12-03' });
    expect(wrikeTaskDates(undefined, '2026-12-03')).toEqual({ type: 'Planned', due: '2026-12-03' });
    expect(wrikeTaskDates('2026-12-01', undefined)).toEqual({ type: 'Planned', start: '2026-12-01' });
    expect(wrikeTaskDates(undefined, undefined)).toEqual({ type: 'Backlog' });
  });
});

describe('childCollectionIds', () => {
  it('lists the collections below a folder or space in tree order, leaving out spaces, Root and the Recycle Bin', async () => {
    const { childCollectionIds } = await import('../../src/unified/collection');
    const tree = [
      { id: 'SPACE001', title: 'Space', childIds: ['FOLDER01', 'SPACE002', 'RBFOLDER', 'FOLDER02'], scope: 'WsFolder', space: true },
      { id: 'FOLDER01', title: 'A', childIds: [], scope: 'WsFolder' },
      { id: 'SPACE002', title: 'Nested space', childIds: [], scope: 'WsFolder', space: true },
      { id: 'RBFOLDER', title: 'Deleted', childIds: [], scope: 'RbFolder' },
      { id: 'FOLDER02', title: 'B', childIds: [], scope: 'WsFolder', project: {} },
    ] as never[];
    expect(childCollectionIds(tree, 'SPACE001')).toEqual(['FOLDER01', 'FOLDER02']);
    expect(childCollectionIds(tree, 'UNKNOWN1')).toEqual([]);
  });
});
