import type { EntityKind, MetadataKind } from './cache';
import type { WrikeParams } from './params';

/**
 * What a successful Wrike write changed, as cache entries to drop: the written entities, and those whose cached
 * model mentions them (a task's super-tasks list it in subTaskIds, a folder's parents in childIds, a task's
 * hasAttachments). Pure: from the method, the path, the parameters and Wrike's answer.
 */
export interface Change {
  kind: EntityKind | MetadataKind;
  ids: string[];
}

const list = (value: unknown): string[] => (Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : []);

export function changesOf(method: string, path: string, params: WrikeParams | undefined, data: readonly unknown[]): Change[] {
  if (method === 'GET') return [];
  const [, resource, ids = '', sub] = path.split('/');
  const pathIds = ids.split(',').filter(Boolean);
  const p = (params ?? {}) as Record<string, unknown>;
  const returned = data.filter((d): d is Record<string, unknown> => typeof d === 'object' && d !== null);
  const field = (name: string) => returned.flatMap((d) => list(d[name]));
  if (resource === 'tasks' && !sub) {
    return [{ kind: 'task', ids: [...pathIds, ...list(p.addSuperTasks), ...list(p.removeSuperTasks), ...field('superTaskIds')] }];
  }
  if (resource === 'tasks' && sub === 'attachments') return [{ kind: 'task', ids: pathIds }];
  if (resource === 'folders' && sub === 'tasks') {
    return [{ kind: 'task', ids: [...list(p.superTasks), ...field('superTaskIds')] }];
  }
  if (resource === 'folders') {
    return [
      { kind: 'folder', ids: [...pathIds, ...list(p.addParents), ...list(p.removeParents), ...field('parentIds')] },
      { kind: 'folderTree', ids: ['*'] },
    ];
  }
  if (resource === 'comments') return [{ kind: 'comment', ids: pathIds }];
  if (resource === 'attachments') return [{ kind: 'attachment', ids: pathIds }];
  return [];
}
