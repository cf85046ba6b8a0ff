import type { UserResolvers } from '../__generated__/resolvers-types';
import { contactToUser } from '../../unified/user';

export const User: UserResolvers = {
  __resolveReference: async ({ id }, { loaders }) => {
    const contact = await loaders.contacts.load(id);
    return contact && contact.type === 'Person' ? contactToUser(contact) : null;
  },
};
