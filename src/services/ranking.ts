import { textWords } from '../../graph/query-words';

/** One piece of evidence behind a score (see `fuse`). */
export interface Signal {
  name: string;
  /** The raw measurement (cosine similarity, BM25 score, …). */
  value: number;
  /** Weight × normalised value: the signals' contributions sum to the score. */
  contribution: number;
  /** False when the signal could not be measured; its weight then went to the others. */
  available: boolean;
}

/** A paper in a ranked list, with what its score is made of. */
export interface RankedPaper {
  id: string;
  score: number;
  signals: Signal[];
}

export interface SignalMeasure {
  name: string;
  /** Share of the score when every signal is available; the weights of one ranking sum to 1. */
  weight: number;
  /** Raw value, or null when the signal is not available for this pair. */
  value: number | null;
  /** The value mapped onto 0..1 (ignored when `value` is null). */
  normalized: number;
}

/**
 * Weighted fusion: score = Σ wᵢ·nᵢ over the available signals, where nᵢ ∈ [0, 1] is the normalised value and the
 * weights of the available signals are rescaled to sum to 1. A signal that cannot be measured contributes nothing
 * and is reported with `available: false`, so a score always says what it stood on.
 */
export function fuse(measures: SignalMeasure[]): { score: number; signals: Signal[] } {
  const availableWeight = measures.reduce((sum, m) => sum + (m.value === null ? 0 : m.weight), 0);
  const signals = measures.map((m): Signal => {
    if (m.value === null || availableWeight === 0) {
      return { name: m.name, value: 0, contribution: 0, available: m.value !== null };
    }
    return { name: m.name, value: m.value, contribution: contribution(m.weight, availableWeight, m.normalized), available: true };
  });
  return { score: signals.reduce((sum, s) => sum + s.contribution, 0), signals };
}

/** An available signal's share of the score: its rescaled weight times its normalised value, clamped to 0..1. */
function contribution(weight: number, availableWeight: number, normalized: number): number {
  return (weight / availableWeight) * Math.min(1, Math.max(0, normalized));
}

/**
 * The score `fuse` gives, bit for bit, without the signals and allocating nothing: for ranking many candidates and
 * spelling out only the best. `raw` and `normalized` hold one candidate's values from `offset`, one per weight, in
 * the weights' order; a raw NaN is a signal not available.
 */
export function fusedScore(weights: readonly number[], raw: Float64Array, normalized: Float64Array, offset: number): number {
  let availableWeight = 0;
  for (let s = 0; s < weights.length; s++) availableWeight += Number.isNaN(raw[offset + s]) ? 0 : weights[s];
  let score = 0;
  for (let s = 0; s < weights.length; s++) {
    score += Number.isNaN(raw[offset + s]) || availableWeight === 0 ? 0 : contribution(weights[s], availableWeight, normalized[offset + s]);
  }
  return score;
}

/** Best first; equal scores in id order, so a ranking is reproducible. */
export function byScore(a: Pick<RankedPaper, 'id' | 'score'>, b: Pick<RankedPaper, 'id' | 'score'>): number {
  return b.score - a.score || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

/**
 * How one signal's raw values over a query's candidates become 0..1, so that a weight is the signal's influence
 * whatever the raw scale (cosines of a small model between 0.7 and 0.9, BM25 from 0 to 40, overlaps from 0 to 0.3):
 *
 * - `calibrated`: (v − min) / (ceiling − min), where the minimum is over the candidates (0 for a lone one) and the
 *   ceiling is what an identical paper would score (cosine 1, every concept shared, the query's own BM25), or else
 *   the best candidate's value. A near duplicate scores near 1 and a weak best match stays low, so scores are
 *   comparable across queries.
 * - `minmax`: (v − min) / (max − min) over the candidates: the best candidate is always 1.
 * - `rank`: the share of the other candidates with a lower value (ties count as neither): 1 for the best, 0 for the
 *   worst.
 * - `zscore`: Φ((v − mean) / sd), the standard normal distribution function of the z-score over the candidates.
 */
export const NORMALISERS = ['calibrated', 'minmax', 'rank', 'zscore'] as const;
export type NormaliserName = (typeof NORMALISERS)[number];

/** The 0..1 mapping of `name` fitted on one query's candidate `values` (a signal's measurable ones). */
export function normaliser(name: NormaliserName, values: number[], ceiling?: number): (v: number) => number {
  const n = values.length;
  if (n === 0) return () => 0;
  const sorted = [...values].sort((a, b) => a - b);
  const max = sorted[n - 1];
  const clamp = (x: number) => (Number.isFinite(x) ? Math.min(1, Math.max(0, x)) : 0);
  const spread = (lo: number, hi: number) => (hi > lo ? (v: number) => clamp((v - lo) / (hi - lo)) : (v: number) => (v > lo ? 1 : 0));
  switch (name) {
    case 'calibrated':
      return spread(n > 1 ? sorted[0] : Math.min(0, sorted[0]), Math.max(max, ceiling ?? max));
    case 'minmax':
      return spread(sorted[0], max);
    case 'rank':
      return (v) => {
        if (n === 1) return v > 0 ? 1 : 0;
        let below = 0;
        while (below < n && sorted[below] < v) below++;
        return below / (n - 1);
      };
    case 'zscore': {
      const mean = values.reduce((s, v) => s + v, 0) / n;
      const sd = Math.sqrt(values.reduce((s, v) => s + (v - mean) ** 2, 0) / n);
      return sd > 0 ? (v) => normalCdf((v - mean) / sd) : (v) => (v > mean ? 1 : 0);
    }
  }
}

/** Φ(z) by the Abramowitz–Stegun 7.1.26 approximation of erf (absolute error below 1.5e-7). */
function normalCdf(z: number): number {
  const x = Math.abs(z) / Math.SQRT2;
  const t = 1 / (1 + 0.3275911 * x);
  const poly = t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429))));
  const erf = 1 - poly * Math.exp(-x * x);
  return z >= 0 ? (1 + erf) / 2 : (1 - erf) / 2;
}

/** Words that carry no topic; dropped from lexical queries built from free text. */
const STOPWORDS = new Set(
  (
    'a about above after again against all also am an and any are as at be because been before being below between ' +
    'both but by can could did do does doing down during each few for from further had has have having he her here ' +
    'hers him his how i if in into is it its itself just more most my no nor not of off on once only or other our ' +
    'out over own same she should so some such than that the their them then there these they this those through to ' +
    'too under until up very via was we were what when where which while who whom why will with would you your ' +
    'however thus therefore moreover furthermore paper propose proposed proposes present presents show shows shown ' +
    'using use used new novel approach method methods result results work'
  ).split(' '),
);

/** The topical words of a text (`textWords` without stopwords and one-letter words), in order, each once. */
export function contentWords(text: string): string[] {
  const words = textWords(text);
  return [...new Set(words.filter((w) => !STOPWORDS.has(w) && (w.length > 1 || /\d/.test(w))))];
}

export { cosine } from '../../graph/vectors';

/** Candidates of one search with their raw measurements. */
export interface Candidates {
  /** Cosine similarity per candidate that has a vector (absent: the embedding signal is unavailable). */
  similarity: Map<string, number>;
  /** BM25 per candidate that matched lexically (absent: 0). */
  bm25: Map<string, number>;
  /** False when the lexical signal could not be asked (no topical words): it is then unavailable. */
  lexicalAsked: boolean;
}

/**
 * Ranks the union of the candidates by `fuse`: the `embedding` signal normalised as max(0, cosine), the `lexical`
 * one as BM25 divided by the best BM25 among the candidates.
 */
export function rankCandidates(
  { similarity, bm25, lexicalAsked }: Candidates,
  weights: { embedding: number; lexical: number },
  first: number,
): RankedPaper[] {
  const bestBm25 = Math.max(0, ...bm25.values());
  return [...new Set([...bm25.keys(), ...similarity.keys()])]
    .map((id): RankedPaper => {
      const cos = similarity.get(id);
      const b = bm25.get(id) ?? 0;
      return {
        id,
        ...fuse([
          { name: 'embedding', weight: weights.embedding, value: cos ?? null, normalized: cos ?? 0 },
          { name: 'lexical', weight: weights.lexical, value: lexicalAsked ? b : null, normalized: bestBm25 > 0 ? b / bestBm25 : 0 },
        ]),
      };
    })
    .sort(byScore)
    .slice(0, first);
}
