import { SqliteGraphStore } from '../../graph/sqlite/store';
import type { GraphStore, PaperWrite } from '../../graph/store';
import { finishCorpusGraph } from '../../ingest/corpus';
import type { PaperKnowledge } from '../../src/domain';
import { copyGraph } from '../../src/copy';
import { paperWrite, snapshot, vec, type OpenStore } from './fixtures';

/** A few papers with vectors of two models (of different dimensions), one without, and knowledge to build a graph from. */
function papers(): PaperWrite[] {
  const knowledge = (method: string, concept: string): { version: string; extraction: PaperKnowledge } => ({
    version: 'k1',
    extraction: {
      concepts: [
        { key: 'data mixing', name: 'data mixing', aliases: ['data mixing'], weight: 1, kind: 'method' },
        { key: concept, name: concept, aliases: [concept], weight: 0.5, kind: 'concept' },
      ],
      methods: [{ key: method, name: method, aliases: [method], role: 'PROPOSES', evidence: `We propose ${method}.` }],
      lineage: [],
    },
  });
  return [
    { ...paperWrite('p1', { year: 2021 }, { model: 'small', values: vec(1, 0, 0) }), knowledge: knowledge('automix', 'language model') },
    { ...paperWrite('p2', { year: 2022 }, { model: 'small', values: vec(0, 1, 0) }), knowledge: knowledge('mixup', 'language model') },
    { ...paperWrite('p3', { venue: 'ICLR' }, { model: 'large', values: vec(0, 0, 0, 1, 0) }), knowledge: knowledge('automix', 'image') },
    paperWrite('p4', { authors: ['Ada Lovelace'] }),
    { ...paperWrite('p5', {}, { model: 'large', values: vec(1, 0, 0, 0, 0) }), knowledge: knowledge('cutmix', 'image') },
  ];
}

/**
 * Copy and idempotence, checked through the port alone: the adapter as the copy's destination and as its source.
 * The other end is an in-memory embedded store.
 */
export function describeCopyContract(name: string, open: OpenStore): void {
  describe(`GraphStore contract, copy: ${name}`, () => {
    let store: GraphStore;
    const others: GraphStore[] = [];
    const memory = () => {
      const other = new SqliteGraphStore(':memory:');
      others.push(other);
      return other;
    };
    beforeEach(async () => {
      store = await open();
    });
    afterEach(async () => {
      await Promise.all([store, ...others.splice(0)].map((s) => s.close()));
    });

    test('a copy into and out of the store reads back the same; copying again writes nothing', async () => {
      const original = memory();
      await original.writePapers(papers());
      await finishCorpusGraph(original);
      expect(await copyGraph(original, store, { batchSize: 2 })).toEqual({ papers: 5, written: 5, vectors: 4 });
      const copied = await snapshot(store);
      expect(copied).toEqual(await snapshot(original));
      expect(copied.concepts.length).toBeGreaterThan(0);
      const state = await store.corpusState();
      expect(await copyGraph(original, store, { batchSize: 2 })).toEqual({ papers: 5, written: 0, vectors: 0 });
      expect(await snapshot(store)).toEqual(copied);
      expect(await store.corpusState()).toEqual(state);
      const back = memory();
      await copyGraph(store, back, { batchSize: 3 });
      expect(await snapshot(back)).toEqual(copied);
    });

    test('writing the same papers again changes nothing that can be read', async () => {
      await store.writePapers(papers());
      await finishCorpusGraph(store);
      const before = await snapshot(store);
      const generation = (await store.corpusState()).papersGeneration;
      await store.writePapers(papers());
      await finishCorpusGraph(store);
      expect(await snapshot(store)).toEqual(before);
      expect(await store.corpusState()).toEqual({ papersGeneration: generation + 1, corpusGeneration: generation + 1 });
    });
  });
}
