import type { GraphStore } from '../../graph/store';
import { corpus, paperWrite, unitVector, type OpenStore } from './fixtures';

const bytes = (...values: number[]) => Uint8Array.from(values);

/** Prepared related work: the content version it is stamped with, and its entries. */
export function describeRelatedPreparedContract(name: string, open: OpenStore, openAgain: OpenStore): void {
  describe(`GraphStore contract, prepared related work: ${name}`, () => {
    let store: GraphStore;
    beforeEach(async () => {
      store = await open();
    });
    afterEach(async () => {
      await store.close();
    });

    test('the content version is the same on every connection and moves with papers, vectors, the corpus graph and its communities only', async () => {
      await store.writePapers([paperWrite('p1'), paperWrite('p2')]);
      const other = await openAgain();
      try {
        const seen: string[] = [];
        const both = async () => {
          const v = await store.contentVersion();
          expect(await other.contentVersion()).toBe(v);
          seen.push(v!);
        };
        await both();
        await store.putRelatedPrepared(new Map([['p1', bytes(1)]]), 's', seen[0]);
        await both();
        await other.setVectors([{ id: 'p1', model: 'm', values: unitVector(4, 0) }]);
        await both();
        await other.writeCorpusGraph(corpus, (await other.corpusState()).papersGeneration);
        await both();
        // Communities refreshed apart from the graph (related work's community signal reads them).
        await other.writeCommunities([['data mixing', 7]], (await other.corpusState()).corpusGeneration);
        await both();
        await other.writePapers([paperWrite('p3')]);
        await both();
        await other.removePapers(['p3']);
        await both();
        expect(seen[1]).toBe(seen[0]);
        expect(new Set(seen.slice(1)).size).toBe(6);
      } finally {
        await other.close();
      }
    });

    test('entries are read by stamp, replaced by newer ones, never written from older content, and go with their paper', async () => {
      await store.writePapers(['p1', 'p2', 'p3'].map((id) => paperWrite(id)));
      const v1 = (await store.contentVersion())!;
      expect(await store.relatedPreparedState('a', 10)).toEqual({ prepared: 0, missing: ['p1', 'p2', 'p3'] });
      expect(await store.putRelatedPrepared(new Map([['p1', bytes(1, 2, 255)], ['p2', bytes()], ['gone', bytes(7)]]), 'a', v1)).toBe(true);
      expect(await store.relatedPrepared(['p1', 'p2', 'p3', 'gone'], 'a')).toEqual(new Map([['p1', bytes(1, 2, 255)], ['p2', bytes()]]));
      expect(await store.relatedPrepared(['p1'], 'b')).toEqual(new Map());
      expect(await store.relatedPreparedState('a', 1)).toEqual({ prepared: 2, missing: ['p3'] });
      expect(await store.putRelatedPrepared(new Map([['p1', bytes(9)]]), 'b', v1)).toBe(true);
      expect(await store.relatedPrepared(['p1', 'p2'], 'b')).toEqual(new Map([['p1', bytes(9)]]));
      expect(await store.relatedPreparedState('a', 10)).toEqual({ prepared: 1, missing: ['p1', 'p3'] });

      await store.writePapers([paperWrite('p4')]);
      expect(await store.putRelatedPrepared(new Map([['p3', bytes(3)]]), 'b', v1)).toBe(false);
      expect(await store.relatedPrepared(['p3'], 'b')).toEqual(new Map());

      await store.removePapers(['p1']);
      const v2 = (await store.contentVersion())!;
      expect(await store.putRelatedPrepared(new Map([['p2', bytes(2)]]), 'b', v2)).toBe(true);
      expect(await store.relatedPreparedState('b', 10)).toEqual({ prepared: 1, missing: ['p3', 'p4'] });
    });
  });
}
