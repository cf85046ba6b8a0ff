import { billableOf, hoursFor, mergeTimeLogs, minutesOf, planTimeLogs, timeLogFilterProblems, totalsByUser } from '../../src/unified/timelog';
import type { WrikeTimelog } from '../../src/wrike/types';

const log = (id: string, userId: string, trackedDate: string, hours: number, billingType = 'Billable'): WrikeTimelog => ({
  id, taskId: 'T', userId, trackedDate, hours, billingType, createdDate: '2026-03-01T10:00:00Z',
});

describe('time-log mapping', () => {
  it('round-trips every whole minute of a day through the hours Wrike stores', () => {
    for (let minutes = 1; minutes <= 1440; minutes++) expect(minutesOf(hoursFor(minutes))).toBe(minutes);
    expect(hoursFor(20)).toBe(0.33);
  });

  it('reads billing types, null for what it does not know', () => {
    expect([billableOf('Billable'), billableOf('NonBillable'), billableOf(undefined), billableOf('Later')]).toEqual([true, false, null, null]);
  });

  it('plans the fewest Wrike lists: per ticket, per folder, per person, else the account; users kept locally', () => {
    expect(planTimeLogs({ ticketIds: ['A', 'B', 'A'] }).sources).toEqual([{ kind: 'task', id: 'A' }, { kind: 'task', id: 'B' }]);
    expect(planTimeLogs({ workspaceId: 'S', userIds: ['U'] })).toMatchObject({ sources: [{ kind: 'folder', id: 'S' }], userIds: new Set(['U']) });
    expect(planTimeLogs({ userIds: ['U'] })).toEqual({ sources: [{ kind: 'contact', id: 'U' }], query: {} });
    expect(planTimeLogs({ userIds: ['U', 'V'], billable: false, trackedDateFrom: '2026-03-01' })).toMatchObject({
      sources: [{ kind: 'account' }], query: { billingTypes: ['NonBillable'], trackedDate: { start: '2026-03-01' } },
    });
  });

  it('names each problem of a filter', () => {
    const isId = (id: string) => /^[A-Z0-9]+$/.test(id);
    expect(timeLogFilterProblems({ ticketIds: ['A'], collectionId: 'B' }, isId).map((p) => p.field)).toEqual(['collectionId']);
    expect(timeLogFilterProblems({ trackedDateFrom: '2026-13-01' }, isId).map((p) => p.field)).toEqual(['trackedDateFrom']);
    expect(timeLogFilterProblems({ userIds: Array.from({ length: 101 }, () => 'U') }, isId).map((p) => p.field)).toEqual(['userIds']);
    expect(timeLogFilterProblems({ workspaceId: 'S', trackedDateFrom: '2026-03-01', trackedDateTo: '2026-03-31' }, isId)).toEqual([]);
  });

  it('merges lists once each, in tracked-day order, and totals per user', () => {
    const a = log('A', 'U', '2026-03-02', 1.5);
    const b = log('B', 'V', '2026-03-01', 0.25, 'NonBillable');
    const c = log('C', 'U', '2026-03-03', 2);
    const merged = mergeTimeLogs([[a, b], [a, c]], {});
    expect(merged.map((l) => l.id)).toEqual(['B', 'A', 'C']);
    expect(mergeTimeLogs([[a, b, c]], { userIds: new Set(['V']) }).map((l) => l.id)).toEqual(['B']);
    expect(totalsByUser(merged)).toEqual([
      { userId: 'U', minutes: 210, billableMinutes: 210, count: 2 },
      { userId: 'V', minutes: 15, billableMinutes: 0, count: 1 },
    ]);
  });
});
