import { buildCorpusGraph } from '../../ingest/corpus';
import { extractPaper } from '../../ingest/extract';
import type { PaperKnowledge } from '../../src/domain';
import { concept, method, paper as paperOf } from '../support/knowledge';

const draft = (title: string, abstract: string) => ({ id: 'p', title, abstract });

describe('lineage cues of one paper', () => {
  it('gives a cue to the proposed method named last before it, and lets a second proposed method descend from the first', () => {
    const e = extractPaper(
      draft(
        'Downlink compression',
        'We introduce MARINA-P, a novel method for downlink compression. We further show that MARINA-P can serve as a ' +
          'starting point: we introduce M3, a method combining MARINA-P with uplink compression and a momentum step.',
      ),
    );
    expect(e.lineage).toContainEqual(expect.objectContaining({ child: 'm3', parent: 'marina p', relation: 'BUILDS_ON' }));
    expect(e.lineage.some((l) => l.child === 'marina p' && l.parent === 'marina p')).toBe(false);
  });

  it('reads the family of a method from its own long name, past its first word', () => {
    const e = extractPaper(
      draft(
        'Few-shot learning',
        'We develop Heterogeneous Neural Processes (HNPs) for the episodic multi-task setup.',
      ),
    );
    const heads = e.lineage.filter((l) => l.within === 'head').map((l) => `${l.child} → ${l.parent}`);
    expect(heads).toEqual(['heterogeneous neural process → neural process']);
  });

  it('derives a name from a three-letter acronym the paper defines, to be resolved by its long form', () => {
    const e = extractPaper(
      draft(
        'Federated sharpness',
        'Federated approaches incorporate sharpness-aware minimization (SAM) into local training. We propose FedLESAM, ' +
          'a novel algorithm that estimates the global perturbation. FedLESAM is faster than FedSAM.',
      ),
    );
    expect(e.lineage).toContainEqual(
      expect.objectContaining({ child: 'fedlesam', parent: 'sharpness aware minimization', relation: 'VARIANT_OF', within: 'head' }),
    );
  });

  it('hangs no lineage on a benchmark the paper proposes', () => {
    const e = extractPaper(draft('SAVVY', 'We introduce SAVVY-Bench, a benchmark built upon SAVVY for spatial audio reasoning.'));
    expect(e.lineage.filter((l) => l.child === 'savvy bench')).toEqual([]);
  });
});

describe('lineage parents in the corpus', () => {
  const paper = (paperId: string, knowledge: Partial<PaperKnowledge>) => paperOf(paperId, 2024, knowledge);
  const family = (child: string, parent: string) => ({
    child,
    parent,
    relation: 'FAMILY' as const,
    evidence: `${child} is a ${parent}.`,
    confidence: 0.8,
    within: 'phrase' as const,
  });
  // Each phrase is a method-typed phrase of two papers: evidence enough to be a method entity, but for its head.
  const phrases = ['neural ordinary differential equation', 'domain generalization', 'post hoc', 'neural process'];
  const corpus = (lineage: ReturnType<typeof family>[]) =>
    buildCorpusGraph([
      paper('a', { concepts: phrases.map((p) => concept(p)) }),
      paper('b', { concepts: phrases.map((p) => concept(p)) }),
      paper('c', { methods: [method('newmethod', 'NewMethod', 'PROPOSES')], lineage }),
    ]);

  it('resolves a description to a method, never to an equation, a task or a modifier', () => {
    const graph = corpus([
      family('newmethod', 'neural ordinary differential equation'),
      family('newmethod', 'domain generalization'),
      family('newmethod', 'post hoc'),
      family('newmethod', 'neural process'),
    ]);
    expect(graph.lineage.map((l) => l.parent)).toEqual(['neural process']);
  });
});
