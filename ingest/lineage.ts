import type { StoredKnowledge } from '../graph/store';
import type { LineageEdge } from '../src/domain';
import { conceptKey, isVariant } from './extract';
import { isNameLike } from './extract/keys';
import { GENERIC_MODIFIERS, NATURAL_LANGUAGES, TASK_HEADS } from './extract/lexicon';
import { isGenericDescription } from './extract/lineage';

/**
 * Method lineage across the corpus, from every paper's lineage cues (ingest/extract/lineage.ts):
 *  - a parent read from a description ("an adversarial automatic mixup augmentation approach") resolves to the
 *    longest method entity of the corpus it names ("automatic mixup" = AutoMix; else "mixup"), or the cue is dropped;
 *  - a named parent must be a method entity of the corpus or a name the text writes as one (P2B, ViT), never a
 *    generic phrase ("bottom-up paradigm", "Group Influence") nor a class most papers share ("large language model"),
 *    nor a modifier ("post hoc"), nor what a method works with or the task it solves ("ODE", "domain generalization"),
 *    nor a data modality or topic ("graph", "time series", "exploration"), nor another paper's two-letter acronym;
 *  - the head of the child's own long name is a family when two papers write it, whatever its type ("Calibrated
 *    Stackelberg Games" → Stackelberg games);
 *  - name derivation against every method of the corpus: "TrajMamba" and "VMamba" from Mamba, "SD-LoRA" from LoRA;
 *  - name families learnt from the edges above: when two or more "…Mix" methods are kinds of mixup, another "…Mix"
 *    method whose paper speaks of mixing is one too (SnapMix, TransMix);
 *  - an ancestor the corpus first names after its descendant's paper is a misread cue and is dropped.
 *
 * Global state (for an incremental graph): the method entity index (which keys papers propose, use or compare, and
 * in how many papers; the papers of each phrase by type; the papers that write each word in lower case), the
 * canonical keys, the year each method was first named, and the learnt name families: all counts by paper.
 * Everything else is per paper: adding or removing a paper changes its own edges, and through those counts, the
 * edges whose resolution depended on them. Kept from one update to the next (LineageCounts): the counts of the
 * papers' knowledge alone (cores, family heads, words, lower-case words). Made again at each update: those under
 * canonical keys or generic classes (which any paper can change), the years, the edges and the families.
 */

type PaperInput = Pick<StoredKnowledge, 'paperId' | 'year' | 'knowledge'>;

export interface LineageContext {
  canonicalMethod(key: string): string;
  canonicalConcept(key: string): string;
  /** Too frequent in the corpus to tell papers apart (concept document frequency). */
  isGeneric(conceptKey: string): boolean;
}

/** Confidence of the corpus-level readings: weaker than a cue the paper states. */
const CONFIDENCE = { corpusName: 0.5, nameFamily: 0.4 } as const;

/**
 * Classes that most machine-learning papers share: a method comes from a method, not from its class ("a novel
 * graph neural network", "a transformer-based model"). As keys; the corpus's own frequent concepts are added by
 * document frequency.
 */
const BROAD_CLASSES = new Set(
  `neural network|deep neural network|deep learning|machine learning|artificial intelligence|language model|
  large language model|llm|foundation model|transformer|attention|self attention|graph neural network|gnn|
  convolutional neural network|cnn|recurrent neural network|rnn|reinforcement learning|deep reinforcement learning|rl|
  supervised learning|unsupervised learning|self supervised learning|semi supervised learning|fine tuning|
  supervised fine tuning|generative model|deep generative model|multimodal large language model|mllm|
  vision language model|vlm|large vision language model|multi layer perceptron|mlp|optimization|gradient descent|
  stochastic gradient descent|neural|learning|training|inference|representation learning|pretrained model|
  pre trained model|network|encoder|decoder|embedding|loss|loss function|objective|policy|agent|classifier|
  regression|clustering|sampling|search|kernel|prompt|prompting|benchmark|dataset|model architecture|
  data augmentation|augmentation|multimodal llm|mm llm|large multimodal model|lmm|language agent|llm agent|
  attention mechanism|neural operator|world model|reward model|generative adversarial network|gan|
  variational autoencoder|vae|autoencoder|large model|small language model|gpt|chatgpt|vision transformer|
  pretraining|pre training|unsupervised pretraining|self supervised pretraining|tree search|graph learning|
  variational inference|bayesian inference|preference optimization|adaptation|test time adaptation|tta|evaluation|
  generalist model|protein language model|code language model|text to image model|image generation model|ai|gpu|
  neural network architecture|self supervised representation|language model inference|generalist robot policy`
    .split('|')
    .map((k) => k.trim()),
);

/** "pre trained transformer", "large multimodal llm": a broad class with modifiers is still that class. */
function withoutModifiers(key: string): string {
  const words = key.split(' ');
  while (words.length > 1 && (GENERIC_MODIFIERS.has(words[0]) || LEADING.has(words[0]))) words.shift();
  return words.join(' ');
}
const LEADING = new Set(['pre', 'trained', 'pretrained', 'deep', 'multimodal', 'multi', 'modal', 'visual', 'vision', 'conditional', 'generalist']);

/** Heads that say what kind of thing a phrase names, not which method: "perception model", "object detector". */
const KIND_HEADS = new Set(
  `model policy detector network classifier agent system architecture encoder decoder predictor estimator generator
  learner solver optimizer controller planner framework method approach algorithm module`.split(/\s+/),
);

/** Papers that write a word in lower case for it to be a word rather than a name when capitalised ("Evolution"). */
const LOWER_CASE_PAPERS = 3;

/** Papers whose method phrases must end in a run for it to head a family of methods. */
const MIN_HEAD_PAPERS = 2;

/** Longest description run tried against the entities, in words. */
const MAX_RUN = 5;

function squash(text: string): string {
  return conceptKey(text).replace(/ /g, '');
}

/** Head words that only say "a method": "mixup method", "mixup-based augmentation" are about mixup. */
const GENERIC_HEADS = new Set(
  `method approach framework technique scheme strategy algorithm procedure mechanism module system pipeline
  paradigm augmentation based variant family solution tool protocol representation architecture training data
  purpose play theoretic supervised modal`.split(/\s+/),
);
/** What "X model" needs to name a family: not a plain kind of model ("transformer model", "surrogate model"). */
const PLAIN_MODEL_KINDS = new Set(
  `transformer sequence image dynamics bayesian surrogate multimodal language vision world reward base foundation
  neural interpretable generative graphical statistical predictive probabilistic linear nonlinear deep`.split(/\s+/),
);
/** Technique nouns that name a family of methods on their own: "a mixup method", "distillation-based". */
const FAMILY_NOUNS = new Set(['mixup', 'diffusion', 'distillation', 'pruning', 'quantization', 'dropout', 'normalization', 'regularization', 'cutmix']);
/** Last words of compounds that modify rather than name: "large-scale", "training-free", "end-to-end", "two-stage". */
const MODIFIER_LAST = new Set(
  `scale world free end stage agnostic making aware based level step shot context grained wise time source efficient
  driven guided specific oriented dependent independent invariant like style centric type hoc rank fine online
  offline latent meta modular preserving generative quality and or to of s`.split(/\s+/),
);
/** Word endings of adjectives and other modifiers: "lightweight", "scalable", "training-free" name no method. */
const MODIFIER_ENDING = /(able|ible|al|ive|ous|ful|less|ic|ary|free|aware|like|wise|scale|weight|level|time|world|ed|ing)$/;

/**
 * Heads of what a method works on or with, or of the task it solves, not of what it comes from: "ordinary
 * differential equation", "signed distance function", "mutual information", "dual process theory", "domain
 * generalization", "object detection", or of a property it improves ("OOD robustness").
 */
const NOT_METHOD_HEADS = new Set(
  `equation equations function functions variable variables information theory theorem value values score scores
  problem problems setting settings principle hypothesis law property properties distribution distributions
  generalization detection recognition classification segmentation summarization answering captioning forecasting
  tracking clustering resolution restoration inpainting localization completion robustness`.split(/\s+/),
);

/** Endings of adjectives that end no multi-word method name either: "deep generative", "3d aware", "ucb like". */
const ADJECTIVE_ENDING = /(able|ible|ive|ous|ful|less|ic|aware|like|wise|free)$/;
/** Nouns with an adjective's ending that do end method names: "soft actor critic", "temporal logic". */
const IC_NOUNS = new Set(['critic', 'logic', 'heuristic', 'arithmetic']);

/**
 * What a method works on, not what it comes from: a data modality ("graph" of "GOLD: Graph Out-of-Distribution
 * Detection", "time series" of "Time Weaver: A Conditional Time Series Generation Model"), a pair of them ("vision
 * language"), an activity ("exploration") or an order ("first order").
 */
const TOPIC_PARENTS = new Set(
  `graph|time series|image|video|text|audio|speech|point cloud|molecule|protein|tabular|vision language|multimodal|
  exploration|exploitation|first order|second order|higher order|zeroth order`.split(/\|\s*/),
);

/** "deep generative model", "transformer model": a plain kind of model, not an "X based" one ("score based generative model"). */
function plainModel(run: string): boolean {
  const words = run.split(' ');
  return PLAIN_MODEL_KINDS.has(words[words.length - 2] ?? '') && !words.includes('based');
}

/** "mixup based augmentation" → "mixup": a key without its trailing generic head words. */
function core(key: string): string {
  const words = key.split(' ');
  while (words.length > 1 && GENERIC_HEADS.has(words[words.length - 1])) words.pop();
  return words.join(' ');
}

/**
 * A run that can name a method: it ends in a noun-like word that is no generic head, task noun or number, and is no
 * kind of thing of a topic ("second order optimizer", "graph model": a class, as "deep generative model" is).
 */
function canName(run: string): boolean {
  const last = run.slice(run.lastIndexOf(' ') + 1);
  return (
    /\p{L}{2}/u.test(last) &&
    !GENERIC_HEADS.has(last) &&
    !NOT_METHOD_HEADS.has(last) &&
    !(TASK_HEADS.has(last) && !run.includes(' ')) &&
    !GENERIC_MODIFIERS.has(last) &&
    !MODIFIER_LAST.has(last) &&
    !(last === 'model' && plainModel(run)) &&
    !(MODIFIER_ENDING.test(last) && !run.includes(' ') && last.length > 4) &&
    !(ADJECTIVE_ENDING.test(last) && run.includes(' ') && !IC_NOUNS.has(last)) &&
    !(KIND_HEADS.has(last) && TOPIC_PARENTS.has(run.slice(0, run.lastIndexOf(' '))))
  );
}

/**
 * Papers per key, each paper counted once however often it writes the key: a paper's keys are counted one after
 * another, before the next paper's.
 */
class PaperCounts {
  private readonly counts = new Map<string, number>();
  private readonly last = new Map<string, string>();

  add(key: string, paperId: string): void {
    if (this.last.get(key) === paperId) return;
    this.last.set(key, paperId);
    this.counts.set(key, (this.counts.get(key) ?? 0) + 1);
  }

  papers(key: string): number {
    return this.counts.get(key) ?? 0;
  }
}

/** What the corpus counts of one paper's knowledge alone, whatever the rest of the corpus: each key once. */
interface PaperKeys {
  /** Cores of its method keys and method phrases that can name a method ("mixup" of "mixup method"). */
  cores: string[];
  /** Runs of two or more words ending its method keys and method phrases (`countHeads`). */
  heads: string[];
  /** Words of its method phrases. */
  words: string[];
  /** Words its concepts and methods are written with in lower case. */
  lower: string[];
}

function paperKeys(knowledge: PaperInput['knowledge']): PaperKeys {
  const cores = new Set<string>();
  const heads = new Set<string>();
  const words = new Set<string>();
  const lower = new Set<string>();
  // "visual prompt tuning", "soft prompt tuning", "prompt tuning": the runs of two or more words that end method
  // phrases, the heads of a family of names (nested terms, as C-value counts them).
  // Not a head that only says what kind of thing ("perception model", "robot policy") nor a task's.
  const countHeads = (key: string) => {
    const keyWords = key.split(' ');
    const head = keyWords[keyWords.length - 1];
    if (KIND_HEADS.has(head) || TASK_HEADS.has(head)) return;
    for (let i = 0; i + 2 <= keyWords.length; i++) heads.add(keyWords.slice(i).join(' '));
  };
  const countCore = (key: string) => {
    if (core(key) !== key && canName(core(key))) cores.add(core(key));
  };
  for (const m of knowledge.methods) {
    countCore(m.key);
    countHeads(m.key);
  }
  for (const c of knowledge.concepts) {
    if (c.kind !== 'method') continue;
    countCore(c.key);
    for (const word of c.key.split(' ')) words.add(word);
    countHeads(c.key);
  }
  for (const c of [...knowledge.concepts, ...knowledge.methods]) {
    for (const form of [c.name, ...c.aliases]) for (const w of form.split(/[\s-]+/)) if (/^\p{Ll}+$/u.test(w)) lower.add(w);
  }
  return { cores: [...cores], heads: [...heads], words: [...words], lower: [...lower] };
}

/** Papers per key, kept up to date paper by paper. */
class KeyCounts {
  private readonly counts = new Map<string, number>();

  add(keys: string[], delta: 1 | -1): void {
    for (const key of keys) {
      const n = (this.counts.get(key) ?? 0) + delta;
      if (n > 0) this.counts.set(key, n);
      else this.counts.delete(key);
    }
  }

  papers(key: string): number {
    return this.counts.get(key) ?? 0;
  }
}

/**
 * The counts lineage takes from the papers' knowledge alone (no canonical key, type or year in them), kept from one
 * update of the corpus graph to the next: only a paper whose knowledge is new (another object than last time) or
 * gone is counted again, so an update pays for the papers that changed. What depends on the whole corpus (canonical
 * keys, generic classes) is counted at each update.
 */
export class LineageCounts {
  private readonly counted = new Map<string, { knowledge: PaperInput['knowledge']; keys: PaperKeys }>();
  readonly cores = new KeyCounts();
  readonly heads = new KeyCounts();
  readonly words = new KeyCounts();
  readonly lower = new KeyCounts();

  /** Brings the counts to exactly `papers`. */
  update(papers: PaperInput[]): void {
    const current = new Set<string>();
    for (const { paperId, knowledge } of papers) {
      current.add(paperId);
      const old = this.counted.get(paperId);
      if (old?.knowledge === knowledge) continue;
      if (old) this.count(old.keys, -1);
      const keys = paperKeys(knowledge);
      this.count(keys, 1);
      this.counted.set(paperId, { knowledge, keys });
    }
    if (this.counted.size === current.size) return;
    for (const [paperId, old] of this.counted) {
      if (current.has(paperId)) continue;
      this.count(old.keys, -1);
      this.counted.delete(paperId);
    }
  }

  private count(keys: PaperKeys, delta: 1 | -1): void {
    this.cores.add(keys.cores, delta);
    this.heads.add(keys.heads, delta);
    this.words.add(keys.words, delta);
    this.lower.add(keys.lower, delta);
  }
}

/**
 * Whether a key names a method entity of the corpus: the one question lineage asks of the corpus's entities. Today:
 * a method some paper proposes; a method papers use or compare against in at least two papers; a phrase concept
 * extraction types as a method in at least two papers, not headed by a generic word ("model agnostic framework");
 * or the core of such phrases ("mixup" of "mixup method" and "mixup-based augmentation") in two papers; or, for the
 * head of the child's own long name (`ownHead`), a phrase two papers write whatever its type. A single
 * word must be written as a name somewhere (LoRA, NeRF) or be such a core: "value" is no method. (Point this at
 * the typed METHOD entities when they exist.) A capitalised word is a name only where the corpus does not also write
 * it in lower case (in three papers or more): "Mamba", "Adam", but not "Evolution", "Mixture" or "Compress" of titles.
 */
export function methodEntities(
  papers: PaperInput[],
  context: LineageContext,
  counts = new LineageCounts(),
): (key: string, ownHead?: boolean) => boolean {
  counts.update(papers);
  const { cores: corePapers, heads: headPapers, words: wordPapers, lower: lowerPapers } = counts;
  const proposed = new Set<string>();
  const named = new Set<string>();
  const capitalised = new Set<string>();
  const rolePapers = new PaperCounts();
  const conceptPapers = new PaperCounts();
  const untypedPapers = new PaperCounts();
  for (const { paperId, knowledge } of papers) {
    for (const m of knowledge.methods) {
      const key = context.canonicalMethod(m.key);
      if (m.role === 'PROPOSES') proposed.add(key);
      // Mixed-case names (LoRA, AutoMix) and capitalised ones (Mamba, Adam) name one method; "MI" or "value" may not.
      if ([m.name, ...m.aliases].some((a) => distinctiveName(a) || /^\p{Lu}\p{Ll}{3,}$/u.test(a))) capitalised.add(key);
      rolePapers.add(key, paperId);
    }
    for (const c of knowledge.concepts) {
      if (c.kind === 'concept') untypedPapers.add(context.canonicalConcept(c.key), paperId);
      if (c.kind !== 'method') continue;
      const key = context.canonicalConcept(c.key);
      if (canName(key)) conceptPapers.add(key, paperId);
    }
  }
  for (const key of capitalised) if (key.includes(' ') || lowerPapers.papers(key) < LOWER_CASE_PAPERS) named.add(key);
  return (key, ownHead = false) => {
    const method = context.canonicalMethod(key);
    // "ODE" names what "ordinary differential equation" names: an equation, a task, no method.
    if (isGenericDescription(method) || !canName(key) || NOT_METHOD_HEADS.has(method.slice(method.lastIndexOf(' ') + 1))) return false;
    // One word: a distinctive name (LoRA, NeRF, AutoMix), or a technique noun that names a family on its own and
    // that method phrases of two papers use ("mixup"). An all-capitals acronym counts through its expansion.
    if (!method.includes(' ') && !key.includes(' ')) {
      if (named.has(method)) return proposed.has(method) || rolePapers.papers(method) >= 2;
      return FAMILY_NOUNS.has(method) && wordPapers.papers(method) >= 2;
    }
    if (proposed.has(method)) return true;
    // A family head is written on its own somewhere too: "carlo tree search" only ends "monte carlo tree search".
    const head = headPapers.papers(key) >= MIN_HEAD_PAPERS && (rolePapers.papers(method) > 0 || conceptPapers.papers(context.canonicalConcept(key)) > 0);
    // The head of the child's own long name ("Heterogeneous-Agent Soft Actor-Critic" of "soft actor-critic") that two
    // papers write as a phrase of their own: the name makes it a method, whatever type the phrase alone reads as.
    const ownFamily = ownHead && untypedPapers.papers(context.canonicalConcept(key)) >= 2;
    return head || ownFamily || corePapers.papers(key) >= 2 || rolePapers.papers(method) >= 2 || conceptPapers.papers(context.canonicalConcept(key)) >= 2;
  };
}

/** Name segments: "TrajMamba" → Traj, Mamba; "SD-LoRA" → SD, Lo, RA; "PerturboLLaVA" → Perturbo, L, La, VA. */
function segments(name: string): string[] {
  return name
    .split(/[\s\-_/:]+/)
    .flatMap((part) => part.split(/(?<=\p{Ll})(?=\p{Lu})|(?<=\p{Lu})(?=\p{Lu}\p{Ll})|(?<=\p{L})(?=\p{N})|(?<=\p{N})(?=\p{L})/u))
    .filter((s) => s !== '');
}

/** A broad class's name of up to four words spans words i - 1 and i. */
function cutsClass(words: string[], i: number): boolean {
  for (let a = Math.max(0, i - 3); a < i; a++) {
    for (let b = i + 1; b <= Math.min(words.length, a + 4); b++) if (BROAD_CLASSES.has(words.slice(a, b).join(' '))) return true;
  }
  return false;
}

/**
 * Sub-runs of a description's words, longest first and, among equals, nearest the head (the last word). `headOnly`:
 * only runs that end at the head ("flow matching" of "condition aware reparameterization for flow matching").
 */
function descriptionRuns(key: string, headOnly: boolean): string[] {
  const words = key.split(' ');
  const runs: { text: string; length: number; end: number }[] = [];
  for (let i = 0; i < words.length; i++) {
    // "model inference" cut out of "large language model inference", "time adaptation" out of "test time
    // adaptation": a run that starts inside a class's name.
    if (cutsClass(words, i)) continue;
    for (let j = headOnly ? words.length : i + 1; j <= Math.min(words.length, i + MAX_RUN); j++) {
      // "co" of "co design": a word of three letters or fewer alone is a fragment or an acronym of anything.
      if (j === i + 1 && words[i].length <= 3) continue;
      runs.push({ text: words.slice(i, j).join(' '), length: j - i, end: j });
    }
  }
  return runs.sort((a, b) => b.length - a.length || b.end - a.end).map((r) => r.text);
}

/**
 * A name that says "this one method": mixed case or letters with digits (P2B, ViT, AutoMix). An all-capitals
 * acronym (MI, GPC) may abbreviate any phrase, and counts only as a method entity of the corpus.
 */
function distinctiveName(word: string): boolean {
  return isNameLike(word) && !/^[\p{Lu}&+-]+$/u.test(word);
}

/** Most words capitalised: a title ("Sparse Mixers: Combining MoE and Mixing …"), where capitals say nothing. */
function titleCase(words: string[]): boolean {
  const lettered = words.filter((w) => /^\p{L}{4,}/u.test(w));
  return lettered.filter((w) => /^\p{Lu}/u.test(w)).length * 2 >= lettered.length;
}

/**
 * The parent is written as a name in the evidence: a distinctive one ("P2B", "ViT-based"), or a capitalised word
 * inside lower-case prose ("an adaptation of Checkmate", "integrates the Benjamini-Hochberg"), not only as a phrase.
 */
function writtenAsName(evidence: string, key: string): boolean {
  const words = evidence.split(/[\s,;()"]+/);
  return words.some((w, i) => {
    const name = w.replace(/-based$/i, '').replace(/\+$/, '');
    if (conceptKey(name) !== key) return false;
    const capitalised = /^\p{Lu}\p{Ll}{3,}(-\p{Lu}\p{Ll}+)*$/u.test(name);
    const inProse = /^\p{Ll}[\p{Ll}-]*$/u.test(words[i - 1] ?? '') && !NATURAL_LANGUAGES.has(key);
    return distinctiveName(name) || (capitalised && inProse && !titleCase(words));
  });
}

/**
 * The evidence writes a word, hyphenated compounds whole but for an X-based ending, whose key is `key`: "ZeroS" or
 * "ZeroS-based" for "zero", not "Zero-shot".
 * A one-word run that resolves to another method through a name ("zero" → ZeroS → "zero sum linear attention")
 * must be that name as written, not the first part of a compound.
 */
function writesWord(evidence: string, key: string): boolean {
  return evidence.split(/[\s,;:()"“”]+/).some((w) => conceptKey(w.replace(/[.!?]$/, '').replace(/-(based|like|style)$/i, '')) === key);
}

/**
 * The acronym of the parent's whole key that the evidence writes: all capitals ("LIME" for "local interpretable …"),
 * also hyphenated ("ZO-SGD", "HT-SR" for "heavy tailed self regularization")
 * or a coined short form ("MaxEnt" for "maximum entropy", "Clip-PPO" for "clipped proximal policy optimization"), also
 * as an X-based word ("RSSM-based").
 */
function acronymOf(evidence: string, key: string): string | undefined {
  if (!key.includes(' ')) return undefined;
  return evidence
    .split(/[\s,;:()"]+/)
    .map((w) => w.replace(/-(based|like)$/i, ''))
    .find((w) => (/^\p{Lu}[\p{Lu}\p{N}]*(-[\p{Lu}\p{N}]+)*$/u.test(w) && w.replace(/-/g, '').length >= 3 || (distinctiveName(w) && /^\p{Lu}/u.test(w))) && isVariant(w, key));
}

/** The context's answers, each asked once per key: lineage asks them of the same keys over and over. */
function memoized(context: LineageContext): LineageContext {
  const memo = <T>(ask: (key: string) => T) => {
    const answers = new Map<string, T>();
    return (key: string) => {
      let answer = answers.get(key);
      if (answer === undefined) answers.set(key, (answer = ask(key)));
      return answer;
    };
  };
  return {
    canonicalMethod: memo((key) => context.canonicalMethod(key)),
    canonicalConcept: memo((key) => context.canonicalConcept(key)),
    isGeneric: memo((key) => context.isGeneric(key)),
  };
}

/**
 * The corpus's lineage edges. `counts`: the counts of the previous call on this corpus (updateCorpusGraph keeps
 * them), brought up to date with the papers that changed; the edges are those a fresh call gives.
 */
export function corpusLineage(papers: PaperInput[], corpusContext: LineageContext, counts?: LineageCounts): LineageEdge[] {
  const context = memoized(corpusContext);
  const isEntity = methodEntities(papers, context, counts);
  const broad = (key: string) =>
    BROAD_CLASSES.has(withoutModifiers(key)) ||
    BROAD_CLASSES.has(context.canonicalMethod(key)) ||
    context.isGeneric(context.canonicalConcept(key)) ||
    isGenericDescription(key) ||
    TOPIC_PARENTS.has(key) ||
    TOPIC_PARENTS.has(context.canonicalMethod(key));

  // The first year a method is named at all (proposed, used, compared or mentioned): a family such as "diffusion"
  // that one later paper is misread as proposing was there long before.
  const firstSeen = new Map<string, number>();
  const firstProposed = new Map<string, number>();
  const seen = (map: Map<string, number>, key: string, year: number) => map.set(key, Math.min(map.get(key) ?? year, year));
  for (const { year, knowledge } of papers) {
    if (year === undefined) continue;
    for (const m of knowledge.methods) {
      seen(firstSeen, context.canonicalMethod(m.key), year);
      if (m.role === 'PROPOSES') seen(firstProposed, context.canonicalMethod(m.key), year);
    }
    for (const c of knowledge.concepts) seen(firstSeen, context.canonicalMethod(c.key), year);
  }
  const yearOf = new Map(papers.map((p) => [p.paperId, p.year]));

  const edges = new Map<string, LineageEdge>();
  /** `byName`: the child's own name is made from the parent's ("QLoRA" from LoRA), and so names it. */
  const addEdge = (edge: LineageEdge, byName = false) => {
    if (edge.child === edge.parent || isGenericDescription(edge.child)) return;
    const childYear = yearOf.get(edge.paperId);
    const parentYear = firstSeen.get(edge.parent);
    // An ancestor first named after its descendant's paper is a misread cue, unless the evidence names it and no
    // later paper proposes it: then the paper itself is its first mention ("Heterogeneous Neural Processes" names
    // neural processes), or the child's name is made from the parent's (QLoRA, 2023, from LoRA).
    const named = () => byName || ` ${conceptKey(edge.evidence)} `.includes(` ${edge.parent} `);
    const proposedLater = (firstProposed.get(edge.parent) ?? -Infinity) > (childYear ?? Infinity);
    if (childYear !== undefined && parentYear !== undefined && parentYear > childYear && (proposedLater || !named())) return;
    const id = `${edge.child}\u0000${edge.parent}\u0000${edge.paperId}`;
    const old = edges.get(id);
    // Two readings of one link in one paper: the stronger reading, with the sentences of both.
    const [strong, weak] = !old || edge.confidence > old.confidence ? [edge, old] : [old, edge];
    const sentences = [...new Set([...strong.evidence.split(' … '), ...(weak?.evidence.split(' … ') ?? [])])];
    edges.set(id, { ...strong, evidence: sentences.join(' … ') });
  };

  const ownProposals = new Map(
    papers.map((p) => [p.paperId, new Set(p.knowledge.methods.filter((m) => m.role === 'PROPOSES').map((m) => context.canonicalMethod(m.key)))]),
  );
  for (const { paperId, knowledge } of papers) {
    // A two-letter acronym the corpus expands ("AR" → "algorithmic recourse" from another paper) into words this
    // paper never writes is another paper's acronym: LARP's "AR transformer" is autoregressive. (Longer ones, CLIP,
    // LoRA, GRPO, are written without their expansion and name one method.)
    const phrases = ` ${[...knowledge.concepts, ...knowledge.methods].map((c) => c.key).join(' | ')} `;
    const foreign = (short: string, key: string) => short.length <= 2 && key.includes(' ') && !phrases.includes(` ${key} `);
    for (const cue of knowledge.lineage) {
      const child = context.canonicalMethod(cue.child);
      let parent: string | undefined;
      if (cue.within) {
        const squashed = squash(child);
        for (const run of descriptionRuns(cue.parent, cue.within === 'head')) {
          const key = context.canonicalMethod(run);
          if (key === child || squash(run) === squashed || broad(run) || broad(key)) continue;
          // Another method the same paper proposes is a part of this one, not its family.
          if (ownProposals.get(paperId)?.has(key)) continue;
          if (!run.includes(' ') && key !== run && (!writesWord(cue.evidence, run) || foreign(run, key))) continue;
          if (isEntity(run, child.endsWith(` ${run}`))) {
            parent = key;
            break;
          }
        }
      } else {
        const key = context.canonicalMethod(cue.parent);
        // A named parent: a method entity, a name as the text writes one, or another method this paper proposes
        // ("we introduce M3, a method combining MARINA-P with …").
        const ownNamed = ownProposals.get(paperId)?.has(key) && !NOT_METHOD_HEADS.has(key.slice(key.lastIndexOf(' ') + 1));
        if (!broad(cue.parent) && !broad(key) && (ownNamed || isEntity(cue.parent) || writtenAsName(cue.evidence, cue.parent))) parent = key;
        // "extends LIME", "inspired by CLIP": an acronym the evidence writes names one method, however generic the
        // words of its expansion ("contrastive language image pre training"), unless the acronym is a class (GNN).
        else {
          const acronym = acronymOf(cue.evidence, cue.parent);
          const classes = [key, cue.parent, ...(acronym ? [conceptKey(acronym)] : [])];
          const notMethod = NOT_METHOD_HEADS.has(key.slice(key.lastIndexOf(' ') + 1));
          if (acronym && !notMethod && !classes.some((k) => BROAD_CLASSES.has(k) || context.isGeneric(context.canonicalConcept(k)))) parent = key;
        }
      }
      if (parent === undefined || foreign(cue.parent, parent)) continue;
      addEdge({ child, parent, relation: cue.relation, evidence: cue.evidence, confidence: cue.confidence, paperId });
    }
  }

  addCorpusNameDerivations(papers, context, isEntity, broad, addEdge);
  addNameFamilies(papers, context, [...edges.values()], addEdge);
  // "knowledge distillation" and "distillation" from one paper: the more specific parent says it all.
  const all = [...edges.values()];
  const parentsOf = new Map<string, string[]>();
  for (const e of all) {
    const id = `${e.child}\u0000${e.paperId}`;
    const parents = parentsOf.get(id);
    if (parents) parents.push(e.parent);
    else parentsOf.set(id, [e.parent]);
  }
  return all.filter((e) => !parentsOf.get(`${e.child}\u0000${e.paperId}`)!.some((parent) => parent.endsWith(` ${e.parent}`)));
}

/**
 * A proposed name made from the name of another method entity of the corpus: "TrajMamba" and "VMamba" from Mamba,
 * "SD-LoRA" and "MotionLoRA" from LoRA, "EfficientZero V2" from EfficientZero. The parent's name must be a whole run
 * of the child's name segments, of at least four letters or itself written as a name.
 */
function addCorpusNameDerivations(
  papers: PaperInput[],
  context: LineageContext,
  isEntity: (key: string) => boolean,
  broad: (key: string) => boolean,
  addEdge: (edge: LineageEdge, byName: boolean) => void,
): void {
  // Parents by the exact spelling papers give them: "LoRA", "Mamba", "CLIP", "Audio Flamingo".
  const byForm = new Map<string, string>();
  for (const { knowledge } of papers) {
    for (const m of knowledge.methods) {
      const key = context.canonicalMethod(m.key);
      if (broad(key) || !isEntity(key)) continue;
      for (const form of [m.name, ...m.aliases]) {
        const spelled = form.replace(/[\s\-_/]+/g, '');
        const letters = spelled.replace(/[^\p{L}\p{N}]/gu, '').length;
        // An all-capitals acronym inside a name may stand for anything ("Point2SSM"): only mixed-case names count.
        if (distinctiveName(form) ? letters >= 3 : /^\p{Lu}\p{Ll}{4,}$/u.test(form)) byForm.set(spelled, key);
      }
    }
  }
  for (const { paperId, knowledge } of papers) {
    for (const m of knowledge.methods) {
      if (m.role !== 'PROPOSES') continue;
      const child = context.canonicalMethod(m.key);
      const parents = new Set<string>();
      for (const name of [m.name, ...m.aliases]) {
        if (/\s/.test(name)) {
          // "Audio Flamingo 3", "EfficientZero V2": a new version of a name.
          const version = /^(.+?)\s+(v?\d+(\.\d+)*|\+\+|plus|pro|xl)$/i.exec(name);
          const parent = version ? byForm.get(version[1].replace(/[\s\-_/]+/g, '')) : undefined;
          if (parent) parents.add(parent);
          continue;
        }
        if (!isNameLike(name)) continue;
        const parts = segments(name);
        for (let i = 0; i < parts.length; i++) {
          for (let j = i + 1; j <= parts.length; j++) {
            if (i === 0 && j === parts.length) continue;
            const parent = byForm.get(parts.slice(i, j).join(''));
            if (parent) parents.add(parent);
          }
        }
      }
      for (const parent of parents) {
        if (parent === child) continue;
        addEdge({ child, parent, relation: 'VARIANT_OF', evidence: m.evidence, confidence: CONFIDENCE.corpusName, paperId }, true);
      }
    }
  }
}

/**
 * Name families learnt from the corpus's edges: when at least two methods whose names end in the same segment
 * ("AutoMix", "SUMix") descend from a parent whose name that segment begins ("mixup"), another proposed method whose
 * name ends in it, whose paper speaks of it ("mixing", "mixed images") and that no other reading places, is of the
 * family too.
 */
function addNameFamilies(
  papers: PaperInput[],
  context: LineageContext,
  edges: LineageEdge[],
  addEdge: (edge: LineageEdge) => void,
): void {
  const lastSegment = (name: string) => {
    const parts = segments(name);
    return parts.length > 1 ? parts[parts.length - 1].toLowerCase() : undefined;
  };
  const namesOf = new Map<string, Set<string>>();
  for (const { knowledge } of papers) {
    for (const m of knowledge.methods) {
      if (m.role !== 'PROPOSES') continue;
      const key = context.canonicalMethod(m.key);
      const names = namesOf.get(key) ?? new Set<string>();
      for (const name of [m.name, ...m.aliases]) names.add(name);
      namesOf.set(key, names);
    }
  }
  const members = new Map<string, Set<string>>();
  for (const e of edges) {
    const parent = squash(e.parent);
    for (const name of namesOf.get(e.child) ?? []) {
      const segment = lastSegment(name);
      if (!segment || segment.length < 3 || segment === parent || !parent.startsWith(segment)) continue;
      const id = `${segment}\u0000${e.parent}`;
      members.set(id, (members.get(id) ?? new Set()).add(e.child));
    }
  }
  const families = [...members].filter(([, children]) => children.size >= 2).map(([id]) => id.split('\u0000'));
  if (!families.length) return;
  const methodConcepts = new Map(
    papers.map((p) => [p.paperId, new Set(p.knowledge.concepts.filter((c) => c.kind === 'method').map((c) => context.canonicalConcept(c.key)))]),
  );
  const memberPapers = new Map<string, Set<string>>();
  for (const e of edges) memberPapers.set(e.parent, (memberPapers.get(e.parent) ?? new Set()).add(e.paperId));
  // For each family's parent, in how many of its members' papers each method phrase is.
  const memberPhrases = new Map<string, Map<string, number>>();
  const phrasesOfMembers = (parent: string) => {
    let phrases = memberPhrases.get(parent);
    if (!phrases) {
      phrases = new Map();
      for (const other of memberPapers.get(parent) ?? []) for (const k of methodConcepts.get(other)!) phrases.set(k, (phrases.get(k) ?? 0) + 1);
      memberPhrases.set(parent, phrases);
    }
    return phrases;
  };
  // A name is a weak reading: a method another reading already places (SampleMix → data mixing) keeps that place.
  const placed = new Set(edges.map((e) => `${e.child}\u0000${e.paperId}`));
  for (const { paperId, knowledge } of papers) {
    const words = new Set(knowledge.concepts.flatMap((c) => c.key.split(' ')));
    const own = methodConcepts.get(paperId)!;
    for (const m of knowledge.methods) {
      if (m.role !== 'PROPOSES') continue;
      const child = context.canonicalMethod(m.key);
      if (placed.has(`${child}\u0000${paperId}`)) continue;
      const endings = new Set([m.name, ...m.aliases].map(lastSegment));
      for (const [segment, parent] of families) {
        if (!endings.has(segment)) continue;
        // The paper speaks of the family: it names the parent, or shares a method phrase with a member's paper
        // ("data mixing augmentation" in SnapMix's paper and AutoMix's): one its own paper, if a member's, does not
        // account for alone.
        const namesParent = words.has(parent) || knowledge.concepts.some((c) => ` ${c.key} `.includes(` ${parent} `));
        const ownCount = memberPapers.get(parent)?.has(paperId) ? 1 : 0;
        const phrases = phrasesOfMembers(parent);
        const shares = [...own].some((k) => (phrases.get(k) ?? 0) > ownCount);
        if (!namesParent && !shares) continue;
        addEdge({ child, parent, relation: 'FAMILY', evidence: m.evidence, confidence: CONFIDENCE.nameFamily, paperId });
      }
    }
  }
}
