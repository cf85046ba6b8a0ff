/**
 * `npm run sandbox`: the Wrike v4 sandbox alone. Configuration by environment:
 * SANDBOX_PORT (default 8800), SANDBOX_HOST (127.0.0.1), SANDBOX_SEED (42), SANDBOX_SIZE (small|demo|large or a
 * task count; demo), SANDBOX_RATE_LIMIT_PER_MINUTE (400), SANDBOX_RATE_LIMIT_PER_SECOND (⌈per minute / 60⌉),
 * SANDBOX_ACCESS_TOKEN_TTL_SECONDS (3600),
 * SANDBOX_LATENCY_MS (0), SANDBOX_OAUTH_AUTO_APPROVE (false).
 */
import { createSandbox } from './server';
import { sandboxOptionsFromEnv } from './env';

async function main(): Promise<void> {
  const started = Date.now();
  const { options, port, host } = sandboxOptionsFromEnv(process.env);
  const sandbox = createSandbox(options);
  const url = await sandbox.listen(port, host);
  const { store } = sandbox;
  const lines = [
    `Wrike sandbox listening on ${url} (seed ${options.seed}, ${store.tasks.size} tasks, ${store.folders.size} folders, ${store.contacts.size} contacts; seeded in ${Date.now() - started} ms)`,
    `  API:      ${url}/api/v4        OAuth: ${url}/oauth2/authorize/v4 and ${url}/oauth2/token`,
    `  Control:  ${url}/__sandbox/{info,counters,faults,settings}`,
    `  OAuth client: ${options.oauthClients.map((c) => `${c.clientId} / ${c.clientSecret}`).join(', ')}`,
    '  Permanent tokens of seeded users (sandbox data only, not real credentials):',
    ...Object.entries(sandbox.permanentTokens).map(([role, token]) => `    ${role.padEnd(12)} ${token}`),
  ];
  console.log(lines.join('\n'));
  const stop = () => {
    void sandbox.close().then(() => process.exit(0));
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((error: unknown) => {
  console.error(`wrike sandbox failed to start: ${(error as Error).message}`);
  process.exit(1);
});
