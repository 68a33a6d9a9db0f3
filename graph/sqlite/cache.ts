import type Database from 'better-sqlite3';

/** Entries one cached table keeps at most; past that it starts again empty (a store of millions of rows stays bounded). */
const MAX_ENTRIES = 250_000;

/**
 * Values read from one SQLite connection, kept while nothing in the database changed, so a query that reads the
 * same rows again (related work reads thousands of concept rows per query) parses them once.
 *
 * Every read first checks the database's version: `PRAGMA data_version` (changes when another connection commits:
 * another process, the server's ingest worker) and `total_changes()` (rows this connection inserted, updated or
 * deleted since it opened). Any change empties every cache, whichever method of whichever writer made it, so no
 * write path needs to know about the caches.
 */
export class ReadCache {
  private version = '';
  private readonly tables = new Map<string, Map<string, unknown>>();
  private readonly dataVersion: Database.Statement<[], number>;
  private readonly totalChanges: Database.Statement<[], number>;
  /** Called when the version moved, before the caches are read again. */
  private readonly listeners: (() => void)[] = [];

  constructor(db: Database.Database) {
    this.dataVersion = db.prepare<[], number>('PRAGMA data_version');
    this.totalChanges = db.prepare<[], number>('SELECT total_changes()');
  }

  /**
   * The database's version (see the class), after emptying every cache (and telling the listeners) when it changed
   * since the last check.
   */
  check(): string {
    const version = `${this.dataVersion.pluck().get()}:${this.totalChanges.pluck().get()}`;
    if (version === this.version) return version;
    this.version = version;
    this.tables.clear();
    for (const listener of this.listeners) listener();
    return version;
  }

  /** `listener` runs whenever `check` finds the database changed. */
  onChange(listener: () => void): void {
    this.listeners.push(listener);
  }

  /** The cache named `name` (valid until the next change), created empty on first use. */
  table<T>(name: string): Map<string, T> {
    let table = this.tables.get(name);
    if (!table || table.size > MAX_ENTRIES) this.tables.set(name, (table = new Map()));
    return table as Map<string, T>;
  }

  /**
   * The values of `keys` (distinct, in their order) from the cache `name`, loading the missing ones with one `load`
   * call; a key `load` does not answer is remembered as absent (`undefined` in the answer).
   */
  many<T>(name: string, keys: string[], load: (missing: string[]) => Map<string, T>): Map<string, T | undefined> {
    this.check();
    const table = this.table<T | null>(name);
    const missing = [...new Set(keys)].filter((k) => !table.has(k));
    if (missing.length) {
      const loaded = load(missing);
      for (const k of missing) table.set(k, loaded.get(k) ?? null);
    }
    return new Map(keys.map((k) => [k, table.get(k) ?? undefined]));
  }
}
