import { randomBytes } from 'node:crypto';
import type { CredentialStore, WebhookRecord } from '../connections/store';
import type { Sealer } from '../connections/crypto';
import type { WrikeCaller } from '../wrike/rounds';
import { WrikeError } from '../wrike/errors';
import { activateWebhook, createWebhook, deleteWebhook, getWebhook } from '../wrike/endpoints';

export interface WebhookRegistrarDeps {
  store: CredentialStore;
  sealer: Sealer;
  /** PUBLIC_URL: where Wrike reaches this server; without it no hook is registered. */
  publicUrl: string | undefined;
}

/**
 * A connection's Wrike webhook: registered account-wide with a random secret of its own, re-enabled when Wrike
 * suspended it, removed when the connection goes. The secret is stored (sealed) before the hook is created:
 * Wrike verifies it with a request to the receiver before its create call returns.
 */
export class WebhookRegistrar {
  constructor(private readonly deps: WebhookRegistrarDeps) {}

  get enabled(): boolean {
    return this.deps.publicUrl !== undefined;
  }

  hookUrl(connectionId: string): string {
    if (!this.deps.publicUrl) throw new WrikeError('bad_request', 'PUBLIC_URL is not set: Wrike cannot reach this server, so no webhook can be registered');
    return `${this.deps.publicUrl.replace(/\/+$/, '')}/webhooks/wrike/${connectionId}`;
  }

  secretOf(record: WebhookRecord): string {
    return this.deps.sealer.open(record.sealedSecret, `webhook:${record.connectionId}`);
  }

  /** Registers the hook, or re-enables the one registered before; answers the stored record. */
  async enable(connectionId: string, client: WrikeCaller): Promise<WebhookRecord> {
    const { store, sealer } = this.deps;
    const url = this.hookUrl(connectionId);
    const existing = await store.getWebhook(connectionId);
    if (existing?.wrikeHookId) {
      const hook = await getWebhook(client, existing.wrikeHookId).catch(() => undefined);
      if (hook && hook.hookUrl === url) {
        if (hook.status !== 'Active') await activateWebhook(client, hook.id);
        await store.updateWebhook(connectionId, { status: 'ACTIVE' });
        return { ...existing, status: 'ACTIVE' };
      }
      if (hook) await deleteWebhook(client, hook.id).catch(() => undefined);
    }
    const secret = randomBytes(32).toString('hex');
    const record: WebhookRecord = {
      connectionId, wrikeHookId: null, sealedSecret: sealer.seal(secret, `webhook:${connectionId}`), status: 'PENDING',
      lastEventAt: existing?.lastEventAt ?? null, createdAt: new Date().toISOString(),
    };
    await store.putWebhook(record);
    try {
      const hook = await createWebhook(client, url, secret);
      await store.updateWebhook(connectionId, { wrikeHookId: hook.id, status: 'ACTIVE' });
      return { ...record, wrikeHookId: hook.id, status: 'ACTIVE' };
    } catch (error) {
      await store.updateWebhook(connectionId, { status: 'FAILED' });
      throw error;
    }
  }

  /** Asks Wrike how the hook fares; a suspended one is re-enabled. Answers whether it had to be. */
  async check(connectionId: string, client: WrikeCaller): Promise<'active' | 'reactivated' | 'none'> {
    const record = await this.deps.store.getWebhook(connectionId);
    if (!record?.wrikeHookId) return 'none';
    const hook = await getWebhook(client, record.wrikeHookId);
    if (!hook) {
      await this.enable(connectionId, client);
      return 'reactivated';
    }
    if (hook.status === 'Active') return 'active';
    await this.deps.store.updateWebhook(connectionId, { status: 'SUSPENDED' });
    await activateWebhook(client, hook.id);
    await this.deps.store.updateWebhook(connectionId, { status: 'ACTIVE' });
    return 'reactivated';
  }

  /** Removes the hook at Wrike (if it still can) and here. */
  async disable(connectionId: string, client: WrikeCaller | undefined): Promise<void> {
    const record = await this.deps.store.getWebhook(connectionId);
    if (record?.wrikeHookId && client) await deleteWebhook(client, record.wrikeHookId).catch(() => undefined);
    await this.deps.store.deleteWebhook(connectionId);
  }
}
