import type { Database } from 'better-sqlite3';

/** Schema migrations, applied in order; `PRAGMA user_version` records how many have run. Never edit a shipped one. */
export const MIGRATIONS: readonly string[] = [
  `CREATE TABLE papers (
     id           TEXT PRIMARY KEY,
     title        TEXT NOT NULL,
     abstract     TEXT NOT NULL,
     authors      TEXT NOT NULL DEFAULT '[]',
     year         INTEGER,
     venue        TEXT,
     url          TEXT,
     keywords     TEXT NOT NULL DEFAULT '[]',
     content_hash TEXT NOT NULL,
     text_hash    TEXT NOT NULL,
     vector       BLOB,
     vector_model TEXT,
     created_at   TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
     updated_at   TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
     CHECK ((vector IS NULL) = (vector_model IS NULL))
   ) WITHOUT ROWID;
   CREATE INDEX papers_vector_model ON papers (vector_model);`,
];

export function migrate(db: Database): void {
  const current = db.pragma('user_version', { simple: true }) as number;
  if (current > MIGRATIONS.length) {
    throw new Error(
      `${db.name} has schema version ${current}, newer than this litgraph knows (${MIGRATIONS.length}): upgrade litgraph`,
    );
  }
  for (let version = current; version < MIGRATIONS.length; version++) {
    db.transaction(() => {
      db.exec(MIGRATIONS[version]);
      db.pragma(`user_version = ${version + 1}`);
    })();
  }
}
