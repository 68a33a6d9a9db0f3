import { acronymDefinitions, phraseText, type Chunk } from './chunks';
import { abbreviationOf, conceptKey, isNameLike } from './keys';
import { GENERIC_MODIFIERS, METHOD_HEADS, NATURAL_LANGUAGES } from './lexicon';
import type { Sentence, Word } from './nlp';
import { ASPECTS, isGenericDescription, paperLineage, X_BASED, type FoundCue, type LineageTarget } from './lineage';
import type { AnalysedPaper } from './paper';
import type { CorpusStats } from './stats';
import type { LineageCue, LineageRelation, MethodMention, MethodRole } from './types';

interface Cue {
  words: string[];
  role: MethodRole;
  /** A lineage cue: the paper's own method relates this way to the target. */
  relation?: LineageRelation;
  /** Only a proper name counts as the target ("improves BERT", not "improves final loss"). */
  namedOnly?: boolean;
  /** A naming cue: the name follows ("termed SnapMix", "known as PIIP", "which we call FKCs"). */
  naming?: boolean;
}

function cues(role: MethodRole, phrases: string, relation?: LineageRelation, namedOnly?: boolean): Cue[] {
  return phrases.split('|').map((p) => ({ words: p.trim().split(' '), role, relation, namedOnly }));
}

/** Words after a lineage cue that point back at methods named before: "a generalization of prior … models". */
const ANAPHORIC = new Set(['prior', 'previous', 'existing', 'these', 'those', 'such']);

const CUES: Cue[] = [
  ...cues('PROPOSES', 'propose|proposes|introduce|introduces|present|presents|develop|develops'),
  ...cues('PROPOSES', 'named|called|dubbed|termed|coined|namely|known as|referred to as|we call|we term').map((c) => ({ ...c, naming: true })),
  ...cues(
    'USES',
    'extends|extend|extending|extension of|generalizes|generalises|generalize|generalise|generalizing|generalising|generalization of',
    'EXTENDS',
  ),
  ...cues('USES', 'variant of|variants of|variation of|version of|modified form of', 'VARIANT_OF'),
  ...cues('USES', 'same architecture as|same structure as', 'VARIANT_OF', true),
  ...cues(
    'USES',
    'based on|built on|built upon|builds on|builds upon|building on|building upon|on top of|inspired by|improves on|improves upon|improve upon|grounded in|rooted in|derived from|draws on|draws upon|draws inspiration from|resorts to',
    'BUILDS_ON',
  ),
  ...cues('USES', 'improves|improving|improve|enhances|enhancing|enhance', 'BUILDS_ON', true),
  ...cues('USES', 'adapt|adapts|adapting|adaptation of|modification of|modified version of', 'EXTENDS', true),
  ...cues('USES', 'combining|combines|combine|merges|merging|integrates|integrating|incorporates|incorporating', 'BUILDS_ON', true),
  ...cues('USES', 'uses|use|using|employs|employ|employing|adopts|adopt|adopting|leverages|leverage|leveraging|applies|apply|applying'),
  ...cues(
    'COMPARES',
    'outperforms|outperform|outperforming|surpasses|surpass|surpassing|beats|compared with|compared to|comparison with|comparison to|such as|baselines including|baselines like|against|unlike|in contrast to',
  ),
];

/** Sentences where the paper speaks of its own work ("we", "our", "this paper", or "It …" right after). */
const OWN_WORK = /\b(we|us|our|this (paper|work|study|article))\b|\bproposed\b|^(it|this (method|approach|model|framework|algorithm))\b/i;
const LIST_JOINERS = new Set([',', 'and', 'or', 'e.g.', 'i.e.', 'e.g', 'i.e', 'as', 'well', 'both', 'either', 'also']);
const NOMINAL = new Set(['NOUN', 'PROPN']);
const DETERMINERS = new Set(['a', 'an', 'the']);

type Target = LineageTarget;

function isCapitalised(word: Word): boolean {
  return /^\p{Lu}/u.test(word.text) && word.pos === 'PROPN';
}

/** The noun chunk a phrase starting at word i belongs to, past determiners and generic modifiers. */
function chunkAt(sentence: Sentence, chunks: Chunk[], i: number): Chunk | undefined {
  let j = i;
  while (j < sentence.words.length && (sentence.words[j].pos === 'DET' || GENERIC_MODIFIERS.has(sentence.words[j].lower))) j++;
  return chunks.find((c) => c.start <= j && c.end > j);
}

/**
 * Heads after a name that keep it the object of a lineage cue: "based on the LLaVA architecture", "integrates the
 * Benjamini-Hochberg (BH) procedure". Any other head makes the name a modifier of what the cue is about:
 * "enhances HexPlane fitting quality", "improves PINN performance", "an Indian Buffet Process (IBP) prior", "the
 * VSS blocks".
 */
const LINEAGE_HEADS = new Set([...METHOD_HEADS, 'design', 'backbone', 'variant', 'family', 'formulation', 'style', 'version']);

/** What a cue points at: a name in parentheses after the phrase, a name inside it, or the phrase itself. */
function targetAt(
  sentence: Sentence,
  chunks: Chunk[],
  i: number,
  prose: boolean,
  lineage = false,
): { target?: Target; end: number; described?: boolean } {
  const chunk = chunkAt(sentence, chunks, i);
  if (!chunk) return { end: i };
  const { words } = sentence;
  // A possessor is not the object: "improving MoE's advantages".
  if (words[chunk.end]?.lower === "'s") return { end: chunk.end };
  const span = words.slice(chunk.start, chunk.end);
  if (words[chunk.end]?.text === '(' && words[chunk.end + 2]?.text === ')' && isNameLike(words[chunk.end + 1].text)) {
    const after = words[chunk.end + 3];
    // "prior" is often read as an adverb; "-ly" words are adverbs indeed.
    const modifies = after && (NOMINAL.has(after.pos) || after.pos === 'ADJ' || (after.pos === 'ADV' && !/ly$/.test(after.lower)));
    if (lineage && modifies && /^\p{Ll}/u.test(after.text) && !LINEAGE_HEADS.has(conceptKey(after.text))) {
      return { end: chunk.end + 3 };
    }
    return { target: { name: words[chunk.end + 1].text, aliases: [chunk.text], named: true }, end: chunk.end + 3 };
  }
  const nameAt = span.findIndex((w) => isNameLike(w.text));
  if (nameAt >= 0) {
    let last = nameAt + 1;
    while (last < span.length && (isNameLike(span[last].text) || isCapitalised(span[last]))) last++;
    const head = chunk.key.slice(chunk.key.lastIndexOf(' ') + 1);
    if (lineage && last < span.length && !LINEAGE_HEADS.has(head)) return { end: chunk.end };
    // "improve various ViT-based models": models of a kind, not the method they are based on.
    if (lineage && /-(based|like)$/i.test(span[last - 1].text)) return { end: chunk.end };
    const name = span.slice(nameAt, last).map((w) => w.text).join(' ');
    return { target: { name, aliases: name === chunk.text ? [] : [chunk.text], named: true }, end: chunk.end };
  }
  // "such as Mamba, RWKV", "adapt Mamba": one capitalised noun inside lower-case prose (not a title, not a
  // language) is a name.
  const capitalisedInProse =
    prose &&
    span.length === 1 &&
    /^\p{Lu}\p{Ll}+$/u.test(span[0].text) &&
    span[0].pos === 'NOUN' &&
    !NATURAL_LANGUAGES.has(span[0].lower) &&
    !/^\p{Lu}/u.test(words[chunk.start - 1]?.text ?? 'A');
  if (chunk.start > 0 && (span.every(isCapitalised) || capitalisedInProse)) {
    return { target: { name: chunk.text, aliases: [], named: true }, end: chunk.end };
  }
  const head = chunk.key.slice(chunk.key.lastIndexOf(' ') + 1);
  if (METHOD_HEADS.has(head) && span.length > 1) {
    return { target: { name: chunk.text, aliases: [], named: false }, end: chunk.end };
  }
  // "a denoising framework based on neural compression", "built upon flow matching": any other description a
  // lineage cue points at is a parent to resolve against the corpus's method entities (ingest/lineage.ts).
  if (lineage && chunk.key.includes(' ') && !isGenericDescription(chunk.key)) {
    return { target: { name: chunk.text, aliases: [], named: false }, end: chunk.end, described: true };
  }
  return { end: chunk.end };
}

/**
 * What "we propose" points at. A name in apposition wins over a description or over an acronym that only
 * modifies the phrase: "a multi-turn reinforcement learning (RL) approach, SCoRe, that …" proposes SCoRe.
 */
function proposedAt(sentence: Sentence, chunks: Chunk[], i: number, prose: boolean): Target | undefined {
  const { words } = sentence;
  let first = i;
  while (first < words.length && (words[first].pos === 'DET' || GENERIC_MODIFIERS.has(words[first].lower))) first++;
  const abbreviated = abbreviatedName(sentence, [i, first]);
  if (abbreviated) return abbreviated;
  const { target, end } = targetAt(sentence, chunks, i, prose);
  // "We introduce this novel approach as D-iGPT".
  if (!target?.named && words[end]?.lower === 'as' && words[end + 1] && isNameLike(words[end + 1].text)) {
    return { name: words[end + 1].text, aliases: target ? [target.name] : [], named: true };
  }
  let at = end;
  while (at < words.length && (NOMINAL.has(words[at].pos) || words[at].pos === 'ADJ')) at++;
  const continued = at > end;
  const apposition = words[at]?.text === ',' && words[at + 1] && isNameLike(words[at + 1].text);
  if (apposition && (continued || !target?.named)) {
    const description = phraseText(words.slice(chunkAt(sentence, chunks, i)?.start ?? i, at));
    return { name: words[at + 1].text, aliases: description ? [description] : [], named: true };
  }
  // "a new unlearning method, Adversarial Machine UNlearning (AMUN)", "an orthogonal approach …: Denoising MCMC (DMCMC)".
  if ([',', ':'].includes(words[at]?.text ?? '') && !target?.named) {
    let name = at + 1;
    while (APPOSITION_WORDS.has(words[name]?.lower ?? '')) name++;
    const appositive = abbreviatedName(sentence, [name]);
    const description = phraseText(words.slice(chunkAt(sentence, chunks, i)?.start ?? i, at));
    if (appositive) return { ...appositive, aliases: [...appositive.aliases, ...(description ? [description] : [])] };
  }
  return target;
}

/** Words between a description and the name in apposition to it: "a novel regularization technique, i.e., CML". */
const APPOSITION_WORDS = new Set(['i.e.', 'i.e', ',', 'namely', 'called', 'dubbed', 'termed', 'named', 'the', 'a', 'an']);

/**
 * "the Latent Prompt Transformer (LPT)", "Internet of Agents (IoA)", "Chain of Code (CoC)": a long form the paper
 * abbreviates, starting at one of the word indices `starts`, is the name of what is proposed (the abbreviation),
 * the long form its alias. Read before noun chunks, which cut such names at their prepositions.
 */
function abbreviatedName(sentence: Sentence, starts: number[]): Target | undefined {
  for (const def of acronymDefinitions(sentence)) {
    const start = def.after - 3 - def.long.split(/\s+/).length;
    if (starts.includes(start) && isNameLike(def.short)) return { name: def.short, aliases: [def.long], named: true };
  }
  return undefined;
}

/**
 * "named Fast Sparse Mixer": a run of capitalised words after a naming verb is the name, "Fast" included; with a
 * short name after it in parentheses, that is the name.
 */
function titleCaseName(words: Word[], start: number): Target | undefined {
  let end = start;
  while (end < words.length && end - start < 5 && /^\p{Lu}/u.test(words[end].text) && /\p{L}/u.test(words[end].text)) end++;
  if (end - start < 2) return undefined;
  const name = words.slice(start, end).map((w) => w.text).join(' ');
  // "termed as Semantically Proportional Mixing (SnapMix)": the short name is the name, the long one its alias.
  if (words[end]?.text === '(' && words[end + 2]?.text === ')' && isNameLike(words[end + 1].text)) {
    return { name: words[end + 1].text, aliases: [name], named: true };
  }
  return { name, aliases: [], named: true };
}

/**
 * The targets of a cue: one phrase, or a list of them ("such as A, B and C"). `described`: a lineage cue's target
 * that is neither a name nor a method phrase ("based on neural compression"), a parent only, no method mention.
 */
function targetsFrom(sentence: Sentence, chunks: Chunk[], i: number, prose: boolean, lineage: boolean): { target: Target; described?: boolean }[] {
  const targets: { target: Target; described?: boolean }[] = [];
  const { words } = sentence;
  let at = i;
  if (lineage) {
    const aspect = words[at]?.pos === 'DET' ? at + 1 : at;
    if (ASPECTS.has(words[aspect]?.lower ?? '') && words[aspect + 1]?.lower === 'of') at = aspect + 2;
  }
  for (;;) {
    const { target, end, described } = targetAt(sentence, chunks, at, prose, lineage);
    if (end === at) break;
    if (target) targets.push({ target, described });
    at = end;
    if (!LIST_JOINERS.has(sentence.words[at]?.lower ?? '')) break;
    while (LIST_JOINERS.has(sentence.words[at]?.lower ?? '')) at++;
  }
  return targets;
}

function matches(words: Word[], i: number, cue: string[]): boolean {
  return cue.every((w, k) => words[i + k]?.lower === w);
}

/** A naming cue starts at word k ("called", "known as", "we call"). */
function namingAt(words: Word[], k: number): boolean {
  return CUES.some((c) => c.naming && matches(words, k, c.words));
}

const CLAUSE_STARTS = new Set(['that', ',', ';', ':', 'which', 'thus', 'hence', 'so']);

/** Word i of sentence s is a name first met here, in apposition to "a novel …" or "a new …". */
function novelName(paper: AnalysedPaper, s: number, i: number): boolean {
  const { words } = paper.sentences[s];
  const name = words[i].text;
  if (!isNameLike(name) || words[i + 1]?.text !== ',' || !['a', 'an'].includes(words[i + 2]?.lower ?? '')) return false;
  if (!['novel', 'new'].includes(words[i + 3]?.lower ?? '')) return false;
  return !paper.sentences.slice(paper.titleSentences, s).some((x) => x.words.some((w) => w.text === name));
}

/** Words between a method and "a special case of": "SDS is a", "existing diffusion bridges … constitute a". */
const SPECIAL_CASE_LINK = new Set(['is', 'are', 'a', 'an', 'as', 'be', 'constitute', 'constitutes', 'becomes', 'become', 'emerges', 'emerge', 'exactly', 'just', 'only', 'can', 'all']);

/**
 * "SDS is a special case of VSD", "Standard score-matching emerges as a special case of our framework": the method
 * before the cue at word i is a special case of the one after, which extends it. The earlier method, if any.
 */
function specialCase(sentence: Sentence, chunks: Chunk[], i: number, prose: boolean): Target | undefined {
  const { words } = sentence;
  if (!matches(words, i, ['special', 'case', 'of']) && !matches(words, i, ['special', 'cases', 'of'])) return undefined;
  let k = i - 1;
  while (k >= 0 && SPECIAL_CASE_LINK.has(words[k].lower)) k--;
  const chunk = chunks.find((c) => c.end === k + 1);
  if (!chunk || k === i - 1) return undefined;
  // The method is the subject: the clause starts with it ("We show that SDS is …"), not "bridges employing
  // Doob's h-transform constitute …".
  let start = chunk.start;
  while (start > 0 && (words[start - 1].pos === 'DET' || GENERIC_MODIFIERS.has(words[start - 1].lower))) start--;
  if (start > 0 && !CLAUSE_STARTS.has(words[start - 1].lower)) return undefined;
  const { target, described } = targetAt(sentence, chunks, chunk.start, prose, true);
  return described ? undefined : target;
}

/** The cue at word i ends an "of" phrase that is itself the object of "of": "… of the dynamic version of X". */
function insideOfPhrase(words: Word[], i: number): boolean {
  let d = i - 1;
  while (d >= 0 && words[d].pos === 'ADJ') d--;
  return words[d]?.lower === 'the' && words[d - 1]?.pos === 'ADP';
}

/**
 * "we propose a lightweight low-rank PINNs", "the infinite GPFA model", "a selective RAG framework": a name the
 * paper spoke of before, with modifiers of its own, proposes a new kind of that method, not the method. The
 * description as the proposed method, undefined when the name stands alone, is new to the abstract or is the paper's
 * own.
 */
function modifiedName(paper: AnalysedPaper, s: number, target: Target, found: Found[]): Target | undefined {
  const [description] = target.aliases;
  if (!target.named || !description || target.name.includes(' ')) return undefined;
  // "we introduce the Contractive Drift Equation (CDE) … we develop an efficient CDE solver": a part of the
  // paper's own method, not a kind of it.
  if (found.some((f) => f.role === 'PROPOSES' && f.target.name === target.name)) return undefined;
  const words = description.split(/\s+/);
  const at = words.indexOf(target.name);
  const modifiers = words.slice(0, Math.max(0, at)).filter((w) => !GENERIC_MODIFIERS.has(w.toLowerCase()) && !DETERMINERS.has(w.toLowerCase()));
  if (at <= 0 || !modifiers.length) return undefined;
  const before = paper.sentences.slice(paper.titleSentences, s).some((x) => x.words.some((w) => w.text === target.name));
  return before ? { name: description, aliases: [], named: true } : undefined;
}

/** Words that end the clause a proposing verb's subject is looked for in. */
const CLAUSE_BREAKS = new Set([';', ':', 'that', 'which', 'who', 'whereas', 'while', 'although', 'but']);

/**
 * "we propose", "this paper presents", "In this work, we introduce", "We compare A and B, …, and introduce": the
 * paper is the subject of the verb's clause.
 */
function hasOwnSubject(words: Word[], i: number): boolean {
  for (let k = i - 1; k >= Math.max(0, i - 30) && !CLAUSE_BREAKS.has(words[k].lower); k--) {
    if (['we', 'paper', 'work', 'study', 'article'].includes(words[k].lower)) return true;
  }
  return false;
}

/** Words that say a proposal is a new kind of something: "a new class of score-based generative models". */
const KIND_OF = new Set(['class', 'family', 'kind', 'type']);

interface Found {
  target: Target;
  role: MethodRole;
  relation?: LineageRelation;
  /** The sentence speaks of the paper's own work: a lineage cue in it is about the paper's method. */
  own?: boolean;
  sentence: number;
  xBased?: boolean;
  /** Word index of the cue. */
  at?: number;
  /** The child is named after the cue, the parent before it ("SDS is a special case of VSD"). */
  after?: boolean;
  /** A lineage cue whose target is no method mention of its own ("mixup-based": the description resolves later). */
  cueOnly?: boolean;
  /** The target is a description headed by no method word ("based on neural compression"). */
  described?: boolean;
  /** A method named as an example of others ("approaches such as DUSt3R"). */
  example?: boolean;
  /** The sentence that names a parent the cue points back at ("a generalization of prior … models"). */
  mentioned?: number;
}

function scanSentence(paper: AnalysedPaper, s: number, found: Found[]): void {
  const sentence = paper.sentences[s];
  const chunks = paper.candidates[s];
  const { words } = sentence;
  const ownSentence = OWN_WORK.test(sentence.text);
  const prose = s >= paper.titleSentences;
  for (let i = 0; i < words.length; i++) {
    const word = words[i];
    // "AutoMix-based", "mixup-based", "(MoE)-based", "UCB-like": a name is a method used, a description a lineage
    // cue only.
    const based = X_BASED.exec(word.text);
    if (based && /\p{L}/u.test(based[1])) {
      const named = isNameLike(based[1]);
      const target = { name: based[1], aliases: [], named };
      found.push({ target, role: 'USES', relation: 'BUILDS_ON', own: ownSentence, sentence: s, xBased: true, at: i, cueOnly: !named });
      continue;
    }
    // "At its core is SGCLIP, a novel, open-domain, promptable foundation model …": a name the abstract meets first
    // as something novel is the paper's own.
    if (prose && novelName(paper, s, i)) found.push({ target: { name: word.text, aliases: [], named: true }, role: 'PROPOSES', sentence: s });
    const general = specialCase(sentence, chunks, i, prose);
    if (general) {
      const own = ownSentence || words[i + 3]?.lower === 'our';
      found.push({ target: general, role: 'USES', relation: 'EXTENDS', own, sentence: s, at: i, after: true });
      continue;
    }
    const cue = CUES.find((c) => matches(words, i, c.words));
    if (!cue) continue;
    // "an extension of X" is a cue; "context extension of LLMs" is a compound noun.
    if (cue.words.length > 1 && cue.words[1] === 'of' && NOMINAL.has(words[i - 1]?.pos ?? '')) continue;
    // "the saddle point reformulation of the dynamic version of EOT": a phrase inside another's object says
    // nothing of the paper's method.
    if (cue.words[cue.words.length - 1] === 'of' && insideOfPhrase(words, i)) continue;
    if (cue.role === 'PROPOSES') {
      const naming = !!cue.naming;
      if (naming ? !ownSentence : !hasOwnSubject(words, i)) continue;
      // "we term this as L-PPO", "which we call it X": the name comes after the pronoun and "as".
      let from = i + cue.words.length;
      while (naming && ['it', 'this', 'them', 'these', 'as'].includes(words[from]?.lower ?? '')) from++;
      // "we introduce a new class of score-based generative models (SGMs)": the paper's method is a kind of them.
      let kind = from;
      while (kind < words.length && (words[kind].pos === 'DET' || GENERIC_MODIFIERS.has(words[kind].lower))) kind++;
      if (!naming && KIND_OF.has(words[kind]?.lower ?? '') && words[kind + 1]?.lower === 'of') {
        for (const { target } of targetsFrom(sentence, chunks, kind + 2, prose, true).filter((t) => !t.described).slice(0, 1)) {
          // The family in the singular: "SGMs" names score-based generative models, not a class of acronyms.
          const name = target.name.replace(/(?<=\p{Lu})s$/u, '');
          // "a class of deep MMD-GKs" after "called MMD-GK": more of the paper's own method, not its family.
          const ownName = found.some((f) => f.role === 'PROPOSES' && [f.target.name, ...f.target.aliases].some((a) => conceptKey(a) === conceptKey(name)));
          if (!ownName) found.push({ target: { ...target, name }, role: 'USES', relation: 'FAMILY', own: true, sentence: s, at: i });
        }
        continue;
      }
      const target = (naming && (abbreviatedName(sentence, [from]) ?? titleCaseName(words, from))) || proposedAt(sentence, chunks, from, prose);
      if (!naming && target && !target.named && words.some((_, k) => k > i && namingAt(words, k))) continue;
      // "a novel quantized image SR network, called QuantSR": the name that follows is what the paper proposes.
      const namedLater = words.some((_, k) => k > i && namingAt(words, k));
      const modified = target && !namedLater && modifiedName(paper, s, target, found);
      if (modified) {
        found.push({ target: modified, role: 'PROPOSES', sentence: s });
        // "low-rank PINNs" is a kind of PINN: the acronym in the singular names the method, not a class of them.
        const parent = target!.name.replace(/(?<=\p{Lu})s$/u, '');
        found.push({ target: { name: parent, aliases: [], named: true }, role: 'USES', relation: 'VARIANT_OF', own: true, sentence: s, at: i });
      } else if (target) found.push({ target, role: 'PROPOSES', sentence: s });
      continue;
    }
    const targets = targetsFrom(sentence, chunks, i + cue.words.length, prose, cue.relation !== undefined);
    for (const { target, described } of targets) {
      if (cue.namedOnly && !target.named) continue;
      // "approaches such as DUSt3R": an example of a kind of method.
      const example = cue.words.join(' ') === 'such as';
      found.push({ target, role: cue.role, relation: cue.relation, own: ownSentence, sentence: s, at: i, cueOnly: described, described, example });
    }
    // "Recent learned approaches such as DUSt3R have shown … we introduce Rig3R, a generalization of prior multiview
    // reconstruction models": "prior …" after a lineage cue points back at the methods the sentences before name as
    // examples.
    const next = words[i + cue.words.length + (words[i + cue.words.length]?.pos === 'DET' ? 1 : 0)];
    if (cue.relation && !cue.namedOnly && ANAPHORIC.has(next?.lower ?? '') && !targets.some((t) => t.target.named)) {
      for (const example of found.filter((f) => f.role === 'COMPARES' && f.example && f.target.named && f.sentence >= s - 2 && f.sentence < s)) {
        const mentioned = example.sentence;
        found.push({ target: example.target, role: 'USES', relation: cue.relation, own: ownSentence, sentence: s, at: i, cueOnly: true, mentioned });
      }
    }
  }
}

const NOT_A_TITLE_NAME = /^(the|a|an|towards?|on|beyond|why|how|what|when|is|are|do|does|can|rethinking|revisiting|understanding|learning|improving)$/i;
const FUNCTION_WORDS = new Set(['of', 'in', 'for', 'on', 'with', 'to', 'the', 'a', 'an', 'is', 'are', 'and', 'from', 'by', 'via', 'as', 'at']);

/** "AutoMix: Unveiling the Power of Mixup…": a short name before the colon of the title is what the paper proposes. */
function titleName(paper: AnalysedPaper): Target | undefined {
  const title = paper.sentences.slice(0, paper.titleSentences).map((s) => s.text).join(' ');
  const colon = title.indexOf(':');
  if (colon <= 0) return undefined;
  const prefix = title.slice(0, colon).trim();
  const words = prefix.split(/\s+/);
  if (words.length > 5 || !words.some((w) => isNameLike(w) || /^\p{Lu}/u.test(w))) return undefined;
  // "Towards LLM4QPE", "Challenges in Training PINNs", "The Pursuit of Human Labeling": a phrase, not a name.
  if (NOT_A_TITLE_NAME.test(words[0]) || (!isNameLike(words[0]) && words.some((w) => FUNCTION_WORDS.has(w.toLowerCase())))) {
    return undefined;
  }
  return { name: prefix, aliases: [], named: true };
}

/** "AdAutomixup" abbreviates the title "Adversarial AutoMixup": the span of the title it abbreviates, if any. */
function titleExpansion(paper: AnalysedPaper, name: string): string | undefined {
  if (name.includes(' ')) return undefined;
  const words = paper.sentences
    .slice(0, paper.titleSentences)
    .flatMap((s) => s.words.map((w) => w.text))
    .filter((w) => /[\p{L}\p{N}]/u.test(w));
  const last = name.slice(-1).toLowerCase();
  for (let end = words.length; end > 0; end--) {
    if (words[end - 1].slice(-1).toLowerCase() !== last) continue;
    // A long form has at most one word per letter of the name: the words before those cannot be part of it.
    const tail = abbreviationOf(name, words.slice(Math.max(0, end - name.length), end).join(' '));
    if (tail && tail.includes(' ') && conceptKey(tail) !== conceptKey(name) && initialsInOrder(tail, name)) return tail;
  }
  return undefined;
}

/** Each word of the long form starts a capital of the name, in order, at most one word per capital. */
function initialsInOrder(long: string, name: string): boolean {
  const capitals = name.match(/\p{Lu}/gu) ?? [];
  const initials = long.split(/[\s-]+/).map((w) => w[0]);
  return initials.length <= Math.max(2, capitals.length) && initials.every((c, k) => capitals[k]?.toLowerCase() === c.toLowerCase());
}

export interface MethodResult {
  methods: MethodMention[];
  lineage: LineageCue[];
}

/**
 * Methods the paper proposes, uses and compares against, and lineage cues from its own method to others. A parent
 * the corpus statistics call generic ("large language model") is a class, not an ancestor, and is left out.
 */
export function extractMethods(paper: AnalysedPaper, stats?: CorpusStats): MethodResult {
  const found: Found[] = [];
  const fromTitle = titleName(paper);
  if (fromTitle) found.push({ target: fromTitle, role: 'PROPOSES', sentence: 0 });
  for (let s = 0; s < paper.sentences.length; s++) scanSentence(paper, s, found);

  const byKey = new Map<string, MethodMention & { named: boolean; sentence: number }>();
  const keyOf = (target: Target) => conceptKey(target.name);
  const proposedKeys = new Set(found.filter((f) => f.role === 'PROPOSES').map((f) => keyOf(f.target)));
  for (const f of found) {
    const key = keyOf(f.target);
    if (key === '' || f.cueOnly || (f.role !== 'PROPOSES' && proposedKeys.has(key))) continue;
    const acronym = paper.acronyms.get(key);
    const aliases = [f.target.name, ...f.target.aliases, ...(acronym ? [acronym.long] : [])];
    const existing = byKey.get(key);
    if (existing) {
      existing.aliases = [...new Set([...existing.aliases, ...aliases])];
      continue;
    }
    byKey.set(key, {
      key,
      name: f.target.name,
      aliases: [...new Set(aliases)],
      role: f.role,
      evidence: paper.sentences[f.sentence].text,
      named: f.target.named,
      sentence: f.sentence,
    });
  }
  const proposed = [...byKey.values()].filter((m) => m.role === 'PROPOSES');
  for (const m of proposed) {
    const expansion = titleExpansion(paper, m.name);
    if (expansion) m.aliases = [...new Set([...m.aliases, expansion])];
  }
  const byNamed = [...proposed].sort((x, y) => Number(y.named) - Number(x.named));
  const cues: FoundCue[] = found
    .filter((f): f is Found & { relation: LineageRelation } => f.relation !== undefined)
    .map((f) => ({ target: f.target, relation: f.relation, own: !!f.own, sentence: f.sentence, xBased: f.xBased, at: f.at ?? 0, after: f.after, described: f.described, mentioned: f.mentioned }));
  const lineage: LineageCue[] = paperLineage(paper, byNamed, cues, stats);
  return {
    methods: [...byKey.values()].map(({ key, name, aliases, role, evidence }) => ({ key, name, aliases, role, evidence })),
    lineage,
  };
}
