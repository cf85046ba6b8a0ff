import type { ConnectionCache, EntityKind, MetadataKind } from './cache';
import type { WrikeParams } from './params';
import type { WrikeWebhookEvent } from './types';
import { isWrikeId } from './ids';
import { WRIKE_BATCH_LIMIT } from './batch';
import { nextMoment } from './moments';

/**
 * What each change makes stale in a connection's shared cache, in one place: every Wrike write (by route, whoever
 * made it: a mutation or the proxy) and every webhook event type. A cached model is stale when it names what changed:
 * a task's super-tasks list it in subTaskIds, its sub-tasks (their whole sub-tree) inherit its folders in
 * superParentIds, the two ends of a dependency list it in dependencyIds, a folder's parents list it in childIds, a
 * task says hasAttachments, the folder tree names every folder.
 *
 * The rules are pure: from the route, its ids and parameters, Wrike's answer, and the models of what was written as
 * they were before (the cached copy, or what the caller read before writing) and, for events, as Wrike has them now.
 * `dropStale` then drops the entries, walking sub-trees through the cache and, where a link is not cached, Wrike.
 */
export interface Stale {
  task?: string[];
  folder?: string[];
  comment?: string[];
  attachment?: string[];
  contact?: string[];
  metadata?: MetadataKind[];
  /** Tasks whose every descendant is stale (their superParentIds follow these tasks' folders). */
  subtreesOf?: string[];
  /** Task models known as they are now (a write's answer), to start those walks from. */
  known?: Record<string, unknown>[];
}

type Model = Record<string, unknown>;

/** What is known of one write when its answer is in. */
export interface WriteFacts {
  /** The ids in the route's path. */
  ids: string[];
  params: Record<string, unknown>;
  /** Wrike's answer (the written entities; empty for a proxied write, whose answer is not read). */
  answer: Model[];
  /** The written entities as they were before (cached copies, what the caller read): their old relatives. */
  before: Model[];
}

/** What is known of one webhook event: the entity it names, as cached before and as Wrike has it now (when read). */
export interface EventFacts {
  event: WrikeWebhookEvent;
  before: Model[];
  now: Model[];
}

const strings = (value: unknown): string[] => (Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : typeof value === 'string' ? [value] : []);
/** A field of each model (or a parameter), as ids. */
const field = (models: readonly Model[], name: string) => models.flatMap((m) => strings(m[name]));
const param = (facts: WriteFacts, name: string) => strings(facts.params[name]);

const taskAndRelatives = (ids: string[], models: readonly Model[]): Stale => ({
  task: [...ids, ...field(models, 'superTaskIds')],
});
const folderAndTree = (ids: string[], models: readonly Model[] = []): Stale => ({
  folder: [...ids, ...field(models, 'parentIds')],
  metadata: ['folderTree'],
});

/** Wrike writes by route (`METHOD /template`), as WrikeClient sends them. */
export const WRITE_STALENESS: Record<string, (facts: WriteFacts) => Stale> = {
  // A new task: its super-tasks list it (subTaskIds).
  'POST /folders/:folderId/tasks': (f) => taskAndRelatives([...field(f.answer, 'id'), ...param(f, 'superTasks')], f.answer),
  // The tasks, their super-tasks old and new; moved (folders or super-tasks): every descendant's superParentIds.
  'PUT /tasks/:ids': (f) => {
    const moved = ['addParents', 'removeParents', 'addSuperTasks', 'removeSuperTasks'].some((name) => param(f, name).length > 0);
    return {
      task: [...f.ids, ...param(f, 'addSuperTasks'), ...param(f, 'removeSuperTasks'), ...field([...f.answer, ...f.before], 'superTaskIds')],
      subtreesOf: moved ? f.ids : [],
      known: f.answer,
    };
  },
  // Its super-tasks (Wrike's answer may already lack them: the model before says).
  'DELETE /tasks/:id': (f) => ({ task: [...f.ids, ...field([...f.answer, ...f.before], 'superTaskIds')] }),
  // The task's hasAttachments and attachmentCount.
  'POST /tasks/:taskId/attachments': (f) => ({ task: f.ids, attachment: field(f.answer, 'id') }),
  'PUT /attachments/:id': (f) => ({ attachment: f.ids, task: field([...f.answer, ...f.before], 'taskId') }),
  'DELETE /attachments/:id': (f) => ({ attachment: f.ids, task: field([...f.answer, ...f.before], 'taskId') }),
  // Comments are not part of a task's model, but a cached answer holding the task and its comments names only the
  // task (the new comment is not in it): the task goes stale so the router's copy does too.
  'POST /tasks/:taskId/comments': (f) => ({ comment: field(f.answer, 'id'), task: f.ids }),
  'PUT /comments/:id': (f) => ({ comment: f.ids }),
  'DELETE /comments/:id': (f) => ({ comment: f.ids }),
  // Both ends list the dependency in dependencyIds. A deletion's answer is empty: the dependency read before says.
  'POST /tasks/:taskId/dependencies': (f) => ({
    task: [...f.ids, ...param(f, 'predecessorId'), ...param(f, 'successorId'), ...field(f.answer, 'predecessorId'), ...field(f.answer, 'successorId')],
  }),
  'PUT /dependencies/:id': () => ({}),
  'DELETE /dependencies/:id': (f) => ({ task: field([...f.answer, ...f.before], 'predecessorId').concat(field([...f.answer, ...f.before], 'successorId')) }),
  // A new folder: its parent lists it (childIds); the folder tree names it.
  'POST /folders/:folderId/folders': (f) => folderAndTree([...f.ids, ...field(f.answer, 'id')], f.answer),
  'POST /spaces/:spaceId/folders': (f) => ({ ...folderAndTree(field(f.answer, 'id'), f.answer), metadata: ['folderTree', 'spaces'] }),
  'PUT /folders/:ids': (f) => folderAndTree([...f.ids, ...param(f, 'addParents'), ...param(f, 'removeParents')], [...f.answer, ...f.before]),
  'DELETE /folders/:id': (f) => folderAndTree(f.ids, [...f.answer, ...f.before]),
  // Time logs are not cached, nor part of a task's model.
  'POST /tasks/:taskId/timelogs': () => ({}),
  'PUT /timelogs/:id': () => ({}),
  'DELETE /timelogs/:id': () => ({}),
  // Account metadata written through the proxy.
  'POST /customfields': () => ({ metadata: ['customFields'] }),
  'PUT /customfields/:id': () => ({ metadata: ['customFields'] }),
  'POST /workflows': () => ({ metadata: ['workflows'] }),
  'PUT /workflows/:id': () => ({ metadata: ['workflows'] }),
  'POST /groups': () => ({ metadata: ['groups', 'people'] }),
  'PUT /groups/:id': (f) => ({ metadata: ['groups', 'people'], contact: f.ids }),
  'DELETE /groups/:id': (f) => ({ metadata: ['groups', 'people'], contact: f.ids }),
  'PUT /contacts/:id': (f) => ({ metadata: ['people'], contact: f.ids }),
  // Webhooks are not cached.
  'POST /webhooks': () => ({}),
  'POST /folders/:folderId/webhooks': () => ({}),
  'POST /spaces/:spaceId/webhooks': () => ({}),
  'PUT /webhooks/:id': () => ({}),
  'DELETE /webhooks/:id': () => ({}),
};

const taskOnly = (f: EventFacts): Stale => ({ task: strings(f.event.taskId) });
/** A task that may have moved: its super-tasks old and new, and its whole sub-tree. */
const moved = (f: EventFacts): Stale => ({
  ...taskAndRelatives(strings(f.event.taskId), [...f.before, ...f.now]), subtreesOf: strings(f.event.taskId), known: f.now,
});

/**
 * Webhook event types (Wrike's names; the sweep's own type too). Types marked in EVENTS_READING_NOW have the named
 * entity read from Wrike first: the event alone does not say which other models it made stale.
 */
export const EVENT_STALENESS: Record<string, (facts: EventFacts) => Stale> = {
  // A new task, a sub-task perhaps: its super-tasks list it.
  TaskCreated: (f) => taskAndRelatives(strings(f.event.taskId), [...f.before, ...f.now]),
  TaskDeleted: (f) => taskAndRelatives(strings(f.event.taskId), [...f.before, ...f.now]),
  // Moved: every descendant's superParentIds follow it.
  TaskParentsAdded: (f) => moved(f),
  TaskParentsRemoved: (f) => moved(f),
  TaskTitleChanged: taskOnly,
  TaskImportanceChanged: taskOnly,
  TaskStatusChanged: taskOnly,
  TaskDatesChanged: taskOnly,
  TaskResponsiblesAdded: taskOnly,
  TaskResponsiblesRemoved: taskOnly,
  TaskSharedsAdded: taskOnly,
  TaskSharedsRemoved: taskOnly,
  TaskDescriptionChanged: taskOnly,
  TaskCustomFieldChanged: taskOnly,
  TaskApprovalStatusChanged: taskOnly,
  TaskApprovalDecisionChanged: taskOnly,
  TaskApprovalDecisionReset: taskOnly,
  AttachmentAdded: (f) => ({ task: strings(f.event.taskId), attachment: strings(f.event.attachmentId) }),
  AttachmentDeleted: (f) => ({ task: strings(f.event.taskId), attachment: strings(f.event.attachmentId) }),
  CommentAdded: (f) => ({ task: strings(f.event.taskId), comment: strings(f.event.commentId) }),
  CommentDeleted: (f) => ({ task: strings(f.event.taskId), comment: strings(f.event.commentId) }),
  TimelogChanged: taskOnly,
  // A new folder: its parents list it (childIds); the folder tree names it.
  FolderCreated: (f) => folderAndTree(strings(f.event.folderId), [...f.before, ...f.now]),
  FolderDeleted: (f) => folderAndTree(strings(f.event.folderId), [...f.before, ...f.now]),
  FolderParentsAdded: (f) => folderAndTree(strings(f.event.folderId), [...f.before, ...f.now]),
  FolderParentsRemoved: (f) => folderAndTree(strings(f.event.folderId), [...f.before, ...f.now]),
  FolderTitleChanged: (f) => folderAndTree(strings(f.event.folderId)),
  FolderDescriptionChanged: (f) => folderAndTree(strings(f.event.folderId)),
  FolderCustomFieldChanged: (f) => folderAndTree(strings(f.event.folderId)),
  FolderSharedsAdded: (f) => folderAndTree(strings(f.event.folderId)),
  FolderSharedsRemoved: (f) => folderAndTree(strings(f.event.folderId)),
  FolderCommentAdded: (f) => folderAndTree(strings(f.event.folderId)),
  FolderCommentDeleted: (f) => folderAndTree(strings(f.event.folderId)),
  FolderAttachmentAdded: (f) => ({ ...folderAndTree(strings(f.event.folderId)), attachment: strings(f.event.attachmentId) }),
  FolderAttachmentDeleted: (f) => ({ ...folderAndTree(strings(f.event.folderId)), attachment: strings(f.event.attachmentId) }),
  ProjectDatesChanged: (f) => folderAndTree(strings(f.event.folderId)),
  ProjectOwnersAdded: (f) => folderAndTree(strings(f.event.folderId)),
  ProjectOwnersRemoved: (f) => folderAndTree(strings(f.event.folderId)),
  ProjectStatusChanged: (f) => folderAndTree(strings(f.event.folderId)),
  // The sweep after a suspended hook: what changed is not known, so it counts as a move.
  TaskChangedWhileHookSuspended: (f) => moved(f),
  TaskDeletedWhileHookSuspended: (f) => taskAndRelatives(strings(f.event.taskId), [...f.before, ...f.now]),
};

/** Events whose named entity is read from Wrike before their staleness is known. */
export const EVENTS_READING_NOW = new Set([
  'TaskCreated', 'TaskDeleted', 'TaskParentsAdded', 'TaskParentsRemoved', 'FolderCreated', 'FolderDeleted', 'FolderParentsAdded',
  'FolderParentsRemoved', 'TaskChangedWhileHookSuspended', 'TaskDeletedWhileHookSuspended',
]);

/** A route's template and the ids in its path: `PUT /tasks/A,B` → `PUT /tasks/:ids`, [A, B]. */
export function routeOf(method: string, path: string): { route: string; ids: string[] } {
  const [, resource = '', ids = '', sub] = path.split('/');
  const owner: Record<string, string> = { tasks: ':taskId', folders: ':folderId', spaces: ':spaceId' };
  const name = sub ? (owner[resource] ?? ':id') : method === 'PUT' && (resource === 'tasks' || resource === 'folders') ? ':ids' : ':id';
  const route = [method, ['', resource, ...(ids ? [name] : []), ...(sub ? [sub] : [])].join('/')].join(' ');
  return { route, ids: ids.split(',').filter(Boolean) };
}

/**
 * What a successful Wrike write made stale. A write no rule names (a proxied route this table does not know) drops
 * what its path names, by resource: the safe side.
 */
export function staleAfterWrite(method: string, path: string, params: WrikeParams | undefined, answer: readonly unknown[], before: readonly unknown[] = []): Stale {
  if (method === 'GET') return {};
  const { route, ids } = routeOf(method, path);
  const facts: WriteFacts = { ids, params: (params ?? {}) as Record<string, unknown>, answer: models(answer), before: models(before) };
  const rule = WRITE_STALENESS[route];
  if (rule) return rule(facts);
  const resource = path.split('/')[1];
  if (resource === 'tasks') return { task: ids, subtreesOf: ids };
  if (resource === 'folders' || resource === 'spaces') return { folder: ids, metadata: ['folderTree', 'spaces'] };
  if (resource === 'comments') return { comment: ids };
  if (resource === 'attachments') return { attachment: ids };
  if (resource === 'contacts') return { contact: ids, metadata: ['people'] };
  return {};
}

/** What a webhook event made stale; an event type no rule names drops the entity it names. */
export function staleAfterEvent(event: WrikeWebhookEvent, before: readonly unknown[] = [], now: readonly unknown[] = []): Stale {
  const rule = EVENT_STALENESS[event.eventType];
  if (rule) return rule({ event, before: models(before), now: models(now) });
  return {
    task: strings(event.taskId), folder: strings(event.folderId), comment: strings(event.commentId),
    attachment: strings(event.attachmentId), metadata: typeof event.folderId === 'string' ? ['folderTree'] : [],
  };
}

/** The entity a write's path or an event names, by the kind its cached model is kept under. */
export function namedEntity(method: string, path: string): { kind: EntityKind; ids: string[] } | undefined {
  const { route, ids } = routeOf(method, path);
  if (route.startsWith('PUT /tasks/') || route === 'DELETE /tasks/:id') return { kind: 'task', ids };
  if (route.startsWith('PUT /folders/') || route === 'DELETE /folders/:id') return { kind: 'folder', ids };
  if (route === 'PUT /attachments/:id' || route === 'DELETE /attachments/:id') return { kind: 'attachment', ids };
  return undefined;
}

export function eventEntity(event: WrikeWebhookEvent): { kind: EntityKind; ids: string[] } | undefined {
  if (typeof event.taskId === 'string') return { kind: 'task', ids: [event.taskId] };
  if (typeof event.folderId === 'string') return { kind: 'folder', ids: [event.folderId] };
  return undefined;
}

const models = (items: readonly unknown[]): Model[] => items.filter((item): item is Model => typeof item === 'object' && item !== null);

/** The most descendants one change walks; past it the walk stops (their entries expire with CACHE_MAX_STALENESS_MS). */
export const SUBTREE_LIMIT = 1000;

/** Reads tasks from Wrike by id (for links a sub-tree walk does not find cached). */
export type TaskReader = (ids: string[]) => Promise<Model[]>;

/**
 * Drops what `stale` names. Sub-trees are walked through the cached models and, for tasks not cached, through
 * `read` (when given); without it, a sub-tree below a task that is not cached is not reached.
 */
export async function dropStale(cache: ConnectionCache, stale: Stale, read?: TaskReader): Promise<void> {
  const drops: Promise<void>[] = [];
  const entities: [EntityKind, string[] | undefined][] = [
    ['task', stale.task], ['folder', stale.folder], ['comment', stale.comment],
    ['attachment', stale.attachment], ['contact', stale.contact],
  ];
  // What the change names is dropped whatever becomes of the sub-tree walk (which may need Wrike, and fail).
  for (const [kind, ids] of entities) if (ids && ids.length > 0) drops.push(cache.invalidate(kind, [...new Set(ids)]));
  for (const kind of new Set(stale.metadata ?? [])) drops.push(cache.invalidate(kind));
  const walk = subtree(cache, stale.subtreesOf ?? [], stale.known ?? [], read)
    .then((descendants) => (descendants.length > 0 ? cache.invalidate('task', descendants) : undefined));
  const outcomes = await Promise.allSettled([...drops, walk]);
  const failed = outcomes.find((outcome): outcome is PromiseRejectedResult => outcome.status === 'rejected');
  if (failed) throw failed.reason;
}

/** For the proxy and other callers: these tasks, folders and account lists changed. */
export function dropChanged(cache: ConnectionCache, changed: { tasks?: string[]; folders?: string[]; metadata?: MetadataKind[] }): Promise<void> {
  return dropStale(cache, { task: changed.tasks, folder: changed.folders, metadata: changed.metadata });
}

async function subtree(cache: ConnectionCache, roots: readonly string[], known: readonly Model[], read?: TaskReader): Promise<string[]> {
  if (!cache.holdsEntities) return [];
  const seen = new Set(roots);
  const found: string[] = [];
  let frontier = [...roots];
  while (frontier.length > 0 && found.length < SUBTREE_LIMIT) {
    const cached = await cache.peekEntities<Model>('task', frontier);
    for (const model of known) if (typeof model.id === 'string' && frontier.includes(model.id)) cached.set(model.id, model);
    const missing = frontier.filter((id) => !cached.has(id));
    const fetched = read && missing.length > 0 ? await read(missing) : [];
    const children = [...cached.values(), ...fetched].flatMap((task) => strings(task.subTaskIds)).filter((id) => !seen.has(id));
    for (const id of children) seen.add(id);
    found.push(...children);
    frontier = children;
  }
  return found.slice(0, SUBTREE_LIMIT);
}

/** What reading by id needs of a Wrike caller (a client, or a request's tracked caller). */
export interface ByIdGetter {
  get<T>(path: string, params?: undefined, hooks?: { notBefore?: number }): Promise<{ data: T[] }>;
}

/** Reads tasks or folders by id, 100 a call (ids that are not Wrike ids are left out). */
export function byIdReader(wrike: ByIdGetter, resource: 'tasks' | 'folders'): TaskReader {
  return async (ids) => {
    const valid = [...new Set(ids.filter(isWrikeId))];
    const chunks: string[][] = [];
    for (let i = 0; i < valid.length; i += WRIKE_BATCH_LIMIT) chunks.push(valid.slice(i, i + WRIKE_BATCH_LIMIT));
    const pages = await Promise.all(chunks.map((chunk) => wrike.get<Model>(`/${resource}/${chunk.join(',')}`)));
    return pages.flatMap((page) => page.data);
  };
}

/**
 * Drops what a webhook event made stale. The entity it names is looked up in the cache (its old relatives) and, for
 * EVENTS_READING_NOW, read from Wrike (its new ones; an entity Wrike no longer shows has none). Without `wrike`, or
 * when that read fails, only the cached model and the event itself are used.
 */
export async function dropAfterEvent(cache: ConnectionCache, event: WrikeWebhookEvent, wrike?: ByIdGetter): Promise<void> {
  const named = eventEntity(event);
  const before = named ? [...(await cache.peekEntities<Model>(named.kind, named.ids)).values()] : [];
  // "Now" means after the event: never an identical read already in flight, which may predate the change.
  const fresh: ByIdGetter | undefined = wrike && { get: (path) => wrike.get(path, undefined, { notBefore: nextMoment() }) };
  const read = fresh && named && cache.holdsEntities && EVENTS_READING_NOW.has(event.eventType)
    ? byIdReader(fresh, named.kind === 'task' ? 'tasks' : 'folders')
    : undefined;
  const now = read && named ? await read(named.ids).catch(() => []) : [];
  await dropStale(cache, staleAfterEvent(event, before, now), fresh ? byIdReader(fresh, 'tasks') : undefined);
}
