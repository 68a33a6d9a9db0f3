import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { StoreError } from '../store';
import { migrate } from './migrations';
import { registerFold } from './rows';

/** How long a write waits for another connection's write lock before the store is reported locked, by default. */
const LOCK_WAIT_MS = 5_000;

/**
 * Opens (and migrates) the store in `file`, creating it unless `mustExist`. Every failure is a StoreError naming
 * the file: no such store, not a database, a newer schema, permissions. `lockWaitMs`: how long a write waits for
 * another connection's write to end (default 5 s); a worker thread writing beside the server's corpus-graph worker
 * waits longer.
 */
export function openDatabase(file: string, options: { mustExist?: boolean; lockWaitMs?: number }): Database.Database {
  if (options.mustExist && file !== ':memory:' && !fs.existsSync(file)) {
    throw new StoreError('missing', `${file}: no such store`);
  }
  let db: Database.Database;
  try {
    if (file !== ':memory:' && !options.mustExist) fs.mkdirSync(path.dirname(file), { recursive: true });
    db = new Database(file, { fileMustExist: Boolean(options.mustExist), timeout: options.lockWaitMs ?? LOCK_WAIT_MS });
  } catch (err) {
    throw openError(file, err);
  }
  try {
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    db.pragma('foreign_keys = ON');
    registerFold(db);
    migrate(db);
    reusePrepared(db);
  } catch (err) {
    db.close();
    throw openError(file, err);
  }
  return db;
}

/**
 * Makes `db.prepare` give back the statement it compiled before for the same SQL text (better-sqlite3 compiles anew
 * on every call, and the adapter prepares where it queries: tens of microseconds a call, a good share of a cheap
 * read). A reused statement is reset to return rows as objects, as a new one would (a caller may have plucked it).
 */
function reusePrepared(db: Database.Database): void {
  const prepare = db.prepare.bind(db);
  const statements = new Map<string, Database.Statement>();
  db.prepare = ((sql: string) => {
    let statement = statements.get(sql);
    if (!statement) statements.set(sql, (statement = prepare(sql)));
    else if (statement.reader) statement.pluck(false);
    return statement;
  }) as typeof db.prepare;
}

/**
 * A failure of the store in `file` as a StoreError naming it, when SQLite says the store cannot be used (not a
 * database, corrupt, locked, read-only, full, I/O); any other error (a constraint a write broke…) unchanged.
 */
export function storeFailure(file: string, err: unknown): Error {
  if (err instanceof StoreError) return err;
  const { code = '', message } = err as NodeJS.ErrnoException;
  if (code === 'SQLITE_NOTADB') {
    return new StoreError('invalid', `${file}: not a litgraph store (the file is not an SQLite database)`);
  }
  if (code.startsWith('SQLITE_CORRUPT')) return new StoreError('invalid', `${file}: the store is corrupt (${message})`);
  if (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED')) {
    return new StoreError('locked', `${file}: the store is locked by another process; try again`);
  }
  if (code.startsWith('SQLITE_READONLY') || code === 'SQLITE_PERM' || code === 'EACCES' || code === 'EPERM') {
    return new StoreError('refused', `${file}: permission denied: the store (or its folder) must be readable and writable`);
  }
  if (code === 'SQLITE_FULL' || code.startsWith('SQLITE_IOERR')) {
    return new StoreError('io', `${file}: the store cannot be read or written (${code}: ${message.split('\n')[0]})`);
  }
  return err as Error;
}

/** Why a store file cannot be opened, in one line naming it. */
function openError(file: string, err: unknown): Error {
  const failure = storeFailure(file, err);
  if (failure instanceof StoreError) return failure;
  if (fs.existsSync(file) && fs.statSync(file).isDirectory()) {
    return new StoreError('invalid', `${file}: is a directory, not a store file`);
  }
  return new StoreError('invalid', `${file}: cannot open the store: ${failure.message.split('\n')[0]}`);
}

