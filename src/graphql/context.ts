import { RoundScheduler, trackedCaller, type WrikeCaller } from '../wrike/rounds';
import { createLoaders, type WrikeLoaders } from '../wrike/loaders';
import type { ConnectionRegistry, LiveConnection } from '../connections/registry';
import type { CursorCodec } from './cursor';
import type { IdempotencyStore } from '../writes/idempotency';
import type { DownloadLinks } from '../writes/download-links';
import type { Metrics } from '../metrics';
import { userError } from './errors';

/** What every request shares: cursor signing, idempotency, download links, limits. */
export interface SharedServices {
  cursors: CursorCodec;
  idempotency: IdempotencyStore;
  downloads: DownloadLinks;
  /** Largest attachment accepted as base64 by createAttachment. */
  maxAttachmentBytes: number;
  metrics: Metrics;
}

/** Built per request: the caller's Wrike connection, its client, the request's loaders, and the shared services. */
export interface GraphQLContext extends SharedServices {
  connectionId: string;
  /** The connection's client, tracked by this request's round scheduler. */
  wrike: WrikeCaller;
  loaders: WrikeLoaders;
}

const CONNECTION_ID = /^[A-Za-z0-9_-]{1,64}$/;

/**
 * The connection a request asked for with `X-Connection-Id`; with a single connection the header may be left out.
 * Errors are typed and reveal nothing about connections the caller may not use.
 */
export function pickConnection(registry: ConnectionRegistry, header: string | undefined): LiveConnection {
  if (header === undefined || header === '') {
    const all = registry.list();
    if (all.length === 1) return all[0] as LiveConnection;
    throw userError('BAD_USER_INPUT', 'Send the X-Connection-Id header to choose a Wrike connection', { http: { status: 400 } });
  }
  if (!CONNECTION_ID.test(header)) {
    throw userError('BAD_USER_INPUT', 'X-Connection-Id is not a valid connection id', { http: { status: 400 } });
  }
  const connection = registry.get(header);
  if (!connection) throw userError('FORBIDDEN', 'No such connection for this caller', { http: { status: 403 } });
  return connection;
}

export function buildContext(connection: LiveConnection, services: SharedServices): GraphQLContext {
  const rounds = new RoundScheduler();
  const wrike = trackedCaller(connection.client, rounds);
  const loaders = createLoaders(wrike, rounds, (loader) => services.metrics.cacheHits.inc({ loader }));
  return { ...services, connectionId: connection.id, wrike, loaders };
}
