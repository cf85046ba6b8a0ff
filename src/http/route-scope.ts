import type { LiveConnection } from '../connections/manager';
import { RoundScheduler, trackedCaller } from '../wrike/rounds';
import { createLoaders, type WrikeLoaders } from '../wrike/loaders';
import type { ScopedKind } from './proxy-scope';

/**
 * Workspace scoping for the routes beside /graphql (uploads, downloads, the proxy): loaders that answer what lies
 * outside the connection's spaces as not found, as the graph's do. Undefined for an unscoped connection (nothing to
 * check, no call spent).
 */
export function scopedLoaders(connection: LiveConnection): WrikeLoaders | undefined {
  if (!connection.workspaceIds) return undefined;
  const rounds = new RoundScheduler();
  return createLoaders(trackedCaller(connection.client, rounds, connection.cache), rounds, {
    cache: connection.cache, shared: connection.shared, accountId: connection.accountId, scope: new Set(connection.workspaceIds),
  });
}

/** Whether every id lies inside the scope the loaders apply. */
export async function allVisible(loaders: WrikeLoaders, kind: ScopedKind, ids: readonly string[]): Promise<boolean> {
  const scope = loaders.scope ?? new Set<string>();
  const found = async (id: string): Promise<boolean> => {
    switch (kind) {
      case 'space': return scope.has(id);
      case 'folder': return scope.has(id) || (await loaders.folders.load(id)) !== null;
      case 'task': {
        const task = await loaders.tasks.load(id);
        return task !== null && task.scope !== 'RbTask';
      }
      case 'comment': return (await loaders.comments.load(id)) !== null;
      case 'attachment': return (await loaders.attachments.load(id)) !== null;
      case 'timelog': return (await loaders.timelogs.load(id)) !== null;
      case 'dependency': {
        const dependency = await loaders.dependencies.load(id);
        return dependency !== null && (await allVisible(loaders, 'task', [dependency.predecessorId, dependency.successorId]));
      }
    }
  };
  return (await Promise.all(ids.map(found))).every(Boolean);
}
