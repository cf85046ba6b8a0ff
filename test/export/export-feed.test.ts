import { mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import { startSubgraph, type SubgraphHarness } from '../helpers/subgraph';
import { createTestDatabase, postgresUp } from '../helpers/postgres';
import { ProxyReader } from '../../src/export/proxy-reader';
import { NdjsonSink, PostgresSink, type ExportSink } from '../../src/export/sinks';
import { runExport } from '../../src/export/run';

/**
 * After the backfill, the export moves on to the change feeds: run again, it brings the copy up to now (edits,
 * creates, deletions, new comments), and the copy then holds exactly the tickets the sandbox has.
 */
jest.setTimeout(180_000);

let harness: SubgraphHarness;
beforeAll(async () => {
  harness = await startSubgraph({});
});
afterAll(() => harness.close());

const settle = () => new Promise((resolve) => setTimeout(resolve, 2600)); // the feed leaves the last 2 s for later
const run = (sink: ExportSink) => {
  const reader = new ProxyReader({ serviceUrl: harness.server.url });
  return runExport({ wrike: reader.asCaller(), callsMade: () => reader.calls, feed: reader, sink, connectionId: null, comments: 'recent' });
};
const liveTasks = () => [...harness.server.sandbox!.store.tasks.values()].filter((task) => task.scope === 'WsTask');

/** Changes made behind the export's back, as Wrike users would: an edit, a create, a delete, a comment. */
async function changeTheAccount() {
  const [edited, deleted, commented] = liveTasks().filter((task) => task.superTaskIds.length === 0 && task.subTaskIds.length === 0);
  await harness.wrike('PUT', `/tasks/${edited!.id}`, { title: 'Renamed while the export slept' });
  await harness.wrike('DELETE', `/tasks/${deleted!.id}`);
  const [created] = await harness.wrike('POST', `/folders/${edited!.parentIds[0]}/tasks`, { title: 'Created after the backfill' });
  const [comment] = await harness.wrike('POST', `/tasks/${commented!.id}/comments`, { text: 'Written after the backfill' });
  return { edited: edited!.id, deleted: deleted!.id, created: created.id as string, comment: comment.id as string };
}

it('NDJSON: a later line of an id replaces the earlier ones, a deletion line removes it; the copy ends exact', async () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'wrike-export-feed-'));
  const first = await run(new NdjsonSink(dir));
  expect(first.changes).toEqual({ tickets: 0, removed: 0, comments: 0 });
  await settle();
  const changed = await changeTheAccount();
  await settle();
  const second = await run(new NdjsonSink(dir));
  expect(second.resumed).toBe(true);
  expect(second.changes).toMatchObject({ removed: 1, comments: 1 });
  expect(second.changes!.tickets).toBeGreaterThanOrEqual(2);

  const copy = new Map<string, { id: string; title?: string; deleted?: boolean }>();
  for (const line of readFileSync(path.join(dir, 'tickets.ndjson'), 'utf8').split('\n').filter(Boolean)) {
    const record = JSON.parse(line) as { id: string; title?: string; deleted?: boolean };
    if (record.deleted) copy.delete(record.id);
    else copy.set(record.id, record);
  }
  expect(new Set(copy.keys())).toEqual(new Set(liveTasks().map((task) => task.id)));
  expect(copy.get(changed.edited)?.title).toBe('Renamed while the export slept');
  expect(copy.has(changed.created)).toBe(true);
  expect(copy.has(changed.deleted)).toBe(false);
  const comments = readFileSync(path.join(dir, 'comments.ndjson'), 'utf8');
  expect(comments).toContain(changed.comment);

  // A third run with nothing new changes nothing.
  await settle();
  expect((await run(new NdjsonSink(dir))).changes).toEqual({ tickets: 0, removed: 0, comments: 0 });
});

const pg = postgresUp() ? it : it.skip;
pg('PostgreSQL: the feed upserts changed tickets and deletes the deleted rows', async () => {
  const db = await createTestDatabase();
  try {
    await run(new PostgresSink(db.url));
    await settle();
    const changed = await changeTheAccount();
    await settle();
    await run(new PostgresSink(db.url));
    const client = new Client({ connectionString: db.url });
    await client.connect();
    try {
      const ids = (await client.query<{ id: string }>('SELECT id FROM wrike_tickets')).rows.map((row) => row.id);
      expect(new Set(ids)).toEqual(new Set(liveTasks().map((task) => task.id)));
      const title = (await client.query("SELECT data->>'title' AS title FROM wrike_tickets WHERE id = $1", [changed.edited])).rows[0].title;
      expect(title).toBe('Renamed while the export slept');
    } finally {
      await client.end();
    }
  } finally {
    await db.drop();
  }
});
