import type { QueryResolvers } from '../__generated__/resolvers-types';
import { getMe } from '../../wrike/endpoints';
import { contactToUser } from '../../unified/user';

export const Query: QueryResolvers = {
  me: async (_parent, _args, { wrike, loaders }) => {
    const contact = await getMe(wrike);
    if (!contact) return null;
    loaders.contacts.prime(contact.id, contact);
    return contactToUser(contact);
  },
};
