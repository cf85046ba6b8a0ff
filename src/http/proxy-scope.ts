/**
 * What a proxied path names, for a connection limited to some spaces: the entities it names by id (checked against
 * the scope before the call), or whether it is an account-wide read the scope cannot filter (refused). Pure.
 */
import type { ScopedKind } from '../graphql/scope';

export type ProxyScopeCheck =
  | { kind: 'names'; entity: ScopedKind; ids: string[] }
  | { kind: 'directory' }
  | { kind: 'refused' };

const BY_ID: Record<string, ScopedKind> = {
  tasks: 'task', folders: 'folder', spaces: 'space', comments: 'comment', attachments: 'attachment', timelogs: 'timelog',
  dependencies: 'dependency',
};

/** Account data that is not in any space (people, the account, workflows, field definitions...). */
const DIRECTORY = new Set(['contacts', 'users', 'groups', 'account', 'version', 'workflows', 'customfields', 'colors', 'access_roles', 'timelog_categories']);

export function proxyScopeCheck(path: string): ProxyScopeCheck {
  const [resource = '', ids, ...rest] = path.split('/').slice(1);
  // A person's own entry is fine; what hangs below one (their time logs...) spans every space.
  if (DIRECTORY.has(resource)) return rest.length === 0 ? { kind: 'directory' } : { kind: 'refused' };
  const entity = BY_ID[resource];
  if (!entity || ids === undefined) return { kind: 'refused' };
  return { kind: 'names', entity, ids: ids.split(',').filter(Boolean) };
}

/**
 * Ids in a path below its first id list (`/resource/{ids}/sub/{more}`): words of letters and digits with an upper-case
 * letter or a digit (Wrike's resource names are lower-case words).
 */
export function idsInPathTail(path: string): string[] {
  return path.split('/').slice(3).flatMap((segment) => segment.split(',')).filter((word) => /^[A-Za-z0-9]{8,32}$/.test(word) && /[A-Z0-9]/.test(word));
}
