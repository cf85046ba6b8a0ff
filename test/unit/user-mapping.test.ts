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

const ACCOUNT = 'IEAAAAAQ';

describe('contactToUser', () => {
  it('maps a Wrike contact to a unified user', () => {
    expect(contactToUser(contact, ACCOUNT)).toEqual({
      id: 'KUAAAAHK', firstName: 'Test', lastName: 'User', name: 'Test User', email: 'test.user@example.com',
      avatarUrl: contact.avatarUrl, timezone: 'US/Pacific', isDeleted: false, isExternal: false, roleId: 'ACCOUNT_OWNER',
    });
  });

  it('prefers primaryEmail and falls back to the email, then the id, for the name', () => {
    expect(contactToUser({ ...contact, primaryEmail: 'p@example.com' }, ACCOUNT).email).toBe('p@example.com');
    expect(contactToUser({ ...contact, firstName: '', lastName: ' ' }, ACCOUNT).name).toBe('test.user@example.com');
    expect(contactToUser({ id: 'KUAAAAAZ', type: 'Person' }, ACCOUNT).name).toBe('KUAAAAAZ');
  });

  it('reads the profile in the connection\'s account, wherever Wrike lists it; none there means no role', () => {
    const elsewhere = { accountId: 'IEAXTRNL', email: 'old@elsewhere.example', role: 'User' as const, external: false, admin: true, owner: false, active: false };
    const member = contactToUser({ ...contact, profiles: [elsewhere, { ...contact.profiles![0]!, owner: false }] }, ACCOUNT);
    expect(member).toMatchObject({ email: 'test.user@example.com', isDeleted: false, roleId: 'ACCOUNT_REGULAR' });
    expect(contactToUser({ ...contact, profiles: [elsewhere] }, ACCOUNT)).toMatchObject({ email: null, isDeleted: false, roleId: null });
  });

  it('marks deleted, deactivated and external users', () => {
    expect(contactToUser({ ...contact, deleted: true }, ACCOUNT).isDeleted).toBe(true);
    expect(contactToUser({ ...contact, profiles: [{ ...contact.profiles![0]!, active: false }] }, ACCOUNT).isDeleted).toBe(true);
    expect(contactToUser({ ...contact, profiles: [{ ...contact.profiles![0]!, external: true }] }, ACCOUNT).isExternal).toBe(true);
  });
});
