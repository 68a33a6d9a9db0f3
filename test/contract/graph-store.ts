import type { CorpusGraph, GraphStore, PaperWrite } from '../../graph/store';
import type { PaperKnowledge } from '../../src/domain';

/** A paper write with defaults for every field the test does not care about. */
export function paperWrite(id: string, overrides: Partial<PaperWrite['paper']> = {}, vector?: PaperWrite['vector']) {
  return {
    paper: {
      id,
      title: `Title of ${id}`,
      abstract: `Abstract of ${id}.`,
      authors: [],
      keywords: [],
      contentHash: `c-${id}`,
      textHash: `t-${id}`,
      ...overrides,
    },
    vector,
  } satisfies PaperWrite;
}

export function unitVector(dims: number, hot: number): Float32Array {
  const v = new Float32Array(dims);
  v[hot % dims] = 1;
  return v;
}

/**
 * The contract every GraphStore adapter must pass. `open` gives a fresh, empty store; the suite closes it.
 * `openAgain` opens a second, independent connection to the store `open` gave last (as another process would).
 */
export function describeGraphStoreContract(
  name: string,
  open: () => Promise<GraphStore>,
  openAgain: () => Promise<GraphStore>,
): void {
  describe(`GraphStore contract: ${name}`, () => {
    let store: GraphStore;
    beforeEach(async () => {
      store = await open();
    });
    afterEach(async () => {
      await store.close();
    });

    test('an empty store has no papers', async () => {
      expect(await store.stats()).toEqual({ papers: 0, concepts: 0, methods: 0, lineageEdges: 0, vectorsByModel: {} });
      expect((await store.listPapers({ first: 10 })).totalCount).toBe(0);
    });

    test('writes papers with metadata and reads them back', async () => {
      await store.writePapers([
        paperWrite('p1', {
          authors: ['Ada Lovelace', 'Alan Turing'],
          year: 2024,
          venue: 'ICLR',
          url: 'https://example.org/p1',
          keywords: ['mixup'],
        }),
        paperWrite('p2'),
      ]);
      const papers = await store.getPapers(['p1', 'p2', 'missing']);
      expect(papers.size).toBe(2);
      expect(papers.get('p1')).toEqual({
        id: 'p1',
        title: 'Title of p1',
        abstract: 'Abstract of p1.',
        authors: ['Ada Lovelace', 'Alan Turing'],
        year: 2024,
        venue: 'ICLR',
        url: 'https://example.org/p1',
        keywords: ['mixup'],
        contentHash: 'c-p1',
        textHash: 't-p1',
        vectorModel: null,
      });
      expect(papers.get('p2')?.year).toBeUndefined();
    });

    test('fingerprints tell content, text and vector model apart', async () => {
      await store.writePapers([paperWrite('p1', {}, { model: 'm1', values: unitVector(4, 0) }), paperWrite('p2')]);
      const fp = await store.fingerprints(['p1', 'p2', 'p3']);
      expect(fp.get('p1')).toEqual({ contentHash: 'c-p1', textHash: 't-p1', vectorModel: 'm1', knowledgeVersion: null });
      expect(fp.get('p2')).toEqual({ contentHash: 'c-p2', textHash: 't-p2', vectorModel: null, knowledgeVersion: null });
      expect(fp.has('p3')).toBe(false);
    });

    test('an upsert replaces the row; the vector is kept, replaced or cleared as asked', async () => {
      await store.writePapers([
        paperWrite('keep', {}, { model: 'm1', values: unitVector(4, 0) }),
        paperWrite('replace', {}, { model: 'm1', values: unitVector(4, 0) }),
        paperWrite('clear', {}, { model: 'm1', values: unitVector(4, 0) }),
      ]);
      await store.writePapers([
        paperWrite('keep', { title: 'New title', contentHash: 'c2' }),
        paperWrite('replace', { abstract: 'New.', textHash: 't2' }, { model: 'm1', values: unitVector(4, 1) }),
        paperWrite('clear', { abstract: 'New.', textHash: 't2' }, null),
      ]);
      const papers = await store.getPapers(['keep', 'replace', 'clear']);
      expect(papers.get('keep')).toMatchObject({ title: 'New title', contentHash: 'c2', vectorModel: 'm1' });
      expect(papers.get('replace')).toMatchObject({ abstract: 'New.', textHash: 't2', vectorModel: 'm1' });
      expect(papers.get('clear')).toMatchObject({ abstract: 'New.', vectorModel: null });
      const vectors = new Map((await store.vectors('m1')).map((v) => [v.id, Array.from(v.values)]));
      expect(vectors.get('keep')).toEqual([1, 0, 0, 0]);
      expect(vectors.get('replace')).toEqual([0, 1, 0, 0]);
      expect(vectors.has('clear')).toBe(false);
      expect((await store.stats()).papers).toBe(3);
    });

    test('a batch that fails part-way writes nothing', async () => {
      await store.writePapers([paperWrite('before')]);
      const broken = paperWrite('broken');
      (broken.paper as { title: unknown }).title = null;
      // Not `rejects.toThrow()`: better-sqlite3 makes its errors with the Error of the first jest realm that loaded
      // it, which `toThrow` does not recognise in later test files of the same process.
      await expect(store.writePapers([paperWrite('first'), broken, paperWrite('last')])).rejects.toHaveProperty(
        'message',
        expect.any(String),
      );
      expect([...(await store.getPapers(['before', 'first', 'broken', 'last'])).keys()]).toEqual(['before']);
    });

    test('setVectors fills vectors and refuses unknown papers without writing any', async () => {
      await store.writePapers([paperWrite('p1'), paperWrite('p2')]);
      await store.setVectors([{ id: 'p1', model: 'm1', values: unitVector(3, 2) }]);
      await expect(
        store.setVectors([
          { id: 'p2', model: 'm1', values: unitVector(3, 0) },
          { id: 'nope', model: 'm1', values: unitVector(3, 0) },
        ]),
      ).rejects.toThrow(/nope/);
      expect((await store.vectors('m1')).map((v) => [v.id, Array.from(v.values)])).toEqual([['p1', [0, 0, 1]]]);
      expect((await store.stats()).vectorsByModel).toEqual({ m1: 1 });
    });

    test('papersWithoutVector lists papers lacking a vector from that model, in pages', async () => {
      await store.writePapers([
        paperWrite('a', {}, { model: 'old', values: unitVector(2, 0) }),
        paperWrite('b', {}, { model: 'new', values: unitVector(2, 0) }),
        paperWrite('c'),
        paperWrite('d'),
      ]);
      const first = await store.papersWithoutVector('new', { first: 2 });
      expect(first.map((p) => p.id)).toEqual(['a', 'c']);
      const next = await store.papersWithoutVector('new', { first: 2, after: 'c' });
      expect(next.map((p) => p.id)).toEqual(['d']);
    });

    test('listPapers pages by cursor and filters by title, year range and venue', async () => {
      await store.writePapers([
        paperWrite('a', { title: 'Mixup for 100% fun', year: 2021, venue: 'ICLR' }),
        paperWrite('b', { title: 'AutoMix', year: 2022, venue: 'NeurIPS' }),
        paperWrite('c', { title: 'Data mixing laws', year: 2024, venue: 'iclr' }),
        paperWrite('d', { title: 'Unrelated' }),
      ]);
      const ids: string[] = [];
      let after: string | undefined;
      for (;;) {
        const page = await store.listPapers({ first: 3, after });
        expect(page.totalCount).toBe(4);
        ids.push(...page.papers.map((p) => p.id));
        if (!page.hasNextPage) break;
        after = page.endCursor!;
      }
      expect(ids).toEqual(['a', 'b', 'c', 'd']);
      const ids_ = async (filter: object) =>
        (await store.listPapers({ first: 10, filter })).papers.map((p) => p.id);
      expect(await ids_({ titleContains: 'MIX' })).toEqual(['a', 'b', 'c']);
      expect(await ids_({ titleContains: '100%' })).toEqual(['a']);
      expect(await ids_({ titleContains: '_' })).toEqual([]);
      expect(await ids_({ yearFrom: 2022 })).toEqual(['b', 'c']);
      expect(await ids_({ yearFrom: 2021, yearTo: 2022 })).toEqual(['a', 'b']);
      expect(await ids_({ venue: 'ICLR' })).toEqual(['a', 'c']);
      expect((await store.listPapers({ first: 1, filter: { venue: 'ICLR' } })).totalCount).toBe(2);
    });

    describe('searchText', () => {
      beforeEach(async () => {
        await store.writePapers([
          paperWrite('mixup', { title: 'Mixup: beyond empirical risk minimization', abstract: 'We mix images.' }),
          paperWrite('moe', {
            title: 'Sparse mixture of experts',
            abstract: 'Experts are routed. A mixture of experts with many experts, experts everywhere.',
          }),
          paperWrite('other', { title: 'Graph neural networks', abstract: 'Message passing on graphs.' }),
        ]);
      });

      test('finds papers containing any word of the query, best BM25 first', async () => {
        const hits = await store.searchText('experts mixup', 10);
        expect(hits.map((h) => h.id).sort()).toEqual(['mixup', 'moe']);
        expect(hits[0].score).toBeGreaterThan(0);
        expect(hits[0].score).toBeGreaterThanOrEqual(hits[1].score);
        expect((await store.searchText('experts', 10)).map((h) => h.id)).toEqual(['moe']);
        expect((await store.searchText('experts mixup', 1)).length).toBe(1);
      });

      test('matches word forms and ignores case and query syntax', async () => {
        expect((await store.searchText('GRAPH', 10)).map((h) => h.id)).toEqual(['other']);
        expect((await store.searchText('routing', 10)).map((h) => h.id)).toEqual(['moe']);
        expect((await store.searchText('"passing" AND NOT (* OR', 10)).map((h) => h.id)).toEqual(['other']);
        expect(await store.searchText(' ?! ', 10)).toEqual([]);
        expect(await store.searchText('transformer', 10)).toEqual([]);
      });

      test('follows updates of title and abstract', async () => {
        await store.writePapers([paperWrite('other', { title: 'Transformers', abstract: 'Attention only.' })]);
        expect(await store.searchText('graphs', 10)).toEqual([]);
        expect((await store.searchText('attention', 10)).map((h) => h.id)).toEqual(['other']);
        expect((await store.searchText('mix', 10)).map((h) => h.id)).toEqual(['mixup']);
      });
    });

    test('another connection sees every write, vectors included, without reopening', async () => {
      const other = await openAgain();
      const vec = (...values: number[]) => Float32Array.from(values);
      try {
        await store.writePapers([paperWrite('a', {}, { model: 'm1', values: vec(1, 0, 0) })]);
        expect((await other.nearestByVector('m1', vec(1, 0, 0), 5)).map((h) => h.id)).toEqual(['a']);
        await store.writePapers([paperWrite('b', {}, { model: 'm1', values: vec(0, 1, 0) })]);
        await store.setVectors([{ id: 'a', model: 'm1', values: vec(0, 1, 0) }]);
        expect((await other.nearestByVector('m1', vec(0, 1, 0), 5)).map((h) => h.id)).toEqual(['a', 'b']);
        expect(Array.from((await other.getVectors('m1', ['a'])).get('a')!)).toEqual([0, 1, 0]);
        expect((await other.stats()).vectorsByModel).toEqual({ m1: 2 });
      } finally {
        await other.close();
      }
    });

    describe('vectors by paper and nearest neighbours', () => {
      const vec = (...values: number[]) => Float32Array.from(values);
      beforeEach(async () => {
        await store.writePapers([
          paperWrite('a', {}, { model: 'm1', values: vec(1, 0, 0) }),
          paperWrite('b', {}, { model: 'm1', values: vec(0.8, 0.6, 0) }),
          paperWrite('c', {}, { model: 'm1', values: vec(0, 0, 2) }),
          paperWrite('d', {}, { model: 'm2', values: vec(1, 0, 0) }),
          paperWrite('e'),
        ]);
      });

      test('getVectors returns the vectors of that model only', async () => {
        const got = await store.getVectors('m1', ['a', 'd', 'e', 'missing']);
        expect([...got.keys()]).toEqual(['a']);
        expect(Array.from(got.get('a')!)).toEqual([1, 0, 0]);
      });

      test('nearestByVector ranks by cosine, skips excluded papers and other models', async () => {
        const hits = await store.nearestByVector('m1', vec(2, 0, 0), 10);
        expect(hits.map((h) => h.id)).toEqual(['a', 'b', 'c']);
        expect(hits.map((h) => h.score)).toEqual([expect.closeTo(1), expect.closeTo(0.8), expect.closeTo(0)]);
        expect((await store.nearestByVector('m1', vec(1, 0, 0), 1, ['a'])).map((h) => h.id)).toEqual(['b']);
        expect((await store.nearestByVector('m2', vec(0, 0, 1), 10)).map((h) => h.id)).toEqual(['d']);
        expect(await store.nearestByVector('unknown-model', vec(1, 0, 0), 10)).toEqual([]);
      });

      test('nearestByVector sees writes made after a search', async () => {
        await store.nearestByVector('m1', vec(0, 0, 1), 1);
        await store.writePapers([paperWrite('f', {}, { model: 'm1', values: vec(0, 0.1, 1) })]);
        await store.setVectors([{ id: 'e', model: 'm1', values: vec(0, 0, 1) }]);
        const hits = await store.nearestByVector('m1', vec(0, 0, 1), 3);
        expect(hits.map((h) => h.id)).toEqual(['c', 'e', 'f']);
      });
    });
  });

  describe(`GraphStore contract, knowledge graph: ${name}`, () => {
    let store: GraphStore;
    beforeEach(async () => {
      store = await open();
    });
    afterEach(async () => {
      await store.close();
    });

    const knowledge: PaperKnowledge = {
      concepts: [{ key: 'data mixing', name: 'data mixing', aliases: ['data mixing'], weight: 1, kind: 'method', kindFrom: 'head', inTitle: true }],
      methods: [{ key: 'automix', name: 'AutoMix', aliases: ['AutoMix'], role: 'PROPOSES', evidence: 'We propose AutoMix.' }],
      lineage: [],
      filtered: [{ key: '100b token', reason: 'QUANTITY' }],
    };

    test('a paper keeps its knowledge and its extractor version until a write replaces them', async () => {
      await store.writePapers([{ ...paperWrite('p1', { year: 2022 }), knowledge: { version: 'v1', extraction: knowledge } }]);
      expect((await store.fingerprints(['p1'])).get('p1')?.knowledgeVersion).toBe('v1');
      await store.writePapers([paperWrite('p1', { title: 'Renamed' }), paperWrite('p2')]);
      expect(await store.paperKnowledge()).toEqual([{ paperId: 'p1', year: undefined, version: 'v1', knowledge }]);
      expect(await store.paperKnowledge(['p2'])).toEqual([]);
      const replaced = { ...knowledge, concepts: [] };
      await store.writePapers([{ ...paperWrite('p1', { year: 2021 }), knowledge: { version: 'v2', extraction: replaced } }]);
      expect(await store.paperKnowledge(['p1', 'p2'])).toEqual([
        { paperId: 'p1', year: 2021, version: 'v2', knowledge: replaced },
      ]);
      expect((await store.fingerprints(['p2'])).get('p2')?.knowledgeVersion).toBeNull();
    });

    const corpus: CorpusGraph = {
      concepts: [
        { key: 'data mixing', name: 'data mixing', aliases: ['data mixing', 'Data Mixing'], kind: 'method', paperCount: 3, community: 0, broad: false },
        { key: 'online data mixing', name: 'online data mixing', aliases: ['online data mixing'], kind: 'method', paperCount: 1, community: 0, broad: false },
        { key: 'mixture of expert', name: 'mixture of experts', aliases: ['MoE', 'mixture of experts'], kind: 'method', paperCount: 2, community: 1, broad: false },
        { key: 'language model', name: 'language models', aliases: ['language models'], kind: 'concept', paperCount: 2, community: null, broad: true },
        { key: 'cifar 100', name: 'CIFAR-100', aliases: ['CIFAR-100'], kind: 'dataset', paperCount: 1, community: null, broad: false },
        { key: 'bleu', name: 'BLEU', aliases: ['BLEU', 'BLEU score'], kind: 'metric', paperCount: 1, community: null, broad: false },
      ],
      conceptAliases: [['moe', 'mixture of expert']],
      mentions: [
        { paperId: 'p1', concept: 'data mixing', weight: 1 },
        { paperId: 'p1', concept: 'mixture of expert', weight: 0.5 },
        { paperId: 'p2', concept: 'data mixing', weight: 0.8 },
        { paperId: 'p2', concept: 'mixture of expert', weight: 0.9 },
        { paperId: 'p2', concept: 'online data mixing', weight: 0.4 },
        { paperId: 'p3', concept: 'data mixing', weight: 0.8 },
        { paperId: 'p3', concept: 'language model', weight: 0.2 },
        { paperId: 'p1', concept: 'language model', weight: 0.3 },
        { paperId: 'p3', concept: 'cifar 100', weight: 0.5 },
        { paperId: 'p3', concept: 'bleu', weight: 0.5 },
      ],
      cooccurrences: [
        { a: 'data mixing', b: 'mixture of expert', count: 2, npmi: 0.6 },
        { a: 'data mixing', b: 'language model', count: 2, npmi: 0.2 },
        { a: 'language model', b: 'mixture of expert', count: 1, npmi: -0.1 },
      ],
      broader: [{ narrower: 'online data mixing', broader: 'data mixing' }],
      methods: [
        { key: 'automix', name: 'AutoMix', aliases: ['AutoMix'], paperCount: 2 },
        { key: 'adversarial automixup', name: 'Adversarial AutoMixup', aliases: ['AdAutoMix', 'Adversarial AutoMixup'], paperCount: 1 },
        { key: 'mixup', name: 'Mixup', aliases: ['Mixup', 'mixup'], paperCount: 2 },
      ],
      methodAliases: [['adautomix', 'adversarial automixup']],
      roles: [
        { paperId: 'p1', method: 'automix', role: 'PROPOSES', evidence: 'We propose AutoMix.' },
        { paperId: 'p1', method: 'mixup', role: 'USES', evidence: 'AutoMix builds on mixup.' },
        { paperId: 'p2', method: 'adversarial automixup', role: 'PROPOSES', evidence: 'We propose AdAutoMix.' },
        { paperId: 'p2', method: 'automix', role: 'COMPARES', evidence: 'AdAutoMix outperforms AutoMix.' },
        { paperId: 'p3', method: 'mixup', role: 'USES', evidence: 'We use mixup.' },
      ],
      lineage: [
        { child: 'adversarial automixup', parent: 'automix', relation: 'EXTENDS', evidence: 'AdAutoMix extends AutoMix.', confidence: 0.9, paperId: 'p2' },
        { child: 'automix', parent: 'mixup', relation: 'BUILDS_ON', evidence: 'AutoMix builds on mixup.', confidence: 0.7, paperId: 'p1' },
      ],
      filtered: [
        { key: '100b token', reason: 'QUANTITY', paperCount: 2 },
        { key: 'wiley periodical llc', reason: 'BOILERPLATE', paperCount: 1 },
      ],
    };

    async function withCorpus(): Promise<void> {
      await store.writePapers(['p1', 'p2', 'p3'].map((id) => paperWrite(id)));
      expect(await store.writeCorpusGraph(corpus, (await store.corpusState()).papersGeneration)).toBe(true);
    }

    test('concepts resolve by key or alias key and read back whole', async () => {
      await withCorpus();
      expect(await store.resolveConcept('mixture of expert')).toBe('mixture of expert');
      expect(await store.resolveConcept('moe')).toBe('mixture of expert');
      expect(await store.resolveConcept('nothing')).toBeNull();
      expect(await store.resolveConcepts(['moe', 'mixture of expert', 'nothing', 'language model'])).toEqual(
        new Map([
          ['moe', 'mixture of expert'],
          ['mixture of expert', 'mixture of expert'],
          ['language model', 'language model'],
        ]),
      );
      expect(await store.resolveConcepts([])).toEqual(new Map());
      const concepts = await store.getConcepts(['mixture of expert', 'language model', 'missing']);
      expect([...concepts.values()].sort((a, b) => a.key.localeCompare(b.key))).toEqual([corpus.concepts[3], corpus.concepts[2]]);
      expect(await store.stats()).toMatchObject({ papers: 3, concepts: 6, methods: 3, lineageEdges: 2 });
    });

    test('a filtered name reads back with its reason; an unseen one is null', async () => {
      await withCorpus();
      expect(await store.filteredName('100b token')).toEqual({ key: '100b token', reason: 'QUANTITY', paperCount: 2 });
      expect(await store.filteredName('never seen')).toBeNull();
      await store.writePapers([paperWrite('p4')]);
      await store.writeCorpusGraph({ ...corpus, filtered: [] }, (await store.corpusState()).papersGeneration);
      expect(await store.filteredName('100b token')).toBeNull();
    });

    test('concepts list by paper count, page by cursor and filter', async () => {
      await withCorpus();
      const keys: string[] = [];
      let after: string | undefined;
      for (;;) {
        const page = await store.listConcepts({ first: 4, after });
        expect(page.totalCount).toBe(6);
        keys.push(...page.items.map((c) => c.key));
        if (!page.hasNextPage) break;
        after = page.endCursor!;
      }
      expect(keys).toEqual(['data mixing', 'language model', 'mixture of expert', 'bleu', 'cifar 100', 'online data mixing']);
      const filtered = async (filter: object) => (await store.listConcepts({ first: 10, filter })).items.map((c) => c.key);
      expect(await filtered({ nameContains: 'MIXING' })).toEqual(['data mixing', 'online data mixing']);
      expect(await filtered({ nameContains: 'moe' })).toEqual(['mixture of expert']);
      expect(await filtered({ kind: 'concept' })).toEqual(['language model']);
      expect(await filtered({ kind: 'dataset' })).toEqual(['cifar 100']);
      expect(await filtered({ kind: 'metric' })).toEqual(['bleu']);
      expect(await filtered({ community: 0 })).toEqual(['data mixing', 'online data mixing']);
      expect(await filtered({ minPapers: 2 })).toEqual(['data mixing', 'language model', 'mixture of expert']);
    });

    test('neighbours, papers, shared papers, paper concepts and the hierarchy', async () => {
      await withCorpus();
      expect(await store.conceptNeighbours('data mixing', 5)).toEqual([
        { key: 'mixture of expert', weight: 0.6, cooccurrences: 2 },
        { key: 'language model', weight: 0.2, cooccurrences: 2 },
      ]);
      expect(await store.conceptNeighbours('mixture of expert', 1)).toEqual([
        { key: 'data mixing', weight: 0.6, cooccurrences: 2 },
      ]);
      const first = await store.conceptPapers('data mixing', { first: 2 });
      expect(first).toMatchObject({ items: ['p1', 'p2'], hasNextPage: true, totalCount: 3 });
      expect(first.endCursor).toBe(first.cursors[1]);
      expect(await store.conceptPapers('data mixing', { first: 2, after: first.cursors[0] })).toMatchObject({
        items: ['p2', 'p3'],
      });
      expect(await store.conceptPapers('data mixing', { first: 2, after: first.endCursor! })).toMatchObject({
        items: ['p3'],
        hasNextPage: false,
      });
      expect(await store.papersOfConcepts(['data mixing', 'language model', 'missing'], 2)).toEqual(
        new Map([
          ['data mixing', ['p1', 'p2']],
          ['language model', ['p1', 'p3']],
        ]),
      );
      expect(await store.papersMentioningAll(['data mixing', 'mixture of expert'], 5)).toEqual(['p2', 'p1']);
      expect(await store.papersMentioningAll(['data mixing', 'mixture of expert'], 1)).toEqual(['p2']);
      const byPaper = await store.paperConcepts(['p2', 'none']);
      expect(byPaper.get('p2')).toEqual([
        { concept: 'mixture of expert', weight: 0.9 },
        { concept: 'data mixing', weight: 0.8 },
        { concept: 'online data mixing', weight: 0.4 },
      ]);
      expect(byPaper.get('none')).toEqual([]);
      expect(await store.conceptHierarchy('online data mixing', 'broader')).toEqual(['data mixing']);
      expect(await store.conceptHierarchy('data mixing', 'narrower')).toEqual(['online data mixing']);
    });

    test('methods, roles and lineage in both directions', async () => {
      await withCorpus();
      expect(await store.resolveMethod('adautomix')).toBe('adversarial automixup');
      expect(await store.resolveMethod('automix')).toBe('automix');
      expect(await store.resolveMethods(['adautomix', 'automix', 'nothing'])).toEqual(
        new Map([
          ['adautomix', 'adversarial automixup'],
          ['automix', 'automix'],
        ]),
      );
      expect([...(await store.getMethods(['automix'])).values()]).toEqual([corpus.methods[0]]);
      const listed = await store.listMethods({ first: 2 });
      expect(listed.items.map((m) => m.key)).toEqual(['automix', 'mixup']);
      expect((await store.listMethods({ first: 2, after: listed.endCursor! })).items.map((m) => m.key)).toEqual([
        'adversarial automixup',
      ]);
      expect((await store.listMethods({ first: 5, filter: { nameContains: 'adauto' } })).items.map((m) => m.key)).toEqual([
        'adversarial automixup',
      ]);
      expect(await store.methodRoles(['automix'])).toEqual([corpus.roles[0], corpus.roles[3]]);
      expect(await store.paperMethods(['p1'])).toEqual([corpus.roles[0], corpus.roles[1]]);
      expect(await store.lineageEdges(['automix'], 'parents')).toEqual([corpus.lineage[1]]);
      expect(await store.lineageEdges(['automix'], 'children')).toEqual([corpus.lineage[0]]);
    });

    test('every lineage relation kind reads back as written, evidence and confidence included', async () => {
      await store.writePapers(['p1', 'p2', 'p3'].map((id) => paperWrite(id)));
      const relations = ['EXTENDS', 'VARIANT_OF', 'BUILDS_ON', 'FAMILY'] as const;
      const lineage = relations.map((relation, i) => ({
        child: `child ${i}`,
        parent: 'mixup',
        relation,
        evidence: `Child ${i} is ${relation} mixup.`,
        confidence: 0.4 + i / 10,
        paperId: 'p1',
      }));
      const methods = [...corpus.methods, ...lineage.map((l) => ({ key: l.child, name: l.child, aliases: [l.child], paperCount: 1 }))];
      await store.writeCorpusGraph({ ...corpus, methods, lineage }, (await store.corpusState()).papersGeneration);
      const children = await store.lineageEdges(['mixup'], 'children');
      expect([...children].sort((a, b) => a.child.localeCompare(b.child))).toEqual(lineage);
      expect(await store.stats()).toMatchObject({ lineageEdges: 4 });
    });

    const smaller: CorpusGraph = { ...corpus, lineage: [], concepts: corpus.concepts.slice(0, 1), conceptAliases: [] };

    test('a new corpus graph replaces the old one whole', async () => {
      await withCorpus();
      await store.writePapers([paperWrite('p4')]);
      expect(await store.writeCorpusGraph(smaller, (await store.corpusState()).papersGeneration)).toBe(true);
      expect(await store.lineageEdges(['automix'], 'children')).toEqual([]);
      expect(await store.resolveConcept('moe')).toBeNull();
      expect(await store.stats()).toMatchObject({ concepts: 1, lineageEdges: 0 });
    });

    test('paper writes mark the corpus graph out of date in their transaction; a rebuild marks it current', async () => {
      expect(await store.corpusState()).toEqual({ papersGeneration: 0, corpusGeneration: 0 });
      await store.writePapers([]);
      expect(await store.corpusState()).toEqual({ papersGeneration: 0, corpusGeneration: 0 });
      await store.writePapers([paperWrite('p1'), paperWrite('p2')]);
      await store.writePapers([paperWrite('p3')]);
      expect(await store.corpusState()).toEqual({ papersGeneration: 2, corpusGeneration: 0 });
      // A batch that fails writes no papers and no mark either.
      const bad = paperWrite('p4');
      (bad.paper as { title: unknown }).title = null;
      await expect(store.writePapers([paperWrite('p5'), bad])).rejects.toHaveProperty('message', expect.any(String));
      expect(await store.corpusState()).toEqual({ papersGeneration: 2, corpusGeneration: 0 });
      // Vectors are no input of the corpus graph.
      await store.setVectors([{ id: 'p1', model: 'm', values: unitVector(4, 0) }]);
      expect(await store.corpusState()).toEqual({ papersGeneration: 2, corpusGeneration: 0 });
      expect(await store.writeCorpusGraph(corpus, 2)).toBe(true);
      expect(await store.corpusState()).toEqual({ papersGeneration: 2, corpusGeneration: 2 });
    });

    test('an older snapshot never replaces a newer corpus graph', async () => {
      await store.writePapers(['p1', 'p2', 'p3'].map((id) => paperWrite(id)));
      const old = (await store.corpusState()).papersGeneration;
      await store.writePapers([paperWrite('p4')]);
      const current = (await store.corpusState()).papersGeneration;
      // The newer rebuild commits first; the older one, finishing later, is refused and writes nothing.
      expect(await store.writeCorpusGraph(corpus, current)).toBe(true);
      expect(await store.writeCorpusGraph(smaller, old)).toBe(false);
      expect(await store.writeCorpusGraph(smaller, current)).toBe(false);
      expect(await store.stats()).toMatchObject({ concepts: corpus.concepts.length, lineageEdges: 2 });
      expect(await store.corpusState()).toEqual({ papersGeneration: current, corpusGeneration: current });
    });

    test('concurrent rebuilds leave the newest snapshot, whichever commits first', async () => {
      await store.writePapers(['p1', 'p2', 'p3'].map((id) => paperWrite(id)));
      const old = (await store.corpusState()).papersGeneration;
      await store.writePapers([paperWrite('p4')]);
      const current = (await store.corpusState()).papersGeneration;
      const results = await Promise.all([store.writeCorpusGraph(smaller, old), store.writeCorpusGraph(corpus, current)]);
      expect(results[1]).toBe(true);
      expect(await store.stats()).toMatchObject({ concepts: corpus.concepts.length, lineageEdges: 2 });
      expect(await store.corpusState()).toEqual({ papersGeneration: current, corpusGeneration: current });
    });
  });
}
