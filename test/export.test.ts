import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { SqliteGraphStore } from '../graph/sqlite/store';
import { ingest } from '../ingest/pipeline';
import { openSource } from '../ingest/sources';
import { readBibtex } from '../ingest/sources/bibtex';
import { normalize } from '../ingest/normalize';
import { writeExport, type ExportFormat } from '../src/export/formats';
import type { ExportWhat } from '../src/export/graph';
import { SAMPLE_CORPUS } from '../src/paths';
import { tempDir, testEmbedder } from './support/fixtures';

// Exports of the sample corpus from the real SQLite store, read back by real parsers (and NetworkX when installed).
const tmp = tempDir();
let store: SqliteGraphStore;
beforeAll(async () => {
  store = new SqliteGraphStore(path.join(tmp.dir, 'export.db'));
  const source = await openSource(SAMPLE_CORPUS);
  await ingest(source.name, source.items, store, { batchSize: 16, embedder: await testEmbedder() });
});
afterAll(async () => {
  await store.close();
  tmp.cleanup();
});

async function exported(format: ExportFormat, what: ExportWhat) {
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on('data', (c: Buffer) => chunks.push(c));
  const summary = await writeExport(store, format, what, out);
  out.end();
  return { summary, text: Buffer.concat(chunks).toString('utf8') };
}

const hasNetworkx = spawnSync('python3', ['-c', 'import networkx'], { encoding: 'utf8' }).status === 0;
if (!hasNetworkx) console.warn('python3 with networkx is not installed: the NetworkX read-back tests are skipped');

type Node = { '@id': string; data?: { '@key': string; '#text': string }[] };
type Edge = { '@source': string; '@target': string; data?: { '@key': string; '#text': string }[] };

test('GraphML of the whole graph: well-formed, every data key declared once with a type, typed values, edges between known nodes', async () => {
  const { summary, text } = await exported('graphml', 'all');
  expect(XMLValidator.validate(text)).toBe(true);
  const doc = new XMLParser({
    ignoreAttributes: false,
    attributeNamePrefix: '@',
    parseTagValue: false,
    isArray: (name) => ['key', 'node', 'edge', 'data'].includes(name),
  }).parse(text) as { graphml: { key: Record<string, string>[]; graph: { node: Node[]; edge: Edge[] } } };
  const keys = new Map(doc.graphml.key.map((k) => [k['@id'], k]));
  expect(keys.size).toBe(doc.graphml.key.length);
  for (const k of keys.values()) expect(['string', 'int', 'double']).toContain(k['@attr.type']);
  const { node: nodes, edge: edges } = doc.graphml.graph;
  expect(nodes).toHaveLength(summary.nodes!);
  expect(edges).toHaveLength(summary.edges!);
  const ids = new Set(nodes.map((n) => n['@id']));
  expect(ids.size).toBe(nodes.length);
  expect(nodes.filter((n) => n['@id'].startsWith('paper:'))).toHaveLength(80);
  for (const e of edges) {
    expect(ids.has(e['@source'])).toBe(true);
    expect(ids.has(e['@target'])).toBe(true);
  }
  for (const item of [...nodes, ...edges]) {
    for (const d of item.data ?? []) {
      const key = keys.get(d['@key']);
      expect(key).toBeDefined();
      expect(key!['@for']).toBe('@source' in item ? 'edge' : 'node');
      if (key!['@attr.type'] === 'int') expect(d['#text']).toMatch(/^-?\d+$/);
      if (key!['@attr.type'] === 'double') expect(Number.isFinite(Number(d['#text']))).toBe(true);
    }
  }
  const relations = new Set(edges.map((e) => e.data!.find((d) => d['@key'] === 'e_relation')!['#text']));
  expect([...relations].sort()).toEqual(expect.arrayContaining(['CO_OCCURS', 'MENTIONS', 'PROPOSES']));
});

(hasNetworkx ? test : test.skip)('NetworkX reads the GraphML and the node-link JSON into the same graph', async () => {
  const graphmlFile = path.join(tmp.dir, 'all.graphml');
  const jsonFile = path.join(tmp.dir, 'all.json');
  const graphml = await exported('graphml', 'all');
  fs.writeFileSync(graphmlFile, graphml.text);
  fs.writeFileSync(jsonFile, (await exported('json', 'all')).text);
  const script = [
    'import json, sys, networkx as nx',
    'g = nx.read_graphml(sys.argv[1])',
    'h = nx.node_link_graph(json.load(open(sys.argv[2])), edges="links")',
    'counts = [d["paperCount"] for _, d in g.nodes(data=True) if "paperCount" in d]',
    'print(json.dumps({"nodes": g.number_of_nodes(), "edges": g.number_of_edges(), "json_nodes": h.number_of_nodes(),',
    '  "json_edges": h.number_of_edges(), "count_type": type(counts[0]).__name__, "directed": g.is_directed()}))',
  ].join('\n');
  const run = spawnSync('python3', ['-c', script, graphmlFile, jsonFile], { encoding: 'utf8' });
  expect(run.stderr).not.toMatch(/Error/);
  const read = JSON.parse(run.stdout) as Record<string, unknown>;
  expect(read).toEqual({
    nodes: graphml.summary.nodes,
    edges: graphml.summary.edges,
    json_nodes: graphml.summary.nodes,
    json_edges: graphml.summary.edges,
    count_type: 'int',
    directed: true,
  });
});

test('lineage graph: only methods in a family, each edge a lineage relation with evidence', async () => {
  const { text, summary } = await exported('json', 'lineage');
  const graph = JSON.parse(text) as { nodes: { id: string; type: string }[]; links: { relation: string; evidence: string }[] };
  expect(summary.edges).toBeGreaterThan(0);
  expect(graph.nodes.every((n) => n.type === 'method')).toBe(true);
  for (const l of graph.links) {
    expect(['EXTENDS', 'VARIANT_OF', 'BUILDS_ON', 'FAMILY']).toContain(l.relation);
    expect(l.evidence.length).toBeGreaterThan(0);
  }
});

test('CSV tables: a header then one row per item, quoted fields round-trip through csv-parse', async () => {
  const { parse } = await import('csv-parse/sync');
  const papers = await exported('csv', 'papers');
  const rows = parse(papers.text, { columns: true }) as Record<string, string>[];
  expect(rows).toHaveLength(80);
  expect(papers.summary.rows).toBe(80);
  const stored = (await store.listPapers({ first: 100 })).items;
  const byId = new Map(stored.map((p) => [p.id, p]));
  for (const row of rows) {
    expect(row.title).toBe(byId.get(row.id)!.title);
    expect(row.abstract).toBe(byId.get(row.id)!.abstract);
  }
  const concepts = parse((await exported('csv', 'concepts')).text, { columns: true }) as Record<string, string>[];
  expect(Object.keys(concepts[0])).toEqual(['key', 'name', 'kind', 'aliases', 'paperCount', 'community']);
  expect(concepts.length).toBe((await store.stats()).concepts);
  await expect(exported('csv', 'all')).rejects.toThrow(/a CSV file holds one table/);
});

test('BibTeX of the papers reads back through the BibTeX importer to the same papers', async () => {
  const { text, summary } = await exported('bibtex', 'papers');
  expect(summary.rows).toBe(80);
  const lines = text.split('\n').map((t, i) => ({ line: i + 1, text: t }));
  const back: Record<string, unknown>[] = [];
  for await (const item of readBibtex((async function* () { yield* lines; })())) {
    expect(item.kind).toBe('record');
    if (item.kind === 'record') back.push(item.raw);
  }
  const stored = (await store.listPapers({ first: 100 })).items;
  const drafts = back.map((raw) => {
    const result = normalize(raw);
    if (!result.ok) throw new Error(result.reason);
    return result.draft;
  });
  const key = (p: { title: string }) => p.title;
  const strip = (p: { title: string; abstract: string; authors: string[]; year?: number }) => ({
    title: p.title,
    abstract: p.abstract,
    authors: p.authors,
    year: p.year,
  });
  expect(drafts.map(strip).sort((a, b) => key(a).localeCompare(key(b)))).toEqual(
    stored.map(strip).sort((a, b) => key(a).localeCompare(key(b))),
  );
  await expect(exported('bibtex', 'concepts')).rejects.toThrow(/BibTeX holds papers only/);
});
