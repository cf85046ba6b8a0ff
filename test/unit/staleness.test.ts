import { dropAfterEvent, dropStale, routeOf, staleAfterEvent, staleAfterWrite } from '../../src/wrike/staleness';
import { ConnectionCache, MemoryCacheStore } from '../../src/wrike/cache';
import { Coalescer } from '../../src/wrike/coalesce';
import { nextMoment } from '../../src/wrike/moments';
import { WrikeClient, permanentTokenCredentials } from '../../src/wrike/client';
import { LocalBudget } from '../../src/wrike/budget';
import { RoundScheduler, trackedCaller } from '../../src/wrike/rounds';
import { updateTask } from '../../src/wrike/endpoints';
import { startSandbox } from '../helpers/sandbox';

describe('what a write or an event makes stale (pure rules)', () => {
  it('names routes as the client sends them', () => {
    expect(routeOf('PUT', '/tasks/A,B')).toEqual({ route: 'PUT /tasks/:ids', ids: ['A', 'B'] });
    expect(routeOf('DELETE', '/tasks/A')).toEqual({ route: 'DELETE /tasks/:id', ids: ['A'] });
    expect(routeOf('POST', '/folders/F/tasks')).toEqual({ route: 'POST /folders/:folderId/tasks', ids: ['F'] });
    expect(routeOf('POST', '/tasks/T/dependencies')).toEqual({ route: 'POST /tasks/:taskId/dependencies', ids: ['T'] });
    expect(routeOf('POST', '/customfields')).toEqual({ route: 'POST /customfields', ids: [] });
  });

  it('a dependency: both ends, from the parameters on creation and from what was read before on deletion', () => {
    expect(staleAfterWrite('POST', '/tasks/S/dependencies', { predecessorId: 'P', relationType: 'FinishToStart' }, [{ id: 'D', predecessorId: 'P', successorId: 'S' }]).task)
      .toEqual(expect.arrayContaining(['P', 'S']));
    expect(staleAfterWrite('DELETE', '/dependencies/D', undefined, [], [{ id: 'D', predecessorId: 'P', successorId: 'S' }]).task?.sort()).toEqual(['P', 'S']);
  });

  it('a moved task: its whole sub-tree; a renamed one: only itself', () => {
    expect(staleAfterWrite('PUT', '/tasks/T', { addParents: ['F2'], removeParents: ['F1'] }, [{ id: 'T', subTaskIds: ['C'] }]).subtreesOf).toEqual(['T']);
    expect(staleAfterWrite('PUT', '/tasks/T', { title: 'x' }, [{ id: 'T', subTaskIds: ['C'] }]).subtreesOf).toEqual([]);
  });

  it('a deleted sub-task: its parents, from the model read before (Wrike\'s answer may lack them)', () => {
    expect(staleAfterWrite('DELETE', '/tasks/C', undefined, [{ id: 'C', superTaskIds: [] }], [{ id: 'C', superTaskIds: ['P'] }]).task).toEqual(['C', 'P']);
  });

  it('a proxied write no rule names drops what its path names', () => {
    expect(staleAfterWrite('POST', '/tasks/T/approvals', {}, [])).toEqual({ task: ['T'], subtreesOf: ['T'] });
    expect(staleAfterWrite('GET', '/tasks/T', {}, [])).toEqual({});
  });

  it('a new task\'s event: its super-tasks, as Wrike has it now', () => {
    expect(staleAfterEvent({ eventType: 'TaskCreated', taskId: 'C' }, [], [{ id: 'C', superTaskIds: ['P'] }]).task).toEqual(['C', 'P']);
    expect(staleAfterEvent({ eventType: 'SomethingNew', folderId: 'F' })).toMatchObject({ folder: ['F'], metadata: ['folderTree'] });
  });
});

describe('an answer is not stored under a key dropped after its call was sent', () => {
  const times = { entityMs: 60_000, metadataMs: 60_000 };

  it('in memory: a put with a snapshot taken before the drop leaves the key out; one taken after stores it', async () => {
    const cache = new ConnectionCache(new MemoryCacheStore({ maxEntries: 100, maxBytes: 1 << 20 }), 'ns', times);
    const before = await cache.snapshot();
    await cache.invalidate('task', ['A']);
    await cache.putEntities('task', [{ id: 'A' }, { id: 'B' }], before);
    expect([...(await cache.getEntities('task', ['A', 'B'])).keys()]).toEqual(['B']);
    await cache.putEntities('task', [{ id: 'A' }], await cache.snapshot());
    expect([...(await cache.getEntities('task', ['A'])).keys()]).toEqual(['A']);
  });

  it('in memory: once an invalidation record was pushed out by the bound, older snapshots store nothing', async () => {
    const cache = new ConnectionCache(new MemoryCacheStore({ maxEntries: 2, maxBytes: 1 << 20 }), 'ns', times);
    const before = await cache.snapshot();
    await cache.invalidate('task', ['A', 'B', 'C']);
    await cache.putEntities('task', [{ id: 'A' }], before);
    expect((await cache.getEntities('task', ['A'])).size).toBe(0);
  });

  it('identical GETs: a caller with a snapshot shares only a call started after it', async () => {
    const coalescer = new Coalescer();
    let calls = 0;
    let release: () => void = () => undefined;
    const call = () => new Promise<number>((resolve) => {
      calls++;
      release = () => resolve(calls);
    });
    const first = coalescer.run('k', call);
    const snapshot = nextMoment();
    const second = coalescer.run('k', call, { notBefore: snapshot });
    const third = coalescer.run('k', call, { notBefore: snapshot });
    await new Promise((resolve) => setImmediate(resolve));
    expect(calls).toBe(2);
    release();
    expect(await second).toBe(2);
    expect(await third).toBe(2);
    void first;
  });
});

describe('a sub-tree walk that fails (the read of a sub-task not cached: call cap, budget, Wrike down)', () => {
  it('still drops what the change names, then reports the failure', async () => {
    const cache = new ConnectionCache(new MemoryCacheStore({ maxEntries: 100, maxBytes: 1 << 20 }), 'ns', { entityMs: 60_000, metadataMs: 60_000 });
    const since = await cache.snapshot();
    const tasks: { id: string; subTaskIds: string[] }[] = [{ id: 'MOVED', subTaskIds: ['CHILD'] }, { id: 'PARENT', subTaskIds: ['MOVED'] }];
    await cache.putEntities('task', tasks, since);
    await cache.putMetadata('folderTree', [], await cache.snapshot());
    const failingRead = () => Promise.reject(new Error('Wrike is unreachable'));
    await expect(dropStale(cache, { task: ['MOVED', 'PARENT'], metadata: ['folderTree'], subtreesOf: ['MOVED'] }, failingRead)).rejects.toThrow('unreachable');
    expect((await cache.getEntities('task', ['MOVED', 'PARENT'])).size).toBe(0);
    expect(await cache.getMetadata('folderTree')).toBeUndefined();
  });
});

describe('an event that reads its entity as Wrike has it now', () => {
  it('never shares an identical read already in flight (it may predate the change)', async () => {
    const cache = new ConnectionCache(new MemoryCacheStore({ maxEntries: 100, maxBytes: 1 << 20 }), 'ns', { entityMs: 60_000, metadataMs: 60_000 });
    const seen: { path: string; notBefore?: number }[] = [];
    const wrike = {
      get: async <T>(path: string, _params?: undefined, hooks?: { notBefore?: number }) => {
        seen.push({ path, notBefore: hooks?.notBefore });
        return { data: [{ id: 'NEWTASK1', superTaskIds: ['PARENT1'] }] as T[] };
      },
    };
    const sentBefore = nextMoment();
    await dropAfterEvent(cache, { taskId: 'NEWTASK1', eventType: 'TaskCreated' } as never, wrike);
    expect(seen.length).toBeGreaterThan(0);
    for (const read of seen) expect(read.notBefore).toBeGreaterThan(sentBefore);
  });
});

describe('a write whose drop fails', () => {
  it('still answers, and the failure is reported to the cache\'s dropFailed event (which /metrics counts)', async () => {
    const sandbox = await startSandbox();
    try {
      /** A cache store that is unreachable for drops. */
      class Unreachable extends MemoryCacheStore {
        override async invalidate(): Promise<void> {
          throw new Error('connect ECONNREFUSED');
        }
      }
      const failures: Error[] = [];
      const cache = new ConnectionCache(new Unreachable({ maxEntries: 100, maxBytes: 1 << 20 }), 'ns', { entityMs: 60_000, metadataMs: 60_000 }, { dropFailed: (e) => failures.push(e) });
      const client = new WrikeClient({
        baseUrl: `${sandbox.url}/api/v4`, credentials: permanentTokenCredentials(sandbox.token), timeoutMs: 5000, maxConcurrency: 4,
        budget: new LocalBudget({ perMinute: 100_000, burst: 1000 }),
      });
      const id = [...sandbox.sandbox.store.tasks.values()].find((t) => t.scope === 'WsTask')!.id;
      const task = await updateTask(trackedCaller(client, new RoundScheduler(), cache), id, { title: 'Written while the cache is down' });
      expect(task.title).toBe('Written while the cache is down');
      expect(failures.map((e) => e.message)).toEqual(['connect ECONNREFUSED']);
    } finally {
      await sandbox.close();
    }
  });
});
