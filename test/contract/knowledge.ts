import type { CorpusGraph, GraphStore } from '../../graph/store';
import { corpusChanges } from '../../ingest/corpus';
import type { PaperKnowledge } from '../../src/domain';
import { allPages, b64, corpus, corpusSnapshot, paperWrite, smaller, storedConcept, unitVector, type OpenStore } from './fixtures';

/** Paper knowledge and the corpus graph: concepts, methods, roles, lineage, and its generations. */
export function describeKnowledgeContract(name: string, open: OpenStore): void {
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
      expect([...concepts.values()].sort((a, b) => a.key.localeCompare(b.key))).toEqual([storedConcept(3), storedConcept(2)]);
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
      const pages = await allPages(async (after) => {
        const page = await store.listConcepts({ first: 4, after });
        expect(page.totalCount).toBe(6);
        return page;
      });
      expect(pages.map((c) => c.key)).toEqual(['data mixing', 'language model', 'mixture of expert', 'bleu', 'cifar 100', 'online data mixing']);
      const filtered = async (filter: object) => (await store.listConcepts({ first: 10, filter })).items.map((c) => c.key);
      expect(await filtered({ nameContains: 'MIXING' })).toEqual(['data mixing', 'online data mixing']);
      expect(await filtered({ nameContains: 'moe' })).toEqual(['mixture of expert']);
      expect(await filtered({ nameContains: '' })).toHaveLength(6);
      expect(await filtered({ kind: 'concept' })).toEqual(['language model']);
      expect(await filtered({ kind: 'dataset' })).toEqual(['cifar 100']);
      expect(await filtered({ kind: 'metric' })).toEqual(['bleu']);
      expect(await filtered({ community: 0 })).toEqual(['data mixing', 'online data mixing']);
      expect(await filtered({ minPapers: 2 })).toEqual(['data mixing', 'language model', 'mixture of expert']);
    });

    test('neighbours, papers, shared papers, paper concepts and the hierarchy', async () => {
      await withCorpus();
      // NPMI from the stored counts, the concepts' paper counts (data mixing 3, the others 2) and the 5 papers.
      const both = expect.closeTo(Math.log(0.4 / (0.6 * 0.4)) / -Math.log(0.4), 12);
      expect(await store.conceptNeighbours('data mixing', 5)).toEqual([
        { key: 'language model', weight: both, cooccurrences: 2 },
        { key: 'mixture of expert', weight: both, cooccurrences: 2 },
      ]);
      expect(await store.conceptNeighbours('mixture of expert', 5)).toEqual([
        { key: 'data mixing', weight: both, cooccurrences: 2 },
        { key: 'language model', weight: expect.closeTo(Math.log(0.2 / (0.4 * 0.4)) / -Math.log(0.2), 12), cooccurrences: 1 },
      ]);
      expect(await store.conceptNeighbours('mixture of expert', 1)).toEqual([{ key: 'data mixing', weight: both, cooccurrences: 2 }]);
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

    test('papers remember the generation of their last write: knowledgeSince reads those written after one', async () => {
      const withKnowledge = (id: string) => ({ ...paperWrite(id), knowledge: { version: 'v1', extraction: knowledge } });
      await store.writePapers([withKnowledge('p1'), withKnowledge('p2'), paperWrite('p3')]);
      const first = (await store.corpusState()).papersGeneration;
      await store.writePapers([withKnowledge('p4')]);
      await store.writePapers([paperWrite('p1', { year: 2020 })]);
      const ids = (since: number) => store.knowledgeSince(since).then((k) => [k.papers.map((p) => p.paperId), k.total]);
      expect(await ids(-1)).toEqual([['p1', 'p2', 'p4'], 3]);
      expect(await ids(first)).toEqual([['p1', 'p4'], 3]);
      expect((await store.knowledgeSince(first)).papers[0]).toEqual({ paperId: 'p1', year: 2020, version: 'v1', knowledge });
      expect(await ids((await store.corpusState()).papersGeneration)).toEqual([[], 3]);
      expect(await store.knowledgeIds()).toEqual(['p1', 'p2', 'p4']);
    });

    test('corpus graph changes turn the stored graph into the new one, as writing it whole does', async () => {
      await withCorpus();
      const base = (await store.corpusState()).corpusGeneration;
      const keys = ['data mixing', 'online data mixing', 'mixture of expert', 'moe', 'language model', 'cifar 100', 'bleu',
        'llm', 'automix', 'adversarial automixup', 'adautomix', 'mixup', '100b token', 'wiley periodical llc', 'cutmix'];
      const papers = ['p1', 'p2', 'p3'];
      // A concept changed, one gone and one new; an alias retargeted; mentions, co-occurrences, a broader link,
      // methods, roles, lineage and filtered names changed, gone and new.
      const next: CorpusGraph = {
        concepts: [
          { ...corpus.concepts[0], paperCount: 2, aliases: ['data mixing'] },
          ...corpus.concepts.slice(1, 5),
          { key: 'llm', name: 'LLM', aliases: ['LLM'], kind: 'concept', paperCount: 1, broad: false },
        ],
        conceptAliases: [['moe', 'language model']],
        mentions: [
          ...corpus.mentions.filter((m) => m.concept !== 'bleu' && !(m.paperId === 'p1' && m.concept === 'data mixing')),
          { paperId: 'p1', concept: 'llm', weight: 0.7 },
        ].map((m) => (m.paperId === 'p2' && m.concept === 'data mixing' ? { ...m, weight: 0.1 } : m)),
        cooccurrences: [{ ...corpus.cooccurrences[0], count: 3 }, corpus.cooccurrences[2], { a: 'data mixing', b: 'llm', count: 1 }],
        broader: [{ narrower: 'online data mixing', broader: 'mixture of expert' }],
        methods: [{ ...corpus.methods[0], paperCount: 3 }, corpus.methods[2], { key: 'cutmix', name: 'CutMix', aliases: ['CutMix'], paperCount: 1 }],
        methodAliases: [['adautomix', 'automix']],
        roles: [
          { ...corpus.roles[0], evidence: 'We propose AutoMix, again.' },
          corpus.roles[1],
          corpus.roles[4],
          { paperId: 'p3', method: 'cutmix', role: 'USES', evidence: 'We use CutMix.' },
        ],
        lineage: [{ ...corpus.lineage[1], confidence: 0.8 }, { ...corpus.lineage[1], child: 'cutmix', paperId: 'p3' }],
        filtered: [{ ...corpus.filtered[0], paperCount: 3 }, { key: 'llc', reason: 'BOILERPLATE', paperCount: 1 }],
        documents: 6,
      };
      await store.writePapers([paperWrite('p4')]);
      const generation = (await store.corpusState()).papersGeneration;
      const changes = corpusChanges(corpus, next);
      // Refused, writing nothing, unless the stored graph is the base and the base is older.
      expect(await store.writeCorpusChanges(changes, base - 1, generation)).toBe(false);
      expect(await store.writeCorpusChanges(changes, base, base)).toBe(false);
      expect(await store.corpusState()).toEqual({ papersGeneration: generation, corpusGeneration: base });
      expect(await store.resolveConcept('moe')).toBe('mixture of expert');
      expect(await store.writeCorpusChanges(changes, base, generation)).toBe(true);
      expect(await store.corpusState()).toEqual({ papersGeneration: generation, corpusGeneration: generation });
      const changed = await corpusSnapshot(store, keys, papers);
      expect(changed.concepts.map((c) => c.key).sort()).toEqual(next.concepts.map((c) => c.key).sort());
      expect(await store.resolveConcept('moe')).toBe('language model');
      await store.writePapers([paperWrite('p5')]);
      expect(await store.writeCorpusGraph(next, (await store.corpusState()).papersGeneration)).toBe(true);
      expect(await corpusSnapshot(store, keys, papers)).toEqual(changed);
    });

    const communityOf = async (...keys: string[]) =>
      Object.fromEntries([...(await store.getConcepts(keys))].map(([key, c]) => [key, c.community]));

    test('communities come with a graph that brings them, stamped with its generation; otherwise each concept keeps its own', async () => {
      expect(await store.communitiesState()).toEqual({ generation: null, updatedAt: null });
      await withCorpus();
      const { corpusGeneration } = await store.corpusState();
      const stamped = await store.communitiesState();
      expect(stamped.generation).toBe(corpusGeneration);
      expect(Date.parse(stamped.updatedAt!)).toBeGreaterThan(Date.now() - 60_000);
      expect(await communityOf('data mixing', 'online data mixing', 'mixture of expert', 'bleu')).toEqual({
        'data mixing': 0,
        'online data mixing': 0,
        'mixture of expert': 1,
        bleu: null,
      });
      // A whole graph without communities (an update's): kept by key, none for a new concept, the stamp unchanged.
      const { communities: _, ...update } = corpus;
      const llm = { key: 'llm', name: 'LLM', aliases: ['LLM'], kind: 'concept' as const, paperCount: 1, broad: false };
      await store.writePapers([paperWrite('p4')]);
      const whole = (await store.corpusState()).papersGeneration;
      expect(await store.writeCorpusGraph({ ...update, concepts: [...corpus.concepts.slice(1), llm] }, whole)).toBe(true);
      expect(await communityOf('data mixing', 'online data mixing', 'mixture of expert', 'llm')).toEqual({
        'online data mixing': 0,
        'mixture of expert': 1,
        llm: null,
      });
      expect(await store.communitiesState()).toEqual(stamped);
      // Changes: a concept put in place keeps its community, a new one has none.
      await store.writePapers([paperWrite('p5')]);
      const next = { ...update, concepts: [{ ...corpus.concepts[2], paperCount: 3 }, ...corpus.concepts.slice(0, 2)] };
      const changes = corpusChanges({ ...update, concepts: [...corpus.concepts.slice(1), llm] }, next);
      expect(await store.writeCorpusChanges(changes, whole, (await store.corpusState()).papersGeneration)).toBe(true);
      expect(await communityOf('data mixing', 'online data mixing', 'mixture of expert')).toEqual({
        'data mixing': null,
        'online data mixing': 0,
        'mixture of expert': 1,
      });
      expect((await store.getConcepts(['mixture of expert'])).get('mixture of expert')?.paperCount).toBe(3);
      expect(await store.communitiesState()).toEqual(stamped);
    });

    test('communityInput reads the co-occurrences with their NPMI and the communities of one graph; writeCommunities sets them', async () => {
      await withCorpus();
      const { corpusGeneration } = await store.corpusState();
      const input = await store.communityInput(-1);
      expect(input.generation).toBe(corpusGeneration);
      expect(input.communities).toEqual(corpus.communities);
      const pairs = (edges: { a: string; b: string; count: number }[]) => edges.map(({ a, b, count }) => `${a} + ${b}: ${count}`).sort();
      expect(pairs(input.edges)).toEqual(pairs(corpus.cooccurrences));
      // NPMI as conceptNeighbours weighs each pair.
      for (const e of input.edges) {
        const neighbour = (await store.conceptNeighbours(e.a, 10)).find((n) => n.key === e.b)!;
        expect(e.npmi).toBeCloseTo(neighbour.weight, 12);
      }
      const weak = Math.min(...input.edges.map((e) => e.npmi));
      const strong = Math.max(...input.edges.map((e) => e.npmi));
      expect(weak).toBeLessThan(strong);
      const atLeast = (min: number) => input.edges.filter((e) => e.npmi >= min).map((e) => e.npmi).sort();
      expect((await store.communityInput(strong)).edges.map((e) => e.npmi).sort()).toEqual(atLeast(strong));
      expect(atLeast(strong).length).toBeLessThan(input.edges.length);
      expect((await store.communityInput(strong + 0.01)).edges).toEqual([]);

      const version = await store.contentVersion();
      // The same communities: stamped again, the content version stays.
      expect(await store.writeCommunities([['data mixing', 0]], corpusGeneration)).toBe(true);
      expect(await store.contentVersion()).toBe(version);
      expect(await store.writeCommunities([['data mixing', 5], ['online data mixing', null], ['nothing', 2]], corpusGeneration)).toBe(true);
      expect(await store.contentVersion()).not.toBe(version);
      expect(await communityOf('data mixing', 'online data mixing', 'mixture of expert', 'nothing')).toEqual({
        'data mixing': 5,
        'online data mixing': null,
        'mixture of expert': 1,
      });
      expect((await store.communitiesState()).generation).toBe(corpusGeneration);
      // Communities of an older graph than the stored ones' are refused, whole.
      expect(await store.writeCommunities([['mixture of expert', 7]], corpusGeneration - 1)).toBe(false);
      expect(await communityOf('mixture of expert')).toEqual({ 'mixture of expert': 1 });
      expect((await store.communitiesState()).generation).toBe(corpusGeneration);
    });

    test('nameContains matches a name or one alias literally, never the stored form of the aliases', async () => {
      await withCorpus();
      const concepts = async (text: string) => (await store.listConcepts({ first: 10, filter: { nameContains: text } })).items;
      const methods = async (text: string) => (await store.listMethods({ first: 10, filter: { nameContains: text } })).items;
      for (const text of ['[', ']', '"', ',', '","', '%', '_', '\\']) {
        expect([text, await concepts(text), await methods(text)]).toEqual([text, [], []]);
      }
      expect((await concepts('cifar-1')).map((c) => c.key)).toEqual(['cifar 100']);
      expect((await concepts('bleu s')).map((c) => c.key)).toEqual(['bleu']);
      expect((await methods('adauto')).map((m) => m.key)).toEqual(['adversarial automixup']);
    });

    test('a cursor the store did not give out, or gave out for another list, is bad-cursor on every list', async () => {
      await withCorpus();
      const concept = (await store.listConcepts({ first: 1 })).endCursor!;
      const method = (await store.listMethods({ first: 1 })).endCursor!;
      const mention = (await store.conceptPapers('data mixing', { first: 1 })).endCursor!;
      const forged = ['', b64('concept:not json'), b64('concept:[1]'), b64('concept:[1.5,"x"]'), b64('mention:{}'), b64('method:[null,"x"]'), 'not base64 at all!'];
      const lists: [(after: string) => Promise<unknown>, string[]][] = [
        [(after) => store.listConcepts({ first: 2, after }), [method, mention]],
        [(after) => store.listMethods({ first: 2, after }), [concept, mention]],
        [(after) => store.conceptPapers('data mixing', { first: 2, after }), [concept, method]],
      ];
      for (const [list, otherLists] of lists) {
        for (const after of [...forged, ...otherLists]) {
          await expect(list(after)).rejects.toMatchObject({ name: 'StoreError', kind: 'bad-cursor' });
        }
      }
    });
  });
}
