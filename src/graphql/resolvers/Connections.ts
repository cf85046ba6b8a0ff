import type { MutationResolvers, QueryResolvers } from '../__generated__/resolvers-types';
import { WrikeError } from '../../wrike/errors';

/** The connections admin: each tenant sees and changes only its own linked accounts. */
export const connectionQueries: Pick<QueryResolvers, 'connections' | 'connection'> = {
  connections: (_parent, _args, ctx) => ctx.connections.list(ctx.tenantId),
  connection: async (_parent, { id }, ctx) => (await ctx.connections.view(ctx.tenantId, id)) ?? null,
};

const TOKEN = /^[\x21-\x7e]{8,4096}$/;

export const connectionMutations: Pick<MutationResolvers, 'connectWrikeWithToken' | 'disconnectWrike'> = {
  connectWrikeWithToken: async (_parent, { input }, ctx) => {
    if (!TOKEN.test(input.token)) return { connection: null, userErrors: [{ field: ['input', 'token'], message: 'Not a Wrike token', code: 'INVALID_VALUE' }] };
    try {
      const host = input.host?.trim().toLowerCase() || undefined;
      return { connection: await ctx.connections.connectWithToken(ctx.tenantId, input.token, host), userErrors: [] };
    } catch (error) {
      if (!(error instanceof WrikeError)) throw error;
      if (error.kind === 'bad_request') return { connection: null, userErrors: [{ field: ['input', 'host'], message: error.message, code: 'INVALID_VALUE' }] };
      if (error.kind === 'unauthorized' || error.kind === 'needs_reauth' || error.kind === 'forbidden') {
        const message = input.host ? 'Wrike did not accept this token for this host' : 'No Wrike data center accepted this token';
        return { connection: null, userErrors: [{ field: ['input', 'token'], message, code: 'WRIKE_REFUSED' }] };
      }
      throw error;
    }
  },
  disconnectWrike: async (_parent, { input }, ctx) => {
    const removed = await ctx.connections.disconnect(ctx.tenantId, input.id);
    return removed
      ? { disconnectedId: input.id, userErrors: [] }
      : { disconnectedId: null, userErrors: [{ field: ['input', 'id'], message: 'No such connection', code: 'NOT_FOUND' }] };
  },
};
