import path from 'node:path';
import { SqliteGraphStore } from '../../graph/sqlite/store';
import { ingest, type IngestReport } from '../../ingest/pipeline';
import { openSource } from '../../ingest/sources';
import { abstractFromInvertedIndex } from '../../ingest/sources/papers';
import { latexToUnicode } from '../../ingest/sources/latex';
import type { Paper } from '../../src/domain';
import { ingestWorkspace } from '../support/fixtures';

// Each format's realistic export file goes through the real pipeline (real model, real SQLite store); the test
// then reads back what the store holds.
const FIXTURES = path.resolve(__dirname, '../fixtures/interop');
const ws = ingestWorkspace();

async function ingestFixture(name: string): Promise<{ format: string; report: IngestReport; papers: Paper[] }> {
  const store = new SqliteGraphStore(ws.file('formats.db'));
  try {
    const source = await openSource(path.join(FIXTURES, name));
    const report = await ingest(source.name, source.items, store, { batchSize: 8, embedder: ws.embedder });
    const page = await store.listPapers({ first: 100 });
    const papers = page.items;
    expect(papers.every((p) => p.vectorModel === ws.embedder.modelId)).toBe(true);
    return { format: source.format, report, papers };
  } finally {
    await store.close();
  }
}

const byTitle = (papers: Paper[], start: string) => {
  const paper = papers.find((p) => p.title.startsWith(start));
  if (!paper) throw new Error(`no stored paper titled "${start}…" among ${papers.map((p) => p.title).join(' | ')}`);
  return paper;
};
const rejections = (report: IngestReport) => report.rejected.map((r) => ({ line: r.line, entry: r.entry, reason: r.reason }));

test('a Zotero BibTeX export: @string macros, LaTeX accents and braces, DOI, arXiv eprint, keywords, year', async () => {
  const { format, report, papers } = await ingestFixture('zotero.bib');
  expect(format).toBe('bibtex');
  expect(papers).toHaveLength(3);
  const attention = byTitle(papers, 'Attention');
  expect(attention).toMatchObject({
    title: 'Attention is All you Need',
    year: 2017,
    venue: 'Advances in Neural Information Processing Systems',
    url: 'https://proceedings.neurips.cc/paper/2017/hash/3f5ee243547dee91fbd053c1c4a845aa-Abstract.html',
    keywords: ['attention', 'transformer', 'machine translation'],
  });
  expect(attention.id).toMatch(/^title:/);
  expect(attention.authors).toContain('Łukasz Kaiser');
  expect(attention.abstract).toMatch(/^The dominant sequence transduction models/);
  const smoothing = byTitle(papers, 'When does label smoothing help');
  expect(smoothing).toMatchObject({
    id: 'doi:10.48550/arxiv.1906.02629',
    authors: ['Rafael Müller', 'Simon Kornblith', 'Geoffrey Hinton'],
    venue: 'Journal of Machine Learning Research (preprint)',
    keywords: ['Computer Science - Machine Learning', 'Statistics - Machine Learning'],
  });
  const cafe = byTitle(papers, 'Deep Learning for');
  expect(cafe).toMatchObject({
    id: 'arxiv:2103.00020',
    title: 'Deep Learning for Señal Processing in Café Networks',
    authors: ['José García', 'Ondřej Škoda'],
  });
  expect(cafe.abstract).toContain('signal processing & show that a 50% reduction');
  expect(rejections(report)).toEqual([
    { line: 37, entry: undefined, reason: expect.stringMatching(/^malformed BibTeX entry "broken_entry"/) },
    { line: 41, entry: undefined, reason: 'missing field "abstract"' },
  ]);
});

test('a RIS export: continuation lines, PY and DA years, T2/JO venues; a record missing ER is rejected at its TY line', async () => {
  const { format, report, papers } = await ingestFixture('export.ris');
  expect(format).toBe('ris');
  expect(papers.map((p) => p.title).sort()).toEqual([
    'Batch Normalization: Accelerating Deep Network Training by Reducing Internal Covariate Shift',
    'Deep Residual Learning for Image Recognition',
    'Dropout: A Simple Way to Prevent Neural Networks from Overfitting',
  ]);
  expect(byTitle(papers, 'Deep Residual')).toMatchObject({
    id: 'doi:10.1109/cvpr.2016.90',
    authors: ['Kaiming He', 'Xiangyu Zhang', 'Shaoqing Ren', 'Jian Sun'],
    year: 2016,
    venue: '2016 IEEE Conference on Computer Vision and Pattern Recognition (CVPR)',
    keywords: ['residual networks', 'image recognition'],
  });
  expect(byTitle(papers, 'Deep Residual').abstract).toMatch(/ease the training of networks that are substantially/);
  expect(byTitle(papers, 'Batch Normalization').year).toBe(2015);
  expect(rejections(report)).toEqual([
    { line: 26, entry: undefined, reason: 'missing "ER  -": line 30 opens another record' },
  ]);
});

test('an arXiv API Atom page: arXiv ids without version, DOI from arxiv:doi, journal_ref as venue, entry lines', async () => {
  const { format, report, papers } = await ingestFixture('arxiv.atom');
  expect(format).toBe('atom');
  expect(papers).toHaveLength(2);
  expect(byTitle(papers, 'mixup')).toMatchObject({
    id: 'arxiv:1710.09412',
    authors: ['Hongyi Zhang', 'Moustapha Cisse', 'Yann N. Dauphin', 'David Lopez-Paz'],
    year: 2017,
    venue: 'ICLR 2018',
    url: 'http://arxiv.org/abs/1710.09412v2',
    keywords: ['cs.LG', 'stat.ML'],
  });
  expect(byTitle(papers, 'mixup').abstract).toMatch(/convex combinations of pairs of examples & their labels\.$/);
  expect(byTitle(papers, 'CutMix')).toMatchObject({
    // A DOI comes before an arXiv id (ingest/normalize.ts: the best stable identifier first).
    id: 'doi:10.1109/iccv.2019.00612',
    title: 'CutMix: Regularization Strategy to Train Strong Classifiers with Localizable Features',
  });
  expect(rejections(report)).toEqual([{ line: 59, entry: undefined, reason: 'missing field "abstract"' }]);
});

test('an OpenAlex works page: abstract rebuilt from the inverted index, DOI id, venue, authors; entries numbered', async () => {
  const { format, report, papers } = await ingestFixture('openalex-works.json');
  expect(format).toBe('json');
  expect(byTitle(papers, 'Adam')).toMatchObject({
    id: 'doi:10.48550/arxiv.1412.6980',
    authors: ['Diederik P. Kingma', 'Jimmy Ba'],
    year: 2014,
    venue: 'arXiv (Cornell University)',
    url: 'https://arxiv.org/abs/1412.6980',
    keywords: ['Stochastic Optimization'],
    abstract:
      'We introduce Adam, an algorithm for first-order gradient-based optimization of stochastic objective ' +
      'functions, based on adaptive estimates of lower-order moments. The method is straightforward to implement ' +
      'and is computationally efficient.',
  });
  expect(byTitle(papers, 'GloVe')).toMatchObject({
    id: 'openalex:W2250539671',
    venue: 'Empirical Methods in Natural Language Processing',
  });
  expect(rejections(report)).toEqual([{ line: 1, entry: 3, reason: 'missing field "abstract"' }]);
});

test('OpenAlex works as JSON Lines give the same papers as the page', async () => {
  const lines = await ingestFixture('openalex-works.jsonl');
  const page = await ingestFixture('openalex-works.json');
  expect(lines.format).toBe('jsonl');
  const strip = (papers: Paper[]) => papers.map(({ vectorModel: _v, ...p }) => p).sort((a, b) => a.id.localeCompare(b.id));
  expect(strip(lines.papers)).toEqual(strip(page.papers));
});

test('a Semantic Scholar batch: arXiv and DOI ids from externalIds, S2 id otherwise; a null entry is rejected', async () => {
  const { format, report, papers } = await ingestFixture('s2-batch.json');
  expect(format).toBe('json');
  expect(papers.map((p) => p.id).sort()).toEqual(['arxiv:1706.03762', 'doi:10.18653/v1/n19-1423']);
  expect(byTitle(papers, 'BERT')).toMatchObject({
    authors: ['Jacob Devlin'],
    year: 2019,
    venue: 'North American Chapter of the Association for Computational Linguistics',
    keywords: ['Computer Science'],
  });
  expect(rejections(report)).toEqual([
    { line: 1, entry: 3, reason: 'missing field "abstract"' },
    { line: 1, entry: 4, reason: 'expected a JSON object for a paper' },
  ]);
});

test('a CSV with a header (Zotero column names): quoted commas and line breaks, semicolon-separated authors', async () => {
  const { format, report, papers } = await ingestFixture('papers.csv');
  expect(format).toBe('csv');
  expect(papers).toHaveLength(2);
  expect(byTitle(papers, 'Deep learning')).toMatchObject({
    id: 'doi:10.1038/nature14539',
    authors: ['Yann LeCun', 'Yoshua Bengio', 'Geoffrey Hinton'],
    year: 2015,
    venue: 'Nature',
    keywords: ['deep learning', 'representation learning'],
  });
  expect(byTitle(papers, 'Generative Adversarial Nets').abstract).toMatch(
    /discriminative model D\. The training procedure for G/,
  );
  expect(rejections(report)).toEqual([
    { line: 5, entry: undefined, reason: '11 fields where the header has 10 (an unquoted delimiter in a value?)' },
    { line: 6, entry: undefined, reason: 'missing field "abstract"' },
  ]);
});

test('LaTeX accents and letters become Unicode; OpenAlex inverted indexes become text', () => {
  expect(latexToUnicode(String.raw`{\"O}sterreich, Fran{\c c}ois, {\aa}se, Stra{\ss}e, \v{C}apek, \emph{and} {GAN}s`)).toBe(
    'Österreich, François, åse, Straße, Čapek, and GANs',
  );
  expect(abstractFromInvertedIndex({ world: [1], hello: [0, 2] })).toBe('hello world hello');
  expect(abstractFromInvertedIndex(null)).toBeUndefined();
});
