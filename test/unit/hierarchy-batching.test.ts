import { walkAncestors, walkDescendants } from '../../src/unified/hierarchy';
import { batchById } from '../../src/wrike/loaders';
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
  it('loads one round per level, each node once, across diamonds and cycles', async () => {
    const { tasks, load, rounds } = graph({ R: ['A', 'B'], A: ['C'], B: ['C', 'D'], C: ['R', 'E'], D: [] });
    const walk = await walkDescendants(tasks.get('R')!, load, 10, 100);
    expect(walk.nodes.map((n) => [n.task.id, n.depth, n.parentId])).toEqual([['A', 1, 'R'], ['B', 1, 'R'], ['C', 2, 'A'], ['D', 2, 'B'], ['E', 3, 'C']]);
    expect(rounds).toEqual([['A', 'B'], ['C', 'D'], ['E']]);
  });

  it('stops at maxDepth and at the node cap, saying so', async () => {
    const { tasks, load } = graph({ R: ['A', 'B', 'C'], A: ['D'] });
    expect((await walkDescendants(tasks.get('R')!, load, 1, 100)).nodes).toHaveLength(3);
    const capped = await walkDescendants(tasks.get('R')!, load, 10, 2);
    expect(capped).toMatchObject({ truncated: true });
    expect(capped.nodes).toHaveLength(2);
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

  it('chunks by 100, in order, with duplicates and invalid ids answered without calls', async () => {
    const calls: string[][] = [];
    const ids = Array.from({ length: 250 }, (_, i) => `ID${i}`);
    const result = await batchById([...ids, 'ID0', '../bad'], async (chunk) => {
      calls.push(chunk);
      return chunk.map((id) => ({ id }));
    });
    expect(calls.map((c) => c.length)).toEqual([100, 100, 50]);
    expect(result.slice(0, 250).map((r) => r!.id)).toEqual(ids);
    expect(result[250]).toEqual({ id: 'ID0' });
    expect(result[251]).toBeNull();
  });

  it('isolates unknown ids by halving when the error does not name them', async () => {
    const unknown = new Set(['ID17', 'ID80']);
    let calls = 0;
    const ids = Array.from({ length: 100 }, (_, i) => `ID${i}`);
    const result = await batchById(ids, async (chunk) => {
      calls++;
      if (chunk.some((id) => unknown.has(id))) throw notFound();
      return chunk.map((id) => ({ id }));
    });
    expect(result.filter((r) => r === null)).toHaveLength(2);
    expect(result[17]).toBeNull();
    expect(result[18]).toEqual({ id: 'ID18' });
    expect(calls).toBeLessThan(30);
  });

  it('drops the id a 404 names and asks again once', async () => {
    let calls = 0;
    const result = await batchById(['A1', 'B2', 'C3'], async (chunk) => {
      calls++;
      if (chunk.includes('B2')) throw new WrikeError('not_found', "Task 'B2' not found");
      return chunk.map((id) => ({ id }));
    });
    expect(result).toEqual([{ id: 'A1' }, null, { id: 'C3' }]);
    expect(calls).toBe(2);
  });

  it('passes other errors through', async () => {
    await expect(batchById(['A1'], async () => {
      throw new WrikeError('unavailable', 'down');
    })).rejects.toThrow('down');
  });
});
