import path from 'node:path';
import { ingest } from '../../ingest/pipeline';
import { openSource } from '../../ingest/sources';
import { testEmbedder } from '../support/fixtures';
import { sampleStore, startApi, type Api } from './support';

// The sample corpus plus the mixup family from OpenAlex and Semantic Scholar (test/fixtures/citations), served over
// real HTTP by the real server: citations, aliases, the citation signals and merges as a client sees them.
const FIXTURES = path.resolve(__dirname, '../fixtures/citations');
const KEY = 'test-key-citations-0123456789';

let sample: Awaited<ReturnType<typeof sampleStore>>;
let api: Api;
beforeAll(async () => {
  sample = await sampleStore();
  const embedder = await testEmbedder();
  for (const file of ['openalex-mixup.jsonl', 's2-mixup.json']) {
    const source = await openSource(path.join(FIXTURES, file));
    await ingest(source.name, source.items, sample.store, { batchSize: 8, embedder });
  }
  api = await startApi(sample.dir, sample.store, { env: { LITGRAPH_API_KEY: KEY } });
});
afterAll(async () => {
  await api?.stop();
  await sample?.cleanup();
});

const CITATIONS = `query ($id: ID!, $first: Int, $after: String) {
  paper(id: $id) {
    id title aliases unresolvedReferences
    references(first: $first, after: $after) { totalCount edges { cursor node { title } } pageInfo { hasNextPage endCursor } }
    citedBy(first: 10) { totalCount edges { node { title } } }
  }
}`;

test('references and citedBy list the papers of the store, a page at a time; any alias finds the paper', async () => {
  const byOpenAlex = await api.gql(CITATIONS, { id: 'openalex:W3138516171', first: 2 });
  expect(byOpenAlex.body.errors).toBeUndefined();
  const automix = byOpenAlex.body.data.paper;
  // The sample holds AutoMix under its title: the OpenAlex and Semantic Scholar records were merged into it.
  expect(automix.id).toMatch(/^title:/);
  expect(automix.aliases).toEqual(
    expect.arrayContaining([
      'doi:10.1007/978-3-031-20053-3_26',
      'openalex:W3138516171',
      'arxiv:2103.13027',
      's2:0c6a8c3d4ba2b77fb13d1b7bbb87f7bdbe5fb9a1',
    ]),
  );
  expect(automix.references.totalCount).toBe(3);
  expect(automix.references.edges).toHaveLength(2);
  expect(automix.references.pageInfo.hasNextPage).toBe(true);
  const rest = await api.gql(CITATIONS, { id: automix.id, first: 2, after: automix.references.pageInfo.endCursor });
  const titles = [...automix.references.edges, ...rest.body.data.paper.references.edges].map((e: any) => e.node.title.split(/[:\s]/)[0]);
  expect(titles.sort()).toEqual(['CutMix', 'Manifold', 'mixup']);
  expect(rest.body.data.paper.references.pageInfo.hasNextPage).toBe(false);
  // Adversarial AutoMixup (from Semantic Scholar, and in the sample) cites it.
  expect(automix.citedBy.edges.map((e: any) => e.node.title)).toEqual(['Adversarial AutoMixup']);
  expect(automix.unresolvedReferences).toBe(0);

  const mixup = (await api.gql(CITATIONS, { id: 's2:4feef0fd284feb1233399b400eb897f59ec92755', first: 10 })).body.data.paper;
  expect(mixup.title).toBe('mixup: Beyond Empirical Risk Minimization');
  expect(mixup.citedBy.totalCount).toBe(5);
  // ResNet and dropout are not in the store.
  expect(mixup.unresolvedReferences).toBe(2);

  const unknown = await api.gql(CITATIONS, { id: 'doi:10.9999/nothing' });
  expect(unknown.body.data.paper).toBeNull();
  const badCursor = await api.gql(CITATIONS, { id: automix.id, after: 'not-a-cursor' });
  expect(badCursor.body.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
});

test('the sample paper and its Semantic Scholar copy are one paper, answering to both ids', async () => {
  const res = await api.gql(CITATIONS, { id: 'arxiv:2312.11954' });
  const paper = res.body.data.paper;
  expect(paper.title).toBe('Adversarial AutoMixup');
  expect(paper.id).toMatch(/^title:/);
  expect(paper.aliases).toEqual(expect.arrayContaining(['arxiv:2312.11954', 's2:7d6b0c0b2a6b7e1c1f8e2c5a9d3e4f5a6b7c8d9e']));
  expect(paper.references.edges.map((e: any) => e.node.title.split(/[:\s]/)[0]).sort()).toEqual(['AutoMix', 'Puzzle', 'mixup']);
  const all = await api.gql(`{ papers(first: 100, filter: { titleContains: "Adversarial AutoMixup" }) { totalCount } }`);
  expect(all.body.data.papers.totalCount).toBe(1);
});

const RELATED = `query ($id: ID!) {
  relatedPapers(paperId: $id, first: 10) { paper { id title } score reason signals { name value contribution available } }
}`;

test('related work explains coupling and co-citation when citations exist, and they sum into the score', async () => {
  const puzzle = (await api.gql(CITATIONS, { id: 'openalex:W3087563046' })).body.data.paper;
  const res = await api.gql(RELATED, { id: 'openalex:W3087563046' });
  expect(res.body.errors).toBeUndefined();
  const related = res.body.data.relatedPapers as any[];
  expect(related.map((r) => r.paper.id)).not.toContain(puzzle.id);
  const automix = related.find((r) => r.paper.title.startsWith('AutoMix'));
  expect(automix).toBeDefined();
  const coupling = automix.signals.find((s: any) => s.name === 'coupling');
  // Both cite mixup and CutMix; Puzzle Mix cites 2 papers, AutoMix 3: 2 / √6.
  expect(coupling).toMatchObject({ available: true });
  expect(coupling.value).toBeCloseTo(2 / Math.sqrt(6), 6);
  expect(coupling.contribution).toBeGreaterThan(0);
  expect(automix.reason).toContain('cites 2 papers it cites too');
  for (const r of related) {
    expect(r.signals).toHaveLength(7);
    expect(r.signals.reduce((s: number, x: any) => s + x.contribution, 0)).toBeCloseTo(r.score, 10);
  }
  // Co-citation: mixup and CutMix are cited together by AutoMix, Puzzle Mix and (for mixup's copy) more.
  const cutmix = (await api.gql(RELATED, { id: 'openalex:W2948348010' })).body.data.relatedPapers as any[];
  const withMixup = cutmix.find((r) => r.paper.title.startsWith('mixup'));
  expect(withMixup.signals.find((s: any) => s.name === 'cocitation').contribution).toBeGreaterThan(0);
  expect(withMixup.reason).toMatch(/cited together with it by \d papers/);
});

test('a paper without citations ranks as before: the citation signals are unavailable and give nothing', async () => {
  const papers = await api.gql(`{ papers(first: 1, filter: { titleContains: "SUMix" }) { edges { node { id } } } }`);
  const id = papers.body.data.papers.edges[0].node.id;
  const related = (await api.gql(RELATED, { id })).body.data.relatedPapers as any[];
  expect(related.length).toBeGreaterThan(0);
  for (const r of related) {
    for (const name of ['coupling', 'cocitation']) {
      expect(r.signals.find((s: any) => s.name === name)).toEqual({ name, value: 0, contribution: 0, available: false });
    }
  }
});

test('ingestPapers reports a record merged into the paper it copies, and takes references', async () => {
  const res = await api.gql(
    `mutation ($papers: [PaperInput!]!) {
      ingestPapers(papers: $papers) { read accepted inserted merged { index id into by } }
    }`,
    {
      papers: [
        {
          id: 'openreview:o8tjamaJ80',
          title: 'Adversarial AutoMixup',
          abstract:
            'Data mixing augmentation has been widely applied to improve the generalization ability of deep neural networks. ' +
            'Recently, offline data mixing augmentation, e.g. handcrafted and saliency information-based mixup, has been gradually ' +
            'replaced by automatic mixing approaches. In this paper, we propose AdAutomixup, an adversarial automatic mixup ' +
            'augmentation approach that generates challenging samples to train a robust classifier for image classification.',
        },
        {
          id: 'api:mixup-survey',
          title: 'A Survey of Mixup Data Augmentation',
          abstract: 'We survey mixup and the data mixing augmentations that grew out of it, from CutMix to automatic mixup.',
          references: ['https://openalex.org/W2963037989', 'doi:10.1109/ICCV.2019.00612', 'arxiv:2312.11954v3', 'doi:10.1/unknown'],
        },
      ],
    },
    { authorization: `Bearer ${KEY}` },
  );
  expect(res.body.errors).toBeUndefined();
  const report = res.body.data.ingestPapers;
  expect(report).toMatchObject({ read: 2, accepted: 2, inserted: 1 });
  expect(report.merged).toEqual([{ index: 0, id: 'openreview:o8tjamaJ80', into: expect.stringMatching(/^title:/), by: 'title' }]);
  const survey = (await api.gql(CITATIONS, { id: 'api:mixup-survey', first: 10 })).body.data.paper;
  expect(survey.references.edges.map((e: any) => e.node.title.split(/[:\s]/)[0]).sort()).toEqual(['Adversarial', 'CutMix', 'mixup']);
  expect(survey.unresolvedReferences).toBe(1);
  expect((await api.gql(CITATIONS, { id: 'openreview:o8tjamaJ80' })).body.data.paper.title).toBe('Adversarial AutoMixup');
});
