import type { GraphStore, SharedCitations } from '../../graph/store';

/**
 * The two related-work signals citations give, when the store knows some (ingest reads them from OpenAlex
 * `referenced_works`, Semantic Scholar `references`, or a record's `references`):
 *
 * - `coupling` (bibliographic coupling, Kessler 1963): the two papers cite the same papers. Salton's cosine of their
 *   reference sets: shared / √(|refs a| · |refs b|), in 0..1.
 * - `cocitation` (Small 1973): papers cite the two together. The cosine of their citer sets, in 0..1.
 *
 * A query with no resolved reference (or no citer) cannot measure coupling (co-citation): the signal is
 * unavailable, so its weight goes to the others and a corpus without citations ranks exactly as it would without
 * these signals. Only resolved references count: a work outside the store has ids that differ between sources.
 */
export const CITATION_SIGNALS = ['coupling', 'cocitation'] as const;
export type CitationSignal = (typeof CITATION_SIGNALS)[number];

/** Papers read per citation signal, most shared first: they join the candidates. */
const CITATION_CANDIDATES = 50;

/** What a candidate shares with the query: references both cite, papers citing both. */
export interface CitationOverlap {
  coupling: number;
  cocitation: number;
}

/** The query paper's citation evidence against any candidate. */
export interface CitationProfile {
  /** Papers sharing a reference or a citer with the query. */
  candidates: string[];
  /** The signals' values for a candidate: null when the query cannot measure one. */
  values(id: string): Record<CitationSignal, number | null>;
  shared(id: string): CitationOverlap;
}

const NONE: CitationProfile = {
  candidates: [],
  values: () => ({ coupling: null, cocitation: null }),
  shared: () => ({ coupling: 0, cocitation: 0 }),
};

/** The citation evidence of a stored paper; none for free text (`paperId` undefined). */
export async function citationProfile(store: GraphStore, paperId: string | undefined): Promise<CitationProfile> {
  if (paperId === undefined) return NONE;
  const own = (await store.citationCounts([paperId])).get(paperId);
  if (!own || (own.references === 0 && own.citedBy === 0)) return NONE;
  const [coupled, cocited] = await Promise.all([
    own.references ? store.sharedCitations(paperId, 'coupling', CITATION_CANDIDATES) : [],
    own.citedBy ? store.sharedCitations(paperId, 'cocitation', CITATION_CANDIDATES) : [],
  ]);
  const index = (list: SharedCitations[]) => new Map(list.map((s) => [s.id, s]));
  const [byCoupling, byCocitation] = [index(coupled), index(cocited)];
  const cosine = (s: SharedCitations | undefined, mine: number) => (s ? s.shared / Math.sqrt(mine * s.count) : 0);
  return {
    candidates: [...new Set([...byCoupling.keys(), ...byCocitation.keys()])],
    values: (id) => ({
      coupling: own.references ? cosine(byCoupling.get(id), own.references) : null,
      cocitation: own.citedBy ? cosine(byCocitation.get(id), own.citedBy) : null,
    }),
    shared: (id) => ({ coupling: byCoupling.get(id)?.shared ?? 0, cocitation: byCocitation.get(id)?.shared ?? 0 }),
  };
}

/** The reason a citation signal gives, in words. */
export function citationReason(signal: CitationSignal, value: number, shared: CitationOverlap): string {
  const n = shared[signal];
  return signal === 'coupling'
    ? `cites ${n === 1 ? 'a paper' : `${n} papers`} it cites too (coupling ${value.toFixed(2)})`
    : `cited together with it by ${n === 1 ? 'a paper' : `${n} papers`} (co-citation ${value.toFixed(2)})`;
}
