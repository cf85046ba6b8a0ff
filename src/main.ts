import http from 'node:http';
import { setTimeout as delay } from 'node:timers/promises';
import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { loadConfig, ConfigError } from './config';
import { createLogger, type Logger } from './logger';
import { createApolloServer } from './graphql/server';
import { buildSchema } from './graphql/schema';
import { startSubscriptions } from './http/subscriptions';
import { CursorCodec } from './graphql/cursor';
import { createRequestHandler } from './http/app';
import { permanentTokenCredentials } from './wrike/client';
import { ConnectionRuntime } from './connections/runtime';
import { RouterInvalidator } from './connections/router-invalidation';
import { HostPolicy } from './wrike/hosts';
import { getMe, getSpaces } from './wrike/endpoints';
import { ConnectionManager, type LiveConnection } from './connections/manager';
import { openSealer, openStore } from './connections/open-store';
import { awaitRedis, createRedis, redisAddress, redisAnswers, redisWatchEveryMs, watchRedis } from './connections/open-redis';
import type { CredentialStore } from './connections/store';
import { Authenticator, LOCAL_TENANT } from './http/auth';
import { oauthLinkRoutes, type OAuthLinkConfig } from './http/oauth-routes';
import { IdempotencyStore } from './writes/idempotency';
import { DownloadLinks } from './writes/download-links';
import type { SharedServices } from './graphql/context';
import { Metrics } from './metrics';
import { createSandbox, type Sandbox } from './sandbox/server';
import { startEvents } from './events/start';
import { webhookRoutes } from './http/webhooks';
import { CorsPolicy } from './http/cors';
import { receiverAddress, receiverNote, type ReceiverAddress } from './events/receiver-address';
import { CallbackSubscriptions } from './http/callback-subscriptions';
import { LocalCallbackRegistry, RedisCallbackRegistry } from './events/callback-registry';

export interface RunningServer {
  url: string;
  sandboxUrl?: string;
  /** The in-process sandbox, when one runs (tests read its store and counters). */
  sandbox?: Sandbox;
  connections: ConnectionManager;
  store: CredentialStore;
  /** SHUTDOWN_TIMEOUT_MS: how long stop() lets in-flight requests run. */
  shutdownTimeoutMs: number;
  stop(): Promise<void>;
}

const LOOPBACK_ORIGIN = /^http:\/\/(localhost|127\.0\.0\.1|\[::1\])(:\d+)?$/;

/** Starts the subgraph (and, by default, the Wrike sandbox in the same process). */
export async function startServer(
  env: Record<string, string | undefined> = process.env,
  options: { logger?: Logger } = {},
): Promise<RunningServer> {
  const config = loadConfig(env);
  const logger = options.logger ?? createLogger(config.logLevel);
  let baseUrl = config.wrikeApiBaseUrl ?? 'https://www.wrike.com/api/v4';
  let token = config.wrikePermanentToken;
  let sandbox: Sandbox | undefined;
  if (config.sandbox) {
    const size = /^\d+$/.test(config.sandboxSize) ? Number(config.sandboxSize) : (config.sandboxSize as 'small' | 'demo' | 'large');
    sandbox = createSandbox({
      seed: config.sandboxSeed, size, rateLimitPerMinute: config.sandboxRateLimitPerMinute, rateLimitBurst: config.sandboxRateLimitBurst,
      rateLimitPerSecond: config.sandboxRateLimitPerSecond,
    });
    const sandboxUrl = await sandbox.listen(config.sandboxPort);
    baseUrl = config.wrikeApiBaseUrl ?? `${sandboxUrl}/api/v4`;
    token = token ?? sandbox.permanentTokens.owner;
    logger.info({ sandboxUrl, tasks: sandbox.store.tasks.size }, 'Wrike sandbox started in process');
  }

  const store = await openStore({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, timeoutMs: config.databaseTimeoutMs }).catch(async (error: Error) => {
    await sandbox?.close();
    throw error;
  });
  const { sealer, generated } = openSealer({
    key: config.encryptionKey, previous: config.encryptionKeysPrevious, dataDir: config.dataDir, allowDevelopmentKey: config.sandbox,
  });
  if (generated) logger.warn({ file: generated }, 'ENCRYPTION_KEY is not set: generated a development key for the sandbox (set ENCRYPTION_KEY in production)');
  logger.info({ store: store.kind }, 'credential store ready');
  // Idempotency keys and OAuth nonces would otherwise stay for ever: dropped past their use, at start and hourly.
  const purge = () => store.purgeExpired(Date.now(), new Date(Date.now() - 3_600_000).toISOString())
    .catch((error: Error) => logger.warn({ err: error.message }, 'could not purge expired idempotency keys and nonces'));
  await purge();
  const purging = setInterval(() => void purge(), 3_600_000);
  purging.unref();

  const metrics = new Metrics();
  const sandboxOrigin = sandbox ? new URL(sandbox.url) : undefined;
  const oauthClient = sandbox
    ? { tokenUrl: `${sandbox.url}/oauth2/token`, clientId: 'sandbox-client', clientSecret: 'sandbox-secret' }
    : config.wrikeClientId && config.wrikeClientSecret
      ? { tokenUrl: `${config.wrikeOAuthUrl}/oauth2/token`, clientId: config.wrikeClientId, clientSecret: config.wrikeClientSecret }
      : undefined;
  const redis = config.redisUrl ? createRedis(config.redisUrl, config.redisTimeoutMs) : undefined;
  redis?.on('error', (error: Error) => logger.warn({ err: error.message }, 'Redis error'));
  if (redis && config.redisUrl) {
    // Start only with a Redis that answers (a few attempts, for one started alongside): one that is refused or
    // silent ends the start with an error naming it, not a crash on the first command.
    await awaitRedis(redis, config.redisUrl, Math.max(5000, 5 * config.redisTimeoutMs)).catch(async (error: Error) => {
      clearInterval(purging);
      await sandbox?.close();
      await store.close();
      throw error;
    });
    logger.info({ redis: redisAddress(config.redisUrl) }, 'REDIS_URL is set: the call budget and the cache are shared with every replica');
  }
  const redisWatch = redis && watchRedis(redis, redisWatchEveryMs(config), () => logger.warn('Redis did not answer a ping: reconnecting'));
  const invalidator = config.routerInvalidationUrl ? new RouterInvalidator({
    url: config.routerInvalidationUrl, secret: config.routerInvalidationSecret, subgraph: config.routerInvalidationSubgraph,
    logger: logger.child({ component: 'router-invalidation' }), onOutcome: (outcome) => metrics.routerInvalidations.inc({ outcome }),
  }) : undefined;
  const runtime = new ConnectionRuntime(config, metrics, redis, invalidator);
  const connections = new ConnectionManager({
    store, sealer, runtime, oauth: oauthClient,
    // Wrike's hosts, the in-process sandbox's, and (tests only) WRIKE_EXTRA_HOSTS.
    hosts: new HostPolicy([...(sandbox ? [new URL(sandbox.url).host] : []), ...config.wrikeExtraHosts]),
    onRefresh: (outcome) => metrics.refreshes.inc({ outcome }),
    whoAmI: (url, accessToken) => getMe(runtime.client(url, permanentTokenCredentials(accessToken), 'link-check')),
    spaceIdsOf: async (url, accessToken) => (await getSpaces(runtime.client(url, permanentTokenCredentials(accessToken), 'link-check'))).map((s) => s.id),
    // A linked account gets its webhook (when PUBLIC_URL says where Wrike reaches us); an unlinked one loses it.
    onLinked: (id, live) => events.register(id, live),
    onUnlinking: (id, live) => events.unregister(id, live),
  });
  // Where Wrike delivers hooks: PUBLIC_URL, or (the in-process sandbox) this server on loopback once it listens.
  const receiverInput = { publicUrl: config.publicUrl, webhooks: config.webhooks, inProcessSandbox: sandbox !== undefined && !config.wrikeApiBaseUrl };
  let receiver: ReceiverAddress = receiverAddress({ ...receiverInput, listening: undefined });
  const events = startEvents({ config, store, sealer, redis, logger, connections: () => connections, receiverBase: () => receiver.base });
  let defaultConnection: LiveConnection | undefined;
  if (token) {
    const live = connections.addStatic(LOCAL_TENANT, 'default', baseUrl, permanentTokenCredentials(token));
    // The default connection reads its account now (a start-up check too), but never waits long on Wrike for it:
    // a failure is logged and the account read again when a request needs it.
    // The 3 s wait is cancelled once the account answers: left running it would hold the process (and a test run)
    // open for the rest of the 3 s after stop().
    const waiting = new AbortController();
    const account = await Promise.race([
      live.accountId().then(() => 'ok', (error: Error) => error.message),
      delay(3000, 'no answer in 3 s', { signal: waiting.signal }).catch(() => 'cancelled'),
    ]).finally(() => waiting.abort());
    if (account !== 'ok') logger.warn({ reason: account }, 'The default connection could not read its Wrike account yet');
    defaultConnection = live;
  }

  const auth = new Authenticator(store, config.routerSecret, {
    allowed: config.sandbox || config.openMode, hosts: config.publicUrl ? [new URL(config.publicUrl).hostname] : [],
  });
  if (await auth.isOpenMode()) logger.warn('No API keys are configured: serving callers on this machine only (by localhost), as tenant "local" (create keys with npm run keys)');
  else if ((await store.countApiKeys()) === 0) logger.warn('No API keys are configured: every request is refused until one is created (npm run keys); OPEN_MODE=true serves callers on this machine without one');

  if (!config.cursorSecret) logger.warn('CURSOR_SECRET is not set: cursors are signed with a random key and stop working after a restart');
  const secret = config.cursorSecret ?? randomBytes(32).toString('hex');
  const server = http.createServer();
  const schema = buildSchema();
  const apollo = createApolloServer(logger, { maxDepth: config.maxQueryDepth, maxCalls: config.maxQueryCalls, maxRepresentations: config.maxEntityRepresentations }, metrics, server, config.shutdownTimeoutMs, schema, config.introspection,
    { entitySeconds: Math.floor(config.cacheMaxStalenessMs / 1000), metadataSeconds: Math.floor(config.cacheMetadataTtlMs / 1000) });
  await apollo.start();
  // Download links need the public URL, which needs the port: the app reads the services when requests come.
  const services = {
    cursors: new CursorCodec(secret), idempotency: new IdempotencyStore(store), maxAttachmentBytes: config.maxAttachmentBytes,
    maxCallsPerRequest: config.maxQueryCalls, requestDeadlineMs: config.requestDeadlineMs, metrics,
    events: { bus: events.bus, registrar: events.registrar, webhookOf: (id: string) => store.getWebhook(id) },
  } as SharedServices;
  let publicUrl = config.publicUrl ?? '';
  const oauthConfig: OAuthLinkConfig | undefined = oauthClient && {
    client: oauthClient,
    authorizeBase: sandbox?.url ?? config.wrikeOAuthUrl,
    publicUrl: () => publicUrl,
    allowReturn: (origin, openMode) => config.oauthReturnOrigins.includes(origin) || (openMode && LOOPBACK_ORIGIN.test(origin)),
    secret,
    defaultHost: sandboxOrigin?.host ?? 'www.wrike.com',
    scopes: config.wrikeOAuthScopes,
  };
  // Router subscriptions by HTTP callback: registered in Redis when there is one, so that any replica carries them on.
  const callbacks = new CallbackSubscriptions({
    schema, connections, services, logger,
    registry: redis ? new RedisCallbackRegistry(redis, config.redisKeyPrefix) : new LocalCallbackRegistry(),
    allowedOrigins: config.routerCallbackOrigins, leaseMs: config.callbackLeaseMs, perTenant: config.maxSubscriptionsPerTenant,
    limits: { maxDepth: config.maxQueryDepth, maxCalls: config.maxQueryCalls, maxRepresentations: config.maxEntityRepresentations },
    access: {
      activeKeyIds: async () => new Set((await store.listApiKeys()).filter((key) => key.revokedAt === null).map((key) => key.id)),
      openMode: () => auth.isOpenMode(),
    },
  });
  const oauthRoutes = oauthConfig && oauthLinkRoutes({ config: oauthConfig, auth, store, connections, logger });
  const cors = new CorsPolicy(config.corsOrigins, config.publicUrl ? [new URL(config.publicUrl).hostname] : []);
  server.on('request', createRequestHandler({ apollo, connections, store, auth, services, logger, wrikeBaseUrl: baseUrl, oauthRoutes, webhookRoutes: webhookRoutes({ store, registrar: events.registrar, intake: events.intake, logger }),
    redisReady: redis && (() => redisAnswers(redis)),
    metricsAccess: { metricsToken: config.metricsToken, routerSecret: config.routerSecret }, cors, callbacks,
  }));
  const subscriptions = startSubscriptions({
    httpServer: server, schema, auth, connections, services, logger,
    limits: { perSocket: config.maxSubscriptionsPerSocket, perTenant: config.maxSubscriptionsPerTenant },
    queryLimits: { maxDepth: config.maxQueryDepth, maxCalls: config.maxQueryCalls, maxRepresentations: config.maxEntityRepresentations },
    allowsOrigin: (origin, host) => cors.allowsSocket(origin, host),
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.port, config.host, () => {
      // Listening: a later server error (out of file descriptors on accept) is logged; the server goes on.
      server.off('error', reject);
      server.on('error', (error: Error) => logger.error({ err: error.message }, 'HTTP server error'));
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  receiver = receiverAddress({ ...receiverInput, listening: server.address() as AddressInfo });
  logger.info({ webhooks: receiver.base ?? null }, receiverNote(receiver));
  callbacks.start();
  // Wrike verifies a hook's secret with a request to us before it answers: only now can it reach the receiver.
  if (defaultConnection) events.register('default', defaultConnection);
  publicUrl = config.publicUrl ?? `http://localhost:${port}`;
  services.downloads = new DownloadLinks(secret, publicUrl, config.downloadUrlTtlSeconds);
  const url = `http://localhost:${port}/graphql`;
  // One line that says which Wrike this server talks to, and how.
  const wrike = sandbox ? `the in-process Wrike sandbox at ${sandbox.url}` : `Wrike at ${baseUrl}`;
  const how = [
    token ? 'a default connection with a permanent token' : 'no default connection',
    oauthClient ? `OAuth linking through ${sandbox ? sandbox.url : config.wrikeOAuthUrl}` : 'no OAuth linking',
  ].join(', ');
  const graphiql = `http://localhost:${port}/graphiql`;
  logger.info({ url, graphiql, wrikeApiBaseUrl: baseUrl, sandbox: config.sandbox },
    `wrike-subgraph listening on ${url} (GraphiQL in a browser: ${graphiql}); talking to ${wrike} (${how})`);
  return {
    url,
    shutdownTimeoutMs: config.shutdownTimeoutMs,
    sandboxUrl: sandbox?.url,
    sandbox,
    connections,
    store,
    /** Drains: refuses new requests, lets in-flight ones finish (up to SHUTDOWN_TIMEOUT_MS), then closes the rest. */
    stop: async () => {
      clearInterval(purging);
      await subscriptions.close();
      await callbacks.stop();
      await apollo.stop();
      await events.stop();
      await invalidator?.close();
      await sandbox?.close();
      await store.close();
      redisWatch?.stop();
      await redis?.quit().catch(() => redis.disconnect());
    },
  };
}

if (require.main === module) {
  // A bug that escapes every handler still ends the process (its state is unknown), but with one line that says what.
  const fatal = (kind: string) => (error: unknown) => {
    const { message, stack } = error instanceof Error ? error : { message: String(error), stack: undefined };
    console.error(JSON.stringify({ level: 60, msg: `${kind}: exiting`, err: message, stack }));
    process.exit(1);
  };
  process.on('uncaughtException', fatal('uncaught exception'));
  process.on('unhandledRejection', fatal('unhandled promise rejection'));
  startServer()
    .then((running) => {
      let stopping = false;
      const stop = (signal: string) => {
        if (stopping) return;
        stopping = true;
        console.error(JSON.stringify({ level: 30, msg: `${signal}: draining in-flight requests, then stopping` }));
        // Whatever hangs (a store, Redis, a socket), the process is gone soon after the drain's own limit.
        setTimeout(() => {
          console.error(JSON.stringify({ level: 40, msg: 'shutdown did not finish in time: exiting' }));
          process.exit(1);
        }, running.shutdownTimeoutMs + 2000).unref();
        void running.stop().then(() => process.exit(0), () => process.exit(1));
      };
      process.on('SIGINT', () => stop('SIGINT'));
      process.on('SIGTERM', () => stop('SIGTERM'));
    })
    .catch((error: unknown) => {
      const message = error instanceof ConfigError ? `configuration error: ${error.message}` : (error as Error).message;
      console.error(`wrike-subgraph failed to start: ${message}`);
      process.exit(1);
    });
}
