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

export type WrikeTaskStatus = 'Active' | 'Completed' | 'Deferred' | 'Cancelled';

/** A task: list calls return the slim part plus what `fields` asked for; GET /tasks/{ids} returns the full model. */
export interface WrikeTask {
  id: string;
  accountId?: string;
  title: string;
  status: WrikeTaskStatus;
  importance: 'High' | 'Normal' | 'Low';
  createdDate: string;
  updatedDate: string;
  completedDate?: string;
  dates?: { type: string; duration?: number; start?: string; due?: string; workOnWeekends?: boolean };
  scope?: string;
  customStatusId?: string;
  permalink?: string;
  priority?: string;
  // Optional in lists (through `fields`), present by id:
  description?: string;
  briefDescription?: string;
  parentIds?: string[];
  superParentIds?: string[];
  sharedIds?: string[];
  responsibleIds?: string[];
  authorIds?: string[];
  hasAttachments?: boolean;
  attachmentCount?: number;
  followerIds?: string[];
  followedByMe?: boolean;
  superTaskIds?: string[];
  subTaskIds?: string[];
  dependencyIds?: string[];
  metadata?: { key: string; value: string }[];
  customFields?: WrikeCustomFieldValue[];
}

export interface WrikeCustomFieldValue {
  id: string;
  value: string;
}

export interface WrikeProject {
  authorId?: string;
  ownerIds?: string[];
  status?: string;
  customStatusId?: string;
  startDate?: string;
  endDate?: string;
  createdDate?: string;
  completedDate?: string;
}

export interface WrikeFolder {
  id: string;
  accountId?: string;
  title: string;
  createdDate?: string;
  updatedDate?: string;
  description?: string;
  color?: string;
  sharedIds?: string[];
  parentIds?: string[];
  childIds?: string[];
  superParentIds?: string[];
  scope?: string;
  permalink?: string;
  workflowId?: string;
  customFields?: WrikeCustomFieldValue[];
  project?: WrikeProject;
  space?: boolean;
}

/** An entry of the unfiltered GET /folders (`kind: folderTree`). */
export interface WrikeFolderTreeEntry {
  id: string;
  title: string;
  childIds?: string[];
  scope?: string;
  project?: WrikeProject;
  space?: boolean;
}

export interface WrikeSpace {
  id: string;
  title: string;
  avatarUrl?: string;
  accessType?: string;
  archived?: boolean;
  description?: string;
}

export interface WrikeComment {
  id: string;
  authorId?: string;
  text: string;
  createdDate: string;
  updatedDate?: string;
  taskId?: string;
  folderId?: string;
}

export interface WrikeAttachment {
  id: string;
  authorId?: string;
  name: string;
  createdDate: string;
  version?: number | string;
  type?: string;
  contentType?: string;
  size?: number;
  taskId?: string;
  folderId?: string;
}

export type WrikeCustomFieldType =
  | 'Text' | 'DropDown' | 'Numeric' | 'Currency' | 'Percentage' | 'Date' | 'Duration' | 'Checkbox' | 'Contacts' | 'Multiple';

export interface WrikeCustomField {
  id: string;
  accountId?: string;
  title: string;
  type: WrikeCustomFieldType | string;
  sharedIds?: string[];
  settings?: {
    values?: string[];
    options?: { value: string }[];
    currency?: string;
    decimalPlaces?: number;
    [key: string]: unknown;
  };
}

export interface WrikeCustomStatus {
  id: string;
  name: string;
  standardName?: boolean;
  color?: string;
  standard?: boolean;
  group: WrikeTaskStatus;
  hidden?: boolean;
}

export interface WrikeWorkflow {
  id: string;
  name: string;
  standard?: boolean;
  hidden?: boolean;
  customStatuses: WrikeCustomStatus[];
}

export interface WrikeGroup {
  id: string;
  title: string;
  memberIds?: string[];
  childIds?: string[];
  parentIds?: string[];
  avatarUrl?: string;
  myTeam?: boolean;
}

export interface WrikeAccessRole {
  id: string;
  title: string;
  description?: string;
}

export interface WrikeAccount {
  id: string;
  name: string;
  rootFolderId: string;
  recycleBinId: string;
}

/** A webhook as Wrike returns it (`GET /webhooks`). */
export interface WrikeWebhook {
  id: string;
  accountId?: string;
  folderId?: string;
  spaceId?: string;
  hookUrl: string;
  events?: string[];
  recursive?: boolean;
  status: 'Active' | 'Suspended' | string;
}

/** One event of a webhook delivery (the payload is an array of these). */
export interface WrikeWebhookEvent {
  webhookId?: string;
  eventAuthorId?: string;
  eventType: string;
  lastUpdatedDate?: string;
  taskId?: string;
  folderId?: string;
  [key: string]: unknown;
}

export type WrikeRelationType = 'FinishToStart' | 'StartToStart' | 'FinishToFinish' | 'StartToFinish';

/** A task dependency: the successor waits on the predecessor. */
export interface WrikeDependency {
  id: string;
  predecessorId: string;
  successorId: string;
  relationType: WrikeRelationType;
}

export type WrikeBillingType = 'Billable' | 'NonBillable';

/** Time a user tracked on a task on one day. `hours` is decimal (0–24); `trackedDate` is yyyy-MM-dd. */
export interface WrikeTimelog {
  id: string;
  taskId: string;
  userId: string;
  categoryId?: string | null;
  billingType?: WrikeBillingType | string;
  hours: number;
  createdDate: string;
  updatedDate?: string;
  trackedDate: string;
  comment?: string;
}

export interface WrikeTimelogCategory {
  id: string;
  name: string;
  order?: number;
  hidden?: boolean;
}

/** Where a time-log list is read from: the account, one task (its own time only), a folder or space, a person. */
export type TimelogSource = { kind: 'account' } | { kind: 'task'; id: string } | { kind: 'folder'; id: string } | { kind: 'contact'; id: string };

/** The filters Wrike applies itself: tracked days (yyyy-MM-dd, inclusive), billing types, categories. */
export interface TimelogQuery {
  trackedDate?: { start?: string; end?: string };
  billingTypes?: string[];
  timelogCategories?: string[];
}
