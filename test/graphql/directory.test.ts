import { startSubgraph, type SubgraphHarness } from '../helpers/subgraph';

let h: SubgraphHarness;
beforeAll(async () => {
  h = await startSubgraph();
});
afterAll(() => h.close());
beforeEach(() => h.resetCalls());

const store = () => h.server.sandbox!.store;

describe('the user directory', () => {
  it('lists users with their account roles and groups', async () => {
    const res = await h.query('{ users(first: 100) { totalCount nodes { id name email isExternal role { id name kind } groups { id name } } } }');
    expect(res.body.errors).toBeUndefined();
    const users = res.body.data.users.nodes;
    const people = [...store().contacts.values()].filter((c) => c.type === 'Person' && !c.deleted);
    expect(users.map((u: { id: string }) => u.id).sort()).toEqual(people.map((p) => p.id).sort());
    const roles = new Set(users.map((u: { role: { id: string } }) => u.role.id));
    expect(roles).toEqual(new Set(['ACCOUNT_OWNER', 'ACCOUNT_ADMIN', 'ACCOUNT_REGULAR', 'ACCOUNT_COLLABORATOR', 'ACCOUNT_EXTERNAL']));
    const member = [...store().groups.values()].find((g) => !g.myTeam)!.memberIds[0]!;
    const groups = users.find((u: { id: string }) => u.id === member).groups.map((g: { id: string }) => g.id);
    expect(groups).toEqual(expect.arrayContaining([...store().groups.values()].filter((g) => g.memberIds.includes(member)).map((g) => g.id)));
    // The directory costs a contacts list and a groups list, whatever the page size.
    expect((await h.calls()).byRoute).toEqual({ 'GET /contacts': 1, 'GET /groups': 1 });
  });

  it('nests groups', async () => {
    const res = await h.query('{ groups(first: 50) { nodes { id name parent { id } children { id name } members { id } } } }');
    const groups = res.body.data.groups.nodes;
    const child = groups.find((g: { parent: { id: string } | null }) => g.parent);
    const parent = groups.find((g: { id: string }) => g.id === child.parent.id);
    expect(parent.children.map((c: { id: string }) => c.id)).toContain(child.id);
    const one = await h.query('query($id: ID!) { group(id: $id) { name members { name } } }', { id: child.id });
    expect(one.body.data.group.name).toBe(child.name);
  });

  it('lists account roles and access roles', async () => {
    const res = await h.query('{ roles { id name kind } }');
    const roles = res.body.data.roles;
    expect(roles.filter((r: { kind: string }) => r.kind === 'ACCOUNT')).toHaveLength(5);
    expect(roles.filter((r: { kind: string }) => r.kind === 'ACCESS').map((r: { name: string }) => r.name)).toEqual(['Full', 'Editor', 'Limited', 'Read Only']);
  });

  it('resolves a single user, and null for an unknown one', async () => {
    const id = store().ownerId;
    const res = await h.query('query($id: ID!, $missing: ID!) { user(id: $id) { name role { name } } missing: user(id: $missing) { id } }', { id, missing: 'KUAZZZZZ' });
    expect(res.body.data.user.role.name).toBe('Owner');
    expect(res.body.data.missing).toBeNull();
  });
});

describe('tickets in full', () => {
  it('resolves one ticket with everything', async () => {
    const task = [...store().tasks.values()].find((t) => t.followerIds.length > 0 && t.customFields.length > 0 && t.responsibleIds.length > 0 && t.parentIds.length > 0 && t.description)!;
    const res = await h.query(`query($id: ID!) { ticket(id: $id) {
      id title description priority startDate dueDate createdAt updatedAt completedAt url
      status { id name category color }
      createdBy { id } assignees { id } followers { id } collections { id name type } workspace { id name }
      parents { id } hasSubtasks customFields { __typename rawValue field { id type } }
      comments(first: 5) { totalCount nodes { id body author { id } createdAt } }
      attachments(first: 5) { totalCount nodes { id name size contentType } }
      remoteData
    } }`, { id: task.id });
    expect(res.body.errors).toBeUndefined();
    const ticket = res.body.data.ticket;
    expect(ticket).toMatchObject({
      id: task.id, title: task.title, description: task.description, url: task.permalink,
      priority: task.importance.toUpperCase(), dueDate: task.dates.due ?? null,
    });
    expect(ticket.followers.map((u: { id: string }) => u.id)).toEqual(task.followerIds);
    expect(ticket.assignees.map((u: { id: string }) => u.id)).toEqual(task.responsibleIds);
    expect(ticket.status.category).toBe(task.status.toUpperCase());
    expect(ticket.workspace.id).toBe(store().spaceOfFolder(task.parentIds[0]!));
    expect(ticket.customFields.map((v: { rawValue: string }) => v.rawValue)).toEqual(task.customFields.map((cf) => cf.value));
    expect(ticket.remoteData.id).toBe(task.id);
    expect(ticket.comments.totalCount).toBe([...store().comments.values()].filter((c) => c.taskId === task.id).length);
  });

  it('types every kind of custom-field value, and keeps malformed values as raw text', async () => {
    const numeric = [...store().customFields.values()].find((f) => f.type === 'Numeric')!;
    const malformed = [...store().tasks.values()].find((t) => t.customFields.some((cf) => cf.id === numeric.id && Number.isNaN(Number(cf.value))));
    const ids = [...store().tasks.values()].filter((t) => t.customFields.length >= 4).slice(0, 60).map((t) => t.id);
    if (malformed) ids.push(malformed.id);
    const res = await h.query(`query($r: [_Any!]!) { _entities(representations: $r) { ... on Ticket { id customFields {
      __typename rawValue field { type }
      ... on TextFieldValue { text } ... on NumberFieldValue { number currency } ... on DurationFieldValue { minutes }
      ... on DateFieldValue { date } ... on CheckboxFieldValue { checked } ... on DropdownFieldValue { option }
      ... on MultiSelectFieldValue { options } ... on UserFieldValue { users { id } }
    } } } }`, { r: ids.map((id) => ({ __typename: 'Ticket', id })) });
    expect(res.body.errors).toBeUndefined();
    const values = res.body.data._entities.flatMap((t: { customFields: unknown[] }) => t.customFields);
    const typenames = new Set(values.map((v: { __typename: string }) => v.__typename));
    expect(typenames).toEqual(new Set(['TextFieldValue', 'NumberFieldValue', 'DurationFieldValue', 'DateFieldValue', 'CheckboxFieldValue', 'DropdownFieldValue', 'MultiSelectFieldValue', 'UserFieldValue']));
    const currency = values.find((v: { field: { type: string } }) => v.field.type === 'CURRENCY');
    expect(currency.number).toBe(Number(currency.rawValue));
    expect(currency.currency).toBe('USD');
    const users = values.find((v: { __typename: string }) => v.__typename === 'UserFieldValue');
    expect(users.users.map((u: { id: string }) => u.id)).toEqual(users.rawValue.split(','));
    if (malformed) {
      const bad = res.body.data._entities.at(-1).customFields.find((v: { field: { type: string }; rawValue: string }) => v.field.type === 'NUMBER' && Number.isNaN(Number(v.rawValue)));
      expect(bad.number).toBeNull();
    }
  });

  it('lists ticket statuses of every workflow', async () => {
    const res = await h.query('{ ticketStatuses { id name category workflowName } }');
    const expected = [...store().workflows.values()].flatMap((w) => w.customStatuses);
    expect(res.body.data.ticketStatuses).toHaveLength(expected.length);
  });
});

describe('collections, workspaces, comments, attachments, fields', () => {
  it('navigates workspace → collections → children, and a collection\'s parent and workspace', async () => {
    const res = await h.query('{ workspaces(first: 10) { nodes { id name isArchived collections(first: 30) { nodes { id name type workspace { id } children(first: 10) { nodes { id parent { id } } } } } } } }');
    expect(res.body.errors).toBeUndefined();
    const space = res.body.data.workspaces.nodes[0];
    const top = space.collections.nodes;
    expect(top.map((c: { id: string }) => c.id).sort()).toEqual([...store().folders.get(space.id)!.childIds].sort());
    for (const collection of top) {
      expect(collection.workspace.id).toBe(space.id);
      for (const child of collection.children.nodes) expect(child.parent.id).toBe(collection.id);
    }
  });

  it('filters collections by type and workspace', async () => {
    const space = [...store().spaces.keys()][0]!;
    const res = await h.query('query($w: ID!) { collections(first: 100, filter: { workspaceId: $w, type: PROJECT }) { nodes { id type owners { id } projectStatus } } }', { w: space });
    const projects = res.body.data.collections.nodes;
    const expected = store().folderDescendants(space).filter((id) => store().folders.get(id)!.project);
    expect(projects.map((p: { id: string }) => p.id).sort()).toEqual(expected.sort());
    expect(projects.every((p: { type: string; owners: unknown[] }) => p.type === 'PROJECT' && p.owners.length > 0)).toBe(true);
  });

  it('lists collections whichever mode Wrike answers folder queries in: full models, never the scope itself, Root or Recycle Bin', async () => {
    const space = [...store().spaces.keys()][0]!;
    const fields = 'totalCount nodes { id name type description createdAt updatedAt url }';
    const res = await h.query(`query($w: ID!, $p: ID!) {
      all: collections(first: 100) { ${fields} }
      inSpace: collections(first: 100, filter: { workspaceId: $w }) { ${fields} }
      folders: collections(first: 100, filter: { workspaceId: $w, type: FOLDER }) { nodes { id type } }
      below: collections(first: 100, filter: { parentId: $p }) { nodes { id } }
    }`, { w: space, p: space });
    expect(res.body.errors).toBeUndefined();
    const { all, inSpace, folders, below } = res.body.data;
    const live = [...store().folders.values()].filter((f) => f.scope === 'WsFolder' && !f.space);
    expect(all.nodes.map((c: { id: string }) => c.id).sort()).toEqual(live.map((f) => f.id).sort());
    const spaceIds = store().folderDescendants(space).filter((id) => !store().folders.get(id)!.space);
    expect(inSpace.nodes.map((c: { id: string }) => c.id).sort()).toEqual([...spaceIds].sort());
    expect(inSpace.totalCount).toBe(spaceIds.length);
    // Full models (tree entries carry no dates): loaded by id for the page shown.
    for (const c of [...all.nodes, ...inSpace.nodes]) {
      const folder = store().folders.get(c.id)!;
      expect(c).toMatchObject({ name: folder.title, url: folder.permalink });
      expect([Date.parse(c.createdAt), Date.parse(c.updatedAt)]).toEqual([Date.parse(folder.createdDate), Date.parse(folder.updatedDate)]);
    }
    expect(folders.nodes.length).toBeGreaterThan(0);
    expect(folders.nodes.every((c: { type: string }) => c.type === 'FOLDER')).toBe(true);
    expect(below.nodes.map((c: { id: string }) => c.id)).toEqual(store().folders.get(space)!.childIds.filter((id) => !store().folders.get(id)!.space));
  });

  it('resolves comments and attachments by id, with author and ticket', async () => {
    const comment = [...store().comments.values()][0]!;
    const attachment = [...store().attachments.values()][0]!;
    const res = await h.query('query($c: ID!, $a: ID!) { comment(id: $c) { body author { id } ticket { id } } attachment(id: $a) { name size contentType ticket { id } } }', { c: comment.id, a: attachment.id });
    expect(res.body.data.comment).toEqual({ body: comment.text, author: { id: comment.authorId }, ticket: { id: comment.taskId } });
    expect(res.body.data.attachment).toEqual({ name: attachment.name, size: attachment.size, contentType: attachment.contentType, ticket: { id: attachment.taskId } });
  });

  it('fetches comments of many tickets concurrently, one call per ticket; attachments only for tickets that have some', async () => {
    const res = await h.query('{ tickets(first: 50) { nodes { id comments(first: 3) { nodes { id } } attachments(first: 3) { nodes { id } } } } }');
    expect(res.body.errors).toBeUndefined();
    const nodes = res.body.data.tickets.nodes as { id: string; attachments: { nodes: { id: string }[] } }[];
    const withAttachments = new Set([...store().attachments.values()].map((a) => a.taskId));
    const having = nodes.filter((n) => withAttachments.has(n.id));
    expect(having.length).toBeGreaterThan(0);
    expect(having.length).toBeLessThan(50);
    for (const n of nodes) expect(n.attachments.nodes.length > 0).toBe(withAttachments.has(n.id));
    const calls = await h.calls();
    expect(calls.byRoute['GET /tasks/:taskId/comments']).toBe(50);
    expect(calls.byRoute['GET /tasks/:taskId/attachments']).toBe(having.length);
  });

  it('lists field definitions with their options', async () => {
    const res = await h.query('{ fields(first: 50) { nodes { id name type options isUserDefined currency } } }');
    const fields = res.body.data.fields.nodes;
    expect(new Set(fields.map((f: { type: string }) => f.type)).size).toBe(10);
    const dropdown = fields.find((f: { type: string }) => f.type === 'DROPDOWN');
    expect(dropdown.options).toEqual(['Critical', 'Major', 'Minor', 'Trivial']);
  });
});

describe('priming', () => {
  it('resolves users met in the directory list without another call', async () => {
    const res = await h.query('{ users(first: 5) { nodes { id } } tickets(first: 20) { nodes { createdBy { id name } } } }');
    expect(res.body.errors).toBeUndefined();
    const calls = await h.calls();
    // Whether a creator was primed by the list depends on timing; never more than one contacts batch.
    expect(calls.byRoute['GET /contacts/:ids'] ?? 0).toBeLessThanOrEqual(1);
    const again = await h.query('{ users(first: 100) { nodes { id } } me { id } }');
    expect(again.body.data.me.id).toBe(store().ownerId);
  });
});

describe('people with profiles in several accounts', () => {
  const elsewhere = () => [...store().contacts.values()].filter((c) => c.profiles.length > 1);

  it('are read as members of the connection\'s account, whichever profile Wrike lists first', async () => {
    expect(elsewhere().length).toBeGreaterThan(0);
    expect(elsewhere().every((c) => c.profiles[0]!.accountId !== store().account.id)).toBe(true);
    const res = await h.query('{ users(first: 100) { nodes { id isDeleted role { id } } } }');
    expect(res.body.errors).toBeUndefined();
    for (const person of elsewhere()) {
      // Admin and gone in the other account; a regular, active member here.
      expect(res.body.data.users.nodes.find((u: { id: string }) => u.id === person.id)).toEqual({ id: person.id, isDeleted: false, role: { id: 'ACCOUNT_REGULAR' } });
    }
  });

  it('me is the profile in the connection\'s account', async () => {
    const sandbox = h.server.sandbox!;
    const host = new URL(h.server.sandboxUrl!).host;
    const linked = await h.query('mutation($t: String!, $h: String!) { connectWrikeWithToken(input: { token: $t, host: $h }) { connection { id } } }', { t: sandbox.permanentTokens.regular, h: host });
    const me = await h.query('{ me { id email isDeleted role { id } } }', {}, { 'X-Connection-Id': linked.body.data.connectWrikeWithToken.connection.id });
    const person = store().contacts.get(me.body.data.me.id)!;
    // The seeded regular user is one of them: their other account's profile comes first.
    expect(person.profiles.map((p) => p.accountId)).toEqual([expect.not.stringMatching(store().account.id), store().account.id]);
    expect(me.body.data.me).toEqual({ id: person.id, email: person.primaryEmail, isDeleted: false, role: { id: 'ACCOUNT_REGULAR' } });
  });
});
