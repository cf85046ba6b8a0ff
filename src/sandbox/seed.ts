import { Random } from './random';
import { IdFactory, accountIdFromSeed } from './ids';
import { SandboxStore } from './store';
import type {
  Contact, CustomField, CustomFieldValue, Dependency, Folder, Importance, Task, TaskDates, TaskStatus, Workflow,
} from './model';
import { profileIn } from './model';
import {
  COMMENT_TEXTS, FIRST_NAMES, FOLDER_NAMES, LAST_NAMES, SPACE_NAMES, TASK_OBJECTS, TASK_VERBS, TIMEZONES,
} from './seed-words';

export interface SeedOptions {
  /** PRNG seed: the same seed and sizes always give the same data and ids. */
  seed: number;
  /** Number of tasks, sub-tasks included. */
  tasks: number;
}

/** The other account some people also belong to (Wrike lists a person's profiles in every account). */
export const OTHER_ACCOUNT_ID = 'IEAXTRNL';

export const SEED_SIZES = { small: 300, demo: 2000, large: 50000 } as const;
export type SeedSize = keyof typeof SEED_SIZES;

/** Every seeded timestamp lies before this instant, so seeded data never looks "just edited". */
const SEED_EPOCH = Date.parse('2026-06-01T09:00:00Z');
const DAY = 86_400_000;

export function wrikeTimestamp(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

function wrikeDate(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

/** Builds a whole account. Deterministic for a given seed and size. */
export function seedStore(options: SeedOptions): SandboxStore {
  const random = new Random(options.seed);
  const accountId = accountIdFromSeed(options.seed);
  const ids = new IdFactory(accountId);
  const store = new SandboxStore(
    {
      id: accountId,
      name: 'Acme Robotics (sandbox)',
      dateFormat: 'dd/MM/yyyy',
      firstDayOfWeek: 'Mon',
      workDays: ['Mon', 'Tue', 'Wed', 'Thu', 'Fri'],
      rootFolderId: `${accountId}I7777777`,
      recycleBinId: `${accountId}I7777776`,
      createdDate: wrikeTimestamp(SEED_EPOCH - 900 * DAY),
      joinedDate: wrikeTimestamp(SEED_EPOCH - 900 * DAY),
    },
    ids,
  );
  const when = (maxDaysAgo: number) => SEED_EPOCH - random.int(1, maxDaysAgo * 24) * 3_600_000;

  seedAccessRoles(store);
  const people = seedPeople(store, random, Math.min(400, Math.max(15, Math.round(options.tasks / 80))));
  seedGroups(store, random, people);
  const workflows = seedWorkflows(store);
  const rootFolders = seedRootFolders(store);
  const spaces = seedSpaces(store, random, options.tasks, workflows, people, when);
  seedCustomFields(store, rootFolders.root, spaces[0] as string);
  seedTasks(store, random, options.tasks, people, when);
  seedCommentsAndAttachments(store, random, people);
  seedDependencies(store);
  // Its own generator, so that adding time logs left every other seeded value as it was.
  seedTimelogs(store, new Random(options.seed ^ 0x7119), people);
  return store;
}

/** Every 20th top-level task waits on the next task of its folder (FinishToStart); every 100th also starts with it. */
function seedDependencies(store: SandboxStore): void {
  const byFolder = new Map<string, string[]>();
  for (const task of store.tasks.values()) {
    if (task.scope !== 'WsTask' || task.superTaskIds.length > 0 || !task.parentIds[0]) continue;
    byFolder.set(task.parentIds[0], [...(byFolder.get(task.parentIds[0]) ?? []), task.id]);
  }
  let n = 0;
  for (const ids of byFolder.values()) {
    for (let i = 0; i + 1 < ids.length; i++) {
      n++;
      if (n % 20 !== 0) continue;
      link(ids[i + 1] as string, ids[i] as string, 'FinishToStart');
      if (n % 100 === 0 && i + 2 < ids.length) link(ids[i + 2] as string, ids[i] as string, 'StartToStart');
    }
  }
  function link(predecessorId: string, successorId: string, relationType: Dependency['relationType']) {
    const id = store.ids.dependency();
    store.dependencies.set(id, { id, predecessorId, successorId, relationType });
    store.tasks.get(predecessorId)!.dependencyIds.push(id);
    store.tasks.get(successorId)!.dependencyIds.push(id);
  }
}

const TIMELOG_CATEGORIES = ['Development', 'Design', 'Meetings', 'Support', 'Travel (hidden)'];
const TIMELOG_COMMENTS = ['', 'Pairing session', 'Code review', 'Client call', 'Investigating the failure', 'Write-up', 'Testing on site'];

/**
 * Categories, then time on about a third of the tasks: 1 to 6 entries each, by one of the task's assignees (or any
 * active employee), tracked on a weekday of the six months before the seed epoch, in quarter hours up to a day.
 */
function seedTimelogs(store: SandboxStore, random: Random, people: Contact[]): void {
  const categories = TIMELOG_CATEGORIES.map((name, order) => {
    const id = store.ids.classic('timelogCategory');
    const category = { id, name: name.replace(' (hidden)', ''), order, hidden: name.endsWith('(hidden)') };
    store.timelogCategories.set(id, category);
    return category;
  });
  const staff = people.filter((p) => {
    const profile = profileIn(p, store.account.id);
    return !p.deleted && p.type === 'Person' && profile?.active && !profile.external && profile.role === 'User';
  });
  for (const task of store.tasks.values()) {
    if (task.scope !== 'WsTask' || !random.chance(0.33)) continue;
    const from = Math.max(Date.parse(task.createdDate), SEED_EPOCH - 180 * DAY);
    for (let n = random.int(1, 6); n > 0; n--) {
      let day = from + random.int(0, Math.max(0, Math.floor((SEED_EPOCH - from) / DAY) - 1)) * DAY;
      while ([0, 6].includes(new Date(day).getUTCDay())) day -= DAY;
      const created = day + random.int(9, 19) * 3_600_000;
      const assignees = task.responsibleIds.filter((id) => staff.some((p) => p.id === id));
      const category = random.chance(0.8) ? random.pick(categories.filter((c) => !c.hidden)) : undefined;
      const id = store.ids.classic('timelog');
      store.timelogs.set(id, {
        id,
        taskId: task.id,
        userId: assignees.length > 0 ? random.pick(assignees) : random.pick(staff).id,
        ...(category ? { categoryId: category.id } : {}),
        billingType: random.chance(0.7) ? 'Billable' : 'NonBillable',
        hours: random.int(1, 32) / 4,
        createdDate: wrikeTimestamp(created),
        updatedDate: wrikeTimestamp(created),
        trackedDate: wrikeDate(day),
        comment: random.pick(TIMELOG_COMMENTS),
      });
    }
  }
}

function seedAccessRoles(store: SandboxStore): void {
  const roles = [
    ['Full', 'Can edit, delete and share items, and manage the space'],
    ['Editor', 'Can edit items and create new ones'],
    ['Limited', 'Can comment, attach files and change statuses'],
    ['Read Only', 'Can view items and leave comments'],
  ] as const;
  roles.forEach(([title, description], i) => {
    const id = `${store.account.id}ND77777${'ABCD'[i]}`;
    store.accessRoles.set(id, { id, title, description });
  });
}

function seedPeople(store: SandboxStore, random: Random, count: number): Contact[] {
  const people: Contact[] = [];
  for (let i = 0; i < count; i++) {
    const firstName = FIRST_NAMES[i % FIRST_NAMES.length] as string;
    const lastName = LAST_NAMES[(i * 7 + Math.floor(i / FIRST_NAMES.length)) % LAST_NAMES.length] as string;
    // Roles: the owner first, then two admins, three collaborators, two externals, two deleted users, then regulars.
    const kind =
      i === 0 ? 'owner' : i <= 2 ? 'admin' : i <= 5 ? 'collaborator' : i <= 7 ? 'external' : i <= 9 ? 'deleted' : 'regular';
    const domain = kind === 'external' ? 'partner.example' : 'acme.example';
    const suffix = i >= FIRST_NAMES.length ? String(i) : '';
    const email = `${firstName}.${lastName}${suffix}@${domain}`.toLowerCase();
    const contact: Contact = {
      id: store.ids.contact(),
      firstName,
      lastName,
      type: 'Person',
      profiles: [
        // Every fifth regular also has a profile in another account, listed first: an admin there, since gone.
        ...(kind === 'regular' && i % 5 === 0 ? [{
          accountId: OTHER_ACCOUNT_ID, email: `${firstName}.${lastName}${suffix}@elsewhere.example`.toLowerCase(),
          role: 'User' as const, external: false, admin: true, owner: false, active: false,
        }] : []),
        {
          accountId: store.account.id,
          email,
          role: kind === 'collaborator' ? 'Collaborator' : 'User',
          external: kind === 'external',
          admin: kind === 'admin' || kind === 'owner',
          owner: kind === 'owner',
          active: kind !== 'deleted',
        },
      ],
      avatarUrl: `https://www.wrike.com/avatars/${firstName[0]}${lastName[0]}.png`,
      timezone: random.pick(TIMEZONES),
      locale: 'en',
      deleted: kind === 'deleted',
      title: kind === 'owner' ? 'CEO' : kind === 'external' ? 'Contractor' : random.pick(['Engineer', 'Designer', 'Manager', 'Analyst']),
      companyName: kind === 'external' ? 'Partner Co' : 'Acme Robotics',
      primaryEmail: email,
      metadata: [],
    };
    store.contacts.set(contact.id, contact);
    people.push(contact);
  }
  store.ownerId = (people[0] as Contact).id;
  return people;
}

function seedGroups(store: SandboxStore, random: Random, people: Contact[]): void {
  const active = people.filter((p) => !p.deleted);
  const make = (title: string, parent?: string) => {
    const id = store.ids.group();
    const members = random.sample(active, random.int(2, Math.min(8, active.length))).map((p) => p.id);
    store.groups.set(id, {
      id, accountId: store.account.id, title, memberIds: members, childIds: [], parentIds: parent ? [parent] : [],
      avatarUrl: `https://www.wrike.com/avatars/${title.slice(0, 2).toUpperCase()}.png`, myTeam: false, metadata: [],
    });
    if (parent) store.groups.get(parent)?.childIds.push(id);
    // Groups are contacts too (type Group), listed by /contacts with their members.
    store.contacts.set(id, {
      id, firstName: title, lastName: '', type: 'Group', profiles: [], avatarUrl: '', timezone: 'Z', locale: 'en',
      deleted: false, memberIds: members, metadata: [],
    });
    return id;
  };
  const engineering = make('Engineering');
  const backend = make('Backend', engineering);
  make('Platform on-call', backend);
  make('Frontend', engineering);
  make('Design');
  const sales = make('Sales');
  make('EMEA Sales', sales);
  // "My Team" is Wrike's built-in group of every active user.
  const myTeam = make('My Team');
  const team = store.groups.get(myTeam);
  if (team) {
    team.myTeam = true;
    team.memberIds = active.map((p) => p.id);
  }
}

function seedWorkflows(store: SandboxStore): Workflow[] {
  const statusesOf = (defs: [string, TaskStatus, string, boolean][]) =>
    defs.map(([name, group, color, standard]) => ({
      id: store.ids.classic('customStatus'), name, standardName: standard, color, standard, group, hidden: false,
    }));
  const defaultWorkflow: Workflow = {
    id: `${store.account.id}K777777Q`,
    name: 'Default Workflow',
    standard: true,
    hidden: false,
    customStatuses: statusesOf([
      ['Active', 'Active', 'Blue', true],
      ['In Progress', 'Active', 'Turquoise', false],
      ['Completed', 'Completed', 'Green', true],
      ['On Hold', 'Deferred', 'Gray', true],
      ['Cancelled', 'Cancelled', 'Red', true],
    ]),
  };
  const bugs: Workflow = {
    id: store.ids.classic('workflow'),
    name: 'Bug Tracking',
    standard: false,
    hidden: false,
    customStatuses: statusesOf([
      ['Triage', 'Active', 'Purple', true],
      ['In Review', 'Active', 'Indigo', false],
      ['Fixed', 'Completed', 'Green', true],
      ['Blocked', 'Deferred', 'Orange', true],
      ["Won't Fix", 'Cancelled', 'Brown', true],
    ]),
  };
  const marketing: Workflow = {
    id: store.ids.classic('workflow'),
    name: 'Content Pipeline',
    standard: false,
    hidden: false,
    customStatuses: statusesOf([
      ['Idea', 'Active', 'YellowGreen', true],
      ['Drafting', 'Active', 'Yellow', false],
      ['Published', 'Completed', 'DarkCyan', true],
      ['Parked', 'Deferred', 'Gray', true],
      ['Dropped', 'Cancelled', 'Red', true],
    ]),
  };
  for (const workflow of [defaultWorkflow, bugs, marketing]) store.workflows.set(workflow.id, workflow);
  return [defaultWorkflow, bugs, marketing];
}

function emptyFolder(store: SandboxStore, id: string, title: string, scope: Folder['scope'], created: number): Folder {
  return {
    id, accountId: store.account.id, title, createdDate: wrikeTimestamp(created), updatedDate: wrikeTimestamp(created),
    description: '', briefDescription: '', color: 'None', sharedIds: [], parentIds: [], childIds: [], superParentIds: [],
    scope, hasAttachments: false, attachmentCount: 0, permalink: store.nextPermalink(), workflowId: '', metadata: [],
    customFields: [], customColumnIds: [], space: false,
  };
}

function seedRootFolders(store: SandboxStore): { root: string } {
  const created = SEED_EPOCH - 900 * DAY;
  store.folders.set(store.account.rootFolderId, emptyFolder(store, store.account.rootFolderId, 'Root', 'WsRoot', created));
  store.folders.set(store.account.recycleBinId, emptyFolder(store, store.account.recycleBinId, 'Recycle Bin', 'RbRoot', created));
  return { root: store.account.rootFolderId };
}

function link(store: SandboxStore, parentId: string, child: Folder): void {
  child.parentIds.push(parentId);
  store.folders.get(parentId)?.childIds.push(child.id);
  store.folders.set(child.id, child);
}

/** Spaces with folder trees and projects. Returns the space ids. */
function seedSpaces(
  store: SandboxStore, random: Random, taskCount: number, workflows: Workflow[], people: Contact[],
  when: (maxDaysAgo: number) => number,
): string[] {
  const spaceCount = taskCount <= 2000 ? 4 : 8;
  const foldersPerSpace = Math.max(6, Math.min(160, Math.round(taskCount / spaceCount / 40)));
  const active = people.filter((p) => !p.deleted && profileIn(p, store.account.id)?.role === 'User');
  const roles = [...store.accessRoles.keys()];
  const spaceIds: string[] = [];
  for (let s = 0; s < spaceCount; s++) {
    const title = SPACE_NAMES[s % SPACE_NAMES.length] as string;
    const workflow = (s === 0 ? workflows[1] : s === 2 ? workflows[2] : workflows[0]) as Workflow;
    const id = s % 2 === 0 ? store.ids.classic('folder') : store.ids.modern();
    const folder = emptyFolder(store, id, title, 'WsFolder', when(800));
    folder.space = true;
    folder.workflowId = workflow.id;
    folder.description = `<p>Everything the ${title} team works on.</p>`;
    folder.sharedIds = active.map((p) => p.id);
    link(store, store.account.rootFolderId, folder);
    store.spaces.set(id, {
      id, title, avatarUrl: `https://www.wrike.com/spaces/${id}.png`, accessType: s === 1 ? 'Private' : 'Public',
      archived: s === spaceCount - 1 && spaceCount > 4, description: folder.description,
      guestRoleId: s === 1 ? undefined : roles[3], defaultProjectWorkflowId: workflow.id, defaultTaskWorkflowId: workflow.id,
      members: random.sample(active, Math.min(active.length, 6)).map((p, i) => ({
        id: p.id, accessRoleId: roles[i === 0 ? 0 : 1] as string, isManager: i === 0,
      })),
    });
    spaceIds.push(id);

    // A folder tree three levels deep; about a third of the folders are projects.
    const level1: string[] = [];
    let made = 0;
    const makeFolder = (parentId: string, depth: number): string => {
      made++;
      const fid = made % 3 === 0 ? store.ids.modern() : store.ids.classic('folder');
      const name = `${random.pick(FOLDER_NAMES)}${depth > 1 ? ` ${made}` : ''}`;
      const child = emptyFolder(store, fid, name, 'WsFolder', when(700));
      child.workflowId = workflow.id;
      child.description = random.chance(0.5) ? `<p>${name}: goals, owners and deadlines.</p>` : '';
      child.sharedIds = folder.sharedIds;
      if (random.chance(0.35)) {
        const start = when(300);
        child.project = {
          authorId: random.pick(active).id,
          ownerIds: random.sample(active, random.int(1, 2)).map((p) => p.id),
          status: random.pick(['Green', 'Yellow', 'Red', 'Completed', 'OnHold'] as const),
          startDate: wrikeDate(start),
          endDate: wrikeDate(start + random.int(14, 120) * DAY),
          createdDate: wrikeTimestamp(start - DAY),
        };
      }
      link(store, parentId, child);
      return fid;
    };
    while (made < foldersPerSpace) {
      const top = makeFolder(id, 1);
      level1.push(top);
      for (let c = random.int(1, 3); c > 0 && made < foldersPerSpace; c--) {
        const mid = makeFolder(top, 2);
        if (random.chance(0.4) && made < foldersPerSpace) makeFolder(mid, 3);
      }
    }
  }
  for (const folder of store.folders.values()) {
    if (folder.scope === 'WsFolder') folder.superParentIds = store.folderAncestors(folder.id).filter((a) => a !== store.account.rootFolderId);
  }
  return spaceIds;
}

function seedCustomFields(store: SandboxStore, rootId: string, firstSpaceId: string): void {
  const defs: [string, CustomField['type'], Record<string, unknown>, string[]][] = [
    ['Customer', 'Text', {}, [rootId]],
    ['Severity', 'DropDown', { values: ['Critical', 'Major', 'Minor', 'Trivial'], allowOtherValues: false }, [rootId]],
    ['Story points', 'Numeric', { decimalPlaces: 0, useThousandsSeparator: false, aggregation: 'Sum' }, [rootId]],
    ['Budget', 'Currency', { decimalPlaces: 2, currency: 'USD', aggregation: 'Sum' }, [rootId]],
    ['Confidence', 'Percentage', { decimalPlaces: 0 }, [rootId]],
    ['Go-live date', 'Date', { allowTime: false }, [rootId]],
    ['Estimate', 'Duration', {}, [rootId]],
    ['Customer visible', 'Checkbox', {}, [rootId]],
    ['Reviewers', 'Contacts', { contacts: [] }, [rootId]],
    ['Platforms', 'Multiple', { values: ['iOS', 'Android', 'Web', 'Desktop'], allowOtherValues: false }, [rootId]],
    // Shared to one space only: writing it on a task elsewhere is refused, as Wrike refuses unshared fields.
    ['Sprint', 'Text', {}, [firstSpaceId]],
  ];
  for (const [title, type, settings, sharedIds] of defs) {
    const id = store.ids.classic('customField');
    store.customFields.set(id, {
      id, accountId: store.account.id, title, type, sharedIds,
      settings: { inheritanceType: 'All', ...settings },
    });
  }
}

function customFieldValue(field: CustomField, random: Random, people: Contact[]): string {
  const options = (field.settings.values as string[] | undefined) ?? [];
  switch (field.type) {
    case 'Text': return field.title === 'Sprint' ? `Sprint ${random.int(1, 40)}` : random.pick(['Globex', 'Initech', 'Umbrella', 'Hooli', 'Stark Industries']);
    case 'DropDown': return random.pick(options);
    case 'Numeric': return String(random.pick([1, 2, 3, 5, 8, 13]));
    case 'Currency': return (random.int(100, 500000) / 100).toFixed(2);
    case 'Percentage': return String(random.int(0, 100));
    case 'Date': return wrikeDate(SEED_EPOCH + random.int(-60, 180) * DAY);
    case 'Duration': return String(random.int(1, 40) * 60);
    case 'Checkbox': return random.chance(0.5) ? 'true' : 'false';
    case 'Contacts': return random.sample(people, random.int(1, 2)).map((p) => p.id).join(',');
    case 'Multiple': return random.sample(options, random.int(1, 3)).join(',');
  }
}

/** Values as users really leave them: a few do not parse as their field's type. */
const MALFORMED: Partial<Record<CustomField['type'], string>> = {
  Numeric: 'about 5', Date: 'next week', Checkbox: 'maybe', Currency: '$1,200',
};

function seedTasks(
  store: SandboxStore, random: Random, count: number, people: Contact[], when: (maxDaysAgo: number) => number,
): void {
  const active = people.filter((p) => !p.deleted);
  const everyone = people;
  const fields = [...store.customFields.values()];
  const leafFolders = [...store.folders.values()].filter((f) => f.scope === 'WsFolder' && !f.space);
  const topLevel: Task[] = [];

  const makeTask = (folderIds: string[], superTask: Task | undefined, title?: string): Task => {
    const folderOfTask = folderIds[0] ?? (superTask ? store.taskFolderIds(superTask)[0] : undefined) ?? store.account.rootFolderId;
    const workflow = store.workflowForFolder(folderOfTask);
    const customStatus = random.chance(0.65)
      ? random.pick(workflow.customStatuses.filter((s) => s.group === 'Active'))
      : random.pick(workflow.customStatuses);
    const created = when(365);
    const updated = Math.min(SEED_EPOCH - 60_000, created + random.int(0, 60) * DAY);
    const dates = randomDates(random, created);
    const author = random.pick(active);
    const id = random.chance(0.3) ? store.ids.modern() : store.ids.classic('task');
    const spaceId = store.spaceOfFolder(folderOfTask);
    const sharedFields = fields.filter((f) => f.sharedIds.some((s) => s === store.account.rootFolderId || s === spaceId));
    const customFields: CustomFieldValue[] = random
      .sample(sharedFields, random.int(0, 5))
      .map((f) => ({ id: f.id, value: random.chance(0.02) && MALFORMED[f.type] ? (MALFORMED[f.type] as string) : customFieldValue(f, random, active) }));
    const task: Task = {
      id, accountId: store.account.id,
      title: title ?? `${random.pick(TASK_VERBS)} ${random.pick(TASK_OBJECTS)}`,
      description: random.chance(0.7) ? `<p>${random.pick(COMMENT_TEXTS)}</p><ul><li>Owner: ${author.firstName}</li></ul>` : '',
      briefDescription: '',
      parentIds: [...folderIds], superParentIds: [], sharedIds: [], responsibleIds: random.sample(random.chance(0.05) ? everyone : active, random.int(0, 3)).map((p) => p.id),
      status: customStatus.group, importance: random.pick<Importance>(['High', 'Normal', 'Normal', 'Normal', 'Low']),
      createdDate: wrikeTimestamp(created), updatedDate: wrikeTimestamp(updated),
      completedDate: customStatus.group === 'Completed' ? wrikeTimestamp(updated) : undefined,
      dates, scope: 'WsTask', authorIds: [author.id], customStatusId: customStatus.id,
      hasAttachments: false, attachmentCount: 0, permalink: store.nextPermalink(),
      priority: (0x800000 + store.tasks.size * 16).toString(16).padStart(24, '0'),
      followedByMe: false, followerIds: random.sample(active, random.int(0, 2)).map((p) => p.id), recurrent: false,
      superTaskIds: [], subTaskIds: [], dependencyIds: [], metadata: [], customFields,
    };
    task.briefDescription = task.description.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ').trim().slice(0, 120);
    task.sharedIds = [...new Set([author.id, ...task.responsibleIds])];
    task.followedByMe = task.followerIds.includes(store.ownerId);
    store.tasks.set(id, task);
    if (superTask) {
      task.superTaskIds.push(superTask.id);
      superTask.subTaskIds.push(id);
      store.refreshSuperParents(id);
    } else {
      topLevel.push(task);
    }
    return task;
  };

  // 1. A deep epic in the first space: seven levels of sub-tasks under one task, branching near the top.
  const engineeringSpace = [...store.spaces.keys()][0] as string;
  const engineeringFolders = leafFolders.filter((f) => store.spaceOfFolder(f.id) === engineeringSpace);
  const epicFolder = (engineeringFolders[0] ?? leafFolders[0]) as Folder;
  const epic = makeTask([epicFolder.id], undefined, 'Platform rewrite (epic)');
  let level = [epic];
  for (let depth = 1; depth <= 7; depth++) {
    const next: Task[] = [];
    for (const parent of level) {
      const children = depth <= 2 ? 3 : depth <= 4 ? 2 : 1;
      for (let c = 0; c < children; c++) next.push(makeTask([], parent, `Rewrite step L${depth}.${next.length + 1}`));
    }
    level = next;
  }
  // 2. A diamond: one sub-task with two super-tasks.
  const [left, right] = epic.subTaskIds.map((id) => store.tasks.get(id) as Task);
  if (left && right) {
    const shared = makeTask([], left, 'Shared migration checklist (two parents)');
    shared.superTaskIds.push(right.id);
    right.subTaskIds.push(shared.id);
    store.refreshSuperParents(shared.id);
  }
  // 3. A task that lives in two folders.
  const second = (engineeringFolders[1] ?? leafFolders[1]) as Folder;
  makeTask([epicFolder.id, second.id], undefined, 'Security review sign-off (two folders)');

  // 4. The rest: three quarters top-level tasks spread over folders, a quarter sub-tasks of earlier tasks.
  while (store.tasks.size < count) {
    if (topLevel.length > 10 && random.chance(0.25)) {
      // Never under the epic or the two-folder task, so their shapes stay as built above.
      const parent = topLevel[random.int(2, topLevel.length - 1)] as Task;
      const child = makeTask([], parent);
      if (random.chance(0.3)) makeTask([], child);
    } else {
      makeTask([random.pick(leafFolders).id], undefined);
    }
  }
}

function randomDates(random: Random, created: number): TaskDates {
  const roll = random.next();
  if (roll < 0.3) return { type: 'Backlog' };
  const startDay = created + random.int(0, 30) * DAY;
  const start = `${wrikeDate(startDay)}T09:00:00`;
  if (roll < 0.4) return { type: 'Milestone', duration: 0, due: `${wrikeDate(startDay)}T17:00:00` };
  const workdays = random.int(1, 10);
  return {
    type: 'Planned', duration: workdays * 480, start, due: `${wrikeDate(startDay + (workdays - 1) * DAY)}T17:00:00`,
    workOnWeekends: false,
  };
}

/** A tiny but real PNG (1x1 pixel), so downloads can be opened. */
const PNG_1X1 = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64',
);

function seedCommentsAndAttachments(store: SandboxStore, random: Random, people: Contact[]): void {
  const active = people.filter((p) => !p.deleted);
  const commentRate = store.tasks.size > 10000 ? 0.15 : 0.4;
  for (const task of store.tasks.values()) {
    const created = Date.parse(task.createdDate);
    if (random.chance(commentRate)) {
      for (let n = random.int(1, 4); n > 0; n--) {
        const at = created + random.int(1, 40) * 3_600_000;
        const id = store.ids.classic('comment');
        store.comments.set(id, {
          id, authorId: random.pick(active).id, text: random.pick(COMMENT_TEXTS), createdDate: wrikeTimestamp(at),
          updatedDate: wrikeTimestamp(at), taskId: task.id,
        });
      }
    }
    if (random.chance(0.1)) {
      for (let n = random.int(1, 2); n > 0; n--) {
        const kind = random.int(0, 2);
        const base = task.title.toLowerCase().replace(/[^a-z0-9]+/g, '-');
        const [name, contentType, bytes] =
          kind === 0 ? [`${base}.png`, 'image/png', PNG_1X1]
          : kind === 1 ? [`${base}.csv`, 'text/csv', Buffer.from(`id,title,status\n${task.id},"${task.title}",${task.status}\n`)]
          : [`${base}-notes.txt`, 'text/plain', Buffer.from(`Notes for ${task.title}\n${'-'.repeat(40)}\n${task.briefDescription}\n`)];
        const id = store.ids.classic('attachment');
        store.attachments.set(id, {
          id, authorId: random.pick(active).id, name, createdDate: wrikeTimestamp(created + 3_600_000), version: 1,
          type: 'Wrike', contentType, size: bytes.length, taskId: task.id, bytes,
        });
        task.hasAttachments = true;
        task.attachmentCount++;
      }
    }
  }
}
