/** Wrike v4 DTOs, as the API sends them (only what this service reads). */

export interface WrikeProfile {
  accountId: string;
  email?: string;
  role: 'User' | 'Collaborator';
  external: boolean;
  admin: boolean;
  owner: boolean;
  active?: boolean;
}

export interface WrikeContact {
  id: string;
  firstName?: string;
  lastName?: string;
  type: 'Person' | 'Group' | 'Robot' | string;
  profiles?: WrikeProfile[];
  avatarUrl?: string;
  timezone?: string;
  locale?: string;
  deleted?: boolean;
  me?: boolean;
  primaryEmail?: string;
  memberIds?: string[];
}
