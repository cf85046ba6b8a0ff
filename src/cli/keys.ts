/**
 * `npm run keys -- <command>`: API keys of tenants, in the store the environment names (DATABASE_URL, else SQLite
 * under DATA_DIR).
 *
 *   create --tenant <id> [--label <text>]   prints the new key once; only its hash is stored
 *   revoke <key id>
 *   list
 */
import { openStore } from '../connections/open-store';
import { createApiKey } from '../connections/api-keys';

const TENANT = /^[a-z0-9][a-z0-9_-]{0,62}$/;

function option(args: string[], name: string): string | undefined {
  const at = args.indexOf(`--${name}`);
  return at >= 0 ? args[at + 1] : undefined;
}

async function main(args: string[]): Promise<number> {
  const store = await openStore({ databaseUrl: process.env.DATABASE_URL || undefined, dataDir: process.env.DATA_DIR || './data' });
  try {
    const [command, ...rest] = args;
    if (command === 'create') {
      const tenant = option(rest, 'tenant');
      if (!tenant || !TENANT.test(tenant)) {
        console.error('create needs --tenant <id> (lower-case letters, digits, _ and -)');
        return 2;
      }
      const { id, key } = await createApiKey(store, tenant, option(rest, 'label') ?? null);
      console.log(`Created key ${id} for tenant ${tenant}. It is shown once; send it as Authorization: Bearer <key>.`);
      console.log(key);
      return 0;
    }
    if (command === 'revoke') {
      const id = rest[0];
      if (!id) {
        console.error('revoke needs a key id (see list)');
        return 2;
      }
      const revoked = await store.revokeApiKey(id, new Date().toISOString());
      console.log(revoked ? `Revoked key ${id}.` : `No active key ${id}.`);
      return revoked ? 0 : 1;
    }
    if (command === 'list') {
      for (const key of await store.listApiKeys()) {
        console.log(`${key.id}  tenant=${key.tenantId}  created=${key.createdAt}${key.revokedAt ? `  revoked=${key.revokedAt}` : ''}${key.label ? `  label=${key.label}` : ''}`);
      }
      return 0;
    }
    console.error('usage: npm run keys -- create --tenant <id> [--label <text>] | revoke <key id> | list');
    return 2;
  } finally {
    await store.close();
  }
}

main(process.argv.slice(2)).then((code) => process.exit(code), (error: unknown) => {
  console.error(`keys: ${(error as Error).message}`);
  process.exit(1);
});
