import type { WrikeAccessRole, WrikeContact, WrikeGroup } from '../wrike/types';

/** Roles and groups. Pure. */

export interface RoleModel {
  id: string;
  name: string;
  description: string | null;
  kind: 'ACCOUNT' | 'ACCESS';
}

export const ACCOUNT_ROLES: RoleModel[] = [
  { id: 'ACCOUNT_OWNER', name: 'Owner', description: 'Owns the Wrike account; an admin with billing rights', kind: 'ACCOUNT' },
  { id: 'ACCOUNT_ADMIN', name: 'Admin', description: 'Manages users, groups and account settings', kind: 'ACCOUNT' },
  { id: 'ACCOUNT_REGULAR', name: 'Regular user', description: 'Creates and edits work in the spaces they belong to', kind: 'ACCOUNT' },
  { id: 'ACCOUNT_COLLABORATOR', name: 'Collaborator', description: 'Views, comments and updates tasks shared with them', kind: 'ACCOUNT' },
  { id: 'ACCOUNT_EXTERNAL', name: 'External user', description: 'A guest from outside the organisation', kind: 'ACCOUNT' },
];

/** The account role of a contact, from its profile flags (owner beats admin beats external beats role). */
/** A person's profile in one account: Wrike lists their profiles in every account, in no promised order. */
export function profileIn(contact: WrikeContact, accountId: string): NonNullable<WrikeContact['profiles']>[number] | undefined {
  return contact.profiles?.find((profile) => profile.accountId === accountId);
}

export function accountRoleOf(contact: WrikeContact, accountId: string): RoleModel | null {
  const profile = profileIn(contact, accountId);
  if (!profile) return null;
  const id = profile.owner ? 'ACCOUNT_OWNER'
    : profile.admin ? 'ACCOUNT_ADMIN'
    : profile.external ? 'ACCOUNT_EXTERNAL'
    : profile.role === 'Collaborator' ? 'ACCOUNT_COLLABORATOR' : 'ACCOUNT_REGULAR';
  return ACCOUNT_ROLES.find((role) => role.id === id) ?? null;
}

export function accessRoleToRole(role: WrikeAccessRole): RoleModel {
  return { id: role.id, name: role.title, description: role.description || null, kind: 'ACCESS' };
}

export interface GroupModel {
  id: string;
  name: string;
  memberIds: string[];
  parentId: string | null;
  childIds: string[];
}

export function groupModel(group: WrikeGroup): GroupModel {
  return {
    id: group.id,
    name: group.title,
    memberIds: group.memberIds ?? [],
    parentId: group.parentIds?.[0] ?? null,
    childIds: group.childIds ?? [],
  };
}
