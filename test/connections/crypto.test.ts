import { randomBytes } from 'node:crypto';
import { CredentialSealError, Sealer, parseKey } from '../../src/connections/crypto';

const key = () => randomBytes(32);

describe('Sealer (AES-256-GCM)', () => {
  it('seals and opens; the sealed text holds no plaintext', () => {
    const sealer = new Sealer({ current: key(), previous: [] });
    const sealed = sealer.seal('{"accessToken":"secret-token"}', 'conn_1');
    expect(sealed).toMatch(/^v1\.[0-9a-f]{8}\./);
    expect(sealed).not.toContain('secret-token');
    expect(sealer.open(sealed, 'conn_1')).toBe('{"accessToken":"secret-token"}');
    expect(sealer.seal('x', 'c')).not.toBe(sealer.seal('x', 'c')); // random IV
  });

  it('rotates keys: the old key still opens, new writes use the new one', () => {
    const old = key();
    const sealedOld = new Sealer({ current: old, previous: [] }).seal('payload', 'c');
    const rotated = new Sealer({ current: key(), previous: [old] });
    expect(rotated.open(sealedOld, 'c')).toBe('payload');
    expect(rotated.isStale(sealedOld)).toBe(true);
    expect(rotated.isStale(rotated.seal('payload', 'c'))).toBe(false);
    expect(() => new Sealer({ current: key(), previous: [] }).open(sealedOld, 'c')).toThrow(/unknown key/);
  });

  it('refuses tampered ciphertext, tags and values moved to another record with a clear error', () => {
    const sealer = new Sealer({ current: key(), previous: [] });
    const sealed = sealer.seal('{"accessToken":"abc"}', 'conn_1');
    const parts = sealed.split('.');
    const body = Buffer.from(parts[4]!, 'base64url');
    body[0]! ^= 1;
    const tampered = [...parts.slice(0, 4), body.toString('base64url')].join('.');
    expect(() => sealer.open(tampered, 'conn_1')).toThrow(CredentialSealError);
    expect(() => sealer.open(tampered, 'conn_1')).toThrow(/integrity check/);
    expect(() => sealer.open(sealed, 'conn_2')).toThrow(/integrity check/);
    expect(() => sealer.open('garbage', 'conn_1')).toThrow(/not in a known sealed format/);
  });

  it('requires the full 16-byte tag (GCM would accept a truncated one)', () => {
    const sealer = new Sealer({ current: key(), previous: [] });
    const sealed = sealer.seal('{"accessToken":"abc"}', 'conn_1');
    const parts = sealed.split('.');
    const shortTag = Buffer.from(parts[3]!, 'base64url').subarray(0, 4).toString('base64url');
    expect(() => sealer.open([...parts.slice(0, 3), shortTag, parts[4]].join('.'), 'conn_1')).toThrow(/integrity check/);
  });

  it('reads keys as hex or base64 and refuses other lengths', () => {
    expect(parseKey('00'.repeat(32), 'K')).toHaveLength(32);
    expect(parseKey(randomBytes(32).toString('base64'), 'K')).toHaveLength(32);
    expect(() => parseKey('short', 'ENCRYPTION_KEY')).toThrow(/ENCRYPTION_KEY must be 32 bytes/);
  });
});
