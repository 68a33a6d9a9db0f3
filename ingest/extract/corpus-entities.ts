import { mostVoted, Multimap } from './corpus';
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

  // What `resolve` worked out, kept for the next call, which redoes only what the counts changed since (#private:
  // no part of the counts, which equal those of a fresh EntityCounts given the same papers).
  /** Raw keys, alias keys (of `aliasVotes`) and filtered keys whose counts changed since the last resolve. */
  readonly #touched = new Set<string>();
  readonly #touchedAliases = new Set<string>();
  readonly #touchedReasons = new Set<string>();
  /** The acronym index (`aliasIndex` of the alias votes), the key each voted alias has there, and the aliases per key. */
  readonly #acronyms = new Map<string, string>();
  readonly #aliasKey = new Map<string, string>();
  readonly #aliasesOf = new Multimap();
  /**
   * Each key's resolution step, with the facts it read besides its own acronym entry (`kinds[i]` of `keys[i]`: "a"
   * an acronym entry, "k" a key's counts, "c" a key's canonical key), and the keys whose steps read each fact.
   */
  readonly #steps = new Map<string, { next: string | undefined; kinds: string; keys: string[] }>();
  readonly #readers: Record<Fact, Multimap> = { a: new Multimap(), k: new Multimap(), c: new Multimap() };
  /** Each resolved key's chain of steps (the key first, its canonical key last), and the chains through each later key. */
  readonly #chains = new Map<string, string[]>();
  readonly #onChains = new Multimap();
  readonly #terms = new Map<string, boolean>();
  /** The canonical key of each raw key, the raw keys per canonical key, and the raw keys per type-head core. */
  readonly #groupOf = new Map<string, string>();
  readonly #groups = new Multimap();
  readonly #byCore = new Multimap();
  /** The result, and which filtered keys are RARE members and which filtered keys resolve to each key. */
  readonly #entities = new Map<string, Entity>();
  readonly #filtered = new Map<string, { reason: string; paperCount: number }>();
  readonly #rare = new Set<string>();
  readonly #reasonTarget = new Map<string, string>();
  readonly #reasonsAt = new Multimap();
  /** What the current `resolve` call changed. */
  #changes: ResolveChanges = { canonical: new Set(), entities: new Set(), filtered: new Set() };

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
      this.#touched.add(c.key);
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
        const [alias, target] = isCoinedName(form, c.key) ? [c.key, aliasKey] : [aliasKey, c.key];
        nested(this.aliasVotes, alias, target, delta);
        this.#touchedAliases.add(alias);
      }
    }
    for (const f of paper.filtered ?? []) {
      nested(this.filteredReasons, f.key, f.reason, delta);
      this.#touchedReasons.add(f.key);
    }
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
   *
   * Incremental: only what the counts changed since the last call is redone, and the answer equals a fresh
   * EntityCounts' for the same papers. The maps returned are the counts' own, current until the next call (an
   * entity that changes is a new object). `changed` says where the answer may differ from the last call's: the keys
   * whose canonical key changed (of those ever asked for) and the keys of every group whose entity came or went,
   * the entities that changed, came or went, and the filtered keys whose entry changed, came or went.
   */
  resolve(): {
    entities: ReadonlyMap<string, Entity>;
    canonical: (key: string) => string;
    filtered: ReadonlyMap<string, { reason: string; paperCount: number }>;
    changed: ResolveChanges;
  } {
    const changes: ResolveChanges = { canonical: new Set(), entities: new Set(), filtered: new Set() };
    this.#changes = changes;
    // What changed: the acronym entries whose winner changed, and keys whose counts did.
    const changed: [Fact, string][] = [];
    const aliasKeys = new Set<string>();
    for (const alias of this.#touchedAliases) {
      const key = this.#aliasKey.get(alias) ?? conceptKey(alias);
      aliasKeys.add(key);
      if (this.aliasVotes.has(alias)) {
        this.#aliasKey.set(alias, key);
        this.#aliasesOf.add(key, alias);
      } else {
        this.#aliasKey.delete(alias);
        this.#aliasesOf.delete(key, alias);
      }
    }
    for (const key of aliasKeys) {
      const votes = new Map<string, number>();
      for (const alias of this.#aliasesOf.get(key)) {
        for (const [target, n] of this.aliasVotes.get(alias)!) if (target !== key) votes.set(target, (votes.get(target) ?? 0) + n);
      }
      const target = mostVoted(votes);
      if (target === this.#acronyms.get(key)) continue;
      if (target === undefined) this.#acronyms.delete(key);
      else this.#acronyms.set(key, target);
      changed.push(['a', key]);
    }
    for (const key of this.#touched) {
      changed.push(['k', key]);
      this.#terms.delete(key);
    }
    // Drop every step that read a changed fact, every chain through a dropped step, and every step that read a
    // dropped chain's end, until nothing more depends on what changed.
    const stale = new Set<string>();
    /** The canonical key each dropped chain ended at. */
    const ended = new Map<string, string>();
    const dropChain = (start: string) => {
      const chain = this.#chains.get(start);
      if (!chain) return;
      this.#chains.delete(start);
      ended.set(start, chain[chain.length - 1]);
      for (const at of chain) if (at !== start) this.#onChains.delete(at, start);
      stale.add(start);
      changed.push(['c', start]);
    };
    const dropStep = (key: string) => {
      const dropped = this.#steps.get(key);
      if (!dropped) return;
      this.#steps.delete(key);
      dropped.keys.forEach((k, i) => this.#readers[dropped.kinds[i] as Fact].delete(k, key));
      for (const start of [key, ...this.#onChains.get(key)]) dropChain(start);
    };
    while (changed.length) {
      const [kind, key] = changed.pop()!;
      if (kind === 'a') dropStep(key);
      for (const reader of this.#readers[kind].get(key)) dropStep(reader);
    }

    // Regroup the raw keys whose counts or canonical key may have changed; redo the groups they leave and join,
    // and the groups whose members' type-head cores resolve anew.
    const dirty = new Set<string>();
    const recheck = new Set(this.#touchedReasons);
    for (const key of new Set([...this.#touched, ...stale])) {
      const was = this.#groupOf.get(key);
      const now = this.df.has(key) ? this.canonical(key) : undefined;
      // A key no paper has (an alias, a method key) whose chain was dropped: changed if it now ends elsewhere.
      if (was === undefined && now === undefined ? ended.has(key) && this.canonical(key) !== ended.get(key) : was !== now) {
        changes.canonical.add(key);
      }
      if (was !== undefined) dirty.add(was);
      if (now !== undefined) dirty.add(now);
      for (const member of this.#byCore.get(key)) dirty.add(this.#groupOf.get(member)!);
      if (this.filteredReasons.has(key) || this.#reasonTarget.has(key)) recheck.add(key);
      if (was === now) continue;
      if (was !== undefined) this.#groups.delete(was, key);
      if (now !== undefined) this.#groups.add(now, key);
      const split = typeHeadSplit(key);
      if (now === undefined) {
        this.#groupOf.delete(key);
        if (split) this.#byCore.delete(split.core, key);
      } else {
        this.#groupOf.set(key, now);
        if (split && was === undefined) this.#byCore.add(split.core, key);
      }
      if (this.#rare.delete(key)) {
        this.#filtered.delete(key);
        recheck.add(key);
      }
    }
    for (const key of dirty) {
      const had = this.#entities.has(key);
      this.group(key);
      changes.entities.add(key);
      if (had === this.#entities.has(key)) continue;
      for (const f of this.#reasonsAt.get(key)) recheck.add(f);
      for (const m of this.#groups.get(key)) changes.canonical.add(m);
    }
    // A filtered key is listed with its reasons unless it is a RARE member or resolves to an entity.
    for (const key of recheck) {
      changes.filtered.add(key);
      const was = this.#reasonTarget.get(key);
      if (was !== undefined) this.#reasonsAt.delete(was, key);
      this.#reasonTarget.delete(key);
      if (this.#rare.has(key)) continue;
      const reasons = this.filteredReasons.get(key);
      const target = reasons && this.canonical(key);
      if (target !== undefined) {
        this.#reasonTarget.set(key, target);
        this.#reasonsAt.add(target, key);
      }
      if (!reasons || this.#entities.has(target!)) this.#filtered.delete(key);
      else this.#filtered.set(key, { reason: mostVoted(reasons)!, paperCount: [...reasons.values()].reduce((a, b) => a + b, 0) });
    }
    // Broad flags follow the number of papers.
    for (const [key, e] of this.#entities) {
      const broad = isBroad(e.paperCount, this.papers);
      if (broad === e.broad) continue;
      this.#entities.set(key, { ...e, broad });
      changes.entities.add(key);
    }
    this.#touched.clear();
    this.#touchedAliases.clear();
    this.#touchedReasons.clear();
    return { entities: this.#entities, canonical: (key) => this.canonical(key), filtered: this.#filtered, changed: changes };
  }

  /** The key a raw key resolves to, following its steps ("mixup method" → "mixup"; "sft" → "supervised fine tuning"). */
  private canonical(key: string): string {
    const known = this.#chains.get(key);
    if (known) return known[known.length - 1];
    const chain = [key];
    const seen = new Set([key]);
    for (let next = this.step(key); next && !seen.has(next); next = this.step(next)) {
      seen.add(next);
      chain.push(next);
    }
    this.#chains.set(key, chain);
    for (const at of chain) if (at !== key) this.#onChains.add(at, key);
    return chain[chain.length - 1];
  }

  /**
   * One merge: an acronym to its expansion, a phrase with an acronym inside to the known phrase it expands to, a
   * phrase whose head only types its modifier to that modifier as the corpus resolves it. Kept with what it read.
   */
  private step(key: string): string | undefined {
    const cached = this.#steps.get(key);
    if (cached) return cached.next;
    let kinds = '';
    const keys: string[] = [];
    const read = (kind: Fact, k: string) => {
      kinds += kind;
      keys.push(k);
    };
    const acronym = (k: string) => {
      if (k !== key) read('a', k);
      return this.#acronyms.get(k);
    };
    const known = (k: string) => {
      read('k', k);
      return this.df.has(k);
    };
    const next = ((): string | undefined => {
      const target = acronym(key);
      if (target && target !== key) return target;
      const words = key.split(' ');
      if (words.length > 1) {
        const expanded = words.map((w) => acronym(w) ?? w).join(' ');
        if (expanded !== key && known(expanded)) return expanded;
      }
      const split = typeHeadSplit(key);
      if (!split || !known(split.core) || !this.term(split.core)) return undefined;
      // The core as the corpus resolves it ("sft" → "supervised fine tuning") must be able to be that type.
      read('c', split.core);
      const core = this.canonical(split.core);
      read('k', core);
      return this.mayBe(core, split.type) ? core : undefined;
    })();
    this.#steps.set(key, { next, kinds, keys });
    keys.forEach((k, i) => this.#readers[kinds[i] as Fact].add(k, key));
    return next;
  }

  private term(key: string): boolean {
    let term = this.#terms.get(key);
    if (term === undefined) this.#terms.set(key, (term = this.isTerm(key)));
    return term;
  }

  /** Redoes the entity of one canonical key from its members, or lists them as RARE when none is a term. */
  private group(key: string): void {
    const members = this.#groups.get(key);
    for (const m of members) {
      if (!this.#rare.delete(m)) continue;
      this.#filtered.delete(m);
      this.#changes.filtered.add(m);
    }
    this.#entities.delete(key);
    if (!members.length) return;
    if (!members.some((m) => this.term(m))) {
      for (const m of members) {
        this.#changes.filtered.add(m);
        this.#rare.add(m);
        this.#filtered.set(m, { reason: 'RARE', paperCount: this.df.get(m) ?? 0 });
      }
      return;
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
      if (split && this.canonical(split.core) === key) bump(votes, split.type, EVIDENCE_WEIGHT.context * (this.df.get(m) ?? 0));
      else for (const [n, count] of this.names.get(m) ?? []) bump(names, n, count);
    }
    // The largest member's count: a floor, as merged keys' papers overlap (the corpus graph counts mentions).
    const name = mostVoted(names) ?? key;
    this.#entities.set(key, {
      key,
      name,
      aliases: [...forms.keys()].sort(),
      type: mostVoted(votes) ?? 'concept',
      paperCount,
      broad: isBroad(paperCount, this.papers),
      plural: isMostlyPlural(names),
    });
  }
}

/** Where an answer of `EntityCounts.resolve` may differ from the one before it. */
export interface ResolveChanges {
  /** Keys whose canonical key changed, and keys whose canonical key's entity came or went. */
  canonical: Set<string>;
  /** Keys whose entity changed, came or went. */
  entities: Set<string>;
  /** Keys whose filtered entry changed, came or went. */
  filtered: Set<string>;
}

/** What a resolution step reads: an acronym entry, a key's counts, a key's canonical key. */
type Fact = 'a' | 'k' | 'c';

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
