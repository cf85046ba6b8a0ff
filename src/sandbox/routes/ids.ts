import type { Router } from 'express';
import { routerFor, type SandboxContext } from '../context';
import { READ_SCOPES, paramsOf, requireScope, respond } from '../context';
import { invalidParameter, parameterRequired } from '../errors';
import { list, oneOf, rejectUnknown } from '../params';

const V2_TYPES = ['ApiV2Account', 'ApiV2User', 'ApiV2Folder', 'ApiV2Task', 'ApiV2Comment', 'ApiV2Attachment', 'ApiV2Timelog'] as const;

/**
 * GET /ids: API v2 ids (the number in a permalink, open.htm?id=…) to v4 ids. Tasks and folders carry v2 ids in the
 * sandbox (their permalink's number); other types convert nothing. Unknown ids are left out of the answer.
 */
export function idRoutes(ctx: SandboxContext): Router {
  const router = routerFor(ctx);
  const { store } = ctx;
  router.get('/ids', (_req, res) => {
    requireScope(res, READ_SCOPES);
    const params = paramsOf(res);
    rejectUnknown(params, ['ids', 'type']);
    const type = oneOf(params, 'type', V2_TYPES);
    if (type === undefined) throw parameterRequired('type');
    const ids = list(params, 'ids');
    if (ids === undefined) throw parameterRequired('ids');
    if (ids.length > 100) throw invalidParameter("Parameter 'ids' must hold at most 100 ids");
    for (const id of ids) if (!/^\d{1,18}$/.test(id)) throw invalidParameter(`Parameter 'ids': '${id.slice(0, 40)}' is not an API v2 id`);
    const entities = type === 'ApiV2Task' ? store.tasks.values() : type === 'ApiV2Folder' ? store.folders.values() : [];
    const byV2 = new Map<string, string>();
    const wanted = new Set(ids);
    for (const entity of entities) {
      const v2 = /[?&]id=(\d+)/.exec(entity.permalink)?.[1];
      if (v2 && wanted.has(v2)) byV2.set(v2, entity.id);
    }
    respond(res, 'apiV2Ids', ids.flatMap((v2) => (byV2.has(v2) ? [{ id: byV2.get(v2), apiV2Id: v2 }] : [])));
  });
  return router;
}
