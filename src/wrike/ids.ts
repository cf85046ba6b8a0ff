import { WrikeError } from './errors';

/**
 * Wrike ids are opaque letters and digits: 8 characters (accounts, contacts, groups), 12 (new mixed-case task and
 * folder ids), 16 (classic entity ids), 24 (dependencies). The client accepts any length from 8 to 32, so that a
 * shape Wrike adds later still passes; anything else (slashes, dots, commas, percent signs, short or huge strings)
 * is refused before it reaches a URL.
 */
const WRIKE_ID = /^[A-Za-z0-9]{8,32}$/;

export function isWrikeId(id: string): boolean {
  return WRIKE_ID.test(id);
}

export function assertWrikeIds(ids: readonly string[]): void {
  for (const id of ids) {
    if (!isWrikeId(id)) throw new WrikeError('bad_request', `Invalid Wrike id '${id.slice(0, 40)}'`);
  }
}
