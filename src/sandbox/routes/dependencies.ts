import type { Router } from 'express';
import { routerFor, type SandboxContext } from '../context';
import { READ_SCOPES, WRITE_SCOPES, allOrNotFound, paramsOf, parseId, parseIdList, pathParam, requireScope, respond } from '../context';
import { invalidParameter, notFound, parameterRequired } from '../errors';
import { oneOf, rejectUnknown, str } from '../params';
import { RELATION_TYPES, type Task } from '../model';

/** Task dependencies: listed per task or by id (≤100), created from either end, retyped, deleted. */
export function dependencyRoutes(ctx: SandboxContext): Router {
  const router = routerFor(ctx);
  const { store } = ctx;
  const liveTask = (id: string, name = 'Task'): Task => {
    const task = store.tasks.get(id);
    if (!task || task.scope !== 'WsTask') throw notFound(`${name} '${id.slice(0, 40)}' not found`);
    return task;
  };

  router.get('/tasks/:taskId/dependencies', (req, res) => {
    requireScope(res, READ_SCOPES);
    rejectUnknown(paramsOf(res), []);
    const task = liveTask(parseId(pathParam(req, 'taskId')));
    respond(res, 'dependencies', task.dependencyIds.map((id) => store.dependencies.get(id)!));
  });

  router.get('/dependencies/:ids', (req, res) => {
    requireScope(res, READ_SCOPES);
    rejectUnknown(paramsOf(res), []);
    const ids = parseIdList(pathParam(req, 'ids'));
    respond(res, 'dependencies', allOrNotFound(ids, (id) => store.dependencies.get(id), 'Dependency'));
  });

  router.post('/tasks/:taskId/dependencies', (req, res) => {
    requireScope(res, WRITE_SCOPES);
    const params = paramsOf(res);
    rejectUnknown(params, ['predecessorId', 'successorId', 'relationType']);
    const task = liveTask(parseId(pathParam(req, 'taskId')));
    const predecessor = str(params, 'predecessorId');
    const successor = str(params, 'successorId');
    if ((predecessor === undefined) === (successor === undefined)) throw invalidParameter("Send exactly one of 'predecessorId' and 'successorId'");
    const relationType = oneOf(params, 'relationType', RELATION_TYPES);
    if (relationType === undefined) throw parameterRequired('relationType');
    const other = liveTask(parseId(predecessor ?? successor!), predecessor ? 'Predecessor' : 'Successor');
    if (other.id === task.id) throw invalidParameter('A task cannot depend on itself');
    const [predecessorId, successorId] = predecessor ? [other.id, task.id] : [task.id, other.id];
    const exists = [...store.dependencies.values()].some((d) => d.predecessorId === predecessorId && d.successorId === successorId);
    if (exists) throw invalidParameter('These tasks already depend on each other');
    const dependency = { id: store.ids.dependency(), predecessorId, successorId, relationType };
    store.dependencies.set(dependency.id, dependency);
    task.dependencyIds.push(dependency.id);
    other.dependencyIds.push(dependency.id);
    respond(res, 'dependencies', [dependency]);
  });

  router.put('/dependencies/:id', (req, res) => {
    requireScope(res, WRITE_SCOPES);
    const params = paramsOf(res);
    rejectUnknown(params, ['relationType']);
    const dependency = store.dependencies.get(parseId(pathParam(req, 'id')));
    if (!dependency) throw notFound('Dependency not found');
    const relationType = oneOf(params, 'relationType', RELATION_TYPES);
    if (relationType === undefined) throw parameterRequired('relationType');
    dependency.relationType = relationType;
    respond(res, 'dependencies', [dependency]);
  });

  router.delete('/dependencies/:id', (req, res) => {
    requireScope(res, WRITE_SCOPES);
    rejectUnknown(paramsOf(res), []);
    const id = parseId(pathParam(req, 'id'));
    const dependency = store.dependencies.get(id);
    if (!dependency) throw notFound(`Dependency '${id}' not found`);
    store.dependencies.delete(id);
    for (const taskId of [dependency.predecessorId, dependency.successorId]) {
      const task = store.tasks.get(taskId);
      if (task) task.dependencyIds = task.dependencyIds.filter((d) => d !== id);
    }
    respond(res, 'dependencies', []);
  });

  return router;
}
