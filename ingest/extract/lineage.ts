import { conceptKey, isNameLike } from './keys';
import { GENERIC_MODIFIERS, METHOD_HEADS, TASK_HEADS } from './lexicon';
import type { Word } from './nlp';
import { resolveKey, type AnalysedPaper } from './paper';
import type { CorpusStats } from './stats';
import type { LineageCue, LineageRelation } from './types';

/**
 * Lineage cues of one paper: from each method the paper proposes to the methods it comes from, with the sentence
 * that says so. Readings, strongest first:
 *  - explicit cues ("a variant of X", "extends X", "builds on X", "based on X", "inspired by X", "improves X",
 *    "generalizes X", "our X-based …") in a sentence about the paper's own method;
 *  - the definition of a proposed method: "we propose Puzzle Mix, a mixup method …", "a novel automatic mixup
 *    (AutoMix) framework", "SUMix: Mixup with Semantic and Uncertain Information" (the title's "X: Y with Z");
 *  - name derivation within the paper: "AdAutomixup" from "AutoMix", "TiKMiX-D" from "TiKMiX", "Fast Sparse Mixer"
 *    from "Sparse Mixer", "FedLESAM" from the sharpness-aware minimization (SAM) the paper defines;
 *  - the method's own long name: "Heterogeneous Neural Processes" is a kind of neural process;
 *  - the title's verb after its colon: the method builds on what it acts on ("SDXL: Improving Latent Diffusion Models");
 *  - across sentences: "prior … models" after a cue points back at the methods a sentence before names as examples
 *    ("approaches such as DUSt3R … Rig3R, a generalization of prior multiview reconstruction models"), the evidence
 *    both sentences.
 * A cue's description with no method head ("based on neural compression") resolves only by runs ending at its head.
 * A cue is about the proposed method named last before it; a benchmark the paper proposes descends from nothing.
 * A parent read from a description rather than a name ("Mixup method", "an adversarial automatic mixup
 * augmentation approach") is marked `within`: the corpus step (ingest/lineage.ts) resolves it to the longest method
 * entity of the corpus it names, or drops it ("a bottom-up paradigm" names none). Name derivation against every
 * method of the corpus is corpus-level too.
 */

/** What a cue points at. */
export interface LineageTarget {
  name: string;
  aliases: string[];
  /** A proper name (AutoMix, BERT) rather than a description ("attention-based model"). */
  named: boolean;
}

/** A lineage cue found in a sentence, before the child is known. */
export interface FoundCue {
  target: LineageTarget;
  relation: LineageRelation;
  /** The sentence speaks of the paper's own work ("we", "our", "this paper"). */
  own: boolean;
  sentence: number;
  /** Read from an "X-based" word: counts only where it describes the proposed method itself. */
  xBased?: boolean;
  /** Word index of the cue in its sentence. */
  at: number;
  /** The child is named after the cue ("SDS is a special case of VSD"), not before it. */
  after?: boolean;
  /**
   * The target is a description headed by no method word ("based on neural compression"): it names a parent only
   * by a run of its words that ends at its head, as a method's own long name does.
   */
  described?: boolean;
  /** The sentence that names the parent, when the cue's sentence only points back at it ("prior … models"). */
  mentioned?: number;
}

/** A method the paper proposes, with the sentence that proposes it. */
export interface ProposedMethod {
  key: string;
  name: string;
  aliases: string[];
  named: boolean;
  sentence: number;
}

/** Confidence by reading: an explicit cue naming the parent is near 1, a name resemblance lower. */
const CONFIDENCE = {
  namedCue: 0.9,
  definition: 0.8,
  describedCue: 0.7,
  title: 0.7,
  nameInPaper: 0.6,
} as const;

/** "LLMs", "PDAs": an acronym in the plural names a class of models, not one method to descend from. */
const PLURAL_ACRONYM = /^\p{Lu}[\p{Lu}\p{N}-]*s$/u;
const DETERMINERS = new Set(['a', 'an', 'the']);
const KIND_OF = new Set(['class', 'family', 'kind', 'type', 'form', 'variant', 'variation', 'version', 'instance', 'generalization', 'extension']);
/** Words between a description and the name it gives: "a novel scheme, termed as SnapMix". */
const NAMING = new Set(['called', 'named', 'termed', 'dubbed', 'coined', 'as', 'namely', ',', 'known', 'referred', 'to', 'call', 'term']);
/** Words that end a definition: a clause, a purpose, a means ("a mixup method for explicitly utilizing …"). */
const DEFINITION_STOPS = new Set(
  `, . ; : ( ) that which who whose where to for by with in on of from via through using under designed capable
  tailored aimed aiming built based trained able enabling allowing specifically particularly and or as than`.split(/\s+/),
);
/** Title words after the colon that start a clause or a question, not a description ("AutoMix: Unveiling …"). */
const NOT_A_DESCRIPTION = /^(what|why|how|when|where|which|who|is|are|do|does|can|towards?|beyond|on|rethinking|revisiting|unveiling|understanding|learning|making|improving|enhancing|bridging|scaling|exploring|boosting|taming|unlocking|leveraging|benchmarking|evaluating|let|when)$/i;
const NOUN_PHRASE_POS = new Set(['NOUN', 'PROPN', 'ADJ', 'NUM', 'X', 'SYM']);
/** Words that only say "a method": never a parent on their own, and a child made only of them is no method name. */
const GENERIC_WORDS = new Set([
  ...GENERIC_MODIFIERS,
  ...TASK_HEADS,
  ...`method approach algorithm model framework technique network architecture system strategy procedure scheme
  mechanism module pipeline paradigm solution tool variant family learning training augmentation objective loss
  representation new novel simple`.split(/\s+/),
]);

function squash(text: string): string {
  return conceptKey(text).replace(/ /g, '');
}

/** Squashed forms of a sentence's words, computed once per sentence (name matching asks for them often). */
const squashedWords = new WeakMap<Word[], string[]>();
function squashedOf(words: Word[]): string[] {
  let squashed = squashedWords.get(words);
  if (!squashed) {
    squashed = words.map((w) => squash(w.text));
    squashedWords.set(words, squashed);
  }
  return squashed;
}

/** A child named by generic words only ("augmentation scheme", "novel method") is no method to hang lineage on. */
export function isGenericDescription(key: string): boolean {
  return key.split(' ').every((w) => GENERIC_WORDS.has(w));
}

/** The words of a description up to where it stops, past leading determiners and generic modifiers. */
function descriptionFrom(words: Word[], start: number): Word[] {
  let i = start;
  for (;;) {
    while (i < words.length && (DETERMINERS.has(words[i].lower) || GENERIC_MODIFIERS.has(words[i].lower))) i++;
    // "a class of concept bottleneck models", "a new family of …": the description is what follows "of".
    if (KIND_OF.has(words[i]?.lower ?? '') && words[i + 1]?.lower === 'of') i += 2;
    else break;
  }
  const out: Word[] = [];
  for (; i < words.length && out.length < 8; i++) {
    if (DEFINITION_STOPS.has(words[i].lower) || words[i].pos === 'VERB' || words[i].pos === 'ADP') break;
    out.push(words[i]);
  }
  return out;
}

/**
 * What "a method for X" is for, when X is a name ("SIVI", "black-box variational inference (BBVI)"): a method for
 * a named method is a kind of it. `description` is the definition read from word `from` (or found in `words`).
 */
function purposeAfter(words: Word[], description: Word[], from = words.indexOf(description[0])): Word[] | undefined {
  const head = description[description.length - 1]?.lower ?? '';
  if (!description.length || !PURPOSE_HEADS.has(head) || words[from + description.length]?.lower !== 'for') return undefined;
  const start = from + description.length + 1;
  const object = descriptionFrom(words, start);
  const end = start + object.length;
  const acronym = words[end]?.text === '(' && words[end + 2]?.text === ')' && isNameLike(words[end + 1].text);
  const named = object.length === 1 && isNameLike(object[0].text);
  return object.length && (acronym || named) && words[start]?.pos !== 'DET' ? object : undefined;
}
const PURPOSE_HEADS = new Set(['method', 'approach', 'algorithm', 'framework', 'technique', 'scheme']);

/** An X-based word and the X it names: "mixup-based", "(MoE)-based", "UCB-like", "GFlowNet-Driven", "LLM-guided". */
export const X_BASED = /^\(?(.+?)\)?-(based|like|driven|guided|powered)$/i;

/** "mixup-based" → "mixup", "(MoE)-based" → "MoE": an X-based word as the X it names. */
function withoutBased(word: Word): string {
  return word.text.replace(X_BASED, '$1');
}

interface Definition {
  text: string;
  sentence: number;
  fromTitle: boolean;
  /** A name rather than a description: "a method for SIVI" names semi-implicit variational inference. */
  named?: boolean;
  /** What the method is to it: a kind of it (FAMILY, the default), or built on it ("PANDAS: Improving Many-shot Jailbreaking"). */
  relation?: LineageRelation;
}

/** Title verbs after the colon that say what the method improves on or extends: "SDXL: Improving Latent Diffusion Models …". */
const TITLE_IMPROVES = /^(improving|enhancing|boosting|scaling|accelerating|empowering|unlocking|unleashing|advancing|taming|stabilizing|stabilising|simplifying)$/i;
const TITLE_EXTENDS = /^(extending|generalizing|generalising)$/i;
/** Words that name an aspect of what follows "of": "inspired by the success of denoising diffusion models". */
export const ASPECTS = new Set(['success', 'idea', 'ideas', 'concept', 'principle', 'principles', 'spirit', 'structure', 'strengths', 'power', 'framework', 'paradigm']);

/** Every place a proposed method's name (or one of its aliases) occurs in a sentence, in order, as they are found. */
function* namesAt(words: Word[], forms: string[][]): Generator<{ start: number; end: number }> {
  const squashed = squashedOf(words);
  for (let i = 0; i < words.length; i++) {
    for (const form of forms) {
      if (form.length && form.every((f, k) => squashed[i + k] === f)) yield { start: i, end: i + form.length };
    }
  }
}

/** Where a proposed method's name (or one of its aliases) first starts in a sentence, if it is there. */
function nameAt(words: Word[], forms: string[][]): { start: number; end: number } | undefined {
  for (const at of namesAt(words, forms)) return at;
  return undefined;
}

/**
 * What the paper says its method is: the apposition after the name ("Puzzle Mix, a mixup method for …"), the
 * description around it ("a novel automatic mixup (AutoMix) framework", "a Mixture-of-Experts (MoE)-based video
 * reward model"), "X is a …", and the title after the colon ("SUMix: Mixup with …", "X: an adaptive Y").
 */
function definitions(paper: AnalysedPaper, method: ProposedMethod): Definition[] {
  const forms = [method.name, ...method.aliases].map((a) => a.split(/\s+/).map(squash).filter((w) => w !== ''));
  const ownWords = new Set(forms.filter((f) => f.length === 1).map((f) => f[0]));
  const ownPhrases = [method.name, ...method.aliases].filter((a) => /\s/.test(a)).map(conceptKey);
  const found: Definition[] = [];
  const add = (words: Word[], sentence: number, fromTitle: boolean, named = false, relation?: LineageRelation) => {
    // The method's own name is not its definition; an acronym the paper defines reads as its expansion. An
    // X-based word reads as X ("a mixup-based augmentation"), and a lower-case one as itself too ("a score-based
    // generative model").
    const own = words.filter((w) => !ownWords.has(squash(w.text)));
    const literal = own.some((w) => /^\p{Ll}+-based$/u.test(w.text));
    const readings = [own.map(withoutBased), ...(literal ? [own.map((w) => w.text)] : [])];
    for (const reading of readings) {
      const text = reading.map((x) => paper.acronyms.get(conceptKey(x))?.long ?? x).join(' ');
      const key = conceptKey(text);
      // "Condition-Aware Reparameterization" of "CAR-Flow": the method's own long name is no definition.
      if (key !== '' && !ownPhrases.some((p) => ` ${p} `.includes(` ${key} `))) found.push({ text, sentence, fromTitle, named, relation });
    }
  };
  // Every sentence that names the method: the title may name it first, the abstract define it later.
  const sentences = new Set([method.sentence]);
  for (let s = 0; s < paper.sentences.length; s++) if (nameAt(paper.sentences[s].words, forms)) sentences.add(s);
  // Each place the name occurs: "Knowledge-enhanced Bottlenecks (KnoBo), a class of …" defines it after the alias.
  const places = [...sentences].flatMap((s) => [...namesAt(paper.sentences[s].words, forms)].map((at) => ({ s, at })));
  for (const { s, at } of places) {
    const { words } = paper.sentences[s];
    if (s < paper.titleSentences) {
      // "PANDAS: Improving Many-shot Jailbreaking via …", "OpenWorldSAM: Extending SAM2 for …", "StyleGAN-T: Unlocking
      // the Power of GANs …": what the title's verb acts on is what the method builds on.
      const verb = words[at.end]?.text === ':' ? (words[at.end + 1]?.text ?? '') : '';
      if (TITLE_IMPROVES.test(verb) || TITLE_EXTENDS.test(verb)) {
        let from = at.end + 2;
        while (DETERMINERS.has(words[from]?.lower ?? '')) from++;
        if (ASPECTS.has(words[from]?.lower ?? '') && words[from + 1]?.lower === 'of') from += 2;
        const object = descriptionFrom(words, from);
        const named = object.length === 1 && isNameLike(object[0].text);
        if (object.length) add(object, s, true, named, TITLE_EXTENDS.test(verb) ? 'EXTENDS' : 'BUILDS_ON');
        continue;
      }
      // "SUMix: Mixup with Semantic …": the description after the colon, cut at its first preposition.
      const description = descriptionFrom(words, at.end + 1);
      const nounPhrase = description.every((w) => NOUN_PHRASE_POS.has(w.pos));
      if (words[at.end]?.text === ':' && nounPhrase && !NOT_A_DESCRIPTION.test(words[at.end + 1]?.text ?? '')) {
        add(description, s, true);
      }
      continue;
    }
    // "Puzzle Mix, a mixup method", "AutoMix is a …".
    let next = at.end;
    if (words[next]?.text === ')') next++;
    if ([',', ':', '—', '–', '-', 'is', 'are'].includes(words[next]?.lower ?? '') && DETERMINERS.has(words[next + 1]?.lower ?? '')) {
      const description = descriptionFrom(words, next + 1);
      add(description, s, false);
      // "EigenVI, an eigenvalue-based approach for black-box variational inference (BBVI)".
      const purpose = purposeAfter(words, description);
      if (purpose) add(purpose, s, false, true);
    }
    // "a novel automatic mixup (AutoMix) framework", "a … approach, named X", "a … scheme, termed as X".
    const inParentheses = words[at.start - 1]?.text === '(';
    let start = inParentheses ? at.start - 1 : at.start;
    while (start > 0 && NAMING.has(words[start - 1].lower)) start--;
    let det = start - 1;
    while (det >= 0 && det >= start - 9 && !DETERMINERS.has(words[det].lower)) det--;
    if (det < 0 || det < start - 9 || det === start - 1) continue;
    const before = words.slice(det + 1, start);
    // "a novel method for SIVI called Particle Variational Inference (PVI)".
    const forAt = before.findIndex((w) => w.lower === 'for');
    if (forAt > 0 && isGenericDescription(conceptKey(before.slice(0, forAt).map((w) => w.text).join(' ')))) {
      const purpose = purposeAfter(words, before.slice(0, forAt), det + 1);
      if (purpose) add(purpose, s, false, true);
    }
    if (before.some((w) => DEFINITION_STOPS.has(w.lower) || w.pos === 'VERB' || w.pos === 'ADP')) continue;
    const after = inParentheses ? descriptionFrom(words.slice(at.end + (words[at.end]?.text === ')' ? 1 : 0)), 0) : [];
    add([...before, ...after], s, false);
  }
  return found;
}

/** Parts of a derived name that make it a benchmark or a dataset, not a variant ("SOTOPIA-hard", "HumanEvalPack"). */
const NOT_A_VARIANT = new Set(['bench', 'benchmark', 'eval', 'evaluation', 'hard', 'easy', 'data', 'dataset', 'set', 'pack', 'test', 'suite', 'arena', 'corpus', 'instruct']);

/** Words that end the head of a method's long name: what follows is its purpose or means. */
const NAME_PREPOSITIONS = new Set(['for', 'with', 'of', 'via', 'in', 'on', 'to', 'using', 'by', 'from', 'through']);

/** Words that make a name a benchmark or a data set. */
const BENCHMARK_WORDS = new Set(['bench', 'benchmark', 'eval', 'evaluation', 'dataset', 'corpus', 'arena', 'suite', 'leaderboard']);

/** A word as a name: possessive dropped ("FlashMD’s"), undefined for what is no name (a URL, a plain word). */
function nameText(word: Word): string | undefined {
  const text = word.text.replace(/['’]s$/u, '');
  if (/:\/\/|www\.|github|\.(com|org|io|html?)\b/i.test(text) || !isNameLike(text)) return undefined;
  return text;
}

/**
 * A capitalised word in lower-case prose that is a whole segment at either end of a proposed name: "Adam" of
 * "ScaledAdam" ("… better performance than Adam"), "Mamba" of "TrajMamba".
 */
function segmentInProse(words: Word[], w: number, child: ProposedMethod): string | undefined {
  const { text } = words[w];
  if (!/^\p{Lu}\p{Ll}{3,}$/u.test(text) || !/^\p{Ll}/u.test(words[w - 1]?.text ?? '')) return undefined;
  const segment = (name: string) =>
    name.length > text.length &&
    ((name.endsWith(text) && /[\p{Ll}\p{N}-]/u.test(name[name.length - text.length - 1])) ||
      (name.startsWith(text) && /[\p{Lu}\p{N}-]/u.test(name[text.length])));
  return [child.name, ...child.aliases].some((n) => !n.includes(' ') && segment(n)) ? text : undefined;
}

/** A long form written as a name, every word capitalised, whose head is a method word ("Large Neighborhood Search"). */
function namedMethod(long: string): boolean {
  const words = long.split(/[\s-]+/).filter((w) => /\p{L}{3,}/u.test(w));
  return words.length > 1 && words.every((w) => /^\p{Lu}/u.test(w)) && METHOD_HEADS.has(conceptKey(words[words.length - 1]));
}

/**
 * The proposed method a cue at word `cue` of sentence s is about: the last one the sentence names before the cue
 * ("we introduce M3, a method combining MARINA-P with …" is about M3), else the first it names or proposes.
 */
function childOf(paper: AnalysedPaper, s: number, cue: number, proposed: ProposedMethod[], target: LineageTarget, after = false): ProposedMethod | undefined {
  const { words } = paper.sentences[s];
  const at = (m: ProposedMethod) => nameAt(words, [m.name, ...m.aliases].map((a) => a.split(/\s+/).map(squash)))?.start;
  // "we enhance DiffPreT by a method called SiamDiff": the method the cue points at is not its own child.
  const targetForms = new Set([target.name, ...target.aliases].map(squash));
  const named = proposed
    .filter((m) => ![m.name, ...m.aliases].some((a) => targetForms.has(squash(a))))
    .map((m) => ({ m, i: at(m) ?? (m.sentence === s ? Number.MAX_SAFE_INTEGER : undefined) }))
    .filter((x): x is { m: ProposedMethod; i: number } => x.i !== undefined)
    .sort((a, b) => a.i - b.i);
  if (after) return named.find((x) => x.i > cue && x.i !== Number.MAX_SAFE_INTEGER)?.m;
  return (named.filter((x) => x.i < cue).pop() ?? named[0])?.m;
}

/** Sentence s says "our …" within three words before word i. */
function ourBefore(words: Word[], i: number): boolean {
  return words.slice(Math.max(0, i - 3), i).some((w) => w.lower === 'our');
}

/** Word i is in a preposition's object: "… without extra FLOPs to ViT-based models". */
function objectOfPreposition(words: Word[], i: number): boolean {
  let k = i - 1;
  while (k >= 0 && ['DET', 'ADJ', 'NUM'].includes(words[k].pos)) k--;
  return words[k]?.pos === 'ADP';
}

/** Words that introduce the means of a method: "via GFlowNet-Driven Alignment", "with Transformer-based …". */
const MEANS = new Set(['via', 'with', 'through', 'using', 'by']);

/** The preposition whose object word i is in introduces a means. */
function meansBefore(words: Word[], i: number): boolean {
  let k = i - 1;
  while (k >= 0 && ['DET', 'ADJ', 'NUM'].includes(words[k].pos)) k--;
  return MEANS.has(words[k]?.lower ?? '');
}

/** The sentence is about the method: its name opens it ("DMWM is composed of … an RSSM-based System 1"). */
function opensWith(words: Word[], method: ProposedMethod): boolean {
  const start = nameAt(words, [method.name, ...method.aliases].map((a) => a.split(/\s+/).map(squash)))?.start;
  return start === 0 || (start === 1 && DETERMINERS.has(words[0].lower));
}

/**
 * Lineage cues of one paper. `found` are the cues the method scan read; `proposed` the methods the paper proposes,
 * named ones first. A parent the corpus statistics call generic ("large language model") is a class, not an
 * ancestor, and is left out; so is one made only of generic words.
 */
export function paperLineage(
  paper: AnalysedPaper,
  proposed: ProposedMethod[],
  found: FoundCue[],
  stats?: CorpusStats,
): LineageCue[] {
  // A proposed name that only begins another's long name is a fragment of it ("Differentially-Private Offsite" of
  // "Differentially-Private Offsite Prompt Tuning").
  const longNames = proposed.flatMap((m) => [m.name, ...m.aliases].map(conceptKey).filter((k) => k !== m.key));
  const fragment = (m: ProposedMethod) => m.key.includes(' ') && longNames.some((k) => k.startsWith(`${m.key} `));
  // A benchmark or a data set the paper proposes ("SOTOPIA-Eval", "SAVVY-Bench") descends from no method.
  // So is one the paper defines as one: "SAFIM, a new benchmark for …".
  const benchmark = (m: ProposedMethod) =>
    m.key.split(' ').some((w) => BENCHMARK_WORDS.has(w)) ||
    definitions(paper, m).some((d) => !d.relation && BENCHMARK_WORDS.has(conceptKey(d.text).split(' ').pop() ?? ''));
  const children = proposed.filter((m) => !isGenericDescription(m.key) && !fragment(m) && !benchmark(m));
  if (!children.length) return [];
  const main = children.find((m) => m.named) ?? children[0];
  const formsOf = new Map(children.map((m) => [m.key, new Set([m.key, ...m.aliases].map(squash))]));
  const lineage: LineageCue[] = [];
  const ownPhrases = new Map(children.map((m) => [m.key, [m.name, ...m.aliases].filter((a) => /\s/.test(a)).map(conceptKey)]));

  const add: AddCue = (child, parent, relation, sentences, confidence, within) => {
    // "M-FLYT … FLYT": an acronym the paper defines is the method it stands for.
    const key = within ? conceptKey(parent.name) : resolveKey(paper, conceptKey(parent.name));
    const childForms = formsOf.get(child.key) ?? new Set([squash(child.name)]);
    if (key === '' || (!within && (childForms.has(key.replace(/ /g, '')) || key === child.key))) return;
    if (!within && (PLURAL_ACRONYM.test(parent.name) || isGenericDescription(key))) return;
    if (stats?.isGeneric(key) || stats?.isGeneric(resolveKey(paper, key))) return;
    if (lineage.some((e) => e.child === child.key && e.parent === key)) return;
    // Part of the method's own long name is not its parent, unless the name is that parent with modifiers.
    const own = ownPhrases.get(child.key) ?? [];
    if (!within && own.some((p) => ` ${p} `.includes(` ${key} `) && !p.endsWith(` ${key}`))) return;
    const evidence = [...new Set(sentences)]
      .sort((a, b) => a - b)
      .map((i) => paper.sentences[i].text)
      .join(' … ');
    lineage.push({ child: child.key, parent: key, relation, evidence, confidence, ...(within ? { within } : {}) });
  };

  for (const f of found) {
    const child = childOf(paper, f.sentence, f.at, children, f.target, f.after) ?? (f.own ? main : undefined);
    if (!child) continue;
    if (f.xBased) {
      // "TransMix … to ViT-based models" is about the models, not TransMix: an X-based word counts where it
      // describes the method (its proposing sentence, one its name opens) or "our" work.
      const { words } = paper.sentences[f.sentence];
      const proposing = f.sentence === child.sentence && f.sentence >= paper.titleSentences;
      const opened = f.sentence >= paper.titleSentences && opensWith(words, child) && !objectOfPreposition(words, f.at);
      // "EraseFlow: Learning Concept Erasure Policies via GFlowNet-Driven Alignment": in a title the method's name
      // opens, a name in an X-based word of the means (after "via", "with", …) describes the method.
      const titled = f.sentence < paper.titleSentences && f.target.named && opensWith(words, child) && meansBefore(words, f.at);
      if (!proposing && !ourBefore(words, f.at) && !opened && !titled) continue;
    }
    const confidence = f.target.named && f.mentioned === undefined ? CONFIDENCE.namedCue : CONFIDENCE.describedCue;
    const sentences = [f.sentence, ...(f.mentioned === undefined ? [] : [f.mentioned])];
    add(child, f.target, f.relation, sentences, confidence, f.target.named ? undefined : f.described ? 'head' : 'phrase');
  }

  for (const child of children) {
    for (const d of definitions(paper, child)) {
      const target = { name: d.text, aliases: [], named: !!d.named };
      add(child, target, d.relation ?? 'FAMILY', [d.sentence], d.fromTitle ? CONFIDENCE.title : CONFIDENCE.definition, d.named ? undefined : 'phrase');
    }
  }
  addNameDerivations(paper, children, add);
  // Its own long name says what it is a kind of: "Zero-Sum Linear Attention", "Scalable Decoupled LoRA".
  for (const child of children) {
    for (const name of [child.name, ...child.aliases].filter((a) => conceptKey(a).includes(' '))) {
      // Past its first word (the whole name is the child itself: "Heterogeneous Neural Processes" → "Neural
      // Processes"); before a preposition too ("Sparse Autoencoders for Multi-View Clustering" → "Autoencoders").
      const words = name.split(/\s+/);
      const end = words.findIndex((w, i) => i > 1 && NAME_PREPOSITIONS.has(w.toLowerCase()));
      for (const head of end < 0 ? [words.slice(1)] : [words.slice(1), words.slice(0, end)]) {
        add(child, { name: head.join(' '), aliases: [], named: false }, 'FAMILY', [child.sentence], CONFIDENCE.nameInPaper, 'head');
      }
    }
  }
  return lineage;
}

/** Records that `child` descends from `parent` (`within`: the parent is read inside the child's own name). */
type AddCue = (
  child: ProposedMethod,
  parent: LineageTarget,
  relation: LineageRelation,
  sentences: number[],
  confidence: number,
  within?: 'phrase' | 'head',
) => void;

/**
 * A name built from another name the paper mentions is a variant of it ("AdAutomixup" of "AutoMix", "TiKMiX-D" of
 * "TiKMiX", "Fast Sparse Mixer" of "Sparse Mixer"), or builds on it when the other is a whole part of a compound
 * name ("MoE-LLaVA" on "LLaVA"). Evidence is the sentence that mentions the older name, with the one that proposes
 * the new one.
 */
function addNameDerivations(
  paper: AnalysedPaper,
  children: ProposedMethod[],
  add: AddCue,
): void {
  const proposedSentence = (m: ProposedMethod) => (m.sentence >= paper.titleSentences ? [m.sentence] : []);
  // A proposed method's own variants: names in the text that contain it ("TiKMiX-D", "M-FLYT" of "FLYT").
  for (const parent of children.filter((m) => m.named)) {
    const parentForms = [parent.name, ...parent.aliases].filter((a) => isNameLike(a) && !a.includes(' ')).map(squash);
    for (let s = paper.titleSentences; s < paper.sentences.length; s++) {
      for (const word of paper.sentences[s].words) {
        const text = nameText(word);
        if (!text) continue;
        const squashed = squash(text);
        const parts = conceptKey(text).split(' ');
        if (parts.length < 2 || !parentForms.some((p) => parts.includes(p) && squashed !== p)) continue;
        if (parts.some((p) => NOT_A_VARIANT.has(p)) || children.some((c) => squash(c.name) === squashed)) continue;
        const variant = { key: conceptKey(text), name: text, aliases: [text], named: true, sentence: s };
        add(variant, { name: parent.name, aliases: [], named: true }, 'VARIANT_OF', [s], CONFIDENCE.nameInPaper);
      }
    }
  }
  for (const child of children) {
    const forms = [child.name, ...child.aliases].map((a) => ({ squashed: squash(a), parts: new Set(conceptKey(a).split(' ')) }));
    const childKeys = [child.name, ...child.aliases].map(conceptKey).filter((k) => k.includes(' '));
    // Words of the method's own long name ("Differentially-Private Offsite Prompt Tuning") are not its parents.
    const ownPhrases = [child.name, ...child.aliases].filter((a) => /\s/.test(a)).map(conceptKey);
    // Another proposed method inside the name: "Fast Sparse Mixer" of "Sparse Mixer".
    for (const other of children) {
      if (other === child || !other.named) continue;
      const key = conceptKey(other.name);
      if (childKeys.some((k) => k !== key && k.endsWith(` ${key}`))) {
        add(child, { name: other.name, aliases: [], named: true }, 'VARIANT_OF', proposedSentence(child), CONFIDENCE.nameInPaper);
      }
    }
    for (let s = paper.titleSentences; s < paper.sentences.length; s++) {
      const sentenceKey = ` ${conceptKey(paper.sentences[s].text)} `;
      const words = paper.sentences[s].words;
      for (let w = 0; w < words.length; w++) {
        const text = nameText(words[w]) ?? segmentInProse(words, w, child);
        if (!text) continue;
        const parent = conceptKey(text);
        const squashed = parent.replace(/ /g, '');
        // A three-letter name counts when it is an acronym the paper defines and begins or ends the child's name
        // ("FedLESAM" of sharpness-aware minimization (SAM), "LLM-LNS" of Large Neighborhood Search (LNS)).
        const definedAcronym = (n: string) => paper.acronyms.has(parent) && n.length > text.length + 1 && (n.startsWith(text) || n.endsWith(text));
        if (squashed.length < 3 || (squashed.length === 3 && ![child.name, ...child.aliases].some(definedAcronym))) continue;
        const form = forms.find((f) => f.squashed !== squashed && f.squashed.includes(squashed));
        // "IN-CONTEXT PRETRAINING" mentions the child, not a parent named "IN-CONTEXT".
        if (!form || childKeys.some((k) => k.includes(parent) && sentenceKey.includes(` ${k} `))) continue;
        if (ownPhrases.some((p) => ` ${p} `.includes(` ${parent} `))) continue;
        // "… By evaluating ShadowK": a name cut off where the abstract was truncated.
        const last = s === paper.sentences.length - 1 && words.slice(w + 1).every((x) => !/[\p{L}\p{N}]/u.test(x.text));
        if (last && form.squashed.startsWith(squashed)) continue;
        const relation = form.parts.has(parent) ? 'BUILDS_ON' : 'VARIANT_OF';
        const sentences = [s, ...proposedSentence(child)];
        // A three-letter acronym may abbreviate a domain ("RTL" of "register transfer level"): its long form must
        // name a method entity of the corpus, as a description does.
        // Written as a name ("Large Neighborhood Search (LNS)") and headed by a method word, it names one.
        const long = paper.acronyms.get(parent)?.long ?? '';
        if (squashed.length === 3 && !namedMethod(long)) add(child, { name: long, aliases: [], named: false }, relation, sentences, CONFIDENCE.nameInPaper, 'head');
        else add(child, { name: squashed.length === 3 ? long : text, aliases: [], named: true }, relation, sentences, CONFIDENCE.nameInPaper);
      }
    }
  }
}
