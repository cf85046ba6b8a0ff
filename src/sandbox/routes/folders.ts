import type { Response, Router } from 'express';
import { routerFor, type SandboxContext } from '../context';
import { READ_SCOPES, WRITE_SCOPES, allOrNotFound, grantOf, paramsOf, parseId, parseIdList, pathParam, requireScope, respond } from '../context';
import { invalidParameter, notFound, parameterRequired } from '../errors';
import { TIMESTAMP, bool, int, list, obj, rejectUnknown, str, type RawParams } from '../params';
import { applyCustomFields, applyMetadata, parseCustomFields, parseMetadata, requireContacts } from '../task-writes';
import { wrikeTimestamp } from '../seed';
import type { ProjectInfo } from '../model';
import { FOLDER_OPTIONAL_FIELDS, folderFullView, folderListView, folderTreeView, spaceView } from '../views';
import type { Folder } from '../model';

/** The parameters that make a folder query a filtered one: Wrike then answers in "folders" mode. */
const FOLDER_FILTERS = ['permalink', 'metadata', 'customField', 'updatedDate', 'project', 'deleted', 'contractTypes'];
const FOLDER_QUERY_PARAMS = [...FOLDER_FILTERS, 'descendants', 'fields', 'pageSize', 'nextPageToken'];
/** An unpaged filtered folder query stops here without a word, as an unpaged task query does. */
const UNPAGED_CAP = 1000;

/**
 * Folders, projects and spaces. Folder queries come in Wrike's two modes. Unfiltered ("folder tree" mode): slim
 * entries (id, title, color, childIds, scope, project, space), `fields` ignored, never paged, the requested folder
 * or space itself listed first (GET /folders: every folder, virtual Root and Recycle Bin too). Filtered ("folders"
 * mode): full entries with the optional `fields`, the requested folder left out, paged when `pageSize` is sent (at
 * most 1000, a token that keeps the filters but not `fields`), cut at 1000 without a token when it is not.
 */
export function folderRoutes(ctx: SandboxContext): Router {
  const router = routerFor(ctx);
  const { store } = ctx;

  const matches = (params: RawParams): ((f: Folder) => boolean) => {
    const project = bool(params, 'project');
    const deleted = bool(params, 'deleted') ?? false;
    const permalink = str(params, 'permalink');
    const updated = obj(params, 'updatedDate');
    const metadata = obj(params, 'metadata');
    for (const key of ['start', 'end']) {
      const v = updated?.[key];
      if (v !== undefined && (typeof v !== 'string' || !TIMESTAMP.test(v))) throw invalidParameter(`Parameter 'updatedDate.${key}' must be yyyy-MM-ddTHH:mm:ssZ`);
    }
    return (f) => {
      if (f.scope === 'WsRoot' || f.scope === 'RbRoot') return false;
      if (deleted !== (f.scope === 'RbFolder')) return false;
      if (project !== undefined && project !== (f.project !== undefined)) return false;
      if (permalink !== undefined && f.permalink !== permalink) return false;
      if (updated?.start && f.updatedDate < String(updated.start)) return false;
      if (updated?.end && f.updatedDate > String(updated.end)) return false;
      if (metadata && !f.metadata.some((m) => m.key === metadata.key && (metadata.value === undefined || m.value === metadata.value))) return false;
      return true;
    };
  };

  /** The folders below `rootId` (every folder of the account when undefined), itself excluded. */
  const below = (rootId: string | undefined, descendants: boolean): Folder[] => {
    if (rootId === undefined) return [...store.folders.values()];
    const ids = descendants ? store.folderDescendants(rootId) : (store.folders.get(rootId)?.childIds ?? []);
    return ids.map((id) => store.folders.get(id) as Folder);
  };

  const listFolders = (scopeKey: string, rootId: string | undefined) => (res: Response) => {
    const params = paramsOf(res);
    rejectUnknown(params, FOLDER_QUERY_PARAMS);
    const fields = list(params, 'fields') ?? [];
    for (const f of fields) if (!FOLDER_OPTIONAL_FIELDS.includes(f)) throw invalidParameter(`Unknown field '${f.slice(0, 40)}' in 'fields'`);
    const token = str(params, 'nextPageToken');
    if (token !== undefined) {
      const page = ctx.pages.take(token, scopeKey);
      return sendPage(page.params, page.offset, page.pageSize);
    }
    const pageSize = int(params, 'pageSize', 1, 1000);
    if (!FOLDER_FILTERS.some((name) => params[name] !== undefined)) {
      const self = rootId === undefined ? [] : [store.folders.get(rootId) as Folder];
      const tree = rootId === undefined ? below(undefined, true) : [...self, ...below(rootId, bool(params, 'descendants') ?? true)];
      return respond(res, 'folderTree', tree.map(folderTreeView));
    }
    const { fields: _fields, pageSize: _pageSize, ...filters } = params;
    if (pageSize === undefined) {
      const folders = below(rootId, bool(filters, 'descendants') ?? true).filter(matches(filters)).slice(0, UNPAGED_CAP);
      return respond(res, 'folders', folders.map((f) => folderListView(f, fields)));
    }
    return sendPage(filters, 0, pageSize);

    function sendPage(filters: RawParams, offset: number, size: number) {
      // The query runs again at every page, as Wrike's does: a folder added between two pages is not lost.
      const folders = below(rootId, bool(filters, 'descendants') ?? true).filter(matches(filters));
      const extra: Record<string, unknown> = { responseSize: folders.length };
      if (offset + size < folders.length) extra.nextPageToken = ctx.pages.issue({ scope: scopeKey, params: filters, offset: offset + size, pageSize: size });
      respond(res, 'folders', folders.slice(offset, offset + size).map((f) => folderListView(f, fields)), extra);
    }
  };

  router.get('/folders', (_req, res) => {
    requireScope(res, READ_SCOPES);
    listFolders('folders', undefined)(res);
  });

  router.get('/folders/:folderId/folders', (req, res) => {
    requireScope(res, READ_SCOPES);
    const id = parseId(pathParam(req, 'folderId'));
    if (!store.folders.has(id)) throw notFound(`Folder '${id}' not found`);
    listFolders(`folders:${id}`, id)(res);
  });

  router.get('/spaces/:spaceId/folders', (req, res) => {
    requireScope(res, READ_SCOPES);
    const id = parseId(pathParam(req, 'spaceId'));
    if (!store.spaces.has(id)) throw notFound(`Space '${id}' not found`);
    listFolders(`spaces:${id}`, id)(res);
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
    ctx.webhooks.emit({ eventType: 'FolderCreated', eventAuthorId: grantOf(res).userId, folderId: id, folderIds: [id, parentId] });
    respond(res, 'folders', [folderFullView(folder)]);
  });

  router.put('/folders/:folderId', (req, res) => {
    requireScope(res, WRITE_SCOPES);
    const params = paramsOf(res);
    rejectUnknown(params, ['title', 'description', 'addParents', 'removeParents', 'addShareds', 'removeShareds', 'metadata', 'restore', 'customFields', 'customColumns', 'project', 'fields']);
    // Wrike takes these; the sandbox does not apply them, and answering 200 while ignoring them would be a lie.
    for (const name of NOT_IMPLEMENTED_FOLDER_UPDATES) {
      if (params[name] !== undefined) throw invalidParameter(`Parameter '${name}' is not supported by the sandbox`);
    }
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
    const before = { title: folder.title, description: folder.description, project: folder.project };
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
    // What Wrike reports of it, one event per kind of change.
    const events: [string, Record<string, unknown>][] = [];
    if (folder.title !== before.title) events.push(['FolderTitleChanged', { oldValue: before.title, title: folder.title }]);
    if (folder.description !== before.description) events.push(['FolderDescriptionChanged', {}]);
    if (customFields) for (const f of customFields) events.push(['FolderCustomFieldChanged', { customFieldId: f.id, value: f.value }]);
    const [was, now] = [before.project, folder.project];
    if (was && now) {
      if (was.status !== now.status) events.push(['ProjectStatusChanged', { oldStatus: was.status, status: now.status }]);
      if (was.startDate !== now.startDate || was.endDate !== now.endDate) events.push(['ProjectDatesChanged', { startDate: now.startDate, endDate: now.endDate }]);
      const added = now.ownerIds.filter((o) => !was.ownerIds.includes(o));
      const removed = was.ownerIds.filter((o) => !now.ownerIds.includes(o));
      if (added.length > 0) events.push(['ProjectOwnersAdded', { addedOwners: added }]);
      if (removed.length > 0) events.push(['ProjectOwnersRemoved', { removedOwners: removed }]);
    }
    for (const [eventType, extra] of events) {
      ctx.webhooks.emit({ eventType, eventAuthorId: grantOf(res).userId, folderId: id, folderIds: [id, ...folder.parentIds], extra });
    }
    respond(res, 'folders', [folderFullView(folder)]);
  });

  return router;
}

/** Folder update parameters Wrike documents that the sandbox refuses rather than ignore. */
const NOT_IMPLEMENTED_FOLDER_UPDATES = ['addParents', 'removeParents', 'addShareds', 'removeShareds', 'restore', 'customColumns'];

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
