import { Worker } from 'node:worker_threads';
import Database from 'better-sqlite3';
import { workerFile } from '../../src/paths';
import type { ScoredId } from '../store';
import { logPosition, MAX_COUNT, readSnapshot, type LexicalSnapshot } from './lexical-snapshot';

/** FTS5's bm25() constants (fts5_aux.c). */
const K1 = 1.2;
const B = 0.75;
/** The least idf FTS5 gives a term found in at least half the rows. */
const MIN_IDF = 1e-6;
/**
 * Papers changed since the index was read beyond which it is read again (in the background) rather than updated
 * paper by paper: at least this many, and this share of the papers.
 */
const REREAD_MIN = 2_000;
const REREAD_SHARE = 0.25;
/** Query words whose tokens are kept; past that the memo starts again empty. */
const WORDS_KEPT = 100_000;

const BUILD_FILE = workerFile(__dirname, 'lexical-index-build.js');

/** What the index holds and what it took to read: for benchmarks. */
export interface LexicalIndexStats {
  papers: number;
  terms: number;
  postings: number;
  /** Bytes of its arrays (postings, row lengths, the score accumulator). */
  bytes: number;
  /** Time to read the snapshot (in a worker thread for a store in a file) and install it, in ms. */
  buildMs: number;
}

/** Postings of one token: the rows it occurs in and how often, the first `length` entries of growable arrays. */
interface Postings {
  docs: Int32Array;
  counts: Uint16Array;
  length: number;
}

/** A paper's tokens as FTS5 produces them: occurrences per token and their total (its length in tokens). */
interface Tokens {
  counts: Map<string, number>;
  length: number;
}

/**
 * FTS5's tokenizer, run by SQLite on a connection of its own (an FTS5 table in memory with papers_fts's options, read
 * through fts5vocab), so tokens are exactly those of papers_fts and the store's connection sees no write.
 */
class Tokenizer {
  private readonly db: Database.Database;
  private readonly insert: Database.Statement<[number, string, string]>;
  private readonly instances: Database.Statement<[], [string, number]>;
  private readonly logarithm: Database.Statement<[number], number>;

  constructor(ftsSchema: string) {
    this.db = new Database(':memory:');
    this.db.exec(ftsSchema.replace(/^CREATE VIRTUAL TABLE\s+\S+\s+USING/i, 'CREATE VIRTUAL TABLE texts USING'));
    this.db.exec(`CREATE VIRTUAL TABLE texts_instances USING fts5vocab(texts, instance)`);
    this.insert = this.db.prepare(`INSERT INTO texts (rowid, title, abstract) VALUES (?, ?, ?)`);
    this.instances = this.db.prepare<[], [string, number]>(`SELECT term, doc FROM texts_instances`).raw();
    this.logarithm = this.db.prepare<[number], number>(`SELECT ln(?)`).pluck();
  }

  /** The tokens of each title and abstract. */
  tokens(texts: { title: string; abstract: string }[]): Tokens[] {
    const out = texts.map((): Tokens => ({ counts: new Map(), length: 0 }));
    this.db.transaction(() => {
      texts.forEach((t, i) => this.insert.run(i + 1, t.title, t.abstract));
      for (const [term, doc] of this.instances.iterate()) {
        const tokens = out[doc - 1];
        tokens.counts.set(term, (tokens.counts.get(term) ?? 0) + 1);
        tokens.length++;
      }
      this.db.exec(`DELETE FROM texts`);
    })();
    return out;
  }

  /** The natural logarithm as SQLite computes it: libm's, which FTS5's bm25 calls (V8's differs in the last bit). */
  ln(x: number): number {
    return this.logarithm.get(x)!;
  }

  close(): void {
    this.db.close();
  }
}

/**
 * FTS5's BM25 over papers_fts held in memory: postings per token in typed arrays, the length of each row, the totals.
 * Answers `"w1" OR "w2" …` with the rows, order and scores of
 * `SELECT rowid, -bm25(papers_fts) … ORDER BY bm25(papers_fts), id LIMIT k`, by the same arithmetic in the same order
 * (the logarithm taken by SQLite, which FTS5 also calls).
 */
class LexicalIndex {
  private readonly termIds = new Map<string, number>();
  private readonly postings: Postings[] = [];
  /** Paper id, tokens and score of each row, by rowid. */
  private ids: (string | undefined)[] = [];
  private lengths = new Int32Array(0);
  /** BM25's length term of each row, K1 * (1 - B + B * length / avgdl), for the average it was computed with. */
  private norms = new Float64Array(0);
  private normsAvgdl = NaN;
  private scores = new Float64Array(0);
  private touched = new Int32Array(0);
  private rows = 0;
  private tokens = 0;
  /** The last change of the log this index includes. */
  position: number;

  constructor(snapshot: LexicalSnapshot, private readonly ln: (x: number) => number) {
    this.position = snapshot.position;
    this.grow(snapshot.docs.length ? snapshot.docs[snapshot.docs.length - 1] : 0);
    snapshot.docs.forEach((doc, i) => (this.ids[doc] = snapshot.ids[i]));
    this.rows = snapshot.docs.length;
    snapshot.terms.forEach((term, t) => {
      const start = snapshot.termStart[t];
      const end = snapshot.termStart[t + 1];
      this.termIds.set(term, t);
      const p = { docs: snapshot.postingDocs.subarray(start, end), counts: snapshot.postingCounts.subarray(start, end), length: end - start };
      this.postings.push(p);
      for (let j = 0; j < p.length; j++) this.lengths[p.docs[j]] += p.counts[j];
    });
    for (let doc = 0; doc < this.lengths.length; doc++) this.tokens += this.lengths[doc];
  }

  stats(): Omit<LexicalIndexStats, 'buildMs'> {
    this.normsNow();
    let bytes = this.lengths.byteLength + this.norms.byteLength + this.scores.byteLength + this.touched.byteLength;
    let postings = 0;
    for (const p of this.postings) {
      bytes += p.docs.byteLength + p.counts.byteLength;
      postings += p.length;
    }
    return { papers: this.rows, terms: this.termIds.size, postings, bytes };
  }

  /** Rows (papers) it holds. */
  get papers(): number {
    return this.rows;
  }

  /** Rows holding `token`. */
  documentFrequency(token: string): number {
    const t = this.termIds.get(token);
    return t === undefined ? 0 : this.postings[t].length;
  }

  /** The best `k` rows for the OR of `tokens` (one per query word, in order; repeats count again, as in FTS5). */
  search(tokens: string[], k: number): ScoredId[] {
    const norms = this.normsNow();
    const { scores, touched } = this;
    let found = 0;
    // Term at a time, in the query's order: each row's sum is added up in FTS5's order, from 0.
    for (const token of tokens) {
      const t = this.termIds.get(token);
      const df = t === undefined ? 0 : this.postings[t].length;
      if (!df) continue;
      let idf = this.ln((this.rows - df + 0.5) / (df + 0.5));
      if (idf <= 0) idf = MIN_IDF;
      const { docs, counts } = this.postings[t!];
      for (let j = 0; j < df; j++) {
        const doc = docs[j];
        const tf = counts[j];
        // A row's score is positive once a term adds to it (idf ≥ MIN_IDF), so 0 marks a row not yet touched.
        if (scores[doc] === 0) touched[found++] = doc;
        scores[doc] += idf * ((tf * (K1 + 1)) / (tf + norms[doc]));
      }
    }
    const best = this.best(found, k);
    for (let i = 0; i < found; i++) scores[touched[i]] = 0;
    return best;
  }

  /** The rows' length terms for the average length now (computed again after a change moved it). */
  private normsNow(): Float64Array {
    const avgdl = this.tokens / this.rows;
    if (avgdl !== this.normsAvgdl || this.norms.length !== this.lengths.length) {
      if (this.norms.length !== this.lengths.length) this.norms = new Float64Array(this.lengths.length);
      for (let doc = 0; doc < this.lengths.length; doc++) this.norms[doc] = K1 * (1 - B + (B * this.lengths[doc]) / avgdl);
      this.normsAvgdl = avgdl;
    }
    return this.norms;
  }

  /** The `k` best of the first `found` touched rows (score descending, then paper id), by a bounded heap. */
  private best(found: number, k: number): ScoredId[] {
    const { scores, ids, touched } = this;
    const worse = (a: number, b: number) => scores[a] < scores[b] || (scores[a] === scores[b] && ids[a]! > ids[b]!);
    const heap: number[] = [];
    const down = (i: number) => {
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < heap.length && worse(heap[l], heap[m])) m = l;
        if (r < heap.length && worse(heap[r], heap[m])) m = r;
        if (m === i) return;
        [heap[i], heap[m]] = [heap[m], heap[i]];
        i = m;
      }
    };
    for (let i = 0; i < found; i++) {
      const doc = touched[i];
      if (heap.length < k) {
        heap.push(doc);
        for (let j = heap.length - 1; j > 0 && worse(heap[j], heap[(j - 1) >> 1]); j = (j - 1) >> 1) {
          [heap[j], heap[(j - 1) >> 1]] = [heap[(j - 1) >> 1], heap[j]];
        }
      } else if (worse(heap[0], doc)) {
        heap[0] = doc;
        down(0);
      }
    }
    return heap.sort((a, b) => (worse(a, b) ? 1 : worse(b, a) ? -1 : 0)).map((doc) => ({ id: ids[doc]!, score: scores[doc] }));
  }

  /**
   * Takes the rows changed since `position` to what they are now: `before` (the tokens each held in the index, or
   * null for a row it did not hold) out, `after` (the row's paper and tokens now, or null for a row gone) in.
   * False when a row's tokens before do not match what the index holds (it must then be read again).
   */
  apply(changes: { doc: number; before: Tokens | null; after: { id: string; tokens: Tokens } | null }[], position: number): boolean {
    this.normsAvgdl = NaN;
    const removals = new Map<number, Set<number>>();
    for (const { doc, before } of changes) {
      if ((before !== null) !== (this.ids[doc] !== undefined)) return false;
      if (!before) continue;
      if (before.length !== this.lengths[doc]) return false;
      for (const term of before.counts.keys()) {
        const t = this.termIds.get(term);
        if (t === undefined) return false;
        let docs = removals.get(t);
        if (!docs) removals.set(t, (docs = new Set()));
        docs.add(doc);
      }
      this.tokens -= this.lengths[doc];
      this.lengths[doc] = 0;
      this.ids[doc] = undefined;
      this.rows--;
    }
    for (const [t, docs] of removals) {
      const p = this.postings[t];
      let kept = 0;
      for (let j = 0; j < p.length; j++) {
        if (docs.has(p.docs[j])) continue;
        p.docs[kept] = p.docs[j];
        p.counts[kept++] = p.counts[j];
      }
      if (p.length - kept !== docs.size) return false;
      p.length = kept;
    }
    for (const { doc, after } of changes) {
      if (!after) continue;
      this.grow(doc);
      for (const [term, count] of after.tokens.counts) {
        if (count > MAX_COUNT) return false;
        this.add(term, doc, count);
      }
      this.ids[doc] = after.id;
      this.lengths[doc] = after.tokens.length;
      this.tokens += after.tokens.length;
      this.rows++;
    }
    this.position = position;
    return true;
  }

  private add(term: string, doc: number, count: number): void {
    let t = this.termIds.get(term);
    if (t === undefined) {
      this.termIds.set(term, (t = this.postings.length));
      this.postings.push({ docs: new Int32Array(4), counts: new Uint16Array(4), length: 0 });
    }
    const p = this.postings[t];
    if (p.length === p.docs.length) {
      const docs = new Int32Array(Math.ceil(p.length * 1.5) + 4);
      const counts = new Uint16Array(docs.length);
      docs.set(p.docs.subarray(0, p.length));
      counts.set(p.counts.subarray(0, p.length));
      p.docs = docs;
      p.counts = counts;
    }
    p.docs[p.length] = doc;
    p.counts[p.length++] = count;
  }

  /** Room for rows up to `doc`. */
  private grow(doc: number): void {
    if (doc < this.lengths.length) return;
    const size = Math.max(doc + 1, Math.ceil(this.lengths.length * 1.25));
    const lengths = new Int32Array(size);
    lengths.set(this.lengths);
    this.lengths = lengths;
    this.scores = new Float64Array(size);
    this.touched = new Int32Array(size);
  }
}

/**
 * The store's full-text search from memory: a LexicalIndex read once (in a worker thread when the store is a file,
 * so no request waits for it; FTS5 answers until it is ready), then kept current with the database through the
 * change log papers_fts_changes that triggers on `papers` write (migration 8) whoever writes: this connection,
 * another one in this process, another process. Each change names the FTS5 row and holds its text before the change,
 * so the index takes that text's tokens out and the row's tokens now in. An index too far behind (more changes than
 * REREAD_*, or changes already trimmed from the log) is read again.
 */
export class LexicalSearch {
  private index: LexicalIndex | null = null;
  private building: Promise<void> | null = null;
  private worker: Worker | null = null;
  private buildMs = 0;
  /** Whether the database may have changed since the index last caught up. */
  private stale = true;
  private failed = false;
  private closed = false;
  private tokenizer: Tokenizer | null = null;
  /** Each query word's one FTS5 token, or null when FTS5 reads it as more or fewer (the query then goes to FTS5). */
  private readonly words = new Map<string, string | null>();
  private readonly logs = new Map<number, number>();

  /** `file`: the store's file, read by the worker thread; null for a store in memory (read on this thread). */
  constructor(
    private readonly db: Database.Database,
    private readonly file: string | null,
  ) {}

  /** To be called whenever the database may have changed (the store's ReadCache tells). */
  changed(): void {
    this.stale = true;
  }

  /** The best `k` papers for the OR of `words` as FTS5 ranks them, or null when FTS5 must answer (index not ready…). */
  search(words: string[], k: number): ScoredId[] | null {
    const index = this.current();
    const tokens = index && this.tokensOf(words);
    return tokens && tokens.every((t) => t !== null) ? index!.search(tokens as string[], k) : null;
  }

  /** Papers holding each of `words`, for the words the index can count (the others are left out); null: none. */
  counts(words: string[]): Map<string, number> | null {
    const index = this.current();
    if (!index) return null;
    const out = new Map<string, number>();
    const tokens = this.tokensOf(words);
    words.forEach((w, i) => {
      const token = tokens[i];
      if (token !== null) out.set(w, index.documentFrequency(token));
    });
    return out;
  }

  /** Resolves with the index's figures once it answers (reading it now if needed), null if it cannot be read. */
  async ready(): Promise<LexicalIndexStats | null> {
    this.current();
    while (this.building) await this.building;
    const index = this.current();
    return index && { ...index.stats(), buildMs: this.buildMs };
  }

  close(): void {
    this.closed = true;
    void this.worker?.terminate();
    this.tokenizer?.close();
  }

  private current(): LexicalIndex | null {
    if (this.failed || this.closed) return null;
    if (!this.index) {
      this.build();
      if (!this.index) return null;
    }
    if (this.stale) {
      this.stale = false;
      if (!this.catchUp(this.index)) {
        this.index = null;
        this.build();
      }
    }
    return this.index;
  }

  private build(): void {
    if (this.building) return;
    const started = performance.now();
    const install = (snapshot: LexicalSnapshot | null) => {
      if (this.closed) return;
      if (!snapshot) {
        this.failed = true;
        process.emitWarning('lexical index not built (a token occurs too often in one paper): full-text search stays on FTS5');
        return;
      }
      this.index = new LexicalIndex(snapshot, (x) => this.ln(x));
      this.buildMs = performance.now() - started;
      this.stale = true;
    };
    if (!this.file) {
      install(readSnapshot(this.db));
      return;
    }
    const worker = new Worker(BUILD_FILE, { workerData: this.file });
    worker.unref();
    this.worker = worker;
    this.building = new Promise<LexicalSnapshot | null>((resolve, reject) => {
      worker.once('message', resolve);
      worker.once('error', reject);
      worker.once('exit', (code) => reject(new Error(`the lexical index build stopped (exit code ${code})`)));
    })
      .then(install)
      .catch((err: unknown) => {
        if (this.closed) return;
        this.failed = true;
        process.emitWarning(`lexical index not built, full-text search stays on FTS5: ${(err as Error).message}`);
      })
      .finally(() => {
        this.building = null;
        this.worker = null;
      });
  }

  /** Brings `index` to the database's state now; false when it must be read again instead. */
  private catchUp(index: LexicalIndex): boolean {
    const read = this.db.transaction(() => {
      const { position, trimmed } = logPosition(this.db);
      if (position === index.position) return { position, changes: [] };
      if (trimmed > index.position) return null;
      // The first change of each row since the index's position holds the text the index has for it.
      const before = new Map<number, { title: string; abstract: string } | null>();
      for (const c of this.db
        .prepare<[number], { doc: number; title: string | null; abstract: string | null }>(
          `SELECT doc, title, abstract FROM papers_fts_changes WHERE seq > ? ORDER BY seq`,
        )
        .iterate(index.position)) {
        if (!before.has(c.doc)) before.set(c.doc, c.title === null ? null : { title: c.title, abstract: c.abstract! });
      }
      if (before.size > Math.max(REREAD_MIN, REREAD_SHARE * index.papers)) return null;
      const now = new Map(
        this.db
          .prepare<[string], { doc: number; id: string; title: string; abstract: string }>(
            `SELECT i.rowid AS doc, i.id, p.title, p.abstract FROM papers_fts_ids i JOIN papers p ON p.id = i.id
             WHERE i.rowid IN (SELECT value FROM json_each(?))`,
          )
          .all(JSON.stringify([...before.keys()]))
          .map((r) => [r.doc, r]),
      );
      const docs = [...before.keys()];
      return { position, changes: docs.map((doc) => ({ doc, before: before.get(doc)!, after: now.get(doc) ?? null })) };
    })();
    if (!read) return false;
    if (!read.changes.length) return true;
    const tokenizer = this.tokenizerNow();
    const befores = tokenizer.tokens(read.changes.flatMap((c) => (c.before ? [c.before] : [])));
    const afters = tokenizer.tokens(read.changes.flatMap((c) => (c.after ? [c.after] : [])));
    let b = 0;
    let a = 0;
    return index.apply(
      read.changes.map((c) => ({
        doc: c.doc,
        before: c.before ? befores[b++] : null,
        after: c.after ? { id: c.after.id, tokens: afters[a++] } : null,
      })),
      read.position,
    );
  }

  /** Each word's one token (null for a word FTS5 reads as more or fewer), the words not met before tokenized at once. */
  private tokensOf(words: string[]): (string | null)[] {
    let unknown = [...new Set(words.filter((w) => !this.words.has(w)))];
    if (unknown.length) {
      if (this.words.size + unknown.length > WORDS_KEPT) {
        this.words.clear();
        unknown = [...new Set(words)];
      }
      const tokens = this.tokenizerNow().tokens(unknown.map((w) => ({ title: w, abstract: '' })));
      unknown.forEach((w, i) => this.words.set(w, tokens[i].length === 1 ? tokens[i].counts.keys().next().value! : null));
    }
    return words.map((w) => this.words.get(w)!);
  }

  private tokenizerNow(): Tokenizer {
    if (!this.tokenizer) {
      const schema = this.db.prepare<[], string>(`SELECT sql FROM sqlite_master WHERE name = 'papers_fts'`).pluck().get()!;
      this.tokenizer = new Tokenizer(schema);
    }
    return this.tokenizer;
  }

  /** Tokenizer.ln, remembered (a query's idfs repeat while the store does not change). */
  private ln(x: number): number {
    let y = this.logs.get(x);
    if (y === undefined) {
      if (this.logs.size >= WORDS_KEPT) this.logs.clear();
      this.logs.set(x, (y = this.tokenizerNow().ln(x)));
    }
    return y;
  }
}
