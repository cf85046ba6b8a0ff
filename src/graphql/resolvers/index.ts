import type { Resolvers } from '../__generated__/resolvers-types';
import { DateTime, JSON } from './scalars';
import { Query } from './Query';
import { Mutation } from './Mutation';
import { Ticket, TicketDependency, TicketStatus } from './Ticket';
import { Collection, Workspace } from './Collection';
import { Attachment, Comment } from './Content';
import { CustomFieldValue, Field, UserFieldValue } from './Field';
import { Group, Role, User } from './People';
import { Subscription, TicketEvent, TicketTombstone, WrikeConnection } from './Events';
import { TimeLog, TimeLogUserTotal } from './TimeLog';

export const resolvers: Resolvers = {
  DateTime, JSON, Query, Mutation, Ticket, TicketDependency, TicketStatus, Collection, Workspace, Comment, Attachment, Field, CustomFieldValue,
  UserFieldValue, User, Group, Role, Subscription, TicketEvent, TicketTombstone, WrikeConnection, TimeLog, TimeLogUserTotal,
};
