import type { Router } from 'express';
import { routerFor, type SandboxContext } from '../context';
import { READ_SCOPES, WRITE_SCOPES, allOrNotFound, grantOf, paramsOf, parseId, parseIdList, pathParam, requireScope, respond } from '../context';
import { invalidParameter, notFound, parameterRequired } from '../errors';
import { TIMESTAMP, bool, list, obj, rejectUnknown, str, type RawParams } from '../params';
import { applyCustomFields, applyMetadata, parseCustomFields, parseMetadata, requireContacts } from '../task-writes';
import { wrikeTimestamp } from '../seed';
import type { ProjectInfo } from '../model';
import { FOLDER_OPTIONAL_FIELDS, folderFullView, folderListView, folderTreeView, spaceView } from '../views';
import type { Folder } from '../model';

const FOLDER_QUERY_PARAMS = ['permalink', 'descendants', 'metadata', 'customField', 'updatedDate', 'project', 'deleted', 'contractTypes', 'fields'];

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
    const metadata = obj(params, 'metadata');
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
      if (metadata && !f.metadata.some((m) => m.key === metadata.key && (metadata.value === undefined || m.value === metadata.value))) return false;
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

  router.post('/folders/:folderId/folders', (req, res) => {
    requireScope(res, WRITE_SCOPES);
    const params = paramsOf(res);
    rejectUnknown(params, ['title', 'description', 'shareds', 'metadata', 'customFields', 'customColumns', 'project', 'fields']);
    const parentId = parseId(pathParam(req, 'folderId'));
    const parent = store.folders.get(parentId);
    if (!parent) throw notFound(`Folder '${parentId}' not found`);
    if (parent.scope === 'RbRoot' || parent.scope === 'RbFolder') throw invalidParameter('A folder cannot be created in the Recycle Bin');
    const title = str(params, 'title');
    if (title === undefined) throw parameterRequired('title');
    if (title.trim() === '') throw invalidParameter("Parameter 'title' must not be empty");
    const shareds = requireContacts(store, list(params, 'shareds'), 'shareds');
    const customFields = parseCustomFields(store, params, [parentId]) ?? [];
    const metadata = applyMetadata([], parseMetadata(params) ?? []);
    const projectRaw = obj(params, 'project');
    requireContacts(store, Array.isArray(projectRaw?.ownerIds) ? projectRaw.ownerIds.map(String) : undefined, 'project.ownerIds');
    const project = parseProject(projectRaw, grantOf(res).userId);
    const now = wrikeTimestamp(ctx.now());
    const id = store.ids.classic('folder');
    const folder: Folder = {
      id, accountId: store.account.id, title, createdDate: now, updatedDate: now, description: str(params, 'description') ?? '',
      briefDescription: '', color: 'None', sharedIds: [...new Set([grantOf(res).userId, ...shareds])], parentIds: [parentId], childIds: [],
      superParentIds: [parentId, ...store.folderAncestors(parentId)].filter((f) => f !== store.account.rootFolderId),
      scope: 'WsFolder', hasAttachments: false, attachmentCount: 0, permalink: store.nextPermalink(), workflowId: parent.workflowId,
      metadata, customFields: applyCustomFields([], customFields), customColumnIds: [], project, space: false,
    };
    store.folders.set(id, folder);
    parent.childIds.push(id);
    respond(res, 'folders', [folderFullView(folder)]);
  });

  router.put('/folders/:folderId', (req, res) => {
    requireScope(res, WRITE_SCOPES);
    const params = paramsOf(res);
    rejectUnknown(params, ['title', 'description', 'addParents', 'removeParents', 'addShareds', 'removeShareds', 'metadata', 'restore', 'customFields', 'customColumns', 'project', 'fields']);
    const id = parseId(pathParam(req, 'folderId'));
    const folder = store.folders.get(id);
    if (!folder || folder.scope !== 'WsFolder') throw notFound(`Folder '${id}' not found`);
    const title = str(params, 'title');
    if (title !== undefined && title.trim() === '') throw invalidParameter("Parameter 'title' must not be empty");
    const customFields = parseCustomFields(store, params, [id]);
    const metadata = parseMetadata(params);
    const projectPatch = params.project === 'null' ? null : obj(params, 'project');
    const owners = projectPatch ? {
      add: requireContacts(store, list(projectPatch as RawParams, 'ownersAdd'), 'project.ownersAdd'),
      remove: list(projectPatch as RawParams, 'ownersRemove') ?? [],
    } : undefined;
    if (title !== undefined) folder.title = title;
    const description = str(params, 'description');
    if (description !== undefined) folder.description = description;
    if (customFields) folder.customFields = applyCustomFields(folder.customFields, customFields);
    if (metadata) folder.metadata = applyMetadata(folder.metadata, metadata);
    if (projectPatch === null) folder.project = undefined;
    else if (projectPatch) {
      const current = folder.project ?? parseProject({}, grantOf(res).userId) as ProjectInfo;
      const ownerIds = [...new Set([...current.ownerIds.filter((o) => !owners!.remove.includes(o)), ...owners!.add])];
      folder.project = { ...current, ...pickProjectScalars(projectPatch), ownerIds };
    }
    folder.updatedDate = wrikeTimestamp(ctx.now());
    respond(res, 'folders', [folderFullView(folder)]);
  });

  return router;
}

const PROJECT_STATUSES = ['Green', 'Yellow', 'Red', 'Completed', 'OnHold', 'Cancelled'];
const DAY = /^\d{4}-\d{2}-\d{2}$/;

function pickProjectScalars(raw: Record<string, unknown>): Partial<ProjectInfo> {
  const out: Partial<ProjectInfo> = {};
  if (raw.status !== undefined) {
    if (!PROJECT_STATUSES.includes(String(raw.status))) throw invalidParameter("Parameter 'project.status' is invalid");
    out.status = raw.status as ProjectInfo['status'];
  }
  for (const key of ['startDate', 'endDate'] as const) {
    if (raw[key] === undefined) continue;
    if (typeof raw[key] !== 'string' || !DAY.test(raw[key] as string)) throw invalidParameter(`Parameter 'project.${key}' must be yyyy-MM-dd`);
    out[key] = raw[key] as string;
  }
  if (out.startDate && out.endDate && out.startDate > out.endDate) throw invalidParameter("Parameter 'project': startDate is after endDate");
  return out;
}

/** `project` on create: {ownerIds, status, startDate, endDate}; absent means a plain folder. */
function parseProject(raw: Record<string, unknown> | undefined, authorId: string): ProjectInfo | undefined {
  if (!raw) return undefined;
  const ownerIds = Array.isArray(raw.ownerIds) ? raw.ownerIds.map(String) : [];
  return {
    authorId, ownerIds: ownerIds.length > 0 ? ownerIds : [authorId], status: 'Green', createdDate: wrikeTimestamp(Date.now()),
    ...pickProjectScalars(raw),
  };
}
