import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { Router } from 'express';
import type { SandboxStore } from './store';

/**
 * Where attachment bytes live: Wrike answers a download with a redirect to a short-lived signed URL on its file
 * storage, another host. Like a cloud storage bucket, the storage refuses a request that also carries an
 * `Authorization` header (only one way to authenticate), so a client that forwards its Wrike token there fails.
 */
export class SignedStorage {
  private readonly secret = randomBytes(32);

  constructor(private readonly origin: () => string, private readonly ttlSeconds = 60, private readonly now: () => number = Date.now) {}

  link(attachmentId: string): string {
    const expires = Math.floor(this.now() / 1000) + this.ttlSeconds;
    return `${this.origin()}/__storage/${attachmentId}?expires=${expires}&signature=${this.sign(attachmentId, expires)}`;
  }

  routes(store: SandboxStore): Router {
    const router = Router();
    router.get('/:id', (req, res) => {
      const refuse = (status: number, message: string) => res.status(status).type('application/xml').send(`<Error><Message>${message}</Message></Error>`);
      if (req.header('authorization')) return refuse(400, 'Only one auth mechanism allowed: the signed URL, not an Authorization header');
      const id = String(req.params.id);
      const expires = Number(req.query.expires);
      const signature = String(req.query.signature ?? '');
      const expected = this.sign(id, expires);
      if (!Number.isInteger(expires) || signature.length !== expected.length || !timingSafeEqual(Buffer.from(signature), Buffer.from(expected))) {
        return refuse(403, 'Signature does not match');
      }
      if (expires * 1000 < this.now()) return refuse(403, 'Request has expired');
      const attachment = store.attachments.get(id);
      if (!attachment) return refuse(404, 'No such key');
      res.status(200);
      res.setHeader('Content-Type', attachment.contentType);
      res.setHeader('Content-Length', String(attachment.size));
      // RFC 6266: an ASCII fallback, and the real name in UTF-8.
      const fallback = attachment.name.replace(/[^\x20-\x7e]|["\\]/g, '_');
      res.setHeader('Content-Disposition', `attachment; filename="${fallback}"; filename*=UTF-8''${encodeURIComponent(attachment.name)}`);
      res.end(attachment.bytes);
    });
    return router;
  }

  private sign(id: string, expires: number): string {
    return createHmac('sha256', this.secret).update(`${id}:${expires}`).digest('base64url');
  }
}
