import { WrikeError } from './errors';

/**
 * Wrike ids are opaque letters and digits (16-character classic ids, 12-character new ones, 8-character contacts).
 * Anything else never reaches a URL: no slashes, dots, commas, percent signs or huge strings.
 */
const WRIKE_ID = /^[A-Za-z0-9]{1,64}$/;

export function isWrikeId(id: string): boolean {
  return WRIKE_ID.test(id);
}

export function assertWrikeIds(ids: readonly string[]): void {
  for (const id of ids) {
    if (!isWrikeId(id)) throw new WrikeError('bad_request', `Invalid Wrike id '${id.slice(0, 40)}'`);
  }
}
