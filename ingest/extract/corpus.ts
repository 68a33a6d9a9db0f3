import { UndirectedGraph } from 'graphology';
import louvain from 'graphology-communities-louvain';
import { conceptKey } from './keys';
import type { PaperExtraction } from './types';

/**
 * Corpus structure over per-paper concept sets: pure functions, so the pipeline or the store can run them after
 * an ingest on whatever it holds (recomputing is cheap: linear in mentions, quadratic only within a paper).
 */

/** In how many papers each concept key occurs. */
export function documentFrequency(papers: Iterable<Iterable<string>>): Map<string, number> {
  const df = new Map<string, number>();
  for (const paper of papers) for (const key of new Set(paper)) df.set(key, (df.get(key) ?? 0) + 1);
  return df;
}

export interface Cooccurrence {
  /** The two keys, a < b. */
  a: string;
  b: string;
  /** Papers that mention both. */
  count: number;
  /** Normalised pointwise mutual information in [-1, 1]: 1 when they only ever occur together. */
  npmi: number;
}

/** Concept pairs that share at least `minCount` papers, weighted by NPMI over papers. */
export function cooccurrences(papers: Iterable<Iterable<string>>, minCount = 2): Cooccurrence[] {
  const sets = [...papers].map((p) => [...new Set(p)].sort());
  const n = sets.length;
  const df = documentFrequency(sets);
  const pairs = new Map<string, number>();
  for (const keys of sets) {
    for (let i = 0; i < keys.length; i++) {
      for (let j = i + 1; j < keys.length; j++) {
        const pair = `${keys[i]}\u0000${keys[j]}`;
        pairs.set(pair, (pairs.get(pair) ?? 0) + 1);
      }
    }
  }
  const out: Cooccurrence[] = [];
  for (const [pair, count] of pairs) {
    if (count < minCount) continue;
    const [a, b] = pair.split('\u0000');
    const pab = count / n;
    const npmi = pab === 1 ? 1 : Math.log(pab / ((df.get(a)! / n) * (df.get(b)! / n))) / -Math.log(pab);
    out.push({ a, b, count, npmi });
  }
  return out.sort((x, y) => y.npmi - x.npmi || y.count - x.count || x.a.localeCompare(y.a) || x.b.localeCompare(y.b));
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
  /** Edges below this NPMI are left out of the graph (default 0.1). */
  minNpmi?: number;
  /** Louvain resolution: higher gives more, smaller communities (default 1). */
  resolution?: number;
}

/**
 * Communities of concepts: Louvain modularity (graphology-communities-louvain) on the co-occurrence graph weighted
 * by NPMI, deterministic (no random walk). Returns community index by key, for keys with at least one edge.
 */
export function communities(edges: Cooccurrence[], options: CommunityOptions = {}): Map<string, number> {
  const { minNpmi = 0.1, resolution = 1 } = options;
  const graph = new UndirectedGraph();
  for (const e of edges) {
    if (e.npmi < minNpmi || e.a === e.b) continue;
    graph.mergeNode(e.a);
    graph.mergeNode(e.b);
    graph.mergeEdge(e.a, e.b, { weight: e.npmi });
  }
  if (graph.size === 0) return new Map();
  const assignment = louvain(graph, { getEdgeWeight: 'weight', resolution, randomWalk: false });
  return new Map(Object.entries(assignment));
}

/**
 * Alias keys to canonical keys across papers: a paper that defines "Mixture-of-Experts (MoE)" teaches that "moe"
 * means "mixture of expert", so papers that only write "MoE" resolve to the same concept. When papers disagree,
 * the expansion most papers give wins.
 */
export function aliasIndex(extractions: Iterable<Pick<PaperExtraction, 'concepts'>>): Map<string, string> {
  const votes = new Map<string, Map<string, number>>();
  for (const extraction of extractions) {
    for (const concept of extraction.concepts) {
      for (const alias of concept.aliases) {
        const key = conceptKey(alias);
        if (key === concept.key) continue;
        const byTarget = votes.get(key) ?? new Map<string, number>();
        byTarget.set(concept.key, (byTarget.get(concept.key) ?? 0) + 1);
        votes.set(key, byTarget);
      }
    }
  }
  const index = new Map<string, string>();
  for (const [alias, byTarget] of votes) {
    const [best] = [...byTarget].sort((x, y) => y[1] - x[1] || x[0].localeCompare(y[0]));
    index.set(alias, best[0]);
  }
  return index;
}
