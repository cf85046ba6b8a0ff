import type { MutationResolvers, QueryResolvers, SubscriptionResolvers, TicketEventResolvers, WrikeConnectionResolvers } from '../__generated__/resolvers-types';
import { requireEventFilterPlaces, ticketEventStream } from '../event-stream';
import { fullTicket } from '../ticket-source';
import { ticketPage } from '../ticket-lists';
import { taskById, userById } from '../lookups';
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
  changedFields: ({ message }) => message.changedFields,
  occurredAt: ({ message }) => message.occurredAt,
  raw: ({ message }) => message.raw,
  // Read now, through the event's own loaders: the ticket as it is after the change.
  ticket: async ({ message, scope }) => {
    if (!message.ticketId) return null;
    const task = await taskById(message.ticketId, (await scope()).loaders);
    return task ? fullTicket(task) : null;
  },
  author: async ({ message, scope }) => (message.authorId ? userById(message.authorId, (await scope()).loaders) : null),
};

export const WrikeConnection: WrikeConnectionResolvers = {
  webhook: async (connection, _args, ctx) => (await ctx.events.webhookOf(connection.id)) ?? null,
};

export const eventQueries: Pick<QueryResolvers, 'ticketChanges'> = {
  // Tickets by last update, oldest first, sub-tasks included: the tickets list walks this order by key.
  ticketChanges: (_parent, { since, first, after }, ctx, info) => ticketPage(
    ctx, info, { kind: 'account' },
    { filter: { updatedAfter: since, includeSubtasks: true }, orderBy: { field: 'UPDATED_AT', direction: 'ASC' }, first, after },
    'ticketChanges',
  ),
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
