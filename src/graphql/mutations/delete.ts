import type { DeleteInput, UserError } from '../__generated__/resolvers-types';
import { Problems, refusal } from './problems';

export interface DeletePayloadModel {
  deletedId: string | null;
  userErrors: UserError[];
}

/**
 * The shape every delete shares: check the id, read the entity (unknown is NOT_FOUND), delete it in Wrike, then let
 * the caller refresh what the request's loaders hold.
 */
export async function deleteEntity<T>(input: DeleteInput, steps: {
  what: string;
  load: (id: string) => Promise<T | null | undefined>;
  /** Deletes it in Wrike; `before` is what `load` read. */
  remove: (id: string, before: T) => Promise<void>;
  invalidate: (before: T) => void;
}): Promise<DeletePayloadModel> {
  const problems = new Problems();
  problems.id(input.id, ['input', 'id']);
  if (problems.any) return { deletedId: null, userErrors: problems.list };
  try {
    const before = await steps.load(input.id);
    if (!before) return { deletedId: null, userErrors: [{ field: ['input', 'id'], message: `No such ${steps.what}`, code: 'NOT_FOUND' }] };
    await steps.remove(input.id, before);
    steps.invalidate(before);
    return { deletedId: input.id, userErrors: [] };
  } catch (error) {
    return { deletedId: null, userErrors: refusal(error) };
  }
}
