import { randomBytes, randomUUID } from 'node:crypto';
import type { CredentialStore, WebhookRecord } from '../connections/store';
import type { Sealer } from '../connections/crypto';
import type { WrikeCaller } from '../wrike/rounds';
import { WrikeError } from '../wrike/errors';
import { activateWebhook, createSpaceWebhook, createWebhook, deleteWebhook, getWebhook } from '../wrike/endpoints';
import type { WrikeWebhook } from '../wrike/types';

export interface WebhookRegistrarDeps {
  store: CredentialStore;
  sealer: Sealer;
  /**
   * Where Wrike reaches this server (PUBLIC_URL, or this server on loopback for the in-process sandbox); without it
   * no hook is registered. A function when it is known only once the server listens.
   */
  publicUrl: string | undefined | (() => string | undefined);
  /** How long a handshake window stays open at most: as long as the Wrike call that opens it may take. */
  handshakeWindowMs: number;
}

/**
 * How long the secret a re-registration replaced stays valid: deliveries Wrike sent under it before the old hooks
 * went arrive a little later (Wrike gathers events, and a delivery may wait for a slow receiver).
 */
export const SECRET_OVERLAP_MS = 5 * 60 * 1000;

/** The connection a hook is for: its client and the spaces it is limited to (null: the whole account). */
export interface HookTarget {
  client: WrikeCaller;
  workspaceIds: readonly string[] | null;
}

/** The Wrike hook ids of a record (one account-wide hook, or one per space of a scoped connection). */
const hookIdsOf = (record: WebhookRecord | undefined): string[] => (record?.wrikeHookId ?? '').split(',').filter(Boolean);

/**
 * A connection's Wrike webhooks: one account-wide, or one per space when the connection is limited to some (Wrike
 * then sends only what happens inside them), all with one random secret of the connection's own; re-enabled when
 * Wrike suspended them, replaced when the scope changed, removed when the connection goes. The secret is stored
 * (sealed) before a hook is created: Wrike verifies it with a request to the receiver before its create (or
 * re-enable) call returns, and the receiver answers that request only inside the window this class opens in the
 * store around that call.
 */
export class WebhookRegistrar {
  constructor(private readonly deps: WebhookRegistrarDeps) {}

  private get base(): string | undefined {
    const { publicUrl } = this.deps;
    return typeof publicUrl === 'function' ? publicUrl() : publicUrl;
  }

  get enabled(): boolean {
    return this.base !== undefined;
  }

  hookUrl(connectionId: string): string {
    const base = this.base;
    if (!base) throw new WrikeError('bad_request', 'PUBLIC_URL is not set (or WRIKE_WEBHOOKS is false): Wrike cannot reach this server, so no webhook can be registered');
    return `${base.replace(/\/+$/, '')}/webhooks/wrike/${connectionId}`;
  }

  /** The secrets a delivery may be signed with now: the hook's own, and the one it replaced while the overlap lasts. */
  secretsOf(record: WebhookRecord, now = Date.now()): string[] {
    const secrets = [this.secretOf(record)];
    if (record.previousSealedSecret && (record.previousUntil ?? 0) > now) {
      secrets.push(this.deps.sealer.open(record.previousSealedSecret, `webhook:${record.connectionId}`));
    }
    return secrets;
  }

  /** Uses up the connection's open handshake window, if there is one (single use: one verification each). */
  consumeHandshake(connectionId: string): Promise<boolean> {
    return this.deps.store.consumeWebhookHandshake(connectionId, Date.now());
  }

  /** Runs a Wrike call that makes Wrike verify the secret, with a handshake window open for its duration only. */
  private async withHandshakeWindow<T>(connectionId: string, call: () => Promise<T>): Promise<T> {
    const id = randomUUID();
    await this.deps.store.openWebhookHandshake(id, connectionId, Date.now() + this.deps.handshakeWindowMs);
    try {
      return await call();
    } finally {
      await this.deps.store.closeWebhookHandshake(id, Date.now()).catch(() => undefined);
    }
  }

  private activate(connectionId: string, client: WrikeCaller, hookId: string): Promise<unknown> {
    return this.withHandshakeWindow(connectionId, () => activateWebhook(client, hookId));
  }

  /** The hook's secret; one sealed under a previous key is sealed again under the current one (rotation completes). */
  secretOf(record: WebhookRecord): string {
    const context = `webhook:${record.connectionId}`;
    const secret = this.deps.sealer.open(record.sealedSecret, context);
    if (this.deps.sealer.isStale(record.sealedSecret)) {
      void this.deps.store.updateWebhook(record.connectionId, { sealedSecret: this.deps.sealer.seal(secret, context) }).catch(() => undefined);
    }
    return secret;
  }

  /** Registers the hooks, or re-enables the ones registered before for the same scope; answers the stored record. */
  async enable(connectionId: string, target: HookTarget): Promise<WebhookRecord> {
    const { store, sealer } = this.deps;
    const url = this.hookUrl(connectionId);
    const existing = await store.getWebhook(connectionId);
    const hooks = await Promise.all(hookIdsOf(existing).map((id) => getWebhook(target.client, id).catch(() => undefined)));
    if (existing && hooks.length > 0 && hooks.every((hook) => hook?.hookUrl === url) && coversScope(hooks as WrikeWebhook[], target.workspaceIds)) {
      for (const hook of hooks as WrikeWebhook[]) if (hook.status !== 'Active') await this.activate(connectionId, target.client, hook.id);
      await store.updateWebhook(connectionId, { status: 'ACTIVE' });
      return { ...existing, status: 'ACTIVE' };
    }
    for (const hook of hooks) if (hook) await deleteWebhook(target.client, hook.id).catch(() => undefined);
    const secret = randomBytes(32).toString('hex');
    // The replaced hooks' secret stays valid a while: what Wrike already sent under it still arrives.
    const record: WebhookRecord = {
      connectionId, wrikeHookId: null, sealedSecret: sealer.seal(secret, `webhook:${connectionId}`), status: 'PENDING',
      lastEventAt: existing?.lastEventAt ?? null, createdAt: new Date().toISOString(),
      previousSealedSecret: existing?.wrikeHookId ? existing.sealedSecret : null,
      previousUntil: existing?.wrikeHookId ? Date.now() + SECRET_OVERLAP_MS : null,
    };
    await store.putWebhook(record);
    const created: string[] = [];
    try {
      const create = (call: () => Promise<WrikeWebhook>) => this.withHandshakeWindow(connectionId, call);
      if (target.workspaceIds === null) created.push((await create(() => createWebhook(target.client, url, secret))).id);
      else for (const spaceId of target.workspaceIds) created.push((await create(() => createSpaceWebhook(target.client, spaceId, url, secret))).id);
      const wrikeHookId = created.join(',');
      await store.updateWebhook(connectionId, { wrikeHookId, status: 'ACTIVE' });
      return { ...record, wrikeHookId, status: 'ACTIVE' };
    } catch (error) {
      // All or none: the hooks made before the failure go too.
      for (const id of created) await deleteWebhook(target.client, id).catch(() => undefined);
      await store.updateWebhook(connectionId, { status: 'FAILED' });
      throw error;
    }
  }

  /**
   * Asks Wrike how the hooks fare: a suspended one is re-enabled; a missing one, or hooks of another scope than the
   * connection's now, are registered again. Answers whether anything had to be done.
   */
  async check(connectionId: string, target: HookTarget): Promise<'active' | 'reactivated' | 'none'> {
    const record = await this.deps.store.getWebhook(connectionId);
    const ids = hookIdsOf(record);
    if (ids.length === 0) return 'none';
    const hooks = await Promise.all(ids.map((id) => getWebhook(target.client, id)));
    if (hooks.some((hook) => !hook) || !coversScope(hooks as WrikeWebhook[], target.workspaceIds)) {
      await this.enable(connectionId, target);
      return 'reactivated';
    }
    const suspended = (hooks as WrikeWebhook[]).filter((hook) => hook.status !== 'Active');
    if (suspended.length === 0) return 'active';
    await this.deps.store.updateWebhook(connectionId, { status: 'SUSPENDED' });
    for (const hook of suspended) await this.activate(connectionId, target.client, hook.id);
    await this.deps.store.updateWebhook(connectionId, { status: 'ACTIVE' });
    return 'reactivated';
  }

  /** Removes the hooks at Wrike (if it still can) and here. */
  async disable(connectionId: string, client: WrikeCaller | undefined): Promise<void> {
    const record = await this.deps.store.getWebhook(connectionId);
    if (client) for (const id of hookIdsOf(record)) await deleteWebhook(client, id).catch(() => undefined);
    await this.deps.store.deleteWebhook(connectionId);
  }
}

/** Whether the hooks are exactly the scope's: one account-wide hook, or one per space. */
function coversScope(hooks: readonly WrikeWebhook[], workspaceIds: readonly string[] | null): boolean {
  if (workspaceIds === null) return hooks.length === 1 && !hooks[0]?.spaceId && !hooks[0]?.folderId;
  const spaces = hooks.map((hook) => hook.spaceId ?? '').sort();
  return spaces.join(',') === [...workspaceIds].sort().join(',');
}
