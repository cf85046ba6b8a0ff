import { walkAncestors, walkDescendants } from '../../src/wrike/task-hierarchy';
import { batchById, NarrowingBudget } from '../../src/wrike/batch';
import { RoundScheduler } from '../../src/wrike/rounds';
import { WrikeError } from '../../src/wrike/errors';
import type { WrikeTask } from '../../src/wrike/types';

const task = (id: string, subTaskIds: string[] = [], superTaskIds: string[] = []) => ({ id, subTaskIds, superTaskIds } as unknown as WrikeTask);

function graph(edges: Record<string, string[]>) {
  const tasks = new Map<string, WrikeTask>();
  const parents = new Map<string, string[]>();
  for (const [id, children] of Object.entries(edges)) for (const c of children) parents.set(c, [...(parents.get(c) ?? []), id]);
  for (const id of new Set([...Object.keys(edges), ...Object.values(edges).flat()])) tasks.set(id, task(id, edges[id] ?? [], parents.get(id) ?? []));
  const rounds: string[][] = [];
  const load = async (ids: string[]) => {
    rounds.push(ids);
    return ids.map((id) => tasks.get(id) ?? null);
  };
  return { tasks, load, rounds };
}

describe('walkDescendants', () => {
  const limits = (maxDepth: number, nodeCap: number) => ({ maxDepth, nodeCap });
  it('loads one round per level, each node once, across diamonds and cycles', async () => {
    const { tasks, load, rounds } = graph({ R: ['A', 'B'], A: ['C'], B: ['C', 'D'], C: ['R', 'E'], D: [] });
    const walk = await walkDescendants(tasks.get('R')!, load, limits(10, 100));
    expect(walk.nodes.map((n) => [n.task.id, n.depth, n.parentId])).toEqual([['A', 1, 'R'], ['B', 1, 'R'], ['C', 2, 'A'], ['D', 2, 'B'], ['E', 3, 'C']]);
    expect(rounds).toEqual([['A', 'B'], ['C', 'D'], ['E']]);
    expect(walk.truncated).toBe(false);
  });

  it('says truncated when maxDepth or the node cap left tickets unvisited, and only then', async () => {
    const { tasks, load } = graph({ R: ['A', 'B', 'C'], A: ['D'] });
    const shallow = await walkDescendants(tasks.get('R')!, load, limits(1, 100));
    expect(shallow).toMatchObject({ truncated: true });
    expect(shallow.nodes).toHaveLength(3);
    expect(await walkDescendants(tasks.get('R')!, load, limits(2, 100))).toMatchObject({ truncated: false });
    const capped = await walkDescendants(tasks.get('R')!, load, limits(10, 2));
    expect(capped).toMatchObject({ truncated: true });
    expect(capped.nodes).toHaveLength(2);
  });

  it('stops walking once the caller has enough', async () => {
    const { tasks, load, rounds } = graph({ R: ['A', 'B'], A: ['C'], C: ['D'], D: ['E'] });
    const walk = await walkDescendants(tasks.get('R')!, load, { maxDepth: 10, nodeCap: 100, enough: (nodes) => nodes.length >= 2 });
    expect(walk.nodes.map((n) => n.task.id)).toEqual(['A', 'B']);
    expect(rounds).toHaveLength(1);
  });

  it('fails as a whole when a level fails (never a shorter tree)', async () => {
    const { tasks } = graph({ R: ['A'], A: ['B'] });
    let calls = 0;
    const failing = async (ids: string[]) => {
      if (++calls === 2) throw new WrikeError('unavailable', 'Wrike answered 503');
      return ids.map((id) => tasks.get(id) ?? null);
    };
    await expect(walkDescendants(tasks.get('R')!, failing, limits(10, 100))).rejects.toThrow('503');
  });
});

describe('walkAncestors', () => {
  it('lists ancestors nearest first, each once, through several parents and cycles', async () => {
    const { tasks, load } = graph({ P1: ['X'], P2: ['X'], G: ['P1', 'P2'], X: ['G'] });
    const ancestors = await walkAncestors(tasks.get('X')!, load);
    expect(ancestors.map((t) => t.id)).toEqual(['P1', 'P2', 'G']);
  });
});

describe('batchById', () => {
  const notFound = () => new WrikeError('not_found', 'Resource not found');
  const id = (i: number) => `IEAGAABKKQ${String(i).padStart(6, 'A')}`;

  it('chunks by 100, in order, with duplicates and invalid ids answered without calls', async () => {
    const calls: string[][] = [];
    const ids = Array.from({ length: 250 }, (_, i) => id(i));
    const result = await batchById([...ids, id(0), '../bad', 'ABC'], async (chunk) => {
      calls.push(chunk);
      return chunk.map((x) => ({ id: x }));
    });
    expect(calls.map((c) => c.length)).toEqual([100, 100, 50]);
    expect(result.slice(0, 250).map((r) => (r as { id: string }).id)).toEqual(ids);
    expect(result[250]).toEqual({ id: id(0) });
    expect(result[251]).toBeNull();
    expect(result[252]).toBeNull();
  });

  it.each([
    ['404', () => notFound(), null],
    ['400', () => new WrikeError('bad_request', 'Invalid parameter'), 'error'],
    ['403', () => new WrikeError('forbidden', 'Access denied'), 'error'],
  ])('isolates one id a whole-batch %s is about in at most 2*log2(100)+1 calls; every other id resolves', async (_status, refusal, answer) => {
    let calls = 0;
    const ids = Array.from({ length: 100 }, (_, i) => id(i));
    const result = await batchById(ids, async (chunk) => {
      calls++;
      if (chunk.includes(id(37))) throw refusal();
      return chunk.map((x) => ({ id: x }));
    });
    expect(calls).toBeLessThanOrEqual(Math.ceil(2 * Math.log2(100)) + 1);
    result.forEach((r, i) => {
      if (i !== 37) expect(r).toEqual({ id: id(i) });
    });
    if (answer === null) expect(result[37]).toBeNull();
    else expect(result[37]).toBeInstanceOf(WrikeError);
  });

  it('drops the id a refusal names and asks again once', async () => {
    let calls = 0;
    const result = await batchById([id(1), id(2), id(3)], async (chunk) => {
      calls++;
      if (chunk.includes(id(2))) throw new WrikeError('bad_request', `Invalid id '${id(2)}'`);
      return chunk.map((x) => ({ id: x }));
    });
    expect(result[0]).toEqual({ id: id(1) });
    expect(result[1]).toBeInstanceOf(WrikeError);
    expect(result[2]).toEqual({ id: id(3) });
    expect(calls).toBe(2);
  });

  it('stops narrowing when the request budget is spent: the rest fail visibly, never as null', async () => {
    let calls = 0;
    const ids = Array.from({ length: 100 }, (_, i) => id(i));
    const result = await batchById(ids, async () => {
      calls++;
      throw new WrikeError('forbidden', 'Access denied');
    }, new NarrowingBudget(10));
    expect(calls).toBeLessThanOrEqual(11);
    expect(result.every((r) => r instanceof WrikeError)).toBe(true);
  });

  it('fails every id of a chunk on errors that are not about ids (5xx, 429), without narrowing', async () => {
    let calls = 0;
    const result = await batchById([id(1), id(2)], async () => {
      calls++;
      throw new WrikeError('unavailable', 'down');
    });
    expect(calls).toBe(1);
    expect(result.map((r) => (r as Error).message)).toEqual(['down', 'down']);
  });
});

describe('RoundScheduler', () => {
  /** Two calls of one round; the first returns (a new round starts), the second is still out. */
  async function roundWithOneCallOut(waits: boolean) {
    const rounds = new RoundScheduler();
    let releaseOut!: () => void;
    const out = rounds.track((hooks) => new Promise<void>((resolve) => {
      releaseOut = resolve;
      if (waits) setTimeout(() => hooks.waiting?.(), 5); // it starts waiting out a Retry-After
    }));
    await rounds.track(async () => undefined);
    await new Promise<void>((resolve) => setTimeout(resolve, 10));
    let dispatched = false;
    rounds.schedule(() => {
      dispatched = true;
    });
    await new Promise<void>((resolve) => setTimeout(resolve, 20));
    return { dispatched: () => dispatched, release: async () => {
      releaseOut();
      await out;
      await new Promise<void>((resolve) => setTimeout(resolve, 5));
    } };
  }

  it('holds a batch while a call of the previous round is in flight (its resolvers may want ids in it)', async () => {
    const round = await roundWithOneCallOut(false);
    expect(round.dispatched()).toBe(false);
    await round.release();
    expect(round.dispatched()).toBe(true);
  });

  it('never holds a batch behind a call of that round that is waiting (a 429 or a retry backoff)', async () => {
    const round = await roundWithOneCallOut(true);
    expect(round.dispatched()).toBe(true);
    await round.release();
  });
});
