import { isBoilerplateText, isGluedLabel, isTitlePhrase } from './junk';
import { abbreviationOf, conceptKey, isNameLike } from './keys';
import { BROAD_ACTIVITIES, DATASET_HEADS, GENRE_LABELS, METHOD_HEADS, METRIC_HEADS, METRIC_NAMES, METRIC_TAILS, TASK_HEADS, TYPE_HEADS } from './lexicon';
import type { MethodResult } from './methods';
import type { AnalysedPaper } from './paper';
import type { Concept, EntityType, FilteredPhrase, LineageCue, MethodMention, TypeEvidence } from './types';

/**
 * The entity API shared by concepts and methods:
 *
 * - An entity's identity is its canonical key, `conceptKey(name)` (lower case, hyphens as spaces, singular), after
 *   two resolutions: a paper's own acronym definitions (`resolveKey` in paper.ts, per paper), then the corpus's
 *   (`CorpusEntities.canonical` in corpus-entities.ts, across papers: "offline RL" → "offline reinforcement
 *   learning", "mixup method" → "mixup"). A method key resolves through the same two steps, so a lineage parent
 *   written "AutoMix" or "AutoMix method" reaches the method entity "automix".
 * - An entity's type is one of METHOD, TASK, DATASET, METRIC, CONCEPT. `entityType` reads it from the phrase
 *   alone (its head noun, a known measure's name, a name-like word); the corpus step votes over every paper's
 *   reading, with phrases that say the type outright ("CIFAR-100 dataset", "datasets such as CIFAR-100") weighing
 *   most. A method node is a method mention whose entity the corpus does not type DATASET or METRIC and that is
 *   not a class of methods (a phrase mostly written in the plural, "language models").
 */

/** Type of a phrase from its own words; `from` says how sure the reading is ('head' beats 'name'). */
export function entityType(key: string, surface: string): { type: EntityType; from: TypeEvidence } {
  const words = key.split(' ');
  const head = words[words.length - 1];
  const tail = words.slice(-2).join(' ');
  if (METRIC_TAILS.has(tail) || (METRIC_NAMES.has(key) && words.length === 1)) return { type: 'metric', from: 'head' };
  if (METRIC_HEADS.has(head) && words.length > 1) return { type: 'metric', from: 'head' };
  // "speech data", "EEG data" are material (SciERC's Material); "data" is no data set head for the context readings
  // ("networks for tabular data such as TabNet" types no TabNet).
  if (DATASET_HEADS.has(head) || tail === 'data set' || (head === 'data' && words.length > 1)) return { type: 'dataset', from: 'head' };
  // A bare task noun names a task ("segmentation", "translation"), except the broad faculties and activities of
  // every paper ("understanding", "analysis", "prediction"): a concept.
  if (TASK_HEADS.has(head) && (words.length > 1 || !BROAD_ACTIVITIES.has(head))) return { type: 'task', from: 'head' };
  if (METHOD_HEADS.has(head)) return { type: 'method', from: 'head' };
  // A name alone ("AutoMix", "BERT") reads as a method; a name inside a phrase with another head ("BERT
  // embeddings", "GPT-4 outputs") does not, nor does a two-letter acronym the paper leaves undefined ("MT", "NP", "TV"
  // stand for anything).
  if (!surface.includes(' ') && isNameLike(surface) && !/^\p{Lu}{2}s?$/u.test(surface)) return { type: 'method', from: 'name' };
  return { type: 'concept', from: 'name' };
}

/**
 * Head/modifier split of a key whose head only says what kind of thing its modifier is: "mixup method" →
 * { core: "mixup", type: method }, "cifar 100 dataset" → { core: "cifar 100", type: dataset }, "mixup based
 * augmentation" → { core: "mixup", type: method }. Undefined for a phrase whose head carries meaning of its own.
 */
export function typeHeadSplit(key: string): { core: string; type: EntityType } | undefined {
  const words = key.split(' ');
  if (words.length < 2) return undefined;
  const head = words[words.length - 1];
  if (!TYPE_HEADS.has(head)) return undefined;
  let core = words.slice(0, -1);
  if (core.length > 1 && ['based', 'style', 'like', 'type', 'inspired'].includes(core[core.length - 1])) core = core.slice(0, -1);
  if (core.length === 0) return undefined;
  const type: EntityType = DATASET_HEADS.has(head)
    ? 'dataset'
    : METRIC_HEADS.has(head)
      ? 'metric'
      : ['task', 'problem'].includes(head)
        ? 'task'
        : 'method';
  return { core: core.join(' '), type };
}

/**
 * Whether `alias` is another way of writing `name` (same key, one squashed into the other, or one abbreviating the
 * other) rather than a phrase that merely contains it ("Spectra LLM suite", "use aligned LLMs" are not LLMs).
 */
export function isVariant(alias: string, name: string): boolean {
  const a = conceptKey(alias);
  const b = conceptKey(name);
  if (a === b || a.replace(/ /g, '') === b.replace(/ /g, '')) return true;
  const [short, long] = a.length <= b.length ? [alias, name] : [name, alias];
  if (short.includes(' ')) return false;
  // The whole long form must be explained, from its first word: "Spectra LLM suite" is no expansion of "LLMs".
  const tail = abbreviationOf(short, long.trim());
  return tail !== undefined && conceptKey(tail) === conceptKey(long) && short[0].toLowerCase() === long.trim()[0].toLowerCase();
}

/**
 * The paper's method mentions as entities: an acronym the paper defines is named by its expansion ("HMM" → "hidden
 * Markov model", key of the expansion, the acronym an alias); aliases are variants only; a name that is junk (a
 * title phrase, a quantity, boilerplate) is no method. Lineage cues follow the renamed keys and drop with a dropped
 * end.
 */
const ACRONYM_ONLY = /^[\p{Lu}\p{N}-]+s?$/u;

export function methodNames(paper: AnalysedPaper, result: MethodResult): MethodResult {
  const renamed = new Map<string, string | null>();
  const methods: MethodMention[] = [];
  for (const m of result.methods) {
    // An all-capitals acronym ("HMM", "RL") stands for its expansion; a coined name ("AutoMix") is the name.
    const defined = paper.acronyms.get(m.key);
    const acronym = defined && ACRONYM_ONLY.test(defined.short) ? defined : undefined;
    const key = acronym?.key ?? m.key;
    const name = acronym?.long ?? m.name;
    if (isTitlePhrase(m.name) || isJunkName(m.name) || GENRE_LABELS.has(m.key)) {
      renamed.set(m.key, null);
      continue;
    }
    renamed.set(m.key, key);
    const forms = [name, ...m.aliases, ...(acronym ? [acronym.short] : [])];
    const aliases = [...new Set(forms)].filter((a) => isVariant(a, name) || (acronym !== undefined && isVariant(a, acronym.short)));
    const existing = methods.find((x) => x.key === key);
    if (existing) existing.aliases = [...new Set([...existing.aliases, ...aliases])];
    else methods.push({ ...m, key, name, aliases });
  }
  return { methods, lineage: followRenames(result.lineage, renamed) };
}

/** "Q-Insight", "G-Adaptivity": a word behind a capital letter or two, coined as a name. */
const LETTER_PREFIXED = /^\p{Lu}{1,2}-\p{Lu}\p{Ll}+$/u;

/** Junk readings of a phrase that say nothing against a coined name. */
const NAME_NOT_JUNK = new Set<string>(['TITLE_PREFIX', 'GENERIC_HEAD']);

/**
 * Method mentions the paper's own words type as a data set or a measure ("CIFAR-100 dataset") are no methods, nor
 * are names the junk filter rejected as phrases ("Position" before a title's colon, "baseline methods").
 */
export function dropNonMethods(result: MethodResult, concepts: Concept[], filtered: FilteredPhrase[]): MethodResult {
  const byKey = new Map(concepts.map((c) => [c.key, c]));
  const junk = new Map(filtered.filter((f) => f.reason !== 'COMMON_WORD').map((f) => [f.key, f.reason]));
  const renamed = new Map<string, string | null>();
  const methods = result.methods.filter((m) => {
    const c = byKey.get(m.key);
    // A coined name the paper proposes ("Q-Insight: Understanding …", "G-Adaptivity: …") is a name, not a label
    // before the title's colon nor a phrase with a generic head ("insight").
    const coined = m.role === 'PROPOSES' && !m.name.includes(' ') && (isNameLike(m.name) || LETTER_PREFIXED.test(m.name)) && NAME_NOT_JUNK.has(junk.get(m.key) ?? '');
    const not = (c?.kindFrom === 'context' && (c.kind === 'dataset' || c.kind === 'metric')) || (!c && junk.has(m.key) && !coined);
    if (not) renamed.set(m.key, null);
    return !not;
  });
  return { methods, lineage: followRenames(result.lineage, renamed) };
}

function followRenames(lineage: LineageCue[], renamed: Map<string, string | null>): LineageCue[] {
  const out: LineageCue[] = [];
  for (const l of lineage) {
    const child = renamed.has(l.child) ? renamed.get(l.child) : l.child;
    const parent = renamed.has(l.parent) ? renamed.get(l.parent) : l.parent;
    if (child && parent && child !== parent) out.push({ ...l, child, parent });
  }
  return out;
}

/** A method name that the junk filter would reject as a phrase: a quantity, boilerplate, a glued label. */
function isJunkName(name: string): boolean {
  const words = name.split(/\s+/);
  return (words.length > 1 && /^\d[\d.,]*(k|m|b|t|x|%)?$/i.test(words[0])) || words.some(isGluedLabel) || isBoilerplateText(name);
}

/** Words before "on" that make it a lineage or topic cue ("based on BERT"), not where a model is evaluated. */
const NOT_EVALUATED_ON = new Set(['based', 'built', 'relies', 'rely', 'relying', 'focus', 'focuses', 'focusing', 'depends', 'depend', 'conditioned', 'work', 'works', 'working', 'research', 'build', 'builds', 'building', 'act', 'acts', 'operate', 'operates', 'impact', 'effect']);
/** A sentence about evaluation, where "on X" names data. */
const EVALUATION = /\b(experiments?|evaluat\w*|results?|benchmarks?|datasets?|accuracy|tested|trained|pre-?trained|fine-?tuned|performance|outperform\w*|achiev\w*|saves?)\b/i;

/**
 * Names the paper's own sentences place as data: "pre-trained on ImageNet", "On CIFAR10/100, ImageNet-1K and
 * ADE20K, …" in a sentence about evaluation; "three benchmarks (CIFAR-10, CIFAR-100, and ImageNet-1K)"; "ImageNet-1K
 * and YFCC15M datasets". Keys of single-word names only (a name, not a phrase around one).
 */
export function datasetMentions(paper: AnalysedPaper): Set<string> {
  const found = new Set<string>();
  for (const sentence of paper.sentences) {
    const { words } = sentence;
    const evaluation = EVALUATION.test(sentence.text);
    const nameAt = (i: number) => words[i] && isNameLike(words[i].text) && !/-based$/i.test(words[i].text);
    /** Names listed from word i: "A, B, and C" (a list of names only). */
    const listFrom = (i: number) => {
      const names: number[] = [];
      while (nameAt(i)) {
        names.push(i);
        i++;
        while (words[i] && [',', 'and', 'or', '/'].includes(words[i].lower)) i++;
      }
      return names;
    };
    for (let i = 0; i < words.length; i++) {
      const w = words[i];
      if (w.lower === 'on' && evaluation && !NOT_EVALUATED_ON.has(words[i - 1]?.lower ?? '')) {
        for (const k of listFrom(i + 1)) found.add(conceptKey(words[k].text));
      }
      if (DATASET_HEADS.has(w.lower)) {
        if (words[i + 1]?.text === '(') for (const k of listFrom(i + 2)) found.add(conceptKey(words[k].text));
        // "ImageNet-1K and YFCC15M datasets": a list of names right before the head ("SFT datasets" alone are
        // data for SFT, not SFT).
        const listed: number[] = [];
        for (let k = i - 1; k >= 0 && (nameAt(k) || [',', 'and', 'or', '/'].includes(words[k].lower)); k--) {
          if (nameAt(k)) listed.push(k);
        }
        if (listed.length > 1) for (const k of listed) found.add(conceptKey(words[k].text));
      }
    }
  }
  return found;
}
