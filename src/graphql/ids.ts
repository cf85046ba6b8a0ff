import { isWrikeId } from '../wrike/ids';

/** Whether a string is shaped like a Wrike id (checked before it goes into any Wrike URL). */
export { isWrikeId };
import { userError } from './errors';

/** Checks an id argument before anything is sent: a bad id is BAD_USER_INPUT and costs no Wrike call. */
export function requireId(id: string, argumentName = 'id'): string {
  if (!isWrikeId(id)) {
    throw userError('BAD_USER_INPUT', `${argumentName} is not a valid Wrike id`, { argumentName });
  }
  return id;
}

export function requireIds(ids: readonly string[] | null | undefined, argumentName: string): string[] {
  return (ids ?? []).map((id) => requireId(id, argumentName));
}
