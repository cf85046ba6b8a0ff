/**
 * Wrike-looking ids. Classic v4 ids are upper-case base32-like: 8-character account, contact and group ids and
 * 16-character entity ids prefixed with the account id and a type code. Since 2026 tasks and folders may also get
 * 12-character mixed-case ids. Clients must treat both as opaque.
 */
const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
const MIXED = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/** Type codes that Wrike uses in the 9th-10th characters of entity ids. */
export const TYPE_CODE = {
  task: 'KQ',
  folder: 'I4',
  customField: 'JU',
  customStatus: 'JM',
  workflow: 'K7',
  attachment: 'IY',
  comment: 'IM',
  webhook: 'JA',
  accessRole: 'ND',
  timelog: 'JQ',
  timelogCategory: 'JX',
} as const;

function encode(n: number, width: number, alphabet: string): string {
  let out = '';
  let value = n;
  for (let i = 0; i < width; i++) {
    out = alphabet[value % alphabet.length] + out;
    value = Math.floor(value / alphabet.length);
  }
  return out;
}

export class IdFactory {
  private counter = 0;
  private contactCounter = 0;
  private groupCounter = 0;

  constructor(readonly accountId: string) {}

  /** A 16-character classic id: account id + type code + 6 characters. */
  classic(kind: keyof typeof TYPE_CODE): string {
    this.counter++;
    return this.accountId + TYPE_CODE[kind] + encode(this.counter, 6, BASE32);
  }

  /** A 12-character mixed-case id of the newer style (tasks and folders only). */
  modern(): string {
    this.counter++;
    return 'MAAAAAE' + encode(this.counter * 7919, 5, MIXED);
  }

  private dependencyCounter = 0;

  /** A 24-character dependency id (Wrike's are, e.g. IEAAAAAQIUAB5BG3KMAB5BG4). */
  dependency(): string {
    this.dependencyCounter++;
    return `${this.accountId}IU${encode(this.dependencyCounter, 6, BASE32)}KM${encode(this.dependencyCounter * 31, 6, BASE32)}`;
  }

  contact(): string {
    this.contactCounter++;
    return 'KUA' + encode(this.contactCounter, 5, BASE32);
  }

  group(): string {
    this.groupCounter++;
    return 'KX7' + encode(this.groupCounter, 5, BASE32);
  }
}

export function accountIdFromSeed(seed: number): string {
  return 'IEAG' + encode(seed % 1048576, 4, BASE32);
}

/**
 * Ids the sandbox accepts in paths: letters and digits in Wrike's shapes only: 8 (accounts, contacts, groups),
 * 12 (new task and folder ids), 16 (classic entity ids) or 24 characters (dependencies). Anything else is 400.
 */
export const ID_PATTERN = /^(?:[A-Za-z0-9]{8}|[A-Za-z0-9]{12}|[A-Za-z0-9]{16}|[A-Za-z0-9]{24})$/;
