import { createHash, randomBytes } from 'node:crypto';
import type { CredentialStore } from './store';

/**
 * API keys: `wsk_<id>_<secret>`, shown once at creation and stored as a SHA-256 hash (a key has 256 bits of
 * entropy, so a fast hash is enough). The id part lets an operator revoke a key without knowing it.
 */
const KEY = /^wsk_([a-z0-9]{12})_([A-Za-z0-9_-]{43})$/;

export function hashApiKey(key: string): string {
  return createHash('sha256').update(key).digest('hex');
}

export async function createApiKey(store: CredentialStore, tenantId: string, label: string | null): Promise<{ id: string; key: string }> {
  const id = randomBytes(8).toString('hex').slice(0, 12);
  const key = `wsk_${id}_${randomBytes(32).toString('base64url')}`;
  await store.ensureTenant(tenantId, tenantId);
  await store.insertApiKey({ id, tenantId, label, createdAt: new Date().toISOString(), revokedAt: null, keyHash: hashApiKey(key) });
  return { id, key };
}

/** The tenant an Authorization header's key belongs to; undefined for a missing, malformed, unknown or revoked key. */
export async function tenantOfKey(store: CredentialStore, key: string | undefined): Promise<string | undefined> {
  if (!key || !KEY.test(key)) return undefined;
  return store.tenantOfKeyHash(hashApiKey(key));
}

/** The id part of a well-formed key (what an operator revokes it by); undefined for anything else. */
export function apiKeyIdOf(key: string | undefined): string | undefined {
  return key?.match(KEY)?.[1];
}
