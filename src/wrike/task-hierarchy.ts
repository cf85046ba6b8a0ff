import type { WrikeTask } from '../wrike/types';

/**
 * The sub-task hierarchy, walked level by level: one batched load per level, a visited set against diamonds and
 * cycles, and a node cap. `loadMany` is the request's task loader (full models).
 */
export type LoadTasks = (ids: string[]) => Promise<(WrikeTask | null)[]>;

export interface DescendantNode {
  task: WrikeTask;
  depth: number;
  parentId: string;
}

export async function walkDescendants(
  root: WrikeTask, loadMany: LoadTasks, maxDepth: number, nodeCap: number,
): Promise<{ nodes: DescendantNode[]; truncated: boolean }> {
  const visited = new Set<string>([root.id]);
  const nodes: DescendantNode[] = [];
  let frontier: WrikeTask[] = [root];
  let truncated = false;
  for (let depth = 1; depth <= maxDepth && frontier.length > 0; depth++) {
    const refs: { id: string; parentId: string }[] = [];
    for (const parent of frontier) {
      for (const id of parent.subTaskIds ?? []) {
        if (visited.has(id)) continue;
        visited.add(id);
        refs.push({ id, parentId: parent.id });
      }
    }
    if (refs.length === 0) break;
    if (nodes.length + refs.length > nodeCap) {
      refs.length = nodeCap - nodes.length;
      truncated = true;
    }
    const tasks = await loadMany(refs.map((ref) => ref.id));
    frontier = [];
    tasks.forEach((task, k) => {
      if (!task || task.scope === 'RbTask') return;
      nodes.push({ task, depth, parentId: (refs[k] as { parentId: string }).parentId });
      frontier.push(task);
    });
    if (truncated) break;
  }
  return { nodes, truncated };
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
