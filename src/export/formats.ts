import type { Writable } from 'node:stream';
import type { GraphStore } from '../../graph/store';
import type { Paper } from '../domain';
import {
  allConcepts,
  allMethods,
  allPapers,
  type AttrValue,
  type ExportGraph,
  type ExportWhat,
  exportGraph,
} from './graph';

export type ExportFormat = 'graphml' | 'json' | 'csv' | 'bibtex';
export const EXPORT_FORMATS: ExportFormat[] = ['graphml', 'json', 'csv', 'bibtex'];

export class ExportError extends Error {}

export interface ExportSummary {
  format: ExportFormat;
  what: ExportWhat;
  nodes?: number;
  edges?: number;
  rows?: number;
}

/** What `what` defaults to: the whole graph for graph files, the paper list for tables and BibTeX. */
export function defaultWhat(format: ExportFormat): ExportWhat {
  return format === 'graphml' || format === 'json' ? 'all' : 'papers';
}

/** Writes an export of the store to `out`; returns what it wrote. */
export async function writeExport(
  store: GraphStore,
  format: ExportFormat,
  what: ExportWhat,
  out: Writable,
): Promise<ExportSummary> {
  const write = (text: string) => new Promise<void>((resolve, reject) => out.write(text, (e) => (e ? reject(e) : resolve())));
  switch (format) {
    case 'graphml':
    case 'json': {
      const graph = await exportGraph(store, what);
      await write(format === 'graphml' ? graphml(graph) : nodeLinkJson(graph));
      return { format, what, nodes: graph.nodes.length, edges: graph.edges.length };
    }
    case 'csv':
      return { format, what, rows: await writeCsv(store, what, write) };
    case 'bibtex': {
      if (what !== 'papers') throw new ExportError(`BibTeX holds papers only: use --what papers, not "${what}"`);
      let rows = 0;
      const keys = new Set<string>();
      for await (const paper of allPapers(store)) {
        await write(bibtexEntry(paper, keys));
        rows++;
      }
      return { format, what, rows };
    }
  }
}

// ---- GraphML (http://graphml.graphdrawing.org/): every attribute declared once as a typed <key>. ----

const XML_UNSAFE = /[&<>"']|[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g;
const XML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' };
const xml = (text: string) => text.replace(XML_UNSAFE, (c) => XML_ESCAPES[c] ?? '');

function attrType(values: AttrValue[]): 'string' | 'int' | 'double' {
  const present = values.filter((v) => v !== undefined);
  if (present.length && present.every((v) => typeof v === 'number')) {
    return present.every((v) => Number.isInteger(v)) ? 'int' : 'double';
  }
  return 'string';
}

function keysOf(items: { attrs: Record<string, AttrValue> }[], fixed: Record<string, AttrValue>[] = []) {
  const values = new Map<string, AttrValue[]>();
  for (const attrs of [...fixed, ...items.map((i) => i.attrs)]) {
    for (const [name, value] of Object.entries(attrs)) values.set(name, [...(values.get(name) ?? []), value]);
  }
  return [...values].map(([name, vs]) => ({ name, type: attrType(vs) }));
}

export function graphml(graph: ExportGraph): string {
  const nodeKeys = keysOf(graph.nodes.map((n) => ({ attrs: { type: n.type, label: n.label, ...n.attrs } })));
  const edgeKeys = keysOf(graph.edges.map((e) => ({ attrs: { relation: e.relation, ...e.attrs } })));
  const keyId = (scope: 'n' | 'e', name: string) => `${scope}_${name}`;
  const data = (scope: 'n' | 'e', attrs: Record<string, AttrValue>) =>
    Object.entries(attrs)
      .filter(([, v]) => v !== undefined)
      .map(([k, v]) => `<data key="${keyId(scope, k)}">${xml(String(v))}</data>`)
      .join('');
  const lines = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<graphml xmlns="http://graphml.graphdrawing.org/xmlns" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" ' +
      'xsi:schemaLocation="http://graphml.graphdrawing.org/xmlns http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd">',
    ...nodeKeys.map(
      (k) => `  <key id="${keyId('n', k.name)}" for="node" attr.name="${k.name}" attr.type="${k.type}"/>`,
    ),
    ...edgeKeys.map(
      (k) => `  <key id="${keyId('e', k.name)}" for="edge" attr.name="${k.name}" attr.type="${k.type}"/>`,
    ),
    '  <graph id="litgraph" edgedefault="directed">',
    ...graph.nodes.map(
      (n) => `    <node id="${xml(n.id)}">${data('n', { type: n.type, label: n.label, ...n.attrs })}</node>`,
    ),
    ...graph.edges.map(
      (e, i) =>
        `    <edge id="e${i}" source="${xml(e.source)}" target="${xml(e.target)}">` +
        `${data('e', { relation: e.relation, ...e.attrs })}</edge>`,
    ),
    '  </graph>',
    '</graphml>',
  ];
  return `${lines.join('\n')}\n`;
}

// ---- JSON: NetworkX's node-link format (`networkx.node_link_graph`), which d3 and Cytoscape.js tools read. ----

export function nodeLinkJson(graph: ExportGraph): string {
  const defined = (attrs: Record<string, AttrValue>) =>
    Object.fromEntries(Object.entries(attrs).filter(([, v]) => v !== undefined));
  return `${JSON.stringify(
    {
      directed: true,
      multigraph: false,
      graph: { name: 'litgraph' },
      nodes: graph.nodes.map((n) => ({ id: n.id, type: n.type, label: n.label, ...defined(n.attrs) })),
      links: graph.edges.map((e) => ({ source: e.source, target: e.target, relation: e.relation, ...defined(e.attrs) })),
    },
    null,
    1,
  )}\n`;
}

// ---- CSV (RFC 4180): one table, a header row then one row per item. ----

/** Quoted when it holds a comma, quote or line break; quotes doubled. Three lines, so no library. */
function csvField(value: AttrValue | string[]): string {
  const text = value === undefined ? '' : Array.isArray(value) ? value.join('; ') : String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}
const csvRow = (values: (AttrValue | string[])[]) => `${values.map(csvField).join(',')}\r\n`;

async function writeCsv(store: GraphStore, what: ExportWhat, write: (text: string) => Promise<void>): Promise<number> {
  let rows = 0;
  const row = async (values: (AttrValue | string[])[]) => {
    await write(csvRow(values));
    rows++;
  };
  switch (what) {
    case 'papers':
      await write(csvRow(['id', 'title', 'authors', 'year', 'venue', 'url', 'keywords', 'abstract']));
      for await (const p of allPapers(store)) await row([p.id, p.title, p.authors, p.year, p.venue, p.url, p.keywords, p.abstract]);
      return rows;
    case 'concepts':
      await write(csvRow(['key', 'name', 'kind', 'aliases', 'paperCount', 'community']));
      for (const c of await allConcepts(store)) await row([c.key, c.name, c.kind, c.aliases, c.paperCount, c.community ?? undefined]);
      return rows;
    case 'methods':
      await write(csvRow(['key', 'name', 'aliases', 'paperCount']));
      for (const m of await allMethods(store)) await row([m.key, m.name, m.aliases, m.paperCount]);
      return rows;
    case 'lineage': {
      await write(csvRow(['child', 'parent', 'relation', 'confidence', 'paperId', 'evidence']));
      const keys = (await allMethods(store)).map((m) => m.key);
      for (const l of await store.lineageEdges(keys, 'parents')) {
        await row([l.child, l.parent, l.relation, l.confidence, l.paperId, l.evidence]);
      }
      return rows;
    }
    case 'all':
      throw new ExportError('a CSV file holds one table: use --what papers, concepts, methods or lineage');
  }
}

// ---- BibTeX: one @article (with a venue) or @misc entry per paper. ----

/** BibTeX's special characters escaped, in one pass. */
const bibText = (text: string) =>
  text.replace(/[\\&%$#_{}~^]/g, (c) =>
    c === '\\' ? '\\textbackslash{}' : c === '~' ? '\\textasciitilde{}' : c === '^' ? '\\textasciicircum{}' : `\\${c}`,
  );

/** `surname` + year + first long title word (`vaswani2017attention`), then `-2`, `-3` for a key already used. */
function citationKey(paper: Paper, used: Set<string>): string {
  const ascii = (text: string) => text.normalize('NFKD').replace(/[^A-Za-z0-9]/g, '');
  const surname = ascii(paper.authors[0]?.split(/\s+/).pop() ?? '') || 'anon';
  const word = paper.title.split(/\s+/).map(ascii).find((w) => w.length > 3) ?? 'paper';
  const base = `${surname}${paper.year ?? ''}${word}`.toLowerCase();
  let key = base;
  for (let i = 2; used.has(key); i++) key = `${base}-${i}`;
  used.add(key);
  return key;
}

export function bibtexEntry(paper: Paper, usedKeys: Set<string>): string {
  const fields: [string, string | undefined][] = [
    ['title', `{${bibText(paper.title)}}`],
    ['author', paper.authors.map(bibText).join(' and ') || undefined],
    ['year', paper.year?.toString()],
    [paper.venue ? 'journal' : 'howpublished', paper.venue && bibText(paper.venue)],
    ['doi', paper.id.startsWith('doi:') ? paper.id.slice(4) : undefined],
    ['eprint', paper.id.startsWith('arxiv:') ? paper.id.slice(6) : undefined],
    ['archiveprefix', paper.id.startsWith('arxiv:') ? 'arXiv' : undefined],
    ['url', paper.url],
    ['keywords', paper.keywords.map(bibText).join(', ') || undefined],
    ['abstract', bibText(paper.abstract)],
    ['note', `litgraph id: ${bibText(paper.id)}`],
  ];
  const body = fields
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => `  ${k} = {${v}}`)
    .join(',\n');
  return `@${paper.venue ? 'article' : 'misc'}{${citationKey(paper, usedKeys)},\n${body}\n}\n\n`;
}
