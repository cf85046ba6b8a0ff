import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { SqliteStore } from '../../src/connections/sqlite-store';
import { Sealer } from '../../src/connections/crypto';
import { EventIntake } from '../../src/events/intake';
import { LocalEventBus } from '../../src/events/bus';
import { SECRET_OVERLAP_MS, WebhookRegistrar } from '../../src/events/webhooks';
import { createLogger } from '../../src/logger';
import { ConnectionCache, MemoryCacheStore } from '../../src/wrike/cache';
import type { ChangeMessage } from '../../src/events/deliveries';

/** The intake and the registrar over a real SQLite store (the HTTP side is in test/seams/webhooks-events.test.ts). */
const openStore = async () => {
  const store = new SqliteStore(path.join(mkdtempSync(path.join(os.tmpdir(), 'wsg-intake-')), 'db.sqlite'));
  await store.migrate();
  return store;
};

describe('the intake', () => {
  it('publishes without its repeat check when the store cannot be reached, rather than lose what was acknowledged', async () => {
    const store = await openStore();
    const bus = new LocalEventBus();
    const heard: ChangeMessage[] = [];
    bus.subscribe((message) => heard.push(message));
    const intake = new EventIntake({
      store, bus, logger: createLogger('silent'), retryMs: 1000,
      target: async () => ({ tenantId: 'local', cache: new ConnectionCache(new MemoryCacheStore({ maxEntries: 100, maxBytes: 1 << 20 }), 'test:c', { entityMs: 1000, metadataMs: 1000 }), workspaceIds: null, hookIds: [] }),
    });
    await store.close();
    expect(await intake.take('default', [{ taskId: 'T1', eventType: 'TaskCreated' }, { taskId: 'T2', eventType: 'TaskDeleted' }])).toBe(2);
    expect(heard.map((m) => [m.ticketId, m.type])).toEqual([['T1', 'CREATED'], ['T2', 'DELETED']]);
  });
});

describe('the registrar\'s secrets', () => {
  it('accept the replaced secret only until its overlap ends', () => {
    const sealer = new Sealer({ current: Buffer.alloc(32, 7), previous: [] });
    const registrar = new WebhookRegistrar({ store: undefined as never, sealer, publicUrl: 'https://example.test', handshakeWindowMs: 1000 });
    const now = Date.now();
    const record = {
      connectionId: 'default', wrikeHookId: 'H2', sealedSecret: sealer.seal('new', 'webhook:default'), status: 'ACTIVE' as const,
      lastEventAt: null, createdAt: new Date(now).toISOString(), previousSealedSecret: sealer.seal('old', 'webhook:default'), previousUntil: now + SECRET_OVERLAP_MS,
    };
    expect(registrar.secretsOf(record, now)).toEqual(['new', 'old']);
    expect(registrar.secretsOf(record, now + SECRET_OVERLAP_MS)).toEqual(['new']);
    expect(registrar.secretsOf({ ...record, previousSealedSecret: null, previousUntil: null }, now)).toEqual(['new']);
  });
});
