/** The sandbox's stored entities, kept in Wrike's own v4 shapes (the full models, as GET by id returns them). */

export type TaskStatus = 'Active' | 'Completed' | 'Deferred' | 'Cancelled';
export type Importance = 'High' | 'Normal' | 'Low';

export interface CustomFieldValue {
  id: string;
  value: string;
}

export interface TaskDates {
  type: 'Backlog' | 'Milestone' | 'Planned';
  duration?: number;
  start?: string;
  due?: string;
  workOnWeekends?: boolean;
}

export interface Task {
  id: string;
  accountId: string;
  title: string;
  description: string;
  briefDescription: string;
  parentIds: string[];
  superParentIds: string[];
  sharedIds: string[];
  responsibleIds: string[];
  status: TaskStatus;
  importance: Importance;
  createdDate: string;
  updatedDate: string;
  completedDate?: string;
  dates: TaskDates;
  scope: 'WsTask' | 'RbTask';
  authorIds: string[];
  customStatusId: string;
  hasAttachments: boolean;
  attachmentCount: number;
  permalink: string;
  priority: string;
  followedByMe: boolean;
  followerIds: string[];
  recurrent: boolean;
  superTaskIds: string[];
  subTaskIds: string[];
  dependencyIds: string[];
  metadata: { key: string; value: string }[];
  customFields: CustomFieldValue[];
}

export interface ProjectInfo {
  authorId: string;
  ownerIds: string[];
  status: 'Green' | 'Yellow' | 'Red' | 'Completed' | 'OnHold' | 'Cancelled' | 'Custom';
  customStatusId?: string;
  startDate?: string;
  endDate?: string;
  createdDate: string;
  completedDate?: string;
}

export interface Folder {
  id: string;
  accountId: string;
  title: string;
  createdDate: string;
  updatedDate: string;
  description: string;
  briefDescription: string;
  color: string;
  sharedIds: string[];
  parentIds: string[];
  childIds: string[];
  superParentIds: string[];
  scope: 'WsRoot' | 'RbRoot' | 'WsFolder' | 'RbFolder';
  hasAttachments: boolean;
  attachmentCount: number;
  permalink: string;
  workflowId: string;
  metadata: { key: string; value: string }[];
  customFields: CustomFieldValue[];
  customColumnIds: string[];
  project?: ProjectInfo;
  /** True for spaces: a space is a folder too. */
  space: boolean;
}

export interface Space {
  id: string;
  title: string;
  avatarUrl: string;
  accessType: 'Personal' | 'Private' | 'Public';
  archived: boolean;
  description: string;
  guestRoleId?: string;
  defaultProjectWorkflowId: string;
  defaultTaskWorkflowId: string;
  members: { id: string; accessRoleId: string; isManager: boolean }[];
}

export interface ContactProfile {
  accountId: string;
  email: string;
  role: 'User' | 'Collaborator';
  external: boolean;
  admin: boolean;
  owner: boolean;
  active: boolean;
}

/** A contact's profile in one account (a person can have profiles in several; the list's order means nothing). */
export function profileIn(contact: Contact, accountId: string): ContactProfile | undefined {
  return contact.profiles.find((profile) => profile.accountId === accountId);
}

export interface Contact {
  id: string;
  firstName: string;
  lastName: string;
  type: 'Person' | 'Group' | 'Robot';
  profiles: ContactProfile[];
  avatarUrl: string;
  timezone: string;
  locale: string;
  deleted: boolean;
  title?: string;
  companyName?: string;
  primaryEmail?: string;
  memberIds?: string[];
  metadata: { key: string; value: string }[];
}

export interface Group {
  id: string;
  accountId: string;
  title: string;
  memberIds: string[];
  childIds: string[];
  parentIds: string[];
  avatarUrl: string;
  myTeam: boolean;
  metadata: { key: string; value: string }[];
}

export type RelationType = 'FinishToStart' | 'StartToStart' | 'FinishToFinish' | 'StartToFinish';
export const RELATION_TYPES: readonly RelationType[] = ['FinishToStart', 'StartToStart', 'FinishToFinish', 'StartToFinish'];

/** A task dependency: the successor waits on the predecessor (FinishToStart: starts once it finished). */
export interface Dependency {
  id: string;
  predecessorId: string;
  successorId: string;
  relationType: RelationType;
}

export type BillingType = 'Billable' | 'NonBillable';
export const BILLING_TYPES: readonly BillingType[] = ['Billable', 'NonBillable'];

/** Time a user tracked on a task on one day (hours 0–24, Wrike keeps them as a decimal). */
export interface Timelog {
  id: string;
  taskId: string;
  userId: string;
  categoryId?: string;
  billingType: BillingType;
  hours: number;
  createdDate: string;
  updatedDate: string;
  /** yyyy-MM-dd, no zone. */
  trackedDate: string;
  comment: string;
}

export interface TimelogCategory {
  id: string;
  name: string;
  order: number;
  hidden: boolean;
}

export interface Comment {
  id: string;
  authorId: string;
  text: string;
  createdDate: string;
  updatedDate: string;
  taskId?: string;
  folderId?: string;
}

export interface Attachment {
  id: string;
  authorId: string;
  name: string;
  createdDate: string;
  version: number;
  type: 'Wrike';
  contentType: string;
  size: number;
  taskId?: string;
  folderId?: string;
  bytes: Buffer;
}

export type CustomFieldType =
  | 'Text'
  | 'DropDown'
  | 'Numeric'
  | 'Currency'
  | 'Percentage'
  | 'Date'
  | 'Duration'
  | 'Checkbox'
  | 'Contacts'
  | 'Multiple';

export interface CustomField {
  id: string;
  accountId: string;
  title: string;
  type: CustomFieldType;
  sharedIds: string[];
  settings: Record<string, unknown>;
}

export interface CustomStatus {
  id: string;
  name: string;
  standardName: boolean;
  color: string;
  standard: boolean;
  group: TaskStatus;
  hidden: boolean;
}

export interface Workflow {
  id: string;
  name: string;
  standard: boolean;
  hidden: boolean;
  customStatuses: CustomStatus[];
}

export interface AccessRole {
  id: string;
  title: string;
  description: string;
}

export interface Account {
  id: string;
  name: string;
  dateFormat: string;
  firstDayOfWeek: string;
  workDays: string[];
  rootFolderId: string;
  recycleBinId: string;
  createdDate: string;
  joinedDate: string;
}

export interface Webhook {
  id: string;
  accountId: string;
  folderId?: string;
  spaceId?: string;
  hookUrl: string;
  secret?: string;
  events?: string[];
  recursive: boolean;
  status: 'Active' | 'Suspended';
  /** Consecutive failed deliveries; reaching the threshold suspends the hook. */
  failures: number;
}
