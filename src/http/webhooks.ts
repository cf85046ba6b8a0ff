import express, { Router } from 'express';
import type { CredentialStore } from '../connections/store';
import type { WebhookRegistrar } from '../events/webhooks';
import type { EventIntake } from '../events/intake';
import { hookHmac, readDelivery } from '../events/deliveries';
import type { Logger } from '../logger';

/** Connection ids a hook can be registered for: linked ones (`conn_…`) and the configured `default`. */
const HOOK_CONNECTION = /^(conn_[A-Za-z0-9_-]{12}|default)$/;

/**
 * POST /webhooks/wrike/:connectionId, Wrike's only way in. The handshake is answered, every delivery's signature
 * checked against the connection's own secret (constant time) before anything else, and a good delivery is
 * acknowledged at once: the work (dedupe, cache, fan-out) happens after the 200. Anything unsigned, mis-signed,
 * oversized or for an unknown connection is refused without touching state.
 */
export function webhookRoutes(deps: { store: CredentialStore; registrar: WebhookRegistrar; intake: EventIntake; logger: Logger }): Router {
  const router = Router();
  router.post('/webhooks/wrike/:connectionId', express.raw({ type: () => true, limit: '1mb' }), async (req, res, next) => {
    try {
      const connectionId = String(req.params.connectionId);
      const record = HOOK_CONNECTION.test(connectionId) ? await deps.store.getWebhook(connectionId) : undefined;
      if (!record) return res.status(404).json({ error: 'unknown hook' });
      const secret = deps.registrar.secretOf(record);
      const body = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
      const challenge = req.header('x-hook-secret');
      const delivery = readDelivery(body, { signature: req.header('x-hook-signature'), challenge }, secret);
      if (delivery.kind === 'refused') {
        deps.logger.info({ connectionId, reason: delivery.reason }, 'webhook delivery refused');
        return res.status(delivery.status).json({ error: delivery.reason });
      }
      // Any challenge, on the handshake or on a delivery, is answered with HMAC(secret, challenge).
      if (challenge) res.setHeader('X-Hook-Secret', hookHmac(secret, challenge));
      res.status(200).end();
      if (delivery.kind === 'events') {
        deps.intake.take(connectionId, delivery.events).catch((error: unknown) => {
          deps.logger.error({ connectionId, err: { message: (error as Error).message } }, 'webhook events could not be taken');
        });
      }
    } catch (error) {
      next(error);
    }
  });
  return router;
}
