import type { Router } from 'express';
import { routerFor, type SandboxContext } from '../context';
import { READ_SCOPES, WRITE_SCOPES, allOrNotFound, paramsOf, parseId, parseIdList, pathParam, requireScope, respond } from '../context';
import { invalidParameter, notFound, parameterRequired } from '../errors';
import { list, obj, oneOf, rejectUnknown, str } from '../params';
import type { CustomField } from '../model';

const TYPES = ['Text', 'DropDown', 'Numeric', 'Currency', 'Percentage', 'Date', 'Duration', 'Checkbox', 'Contacts', 'Multiple'] as const;

/** Custom-field definitions: list, by ids, create, update. */
export function customFieldRoutes(ctx: SandboxContext): Router {
  const router = routerFor(ctx);
  const { store } = ctx;

  const checkFolders = (ids: string[] | undefined, name: string) => {
    for (const id of ids ?? []) if (!store.folders.has(id)) throw invalidParameter(`Parameter '${name}': folder '${id.slice(0, 40)}' not found`);
    return ids ?? [];
  };

  router.get('/customfields', (_req, res) => {
    requireScope(res, READ_SCOPES);
    rejectUnknown(paramsOf(res), []);
    respond(res, 'customfields', [...store.customFields.values()]);
  });

  router.get('/customfields/:ids', (req, res) => {
    requireScope(res, READ_SCOPES);
    rejectUnknown(paramsOf(res), []);
    const ids = parseIdList(pathParam(req, 'ids'));
    respond(res, 'customfields', allOrNotFound(ids, (id) => store.customFields.get(id), 'Custom field'));
  });

  router.post('/customfields', (_req, res) => {
    requireScope(res, WRITE_SCOPES);
    const params = paramsOf(res);
    rejectUnknown(params, ['title', 'type', 'shareds', 'settings', 'spaceId']);
    const title = str(params, 'title');
    if (!title) throw parameterRequired('title');
    const type = oneOf(params, 'type', TYPES);
    if (!type) throw parameterRequired('type');
    const field: CustomField = {
      id: store.ids.classic('customField'), accountId: store.account.id, title, type,
      sharedIds: checkFolders(list(params, 'shareds'), 'shareds'),
      settings: { inheritanceType: 'All', ...(obj(params, 'settings') ?? {}) },
    };
    if (field.sharedIds.length === 0) field.sharedIds = [store.account.rootFolderId];
    store.customFields.set(field.id, field);
    respond(res, 'customfields', [field]);
  });

  router.put('/customfields/:id', (req, res) => {
    requireScope(res, WRITE_SCOPES);
    const params = paramsOf(res);
    rejectUnknown(params, ['title', 'type', 'addShareds', 'removeShareds', 'settings', 'changeScope']);
    const id = parseId(pathParam(req, 'id'));
    const field = store.customFields.get(id);
    if (!field) throw notFound(`Custom field '${id}' not found`);
    const title = str(params, 'title');
    if (title !== undefined && title.trim() === '') throw invalidParameter("Parameter 'title' must not be empty");
    const type = oneOf(params, 'type', TYPES);
    const add = checkFolders(list(params, 'addShareds'), 'addShareds');
    const remove = list(params, 'removeShareds') ?? [];
    const settings = obj(params, 'settings');
    if (title !== undefined) field.title = title;
    if (type) field.type = type;
    field.sharedIds = [...new Set([...field.sharedIds.filter((s) => !remove.includes(s)), ...add])];
    if (settings) field.settings = { ...field.settings, ...settings };
    respond(res, 'customfields', [field]);
  });

  return router;
}
