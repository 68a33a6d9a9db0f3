import { UndirectedGraph } from 'graphology';
import louvain from 'graphology-communities-louvain';
import { npmi } from '../../graph/store';
import { conceptKey } from './keys';
import { CorpusStats, type CorpusStatsOptions } from './stats';

/**
 * Corpus structure over per-paper concept sets: pure functions and an incremental counter, so the pipeline or the
 * store can keep statistics current after each ingest (add a paper's keys; on a changed paper, remove the keys it
 * had and add the new ones) or recompute them from whatever it holds.
 */

export interface Cooccurrence {
  /** The two keys, a < b. */
  a: string;
  b: string;
  /** Papers that mention both. */
  count: number;
  /** Normalised pointwise mutual information in [-1, 1]: 1 when they only ever occur together. */
  npmi: number;
}

const PAIR = '\u0000';

/** A pair of keys in at least `SHARED` papers, with its figures as of the last answer it was in. */
interface SharedPair extends Cooccurrence {
  pair: string;
  answer: number;
}

/** Pairs in at least this many papers are indexed: the co-occurrences the corpus graph asks for. */
const SHARED = 2;

/** The order of `localeCompare`, which Intl.Collator gives without setting up a collator per call. */
const collate = new Intl.Collator().compare;

/** Strongest first: NPMI, then count, then the keys in `localeCompare` order. */
const strongestFirst = (x: Cooccurrence, y: Cooccurrence) => y.npmi - x.npmi || y.count - x.count || collate(x.a, y.a) || collate(x.b, y.b);

/** Document frequencies and pair counts, kept up to date paper by paper. */
export class ConceptCounts {
  private papers = 0;
  private readonly df = new Map<string, number>();
  private readonly pairs = new Map<string, number>();
  /** The pairs in at least `SHARED` papers, with their two keys and their figures as of the last answer. */
  readonly #shared = new Map<string, SharedPair>();
  /** The pairs of the last `cooccurrences` answer, in its order: sorting them again is nearly sorting sorted data. */
  #order: SharedPair[] = [];
  #answers = 0;

  /** Counts a paper with these concept keys. */
  add(keys: Iterable<string>): void {
    this.update(keys, 1);
  }

  /** Takes back a paper counted with these keys. */
  remove(keys: Iterable<string>): void {
    this.update(keys, -1);
  }

  private update(keys: Iterable<string>, delta: 1 | -1): void {
    const sorted = [...new Set(keys)].sort();
    this.papers += delta;
    for (const key of sorted) bump(this.df, key, delta);
    for (let i = 0; i < sorted.length; i++) {
      for (let j = i + 1; j < sorted.length; j++) {
        const pair = `${sorted[i]}${PAIR}${sorted[j]}`;
        const count = bump(this.pairs, pair, delta);
        if (count === SHARED && delta > 0) this.#shared.set(pair, { pair, a: sorted[i], b: sorted[j], count, npmi: 0, answer: 0 });
        else if (count === SHARED - 1 && delta < 0) this.#shared.delete(pair);
      }
    }
  }

  get documents(): number {
    return this.papers;
  }

  /** Papers counted with both keys. */
  pairCount(a: string, b: string): number {
    return this.pairs.get(a < b ? `${a}${PAIR}${b}` : `${b}${PAIR}${a}`) ?? 0;
  }

  documentFrequency(): ReadonlyMap<string, number> {
    return this.df;
  }

  /** Statistics for weighting and filtering one paper's concepts against this corpus. */
  stats(options?: CorpusStatsOptions): CorpusStats {
    return new CorpusStats(this.df, this.papers, options);
  }

  /** Concept pairs (a < b) that share at least `minCount` (≥ 2) papers, with their counts, in no order: no NPMI, no sort. */
  pairCounts(minCount = SHARED): { a: string; b: string; count: number }[] {
    if (minCount < SHARED) throw new Error(`pairCounts keeps pairs in at least ${SHARED} papers, not ${minCount}`);
    const out: { a: string; b: string; count: number }[] = [];
    for (const p of this.#shared.values()) {
      const count = this.pairs.get(p.pair)!;
      if (count >= minCount) out.push({ a: p.a, b: p.b, count });
    }
    return out;
  }

  /** Concept pairs that share at least `minCount` papers, weighted by NPMI over papers, strongest first. */
  cooccurrences(minCount = 2): Cooccurrence[] {
    const n = this.papers;
    const score = (count: number, a: string, b: string) => npmi(count, this.df.get(a)!, this.df.get(b)!, n);
    if (minCount < SHARED) {
      const out: Cooccurrence[] = [];
      for (const [pair, count] of this.pairs) {
        if (count < minCount) continue;
        const [a, b] = pair.split(PAIR);
        out.push({ a, b, count, npmi: score(count, a, b) });
      }
      return out.sort(strongestFirst);
    }
    // The last answer's pairs first, in its order, then those new since: the sort's runs are then long.
    const answer = ++this.#answers;
    const edges: SharedPair[] = [];
    const visit = (p: SharedPair) => {
      p.answer = answer;
      p.count = this.pairs.get(p.pair)!;
      if (p.count < minCount) return;
      p.npmi = score(p.count, p.a, p.b);
      edges.push(p);
    };
    for (const p of this.#order) if (this.#shared.get(p.pair) === p) visit(p);
    for (const p of this.#shared.values()) if (p.answer !== answer) visit(p);
    this.#order = edges.sort(strongestFirst);
    return edges.map(({ a, b, count, npmi }) => ({ a, b, count, npmi }));
  }
}

/** Adds `delta` to a count, dropping it at zero, and returns the new count. */
function bump(map: Map<string, number>, key: string, delta: 1 | -1): number {
  const value = (map.get(key) ?? 0) + delta;
  if (value) map.set(key, value);
  else map.delete(key);
  return value;
}

function countAll(papers: Iterable<Iterable<string>>): ConceptCounts {
  const counts = new ConceptCounts();
  for (const paper of papers) counts.add(paper);
  return counts;
}

/** In how many papers each concept key occurs. */
export function documentFrequency(papers: Iterable<Iterable<string>>): Map<string, number> {
  return new Map(countAll(papers).documentFrequency());
}

/** Concept pairs that share at least `minCount` papers, weighted by NPMI over papers, strongest first. */
export function cooccurrences(papers: Iterable<Iterable<string>>, minCount = 2): Cooccurrence[] {
  return countAll(papers).cooccurrences(minCount);
}

export interface BroaderLink {
  narrower: string;
  broader: string;
}

/**
 * "online data mixing" is narrower than "data mixing": a key whose words end with another known key (same head,
 * more modifiers) links to the longest such key, so chains stay direct (a b c → b c → c).
 */
export function broaderLinks(keys: Iterable<string>): BroaderLink[] {
  const known = new Set(keys);
  const links: BroaderLink[] = [];
  for (const key of known) {
    const words = key.split(' ');
    for (let i = 1; i < words.length; i++) {
      const tail = words.slice(i).join(' ');
      if (known.has(tail)) {
        links.push({ narrower: key, broader: tail });
        break;
      }
    }
  }
  return links.sort((x, y) => x.narrower.localeCompare(y.narrower));
}

export interface CommunityOptions {
  /** Edges below this NPMI are left out of the graph (default COMMUNITY_MIN_NPMI). */
  minNpmi?: number;
  /** Louvain resolution: higher gives more, smaller communities (default 1). */
  resolution?: number;
}

/** Co-occurrences below this NPMI are no edge of the graph communities are found in. */
export const COMMUNITY_MIN_NPMI = 0.1;

/**
 * Communities of concepts: Louvain modularity (graphology-communities-louvain) on the co-occurrence graph weighted
 * by NPMI, deterministic (no random walk). Returns community index by key, for keys with at least one edge.
 * A function of the set of edges alone, whatever their order: the graph is built strongest edge first (NPMI, then
 * count, then the keys in `localeCompare` order, then code-unit order), and each community is numbered by its
 * smallest member key (`byFirstMember`), so a community keeps its number while its smallest member stays.
 */
export function communities(edges: Cooccurrence[], options: CommunityOptions = {}): Map<string, number> {
  const { minNpmi = COMMUNITY_MIN_NPMI, resolution = 1 } = options;
  const kept = edges.filter((e) => e.npmi >= minNpmi && e.a !== e.b);
  const rank = keyRanks(kept);
  kept.sort((x, y) => y.npmi - x.npmi || y.count - x.count || rank.get(x.a)! - rank.get(y.a)! || rank.get(x.b)! - rank.get(y.b)!);
  const graph = new UndirectedGraph();
  for (const e of kept) {
    graph.mergeNode(e.a);
    graph.mergeNode(e.b);
    graph.mergeEdge(e.a, e.b, { weight: e.npmi });
  }
  if (graph.size === 0) return new Map();
  const assignment = louvain(graph, { getEdgeWeight: 'weight', resolution, randomWalk: false });
  return byFirstMember(new Map(Object.entries(assignment)));
}

/** Each key of the edges by its place in `localeCompare` order (ties in code-unit order): one collation per key, not per comparison. */
function keyRanks(edges: Cooccurrence[]): Map<string, number> {
  const keys = new Set<string>();
  for (const e of edges) keys.add(e.a).add(e.b);
  const sorted = [...keys].sort((a, b) => collate(a, b) || (a < b ? -1 : a > b ? 1 : 0));
  return new Map(sorted.map((key, i) => [key, i]));
}

/** Community numbers are taken from this range: [0, 2^24). */
const COMMUNITY_NUMBERS = 2 ** 24;

/**
 * The same partition, each community numbered by its smallest member key (code-unit order): a hash of that key
 * (FNV-1a, in [0, 2^24)), or the next free number when an earlier community (by smallest member) holds it. The
 * numbers depend on the partition alone, not on the labels the algorithm happened to give, and a community keeps its
 * number while its smallest member stays, whatever happens to the others: numbering by rank instead moved every
 * community after one whose smallest member changed (on the 3,451-paper store, a one-paper update's refresh then
 * rewrote 457-1,773 concepts, where 132-938 changed their smallest member).
 */
export function byFirstMember(assignment: ReadonlyMap<string, number>): Map<string, number> {
  const first = new Map<number, string>();
  for (const [key, label] of assignment) {
    const held = first.get(label);
    if (held === undefined || key < held) first.set(label, key);
  }
  const taken = new Set<number>();
  const number = new Map<number, number>();
  for (const [label, key] of [...first].sort((x, y) => (x[1] < y[1] ? -1 : 1))) {
    let n = fnv1a(key) % COMMUNITY_NUMBERS;
    while (taken.has(n)) n = (n + 1) % COMMUNITY_NUMBERS;
    taken.add(n);
    number.set(label, n);
  }
  return new Map([...assignment].map(([key, label]) => [key, number.get(label)!]));
}

/** 32-bit FNV-1a of a string's UTF-16 code units, as an unsigned integer. */
function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193);
  return hash >>> 0;
}

/**
 * Alias keys to canonical keys across papers: a paper that defines "Mixture-of-Experts (MoE)" teaches that "moe"
 * means "mixture of expert", so papers that only write "MoE" resolve to the same concept. Works for concepts and
 * for methods (pass `extractions.flatMap((e) => e.concepts)` or `… e.methods`). When papers disagree, the key
 * most of them give wins. An entry with a `count` stands for that many papers giving it (default 1).
 */
export function aliasIndex(entries: Iterable<AliasEntry>): Map<string, string> {
  const index = new AliasIndex();
  for (const entry of entries) index.add(entry);
  index.settle();
  return index.index;
}

type AliasEntry = { key: string; aliases: string[]; count?: number };

/**
 * `aliasIndex` kept up to date entry by entry: `add` and `remove` entries, then `settle` brings `index` up to date
 * and notes in `changed` each alias whose key changed, came or went (the caller empties it).
 */
export class AliasIndex {
  private readonly votes = new Map<string, Map<string, number>>();
  private readonly touched = new Set<string>();
  /** Alias key → the key most entries give it. */
  readonly index = new Map<string, string>();
  /** The aliases `index` gives each key. */
  readonly aliasesOf = new Multimap();
  readonly changed = new Set<string>();

  add(entry: AliasEntry): void {
    this.update(entry, entry.count ?? 1);
  }

  remove(entry: AliasEntry): void {
    this.update(entry, -(entry.count ?? 1));
  }

  private update(entry: AliasEntry, delta: number): void {
    for (const alias of entry.aliases) {
      const key = aliasKeyOf(alias);
      if (key === entry.key) continue;
      const byTarget = this.votes.get(key) ?? new Map<string, number>();
      const n = (byTarget.get(entry.key) ?? 0) + delta;
      if (n) byTarget.set(entry.key, n);
      else byTarget.delete(entry.key);
      if (byTarget.size) this.votes.set(key, byTarget);
      else this.votes.delete(key);
      this.touched.add(key);
    }
  }

  settle(): void {
    for (const alias of this.touched) {
      const was = this.index.get(alias);
      const now = mostVoted(this.votes.get(alias));
      if (now === was) continue;
      if (was !== undefined) this.aliasesOf.delete(was, alias);
      if (now === undefined) this.index.delete(alias);
      else {
        this.index.set(alias, now);
        this.aliasesOf.add(now, alias);
      }
      this.changed.add(alias);
    }
    this.touched.clear();
  }
}

/** How many alias forms' keys `aliasKeyOf` keeps before it starts again. */
const ALIAS_KEYS_KEPT = 1_000_000;
const aliasKeys = new Map<string, string>();

/** `conceptKey` of an alias, kept across calls: every corpus update indexes the same forms again. */
export function aliasKeyOf(alias: string): string {
  let key = aliasKeys.get(alias);
  if (key === undefined) {
    if (aliasKeys.size >= ALIAS_KEYS_KEPT) aliasKeys.clear();
    aliasKeys.set(alias, (key = conceptKey(alias)));
  }
  return key;
}

/**
 * The value with the most votes, ties to the first in `localeCompare` order (then in insertion order): what sorting
 * by that order would put first, in one pass. Undefined when there are no votes.
 */
export function mostVoted<K>(counts: ReadonlyMap<K, number> | undefined): K | undefined {
  let best: [K, number] | undefined;
  for (const entry of counts ?? []) {
    if (!best || entry[1] > best[1] || (entry[1] === best[1] && String(entry[0]).localeCompare(String(best[0])) < 0)) best = entry;
  }
  return best?.[0];
}

/** Sets of strings by key, a set of one held as its member (most sets here have one, and a Set costs ~100 bytes). */
export class Multimap {
  readonly #sets = new Map<string, string | Set<string>>();

  add(key: string, value: string): void {
    const set = this.#sets.get(key);
    if (set === undefined) this.#sets.set(key, value);
    else if (typeof set !== 'string') set.add(value);
    else if (set !== value) this.#sets.set(key, new Set([set, value]));
  }

  delete(key: string, value: string): void {
    const set = this.#sets.get(key);
    if (set === value || (typeof set === 'object' && set.delete(value) && set.size === 0)) this.#sets.delete(key);
  }

  /** The members, in the order they were added: a copy, so the map can change while a caller walks them. */
  get(key: string): string[] {
    const set = this.#sets.get(key);
    return set === undefined ? [] : typeof set === 'string' ? [set] : [...set];
  }
}
