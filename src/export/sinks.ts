import { closeSync, existsSync, fstatSync, fsyncSync, mkdirSync, openSync, readFileSync, renameSync, truncateSync, writeSync } from 'node:fs';
import path from 'node:path';
import { Client } from 'pg';
import { ExportError, RECORD_TYPES, isCheckpoint, type Checkpoint, type RecordType } from './checkpoint';

/**
 * Where an export's records go. Records written since the last `commit` are not yet part of the export: a run
 * stopped before its next commit resumes from the last one, and what it wrote after is undone (files truncated,
 * the transaction rolled back), so that nothing is written twice.
 */
export interface ExportSink {
  /**
   * The checkpoint saved by an earlier run, if any, with its uncommitted writes undone; with `restart`, none, and
   * everything an earlier run wrote is removed.
   */
  open(restart: boolean): Promise<Checkpoint | undefined>;
  write(type: RecordType, records: readonly { id: string }[]): Promise<void>;
  /** Records that no longer exist (deleted tickets, from the change feed). */
  remove(type: RecordType, removed: readonly { id: string; deletedAt: string }[]): Promise<void>;
  commit(checkpoint: Checkpoint): Promise<void>;
  close(): Promise<void>;
}

const CHECKPOINT_FILE = 'checkpoint.json';
const fileOf = (type: RecordType) => `${type.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}.ndjson`;

/** One NDJSON file per record type in a folder, with checkpoint.json beside them (the files' committed lengths). */
export class NdjsonSink implements ExportSink {
  private readonly fds = new Map<RecordType, number>();

  constructor(private readonly dir: string) {}

  async open(restart: boolean): Promise<Checkpoint | undefined> {
    mkdirSync(this.dir, { recursive: true });
    const saved = restart ? undefined : this.readCheckpoint();
    for (const type of RECORD_TYPES) {
      const file = path.join(this.dir, fileOf(type));
      // Back to what the checkpoint counted: lines written after it are written again by this run.
      const committed = saved?.bytes[type] ?? 0;
      if (existsSync(file)) truncateSync(file, committed);
      this.fds.set(type, openSync(file, 'a'));
    }
    return saved?.checkpoint;
  }

  async write(type: RecordType, records: readonly { id: string }[]): Promise<void> {
    if (records.length === 0) return;
    writeSync(this.fd(type), records.map((record) => `${JSON.stringify(record)}\n`).join(''));
  }

  /** A line `{"id", "deleted": true, "deletedAt"}`: in a file, a later line of an id replaces the earlier ones. */
  async remove(type: RecordType, removed: readonly { id: string; deletedAt: string }[]): Promise<void> {
    await this.write(type, removed.map(({ id, deletedAt }) => ({ id, deleted: true, deletedAt })));
  }

  async commit(checkpoint: Checkpoint): Promise<void> {
    const bytes: Partial<Record<RecordType, number>> = {};
    for (const [type, fd] of this.fds) {
      fsyncSync(fd);
      bytes[type] = fstatSync(fd).size;
    }
    // Written whole, then renamed: a checkpoint is either the old one or the new one, never half of one.
    const file = path.join(this.dir, CHECKPOINT_FILE);
    const tmp = openSync(`${file}.tmp`, 'w');
    try {
      writeSync(tmp, JSON.stringify({ checkpoint, bytes }, null, 2));
      fsyncSync(tmp); // on disk before it replaces the old one: a power cut leaves one or the other
    } finally {
      closeSync(tmp);
    }
    renameSync(`${file}.tmp`, file);
  }

  async close(): Promise<void> {
    for (const fd of this.fds.values()) closeSync(fd);
    this.fds.clear();
  }

  private fd(type: RecordType): number {
    const fd = this.fds.get(type);
    if (fd === undefined) throw new Error('the export sink is not open');
    return fd;
  }

  private readCheckpoint(): { checkpoint: Checkpoint; bytes: Partial<Record<RecordType, number>> } | undefined {
    const file = path.join(this.dir, CHECKPOINT_FILE);
    if (!existsSync(file)) return undefined;
    let saved: { checkpoint: unknown; bytes: Partial<Record<RecordType, number>> };
    try {
      saved = JSON.parse(readFileSync(file, 'utf8')) as typeof saved;
    } catch (error) {
      throw new ExportError(`${file} cannot be read (${(error as Error).message}): run again with --restart to begin a new export`);
    }
    if (!isCheckpoint(saved.checkpoint)) throw new ExportError(`${file} is not an export checkpoint: run again with --restart to begin a new export`);
    return { checkpoint: saved.checkpoint, bytes: saved.bytes ?? {} };
  }
}

const tableOf = (type: RecordType) => `wrike_${type.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`)}`;

/**
 * PostgreSQL tables `wrike_<type>` (id primary key, the record as jsonb, when it was written) and
 * `wrike_export_checkpoint`. Records are upserted inside one transaction that commits with the checkpoint.
 */
export class PostgresSink implements ExportSink {
  private readonly client: Client;

  constructor(connectionString: string) {
    this.client = new Client({ connectionString });
  }

  async open(restart: boolean): Promise<Checkpoint | undefined> {
    await this.client.connect();
    for (const type of RECORD_TYPES) {
      await this.client.query(`CREATE TABLE IF NOT EXISTS ${tableOf(type)} (id text PRIMARY KEY, data jsonb NOT NULL, exported_at timestamptz NOT NULL DEFAULT now())`);
      if (restart) await this.client.query(`TRUNCATE ${tableOf(type)}`);
    }
    await this.client.query('CREATE TABLE IF NOT EXISTS wrike_export_checkpoint (id int PRIMARY KEY, state jsonb)');
    if (restart) await this.client.query('DELETE FROM wrike_export_checkpoint');
    const row = await this.client.query<{ state: unknown }>('SELECT state FROM wrike_export_checkpoint WHERE id = 1');
    await this.client.query('BEGIN');
    const state = row.rows[0]?.state;
    return isCheckpoint(state) ? state : undefined;
  }

  async write(type: RecordType, records: readonly { id: string }[]): Promise<void> {
    if (records.length === 0) return;
    // One statement for the whole page (ids and records as two arrays); an id twice in it keeps its last record.
    const unique = [...new Map(records.map((r) => [r.id, r])).values()];
    await this.client.query(
      `INSERT INTO ${tableOf(type)} (id, data) SELECT * FROM unnest($1::text[], $2::jsonb[])
       ON CONFLICT (id) DO UPDATE SET data = EXCLUDED.data, exported_at = now()`,
      [unique.map((r) => r.id), unique.map((r) => JSON.stringify(r))],
    );
  }

  async remove(type: RecordType, removed: readonly { id: string }[]): Promise<void> {
    if (removed.length === 0) return;
    await this.client.query(`DELETE FROM ${tableOf(type)} WHERE id = ANY($1::text[])`, [removed.map((r) => r.id)]);
  }

  async commit(checkpoint: Checkpoint): Promise<void> {
    await this.client.query(
      'INSERT INTO wrike_export_checkpoint (id, state) VALUES (1, $1) ON CONFLICT (id) DO UPDATE SET state = EXCLUDED.state',
      [JSON.stringify(checkpoint)],
    );
    await this.client.query('COMMIT');
    await this.client.query('BEGIN');
  }

  async close(): Promise<void> {
    await this.client.query('ROLLBACK').catch(() => undefined);
    await this.client.end();
  }

}
