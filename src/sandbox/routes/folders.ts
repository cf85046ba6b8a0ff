import type { Router } from 'express';
import { routerFor, type SandboxContext } from '../context';
import { READ_SCOPES, allOrNotFound, paramsOf, parseId, parseIdList, pathParam, requireScope, respond } from '../context';
import { invalidParameter, notFound } from '../errors';
import { bool, list, obj, rejectUnknown, str, type RawParams } from '../params';
import { FOLDER_OPTIONAL_FIELDS, folderFullView, folderListView, folderTreeView, spaceView } from '../views';
import type { Folder } from '../model';

const FOLDER_QUERY_PARAMS = ['permalink', 'descendants', 'metadata', 'customField', 'updatedDate', 'project', 'deleted', 'contractTypes', 'fields'];
const TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/;

/** Folders, projects and spaces. Wrike does not page folders: every list comes whole. */
export function folderRoutes(ctx: SandboxContext): Router {
  const router = routerFor(ctx);
  const { store } = ctx;

  const filtered = (candidates: Folder[], params: RawParams): Folder[] => {
    const fields = list(params, 'fields') ?? [];
    for (const f of fields) if (!FOLDER_OPTIONAL_FIELDS.includes(f)) throw invalidParameter(`Unknown field '${f.slice(0, 40)}' in 'fields'`);
    const project = bool(params, 'project');
    const deleted = bool(params, 'deleted') ?? false;
    const permalink = str(params, 'permalink');
    const updated = obj(params, 'updatedDate');
    for (const key of ['start', 'end']) {
      const v = updated?.[key];
      if (v !== undefined && (typeof v !== 'string' || !TIMESTAMP.test(v))) throw invalidParameter(`Parameter 'updatedDate.${key}' must be yyyy-MM-ddTHH:mm:ssZ`);
    }
    return candidates.filter((f) => {
      if (f.scope === 'WsRoot' || f.scope === 'RbRoot') return false;
      if (deleted !== (f.scope === 'RbFolder')) return false;
      if (project !== undefined && project !== (f.project !== undefined)) return false;
      if (permalink !== undefined && f.permalink !== permalink) return false;
      if (updated?.start && f.updatedDate < String(updated.start)) return false;
      if (updated?.end && f.updatedDate > String(updated.end)) return false;
      return true;
    });
  };

  const listUnder = (rootId: string, params: RawParams) => {
    rejectUnknown(params, FOLDER_QUERY_PARAMS);
    const descendants = bool(params, 'descendants') ?? true;
    const ids = descendants ? store.folderDescendants(rootId) : (store.folders.get(rootId)?.childIds ?? []);
    const folders = ids.map((id) => store.folders.get(id) as Folder);
    const fields = list(params, 'fields') ?? [];
    return filtered(folders, params).map((f) => folderListView(f, fields));
  };

  router.get('/folders', (_req, res) => {
    requireScope(res, READ_SCOPES);
    const params = paramsOf(res);
    rejectUnknown(params, FOLDER_QUERY_PARAMS);
    const filters = Object.keys(params).filter((k) => !['access_token', 'method', 'state'].includes(k));
    if (filters.length === 0) {
      // Unfiltered: the whole tree, virtual Root and Recycle Bin included.
      return respond(res, 'folderTree', [...store.folders.values()].map(folderTreeView));
    }
    respond(res, 'folders', listUnder(store.account.rootFolderId, params));
  });

  router.get('/folders/:folderId/folders', (req, res) => {
    requireScope(res, READ_SCOPES);
    const id = parseId(pathParam(req, 'folderId'));
    if (!store.folders.has(id)) throw notFound(`Folder '${id}' not found`);
    respond(res, 'folders', listUnder(id, paramsOf(res)));
  });

  router.get('/spaces/:spaceId/folders', (req, res) => {
    requireScope(res, READ_SCOPES);
    const id = parseId(pathParam(req, 'spaceId'));
    if (!store.spaces.has(id)) throw notFound(`Space '${id}' not found`);
    respond(res, 'folders', listUnder(id, paramsOf(res)));
  });

  router.get('/folders/:ids', (req, res) => {
    requireScope(res, READ_SCOPES);
    rejectUnknown(paramsOf(res), ['fields']);
    const ids = parseIdList(pathParam(req, 'ids'));
    respond(res, 'folders', allOrNotFound(ids, (id) => store.folders.get(id), 'Folder').map(folderFullView));
  });

  router.get('/spaces', (_req, res) => {
    requireScope(res, READ_SCOPES);
    const params = paramsOf(res);
    rejectUnknown(params, ['withArchived', 'userIsMember', 'fields']);
    const withArchived = bool(params, 'withArchived') ?? false;
    const userIsMember = bool(params, 'userIsMember');
    const fields = list(params, 'fields') ?? [];
    const me = res.locals.grant.userId as string;
    const spaces = [...store.spaces.values()].filter(
      (s) => (withArchived || !s.archived) && (userIsMember === undefined || userIsMember === s.members.some((m) => m.id === me)),
    );
    respond(res, 'spaces', spaces.map((s) => spaceView(s, fields.includes('members'))));
  });

  router.get('/spaces/:spaceId', (req, res) => {
    requireScope(res, READ_SCOPES);
    rejectUnknown(paramsOf(res), ['fields']);
    const id = parseId(pathParam(req, 'spaceId'));
    const space = store.spaces.get(id);
    if (!space) throw notFound(`Space '${id}' not found`);
    respond(res, 'spaces', [spaceView(space, (list(paramsOf(res), 'fields') ?? []).includes('members'))]);
  });

  return router;
}
