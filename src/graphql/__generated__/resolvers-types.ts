/* eslint-disable */
import { GraphQLResolveInfo, GraphQLScalarType, GraphQLScalarTypeConfig } from 'graphql';
import { TicketSource as TicketSourceModel, TicketStatusModel as TicketStatusModelModel, TicketEdgeModel as TicketEdgeModelModel, TicketConnectionModel as TicketConnectionModelModel, TicketTombstoneModel as TicketTombstoneModelModel, TicketDescendantEdgeModel as TicketDescendantEdgeModelModel, TicketDescendantConnectionModel as TicketDescendantConnectionModelModel, CollectionModel as CollectionModelModel, CollectionEdgeModel as CollectionEdgeModelModel, CollectionConnectionModel as CollectionConnectionModelModel, WorkspaceModel as WorkspaceModelModel, WorkspaceEdgeModel as WorkspaceEdgeModelModel, WorkspaceConnectionModel as WorkspaceConnectionModelModel, CommentModel as CommentModelModel, CommentEdgeModel as CommentEdgeModelModel, CommentConnectionModel as CommentConnectionModelModel, AttachmentModel as AttachmentModelModel, AttachmentEdgeModel as AttachmentEdgeModelModel, AttachmentConnectionModel as AttachmentConnectionModelModel, FieldModel as FieldModelModel, FieldEdgeModel as FieldEdgeModelModel, FieldConnectionModel as FieldConnectionModelModel, FieldValueModelAny as FieldValueModelAnyModel, TextFieldValueModel as TextFieldValueModelModel, NumberFieldValueModel as NumberFieldValueModelModel, DurationFieldValueModel as DurationFieldValueModelModel, DateFieldValueModel as DateFieldValueModelModel, CheckboxFieldValueModel as CheckboxFieldValueModelModel, DropdownFieldValueModel as DropdownFieldValueModelModel, MultiSelectFieldValueModel as MultiSelectFieldValueModelModel, UserFieldValueModel as UserFieldValueModelModel, UnifiedUser as UnifiedUserModel, UserEdgeModel as UserEdgeModelModel, UserConnectionModel as UserConnectionModelModel, GroupModel as GroupModelModel, GroupEdgeModel as GroupEdgeModelModel, GroupConnectionModel as GroupConnectionModelModel, RoleModel as RoleModelModel, TimeLogModel as TimeLogModelModel, TimeLogEdgeModel as TimeLogEdgeModelModel, TimeLogConnectionModel as TimeLogConnectionModelModel, TimeLogCategoryModel as TimeLogCategoryModelModel, TimeLogUserTotalModel as TimeLogUserTotalModelModel } from '../mappers';
import { ConnectionView as ConnectionViewModel } from '../../connections/manager';
import { WebhookRecord as WebhookRecordModel } from '../../connections/store';
import { TicketEventEnvelope as TicketEventEnvelopeModel } from '../event-stream';
import { WrikeDependency as WrikeDependencyModel } from '../../wrike/types';
import { GraphQLContext } from '../context';
export type Maybe<T> = T | null;
export type InputMaybe<T> = Maybe<T>;
export type Omit<T, K extends keyof T> = Pick<T, Exclude<keyof T, K>>;
export type RequireFields<T, K extends keyof T> = Omit<T, K> & { [P in K]-?: NonNullable<T[P]> };
/** All built-in and custom scalars, mapped to their actual values */
export type Scalars = {
  ID: { input: string; output: string; }
  String: { input: string; output: string; }
  Boolean: { input: boolean; output: boolean; }
  Int: { input: number; output: number; }
  Float: { input: number; output: number; }
  /** An ISO-8601 UTC timestamp, e.g. 2026-03-14T09:30:00Z. */
  DateTime: { input: string; output: string; }
  /** Any JSON value. */
  JSON: { input: unknown; output: unknown; }
  _FieldSet: { input: unknown; output: unknown; }
};

/** A file attached to a ticket. */
export type Attachment = {
  __typename?: 'Attachment';
  author?: Maybe<User>;
  contentType?: Maybe<Scalars['String']['output']>;
  createdAt: Scalars['DateTime']['output'];
  /** A short-lived link that streams the file through this service (valid for DOWNLOAD_URL_TTL_SECONDS). */
  downloadUrl: Scalars['String']['output'];
  id: Scalars['ID']['output'];
  /** File name. */
  name: Scalars['String']['output'];
  /** Size in bytes. */
  size?: Maybe<Scalars['Int']['output']>;
  ticket?: Maybe<Ticket>;
  /** Version number (1 for the first upload). */
  version?: Maybe<Scalars['Int']['output']>;
};

export type AttachmentConnection = {
  __typename?: 'AttachmentConnection';
  edges: Array<AttachmentEdge>;
  nodes: Array<Attachment>;
  pageInfo: PageInfo;
  totalCount?: Maybe<Scalars['Int']['output']>;
};

export type AttachmentEdge = {
  __typename?: 'AttachmentEdge';
  cursor: Scalars['String']['output'];
  node: Attachment;
};

export type AttachmentPayload = {
  __typename?: 'AttachmentPayload';
  attachment?: Maybe<Attachment>;
  userErrors: Array<UserError>;
};

/** CHECKBOX. */
export type CheckboxFieldValue = CustomFieldValue & {
  __typename?: 'CheckboxFieldValue';
  checked?: Maybe<Scalars['Boolean']['output']>;
  field: Field;
  rawValue: Scalars['String']['output'];
};

/** A Wrike folder or project. */
export type Collection = {
  __typename?: 'Collection';
  /** Direct child collections. */
  children?: Maybe<CollectionConnection>;
  createdAt?: Maybe<Scalars['DateTime']['output']>;
  /** Custom-field values that are set. */
  customFields?: Maybe<Array<CustomFieldValue>>;
  /** HTML description. */
  description?: Maybe<Scalars['String']['output']>;
  /** Project end date (yyyy-MM-dd). */
  endDate?: Maybe<Scalars['String']['output']>;
  /** The Wrike folder id, unchanged. */
  id: Scalars['ID']['output'];
  name: Scalars['String']['output'];
  /** Project owners (empty for folders). */
  owners?: Maybe<Array<User>>;
  /** The collection above, or null at the top of a workspace. */
  parent?: Maybe<Collection>;
  /** Project status (Green, Yellow, Red, Completed, OnHold, Cancelled), null for folders. */
  projectStatus?: Maybe<Scalars['String']['output']>;
  /** Project start date (yyyy-MM-dd). */
  startDate?: Maybe<Scalars['String']['output']>;
  /** Tickets in this collection and the collections below it. */
  tickets?: Maybe<TicketConnection>;
  type: CollectionType;
  updatedAt?: Maybe<Scalars['DateTime']['output']>;
  /** Link to the folder in Wrike. */
  url?: Maybe<Scalars['String']['output']>;
  /** The workspace the collection lives in. */
  workspace?: Maybe<Workspace>;
};


/** A Wrike folder or project. */
export type CollectionChildrenArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
};


/** A Wrike folder or project. */
export type CollectionTicketsArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  filter?: InputMaybe<TicketFilter>;
  first?: InputMaybe<Scalars['Int']['input']>;
  orderBy?: InputMaybe<TicketOrder>;
};

export type CollectionConnection = {
  __typename?: 'CollectionConnection';
  edges: Array<CollectionEdge>;
  nodes: Array<Collection>;
  pageInfo: PageInfo;
  totalCount?: Maybe<Scalars['Int']['output']>;
};

export type CollectionEdge = {
  __typename?: 'CollectionEdge';
  cursor: Scalars['String']['output'];
  node: Collection;
};

/** Collection filters. */
export type CollectionFilter = {
  /** Direct children of this collection. */
  parentId?: InputMaybe<Scalars['ID']['input']>;
  /** Only folders or only projects. */
  type?: InputMaybe<CollectionType>;
  /** Collections in this workspace (at any depth). */
  workspaceId?: InputMaybe<Scalars['ID']['input']>;
};

export type CollectionPayload = {
  __typename?: 'CollectionPayload';
  collection?: Maybe<Collection>;
  userErrors: Array<UserError>;
};

export type CollectionType =
  | 'FOLDER'
  | 'PROJECT';

/** A comment on a ticket. */
export type Comment = {
  __typename?: 'Comment';
  author?: Maybe<User>;
  /** HTML text. */
  body: Scalars['String']['output'];
  createdAt: Scalars['DateTime']['output'];
  id: Scalars['ID']['output'];
  /** The ticket it is on (null for comments on collections). */
  ticket?: Maybe<Ticket>;
  updatedAt?: Maybe<Scalars['DateTime']['output']>;
};

export type CommentConnection = {
  __typename?: 'CommentConnection';
  edges: Array<CommentEdge>;
  nodes: Array<Comment>;
  pageInfo: PageInfo;
  totalCount?: Maybe<Scalars['Int']['output']>;
};

export type CommentEdge = {
  __typename?: 'CommentEdge';
  cursor: Scalars['String']['output'];
  node: Comment;
};

export type CommentPayload = {
  __typename?: 'CommentPayload';
  comment?: Maybe<Comment>;
  userErrors: Array<UserError>;
};

export type ConnectWrikeWithTokenInput = {
  /** The account's data-center host, e.g. www.wrike.com or app-eu.wrike.com. Left out, every data center is asked and the one that accepts the token is used. */
  host?: InputMaybe<Scalars['String']['input']>;
  /** A Wrike permanent access token (App Console → API apps → Obtain token). */
  token: Scalars['String']['input'];
  /** Limit the connection to these spaces (up to 100); left out: the whole account. */
  workspaceIds?: InputMaybe<Array<Scalars['ID']['input']>>;
};

export type ConnectionAuthType =
  | 'OAUTH'
  | 'PERMANENT_TOKEN';

export type ConnectionPayload = {
  __typename?: 'ConnectionPayload';
  connection?: Maybe<WrikeConnection>;
  userErrors: Array<UserError>;
};

/** Where a connection stands. */
export type ConnectionStatus =
  /** Working. */
  | 'ACTIVE'
  /** Wrike refused its token and refresh: link the account again. */
  | 'NEEDS_REAUTH'
  /** Disconnected on purpose. */
  | 'REVOKED';

export type CreateAttachmentInput = {
  /** The file's bytes, base64-encoded. */
  contentBase64: Scalars['String']['input'];
  contentType?: InputMaybe<Scalars['String']['input']>;
  fileName: Scalars['String']['input'];
  idempotencyKey?: InputMaybe<Scalars['String']['input']>;
  ticketId: Scalars['ID']['input'];
};

export type CreateCollectionInput = {
  customFields?: InputMaybe<Array<CustomFieldInput>>;
  description?: InputMaybe<Scalars['String']['input']>;
  idempotencyKey?: InputMaybe<Scalars['String']['input']>;
  name: Scalars['String']['input'];
  /** Project owners (projects only); the caller when left out. */
  ownerIds?: InputMaybe<Array<Scalars['ID']['input']>>;
  /** The parent collection, or a workspace id for a top-level collection. */
  parentId: Scalars['ID']['input'];
  /** FOLDER by default. */
  type?: InputMaybe<CollectionType>;
};

export type CreateCommentInput = {
  /** HTML. */
  body: Scalars['String']['input'];
  idempotencyKey?: InputMaybe<Scalars['String']['input']>;
  ticketId: Scalars['ID']['input'];
};

export type CreateDependencyInput = {
  /** The ticket that must go first. */
  predecessorId: Scalars['ID']['input'];
  /** The ticket that waits on it. */
  successorId: Scalars['ID']['input'];
  type?: InputMaybe<DependencyType>;
};

export type CreateTicketInput = {
  assigneeIds?: InputMaybe<Array<Scalars['ID']['input']>>;
  /** The collection (folder or project) to create the ticket in. */
  collectionId: Scalars['ID']['input'];
  customFields?: InputMaybe<Array<CustomFieldInput>>;
  /** HTML. */
  description?: InputMaybe<Scalars['String']['input']>;
  /** yyyy-MM-dd or yyyy-MM-ddTHH:mm:ss (no zone). */
  dueDate?: InputMaybe<Scalars['String']['input']>;
  /** Any string up to 200 characters; reuse it to retry safely. */
  idempotencyKey?: InputMaybe<Scalars['String']['input']>;
  /** Makes the ticket a sub-task of these tickets. */
  parentTicketIds?: InputMaybe<Array<Scalars['ID']['input']>>;
  priority?: InputMaybe<TicketPriority>;
  /** yyyy-MM-dd or yyyy-MM-ddTHH:mm:ss (no zone). */
  startDate?: InputMaybe<Scalars['String']['input']>;
  /** A TicketStatus id; its category sets the status category. */
  statusId?: InputMaybe<Scalars['ID']['input']>;
  title: Scalars['String']['input'];
};

export type CreateTimeLogInput = {
  /** Default: Wrike's default for the account (billable in the sandbox). */
  billable?: InputMaybe<Scalars['Boolean']['input']>;
  /** A visible time-log category. */
  categoryId?: InputMaybe<Scalars['ID']['input']>;
  /** Plain text, up to 2,000 characters. */
  comment?: InputMaybe<Scalars['String']['input']>;
  /** Retrying with the same key never logs the time twice (kept 24 hours). */
  idempotencyKey?: InputMaybe<Scalars['String']['input']>;
  /** 1 to 1,440 (a day). */
  minutes: Scalars['Int']['input'];
  ticketId: Scalars['ID']['input'];
  /** yyyy-MM-dd, from 2000-01-01 to a year ahead. */
  trackedDate: Scalars['String']['input'];
};

/**
 * A custom-field value to write. `value` is JSON typed by the field: TEXT string, NUMBER/CURRENCY/PERCENTAGE number,
 * DURATION whole minutes, DATE "yyyy-MM-dd", CHECKBOX boolean, DROPDOWN one of the options, MULTI_SELECT a list of
 * options, USER a list of user ids. null clears the value.
 */
export type CustomFieldInput = {
  fieldId: Scalars['ID']['input'];
  value?: InputMaybe<Scalars['JSON']['input']>;
};

/**
 * A set custom-field value. Each field type has its implementation with a typed value; when the stored text does not
 * parse as the field's type, the typed value is null and `rawValue` keeps the text.
 */
export type CustomFieldValue = {
  field: Field;
  /** The value as Wrike stores it (always text). */
  rawValue: Scalars['String']['output'];
};

/** DATE (yyyy-MM-dd). */
export type DateFieldValue = CustomFieldValue & {
  __typename?: 'DateFieldValue';
  date?: Maybe<Scalars['String']['output']>;
  field: Field;
  rawValue: Scalars['String']['output'];
};

export type DeleteInput = {
  id: Scalars['ID']['input'];
};

export type DeletePayload = {
  __typename?: 'DeletePayload';
  /** The id of what was deleted; null when nothing was. */
  deletedId?: Maybe<Scalars['ID']['output']>;
  userErrors: Array<UserError>;
};

export type DependencyPayload = {
  __typename?: 'DependencyPayload';
  dependency?: Maybe<TicketDependency>;
  userErrors: Array<UserError>;
};

/** How a successor waits on its predecessor. */
export type DependencyType =
  /** Both finish together. */
  | 'FINISH_TO_FINISH'
  /** The successor starts once the predecessor finished (Wrike's usual link). */
  | 'FINISH_TO_START'
  /** The successor finishes once the predecessor started. */
  | 'START_TO_FINISH'
  /** Both start together. */
  | 'START_TO_START';

export type DisconnectPayload = {
  __typename?: 'DisconnectPayload';
  disconnectedId?: Maybe<Scalars['ID']['output']>;
  userErrors: Array<UserError>;
};

export type DisconnectWrikeInput = {
  id: Scalars['ID']['input'];
};

/** DROPDOWN. */
export type DropdownFieldValue = CustomFieldValue & {
  __typename?: 'DropdownFieldValue';
  field: Field;
  option?: Maybe<Scalars['String']['output']>;
  rawValue: Scalars['String']['output'];
};

/** DURATION, in minutes. */
export type DurationFieldValue = CustomFieldValue & {
  __typename?: 'DurationFieldValue';
  field: Field;
  minutes?: Maybe<Scalars['Int']['output']>;
  rawValue: Scalars['String']['output'];
};

export type EnableWrikeWebhookInput = {
  connectionId: Scalars['ID']['input'];
};

/** A custom-field definition. */
export type Field = {
  __typename?: 'Field';
  /** The currency of CURRENCY fields as Wrike's definition states it (e.g. USD); null when it states none. */
  currency?: Maybe<Scalars['String']['output']>;
  /** Decimal places of number fields. */
  decimalPlaces?: Maybe<Scalars['Int']['output']>;
  /** The Wrike custom field id. */
  id: Scalars['ID']['output'];
  /** False for fields Wrike or an app manages (read-only in Wrike's definition); true for fields the account's users defined. */
  isUserDefined: Scalars['Boolean']['output'];
  name: Scalars['String']['output'];
  /** Choices of DROPDOWN and MULTI_SELECT fields; empty otherwise. */
  options: Array<Scalars['String']['output']>;
  type: FieldType;
};

export type FieldConnection = {
  __typename?: 'FieldConnection';
  edges: Array<FieldEdge>;
  nodes: Array<Field>;
  pageInfo: PageInfo;
  totalCount?: Maybe<Scalars['Int']['output']>;
};

export type FieldEdge = {
  __typename?: 'FieldEdge';
  cursor: Scalars['String']['output'];
  node: Field;
};

/** The type of a custom field. */
export type FieldType =
  | 'CHECKBOX'
  | 'CURRENCY'
  | 'DATE'
  | 'DROPDOWN'
  | 'DURATION'
  | 'MULTI_SELECT'
  | 'NUMBER'
  /** A Wrike type this version does not know yet; its values read as OtherFieldValue (raw text, not writable here). */
  | 'OTHER'
  | 'PERCENTAGE'
  | 'TEXT'
  | 'USER';

/** A Wrike group of users; groups nest. */
export type Group = {
  __typename?: 'Group';
  /** Groups directly below. */
  children: Array<Group>;
  id: Scalars['ID']['output'];
  /** Direct members (deleted users left out). */
  members?: Maybe<Array<User>>;
  name: Scalars['String']['output'];
  /** The group above, if any. */
  parent?: Maybe<Group>;
};

export type GroupConnection = {
  __typename?: 'GroupConnection';
  edges: Array<GroupEdge>;
  nodes: Array<Group>;
  pageInfo: PageInfo;
  totalCount?: Maybe<Scalars['Int']['output']>;
};

export type GroupEdge = {
  __typename?: 'GroupEdge';
  cursor: Scalars['String']['output'];
  node: Group;
};

export type LegacyIdMapping = {
  __typename?: 'LegacyIdMapping';
  /** The id this API uses (Wrike's API v4 id). */
  id: Scalars['ID']['output'];
  /** The API v2 id. */
  legacyId: Scalars['String']['output'];
};

/** Kinds of Wrike API v2 ids (older integrations' ids; the number in a Wrike link is one). */
export type LegacyIdType =
  | 'ACCOUNT'
  | 'ATTACHMENT'
  | 'COMMENT'
  | 'FOLDER'
  | 'TASK'
  | 'TIMELOG'
  | 'USER';

/** MULTI_SELECT. */
export type MultiSelectFieldValue = CustomFieldValue & {
  __typename?: 'MultiSelectFieldValue';
  field: Field;
  options: Array<Scalars['String']['output']>;
  rawValue: Scalars['String']['output'];
};

/**
 * Writes. Each lands exactly once or not at all: input is checked (custom-field values against their definitions)
 * before anything is sent, and input the user can fix comes back in `userErrors` with nothing written. Creates take an
 * `idempotencyKey`: the same key on the same connection within 24 hours returns the first result and writes nothing.
 */
export type Mutation = {
  __typename?: 'Mutation';
  /** Links an account with a permanent token, after Wrike confirms the token works. */
  connectWrikeWithToken: ConnectionPayload;
  /** Attaches a file sent as base64 (up to MAX_ATTACHMENT_BYTES); larger files go through POST /attachments/upload. */
  createAttachment: AttachmentPayload;
  /** Creates a folder, or a project when `type` is PROJECT. */
  createCollection: CollectionPayload;
  createComment: CommentPayload;
  /** Makes one ticket wait on another. */
  createDependency: DependencyPayload;
  /** Creates a ticket in a collection. */
  createTicket: TicketPayload;
  /** Logs time on a ticket, as the connection's user. */
  createTimeLog: TimeLogPayload;
  deleteAttachment: DeletePayload;
  deleteComment: DeletePayload;
  /** Removes a dependency (by its id). */
  deleteDependency: DeletePayload;
  /** Moves a ticket to Wrike's Recycle Bin. */
  deleteTicket: DeletePayload;
  deleteTimeLog: DeletePayload;
  /** Forgets a linked account and its tokens (and removes its webhook at Wrike). */
  disconnectWrike: DisconnectPayload;
  /** Registers the connection's Wrike webhook, or turns a suspended one back on. */
  enableWrikeWebhook: WebhookPayload;
  /** Limits a connection to some Wrike spaces, or (null) opens it to the whole account again; every replica applies it from its next request. */
  setConnectionWorkspaces: ConnectionPayload;
  updateCollection: CollectionPayload;
  /** Wrike allows edits only shortly after a comment was written, by its author. */
  updateComment: CommentPayload;
  /** Changes a ticket; list fields take add/remove pairs. */
  updateTicket: TicketPayload;
  /**
   * Sets the same custom-field values on many tickets (up to 1,000): one Wrike call per 100 tickets. Checked whole
   * before any call; a batch Wrike refuses fails only its own tickets, each named in `userErrors`.
   */
  updateTicketsCustomFields: TicketsPayload;
  updateTimeLog: TimeLogPayload;
};


/**
 * Writes. Each lands exactly once or not at all: input is checked (custom-field values against their definitions)
 * before anything is sent, and input the user can fix comes back in `userErrors` with nothing written. Creates take an
 * `idempotencyKey`: the same key on the same connection within 24 hours returns the first result and writes nothing.
 */
export type MutationConnectWrikeWithTokenArgs = {
  input: ConnectWrikeWithTokenInput;
};


/**
 * Writes. Each lands exactly once or not at all: input is checked (custom-field values against their definitions)
 * before anything is sent, and input the user can fix comes back in `userErrors` with nothing written. Creates take an
 * `idempotencyKey`: the same key on the same connection within 24 hours returns the first result and writes nothing.
 */
export type MutationCreateAttachmentArgs = {
  input: CreateAttachmentInput;
};


/**
 * Writes. Each lands exactly once or not at all: input is checked (custom-field values against their definitions)
 * before anything is sent, and input the user can fix comes back in `userErrors` with nothing written. Creates take an
 * `idempotencyKey`: the same key on the same connection within 24 hours returns the first result and writes nothing.
 */
export type MutationCreateCollectionArgs = {
  input: CreateCollectionInput;
};


/**
 * Writes. Each lands exactly once or not at all: input is checked (custom-field values against their definitions)
 * before anything is sent, and input the user can fix comes back in `userErrors` with nothing written. Creates take an
 * `idempotencyKey`: the same key on the same connection within 24 hours returns the first result and writes nothing.
 */
export type MutationCreateCommentArgs = {
  input: CreateCommentInput;
};


/**
 * Writes. Each lands exactly once or not at all: input is checked (custom-field values against their definitions)
 * before anything is sent, and input the user can fix comes back in `userErrors` with nothing written. Creates take an
 * `idempotencyKey`: the same key on the same connection within 24 hours returns the first result and writes nothing.
 */
export type MutationCreateDependencyArgs = {
  input: CreateDependencyInput;
};


/**
 * Writes. Each lands exactly once or not at all: input is checked (custom-field values against their definitions)
 * before anything is sent, and input the user can fix comes back in `userErrors` with nothing written. Creates take an
 * `idempotencyKey`: the same key on the same connection within 24 hours returns the first result and writes nothing.
 */
export type MutationCreateTicketArgs = {
  input: CreateTicketInput;
};


/**
 * Writes. Each lands exactly once or not at all: input is checked (custom-field values against their definitions)
 * before anything is sent, and input the user can fix comes back in `userErrors` with nothing written. Creates take an
 * `idempotencyKey`: the same key on the same connection within 24 hours returns the first result and writes nothing.
 */
export type MutationCreateTimeLogArgs = {
  input: CreateTimeLogInput;
};


/**
 * Writes. Each lands exactly once or not at all: input is checked (custom-field values against their definitions)
 * before anything is sent, and input the user can fix comes back in `userErrors` with nothing written. Creates take an
 * `idempotencyKey`: the same key on the same connection within 24 hours returns the first result and writes nothing.
 */
export type MutationDeleteAttachmentArgs = {
  input: DeleteInput;
};


/**
 * Writes. Each lands exactly once or not at all: input is checked (custom-field values against their definitions)
 * before anything is sent, and input the user can fix comes back in `userErrors` with nothing written. Creates take an
 * `idempotencyKey`: the same key on the same connection within 24 hours returns the first result and writes nothing.
 */
export type MutationDeleteCommentArgs = {
  input: DeleteInput;
};


/**
 * Writes. Each lands exactly once or not at all: input is checked (custom-field values against their definitions)
 * before anything is sent, and input the user can fix comes back in `userErrors` with nothing written. Creates take an
 * `idempotencyKey`: the same key on the same connection within 24 hours returns the first result and writes nothing.
 */
export type MutationDeleteDependencyArgs = {
  input: DeleteInput;
};


/**
 * Writes. Each lands exactly once or not at all: input is checked (custom-field values against their definitions)
 * before anything is sent, and input the user can fix comes back in `userErrors` with nothing written. Creates take an
 * `idempotencyKey`: the same key on the same connection within 24 hours returns the first result and writes nothing.
 */
export type MutationDeleteTicketArgs = {
  input: DeleteInput;
};


/**
 * Writes. Each lands exactly once or not at all: input is checked (custom-field values against their definitions)
 * before anything is sent, and input the user can fix comes back in `userErrors` with nothing written. Creates take an
 * `idempotencyKey`: the same key on the same connection within 24 hours returns the first result and writes nothing.
 */
export type MutationDeleteTimeLogArgs = {
  input: DeleteInput;
};


/**
 * Writes. Each lands exactly once or not at all: input is checked (custom-field values against their definitions)
 * before anything is sent, and input the user can fix comes back in `userErrors` with nothing written. Creates take an
 * `idempotencyKey`: the same key on the same connection within 24 hours returns the first result and writes nothing.
 */
export type MutationDisconnectWrikeArgs = {
  input: DisconnectWrikeInput;
};


/**
 * Writes. Each lands exactly once or not at all: input is checked (custom-field values against their definitions)
 * before anything is sent, and input the user can fix comes back in `userErrors` with nothing written. Creates take an
 * `idempotencyKey`: the same key on the same connection within 24 hours returns the first result and writes nothing.
 */
export type MutationEnableWrikeWebhookArgs = {
  input: EnableWrikeWebhookInput;
};


/**
 * Writes. Each lands exactly once or not at all: input is checked (custom-field values against their definitions)
 * before anything is sent, and input the user can fix comes back in `userErrors` with nothing written. Creates take an
 * `idempotencyKey`: the same key on the same connection within 24 hours returns the first result and writes nothing.
 */
export type MutationSetConnectionWorkspacesArgs = {
  input: SetConnectionWorkspacesInput;
};


/**
 * Writes. Each lands exactly once or not at all: input is checked (custom-field values against their definitions)
 * before anything is sent, and input the user can fix comes back in `userErrors` with nothing written. Creates take an
 * `idempotencyKey`: the same key on the same connection within 24 hours returns the first result and writes nothing.
 */
export type MutationUpdateCollectionArgs = {
  input: UpdateCollectionInput;
};


/**
 * Writes. Each lands exactly once or not at all: input is checked (custom-field values against their definitions)
 * before anything is sent, and input the user can fix comes back in `userErrors` with nothing written. Creates take an
 * `idempotencyKey`: the same key on the same connection within 24 hours returns the first result and writes nothing.
 */
export type MutationUpdateCommentArgs = {
  input: UpdateCommentInput;
};


/**
 * Writes. Each lands exactly once or not at all: input is checked (custom-field values against their definitions)
 * before anything is sent, and input the user can fix comes back in `userErrors` with nothing written. Creates take an
 * `idempotencyKey`: the same key on the same connection within 24 hours returns the first result and writes nothing.
 */
export type MutationUpdateTicketArgs = {
  input: UpdateTicketInput;
};


/**
 * Writes. Each lands exactly once or not at all: input is checked (custom-field values against their definitions)
 * before anything is sent, and input the user can fix comes back in `userErrors` with nothing written. Creates take an
 * `idempotencyKey`: the same key on the same connection within 24 hours returns the first result and writes nothing.
 */
export type MutationUpdateTicketsCustomFieldsArgs = {
  input: UpdateTicketsCustomFieldsInput;
};


/**
 * Writes. Each lands exactly once or not at all: input is checked (custom-field values against their definitions)
 * before anything is sent, and input the user can fix comes back in `userErrors` with nothing written. Creates take an
 * `idempotencyKey`: the same key on the same connection within 24 hours returns the first result and writes nothing.
 */
export type MutationUpdateTimeLogArgs = {
  input: UpdateTimeLogInput;
};

/** NUMBER, CURRENCY and PERCENTAGE. */
export type NumberFieldValue = CustomFieldValue & {
  __typename?: 'NumberFieldValue';
  /** The currency, for CURRENCY fields. */
  currency?: Maybe<Scalars['String']['output']>;
  field: Field;
  /** Null when the stored text is not a number. */
  number?: Maybe<Scalars['Float']['output']>;
  rawValue: Scalars['String']['output'];
};

export type OrderDirection =
  | 'ASC'
  | 'DESC';

/** A field of a type this version does not know (FieldType OTHER): only the raw text. */
export type OtherFieldValue = CustomFieldValue & {
  __typename?: 'OtherFieldValue';
  field: Field;
  rawValue: Scalars['String']['output'];
  /** Wrike's own name of the type. */
  wrikeType: Scalars['String']['output'];
};

/** Relay page information. */
export type PageInfo = {
  __typename?: 'PageInfo';
  /** The cursor of the last edge; pass it as `after` for the next page. */
  endCursor?: Maybe<Scalars['String']['output']>;
  /** True when more items follow `endCursor`. */
  hasNextPage: Scalars['Boolean']['output'];
  /** Always false: lists page forward only. */
  hasPreviousPage: Scalars['Boolean']['output'];
  /** The cursor of the first edge, if any. */
  startCursor?: Maybe<Scalars['String']['output']>;
};

/**
 * The unified Ticketing and User Directory graph over one linked Wrike account. Pick the account with the
 * `X-Connection-Id` header (optional when the caller has a single connection).
 *
 * Lists are Relay connections: `first` defaults to 20 and may be 0 to 100; `after` takes an `endCursor` or edge
 * `cursor` from the same list with the same arguments.
 *
 * Every field backed by a Wrike call is nullable: a failed call makes that field null with an error in `errors`
 * (`extensions.code`: RATE_LIMITED, UPSTREAM_UNAVAILABLE, FORBIDDEN, ...), never empty data, and the rest of the
 * response stands. Every response carries `extensions.cost { estimatedCalls actualCalls maxCalls }` in Wrike calls.
 */
export type Query = {
  __typename?: 'Query';
  /** An attachment by id. */
  attachment?: Maybe<Attachment>;
  /** A collection (folder or project) by its Wrike folder id. */
  collection?: Maybe<Collection>;
  /** Collections (folders and projects), all of them or filtered. */
  collections?: Maybe<CollectionConnection>;
  /** A comment by id. */
  comment?: Maybe<Comment>;
  /**
   * Comments added or edited at or after `since`, across the account (on tickets and collections), oldest change first;
   * keep the last `endCursor` and continue from it. One Wrike call a page (Wrike's account-wide comment list, whose
   * `updatedDate` window must be under 7 days), never one a ticket. Wrike serves this list for the last 7 days only: an
   * older `since` (or cursor) is `CHANGES_EXPIRED`. Deleted comments are not listed (see `ticketEvents` COMMENT_DELETED).
   */
  commentChanges?: Maybe<CommentConnection>;
  /** One of the caller's connections; null for an unknown id or another tenant's. */
  connection?: Maybe<WrikeConnection>;
  /** The caller's linked Wrike accounts. */
  connections: Array<WrikeConnection>;
  /** A custom-field definition by id. */
  field?: Maybe<Field>;
  /** Every custom-field definition of the account. */
  fields?: Maybe<FieldConnection>;
  /** A group by id. */
  group?: Maybe<Group>;
  /** Every group of the account. */
  groups?: Maybe<GroupConnection>;
  /** Wrike API v2 ids (up to 100) to this API's ids; ids Wrike does not know are left out. */
  idsFromLegacy?: Maybe<Array<LegacyIdMapping>>;
  /** The Wrike user whose credentials the connection uses. */
  me?: Maybe<User>;
  /** Account roles (owner, admin, regular user, collaborator, external) and access roles. */
  roles?: Maybe<Array<Role>>;
  /** A ticket by its Wrike task id; null when it does not exist or is not visible. */
  ticket?: Maybe<Ticket>;
  /** A ticket from a Wrike link (https://www.wrike.com/open.htm?id=…, any data center) or the number in it; null when no visible ticket has it. */
  ticketByPermalink?: Maybe<Ticket>;
  /**
   * Incremental sync without a socket: every ticket (sub-tasks included) changed at or after `since`, oldest change
   * first; keep the last `endCursor` and continue from it. Read from Wrike's updatedDate filter, whether webhooks run or
   * not, so nothing is missed when they stop: a ticket changed again later shows again, later in the walk.
   */
  ticketChanges?: Maybe<TicketConnection>;
  /** Every ticket status of every workflow. */
  ticketStatuses?: Maybe<Array<TicketStatus>>;
  /** Tickets, optionally filtered, newest first unless `orderBy` says otherwise. Sub-tasks only with `filter.includeSubtasks`. */
  tickets?: Maybe<TicketConnection>;
  /** A time log by id. */
  timeLog?: Maybe<TimeLog>;
  /** The account's time-log categories (hidden ones included). */
  timeLogCategories?: Maybe<Array<TimeLogCategory>>;
  /** Time logs, oldest tracked day first. Each page reads the whole filtered list once (Wrike does not page time logs). */
  timeLogs?: Maybe<TimeLogConnection>;
  /** A user by Wrike contact id. */
  user?: Maybe<User>;
  /** The user directory: people of the account (deleted ones on request). */
  users?: Maybe<UserConnection>;
  /** A workspace (Wrike space) by id. */
  workspace?: Maybe<Workspace>;
  /** Every workspace, archived ones included. */
  workspaces?: Maybe<WorkspaceConnection>;
};


/**
 * The unified Ticketing and User Directory graph over one linked Wrike account. Pick the account with the
 * `X-Connection-Id` header (optional when the caller has a single connection).
 *
 * Lists are Relay connections: `first` defaults to 20 and may be 0 to 100; `after` takes an `endCursor` or edge
 * `cursor` from the same list with the same arguments.
 *
 * Every field backed by a Wrike call is nullable: a failed call makes that field null with an error in `errors`
 * (`extensions.code`: RATE_LIMITED, UPSTREAM_UNAVAILABLE, FORBIDDEN, ...), never empty data, and the rest of the
 * response stands. Every response carries `extensions.cost { estimatedCalls actualCalls maxCalls }` in Wrike calls.
 */
export type QueryAttachmentArgs = {
  id: Scalars['ID']['input'];
};


/**
 * The unified Ticketing and User Directory graph over one linked Wrike account. Pick the account with the
 * `X-Connection-Id` header (optional when the caller has a single connection).
 *
 * Lists are Relay connections: `first` defaults to 20 and may be 0 to 100; `after` takes an `endCursor` or edge
 * `cursor` from the same list with the same arguments.
 *
 * Every field backed by a Wrike call is nullable: a failed call makes that field null with an error in `errors`
 * (`extensions.code`: RATE_LIMITED, UPSTREAM_UNAVAILABLE, FORBIDDEN, ...), never empty data, and the rest of the
 * response stands. Every response carries `extensions.cost { estimatedCalls actualCalls maxCalls }` in Wrike calls.
 */
export type QueryCollectionArgs = {
  id: Scalars['ID']['input'];
};


/**
 * The unified Ticketing and User Directory graph over one linked Wrike account. Pick the account with the
 * `X-Connection-Id` header (optional when the caller has a single connection).
 *
 * Lists are Relay connections: `first` defaults to 20 and may be 0 to 100; `after` takes an `endCursor` or edge
 * `cursor` from the same list with the same arguments.
 *
 * Every field backed by a Wrike call is nullable: a failed call makes that field null with an error in `errors`
 * (`extensions.code`: RATE_LIMITED, UPSTREAM_UNAVAILABLE, FORBIDDEN, ...), never empty data, and the rest of the
 * response stands. Every response carries `extensions.cost { estimatedCalls actualCalls maxCalls }` in Wrike calls.
 */
export type QueryCollectionsArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  filter?: InputMaybe<CollectionFilter>;
  first?: InputMaybe<Scalars['Int']['input']>;
};


/**
 * The unified Ticketing and User Directory graph over one linked Wrike account. Pick the account with the
 * `X-Connection-Id` header (optional when the caller has a single connection).
 *
 * Lists are Relay connections: `first` defaults to 20 and may be 0 to 100; `after` takes an `endCursor` or edge
 * `cursor` from the same list with the same arguments.
 *
 * Every field backed by a Wrike call is nullable: a failed call makes that field null with an error in `errors`
 * (`extensions.code`: RATE_LIMITED, UPSTREAM_UNAVAILABLE, FORBIDDEN, ...), never empty data, and the rest of the
 * response stands. Every response carries `extensions.cost { estimatedCalls actualCalls maxCalls }` in Wrike calls.
 */
export type QueryCommentArgs = {
  id: Scalars['ID']['input'];
};


/**
 * The unified Ticketing and User Directory graph over one linked Wrike account. Pick the account with the
 * `X-Connection-Id` header (optional when the caller has a single connection).
 *
 * Lists are Relay connections: `first` defaults to 20 and may be 0 to 100; `after` takes an `endCursor` or edge
 * `cursor` from the same list with the same arguments.
 *
 * Every field backed by a Wrike call is nullable: a failed call makes that field null with an error in `errors`
 * (`extensions.code`: RATE_LIMITED, UPSTREAM_UNAVAILABLE, FORBIDDEN, ...), never empty data, and the rest of the
 * response stands. Every response carries `extensions.cost { estimatedCalls actualCalls maxCalls }` in Wrike calls.
 */
export type QueryCommentChangesArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
  since: Scalars['DateTime']['input'];
};


/**
 * The unified Ticketing and User Directory graph over one linked Wrike account. Pick the account with the
 * `X-Connection-Id` header (optional when the caller has a single connection).
 *
 * Lists are Relay connections: `first` defaults to 20 and may be 0 to 100; `after` takes an `endCursor` or edge
 * `cursor` from the same list with the same arguments.
 *
 * Every field backed by a Wrike call is nullable: a failed call makes that field null with an error in `errors`
 * (`extensions.code`: RATE_LIMITED, UPSTREAM_UNAVAILABLE, FORBIDDEN, ...), never empty data, and the rest of the
 * response stands. Every response carries `extensions.cost { estimatedCalls actualCalls maxCalls }` in Wrike calls.
 */
export type QueryConnectionArgs = {
  id: Scalars['ID']['input'];
};


/**
 * The unified Ticketing and User Directory graph over one linked Wrike account. Pick the account with the
 * `X-Connection-Id` header (optional when the caller has a single connection).
 *
 * Lists are Relay connections: `first` defaults to 20 and may be 0 to 100; `after` takes an `endCursor` or edge
 * `cursor` from the same list with the same arguments.
 *
 * Every field backed by a Wrike call is nullable: a failed call makes that field null with an error in `errors`
 * (`extensions.code`: RATE_LIMITED, UPSTREAM_UNAVAILABLE, FORBIDDEN, ...), never empty data, and the rest of the
 * response stands. Every response carries `extensions.cost { estimatedCalls actualCalls maxCalls }` in Wrike calls.
 */
export type QueryFieldArgs = {
  id: Scalars['ID']['input'];
};


/**
 * The unified Ticketing and User Directory graph over one linked Wrike account. Pick the account with the
 * `X-Connection-Id` header (optional when the caller has a single connection).
 *
 * Lists are Relay connections: `first` defaults to 20 and may be 0 to 100; `after` takes an `endCursor` or edge
 * `cursor` from the same list with the same arguments.
 *
 * Every field backed by a Wrike call is nullable: a failed call makes that field null with an error in `errors`
 * (`extensions.code`: RATE_LIMITED, UPSTREAM_UNAVAILABLE, FORBIDDEN, ...), never empty data, and the rest of the
 * response stands. Every response carries `extensions.cost { estimatedCalls actualCalls maxCalls }` in Wrike calls.
 */
export type QueryFieldsArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
};


/**
 * The unified Ticketing and User Directory graph over one linked Wrike account. Pick the account with the
 * `X-Connection-Id` header (optional when the caller has a single connection).
 *
 * Lists are Relay connections: `first` defaults to 20 and may be 0 to 100; `after` takes an `endCursor` or edge
 * `cursor` from the same list with the same arguments.
 *
 * Every field backed by a Wrike call is nullable: a failed call makes that field null with an error in `errors`
 * (`extensions.code`: RATE_LIMITED, UPSTREAM_UNAVAILABLE, FORBIDDEN, ...), never empty data, and the rest of the
 * response stands. Every response carries `extensions.cost { estimatedCalls actualCalls maxCalls }` in Wrike calls.
 */
export type QueryGroupArgs = {
  id: Scalars['ID']['input'];
};


/**
 * The unified Ticketing and User Directory graph over one linked Wrike account. Pick the account with the
 * `X-Connection-Id` header (optional when the caller has a single connection).
 *
 * Lists are Relay connections: `first` defaults to 20 and may be 0 to 100; `after` takes an `endCursor` or edge
 * `cursor` from the same list with the same arguments.
 *
 * Every field backed by a Wrike call is nullable: a failed call makes that field null with an error in `errors`
 * (`extensions.code`: RATE_LIMITED, UPSTREAM_UNAVAILABLE, FORBIDDEN, ...), never empty data, and the rest of the
 * response stands. Every response carries `extensions.cost { estimatedCalls actualCalls maxCalls }` in Wrike calls.
 */
export type QueryGroupsArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
};


/**
 * The unified Ticketing and User Directory graph over one linked Wrike account. Pick the account with the
 * `X-Connection-Id` header (optional when the caller has a single connection).
 *
 * Lists are Relay connections: `first` defaults to 20 and may be 0 to 100; `after` takes an `endCursor` or edge
 * `cursor` from the same list with the same arguments.
 *
 * Every field backed by a Wrike call is nullable: a failed call makes that field null with an error in `errors`
 * (`extensions.code`: RATE_LIMITED, UPSTREAM_UNAVAILABLE, FORBIDDEN, ...), never empty data, and the rest of the
 * response stands. Every response carries `extensions.cost { estimatedCalls actualCalls maxCalls }` in Wrike calls.
 */
export type QueryIdsFromLegacyArgs = {
  legacyIds: Array<Scalars['String']['input']>;
  type: LegacyIdType;
};


/**
 * The unified Ticketing and User Directory graph over one linked Wrike account. Pick the account with the
 * `X-Connection-Id` header (optional when the caller has a single connection).
 *
 * Lists are Relay connections: `first` defaults to 20 and may be 0 to 100; `after` takes an `endCursor` or edge
 * `cursor` from the same list with the same arguments.
 *
 * Every field backed by a Wrike call is nullable: a failed call makes that field null with an error in `errors`
 * (`extensions.code`: RATE_LIMITED, UPSTREAM_UNAVAILABLE, FORBIDDEN, ...), never empty data, and the rest of the
 * response stands. Every response carries `extensions.cost { estimatedCalls actualCalls maxCalls }` in Wrike calls.
 */
export type QueryTicketArgs = {
  id: Scalars['ID']['input'];
};


/**
 * The unified Ticketing and User Directory graph over one linked Wrike account. Pick the account with the
 * `X-Connection-Id` header (optional when the caller has a single connection).
 *
 * Lists are Relay connections: `first` defaults to 20 and may be 0 to 100; `after` takes an `endCursor` or edge
 * `cursor` from the same list with the same arguments.
 *
 * Every field backed by a Wrike call is nullable: a failed call makes that field null with an error in `errors`
 * (`extensions.code`: RATE_LIMITED, UPSTREAM_UNAVAILABLE, FORBIDDEN, ...), never empty data, and the rest of the
 * response stands. Every response carries `extensions.cost { estimatedCalls actualCalls maxCalls }` in Wrike calls.
 */
export type QueryTicketByPermalinkArgs = {
  url: Scalars['String']['input'];
};


/**
 * The unified Ticketing and User Directory graph over one linked Wrike account. Pick the account with the
 * `X-Connection-Id` header (optional when the caller has a single connection).
 *
 * Lists are Relay connections: `first` defaults to 20 and may be 0 to 100; `after` takes an `endCursor` or edge
 * `cursor` from the same list with the same arguments.
 *
 * Every field backed by a Wrike call is nullable: a failed call makes that field null with an error in `errors`
 * (`extensions.code`: RATE_LIMITED, UPSTREAM_UNAVAILABLE, FORBIDDEN, ...), never empty data, and the rest of the
 * response stands. Every response carries `extensions.cost { estimatedCalls actualCalls maxCalls }` in Wrike calls.
 */
export type QueryTicketChangesArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
  since: Scalars['DateTime']['input'];
};


/**
 * The unified Ticketing and User Directory graph over one linked Wrike account. Pick the account with the
 * `X-Connection-Id` header (optional when the caller has a single connection).
 *
 * Lists are Relay connections: `first` defaults to 20 and may be 0 to 100; `after` takes an `endCursor` or edge
 * `cursor` from the same list with the same arguments.
 *
 * Every field backed by a Wrike call is nullable: a failed call makes that field null with an error in `errors`
 * (`extensions.code`: RATE_LIMITED, UPSTREAM_UNAVAILABLE, FORBIDDEN, ...), never empty data, and the rest of the
 * response stands. Every response carries `extensions.cost { estimatedCalls actualCalls maxCalls }` in Wrike calls.
 */
export type QueryTicketsArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  filter?: InputMaybe<TicketFilter>;
  first?: InputMaybe<Scalars['Int']['input']>;
  orderBy?: InputMaybe<TicketOrder>;
};


/**
 * The unified Ticketing and User Directory graph over one linked Wrike account. Pick the account with the
 * `X-Connection-Id` header (optional when the caller has a single connection).
 *
 * Lists are Relay connections: `first` defaults to 20 and may be 0 to 100; `after` takes an `endCursor` or edge
 * `cursor` from the same list with the same arguments.
 *
 * Every field backed by a Wrike call is nullable: a failed call makes that field null with an error in `errors`
 * (`extensions.code`: RATE_LIMITED, UPSTREAM_UNAVAILABLE, FORBIDDEN, ...), never empty data, and the rest of the
 * response stands. Every response carries `extensions.cost { estimatedCalls actualCalls maxCalls }` in Wrike calls.
 */
export type QueryTimeLogArgs = {
  id: Scalars['ID']['input'];
};


/**
 * The unified Ticketing and User Directory graph over one linked Wrike account. Pick the account with the
 * `X-Connection-Id` header (optional when the caller has a single connection).
 *
 * Lists are Relay connections: `first` defaults to 20 and may be 0 to 100; `after` takes an `endCursor` or edge
 * `cursor` from the same list with the same arguments.
 *
 * Every field backed by a Wrike call is nullable: a failed call makes that field null with an error in `errors`
 * (`extensions.code`: RATE_LIMITED, UPSTREAM_UNAVAILABLE, FORBIDDEN, ...), never empty data, and the rest of the
 * response stands. Every response carries `extensions.cost { estimatedCalls actualCalls maxCalls }` in Wrike calls.
 */
export type QueryTimeLogsArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  filter?: InputMaybe<TimeLogFilter>;
  first?: InputMaybe<Scalars['Int']['input']>;
};


/**
 * The unified Ticketing and User Directory graph over one linked Wrike account. Pick the account with the
 * `X-Connection-Id` header (optional when the caller has a single connection).
 *
 * Lists are Relay connections: `first` defaults to 20 and may be 0 to 100; `after` takes an `endCursor` or edge
 * `cursor` from the same list with the same arguments.
 *
 * Every field backed by a Wrike call is nullable: a failed call makes that field null with an error in `errors`
 * (`extensions.code`: RATE_LIMITED, UPSTREAM_UNAVAILABLE, FORBIDDEN, ...), never empty data, and the rest of the
 * response stands. Every response carries `extensions.cost { estimatedCalls actualCalls maxCalls }` in Wrike calls.
 */
export type QueryUserArgs = {
  id: Scalars['ID']['input'];
};


/**
 * The unified Ticketing and User Directory graph over one linked Wrike account. Pick the account with the
 * `X-Connection-Id` header (optional when the caller has a single connection).
 *
 * Lists are Relay connections: `first` defaults to 20 and may be 0 to 100; `after` takes an `endCursor` or edge
 * `cursor` from the same list with the same arguments.
 *
 * Every field backed by a Wrike call is nullable: a failed call makes that field null with an error in `errors`
 * (`extensions.code`: RATE_LIMITED, UPSTREAM_UNAVAILABLE, FORBIDDEN, ...), never empty data, and the rest of the
 * response stands. Every response carries `extensions.cost { estimatedCalls actualCalls maxCalls }` in Wrike calls.
 */
export type QueryUsersArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  filter?: InputMaybe<UserFilter>;
  first?: InputMaybe<Scalars['Int']['input']>;
};


/**
 * The unified Ticketing and User Directory graph over one linked Wrike account. Pick the account with the
 * `X-Connection-Id` header (optional when the caller has a single connection).
 *
 * Lists are Relay connections: `first` defaults to 20 and may be 0 to 100; `after` takes an `endCursor` or edge
 * `cursor` from the same list with the same arguments.
 *
 * Every field backed by a Wrike call is nullable: a failed call makes that field null with an error in `errors`
 * (`extensions.code`: RATE_LIMITED, UPSTREAM_UNAVAILABLE, FORBIDDEN, ...), never empty data, and the rest of the
 * response stands. Every response carries `extensions.cost { estimatedCalls actualCalls maxCalls }` in Wrike calls.
 */
export type QueryWorkspaceArgs = {
  id: Scalars['ID']['input'];
};


/**
 * The unified Ticketing and User Directory graph over one linked Wrike account. Pick the account with the
 * `X-Connection-Id` header (optional when the caller has a single connection).
 *
 * Lists are Relay connections: `first` defaults to 20 and may be 0 to 100; `after` takes an `endCursor` or edge
 * `cursor` from the same list with the same arguments.
 *
 * Every field backed by a Wrike call is nullable: a failed call makes that field null with an error in `errors`
 * (`extensions.code`: RATE_LIMITED, UPSTREAM_UNAVAILABLE, FORBIDDEN, ...), never empty data, and the rest of the
 * response stands. Every response carries `extensions.cost { estimatedCalls actualCalls maxCalls }` in Wrike calls.
 */
export type QueryWorkspacesArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
};

/** An account role or a space access role. */
export type Role = {
  __typename?: 'Role';
  description?: Maybe<Scalars['String']['output']>;
  /** Account roles have fixed ids (ACCOUNT_OWNER, ACCOUNT_ADMIN, ACCOUNT_REGULAR, ACCOUNT_COLLABORATOR, ACCOUNT_EXTERNAL); access roles keep their Wrike id. */
  id: Scalars['ID']['output'];
  kind: RoleKind;
  name: Scalars['String']['output'];
};

/** What kind of role. */
export type RoleKind =
  /** A space access role (Full, Editor, Limited, Read Only...). */
  | 'ACCESS'
  /** An account role (owner, admin, regular user, collaborator, external). */
  | 'ACCOUNT';

export type SetConnectionWorkspacesInput = {
  connectionId: Scalars['ID']['input'];
  /** The spaces (up to 100) the connection is limited to; null: the whole account. */
  workspaceIds?: InputMaybe<Array<Scalars['ID']['input']>>;
};

/** The four status categories every workflow status belongs to. */
export type StatusCategory =
  | 'ACTIVE'
  | 'CANCELLED'
  | 'COMPLETED'
  | 'DEFERRED';

/**
 * Real-time events over graphql-ws on /graphql (the protocol Apollo Router speaks to subgraphs). Authenticate in the
 * connection_init payload: `{ "Authorization": "Bearer <API key>", "X-Connection-Id": "conn_…" }`, as on HTTP.
 */
export type Subscription = {
  __typename?: 'Subscription';
  /** Changes to the connection's tickets, as Wrike's webhook reports them, within seconds, on every replica. */
  ticketEvents: TicketEvent;
};


/**
 * Real-time events over graphql-ws on /graphql (the protocol Apollo Router speaks to subgraphs). Authenticate in the
 * connection_init payload: `{ "Authorization": "Bearer <API key>", "X-Connection-Id": "conn_…" }`, as on HTTP.
 */
export type SubscriptionTicketEventsArgs = {
  filter?: InputMaybe<TicketEventFilter>;
};

/** TEXT. */
export type TextFieldValue = CustomFieldValue & {
  __typename?: 'TextFieldValue';
  field: Field;
  rawValue: Scalars['String']['output'];
  text: Scalars['String']['output'];
};

/**
 * A Wrike task. Sub-tasks are tickets too, linked through `parents` and `subtasks`.
 *
 * Fields that need another Wrike call are nullable: when that call fails, the field is null and `errors` says why
 * (with `extensions.code`), and the rest of the ticket stands. A ticket in Wrike's Recycle Bin counts as deleted
 * everywhere: null by id and as a reference, left out of parents, ancestors, sub-tasks and descendants.
 */
export type Ticket = {
  __typename?: 'Ticket';
  /** Every ticket above this one, nearest first, each once. */
  ancestors?: Maybe<Array<Ticket>>;
  /** Assignees (Wrike responsibles). */
  assignees?: Maybe<Array<User>>;
  attachments?: Maybe<AttachmentConnection>;
  /** The collections the ticket is filed in directly (sub-tasks often have none of their own). */
  collections?: Maybe<Array<Collection>>;
  comments?: Maybe<CommentConnection>;
  /** Set when the ticket is completed. */
  completedAt?: Maybe<Scalars['DateTime']['output']>;
  createdAt: Scalars['DateTime']['output'];
  /** Who created the ticket. */
  createdBy?: Maybe<User>;
  /** Custom-field values that are set, typed by the field's type. */
  customFields?: Maybe<Array<CustomFieldValue>>;
  /** The tickets this one waits on and those that wait on it (Wrike dependencies), with how. */
  dependencies?: Maybe<TicketDependencies>;
  /**
   * Every ticket below this one, breadth first, each once (diamonds and cycles are cut), down to `maxDepth` levels
   * (default 10, at most 20). Each edge says its depth and the parent it was reached through.
   */
  descendants?: Maybe<TicketDescendantConnection>;
  /** HTML description, as Wrike stores it. */
  description?: Maybe<Scalars['String']['output']>;
  /** Due date, local date-time without a zone (yyyy-MM-ddTHH:mm:ss). */
  dueDate?: Maybe<Scalars['String']['output']>;
  /** Followers. */
  followers?: Maybe<Array<User>>;
  /** True when the ticket has sub-tasks. */
  hasSubtasks?: Maybe<Scalars['Boolean']['output']>;
  /** The Wrike task id, unchanged. */
  id: Scalars['ID']['output'];
  /** Direct parents (super-tasks); a ticket may have several. */
  parents?: Maybe<Array<Ticket>>;
  priority: TicketPriority;
  /** The raw Wrike task object (full model). */
  remoteData?: Maybe<Scalars['JSON']['output']>;
  /** Planned start, local date-time without a zone (yyyy-MM-ddTHH:mm:ss). */
  startDate?: Maybe<Scalars['String']['output']>;
  /** The workflow status (Wrike custom status). */
  status?: Maybe<TicketStatus>;
  /** Direct sub-tasks. */
  subtasks?: Maybe<TicketConnection>;
  /** Time tracked on this ticket (its own, not its sub-tickets'), oldest tracked day first. */
  timeLogs?: Maybe<TimeLogConnection>;
  title: Scalars['String']['output'];
  updatedAt: Scalars['DateTime']['output'];
  /** Link to the task in Wrike. */
  url?: Maybe<Scalars['String']['output']>;
  /** The workspace the ticket lives in, through its collections or its parents' collections. */
  workspace?: Maybe<Workspace>;
};


/**
 * A Wrike task. Sub-tasks are tickets too, linked through `parents` and `subtasks`.
 *
 * Fields that need another Wrike call are nullable: when that call fails, the field is null and `errors` says why
 * (with `extensions.code`), and the rest of the ticket stands. A ticket in Wrike's Recycle Bin counts as deleted
 * everywhere: null by id and as a reference, left out of parents, ancestors, sub-tasks and descendants.
 */
export type TicketAttachmentsArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
};


/**
 * A Wrike task. Sub-tasks are tickets too, linked through `parents` and `subtasks`.
 *
 * Fields that need another Wrike call are nullable: when that call fails, the field is null and `errors` says why
 * (with `extensions.code`), and the rest of the ticket stands. A ticket in Wrike's Recycle Bin counts as deleted
 * everywhere: null by id and as a reference, left out of parents, ancestors, sub-tasks and descendants.
 */
export type TicketCommentsArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
};


/**
 * A Wrike task. Sub-tasks are tickets too, linked through `parents` and `subtasks`.
 *
 * Fields that need another Wrike call are nullable: when that call fails, the field is null and `errors` says why
 * (with `extensions.code`), and the rest of the ticket stands. A ticket in Wrike's Recycle Bin counts as deleted
 * everywhere: null by id and as a reference, left out of parents, ancestors, sub-tasks and descendants.
 */
export type TicketDescendantsArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
  maxDepth?: InputMaybe<Scalars['Int']['input']>;
};


/**
 * A Wrike task. Sub-tasks are tickets too, linked through `parents` and `subtasks`.
 *
 * Fields that need another Wrike call are nullable: when that call fails, the field is null and `errors` says why
 * (with `extensions.code`), and the rest of the ticket stands. A ticket in Wrike's Recycle Bin counts as deleted
 * everywhere: null by id and as a reference, left out of parents, ancestors, sub-tasks and descendants.
 */
export type TicketSubtasksArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
};


/**
 * A Wrike task. Sub-tasks are tickets too, linked through `parents` and `subtasks`.
 *
 * Fields that need another Wrike call are nullable: when that call fails, the field is null and `errors` says why
 * (with `extensions.code`), and the rest of the ticket stands. A ticket in Wrike's Recycle Bin counts as deleted
 * everywhere: null by id and as a reference, left out of parents, ancestors, sub-tasks and descendants.
 */
export type TicketTimeLogsArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
};

export type TicketConnection = {
  __typename?: 'TicketConnection';
  edges: Array<TicketEdge>;
  nodes: Array<Ticket>;
  /**
   * When a filter Wrike cannot apply (two of the three priorities) makes the page a bounded scan, a page may be short
   * with `hasNextPage: true`; its `endCursor` then marks where the scan stopped, so pass `endCursor` (not the last
   * edge's cursor) to continue.
   */
  pageInfo: PageInfo;
  /**
   * `ticketChanges` only (null on other lists): the tickets of this page that the connection can no longer see, in the
   * same walk as the edges (a page may hold only tombstones: continue from `pageInfo.endCursor`). There, `totalCount`
   * counts both, since `since` (for a connection limited to some spaces, over the whole account).
   */
  tombstones?: Maybe<Array<TicketTombstone>>;
  /**
   * The exact number of matching tickets, from Wrike's own count; null only when Wrike gives none. Selecting it may
   * cost one extra Wrike call (one per priority when filtering on two priorities), counted in `extensions.cost`.
   */
  totalCount?: Maybe<Scalars['Int']['output']>;
};

export type TicketDependencies = {
  __typename?: 'TicketDependencies';
  /** Links to the tickets this one waits on. */
  predecessors: Array<TicketDependency>;
  /** Links to the tickets that wait on this one. */
  successors: Array<TicketDependency>;
};

/** A link between two tickets: the successor waits on the predecessor. */
export type TicketDependency = {
  __typename?: 'TicketDependency';
  /** The Wrike dependency id. */
  id: Scalars['ID']['output'];
  predecessor?: Maybe<Ticket>;
  successor?: Maybe<Ticket>;
  type: DependencyType;
};

export type TicketDescendantConnection = {
  __typename?: 'TicketDescendantConnection';
  edges: Array<TicketDescendantEdge>;
  nodes: Array<Ticket>;
  pageInfo: PageInfo;
  /** True when `maxDepth` or the node cap (5,000) left tickets below the walked ones unvisited. */
  truncated: Scalars['Boolean']['output'];
};

export type TicketDescendantEdge = {
  __typename?: 'TicketDescendantEdge';
  cursor: Scalars['String']['output'];
  /** 1 for direct sub-tasks, 2 for theirs, and so on. */
  depth: Scalars['Int']['output'];
  node: Ticket;
  /** The ticket this one was reached through. */
  parentId: Scalars['ID']['output'];
};

export type TicketEdge = {
  __typename?: 'TicketEdge';
  cursor: Scalars['String']['output'];
  node: Ticket;
};

/** One change Wrike reported through the connection's webhook. */
export type TicketEvent = {
  __typename?: 'TicketEvent';
  /** Who made the change. */
  author?: Maybe<User>;
  /** The Ticket fields the event changed, e.g. status or assignees (empty when Wrike does not say). */
  changedFields: Array<Scalars['String']['output']>;
  /** That comment as it is now, read when the field is asked for (null once deleted, or outside the connection's spaces). */
  comment?: Maybe<Comment>;
  /** The comment a COMMENT_ADDED or COMMENT_DELETED event is about. */
  commentId?: Maybe<Scalars['ID']['output']>;
  /**
   * True when the ticket is gone: moved to Wrike's Recycle Bin (`type` DELETED), or, on a connection limited to some
   * spaces, moved out of them (then whatever the event was, only `type`, `wrikeEventType`, `ticketId` and `occurredAt`
   * are told: `ticket` and `comment` are null, `changedFields` empty, `raw` just `{ eventType, taskId }`). A sync
   * deletes its copy.
   */
  deleted: Scalars['Boolean']['output'];
  occurredAt?: Maybe<Scalars['DateTime']['output']>;
  /** The event as Wrike sent it. */
  raw: Scalars['JSON']['output'];
  /** The ticket as it is now, read through the same loaders and cache as any query. */
  ticket?: Maybe<Ticket>;
  ticketId?: Maybe<Scalars['ID']['output']>;
  type: TicketEventType;
  /**
   * Wrike's own event type, e.g. TaskStatusChanged; TaskChangedWhileHookSuspended for a change found by the sweep
   * after Wrike had suspended the webhook (what changed is not known then: `changedFields` is empty), and
   * TaskDeletedWhileHookSuspended for a ticket the sweep found in the Recycle Bin (type DELETED).
   */
  wrikeEventType: Scalars['String']['output'];
};

export type TicketEventFilter = {
  /** Only tickets in these collections or collections below them. */
  collectionIds?: InputMaybe<Array<Scalars['ID']['input']>>;
  /** Only these tickets. */
  ticketIds?: InputMaybe<Array<Scalars['ID']['input']>>;
  /** Only these kinds of change. */
  types?: InputMaybe<Array<TicketEventType>>;
  /** Only tickets in these workspaces. */
  workspaceIds?: InputMaybe<Array<Scalars['ID']['input']>>;
};

/** What happened to a ticket. */
export type TicketEventType =
  | 'ATTACHMENT_ADDED'
  | 'ATTACHMENT_DELETED'
  | 'COMMENT_ADDED'
  | 'COMMENT_DELETED'
  | 'CREATED'
  /** Moved to Wrike's Recycle Bin. */
  | 'DELETED'
  /** An event this API does not map (see `wrikeEventType` and `raw`): kept, never dropped. */
  | 'OTHER'
  /** Time was logged on the ticket, or a time log changed or was removed (`raw.type`: Added, Changed, Removed). */
  | 'TIME_LOG_CHANGED'
  /** A field changed: see `changedFields`. */
  | 'UPDATED';

/** Ticket filters. Combine freely; all must match. */
export type TicketFilter = {
  /** Tickets assigned to any of these users. */
  assigneeIds?: InputMaybe<Array<Scalars['ID']['input']>>;
  /** Tickets in this collection or any collection below it. */
  collectionId?: InputMaybe<Scalars['ID']['input']>;
  /** Include sub-tasks (they are left out by default, as in Wrike). */
  includeSubtasks?: InputMaybe<Scalars['Boolean']['input']>;
  /** Only these priorities. */
  priorities?: InputMaybe<Array<TicketPriority>>;
  /** Only these status categories. */
  statusCategories?: InputMaybe<Array<StatusCategory>>;
  /** Updated at or after this instant. */
  updatedAfter?: InputMaybe<Scalars['DateTime']['input']>;
  /** Updated at or before this instant. */
  updatedBefore?: InputMaybe<Scalars['DateTime']['input']>;
  /** Tickets in this workspace. */
  workspaceId?: InputMaybe<Scalars['ID']['input']>;
};

/** How a ticket list is ordered. Every order is walked by key, so edits between two pages never skip or repeat a ticket. */
export type TicketOrder = {
  direction: OrderDirection;
  field: TicketOrderField;
};

export type TicketOrderField =
  /** Creation time (stable: the default, newest first). */
  | 'CREATED_AT'
  /** Due date; tickets without dates follow, by creation time. */
  | 'DUE_DATE'
  /** Last update. An edited ticket moves to the end of an ascending walk and is seen again there (what a sync wants). */
  | 'UPDATED_AT';

export type TicketPayload = {
  __typename?: 'TicketPayload';
  /** The ticket as it now stands in Wrike; null when nothing was written. */
  ticket?: Maybe<Ticket>;
  userErrors: Array<UserError>;
};

/** Ticket priority (Wrike importance). */
export type TicketPriority =
  | 'HIGH'
  | 'LOW'
  | 'NORMAL';

/** A workflow status. */
export type TicketStatus = {
  __typename?: 'TicketStatus';
  category: StatusCategory;
  /** Wrike's colour name, e.g. Blue. */
  color?: Maybe<Scalars['String']['output']>;
  /** The Wrike custom status id. */
  id: Scalars['ID']['output'];
  name: Scalars['String']['output'];
  /** The workflow the status belongs to. */
  workflowName?: Maybe<Scalars['String']['output']>;
};

/** A ticket the connection can no longer see, in the change feed: delete your copy of it. */
export type TicketTombstone = {
  __typename?: 'TicketTombstone';
  /** Continue the feed after this entry. */
  cursor: Scalars['String']['output'];
  /** Always true: a tombstone is a deletion. */
  deleted: Scalars['Boolean']['output'];
  /** When it was deleted (Wrike's updatedDate of the task in the Recycle Bin), or changed last (OUT_OF_SCOPE). */
  deletedAt: Scalars['DateTime']['output'];
  id: Scalars['ID']['output'];
  reason: TicketTombstoneReason;
};

/** Why a ticket left the change feed. */
export type TicketTombstoneReason =
  /** Moved to Wrike's Recycle Bin (Wrike's scope RbTask). */
  | 'DELETED'
  /**
   * Changed and now outside the spaces the connection is limited to (moved out, or changed elsewhere: the feed cannot
   * tell which, and gives the id and the time only).
   */
  | 'OUT_OF_SCOPE';

export type TicketsPayload = {
  __typename?: 'TicketsPayload';
  /**
   * The tickets written, as they now stand in Wrike, in input order; empty when the input had a problem (then nothing
   * was written).
   */
  tickets: Array<Ticket>;
  /**
   * Problems with the input (nothing written), or, per ticket whose batch was not written, one entry naming it
   * (`["input", "ticketIds", "<index>"]`) with WRIKE_REFUSED, NOT_FOUND, WRITE_OUTCOME_UNKNOWN (setting the same values
   * again is safe), RATE_LIMITED or UPSTREAM_UNAVAILABLE.
   */
  userErrors: Array<UserError>;
};

/** Time a user tracked on a ticket on one day (a Wrike time log). */
export type TimeLog = {
  __typename?: 'TimeLog';
  /** Billable to the client (Wrike's billingType); null when Wrike does not say. */
  billable?: Maybe<Scalars['Boolean']['output']>;
  /** The time-log category (Development, Meetings, ...); null when none is set. */
  category?: Maybe<TimeLogCategory>;
  /** Plain text; empty when none was written. */
  comment: Scalars['String']['output'];
  createdAt: Scalars['DateTime']['output'];
  id: Scalars['ID']['output'];
  /** Tracked time in whole minutes (Wrike keeps decimal hours). */
  minutes: Scalars['Int']['output'];
  ticket?: Maybe<Ticket>;
  /** The day the time counts for: yyyy-MM-dd, no time zone. */
  trackedDate: Scalars['String']['output'];
  updatedAt?: Maybe<Scalars['DateTime']['output']>;
  user?: Maybe<User>;
};

/** A time-log category of the account. */
export type TimeLogCategory = {
  __typename?: 'TimeLogCategory';
  id: Scalars['ID']['output'];
  name: Scalars['String']['output'];
};

/** Time logs, with totals over every log the filter matched (not only this page). */
export type TimeLogConnection = {
  __typename?: 'TimeLogConnection';
  /** Minutes per user over every matching log, most first: hours per person for a bill, in the same Wrike calls. */
  byUser: Array<TimeLogUserTotal>;
  edges: Array<TimeLogEdge>;
  nodes: Array<TimeLog>;
  pageInfo: PageInfo;
  totalCount?: Maybe<Scalars['Int']['output']>;
  /** Minutes of every matching log. */
  totalMinutes: Scalars['Int']['output'];
};

export type TimeLogEdge = {
  __typename?: 'TimeLogEdge';
  cursor: Scalars['String']['output'];
  node: TimeLog;
};

/**
 * Which time logs. At most one of `ticketIds`, `collectionId` and `workspaceId` (a collection or workspace includes
 * its sub-collections and sub-tickets); the other filters combine with it.
 */
export type TimeLogFilter = {
  billable?: InputMaybe<Scalars['Boolean']['input']>;
  /** Up to 100 time-log categories. */
  categoryIds?: InputMaybe<Array<Scalars['ID']['input']>>;
  collectionId?: InputMaybe<Scalars['ID']['input']>;
  /** Up to 100 tickets: each ticket's own time (not its sub-tickets'). */
  ticketIds?: InputMaybe<Array<Scalars['ID']['input']>>;
  /** First day, inclusive (yyyy-MM-dd). */
  trackedDateFrom?: InputMaybe<Scalars['String']['input']>;
  /** Last day, inclusive (yyyy-MM-dd). */
  trackedDateTo?: InputMaybe<Scalars['String']['input']>;
  /** Up to 100 users. */
  userIds?: InputMaybe<Array<Scalars['ID']['input']>>;
  workspaceId?: InputMaybe<Scalars['ID']['input']>;
};

export type TimeLogPayload = {
  __typename?: 'TimeLogPayload';
  timeLog?: Maybe<TimeLog>;
  userErrors: Array<UserError>;
};

export type TimeLogUserTotal = {
  __typename?: 'TimeLogUserTotal';
  billableMinutes: Scalars['Int']['output'];
  /** How many logs. */
  count: Scalars['Int']['output'];
  minutes: Scalars['Int']['output'];
  user?: Maybe<User>;
};

export type UpdateCollectionInput = {
  customFields?: InputMaybe<Array<CustomFieldInput>>;
  description?: InputMaybe<Scalars['String']['input']>;
  id: Scalars['ID']['input'];
  name?: InputMaybe<Scalars['String']['input']>;
};

export type UpdateCommentInput = {
  body: Scalars['String']['input'];
  id: Scalars['ID']['input'];
};

export type UpdateTicketInput = {
  addAssigneeIds?: InputMaybe<Array<Scalars['ID']['input']>>;
  addCollectionIds?: InputMaybe<Array<Scalars['ID']['input']>>;
  addParentTicketIds?: InputMaybe<Array<Scalars['ID']['input']>>;
  customFields?: InputMaybe<Array<CustomFieldInput>>;
  description?: InputMaybe<Scalars['String']['input']>;
  /** A date, or null to clear it. */
  dueDate?: InputMaybe<Scalars['String']['input']>;
  id: Scalars['ID']['input'];
  priority?: InputMaybe<TicketPriority>;
  removeAssigneeIds?: InputMaybe<Array<Scalars['ID']['input']>>;
  removeCollectionIds?: InputMaybe<Array<Scalars['ID']['input']>>;
  removeParentTicketIds?: InputMaybe<Array<Scalars['ID']['input']>>;
  /** A date, or null to clear it. */
  startDate?: InputMaybe<Scalars['String']['input']>;
  statusId?: InputMaybe<Scalars['ID']['input']>;
  title?: InputMaybe<Scalars['String']['input']>;
};

export type UpdateTicketsCustomFieldsInput = {
  /** The values every ticket gets, as in updateTicket (null clears); at least one. */
  customFields: Array<CustomFieldInput>;
  /** 1 to 1,000 tickets, each once. */
  ticketIds: Array<Scalars['ID']['input']>;
};

/** Only what is given changes; `categoryId: null` removes the category. */
export type UpdateTimeLogInput = {
  billable?: InputMaybe<Scalars['Boolean']['input']>;
  categoryId?: InputMaybe<Scalars['ID']['input']>;
  comment?: InputMaybe<Scalars['String']['input']>;
  id: Scalars['ID']['input'];
  minutes?: InputMaybe<Scalars['Int']['input']>;
  trackedDate?: InputMaybe<Scalars['String']['input']>;
};

/** A person in the Wrike account (a Wrike contact of type Person). `id` is the Wrike contact id. */
export type User = {
  __typename?: 'User';
  /** Avatar image URL. */
  avatarUrl?: Maybe<Scalars['String']['output']>;
  /** Primary email address in this account. */
  email?: Maybe<Scalars['String']['output']>;
  /** Given name, when Wrike has one. */
  firstName?: Maybe<Scalars['String']['output']>;
  /** Groups the user is a direct member of. */
  groups?: Maybe<Array<Group>>;
  /** The Wrike contact id, unchanged. */
  id: Scalars['ID']['output'];
  /** True for users removed from the account (they still appear on old tickets). */
  isDeleted: Scalars['Boolean']['output'];
  /** True for external users (guests from outside the organisation). */
  isExternal: Scalars['Boolean']['output'];
  /** Family name, when Wrike has one. */
  lastName?: Maybe<Scalars['String']['output']>;
  /** Display name: first and last name, else the email, else the id. */
  name: Scalars['String']['output'];
  /** The account role: owner, admin, regular user, collaborator or external. */
  role?: Maybe<Role>;
  /** IANA time zone, e.g. Europe/Berlin. */
  timezone?: Maybe<Scalars['String']['output']>;
};

export type UserConnection = {
  __typename?: 'UserConnection';
  edges: Array<UserEdge>;
  nodes: Array<User>;
  pageInfo: PageInfo;
  totalCount?: Maybe<Scalars['Int']['output']>;
};

export type UserEdge = {
  __typename?: 'UserEdge';
  cursor: Scalars['String']['output'];
  node: User;
};

/** A problem with the input that the user can fix. Nothing was written. */
export type UserError = {
  __typename?: 'UserError';
  /** INVALID_ID, REQUIRED, INVALID_VALUE, UNKNOWN_FIELD, TOO_LARGE, IDEMPOTENCY_KEY_REUSED, NOT_FOUND or WRIKE_REFUSED. */
  code: Scalars['String']['output'];
  /** Path to the input field, e.g. input, customFields, 0, value. */
  field: Array<Scalars['String']['output']>;
  message: Scalars['String']['output'];
};

/** USER (Wrike Contacts fields). */
export type UserFieldValue = CustomFieldValue & {
  __typename?: 'UserFieldValue';
  field: Field;
  rawValue: Scalars['String']['output'];
  /** Null when the users could not be read from Wrike (see errors). */
  users?: Maybe<Array<User>>;
};

/** User directory filters. */
export type UserFilter = {
  /** Include users removed from the account. */
  includeDeleted?: InputMaybe<Scalars['Boolean']['input']>;
};

export type WebhookPayload = {
  __typename?: 'WebhookPayload';
  userErrors: Array<UserError>;
  webhook?: Maybe<WrikeWebhook>;
};

/** Where a connection's Wrike webhook stands. */
export type WebhookStatus =
  /** Receiving events. */
  | 'ACTIVE'
  /** Registration failed; enableWrikeWebhook tries again. */
  | 'FAILED'
  /** Being registered: Wrike verifies its secret with a request to this server first. */
  | 'PENDING'
  /** Wrike suspended it after failed deliveries; the periodic check (WEBHOOK_CHECK_MS) turns it back on. */
  | 'SUSPENDED';

/** A Wrike space. */
export type Workspace = {
  __typename?: 'Workspace';
  /** Personal, Private or Public. */
  accessType?: Maybe<Scalars['String']['output']>;
  /** Top-level collections of the workspace. */
  collections?: Maybe<CollectionConnection>;
  description?: Maybe<Scalars['String']['output']>;
  /** The Wrike space id, unchanged. */
  id: Scalars['ID']['output'];
  isArchived: Scalars['Boolean']['output'];
  name: Scalars['String']['output'];
  /** Tickets anywhere in the workspace. */
  tickets?: Maybe<TicketConnection>;
};


/** A Wrike space. */
export type WorkspaceCollectionsArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
};


/** A Wrike space. */
export type WorkspaceTicketsArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  filter?: InputMaybe<TicketFilter>;
  first?: InputMaybe<Scalars['Int']['input']>;
  orderBy?: InputMaybe<TicketOrder>;
};

export type WorkspaceConnection = {
  __typename?: 'WorkspaceConnection';
  edges: Array<WorkspaceEdge>;
  nodes: Array<Workspace>;
  pageInfo: PageInfo;
  totalCount?: Maybe<Scalars['Int']['output']>;
};

export type WorkspaceEdge = {
  __typename?: 'WorkspaceEdge';
  cursor: Scalars['String']['output'];
  node: Workspace;
};

/** The Wrike user a connection acts as, as it was when the account was linked. */
export type WrikeAccountUser = {
  __typename?: 'WrikeAccountUser';
  email?: Maybe<Scalars['String']['output']>;
  id: Scalars['ID']['output'];
  name?: Maybe<Scalars['String']['output']>;
};

/** A linked Wrike account of the caller's tenant. Tokens are never shown. */
export type WrikeConnection = {
  __typename?: 'WrikeConnection';
  authType: ConnectionAuthType;
  createdAt: Scalars['DateTime']['output'];
  /** The Wrike data-center host (www.wrike.com, app-eu.wrike.com, ...). */
  host: Scalars['String']['output'];
  /** Send it as X-Connection-Id. */
  id: Scalars['ID']['output'];
  /** Why the connection needs attention, when it does. */
  lastError?: Maybe<Scalars['String']['output']>;
  lastRefreshedAt?: Maybe<Scalars['DateTime']['output']>;
  /**
   * The Wrike OAuth scopes the account granted (those asked for with WRIKE_OAUTH_SCOPES at link time); null for
   * permanent tokens, whose scopes Wrike does not show. A field that needs a scope the token lacks fails with FORBIDDEN
   * naming it (extensions.missingScope).
   */
  scopes?: Maybe<Array<Scalars['String']['output']>>;
  status: ConnectionStatus;
  /** Its Wrike webhook (real-time events), when one was registered: PUBLIC_URL must say where Wrike reaches this server. */
  webhook?: Maybe<WrikeWebhook>;
  /**
   * The Wrike spaces (workspace ids) the connection is limited to; null: the whole account. Everything outside them
   * reads as not existing, through every query, reference, write, the proxy and download links.
   */
  workspaceIds?: Maybe<Array<Scalars['ID']['output']>>;
  wrikeUser?: Maybe<WrikeAccountUser>;
};

export type WrikeWebhook = {
  __typename?: 'WrikeWebhook';
  /** When the last event arrived. */
  lastEventAt?: Maybe<Scalars['DateTime']['output']>;
  status: WebhookStatus;
};

export type WithIndex<TObject> = TObject & Record<string, any>;
export type ResolversObject<TObject> = WithIndex<TObject>;

export type ResolverTypeWrapper<T> = Promise<T> | T;

export type ReferenceResolver<TResult, TReference, TContext> = (
      reference: TReference,
      context: TContext,
      info: GraphQLResolveInfo
    ) => Promise<TResult> | TResult;

      type ScalarCheck<T, S> = S extends true ? T : NullableCheck<T, S>;
      type NullableCheck<T, S> = Maybe<T> extends T ? Maybe<ListCheck<NonNullable<T>, S>> : ListCheck<T, S>;
      type ListCheck<T, S> = T extends (infer U)[] ? NullableCheck<U, S>[] : GraphQLRecursivePick<T, S>;
      export type GraphQLRecursivePick<T, S> = { [K in keyof T & keyof S]: ScalarCheck<T[K], S[K]> };
    

export type ResolverWithResolve<TResult, TParent, TContext, TArgs> = {
  resolve: ResolverFn<TResult, TParent, TContext, TArgs>;
};
export type Resolver<TResult, TParent = Record<PropertyKey, never>, TContext = Record<PropertyKey, never>, TArgs = Record<PropertyKey, never>> = ResolverFn<TResult, TParent, TContext, TArgs> | ResolverWithResolve<TResult, TParent, TContext, TArgs>;

export type ResolverFn<TResult, TParent, TContext, TArgs> = (
  parent: TParent,
  args: TArgs,
  context: TContext,
  info: GraphQLResolveInfo
) => Promise<TResult> | TResult;

export type SubscriptionSubscribeFn<TResult, TParent, TContext, TArgs> = (
  parent: TParent,
  args: TArgs,
  context: TContext,
  info: GraphQLResolveInfo
) => AsyncIterable<TResult> | Promise<AsyncIterable<TResult>>;

export type SubscriptionResolveFn<TResult, TParent, TContext, TArgs> = (
  parent: TParent,
  args: TArgs,
  context: TContext,
  info: GraphQLResolveInfo
) => TResult | Promise<TResult>;

export interface SubscriptionSubscriberObject<TResult, TKey extends string, TParent, TContext, TArgs> {
  subscribe: SubscriptionSubscribeFn<{ [key in TKey]: TResult }, TParent, TContext, TArgs>;
  resolve?: SubscriptionResolveFn<TResult, { [key in TKey]: TResult }, TContext, TArgs>;
}

export interface SubscriptionResolverObject<TResult, TParent, TContext, TArgs> {
  subscribe: SubscriptionSubscribeFn<any, TParent, TContext, TArgs>;
  resolve: SubscriptionResolveFn<TResult, any, TContext, TArgs>;
}

export type SubscriptionObject<TResult, TKey extends string, TParent, TContext, TArgs> =
  | SubscriptionSubscriberObject<TResult, TKey, TParent, TContext, TArgs>
  | SubscriptionResolverObject<TResult, TParent, TContext, TArgs>;

export type SubscriptionResolver<TResult, TKey extends string, TParent = Record<PropertyKey, never>, TContext = Record<PropertyKey, never>, TArgs = Record<PropertyKey, never>> =
  | ((...args: any[]) => SubscriptionObject<TResult, TKey, TParent, TContext, TArgs>)
  | SubscriptionObject<TResult, TKey, TParent, TContext, TArgs>;

export type TypeResolveFn<TTypes, TParent = Record<PropertyKey, never>, TContext = Record<PropertyKey, never>> = (
  parent: TParent,
  context: TContext,
  info: GraphQLResolveInfo
) => Maybe<TTypes> | Promise<Maybe<TTypes>>;

export type IsTypeOfResolverFn<T = Record<PropertyKey, never>, TContext = Record<PropertyKey, never>> = (obj: T, context: TContext, info: GraphQLResolveInfo) => boolean | Promise<boolean>;

export type NextResolverFn<T> = () => Promise<T>;

export type DirectiveResolverFn<TResult = Record<PropertyKey, never>, TParent = Record<PropertyKey, never>, TContext = Record<PropertyKey, never>, TArgs = Record<PropertyKey, never>> = (
  next: NextResolverFn<TResult>,
  parent: TParent,
  args: TArgs,
  context: TContext,
  info: GraphQLResolveInfo
) => TResult | Promise<TResult>;

/** Mapping of federation types */
export type FederationTypes = ResolversObject<{
  Attachment: Attachment;
  Collection: Collection;
  Comment: Comment;
  Field: Field;
  Group: Group;
  Role: Role;
  Ticket: Ticket;
  TicketStatus: TicketStatus;
  TimeLog: TimeLog;
  User: User;
  Workspace: Workspace;
}>;

/** Mapping of federation reference types */
export type FederationReferenceTypes = ResolversObject<{
  Attachment:
    ( { __typename: 'Attachment' }
    & GraphQLRecursivePick<FederationTypes['Attachment'], {"id":true}> );
  Collection:
    ( { __typename: 'Collection' }
    & GraphQLRecursivePick<FederationTypes['Collection'], {"id":true}> );
  Comment:
    ( { __typename: 'Comment' }
    & GraphQLRecursivePick<FederationTypes['Comment'], {"id":true}> );
  Field:
    ( { __typename: 'Field' }
    & GraphQLRecursivePick<FederationTypes['Field'], {"id":true}> );
  Group:
    ( { __typename: 'Group' }
    & GraphQLRecursivePick<FederationTypes['Group'], {"id":true}> );
  Role:
    ( { __typename: 'Role' }
    & GraphQLRecursivePick<FederationTypes['Role'], {"id":true}> );
  Ticket:
    ( { __typename: 'Ticket' }
    & GraphQLRecursivePick<FederationTypes['Ticket'], {"id":true}> );
  TicketStatus:
    ( { __typename: 'TicketStatus' }
    & GraphQLRecursivePick<FederationTypes['TicketStatus'], {"id":true}> );
  TimeLog:
    ( { __typename: 'TimeLog' }
    & GraphQLRecursivePick<FederationTypes['TimeLog'], {"id":true}> );
  User:
    ( { __typename: 'User' }
    & GraphQLRecursivePick<FederationTypes['User'], {"id":true}> );
  Workspace:
    ( { __typename: 'Workspace' }
    & GraphQLRecursivePick<FederationTypes['Workspace'], {"id":true}> );
}>;



/** Mapping between all available schema types and the resolvers types */
export type ResolversTypes = ResolversObject<{
  Attachment: ResolverTypeWrapper<AttachmentModelModel>;
  String: ResolverTypeWrapper<Scalars['String']['output']>;
  ID: ResolverTypeWrapper<Scalars['ID']['output']>;
  Int: ResolverTypeWrapper<Scalars['Int']['output']>;
  AttachmentConnection: ResolverTypeWrapper<AttachmentConnectionModelModel>;
  AttachmentEdge: ResolverTypeWrapper<AttachmentEdgeModelModel>;
  AttachmentPayload: ResolverTypeWrapper<Omit<AttachmentPayload, 'attachment'> & { attachment?: Maybe<ResolversTypes['Attachment']> }>;
  CheckboxFieldValue: ResolverTypeWrapper<CheckboxFieldValueModelModel>;
  Boolean: ResolverTypeWrapper<Scalars['Boolean']['output']>;
  Collection: ResolverTypeWrapper<CollectionModelModel>;
  CollectionConnection: ResolverTypeWrapper<CollectionConnectionModelModel>;
  CollectionEdge: ResolverTypeWrapper<CollectionEdgeModelModel>;
  CollectionFilter: CollectionFilter;
  CollectionPayload: ResolverTypeWrapper<Omit<CollectionPayload, 'collection'> & { collection?: Maybe<ResolversTypes['Collection']> }>;
  CollectionType: CollectionType;
  Comment: ResolverTypeWrapper<CommentModelModel>;
  CommentConnection: ResolverTypeWrapper<CommentConnectionModelModel>;
  CommentEdge: ResolverTypeWrapper<CommentEdgeModelModel>;
  CommentPayload: ResolverTypeWrapper<Omit<CommentPayload, 'comment'> & { comment?: Maybe<ResolversTypes['Comment']> }>;
  ConnectWrikeWithTokenInput: ConnectWrikeWithTokenInput;
  ConnectionAuthType: ConnectionAuthType;
  ConnectionPayload: ResolverTypeWrapper<Omit<ConnectionPayload, 'connection'> & { connection?: Maybe<ResolversTypes['WrikeConnection']> }>;
  ConnectionStatus: ConnectionStatus;
  CreateAttachmentInput: CreateAttachmentInput;
  CreateCollectionInput: CreateCollectionInput;
  CreateCommentInput: CreateCommentInput;
  CreateDependencyInput: CreateDependencyInput;
  CreateTicketInput: CreateTicketInput;
  CreateTimeLogInput: CreateTimeLogInput;
  CustomFieldInput: CustomFieldInput;
  CustomFieldValue: ResolverTypeWrapper<FieldValueModelAnyModel>;
  DateFieldValue: ResolverTypeWrapper<DateFieldValueModelModel>;
  DateTime: ResolverTypeWrapper<Scalars['DateTime']['output']>;
  DeleteInput: DeleteInput;
  DeletePayload: ResolverTypeWrapper<DeletePayload>;
  DependencyPayload: ResolverTypeWrapper<Omit<DependencyPayload, 'dependency'> & { dependency?: Maybe<ResolversTypes['TicketDependency']> }>;
  DependencyType: DependencyType;
  DisconnectPayload: ResolverTypeWrapper<DisconnectPayload>;
  DisconnectWrikeInput: DisconnectWrikeInput;
  DropdownFieldValue: ResolverTypeWrapper<DropdownFieldValueModelModel>;
  DurationFieldValue: ResolverTypeWrapper<DurationFieldValueModelModel>;
  EnableWrikeWebhookInput: EnableWrikeWebhookInput;
  Field: ResolverTypeWrapper<FieldModelModel>;
  FieldConnection: ResolverTypeWrapper<FieldConnectionModelModel>;
  FieldEdge: ResolverTypeWrapper<FieldEdgeModelModel>;
  FieldType: FieldType;
  Group: ResolverTypeWrapper<GroupModelModel>;
  GroupConnection: ResolverTypeWrapper<GroupConnectionModelModel>;
  GroupEdge: ResolverTypeWrapper<GroupEdgeModelModel>;
  JSON: ResolverTypeWrapper<Scalars['JSON']['output']>;
  LegacyIdMapping: ResolverTypeWrapper<LegacyIdMapping>;
  LegacyIdType: LegacyIdType;
  MultiSelectFieldValue: ResolverTypeWrapper<MultiSelectFieldValueModelModel>;
  Mutation: ResolverTypeWrapper<Record<PropertyKey, never>>;
  NumberFieldValue: ResolverTypeWrapper<NumberFieldValueModelModel>;
  Float: ResolverTypeWrapper<Scalars['Float']['output']>;
  OrderDirection: OrderDirection;
  OtherFieldValue: ResolverTypeWrapper<Omit<OtherFieldValue, 'field'> & { field: ResolversTypes['Field'] }>;
  PageInfo: ResolverTypeWrapper<PageInfo>;
  Query: ResolverTypeWrapper<Record<PropertyKey, never>>;
  Role: ResolverTypeWrapper<RoleModelModel>;
  RoleKind: RoleKind;
  SetConnectionWorkspacesInput: SetConnectionWorkspacesInput;
  StatusCategory: StatusCategory;
  Subscription: ResolverTypeWrapper<Record<PropertyKey, never>>;
  TextFieldValue: ResolverTypeWrapper<TextFieldValueModelModel>;
  Ticket: ResolverTypeWrapper<TicketSourceModel>;
  TicketConnection: ResolverTypeWrapper<TicketConnectionModelModel>;
  TicketDependencies: ResolverTypeWrapper<Omit<TicketDependencies, 'predecessors' | 'successors'> & { predecessors: Array<ResolversTypes['TicketDependency']>, successors: Array<ResolversTypes['TicketDependency']> }>;
  TicketDependency: ResolverTypeWrapper<WrikeDependencyModel>;
  TicketDescendantConnection: ResolverTypeWrapper<TicketDescendantConnectionModelModel>;
  TicketDescendantEdge: ResolverTypeWrapper<TicketDescendantEdgeModelModel>;
  TicketEdge: ResolverTypeWrapper<TicketEdgeModelModel>;
  TicketEvent: ResolverTypeWrapper<TicketEventEnvelopeModel>;
  TicketEventFilter: TicketEventFilter;
  TicketEventType: TicketEventType;
  TicketFilter: TicketFilter;
  TicketOrder: TicketOrder;
  TicketOrderField: TicketOrderField;
  TicketPayload: ResolverTypeWrapper<Omit<TicketPayload, 'ticket'> & { ticket?: Maybe<ResolversTypes['Ticket']> }>;
  TicketPriority: TicketPriority;
  TicketStatus: ResolverTypeWrapper<TicketStatusModelModel>;
  TicketTombstone: ResolverTypeWrapper<TicketTombstoneModelModel>;
  TicketTombstoneReason: TicketTombstoneReason;
  TicketsPayload: ResolverTypeWrapper<Omit<TicketsPayload, 'tickets'> & { tickets: Array<ResolversTypes['Ticket']> }>;
  TimeLog: ResolverTypeWrapper<TimeLogModelModel>;
  TimeLogCategory: ResolverTypeWrapper<TimeLogCategoryModelModel>;
  TimeLogConnection: ResolverTypeWrapper<TimeLogConnectionModelModel>;
  TimeLogEdge: ResolverTypeWrapper<TimeLogEdgeModelModel>;
  TimeLogFilter: TimeLogFilter;
  TimeLogPayload: ResolverTypeWrapper<Omit<TimeLogPayload, 'timeLog'> & { timeLog?: Maybe<ResolversTypes['TimeLog']> }>;
  TimeLogUserTotal: ResolverTypeWrapper<TimeLogUserTotalModelModel>;
  UpdateCollectionInput: UpdateCollectionInput;
  UpdateCommentInput: UpdateCommentInput;
  UpdateTicketInput: UpdateTicketInput;
  UpdateTicketsCustomFieldsInput: UpdateTicketsCustomFieldsInput;
  UpdateTimeLogInput: UpdateTimeLogInput;
  User: ResolverTypeWrapper<UnifiedUserModel>;
  UserConnection: ResolverTypeWrapper<UserConnectionModelModel>;
  UserEdge: ResolverTypeWrapper<UserEdgeModelModel>;
  UserError: ResolverTypeWrapper<UserError>;
  UserFieldValue: ResolverTypeWrapper<UserFieldValueModelModel>;
  UserFilter: UserFilter;
  WebhookPayload: ResolverTypeWrapper<Omit<WebhookPayload, 'webhook'> & { webhook?: Maybe<ResolversTypes['WrikeWebhook']> }>;
  WebhookStatus: WebhookStatus;
  Workspace: ResolverTypeWrapper<WorkspaceModelModel>;
  WorkspaceConnection: ResolverTypeWrapper<WorkspaceConnectionModelModel>;
  WorkspaceEdge: ResolverTypeWrapper<WorkspaceEdgeModelModel>;
  WrikeAccountUser: ResolverTypeWrapper<WrikeAccountUser>;
  WrikeConnection: ResolverTypeWrapper<ConnectionViewModel>;
  WrikeWebhook: ResolverTypeWrapper<WebhookRecordModel>;
}>;

/** Mapping between all available schema types and the resolvers parents */
export type ResolversParentTypes = ResolversObject<{
  Attachment: AttachmentModelModel;
  String: Scalars['String']['output'];
  ID: Scalars['ID']['output'];
  Int: Scalars['Int']['output'];
  AttachmentConnection: AttachmentConnectionModelModel;
  AttachmentEdge: AttachmentEdgeModelModel;
  AttachmentPayload: Omit<AttachmentPayload, 'attachment'> & { attachment?: Maybe<ResolversParentTypes['Attachment']> };
  CheckboxFieldValue: CheckboxFieldValueModelModel;
  Boolean: Scalars['Boolean']['output'];
  Collection: CollectionModelModel;
  CollectionConnection: CollectionConnectionModelModel;
  CollectionEdge: CollectionEdgeModelModel;
  CollectionFilter: CollectionFilter;
  CollectionPayload: Omit<CollectionPayload, 'collection'> & { collection?: Maybe<ResolversParentTypes['Collection']> };
  Comment: CommentModelModel;
  CommentConnection: CommentConnectionModelModel;
  CommentEdge: CommentEdgeModelModel;
  CommentPayload: Omit<CommentPayload, 'comment'> & { comment?: Maybe<ResolversParentTypes['Comment']> };
  ConnectWrikeWithTokenInput: ConnectWrikeWithTokenInput;
  ConnectionPayload: Omit<ConnectionPayload, 'connection'> & { connection?: Maybe<ResolversParentTypes['WrikeConnection']> };
  CreateAttachmentInput: CreateAttachmentInput;
  CreateCollectionInput: CreateCollectionInput;
  CreateCommentInput: CreateCommentInput;
  CreateDependencyInput: CreateDependencyInput;
  CreateTicketInput: CreateTicketInput;
  CreateTimeLogInput: CreateTimeLogInput;
  CustomFieldInput: CustomFieldInput;
  CustomFieldValue: FieldValueModelAnyModel;
  DateFieldValue: DateFieldValueModelModel;
  DateTime: Scalars['DateTime']['output'];
  DeleteInput: DeleteInput;
  DeletePayload: DeletePayload;
  DependencyPayload: Omit<DependencyPayload, 'dependency'> & { dependency?: Maybe<ResolversParentTypes['TicketDependency']> };
  DisconnectPayload: DisconnectPayload;
  DisconnectWrikeInput: DisconnectWrikeInput;
  DropdownFieldValue: DropdownFieldValueModelModel;
  DurationFieldValue: DurationFieldValueModelModel;
  EnableWrikeWebhookInput: EnableWrikeWebhookInput;
  Field: FieldModelModel;
  FieldConnection: FieldConnectionModelModel;
  FieldEdge: FieldEdgeModelModel;
  Group: GroupModelModel;
  GroupConnection: GroupConnectionModelModel;
  GroupEdge: GroupEdgeModelModel;
  JSON: Scalars['JSON']['output'];
  LegacyIdMapping: LegacyIdMapping;
  MultiSelectFieldValue: MultiSelectFieldValueModelModel;
  Mutation: Record<PropertyKey, never>;
  NumberFieldValue: NumberFieldValueModelModel;
  Float: Scalars['Float']['output'];
  OtherFieldValue: Omit<OtherFieldValue, 'field'> & { field: ResolversParentTypes['Field'] };
  PageInfo: PageInfo;
  Query: Record<PropertyKey, never>;
  Role: RoleModelModel;
  SetConnectionWorkspacesInput: SetConnectionWorkspacesInput;
  Subscription: Record<PropertyKey, never>;
  TextFieldValue: TextFieldValueModelModel;
  Ticket: TicketSourceModel;
  TicketConnection: TicketConnectionModelModel;
  TicketDependencies: Omit<TicketDependencies, 'predecessors' | 'successors'> & { predecessors: Array<ResolversParentTypes['TicketDependency']>, successors: Array<ResolversParentTypes['TicketDependency']> };
  TicketDependency: WrikeDependencyModel;
  TicketDescendantConnection: TicketDescendantConnectionModelModel;
  TicketDescendantEdge: TicketDescendantEdgeModelModel;
  TicketEdge: TicketEdgeModelModel;
  TicketEvent: TicketEventEnvelopeModel;
  TicketEventFilter: TicketEventFilter;
  TicketFilter: TicketFilter;
  TicketOrder: TicketOrder;
  TicketPayload: Omit<TicketPayload, 'ticket'> & { ticket?: Maybe<ResolversParentTypes['Ticket']> };
  TicketStatus: TicketStatusModelModel;
  TicketTombstone: TicketTombstoneModelModel;
  TicketsPayload: Omit<TicketsPayload, 'tickets'> & { tickets: Array<ResolversParentTypes['Ticket']> };
  TimeLog: TimeLogModelModel;
  TimeLogCategory: TimeLogCategoryModelModel;
  TimeLogConnection: TimeLogConnectionModelModel;
  TimeLogEdge: TimeLogEdgeModelModel;
  TimeLogFilter: TimeLogFilter;
  TimeLogPayload: Omit<TimeLogPayload, 'timeLog'> & { timeLog?: Maybe<ResolversParentTypes['TimeLog']> };
  TimeLogUserTotal: TimeLogUserTotalModelModel;
  UpdateCollectionInput: UpdateCollectionInput;
  UpdateCommentInput: UpdateCommentInput;
  UpdateTicketInput: UpdateTicketInput;
  UpdateTicketsCustomFieldsInput: UpdateTicketsCustomFieldsInput;
  UpdateTimeLogInput: UpdateTimeLogInput;
  User: UnifiedUserModel;
  UserConnection: UserConnectionModelModel;
  UserEdge: UserEdgeModelModel;
  UserError: UserError;
  UserFieldValue: UserFieldValueModelModel;
  UserFilter: UserFilter;
  WebhookPayload: Omit<WebhookPayload, 'webhook'> & { webhook?: Maybe<ResolversParentTypes['WrikeWebhook']> };
  Workspace: WorkspaceModelModel;
  WorkspaceConnection: WorkspaceConnectionModelModel;
  WorkspaceEdge: WorkspaceEdgeModelModel;
  WrikeAccountUser: WrikeAccountUser;
  WrikeConnection: ConnectionViewModel;
  WrikeWebhook: WebhookRecordModel;
}>;

export type AttachmentResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['Attachment'] = ResolversParentTypes['Attachment'], FederationReferenceType extends FederationReferenceTypes['Attachment'] = FederationReferenceTypes['Attachment']> = ResolversObject<{
  __resolveReference?: ReferenceResolver<Maybe<ResolversTypes['Attachment']> | FederationReferenceType, FederationReferenceType, ContextType>;
  author?: Resolver<Maybe<ResolversTypes['User']>, ParentType, ContextType>;
  contentType?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  createdAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  downloadUrl?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  name?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  size?: Resolver<Maybe<ResolversTypes['Int']>, ParentType, ContextType>;
  ticket?: Resolver<Maybe<ResolversTypes['Ticket']>, ParentType, ContextType>;
  version?: Resolver<Maybe<ResolversTypes['Int']>, ParentType, ContextType>;
}>;

export type AttachmentConnectionResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['AttachmentConnection'] = ResolversParentTypes['AttachmentConnection']> = ResolversObject<{
  edges?: Resolver<Array<ResolversTypes['AttachmentEdge']>, ParentType, ContextType>;
  nodes?: Resolver<Array<ResolversTypes['Attachment']>, ParentType, ContextType>;
  pageInfo?: Resolver<ResolversTypes['PageInfo'], ParentType, ContextType>;
  totalCount?: Resolver<Maybe<ResolversTypes['Int']>, ParentType, ContextType>;
}>;

export type AttachmentEdgeResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['AttachmentEdge'] = ResolversParentTypes['AttachmentEdge']> = ResolversObject<{
  cursor?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  node?: Resolver<ResolversTypes['Attachment'], ParentType, ContextType>;
}>;

export type AttachmentPayloadResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['AttachmentPayload'] = ResolversParentTypes['AttachmentPayload']> = ResolversObject<{
  attachment?: Resolver<Maybe<ResolversTypes['Attachment']>, ParentType, ContextType>;
  userErrors?: Resolver<Array<ResolversTypes['UserError']>, ParentType, ContextType>;
}>;

export type CheckboxFieldValueResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['CheckboxFieldValue'] = ResolversParentTypes['CheckboxFieldValue']> = ResolversObject<{
  checked?: Resolver<Maybe<ResolversTypes['Boolean']>, ParentType, ContextType>;
  field?: Resolver<ResolversTypes['Field'], ParentType, ContextType>;
  rawValue?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  __isTypeOf?: IsTypeOfResolverFn<ParentType, ContextType>;
}>;

export type CollectionResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['Collection'] = ResolversParentTypes['Collection'], FederationReferenceType extends FederationReferenceTypes['Collection'] = FederationReferenceTypes['Collection']> = ResolversObject<{
  __resolveReference?: ReferenceResolver<Maybe<ResolversTypes['Collection']> | FederationReferenceType, FederationReferenceType, ContextType>;
  children?: Resolver<Maybe<ResolversTypes['CollectionConnection']>, ParentType, ContextType, Partial<CollectionChildrenArgs>>;
  createdAt?: Resolver<Maybe<ResolversTypes['DateTime']>, ParentType, ContextType>;
  customFields?: Resolver<Maybe<Array<ResolversTypes['CustomFieldValue']>>, ParentType, ContextType>;
  description?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  endDate?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  name?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  owners?: Resolver<Maybe<Array<ResolversTypes['User']>>, ParentType, ContextType>;
  parent?: Resolver<Maybe<ResolversTypes['Collection']>, ParentType, ContextType>;
  projectStatus?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  startDate?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  tickets?: Resolver<Maybe<ResolversTypes['TicketConnection']>, ParentType, ContextType, Partial<CollectionTicketsArgs>>;
  type?: Resolver<ResolversTypes['CollectionType'], ParentType, ContextType>;
  updatedAt?: Resolver<Maybe<ResolversTypes['DateTime']>, ParentType, ContextType>;
  url?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  workspace?: Resolver<Maybe<ResolversTypes['Workspace']>, ParentType, ContextType>;
}>;

export type CollectionConnectionResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['CollectionConnection'] = ResolversParentTypes['CollectionConnection']> = ResolversObject<{
  edges?: Resolver<Array<ResolversTypes['CollectionEdge']>, ParentType, ContextType>;
  nodes?: Resolver<Array<ResolversTypes['Collection']>, ParentType, ContextType>;
  pageInfo?: Resolver<ResolversTypes['PageInfo'], ParentType, ContextType>;
  totalCount?: Resolver<Maybe<ResolversTypes['Int']>, ParentType, ContextType>;
}>;

export type CollectionEdgeResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['CollectionEdge'] = ResolversParentTypes['CollectionEdge']> = ResolversObject<{
  cursor?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  node?: Resolver<ResolversTypes['Collection'], ParentType, ContextType>;
}>;

export type CollectionPayloadResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['CollectionPayload'] = ResolversParentTypes['CollectionPayload']> = ResolversObject<{
  collection?: Resolver<Maybe<ResolversTypes['Collection']>, ParentType, ContextType>;
  userErrors?: Resolver<Array<ResolversTypes['UserError']>, ParentType, ContextType>;
}>;

export type CommentResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['Comment'] = ResolversParentTypes['Comment'], FederationReferenceType extends FederationReferenceTypes['Comment'] = FederationReferenceTypes['Comment']> = ResolversObject<{
  __resolveReference?: ReferenceResolver<Maybe<ResolversTypes['Comment']> | FederationReferenceType, FederationReferenceType, ContextType>;
  author?: Resolver<Maybe<ResolversTypes['User']>, ParentType, ContextType>;
  body?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  createdAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  ticket?: Resolver<Maybe<ResolversTypes['Ticket']>, ParentType, ContextType>;
  updatedAt?: Resolver<Maybe<ResolversTypes['DateTime']>, ParentType, ContextType>;
}>;

export type CommentConnectionResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['CommentConnection'] = ResolversParentTypes['CommentConnection']> = ResolversObject<{
  edges?: Resolver<Array<ResolversTypes['CommentEdge']>, ParentType, ContextType>;
  nodes?: Resolver<Array<ResolversTypes['Comment']>, ParentType, ContextType>;
  pageInfo?: Resolver<ResolversTypes['PageInfo'], ParentType, ContextType>;
  totalCount?: Resolver<Maybe<ResolversTypes['Int']>, ParentType, ContextType>;
}>;

export type CommentEdgeResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['CommentEdge'] = ResolversParentTypes['CommentEdge']> = ResolversObject<{
  cursor?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  node?: Resolver<ResolversTypes['Comment'], ParentType, ContextType>;
}>;

export type CommentPayloadResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['CommentPayload'] = ResolversParentTypes['CommentPayload']> = ResolversObject<{
  comment?: Resolver<Maybe<ResolversTypes['Comment']>, ParentType, ContextType>;
  userErrors?: Resolver<Array<ResolversTypes['UserError']>, ParentType, ContextType>;
}>;

export type ConnectionPayloadResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['ConnectionPayload'] = ResolversParentTypes['ConnectionPayload']> = ResolversObject<{
  connection?: Resolver<Maybe<ResolversTypes['WrikeConnection']>, ParentType, ContextType>;
  userErrors?: Resolver<Array<ResolversTypes['UserError']>, ParentType, ContextType>;
}>;

export type CustomFieldValueResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['CustomFieldValue'] = ResolversParentTypes['CustomFieldValue']> = ResolversObject<{
  __resolveType: TypeResolveFn<'CheckboxFieldValue' | 'DateFieldValue' | 'DropdownFieldValue' | 'DurationFieldValue' | 'MultiSelectFieldValue' | 'NumberFieldValue' | 'OtherFieldValue' | 'TextFieldValue' | 'UserFieldValue', ParentType, ContextType>;
}>;

export type DateFieldValueResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['DateFieldValue'] = ResolversParentTypes['DateFieldValue']> = ResolversObject<{
  date?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  field?: Resolver<ResolversTypes['Field'], ParentType, ContextType>;
  rawValue?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  __isTypeOf?: IsTypeOfResolverFn<ParentType, ContextType>;
}>;

export interface DateTimeScalarConfig extends GraphQLScalarTypeConfig<ResolversTypes['DateTime'], any> {
  name: 'DateTime';
}

export type DeletePayloadResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['DeletePayload'] = ResolversParentTypes['DeletePayload']> = ResolversObject<{
  deletedId?: Resolver<Maybe<ResolversTypes['ID']>, ParentType, ContextType>;
  userErrors?: Resolver<Array<ResolversTypes['UserError']>, ParentType, ContextType>;
}>;

export type DependencyPayloadResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['DependencyPayload'] = ResolversParentTypes['DependencyPayload']> = ResolversObject<{
  dependency?: Resolver<Maybe<ResolversTypes['TicketDependency']>, ParentType, ContextType>;
  userErrors?: Resolver<Array<ResolversTypes['UserError']>, ParentType, ContextType>;
}>;

export type DisconnectPayloadResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['DisconnectPayload'] = ResolversParentTypes['DisconnectPayload']> = ResolversObject<{
  disconnectedId?: Resolver<Maybe<ResolversTypes['ID']>, ParentType, ContextType>;
  userErrors?: Resolver<Array<ResolversTypes['UserError']>, ParentType, ContextType>;
}>;

export type DropdownFieldValueResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['DropdownFieldValue'] = ResolversParentTypes['DropdownFieldValue']> = ResolversObject<{
  field?: Resolver<ResolversTypes['Field'], ParentType, ContextType>;
  option?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  rawValue?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  __isTypeOf?: IsTypeOfResolverFn<ParentType, ContextType>;
}>;

export type DurationFieldValueResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['DurationFieldValue'] = ResolversParentTypes['DurationFieldValue']> = ResolversObject<{
  field?: Resolver<ResolversTypes['Field'], ParentType, ContextType>;
  minutes?: Resolver<Maybe<ResolversTypes['Int']>, ParentType, ContextType>;
  rawValue?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  __isTypeOf?: IsTypeOfResolverFn<ParentType, ContextType>;
}>;

export type FieldResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['Field'] = ResolversParentTypes['Field'], FederationReferenceType extends FederationReferenceTypes['Field'] = FederationReferenceTypes['Field']> = ResolversObject<{
  __resolveReference?: ReferenceResolver<Maybe<ResolversTypes['Field']> | FederationReferenceType, FederationReferenceType, ContextType>;
  currency?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  decimalPlaces?: Resolver<Maybe<ResolversTypes['Int']>, ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  isUserDefined?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  name?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  options?: Resolver<Array<ResolversTypes['String']>, ParentType, ContextType>;
  type?: Resolver<ResolversTypes['FieldType'], ParentType, ContextType>;
}>;

export type FieldConnectionResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['FieldConnection'] = ResolversParentTypes['FieldConnection']> = ResolversObject<{
  edges?: Resolver<Array<ResolversTypes['FieldEdge']>, ParentType, ContextType>;
  nodes?: Resolver<Array<ResolversTypes['Field']>, ParentType, ContextType>;
  pageInfo?: Resolver<ResolversTypes['PageInfo'], ParentType, ContextType>;
  totalCount?: Resolver<Maybe<ResolversTypes['Int']>, ParentType, ContextType>;
}>;

export type FieldEdgeResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['FieldEdge'] = ResolversParentTypes['FieldEdge']> = ResolversObject<{
  cursor?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  node?: Resolver<ResolversTypes['Field'], ParentType, ContextType>;
}>;

export type GroupResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['Group'] = ResolversParentTypes['Group'], FederationReferenceType extends FederationReferenceTypes['Group'] = FederationReferenceTypes['Group']> = ResolversObject<{
  __resolveReference?: ReferenceResolver<Maybe<ResolversTypes['Group']> | FederationReferenceType, FederationReferenceType, ContextType>;
  children?: Resolver<Array<ResolversTypes['Group']>, ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  members?: Resolver<Maybe<Array<ResolversTypes['User']>>, ParentType, ContextType>;
  name?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  parent?: Resolver<Maybe<ResolversTypes['Group']>, ParentType, ContextType>;
}>;

export type GroupConnectionResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['GroupConnection'] = ResolversParentTypes['GroupConnection']> = ResolversObject<{
  edges?: Resolver<Array<ResolversTypes['GroupEdge']>, ParentType, ContextType>;
  nodes?: Resolver<Array<ResolversTypes['Group']>, ParentType, ContextType>;
  pageInfo?: Resolver<ResolversTypes['PageInfo'], ParentType, ContextType>;
  totalCount?: Resolver<Maybe<ResolversTypes['Int']>, ParentType, ContextType>;
}>;

export type GroupEdgeResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['GroupEdge'] = ResolversParentTypes['GroupEdge']> = ResolversObject<{
  cursor?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  node?: Resolver<ResolversTypes['Group'], ParentType, ContextType>;
}>;

export interface JsonScalarConfig extends GraphQLScalarTypeConfig<ResolversTypes['JSON'], any> {
  name: 'JSON';
}

export type LegacyIdMappingResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['LegacyIdMapping'] = ResolversParentTypes['LegacyIdMapping']> = ResolversObject<{
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  legacyId?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
}>;

export type MultiSelectFieldValueResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['MultiSelectFieldValue'] = ResolversParentTypes['MultiSelectFieldValue']> = ResolversObject<{
  field?: Resolver<ResolversTypes['Field'], ParentType, ContextType>;
  options?: Resolver<Array<ResolversTypes['String']>, ParentType, ContextType>;
  rawValue?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  __isTypeOf?: IsTypeOfResolverFn<ParentType, ContextType>;
}>;

export type MutationResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['Mutation'] = ResolversParentTypes['Mutation']> = ResolversObject<{
  connectWrikeWithToken?: Resolver<ResolversTypes['ConnectionPayload'], ParentType, ContextType, RequireFields<MutationConnectWrikeWithTokenArgs, 'input'>>;
  createAttachment?: Resolver<ResolversTypes['AttachmentPayload'], ParentType, ContextType, RequireFields<MutationCreateAttachmentArgs, 'input'>>;
  createCollection?: Resolver<ResolversTypes['CollectionPayload'], ParentType, ContextType, RequireFields<MutationCreateCollectionArgs, 'input'>>;
  createComment?: Resolver<ResolversTypes['CommentPayload'], ParentType, ContextType, RequireFields<MutationCreateCommentArgs, 'input'>>;
  createDependency?: Resolver<ResolversTypes['DependencyPayload'], ParentType, ContextType, RequireFields<MutationCreateDependencyArgs, 'input'>>;
  createTicket?: Resolver<ResolversTypes['TicketPayload'], ParentType, ContextType, RequireFields<MutationCreateTicketArgs, 'input'>>;
  createTimeLog?: Resolver<ResolversTypes['TimeLogPayload'], ParentType, ContextType, RequireFields<MutationCreateTimeLogArgs, 'input'>>;
  deleteAttachment?: Resolver<ResolversTypes['DeletePayload'], ParentType, ContextType, RequireFields<MutationDeleteAttachmentArgs, 'input'>>;
  deleteComment?: Resolver<ResolversTypes['DeletePayload'], ParentType, ContextType, RequireFields<MutationDeleteCommentArgs, 'input'>>;
  deleteDependency?: Resolver<ResolversTypes['DeletePayload'], ParentType, ContextType, RequireFields<MutationDeleteDependencyArgs, 'input'>>;
  deleteTicket?: Resolver<ResolversTypes['DeletePayload'], ParentType, ContextType, RequireFields<MutationDeleteTicketArgs, 'input'>>;
  deleteTimeLog?: Resolver<ResolversTypes['DeletePayload'], ParentType, ContextType, RequireFields<MutationDeleteTimeLogArgs, 'input'>>;
  disconnectWrike?: Resolver<ResolversTypes['DisconnectPayload'], ParentType, ContextType, RequireFields<MutationDisconnectWrikeArgs, 'input'>>;
  enableWrikeWebhook?: Resolver<ResolversTypes['WebhookPayload'], ParentType, ContextType, RequireFields<MutationEnableWrikeWebhookArgs, 'input'>>;
  setConnectionWorkspaces?: Resolver<ResolversTypes['ConnectionPayload'], ParentType, ContextType, RequireFields<MutationSetConnectionWorkspacesArgs, 'input'>>;
  updateCollection?: Resolver<ResolversTypes['CollectionPayload'], ParentType, ContextType, RequireFields<MutationUpdateCollectionArgs, 'input'>>;
  updateComment?: Resolver<ResolversTypes['CommentPayload'], ParentType, ContextType, RequireFields<MutationUpdateCommentArgs, 'input'>>;
  updateTicket?: Resolver<ResolversTypes['TicketPayload'], ParentType, ContextType, RequireFields<MutationUpdateTicketArgs, 'input'>>;
  updateTicketsCustomFields?: Resolver<ResolversTypes['TicketsPayload'], ParentType, ContextType, RequireFields<MutationUpdateTicketsCustomFieldsArgs, 'input'>>;
  updateTimeLog?: Resolver<ResolversTypes['TimeLogPayload'], ParentType, ContextType, RequireFields<MutationUpdateTimeLogArgs, 'input'>>;
}>;

export type NumberFieldValueResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['NumberFieldValue'] = ResolversParentTypes['NumberFieldValue']> = ResolversObject<{
  currency?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  field?: Resolver<ResolversTypes['Field'], ParentType, ContextType>;
  number?: Resolver<Maybe<ResolversTypes['Float']>, ParentType, ContextType>;
  rawValue?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  __isTypeOf?: IsTypeOfResolverFn<ParentType, ContextType>;
}>;

export type OtherFieldValueResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['OtherFieldValue'] = ResolversParentTypes['OtherFieldValue']> = ResolversObject<{
  field?: Resolver<ResolversTypes['Field'], ParentType, ContextType>;
  rawValue?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  wrikeType?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  __isTypeOf?: IsTypeOfResolverFn<ParentType, ContextType>;
}>;

export type PageInfoResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['PageInfo'] = ResolversParentTypes['PageInfo']> = ResolversObject<{
  endCursor?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  hasNextPage?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  hasPreviousPage?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  startCursor?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
}>;

export type QueryResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['Query'] = ResolversParentTypes['Query']> = ResolversObject<{
  attachment?: Resolver<Maybe<ResolversTypes['Attachment']>, ParentType, ContextType, RequireFields<QueryAttachmentArgs, 'id'>>;
  collection?: Resolver<Maybe<ResolversTypes['Collection']>, ParentType, ContextType, RequireFields<QueryCollectionArgs, 'id'>>;
  collections?: Resolver<Maybe<ResolversTypes['CollectionConnection']>, ParentType, ContextType, Partial<QueryCollectionsArgs>>;
  comment?: Resolver<Maybe<ResolversTypes['Comment']>, ParentType, ContextType, RequireFields<QueryCommentArgs, 'id'>>;
  commentChanges?: Resolver<Maybe<ResolversTypes['CommentConnection']>, ParentType, ContextType, RequireFields<QueryCommentChangesArgs, 'since'>>;
  connection?: Resolver<Maybe<ResolversTypes['WrikeConnection']>, ParentType, ContextType, RequireFields<QueryConnectionArgs, 'id'>>;
  connections?: Resolver<Array<ResolversTypes['WrikeConnection']>, ParentType, ContextType>;
  field?: Resolver<Maybe<ResolversTypes['Field']>, ParentType, ContextType, RequireFields<QueryFieldArgs, 'id'>>;
  fields?: Resolver<Maybe<ResolversTypes['FieldConnection']>, ParentType, ContextType, Partial<QueryFieldsArgs>>;
  group?: Resolver<Maybe<ResolversTypes['Group']>, ParentType, ContextType, RequireFields<QueryGroupArgs, 'id'>>;
  groups?: Resolver<Maybe<ResolversTypes['GroupConnection']>, ParentType, ContextType, Partial<QueryGroupsArgs>>;
  idsFromLegacy?: Resolver<Maybe<Array<ResolversTypes['LegacyIdMapping']>>, ParentType, ContextType, RequireFields<QueryIdsFromLegacyArgs, 'legacyIds' | 'type'>>;
  me?: Resolver<Maybe<ResolversTypes['User']>, ParentType, ContextType>;
  roles?: Resolver<Maybe<Array<ResolversTypes['Role']>>, ParentType, ContextType>;
  ticket?: Resolver<Maybe<ResolversTypes['Ticket']>, ParentType, ContextType, RequireFields<QueryTicketArgs, 'id'>>;
  ticketByPermalink?: Resolver<Maybe<ResolversTypes['Ticket']>, ParentType, ContextType, RequireFields<QueryTicketByPermalinkArgs, 'url'>>;
  ticketChanges?: Resolver<Maybe<ResolversTypes['TicketConnection']>, ParentType, ContextType, RequireFields<QueryTicketChangesArgs, 'since'>>;
  ticketStatuses?: Resolver<Maybe<Array<ResolversTypes['TicketStatus']>>, ParentType, ContextType>;
  tickets?: Resolver<Maybe<ResolversTypes['TicketConnection']>, ParentType, ContextType, Partial<QueryTicketsArgs>>;
  timeLog?: Resolver<Maybe<ResolversTypes['TimeLog']>, ParentType, ContextType, RequireFields<QueryTimeLogArgs, 'id'>>;
  timeLogCategories?: Resolver<Maybe<Array<ResolversTypes['TimeLogCategory']>>, ParentType, ContextType>;
  timeLogs?: Resolver<Maybe<ResolversTypes['TimeLogConnection']>, ParentType, ContextType, Partial<QueryTimeLogsArgs>>;
  user?: Resolver<Maybe<ResolversTypes['User']>, ParentType, ContextType, RequireFields<QueryUserArgs, 'id'>>;
  users?: Resolver<Maybe<ResolversTypes['UserConnection']>, ParentType, ContextType, Partial<QueryUsersArgs>>;
  workspace?: Resolver<Maybe<ResolversTypes['Workspace']>, ParentType, ContextType, RequireFields<QueryWorkspaceArgs, 'id'>>;
  workspaces?: Resolver<Maybe<ResolversTypes['WorkspaceConnection']>, ParentType, ContextType, Partial<QueryWorkspacesArgs>>;
}>;

export type RoleResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['Role'] = ResolversParentTypes['Role'], FederationReferenceType extends FederationReferenceTypes['Role'] = FederationReferenceTypes['Role']> = ResolversObject<{
  __resolveReference?: ReferenceResolver<Maybe<ResolversTypes['Role']> | FederationReferenceType, FederationReferenceType, ContextType>;
  description?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  kind?: Resolver<ResolversTypes['RoleKind'], ParentType, ContextType>;
  name?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
}>;

export type SubscriptionResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['Subscription'] = ResolversParentTypes['Subscription']> = ResolversObject<{
  ticketEvents?: SubscriptionResolver<ResolversTypes['TicketEvent'], "ticketEvents", ParentType, ContextType, Partial<SubscriptionTicketEventsArgs>>;
}>;

export type TextFieldValueResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['TextFieldValue'] = ResolversParentTypes['TextFieldValue']> = ResolversObject<{
  field?: Resolver<ResolversTypes['Field'], ParentType, ContextType>;
  rawValue?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  text?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  __isTypeOf?: IsTypeOfResolverFn<ParentType, ContextType>;
}>;

export type TicketResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['Ticket'] = ResolversParentTypes['Ticket'], FederationReferenceType extends FederationReferenceTypes['Ticket'] = FederationReferenceTypes['Ticket']> = ResolversObject<{
  __resolveReference?: ReferenceResolver<Maybe<ResolversTypes['Ticket']> | FederationReferenceType, FederationReferenceType, ContextType>;
  ancestors?: Resolver<Maybe<Array<ResolversTypes['Ticket']>>, ParentType, ContextType>;
  assignees?: Resolver<Maybe<Array<ResolversTypes['User']>>, ParentType, ContextType>;
  attachments?: Resolver<Maybe<ResolversTypes['AttachmentConnection']>, ParentType, ContextType, Partial<TicketAttachmentsArgs>>;
  collections?: Resolver<Maybe<Array<ResolversTypes['Collection']>>, ParentType, ContextType>;
  comments?: Resolver<Maybe<ResolversTypes['CommentConnection']>, ParentType, ContextType, Partial<TicketCommentsArgs>>;
  completedAt?: Resolver<Maybe<ResolversTypes['DateTime']>, ParentType, ContextType>;
  createdAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  createdBy?: Resolver<Maybe<ResolversTypes['User']>, ParentType, ContextType>;
  customFields?: Resolver<Maybe<Array<ResolversTypes['CustomFieldValue']>>, ParentType, ContextType>;
  dependencies?: Resolver<Maybe<ResolversTypes['TicketDependencies']>, ParentType, ContextType>;
  descendants?: Resolver<Maybe<ResolversTypes['TicketDescendantConnection']>, ParentType, ContextType, Partial<TicketDescendantsArgs>>;
  description?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  dueDate?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  followers?: Resolver<Maybe<Array<ResolversTypes['User']>>, ParentType, ContextType>;
  hasSubtasks?: Resolver<Maybe<ResolversTypes['Boolean']>, ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  parents?: Resolver<Maybe<Array<ResolversTypes['Ticket']>>, ParentType, ContextType>;
  priority?: Resolver<ResolversTypes['TicketPriority'], ParentType, ContextType>;
  remoteData?: Resolver<Maybe<ResolversTypes['JSON']>, ParentType, ContextType>;
  startDate?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  status?: Resolver<Maybe<ResolversTypes['TicketStatus']>, ParentType, ContextType>;
  subtasks?: Resolver<Maybe<ResolversTypes['TicketConnection']>, ParentType, ContextType, Partial<TicketSubtasksArgs>>;
  timeLogs?: Resolver<Maybe<ResolversTypes['TimeLogConnection']>, ParentType, ContextType, Partial<TicketTimeLogsArgs>>;
  title?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  updatedAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  url?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  workspace?: Resolver<Maybe<ResolversTypes['Workspace']>, ParentType, ContextType>;
}>;

export type TicketConnectionResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['TicketConnection'] = ResolversParentTypes['TicketConnection']> = ResolversObject<{
  edges?: Resolver<Array<ResolversTypes['TicketEdge']>, ParentType, ContextType>;
  nodes?: Resolver<Array<ResolversTypes['Ticket']>, ParentType, ContextType>;
  pageInfo?: Resolver<ResolversTypes['PageInfo'], ParentType, ContextType>;
  tombstones?: Resolver<Maybe<Array<ResolversTypes['TicketTombstone']>>, ParentType, ContextType>;
  totalCount?: Resolver<Maybe<ResolversTypes['Int']>, ParentType, ContextType>;
}>;

export type TicketDependenciesResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['TicketDependencies'] = ResolversParentTypes['TicketDependencies']> = ResolversObject<{
  predecessors?: Resolver<Array<ResolversTypes['TicketDependency']>, ParentType, ContextType>;
  successors?: Resolver<Array<ResolversTypes['TicketDependency']>, ParentType, ContextType>;
}>;

export type TicketDependencyResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['TicketDependency'] = ResolversParentTypes['TicketDependency']> = ResolversObject<{
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  predecessor?: Resolver<Maybe<ResolversTypes['Ticket']>, ParentType, ContextType>;
  successor?: Resolver<Maybe<ResolversTypes['Ticket']>, ParentType, ContextType>;
  type?: Resolver<ResolversTypes['DependencyType'], ParentType, ContextType>;
}>;

export type TicketDescendantConnectionResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['TicketDescendantConnection'] = ResolversParentTypes['TicketDescendantConnection']> = ResolversObject<{
  edges?: Resolver<Array<ResolversTypes['TicketDescendantEdge']>, ParentType, ContextType>;
  nodes?: Resolver<Array<ResolversTypes['Ticket']>, ParentType, ContextType>;
  pageInfo?: Resolver<ResolversTypes['PageInfo'], ParentType, ContextType>;
  truncated?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
}>;

export type TicketDescendantEdgeResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['TicketDescendantEdge'] = ResolversParentTypes['TicketDescendantEdge']> = ResolversObject<{
  cursor?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  depth?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  node?: Resolver<ResolversTypes['Ticket'], ParentType, ContextType>;
  parentId?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
}>;

export type TicketEdgeResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['TicketEdge'] = ResolversParentTypes['TicketEdge']> = ResolversObject<{
  cursor?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  node?: Resolver<ResolversTypes['Ticket'], ParentType, ContextType>;
}>;

export type TicketEventResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['TicketEvent'] = ResolversParentTypes['TicketEvent']> = ResolversObject<{
  author?: Resolver<Maybe<ResolversTypes['User']>, ParentType, ContextType>;
  changedFields?: Resolver<Array<ResolversTypes['String']>, ParentType, ContextType>;
  comment?: Resolver<Maybe<ResolversTypes['Comment']>, ParentType, ContextType>;
  commentId?: Resolver<Maybe<ResolversTypes['ID']>, ParentType, ContextType>;
  deleted?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  occurredAt?: Resolver<Maybe<ResolversTypes['DateTime']>, ParentType, ContextType>;
  raw?: Resolver<ResolversTypes['JSON'], ParentType, ContextType>;
  ticket?: Resolver<Maybe<ResolversTypes['Ticket']>, ParentType, ContextType>;
  ticketId?: Resolver<Maybe<ResolversTypes['ID']>, ParentType, ContextType>;
  type?: Resolver<ResolversTypes['TicketEventType'], ParentType, ContextType>;
  wrikeEventType?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
}>;

export type TicketPayloadResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['TicketPayload'] = ResolversParentTypes['TicketPayload']> = ResolversObject<{
  ticket?: Resolver<Maybe<ResolversTypes['Ticket']>, ParentType, ContextType>;
  userErrors?: Resolver<Array<ResolversTypes['UserError']>, ParentType, ContextType>;
}>;

export type TicketStatusResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['TicketStatus'] = ResolversParentTypes['TicketStatus'], FederationReferenceType extends FederationReferenceTypes['TicketStatus'] = FederationReferenceTypes['TicketStatus']> = ResolversObject<{
  __resolveReference?: ReferenceResolver<Maybe<ResolversTypes['TicketStatus']> | FederationReferenceType, FederationReferenceType, ContextType>;
  category?: Resolver<ResolversTypes['StatusCategory'], ParentType, ContextType>;
  color?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  name?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  workflowName?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
}>;

export type TicketTombstoneResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['TicketTombstone'] = ResolversParentTypes['TicketTombstone']> = ResolversObject<{
  cursor?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  deleted?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  deletedAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  reason?: Resolver<ResolversTypes['TicketTombstoneReason'], ParentType, ContextType>;
}>;

export type TicketsPayloadResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['TicketsPayload'] = ResolversParentTypes['TicketsPayload']> = ResolversObject<{
  tickets?: Resolver<Array<ResolversTypes['Ticket']>, ParentType, ContextType>;
  userErrors?: Resolver<Array<ResolversTypes['UserError']>, ParentType, ContextType>;
}>;

export type TimeLogResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['TimeLog'] = ResolversParentTypes['TimeLog'], FederationReferenceType extends FederationReferenceTypes['TimeLog'] = FederationReferenceTypes['TimeLog']> = ResolversObject<{
  __resolveReference?: ReferenceResolver<Maybe<ResolversTypes['TimeLog']> | FederationReferenceType, FederationReferenceType, ContextType>;
  billable?: Resolver<Maybe<ResolversTypes['Boolean']>, ParentType, ContextType>;
  category?: Resolver<Maybe<ResolversTypes['TimeLogCategory']>, ParentType, ContextType>;
  comment?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  createdAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  minutes?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  ticket?: Resolver<Maybe<ResolversTypes['Ticket']>, ParentType, ContextType>;
  trackedDate?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  updatedAt?: Resolver<Maybe<ResolversTypes['DateTime']>, ParentType, ContextType>;
  user?: Resolver<Maybe<ResolversTypes['User']>, ParentType, ContextType>;
}>;

export type TimeLogCategoryResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['TimeLogCategory'] = ResolversParentTypes['TimeLogCategory']> = ResolversObject<{
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  name?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
}>;

export type TimeLogConnectionResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['TimeLogConnection'] = ResolversParentTypes['TimeLogConnection']> = ResolversObject<{
  byUser?: Resolver<Array<ResolversTypes['TimeLogUserTotal']>, ParentType, ContextType>;
  edges?: Resolver<Array<ResolversTypes['TimeLogEdge']>, ParentType, ContextType>;
  nodes?: Resolver<Array<ResolversTypes['TimeLog']>, ParentType, ContextType>;
  pageInfo?: Resolver<ResolversTypes['PageInfo'], ParentType, ContextType>;
  totalCount?: Resolver<Maybe<ResolversTypes['Int']>, ParentType, ContextType>;
  totalMinutes?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
}>;

export type TimeLogEdgeResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['TimeLogEdge'] = ResolversParentTypes['TimeLogEdge']> = ResolversObject<{
  cursor?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  node?: Resolver<ResolversTypes['TimeLog'], ParentType, ContextType>;
}>;

export type TimeLogPayloadResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['TimeLogPayload'] = ResolversParentTypes['TimeLogPayload']> = ResolversObject<{
  timeLog?: Resolver<Maybe<ResolversTypes['TimeLog']>, ParentType, ContextType>;
  userErrors?: Resolver<Array<ResolversTypes['UserError']>, ParentType, ContextType>;
}>;

export type TimeLogUserTotalResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['TimeLogUserTotal'] = ResolversParentTypes['TimeLogUserTotal']> = ResolversObject<{
  billableMinutes?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  count?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  minutes?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  user?: Resolver<Maybe<ResolversTypes['User']>, ParentType, ContextType>;
}>;

export type UserResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['User'] = ResolversParentTypes['User'], FederationReferenceType extends FederationReferenceTypes['User'] = FederationReferenceTypes['User']> = ResolversObject<{
  __resolveReference?: ReferenceResolver<Maybe<ResolversTypes['User']> | FederationReferenceType, FederationReferenceType, ContextType>;
  avatarUrl?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  email?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  firstName?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  groups?: Resolver<Maybe<Array<ResolversTypes['Group']>>, ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  isDeleted?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  isExternal?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  lastName?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  name?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  role?: Resolver<Maybe<ResolversTypes['Role']>, ParentType, ContextType>;
  timezone?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
}>;

export type UserConnectionResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['UserConnection'] = ResolversParentTypes['UserConnection']> = ResolversObject<{
  edges?: Resolver<Array<ResolversTypes['UserEdge']>, ParentType, ContextType>;
  nodes?: Resolver<Array<ResolversTypes['User']>, ParentType, ContextType>;
  pageInfo?: Resolver<ResolversTypes['PageInfo'], ParentType, ContextType>;
  totalCount?: Resolver<Maybe<ResolversTypes['Int']>, ParentType, ContextType>;
}>;

export type UserEdgeResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['UserEdge'] = ResolversParentTypes['UserEdge']> = ResolversObject<{
  cursor?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  node?: Resolver<ResolversTypes['User'], ParentType, ContextType>;
}>;

export type UserErrorResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['UserError'] = ResolversParentTypes['UserError']> = ResolversObject<{
  code?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  field?: Resolver<Array<ResolversTypes['String']>, ParentType, ContextType>;
  message?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
}>;

export type UserFieldValueResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['UserFieldValue'] = ResolversParentTypes['UserFieldValue']> = ResolversObject<{
  field?: Resolver<ResolversTypes['Field'], ParentType, ContextType>;
  rawValue?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  users?: Resolver<Maybe<Array<ResolversTypes['User']>>, ParentType, ContextType>;
  __isTypeOf?: IsTypeOfResolverFn<ParentType, ContextType>;
}>;

export type WebhookPayloadResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['WebhookPayload'] = ResolversParentTypes['WebhookPayload']> = ResolversObject<{
  userErrors?: Resolver<Array<ResolversTypes['UserError']>, ParentType, ContextType>;
  webhook?: Resolver<Maybe<ResolversTypes['WrikeWebhook']>, ParentType, ContextType>;
}>;

export type WorkspaceResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['Workspace'] = ResolversParentTypes['Workspace'], FederationReferenceType extends FederationReferenceTypes['Workspace'] = FederationReferenceTypes['Workspace']> = ResolversObject<{
  __resolveReference?: ReferenceResolver<Maybe<ResolversTypes['Workspace']> | FederationReferenceType, FederationReferenceType, ContextType>;
  accessType?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  collections?: Resolver<Maybe<ResolversTypes['CollectionConnection']>, ParentType, ContextType, Partial<WorkspaceCollectionsArgs>>;
  description?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  isArchived?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  name?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  tickets?: Resolver<Maybe<ResolversTypes['TicketConnection']>, ParentType, ContextType, Partial<WorkspaceTicketsArgs>>;
}>;

export type WorkspaceConnectionResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['WorkspaceConnection'] = ResolversParentTypes['WorkspaceConnection']> = ResolversObject<{
  edges?: Resolver<Array<ResolversTypes['WorkspaceEdge']>, ParentType, ContextType>;
  nodes?: Resolver<Array<ResolversTypes['Workspace']>, ParentType, ContextType>;
  pageInfo?: Resolver<ResolversTypes['PageInfo'], ParentType, ContextType>;
  totalCount?: Resolver<Maybe<ResolversTypes['Int']>, ParentType, ContextType>;
}>;

export type WorkspaceEdgeResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['WorkspaceEdge'] = ResolversParentTypes['WorkspaceEdge']> = ResolversObject<{
  cursor?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  node?: Resolver<ResolversTypes['Workspace'], ParentType, ContextType>;
}>;

export type WrikeAccountUserResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['WrikeAccountUser'] = ResolversParentTypes['WrikeAccountUser']> = ResolversObject<{
  email?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  name?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
}>;

export type WrikeConnectionResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['WrikeConnection'] = ResolversParentTypes['WrikeConnection']> = ResolversObject<{
  authType?: Resolver<ResolversTypes['ConnectionAuthType'], ParentType, ContextType>;
  createdAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  host?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  lastError?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  lastRefreshedAt?: Resolver<Maybe<ResolversTypes['DateTime']>, ParentType, ContextType>;
  scopes?: Resolver<Maybe<Array<ResolversTypes['String']>>, ParentType, ContextType>;
  status?: Resolver<ResolversTypes['ConnectionStatus'], ParentType, ContextType>;
  webhook?: Resolver<Maybe<ResolversTypes['WrikeWebhook']>, ParentType, ContextType>;
  workspaceIds?: Resolver<Maybe<Array<ResolversTypes['ID']>>, ParentType, ContextType>;
  wrikeUser?: Resolver<Maybe<ResolversTypes['WrikeAccountUser']>, ParentType, ContextType>;
}>;

export type WrikeWebhookResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['WrikeWebhook'] = ResolversParentTypes['WrikeWebhook']> = ResolversObject<{
  lastEventAt?: Resolver<Maybe<ResolversTypes['DateTime']>, ParentType, ContextType>;
  status?: Resolver<ResolversTypes['WebhookStatus'], ParentType, ContextType>;
}>;

export type Resolvers<ContextType = GraphQLContext> = ResolversObject<{
  Attachment?: AttachmentResolvers<ContextType>;
  AttachmentConnection?: AttachmentConnectionResolvers<ContextType>;
  AttachmentEdge?: AttachmentEdgeResolvers<ContextType>;
  AttachmentPayload?: AttachmentPayloadResolvers<ContextType>;
  CheckboxFieldValue?: CheckboxFieldValueResolvers<ContextType>;
  Collection?: CollectionResolvers<ContextType>;
  CollectionConnection?: CollectionConnectionResolvers<ContextType>;
  CollectionEdge?: CollectionEdgeResolvers<ContextType>;
  CollectionPayload?: CollectionPayloadResolvers<ContextType>;
  Comment?: CommentResolvers<ContextType>;
  CommentConnection?: CommentConnectionResolvers<ContextType>;
  CommentEdge?: CommentEdgeResolvers<ContextType>;
  CommentPayload?: CommentPayloadResolvers<ContextType>;
  ConnectionPayload?: ConnectionPayloadResolvers<ContextType>;
  CustomFieldValue?: CustomFieldValueResolvers<ContextType>;
  DateFieldValue?: DateFieldValueResolvers<ContextType>;
  DateTime?: GraphQLScalarType;
  DeletePayload?: DeletePayloadResolvers<ContextType>;
  DependencyPayload?: DependencyPayloadResolvers<ContextType>;
  DisconnectPayload?: DisconnectPayloadResolvers<ContextType>;
  DropdownFieldValue?: DropdownFieldValueResolvers<ContextType>;
  DurationFieldValue?: DurationFieldValueResolvers<ContextType>;
  Field?: FieldResolvers<ContextType>;
  FieldConnection?: FieldConnectionResolvers<ContextType>;
  FieldEdge?: FieldEdgeResolvers<ContextType>;
  Group?: GroupResolvers<ContextType>;
  GroupConnection?: GroupConnectionResolvers<ContextType>;
  GroupEdge?: GroupEdgeResolvers<ContextType>;
  JSON?: GraphQLScalarType;
  LegacyIdMapping?: LegacyIdMappingResolvers<ContextType>;
  MultiSelectFieldValue?: MultiSelectFieldValueResolvers<ContextType>;
  Mutation?: MutationResolvers<ContextType>;
  NumberFieldValue?: NumberFieldValueResolvers<ContextType>;
  OtherFieldValue?: OtherFieldValueResolvers<ContextType>;
  PageInfo?: PageInfoResolvers<ContextType>;
  Query?: QueryResolvers<ContextType>;
  Role?: RoleResolvers<ContextType>;
  Subscription?: SubscriptionResolvers<ContextType>;
  TextFieldValue?: TextFieldValueResolvers<ContextType>;
  Ticket?: TicketResolvers<ContextType>;
  TicketConnection?: TicketConnectionResolvers<ContextType>;
  TicketDependencies?: TicketDependenciesResolvers<ContextType>;
  TicketDependency?: TicketDependencyResolvers<ContextType>;
  TicketDescendantConnection?: TicketDescendantConnectionResolvers<ContextType>;
  TicketDescendantEdge?: TicketDescendantEdgeResolvers<ContextType>;
  TicketEdge?: TicketEdgeResolvers<ContextType>;
  TicketEvent?: TicketEventResolvers<ContextType>;
  TicketPayload?: TicketPayloadResolvers<ContextType>;
  TicketStatus?: TicketStatusResolvers<ContextType>;
  TicketTombstone?: TicketTombstoneResolvers<ContextType>;
  TicketsPayload?: TicketsPayloadResolvers<ContextType>;
  TimeLog?: TimeLogResolvers<ContextType>;
  TimeLogCategory?: TimeLogCategoryResolvers<ContextType>;
  TimeLogConnection?: TimeLogConnectionResolvers<ContextType>;
  TimeLogEdge?: TimeLogEdgeResolvers<ContextType>;
  TimeLogPayload?: TimeLogPayloadResolvers<ContextType>;
  TimeLogUserTotal?: TimeLogUserTotalResolvers<ContextType>;
  User?: UserResolvers<ContextType>;
  UserConnection?: UserConnectionResolvers<ContextType>;
  UserEdge?: UserEdgeResolvers<ContextType>;
  UserError?: UserErrorResolvers<ContextType>;
  UserFieldValue?: UserFieldValueResolvers<ContextType>;
  WebhookPayload?: WebhookPayloadResolvers<ContextType>;
  Workspace?: WorkspaceResolvers<ContextType>;
  WorkspaceConnection?: WorkspaceConnectionResolvers<ContextType>;
  WorkspaceEdge?: WorkspaceEdgeResolvers<ContextType>;
  WrikeAccountUser?: WrikeAccountUserResolvers<ContextType>;
  WrikeConnection?: WrikeConnectionResolvers<ContextType>;
  WrikeWebhook?: WrikeWebhookResolvers<ContextType>;
}>;

