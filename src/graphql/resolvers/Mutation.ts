import type { MutationResolvers } from '../__generated__/resolvers-types';
import { createTicket, deleteTicket, updateTicket } from '../mutations/tickets';
import { updateTicketsCustomFields } from '../mutations/bulk-custom-fields';
import { createAttachment, createComment, deleteAttachment, deleteComment, updateComment } from '../mutations/content';
import { createCollection, updateCollection } from '../mutations/collections';
import { createDependency, deleteDependency } from '../mutations/dependencies';
import { createTimeLog, deleteTimeLog, updateTimeLog } from '../mutations/time-logs';
import { connectionMutations } from './WrikeConnection';
import { eventMutations } from './Events';

/** Thin: each mutation is a write service in ../writes. */
export const Mutation: MutationResolvers = {
  createTicket: (_parent, { input }, ctx) => createTicket(ctx, input),
  updateTicket: (_parent, { input }, ctx) => updateTicket(ctx, input),
  deleteTicket: (_parent, { input }, ctx) => deleteTicket(ctx, input),
  updateTicketsCustomFields: (_parent, { input }, ctx) => updateTicketsCustomFields(ctx, input),
  createComment: (_parent, { input }, ctx) => createComment(ctx, input),
  updateComment: (_parent, { input }, ctx) => updateComment(ctx, input),
  deleteComment: (_parent, { input }, ctx) => deleteComment(ctx, input),
  createAttachment: (_parent, { input }, ctx) => createAttachment(ctx, input),
  deleteAttachment: (_parent, { input }, ctx) => deleteAttachment(ctx, input),
  createCollection: (_parent, { input }, ctx) => createCollection(ctx, input),
  updateCollection: (_parent, { input }, ctx) => updateCollection(ctx, input),
  createDependency: (_parent, { input }, ctx) => createDependency(ctx, input),
  deleteDependency: (_parent, { input }, ctx) => deleteDependency(ctx, input),
  createTimeLog: (_parent, { input }, ctx) => createTimeLog(ctx, input),
  updateTimeLog: (_parent, { input }, ctx) => updateTimeLog(ctx, input),
  deleteTimeLog: (_parent, { input }, ctx) => deleteTimeLog(ctx, input),
  ...connectionMutations,
  ...eventMutations,
};
