import { startSubgraph, type SubgraphHarness } from '../helpers/subgraph';

/**
 * updateTicketsCustomFields: the same values on many tickets, one Wrike `PUT /tasks/{ids}` per 100, everything
 * checked before any call (every problem at once, with its path), a batch Wrike refuses failing only its own tickets.
 * Calls are counted by the sandbox.
 */
let h: SubgraphHarness;
beforeAll(async () => {
  // The demo seed: enough tickets in one space for more than one batch.
  h = await startSubgraph({ SANDBOX_SIZE: 'demo' });
}, 60_000);
afterAll(() => h.close());
beforeEach(async () => {
  await h.control('/faults', { method: 'DELETE' });
  await h.resetCalls();
});

const store = () => h.server.sandbox!.store;
const field = (type: string) => [...store().customFields.values()].find((f) => f.type === type && f.title !== 'Sprint')!;
const sprint = () => [...store().customFields.values()].find((f) => f.title === 'Sprint')!;
const spaceOf = (taskId: string) => store().spaceOfFolder(store().taskFolderIds(store().tasks.get(taskId)!)[0] ?? '');
const live = () => [...store().tasks.values()].filter((t) => t.scope === 'WsTask' && store().taskFolderIds(t).length > 0);
/** Live tickets in Sprint's space, and others outside it. */
const inSprintSpace = () => live().filter((t) => spaceOf(t.id) === sprint().sharedIds[0]).map((t) => t.id);
const outsideSprintSpace = () => live().filter((t) => spaceOf(t.id) !== sprint().sharedIds[0]).map((t) => t.id);

const BULK = `mutation($input: UpdateTicketsCustomFieldsInput!) { updateTicketsCustomFields(input: $input) {
  tickets { id customFields { field { id } rawValue ... on DropdownFieldValue { option } } }
  userErrors { field message code } } }`;

async function calls() {
  const counted = await h.calls();
  const writes = Object.entries(counted.byRoute).filter(([route]) => !route.startsWith('GET ')).reduce((n, [, c]) => n + c, 0);
  return { total: counted.total, writes, bulk: counted.byRoute['PUT /tasks/:ids'] ?? 0 };
}

describe('updateTicketsCustomFields', () => {
  it('sets the values on 150 tickets in two Wrike calls, and answers them as they now stand, in input order', async () => {
    const ids = live().slice(0, 150).map((t) => t.id).reverse();
    const dropdown = field('DropDown');
    const option = 'Critical';
    const res = await h.query(BULK, { input: { ticketIds: ids, customFields: [{ fieldId: dropdown.id, value: option }, { fieldId: field('Numeric').id, value: 7 }] } });
    expect(res.body.errors).toBeUndefined();
    const { tickets, userErrors } = res.body.data.updateTicketsCustomFields;
    expect(userErrors).toEqual([]);
    expect(tickets.map((t: { id: string }) => t.id)).toEqual(ids);
    for (const ticket of tickets) {
      expect(ticket.customFields).toEqual(expect.arrayContaining([{ field: { id: dropdown.id }, rawValue: option, option }]));
    }
    for (const id of ids) expect(store().tasks.get(id)!.customFields).toEqual(expect.arrayContaining([{ id: field('Numeric').id, value: '7' }]));
    const counted = await calls();
    expect(counted.bulk).toBe(2);
    expect(counted.writes).toBe(2);
    // The reads that checked the input: the tickets (100 a call) and the field definitions.
    expect(counted.total).toBe(2 + 2 + 1);
    expect(res.body.extensions.cost.actualCalls).toBe(counted.total);
    expect(res.body.extensions.cost.estimatedCalls).toBe(counted.total);
  });

  it('names every problem in one answer, with its path, and writes nothing', async () => {
    const [a, b] = live().map((t) => t.id);
    const binned = [...store().tasks.values()].find((t) => t.scope === 'RbTask')?.id;
    const ticketIds = [a, '../etc', b, a, 'IEAGAABKKQZZZZZZ', ...(binned ? [binned] : [])];
    const res = await h.query(BULK, { input: { ticketIds, customFields: [
      { fieldId: field('DropDown').id, value: 'Blocker' }, { fieldId: 'IEAGAABKJUZZZZZZ', value: 'x' }, { fieldId: field('Contacts').id, value: ['KUAZZZZZ'] },
      { fieldId: '../x', value: 'y' },
    ] } });
    expect(res.body.errors).toBeUndefined();
    const { tickets, userErrors } = res.body.data.updateTicketsCustomFields;
    expect(tickets).toEqual([]);
    const paths = userErrors.map((e: { field: string[]; code: string }) => `${e.field.join('.')} ${e.code}`).sort();
    expect(paths).toEqual([
      'input.customFields.0.value INVALID_VALUE',
      'input.customFields.1.fieldId UNKNOWN_FIELD',
      'input.customFields.2.value NOT_FOUND',
      'input.customFields.3.fieldId UNKNOWN_FIELD',
      'input.ticketIds.1 INVALID_ID',
      'input.ticketIds.3 INVALID_VALUE',
      'input.ticketIds.4 NOT_FOUND',
      ...(binned ? ['input.ticketIds.5 NOT_FOUND'] : []),
    ].sort());
    expect((await calls()).writes).toBe(0);
  });

  it('refuses no tickets, more than 1,000 and no values before any call', async () => {
    const none = await h.query(BULK, { input: { ticketIds: [], customFields: [] } });
    expect(none.body.data.updateTicketsCustomFields.userErrors.map((e: { field: string[]; code: string }) => `${e.field.join('.')} ${e.code}`).sort())
      .toEqual(['input.customFields REQUIRED', 'input.ticketIds REQUIRED']);
    const many = Array.from({ length: 1001 }, (_, i) => `IEAGAABKKQ${String(i).padStart(6, '0')}`);
    const tooMany = await h.query(BULK, { input: { ticketIds: many, customFields: [{ fieldId: field('Numeric').id, value: 1 }] } });
    expect(tooMany.body.data.updateTicketsCustomFields.userErrors).toEqual([{ field: ['input', 'ticketIds'], message: 'At most 1000 tickets', code: 'TOO_LARGE' }]);
    // Only the definitions were read: not one ticket, not one write.
    const counted = await calls();
    expect(counted.writes).toBe(0);
    expect(counted.total).toBe(1);
  });

  it('a batch Wrike refuses fails only its own tickets, each named; the other batch is written', async () => {
    const inside = inSprintSpace();
    expect(inside.length).toBeGreaterThanOrEqual(100);
    const outside = outsideSprintSpace().slice(0, 3);
    const ticketIds = [...inside.slice(0, 100), inside[100] ?? outside[2]!, outside[0]!, outside[1]!];
    const res = await h.query(BULK, { input: { ticketIds, customFields: [{ fieldId: sprint().id, value: 'Sprint 9' }] } });
    expect(res.body.errors).toBeUndefined();
    const { tickets, userErrors } = res.body.data.updateTicketsCustomFields;
    expect(tickets.map((t: { id: string }) => t.id)).toEqual(ticketIds.slice(0, 100));
    expect(userErrors.map((e: { field: string[] }) => e.field)).toEqual([100, 101, 102].map((i) => ['input', 'ticketIds', String(i)]));
    for (const error of userErrors) {
      expect(error.code).toBe('WRIKE_REFUSED');
      expect(error.message).toMatch(/tickets 100 to 102 was not written: .*not shared/);
    }
    expect(store().tasks.get(ticketIds[0]!)!.customFields).toEqual(expect.arrayContaining([{ id: sprint().id, value: 'Sprint 9' }]));
    expect(store().tasks.get(outside[0]!)!.customFields.find((cf) => cf.id === sprint().id)?.value).not.toBe('Sprint 9');
    expect((await calls()).bulk).toBe(2);
  });

  it('a batch Wrike fails (503) is reported per ticket, saying a retry is safe, and never retried blindly', async () => {
    const ids = live().slice(0, 3).map((t) => t.id);
    await h.control('/faults', { method: 'PUT', body: { failRoutes: ['PUT /tasks/:ids'], errorStatus: 503 } });
    const res = await h.query(BULK, { input: { ticketIds: ids, customFields: [{ fieldId: field('Numeric').id, value: 3 }] } });
    expect(res.body.errors).toBeUndefined();
    const { tickets, userErrors } = res.body.data.updateTicketsCustomFields;
    expect(tickets).toEqual([]);
    expect(userErrors.map((e: { field: string[]; code: string }) => [e.field.join('.'), e.code])).toEqual(ids.map((_, i) => [`input.ticketIds.${i}`, 'UPSTREAM_UNAVAILABLE']));
    expect(userErrors[0].message).toMatch(/again is safe/);
    expect((await calls()).bulk).toBe(1);
  });

  it('a batch that fails in a way no code is kept for (the token refused) after another was written: each ticket named, the written ones answered', async () => {
    const ids = live().slice(0, 150).map((t) => t.id);
    const numeric = field('Numeric');
    // The first PUT to arrive is written; every later one (and its retry after a token refresh) is refused with 401.
    await h.control('/faults', { method: 'PUT', body: { failRoutes: ['PUT /tasks/:ids'], failRoutesAfter: 1, errorStatus: 401 } });
    const res = await h.query(BULK, { input: { ticketIds: ids, customFields: [{ fieldId: numeric.id, value: 7315 }] } });
    expect(res.body.errors).toBeUndefined();
    const { tickets, userErrors } = res.body.data.updateTicketsCustomFields;
    const written = tickets.map((t: { id: string }) => t.id);
    // Batches are 0-99 and 100-149; either may have arrived first.
    expect([ids.slice(0, 100), ids.slice(100)]).toContainEqual(written);
    const failed = ids.map((id, i) => ({ id, i })).filter(({ id }) => !written.includes(id));
    expect(userErrors.map((e: { field: string[] }) => e.field)).toEqual(failed.map(({ i }) => ['input', 'ticketIds', String(i)]));
    for (const error of userErrors) {
      expect(error.code).toBe('CONNECTION_NEEDS_REAUTH');
      expect(error.message).toMatch(/was not written: /);
    }
    for (const ticket of tickets) {
      expect(ticket.customFields.find((cf: { field: { id: string } }) => cf.field.id === numeric.id)?.rawValue).toBe('7315');
      expect(store().tasks.get(ticket.id)!.customFields).toEqual(expect.arrayContaining([{ id: numeric.id, value: '7315' }]));
    }
    for (const { id } of failed) expect(store().tasks.get(id)!.customFields.find((cf) => cf.id === numeric.id)?.value).not.toBe('7315');
  });

  it('when no batch was written, a failure no code is kept for is the error of the whole request', async () => {
    const ids = live().slice(0, 3).map((t) => t.id);
    await h.control('/faults', { method: 'PUT', body: { failRoutes: ['PUT /tasks/:ids'], errorStatus: 401 } });
    const res = await h.query(BULK, { input: { ticketIds: ids, customFields: [{ fieldId: field('Numeric').id, value: 4 }] } });
    expect(res.body.errors[0].extensions.code).toBe('CONNECTION_NEEDS_REAUTH');
  });

  it('on a connection limited to one space, a ticket outside it is not found, and nothing is written', async () => {
    const space = sprint().sharedIds[0]!;
    const setScope = (workspaceIds: string[] | null) => h.query('mutation($i: SetConnectionWorkspacesInput!) { setConnectionWorkspaces(input: $i) { userErrors { code } } }', { i: { connectionId: 'default', workspaceIds } });
    expect((await setScope([space])).body.data.setConnectionWorkspaces.userErrors).toEqual([]);
    try {
      await h.resetCalls();
      const ticketIds = [inSprintSpace()[0]!, outsideSprintSpace()[0]!];
      const res = await h.query(BULK, { input: { ticketIds, customFields: [{ fieldId: field('Numeric').id, value: 4 }] } });
      expect(res.body.data.updateTicketsCustomFields.userErrors).toEqual([{ field: ['input', 'ticketIds', '1'], message: `No ticket '${ticketIds[1]}'`, code: 'NOT_FOUND' }]);
      expect((await calls()).writes).toBe(0);
      // A single write too: a collection outside the scope and a bad date, in one answer.
      const outsideFolder = [...store().folders.values()].find((f) => f.scope === 'WsFolder' && !f.space && store().spaceOfFolder(f.id) !== space)!;
      const created = await h.query('mutation($i: CreateTicketInput!) { createTicket(input: $i) { ticket { id } userErrors { field code } } }', {
        i: { collectionId: outsideFolder.id, title: 'Outside', dueDate: '2026-02-30' },
      });
      expect(created.body.data.createTicket).toEqual({ ticket: null, userErrors: [{ field: ['input', 'dueDate'], code: 'INVALID_VALUE' }, { field: ['input', 'collectionId'], code: 'NOT_FOUND' }] });
      expect((await calls()).writes).toBe(0);
    } finally {
      await setScope(null);
    }
  });
});

describe('a bulk write whose outcome is unknown', () => {
  let slow: SubgraphHarness;
  beforeAll(async () => {
    slow = await startSubgraph({ WRIKE_TIMEOUT_MS: '300' });
  });
  afterAll(() => slow.close());

  it('is reported per ticket as WRITE_OUTCOME_UNKNOWN (it may have landed), not as a failure', async () => {
    const sandboxStore = slow.server.sandbox!.store;
    const ids = [...sandboxStore.tasks.values()].filter((t) => t.scope === 'WsTask').slice(0, 2).map((t) => t.id);
    const numeric = [...sandboxStore.customFields.values()].find((f) => f.type === 'Numeric')!;
    await slow.control('/faults', { method: 'PUT', body: { routeLatencyMs: { 'PUT /tasks/:ids': 600 } } });
    const res = await slow.query(BULK, { input: { ticketIds: ids, customFields: [{ fieldId: numeric.id, value: 11 }] } });
    await slow.control('/faults', { method: 'DELETE' });
    expect(res.body.errors).toBeUndefined();
    const { userErrors } = res.body.data.updateTicketsCustomFields;
    expect(userErrors.map((e: { code: string }) => e.code)).toEqual(['WRITE_OUTCOME_UNKNOWN', 'WRITE_OUTCOME_UNKNOWN']);
    expect(userErrors[0].message).toMatch(/may have been; setting the same values again is safe/);
    // It did land: the sandbox made the change as the call came in.
    expect(sandboxStore.tasks.get(ids[0]!)!.customFields).toEqual(expect.arrayContaining([{ id: numeric.id, value: '11' }]));
  });
});
