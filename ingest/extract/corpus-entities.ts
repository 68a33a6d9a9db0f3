import { aliasIndex, mostVoted } from './corpus';
import { typeHeadSplit } from './entities';
import { conceptKey, isNameLike } from './keys';
import type { EntityType, TypeEvidence } from './types';

/** What one paper's stored knowledge gives the corpus step (a subset of PaperKnowledge). */
export interface EntityEvidence {
  concepts: {
    key: string;
    name: string;
    aliases: string[];
    kind: EntityType;
    kindFrom?: TypeEvidence;
    inTitle?: boolean;
  }[];
  filtered?: { key: string; reason: string }[];
}

/** How much a paper's type reading counts in the corpus vote. */
const EVIDENCE_WEIGHT: Record<TypeEvidence, number> = { context: 3, head: 2, name: 1 };
/** A concept in more than this share of a corpus of at least `BROAD_MIN_DOCUMENTS` papers is broad. */
const BROAD_FRACTION = 0.1;
const BROAD_MIN_DOCUMENTS = 200;

function bump<K>(map: Map<K, number>, key: K, delta: number): void {
  const value = (map.get(key) ?? 0) + delta;
  if (value > 0) map.set(key, value);
  else map.delete(key);
}

function nested<K>(map: Map<string, Map<K, number>>, key: string, inner: K, delta: number): void {
  const m = map.get(key) ?? new Map<K, number>();
  bump(m, inner, delta);
  if (m.size) map.set(key, m);
  else map.delete(key);
}

export interface Entity {
  key: string;
  name: string;
  /** Surface forms of the key and of every key merged into it. */
  aliases: string[];
  type: EntityType;
  paperCount: number;
  broad: boolean;
  /** Mostly written in the plural ("language models", "LLMs"): a class of things, not one method. */
  plural: boolean;
}

/** Whether an entity in `paperCount` of `documents` papers is broad (kept, flagged, weighted low by rarity). */
export function isBroad(paperCount: number, documents: number): boolean {
  return documents >= BROAD_MIN_DOCUMENTS && paperCount > BROAD_FRACTION * documents;
}

/**
 * Corpus-wide evidence about entities, as counts that a paper adds and takes back (`add` / `remove` with the
 * knowledge it was counted with), so the corpus step can follow additions and deletions without re-reading the
 * corpus. Everything the graph decides globally is a function of these counts (`resolve`): which phrases are
 * terms, which keys are one entity (acronym ↔ expansion, "mixup method" → "mixup"), each entity's type, and
 * which entities are broad.
 */
export class EntityCounts {
  private papers = 0;
  /** Papers per raw key, and per raw key in a title. */
  private readonly df = new Map<string, number>();
  private readonly titleDf = new Map<string, number>();
  /** Weighted type votes per raw key, and the votes of head and context readings alone. */
  private readonly types = new Map<string, Map<EntityType, number>>();
  private readonly strongTypes = new Map<string, Map<EntityType, number>>();
  /** The name each paper gives a raw key, counted per paper. */
  private readonly names = new Map<string, Map<string, number>>();
  /** Surface forms per raw key (the name counted once per paper, aliases once). */
  private readonly forms = new Map<string, Map<string, number>>();
  /** Papers per (alias key → key) pair a paper's aliases teach ("moe" → "mixture of expert"). */
  private readonly aliasVotes = new Map<string, Map<string, number>>();
  /** Papers per filtered key and reason. */
  private readonly filteredReasons = new Map<string, Map<string, number>>();

  add(paper: EntityEvidence): void {
    this.update(paper, 1);
  }

  remove(paper: EntityEvidence): void {
    this.update(paper, -1);
  }

  get documents(): number {
    return this.papers;
  }

  private update(paper: EntityEvidence, delta: 1 | -1): void {
    this.papers += delta;
    const seen = new Set<string>();
    for (const c of paper.concepts) {
      if (seen.has(c.key)) continue;
      seen.add(c.key);
      bump(this.df, c.key, delta);
      if (c.inTitle) bump(this.titleDf, c.key, delta);
      nested(this.names, c.key, c.name, delta);
      nested(this.types, c.key, c.kind, delta * EVIDENCE_WEIGHT[c.kindFrom ?? 'name']);
      if (c.kindFrom && c.kindFrom !== 'name') nested(this.strongTypes, c.key, c.kind, delta);
      for (const form of new Set([c.name, ...c.aliases])) {
        nested(this.forms, c.key, form, delta);
        const aliasKey = conceptKey(form);
        if (aliasKey === c.key) continue;
        // An acronym stands for its expansion ("MoE" → mixture of expert); a coined name is the name of what its
        // description describes ("automatic mixup" → AutoMix).
        if (isCoinedName(form, c.key)) nested(this.aliasVotes, c.key, aliasKey, delta);
        else nested(this.aliasVotes, aliasKey, c.key, delta);
      }
    }
    for (const f of paper.filtered ?? []) nested(this.filteredReasons, f.key, f.reason, delta);
  }

  /**
   * Whether the corpus holds a key as a term: written as a name, or in two papers or a title. A single common word
   * must also occur in lower case in running text: title case alone ("Chain", "Ghost") says nothing of a word.
   */
  private isTerm(key: string): boolean {
    const forms = [...(this.forms.get(key)?.keys() ?? [])];
    if (forms.some((f) => f.split(' ').some(isNameLike))) return true;
    if (!key.includes(' ') && !forms.some((f) => f === f.toLowerCase() || f.includes('-'))) return false;
    return (this.df.get(key) ?? 0) >= 2 || this.titleDf.has(key);
  }

  /**
   * Whether a key can be the thing a type head says ("mixup" a method, "CIFAR-100" a data set): its own head or
   * context readings, if any, agree. "LLM benchmarks" are no LLM, "language models" are not "language".
   */
  private mayBe(key: string, type: EntityType): boolean {
    const own = mostVoted(this.strongTypes.get(key));
    if (own !== undefined) return own === type;
    return [...(this.forms.get(key)?.keys() ?? [])].some((f) => isNameLike(f) || f.includes('-'));
  }

  /**
   * The corpus's entities and the key every raw key resolves to. Raw keys merge into one entity when the corpus
   * says they are one: an acronym most papers define one way ("llm" → "large language model"), a phrase with an
   * acronym inside whose expansion the corpus knows ("offline rl" → "offline reinforcement learning"), and a
   * phrase whose head only types its modifier ("mixup method", "mixup based augmentation" → "mixup"; "CutMix"
   * stays its own). Keys that are no term of the corpus are filtered as RARE.
   */
  resolve(): { entities: Map<string, Entity>; canonical: (key: string) => string; filtered: Map<string, { reason: string; paperCount: number }> } {
    const acronyms = aliasIndex(
      [...this.aliasVotes].flatMap(([alias, targets]) => [...targets].map(([key, count]) => ({ key, aliases: [alias], count }))),
    );
    const known = (key: string) => this.df.has(key);
    const terms = new Map<string, boolean>();
    const isTerm = (key: string): boolean => {
      let term = terms.get(key);
      if (term === undefined) terms.set(key, (term = this.isTerm(key)));
      return term;
    };
    const step = (key: string): string | undefined => {
      const target = acronyms.get(key);
      if (target && target !== key) return target;
      const words = key.split(' ');
      if (words.length > 1) {
        const expanded = words.map((w) => acronyms.get(w) ?? w).join(' ');
        if (expanded !== key && known(expanded)) return expanded;
      }
      const split = typeHeadSplit(key);
      if (!split || !known(split.core) || !isTerm(split.core)) return undefined;
      // The core as the corpus resolves it ("sft" → "supervised fine tuning") must be able to be that type.
      const core = canonical(split.core);
      return this.mayBe(core, split.type) ? core : undefined;
    };
    const memo = new Map<string, string>();
    const canonical = (key: string): string => {
      const cached = memo.get(key);
      if (cached) return cached;
      let at = key;
      const seen = new Set([at]);
      for (let next = step(at); next && !seen.has(next); next = step(at)) {
        seen.add(next);
        at = next;
      }
      memo.set(key, at);
      return at;
    };

    const groups = new Map<string, string[]>();
    for (const key of this.df.keys()) {
      const target = canonical(key);
      const members = groups.get(target);
      if (members) members.push(key);
      else groups.set(target, [key]);
    }
    const entities = new Map<string, Entity>();
    const filtered = new Map<string, { reason: string; paperCount: number }>();
    for (const [key, members] of groups) {
      if (!members.some(isTerm)) {
        for (const m of members) filtered.set(m, { reason: 'RARE', paperCount: this.df.get(m) ?? 0 });
        continue;
      }
      const forms = new Map<string, number>();
      const names = new Map<string, number>();
      const votes = new Map<EntityType, number>();
      let paperCount = 0;
      for (const m of members) {
        paperCount = Math.max(paperCount, this.df.get(m) ?? 0);
        for (const [form, n] of this.forms.get(m) ?? []) bump(forms, form, n);
        for (const [type, n] of this.types.get(m) ?? []) bump(votes, type, n);
        // "CIFAR-100 dataset" says its modifier is a data set; it names the entity only as an alias.
        const split = m === key ? undefined : typeHeadSplit(m);
        if (split && canonical(split.core) === key) bump(votes, split.type, EVIDENCE_WEIGHT.context * (this.df.get(m) ?? 0));
        else for (const [n, count] of this.names.get(m) ?? []) bump(names, n, count);
      }
      // The largest member's count: a floor, as merged keys' papers overlap (the corpus graph counts mentions).
      const name = mostVoted(names) ?? key;
      const plural = isMostlyPlural(names);
      entities.set(key, {
        key,
        name,
        aliases: [...forms.keys()].sort(),
        type: mostVoted(votes) ?? 'concept',
        paperCount,
        broad: isBroad(paperCount, this.papers),
        plural,
      });
    }
    for (const [key, reasons] of this.filteredReasons) {
      if (entities.has(canonical(key)) || filtered.has(key)) continue;
      const total = [...reasons.values()].reduce((a, b) => a + b, 0);
      filtered.set(key, { reason: mostVoted(reasons)!, paperCount: total });
    }
    return { entities, canonical, filtered };
  }
}

/** Whether most uses of a key are plural forms ("language models", "LLMs") rather than a name ("Mixup"). */
function isMostlyPlural(forms: Map<string, number>): boolean {
  let plural = 0;
  let total = 0;
  for (const [form, n] of forms) {
    total += n;
    const last = form.split(' ').pop() ?? '';
    if (/[a-z\p{Lu}]s$/u.test(last) && conceptKey(last) !== last.toLowerCase()) plural += n;
  }
  return total > 0 && plural / total > 0.5;
}

/**
 * Whether `short` is a coined name for the phrase `key` rather than its acronym: a name-like word whose letters
 * are more than the initials of the phrase's words ("AutoMix" for "automatic mixup", not "MoE" for "mixture of
 * experts" nor "LLMs" for "large language models").
 */
export function isCoinedName(short: string, key: string): boolean {
  if (short.includes(' ') || !isNameLike(short)) return false;
  const letters = short.toLowerCase().replace(/[^\p{L}\p{N}]/gu, '').replace(/s$/, '');
  const initials = key.split(' ').map((w) => w[0]).join('');
  return letters !== initials && letters.length > initials.length + 1;
}
