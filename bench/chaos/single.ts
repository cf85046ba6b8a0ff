import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { createSandbox } from '../../src/sandbox/server';
import { freePort } from '../harness';
import { secretsInLogs } from './checks';
import { ChaosLoad, type LoadFigures } from './load';
import { Replica } from './replica';
import { calmSandbox, sandboxFaults } from './sandbox-faults';

export interface SingleFigures extends LoadFigures {
  rssStartMb: number;
  rssEndMb: number;
  exitCode: number | null;
  exitMs: number;
}

/** REQUEST_DEADLINE_MS of this mode's server, and how much later than it an answer may come (queues on two cores). */
const DEADLINE_MS = 8000;
export const DEADLINE_MARGIN_MS = 1000;

/**
 * The first mode: one built server in production mode with SQLite and no Redis, against the sandbox (Wrike's real
 * limit, 400 calls a minute per token) misbehaving one fault after another.
 */
export async function runSingle(seconds: number): Promise<SingleFigures> {
  const sandbox = createSandbox({ size: 'small', rateLimitPerMinute: 400, rateLimitBurst: 100 });
  const sandboxPort = await freePort();
  const sandboxUrl = await sandbox.listen(sandboxPort);
  const encryptionKey = randomBytes(32).toString('hex');
  const server = await Replica.start('single', {
    LOG_LEVEL: 'info', SANDBOX: 'false', OPEN_MODE: 'true',
    WRIKE_API_BASE_URL: `${sandboxUrl}/api/v4`, WRIKE_PERMANENT_TOKEN: sandbox.permanentTokens.owner, WRIKE_EXTRA_HOSTS: new URL(sandboxUrl).host,
    CURSOR_SECRET: 'chaos-cursor-secret-0123456789', ENCRYPTION_KEY: encryptionKey, SHUTDOWN_TIMEOUT_MS: '5000',
    DATA_DIR: mkdtempSync(path.join(os.tmpdir(), 'wrike-subgraph-chaos-')), REQUEST_DEADLINE_MS: String(DEADLINE_MS),
  });
  const load = new ChaosLoad({ url: server.url, sandbox, seconds, deadlineMs: DEADLINE_MS, marginMs: DEADLINE_MARGIN_MS });
  const figures: SingleFigures = { ...load.figures, rssStartMb: 0, rssEndMb: 0, exitCode: null, exitMs: 0 };
  try {
    await load.warmUp(50);
    figures.rssStartMb = server.rssMb();
    await load.run(8, sandboxFaults(sandbox, sandboxPort), () => calmSandbox(sandbox));
    figures.rssEndMb = server.rssMb();
    load.checkWrites();
    if (figures.rssEndMb > figures.rssStartMb * 1.5 + 50) load.violation('memory', `grew from ${figures.rssStartMb} MB to ${figures.rssEndMb} MB`);
    for (const crash of server.crashes) load.violation('crash', crash);

    // SIGTERM: a clean exit within the shutdown timeout.
    const exit = await server.terminate();
    figures.exitCode = exit.code;
    figures.exitMs = exit.ms;
    if (exit.code !== 0) load.violation('SIGTERM', `exit code ${exit.code}`);
    if (exit.ms > 7000) load.violation('SIGTERM', `exit took ${exit.ms} ms`);
    const secrets = { 'the Wrike token': sandbox.permanentTokens.owner, ENCRYPTION_KEY: encryptionKey };
    sandbox.options.oauthClients.forEach((client, i) => Object.assign(secrets, { [`OAuth client secret ${i}`]: client.clientSecret }));
    for (const name of secretsInLogs(server.logs.join(''), secrets)) load.violation('logs', `${name} reached the logs`);
  } finally {
    if (server.up) await server.kill();
    await sandbox.close();
  }
  return { ...figures, ...load.figures };
}
