/**
 * `npm run chaos`: a mixed read/write load on the built subgraph while the Wrike sandbox misbehaves (429 storms with
 * and without Retry-After, Retry-After: 0, 5xx bursts, slow answers, expired page and access tokens, a restart of the
 * sandbox). It checks what users rely on: every answer is right or carries a typed error, no write is lost or made
 * twice, memory stays flat, no secret reaches the logs, and SIGTERM at the end exits cleanly. CHAOS_SECONDS sets the
 * length (default 180; .ci/run runs 60). Writes bench/results/chaos.json; exits 1 on any violation.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { createSandbox } from '../src/sandbox/server';
import { freePort, memoryOf, percentile, waitUntilUp } from './harness';

const SECONDS = Number(process.env.CHAOS_SECONDS ?? 180);
const WORKERS = 8;
/** The codes a failed read or write may carry: each says what happened; anything else is a violation. */
const TYPED = new Set(['RATE_LIMITED', 'UPSTREAM_UNAVAILABLE', 'WRITE_OUTCOME_UNKNOWN', 'REQUEST_CANCELLED']);

interface Figures {
  seconds: number;
  requests: number;
  reads: number;
  writes: number;
  faults: Record<string, number>;
  errorsByCode: Record<string, number>;
  violations: string[];
  writesConfirmed: number;
  writesGivenUp: number;
  p50Ms: number;
  p99Ms: number;
  rssStartMb: number;
  rssEndMb: number;
  exitCode: number | null;
  exitMs: number;
}

async function main(): Promise<void> {
  const sandbox = createSandbox({ size: 'small', rateLimitPerMinute: 400, rateLimitBurst: 100 });
  const sandboxPort = await freePort();
  const sandboxUrl = await sandbox.listen(sandboxPort);
  const port = await freePort();
  const encryptionKey = randomBytes(32).toString('hex');
  const secrets = [sandbox.permanentTokens.owner, encryptionKey, ...sandbox.options.oauthClients.map((c) => c.clientSecret)];
  const logs: string[] = [];
  const server = spawn(process.execPath, [path.resolve(__dirname, '../src/main.js')], {
    env: {
      ...process.env, NODE_ENV: 'production', PORT: String(port), LOG_LEVEL: 'info', SANDBOX: 'false', OPEN_MODE: 'true',
      WRIKE_API_BASE_URL: `${sandboxUrl}/api/v4`, WRIKE_PERMANENT_TOKEN: sandbox.permanentTokens.owner, WRIKE_EXTRA_HOSTS: new URL(sandboxUrl).host,
      CURSOR_SECRET: 'chaos-cursor-secret-0123456789', ENCRYPTION_KEY: encryptionKey, SHUTDOWN_TIMEOUT_MS: '5000',
      DATA_DIR: mkdtempSync(path.join(os.tmpdir(), 'wrike-subgraph-chaos-')), REQUEST_DEADLINE_MS: '8000',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  server.stdout!.on('data', (chunk: Buffer) => logs.push(String(chunk)));
  server.stderr!.on('data', (chunk: Buffer) => logs.push(String(chunk)));
  await waitUntilUp(`http://127.0.0.1:${port}/healthz`, server);
  const url = `http://127.0.0.1:${port}/graphql`;

  const figures: Figures = {
    seconds: SECONDS, requests: 0, reads: 0, writes: 0, faults: {}, errorsByCode: {}, violations: [], writesConfirmed: 0, writesGivenUp: 0,
    p50Ms: 0, p99Ms: 0, rssStartMb: 0, rssEndMb: 0, exitCode: null, exitMs: 0,
  };
  const latencies: number[] = [];
  const violation = (what: string) => {
    if (figures.violations.length < 50) figures.violations.push(what);
  };
  const gql = async (query: string, variables: Record<string, unknown> = {}): Promise<{ status: number; body: any } | undefined> => {
    figures.requests++;
    const started = performance.now();
    try {
      const res = await fetch(url, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ query, variables }), signal: AbortSignal.timeout(30_000) });
      const body = await res.json();
      latencies.push(performance.now() - started);
      return { status: res.status, body };
    } catch (error) {
      violation(`no answer: ${(error as Error).message}`);
      return undefined;
    }
  };
  /** Errors must be typed; a field without data must have an error. */
  const typedErrors = (body: any, what: string): boolean => {
    for (const error of body?.errors ?? []) {
      const code = String(error.extensions?.code);
      figures.errorsByCode[code] = (figures.errorsByCode[code] ?? 0) + 1;
      if (!TYPED.has(code)) violation(`${what}: untyped or unexpected error ${code}: ${String(error.message).slice(0, 120)}`);
    }
    return (body?.errors ?? []).length > 0;
  };

  // Reads go to seeded tickets nothing writes to, so their answer is known; writes go to tickets of their own.
  const tasks = [...sandbox.store.tasks.values()].filter((t) => t.scope === 'WsTask');
  const readable = tasks.slice(0, 200);
  const writable = tasks.slice(200, 208);
  const folder = [...sandbox.store.folders.values()].find((f) => f.scope === 'WsFolder' && !f.space && f.childIds.length === 0 && tasks.some((t) => t.parentIds.includes(f.id)))!;
  const inFolder = new Set(tasks.filter((t) => t.parentIds.includes(folder.id) || t.superParentIds.includes(folder.id)).map((t) => t.id));

  const readOne = async () => {
    figures.reads++;
    const task = readable[Math.floor(Math.random() * readable.length)]!;
    const res = await gql('query($id: ID!) { ticket(id: $id) { id title } }', { id: task.id });
    if (!res) return;
    const failed = typedErrors(res.body, 'ticket');
    const ticket = res.body?.data?.ticket;
    if (ticket && (ticket.id !== task.id || ticket.title !== task.title)) violation(`ticket ${task.id}: wrong data`);
    if (!ticket && !failed) violation(`ticket ${task.id}: null without an error`);
  };
  const readList = async () => {
    figures.reads++;
    const res = await gql('query($f: ID!) { collection(id: $f) { id tickets(first: 20) { nodes { id title } } } }', { f: folder.id });
    if (!res) return;
    const failed = typedErrors(res.body, 'collection.tickets');
    const nodes = res.body?.data?.collection?.tickets?.nodes;
    if (!nodes && !failed) violation('collection.tickets: empty without an error');
    for (const node of nodes ?? []) {
      const known = sandbox.store.tasks.get(node.id);
      if (!known || !inFolder.has(node.id) || known.title !== node.title) violation(`collection.tickets: ${node.id} wrong`);
    }
  };
  /** One logical write: a comment with a unique body, retried with its idempotency key until it is confirmed or given up. */
  const writes: { body: string; ticketId: string; confirmed: boolean }[] = [];
  const writeOne = async () => {
    figures.writes++;
    const ticket = writable[Math.floor(Math.random() * writable.length)]!;
    const body = `chaos ${randomBytes(6).toString('hex')}`;
    const key = `chaos-${body.slice(6)}`;
    const record = { body, ticketId: ticket.id, confirmed: false };
    writes.push(record);
    for (let attempt = 0; attempt < 6 && !record.confirmed; attempt++) {
      const res = await gql('mutation($i: CreateCommentInput!) { createComment(input: $i) { comment { id body } userErrors { code message } } }', {
        i: { ticketId: ticket.id, body, idempotencyKey: key },
      });
      if (!res) break;
      typedErrors(res.body, 'createComment');
      const payload = res.body?.data?.createComment;
      if (payload?.userErrors?.length) violation(`createComment: user error ${JSON.stringify(payload.userErrors).slice(0, 120)}`);
      if (payload?.comment) record.confirmed = true;
      else await new Promise((resolve) => setTimeout(resolve, 500 * (attempt + 1)));
    }
  };

  // The faults, one after another: each for a window of a few seconds (a storm, a burst, an outage), then a quiet
  // spell as long, so that what is measured is how the service rides them out and recovers.
  const window = (apply: () => void, clear: () => void, ms = 3000) => async () => {
    apply();
    await new Promise((resolve) => setTimeout(resolve, ms));
    clear();
  };
  const calm = () => void sandbox.faults.update({ force429: 0, failNext: 0, errorRate: 0, latencyMs: 0, noRetryAfter: 0, retryAfterSeconds: 1 });
  const schedule: [string, () => Promise<void> | void][] = [
    ['429 storm with Retry-After: 1', window(() => void sandbox.faults.update({ force429: 1e9, retryAfterSeconds: 1 }), calm)],
    ['429 storm with Retry-After: 0', window(() => void sandbox.faults.update({ force429: 1e9, retryAfterSeconds: 0 }), calm)],
    ['429 storm without Retry-After', window(() => void sandbox.faults.update({ force429: 1e9, noRetryAfter: 1 }), calm)],
    ['5xx burst', window(() => void sandbox.faults.update({ errorRate: 1, errorStatus: 503 }), calm, 2000)],
    ['slow answers (1.5 s)', window(() => void sandbox.faults.update({ latencyMs: 1500 }), calm)],
    ['random 500s (20%)', window(() => void sandbox.faults.update({ errorRate: 0.2, errorStatus: 500 }), calm)],
    ['page tokens expired', () => void sandbox.pages.expireAll()],
    ['access tokens expired', () => void sandbox.tokens.expireAccessTokens()],
    ['sandbox restart (2 s down)', async () => {
      await sandbox.close();
      await new Promise((resolve) => setTimeout(resolve, 2000));
      await sandbox.listen(sandboxPort);
    }],
  ];

  // Warm-up, then the baseline memory.
  for (let i = 0; i < 50; i++) await readOne();
  figures.rssStartMb = Math.round(memoryOf(server.pid!).rssMb);
  const end = Date.now() + SECONDS * 1000;
  const workers = Array.from({ length: WORKERS }, async (_, n) => {
    while (Date.now() < end) {
      const pick = Math.random();
      await (n === 0 || pick < 0.15 ? writeOne() : pick < 0.5 ? readList() : readOne());
    }
  });
  const chaos = (async () => {
    let k = 0;
    while (Date.now() < end - 5000) {
      const [name, inject] = schedule[k % schedule.length]!;
      figures.faults[name] = (figures.faults[name] ?? 0) + 1;
      await inject();
      await new Promise((resolve) => setTimeout(resolve, 3000));
      k++;
    }
    calm();
  })();
  await Promise.all([...workers, chaos]);
  figures.rssEndMb = Math.round(memoryOf(server.pid!).rssMb);
  figures.p50Ms = Math.round(percentile(latencies, 50));
  figures.p99Ms = Math.round(percentile(latencies, 99));

  // Writes: each confirmed one is there once; none given up on is there twice.
  const comments = [...sandbox.store.comments.values()];
  for (const write of writes) {
    const copies = comments.filter((c) => c.taskId === write.ticketId && c.text === write.body).length;
    if (write.confirmed) figures.writesConfirmed++;
    else figures.writesGivenUp++;
    if (write.confirmed && copies !== 1) violation(`write "${write.body}": confirmed, found ${copies} times`);
    if (!write.confirmed && copies > 1) violation(`write "${write.body}": given up, found ${copies} times`);
  }
  if (figures.rssEndMb > figures.rssStartMb * 1.5 + 50) violation(`memory grew from ${figures.rssStartMb} MB to ${figures.rssEndMb} MB`);

  // SIGTERM: a clean exit within the shutdown timeout.
  const signalled = Date.now();
  server.kill('SIGTERM');
  figures.exitCode = await new Promise<number | null>((resolve) => server.once('exit', resolve));
  figures.exitMs = Date.now() - signalled;
  if (figures.exitCode !== 0) violation(`SIGTERM: exit code ${figures.exitCode}`);
  if (figures.exitMs > 7000) violation(`SIGTERM: exit took ${figures.exitMs} ms`);
  const logText = logs.join('');
  for (const secret of secrets) if (logText.includes(secret)) violation('a secret reached the logs');
  await sandbox.close();

  mkdirSync(path.resolve(__dirname, '../../bench/results'), { recursive: true });
  writeFileSync(path.resolve(__dirname, '../../bench/results/chaos.json'), `${JSON.stringify({ date: new Date().toISOString().slice(0, 10), node: process.version, ...figures }, null, 2)}\n`);
  console.log(JSON.stringify(figures, null, 2));
  if (figures.violations.length > 0) {
    console.error(`chaos: ${figures.violations.length} violation(s)`);
    process.exit(1);
  }
  console.log(`chaos: ${figures.requests} requests in ${SECONDS} s, ${Object.values(figures.faults).reduce((a, b) => a + b, 0)} faults injected, 0 violations`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
