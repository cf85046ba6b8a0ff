import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { NdjsonSink } from '../../src/export/sinks';
import { ExportError, newCheckpoint } from '../../src/export/checkpoint';

/** The NDJSON sink on a real folder: what a run wrote after its last checkpoint is undone when the next run opens. */
describe('the NDJSON sink', () => {
  const dir = () => mkdtempSync(path.join(os.tmpdir(), 'wrike-export-sink-'));

  it('cuts each file back to the length its checkpoint counted, so a resumed page is not written twice', async () => {
    const folder = dir();
    const first = new NdjsonSink(folder);
    expect(await first.open(false)).toBeUndefined();
    await first.write('tickets', [{ id: 'A' }, { id: 'B' }]);
    const checkpoint = { ...newCheckpoint(null, new Date('2026-12-02T10:00:00Z')), counts: { tickets: 2 } };
    await first.commit(checkpoint);
    const committed = statSync(path.join(folder, 'tickets.ndjson')).size;
    // Written and never committed: the process dies here.
    await first.write('tickets', [{ id: 'C' }]);
    await first.write('comments', [{ id: 'X' }]);
    await first.close();
    expect(statSync(path.join(folder, 'tickets.ndjson')).size).toBeGreaterThan(committed);

    const second = new NdjsonSink(folder);
    expect(await second.open(false)).toEqual(checkpoint);
    expect(statSync(path.join(folder, 'tickets.ndjson')).size).toBe(committed);
    expect(readFileSync(path.join(folder, 'comments.ndjson'), 'utf8')).toBe('');
    await second.write('tickets', [{ id: 'C' }]);
    await second.close();
    expect(readFileSync(path.join(folder, 'tickets.ndjson'), 'utf8').trim().split('\n').map((line) => JSON.parse(line).id)).toEqual(['A', 'B', 'C']);
  });

  it('with restart, forgets the checkpoint and empties the files', async () => {
    const folder = dir();
    const first = new NdjsonSink(folder);
    await first.open(false);
    await first.write('users', [{ id: 'U' }]);
    await first.commit(newCheckpoint(null, new Date()));
    await first.close();
    const again = new NdjsonSink(folder);
    expect(await again.open(true)).toBeUndefined();
    await again.close();
    expect(readFileSync(path.join(folder, 'users.ndjson'), 'utf8')).toBe('');
  });

  it('refuses a checkpoint it cannot read, and says to restart', async () => {
    const folder = dir();
    writeFileSync(path.join(folder, 'checkpoint.json'), '{"checkpoint": {"vers');
    await expect(new NdjsonSink(folder).open(false)).rejects.toThrow(ExportError);
    await expect(new NdjsonSink(folder).open(false)).rejects.toThrow('--restart');
  });
});
