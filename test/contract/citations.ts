import type { GraphStore, PaperLinks } from '../../graph/store';
import { paperWrite, type OpenStore } from './fixtures';

/** Who a paper is (aliases, title key) and what it cites: CITES edges, coupling and co-citation. */
export function describeCitationContract(name: string, open: OpenStore): void {
  describe(`GraphStore contract, identity and citations: ${name}`, () => {
    let store: GraphStore;
    beforeEach(async () => {
      store = await open();
    });
    afterEach(async () => {
      await store.close();
    });

    /** A paper write with links: aliases, a title key and references. */
    const linked = (id: string, links: Partial<PaperLinks>) => ({
      ...paperWrite(id),
      links: { aliases: [], titleKey: null, references: [], ...links },
    });
    const refs = async (id: string) => (await store.citations(id, 'references', { first: 10 })).items;
    const citers = async (id: string) => (await store.citations(id, 'citedBy', { first: 10 })).items;

    test('a reference becomes a CITES edge when the cited paper arrives, in either order', async () => {
      // Citing first: the reference is kept unresolved until the cited paper is written.
      await store.writePapers([linked('a', { references: [['doi:10.1/b'], ['arxiv:2401.00001']] })]);
      expect(await refs('a')).toEqual([]);
      expect((await store.citationCounts(['a'])).get('a')).toEqual({ references: 0, unresolved: 2, citedBy: 0 });
      await store.writePapers([linked('b', { aliases: ['doi:10.1/b'] })]);
      expect(await refs('a')).toEqual(['b']);
      expect(await citers('b')).toEqual(['a']);
      expect((await store.citationCounts(['a', 'b'])).get('a')).toEqual({ references: 1, unresolved: 1, citedBy: 0 });
      // Cited first: a paper known by its id, then a paper citing that id.
      await store.writePapers([paperWrite('arxiv:2401.00001')]);
      await store.writePapers([linked('c', { references: [['b'], ['arxiv:2401.00001']] })]);
      expect(await refs('a')).toEqual(['arxiv:2401.00001', 'b']);
      expect(await refs('c')).toEqual(['arxiv:2401.00001', 'b']);
      expect(await citers('b')).toEqual(['a', 'c']);
      expect((await store.citationCounts(['b'])).get('b')).toEqual({ references: 0, unresolved: 0, citedBy: 2 });
    });

    test('references page by id; a paper never cites itself', async () => {
      await store.writePapers(['p1', 'p2', 'p3'].map((id) => paperWrite(id)));
      await store.writePapers([linked('p0', { references: [['p3'], ['p1'], ['p2'], ['p0'], ['p1']] })]);
      const page = await store.citations('p0', 'references', { first: 2 });
      expect(page).toMatchObject({ items: ['p1', 'p2'], hasNextPage: true, totalCount: 3 });
      const next = await store.citations('p0', 'references', { first: 2, after: page.endCursor! });
      expect(next).toMatchObject({ items: ['p3'], hasNextPage: false });
      await expect(store.citations('p0', 'references', { first: 2, after: 'p2' })).rejects.toMatchObject({ kind: 'bad-cursor' });
    });

    test('a reference resolves by identifier, and by title only when no identifier of it resolves', async () => {
      await store.writePapers([
        linked('byTitle', { titleKey: 'title:t1' }),
        linked('byDoi', { aliases: ['doi:10.1/x'], titleKey: 'title:other' }),
        linked('title:t2', {}),
      ]);
      await store.writePapers([
        linked('citing', { references: [['doi:10.1/x', 'title:t1'], ['s2:unknown', 'title:t1'], ['title:t2']] }),
      ]);
      expect(await refs('citing')).toEqual(['byDoi', 'byTitle', 'title:t2']);
      // The identifier arrives later: the title match gives way.
      await store.writePapers([linked('bySecond', { aliases: ['s2:unknown'] })]);
      expect(await refs('citing')).toEqual(['byDoi', 'bySecond', 'title:t2']);
    });

    test('aliases resolve to their paper; keys tell identifiers from title keys; links read back', async () => {
      const links = { aliases: ['doi:10.1/a', 'openalex:W1'], titleKey: 'title:abc', references: [['doi:10.1/z', 'title:z']] };
      await store.writePapers([linked('arxiv:1', links), paperWrite('plain')]);
      expect(await store.resolvePaperIds(['doi:10.1/a', 'openalex:W1', 'arxiv:1', 'plain', 'nope'])).toEqual(
        new Map([
          ['doi:10.1/a', 'arxiv:1'],
          ['openalex:W1', 'arxiv:1'],
          ['arxiv:1', 'arxiv:1'],
          ['plain', 'plain'],
        ]),
      );
      expect(await store.findPaperKeys(['title:abc', 'doi:10.1/a', 'plain', 'nope'])).toEqual([
        { key: 'doi:10.1/a', paperId: 'arxiv:1', kind: 'id' },
        { key: 'plain', paperId: 'plain', kind: 'id' },
        { key: 'title:abc', paperId: 'arxiv:1', kind: 'title' },
      ]);
      expect(await store.paperLinks(['arxiv:1', 'plain'])).toEqual(new Map([['arxiv:1', links]]));
      // A write without links keeps them; a write with links replaces them, and a dropped alias stops resolving.
      await store.writePapers([paperWrite('arxiv:1', { title: 'Renamed' })]);
      expect((await store.paperLinks(['arxiv:1'])).get('arxiv:1')).toEqual(links);
      await store.writePapers([linked('cites-w1', { references: [['openalex:W1']] })]);
      expect(await refs('cites-w1')).toEqual(['arxiv:1']);
      await store.writePapers([linked('arxiv:1', { aliases: ['doi:10.1/a'] })]);
      expect(await store.resolvePaperIds(['openalex:W1'])).toEqual(new Map());
      expect(await refs('cites-w1')).toEqual([]);
    });

    test('bibliographic coupling and co-citation count shared references and shared citers', async () => {
      await store.writePapers(['x', 'y', 'z'].map((id) => paperWrite(id)));
      await store.writePapers([
        linked('a', { references: [['x'], ['y'], ['z']] }),
        linked('b', { references: [['x'], ['y']] }),
        linked('c', { references: [['z']] }),
      ]);
      expect(await store.sharedCitations('a', 'coupling', 10)).toEqual([
        { id: 'b', shared: 2, count: 2 },
        { id: 'c', shared: 1, count: 1 },
      ]);
      expect(await store.sharedCitations('x', 'cocitation', 10)).toEqual([
        { id: 'y', shared: 2, count: 2 },
        { id: 'z', shared: 1, count: 2 },
      ]);
      expect(await store.sharedCitations('a', 'coupling', 1)).toEqual([{ id: 'b', shared: 2, count: 2 }]);
      expect(await store.sharedCitations('z', 'coupling', 10)).toEqual([]);
    });
  });
}
