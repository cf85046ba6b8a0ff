import type { GraphQLContext } from './context';
import { userError } from './errors';
import { indexFolderTree } from '../unified/collection';
import { taskInScope } from '../unified/scope';
import type { TaskScope } from '../wrike/task-query';
import type { WrikeTask } from '../wrike/types';
import { liveTask } from './lookups';
import { WrikeError } from '../wrike/errors';

/**
 * Workspace scoping at the edges the loaders cannot see: what a list or a write names must be inside the
 * connection's spaces, and lists over the whole account narrow to them. Outside is answered as not found, exactly as
 * an unknown id would be (the scope must not tell what exists elsewhere). Unscoped connections pay nothing.
 */

const notFound = (what: string, id: string, argumentName: string) =>
  userError('NOT_FOUND', `No ${what} '${id}'`, { argumentName });

/** A collection (folder or project) a list or write names: inside the scope, or NOT_FOUND. */
export async function requireCollectionInScope(ctx: GraphQLContext, id: string, argumentName: string): Promise<void> {
  if (!ctx.loaders.scope) return;
  if (!(await ctx.loaders.folders.load(id))) throw notFound('collection', id, argumentName);
}

export function requireWorkspaceInScope(ctx: GraphQLContext, id: string, argumentName: string): void {
  if (ctx.loaders.scope && !ctx.loaders.scope.has(id)) throw notFound('workspace', id, argumentName);
}

/** Whether a ticket id names a ticket the connection may see (always true unscoped: Wrike answers for itself). */
export async function ticketVisible(ctx: GraphQLContext, id: string): Promise<boolean> {
  if (!ctx.loaders.scope) return true;
  return liveTask(await ctx.loaders.tasks.load(id)) !== null;
}

/** Whether a folder id names a collection or workspace the connection may see (always true unscoped). */
export async function folderVisible(ctx: GraphQLContext, id: string): Promise<boolean> {
  if (!ctx.loaders.scope) return true;
  return ctx.loaders.scope.has(id) || (await ctx.loaders.folders.load(id)) !== null;
}

/**
 * Where an account-wide task list looks on a scoped connection: its one space, or (several spaces) the account with
 * each page kept to tasks inside them (Wrike filters one space per query), counted space by space.
 */
export interface ScopedTaskList {
  scope: TaskScope;
  keep?: (task: WrikeTask) => boolean;
  /** The spaces an exact count adds up. */
  countSpaces?: string[];
}

export async function scopedTaskList(ctx: GraphQLContext, scope: TaskScope): Promise<ScopedTaskList> {
  const spaces = ctx.loaders.scope;
  if (!spaces || scope.kind !== 'account') return { scope };
  const ids = [...spaces];
  if (ids.length === 1) return { scope: { kind: 'space', id: ids[0] as string } };
  const index = indexFolderTree(await ctx.loaders.folderTree());
  return { scope, keep: (task) => taskInScope(index, task, spaces), countSpaces: ids };
}

/** What a route beside /graphql may name by id (the proxy's paths, download links, uploads). */
export type ScopedKind = 'task' | 'folder' | 'space' | 'comment' | 'attachment' | 'timelog' | 'dependency';

/** Whether every id lies inside the connection's scope (always, unscoped: Wrike answers for itself). */
export async function allVisible(ctx: GraphQLContext, kind: ScopedKind, ids: readonly string[]): Promise<boolean> {
  const { loaders } = ctx;
  const scope = loaders.scope;
  if (!scope) return true;
  const found = async (id: string): Promise<boolean> => {
    switch (kind) {
      case 'space': return scope.has(id);
      case 'folder': return folderVisible(ctx, id);
      case 'task': return ticketVisible(ctx, id);
      case 'comment': return (await loaders.comments.load(id)) !== null;
      case 'attachment': return (await loaders.attachments.load(id)) !== null;
      case 'timelog': return (await loaders.timelogs.load(id)) !== null;
      case 'dependency': {
        const dependency = await loaders.dependencies.load(id);
        return dependency !== null && (await allVisible(ctx, 'task', [dependency.predecessorId, dependency.successorId]));
      }
    }
  };
  return (await Promise.all(ids.map(found))).every(Boolean);
}

/** A by-id read's answer as found or not: Wrike refusing an id of another kind is not found; an outage is thrown. */
function foundIn(result: unknown): boolean {
  if (result instanceof WrikeError && (result.kind === 'not_found' || result.kind === 'bad_request')) return false;
  if (result instanceof Error) throw result;
  return result !== null && result !== undefined;
}

/**
 * Whether every id a call names (of any kind, unknown to the caller: the proxy's parameters and bodies) is inside the
 * scope or is account data that lies in no space: people and groups, workflows and their statuses, custom fields,
 * access roles, time-log categories, the account. Always true unscoped. Ids are looked for kind by kind, cheapest and
 * likeliest first, and only those not found yet are looked for further; an id found nowhere is outside.
 */
export async function namedIdsVisible(ctx: GraphQLContext, ids: readonly string[]): Promise<boolean> {
  const { loaders } = ctx;
  const scope = loaders.scope;
  if (!scope) return true;
  let left = [...new Set(ids)].filter((id) => !scope.has(id));
  const drop = (found: Iterable<string>) => {
    const known = new Set(found);
    left = left.filter((id) => !known.has(id));
  };
  const byId = async (loader: { loadMany(keys: readonly string[]): Promise<unknown[]> }) => {
    const results = await loader.loadMany(left);
    return left.filter((_id, k) => foundIn(results[k]));
  };
  if (left.length > 0) drop((await Promise.all([byId(loaders.tasks), byId(loaders.folders), byId(loaders.contacts)])).flat());
  if (left.length > 0) {
    // A list the token may not read (groups and access roles need scopes of their own) holds nothing it can name.
    const readable = <T>(list: Promise<T[]>) => list.catch((error: unknown) => {
      if (error instanceof WrikeError && error.kind === 'forbidden') return [] as T[];
      throw error;
    });
    const [workflows, fields, roles, categories, groups, accountId] = await Promise.all([
      readable(loaders.workflows()), readable(loaders.customFields()), readable(loaders.accessRoles()), readable(loaders.timelogCategories()),
      readable(loaders.groups()), loaders.accountId(),
    ]);
    drop([
      ...workflows.flatMap((w) => [w.id, ...w.customStatuses.map((s) => s.id)]), ...fields.map((f) => f.id), ...roles.map((r) => r.id),
      ...categories.map((c) => c.id), ...groups.map((g) => g.id), accountId,
    ]);
  }
  if (left.length > 0) drop((await Promise.all([byId(loaders.comments), byId(loaders.attachments), byId(loaders.timelogs)])).flat());
  if (left.length > 0) {
    const dependencies = await loaders.dependencies.loadMany(left);
    const pairs = left.flatMap((id, k) => (foundIn(dependencies[k]) ? [{ id, dependency: dependencies[k] as { predecessorId: string; successorId: string } }] : []));
    const visible = await Promise.all(pairs.map(({ dependency }) => allVisible(ctx, 'task', [dependency.predecessorId, dependency.successorId])));
    drop(pairs.filter((_p, k) => visible[k]).map((p) => p.id));
  }
  return left.length === 0;
}
