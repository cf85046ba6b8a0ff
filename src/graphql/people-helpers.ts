import type { WrikeLoaders } from '../wrike/loaders';
import { contactToUser, type UnifiedUser } from '../unified/user';

/** Users by contact id, in order, through the batched loader; unknown ids and groups are left out. */
export async function usersByIds(ids: readonly string[] | undefined, loaders: WrikeLoaders): Promise<UnifiedUser[]> {
  if (!ids || ids.length === 0) return [];
  const contacts = await loaders.contacts.loadMany([...new Set(ids)]);
  return contacts.flatMap((contact) => (contact && !(contact instanceof Error) && contact.type === 'Person' ? [contactToUser(contact)] : []));
}

export async function userById(id: string | undefined, loaders: WrikeLoaders): Promise<UnifiedUser | null> {
  if (!id) return null;
  const contact = await loaders.contacts.load(id);
  return contact && contact.type === 'Person' ? contactToUser(contact) : null;
}
