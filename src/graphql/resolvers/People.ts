import type { GroupResolvers, RoleResolvers, UserResolvers } from '../__generated__/resolvers-types';
import { ACCOUNT_ROLES, accessRoleToRole, groupModel, type GroupModel, type RoleModel } from '../../unified/people';
import { usersByIds, userById } from '../lookups';
import type { WrikeLoaders } from '../../wrike/loaders';

export async function allGroups(loaders: WrikeLoaders): Promise<GroupModel[]> {
  return (await loaders.groups()).map(groupModel);
}

export async function allRoles(loaders: WrikeLoaders): Promise<RoleModel[]> {
  return [...ACCOUNT_ROLES, ...(await loaders.accessRoles()).map(accessRoleToRole)];
}

export const User: UserResolvers = {
  __resolveReference: ({ id }, { loaders }) => userById(id, loaders),
  role: (user) => ACCOUNT_ROLES.find((role) => role.id === user.roleId) ?? null,
  groups: async (user, _args, { loaders }) => (await allGroups(loaders)).filter((g) => g.memberIds.includes(user.id)),
};

export const Group: GroupResolvers = {
  __resolveReference: async ({ id }, { loaders }) => (await allGroups(loaders)).find((g) => g.id === id) ?? null,
  members: async (group, _args, { loaders }) => (await usersByIds(group.memberIds, loaders)).filter((u) => !u.isDeleted),
  parent: async (group, _args, { loaders }) => (group.parentId ? ((await allGroups(loaders)).find((g) => g.id === group.parentId) ?? null) : null),
  children: async (group, _args, { loaders }) => (await allGroups(loaders)).filter((g) => group.childIds.includes(g.id)),
};

export const Role: RoleResolvers = {
  __resolveReference: async ({ id }, { loaders }) => (await allRoles(loaders)).find((role) => role.id === id) ?? null,
};
