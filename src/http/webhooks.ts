import express, { Router } from 'express';
import type { CredentialStore } from '../connections/store';
import type { WebhookRegistrar } from '../events/webhooks';
import type { Claim, EventIntake } from '../events/intake';
import { answerableChallenge, hookHmac, readDelivery } from '../events/deliveries';
import type { Logger } from '../logger';

/** Connection ids a hook can be registered for: linked ones (`conn_…`) and the configured `default`. */
const HOOK_CONNECTION = /^(conn_[A-Za-z0-9_-]{12}|default)$/;

/** Signs nothing: checked against when the connection has no hook, so that an unknown id costs the same work. */
const NO_SECRET = 'no hook: nothing verifies against this';

/**
 * POST /webhooks/wrike/:connectionId, Wrike's only way in.
 *
 * - Wrike's secret verification is answered only while this service registers or re-enables that connection's
 *   hook (a single-use window in the store, so any replica answers it), and never for a challenge that reads as a
 *   delivery body (see answerableChallenge).
 * - A delivery's signature is checked against the connection's secrets (constant time) before anything else; its
 *   `X-Hook-Secret` challenge, if any, is answered only then. A good delivery's events are claimed in the store
 *   (pending, with their text) before the 200, and published after it (src/events/intake.ts): a replica that dies in
 *   between leaves them to the retry of any replica sharing the store (itself, once started again). An event the store cannot take is published before the 200; when that
 *   fails too (or the connection cannot be looked up), the answer is 503 `{"error":"unavailable"}`, nothing
 *   acknowledged, for Wrike to deliver again (or suspend the hook, which the periodic check re-enables and sweeps).
 * - Everything else (unknown or malformed connection id, a verification outside a window, unsigned, mis-signed or
 *   malformed bodies) gets one answer, 401 `{"error":"not accepted"}`, which tells nothing of which it was, nor
 *   whether the connection exists; bodies over 1 MB are 413 for any id. Nothing is touched.
 */
export function webhookRoutes(deps: { store: CredentialStore; registrar: WebhookRegistrar; intake: EventIntake; logger: Logger }): Router {
  const router = Router();
  router.post('/webhooks/wrike/:connectionId', express.raw({ type: () => true, limit: '1mb' }), async (req, res, next) => {
    try {
      const connectionId = String(req.params.connectionId);
      const unavailable = (error: Error) => {
        deps.logger.error({ connectionId, err: { message: error.message } }, 'webhook events could not be kept nor published: 503, for Wrike to deliver again');
        res.status(503).json({ error: 'unavailable' });
      };
      const refuse = (reason: string) => {
        deps.logger.info({ reason }, 'webhook request refused');
        res.status(401).json({ error: 'not accepted' });
      };
      let record: Awaited<ReturnType<CredentialStore['getWebhook']>>;
      try {
        record = HOOK_CONNECTION.test(connectionId) ? await deps.store.getWebhook(connectionId) : undefined;
      } catch (error) {
        // The store is down: nothing can be checked or kept, so nothing is acknowledged.
        return unavailable(error as Error);
      }
      const secrets = record ? deps.registrar.secretsOf(record) : [NO_SECRET];
      const body = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
      const challenge = req.header('x-hook-secret');
      const delivery = readDelivery(body, { signature: req.header('x-hook-signature'), challenge }, secrets);
      if (!record) return refuse('no hook for this connection');
      if (delivery.kind === 'refused') return refuse(delivery.reason);
      if (delivery.kind === 'verification') {
        if (!answerableChallenge(delivery.challenge)) return refuse('a challenge that reads as a delivery');
        if (!(await deps.registrar.consumeHandshake(connectionId))) return refuse('a verification outside a registration window');
        res.setHeader('X-Hook-Secret', hookHmac(secrets[0] as string, delivery.challenge));
        return res.status(200).end();
      }
      // Durable before acknowledged: each event is claimed in the store (pending, with its text) before the 200, so
      // that a replica that dies right after it leaves the publishing to the retry loop of any replica sharing the store.
      let claim: Claim;
      try {
        claim = await deps.intake.claim(connectionId, delivery.events);
      } catch (error) {
        return unavailable(error as Error);
      }
      // What the store could not take is published before the answer: nothing unpublished is acknowledged unkept.
      const unkept = claim.events.filter((entry) => !entry.kept);
      if (unkept.length > 0) {
        try {
          await deps.intake.publish({ ...claim, events: unkept });
        } catch (error) {
          return unavailable(error as Error);
        }
      }
      // A verified delivery's challenge is answered with the secret that signed it (an old hook's, in the overlap).
      if (answerableChallenge(challenge)) res.setHeader('X-Hook-Secret', hookHmac(delivery.secret, challenge));
      res.status(200).end();
      deps.intake.publish({ ...claim, events: claim.events.filter((entry) => entry.kept) }).catch((error: unknown) => {
        deps.logger.warn({ connectionId, err: { message: (error as Error).message } }, 'webhook events not published yet: kept, to be retried');
      });
    } catch (error) {
      next(error);
    }
  });
  return router;
}
