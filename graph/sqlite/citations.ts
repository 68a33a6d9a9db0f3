import type { Rows } from '../base';
import type { CitationCounts, PaperKeyHit, PaperLinks, PaperWrite, SharedCitations } from '../store';
import { SqliteKnowledge } from './knowledge';

const kindOf = (key: string): PaperKeyHit['kind'] => (key.startsWith('title:') ? 'title' : 'id');

/**
 * Identity and citations in the SQLite store (migration 6): `paper_keys` (every key a paper is known by),
 * `paper_links` (the links as written), `paper_references` (each reference's keys, numbered by `ord`) and `cites`
 * (the resolved edges). `cites` is derived: after every write the references of every paper the write can change
 * (the written papers' own, and those naming a key of a written paper) are resolved again, so a reference to a paper
 * not yet stored becomes an edge when that paper arrives, whichever comes first.
 */
export abstract class SqliteCitations extends SqliteKnowledge {
  /** Writes the links of a batch and resolves what they change; runs inside `writePapers`' transaction. */
  protected writeLinks(writes: PaperWrite[]): void {
    const ids = JSON.stringify(writes.map((w) => w.paper.id));
    const insertKey = this.db.prepare(`INSERT OR IGNORE INTO paper_keys (key, paper_id, kind) VALUES (?, ?, ?)`);
    const insertRef = this.db.prepare(`INSERT OR IGNORE INTO paper_references (paper_id, ord, key) VALUES (?, ?, ?)`);
    // Citers of the written papers before the write: an alias the write drops may unresolve their references.
    const before = this.db.prepare<[string], string>(
      `SELECT DISTINCT citing FROM cites WHERE cited IN (SELECT value FROM json_each(?))`,
    );
    const affected = new Set<string>([...writes.map((w) => w.paper.id), ...before.pluck().all(ids)]);
    for (const { paper, links } of writes) {
      insertKey.run(paper.id, paper.id, kindOf(paper.id));
      if (!links) continue;
      this.db.prepare(`DELETE FROM paper_keys WHERE paper_id = ? AND key <> ?`).run(paper.id, paper.id);
      for (const alias of links.aliases) insertKey.run(alias, paper.id, kindOf(alias));
      if (links.titleKey) insertKey.run(links.titleKey, paper.id, 'title');
      this.db.prepare(`DELETE FROM paper_references WHERE paper_id = ?`).run(paper.id);
      links.references.forEach((keys, ord) => keys.forEach((key) => insertRef.run(paper.id, ord, key)));
      this.db.prepare(
        `INSERT INTO paper_links (paper_id, aliases, title_key, refs) VALUES (?, ?, ?, ?)
         ON CONFLICT (paper_id) DO UPDATE SET aliases = excluded.aliases, title_key = excluded.title_key, refs = excluded.refs`,
      ).run(paper.id, JSON.stringify(links.aliases), links.titleKey, JSON.stringify(links.references));
    }
    const citers = this.db.prepare<[string], string>(
      `SELECT DISTINCT r.paper_id FROM paper_keys k JOIN paper_references r ON r.key = k.key
       WHERE k.paper_id IN (SELECT value FROM json_each(?))`,
    );
    for (const id of citers.pluck().all(ids)) affected.add(id);
    this.resolve([...affected]);
  }

  /**
   * Drops the keys, links, references and CITES edges of papers being removed (the JSON list `ids`), and resolves
   * again the references of the other papers that cited them; runs inside `removePapers`' transaction.
   */
  protected removeLinks(ids: string): void {
    const citers = this.db
      .prepare<[string, string], string>(
        `SELECT DISTINCT citing FROM cites
         WHERE cited IN (SELECT value FROM json_each(?)) AND citing NOT IN (SELECT value FROM json_each(?))`,
      )
      .pluck()
      .all(ids, ids);
    for (const table of ['paper_keys', 'paper_links', 'paper_references']) {
      this.db.prepare(`DELETE FROM ${table} WHERE paper_id IN (SELECT value FROM json_each(?))`).run(ids);
    }
    this.db
      .prepare(`DELETE FROM cites WHERE citing IN (SELECT value FROM json_each(?)) OR cited IN (SELECT value FROM json_each(?))`)
      .run(ids, ids);
    this.resolve(citers);
  }

  /** Resolves again every reference of the `citing` papers: by identifier keys, else by title key. */
  private resolve(citing: string[]): void {
    const ids = JSON.stringify(citing);
    this.db.prepare(`DELETE FROM cites WHERE citing IN (SELECT value FROM json_each(?))`).run(ids);
    this.db.prepare(
      `INSERT OR IGNORE INTO cites (citing, cited)
       WITH hits AS (
         SELECT r.paper_id AS citing, r.ord, k.paper_id AS cited, k.kind
         FROM paper_references r JOIN paper_keys k ON k.key = r.key
         WHERE r.paper_id IN (SELECT value FROM json_each(?)) AND k.paper_id <> r.paper_id)
       SELECT citing, cited FROM hits h
       WHERE kind = 'id'
          OR NOT EXISTS (SELECT 1 FROM hits i WHERE i.citing = h.citing AND i.ord = h.ord AND i.kind = 'id')`,
    ).run(ids);
  }

  async findPaperKeys(keys: string[]): Promise<PaperKeyHit[]> {
    return this.db
      .prepare<[string], { key: string; paper_id: string; kind: PaperKeyHit['kind'] }>(
        `SELECT key, paper_id, kind FROM paper_keys WHERE key IN (SELECT value FROM json_each(?)) ORDER BY key, paper_id`,
      )
      .all(JSON.stringify(keys))
      .map((r) => ({ key: r.key, paperId: r.paper_id, kind: r.kind }));
  }

  /** An id names its own paper; an alias or title key names the paper known by it (the first by id, should two be). */
  async resolvePaperIds(ids: string[]): Promise<Map<string, string>> {
    const rows = this.db
      .prepare<{ ids: string }, { key: string; paper_id: string }>(
        `SELECT key, min(paper_id) AS paper_id FROM (
           SELECT id AS key, id AS paper_id FROM papers WHERE id IN (SELECT value FROM json_each(@ids))
           UNION ALL
           SELECT key, paper_id FROM paper_keys
           WHERE key IN (SELECT value FROM json_each(@ids))
             AND key NOT IN (SELECT id FROM papers WHERE id IN (SELECT value FROM json_each(@ids))))
         GROUP BY key`,
      )
      .all({ ids: JSON.stringify(ids) });
    return new Map(rows.map((r) => [r.key, r.paper_id]));
  }

  async paperLinks(ids: string[]): Promise<Map<string, PaperLinks>> {
    const rows = this.db
      .prepare<[string], { paper_id: string; aliases: string; title_key: string | null; refs: string }>(
        `SELECT paper_id, aliases, title_key, refs FROM paper_links WHERE paper_id IN (SELECT value FROM json_each(?))`,
      )
      .all(JSON.stringify(ids));
    return new Map(
      rows.map((r) => [
        r.paper_id,
        { aliases: JSON.parse(r.aliases) as string[], titleKey: r.title_key, references: JSON.parse(r.refs) as string[][] },
      ]),
    );
  }

  /** Ids a paper cites (`references`) or is cited by (`citedBy`), by id after `after`, and their total. */
  protected async citationRows(
    paperId: string,
    direction: 'references' | 'citedBy',
    after: string | undefined,
    limit: number,
  ): Promise<Rows<string>> {
    const [from, to] = direction === 'references' ? ['citing', 'cited'] : ['cited', 'citing'];
    const totalCount = this.db.prepare<[string], number>(`SELECT count(*) FROM cites WHERE ${from} = ?`).pluck().get(paperId)!;
    const rows = this.db
      .prepare<[string, string, number], string>(
        `SELECT ${to} FROM cites WHERE ${from} = ? AND ${to} > ? ORDER BY ${to} LIMIT ?`,
      )
      .pluck()
      .all(paperId, after ?? '', limit);
    return { rows, totalCount };
  }

  async citationCounts(ids: string[]): Promise<Map<string, CitationCounts>> {
    const rows = this.db
      .prepare<[string], { id: string; refs: number; cited_by: number; unresolved: number }>(
        `SELECT p.value AS id,
           (SELECT count(*) FROM cites WHERE citing = p.value) AS refs,
           (SELECT count(*) FROM cites WHERE cited = p.value) AS cited_by,
           (SELECT count(*) FROM (
              SELECT r.ord FROM paper_references r WHERE r.paper_id = p.value GROUP BY r.ord
              HAVING NOT max(EXISTS (SELECT 1 FROM paper_keys k WHERE k.key = r.key AND k.paper_id <> r.paper_id))
            )) AS unresolved
         FROM json_each(?) p WHERE p.value IN (SELECT id FROM papers)`,
      )
      .all(JSON.stringify(ids));
    return new Map(rows.map((r) => [r.id, { references: r.refs, citedBy: r.cited_by, unresolved: r.unresolved }]));
  }

  async sharedCitations(paperId: string, kind: 'coupling' | 'cocitation', first: number): Promise<SharedCitations[]> {
    // Coupling: papers citing what it cites. Co-citation: papers cited by what cites it.
    const [self, via] = kind === 'coupling' ? ['citing', 'cited'] : ['cited', 'citing'];
    return this.db
      .prepare<[string, number], SharedCitations>(
        `SELECT b.${self} AS id, count(*) AS shared, (SELECT count(*) FROM cites c WHERE c.${self} = b.${self}) AS count
         FROM cites a JOIN cites b ON b.${via} = a.${via}
         WHERE a.${self} = ? AND b.${self} <> a.${self}
         GROUP BY b.${self} ORDER BY shared DESC, id LIMIT ?`,
      )
      .all(paperId, first);
  }
}
