import { contactToUser } from '../../src/unified/user';
import type { WrikeContact } from '../../src/wrike/types';

// Shaped like Wrike's documentation example of GET /contacts.
const contact: WrikeContact = {
  id: 'KUAAAAHK',
  firstName: 'Test',
  lastName: 'User',
  type: 'Person',
  profiles: [{ accountId: 'IEAAAAAQ', email: 'test.user@example.com', role: 'User', external: false, admin: false, owner: true }],
  avatarUrl: 'https://www.wrike.com/avatars//7E/A2/Box_ffdb7093_84-84_v1.png',
  timezone: 'US/Pacific',
  locale: 'en',
  deleted: false,
  me: true,
};

describe('contactToUser', () => {
  it('maps a Wrike contact to a unified user', () => {
    expect(contactToUser(contact)).toEqual({
      id: 'KUAAAAHK', firstName: 'Test', lastName: 'User', name: 'Test User', email: 'test.user@example.com',
      avatarUrl: contact.avatarUrl, timezone: 'US/Pacific', isDeleted: false, isExternal: false, roleId: 'ACCOUNT_OWNER',
    });
  });

  it('prefers primaryEmail and falls back to the email, then the id, for the name', () => {
    expect(contactToUser({ ...contact, primaryEmail: 'p@example.com' }).email).toBe('p@example.com');
    expect(contactToUser({ ...contact, firstName: '', lastName: ' ' }).name).toBe('test.user@example.com');
    expect(contactToUser({ id: 'KUAAAAAZ', type: 'Person' }).name).toBe('KUAAAAAZ');
  });

  it('marks deleted, deactivated and external users', () => {
    expect(contactToUser({ ...contact, deleted: true }).isDeleted).toBe(true);
    expect(contactToUser({ ...contact, profiles: [{ ...contact.profiles![0]!, active: false }] }).isDeleted).toBe(true);
    expect(contactToUser({ ...contact, profiles: [{ ...contact.profiles![0]!, external: true }] }).isExternal).toBe(true);
  });
});
