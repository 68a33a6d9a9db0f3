import fs from 'node:fs';
import { SAMPLE_CORPUS } from '../../src/paths';
import { conceptKey, CorpusStats, extractPaper, prepareText } from '../../ingest/extract';
import { extractHyponyms } from '../../ingest/extract/hyponyms';
import { abbreviationOf, isNameLike } from '../../ingest/extract/keys';
import { analysePaper } from '../../ingest/extract/paper';

const paper = (title: string, abstract: string) => ({ id: 'p', title, abstract });

describe('conceptKey', () => {
  it('folds case, hyphen/space variants and plurals', () => {
    expect(conceptKey('Mixture-of-Experts')).toBe('mixture of expert');
    expect(conceptKey('mixtures of experts')).toBe('mixture of expert');
    expect(conceptKey('Large Language Models')).toBe(conceptKey('large-language model'));
    expect(conceptKey('LLMs')).toBe('llm');
  });
  it('keeps words pluralize would mangle and symbols inside names', () => {
    expect(conceptKey('data')).toBe('data');
    expect(conceptKey('inductive bias')).toBe('inductive bias');
    expect(conceptKey('R&B')).toBe('r&b');
    expect(conceptKey('TiVCoNiMn2')).toBe('tivconimn2');
  });
});

describe('names and abbreviations', () => {
  it('tells names from words', () => {
    for (const name of ['AutoMix', 'MoE', 'C3PO', 'R&B', 'TiVCoNiMn2', 'MLP-Mixer', 'GPT-4']) expect(isNameLike(name)).toBe(true);
    for (const word of ['mixing', 'Transformer', 'state-of-the-art', '2024', '400GB', '3D']) expect(isNameLike(word)).toBe(false);
  });
  it('finds the long form of an abbreviation (Schwartz–Hearst)', () => {
    expect(abbreviationOf('MoE', 'a weight-ensembling mixture of experts')).toBe('mixture of experts');
    expect(abbreviationOf('AutoMix', 'we propose a novel automatic mixup')).toBe('automatic mixup');
    expect(abbreviationOf('XYZ', 'nothing like it')).toBeUndefined();
  });
});

describe('prepareText', () => {
  it('decodes HTML entities and drops LaTeX markup and math', () => {
    expect(prepareText('R&amp;B &lt;tags&gt; in \\textbf{bold} with $\\alpha=1$ and \\cite{x}.')).toBe(
      'R&B <tags> in bold with and .',
    );
    expect(prepareText('the bias--variance trade-off --- really')).toBe('the bias-variance trade-off - really');
  });
});

describe('extractPaper: concepts', () => {
  it('merges an acronym with its expansion and keeps every surface form', () => {
    const e = extractPaper(
      paper(
        'Sparse Upcycling',
        'We study Mixture-of-Experts (MoE) models. An MoE layer routes tokens; MoE scales well. Mixtures of experts are old.',
      ),
    );
    const moe = e.concepts.find((c) => c.key === 'mixture of expert');
    expect(moe).toBeDefined();
    expect(moe!.aliases).toEqual(expect.arrayContaining(['Mixture-of-Experts', 'MoE']));
    expect(e.concepts.filter((c) => c.key === 'moe')).toHaveLength(0);
  });

  it('drops curated generic phrases and weights the strongest concept 1', () => {
    const e = extractPaper(
      paper(
        'Online Data Mixing for Language Models',
        'The proposed method achieves state of the art results in extensive experiments. Online data mixing adapts data mixing proportions.',
      ),
    );
    const keys = e.concepts.map((c) => c.key);
    expect(keys).toContain('online data mixing');
    expect(keys).not.toContain('proposed method');
    expect(keys).not.toContain('extensive experiment');
    expect(Math.max(...e.concepts.map((c) => c.weight))).toBe(1);
  });

  it('drops concepts corpus statistics call generic and weights by IDF', () => {
    const text = paper('Neural networks for graph coloring', 'We train neural networks on graph coloring instances.');
    const df = new Map([['neural network', 900], ['graph coloring', 3]]);
    const e = extractPaper(text, { stats: new CorpusStats(df, 1000) });
    expect(e.concepts.map((c) => c.key)).not.toContain('neural network');
    expect(e.concepts[0].key).toBe('graph coloring');
  });

  it('labels task and method phrases by their head noun', () => {
    const e = extractPaper(paper('', 'We address semantic segmentation with a convolutional network.'));
    expect(e.concepts.find((c) => c.key === 'semantic segmentation')?.kind).toBe('task');
    expect(e.concepts.find((c) => c.key === 'convolutional network')?.kind).toBe('method');
  });

  it('types a bare task noun a task, except broad activities, and reads a task noun with its object as a task', () => {
    const kinds = new Map(
      extractPaper(paper('', 'Segmentation is hard. Understanding matters. We support the analysis of plant growth.')).concepts.map((c) => [c.key, c.kind]),
    );
    expect(kinds.get('segmentation')).toBe('task');
    expect(kinds.get('understanding')).not.toBe('task');
    expect(kinds.get('analysis of plant growth')).toBe('task');
    const keys = extractPaper(paper('', 'We address automatic extraction of translation equivalents by performing word alignment.')).concepts.map((c) => c.key);
    expect(keys).toContain('automatic extraction of translation equivalent');
    expect(keys).not.toContain('automatic extraction');
    expect(keys.filter((k) => k.startsWith('performing'))).toEqual([]);
  });

  it('types measures and material by their heads, without a degree word, and no name by "data such as"', () => {
    const e = extractPaper(
      paper('', 'We reach a lower word error rate, a small false positive rate and better translation quality on speech data. Networks for tabular data such as TabNet exist.'),
    );
    const kinds = new Map(e.concepts.map((c) => [c.key, c.kind]));
    expect(kinds.get('word error rate')).toBe('metric');
    expect(kinds.get('false positive rate')).toBe('metric');
    expect(kinds.get('translation quality')).toBe('metric');
    expect(kinds.get('speech data')).toBe('dataset');
    expect(kinds.has('lower word error rate')).toBe(false);
    expect(kinds.get('tabnet')).not.toBe('dataset');
  });

  it('reads gerunds the tagger calls verbs as nouns where a noun phrase has them, not where they take an object', () => {
    const kinds = (abstract: string) => new Map(extractPaper(paper('', abstract)).concepts.map((c) => [c.key, c.kind]));
    const found = kinds('We present a parsing algorithm and efficient tagging strategies for syntactic parsing. The boosting method helps.');
    expect(found.get('parsing algorithm')).toBe('method');
    expect(found.get('tagging strategy')).toBe('method');
    expect(found.get('syntactic parsing')).toBe('task');
    expect(found.get('boosting method')).toBe('method');
    const verbs = kinds('Improving retrieval accuracy is hard, so we proceed by learning models. The resulting model works.');
    expect([...verbs.keys()]).not.toEqual(expect.arrayContaining(['improving retrieval accuracy']));
    expect([...verbs.keys()].filter((k) => /learning model|resulting/.test(k))).toEqual([]);
  });

  it('keeps "X based" inside a noun phrase and "state of the art" out of it', () => {
    const keys = extractPaper(paper('', 'We use a state of the art HMM-based synthesis system and a simple mean-shift based clustering algorithm.')).concepts.map((c) => c.key);
    expect(keys).toEqual(expect.arrayContaining(['hmm based synthesis system', 'mean shift based clustering algorithm']));
    expect(keys.filter((k) => k.startsWith('art '))).toEqual([]);
  });

  it('reads a phrase an acronym definition interrupts as one phrase', () => {
    const e = extractPaper(paper('', 'We train it with the Expectation Maximization (EM) algorithm and compare machine translation (MT) systems.'));
    const keys = e.concepts.map((c) => c.key);
    expect(keys).toEqual(expect.arrayContaining(['expectation maximization algorithm', 'machine translation system']));
  });
});

describe('extractPaper: methods and lineage', () => {
  it('reads the proposed method from the title prefix and from "we propose … (X)"', () => {
    const e = extractPaper(
      paper('AutoMix: Unveiling the Power of Mixup', 'To address this, we propose a novel automatic mixup (AutoMix) framework.'),
    );
    const automix = e.methods.find((m) => m.key === 'automix');
    expect(automix).toMatchObject({ role: 'PROPOSES', name: 'AutoMix' });
    expect(automix!.aliases).toContain('automatic mixup');
  });

  it('reads named, uses and compares cues with their sentence as evidence', () => {
    const e = extractPaper(
      paper(
        'A better tagger',
        'We present a tagger called FlairTag. It uses BiLSTM-CRF layers. FlairTag outperforms baselines such as CoreNLP and SpaCy.',
      ),
    );
    const roles = Object.fromEntries(e.methods.map((m) => [m.name, m.role]));
    expect(roles).toMatchObject({ FlairTag: 'PROPOSES', 'BiLSTM-CRF': 'USES', CoreNLP: 'COMPARES', SpaCy: 'COMPARES' });
    expect(e.methods.find((m) => m.name === 'CoreNLP')!.evidence).toBe(
      'FlairTag outperforms baselines such as CoreNLP and SpaCy.',
    );
  });

  it('links the proposed method to the one it extends, is a variant of or builds on', () => {
    const e = extractPaper(
      paper(
        'GraphMix: graphs',
        'We propose GraphMix. Our method extends Manifold-Mixup to graphs. It is a variant of MixHop and builds upon GCN.',
      ),
    );
    const edges = Object.fromEntries(e.lineage.map((l) => [l.parent, l.relation]));
    expect(edges).toMatchObject({ 'manifold mixup': 'EXTENDS', mixhop: 'VARIANT_OF', gcn: 'BUILDS_ON' });
    expect(e.lineage.every((l) => l.child === 'graphmix' && l.confidence > 0.5)).toBe(true);
  });

  it('takes a name in apposition over an acronym that only modifies the phrase', () => {
    const e = extractPaper(
      paper('Self-correction', 'We develop a multi-turn reinforcement learning (RL) approach, SCoRe, that improves BERT.'),
    );
    expect(e.methods.find((m) => m.role === 'PROPOSES')).toMatchObject({ key: 'score', name: 'SCoRe' });
    expect(e.lineage).toContainEqual(expect.objectContaining({ child: 'score', parent: 'bert', relation: 'BUILDS_ON' }));
  });

  it('leaves out parents that are classes, possessors or compound nouns rather than ancestors', () => {
    const text = paper(
      'LongThing: long context',
      "We propose LongThing. It is based on LLMs and improves GPT's memory. We speed up the context extension of Llama.",
    );
    // The title's "long context" is only a description for the corpus step to resolve, never a named parent.
    expect(extractPaper(text).lineage.filter((l) => !l.within)).toEqual([]);
    const generic = paper('AgentX: agents', 'We propose AgentX, an agent built on TRANSFORMER-XL and on Llama.');
    const stats = new CorpusStats(new Map([['llama', 600]]), 1000);
    expect(extractPaper(generic, { stats }).lineage.filter((l) => !l.within).map((l) => l.parent)).toEqual(['transformer xl']);
  });

  it('relates a name derived from another mentioned name, at lower confidence', () => {
    const e = extractPaper(
      paper('Adversarial AutoMixup', 'AutoMix improves accuracy. However, it overfits. We propose AdAutomixup, an adversarial mixup.'),
    );
    const edge = e.lineage.find((l) => l.parent === 'automix');
    expect(edge).toMatchObject({
      child: 'adautomixup',
      relation: 'VARIANT_OF',
      evidence: 'AutoMix improves accuracy. … We propose AdAutomixup, an adversarial mixup.',
    });
    expect(e.methods.find((m) => m.key === 'adautomixup')!.aliases).toContain('Adversarial AutoMixup');
    const concept = e.concepts.find((c) => c.key === 'adautomixup');
    expect(concept!.aliases).toEqual(expect.arrayContaining(['AdAutomixup', 'Adversarial AutoMixup']));
  });
});

describe('is-a pairs (read to type concepts)', () => {
  it('reads Hearst patterns: "X such as A, B and C", "A, B and other X", "X, e.g., A"', () => {
    const hyponyms = extractHyponyms(
      analysePaper(
        paper(
          '',
          'We compare classifiers such as SVMs, decision trees and naive Bayes. Parsers, taggers and other NLP tools help. Deep models, e.g., CNNs, work.',
        ),
      ),
    );
    expect(hyponyms.map((h) => [h.key, h.broader])).toEqual(
      expect.arrayContaining([
        ['svm', 'classifier'],
        ['decision tree', 'classifier'],
        ['naive bayes', 'classifier'],
        ['parser', 'nlp tool'],
        ['tagger', 'nlp tool'],
        ['cnn', 'deep model'],
      ]),
    );
    expect(hyponyms[0].evidence).toBe('We compare classifiers such as SVMs, decision trees and naive Bayes.');
  });

  it('types the narrower phrases of a data set or a measure, and stores no is-a pairs', () => {
    const e = extractPaper(paper('', 'We propose FooNet. We report evaluation metrics such as SummaC on benchmark datasets such as WMT14.'));
    expect(e.concepts.find((c) => c.key === 'summac')).toMatchObject({ kind: 'metric', kindFrom: 'context' });
    expect(e.concepts.find((c) => c.key === 'wmt14')).toMatchObject({ kind: 'dataset', kindFrom: 'context' });
    expect(Object.keys(e).sort()).toEqual(['concepts', 'filtered', 'lineage', 'methods']);
  });
});

describe('robustness', () => {
  it('handles LaTeX, entities, symbols in names, non-English text, titles without a colon and long abstracts', () => {
    const cases = [
      paper('Learning with $\\alpha$-divergences', 'We minimise $\\mathcal{L}(\\theta)$ with \\textbf{MirrorNet} &amp; friends.'),
      paper('R&B: Region and Boundary', 'We propose R&B, which uses C3PO and TiVCoNiMn2 alloys with MLP-Mixer.'),
      paper('Apprentissage profond pour la traduction', "Nous proposons une méthode d'apprentissage automatique. 我们提出了一种新方法。"),
      paper('A study of things', ''),
      paper('', '((( ))) --- ;;; $$ $$ \\\\ &#x27;'),
      paper('Long', 'We propose LongNet, a long-range transformer. '.repeat(5000)),
    ];
    for (const c of cases) {
      const e = extractPaper(c);
      expect(Array.isArray(e.concepts)).toBe(true);
      for (const concept of e.concepts) {
        expect(concept.key).not.toMatch(/[$\\{}]/);
        expect(concept.weight).toBeGreaterThan(0);
      }
    }
    const names = extractPaper(cases[1]);
    expect(names.methods.map((m) => m.name)).toEqual(expect.arrayContaining(['R&B', 'C3PO', 'TiVCoNiMn2']));
    expect(names.concepts.map((c) => c.name)).toContain('MLP-Mixer');
    expect(extractPaper(cases[0]).concepts.map((c) => c.name)).toContain('MirrorNet');
  });
});

describe('sample corpus', () => {
  it('has AdAutomixup as a child of AutoMix, MoE as mixture of experts, data mixing in several papers', () => {
    const lines = fs.readFileSync(SAMPLE_CORPUS, 'utf8').split('\n').slice(2).filter((l) => l.trim() !== '');
    const extractions = [];
    for (let i = 0; i + 1 < lines.length; i += 2) {
      extractions.push(extractPaper(paper(lines[i].replace(/^Subscribe/, ''), lines[i + 1])));
    }
    const lineage = extractions.flatMap((e) => e.lineage);
    expect(lineage).toContainEqual(expect.objectContaining({ child: 'adautomixup', parent: 'automix' }));
    const moe = extractions.flatMap((e) => e.concepts).filter((c) => c.aliases.includes('MoE'));
    expect(moe.length).toBeGreaterThan(0);
    expect(moe.every((c) => c.key === 'mixture of expert')).toBe(true);
    const withDataMixing = extractions.filter((e) => e.concepts.some((c) => c.key === 'data mixing'));
    expect(withDataMixing.length).toBeGreaterThanOrEqual(3);
  });
});
