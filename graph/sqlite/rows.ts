/** The SQLite adapter's rows, how each becomes a domain value, and how a filtered page of them is read. */
import type Database from 'better-sqlite3';
import type { Rows } from '../base';
import type { ConceptKind, ConceptNode, LineageEdge, MethodNode, Paper, PaperMethodRole } from '../../src/domain';

export interface PaperRow {
  id: string;
  title: string;
  abstract: string;
  authors: string;
  year: number | null;
  venue: string | null;
  url: string | null;
  keywords: string;
  content_hash: string;
  text_hash: string;
  vector_model: string | null;
}

export const PAPER_COLUMNS = 'id, title, abstract, authors, year, venue, url, keywords, content_hash, text_hash, vector_model';

export function toPaper(row: PaperRow): Paper {
  return {
    id: row.id,
    title: row.title,
    abstract: row.abstract,
    authors: JSON.parse(row.authors) as string[],
    year: row.year ?? undefined,
    venue: row.venue ?? undefined,
    url: row.url ?? undefined,
    keywords: JSON.parse(row.keywords) as string[],
    contentHash: row.content_hash,
    textHash: row.text_hash,
    vectorModel: row.vector_model,
  };
}

export function toBlob(values: Float32Array): Buffer {
  return Buffer.from(values.buffer, values.byteOffset, values.byteLength);
}

export function fromBlob(blob: Buffer): Float32Array {
  // Copy: the blob's memory may be unaligned for a Float32Array view.
  const out = new Float32Array(blob.byteLength / 4);
  new Uint8Array(out.buffer).set(blob);
  return out;
}

export interface ConceptRow {
  key: string;
  name: string;
  aliases: string;
  kind: string;
  paper_count: number;
  community: number | null;
  broad: number;
}

export function toConcept(r: ConceptRow): ConceptNode {
  return {
    key: r.key,
    name: r.name,
    aliases: JSON.parse(r.aliases) as string[],
    kind: r.kind as ConceptKind,
    paperCount: r.paper_count,
    community: r.community,
    broad: r.broad === 1,
  };
}

export interface MethodRow {
  key: string;
  name: string;
  aliases: string;
  paper_count: number;
}

export function toMethod(r: MethodRow): MethodNode {
  return { key: r.key, name: r.name, aliases: JSON.parse(r.aliases) as string[], paperCount: r.paper_count };
}

export interface RoleRow {
  method: string;
  paper_id: string;
  role: string;
  evidence: string;
}

export function toRole(r: RoleRow): PaperMethodRole {
  return { method: r.method, paperId: r.paper_id, role: r.role as PaperMethodRole['role'], evidence: r.evidence };
}

export interface LineageRow {
  child: string;
  parent: string;
  relation: string;
  paper_id: string;
  evidence: string;
  confidence: number;
}

/**
 * Text filters compare `fold(text)` with `litgraph_fold(column)`: lower case as JavaScript (and Neo4j's toLower)
 * folds it, in every script (SQLite's lower() and LIKE fold ASCII only), and the text found as it is, never as a
 * pattern.
 */
export function fold(text: string): string {
  return text.toLowerCase();
}

/** Registers `litgraph_fold` (see `fold`) on a connection. */
export function registerFold(db: Database.Database): void {
  db.function('litgraph_fold', { deterministic: true }, (text: unknown) => (typeof text === 'string' ? fold(text) : text));
}

/** `nameContains` of concepts and methods: folded @name within the name or within one alias, never the stored JSON. */
export const NAME_CONTAINS = `(instr(litgraph_fold(name), @name) > 0
  OR EXISTS (SELECT 1 FROM json_each(aliases) WHERE instr(litgraph_fold(value), @name) > 0))`;

export function toLineage(r: LineageRow): LineageEdge {
  return {
    child: r.child,
    parent: r.parent,
    relation: r.relation as LineageEdge['relation'],
    evidence: r.evidence,
    confidence: r.confidence,
    paperId: r.paper_id,
  };
}

/** The conditions of the filters that are set, ANDed, with their named parameters. */
export class Where {
  readonly conditions: string[] = [];
  readonly params: Record<string, unknown> = {};

  /** Adds `condition`, which reads the parameter `@name`, unless `value` is undefined (the filter is not set). */
  add(condition: string, name: string, value: unknown): this {
    if (value !== undefined) {
      this.conditions.push(condition);
      this.params[name] = value;
    }
    return this;
  }
}

/**
 * One page of `table`: the rows `where` keeps, after the position `after` (a condition and its parameters), in
 * `order`, at most `limit`, with the count of all the rows `where` keeps.
 */
export function pagedRows<Row, T>(
  db: Database.Database,
  query: { table: string; columns: string; where: Where; order: string },
  after: { condition: string; params: Record<string, unknown> } | undefined,
  limit: number,
  convert: (row: Row) => T,
): Rows<T> {
  const { table, columns, where, order } = query;
  const clause = (conditions: string[]) => (conditions.length ? `WHERE ${conditions.join(' AND ')}` : '');
  const totalCount = db.prepare(`SELECT count(*) FROM ${table} ${clause(where.conditions)}`).pluck().get(where.params) as number;
  const conditions = after ? [...where.conditions, after.condition] : where.conditions;
  const rows = db
    .prepare<Record<string, unknown>, Row>(`SELECT ${columns} FROM ${table} ${clause(conditions)} ORDER BY ${order} LIMIT @limit`)
    .all({ ...where.params, ...after?.params, limit });
  return { rows: rows.map(convert), totalCount };
}
