import type { CreateDependencyInput, DeleteInput, UserError } from '../__generated__/resolvers-types';
import * as wrike from '../../wrike/endpoints';
import type { WrikeDependency } from '../../wrike/types';
import type { GraphQLContext } from '../context';
import { Problems, refusal } from './problems';
import { deleteEntity } from './delete';
import { relationTypeOf } from '../../unified/dependency';
import { ticketVisible } from '../scope';

/** Makes one ticket wait on another; both ids checked before the call, Wrike's refusals as userErrors. */
export async function createDependency(ctx: GraphQLContext, input: CreateDependencyInput): Promise<{ dependency: WrikeDependency | null; userErrors: UserError[] }> {
  const problems = new Problems();
  problems.id(input.predecessorId, ['input', 'predecessorId']);
  problems.id(input.successorId, ['input', 'successorId']);
  if (input.predecessorId === input.successorId) problems.add({ field: ['input', 'successorId'], message: 'A ticket cannot wait on itself', code: 'INVALID_VALUE' });
  await problems.inScope(ctx, [
    { kind: 'ticket', ids: [input.predecessorId], field: ['input', 'predecessorId'] },
    { kind: 'ticket', ids: [input.successorId], field: ['input', 'successorId'] },
  ]);
  if (problems.any) return { dependency: null, userErrors: problems.list };
  try {
    const dependency = await wrike.createDependency(ctx.wrike, input.predecessorId, input.successorId, relationTypeOf(input.type ?? 'FINISH_TO_START'));
    // Both tickets now list it: the request's models are stale (the shared cache dropped them with the write).
    for (const id of [input.predecessorId, input.successorId]) ctx.loaders.tasks.clear(id);
    ctx.loaders.dependencies.prime(dependency.id, dependency);
    return { dependency, userErrors: [] };
  } catch (error) {
    return { dependency: null, userErrors: refusal(error) };
  }
}

export function deleteDependency(ctx: GraphQLContext, input: DeleteInput) {
  return deleteEntity(input, {
    what: 'Dependency',
    // On a scoped connection a dependency exists only when both its tickets are inside.
    load: async (id) => {
      const dependency = await ctx.loaders.dependencies.load(id);
      if (!dependency) return null;
      const ends = await Promise.all([ticketVisible(ctx, dependency.predecessorId), ticketVisible(ctx, dependency.successorId)]);
      return ends.every(Boolean) ? dependency : null;
    },
    remove: (id, before) => wrike.deleteDependency(ctx.wrike, id, before),
    invalidate: (before) => {
      ctx.loaders.dependencies.clear(before.id);
      for (const id of [before.predecessorId, before.successorId]) ctx.loaders.tasks.clear(id);
    },
  });
}
