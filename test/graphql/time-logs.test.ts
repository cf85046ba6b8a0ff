import { startSubgraph, type SubgraphHarness } from '../helpers/subgraph';
import type { Timelog } from '../../src/sandbox/model';

let h: SubgraphHarness;
beforeAll(async () => {
  h = await startSubgraph();
});
afterAll(() => h.close());

const store = () => h.server.sandbox!.store;
const live = (log: Timelog) => store().tasks.get(log.taskId)?.scope === 'WsTask';
const logs = () => [...store().timelogs.values()].filter(live);
const minutes = (log: Timelog) => Math.round(log.hours * 60);
const LOG = 'id minutes trackedDate comment billable category { id name } user { id } ticket { id } createdAt';

/** A month and a space that have time logged (the seed spreads time over six months). */
function busyMonthAndSpace() {
  const space = [...store().folders.values()].find((f) => f.space && logs().some((l) => inFolder(l, f.id)))!;
  return { space: space.id, from: '2026-03-01', to: '2026-03-31' };
}

function inFolder(log: Timelog, folderId: string): boolean {
  const folders = new Set([folderId, ...store().folderDescendants(folderId)]);
  const task = store().tasks.get(log.taskId)!;
  return [...task.parentIds, ...task.superParentIds].some((id) => folders.has(id));
}

describe('time logs', () => {
  it('bills a month: hours per user of a workspace from one query and one Wrike call, totals over every page', async () => {
    const { space, from, to } = busyMonthAndSpace();
    const expected = logs().filter((l) => inFolder(l, space) && l.trackedDate >= from && l.trackedDate <= to);
    expect(expected.length).toBeGreaterThan(20);
    const perUser = new Map<string, number>();
    for (const log of expected) perUser.set(log.userId, (perUser.get(log.userId) ?? 0) + minutes(log));
    await h.resetCalls();
    const res = await h.query(`query($f: TimeLogFilter) { timeLogs(filter: $f, first: 5) {
      totalCount totalMinutes byUser { user { id } minutes billableMinutes count } nodes { ${LOG} } pageInfo { hasNextPage endCursor } } }`, {
      f: { workspaceId: space, trackedDateFrom: from, trackedDateTo: to },
    });
    expect(res.body.errors).toBeUndefined();
    const page = res.body.data.timeLogs;
    expect(page.totalCount).toBe(expected.length);
    expect(page.totalMinutes).toBe(expected.reduce((sum, l) => sum + minutes(l), 0));
    expect(new Map(page.byUser.map((t: { user: { id: string }; minutes: number }) => [t.user.id, t.minutes]))).toEqual(perUser);
    const billable = page.byUser.reduce((sum: number, t: { billableMinutes: number }) => sum + t.billableMinutes, 0);
    expect(billable).toBe(expected.filter((l) => l.billingType === 'Billable').reduce((sum, l) => sum + minutes(l), 0));
    expect(page.nodes).toHaveLength(5);
    const first = store().timelogs.get(page.nodes[0].id)!;
    expect(page.nodes[0]).toMatchObject({ minutes: minutes(first), trackedDate: first.trackedDate, user: { id: first.userId }, ticket: { id: first.taskId }, billable: first.billingType === 'Billable' });
    const calls = await h.calls();
    expect(calls.byRoute['GET /folders/:folderId/timelogs']).toBe(1);
    // The folder list, the people (one batch), the tickets (one batch) and the categories.
    expect(calls.total).toBeLessThanOrEqual(4);

    // Every page, in order, gives each matching log once.
    const seen = new Set<string>(page.nodes.map((n: { id: string }) => n.id));
    let after = page.pageInfo.endCursor;
    while (after) {
      const next = await h.query('query($f: TimeLogFilter, $a: String) { timeLogs(filter: $f, first: 100, after: $a) { nodes { id } pageInfo { hasNextPage endCursor } } }', {
        f: { workspaceId: space, trackedDateFrom: from, trackedDateTo: to }, a: after,
      });
      for (const node of next.body.data.timeLogs.nodes) seen.add(node.id);
      after = next.body.data.timeLogs.pageInfo.hasNextPage ? next.body.data.timeLogs.pageInfo.endCursor : null;
    }
    expect([...seen].sort()).toEqual(expected.map((l) => l.id).sort());
  });

  it('filters by users, billable and category; a ticket list batches its tickets, one call each, in one round', async () => {
    const user = logs()[0]!.userId;
    const one = await h.query('query($u: [ID!]) { timeLogs(filter: { userIds: $u, billable: false }, first: 100) { totalCount nodes { user { id } billable } } }', { u: [user] });
    expect(one.body.data.timeLogs.totalCount).toBe(logs().filter((l) => l.userId === user && l.billingType === 'NonBillable').length);
    const category = logs().find((l) => l.categoryId)!.categoryId!;
    const byCategory = await h.query('query($c: [ID!]) { timeLogs(filter: { categoryIds: $c }, first: 1) { totalCount nodes { category { id } } } }', { c: [category] });
    expect(byCategory.body.data.timeLogs.totalCount).toBe(logs().filter((l) => l.categoryId === category).length);

    const tickets = [...new Set(logs().map((l) => l.taskId))].slice(0, 12);
    await h.resetCalls();
    const res = await h.query(`query($ids: [_Any!]!) { _entities(representations: $ids) { ... on Ticket { id timeLogs(first: 100) { totalCount totalMinutes nodes { id } } } } }`, {
      ids: tickets.map((id) => ({ __typename: 'Ticket', id })),
    });
    expect(res.body.errors).toBeUndefined();
    for (const [i, id] of tickets.entries()) {
      const own = logs().filter((l) => l.taskId === id);
      expect(res.body.data._entities[i].timeLogs.totalCount).toBe(own.length);
      expect(res.body.data._entities[i].timeLogs.totalMinutes).toBe(own.reduce((sum, l) => sum + minutes(l), 0));
    }
    expect((await h.calls()).byRoute['GET /tasks/:taskId/timelogs']).toBe(tickets.length);
  });

  it('refuses bad filters before any call, with the field named', async () => {
    await h.resetCalls();
    for (const [filter, field] of [
      [{ collectionId: 'IEAGAABKI4AAAAAB', workspaceId: 'IEAGAABKI4AAAAAC' }, 'workspaceId'],
      [{ trackedDateFrom: '2026-02-30' }, 'trackedDateFrom'],
      [{ trackedDateFrom: '2026-03-02', trackedDateTo: '2026-03-01' }, 'trackedDateTo'],
      [{ userIds: ['../etc'] }, 'userIds'],
      [{ ticketIds: [] }, 'ticketIds'],
    ] as const) {
      const res = await h.query('query($f: TimeLogFilter) { timeLogs(filter: $f) { totalCount } }', { f: filter });
      expect(res.body.errors[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', argumentName: `filter.${field}` });
    }
    expect((await h.calls()).total).toBe(0);
  });

  it('a failed Wrike list is an error on the field, never an empty list; an unknown collection is an error too', async () => {
    const unknown = await h.query('{ timeLogs(filter: { collectionId: "IEAGAABKI4ZZZZZZ" }) { totalCount } }');
    expect(unknown.body.data.timeLogs).toBeNull();
    expect(unknown.body.errors[0].extensions.code).toBe('NOT_FOUND');
    await h.control('/faults', { method: 'PUT', body: { failRoutes: ['GET /timelogs'], errorStatus: 503 } });
    try {
      const failed = await h.query('{ timeLogs(first: 1) { totalCount } }');
      expect(failed.body.data.timeLogs).toBeNull();
      expect(failed.body.errors[0].extensions.code).toBe('UPSTREAM_UNAVAILABLE');
    } finally {
      await h.control('/faults', { method: 'DELETE' });
    }
  });

  it('creates, updates and deletes time with validation first, an idempotency key, and the lists and totals kept right', async () => {
    const ticket = [...store().tasks.values()].find((t) => t.scope === 'WsTask' && !logs().some((l) => l.taskId === t.id))!;
    const category = [...store().timelogCategories.values()].find((c) => !c.hidden)!;
    const hidden = [...store().timelogCategories.values()].find((c) => c.hidden)!;
    const create = (input: Record<string, unknown>) => h.query(`mutation($i: CreateTimeLogInput!) { createTimeLog(input: $i) { timeLog { ${LOG} } userErrors { field code } } }`, { i: input });

    await h.resetCalls();
    const bad = await create({ ticketId: ticket.id, minutes: 0, trackedDate: '1999-12-31', comment: 'x'.repeat(2001) });
    expect(bad.body.data.createTimeLog.userErrors.map((e: { field: string[] }) => e.field.join('.'))).toEqual(['input.minutes', 'input.trackedDate', 'input.comment']);
    expect((await create({ ticketId: ticket.id, minutes: 1441, trackedDate: '2026-05-04' })).body.data.createTimeLog.userErrors[0].code).toBe('INVALID_VALUE');
    expect((await h.calls()).total).toBe(0);
    const hiddenCategory = await create({ ticketId: ticket.id, minutes: 30, trackedDate: '2026-05-04', categoryId: hidden.id });
    expect(hiddenCategory.body.data.createTimeLog.userErrors).toEqual([{ field: ['input', 'categoryId'], code: 'NOT_FOUND' }]);
    // Local problems and the category Wrike does not show come back together, in one answer.
    const both = await create({ ticketId: ticket.id, minutes: 0, trackedDate: '2026-05-04', categoryId: hidden.id });
    expect(both.body.data.createTimeLog.userErrors).toEqual([{ field: ['input', 'minutes'], code: 'INVALID_VALUE' }, { field: ['input', 'categoryId'], code: 'NOT_FOUND' }]);
    expect((await h.calls()).byRoute['POST /tasks/:taskId/timelogs']).toBeUndefined();

    const input = { ticketId: ticket.id, minutes: 95, trackedDate: '2026-05-04', comment: 'Pairing <with> Ana', categoryId: category.id, billable: false, idempotencyKey: 'bill-1' };
    const created = await create(input);
    const log = created.body.data.createTimeLog.timeLog;
    expect(log).toMatchObject({ minutes: 95, trackedDate: '2026-05-04', comment: 'Pairing <with> Ana', billable: false, category: { id: category.id, name: category.name }, ticket: { id: ticket.id } });
    expect(store().timelogs.get(log.id)!.hours).toBeCloseTo(95 / 60, 2);
    expect((await create(input)).body.data.createTimeLog.timeLog.id).toBe(log.id);
    expect(logs().filter((l) => l.taskId === ticket.id)).toHaveLength(1);

    const updated = await h.query(`mutation($i: UpdateTimeLogInput!) { updateTimeLog(input: $i) { timeLog { ${LOG} } userErrors { code } } }`, { i: { id: log.id, minutes: 20, categoryId: null, billable: true } });
    expect(updated.body.data.updateTimeLog.timeLog).toMatchObject({ minutes: 20, category: null, billable: true, comment: 'Pairing <with> Ana' });
    const seen = await h.query('query($id: ID!) { ticket(id: $id) { timeLogs { totalMinutes nodes { id minutes } } } }', { id: ticket.id });
    expect(seen.body.data.ticket.timeLogs).toEqual({ totalMinutes: 20, nodes: [{ id: log.id, minutes: 20 }] });

    const deleted = await h.query('mutation($id: ID!) { deleteTimeLog(input: { id: $id }) { deletedId userErrors { code } } }', { id: log.id });
    expect(deleted.body.data.deleteTimeLog).toEqual({ deletedId: log.id, userErrors: [] });
    expect(store().timelogs.has(log.id)).toBe(false);
    const again = await h.query('mutation($id: ID!) { deleteTimeLog(input: { id: $id }) { deletedId userErrors { code } } }', { id: log.id });
    expect(again.body.data.deleteTimeLog.userErrors).toEqual([{ code: 'NOT_FOUND' }]);
  });

  it('resolves a TimeLog reference and lists the categories', async () => {
    const log = logs()[7]!;
    const res = await h.query('query($r: [_Any!]!) { _entities(representations: $r) { ... on TimeLog { id minutes user { id } } } timeLogCategories { id name } }', { r: [{ __typename: 'TimeLog', id: log.id }] });
    expect(res.body.data._entities[0]).toEqual({ id: log.id, minutes: minutes(log), user: { id: log.userId } });
    expect(res.body.data.timeLogCategories.map((c: { id: string }) => c.id).sort()).toEqual([...store().timelogCategories.keys()].sort());
  });
});
