import type { GraphStore } from '../../graph/store';
import { allPages, b64, corpus, paperWrite, unitVector, vec, type OpenStore } from './fixtures';

/** Papers, vectors and text search. `openAgain` opens a second connection to the store `open` gave last. */
export function describePaperContract(name: string, open: OpenStore, openAgain: OpenStore): void {
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
      const papers = await allPages(async (after) => {
        const page = await store.listPapers({ first: 3, after });
        expect(page.totalCount).toBe(4);
        return page;
      });
      expect(papers.map((p) => p.id)).toEqual(['a', 'b', 'c', 'd']);
      const ids_ = async (filter: object) =>
        (await store.listPapers({ first: 10, filter })).items.map((p) => p.id);
      expect(await ids_({ titleContains: 'MIX' })).toEqual(['a', 'b', 'c']);
      expect(await ids_({ titleContains: '100%' })).toEqual(['a']);
      expect(await ids_({ titleContains: '_' })).toEqual([]);
      expect(await ids_({ yearFrom: 2022 })).toEqual(['b', 'c']);
      expect(await ids_({ yearFrom: 2021, yearTo: 2022 })).toEqual(['a', 'b']);
      expect(await ids_({ venue: 'ICLR' })).toEqual(['a', 'c']);
      // An empty string filters nothing, on every store.
      expect(await ids_({ venue: '', titleContains: '' })).toEqual(['a', 'b', 'c', 'd']);
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

      test('counts the papers each word alone finds, as searchText reads words', async () => {
        const counts = await store.wordPaperCounts(['Experts', 'mixture', 'graphs', 'transformer', 'experts', ' ?! ']);
        expect(Object.fromEntries(counts)).toEqual({ experts: 1, mixture: 1, graphs: 1, transformer: 0 });
        for (const [word, n] of counts) expect((await store.searchText(word, 10)).length).toBe(n);
        expect(await store.wordPaperCounts([])).toEqual(new Map());
        await store.writePapers([paperWrite('other', { title: 'Experts', abstract: 'Attention only.' })]);
        expect((await store.wordPaperCounts(['experts', 'graphs'])).get('experts')).toBe(2);
        expect((await store.wordPaperCounts(['experts', 'graphs'])).get('graphs')).toBe(0);
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

    test('dataVersion stays while nothing is written and moves with every write, by any connection (or is always null)', async () => {
      const before = await store.dataVersion();
      await store.stats();
      await store.nearestByVector('m1', vec(1, 0, 0), 5);
      expect(await store.dataVersion()).toBe(before);
      const other = await openAgain();
      try {
        const versions = [before];
        const wrote = async (write: Promise<unknown>) => {
          await write;
          versions.push(await store.dataVersion());
        };
        await wrote(store.writePapers([paperWrite('a', {}, { model: 'm1', values: vec(1, 0, 0) })]));
        await wrote(store.setVectors([{ id: 'a', model: 'm1', values: vec(0, 1, 0) }]));
        await wrote(store.writeCorpusGraph(corpus, (await store.corpusState()).papersGeneration));
        await wrote(other.writePapers([paperWrite('b')]));
        await wrote(other.setVectors([{ id: 'b', model: 'm1', values: vec(0, 0, 1) }]));
        if (before === null) expect(versions.every((v) => v === null)).toBe(true);
        else expect(new Set(versions).size).toBe(versions.length);
      } finally {
        await other.close();
      }
    });

    describe('vectors by paper and nearest neighbours', () => {
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

      test('warmUp reads ahead for a model, none or an unknown one, and changes no answer', async () => {
        const before = await store.nearestByVector('m1', vec(2, 0, 0), 10);
        await store.warmUp('m1');
        await store.warmUp('unknown-model');
        await store.warmUp(null);
        expect(await store.nearestByVector('m1', vec(2, 0, 0), 10)).toEqual(before);
        expect([...(await store.getVectors('m1', ['a', 'b'])).keys()]).toEqual(['a', 'b']);
      });

      test('nearestByVector sees writes made after a search', async () => {
        await store.nearestByVector('m1', vec(0, 0, 1), 1);
        await store.writePapers([paperWrite('f', {}, { model: 'm1', values: vec(0, 0.1, 1) })]);
        await store.setVectors([{ id: 'e', model: 'm1', values: vec(0, 0, 1) }]);
        const hits = await store.nearestByVector('m1', vec(0, 0, 1), 3);
        expect(hits.map((h) => h.id)).toEqual(['c', 'e', 'f']);
      });
    });

    test('papers page by opaque cursors; one the store did not give out, the empty one included, is bad-cursor', async () => {
      await store.writePapers(['a', 'b', 'c'].map((id) => paperWrite(id)));
      const first = await store.listPapers({ first: 2 });
      expect(first).toMatchObject({ hasNextPage: true, totalCount: 3, endCursor: first.cursors[1] });
      expect((await store.listPapers({ first: 2, after: first.cursors[0] })).items.map((p) => p.id)).toEqual(['b', 'c']);
      const forged = ['', 'a', b64('paper:'), b64('concept:[1,"a"]'), 'not base64 at all!', `${first.endCursor}=`];
      for (const after of forged) {
        await expect(store.listPapers({ first: 2, after })).rejects.toMatchObject({ name: 'StoreError', kind: 'bad-cursor' });
      }
    });

    test('text filters fold case in every script and find the text as it is', async () => {
      await store.writePapers([
        paperWrite('u', { title: 'Über Mischung 100%', venue: 'Ärzte Tagung' }),
        paperWrite('v', { title: 'Uber mixing 1000', venue: 'ärzte tagung' }),
      ]);
      const ids = async (filter: object) => (await store.listPapers({ first: 10, filter })).items.map((p) => p.id);
      expect(await ids({ titleContains: 'üBER' })).toEqual(['u']);
      expect(await ids({ titleContains: '100%' })).toEqual(['u']);
      expect(await ids({ titleContains: 'UBER' })).toEqual(['v']);
      expect(await ids({ venue: 'ÄRZTE TAGUNG' })).toEqual(['u', 'v']);
    });

    test('vectors of two models of different dimensions live side by side', async () => {
      await store.writePapers([
        paperWrite('a', {}, { model: 'small', values: vec(1, 0, 0) }),
        paperWrite('b', {}, { model: 'small', values: vec(0, 1, 0) }),
        paperWrite('c', {}, { model: 'large', values: vec(0, 0, 0, 0, 1) }),
        paperWrite('d', {}, { model: 'large', values: vec(0, 0, 0, 1, 1) }),
      ]);
      expect((await store.nearestByVector('small', vec(0, 1, 0), 5)).map((h) => h.id)).toEqual(['b', 'a']);
      expect((await store.nearestByVector('large', vec(0, 0, 0, 0, 1), 5)).map((h) => h.id)).toEqual(['c', 'd']);
      expect((await store.vectors('large')).map((v) => [v.id, v.values.length])).toEqual([['c', 5], ['d', 5]]);
      expect((await store.stats()).vectorsByModel).toEqual({ small: 2, large: 2 });
      await store.setVectors([{ id: 'a', model: 'large', values: vec(1, 0, 0, 0, 0) }]);
      expect((await store.nearestByVector('large', vec(1, 0, 0, 0, 0), 1)).map((h) => h.id)).toEqual(['a']);
      expect((await store.nearestByVector('small', vec(1, 0, 0), 5)).map((h) => h.id)).toEqual(['b']);
    });
  });
}
