import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { loadConfig, ConfigError } from './config';
import { createLogger } from './logger';
import { createApolloServer } from './graphql/server';
import { createApp } from './http/app';
import { WrikeClient, permanentTokenCredentials } from './wrike/client';
import { createSandbox } from './sandbox/server';

export interface RunningServer {
  url: string;
  sandboxUrl?: string;
  stop(): Promise<void>;
}

/** Starts the subgraph (and, by default, the Wrike sandbox in the same process). */
export async function startServer(env: Record<string, string | undefined> = process.env): Promise<RunningServer> {
  const config = loadConfig(env);
  const logger = createLogger(config.logLevel);
  let baseUrl = config.wrikeApiBaseUrl ?? 'https://www.wrike.com/api/v4';
  let token = config.wrikePermanentToken;
  let sandbox: ReturnType<typeof createSandbox> | undefined;
  if (config.sandbox) {
    const size = /^\d+$/.test(config.sandboxSize) ? Number(config.sandboxSize) : (config.sandboxSize as 'small' | 'demo' | 'large');
    sandbox = createSandbox({ seed: config.sandboxSeed, size });
    const sandboxUrl = await sandbox.listen(config.sandboxPort);
    baseUrl = config.wrikeApiBaseUrl ?? `${sandboxUrl}/api/v4`;
    token = token ?? sandbox.permanentTokens.owner;
    logger.info({ sandboxUrl, tasks: sandbox.store.tasks.size }, 'Wrike sandbox started in process');
  }
  const wrike = new WrikeClient({
    baseUrl,
    credentials: permanentTokenCredentials(token as string),
    timeoutMs: config.wrikeTimeoutMs,
    maxConcurrency: config.wrikeMaxConcurrency,
    budgetPerMinute: config.wrikeBudgetPerMinute,
  });
  const apollo = createApolloServer(logger);
  await apollo.start();
  const server = http.createServer(createApp({ apollo, wrike }));
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.port, config.host, resolve);
  });
  const port = (server.address() as AddressInfo).port;
  const url = `http://localhost:${port}/graphql`;
  logger.info({ url, wrikeApiBaseUrl: baseUrl, sandbox: config.sandbox }, `wrike-subgraph listening on ${url}, Wrike API at ${baseUrl}`);
  return {
    url,
    sandboxUrl: sandbox?.url,
    stop: async () => {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      await apollo.stop();
      await sandbox?.close();
    },
  };
}

if (require.main === module) {
  startServer()
    .then((running) => {
      const stop = () => {
        void running.stop().then(() => process.exit(0));
      };
      process.on('SIGINT', stop);
      process.on('SIGTERM', stop);
    })
    .catch((error: unknown) => {
      const message = error instanceof ConfigError ? `configuration error: ${error.message}` : (error as Error).message;
      console.error(`wrike-subgraph failed to start: ${message}`);
      process.exit(1);
    });
}
