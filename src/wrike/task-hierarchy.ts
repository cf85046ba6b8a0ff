import type { WrikeTask } from './types';

/**
 * The sub-task hierarchy, walked level by level: one batched load per level, a visited set against diamonds and
 * cycles, and a node cap. `loadMany` is the request's task loader (full models); it throws when Wrike fails, so a
 * walk is whole or an error, never a shorter tree. Tasks it answers null for (unknown, deleted) are left out.
 */
export type LoadTasks = (ids: string[]) => Promise<(WrikeTask | null)[]>;

export interface DescendantNode {
  task: WrikeTask;
  depth: number;
  parentId: string;
}

export interface DescendantWalk {
  nodes: DescendantNode[];
  /** True when maxDepth or the node cap left tickets below the walked ones unvisited. */
  truncated: boolean;
}

export interface DescendantLimits {
  maxDepth: number;
  nodeCap: number;
  /** Stops after a level once the caller has what it needs (a page and one more to tell hasNextPage). */
  enough?: (nodes: readonly DescendantNode[]) => boolean;
}

export async function walkDescendants(root: WrikeTask, loadMany: LoadTasks, limits: DescendantLimits): Promise<DescendantWalk> {
  const visited = new Set<string>([root.id]);
  const nodes: DescendantNode[] = [];
  let frontier: WrikeTask[] = [root];
  const unvisitedBelow = (tasks: WrikeTask[]) => tasks.some((t) => (t.subTaskIds ?? []).some((id) => !visited.has(id)));
  for (let depth = 1; frontier.length > 0; depth++) {
    if (depth > limits.maxDepth) return { nodes, truncated: unvisitedBelow(frontier) };
    const refs: { id: string; parentId: string }[] = [];
    for (const parent of frontier) {
      for (const id of parent.subTaskIds ?? []) {
        if (visited.has(id)) continue;
        visited.add(id);
        refs.push({ id, parentId: parent.id });
      }
    }
    if (refs.length === 0) break;
    let capped = false;
    if (nodes.length + refs.length > limits.nodeCap) {
      refs.length = limits.nodeCap - nodes.length;
      capped = true;
    }
    const tasks = await loadMany(refs.map((ref) => ref.id));
    frontier = [];
    tasks.forEach((task, k) => {
      if (!task) return;
      nodes.push({ task, depth, parentId: (refs[k] as { parentId: string }).parentId });
      frontier.push(task);
    });
    if (capped) return { nodes, truncated: true };
    if (limits.enough?.(nodes)) break;
  }
  return { nodes, truncated: false };
}

/** Every task above `task`, nearest first, each once (several super-tasks and cycles allowed). */
export async function walkAncestors(task: WrikeTask, loadMany: LoadTasks, maxNodes = 1000): Promise<WrikeTask[]> {
  const visited = new Set<string>([task.id]);
  const out: WrikeTask[] = [];
  let frontier = [task];
  while (frontier.length > 0 && out.length < maxNodes) {
    const ids: string[] = [];
    for (const child of frontier) {
      for (const id of child.superTaskIds ?? []) {
        if (!visited.has(id)) {
          visited.add(id);
          ids.push(id);
        }
      }
    }
    if (ids.length === 0) break;
    frontier = (await loadMany(ids)).filter((t): t is WrikeTask => t !== null);
    out.push(...frontier);
  }
  return out.slice(0, maxNodes);
}
