import type { GraphStore, PaperLinks, PaperWrite } from '../../graph/store';
import { finishCorpusGraph } from '../../ingest/corpus';
import type { PaperKnowledge } from '../../src/domain';
import { paperWrite, snapshot, vec, type OpenStore } from './fixtures';

const concept = (key: string, weight = 1) => ({ key, name: key, aliases: [key], weight, kind: 'concept' as const });

/** Knowledge proposing `method`, derived from `parent` (a key, written as the name `parentName`), about `concepts`. */
function knowledge(
  method: string,
  [parent, parentName]: [string, string],
  concepts: string[],
): { version: string; extraction: PaperKnowledge } {
  return {
    version: 'k1',
    extraction: {
      concepts: concepts.map((c, i) => concept(c, 1 - i / 10)),
      methods: [
        { key: method, name: method, aliases: [method], role: 'PROPOSES', evidence: `We propose ${method}.` },
        { key: parent, name: parentName, aliases: [parentName], role: 'USES', evidence: `${method} builds on ${parentName}.` },
      ],
      lineage: [{ child: method, parent, relation: 'EXTENDS', evidence: `${method} extends ${parentName}.`, confidence: 0.9 }],
    },
  };
}

const links = (l: Partial<PaperLinks>): PaperLinks => ({ aliases: [], titleKey: null, references: [], ...l });

/**
 * Three papers citing one another (by id, by an alias, by identifier or title), with vectors, knowledge (concepts
 * shared by two or three papers, methods, lineage) and links. B is known by its DOI too, and has a title key.
 */
const A: PaperWrite = {
  ...paperWrite('a', { title: 'Automatic mixup', abstract: 'Mixing images automatically.', year: 2021 }, { model: 'm', values: vec(1, 0, 0) }),
  knowledge: knowledge('automix', ['mixup', 'MixUp'], ['data mixing', 'image classification', 'augmentation']),
  links: links({ titleKey: 'title:a', references: [['doi:10.1/b'], ['c']] }),
};
const B: PaperWrite = {
  ...paperWrite('b', { title: 'Adversarial mixup', abstract: 'Adversarial mixing of samples.', year: 2022 }, { model: 'm', values: vec(0, 1, 0) }),
  knowledge: knowledge('adautomix', ['automix', 'AutoMix'], ['data mixing', 'adversarial training', 'augmentation']),
  links: links({ aliases: ['doi:10.1/b'], titleKey: 'title:b', references: [['a'], ['c'], ['doi:10.9/elsewhere']] }),
};
const C: PaperWrite = {
  ...paperWrite('c', { title: 'Mixing text', abstract: 'Data mixing for language models.', year: 2023 }, { model: 'm', values: vec(0, 0, 1) }),
  knowledge: knowledge('textmix', ['mixup', 'MixUp'], ['data mixing', 'language model', 'image classification']),
  links: links({ titleKey: 'title:c', references: [['doi:10.1/b', 'title:b'], ['a']] }),
};

/** What the port says of papers' identity and citations, for every id and key the fixtures use. */
async function citationSnapshot(store: GraphStore) {
  const ids = ['a', 'b', 'c'];
  const keys = [...ids, 'doi:10.1/b', 'doi:10.9/elsewhere', 'title:a', 'title:b', 'title:c'];
  const lists: Record<string, unknown> = {};
  for (const id of ids) {
    lists[id] = {
      references: (await store.citations(id, 'references', { first: 10 })).items,
      citedBy: (await store.citations(id, 'citedBy', { first: 10 })).items,
      coupling: await store.sharedCitations(id, 'coupling', 10),
      cocitation: await store.sharedCitations(id, 'cocitation', 10),
    };
  }
  return {
    lists,
    counts: [...(await store.citationCounts(ids))].sort(),
    links: [...(await store.paperLinks(ids))].sort(),
    keys: await store.findPaperKeys(keys),
    resolved: [...(await store.resolvePaperIds(keys))].sort(),
    // Which papers match: full-text scores may count removed documents until the index merges (Lucene does).
    search: (await store.searchText('mixing adversarial', 10)).map((hit) => hit.id).sort(),
    nearest: await store.nearestByVector('m', vec(0, 1, 0.1), 10),
  };
}

/** The whole store as the port reads it, corpus graph finished. */
async function everything(store: GraphStore) {
  await finishCorpusGraph(store);
  return { ...(await snapshot(store)), citations: await citationSnapshot(store) };
}

/** Removing papers: what they contributed goes, and nothing else. Checked through the port alone. */
export function describeRemovalContract(name: string, open: OpenStore): void {
  describe(`GraphStore contract, removal: ${name}`, () => {
    let store: GraphStore;
    beforeEach(async () => {
      store = await open();
    });
    afterEach(async () => {
      await store.close();
    });

    test('removing B of A, B, C leaves the store as if only A and C had been written', async () => {
      // The store as A and C alone make it, then emptied by removal, then A, B, C with B removed: one store, so this
      // runs on a server database too.
      await store.writePapers([A, C]);
      const expected = await everything(store);
      await store.removePapers(['a', 'c']);
      const empty = await everything(store);
      expect(empty).toMatchObject({ papers: [], concepts: [], methods: [], knowledge: [], lineage: [] });
      expect(empty.citations).toMatchObject({ keys: [], resolved: [], search: [], nearest: [] });

      await store.writePapers([A, B, C]);
      await finishCorpusGraph(store);
      const { papersGeneration } = await store.corpusState();
      expect(await store.removePapers(['b'])).toEqual({ removed: ['b'], aliases: [], unknown: [] });
      // Out of date until finished, as after a paper write; B's own rows of the corpus graph are gone already.
      expect(await store.corpusState()).toEqual({ papersGeneration: papersGeneration + 1, corpusGeneration: papersGeneration });
      expect(await store.paperConcepts(['b'])).toEqual(new Map([['b', []]]));
      expect(await store.paperMethods(['b'])).toEqual([]);
      const lineage = await store.lineageEdges(['adautomix', 'automix', 'mixup', 'textmix'], 'parents');
      expect(lineage.map((l) => l.paperId).sort()).toEqual(['a', 'c']);
      expect(await everything(store)).toEqual(expected);
      expect(await store.corpusState()).toEqual({ papersGeneration: papersGeneration + 1, corpusGeneration: papersGeneration + 1 });
      // Not vacuous: B contributed concepts, methods, lineage and citations the other two still have a share of.
      expect(expected.papers.map((p) => p.id)).toEqual(['a', 'c']);
      expect(expected.methods.map((m) => m.key)).toEqual(expect.arrayContaining(['automix', 'mixup', 'textmix']));
      expect(expected.methods.map((m) => m.key)).not.toContain('adautomix');
      expect(expected.lineage.length).toBeGreaterThan(0);
      expect(expected.citations.lists.c).toMatchObject({ references: ['a'], citedBy: ['a'] });
    });

    test('an unknown id, a title key and an empty list remove nothing and leave the generation alone', async () => {
      await store.writePapers([A, B, C]);
      const before = await everything(store);
      const state = await store.corpusState();
      expect(await store.removePapers(['nope', 'title:b', 'nope'])).toEqual({
        removed: [],
        aliases: [],
        unknown: ['nope', 'title:b'],
      });
      expect(await store.removePapers([])).toEqual({ removed: [], aliases: [], unknown: [] });
      expect(await store.corpusState()).toEqual(state);
      expect(await everything(store)).toEqual(before);
    });

    test('an alias names its paper, which is removed whole; ids are reported once, unknown ones apart', async () => {
      await store.writePapers([A, B, C]);
      expect(await store.removePapers(['doi:10.1/b', 'nope', 'b', 'a'])).toEqual({
        removed: ['b', 'a'],
        aliases: [{ alias: 'doi:10.1/b', paperId: 'b' }],
        unknown: ['nope'],
      });
      expect([...(await store.getPapers(['a', 'b', 'c'])).keys()]).toEqual(['c']);
      expect(await store.resolvePaperIds(['doi:10.1/b', 'b', 'a'])).toEqual(new Map());
      expect(await store.removePapers(['b'])).toEqual({ removed: [], aliases: [], unknown: ['b'] });
    });

    test('citations to a removed paper become unresolved again, or resolve to another paper they name', async () => {
      // T shares B's title key: C's reference [doi of B, title of B] resolves by identifier while B is there.
      const T = { ...paperWrite('t'), links: links({ titleKey: 'title:b' }) };
      await store.writePapers([A, B, C, T]);
      expect((await store.citations('a', 'references', { first: 10 })).items).toEqual(['b', 'c']);
      expect((await store.citations('c', 'references', { first: 10 })).items).toEqual(['a', 'b']);
      expect((await store.citationCounts(['a'])).get('a')).toEqual({ references: 2, unresolved: 0, citedBy: 2 });
      await store.removePapers(['b']);
      expect((await store.citations('a', 'references', { first: 10 })).items).toEqual(['c']);
      expect((await store.citationCounts(['a'])).get('a')).toEqual({ references: 1, unresolved: 1, citedBy: 1 });
      expect((await store.citations('c', 'references', { first: 10 })).items).toEqual(['a', 't']);
      expect((await store.citations('t', 'citedBy', { first: 10 })).items).toEqual(['c']);
      // The citing papers keep their references as written.
      expect((await store.paperLinks(['a'])).get('a')).toEqual(A.links);
      expect(await store.citations('b', 'citedBy', { first: 10 })).toMatchObject({ items: [], totalCount: 0 });
    });

    test('invalidating the corpus graph marks it out of date without touching papers; finishing rebuilds the same', async () => {
      await store.writePapers([A, B, C]);
      const before = await everything(store);
      const state = await store.corpusState();
      await store.invalidateCorpusGraph();
      expect(await store.corpusState()).toEqual({ ...state, papersGeneration: state.papersGeneration + 1 });
      expect(await finishCorpusGraph(store)).toMatchObject({ written: true });
      expect(await everything(store)).toEqual(before);
    });

    test('a removed paper written again is back as if never removed', async () => {
      await store.writePapers([A, B, C]);
      const before = await everything(store);
      await store.removePapers(['b']);
      await finishCorpusGraph(store);
      await store.writePapers([B]);
      expect(await everything(store)).toEqual(before);
    });
  });
}
