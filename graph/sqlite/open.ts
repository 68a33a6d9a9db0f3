import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { StoreError } from '../store';
import { migrate } from './migrations';
import { registerFold } from './rows';

/**
 * Opens (and migrates) the store in `file`, creating it unless `mustExist`. Every failure is a StoreError naming
 * the file: no such store, not a database, a newer schema, permissions.
 */
export function openDatabase(file: string, options: { mustExist?: boolean }): Database.Database {
  if (options.mustExist && file !== ':memory:' && !fs.existsSync(file)) {
    throw new StoreError('missing', `${file}: no such store`);
  }
  let db: Database.Database;
  try {
    if (file !== ':memory:' && !options.mustExist) fs.mkdirSync(path.dirname(file), { recursive: true });
    db = new Database(file, { fileMustExist: Boolean(options.mustExist) });
  } catch (err) {
    throw openError(file, err);
  }
  try {
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    db.pragma('foreign_keys = ON');
    registerFold(db);
    migrate(db);
  } catch (err) {
    db.close();
    throw openError(file, err);
  }
  return db;
}

/** Why a store file cannot be opened, in one line naming it. */
function openError(file: string, err: unknown): Error {
  if (err instanceof StoreError) return err;
  const { code, message } = err as NodeJS.ErrnoException;
  if (code === 'SQLITE_NOTADB') {
    return new StoreError('invalid', `${file}: not a litgraph store (the file is not an SQLite database)`);
  }
  if (code === 'SQLITE_CORRUPT') return new StoreError('invalid', `${file}: the store is corrupt (${message})`);
  if (code === 'SQLITE_BUSY') return new StoreError('locked', `${file}: the store is locked by another process; try again`);
  if (code === 'SQLITE_READONLY' || code === 'EACCES' || code === 'EPERM') {
    return new StoreError('refused', `${file}: permission denied: the store (or its folder) must be readable and writable`);
  }
  if (fs.existsSync(file) && fs.statSync(file).isDirectory()) {
    return new StoreError('invalid', `${file}: is a directory, not a store file`);
  }
  return new StoreError('invalid', `${file}: cannot open the store: ${message.split('\n')[0]}`);
}

