import fs from 'node:fs';
import path from 'node:path';
import { SqliteGraphStore } from '../../graph/sqlite/store';
import type { GraphStore } from '../../graph/store';
import { ingest, type IngestReport } from '../../ingest/pipeline';
import { openSource } from '../../ingest/sources';
import { SAMPLE_CORPUS } from '../../src/paths';
import { ingestWorkspace } from '../support/fixtures';

// Realistic exports of the mixup family (test/fixtures/citations) through the real pipeline, the real model and the
// real SQLite store: references become CITES edges whichever paper arrives first, and copies of one paper from
// several sources become one paper known by every id.
const FIXTURES = path.resolve(__dirname, '../fixtures/citations');
const OPENALEX = path.join(FIXTURES, 'openalex-mixup.jsonl');
const S2 = path.join(FIXTURES, 's2-mixup.json');
const ws = ingestWorkspace();

function freshStore(): SqliteGraphStore {
  return new SqliteGraphStore(ws.file('citations.db'));
}

async function ingestFile(file: string, store: GraphStore): Promise<IngestReport> {
  const source = await openSource(file);
  return ingest(source.name, source.items, store, { batchSize: 2, embedder: ws.embedder });
}

/** A copy of a fixture with its records in reverse order (JSON Lines, or a JSON list). */
function reversed(file: string): string {
  const text = fs.readFileSync(file, 'utf8');
  const out = ws.file(`reversed${path.extname(file)}`);
  fs.writeFileSync(
    out,
    file.endsWith('.json')
      ? JSON.stringify((JSON.parse(text) as unknown[]).reverse())
      : `${text.trim().split('\n').reverse().join('\n')}\n`,
  );
  return out;
}

/** Part of a JSON Lines fixture: the records whose title starts with one of `titles`. */
function part(file: string, titles: string[]): string {
  const lines = fs.readFileSync(file, 'utf8').trim().split('\n');
  const out = ws.file('part.jsonl');
  fs.writeFileSync(out, `${lines.filter((l) => titles.some((t) => (JSON.parse(l) as { title: string }).title.startsWith(t))).join('\n')}\n`);
  return out;
}

const short = (title: string) => title.split(/[:\s]/)[0];

/** The store's citation graph by short title ("CutMix -> mixup"), with each paper's unresolved references. */
async function citationGraph(store: GraphStore) {
  const papers = (await store.listPapers({ first: 100 })).items;
  const titles = new Map(papers.map((p) => [p.id, short(p.title)]));
  const edges: string[] = [];
  for (const p of papers) {
    const cited = await store.citations(p.id, 'references', { first: 100 });
    edges.push(...cited.items.map((id) => `${titles.get(p.id)} -> ${titles.get(id)}`));
  }
  const counts = await store.citationCounts(papers.map((p) => p.id));
  const unresolved = Object.fromEntries(papers.map((p) => [titles.get(p.id), counts.get(p.id)!.unresolved]));
  return { papers: papers.length, edges: edges.sort(), unresolved };
}

const OPENALEX_GRAPH = {
  papers: 5,
  edges: [
    'AutoMix -> CutMix',
    'AutoMix -> Manifold',
    'AutoMix -> mixup',
    'CutMix -> mixup',
    'Manifold -> mixup',
    'Puzzle -> CutMix',
    'Puzzle -> mixup',
  ],
  // ResNet, dropout and cutout are cited but not in the file.
  unresolved: { mixup: 2, CutMix: 2, Manifold: 1, Puzzle: 0, AutoMix: 0 },
};

describe('OpenAlex referenced_works', () => {
  test('become CITES edges among the works of a file, in file order or reversed', async () => {
    for (const file of [OPENALEX, reversed(OPENALEX)]) {
      const store = freshStore();
      await ingestFile(file, store);
      expect(await citationGraph(store)).toEqual(OPENALEX_GRAPH);
      await store.close();
    }
  });

  test('a reference to a work not yet stored resolves when it arrives, whichever file comes first', async () => {
    const cited = part(OPENALEX, ['mixup', 'CutMix']);
    const citing = part(OPENALEX, ['Manifold', 'Puzzle', 'AutoMix']);
    for (const order of [
      [cited, citing],
      [citing, cited],
    ]) {
      const store = freshStore();
      await ingestFile(order[0], store);
      await ingestFile(order[1], store);
      expect(await citationGraph(store)).toEqual(OPENALEX_GRAPH);
      await store.close();
    }
  });

  test('a work is known by its DOI and its OpenAlex id; re-ingesting changes nothing', async () => {
    const store = freshStore();
    await ingestFile(OPENALEX, store);
    const ids = await store.resolvePaperIds(['openalex:W2948348010', 'doi:10.1109/iccv.2019.00612', 'openalex:W2964182926']);
    expect(ids.get('openalex:W2948348010')).toBe('doi:10.1109/iccv.2019.00612');
    expect(ids.get('doi:10.1109/iccv.2019.00612')).toBe('doi:10.1109/iccv.2019.00612');
    // Manifold Mixup has no DOI in OpenAlex: its OpenAlex id is its id.
    expect(ids.get('openalex:W2964182926')).toBe('openalex:W2964182926');
    expect(await ingestFile(OPENALEX, store)).toMatchObject({ unchanged: 5, inserted: 0, updated: 0, merged: [] });
    await store.close();
  });
});

describe('Semantic Scholar references', () => {
  const S2_GRAPH = {
    papers: 3,
    edges: ['Adversarial -> AutoMix', 'Adversarial -> mixup', 'AutoMix -> mixup'],
    // CutMix and Puzzle Mix are not in the file.
    unresolved: { mixup: 0, AutoMix: 1, Adversarial: 1 },
  };

  test('resolve by paperId and external ids, in either order', async () => {
    for (const file of [S2, reversed(S2)]) {
      const store = freshStore();
      await ingestFile(file, store);
      expect(await citationGraph(store)).toEqual(S2_GRAPH);
      await store.close();
    }
  });
});

describe('the same papers from OpenAlex and Semantic Scholar', () => {
  test('are merged into one each, and their references join up, whichever source comes first', async () => {
    const graphs = [];
    for (const order of [
      [OPENALEX, S2],
      [S2, OPENALEX],
    ]) {
      const store = freshStore();
      await ingestFile(order[0], store);
      const report = await ingestFile(order[1], store);
      // mixup: arXiv's DOI in OpenAlex, the arXiv id in Semantic Scholar, so merged by title and abstract. AutoMix has
      // its DOI as id in both: the later record updates it, and its ids join.
      expect(report.merged).toEqual([expect.objectContaining({ into: order[0] === S2 ? 'arxiv:1710.09412' : 'doi:10.48550/arxiv.1710.09412', by: 'title' })]);
      const automix = 'doi:10.1007/978-3-031-20053-3_26';
      expect((await store.paperLinks([automix])).get(automix)?.aliases.sort()).toEqual([
        'arxiv:2103.13027',
        'openalex:W3138516171',
        's2:0c6a8c3d4ba2b77fb13d1b7bbb87f7bdbe5fb9a1',
      ]);
      const graph = await citationGraph(store);
      expect(graph.papers).toBe(6);
      expect(graph.edges).toEqual(
        [
          ...OPENALEX_GRAPH.edges,
          'Adversarial -> AutoMix',
          'Adversarial -> mixup',
          // Known to Semantic Scholar by title only.
          'Adversarial -> Puzzle',
        ].sort(),
      );
      const mixup = (await store.resolvePaperIds(['arxiv:1710.09412'])).get('arxiv:1710.09412')!;
      expect((await store.resolvePaperIds(['doi:10.48550/arxiv.1710.09412', 'openalex:W2963037989', `s2:4feef0fd284feb1233399b400eb897f59ec92755`])))
        .toEqual(new Map([
          ['doi:10.48550/arxiv.1710.09412', mixup],
          ['openalex:W2963037989', mixup],
          ['s2:4feef0fd284feb1233399b400eb897f59ec92755', mixup],
        ]));
      graphs.push(graph);
      await store.close();
    }
    expect(graphs[0]).toEqual(graphs[1]);
  });
});

describe('an arXiv Atom entry and a Zotero BibTeX export of one paper', () => {
  test('are one paper with both ids, in either order', async () => {
    const atom = path.join(FIXTURES, 'adautomix.atom');
    const bib = path.join(FIXTURES, 'adautomix.bib');
    for (const [first, second] of [
      [atom, bib],
      [bib, atom],
    ]) {
      const store = freshStore();
      expect(await ingestFile(first, store)).toMatchObject({ inserted: 1 });
      const report = await ingestFile(second, store);
      expect(report).toMatchObject({ inserted: 0, read: 1 });
      expect(report.merged).toEqual([
        expect.objectContaining({ line: expect.any(Number), by: 'arxiv', into: first === atom ? 'arxiv:2312.11954' : 'doi:10.48550/arxiv.2312.11954' }),
      ]);
      expect((await store.stats()).papers).toBe(1);
      const ids = await store.resolvePaperIds(['arxiv:2312.11954', 'doi:10.48550/arxiv.2312.11954']);
      expect(new Set(ids.values()).size).toBe(1);
      const [paper] = (await store.listPapers({ first: 10 })).items;
      const links = (await store.paperLinks([paper.id])).get(paper.id)!;
      expect([paper.id, ...links.aliases].sort()).toEqual(['arxiv:2312.11954', 'doi:10.48550/arxiv.2312.11954']);
      // The stored paper keeps its own fields and takes what it lacked from the copy.
      expect(paper.authors.length).toBe(first === atom ? 2 : 5);
      // Again: nothing changes, and the report still says where the record went.
      expect(await ingestFile(second, store)).toMatchObject({ unchanged: 1, merged: [expect.objectContaining({ into: paper.id })] });
      await store.close();
    }
  });
});

test('the ml-papers record of a paper the sample holds is merged into it by title and abstract', async () => {
  const store = freshStore();
  await ingestFile(path.join(FIXTURES, 'ml-papers-adautomix.jsonl'), store);
  const report = await ingestFile(SAMPLE_CORPUS, store);
  expect(report.merged).toEqual([
    { source: SAMPLE_CORPUS, line: expect.any(Number), entry: undefined, id: expect.stringMatching(/^title:/), into: 'openreview:o8tjamaJ80', by: 'title' },
  ]);
  expect(report).toMatchObject({ read: 80, inserted: 79 });
  const found = (await store.listPapers({ first: 100, filter: { titleContains: 'Adversarial AutoMixup' } })).items;
  expect(found.map((p) => p.id)).toEqual(['openreview:o8tjamaJ80']);
  expect((await store.resolvePaperIds([report.merged[0].id])).get(report.merged[0].id)).toBe('openreview:o8tjamaJ80');
  await store.close();
});
