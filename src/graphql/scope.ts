import type { GraphQLContext } from './context';
import { userError } from './errors';
import { indexFolderTree } from '../unified/collection';
import { taskInScope } from '../unified/scope';
import type { TaskScope } from '../wrike/task-query';
import type { WrikeTask } from '../wrike/types';
import { liveTask } from './lookups';

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
