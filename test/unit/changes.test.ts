import { changeOf, mergeByUpdate } from '../../src/unified/changes';
import type { WrikeTask } from '../../src/wrike/types';

const task = (id: string, updatedDate: string, scope = 'WsTask') => ({ id, updatedDate, scope, title: id } as unknown as WrikeTask);

describe('changeOf', () => {
  it('makes a tombstone of a task in the Recycle Bin, and of one outside the scope; a live task inside stays a ticket', () => {
    expect(changeOf(task('A', '2026-01-01T00:00:05Z', 'RbTask'), true)).toEqual({ kind: 'tombstone', tombstone: { id: 'A', deletedAt: '2026-01-01T00:00:05Z', reason: 'DELETED' } });
    expect(changeOf(task('B', '2026-01-01T00:00:06Z'), false)).toEqual({ kind: 'tombstone', tombstone: { id: 'B', deletedAt: '2026-01-01T00:00:06Z', reason: 'OUT_OF_SCOPE' } });
    expect(changeOf(task('C', '2026-01-01T00:00:07Z'), true)).toMatchObject({ kind: 'ticket', task: { id: 'C' } });
  });
});

describe('mergeByUpdate', () => {
  it('merges two pages by (updatedDate, id)', () => {
    const merged = mergeByUpdate([
      { items: [task('B', '01'), task('D', '03')], more: false },
      { items: [task('A', '01'), task('C', '02')], more: false },
    ]);
    expect(merged).toEqual({ items: [task('A', '01'), task('B', '01'), task('C', '02'), task('D', '03')], more: false });
  });

  it('keeps a task found in both pages (deleted or restored between the two answers) once, at its later time', () => {
    const merged = mergeByUpdate([
      { items: [task('A', '01'), task('B', '04')], more: false },
      { items: [task('A', '03', 'RbTask'), task('B', '02', 'RbTask')], more: false },
    ]);
    expect(merged.items).toEqual([task('A', '03', 'RbTask'), task('B', '04')]);
  });

  it('stops at the earliest last key of a cut page, since the other page may hold tasks before what lies past it', () => {
    const merged = mergeByUpdate([
      { items: [task('A', '01'), task('B', '02')], more: true },
      { items: [task('C', '01'), task('D', '03'), task('E', '04')], more: false },
    ]);
    expect(merged.items.map((t) => t.id)).toEqual(['A', 'C', 'B']);
    expect(merged.more).toBe(true);
    const bothCut = mergeByUpdate([
      { items: [task('A', '01'), task('B', '05')], more: true },
      { items: [task('C', '02'), task('D', '03')], more: true },
    ]);
    expect(bothCut.items.map((t) => t.id)).toEqual(['A', 'C', 'D']);
  });
});
