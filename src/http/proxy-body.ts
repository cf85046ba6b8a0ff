import type { IncomingMessage } from 'node:http';
import { bodyTypeOf, type BodyType } from './proxy-params';

/** The largest form or JSON body the proxy reads (Wrike's parameters; files go as uploads, streamed). */
export const MAX_PROXIED_BODY_BYTES = 1024 * 1024;

/** A proxied body refused before any call: its HTTP status and why. */
export class ProxyBodyError extends Error {
  constructor(readonly status: 413 | 415, message: string) {
    super(message);
  }
}

/** Attachment uploads (a file's bytes, named by the X-File-Name header): the only bodies passed on unread. */
export function isUpload(method: string, path: string): boolean {
  return (method === 'POST' && /^\/(tasks|folders)\/[^/]+\/attachments$/.test(path)) || (method === 'PUT' && /^\/attachments\/[^/]+$/.test(path));
}

/**
 * A write's parameters body, read whole (at most MAX_PROXIED_BODY_BYTES) so that its parameters can be checked
 * before anything is sent: form or JSON, UTF-8, not compressed. An empty body reads as none.
 */
export async function readParamsBody(req: IncomingMessage): Promise<{ type: BodyType; bytes: Buffer } | undefined> {
  const type = bodyTypeOf(req.headers['content-type']);
  const declared = Number(req.headers['content-length'] ?? 0);
  const refuse = (error: ProxyBodyError) => {
    req.resume();
    throw error;
  };
  if ((req.headers['content-encoding'] ?? 'identity').toLowerCase() !== 'identity') refuse(new ProxyBodyError(415, 'The proxy takes uncompressed bodies'));
  if (declared > MAX_PROXIED_BODY_BYTES) refuse(new ProxyBodyError(413, `The request body is over ${MAX_PROXIED_BODY_BYTES} bytes`));
  const bytes = await new Promise<Buffer>((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_PROXIED_BODY_BYTES) return void chunks.push(chunk);
      // Read on to the end without keeping it, so that the answer reaches the caller.
      req.removeAllListeners('data');
      req.resume();
      reject(new ProxyBodyError(413, `The request body is over ${MAX_PROXIED_BODY_BYTES} bytes`));
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
  if (bytes.length === 0) return undefined;
  if (type === 'none' || type === 'other') refuse(new ProxyBodyError(415, 'A proxied write sends its parameters as application/x-www-form-urlencoded or application/json'));
  return { type: type as BodyType, bytes };
}
