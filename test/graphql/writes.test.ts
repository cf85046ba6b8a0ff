import { startSubgraph, type SubgraphHarness } from '../helpers/subgraph';

let h: SubgraphHarness;
beforeAll(async () => {
  h = await startSubgraph({ MAX_ATTACHMENT_BYTES: '1000' });
});
afterAll(() => h.close());
beforeEach(async () => {
  await h.control('/faults', { method: 'DELETE' });
  await h.resetCalls();
});

const store = () => h.server.sandbox!.store;
const field = (type: string) => [...store().customFields.values()].find((f) => f.type === type && f.title !== 'Sprint')!;
const leafFolder = () => [...store().folders.values()].find((f) => f.scope === 'WsFolder' && !f.space && f.childIds.length === 0)!;
const person = (n: number) => store().activePeople()[n]!.id;

/** Calls that changed something in the sandbox. */
async function writes(): Promise<number> {
  const calls = await h.calls();
  return Object.entries(calls.byRoute).filter(([route]) => !route.startsWith('GET ')).reduce((n, [, count]) => n + count, 0);
}

const CREATE = `mutation($input: CreateTicketInput!) { createTicket(input: $input) {
  ticket { id title description priority dueDate startDate status { id category } assignees { id } parents { id } collections { id }
    customFields { field { id } rawValue ... on NumberFieldValue { number } ... on DropdownFieldValue { option } ... on UserFieldValue { users { id } }
      ... on CheckboxFieldValue { checked } ... on MultiSelectFieldValue { options } ... on DateFieldValue { date } } }
  userErrors { field message code } } }`;

describe('createTicket', () => {
  it('sends task dates with their type: a due date alone plans a one-day ticket (not a milestone); clearing both is Backlog', async () => {
    const created = await h.query(CREATE, { input: { collectionId: leafFolder().id, title: 'Due only', dueDate: '2026-12-10' } });
    expect(created.body.data.createTicket.userErrors).toEqual([]);
    const ticket = created.body.data.createTicket.ticket;
    expect(ticket.dueDate).toBe('2026-12-10T17:00:00');
    expect(ticket.startDate).toBe('2026-12-10T09:00:00');
    expect(store().tasks.get(ticket.id)!.dates.type).toBe('Planned');
    const cleared = await h.query('mutation($id: ID!) { updateTicket(input: { id: $id, startDate: null, dueDate: null }) { ticket { dueDate startDate } userErrors { message } } }', { id: ticket.id });
    expect(cleared.body.data.updateTicket).toEqual({ ticket: { dueDate: null, startDate: null }, userErrors: [] });
    expect(store().tasks.get(ticket.id)!.dates).toEqual({ type: 'Backlog' });
  });

  it('creates a ticket with assignees, parent, status, dates and typed custom fields, as it now stands in Wrike', async () => {
    const folder = leafFolder();
    const parent = [...store().tasks.values()].find((t) => t.parentIds.includes(folder.id)) ?? [...store().tasks.values()][0]!;
    const status = store().workflowForFolder(folder.id).customStatuses.find((s) => !s.standard)!;
    const input = {
      collectionId: folder.id, title: 'Checkout fails for EU cards', description: '<p>From helpdesk #4711</p>', priority: 'HIGH', statusId: status.id,
      assigneeIds: [person(3)], parentTicketIds: [parent.id], startDate: '2026-12-01', dueDate: '2026-12-04',
      customFields: [
        { fieldId: field('Numeric').id, value: 5 }, { fieldId: field('DropDown').id, value: 'Critical' }, { fieldId: field('Contacts').id, value: [person(4)] },
        { fieldId: field('Checkbox').id, value: true }, { fieldId: field('Multiple').id, value: ['iOS', 'Web'] }, { fieldId: field('Date').id, value: '2027-01-15' },
      ],
    };
    const res = await h.query(CREATE, { input });
    expect(res.body.errors).toBeUndefined();
    const { ticket, userErrors } = res.body.data.createTicket;
    expect(userErrors).toEqual([]);
    expect(ticket).toMatchObject({
      title: input.title, description: input.description, priority: 'HIGH', status: { id: status.id }, assignees: [{ id: person(3) }],
      parents: [{ id: parent.id }], startDate: '2026-12-01T09:00:00', dueDate: '2026-12-04T17:00:00',
    });
    const byField = Object.fromEntries(ticket.customFields.map((v: any) => [v.field.id, v]));
    expect(byField[field('Numeric').id]).toMatchObject({ rawValue: '5', number: 5 });
    expect(byField[field('DropDown').id].option).toBe('Critical');
    expect(byField[field('Contacts').id].users).toEqual([{ id: person(4) }]);
    expect(byField[field('Checkbox').id].checked).toBe(true);
    expect(byField[field('Multiple').id].options).toEqual(['iOS', 'Web']);
    expect(byField[field('Date').id].date).toBe('2027-01-15');
    // Read back through a query: the sandbox holds the same.
    const stored = store().tasks.get(ticket.id)!;
    expect(stored.superTaskIds).toEqual([parent.id]);
    const read = await h.query('query($id: ID!) { ticket(id: $id) { title parents { id subtasks(first: 100) { nodes { id } } } } }', { id: ticket.id });
    expect(read.body.data.ticket.parents[0].subtasks.nodes.map((n: { id: string }) => n.id)).toContain(ticket.id);
  });

  it('rejects invalid input whole, naming each input path, with no write', async () => {
    const res = await h.query(CREATE, {
      input: {
        collectionId: '../etc', title: '  ', assigneeIds: ['a,b'], dueDate: '2026-12-04T17:00:00Z',
        customFields: [{ fieldId: field('Numeric').id, value: 'five' }],
      },
    });
    const { ticket, userErrors } = res.body.data.createTicket;
    expect(ticket).toBeNull();
    expect(userErrors.map((e: { field: string[] }) => e.field.join('.')).sort()).toEqual(
      ['input.assigneeIds.0', 'input.collectionId', 'input.customFields.0.value', 'input.dueDate', 'input.title'].sort(),
    );
    expect(await writes()).toBe(0);
  });

  it('names every problem in one answer: a bad date, an unknown assignee and a bad dropdown option together, with no write', async () => {
    const input = {
      collectionId: leafFolder().id, title: 'Three problems', dueDate: '2026-02-30', assigneeIds: [person(1), 'KUAZZZZZ'],
      customFields: [{ fieldId: field('DropDown').id, value: 'Blocker' }],
    };
    const res = await h.query(CREATE, { input });
    const { ticket, userErrors } = res.body.data.createTicket;
    expect(ticket).toBeNull();
    expect(userErrors.map((e: { field: string[]; code: string }) => [e.field.join('.'), e.code]).sort()).toEqual([
      ['input.assigneeIds.1', 'NOT_FOUND'], ['input.customFields.0.value', 'INVALID_VALUE'], ['input.dueDate', 'INVALID_VALUE'],
    ]);
    expect(userErrors.find((e: { field: string[] }) => e.field.join('.') === 'input.assigneeIds.1').message).toContain('KUAZZZZZ');
    expect(await writes()).toBe(0);
    // The same on an update, with a status that does not exist besides.
    const target = [...store().tasks.values()].find((t) => t.scope === 'WsTask')!;
    const before = JSON.stringify(store().tasks.get(target.id));
    const updated = await h.query(UPDATE, { input: {
      id: target.id, dueDate: '2026-13-01', addAssigneeIds: ['KUAZZZZZ'], statusId: 'IEAGAABKJMZZZZZZ', customFields: [{ fieldId: field('DropDown').id, value: 'Blocker' }],
    } });
    expect(updated.body.data.updateTicket.userErrors.map((e: { field: string[] }) => e.field.join('.')).sort()).toEqual(
      ['input.addAssigneeIds.0', 'input.customFields.0.value', 'input.dueDate', 'input.statusId'],
    );
    expect(await writes()).toBe(0);
    expect(JSON.stringify(store().tasks.get(target.id))).toBe(before);
  });

  it.each([
    ['a number that is text', 'Numeric', 'five'], ['an option that does not exist', 'DropDown', 'Blocker'], ['a bad date', 'Date', '2026-02-30'],
    ['a checkbox string', 'Checkbox', 'yes'], ['unknown users', 'Contacts', ['KUAZZZZZ']], ['a too long text', 'Text', 'x'.repeat(2001)],
    ['a currency with too many decimals', 'Currency', 1.999],
  ])('rejects %s in a custom field, with no write', async (_label, type, value) => {
    const res = await h.query(CREATE, {
      input: { collectionId: leafFolder().id, title: 'x', customFields: [{ fieldId: field('Percentage').id, value: 50 }, { fieldId: field(type).id, value }] },
    });
    const { ticket, userErrors } = res.body.data.createTicket;
    expect(ticket).toBeNull();
    expect(userErrors).toHaveLength(1);
    expect(userErrors[0].field).toEqual(['input', 'customFields', '1', 'value']);
    expect(await writes()).toBe(0);
  });

  it('reports Wrike\'s refusals as userErrors: the Recycle Bin as collection, a field not shared to the folder', async () => {
    const bin = await h.query(CREATE, { input: { collectionId: store().account.recycleBinId, title: 'x' } });
    expect(bin.body.data.createTicket.userErrors[0]).toMatchObject({ code: 'WRIKE_REFUSED' });
    const sprint = [...store().customFields.values()].find((f) => f.title === 'Sprint')!;
    const elsewhere = [...store().folders.values()].find((f) => f.scope === 'WsFolder' && !f.space && store().spaceOfFolder(f.id) !== sprint.sharedIds[0])!;
    const unshared = await h.query(CREATE, { input: { collectionId: elsewhere.id, title: 'x', customFields: [{ fieldId: sprint.id, value: 'Sprint 9' }] } });
    expect(unshared.body.data.createTicket.userErrors[0].code).toBe('WRIKE_REFUSED');
    expect(unshared.body.data.createTicket.userErrors[0].message).toMatch(/not shared/);
  });

  it('creates exactly one ticket for 20 concurrent calls with one idempotency key', async () => {
    const input = { collectionId: leafFolder().id, title: 'Escalation #9001', idempotencyKey: 'helpdesk-9001' };
    const results = await Promise.all(Array.from({ length: 20 }, () => h.query(CREATE, { input })));
    const ids = new Set(results.map((r) => r.body.data.createTicket.ticket.id));
    expect(ids.size).toBe(1);
    expect([...store().tasks.values()].filter((t) => t.title === 'Escalation #9001')).toHaveLength(1);
    expect((await h.calls()).byRoute['POST /folders/:folderId/tasks']).toBe(1);
    // Later, the same key returns the first result and writes nothing; the same key with other input is refused.
    await h.resetCalls();
    const again = await h.query(CREATE, { input });
    expect(again.body.data.createTicket.ticket.id).toBe([...ids][0]);
    expect(await writes()).toBe(0);
    const other = await h.query(CREATE, { input: { ...input, title: 'Something else' } });
    expect(other.body.data.createTicket.userErrors[0].code).toBe('IDEMPOTENCY_KEY_REUSED');
    expect(await writes()).toBe(0);
  });

  it('never retries a write blindly: a 503 on the create is reported, and only one call was made', async () => {
    await h.control('/faults', { method: 'PUT', body: { failNext: 1, errorStatus: 503 } });
    // The first call of the mutation that reaches Wrike is the create itself (no custom fields to check).
    const res = await h.query(CREATE, { input: { collectionId: leafFolder().id, title: 'Not retried' } });
    expect(res.body.errors[0].extensions.code).toBe('UPSTREAM_UNAVAILABLE');
    expect((await h.calls()).byRoute['POST /folders/:folderId/tasks']).toBe(1);
    expect([...store().tasks.values()].some((t) => t.title === 'Not retried')).toBe(false);
  });
});

describe('a write whose outcome is unknown', () => {
  let slow: SubgraphHarness;
  beforeAll(async () => {
    slow = await startSubgraph({ WRIKE_TIMEOUT_MS: '300' });
  });
  afterAll(() => slow.close());

  it('is reported with the key, and a retry with the key finds the ticket instead of writing it twice', async () => {
    const sandboxStore = slow.server.sandbox!.store;
    const folder = [...sandboxStore.folders.values()].find((f) => f.scope === 'WsFolder' && !f.space)!;
    await slow.control('/faults', { method: 'PUT', body: { latencyMs: 600 } });
    const first = await slow.query(CREATE, { input: { collectionId: folder.id, title: 'Timed out once', idempotencyKey: 'crm-77' } });
    expect(first.body.errors[0].extensions).toMatchObject({ code: 'WRITE_OUTCOME_UNKNOWN', idempotencyKey: 'crm-77' });
    await new Promise((resolve) => setTimeout(resolve, 700)); // the sandbox finishes the create it was sent
    await slow.control('/faults', { method: 'DELETE' });
    const retry = await slow.query(CREATE, { input: { collectionId: folder.id, title: 'Timed out once', idempotencyKey: 'crm-77' } });
    expect(retry.body.data.createTicket.userErrors).toEqual([]);
    const created = [...sandboxStore.tasks.values()].filter((t) => t.title === 'Timed out once');
    expect(created).toHaveLength(1);
    expect(retry.body.data.createTicket.ticket.id).toBe(created[0]!.id);
  });

  it('finds a comment whose HTML Wrike rewrote, by its plain text, instead of posting it twice', async () => {
    const sandboxStore = slow.server.sandbox!.store;
    const task = [...sandboxStore.tasks.values()].find((t) => t.scope === 'WsTask')!;
    const body = '<p>Deal  <b>won</b> &amp; signed<br>Next: kickoff</p>';
    const COMMENT = 'mutation($t: ID!, $b: String!) { createComment(input: { ticketId: $t, body: $b, idempotencyKey: "comment-9" }) { comment { id body } userErrors { code } } }';
    await slow.control('/faults', { method: 'PUT', body: { latencyMs: 600 } });
    const first = await slow.query(COMMENT, { t: task.id, b: body });
    expect(first.body.errors[0].extensions).toMatchObject({ code: 'WRITE_OUTCOME_UNKNOWN', idempotencyKey: 'comment-9' });
    await new Promise((resolve) => setTimeout(resolve, 700)); // the sandbox finishes the create it was sent
    await slow.control('/faults', { method: 'DELETE' });
    const landed = [...sandboxStore.comments.values()].filter((c) => c.taskId === task.id && c.text.includes('kickoff'));
    expect(landed).toHaveLength(1);
    expect(landed[0]!.text).not.toBe(body); // stored the way Wrike's editor keeps it
    const retry = await slow.query(COMMENT, { t: task.id, b: body });
    expect(retry.body.data.createComment).toEqual({ comment: { id: landed[0]!.id, body: landed[0]!.text }, userErrors: [] });
    expect([...sandboxStore.comments.values()].filter((c) => c.taskId === task.id && c.text.includes('kickoff'))).toHaveLength(1);
  });

  it('tells the caller the generated key when none was given', async () => {
    const folder = [...slow.server.sandbox!.store.folders.values()].find((f) => f.scope === 'WsFolder' && !f.space)!;
    await slow.control('/faults', { method: 'PUT', body: { latencyMs: 600 } });
    const res = await slow.query(CREATE, { input: { collectionId: folder.id, title: 'No key given' } });
    await slow.control('/faults', { method: 'DELETE' });
    expect(res.body.errors[0].extensions.idempotencyKey).toMatch(/^[0-9a-f-]{36}$/);
  });
});

const UPDATE = `mutation($input: UpdateTicketInput!) { updateTicket(input: $input) {
  ticket { id title priority dueDate startDate status { category } assignees { id } collections { id } parents { id } customFields { field { id } rawValue } }
  userErrors { field message code } } }`;

describe('updateTicket and deleteTicket', () => {
  it('applies add/remove pairs, status, dates and custom fields (null clears)', async () => {
    const task = [...store().tasks.values()].find((t) => t.scope === 'WsTask' && t.parentIds.length === 1 && t.superTaskIds.length === 0 && t.dates.type === 'Planned')!;
    const other = [...store().folders.values()].find((f) => f.scope === 'WsFolder' && !f.space && !task.parentIds.includes(f.id) && store().spaceOfFolder(f.id) === store().spaceOfFolder(task.parentIds[0]!))!;
    const parentTicket = [...store().tasks.values()].find((t) => t.id !== task.id && t.scope === 'WsTask' && t.subTaskIds.length === 0 && t.superTaskIds.length === 0)!;
    const points = field('Numeric');
    const completed = store().workflowForTask(task).customStatuses.find((s) => s.group === 'Completed')!;
    const res = await h.query(UPDATE, {
      input: {
        id: task.id, title: 'Renamed', priority: 'LOW', statusId: completed.id, addAssigneeIds: [person(5)], addCollectionIds: [other.id],
        addParentTicketIds: [parentTicket.id], dueDate: '2027-03-01', customFields: [{ fieldId: points.id, value: 3 }],
      },
    });
    expect(res.body.data.updateTicket.userErrors).toEqual([]);
    const ticket = res.body.data.updateTicket.ticket;
    expect(ticket).toMatchObject({ title: 'Renamed', priority: 'LOW', status: { category: 'COMPLETED' }, dueDate: '2027-03-01T17:00:00', startDate: task.dates.start });
    expect(ticket.assignees.map((a: { id: string }) => a.id)).toContain(person(5));
    expect(ticket.collections.map((c: { id: string }) => c.id)).toEqual([...task.parentIds]);
    expect(ticket.parents).toEqual([{ id: parentTicket.id }]);
    expect(ticket.customFields).toContainEqual({ field: { id: points.id }, rawValue: '3' });
    const undo = await h.query(UPDATE, {
      input: { id: task.id, removeAssigneeIds: [person(5)], removeCollectionIds: [other.id], removeParentTicketIds: [parentTicket.id], customFields: [{ fieldId: points.id, value: null }], startDate: null, dueDate: null },
    });
    const back = undo.body.data.updateTicket.ticket;
    expect(back.assignees.map((a: { id: string }) => a.id)).not.toContain(person(5));
    expect(back.parents).toEqual([]);
    expect(back.customFields.some((v: { field: { id: string } }) => v.field.id === points.id)).toBe(false);
    expect(back.dueDate).toBeNull();
  });

  it('reports an unknown ticket and a cycle as userErrors', async () => {
    const missing = await h.query(UPDATE, { input: { id: 'IEAGAABKKQZZZZZZ', title: 'x' } });
    expect(missing.body.data.updateTicket.userErrors[0].code).toBe('NOT_FOUND');
    const parent = [...store().tasks.values()].find((t) => t.scope === 'WsTask' && t.subTaskIds.length > 0)!;
    const cycle = await h.query(UPDATE, { input: { id: parent.id, addParentTicketIds: [parent.subTaskIds[0]] } });
    expect(cycle.body.data.updateTicket.userErrors[0].code).toBe('WRIKE_REFUSED');
  });

  it('deletes a ticket to the Recycle Bin; it then reads as null', async () => {
    const created = await h.query(CREATE, { input: { collectionId: leafFolder().id, title: 'Short-lived' } });
    const id = created.body.data.createTicket.ticket.id;
    const res = await h.query('mutation($id: ID!) { deleteTicket(input: { id: $id }) { deletedId userErrors { code } } }', { id });
    expect(res.body.data.deleteTicket).toEqual({ deletedId: id, userErrors: [] });
    expect(store().tasks.get(id)!.scope).toBe('RbTask');
    expect((await h.query('query($id: ID!) { ticket(id: $id) { id } }', { id })).body.data.ticket).toBeNull();
    const twice = await h.query('mutation($id: ID!) { deleteTicket(input: { id: $id }) { deletedId userErrors { code } } }', { id });
    expect(twice.body.data.deleteTicket).toEqual({ deletedId: null, userErrors: [{ code: 'NOT_FOUND' }] });
  });

  it('sees its own writes later in the same operation', async () => {
    const task = [...store().tasks.values()].find((t) => t.scope === 'WsTask' && t.parentIds.length > 0)!;
    const res = await h.query(`mutation($id: ID!) {
      before: updateTicket(input: { id: $id }) { ticket { comments(first: 100) { totalCount } } }
      createComment(input: { ticketId: $id, body: "Seen in the same operation" }) { comment { id } }
      after: updateTicket(input: { id: $id, title: "Commented" }) { ticket { title comments(first: 100) { totalCount nodes { body } } } }
    }`, { id: task.id });
    expect(res.body.errors).toBeUndefined();
    const before = res.body.data.before.ticket.comments.totalCount;
    expect(res.body.data.after.ticket.comments.totalCount).toBe(before + 1);
    expect(res.body.data.after.ticket.comments.nodes.map((n: { body: string }) => n.body)).toContain('Seen in the same operation');
  });
});

describe('comments', () => {
  it('creates, edits and deletes a comment; refuses an edit after Wrike\'s window', async () => {
    const task = [...store().tasks.values()].find((t) => t.scope === 'WsTask')!;
    const created = await h.query('mutation($t: ID!) { createComment(input: { ticketId: $t, body: "<p>Status synced</p>", idempotencyKey: "c-1" }) { comment { id body author { id } ticket { id } } userErrors { code } } }', { t: task.id });
    const comment = created.body.data.createComment.comment;
    expect(comment).toMatchObject({ body: '<p>Status synced</p>', author: { id: store().ownerId }, ticket: { id: task.id } });
    const edited = await h.query('mutation($id: ID!) { updateComment(input: { id: $id, body: "Status synced (edited)" }) { comment { body } userErrors { code } } }', { id: comment.id });
    expect(edited.body.data.updateComment.comment.body).toBe('Status synced (edited)');
    const old = [...store().comments.values()].find((c) => c.authorId === store().ownerId && Date.parse(c.createdDate) < Date.now() - 3_600_000)
      ?? Object.assign([...store().comments.values()][0]!, { authorId: store().ownerId });
    const late = await h.query('mutation($id: ID!) { updateComment(input: { id: $id, body: "too late" }) { comment { id } userErrors { code message } } }', { id: old.id });
    expect(late.body.data.updateComment).toMatchObject({ comment: null, userErrors: [{ code: 'WRIKE_REFUSED' }] });
    expect(late.body.data.updateComment.userErrors[0].message).toMatch(/within 5 minutes/);
    const deleted = await h.query('mutation($id: ID!) { deleteComment(input: { id: $id }) { deletedId } }', { id: comment.id });
    expect(deleted.body.data.deleteComment.deletedId).toBe(comment.id);
    expect(store().comments.has(comment.id)).toBe(false);
  });

  it('refuses an empty body with no write', async () => {
    const task = [...store().tasks.values()][0]!;
    const res = await h.query('mutation($t: ID!) { createComment(input: { ticketId: $t, body: " " }) { comment { id } userErrors { field code } } }', { t: task.id });
    expect(res.body.data.createComment.userErrors).toEqual([{ field: ['input', 'body'], code: 'REQUIRED' }]);
    expect(await writes()).toBe(0);
  });
});

describe('attachments', () => {
  it('attaches a base64 file, serves it through a signed download link, and deletes it', async () => {
    const task = [...store().tasks.values()].find((t) => t.scope === 'WsTask')!;
    const bytes = Buffer.from('%PDF-1.4 approved proof\n');
    const res = await h.query('mutation($input: CreateAttachmentInput!) { createAttachment(input: $input) { attachment { id name size contentType downloadUrl ticket { id } } userErrors { code } } }', {
      input: { ticketId: task.id, fileName: 'proof v2.pdf', contentType: 'application/pdf', contentBase64: bytes.toString('base64') },
    });
    const attachment = res.body.data.createAttachment.attachment;
    expect(attachment).toMatchObject({ name: 'proof v2.pdf', size: bytes.length, contentType: 'application/pdf', ticket: { id: task.id } });
    const download = await fetch(attachment.downloadUrl);
    expect(download.status).toBe(200);
    expect(download.headers.get('content-type')).toBe('application/pdf');
    expect(Buffer.from(await download.arrayBuffer()).equals(bytes)).toBe(true);
    const tampered = await fetch(attachment.downloadUrl.replace(/signature=[^&]+/, 'signature=forged'));
    expect(tampered.status).toBe(403);
    const deleted = await h.query('mutation($id: ID!) { deleteAttachment(input: { id: $id }) { deletedId } }', { id: attachment.id });
    expect(deleted.body.data.deleteAttachment.deletedId).toBe(attachment.id);
  });

  it('refuses a file over MAX_ATTACHMENT_BYTES, bad base64 and a path as file name, with no write', async () => {
    const task = [...store().tasks.values()][0]!;
    const attempt = (input: object) => h.query('mutation($input: CreateAttachmentInput!) { createAttachment(input: $input) { attachment { id } userErrors { field code } } }', {
      input: { ticketId: task.id, fileName: 'a.bin', contentBase64: 'AAAA', ...input },
    });
    expect((await attempt({ contentBase64: Buffer.alloc(1001).toString('base64') })).body.data.createAttachment.userErrors[0].code).toBe('TOO_LARGE');
    expect((await attempt({ contentBase64: 'not base64!' })).body.data.createAttachment.userErrors[0].code).toBe('INVALID_VALUE');
    expect((await attempt({ fileName: '../../etc/passwd' })).body.data.createAttachment.userErrors[0].field).toEqual(['input', 'fileName']);
    expect(await writes()).toBe(0);
  });
});

describe('collections', () => {
  it('provisions a project with owners and custom fields, then updates it', async () => {
    const space = [...store().spaces.keys()][0]!;
    const budget = field('Currency');
    const res = await h.query(`mutation($input: CreateCollectionInput!) { createCollection(input: $input) {
      collection { id name type owners { id } customFields { field { id } rawValue } workspace { id } } userErrors { field code } } }`, {
      input: { parentId: space, name: 'Globex rollout', type: 'PROJECT', ownerIds: [person(3)], customFields: [{ fieldId: budget.id, value: 125000 }], idempotencyKey: 'deal-42' },
    });
    expect(res.body.data.createCollection.userErrors).toEqual([]);
    const collection = res.body.data.createCollection.collection;
    expect(collection).toMatchObject({ name: 'Globex rollout', type: 'PROJECT', owners: [{ id: person(3) }], workspace: { id: space } });
    expect(collection.customFields).toEqual([{ field: { id: budget.id }, rawValue: '125000' }]);
    const updated = await h.query('mutation($id: ID!) { updateCollection(input: { id: $id, name: "Globex rollout (won)", description: "<p>Signed</p>" }) { collection { name description } userErrors { code } } }', { id: collection.id });
    expect(updated.body.data.updateCollection.collection).toEqual({ name: 'Globex rollout (won)', description: '<p>Signed</p>' });
    const folderWithOwners = await h.query('mutation { createCollection(input: { parentId: "' + space + '", name: "x", ownerIds: ["KUAAAAAB"] }) { userErrors { field code } } }');
    expect(folderWithOwners.body.data.createCollection.userErrors[0].field).toEqual(['input', 'ownerIds']);
  });
});
