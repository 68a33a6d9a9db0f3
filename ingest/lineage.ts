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
 * Everything else is per paper: a paper's edges (its cues, its names, its family readings, the year rule and the
 * nested-parent filter) depend on its own knowledge and on the answers to the questions its reading asked of that
 * global state. Kept from one update to the next (LineageCounts): every paper's part, the counts, and which papers
 * asked each question; an update reads again the papers that changed and those whose questions' answers changed.
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

/** Papers per key, kept up to date paper by paper, with the keys whose counts changed since the last look. */
class KeyCounts {
  private readonly counts = new Map<string, number>();
  /** The count of each key changed since `changed` was last called, as it was then. */
  private readonly before = new Map<string, number>();

  add(keys: Iterable<string>, delta: 1 | -1): void {
    for (const key of keys) {
      const old = this.counts.get(key) ?? 0;
      if (!this.before.has(key)) this.before.set(key, old);
      if (old + delta > 0) this.counts.set(key, old + delta);
      else this.counts.delete(key);
    }
  }

  papers(key: string): number {
    return this.counts.get(key) ?? 0;
  }

  /** The keys whose count, read up to `cap` (lineage asks "at least two papers?"), changed since the last call. */
  changed(cap: number, report: (key: string) => void): void {
    for (const [key, old] of this.before) if (Math.min(old, cap) !== Math.min(this.papers(key), cap)) report(key);
    this.before.clear();
  }
}

/** The years of the papers that name each key, kept paper by paper: the first year, and the keys whose first year changed. */
class FirstYears {
  private readonly years = new Map<string, Map<number, number>>();
  private readonly before = new Map<string, number | undefined>();

  add(keys: Iterable<string>, year: number, delta: 1 | -1): void {
    for (const key of keys) {
      if (!this.before.has(key)) this.before.set(key, this.first(key));
      const years = this.years.get(key) ?? new Map<number, number>();
      const n = (years.get(year) ?? 0) + delta;
      if (n > 0) years.set(year, n);
      else years.delete(year);
      if (years.size) this.years.set(key, years);
      else this.years.delete(key);
    }
  }

  first(key: string): number | undefined {
    const years = this.years.get(key);
    return years ? Math.min(...years.keys()) : undefined;
  }

  changed(report: (key: string) => void): void {
    for (const [key, old] of this.before) if (old !== this.first(key)) report(key);
    this.before.clear();
  }
}

/** A lineage edge and the step of the reading that first placed it (for the order of the corpus's edges). */
interface Placed {
  edge: LineageEdge;
  /** 0: the paper's cues; 1: the corpus's names; 2: the learnt name families. */
  step: 0 | 1 | 2;
}

/** One paper's part in lineage: what it adds to the corpus-wide counts, its edges, and what its reading asked. */
interface PaperPart {
  knowledge: PaperInput['knowledge'];
  year: number | undefined;
  /** Its knowledge alone (no canonical key in it). */
  keys: PaperKeys;
  /** Canonical keys: of the methods it proposes, gives a role, writes as a distinctive name, names at all. */
  proposes: Set<string>;
  roles: Set<string>;
  capitalised: Set<string>;
  seen: Set<string>;
  /** Canonical concept keys of its method phrases (those that can name a method: `namingPhrases`) and other phrases. */
  methodPhrases: Set<string>;
  namingPhrases: Set<string>;
  untyped: Set<string>;
  /** The names of the methods it proposes, by canonical key. */
  names: [string, string][];
  /** The spellings of method entities it writes (`addCorpusNameDerivations`), the last key each names. */
  forms: Map<string, string>;
  /** Its edges from its cues and the corpus's names, then with the name families and without the nested parents. */
  base: Map<string, Placed>;
  edges: Placed[];
  /** What its reading asked of the corpus: kind letters and keys, one after the other (`LineageCounts.ask`). */
  asked: string[];
}

/**
 * Lineage kept from one call of corpusLineage to the next on one corpus (updateCorpusGraph keeps it between updates):
 * every paper's part (what it counts, its edges), the corpus-wide counts, the context's answers, and, for each
 * question the papers' readings asked of the corpus, which papers asked it. A call reads again only the papers whose
 * knowledge changed and those that asked a question whose answer changed: a canonical key, a generic class, a count
 * crossing a threshold lineage uses, a first year, the key a spelling names, a learnt family. The edges equal what a
 * fresh call gives (test/ingest/lineage-counts.test.ts).
 *
 * Questions (`ask`), a kind letter and a key: `m`, `c`, `g`: the context's canonical method, canonical concept and
 * generic answers; `a`: the counts of a canonical method key (proposed, roles, distinctive names, words, lower case);
 * `k`: of a key's runs (heads, cores); `n`: of a canonical concept key (method phrases, untyped phrases); `y`: a
 * key's first years; `f`: the key a spelling names; `F`: the families of a name segment; `P`: a family parent's
 * member papers and their phrases.
 */
export class LineageCounts {
  private readonly parts = new Map<string, PaperPart>();
  // Knowledge alone.
  private readonly cores = new KeyCounts();
  private readonly heads = new KeyCounts();
  private readonly words = new KeyCounts();
  private readonly lower = new KeyCounts();
  // Under canonical keys.
  private readonly proposed = new KeyCounts();
  private readonly roles = new KeyCounts();
  private readonly capitalised = new KeyCounts();
  private readonly phrases = new KeyCounts();
  private readonly untyped = new KeyCounts();
  private readonly firstSeen = new FirstYears();
  private readonly firstProposed = new FirstYears();
  private readonly names = new Map<string, Map<string, number>>();
  /** Each spelling's key by paper, and the key of the last paper (in id order) that writes it. */
  private readonly formPapers = new Map<string, Map<string, string>>();
  private readonly forms = new Map<string, string>();
  private readonly formsBefore = new Map<string, string | undefined>();
  /** Learnt families: parents by segment, and each family parent's member papers and phrase counts (`membersOf`). */
  private families = new Map<string, string[]>();
  private members = new Map<string, { papers: Set<string>; phrases: Map<string, number>; signature: string }>();
  /** The context's answers to the keys asked so far, checked again at each call. */
  private readonly answers = { m: new Map<string, string>(), c: new Map<string, string>(), g: new Map<string, boolean>() };
  private context: LineageContext = { canonicalMethod: (key) => key, canonicalConcept: (key) => key, isGeneric: () => false };
  /** Which papers asked each question, by kind letter and key. */
  private readonly askers = new Map<string, Map<string, Set<string>>>();
  /** The questions of the papers read in this call, by kind letter, and those of the paper being read. */
  private readonly questions = new Map<string, Map<string, Set<string>>>();
  private asking: Map<string, Set<string>> | undefined;

  /** `keep`: false for one call only, whose questions nothing reads again (a fresh corpus graph): none is recorded. */
  constructor(private readonly keep = true) {}

  /** The questions asked from now on are the paper's. */
  private reading(paperId: string): void {
    this.asking = this.keep ? this.questions.get(paperId) : undefined;
  }

  private ask(kind: string, key: string): void {
    if (!this.asking) return;
    const keys = this.asking.get(kind);
    if (keys) keys.add(key);
    else this.asking.set(kind, new Set([key]));
  }

  /** The papers that asked a question, kind letter then key. */
  private askersOf(question: string): Iterable<string> {
    return this.askers.get(question[0])?.get(question.slice(1)) ?? [];
  }

  canonicalMethod(key: string): string {
    this.ask('m', key);
    let answer = this.answers.m.get(key);
    if (answer === undefined) this.answers.m.set(key, (answer = this.context.canonicalMethod(key)));
    return answer;
  }

  canonicalConcept(key: string): string {
    this.ask('c', key);
    let answer = this.answers.c.get(key);
    if (answer === undefined) this.answers.c.set(key, (answer = this.context.canonicalConcept(key)));
    return answer;
  }

  isGeneric(key: string): boolean {
    this.ask('g', key);
    let answer = this.answers.g.get(key);
    if (answer === undefined) this.answers.g.set(key, (answer = this.context.isGeneric(key)));
    return answer;
  }

  /** A class most papers share, a generic phrase or a topic: no parent. */
  broad(key: string): boolean {
    return (
      BROAD_CLASSES.has(withoutModifiers(key)) ||
      BROAD_CLASSES.has(this.canonicalMethod(key)) ||
      this.isGeneric(this.canonicalConcept(key)) ||
      isGenericDescription(key) ||
      TOPIC_PARENTS.has(key) ||
      TOPIC_PARENTS.has(this.canonicalMethod(key))
    );
  }

  /**
   * Whether a key names a method entity of the corpus: the one question lineage asks of the corpus's entities. Today:
   * a method some paper proposes; a method papers use or compare against in at least two papers; a phrase concept
   * extraction types as a method in at least two papers, not headed by a generic word ("model agnostic framework");
   * or the core of such phrases ("mixup" of "mixup method" and "mixup-based augmentation") in two papers; or, for the
   * head of the child's own long name (`ownHead`), a phrase two papers write whatever its type. A single
   * word must be written as a name somewhere (LoRA, NeRF) or be such a core: "value" is no method. (Point this at
   * the typed METHOD entities when they exist.) A capitalised word is a name only where the corpus does not also
   * write it in lower case (in three papers or more): "Mamba", "Adam", but not "Evolution", "Mixture" or "Compress"
   * of titles.
   */
  isEntity(key: string, ownHead = false): boolean {
    const method = this.canonicalMethod(key);
    // "ODE" names what "ordinary differential equation" names: an equation, a task, no method.
    if (isGenericDescription(method) || !canName(key) || NOT_METHOD_HEADS.has(method.slice(method.lastIndexOf(' ') + 1))) return false;
    this.ask('a', method);
    // One word: a distinctive name (LoRA, NeRF, AutoMix), or a technique noun that names a family on its own and
    // that method phrases of two papers use ("mixup"). An all-capitals acronym counts through its expansion.
    if (!method.includes(' ') && !key.includes(' ')) {
      if (this.named(method)) return this.proposed.papers(method) > 0 || this.roles.papers(method) >= 2;
      return FAMILY_NOUNS.has(method) && this.words.papers(method) >= 2;
    }
    if (this.proposed.papers(method) > 0) return true;
    const concept = this.canonicalConcept(key);
    this.ask('k', key);
    this.ask('n', concept);
    // A family head is written on its own somewhere too: "carlo tree search" only ends "monte carlo tree search".
    const head = this.heads.papers(key) >= MIN_HEAD_PAPERS && (this.roles.papers(method) > 0 || this.phrases.papers(concept) > 0);
    // The head of the child's own long name ("Heterogeneous-Agent Soft Actor-Critic" of "soft actor-critic") that two
    // papers write as a phrase of their own: the name makes it a method, whatever type the phrase alone reads as.
    const ownFamily = ownHead && this.untyped.papers(concept) >= 2;
    return head || ownFamily || this.cores.papers(key) >= 2 || this.roles.papers(method) >= 2 || this.phrases.papers(concept) >= 2;
  }

  /** Mixed-case names (LoRA, AutoMix) and capitalised ones (Mamba, Adam) name one method; "MI" or "value" may not. */
  private named(method: string): boolean {
    return this.capitalised.papers(method) > 0 && (method.includes(' ') || this.lower.papers(method) < LOWER_CASE_PAPERS);
  }

  firstYears(key: string): { seen: number | undefined; proposed: number | undefined } {
    this.ask('y', key);
    return { seen: this.firstSeen.first(key), proposed: this.firstProposed.first(key) };
  }

  /** The method entity a spelling names: "LoRA", "Mamba", "Audio Flamingo" (spaces, hyphens, slashes taken out). */
  form(spelled: string): string | undefined {
    this.ask('f', spelled);
    return this.forms.get(spelled);
  }

  familyParents(segment: string): string[] {
    this.ask('F', segment);
    return this.families.get(segment) ?? [];
  }

  membersOf(parent: string): { papers: Set<string>; phrases: Map<string, number> } {
    this.ask('P', parent);
    return this.members.get(parent)!;
  }

  /** The corpus's lineage edges, brought up to date with `papers` (in id order) and the context's answers. */
  lineage(papers: PaperInput[], context: LineageContext): LineageEdge[] {
    this.context = context;
    const byId = new Map(papers.map((p) => [p.paperId, p]));
    for (const paperId of [...this.parts.keys()]) if (!byId.has(paperId)) this.forget(paperId);
    // The papers that are new or edited, and those that asked the context a question whose answer changed.
    const dirty = new Set(papers.filter((p) => this.parts.get(p.paperId)?.knowledge !== p.knowledge || this.parts.get(p.paperId)?.year !== p.year).map((p) => p.paperId));
    const changed: string[] = [];
    for (const kind of ['m', 'c', 'g'] as const) {
      const answers: Map<string, string | boolean> = this.answers[kind];
      const ask = (key: string) => (kind === 'm' ? context.canonicalMethod(key) : kind === 'c' ? context.canonicalConcept(key) : context.isGeneric(key));
      for (const [key, old] of answers) {
        const answer = ask(key);
        if (answer === old) continue;
        answers.set(key, answer);
        changed.push(`${kind}${key}`);
      }
    }
    const steps = [
      (paperId: string) => this.count(paperId, byId.get(paperId)!),
      (paperId: string) => this.readForms(paperId),
      (paperId: string) => this.readEdges(paperId),
      (paperId: string) => this.readFamilies(paperId),
    ];
    // Each step reads the dirty papers again; then the papers that asked a question whose answer that step changed
    // are dirty too, and go through the steps done so far (which give what they gave: none of their answers changed).
    const rereadAskers = (done: number) => {
      for (const question of changed) {
        for (const paperId of this.askersOf(question)) {
          if (dirty.has(paperId)) continue;
          dirty.add(paperId);
          this.forget(paperId);
          for (const step of steps.slice(0, done)) step(paperId);
        }
      }
      changed.length = 0;
    };
    rereadAskers(0);
    for (const paperId of dirty) this.forget(paperId);
    for (const paperId of dirty) steps[0](paperId);
    this.cores.changed(2, (key) => changed.push(`k${key}`));
    this.heads.changed(MIN_HEAD_PAPERS, (key) => changed.push(`k${key}`));
    this.words.changed(2, (key) => changed.push(`a${key}`));
    this.lower.changed(LOWER_CASE_PAPERS, (key) => changed.push(`a${key}`));
    this.proposed.changed(1, (key) => changed.push(`a${key}`));
    this.roles.changed(2, (key) => changed.push(`a${key}`));
    this.capitalised.changed(1, (key) => changed.push(`a${key}`));
    this.phrases.changed(2, (key) => changed.push(`n${key}`));
    this.untyped.changed(2, (key) => changed.push(`n${key}`));
    this.firstSeen.changed((key) => changed.push(`y${key}`));
    this.firstProposed.changed((key) => changed.push(`y${key}`));
    rereadAskers(1);
    for (const paperId of dirty) steps[1](paperId);
    for (const [spelled, old] of this.formsBefore) if (this.forms.get(spelled) !== old) changed.push(`f${spelled}`);
    this.formsBefore.clear();
    rereadAskers(2);
    for (const paperId of dirty) steps[2](paperId);
    this.learnFamilies((question) => changed.push(question));
    rereadAskers(3);
    for (const paperId of dirty) {
      steps[3](paperId);
      const part = this.parts.get(paperId)!;
      for (const [kind, keys] of this.questions.get(paperId) ?? []) {
        const byKey = this.askers.get(kind) ?? new Map<string, Set<string>>();
        this.askers.set(kind, byKey);
        for (const key of keys) {
          part.asked.push(kind, key);
          const askers = byKey.get(key);
          if (askers) askers.add(paperId);
          else byKey.set(key, new Set([paperId]));
        }
      }
    }
    this.questions.clear();
    // In the order the readings place them: the papers' cues, the corpus's names, the name families, by paper.
    const edges: LineageEdge[] = [];
    for (const step of [0, 1, 2]) {
      for (const { paperId } of papers) for (const placed of this.parts.get(paperId)!.edges) if (placed.step === step) edges.push(placed.edge);
    }
    return edges;
  }

  /** Takes a paper's part out of the counts, spellings and askers. */
  private forget(paperId: string): void {
    const part = this.parts.get(paperId);
    if (!part) return;
    this.parts.delete(paperId);
    this.add(part, -1);
    for (let i = 0; i < part.asked.length; i += 2) {
      const byKey = this.askers.get(part.asked[i])!;
      const askers = byKey.get(part.asked[i + 1])!;
      askers.delete(paperId);
      if (!askers.size) byKey.delete(part.asked[i + 1]);
    }
    for (const spelled of part.forms.keys()) {
      const papers = this.formPapers.get(spelled)!;
      papers.delete(paperId);
      if (!papers.size) this.formPapers.delete(spelled);
      this.formWinner(spelled);
    }
  }

  /** What a paper counts: its knowledge's keys, and its keys under the canonical ones. */
  private count(paperId: string, { knowledge, year }: PaperInput): void {
    const part: PaperPart = {
      knowledge,
      year,
      keys: paperKeys(knowledge),
      proposes: new Set(),
      roles: new Set(),
      capitalised: new Set(),
      seen: new Set(),
      methodPhrases: new Set(),
      namingPhrases: new Set(),
      untyped: new Set(),
      names: [],
      forms: new Map(),
      base: new Map(),
      edges: [],
      asked: [],
    };
    this.parts.set(paperId, part);
    if (this.keep) this.questions.set(paperId, new Map());
    this.reading(paperId);
    for (const m of knowledge.methods) {
      const key = this.canonicalMethod(m.key);
      if (m.role === 'PROPOSES') {
        part.proposes.add(key);
        for (const name of [m.name, ...m.aliases]) part.names.push([key, name]);
      }
      if ([m.name, ...m.aliases].some((a) => distinctiveName(a) || /^\p{Lu}\p{Ll}{3,}$/u.test(a))) part.capitalised.add(key);
      part.roles.add(key);
      part.seen.add(key);
    }
    for (const c of knowledge.concepts) {
      if (c.kind === 'concept') part.untyped.add(this.canonicalConcept(c.key));
      part.seen.add(this.canonicalMethod(c.key));
      if (c.kind !== 'method') continue;
      const key = this.canonicalConcept(c.key);
      part.methodPhrases.add(key);
      if (canName(key)) part.namingPhrases.add(key);
    }
    this.asking = undefined;
    this.add(part, 1);
  }

  private add(part: PaperPart, delta: 1 | -1): void {
    this.cores.add(part.keys.cores, delta);
    this.heads.add(part.keys.heads, delta);
    this.words.add(part.keys.words, delta);
    this.lower.add(part.keys.lower, delta);
    this.proposed.add(part.proposes, delta);
    this.roles.add(part.roles, delta);
    this.capitalised.add(part.capitalised, delta);
    this.phrases.add(part.namingPhrases, delta);
    this.untyped.add(part.untyped, delta);
    if (part.year !== undefined) {
      this.firstSeen.add(part.seen, part.year, delta);
      this.firstProposed.add(part.proposes, part.year, delta);
    }
    for (const [key, name] of part.names) {
      const names = this.names.get(key) ?? new Map<string, number>();
      const n = (names.get(name) ?? 0) + delta;
      if (n > 0) names.set(name, n);
      else names.delete(name);
      if (names.size) this.names.set(key, names);
      else this.names.delete(key);
    }
  }

  /** The key of the last paper (in id order) that writes a spelling. */
  private formWinner(spelled: string): void {
    if (!this.formsBefore.has(spelled)) this.formsBefore.set(spelled, this.forms.get(spelled));
    let last: string | undefined;
    for (const paperId of this.formPapers.get(spelled)?.keys() ?? []) if (last === undefined || paperId > last) last = paperId;
    if (last === undefined) this.forms.delete(spelled);
    else this.forms.set(spelled, this.formPapers.get(spelled)!.get(last)!);
  }

  /** Parents by the exact spelling papers give them: "LoRA", "Mamba", "CLIP", "Audio Flamingo". */
  private readForms(paperId: string): void {
    const part = this.parts.get(paperId)!;
    this.reading(paperId);
    for (const m of part.knowledge.methods) {
      const key = this.canonicalMethod(m.key);
      if (this.broad(key) || !this.isEntity(key)) continue;
      for (const form of [m.name, ...m.aliases]) {
        const spelled = form.replace(/[\s\-_/]+/g, '');
        const letters = spelled.replace(/[^\p{L}\p{N}]/gu, '').length;
        // An all-capitals acronym inside a name may stand for anything ("Point2SSM"): only mixed-case names count.
        if (distinctiveName(form) ? letters >= 3 : /^\p{Lu}\p{Ll}{4,}$/u.test(form)) part.forms.set(spelled, key);
      }
    }
    this.asking = undefined;
    for (const [spelled, key] of part.forms) {
      const papers = this.formPapers.get(spelled) ?? new Map<string, string>();
      this.formPapers.set(spelled, papers.set(paperId, key));
      this.formWinner(spelled);
    }
  }

  /**
   * Adds an edge to a paper's edges, unless the year rule drops it. `byName`: the child's own name is made from the
   * parent's ("QLoRA" from LoRA), and so names it.
   */
  private place(part: PaperPart, edges: Map<string, Placed>, edge: LineageEdge, step: Placed['step'], byName = false): void {
    if (edge.child === edge.parent || isGenericDescription(edge.child)) return;
    const childYear = part.year;
    const first = this.firstYears(edge.parent);
    // An ancestor first named after its descendant's paper is a misread cue, unless the evidence names it and no
    // later paper proposes it: then the paper itself is its first mention ("Heterogeneous Neural Processes" names
    // neural processes), or the child's name is made from the parent's (QLoRA, 2023, from LoRA).
    const named = () => byName || ` ${conceptKey(edge.evidence)} `.includes(` ${edge.parent} `);
    const proposedLater = (first.proposed ?? -Infinity) > (childYear ?? Infinity);
    if (childYear !== undefined && first.seen !== undefined && first.seen > childYear && (proposedLater || !named())) return;
    const id = `${edge.child}\u0000${edge.parent}`;
    const old = edges.get(id);
    // Two readings of one link in one paper: the stronger reading, with the sentences of both.
    const [strong, weak] = !old || edge.confidence > old.edge.confidence ? [edge, old?.edge] : [old.edge, edge];
    const sentences = [...new Set([...strong.evidence.split(' … '), ...(weak?.evidence.split(' … ') ?? [])])];
    edges.set(id, { edge: { ...strong, evidence: sentences.join(' … ') }, step: old?.step ?? step });
  }

  /** A paper's edges from its cues, then from the names of the corpus's methods (`addCorpusNameDerivations`). */
  private readEdges(paperId: string): void {
    const part = this.parts.get(paperId)!;
    const { knowledge } = part;
    part.base = new Map();
    this.reading(paperId);
    // A two-letter acronym the corpus expands ("AR" → "algorithmic recourse" from another paper) into words this
    // paper never writes is another paper's acronym: LARP's "AR transformer" is autoregressive. (Longer ones, CLIP,
    // LoRA, GRPO, are written without their expansion and name one method.)
    const phrases = ` ${[...knowledge.concepts, ...knowledge.methods].map((c) => c.key).join(' | ')} `;
    const foreign = (short: string, key: string) => short.length <= 2 && key.includes(' ') && !phrases.includes(` ${key} `);
    for (const cue of knowledge.lineage) {
      const child = this.canonicalMethod(cue.child);
      let parent: string | undefined;
      if (cue.within) {
        const squashed = squash(child);
        for (const run of descriptionRuns(cue.parent, cue.within === 'head')) {
          const key = this.canonicalMethod(run);
          if (key === child || squash(run) === squashed || this.broad(run) || this.broad(key)) continue;
          // Another method the same paper proposes is a part of this one, not its family.
          if (part.proposes.has(key)) continue;
          if (!run.includes(' ') && key !== run && (!writesWord(cue.evidence, run) || foreign(run, key))) continue;
          if (this.isEntity(run, child.endsWith(` ${run}`))) {
            parent = key;
            break;
          }
        }
      } else {
        const key = this.canonicalMethod(cue.parent);
        // A named parent: a method entity, a name as the text writes one, or another method this paper proposes
        // ("we introduce M3, a method combining MARINA-P with …").
        const ownNamed = part.proposes.has(key) && !NOT_METHOD_HEADS.has(key.slice(key.lastIndexOf(' ') + 1));
        if (!this.broad(cue.parent) && !this.broad(key) && (ownNamed || this.isEntity(cue.parent) || writtenAsName(cue.evidence, cue.parent))) parent = key;
        // "extends LIME", "inspired by CLIP": an acronym the evidence writes names one method, however generic the
        // words of its expansion ("contrastive language image pre training"), unless the acronym is a class (GNN).
        else {
          const acronym = acronymOf(cue.evidence, cue.parent);
          const classes = [key, cue.parent, ...(acronym ? [conceptKey(acronym)] : [])];
          const notMethod = NOT_METHOD_HEADS.has(key.slice(key.lastIndexOf(' ') + 1));
          if (acronym && !notMethod && !classes.some((k) => BROAD_CLASSES.has(k) || this.isGeneric(this.canonicalConcept(k)))) parent = key;
        }
      }
      if (parent === undefined || foreign(cue.parent, parent)) continue;
      this.place(part, part.base, { child, parent, relation: cue.relation, evidence: cue.evidence, confidence: cue.confidence, paperId }, 0);
    }
    this.addCorpusNameDerivations(paperId, part);
    this.asking = undefined;
  }

  /**
   * A proposed name made from the name of another method entity of the corpus: "TrajMamba" and "VMamba" from Mamba,
   * "SD-LoRA" and "MotionLoRA" from LoRA, "EfficientZero V2" from EfficientZero. The parent's name must be a whole run
   * of the child's name segments, of at least four letters or itself written as a name.
   */
  private addCorpusNameDerivations(paperId: string, part: PaperPart): void {
    for (const m of part.knowledge.methods) {
      if (m.role !== 'PROPOSES') continue;
      const child = this.canonicalMethod(m.key);
      const parents = new Set<string>();
      for (const name of [m.name, ...m.aliases]) {
        if (/\s/.test(name)) {
          // "Audio Flamingo 3", "EfficientZero V2": a new version of a name.
          const version = /^(.+?)\s+(v?\d+(\.\d+)*|\+\+|plus|pro|xl)$/i.exec(name);
          const parent = version ? this.form(version[1].replace(/[\s\-_/]+/g, '')) : undefined;
          if (parent) parents.add(parent);
          continue;
        }
        if (!isNameLike(name)) continue;
        const parts = segments(name);
        for (let i = 0; i < parts.length; i++) {
          for (let j = i + 1; j <= parts.length; j++) {
            if (i === 0 && j === parts.length) continue;
            const parent = this.form(parts.slice(i, j).join(''));
            if (parent) parents.add(parent);
          }
        }
      }
      for (const parent of parents) {
        if (parent === child) continue;
        this.place(part, part.base, { child, parent, relation: 'VARIANT_OF', evidence: m.evidence, confidence: CONFIDENCE.corpusName, paperId }, 1, true);
      }
    }
  }

  /**
   * Name families learnt from the corpus's edges: when at least two methods whose names end in the same segment
   * ("AutoMix", "SUMix") descend from a parent whose name that segment begins ("mixup"), another proposed method
   * whose name ends in it, whose paper speaks of it ("mixing", "mixed images") and that no other reading places, is
   * of the family too (`readFamilies`). Reports the segments whose families changed and the parents whose member
   * papers or their phrases did.
   */
  private learnFamilies(report: (question: string) => void): void {
    const members = new Map<string, Set<string>>();
    for (const part of this.parts.values()) {
      for (const { edge: e } of part.base.values()) {
        const parent = squash(e.parent);
        for (const name of this.names.get(e.child)?.keys() ?? []) {
          const segment = lastSegment(name);
          if (!segment || segment.length < 3 || segment === parent || !parent.startsWith(segment)) continue;
          const id = `${segment}\u0000${e.parent}`;
          members.set(id, (members.get(id) ?? new Set()).add(e.child));
        }
      }
    }
    const families = new Map<string, string[]>();
    for (const [id, children] of members) {
      if (children.size < 2) continue;
      const [segment, parent] = id.split('\u0000');
      families.set(segment, [...(families.get(segment) ?? []), parent].sort());
    }
    for (const segment of new Set([...families.keys(), ...this.families.keys()])) {
      if (String(families.get(segment)) !== String(this.families.get(segment))) report(`F${segment}`);
    }
    this.families = families;
    // Each family parent's member papers (those with an edge to it) and, in how many of them, each method phrase.
    const parents = new Set([...families.values()].flat());
    const memberPapers = new Map([...parents].map((parent) => [parent, new Set<string>()]));
    for (const [paperId, part] of this.parts) for (const { edge } of part.base.values()) memberPapers.get(edge.parent)?.add(paperId);
    const previous = this.members;
    this.members = new Map();
    for (const [parent, papers] of memberPapers) {
      const phrases = new Map<string, number>();
      for (const paperId of papers) for (const k of this.parts.get(paperId)!.methodPhrases) phrases.set(k, (phrases.get(k) ?? 0) + 1);
      const signature = JSON.stringify([[...papers].sort(), [...phrases].sort()]);
      this.members.set(parent, { papers, phrases, signature });
    }
    for (const parent of new Set([...previous.keys(), ...this.members.keys()])) {
      if (previous.get(parent)?.signature !== this.members.get(parent)?.signature) report(`P${parent}`);
    }
  }

  /** A paper's edges with its name families, without the parents a more specific parent of the same child names. */
  private readFamilies(paperId: string): void {
    const part = this.parts.get(paperId)!;
    const { knowledge } = part;
    const edges = new Map(part.base);
    this.reading(paperId);
    // A name is a weak reading: a method another reading already places (SampleMix → data mixing) keeps that place.
    const placed = new Set([...part.base.values()].map(({ edge }) => edge.child));
    const words = new Set(knowledge.concepts.flatMap((c) => c.key.split(' ')));
    for (const m of knowledge.methods) {
      if (m.role !== 'PROPOSES') continue;
      const child = this.canonicalMethod(m.key);
      if (placed.has(child)) continue;
      const endings = [...new Set([m.name, ...m.aliases].map(lastSegment))].filter((s) => s !== undefined).sort();
      for (const segment of endings) {
        for (const parent of this.familyParents(segment)) {
          // The paper speaks of the family: it names the parent, or shares a method phrase with a member's paper
          // ("data mixing augmentation" in SnapMix's paper and AutoMix's): one its own paper, if a member's, does not
          // account for alone.
          const namesParent = words.has(parent) || knowledge.concepts.some((c) => ` ${c.key} `.includes(` ${parent} `));
          const members = this.membersOf(parent);
          const ownCount = members.papers.has(paperId) ? 1 : 0;
          const shares = [...part.methodPhrases].some((k) => (members.phrases.get(k) ?? 0) > ownCount);
          if (!namesParent && !shares) continue;
          this.place(part, edges, { child, parent, relation: 'FAMILY', evidence: m.evidence, confidence: CONFIDENCE.nameFamily, paperId }, 2);
        }
      }
    }
    this.asking = undefined;
    // "knowledge distillation" and "distillation" from one paper: the more specific parent says it all.
    const all = [...edges.values()];
    part.edges = all.filter(({ edge: e }) => !all.some(({ edge: o }) => o.child === e.child && o.parent.endsWith(` ${e.parent}`)));
  }
}

/** The last segment of a name of several: "mix" of "AutoMix". */
function lastSegment(name: string): string | undefined {
  const parts = segments(name);
  return parts.length > 1 ? parts[parts.length - 1].toLowerCase() : undefined;
}

/**
 * Whether a key names a method entity of `papers` (LineageCounts.isEntity), with `counts` brought up to date with
 * them.
 */
export function methodEntities(
  papers: PaperInput[],
  context: LineageContext,
  counts = new LineageCounts(false),
): (key: string, ownHead?: boolean) => boolean {
  counts.lineage(papers, context);
  return (key, ownHead) => counts.isEntity(key, ownHead);
}

/**
 * The corpus's lineage edges. `counts`: what the previous call on this corpus kept (updateCorpusGraph keeps it),
 * brought up to date with the papers and context answers that changed; the edges are those a fresh call gives.
 */
export function corpusLineage(papers: PaperInput[], context: LineageContext, counts = new LineageCounts(false)): LineageEdge[] {
  return counts.lineage(papers, context);
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
