/** Ranking measures, paired bootstrap intervals and the weight fit of the related-work eval (related.ts). */
import { prng } from './ml-store';
import type { Judged } from './related-sets';

export const K = 10;
export const RECALL_AT = 100;
export const MEASURES = ['ndcg', 'precision', 'rr', 'recall'] as const;
export type Measure = (typeof MEASURES)[number];
export type Figures = Record<Measure, number>;
export const MEASURE_LABELS: Record<Measure, string> = { ndcg: 'nDCG@10', precision: 'P@10', rr: 'MRR', recall: 'R@100' };

/**
 * nDCG@10 (gain 2^grade − 1, ideal over every labelled paper), precision@10 (grade ≥ 1), reciprocal rank of the first
 * relevant paper, and recall@100 (share of the relevant papers in the first 100).
 */
export function measures(ranked: string[], judged: Judged): Figures {
  const grade = (id: string) => judged.relevant[id] ?? 0;
  const dcg = (grades: number[]) => grades.slice(0, K).reduce((s, g, i) => s + (2 ** g - 1) / Math.log2(i + 2), 0);
  const ideal = dcg(Object.values(judged.relevant).sort((a, b) => b - a));
  const top = ranked.slice(0, K);
  const first = ranked.findIndex((id) => grade(id) > 0);
  const relevant = Object.values(judged.relevant).filter((g) => g > 0).length;
  return {
    ndcg: ideal > 0 ? dcg(top.map(grade)) / ideal : 0,
    precision: top.filter((id) => grade(id) > 0).length / K,
    rr: first >= 0 ? 1 / (first + 1) : 0,
    recall: relevant ? ranked.slice(0, RECALL_AT).filter((id) => grade(id) > 0).length / relevant : 0,
  };
}

export const mean = (xs: number[]) => xs.reduce((s, x) => s + x, 0) / Math.max(1, xs.length);

const BOOTSTRAP_SAMPLES = 2000;

/**
 * The 95% percentile interval of the mean of `xs` (per-query figures, or per-query differences of two rankers on the
 * same queries: a paired bootstrap), from BOOTSTRAP_SAMPLES resamples of the queries with a seeded PRNG.
 */
export function interval(xs: number[], seed = 7): [number, number] {
  const random = prng(seed);
  const means: number[] = [];
  for (let b = 0; b < BOOTSTRAP_SAMPLES; b++) {
    let sum = 0;
    for (let i = 0; i < xs.length; i++) sum += xs[Math.floor(random() * xs.length)];
    means.push(sum / Math.max(1, xs.length));
  }
  means.sort((a, b) => a - b);
  return [means[Math.floor(0.025 * BOOTSTRAP_SAMPLES)], means[Math.ceil(0.975 * BOOTSTRAP_SAMPLES) - 1]];
}

/** Weights tried for each signal by the coordinate ascent (relative: only ratios matter). */
const STEPS = [0, 0.1, 0.25, 0.5, 1, 2, 4];
const PASSES = 2;

/**
 * Weights maximising `objective` by coordinate ascent: from equal weights, each signal in turn takes the value of
 * STEPS that scores best with the others fixed (ties keep the current value), PASSES times over; normalised to sum
 * to 1 at the end.
 */
export function fitWeights<W extends Record<string, number>>(names: readonly (keyof W & string)[], objective: (w: W) => number): W {
  const w = Object.fromEntries(names.map((n) => [n, 1])) as Record<string, number>;
  let best = objective(w as W);
  for (let pass = 0; pass < PASSES; pass++) {
    for (const n of names) {
      let keep = w[n];
      for (const step of STEPS) {
        if (step === keep) continue;
        w[n] = step;
        if (names.some((m) => w[m] > 0)) {
          const value = objective(w as W);
          if (value > best + 1e-9) {
            best = value;
            keep = step;
          }
        }
        w[n] = keep;
      }
    }
  }
  const total = names.reduce((s, n) => s + w[n], 0);
  return Object.fromEntries(names.map((n) => [n, w[n] / total])) as W;
}
