import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openSqlite, pickSqliteDriver, type SqliteDriverName } from '../../src/connections/sqlite-driver';

/** The driver each Node line must get: node:sqlite where it is built in without a flag (22.13+, 23.4+, 24+). */
function expectedDriver(version = process.versions.node): SqliteDriverName {
  const [major = 0, minor = 0] = version.split('.').map(Number);
  const unflagged = major >= 24 || (major === 23 && minor >= 4) || (major === 22 && minor >= 13);
  return unflagged ? 'node:sqlite' : 'better-sqlite3';
}

const file = () => path.join(mkdtempSync(path.join(os.tmpdir(), 'wsg-driver-')), 'db.sqlite');

describe('the SQLite driver', () => {
  it(`is node:sqlite where Node has it unflagged, else better-sqlite3 (Node ${process.versions.node}: ${expectedDriver()})`, () => {
    expect(pickSqliteDriver()).toBe(expectedDriver());
    const db = openSqlite(file());
    expect(db.driver).toBe(expectedDriver());
    db.close();
  });

  it('waits 5 s for another process\'s write lock, whichever driver', () => {
    const db = openSqlite(file());
    expect(db.prepare('PRAGMA busy_timeout').get()).toEqual(expect.objectContaining({ timeout: 5000 }));
    db.close();
  });

  it('commits a transaction that returns, rolls back one that throws and reports its own error', () => {
    const db = openSqlite(file());
    db.exec('CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT NOT NULL)');
    expect(db.transaction(() => db.prepare('INSERT INTO t (id, name) VALUES (?, ?)').run(1, 'kept').changes, 'immediate')).toBe(1);
    expect(() => db.transaction(() => {
      db.prepare('INSERT INTO t (id, name) VALUES (?, ?)').run(2, 'dropped');
      throw new Error('the caller failed');
    })).toThrow('the caller failed');
    // A statement error inside is reported as itself, and the transaction is over: the next one can begin.
    expect(() => db.transaction(() => db.prepare('INSERT INTO t (id, name) VALUES (?, ?)').run(1, 'duplicate'))).toThrow(/UNIQUE/);
    db.transaction(() => db.prepare('INSERT INTO t (id, name) VALUES (?, ?)').run(3, 'after'));
    expect(db.prepare('SELECT id, name FROM t ORDER BY id').all().map((row) => ({ ...row }))).toEqual([{ id: 1, name: 'kept' }, { id: 3, name: 'after' }]);
    expect(db.prepare('SELECT name FROM t WHERE id = ?').get(2)).toBeUndefined();
    db.close();
  });

  it('the driver not picked says what is missing instead of crashing later', () => {
    if (expectedDriver() === 'better-sqlite3') {
      expect(() => openSqlite(file(), 'node:sqlite')).toThrow(`node:sqlite is not available on Node ${process.versions.node}`);
      return;
    }
    // On 22/24 better-sqlite3 is optional: it works if it was built for this Node, else its error names the fix.
    try {
      const db = openSqlite(file(), 'better-sqlite3');
      expect(db.prepare('SELECT 1 AS ok').get()).toEqual({ ok: 1 });
      db.close();
    } catch (error) {
      // Built for another Node: one sentence naming both versions and `npm rebuild`; missing: how to install it.
      expect((error as Error).message).toMatch(/(^better-sqlite3 was installed for Node\.js \d+ \(NODE_MODULE_VERSION \d+\) but this is Node\.js v[\d.]+ \(NODE_MODULE_VERSION \d+\): run `npm rebuild` after switching Node\.js, then start again$|needs the better-sqlite3 package: install it)/);
    }
  });

  it('prints nothing as it loads in a new process (Node 22\'s "SQLite is an experimental feature" is held back)', async () => {
    const module = path.resolve(__dirname, '../../dist/src/connections/sqlite-driver.js');
    const script = `const { openSqlite } = require(${JSON.stringify(module)}); const db = openSqlite(':memory:'); process.stdout.write(db.driver); process.emitWarning('other warnings still print');`;
    const { stdout, stderr } = await new Promise<{ stdout: string; stderr: string }>((resolve) => {
      const child = spawn(process.execPath, ['-e', script], { stdio: ['ignore', 'pipe', 'pipe'] });
      let out = '';
      let err = '';
      child.stdout.on('data', (chunk) => (out += String(chunk)));
      child.stderr.on('data', (chunk) => (err += String(chunk)));
      child.on('exit', () => resolve({ stdout: out, stderr: err }));
    });
    expect(stdout).toBe(expectedDriver());
    expect(stderr).not.toMatch(/ExperimentalWarning|SQLite/);
    expect(stderr).toMatch(/Warning: other warnings still print/);
  });
});
