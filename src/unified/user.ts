import type { WrikeContact } from '../wrike/types';
import { accountRoleOf, profileIn } from './people';

/** The unified User, as resolvers hand it to GraphQL. */
export interface UnifiedUser {
  id: string;
  firstName: string | null;
  lastName: string | null;
  name: string;
  email: string | null;
  avatarUrl: string | null;
  timezone: string | null;
  isDeleted: boolean;
  isExternal: boolean;
  /** The account role's id (see ACCOUNT_ROLES), when the contact has a profile in the account. */
  roleId: string | null;
}

/**
 * Wrike contact (type Person) → unified User, as a member of `accountId`: a person can have profiles in several
 * accounts, and only the one in the connection's account says their role, their account email and whether they left.
 */
export function contactToUser(contact: WrikeContact, accountId: string): UnifiedUser {
  const profile = profileIn(contact, accountId);
  const firstName = contact.firstName?.trim() || null;
  const lastName = contact.lastName?.trim() || null;
  const email = contact.primaryEmail || profile?.email || null;
  const name = [firstName, lastName].filter(Boolean).join(' ') || email || contact.id;
  return {
    id: contact.id,
    firstName,
    lastName,
    name,
    email,
    avatarUrl: contact.avatarUrl || null,
    timezone: contact.timezone || null,
    isDeleted: contact.deleted === true || profile?.active === false,
    isExternal: profile?.external === true,
    roleId: accountRoleOf(contact, accountId)?.id ?? null,
  };
}
