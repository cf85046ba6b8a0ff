import type { Router } from 'express';
import { routerFor, type SandboxContext } from '../context';
import { READ_SCOPES, allOrNotFound, grantOf, paramsOf, parseId, parseIdList, pathParam, requireScope, respond } from '../context';
import { notFound } from '../errors';
import { bool, list, rejectUnknown } from '../params';
import { contactView } from '../views';

/** Contacts, users, groups and access roles. */
export function peopleRoutes(ctx: SandboxContext): Router {
  const router = routerFor(ctx);
  const { store } = ctx;

  router.get('/contacts', (_req, res) => {
    requireScope(res, READ_SCOPES);
    const params = paramsOf(res);
    rejectUnknown(params, ['me', 'deleted', 'metadata', 'fields', 'types']);
    const me = bool(params, 'me');
    const deleted = bool(params, 'deleted');
    const types = list(params, 'types');
    const caller = grantOf(res).userId;
    const contacts = [...store.contacts.values()].filter(
      (c) => (me !== true || c.id === caller) && (deleted === undefined || c.deleted === deleted) && (!types || types.includes(c.type)),
    );
    respond(res, 'contacts', contacts.map((c) => contactView(c, caller)));
  });

  router.get('/contacts/:ids', (req, res) => {
    requireScope(res, READ_SCOPES);
    rejectUnknown(paramsOf(res), ['fields', 'metadata']);
    const ids = parseIdList(pathParam(req, 'ids'));
    const caller = grantOf(res).userId;
    respond(res, 'contacts', allOrNotFound(ids, (id) => store.contacts.get(id), 'Contact').map((c) => contactView(c, caller)));
  });

  router.get('/users/:id', (req, res) => {
    requireScope(res, ['amReadOnlyUser', 'amReadWriteUser']);
    rejectUnknown(paramsOf(res), []);
    const id = parseId(pathParam(req, 'id'));
    const user = store.contacts.get(id);
    if (!user || user.type !== 'Person') throw notFound(`User '${id}' not found`);
    respond(res, 'users', [contactView(user, grantOf(res).userId)]);
  });

  router.get('/groups', (_req, res) => {
    requireScope(res, ['amReadOnlyGroup', 'amReadWriteGroup']);
    rejectUnknown(paramsOf(res), ['metadata', 'fields']);
    respond(res, 'groups', [...store.groups.values()]);
  });

  router.get('/groups/:id', (req, res) => {
    requireScope(res, ['amReadOnlyGroup', 'amReadWriteGroup']);
    rejectUnknown(paramsOf(res), ['fields']);
    const id = parseId(pathParam(req, 'id'));
    const group = store.groups.get(id);
    if (!group) throw notFound(`Group '${id}' not found`);
    respond(res, 'groups', [group]);
  });

  router.get('/access_roles', (_req, res) => {
    requireScope(res, ['amReadOnlyAccessRole']);
    rejectUnknown(paramsOf(res), []);
    respond(res, 'accessRoles', [...store.accessRoles.values()]);
  });

  router.get('/account', (_req, res) => {
    requireScope(res, READ_SCOPES);
    rejectUnknown(paramsOf(res), ['fields']);
    respond(res, 'accounts', [store.account]);
  });

  router.get('/version', (_req, res) => {
    rejectUnknown(paramsOf(res), []);
    respond(res, 'version', [{ major: 4, minor: 0 }]);
  });

  router.get('/workflows', (_req, res) => {
    // Sources disagree (Default/ws* in the 2020 method list, amReadOnlyWorkflow in its scope list): the strictest.
    requireScope(res, ['amReadOnlyWorkflow', 'amReadWriteWorkflow']);
    rejectUnknown(paramsOf(res), []);
    respond(res, 'workflows', [...store.workflows.values()]);
  });

  return router;
}

