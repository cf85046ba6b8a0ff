/** The shapes resolvers hand to GraphQL, named for codegen's mappers. */
import type { Connection, Edge } from './pagination';
import type { TicketSource } from './ticket-source';
import type { CollectionModel, WorkspaceModel } from '../unified/collection';
import type { FieldModel, FieldValueModel } from '../unified/fields';
import type { GroupModel, RoleModel } from '../unified/people';
import type { UnifiedUser } from '../unified/user';
import type { WrikeAttachment, WrikeComment, WrikeTimelog, WrikeTimelogCategory } from '../wrike/types';
import type { UserTotal } from '../unified/timelog';
import type { TicketTombstone } from '../unified/changes';

export type { TicketSource } from './ticket-source';
export type { TicketStatusModel } from '../unified/ticket';
export type { CollectionModel, WorkspaceModel, FieldModel, GroupModel, RoleModel, UnifiedUser };
export type CommentModel = WrikeComment;
export type AttachmentModel = WrikeAttachment;
export type TimeLogModel = WrikeTimelog;
export type TimeLogCategoryModel = WrikeTimelogCategory;
export type TimeLogUserTotalModel = UserTotal;
/** A page of time logs, with the totals of the whole filtered list. */
export type TimeLogConnectionModel = Connection<TimeLogModel> & { totalMinutes: number; byUser: UserTotal[] };
export type TimeLogEdgeModel = Edge<TimeLogModel>;

export type TicketEdgeModel = Edge<TicketSource>;
/** `tombstones` only on ticketChanges: the tickets of the page the connection can no longer see. */
export type TicketConnectionModel = Connection<TicketSource> & { tombstones?: TicketTombstoneModel[] | null };
export type TicketTombstoneModel = TicketTombstone & { cursor: string };
export type TicketDescendantEdgeModel = Edge<TicketSource> & { depth: number; parentId: string };
export type TicketDescendantConnectionModel = Connection<TicketSource, TicketDescendantEdgeModel> & { truncated: boolean };
export type CollectionConnectionModel = Connection<CollectionModel>;
export type CollectionEdgeModel = Edge<CollectionModel>;
export type WorkspaceConnectionModel = Connection<WorkspaceModel>;
export type WorkspaceEdgeModel = Edge<WorkspaceModel>;
export type CommentConnectionModel = Connection<CommentModel>;
export type CommentEdgeModel = Edge<CommentModel>;
export type AttachmentConnectionModel = Connection<AttachmentModel>;
export type AttachmentEdgeModel = Edge<AttachmentModel>;
export type FieldConnectionModel = Connection<FieldModel>;
export type FieldEdgeModel = Edge<FieldModel>;
export type UserConnectionModel = Connection<UnifiedUser>;
export type UserEdgeModel = Edge<UnifiedUser>;
export type GroupConnectionModel = Connection<GroupModel>;
export type GroupEdgeModel = Edge<GroupModel>;

type Variant<T extends FieldValueModel['__typename']> = Extract<FieldValueModel, { __typename: T }>;
export type FieldValueModelAny = FieldValueModel;
export type TextFieldValueModel = Variant<'TextFieldValue'>;
export type NumberFieldValueModel = Variant<'NumberFieldValue'>;
export type DurationFieldValueModel = Variant<'DurationFieldValue'>;
export type DateFieldValueModel = Variant<'DateFieldValue'>;
export type CheckboxFieldValueModel = Variant<'CheckboxFieldValue'>;
export type DropdownFieldValueModel = Variant<'DropdownFieldValue'>;
export type MultiSelectFieldValueModel = Variant<'MultiSelectFieldValue'>;
export type UserFieldValueModel = Variant<'UserFieldValue'>;
