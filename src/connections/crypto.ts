import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';

/**
 * Tokens at rest: AES-256-GCM with a random 96-bit IV per value. The sealed text names the key it was sealed with
 * (the first 8 hex digits of the key's SHA-256), so that keys can rotate: new writes use the current key, values
 * sealed under a previous key still open.
 *
 * Format: `v1.<keyId>.<iv>.<tag>.<ciphertext>`, each part base64url.
 */
export class CredentialSealError extends Error {}

export interface SealingKeys {
  current: Buffer;
  previous: Buffer[];
}

/** A key from its configured text: 64 hex digits or base64 of 32 bytes. */
export function parseKey(text: string, name: string): Buffer {
  const trimmed = text.trim();
  const key = /^[0-9a-fA-F]{64}$/.test(trimmed) ? Buffer.from(trimmed, 'hex') : Buffer.from(trimmed, 'base64');
  if (key.length !== 32) throw new Error(`${name} must be 32 bytes, as 64 hex digits or base64`);
  return key;
}

const keyId = (key: Buffer) => createHash('sha256').update(key).digest('hex').slice(0, 8);

export class Sealer {
  private readonly byId: Map<string, Buffer>;
  private readonly currentId: string;

  constructor(private readonly keys: SealingKeys) {
    this.currentId = keyId(keys.current);
    this.byId = new Map([keys.current, ...keys.previous].map((key) => [keyId(key), key]));
  }

  seal(plaintext: string, context: string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.keys.current, iv);
    // The context (e.g. the connection id) is authenticated: a sealed value copied to another row does not open.
    cipher.setAAD(Buffer.from(context));
    const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    return ['v1', this.currentId, iv.toString('base64url'), cipher.getAuthTag().toString('base64url'), body.toString('base64url')].join('.');
  }

  open(sealed: string, context: string): string {
    const [version, id, iv, tag, body] = sealed.split('.');
    if (version !== 'v1' || !id || !iv || !tag || body === undefined) throw new CredentialSealError('Stored credentials are not in a known sealed format');
    const key = this.byId.get(id);
    if (!key) throw new CredentialSealError(`Stored credentials were sealed with an unknown key (${id}); configure it in ENCRYPTION_KEYS_PREVIOUS`);
    try {
      // The full 16-byte tag, always: GCM would accept a truncated one, which weakens the integrity check.
      const authTag = Buffer.from(tag, 'base64url');
      if (authTag.length !== 16) throw new Error('short tag');
      const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'), { authTagLength: 16 });
      decipher.setAAD(Buffer.from(context));
      decipher.setAuthTag(authTag);
      return Buffer.concat([decipher.update(Buffer.from(body, 'base64url')), decipher.final()]).toString('utf8');
    } catch {
      throw new CredentialSealError('Stored credentials failed their integrity check (tampered, or sealed for another record)');
    }
  }

  /** True when a sealed value should be re-sealed under the current key. */
  isStale(sealed: string): boolean {
    return sealed.split('.')[1] !== this.currentId;
  }
}
