import {
  aliasIndex,
  broaderLinks,
  byFirstMember,
  communities,
  ConceptCounts,
  cooccurrences,
  CorpusStats,
  documentFrequency,
  extractPaper,
} from '../../ingest/extract';

const papers = [
  ['data mixing', 'language model', 'online data mixing'],
  ['data mixing', 'language model'],
  ['data mixing', 'mixup', 'image classification'],
  ['mixup', 'image classification'],
  ['reinforcement learning'],
];

describe('corpus structure', () => {
  it('counts document frequency once per paper', () => {
    const df = documentFrequency([['a', 'a', 'b'], ['a']]);
    expect(df).toEqual(new Map([['a', 2], ['b', 1]]));
  });

  it('weights co-occurrence by NPMI, with counts', () => {
    const edges = cooccurrences(papers, 1);
    const edge = (a: string, b: string) => edges.find((e) => e.a === a && e.b === b)!;
    expect(edge('image classification', 'mixup').count).toBe(2);
    expect(edge('image classification', 'mixup').npmi).toBeCloseTo(1);
    const weaker = edge('data mixing', 'image classification');
    expect(weaker.count).toBe(1);
    // Together once, where chance predicts 3/5 × 2/5 × 5 = 1.2 papers: slightly below independence.
    expect(weaker.npmi).toBeLessThan(0);
    expect(weaker.npmi).toBeGreaterThan(-1);
    expect(cooccurrences(papers, 2).every((e) => e.count >= 2)).toBe(true);
  });

  it('links a phrase to the known phrase it extends (same head)', () => {
    expect(broaderLinks(['online data mixing', 'data mixing', 'mixing', 'data', 'adaptive online data mixing'])).toEqual([
      { narrower: 'adaptive online data mixing', broader: 'online data mixing' },
      { narrower: 'data mixing', broader: 'mixing' },
      { narrower: 'online data mixing', broader: 'data mixing' },
    ]);
  });

  it('counts papers as they are added, as the whole-corpus functions do', () => {
    const counts = new ConceptCounts();
    for (const p of papers) counts.add(p);
    expect(counts.documents).toBe(papers.length);
    expect(counts.documentFrequency()).toEqual(documentFrequency(papers));
    expect(counts.cooccurrences(1)).toEqual(cooccurrences(papers, 1));
    expect(counts.stats().df('data mixing')).toBe(documentFrequency(papers).get('data mixing'));
  });

  it('takes a paper back exactly: the counts are those of the papers still in', () => {
    const counts = new ConceptCounts();
    for (const p of papers) counts.add(p);
    counts.add(['data mixing', 'mixup', 'unheard of']);
    counts.remove(['data mixing', 'mixup', 'unheard of']);
    counts.remove(papers[0]);
    const rest = papers.slice(1);
    expect(counts.documents).toBe(rest.length);
    expect(counts.documentFrequency()).toEqual(documentFrequency(rest));
    expect(counts.cooccurrences(1)).toEqual(cooccurrences(rest, 1));
  });

  it('answers co-occurrences after papers come and go as counting the papers present afresh does', () => {
    let seed = 7;
    const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    const words = 'abcdefghij'.split('');
    const corpus = Array.from({ length: 60 }, () => words.filter(() => random() < 0.3));
    const counts = new ConceptCounts();
    const present = new Set<number>();
    for (let round = 0; round < 40; round++) {
      for (let n = 1 + Math.floor(random() * 6); n > 0; n--) {
        const i = Math.floor(random() * corpus.length);
        if (present.delete(i)) counts.remove(corpus[i]);
        else {
          present.add(i);
          counts.add(corpus[i]);
        }
      }
      const papers = [...present].map((i) => corpus[i]);
      expect(counts.cooccurrences()).toEqual(cooccurrences(papers));
      expect(counts.cooccurrences(3)).toEqual(cooccurrences(papers, 3));
    }
  });

  it('finds communities with Louvain, deterministically', () => {
    const edges = cooccurrences(papers, 1);
    const first = communities(edges);
    expect(first.get('mixup')).toBe(first.get('image classification'));
    expect(first.get('language model')).toBe(first.get('online data mixing'));
    expect(first.get('mixup')).not.toBe(first.get('language model'));
    expect(communities(edges)).toEqual(first);
    expect(communities([])).toEqual(new Map());
  });

  it('numbers communities by their smallest member key, whatever the labels or the order of the edges', () => {
    const numbered = byFirstMember(
      new Map([
        ['mixup', 7],
        ['cutmix', 7],
        ['language model', 2],
        ['adamw', 4],
        ['data mixing', 2],
      ]),
    );
    expect(numbered.get('mixup')).toBe(numbered.get('cutmix'));
    expect(numbered.get('language model')).toBe(numbered.get('data mixing'));
    expect(new Set(numbered.values()).size).toBe(3);
    // Another partition: "cutmix" leaves its community, "adamw" joins another. Communities whose smallest member
    // stayed keep their number; only the one whose smallest member changed gets another.
    const next = byFirstMember(
      new Map([
        ['mixup', 1],
        ['cutmix', 3],
        ['language model', 2],
        ['adamw', 2],
        ['data mixing', 2],
      ]),
    );
    expect(next.get('cutmix')).toBe(numbered.get('cutmix'));
    expect(next.get('adamw')).toBe(numbered.get('adamw'));
    expect(next.get('data mixing')).toBe(numbered.get('adamw'));
    expect(next.get('mixup')).not.toBe(numbered.get('mixup'));
    expect(new Set([...next.values()]).size).toBe(3);
    // The first community (by smallest member) loses that member: the ones after it keep their numbers.
    const three = byFirstMember(new Map([['adamw', 0], ['zoneout', 0], ['cutmix', 1], ['dropout', 2]]));
    const lost = byFirstMember(new Map([['zoneout', 0], ['cutmix', 1], ['dropout', 2]]));
    expect([lost.get('cutmix'), lost.get('dropout')]).toEqual([three.get('cutmix'), three.get('dropout')]);
    // Two smallest members whose hashes meet ("concept 40096" and "concept 7019"): the first in key order keeps the
    // number, the other takes the next free one.
    const met = byFirstMember(new Map([['concept 7019', 1], ['concept 40096', 2], ['concept 7019 b', 1]]));
    expect([met.get('concept 40096'), met.get('concept 7019'), met.get('concept 7019 b')]).toEqual([13815116, 13815117, 13815117]);

    const edges = cooccurrences(papers, 1);
    const found = communities(edges);
    expect(new Set(found.values()).size).toBeGreaterThan(1);
    expect([...found.values()].every((n) => Number.isInteger(n) && n >= 0 && n < 2 ** 24)).toBe(true);
    // The same set of edges in any order: the same communities, the same numbers.
    const halves = edges.filter((_, i) => i % 2).concat(edges.filter((_, i) => i % 2 === 0));
    for (const order of [[...edges].reverse(), [...edges].sort((x, y) => (x.b < y.b ? -1 : 1)), halves]) {
      expect(communities(order)).toEqual(found);
    }
  });

  it('resolves an acronym used alone to the expansion another paper defines', () => {
    const defines = extractPaper({ id: 'a', title: 'Sparse models', abstract: 'We scale Mixture-of-Experts (MoE) layers.' });
    expect(aliasIndex(defines.concepts).get('moe')).toBe('mixture of expert');
    const proposes = extractPaper({ id: 'b', title: 'AutoMix: mixup', abstract: 'We propose automatic mixup (AutoMix).' });
    expect(aliasIndex(proposes.methods).get('automatic mixup')).toBe('automix');
  });

  it('CorpusStats drops only what is frequent in a large enough corpus', () => {
    const small = new CorpusStats(documentFrequency(papers), papers.length);
    expect(small.isGeneric('data mixing')).toBe(false);
    const big = new CorpusStats(new Map([['model', 400], ['mixup', 4]]), 1000, { maxDocumentFraction: 0.2 });
    expect(big.isGeneric('model')).toBe(true);
    expect(big.isGeneric('mixup')).toBe(false);
    expect(big.idf('mixup')).toBeGreaterThan(big.idf('model'));
    expect(big.idf('unseen')).toBeGreaterThan(big.idf('mixup'));
  });
});
