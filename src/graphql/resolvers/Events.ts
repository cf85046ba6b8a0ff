import type {
  MutationResolvers, QueryResolvers, SubscriptionResolvers, TicketEventResolvers, TicketTombstoneResolvers, WrikeConnectionResolvers,
} from '../__generated__/resolvers-types';
import { requireEventFilterPlaces, ticketEventStream } from '../event-stream';
import { fullTicket } from '../ticket-source';
import { ticketChangesPage } from '../ticket-changes';
import { commentChangesPage } from '../comment-changes';
import { taskById, userById } from '../lookups';
import { ticketVisible } from '../scope';
import { isWrikeId } from '../../wrike/ids';
import { requireIds } from '../ids';
import { userError } from '../errors';
import { WrikeError } from '../../wrike/errors';
import { ConnectionAccessError } from '../../connections/manager';

export const Subscription: SubscriptionResolvers = {
  ticketEvents: {
    subscribe: async (_parent, { filter }, ctx) => {
      if (!ctx.connectionId) throw userError('BAD_USER_INPUT', 'Send X-Connection-Id in the connection_init payload to choose a Wrike connection');
      requireIds(filter?.ticketIds ?? undefined, 'filter.ticketIds');
      requireIds(filter?.collectionIds ?? undefined, 'filter.collectionIds');
      requireIds(filter?.workspaceIds ?? undefined, 'filter.workspaceIds');
      await requireEventFilterPlaces(ctx, filter ?? {});
      return ticketEventStream(ctx, filter ?? {}, ctx.freshContext ?? (async () => ctx));
    },
  },
};

export const TicketEvent: TicketEventResolvers = {
  type: ({ message }) => message.type,
  wrikeEventType: ({ message }) => message.wrikeEventType,
  ticketId: ({ message }) => message.ticketId,
  occurredAt: ({ message }) => message.occurredAt,
  // A ticket gone from a limited connection's spaces: nothing of what happened to it outside.
  raw: ({ message, gone }) => (gone ? { eventType: message.wrikeEventType, taskId: message.ticketId } : message.raw),
  changedFields: ({ message, gone }) => (gone ? [] : message.changedFields),
  // Read now, through the event's own loaders: the ticket as it is after the change.
  ticket: async ({ message, scope, gone }) => {
    if (!message.ticketId || gone) return null;
    const task = await taskById(message.ticketId, (await scope()).loaders);
    return task ? fullTicket(task) : null;
  },
  author: async ({ message, scope }) => (message.authorId ? userById(message.authorId, (await scope()).loaders) : null),
  deleted: ({ message, gone }) => message.type === 'DELETED' || gone === true,
  commentId: ({ message, gone }) => (gone ? null : commentIdOf(message.raw)),
  // Read now: null once deleted; on a limited connection, null unless its ticket is inside the spaces.
  comment: async ({ message, scope, gone }) => {
    const id = gone ? null : commentIdOf(message.raw);
    if (!id) return null;
    const ctx = await scope();
    const comment = await ctx.loaders.comments.load(id);
    if (!comment) return null;
    if (comment.taskId && !(await ticketVisible(ctx, comment.taskId))) return null;
    return comment;
  },
};

export const TicketTombstone: TicketTombstoneResolvers = {
  deleted: () => true,
};

/** The comment id Wrike's CommentAdded/CommentDeleted event carries, if it is one. */
function commentIdOf(raw: unknown): string | null {
  const id = raw && typeof raw === 'object' ? (raw as { commentId?: unknown }).commentId : undefined;
  return typeof id === 'string' && isWrikeId(id) ? id : null;
}

export const WrikeConnection: WrikeConnectionResolvers = {
  webhook: async (connection, _args, ctx) => (await ctx.events.webhookOf(connection.id)) ?? null,
};

export const eventQueries: Pick<QueryResolvers, 'ticketChanges' | 'commentChanges'> = {
  // Tickets by last update, oldest first, sub-tasks included, with tombstones for those gone.
  ticketChanges: (_parent, { since, first, after }, ctx, info) => ticketChangesPage(ctx, info, { since, first, after }),
  commentChanges: (_parent, { since, first, after }, ctx) => commentChangesPage(ctx, { since, first, after }),
};

export const eventMutations: Pick<MutationResolvers, 'enableWrikeWebhook'> = {
  enableWrikeWebhook: async (_parent, { input }, ctx) => {
    try {
      const live = await ctx.connections.resolve(ctx.tenantId, input.connectionId);
      return { webhook: await ctx.events.registrar.enable(input.connectionId, live), userErrors: [] };
    } catch (error) {
      if (error instanceof ConnectionAccessError) return { webhook: null, userErrors: [{ field: ['input', 'connectionId'], message: 'No such connection', code: 'NOT_FOUND' }] };
      if (error instanceof WrikeError && error.kind === 'bad_request') return { webhook: null, userErrors: [{ field: ['input', 'connectionId'], message: error.message, code: 'WRIKE_REFUSED' }] };
      throw error;
    }
  },
};
