import type { QueryResolvers } from '../__generated__/resolvers-types';
import { convertLegacyIds } from '../../wrike/endpoints';
import { LEGACY_ID_TYPES, legacyIdOf } from '../../wrike/permalinks';
import { fullTicket } from '../ticket-source';
import { taskById } from '../lookups';
import { userError } from '../errors';
import { allVisible, type ScopedKind } from '../scope';

/** What each legacy id type names, for the scope (accounts and users lie in no space). */
const SCOPED_KIND: Record<keyof typeof LEGACY_ID_TYPES, ScopedKind | undefined> = {
  ACCOUNT: undefined, USER: undefined, FOLDER: 'folder', TASK: 'task', COMMENT: 'comment', ATTACHMENT: 'attachment', TIMELOG: 'timelog',
};

/** Ids users already have: Wrike links and API v2 ids, through Wrike's `GET /ids`. */
export const idQueries: Pick<QueryResolvers, 'ticketByPermalink' | 'idsFromLegacy'> = {
  ticketByPermalink: async (_parent, { url }, { wrike, loaders }) => {
    const legacyId = legacyIdOf(url);
    if (!legacyId) throw userError('BAD_USER_INPUT', 'url is not a Wrike link (https://www.wrike.com/open.htm?id=…) or the number in one', { argumentName: 'url' });
    const [found] = await convertLegacyIds(wrike, LEGACY_ID_TYPES.TASK, [legacyId]);
    const task = found ? await taskById(found.id, loaders) : null;
    return task ? fullTicket(task) : null;
  },
  idsFromLegacy: async (_parent, { type, legacyIds }, ctx) => {
    if (legacyIds.length > 100) throw userError('BAD_USER_INPUT', 'legacyIds holds at most 100 ids', { argumentName: 'legacyIds' });
    const ids = legacyIds.map((id) => legacyIdOf(id));
    if (ids.some((id) => id === undefined || !/^\d+$/.test(id))) throw userError('BAD_USER_INPUT', 'legacyIds holds numbers only (API v2 ids)', { argumentName: 'legacyIds' });
    if (ids.length === 0) return [];
    const found = await convertLegacyIds(ctx.wrike, LEGACY_ID_TYPES[type], ids as string[]);
    // On a connection limited to some spaces, an id outside them is left out, as an id Wrike does not know is.
    const kind = SCOPED_KIND[type];
    const visible = await Promise.all(found.map((mapping) => (kind ? allVisible(ctx, kind, [mapping.id]) : true)));
    return found.filter((_m, k) => visible[k]).map((mapping) => ({ legacyId: mapping.apiV2Id, id: mapping.id }));
  },
};
