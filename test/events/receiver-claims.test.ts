import { createHmac } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import express from 'express';
import { SqliteStore } from '../../src/connections/sqlite-store';
import type { CredentialStore } from '../../src/connections/store';
import { Sealer } from '../../src/connections/crypto';
import { EventIntake } from '../../src/events/intake';
import { LocalEventBus, type EventBus } from '../../src/events/bus';
import { WebhookRegistrar } from '../../src/events/webhooks';
import { webhookRoutes } from '../../src/http/webhooks';
import { createLogger } from '../../src/logger';
import { ConnectionCache, MemoryCacheStore } from '../../src/wrike/cache';
import type { ChangeMessage } from '../../src/events/deliveries';

/**
 * The receiver over HTTP when the credential store cannot take a delivery's claims: nothing is acknowledged that is
 * neither kept nor published (a real SQLite store whose claims fail, the real route, intake and registrar).
 */

const SECRET = 'receiver-claims-secret';
const EVENTS = [{ taskId: 'T1', eventType: 'TaskCreated' }, { taskId: 'T2', eventType: 'TaskDeleted' }];

async function receiver(bus: EventBus, storeDown = false) {
  const store = new SqliteStore(path.join(mkdtempSync(path.join(os.tmpdir(), 'wsg-receiver-')), 'db.sqlite'));
  await store.migrate();
  const sealer = new Sealer({ current: Buffer.alloc(32, 9), previous: [] });
  await store.putWebhook({ connectionId: 'default', wrikeHookId: 'H1', sealedSecret: sealer.seal(SECRET, 'webhook:default'), status: 'ACTIVE', lastEventAt: null, createdAt: new Date().toISOString() });
  // The store answers everything but a claim (a lock it cannot get, a disk that is full).
  const claimsFail: CredentialStore = Object.assign(Object.create(store) as CredentialStore, {
    claimWebhookEvent: async () => { throw new Error('the store cannot take the claim'); },
    ...(storeDown ? { getWebhook: async () => { throw new Error('connect ECONNREFUSED 127.0.0.1:5432'); } } : {}),
  });
  const logger = createLogger('silent');
  const registrar = new WebhookRegistrar({ store: claimsFail, sealer, publicUrl: 'https://example.test', handshakeWindowMs: 1000 });
  const cache = new ConnectionCache(new MemoryCacheStore({ maxEntries: 100, maxBytes: 1 << 20 }), 'test:c', { entityMs: 1000, metadataMs: 1000 });
  const intake = new EventIntake({ store: claimsFail, bus, logger, retryMs: 1000, target: async () => ({ tenantId: 'local', cache, workspaceIds: null, hookIds: [] }) });
  const app = express().use(webhookRoutes({ store: claimsFail, registrar, intake, logger }));
  const server = app.listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  const body = JSON.stringify(EVENTS);
  const deliver = () => fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}/webhooks/wrike/default`, {
    method: 'POST', headers: { 'Content-Type': 'application/json', 'X-Hook-Signature': createHmac('sha256', SECRET).update(body).digest('hex') }, body,
  });
  return { deliver, close: async () => { await new Promise((resolve) => server.close(resolve)); await store.close(); } };
}

describe('a delivery whose claims the store cannot take', () => {
  it('is published before it is acknowledged', async () => {
    const bus = new LocalEventBus();
    const heard: ChangeMessage[] = [];
    bus.subscribe((message) => heard.push(message));
    const r = await receiver(bus);
    try {
      const answer = await r.deliver();
      // Heard by the time the 200 arrives: nothing acknowledged waits on a claim that was not kept.
      const atAnswer = heard.map((m) => m.ticketId);
      expect(answer.status).toBe(200);
      expect(atAnswer).toEqual(['T1', 'T2']);
    } finally {
      await r.close();
    }
  });

  it('is answered 503, not acknowledged, when it cannot be published either', async () => {
    const bus = new LocalEventBus();
    bus.publish = async () => { throw new Error('the bus is down'); };
    const r = await receiver(bus);
    try {
      const answer = await r.deliver();
      expect(answer.status).toBe(503);
      expect(await answer.json()).toEqual({ error: 'unavailable' });
    } finally {
      await r.close();
    }
  });
});

describe('a delivery while the credential store is down', () => {
  it('is answered 503 (not acknowledged), and says nothing of the store', async () => {
    const r = await receiver(new LocalEventBus(), true);
    try {
      const answer = await r.deliver();
      expect(answer.status).toBe(503);
      expect(await answer.json()).toEqual({ error: 'unavailable' });
    } finally {
      await r.close();
    }
  });
});
