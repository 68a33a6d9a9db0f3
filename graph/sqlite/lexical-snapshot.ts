import type Database from 'better-sqlite3';

/**
 * The full-text index of papers_fts as FTS5 holds it, read in one read transaction: what the in-memory lexical index
 * (lexical-index.ts) starts from. Read by a worker thread (lexical-index-build.ts) on its own connection, or on the
 * store's own connection for a store in memory.
 */
export interface LexicalSnapshot {
  /** The last change of papers_fts_changes this snapshot includes. */
  position: number;
  /** Every FTS5 row: its rowid and paper id. */
  docs: Int32Array;
  ids: string[];
  /** The distinct tokens; postings of term t are `postingDocs/postingCounts[termStart[t] .. termStart[t + 1])`. */
  terms: string[];
  termStart: Int32Array;
  postingDocs: Int32Array;
  /** Occurrences of the term in the row, title and abstract together. */
  postingCounts: Uint16Array;
}

/** Most occurrences of one token in one paper the index holds (postingCounts are 16-bit). */
export const MAX_COUNT = 0xffff;

/** The change log's position (its last sequence number, 0 before any change) and the last position trimmed from it. */
export function logPosition(db: Database.Database): { position: number; trimmed: number } {
  return db
    .prepare<[], { position: number; trimmed: number }>(
      `SELECT coalesce((SELECT seq FROM sqlite_sequence WHERE name = 'papers_fts_changes'), 0) AS position,
              (SELECT value FROM store_state WHERE key = 'fts_changes_trimmed') AS trimmed`,
    )
    .get()!;
}

/**
 * Reads the snapshot from FTS5 itself (its fts5vocab 'instance' table: every token occurrence, by term then row), so
 * the tokens are exactly FTS5's. Null when a token occurs more than MAX_COUNT times in one paper.
 */
export function readSnapshot(db: Database.Database): LexicalSnapshot | null {
  db.exec(`CREATE VIRTUAL TABLE IF NOT EXISTS temp.papers_fts_instances USING fts5vocab(main, papers_fts, instance)`);
  return db.transaction(() => {
    const { position } = logPosition(db);
    const rows = db.prepare<[], { rowid: number; id: string }>(`SELECT rowid, id FROM papers_fts_ids ORDER BY rowid`).all();
    // One row per term (fts5vocab yields terms in order, so no sort): the rowid of each occurrence, in row order.
    const byTerm = db
      .prepare<[], [string, string]>(`SELECT term, group_concat(doc) FROM temp.papers_fts_instances GROUP BY term`)
      .raw()
      .all();
    const terms = byTerm.map((r) => r[0]);
    const termStart = new Int32Array(terms.length + 1);
    for (let t = 0; t < byTerm.length; t++) termStart[t + 1] = termStart[t] + distinctNumbers(byTerm[t][1]);
    const postingDocs = new Int32Array(termStart[terms.length]);
    const postingCounts = new Uint16Array(termStart[terms.length]);
    for (let t = 0; t < byTerm.length; t++) {
      if (!fillPostings(byTerm[t][1], termStart[t], postingDocs, postingCounts)) return null;
    }
    return {
      position,
      docs: Int32Array.from(rows, (r) => r.rowid),
      ids: rows.map((r) => r.id),
      terms,
      termStart,
      postingDocs,
      postingCounts,
    };
  })();
}

/** Runs of equal numbers in a comma-separated, sorted list. */
function distinctNumbers(list: string): number {
  let runs = 0;
  let previous = -1;
  let value = 0;
  for (let i = 0; i <= list.length; i++) {
    const c = i < list.length ? list.charCodeAt(i) : 44;
    if (c === 44) {
      if (value !== previous) runs++;
      previous = value;
      value = 0;
    } else value = value * 10 + c - 48;
  }
  return runs;
}

/** Writes the runs of a sorted comma-separated list from `start` on: each number once, with its run length. */
function fillPostings(list: string, start: number, docs: Int32Array, counts: Uint16Array): boolean {
  let at = start - 1;
  let previous = -1;
  let value = 0;
  for (let i = 0; i <= list.length; i++) {
    const c = i < list.length ? list.charCodeAt(i) : 44;
    if (c === 44) {
      if (value !== previous) {
        docs[++at] = value;
        counts[at] = 1;
      } else if (counts[at] === MAX_COUNT) return false;
      else counts[at]++;
      previous = value;
      value = 0;
    } else value = value * 10 + c - 48;
  }
  return true;
}
