import type { Router, Request, Response } from 'express';
import { routerFor, type SandboxContext } from '../context';
import { READ_SCOPES, WRITE_SCOPES, allOrNotFound, paramsOf, parseId, parseIdList, pathParam, requireScope, respond } from '../context';
import { badRequest, invalidParameter, notFound, parameterRequired } from '../errors';
import { bool, list, oneOf, rejectUnknown, str } from '../params';
import { WEBHOOK_EVENTS, validateHookUrl } from '../webhooks';
import type { Webhook } from '../model';

function view(hook: Webhook): Record<string, unknown> {
  const { secret: _secret, failures: _failures, ...rest } = hook;
  return rest;
}

/** Account, folder and space webhooks, with the synchronous secret handshake at creation and at re-enabling. */
export function webhookRoutes(ctx: SandboxContext): Router {
  const router = routerFor(ctx);
  const { store } = ctx;

  const create = (scope: { folderId?: string; spaceId?: string }) => async (_req: Request, res: Response) => {
    requireScope(res, WRITE_SCOPES);
    const params = paramsOf(res);
    rejectUnknown(params, ['hookUrl', 'secret', 'events', 'recursive']);
    const rawUrl = str(params, 'hookUrl');
    if (!rawUrl) throw parameterRequired('hookUrl');
    const hookUrl = validateHookUrl(rawUrl);
    const events = list(params, 'events');
    for (const e of events ?? []) if (!WEBHOOK_EVENTS.includes(e)) throw invalidParameter(`Unknown event '${e.slice(0, 40)}'`);
    const secret = str(params, 'secret');
    if (secret !== undefined && secret.length === 0) throw invalidParameter("Parameter 'secret' must not be empty");
    const recursive = bool(params, 'recursive') ?? false;
    if (secret && !(await ctx.webhooks.handshake(hookUrl, secret))) {
      throw badRequest('Webhook secret verification failed: the receiver did not answer the X-Hook-Secret challenge');
    }
    const hook: Webhook = {
      id: store.ids.classic('webhook'), accountId: store.account.id, ...scope, hookUrl, secret,
      events: events && events.length > 0 ? events : undefined, recursive, status: 'Active', failures: 0,
    };
    store.webhooks.set(hook.id, hook);
    respond(res, 'webhooks', [view(hook)]);
  };

  router.post('/webhooks', create({}));
  router.post('/folders/:folderId/webhooks', (req, res) => {
    const folderId = parseId(pathParam(req, 'folderId'));
    if (!store.folders.has(folderId)) throw notFound(`Folder '${folderId}' not found`);
    return create({ folderId })(req, res);
  });
  router.post('/spaces/:spaceId/webhooks', (req, res) => {
    const spaceId = parseId(pathParam(req, 'spaceId'));
    if (!store.spaces.has(spaceId)) throw notFound(`Space '${spaceId}' not found`);
    return create({ spaceId })(req, res);
  });

  router.get('/webhooks', (_req, res) => {
    requireScope(res, READ_SCOPES);
    rejectUnknown(paramsOf(res), []);
    respond(res, 'webhooks', [...store.webhooks.values()].map(view));
  });

  router.get('/webhooks/:ids', (req, res) => {
    requireScope(res, READ_SCOPES);
    rejectUnknown(paramsOf(res), []);
    const ids = parseIdList(pathParam(req, 'ids'));
    respond(res, 'webhooks', allOrNotFound(ids, (id) => store.webhooks.get(id), 'Webhook').map(view));
  });

  router.put('/webhooks/:id', async (req, res) => {
    requireScope(res, WRITE_SCOPES);
    const params = paramsOf(res);
    rejectUnknown(params, ['status']);
    const id = parseId(pathParam(req, 'id'));
    const hook = store.webhooks.get(id);
    if (!hook) throw notFound(`Webhook '${id}' not found`);
    const status = oneOf(params, 'status', ['Active', 'Suspended'] as const);
    if (!status) throw parameterRequired('status');
    // Re-enabling verifies the secret again, as creation does: the receiver must still hold it.
    if (status === 'Active' && hook.status !== 'Active' && hook.secret && !(await ctx.webhooks.handshake(hook.hookUrl, hook.secret))) {
      throw badRequest('Webhook secret verification failed: the receiver did not answer the X-Hook-Secret challenge');
    }
    hook.status = status;
    if (status === 'Active') hook.failures = 0;
    respond(res, 'webhooks', [view(hook)]);
  });

  router.delete('/webhooks/:id', (req, res) => {
    requireScope(res, WRITE_SCOPES);
    rejectUnknown(paramsOf(res), []);
    const id = parseId(pathParam(req, 'id'));
    if (!store.webhooks.delete(id)) throw notFound(`Webhook '${id}' not found`);
    respond(res, 'webhooks', []);
  });

  return router;
}

