import type { CustomFieldValueResolvers, FieldResolvers, UserFieldValueResolvers } from '../__generated__/resolvers-types';
import { fieldDefinitions } from '../lookups';
import { usersByIds } from '../lookups';

export const Field: FieldResolvers = {
  __resolveReference: async ({ id }, { loaders }) => (await fieldDefinitions(loaders)).get(id) ?? null,
};

export const CustomFieldValue: CustomFieldValueResolvers = {
  __resolveType: (value) => value.__typename,
};

export const UserFieldValue: UserFieldValueResolvers = {
  users: (value, _args, { loaders }) => usersByIds(value.userIds, loaders),
};
