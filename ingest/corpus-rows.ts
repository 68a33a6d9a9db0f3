import type { CorpusGraphChanges, CorpusTables, StoredKnowledge } from '../graph/store';
import type { LineageEdge, PaperMethodRole } from '../src/domain';
import { AliasIndex, aliasKeyOf, isBroad, isNameLike, isVariant, mostVoted, Multimap, type Entity, type ResolveChanges } from './extract';

/**
 * The rows of the corpus graph (ingest/corpus.ts) kept up to date by what changed: each step recomputes only the
 * papers and keys a change can reach, and the changes for the store are the rows noted as they change, not a
 * comparison of whole graphs. A fresh CorpusRows given every paper is the rebuild (buildCorpusGraph); one kept from
 * update to update is told which papers' knowledge changed (`touch`) and reads what entity resolution changed
 * (EntityCounts.resolve's `changed`), so the rows it holds are the rows a rebuild gives.
 *
 * What each row depends on, and so what makes it be recomputed (its key is "dirty"):
 *  - a paper's mentions (its concept keys resolved, where the key is an entity): its knowledge, and each of its raw
 *    keys' canonical key and whether that is an entity (papers found by raw key);
 *  - a concept's paper count (papers that mention it): those mentions; its row: its entity, paper count, method form,
 *    and the broad flag, `isBroad(paperCount, documents)`, which a change in the number of papers flips
 *    for the keys whose count crosses the threshold (keys indexed by paper count);
 *  - a paper's method candidates (each method mention under its canonical method key): its knowledge, the method
 *    alias index (votes of every paper) and canonical concept keys, found back from a changed alias or canonical key
 *    through the aliases that lead to it; a method's row: its candidates' names, aliases and papers, its entity
 *    (whether it is a method at all), lineage ends, and the papers that mention it;
 *  - an alias key's concept alias: the paper counts and aliases of the entities written with that form, and whether
 *    the key is a concept itself; a broader link: which of the key's word tails are concepts (keys by tail).
 */

type PaperInput = Pick<StoredKnowledge, 'paperId' | 'year' | 'knowledge'>;
type Knowledge = PaperInput['knowledge'];
type Method = Knowledge['methods'][number];

/** Each paper's mentions: its resolved concept keys, each with its strongest weight. */
export type Mentions = Map<string, Map<string, number>>;

/** What EntityCounts.resolve answers. */
interface Resolved {
  entities: ReadonlyMap<string, Entity>;
  canonical: (key: string) => string;
  filtered: ReadonlyMap<string, { reason: string; paperCount: number }>;
  changed: ResolveChanges;
}

/** The tables kept row by row here (mentions by paper; co-occurrences are the pair counts' own). */
type RowTable = Exclude<keyof CorpusTables, 'mentions' | 'cooccurrences'>;
type Row = CorpusTables[RowTable][number];

/** "LLMs", "PINNs": an acronym in the plural names a class. */
const PLURAL_ACRONYM = /^\p{Lu}[\p{Lu}\p{N}-]*s$/u;

/** Each table's row key (graph/store.ts, CorpusGraphChanges). */
export const ROW_KEYS: { [T in keyof CorpusTables]: (row: CorpusTables[T][number]) => string } = {
  concepts: (c) => c.key,
  conceptAliases: ([alias]) => alias,
  mentions: (m) => `${m.concept}\u0000${m.paperId}`,
  cooccurrences: (e) => `${e.a}\u0000${e.b}`,
  broader: (b) => b.narrower,
  methods: (m) => m.key,
  methodAliases: ([alias]) => alias,
  roles: (r) => `${r.method}\u0000${r.paperId}\u0000${r.role}`,
  lineage: (l) => `${l.child}\u0000${l.parent}\u0000${l.relation}\u0000${l.paperId}`,
  filtered: (f) => f.key,
};

const ROW_TABLES: RowTable[] = ['concepts', 'conceptAliases', 'broader', 'methods', 'methodAliases', 'roles', 'lineage', 'filtered'];

/** Whether two rows of one table hold the same values: flat fields, or arrays of strings. */
export function sameRow(a: object, b: object): boolean {
  const x = a as Record<string, unknown>;
  const y = b as Record<string, unknown>;
  for (const field in x) {
    const u = x[field];
    const v = y[field];
    if (u === v) continue;
    if (!Array.isArray(u) || !Array.isArray(v) || u.length !== v.length || u.some((e, i) => e !== v[i])) return false;
  }
  return true;
}

function sameWeights(a: Map<string, number>, b: Map<string, number>): boolean {
  if (a.size !== b.size) return false;
  for (const [key, weight] of a) if (b.get(key) !== weight) return false;
  return true;
}

function tally<T>(counts: Map<T, number>, value: T, delta: number): void {
  const n = (counts.get(value) ?? 0) + delta;
  if (n) counts.set(value, n);
  else counts.delete(value);
}

/** A key's word tails, longest first: "adaptive online data mixing" → "online data mixing", "data mixing", "mixing". */
function tails(key: string): string[] {
  const words = key.split(' ');
  return words.slice(1).map((_, i) => words.slice(i + 1).join(' '));
}

/** What the method mentions under one canonical key gather: names, aliases and papers (counted), roles by row key. */
interface MethodForm {
  names: Map<string, number>;
  aliases: Map<string, number>;
  papers: Map<string, number>;
  roles: Map<string, PaperMethodRole>;
}

export class CorpusRows {
  /** Whether the store holds the graph as of the last `written(true)`, so that changes are noted against it. */
  noting = false;
  /** Each paper's mentions. */
  readonly mentions: Mentions = new Map();

  private resolution: Omit<Resolved, 'changed'> = { entities: new Map(), canonical: (key) => key, filtered: new Map() };
  private documents = 0;
  /** Each paper's knowledge as last counted here, and the papers of each raw concept key and raw method key. */
  private readonly counted = new Map<string, Knowledge>();
  private readonly conceptPapers = new Multimap();
  private readonly methodPapers = new Multimap();
  private readonly methodAliases = new AliasIndex();
  /** Papers per mentioned concept key, the keys per paper count, and the mentioned keys per word tail. */
  private readonly paperCount = new Map<string, number>();
  private readonly byCount = new Map<number, Set<string>>();
  private readonly byTail = new Multimap();
  /** Each paper's method mentions and their canonical keys, and what they gather per key. */
  private readonly candidates = new Map<string, { methods: Method[]; keys: string[] }>();
  private readonly forms = new Map<string, MethodForm>();
  /** The method keys whose roles are rows (they are methods). */
  private readonly shownRoles = new Set<string>();
  /** Lineage edges per end, and the edges of the last lineage step. */
  private readonly ends = new Map<string, number>();
  private lineageEdges: LineageEdge[] = [];
  /** The entities as last indexed here, the entity keys per alias key of their forms, and the entity keys that resolve elsewhere. */
  private readonly entities = new Map<string, Entity>();
  private readonly claimants = new Multimap();
  private readonly selfless = new Set<string>();

  // What is still to be done, kept across updates (an update stopped between steps leaves it for the next).
  private readonly touched = new Set<string>();
  private readonly canonicalChanged = new Set<string>();
  private readonly methodsTouched = new Set<string>();
  private readonly methodKeysChanged = new Set<string>();
  private readonly entitiesChanged = new Set<string>();
  private readonly dirty = new Set<string>();
  /** Papers whose mentions changed since their co-occurrences were counted, with the mentions they were counted with. */
  private recounts = new Map<string, Map<string, number> | null>();

  /** The rows, by table and row key; and each row as the store holds it, of the rows changed since the last write. */
  private readonly tables = new Map<RowTable, Map<string, Row>>(ROW_TABLES.map((t) => [t, new Map()]));
  private readonly noted = new Map<RowTable, Map<string, Row | undefined>>(ROW_TABLES.map((t) => [t, new Map()]));
  private readonly notedMentions = new Map<string, Map<string, number>>();

  /** `papers`: every paper by id, kept current by the caller, who says which changed (`touch`). */
  constructor(private readonly papers: ReadonlyMap<string, PaperInput>) {}

  /** The paper's knowledge changed, came or went. */
  touch(paperId: string): void {
    this.touched.add(paperId);
  }

  /** Takes what entity resolution answers (EntityCounts.resolve), and notes where it changed. */
  resolved({ changed, ...resolution }: Resolved): void {
    this.resolution = resolution;
    for (const key of changed.canonical) {
      this.canonicalChanged.add(key);
      this.methodKeysChanged.add(key);
      this.dirty.add(key);
    }
    for (const key of changed.entities) {
      this.entitiesChanged.add(key);
      this.dirty.add(key);
    }
    for (const key of changed.filtered) this.dirty.add(key);
    // The broad flag follows the number of papers: the keys whose paper count crosses the threshold.
    const documents = this.papers.size;
    if (documents !== this.documents) {
      for (const [count, keys] of this.byCount) {
        if (isBroad(count, documents) !== isBroad(count, this.documents)) for (const key of keys) this.dirty.add(key);
      }
      this.documents = documents;
    }
  }

  /** The mentions of the papers whose knowledge, or whose keys' resolution, changed; and paper counts. */
  updateMentions(): void {
    const redo = new Set<string>();
    for (const paperId of this.touched) {
      const old = this.counted.get(paperId);
      const now = this.papers.get(paperId)?.knowledge;
      if (old === now) continue;
      for (const [knowledge, delta] of [[old, -1], [now, 1]] as const) {
        if (!knowledge) continue;
        const index = (papers: Multimap, key: string) => (delta > 0 ? papers.add(key, paperId) : papers.delete(key, paperId));
        for (const c of knowledge.concepts) index(this.conceptPapers, c.key);
        for (const m of knowledge.methods) {
          index(this.methodPapers, m.key);
          if (delta > 0) this.methodAliases.add(m);
          else this.methodAliases.remove(m);
        }
      }
      if (now) this.counted.set(paperId, now);
      else this.counted.delete(paperId);
      redo.add(paperId);
      this.methodsTouched.add(paperId);
    }
    this.touched.clear();
    this.methodAliases.settle();
    for (const alias of this.methodAliases.changed) this.methodKeysChanged.add(alias);
    this.methodAliases.changed.clear();
    if (!this.everyPaper(redo)) for (const key of this.canonicalChanged) for (const paperId of this.conceptPapers.get(key)) redo.add(paperId);
    this.canonicalChanged.clear();

    const { canonical, entities } = this.resolution;
    for (const paperId of redo) {
      const old = this.mentions.get(paperId);
      const knowledge = this.counted.get(paperId);
      let now: Map<string, number> | undefined;
      if (knowledge) {
        now = new Map();
        for (const c of knowledge.concepts) {
          const key = canonical(c.key);
          if (entities.has(key)) now.set(key, Math.max(now.get(key) ?? 0, c.weight));
        }
      }
      if (old === now || (old && now && sameWeights(old, now))) continue;
      if (this.noting && !this.notedMentions.has(paperId)) this.notedMentions.set(paperId, old ?? new Map());
      if (!this.recounts.has(paperId)) this.recounts.set(paperId, old ?? null);
      for (const key of old?.keys() ?? []) if (!now?.has(key)) this.count(key, -1);
      for (const key of now?.keys() ?? []) if (!old?.has(key)) this.count(key, 1);
      if (now) this.mentions.set(paperId, now);
      else this.mentions.delete(paperId);
    }
  }

  /** Whether every paper is among these (the first update, a rebuild): then no key need find its papers. */
  private everyPaper(papers: Set<string>): boolean {
    if (papers.size < this.counted.size) return false;
    for (const paperId of this.counted.keys()) if (!papers.has(paperId)) return false;
    return true;
  }

  private count(key: string, delta: 1 | -1): void {
    const was = this.paperCount.get(key) ?? 0;
    const now = was + delta;
    const bucket = (count: number) => {
      let keys = this.byCount.get(count);
      if (!keys) this.byCount.set(count, (keys = new Set()));
      return keys;
    };
    if (was) {
      const keys = bucket(was);
      keys.delete(key);
      if (!keys.size) this.byCount.delete(was);
    }
    if (now) {
      bucket(now).add(key);
      this.paperCount.set(key, now);
    } else this.paperCount.delete(key);
    this.dirty.add(key);
    if (was && now) return;
    // In or out of the concepts: the keys it is a tail of may link to it, or no longer.
    for (const tail of tails(key)) {
      if (now) this.byTail.add(tail, key);
      else this.byTail.delete(tail, key);
    }
    for (const longer of this.byTail.get(key)) this.dirty.add(longer);
  }

  /** Papers whose mentions changed since `takeRecounts` last answered, each with the mentions it was counted with (null: none). */
  takeRecounts(): Map<string, Map<string, number> | null> {
    const recounts = this.recounts;
    this.recounts = new Map();
    return recounts;
  }

  /**
   * Method mentions under their canonical keys, for the papers whose knowledge changed or whose method keys now
   * resolve elsewhere: through the method alias index (an alias's key changed) or a canonical concept key.
   */
  updateMethodForms(): void {
    const redo = new Set(this.methodsTouched);
    this.methodsTouched.clear();
    const seen = new Set<string>();
    const reach = [...this.methodKeysChanged];
    this.methodKeysChanged.clear();
    const everyPaper = this.everyPaper(redo);
    while (reach.length) {
      const key = reach.pop()!;
      if (seen.has(key)) continue;
      seen.add(key);
      this.dirty.add(key);
      if (!everyPaper) for (const paperId of this.methodPapers.get(key)) redo.add(paperId);
      reach.push(...this.methodAliases.aliasesOf.get(key));
    }
    for (const paperId of redo) {
      const old = this.candidates.get(paperId);
      const knowledge = this.counted.get(paperId);
      const now = knowledge && { methods: knowledge.methods, keys: knowledge.methods.map((m) => this.canonicalMethod(m.key)) };
      if (old && now && old.methods === now.methods && old.keys.every((k, i) => k === now.keys[i])) continue;
      const oldRoles = this.gather(paperId, old, -1);
      const newRoles = this.gather(paperId, now, 1);
      for (const [rowKey, role] of oldRoles) if (!newRoles.has(rowKey) && this.shownRoles.has(role.method)) this.setRow('roles', rowKey, undefined);
      for (const [rowKey, role] of newRoles) if (this.shownRoles.has(role.method)) this.setRow('roles', rowKey, role);
      if (now) this.candidates.set(paperId, now);
      else this.candidates.delete(paperId);
    }
  }

  /** Adds (1) or takes back (-1) a paper's method mentions under their keys; its roles, one per key and role (the last). */
  private gather(paperId: string, mentions: { methods: Method[]; keys: string[] } | undefined, delta: 1 | -1): Map<string, PaperMethodRole> {
    const roles = new Map<string, PaperMethodRole>();
    if (!mentions) return roles;
    mentions.methods.forEach((m, i) => {
      const key = mentions.keys[i];
      let form = this.forms.get(key);
      if (!form) this.forms.set(key, (form = { names: new Map(), aliases: new Map(), papers: new Map(), roles: new Map() }));
      tally(form.names, m.name, delta);
      for (const a of m.aliases) tally(form.aliases, a, delta);
      tally(form.papers, paperId, delta);
      roles.set(`${key}\u0000${paperId}\u0000${m.role}`, { paperId, method: key, role: m.role, evidence: m.evidence });
      this.dirty.add(key);
    });
    for (const [rowKey, role] of roles) {
      const form = this.forms.get(role.method)!;
      if (delta > 0) form.roles.set(rowKey, role);
      else form.roles.delete(rowKey);
      if (!form.papers.size) this.forms.delete(role.method);
    }
    return roles;
  }

  /** The lineage edges (ingest/lineage.ts): their ends are methods. */
  updateLineage(edges: LineageEdge[]): void {
    const ends = new Map<string, number>();
    for (const l of edges) for (const key of [l.child, l.parent]) ends.set(key, (ends.get(key) ?? 0) + 1);
    for (const key of new Set([...ends.keys(), ...this.ends.keys()])) {
      if (ends.has(key) !== this.ends.has(key)) this.dirty.add(key);
    }
    this.ends.clear();
    for (const [key, n] of ends) this.ends.set(key, n);
    const rows = new Map(edges.map((l) => [ROW_KEYS.lineage(l), l]));
    for (const rowKey of this.tables.get('lineage')!.keys()) if (!rows.has(rowKey)) this.setRow('lineage', rowKey, undefined);
    for (const [rowKey, l] of rows) this.setRow('lineage', rowKey, l);
    this.lineageEdges = edges;
  }

  /** Redoes every row keyed by a dirty key: concept, concept alias, broader link, method, method alias, roles, filtered name. */
  updateRows(): void {
    const { entities, canonical } = this.resolution;
    // The alias keys of an entity that changed are redone: its forms, and its paper count (which decides which
    // concept a form names), change only with it (a paper that mentions it counts one of its keys again, a key
    // joins or leaves it).
    for (const key of this.entitiesChanged) {
      const old = this.entities.get(key);
      const now = entities.get(key);
      if (old === now) continue;
      for (const alias of this.aliasKeys(old)) {
        this.claimants.delete(alias, key);
        this.dirty.add(alias);
      }
      for (const alias of this.aliasKeys(now)) {
        this.claimants.add(alias, key);
        this.dirty.add(alias);
      }
      if (now) this.entities.set(key, now);
      else this.entities.delete(key);
    }
    this.entitiesChanged.clear();
    for (const key of this.dirty) {
      if (entities.has(key) && canonical(key) !== key) this.selfless.add(key);
      else this.selfless.delete(key);
    }
    for (const key of this.selfless) this.dirty.add(key);

    for (const key of this.dirty) {
      const method = this.methodRow(key);
      const isMethod = method !== undefined;
      this.setRow('concepts', key, this.conceptRow(key, isMethod));
      this.setRow('conceptAliases', key, this.conceptAlias(key));
      this.setRow('broader', key, this.broaderLink(key));
      this.setRow('methods', key, method);
      const target = this.methodAliases.index.get(key);
      this.setRow('methodAliases', key, target === undefined || isMethod ? undefined : [key, this.canonicalMethod(key)]);
      const f = this.resolution.filtered.get(key);
      const filtered = f && !this.paperCount.has(key) && !isMethod ? { key, reason: f.reason, paperCount: f.paperCount } : undefined;
      this.setRow('filtered', key, filtered);
      const form = this.forms.get(key);
      const shown = !!form && !this.notMethod(key);
      if (shown === this.shownRoles.has(key)) continue;
      if (shown) this.shownRoles.add(key);
      else this.shownRoles.delete(key);
      for (const [rowKey, role] of form?.roles ?? []) this.setRow('roles', rowKey, shown ? role : undefined);
    }
    this.dirty.clear();
  }

  /** The keys of the forms an entity was written with, but its own. */
  private aliasKeys(e: Entity | undefined): string[] {
    return e ? [...new Set(e.aliases.map(aliasKeyOf))].filter((key) => key !== e.key) : [];
  }

  private conceptRow(key: string, isMethod: boolean): Row | undefined {
    const e = this.resolution.entities.get(key);
    const paperCount = this.paperCount.get(key);
    if (!e || !paperCount) return undefined;
    return {
      key: e.key,
      name: e.name,
      aliases: e.aliases,
      kind: isMethod && e.type === 'concept' ? 'method' : e.type,
      paperCount,
      broad: isBroad(paperCount, this.documents),
    };
  }

  /**
   * The concept an alias key names: an entity key that resolves to a stored concept; else, unless it is a concept
   * itself, the concept in most papers (then the first key) written with a form of that key. "LLM" is large language
   * models, not a one-paper phrase that a paper abbreviated the same way.
   */
  private conceptAlias(alias: string): Row | undefined {
    const papers = (key: string) => this.paperCount.get(key) ?? 0;
    if (this.selfless.has(alias) && !papers(alias)) {
      const target = this.resolution.canonical(alias);
      if (papers(target)) return [alias, target];
    }
    if (papers(alias)) return undefined;
    let best: string | undefined;
    for (const key of this.claimants.get(alias)) {
      if (papers(key) && (best === undefined || papers(key) > papers(best) || (papers(key) === papers(best) && key < best))) best = key;
    }
    return best === undefined ? undefined : [alias, best];
  }

  /** "online data mixing" is narrower than "data mixing": the longest word tail that is a concept too. */
  private broaderLink(key: string): Row | undefined {
    if (!this.paperCount.has(key)) return undefined;
    const broader = tails(key).find((tail) => this.paperCount.has(tail));
    return broader === undefined ? undefined : { narrower: key, broader };
  }

  /**
   * A method node: a key papers give a role, unless the corpus types it as a data set or a measure or it is a plural
   * class; or a lineage end. Its papers are those that give it a role and those that mention it as a concept.
   */
  private methodRow(key: string): Row | undefined {
    const form = this.forms.get(key);
    if (form && !this.notMethod(key)) {
      const name = mostVoted(form.names)!;
      let paperCount = this.paperCount.get(key) ?? 0;
      for (const paperId of form.papers.keys()) if (!this.mentions.get(paperId)?.has(key)) paperCount++;
      return { key, name, aliases: [...new Set([name, ...form.aliases.keys()])].sort(), paperCount };
    }
    if (!this.ends.has(key)) return undefined;
    // A lineage end no paper gives a role: named as the corpus writes it ("mixup", "Mixup") when it is a concept too,
    // with the concept's other ways of writing it ("SIVI" for "semi-implicit variational inference").
    const concept = this.resolution.entities.get(this.resolution.canonical(key));
    const name = concept?.name ?? key;
    const variants = (concept?.aliases ?? []).filter((a) => isVariant(a, concept!.name));
    return { key, name, aliases: [...new Set([name, key, ...variants])].sort(), paperCount: this.paperCount.get(key) ?? 0 };
  }

  /** A data set or a measure ("CIFAR-100"), as the corpus types it. */
  dataOrMeasure(key: string): boolean {
    return ['dataset', 'metric'].includes(this.resolution.entities.get(key)?.type ?? '');
  }

  /** Broad as an entity, or in more than the broad share of the papers. */
  isGenericClass(key: string): boolean {
    const e = this.resolution.entities.get(key);
    return !!e && (e.broad || isBroad(this.paperCount.get(key) ?? 0, this.documents));
  }

  /**
   * A method mention the corpus types as a data set or a measure ("CIFAR-100"), or a plural class ("language
   * models", "LLMs"), is no method node. A plural that a singular acronym or another name names is one method
   * ("Local Interpretable Model-agnostic Explanations (LIME)", "Knowledge-enhanced Bottlenecks (KnoBo)").
   */
  private notMethod(key: string): boolean {
    const e = this.resolution.entities.get(key);
    // A one-word name whose plural is no alias too: "LIME", "KnoBo", but not "LM" beside "LMs".
    const named = () =>
      e!.name.split(' ').some(isNameLike) ||
      e!.aliases.some((a) => !a.includes(' ') && isNameLike(a) && !PLURAL_ACRONYM.test(a) && !e!.aliases.includes(`${a}s`));
    return this.dataOrMeasure(key) || (!!e && e.plural && (e.broad || !named()));
  }

  /** A method key's canonical key: through the method alias index (alias → key, to the end), then as a concept. */
  readonly canonicalMethod = (key: string): string => {
    const { index } = this.methodAliases;
    const seen = new Set<string>();
    while (index.has(key) && !seen.has(key)) {
      seen.add(key);
      key = index.get(key)!;
    }
    return this.resolution.canonical(key);
  };

  private setRow(table: RowTable, key: string, row: Row | undefined): void {
    const rows = this.tables.get(table)!;
    const was = rows.get(key);
    if (row === undefined ? was === undefined : was !== undefined && sameRow(was, row)) return;
    const noted = this.noted.get(table)!;
    if (this.noting && !noted.has(key)) noted.set(key, was);
    if (row === undefined) rows.delete(key);
    else rows.set(key, row);
  }

  /** The rows that differ from the graph the store holds (as of the last `written(true)`), but co-occurrences. */
  changes(): Omit<CorpusGraphChanges, 'cooccurrences'> {
    const changes: Record<string, { put: Row[]; remove: Row[] }> = {};
    for (const table of ROW_TABLES) {
      const rows = this.tables.get(table)!;
      const put: Row[] = [];
      const remove: Row[] = [];
      for (const [key, before] of this.noted.get(table)!) {
        const now = rows.get(key);
        if (now && (!before || !sameRow(before, now))) put.push(now);
        else if (!now && before) remove.push(before);
      }
      changes[table] = { put, remove };
    }
    const mentions: CorpusGraphChanges['mentions'] = { put: [], remove: [] };
    for (const [paperId, before] of this.notedMentions) {
      const now = this.mentions.get(paperId) ?? new Map<string, number>();
      for (const [concept, weight] of now) if (before.get(concept) !== weight) mentions.put.push({ paperId, concept, weight });
      for (const [concept, weight] of before) if (!now.has(concept)) mentions.remove.push({ paperId, concept, weight });
    }
    return { ...(changes as Omit<CorpusGraphChanges, 'cooccurrences' | 'mentions' | 'documents'>), mentions, documents: this.documents };
  }

  /** Whether the store now holds these rows (after a write): changes are noted against them from now on, or not at all. */
  written(written: boolean): void {
    this.noting = written;
    for (const noted of this.noted.values()) noted.clear();
    this.notedMentions.clear();
  }

  /** Every row, as the corpus graph's tables, but co-occurrences. */
  whole(): Omit<CorpusTables, 'cooccurrences'> & { documents: number } {
    const rows = <T extends RowTable>(table: T) => [...this.tables.get(table)!.values()] as CorpusTables[T];
    const byKey = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
    return {
      concepts: rows('concepts').sort((a, b) => byKey(a.key, b.key)),
      conceptAliases: rows('conceptAliases').sort((a, b) => a[0].localeCompare(b[0])),
      mentions: [...this.mentions].flatMap(([paperId, weights]) => [...weights].map(([concept, weight]) => ({ paperId, concept, weight }))),
      broader: rows('broader').sort((x, y) => x.narrower.localeCompare(y.narrower)),
      methods: rows('methods').sort((a, b) => byKey(a.key, b.key)),
      methodAliases: rows('methodAliases'),
      roles: rows('roles'),
      lineage: this.lineageEdges,
      filtered: rows('filtered'),
      documents: this.documents,
    };
  }
}
