import { createRequire } from 'node:module';
import type BetterSqlite3 from 'better-sqlite3';
import { nodeAbiMismatch } from './native-modules';

/**
 * The part of SQLite the embedded store uses, over whichever driver this Node has: the built-in `node:sqlite` where
 * Node ships it without a flag (22.13+, 23.4+, 24), else the better-sqlite3 addon (Node 20; an optional dependency,
 * compiled at install). One SQLite file format either way: a database written by one driver opens with the other.
 */
export type SqliteDriverName = 'node:sqlite' | 'better-sqlite3';
export type SqliteRow = Record<string, unknown>;

export interface SqliteStatement {
  run(...params: unknown[]): { changes: number };
  get(...params: unknown[]): SqliteRow | undefined;
  all(...params: unknown[]): SqliteRow[];
}

export interface SqliteDatabase {
  readonly driver: SqliteDriverName;
  exec(sql: string): void;
  prepare(sql: string): SqliteStatement;
  /** `fn` inside BEGIN [IMMEDIATE] … COMMIT, rolled back if it throws. Synchronous, as both drivers are. */
  transaction<T>(fn: () => T, mode?: 'deferred' | 'immediate'): T;
  close(): void;
}

/** What this file needs of node:sqlite (Node 20's type definitions do not have it). */
interface NodeSqliteStatement {
  run(...params: unknown[]): { changes: number | bigint };
  get(...params: unknown[]): SqliteRow | undefined;
  all(...params: unknown[]): SqliteRow[];
}
interface NodeSqliteModule {
  DatabaseSync: new (file: string) => { exec(sql: string): void; prepare(sql: string): NodeSqliteStatement; close(): void };
}

let nodeSqlite: NodeSqliteModule | null | undefined;

/**
 * node:sqlite if this Node has it without a flag. Node 22 (and 24 before 24.15) prints "SQLite is an experimental
 * feature" once, as the module loads; that one warning is held back here, since a user can do nothing about it.
 * Every other warning passes.
 */
function loadNodeSqlite(): NodeSqliteModule | undefined {
  if (nodeSqlite !== undefined) return nodeSqlite ?? undefined;
  const emit = process.emitWarning;
  process.emitWarning = function (this: unknown, warning: string | Error, ...rest: unknown[]) {
    const type = typeof rest[0] === 'string' ? rest[0] : (rest[0] as { type?: string } | undefined)?.type;
    if (type === 'ExperimentalWarning' && String(warning).startsWith('SQLite is an experimental feature')) return;
    return (emit as (...args: unknown[]) => void).call(process, warning, ...rest);
  } as typeof process.emitWarning;
  try {
    // getBuiltinModule itself is missing before Node 22.3 (and 20.16); there is no node:sqlite to load then either.
    const getBuiltin = process.getBuiltinModule as ((id: string) => unknown) | undefined;
    nodeSqlite = (getBuiltin?.call(process, 'node:sqlite') as NodeSqliteModule | undefined) ?? null;
  } finally {
    process.emitWarning = emit;
  }
  return nodeSqlite ?? undefined;
}

/** The driver this process uses: node:sqlite where Node has it unflagged, else better-sqlite3. */
export function pickSqliteDriver(): SqliteDriverName {
  return loadNodeSqlite() ? 'node:sqlite' : 'better-sqlite3';
}

/** Opens (creating) a SQLite file with the given driver, or the one this Node picks. */
export function openSqlite(file: string, driver: SqliteDriverName = pickSqliteDriver()): SqliteDatabase {
  const db = driver === 'node:sqlite' ? openNodeSqlite(file) : openBetterSqlite3(file);
  // Both drivers the same: wait up to 5 s for another process's write lock (better-sqlite3's default; node:sqlite's is 0).
  db.exec('PRAGMA busy_timeout = 5000');
  return db;
}

type Handle = Omit<SqliteDatabase, 'transaction'>;

function withTransactions(handle: Handle): SqliteDatabase {
  return {
    ...handle,
    transaction<T>(fn: () => T, mode: 'deferred' | 'immediate' = 'deferred'): T {
      handle.exec(mode === 'immediate' ? 'BEGIN IMMEDIATE' : 'BEGIN');
      try {
        const result = fn();
        handle.exec('COMMIT');
        return result;
      } catch (error) {
        // SQLite may have rolled back already (then ROLLBACK itself fails): the first error is the one to report.
        try { handle.exec('ROLLBACK'); } catch { /* no transaction left to end */ }
        throw error;
      }
    },
  };
}

function openNodeSqlite(file: string): SqliteDatabase {
  const sqlite = loadNodeSqlite();
  if (!sqlite) throw new Error(`node:sqlite is not available on Node ${process.versions.node} (it is built in, unflagged, from Node 22.13)`);
  const db = new sqlite.DatabaseSync(file);
  return withTransactions({
    driver: 'node:sqlite',
    exec: (sql) => db.exec(sql),
    prepare: (sql) => {
      const statement = db.prepare(sql);
      return {
        run: (...params) => ({ changes: Number(statement.run(...params).changes) }),
        get: (...params) => statement.get(...params),
        all: (...params) => statement.all(...params),
      };
    },
    close: () => db.close(),
  });
}

function openBetterSqlite3(file: string): SqliteDatabase {
  let db: BetterSqlite3.Database;
  try {
    // Loaded only when used: on Node 22/24 the optional addon may not be installed at all. Its compiled part loads
    // as the first database opens.
    const Database = createRequire(__filename)('better-sqlite3') as typeof BetterSqlite3;
    db = new Database(file);
  } catch (error) {
    throw addonError(error) ?? error;
  }
  return withTransactions({
    driver: 'better-sqlite3',
    exec: (sql) => void db.exec(sql),
    prepare: (sql) => {
      const statement = db.prepare(sql);
      return {
        run: (...params) => ({ changes: statement.run(...params).changes }),
        get: (...params) => statement.get(...params) as SqliteRow | undefined,
        all: (...params) => statement.all(...params) as SqliteRow[],
      };
    },
    close: () => db.close(),
  });
}

/** A missing or mismatched better-sqlite3 as a sentence that says what to do; undefined for any other error. */
function addonError(error: unknown): Error | undefined {
  const message = (error as Error | undefined)?.message ?? '';
  const code = (error as { code?: string } | undefined)?.code;
  const mismatched = /NODE_MODULE_VERSION/.test(message);
  const missing = (code === 'MODULE_NOT_FOUND' && /better-sqlite3/.test(message)) || /Could not locate the bindings file/.test(message) || code === 'ERR_DLOPEN_FAILED';
  if (!mismatched && !missing) return undefined;
  // Built for another Node: the one sentence that names both versions (native-modules.ts).
  const sentence = mismatched ? nodeAbiMismatch(error) : undefined;
  if (sentence) return new Error(sentence, { cause: error });
  const fix = mismatched
    ? 'it was compiled for another Node: run `npm rebuild better-sqlite3`'
    : 'install it (`npm install`, with python3, make and a C++ compiler), or run Node 22.13+ (built-in node:sqlite)';
  return new Error(`SQLite on Node ${process.versions.node} needs the better-sqlite3 package: ${fix}, or set DATABASE_URL for PostgreSQL (${message.split('\n')[0]})`, { cause: error });
}
