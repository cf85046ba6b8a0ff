import { mkdtempSync, readFileSync, existsSync } from 'node:fs';
import { spawn } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import { startSubgraph, type SubgraphHarness } from '../helpers/subgraph';
import { createTestDatabase, postgresUp } from '../helpers/postgres';
import { ProxyReader } from '../../src/export/proxy-reader';
import { NdjsonSink, PostgresSink } from '../../src/export/sinks';
import { runExport, TASK_PAGE_SIZE } from '../../src/export/run';
import type { ProgressState } from '../../src/export/progress';
import type { WrikeCaller } from '../../src/wrike/rounds';

/** The export against the sandbox's demo seed (2,000 tasks), through the running service's proxy, over HTTP. */
jest.setTimeout(120_000);

let harness: SubgraphHarness;
beforeAll(async () => {
  harness = await startSubgraph({ SANDBOX_SIZE: 'demo' });
});
afterAll(() => harness.close());

const tempDir = () => mkdtempSync(path.join(os.tmpdir(), 'wrike-export-'));
const lines = (dir: string, file: string) => readFileSync(path.join(dir, file), 'utf8').split('\n').filter(Boolean).map((line) => JSON.parse(line) as { id: string });

/** What the sandbox holds now: the truth the export must match. */
function sandboxTruth() {
  const store = harness.server.sandbox!.store;
  const liveTasks = [...store.tasks.values()].filter((task) => task.scope === 'WsTask');
  return {
    tasks: new Set(liveTasks.map((task) => task.id)),
    comments: [...store.comments.values()].filter((c) => c.taskId !== undefined && store.tasks.get(c.taskId)?.scope === 'WsTask').length,
    recentComments: [...store.comments.values()].filter((c) => Date.parse(c.updatedDate) > Date.now() - 7 * 86_400_000).length,
    attachments: [...store.attachments.values()].filter((a) => a.taskId === undefined || store.tasks.get(a.taskId)?.scope === 'WsTask').length,
    timelogs: store.timelogs.size,
  };
}

function readerFor(failAfterCalls?: number) {
  const reader = new ProxyReader({ serviceUrl: harness.server.url });
  let calls = 0;
  const wrike = {
    get: (pathName: string, params: never) => {
      calls++;
      if (failAfterCalls !== undefined && calls > failAfterCalls) return Promise.reject(new Error('the export process died'));
      return reader.get(pathName, params);
    },
  } as unknown as WrikeCaller;
  return { wrike, callsMade: () => reader.calls };
}

describe('export to NDJSON', () => {
  it('writes the whole account at the call floor: pages of 1,000 tasks, 100 ids a call, attachment windows, one call a ticket for comments', async () => {
    const dir = tempDir();
    await harness.resetCalls();
    const { wrike, callsMade } = readerFor();
    const progress: ProgressState[] = [];
    const summary = await runExport({ wrike, callsMade, sink: new NdjsonSink(dir), connectionId: null, report: (s) => progress.push(s) });
    const truth = sandboxTruth();

    const tickets = lines(dir, 'tickets.ndjson');
    expect(new Set(tickets.map((t) => t.id))).toEqual(truth.tasks);
    expect(tickets).toHaveLength(truth.tasks.size);
    expect(lines(dir, 'comments.ndjson')).toHaveLength(truth.comments);
    expect(lines(dir, 'attachments.ndjson')).toHaveLength(truth.attachments);
    expect(lines(dir, 'time-logs.ndjson')).toHaveLength(truth.timelogs);
    expect(lines(dir, 'users.ndjson').length).toBeGreaterThan(0);
    expect(lines(dir, 'collections.ndjson').length).toBeGreaterThan(0);
    // Tickets carry their custom fields and hierarchy as Wrike gave them.
    expect(tickets.some((t) => Array.isArray((t as { customFields?: unknown[] }).customFields))).toBe(true);

    const counters = await harness.calls();
    expect(counters.byRoute['GET /tasks/:taskId/attachments']).toBeUndefined();
    expect(counters.byRoute['GET /timelogs']).toBe(1);
    expect(counters.byRoute['GET /contacts']).toBe(1);
    // Comments: Wrike lists them account-wide for the last 7 days only, so a whole history is one call a ticket,
    // with the tickets walked again by creation, 100 ids a page (N / 100 + 1 calls).
    expect(counters.byRoute['GET /tasks/:taskId/comments']).toBe(truth.tasks.size);
    expect(counters.byRoute['GET /comments']).toBeUndefined();
    // Pages of 1,000 by creation time; each page after the first starts at the last one's second again, and the walk
    // ends on a page that is not full: N / 1,000 + 1 calls; then the comments' walk.
    expect(counters.byRoute['GET /tasks']).toBe(Math.floor(truth.tasks.size / TASK_PAGE_SIZE) + 1 + Math.floor(truth.tasks.size / 100) + 1);
    // One call an attachment window (under 31 days) from the earliest task to the start of the run.
    const windows = Math.ceil((Date.parse(summary.checkpoint.feedSince) - Date.parse(summary.checkpoint.earliest!)) / (31 * 86_400_000));
    expect(counters.byRoute['GET /attachments']).toBeGreaterThanOrEqual(windows);
    expect(counters.byRoute['GET /attachments']).toBeLessThanOrEqual(windows + 1);
    expect(counters.total).toBe(summary.calls);

    // Progress was reported for every stage, with an ETA once calls were made, and ends done.
    expect(new Set(progress.map((p) => p.stage))).toEqual(new Set(['users', 'workspaces', 'fields', 'collections', 'tickets', 'comments', 'attachments', 'timeLogs', 'done']));
    expect(progress.find((p) => p.stage === 'tickets' && p.stageTotal === truth.tasks.size)).toBeDefined();
  });

  it('resumes after the process dies mid-way: nothing written twice, nothing finished done again', async () => {
    const dir = tempDir();
    // Dies on its 7th call: users, workspaces, fields, the folder tree, folders, and 1+ task pages were made.
    const dying = readerFor(6);
    await expect(runExport({ ...dying, sink: new NdjsonSink(dir), connectionId: null, comments: 'recent' })).rejects.toThrow('the export process died');
    const saved = JSON.parse(readFileSync(path.join(dir, 'checkpoint.json'), 'utf8')) as { checkpoint: { done: string[] } };
    expect(saved.checkpoint.done).toEqual(expect.arrayContaining(['users', 'workspaces', 'fields']));

    await harness.resetCalls();
    const summary = await runExport({ ...readerFor(), sink: new NdjsonSink(dir), connectionId: null, comments: 'recent' });
    expect(summary.resumed).toBe(true);
    const counters = await harness.calls();
    // The finished stages were not read again, and the task pages already written were not asked for again.
    expect(counters.byRoute['GET /contacts']).toBeUndefined();
    expect(counters.byRoute['GET /spaces']).toBeUndefined();
    expect(counters.byRoute['GET /customfields']).toBeUndefined();
    const truth = sandboxTruth();
    expect(counters.byRoute['GET /tasks']).toBe(Math.floor(truth.tasks.size / TASK_PAGE_SIZE));
    const tickets = lines(dir, 'tickets.ndjson');
    expect(tickets).toHaveLength(truth.tasks.size);
    expect(new Set(tickets.map((t) => t.id))).toEqual(truth.tasks);
    expect(lines(dir, 'users.ndjson')).toHaveLength(summary.checkpoint.counts.users!);
  });

  it('resumes in the middle of the comments without reading a ticket\'s comments twice', async () => {
    const dir = tempDir();
    // Past the account lists, the folders, the ticket pages and the first page of 100 comment lists (committed),
    // into the second.
    const dying = readerFor(160);
    await expect(runExport({ ...dying, sink: new NdjsonSink(dir), connectionId: null, concurrency: 1 })).rejects.toThrow('the export process died');
    await harness.resetCalls();
    const summary = await runExport({ ...readerFor(), sink: new NdjsonSink(dir), connectionId: null });
    expect(summary.checkpoint.done).toContain('comments');
    const counters = await harness.calls();
    const truth = sandboxTruth();
    // The page of 100 that was under way is read again whole; the one committed before it is not.
    expect(counters.byRoute['GET /tasks/:taskId/comments']).toBe(truth.tasks.size - 100);
    const comments = lines(dir, 'comments.ndjson');
    expect(new Set(comments.map((c) => c.id)).size).toBe(comments.length);
    expect(comments).toHaveLength(truth.comments);
  });

  it('runs as a command: JSON progress lines off a terminal, killed and run again to the same result', async () => {
    const dir = tempDir();
    const cli = path.resolve(__dirname, '../../dist/src/cli/wrike-subgraph.js');
    expect(existsSync(cli)).toBe(true); // npm test builds first
    const args = [cli, 'export', '--url', harness.server.url, '--out', dir, '--comments', 'recent'];
    // First run: killed as soon as it reports a committed page of tickets.
    const first = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    const seen: { stage: string; records: number; etaSeconds: number | null }[] = [];
    await new Promise<void>((resolve) => {
      let buffer = '';
      first.stdout.on('data', (chunk: Buffer) => {
        buffer += chunk.toString();
        let at: number;
        while ((at = buffer.indexOf('\n')) >= 0) {
          const line = JSON.parse(buffer.slice(0, at)) as { stage: string; records: number; etaSeconds: number | null };
          buffer = buffer.slice(at + 1);
          seen.push(line);
          if (line.stage === 'tickets' && line.records > 0) first.kill('SIGKILL');
        }
      });
      first.on('exit', () => resolve());
    });
    expect(seen.some((line) => line.stage === 'tickets' && line.records > 0)).toBe(true);
    expect(seen.every((line) => 'etaSeconds' in line)).toBe(true);

    const second = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    second.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const code = await new Promise<number | null>((resolve) => second.on('exit', resolve));
    expect(code).toBe(0);
    expect(stderr).toContain('export resumed and finished');
    expect(stderr).toMatch(/From the change feeds since \d{4}-\d{2}-\d{2}T[\d:]+Z: 0 tickets written again, 0 removed, 0 comments\./);
    const truth = sandboxTruth();
    const tickets = lines(dir, 'tickets.ndjson');
    expect(tickets).toHaveLength(truth.tasks.size);
    expect(new Set(tickets.map((t) => t.id))).toEqual(truth.tasks);
  });

  it('refuses to resume another connection\'s export, and says how to go on', async () => {
    const dir = tempDir();
    await runExport({ ...readerFor(), sink: new NdjsonSink(dir), connectionId: null, comments: 'none' });
    await expect(runExport({ ...readerFor(), sink: new NdjsonSink(dir), connectionId: 'other' })).rejects.toThrow('--restart');
  });
});

const pg = postgresUp() ? describe : describe.skip;
pg('export to PostgreSQL', () => {
  it('writes one table a type with the checkpoint in the same transaction, and a resume upserts', async () => {
    const db = await createTestDatabase();
    try {
      const dying = readerFor(6);
      await expect(runExport({ ...dying, sink: new PostgresSink(db.url), connectionId: null, comments: 'recent' })).rejects.toThrow('the export process died');
      const summary = await runExport({ ...readerFor(), sink: new PostgresSink(db.url), connectionId: null, comments: 'recent' });
      expect(summary.resumed).toBe(true);
      const client = new Client({ connectionString: db.url });
      await client.connect();
      try {
        const truth = sandboxTruth();
        const count = async (table: string) => Number((await client.query(`SELECT count(*) AS n FROM ${table}`)).rows[0].n);
        expect(await count('wrike_tickets')).toBe(truth.tasks.size);
        expect(await count('wrike_comments')).toBe(truth.recentComments);
        expect(await count('wrike_time_logs')).toBe(truth.timelogs);
        const state = (await client.query('SELECT state FROM wrike_export_checkpoint')).rows[0].state;
        expect(state.done).toContain('timeLogs');
      } finally {
        await client.end();
      }
    } finally {
      await db.drop();
    }
  });
});

describe('the sandbox\'s account-wide attachment list', () => {
  const get = async (query: string) => {
    const response = await fetch(`${harness.server.sandboxUrl}/api/v4/attachments${query}`, { headers: { Authorization: `Bearer ${harness.server.sandbox!.permanentTokens.owner}` } });
    return { status: response.status, body: JSON.parse(await response.text()) };
  };
  it('requires a createdDate range under 31 days, as Wrike does', async () => {
    expect((await get('')).body.error).toBe('parameter_required');
    const tooLong = encodeURIComponent(JSON.stringify({ start: '2026-01-01T00:00:00Z', end: '2026-02-01T00:00:00Z' }));
    expect(await get(`?createdDate=${tooLong}`)).toMatchObject({ status: 400, body: { error: 'invalid_parameter' } });
    const month = encodeURIComponent(JSON.stringify({ start: '2026-01-01T00:00:00Z', end: '2026-01-31T00:00:00Z' }));
    expect(await get(`?createdDate=${month}`)).toMatchObject({ status: 200, body: { kind: 'attachments' } });
  });
});
