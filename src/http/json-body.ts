import type { IncomingMessage } from 'node:http';
import type { Readable } from 'node:stream';
import { createBrotliDecompress, createGunzip, createInflate } from 'node:zlib';

/** A request body refused before any GraphQL work: a 4xx, typed like body-parser's errors. */
export class BodyError extends Error {
  constructor(readonly status: 400 | 413 | 415, readonly type: string, message: string) {
    super(message);
  }
}

const DECODERS: Record<string, (() => NodeJS.ReadWriteStream) | undefined> = {
  gzip: createGunzip, deflate: createInflate, br: createBrotliDecompress,
};

/**
 * The JSON body of a request, as Express's json() parser reads it: `application/json` only (any other type gives
 * `undefined`, and Apollo answers the 400), UTF-8, gzip/deflate/br inflated, at most `limit` bytes once inflated,
 * an object or an array (strict), an empty body read as `{}`.
 */
export async function readJsonBody(req: IncomingMessage, limit: number): Promise<unknown> {
  const [mediaType = '', ...params] = (req.headers['content-type'] ?? '').split(';');
  if (mediaType.trim().toLowerCase() !== 'application/json') {
    req.resume();
    return undefined;
  }
  const charset = params.map((p) => p.trim().toLowerCase()).find((p) => p.startsWith('charset='))?.slice(8).replace(/"/g, '');
  if (charset !== undefined && charset !== 'utf-8' && charset !== 'utf8') {
    req.resume();
    throw new BodyError(415, 'charset.unsupported', `The charset ${charset.slice(0, 20)} is not supported: send UTF-8`);
  }
  const encoding = (req.headers['content-encoding'] ?? 'identity').toLowerCase();
  const decoder = encoding === 'identity' ? undefined : DECODERS[encoding];
  if (encoding !== 'identity' && !decoder) {
    req.resume();
    throw new BodyError(415, 'encoding.unsupported', 'The request body\'s Content-Encoding is not supported');
  }
  if (!decoder && Number(req.headers['content-length'] ?? 0) > limit) {
    req.resume();
    throw new BodyError(413, 'entity.too.large', 'The request body is too large');
  }
  const text = await readText(decoder ? req.pipe(decoder()) : req, limit, req);
  if (text.trim() === '') return {};
  const first = text.trimStart()[0];
  if (first !== '{' && first !== '[') throw new BodyError(400, 'entity.parse.failed', 'The request body is not valid JSON');
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new BodyError(400, 'entity.parse.failed', 'The request body is not valid JSON');
  }
}

function readText(stream: Readable | NodeJS.ReadWriteStream, limit: number, req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const fail = (error: Error) => {
      stream.removeAllListeners('data');
      req.resume();
      reject(error);
    };
    stream.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) return fail(new BodyError(413, 'entity.too.large', 'The request body is too large'));
      chunks.push(chunk);
    });
    stream.once('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    stream.once('error', () => fail(new BodyError(400, 'request.aborted', 'The request body could not be read')));
  });
}
