import { createHmac } from 'node:crypto';
import { sameSecret } from '../same-secret';

/**
 * Short-lived signed links to download an attachment through this service: bound to the connection and the
 * attachment, valid for `ttlSeconds`. The link carries no token; the service streams the bytes from Wrike.
 */
export class DownloadLinks {
  constructor(
    private readonly secret: string,
    private readonly publicUrl: string,
    private readonly ttlSeconds: number,
    private readonly now: () => number = Date.now,
  ) {}

  url(tenantId: string, connectionId: string, attachmentId: string): string {
    const expires = Math.floor(this.now() / 1000) + this.ttlSeconds;
    const signature = this.sign(tenantId, connectionId, attachmentId, expires);
    const query = new URLSearchParams({ tenant: tenantId, connection: connectionId, expires: String(expires), signature });
    return `${this.publicUrl}/attachments/${encodeURIComponent(attachmentId)}/download?${query}`;
  }

  /** The tenant and connection when the link is genuine and fresh, else undefined. */
  verify(attachmentId: string, query: Record<string, unknown>): { tenantId: string; connectionId: string } | undefined {
    const { tenant, connection, expires, signature } = query;
    if (typeof tenant !== 'string' || typeof connection !== 'string' || typeof expires !== 'string' || typeof signature !== 'string') return undefined;
    const at = Number(expires);
    if (!Number.isInteger(at) || at < Math.floor(this.now() / 1000)) return undefined;
    return sameSecret(signature, this.sign(tenant, connection, attachmentId, at)) ? { tenantId: tenant, connectionId: connection } : undefined;
  }

  private sign(tenantId: string, connectionId: string, attachmentId: string, expires: number): string {
    return createHmac('sha256', this.secret).update(`download\n${tenantId}\n${connectionId}\n${attachmentId}\n${expires}`).digest('base64url');
  }
}
