import {
  EntityCounts,
  entityType,
  extractPaper,
  isCoinedName,
  isVariant,
  typeHeadSplit,
  type EntityEvidence,
} from '../../ingest/extract';
import fs from 'node:fs';
import { prng } from '../eval/ml-store';
import { ML_PAPERS_SLICE } from '../support/fixtures';

const reasonOf = (abstract: string, key: string, title = '') =>
  extractPaper({ id: 'x', title, abstract }).filtered.find((f) => f.key === key)?.reason;
const conceptKeys = (abstract: string, title = '') => extractPaper({ id: 'x', title, abstract }).concepts.map((c) => c.key);

describe('junk filter', () => {
  it('rejects the issue\'s junk with a reason', () => {
    expect(reasonOf('We pre-train on 100B tokens of text.', '100b token')).toBe('QUANTITY');
    expect(reasonOf('Fitting such functions is hard for neural networks.', 'fitting such function')).toBe('DETERMINER');
    expect(reasonOf('Towards understanding deep networks, we probe neural networks.', 'understanding deep network')).toBe('VERB_LED');
    expect(reasonOf('The actual runs of gradient descent diverge.', 'actual run')).toBe('GENERIC_HEAD');
    expect(reasonOf('We compare with baseline methods on graph learning.', 'baseline method')).toBe('GENERIC');
    expect(reasonOf('Graph learning works. © 2023 Wiley Periodicals LLC.', 'wiley periodical llc')).toBe('BOILERPLATE');
    const glued = extractPaper({ id: 'x', title: '', abstract: 'AbstractWe study sparse attention.' });
    expect(glued.filtered.filter((f) => f.key.startsWith('abstractwe')).map((f) => f.reason)).toEqual(['GLUED_LABEL']);
    expect(glued.concepts.map((c) => c.key).join(' ')).not.toMatch(/abstractwe/);
    expect(reasonOf('As shown by Bun et al, private learning is hard.', 'bun et al')).toBe('CITATION');
    expect(reasonOf('Sparse attention helps.', 'position', 'Position: sparse attention is all you need')).toBe('TITLE_PREFIX');
  });

  it('keeps names, compounds and terms the paper makes of a common word', () => {
    expect(conceptKeys('We train large language models with offline reinforcement learning.')).toEqual(
      expect.arrayContaining(['large language model', 'offline reinforcement learning']),
    );
    // "mixup" alone is a common word; "the mixup method" makes it a term of this paper.
    expect(conceptKeys('We revisit the mixup method and show that mixup helps calibration.')).toContain('mixup');
    expect(reasonOf('Our findings on dropout regularisation and results on accuracy.', 'accuracy')).toBe('COMMON_WORD');
    // A noun in -al is no adjective ("Contrastive" alone is); a gerund before "problem" is no evaluative adjective.
    expect(conceptKeys('This approach improves retrieval.')).toContain('retrieval');
    expect(reasonOf('Contrastive: a study.', 'contrastive', 'Contrastive')).toBe('COMMON_WORD');
    expect(conceptKeys('The ranking problem is studied.')).toContain('ranking problem');
    expect(reasonOf('The difficult problem is studied.', 'difficult problem')).toBe('GENERIC');
  });

  it('keeps "Adversarial AutoMixup" out of method aliases that are sentences around a name', () => {
    const e = extractPaper({ id: 'x', title: '', abstract: 'We use aligned LLMs from the Spectra LLM suite (LLMs).' });
    for (const m of e.methods) for (const a of m.aliases) expect(isVariant(a, m.name)).toBe(true);
    expect(isVariant('use aligned LLMs', 'LLMs')).toBe(false);
    expect(isVariant('Spectra LLM suite', 'LLMs')).toBe(false);
    expect(isVariant('Adversarial AutoMixup', 'AdAutomixup')).toBe(true);
    expect(isVariant('Mixture-of-Experts', 'mixture of experts')).toBe(true);
  });
});

describe('entity types', () => {
  it('reads a type from the head noun, a measure\'s name or a name-like word', () => {
    expect(entityType('speech recognition', 'speech recognition').type).toBe('task');
    expect(entityType('word error rate', 'word error rate').type).toBe('metric');
    expect(entityType('bleu', 'BLEU').type).toBe('metric');
    expect(entityType('penn treebank', 'Penn Treebank').type).toBe('dataset');
    expect(entityType('hidden markov model', 'hidden Markov model').type).toBe('method');
    expect(entityType('automix', 'AutoMix')).toEqual({ type: 'method', from: 'name' });
    expect(entityType('recognition', 'recognition').type).toBe('task');
    expect(entityType('understanding', 'understanding').type).toBe('concept');
  });

  it('types a data set from the sentence that evaluates on it, and keeps it out of the methods', () => {
    const e = extractPaper({
      id: 'x',
      title: '',
      abstract: 'We propose FooNet. FooNet outperforms ResNet on CIFAR-100 and ImageNet-1K in our experiments.',
    });
    expect(e.concepts.find((c) => c.key === 'cifar 100')).toMatchObject({ kind: 'dataset', kindFrom: 'context' });
    expect(e.methods.map((m) => m.key)).not.toContain('cifar 100');
  });

  it('splits a phrase whose head only types its modifier', () => {
    expect(typeHeadSplit('mixup method')).toEqual({ core: 'mixup', type: 'method' });
    expect(typeHeadSplit('mixup based augmentation')).toEqual({ core: 'mixup', type: 'method' });
    expect(typeHeadSplit('cifar 100 dataset')).toEqual({ core: 'cifar 100', type: 'dataset' });
    expect(typeHeadSplit('optical flow')).toBeUndefined();
  });

  it('tells a coined name from an acronym', () => {
    expect(isCoinedName('AutoMix', 'automatic mixup')).toBe(true);
    expect(isCoinedName('MoE', 'mixture of expert')).toBe(false);
    expect(isCoinedName('LLMs', 'large language model')).toBe(false);
  });
});

const paper = (...concepts: [key: string, name: string, kind?: EntityEvidence['concepts'][number]['kind'], aliases?: string[]][]): EntityEvidence => ({
  concepts: concepts.map(([key, name, kind = 'method', aliases = [name]]) => ({ key, name, aliases, kind, kindFrom: 'head' as const })),
});

describe('corpus entities', () => {
  const corpus = [
    paper(['offline reinforcement learning', 'offline reinforcement learning']),
    paper(['reinforcement learning', 'reinforcement learning', 'method', ['reinforcement learning', 'RL']], ['offline rl', 'offline RL']),
    paper(['reinforcement learning', 'RL', 'method', ['RL']], ['offline reinforcement learning', 'offline reinforcement learning']),
    paper(['mixup', 'mixup'], ['mixup method', 'mixup method']),
    paper(['mixup', 'Mixup'], ['mixup based augmentation', 'mixup-based augmentation'], ['cutmix', 'CutMix']),
    paper(['large language model', 'LLMs', 'method', ['LLMs', 'large language models']], ['llm benchmark', 'LLM benchmarks', 'dataset']),
    paper(['llm', 'LLMs'], ['llm benchmark', 'LLM benchmarks', 'dataset']),
  ];

  it('merges acronyms, acronyms inside phrases and type-head variants; keeps CutMix and LLM benchmarks apart', () => {
    const counts = new EntityCounts();
    for (const p of corpus) counts.add(p);
    const { canonical, entities } = counts.resolve();
    expect(canonical('offline rl')).toBe('offline reinforcement learning');
    expect(canonical('rl')).toBe('reinforcement learning');
    expect(canonical('mixup method')).toBe('mixup');
    expect(canonical('mixup based augmentation')).toBe('mixup');
    expect(canonical('cutmix')).toBe('cutmix');
    expect(canonical('llm')).toBe('large language model');
    expect(canonical('llm benchmark')).toBe('llm benchmark');
    expect(entities.get('large language model')).toMatchObject({ plural: true });
    expect(entities.get('mixup')?.aliases).toEqual(expect.arrayContaining(['Mixup', 'mixup method', 'mixup-based augmentation']));
  });

  it('follows papers added and removed: the counts are those of the papers present', () => {
    const counts = new EntityCounts();
    for (const p of corpus) counts.add(p);
    const extra = paper(['mixup', 'mixup'], ['thermal conductivity', 'thermal conductivity']);
    counts.add(extra);
    counts.remove(extra);
    const fresh = new EntityCounts();
    for (const p of corpus) fresh.add(p);
    expect(counts).toEqual(fresh);
    expect(counts.documents).toBe(corpus.length);
  });

  it('filters a phrase of one paper that is no name and no title phrase as RARE', () => {
    const counts = new EntityCounts();
    counts.add(paper(['thermal conductivity', 'thermal conductivity']));
    counts.add(paper(['graph learning', 'graph learning']));
    counts.add(paper(['graph learning', 'graph learning']));
    const { entities, filtered } = counts.resolve();
    expect([...entities.keys()]).toEqual(['graph learning']);
    expect(filtered.get('thermal conductivity')).toEqual({ reason: 'RARE', paperCount: 1 });
  });

  it('resolves after papers come and go as a fresh count of the papers present does (200 real abstracts, several orders)', () => {
    const slice = fs
      .readFileSync(ML_PAPERS_SLICE, 'utf8')
      .split('\n')
      .filter((l) => l.trim())
      .map((l) => JSON.parse(l) as { id: string; title: string; abstract: string });
    const knowledge = slice.map((r) => extractPaper(r));
    // Every key the corpus graph asks for: concept, method and filtered keys, and their aliases' keys.
    const keys = [
      ...new Set(
        knowledge.flatMap((k) => [
          ...k.concepts.flatMap((c) => [c.key, ...c.aliases.map((a) => a.toLowerCase())]),
          ...k.methods.map((m) => m.key),
          ...k.filtered.map((f) => f.key),
        ]),
      ),
    ];
    const resolved = (counts: EntityCounts) => {
      const { entities, canonical, filtered } = counts.resolve();
      return { entities: new Map(entities), filtered: new Map(filtered), canonical: keys.map(canonical) };
    };
    const fresh = (present: Set<number>) => {
      const counts = new EntityCounts();
      for (const i of [...present].sort((a, b) => a - b)) counts.add(knowledge[i]);
      return resolved(counts);
    };
    for (const seed of [1, 2]) {
      const random = prng(seed);
      const counts = new EntityCounts();
      const present = new Set<number>();
      const check = () => expect(resolved(counts)).toEqual(fresh(present));
      // Added in a random order, resolved after batches of 1 to 60 papers.
      const order = knowledge.map((_, i) => i).sort(() => random() - 0.5);
      while (order.length) {
        for (const i of order.splice(0, 1 + Math.floor(random() * 60))) {
          counts.add(knowledge[i]);
          present.add(i);
        }
        check();
      }
      // Removed, edited (another paper's knowledge in its place) and put back, one at a time and in batches.
      for (let round = 0; round < 8; round++) {
        for (let n = Math.floor(random() * 15); n >= 0; n--) {
          const i = Math.floor(random() * knowledge.length);
          if (present.has(i)) {
            counts.remove(knowledge[i]);
            present.delete(i);
          } else {
            counts.add(knowledge[i]);
            present.add(i);
          }
        }
        check();
      }
      for (const i of [...present]) {
        counts.remove(knowledge[i]);
        present.delete(i);
        if (present.size % 70 === 0) check();
      }
      expect(resolved(counts)).toEqual({ entities: new Map(), filtered: new Map(), canonical: keys });
    }
  });
});
