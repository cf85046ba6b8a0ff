import type { Rig } from './harness';
import type { SandboxStore } from '../src/sandbox/store';
import type { Task } from '../src/sandbox/model';

/** A benchmarked operation: how to run it, and the floor of Wrike calls and sequential rounds its data dictates. */
export interface Operation {
  name: string;
  /** The floor's formula, in words, next to the numbers. */
  formula: string;
  run(rig: Rig): Promise<unknown>;
  floor(rig: Rig, result: unknown): { calls: number; rounds: number };
  /** Before the warm-up and after the timed runs (not counted). */
  setup?(rig: Rig): Promise<unknown>;
  teardown?(rig: Rig): Promise<unknown>;
}

const SET_SCOPE = 'mutation($i: SetConnectionWorkspacesInput!) { setConnectionWorkspaces(input: $i) { userErrors { code } } }';

const ceil100 = (n: number) => Math.ceil(n / 100);
const tasks = (store: SandboxStore) => [...store.tasks.values()].filter((t) => t.scope === 'WsTask');
const ids = (result: any, pathToNodes: (r: any) => { id: string }[]) => pathToNodes(result).map((n) => n.id);

/** The levels below a task, each task once. */
function levels(store: SandboxStore, root: Task, maxDepth: number): string[][] {
  const seen = new Set([root.id]);
  const out: string[][] = [];
  let frontier = [root];
  for (let d = 0; d < maxDepth && frontier.length > 0; d++) {
    const next = frontier.flatMap((t) => t.subTaskIds).filter((id) => !seen.has(id) && (seen.add(id), true)).map((id) => store.tasks.get(id)!);
    if (next.length) out.push(next.map((t) => t.id));
    frontier = next;
  }
  return out;
}

/** The levels a walk reads before it holds `needed` tickets (it stops after the level that gets there). */
function levelsUntil(tree: string[][], needed: number): string[][] {
  const out: string[][] = [];
  let held = 0;
  for (const level of tree) {
    if (held >= needed) break;
    out.push(level);
    held += level.length;
  }
  return out;
}

export function operations(concurrency: number): Operation[] {
  return [
    {
      name: '100 tickets with assignees, collections, status, custom fields',
      formula: '1 task page + ⌈users/100⌉ + ⌈folders/100⌉ + 1 workflows + 1 field definitions; 2 rounds',
      run: (rig) => rig.gql('{ tickets(first: 100) { nodes { id title status { name } assignees { name } collections { name } customFields { rawValue } } } }'),
      floor: (rig, result) => {
        const page = ids(result, (r) => r.data.tickets.nodes).map((id) => rig.sandbox.store.tasks.get(id)!);
        const users = new Set(page.flatMap((t) => t.responsibleIds));
        const folders = new Set(page.flatMap((t) => t.parentIds));
        return { calls: 1 + ceil100(users.size) + ceil100(folders.size) + 2, rounds: 2 };
      },
    },
    {
      name: 'descendants of a 6-level tree, first 100',
      formula: '1 root + Σ⌈tickets at level/100⌉ over the levels walked until the page and one more are held; 1 + those levels rounds',
      run: (rig) => rig.gql('query($id: ID!) { ticket(id: $id) { descendants(maxDepth: 6, first: 100) { edges { depth node { id title } } } } }', { id: epic(rig.sandbox.store).id }),
      floor: (rig) => {
        const walked = levelsUntil(levels(rig.sandbox.store, epic(rig.sandbox.store), 6), 101);
        return { calls: 1 + walked.reduce((n, level) => n + ceil100(level.length), 0), rounds: 1 + walked.length };
      },
    },
    {
      name: 'three nested subtasks(first: 50) levels',
      formula: '1 ticket + 1 batched round per level (⌈tickets at level/100⌉ calls); 4 rounds',
      run: (rig) => rig.gql('query($id: ID!) { ticket(id: $id) { subtasks(first: 50) { nodes { subtasks(first: 50) { nodes { subtasks(first: 50) { nodes { id } } } } } } } }', { id: epic(rig.sandbox.store).id }),
      floor: (rig) => {
        const tree = levels(rig.sandbox.store, epic(rig.sandbox.store), 3);
        return { calls: 1 + tree.reduce((n, level) => n + ceil100(level.length), 0), rounds: 1 + tree.length };
      },
    },
    {
      name: 'workspaces { collections { children } }',
      formula: '1 spaces + 1 folder tree + ⌈top collections/100⌉ + ⌈their children/100⌉; 4 rounds',
      run: (rig) => rig.gql('{ workspaces(first: 100) { nodes { collections(first: 100) { nodes { id children(first: 100) { nodes { id } } } } } } }'),
      floor: (rig, result: any) => {
        const top = result.data.workspaces.nodes.flatMap((w: any) => w.collections.nodes.map((c: { id: string }) => c.id));
        const children = top.flatMap((id: string) => rig.sandbox.store.folders.get(id)!.childIds);
        return { calls: 2 + ceil100(top.length) + ceil100(children.length), rounds: 4 };
      },
    },
    {
      name: '_entities of 100 tickets, one of them unknown',
      formula: '1 refused batch + 1 without the id Wrike names (at most 2·log2(100)+1 when it names none); 2 rounds',
      run: (rig) => rig.gql('query($r: [_Any!]!) { _entities(representations: $r) { ... on Ticket { id title } } }', {
        r: [...tasks(rig.sandbox.store).slice(0, 50).map((t) => t.id), 'IEAGAABKKQZZZZZZ', ...tasks(rig.sandbox.store).slice(50, 99).map((t) => t.id)]
          .map((id) => ({ __typename: 'Ticket', id })),
      }),
      floor: () => ({ calls: 2, rounds: 2 }),
    },
    {
      name: '50 tickets with comments and attachments',
      formula: `1 task page + 50 comment lists + 1 attachment list per ticket that has attachments; 1 + ⌈lists/${concurrency} (concurrency cap)⌉ rounds`,
      run: (rig) => rig.gql('{ tickets(first: 50) { nodes { id comments(first: 10) { nodes { body } } attachments(first: 10) { nodes { name size } } } } }'),
      floor: (rig, result) => {
        const withAttachments = new Set([...rig.sandbox.store.attachments.values()].map((a) => a.taskId));
        const lists = 50 + ids(result, (r) => r.data.tickets.nodes).filter((id) => withAttachments.has(id)).length;
        return { calls: 1 + lists, rounds: 1 + Math.ceil(lists / concurrency) };
      },
    },
    {
      name: 'user directory with groups and roles',
      formula: '1 contacts list + 1 groups list + 1 access roles (members come from the primed contacts); 1 round',
      run: (rig) => rig.gql('{ users(first: 100) { nodes { name role { name } groups { name } } } groups(first: 50) { nodes { name members { name } } } roles { name } }'),
      floor: () => ({ calls: 3, rounds: 1 }),
    },
    {
      name: 'workspace → collections → tickets, three deep',
      formula: '1 spaces + 1 folder tree + ⌈collections/100⌉ + 1 task page per collection; 4 rounds',
      run: (rig) => rig.gql('{ workspaces(first: 3) { nodes { name collections(first: 5) { nodes { name tickets(first: 5) { nodes { title } } } } } } }'),
      floor: (_rig, result: any) => {
        const workspaces = result.data.workspaces.nodes;
        const collections = workspaces.reduce((n: number, w: any) => n + w.collections.nodes.length, 0);
        return { calls: 2 + ceil100(collections) + collections, rounds: 4 };
      },
    },
    {
      name: '_entities with 500 Ticket representations',
      formula: '⌈500/100⌉ task calls; 1 round',
      run: (rig) => rig.gql('query($r: [_Any!]!) { _entities(representations: $r) { ... on Ticket { id title } } }', {
        r: tasks(rig.sandbox.store).slice(0, 500).map((t) => ({ __typename: 'Ticket', id: t.id })),
      }),
      floor: () => ({ calls: 5, rounds: 1 }),
    },
    {
      name: 'paging 2,000 tickets, 100 at a time',
      formula: '1 task page per request; 20 rounds (20 requests, one after the other)',
      run: async (rig) => {
        let after: string | null = null;
        for (let page = 0; page < 20; page++) {
          const res: any = await rig.gql('query($a: String) { tickets(first: 100, after: $a, filter: { includeSubtasks: true }) { pageInfo { endCursor } nodes { id } } }', { a: after });
          after = res.data.tickets.pageInfo.endCursor;
        }
      },
      floor: () => ({ calls: 20, rounds: 20 }),
    },
    {
      name: 'paging 2,000 tickets, 100 at a time, a ticket created, one edited and one deleted between pages',
      formula: '1 task page per request + the 3 writes made through Wrike between pages (not by the subgraph); 20 + 19 × 3 rounds',
      run: async (rig) => {
        let after: string | null = null;
        const folder = [...rig.sandbox.store.folders.values()].find((f) => f.scope === 'WsFolder' && !f.space)!;
        for (let page = 0; page < 20; page++) {
          const res: any = await rig.gql('query($a: String) { tickets(first: 100, after: $a) { pageInfo { endCursor } nodes { id } } }', { a: after });
          after = res.data.tickets.pageInfo.endCursor;
          if (page === 19) break;
          const [edited, deleted] = res.data.tickets.nodes.slice(-2).map((n: { id: string }) => n.id);
          await rig.wrike('POST', `/folders/${folder.id}/tasks`, { title: `Created between pages ${page}` });
          await rig.wrike('PUT', `/tasks/${edited}`, { title: `Edited between pages ${page}` });
          await rig.wrike('DELETE', `/tasks/${deleted}`);
        }
      },
      floor: () => ({ calls: 20 + 19 * 3, rounds: 20 + 19 * 3 }),
    },
    {
      name: 'one ticket with everything',
      formula: '1 task; then 1 each of workflows, field definitions, folder tree, spaces, comments (+ attachments when it has any) + ⌈people/100⌉ + ⌈folders/100⌉ + ⌈sub-tasks/100⌉; 2 rounds',
      run: (rig) => rig.gql(`query($id: ID!) { ticket(id: $id) {
        title description status { name } priority assignees { name } followers { name } createdBy { name }
        collections { name } workspace { name } parents { id } ancestors { id } hasSubtasks
        subtasks(first: 20) { nodes { title } } customFields { rawValue }
        comments(first: 20) { nodes { body } } attachments(first: 20) { nodes { name } } } }`, { id: rich(rig.sandbox.store).id }),
      floor: (rig) => {
        const t = rich(rig.sandbox.store);
        const people = new Set([...t.responsibleIds, ...t.followerIds, ...t.authorIds]);
        const attachments = [...rig.sandbox.store.attachments.values()].some((a) => a.taskId === t.id) ? 1 : 0;
        return { calls: 1 + 5 + attachments + ceil100(people.size) + ceil100(t.parentIds.length) + ceil100(t.subTaskIds.length), rounds: 2 };
      },
    },
    {
      name: 'createTicket with custom fields',
      formula: '1 field definitions + 1 contacts (assignees checked) + 1 create; 2 rounds',
      run: (rig) => {
        const store = rig.sandbox.store;
        const field = (type: string) => [...store.customFields.values()].find((f) => f.type === type && f.title !== 'Sprint')!.id;
        const folder = [...store.folders.values()].find((f) => f.scope === 'WsFolder' && !f.space)!;
        return rig.gql(`mutation($input: CreateTicketInput!) { createTicket(input: $input) { ticket { id } userErrors { message } } }`, {
          input: {
            collectionId: folder.id, title: 'Benchmark ticket', priority: 'HIGH', assigneeIds: [store.activePeople()[3]!.id],
            customFields: [{ fieldId: field('Numeric'), value: 5 }, { fieldId: field('DropDown'), value: 'Major' }, { fieldId: field('Checkbox'), value: true }],
          },
        });
      },
      floor: () => ({ calls: 3, rounds: 2 }),
    },
    {
      name: 'billing: a month of time in a workspace, hours per user',
      formula: '1 time-log list (the workspace, the month: Wrike filters both) + ⌈users/100⌉; 2 rounds',
      run: (rig) => rig.gql('query($f: TimeLogFilter) { timeLogs(filter: $f, first: 0) { totalCount totalMinutes byUser { user { name } minutes billableMinutes } } }', {
        f: { workspaceId: busiestSpace(rig.sandbox.store), trackedDateFrom: '2026-03-01', trackedDateTo: '2026-03-31' },
      }),
      floor: (_rig, result: any) => ({ calls: 1 + ceil100(result.data.timeLogs.byUser.length), rounds: 2 }),
    },
    {
      name: 'tickets(first: 100) on a connection limited to one workspace',
      formula: '1 task page of the space (Wrike filters by space; nothing outside is read); 1 round',
      setup: (rig) => rig.gql(SET_SCOPE, { i: { connectionId: 'default', workspaceIds: [busiestSpace(rig.sandbox.store)] } }),
      teardown: (rig) => rig.gql(SET_SCOPE, { i: { connectionId: 'default', workspaceIds: null } }),
      run: (rig) => rig.gql('{ tickets(first: 100) { nodes { id title } } }'),
      floor: () => ({ calls: 1, rounds: 1 }),
    },
    {
      name: 'ticket search by assignee and status',
      formula: '1 task page (filters passed to Wrike); 1 round',
      run: (rig) => rig.gql('query($u: ID!) { tickets(first: 50, filter: { assigneeIds: [$u], statusCategories: [ACTIVE] }) { nodes { id title } } }', {
        u: tasks(rig.sandbox.store).find((t) => t.responsibleIds.length > 0)!.responsibleIds[0],
      }),
      floor: () => ({ calls: 1, rounds: 1 }),
    },
  ];
}

/** The space with the most time logged. */
function busiestSpace(store: SandboxStore): string {
  const spaces = [...store.folders.values()].filter((f) => f.space);
  const logged = (spaceId: string) => {
    const inside = new Set([spaceId, ...store.folderDescendants(spaceId)]);
    return [...store.timelogs.values()].filter((l) => [...store.tasks.get(l.taskId)!.parentIds].some((id) => inside.has(id))).length;
  };
  return spaces.map((s) => ({ id: s.id, n: logged(s.id) })).sort((a, b) => b.n - a.n)[0]!.id;
}

export function epic(store: SandboxStore): Task {
  return [...store.tasks.values()].find((t) => t.title === 'Platform rewrite (epic)')!;
}

/** A top-level ticket with sub-tasks, people and custom fields: the "everything" case. */
function rich(store: SandboxStore): Task {
  return tasks(store).find((t) => t.superTaskIds.length === 0 && t.subTaskIds.length > 0 && t.followerIds.length > 0 && t.responsibleIds.length > 0 && t.customFields.length > 0)
    ?? tasks(store).find((t) => t.subTaskIds.length > 0)!;
}
