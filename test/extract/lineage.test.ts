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

describe('lineage cues of one paper: rules measured on the hand-labelled facts', () => {
  const cues = (title: string, abstract: string) => extractPaper(draft(title, abstract)).lineage.map((l) => `${l.child} → ${l.parent}`);
  const proposed = (title: string, abstract: string) =>
    extractPaper(draft(title, abstract))
      .methods.filter((m) => m.role === 'PROPOSES')
      .map((m) => m.key);

  it('takes no parent from a name that only modifies what the cue is about', () => {
    const hexplane = cues(
      'DynamicCity: 4D occupancy generation',
      'In this work, we introduce DynamicCity, a novel 4D occupancy generation framework. DynamicCity employs a novel ' +
        'Projection Module, which significantly enhances HexPlane fitting quality.',
    );
    expect(hexplane.filter((c) => c.endsWith('hexplane'))).toEqual([]);
    const prior = cues(
      'Switching infinite GPFA',
      'We propose GPFA-X, a fully Bayesian model, by incorporating an Indian Buffet Process (IBP) prior over the factor loading process.',
    );
    expect(prior.filter((c) => c.includes('indian buffet'))).toEqual([]);
    const based = cues('TransMix: Attend to Mix for Vision Transformers', 'We propose TransMix. Results show that our method can consistently improve various ViT-based models.');
    expect(based.filter((c) => c.includes('vit'))).toEqual([]);
    // A method head keeps the name the object: "integrates the Benjamini-Hochberg (BH) procedure".
    expect(
      cues('Noisy labels', 'Moreover, we propose BHN, a simple yet effective approach that integrates the Benjamini-Hochberg (BH) procedure into deep neural networks.'),
    ).toContain('bhn → benjamini hochberg');
  });

  it('reads "a modified form of X called Y", "shares the same architecture as X" and "inspired by the success of X"', () => {
    expect(
      cues('Zipformer', 'In this work we describe Zipformer. Modeling changes include a modified form of LayerNorm called BiasNorm allows us to retain some length information.'),
    ).toContain('biasnorm → layernorm');
    expect(
      cues(
        'PiSSA',
        'The low-rank adaptation (LoRA) method approximates the model changes. We introduce PiSSA. PiSSA shares the same architecture as LoRA, but initializes the adaptor matrices with the principal components.',
      ),
    ).toContain('pissa → low rank adaptation');
    expect(
      cues('Protein pre-training', 'In this work, inspired by the success of denoising diffusion models in generative tasks, we propose the DiffPreT approach to pre-train a protein encoder.'),
    ).toContain('diffpret → denoising diffusion model');
  });

  it('gives a cue to the method it names, not to the one it points at ("we enhance X by a method called Y")', () => {
    const e = cues(
      'Protein encoders',
      'We propose the DiffPreT approach to pre-train a protein encoder. Considering conformational variations, we enhance DiffPreT by a method called Siamese Diffusion Trajectory Prediction (SiamDiff) to capture the correlation between conformers.',
    );
    expect(e).toContain('siamdiff → diffpret');
  });

  it('reads names after "referred to as", "known as", "we term this as" and "introduce this approach as"', () => {
    expect(proposed('Lévy processes', 'We introduce a novel score-based generative model referred to as Lévy-Itō Model (LIM).')).toContain('lévy itō model');
    expect(
      proposed('Image pyramids', 'To overcome this issue, we propose a novel network architecture known as the Parameter-Inverted Image Pyramid Networks (PIIP).'),
    ).toContain('parameter inverted image pyramid network');
    expect(proposed('Safety alignment', 'We propose a simple modification of the PPO algorithm. We term this as Layer-Wise PPO (L-PPO).')).toContain('layer wise ppo');
    expect(proposed('Image GPT', 'This paper enhances image-GPT (iGPT). We introduce this novel approach as D-iGPT.')).toContain('d igpt');
    // The definition around the name is read too: a score-based generative model is a kind of one.
    expect(cues('Lévy processes', 'We introduce a novel score-based generative model referred to as Lévy-Itō Model (LIM).')).toContain(
      'lévy itō model → novel score based generative model',
    );
  });

  it('proposes a new kind of a method the paper spoke of before when it proposes the name with modifiers', () => {
    const e = extractPaper(
      draft(
        'Infinite GPFA',
        'Gaussian Process Factor Analysis (GPFA) is a powerful latent variable model. We propose the infinite GPFA model, a fully Bayesian extension.',
      ),
    );
    expect(e.methods.filter((m) => m.role === 'PROPOSES').map((m) => m.key)).toEqual(['infinite gpfa model']);
    expect(e.lineage).toContainEqual(expect.objectContaining({ child: 'infinite gpfa model', parent: 'gaussian process factor analysis', relation: 'VARIANT_OF' }));
    // "low-rank PINNs" is a kind of PINN, the acronym read in the singular.
    expect(
      cues('Low-rank PINNs', 'Physics-informed neural networks (PINNs) are solvers. To address this issue, we propose a lightweight low-rank PINNs for many-query scenarios.'),
    ).toContain('lightweight low rank pinn → physics informed neural network');
    // Not when a name follows ("a novel quantized image SR network, called QuantSR"), nor for the paper's own name.
    expect(
      cues('QuantSR', 'Image super-resolution (SR) is costly. We propose a novel quantized image SR network, called QuantSR, which achieves accurate SR.').filter((c) =>
        c.endsWith('super resolution'),
      ),
    ).not.toContain('quantized image sr network → super resolution');
    expect(
      cues('Drift', 'First, we introduce the Contractive Drift Equation (CDE). Second, we develop an efficient neural CDE solver.').filter((c) =>
        c.startsWith('neural cde solver'),
      ),
    ).toEqual([]);
  });

  it('keeps a coined name before the title colon ("Q-Insight: …") as the proposed method', () => {
    const e = extractPaper(
      draft(
        'Q-Insight: Understanding Image Quality via Visual Reinforcement Learning',
        'In this paper, we propose Q-Insight, a reinforcement learning-based model built upon group relative policy optimization (GRPO).',
      ),
    );
    expect(e.methods.filter((m) => m.role === 'PROPOSES').map((m) => m.key)).toEqual(['q insight']);
    expect(e.lineage.map((l) => `${l.child} → ${l.parent}`)).toContain('q insight → group relative policy optimization');
  });

  it('hangs no lineage on what the paper defines as a benchmark', () => {
    const e = cues(
      'Code fill-in-the-middle',
      'We introduce Syntax-Aware Fill-in-the-Middle (SAFIM), a new benchmark for evaluating Large Language Models (LLMs) on the code Fill-in-the-Middle (FIM) task.',
    );
    expect(e).toEqual([]);
  });

  it('reads "X is a special case of Y" as Y extending X', () => {
    const e = extractPaper(
      draft(
        'Variational score distillation',
        'Score distillation sampling (SDS) distills diffusion models. We present variational score distillation (VSD). We show that SDS is a special case of VSD and leads to poor samples.',
      ),
    );
    expect(e.lineage).toContainEqual(expect.objectContaining({ child: 'variational score distillation', parent: 'score distillation sampling', relation: 'EXTENDS' }));
  });

  it('takes no "version of" inside another "of" phrase', () => {
    const e = cues(
      'Entropic optimal transport',
      'We propose NeurEOT, a neural algorithm. Our algorithm is based on the saddle point reformulation of the dynamic version of EOT which is known as the Schrödinger Bridge problem.',
    );
    expect(e.filter((c) => c.endsWith('eot'))).toEqual([]);
  });

  it('reads an X-based word in a sentence the method name opens', () => {
    const e = cues(
      'DMWM: Dual-Mind World Model',
      'Existing recurrent state-space model (RSSM)-based world models depend on single-step inference. We propose a novel dual-mind world model (DMWM) framework. DMWM is composed of two components: an RSSM-based System 1 component and a logic-integrated System 2 component. DMWM is simple and adds no parameters to Transformer-based models.',
    );
    expect(e).toContain('dual mind world model → recurrent state space model');
    // Not one in a preposition's object: "adds no parameters to Transformer-based models".
    expect(e.filter((c) => c.endsWith('transformer'))).toEqual([]);
  });

  it('derives a name from a capitalised word in prose that ends it ("ScaledAdam" of "Adam")', () => {
    const e = cues(
      'Zipformer',
      'We also propose a new optimizer, called ScaledAdam, which scales the update. It achieves faster convergence than Adam.',
    );
    expect(e).toContain('scaledadam → adam');
  });

  it('takes a three-letter acronym inside the name as a named parent when the paper writes its long form as a name', () => {
    const e = extractPaper(
      draft(
        'LLM-driven search',
        'Large Neighborhood Search (LNS) is a widely used method for solving MILP problems. To address this, we propose LLM-LNS, a novel LNS framework.',
      ),
    );
    expect(e.lineage).toContainEqual(expect.objectContaining({ child: 'llm lns', parent: 'large neighborhood search', relation: 'BUILDS_ON' }));
    expect(e.lineage.find((l) => l.parent === 'large neighborhood search')?.within).toBeUndefined();
  });

  it('reads "a method for X" as a kind of X when X is a name', () => {
    const e = cues(
      'Particle VI',
      'Semi-implicit variational inference (SIVI) enriches variational families. In this paper, we propose a novel method for SIVI called Particle Variational Inference (PVI).',
    );
    expect(e).toContain('particle variational inference → semi implicit variational inference');
  });

  it('reads "we introduce a new class of X" as the paper\'s method being a kind of X', () => {
    const e = extractPaper(
      draft(
        'Mean-field Chaos Diffusion Models',
        'In this paper, we introduce a new class of score-based generative models (SGMs) designed to handle high-cardinality data. We present mean-field chaos diffusion models (MF-CDMs), which address the curse of dimensionality.',
      ),
    );
    expect(e.methods.filter((m) => m.role === 'PROPOSES').map((m) => m.key)).not.toContain('score based generative model');
    expect(e.lineage).toContainEqual(
      expect.objectContaining({ child: 'mean field chao diffusion model', parent: 'score based generative model', relation: 'FAMILY' }),
    );
    // Not more of its own method: "a class of deep MMD-GKs" after "called MMD-GK".
    const own = extractPaper(
      draft('Graph kernels', 'First, we present a class of maximum mean discrepancy (MMD) based graph kernels, called MMD-GK. Secondly, we provide a class of deep MMD-GKs.'),
    );
    expect(own.lineage.filter((l) => l.parent === 'mmd gk')).toEqual([]);
  });

  it('proposes a name the abstract first meets as "X, a novel …"', () => {
    const e = extractPaper(
      draft('ESCA', 'We propose ESCA, a framework for embodied agents. At its core is SGCLIP, a novel, promptable foundation model that is based on CLIP.'),
    );
    expect(e.methods.filter((m) => m.role === 'PROPOSES').map((m) => m.key)).toContain('sgclip');
    expect(e.lineage.map((l) => `${l.child} → ${l.parent}`)).toContain('sgclip → clip');
  });
});

describe('lineage cues of one paper: cross-sentence and list readings (branch xsent), measured on ml-papers', () => {
  const lineage = (title: string, abstract: string) => extractPaper(draft(title, abstract)).lineage;
  const proposed = (title: string, abstract: string) =>
    extractPaper(draft(title, abstract))
      .methods.filter((m) => m.role === 'PROPOSES')
      .map((m) => [m.name, ...m.aliases]);

  it('reads a description a cue points at as a parent to resolve by the runs ending at its head, and as no method mention', () => {
    const e = extractPaper(
      draft('PocketFlow', 'We propose PocketFlow, a generative model that incorporates protein-ligand interaction priors based on flow matching.'),
    );
    expect(e.lineage).toContainEqual(expect.objectContaining({ child: 'pocketflow', parent: 'flow matching', relation: 'BUILDS_ON', within: 'head' }));
    expect(e.methods.map((m) => m.key)).not.toContain('flow matching');
  });

  it('reads what the title verb after the colon acts on as what the method builds on or extends', () => {
    expect(lineage('3DGS-Enhancer: Enhancing Unbounded 3D Gaussian Splatting with View-consistent 2D Diffusion Priors', 'We study novel-view synthesis.')).toContainEqual(
      expect.objectContaining({ child: '3dg enhancer', parent: 'unbounded 3d gaussian splatting', relation: 'BUILDS_ON', within: 'phrase' }),
    );
    expect(lineage('OpenWorldSAM: Extending SAM2 for Universal Image Segmentation', 'We study segmentation.')).toContainEqual(
      expect.objectContaining({ child: 'openworldsam', parent: 'sam2', relation: 'EXTENDS' }),
    );
    expect(lineage('StyleGAN-T: Unlocking the Power of GANs for Fast Synthesis', 'We revisit generative adversarial networks (GANs).')).toContainEqual(
      expect.objectContaining({ child: 'stylegan t', parent: 'generative adversarial network', relation: 'BUILDS_ON' }),
    );
  });

  it('reads "prior …" after a lineage cue as the methods a sentence before names as examples, with both sentences', () => {
    const e = lineage(
      'Rig3R: Rig-Aware Conditioning and Discovery for 3D Reconstruction',
      'Recent learned approaches such as DUSt3R have shown impressive performance in multiview settings. However, these ' +
        'models treat images as unstructured collections. To this end, we introduce Rig3R, a generalization of prior ' +
        'multiview reconstruction models that incorporates rig structure when available.',
    );
    const edge = e.find((l) => l.child === 'rig3r' && l.parent === 'dust3r');
    expect(edge).toEqual(expect.objectContaining({ relation: 'EXTENDS', confidence: 0.7 }));
    expect(edge?.evidence).toMatch(/^Recent learned approaches such as DUSt3R .* … To this end, we introduce Rig3R/);
  });

  it('reads a name in an X-driven word of the means in a title the method opens, not a description', () => {
    const erase = lineage(
      'EraseFlow: Learning Concept Erasure Policies via GFlowNet-Driven Alignment',
      'We introduce EraseFlow, the first framework that casts concept unlearning as exploration in the space of denoising paths.',
    );
    expect(erase).toContainEqual(expect.objectContaining({ child: 'eraseflow', parent: 'gflownet', relation: 'BUILDS_ON' }));
    const solver = lineage('DIFUSCO: Graph-based Diffusion Solvers for Combinatorial Optimization', 'We introduce DIFUSCO, a solver for combinatorial optimization.');
    expect(solver.filter((l) => l.parent === 'graph')).toEqual([]);
  });

  it('proposes the abbreviation of a long name with prepositions, and one in apposition to a description', () => {
    expect(proposed('Molecules', 'We propose the Latent Prompt Transformer (LPT), a novel generative model for molecule design.')).toContainEqual(
      expect.arrayContaining(['LPT', 'Latent Prompt Transformer']),
    );
    expect(proposed('Agents', 'We propose the Internet of Agents (IoA), a novel framework for multi-agent collaboration.')).toContainEqual(
      expect.arrayContaining(['IoA', 'Internet of Agents']),
    );
    const unlearning = proposed(
      'Not All Wrong is Bad: Using Adversarial Examples for Unlearning',
      'Exploiting this observation, we propose a new unlearning method, Adversarial Machine UNlearning (AMUN), that outperforms prior state-of-the-art (SOTA) methods for image classification.',
    );
    expect(unlearning).toEqual([expect.arrayContaining(['AMUN', 'Adversarial Machine UNlearning'])]);
    expect(proposed('Interactions', 'We propose a method called Neural Interaction Inference with Potentials (NIIP) for trajectories.')).toContainEqual(
      expect.arrayContaining(['NIIP', 'Neural Interaction Inference with Potentials']),
    );
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

describe('lineage parents in the corpus: rules measured on the hand-labelled facts', () => {
  type Cue = PaperKnowledge['lineage'][number];
  const cue = (parent: string, evidence: string, within?: 'phrase' | 'head'): Cue => ({
    child: 'newmethod',
    parent,
    relation: 'FAMILY',
    evidence,
    confidence: 0.8,
    ...(within ? { within } : {}),
  });
  const proposing = (lineage: Cue[], year = 2024) =>
    paperOf('c', year, { methods: [method('newmethod', 'NewMethod', 'PROPOSES')], lineage });
  const parents = (papers: ReturnType<typeof paperOf>[]) => buildCorpusGraph(papers).lineage.map((l) => l.parent);

  it('takes the head that method phrases of two papers end in, and that one writes alone, as a family', () => {
    const others = [
      paperOf('a', 2024, { concepts: [concept('visual prompt tuning'), concept('monte carlo tree search')] }),
      paperOf('b', 2024, { concepts: [concept('soft prompt tuning'), concept('monte carlo tree search')] }),
      paperOf('d', 2024, { concepts: [concept('prompt tuning')] }),
    ];
    expect(parents([...others, proposing([cue('offsite prompt tuning', 'NewMethod: offsite prompt tuning.', 'head')])])).toEqual(['prompt tuning']);
    // "carlo tree search" only ends "monte carlo tree search": no family of its own.
    expect(parents([...others, proposing([cue('carlo tree search', 'NewMethod: carlo tree search.', 'head')])])).toEqual([]);
  });

  it('takes no run that starts inside a broad class ("model inference" of "large language model inference")', () => {
    const others = ['a', 'b'].map((id) => paperOf(id, 2024, { concepts: [concept('model inference')] }));
    expect(parents([...others, proposing([cue('large language model inference system', 'NewMethod, an LLM inference system.', 'phrase')])])).toEqual([]);
  });

  it('keeps a parent the evidence names, though other papers name it only later', () => {
    const later = ['a', 'b'].map((id) => paperOf(id, 2025, { concepts: [concept('neural process')] }));
    const cues = [cue('heterogeneous neural process', 'We develop Heterogeneous Neural Processes (NewMethod).', 'head')];
    expect(parents([...later, proposing(cues, 2023)])).toEqual(['neural process']);
  });

  it('accepts a named parent the evidence writes as a coined acronym ("MaxEnt" for "maximum entropy")', () => {
    const named = cue('maximum entropy', 'Based on the MaxEnt framework, we propose NewMethod.');
    expect(parents([proposing([named])])).toEqual(['maximum entropy']);
    const based = cue('recurrent state space model', 'NewMethod is composed of two components: an RSSM-based System 1 component.');
    expect(parents([proposing([based])])).toEqual(['recurrent state space model']);
  });

  it('accepts a named parent the evidence writes as a hyphenated acronym (ZO-SGD) or a name with a plus (CodeT5+)', () => {
    expect(parents([proposing([cue('zo sgd', 'We propose NewMethod, adapting the classical ZO-SGD method to operate in-place.')])])).toEqual(['zo sgd']);
    expect(parents([proposing([cue('codet5', 'Based on CodeT5+, NewMethod is fine-tuned on a comprehensive dataset.')])])).toEqual(['codet5']);
  });

  it('takes an X-based family of models ("score based generative model") as a method, not as a plain kind of model', () => {
    const others = ['a', 'b'].map((id) => paperOf(id, 2024, { concepts: [concept('score based generative model'), concept('deep generative model')] }));
    expect(parents([...others, proposing([cue('novel score based generative model', 'NewMethod, a novel score-based generative model.', 'phrase')])])).toEqual([
      'score based generative model',
    ]);
    expect(parents([...others, proposing([cue('novel deep generative model', 'NewMethod, a novel deep generative model.', 'phrase')])])).toEqual([]);
  });

  it('names a parent that no paper gives a role by its concept\'s variants ("SIVI")', () => {
    const sivi = concept('semi implicit variational inference', 'semi-implicit variational inference', ['semi-implicit variational inference', 'SIVI', 'SIVI methods']);
    const others = ['a', 'b'].map((id) => paperOf(id, 2024, { concepts: [sivi] }));
    const graph = buildCorpusGraph([...others, proposing([cue('semi implicit variational inference', 'A novel method for SIVI called NewMethod.')])]);
    const node = graph.methods.find((m) => m.key === 'semi implicit variational inference');
    expect(node?.aliases).toContain('SIVI');
    expect(node?.aliases).not.toContain('SIVI methods');
  });

  it('takes no equation as a parent, even one the paper proposes itself, nor a clustering task', () => {
    const own = paperOf('c', 2024, {
      methods: [method('newmethod', 'NewMethod', 'PROPOSES'), method('contractive drift equation', 'Contractive Drift Equation', 'PROPOSES')],
      lineage: [cue('contractive drift equation', 'We develop NewMethod, an efficient CDE solver.')],
    });
    expect(parents([own])).toEqual([]);
    const others = ['a', 'b'].map((id) => paperOf(id, 2024, { concepts: [concept('multi view clustering')] }));
    expect(parents([...others, proposing([cue('autoencoder for multi view clustering', 'Sparse Autoencoders for Multi-View Clustering (NewMethod).', 'head')])])).toEqual([]);
  });
});

describe('lineage parents in the corpus: families read but not accepted (measured on the hand-labelled facts)', () => {
  type Cue = PaperKnowledge['lineage'][number];
  const headCue = (child: string, parent: string, evidence: string): Cue => ({
    child,
    parent,
    relation: 'FAMILY',
    evidence,
    confidence: 0.6,
    within: 'head',
  });
  const untyped = (key: string) => ({ ...concept(key), kind: 'concept' as const });
  const parents = (papers: ReturnType<typeof paperOf>[]) => buildCorpusGraph(papers).lineage.map((l) => l.parent);
  const proposing = (key: string, name: string, lineage: Cue[]) => paperOf('c', 2024, { methods: [method(key, name, 'PROPOSES')], lineage });

  it('takes the head of the child\'s own long name that two papers write as a phrase, whatever its type', () => {
    const others = ['a', 'b'].map((id) => paperOf(id, 2024, { concepts: [untyped('stackelberg game')] }));
    const child = proposing('calibrated stackelberg game', 'Calibrated Stackelberg Games', [
      headCue('calibrated stackelberg game', 'stackelberg game', 'Calibrated Stackelberg Games: Learning Optimal Commitments.'),
    ]);
    expect(parents([...others, child])).toEqual(['stackelberg game']);
    // One paper writing it is too little evidence.
    expect(parents([others[0], child])).toEqual([]);
    // Not the head of a description the child's name does not end in ("a neural network structure, FramePack").
    const described = proposing('framepack', 'FramePack', [headCue('framepack', 'stackelberg game', 'A stackelberg game, FramePack.')]);
    expect(parents([...others, described])).toEqual([]);
  });

  it('lets a method name end in a noun with an adjective\'s ending ("soft actor critic")', () => {
    const others = ['a', 'b'].map((id) => paperOf(id, 2024, { concepts: [concept('soft actor critic')] }));
    const child = proposing('heterogeneous agent soft actor critic', 'Heterogeneous-Agent Soft Actor-Critic', [
      headCue('heterogeneous agent soft actor critic', 'soft actor critic', 'We propose Heterogeneous-Agent Soft Actor-Critic (HASAC).'),
    ]);
    expect(parents([...others, child])).toEqual(['soft actor critic']);
  });

  it('takes no data modality or topic as a family ("GOLD: Graph Out-of-Distribution Detection")', () => {
    const others = ['a', 'b'].map((id) => paperOf(id, 2024, { concepts: [concept('graph'), concept('time series'), concept('graph neural network')] }));
    const cue = (parent: string, evidence: string): Cue => ({ child: 'gold', parent, relation: 'FAMILY', evidence, confidence: 0.7, within: 'phrase' });
    const child = proposing('gold', 'GOLD', [
      cue('graph out of distribution detection', 'GOLD: Graph Out-of-Distribution Detection via Latent Generation'),
      cue('time series generation model', 'GOLD: A Conditional Time Series Generation Model'),
    ]);
    expect(parents([...others, child])).toEqual([]);
    // Nor a kind of thing of a topic: "a novel second-order optimizer" is a class.
    const optimizers = ['a', 'b'].map((id) => paperOf(id, 2024, { concepts: [concept('second order optimizer')] }));
    const kind = proposing('gold', 'GOLD', [cue('novel second order optimizer', 'We introduce a novel second-order optimizer, GOLD.')]);
    expect(parents([...optimizers, kind])).toEqual([]);
    // Nor named: "Graph" written as a name in prose.
    const named = proposing('gold', 'GOLD', [{ child: 'gold', parent: 'graph', relation: 'VARIANT_OF', evidence: 'We scale up Graph models with GOLD.', confidence: 0.6 }]);
    expect(parents([...others, named])).toEqual([]);
  });
});

describe('lineage parents in the corpus: a one-word run that resolves through a name', () => {
  it('must be written as that name ("ZeroS"), not as the first part of a compound ("Zero-shot")', () => {
    const zeros = paperOf('z', 2024, {
      methods: [{ ...method('zero', 'ZeroS', 'PROPOSES'), aliases: ['ZeroS', 'Zero-Sum Linear Attention'] }],
      concepts: [concept('zero sum linear attention', 'Zero-Sum Linear Attention', ['Zero-Sum Linear Attention', 'ZeroS'])],
    });
    const child = (parent: string, evidence: string) =>
      paperOf('c', 2024, {
        methods: [method('newmethod', 'NewMethod', 'PROPOSES')],
        lineage: [{ child: 'newmethod', parent, relation: 'FAMILY', evidence, confidence: 0.7, within: 'phrase' }],
      });
    const parents = (c: ReturnType<typeof paperOf>) => buildCorpusGraph([zeros, c]).lineage.map((l) => l.parent);
    expect(parents(child('zero shot generalist graph anomaly detection', 'NewMethod: Zero-shot Generalist Graph Anomaly Detection'))).toEqual([]);
    expect(parents(child('zero based attention', 'We propose NewMethod, a ZeroS-based attention.'))).toEqual(['zero sum linear attention']);
  });
});

describe('lineage parents in the corpus: a property a method improves', () => {
  it('takes no robustness as a parent ("MetaPhysiCa: Improving OOD Robustness")', () => {
    const others = ['a', 'b'].map((id) => paperOf(id, 2024, { concepts: [concept('out of distribution robustness')] }));
    const child = paperOf('c', 2024, {
      methods: [method('metaphysica', 'MetaPhysiCa', 'PROPOSES')],
      lineage: [{ child: 'metaphysica', parent: 'out of distribution robustness', relation: 'BUILDS_ON', evidence: 'MetaPhysiCa: Improving OOD Robustness in Physics-informed Machine Learning', confidence: 0.9 }],
    });
    expect(buildCorpusGraph([...others, child]).lineage).toEqual([]);
  });
});

describe('lineage parents in the corpus: another paper\'s two-letter acronym', () => {
  it('takes no parent that a two-letter acronym reaches through an expansion this paper never writes', () => {
    const recourse = ['a', 'b'].map((id) =>
      paperOf(id, 2024, { concepts: [concept('algorithmic recourse', 'algorithmic recourse', ['algorithmic recourse', 'AR'])] }),
    );
    const larp = (concepts: ReturnType<typeof concept>[]) =>
      paperOf('c', 2024, {
        concepts,
        methods: [method('larp', 'LARP', 'PROPOSES')],
        lineage: [{ child: 'larp', parent: 'ar', relation: 'BUILDS_ON', evidence: 'LARP integrates a lightweight AR transformer as a prior.', confidence: 0.9 }],
      });
    const parents = (c: ReturnType<typeof paperOf>) => buildCorpusGraph([...recourse, c]).lineage.map((l) => l.parent);
    expect(parents(larp([]))).toEqual([]);
    // The paper that writes the expansion means it.
    expect(parents(larp([concept('algorithmic recourse')]))).toEqual(['algorithmic recourse']);
  });
});

describe('lineage parents in the corpus: the year rule and name derivation', () => {
  it('keeps a parent the child\'s own name is made from, though other papers name it only later (QLoRA from LoRA)', () => {
    const lora = { ...method('low rank adaptation', 'LoRA', 'USES'), aliases: ['LoRA', 'Low-Rank Adaptation'] };
    const later = ['a', 'b'].map((id) => paperOf(id, 2024, { methods: [lora] }));
    const qlora = paperOf('c', 2023, { methods: [method('qlora', 'QLoRA', 'PROPOSES')] });
    expect(buildCorpusGraph([...later, qlora]).lineage.map((l) => [l.child, l.parent])).toEqual([['qlora', 'low rank adaptation']]);
  });
});

describe('lineage parents in the corpus: a capitalised word the corpus writes in lower case', () => {
  it('is a word, not a name ("Private Evolution" → evolution), while a name never written in lower case is one (Mamba)', () => {
    const titled = (id: string, name: string) => paperOf(id, 2024, { methods: [method(name.toLowerCase(), name, 'USES')] });
    const lower = ['l1', 'l2', 'l3'].map((id) => paperOf(id, 2024, { concepts: [concept('evolution strategy', 'evolution strategy')] }));
    const child = (parent: string, evidence: string) =>
      paperOf('c', 2024, {
        methods: [method('newmethod', 'NewMethod', 'PROPOSES')],
        lineage: [{ child: 'newmethod', parent, relation: 'FAMILY', evidence, confidence: 0.8, within: 'head' }],
      });
    const parents = (papers: ReturnType<typeof paperOf>[]) => buildCorpusGraph(papers).lineage.map((l) => l.parent);
    const others = [titled('a', 'Evolution'), titled('b', 'Evolution'), titled('d', 'Mamba'), titled('e', 'Mamba'), ...lower];
    expect(parents([...others, child('private evolution', 'We extend Private Evolution with NewMethod.')])).toEqual([]);
    expect(parents([...others, child('vision mamba', 'NewMethod, a Vision Mamba.')])).toEqual(['mamba']);
    // A technique noun that names a family on its own stays one, however often written in lower case.
    const diffusion = ['l1', 'l2', 'l3'].map((id) => paperOf(id, 2024, { concepts: [concept('diffusion model', 'diffusion model')] }));
    expect(parents([...diffusion, child('single motion diffusion', 'NewMethod, a Single Motion Diffusion.')])).toEqual(['diffusion']);
    // Two papers writing it in lower case are not enough to unmake a name.
    expect(parents([titled('a', 'Evolution'), titled('b', 'Evolution'), ...lower.slice(1), child('private evolution', 'We extend Private Evolution with NewMethod.')])).toEqual(['evolution']);
  });
});
