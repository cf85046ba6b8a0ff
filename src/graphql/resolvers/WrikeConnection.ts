import type { MutationResolvers, QueryResolvers, UserError } from '../__generated__/resolvers-types';
import { WrikeError } from '../../wrike/errors';
import { isWrikeId } from '../../wrike/ids';
import { getSpaces } from '../../wrike/endpoints';
import { ConnectionAccessError, LinkRefusedError, UnknownWorkspaceError } from '../../connections/manager';

/** The connections admin: each tenant sees and changes only its own linked accounts. */
export const connectionQueries: Pick<QueryResolvers, 'connections' | 'connection'> = {
  connections: (_parent, _args, ctx) => ctx.connections.list(ctx.tenantId),
  connection: async (_parent, { id }, ctx) => (await ctx.connections.view(ctx.tenantId, id)) ?? null,
};

const TOKEN = /^[\x21-\x7e]{8,4096}$/;

/** 1 to 100 Wrike ids, each once; null (or left out): the whole account. */
function workspaceIdsInput(ids: readonly string[] | null | undefined, field: string[]): { ids: string[] | null; problem?: UserError } {
  if (ids === null || ids === undefined) return { ids: null };
  const unique = [...new Set(ids)];
  if (unique.length === 0 || unique.length > 100) return { ids: null, problem: { field, message: 'Give 1 to 100 space ids, or null for the whole account', code: 'INVALID_VALUE' } };
  if (!unique.every(isWrikeId)) return { ids: null, problem: { field, message: 'Not a valid Wrike id', code: 'INVALID_ID' } };
  return { ids: unique };
}

const unknownWorkspace = (error: UnknownWorkspaceError, field: string[]): UserError => ({ field, message: error.message, code: 'NOT_FOUND' });

export const connectionMutations: Pick<MutationResolvers, 'connectWrikeWithToken' | 'disconnectWrike' | 'setConnectionWorkspaces'> = {
  connectWrikeWithToken: async (_parent, { input }, ctx) => {
    if (!TOKEN.test(input.token)) return { connection: null, userErrors: [{ field: ['input', 'token'], message: 'Not a Wrike token', code: 'INVALID_VALUE' }] };
    const workspaces = workspaceIdsInput(input.workspaceIds, ['input', 'workspaceIds']);
    if (workspaces.problem) return { connection: null, userErrors: [workspaces.problem] };
    try {
      const host = input.host?.trim().toLowerCase() || undefined;
      return { connection: await ctx.connections.connectWithToken(ctx.tenantId, input.token, host, workspaces.ids), userErrors: [] };
    } catch (error) {
      if (error instanceof UnknownWorkspaceError) return { connection: null, userErrors: [unknownWorkspace(error, ['input', 'workspaceIds'])] };
      if (error instanceof LinkRefusedError && error.field === 'host') return { connection: null, userErrors: [{ field: ['input', 'host'], message: error.message, code: 'INVALID_VALUE' }] };
      // The token: refused by our check of Wrike's answer, or by Wrike itself (401, 403).
      const refused = error instanceof LinkRefusedError || (error instanceof WrikeError && ['unauthorized', 'needs_reauth', 'forbidden'].includes(error.kind));
      if (!refused) throw error;
      const message = input.host ? 'Wrike did not accept this token for this host' : 'No Wrike data center accepted this token';
      return { connection: null, userErrors: [{ field: ['input', 'token'], message, code: 'WRIKE_REFUSED' }] };
    }
  },
  setConnectionWorkspaces: async (_parent, { input }, ctx) => {
    const field = ['input', 'workspaceIds'];
    const workspaces = workspaceIdsInput(input.workspaceIds, field);
    if (workspaces.problem) return { connection: null, userErrors: [workspaces.problem] };
    const missing = { connection: null, userErrors: [{ field: ['input', 'connectionId'], message: 'No such connection', code: 'NOT_FOUND' }] };
    try {
      // The account's spaces, read with the connection itself: it can be limited only to spaces it has.
      const spaceIds = async () => (await getSpaces((await ctx.connections.resolve(ctx.tenantId, input.connectionId)).client)).map((s) => s.id);
      const connection = await ctx.connections.setWorkspaces(ctx.tenantId, input.connectionId, workspaces.ids, spaceIds);
      if (!connection) return missing;
      // Its webhooks follow the scope (one per space, or one for the account); a failure shows in webhook.status
      // and the periodic check tries again.
      if (ctx.events.registrar.enabled && (await ctx.events.webhookOf(connection.id))) {
        await ctx.events.registrar.enable(connection.id, await ctx.connections.resolve(ctx.tenantId, connection.id)).catch(() => undefined);
      }
      return { connection, userErrors: [] };
    } catch (error) {
      if (error instanceof UnknownWorkspaceError) return { connection: null, userErrors: [unknownWorkspace(error, field)] };
      if (error instanceof ConnectionAccessError) return missing;
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
