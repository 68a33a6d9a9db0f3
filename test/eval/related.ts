/**
 * Related-work quality, printed to read: npm run eval:related [-- --rebuild-dev] [-- --normalisers].
 *
 * On every development set (related-sets.ts: author keywords, citations, hand-graded topics) it prints, for each
 * signal alone, today's fusion (the raw-scale normalisation and weights 2/11, 1/11, 8/11 this work replaced), the
 * fused defaults (RELATED_WEIGHTS) and the fusion fitted by 5-fold cross-validation: nDCG@10, P@10, MRR and
 * recall@100, each with a 95% bootstrap interval; then the paired bootstrap interval of the defaults' gain over the
 * best single signal and over today's fusion. The weights are fitted (coordinate ascent, related-stats.ts) to the
 * mean nDCG@10 of the sets, each set counting equally; the fit on all queries is printed for RELATED_SIGNALS.
 * `--normalisers` also compares the per-query normalisations (ranking.ts) by cross-validated nDCG@10.
 */
import path from 'node:path';
import { PROJECT_ROOT } from '../../src/paths';
import { CITATION_SIGNALS } from '../../src/services/citation-signals';
import { NORMALISERS, type NormaliserName } from '../../src/services/ranking';
import { rarity } from '../../src/services/related-signals';
import { RELATED_WEIGHTS, RelatedService, SIGNALS, type Measured, type Normalised, type SignalName, type SignalWeights } from '../../src/services/related';
import { mlPapersStore } from './ml-store';
import { devSets, type DevSet } from './related-sets';
import { fitWeights, interval, K, mean, MEASURE_LABELS, MEASURES, measures, RECALL_AT, type Figures } from './related-stats';

const FOLDS = 5;
const TODAY_WEIGHTS: SignalWeights = { embedding: 2 / 11, lexical: 1 / 11, concepts: 8 / 11, methods: 0, community: 0, coupling: 0, cocitation: 0 };
/** The signals the development sets can measure: ml-papers has no citations, so coupling and co-citation are left out. */
const MEASURABLE = SIGNALS.filter((s) => !(CITATION_SIGNALS as readonly string[]).includes(s));
const NONE = Object.fromEntries(SIGNALS.map((s) => [s, 0])) as SignalWeights;

/** Weights fitted over the measurable signals (the others 0). */
function fit(objective: (w: SignalWeights) => number): SignalWeights {
  return { ...NONE, ...fitWeights<Record<string, number>>(MEASURABLE, (w) => objective({ ...NONE, ...w })) };
}

/**
 * Today's signals and normalisation, for the comparison: max(0, cosine), BM25 ÷ the best candidate's, concepts as the
 * Adamic-Adar share Σ rarity over the shared concepts ÷ Σ rarity over the query's, the others as measured.
 */
function todaysNormalisation(m: Measured): Normalised {
  const lexical = m.ids.map((id) => m.values.get(id)!.lexical ?? 0);
  const best = Math.max(0, ...lexical);
  const e = m.evidence;
  const queryRarity = e.queryConcepts.reduce((sum, c) => sum + rarity(c.paperCount), 0);
  const concepts = (id: string) =>
    queryRarity > 0 ? (e.sharedConcepts.get(id) ?? []).reduce((sum, c) => sum + rarity(c.paperCount), 0) / queryRarity : 0;
  const normalized = new Map(
    m.ids.map((id) => {
      const v = m.values.get(id)!;
      return [
        id,
        SIGNALS.map((s) =>
          s === 'embedding' ? Math.max(0, v.embedding ?? 0) : s === 'lexical' ? (best > 0 ? (v.lexical ?? 0) / best : 0) : s === 'concepts' ? concepts(id) : (v[s] ?? 0),
        ),
      ];
    }),
  );
  return { measured: m, normalized };
}

/**
 * One query's normalised values as flat arrays, for the weight search: `topIds` ranks them by the same sum, in the same
 * order of operations, as ranking.ts `fuse` (checked against the service's ranking on every query before fitting).
 */
interface Matrix {
  ids: string[];
  values: Float64Array;
  available: Uint8Array;
}

function matrix({ measured, normalized }: Normalised): Matrix {
  const S = SIGNALS.length;
  const values = new Float64Array(measured.ids.length * S);
  const available = new Uint8Array(measured.ids.length * S);
  measured.ids.forEach((id, c) => {
    const raw = measured.values.get(id)!;
    normalized.get(id)!.forEach((v, s) => {
      values[c * S + s] = Math.min(1, Math.max(0, v));
      available[c * S + s] = raw[SIGNALS[s]] === null ? 0 : 1;
    });
  });
  return { ids: measured.ids, values, available };
}

function topIds(m: Matrix, weights: number[], k: number): string[] {
  const S = weights.length;
  const top: { id: string; score: number }[] = [];
  for (let c = 0; c < m.ids.length; c++) {
    let availableWeight = 0;
    for (let s = 0; s < S; s++) if (m.available[c * S + s]) availableWeight += weights[s];
    if (availableWeight === 0) continue;
    let score = 0;
    for (let s = 0; s < S; s++) if (m.available[c * S + s]) score += (weights[s] / availableWeight) * m.values[c * S + s];
    const id = m.ids[c];
    if (!(score > 0)) continue;
    const beats = (o: { id: string; score: number }) => score > o.score || (score === o.score && id < o.id);
    if (top.length === k && !beats(top[k - 1])) continue;
    if (top.length === k) top.pop();
    let j = top.length;
    while (j > 0 && beats(top[j - 1])) j--;
    top.splice(j, 0, { id, score });
  }
  return top.map((t) => t.id);
}

const alone = (name: SignalName): SignalWeights => Object.fromEntries(SIGNALS.map((s) => [s, s === name ? 1 : 0])) as SignalWeights;
const show = (w: SignalWeights) => SIGNALS.map((s) => `${s} ${w[s].toFixed(2)}`).join(', ');
const fmt = (x: number) => x.toFixed(3);

async function main(): Promise<void> {
  const sets = devSets(process.argv.includes('--rebuild-dev'));
  const { store, embedder } = await mlPapersStore();
  try {
    const service = new RelatedService(store, embedder.modelId, embedder);
    const ids = [...new Set(sets.flatMap((s) => s.queries.map((q) => q.query)))];
    const papers = await store.getPapers(ids);
    const started = performance.now();
    const measured = new Map<string, Measured>();
    for (const id of ids) measured.set(id, await service.measurePaper(papers.get(id)!));
    const ms = (performance.now() - started) / ids.length;
    const candidates = mean([...measured.values()].map((m) => m.ids.length));
    console.log(`${ids.length} query papers: ${candidates.toFixed(0)} candidates each, measured in ${ms.toFixed(1)} ms each`);

    const normalisations = new Map<string, Map<string, Normalised>>();
    const normalised = (key: string, make: (m: Measured) => Normalised) => {
      if (!normalisations.has(key)) normalisations.set(key, new Map(ids.map((id) => [id, make(measured.get(id)!)])));
      return normalisations.get(key)!;
    };
    const byDefault = normalised('default', (m) => service.normalise(m));
    const today = normalised('today', todaysNormalisation);
    const perQuery = (set: DevSet, n: Map<string, Normalised>, w: SignalWeights, only?: (i: number) => boolean): Figures[] =>
      set.queries
        .filter((_, i) => !only || only(i))
        .map((q) => measures(service.fuse(n.get(q.query)!, w, RECALL_AT).ranked.map((r) => r.id), q));
    const matrices = new Map<Map<string, Normalised>, Map<string, Matrix>>();
    const matricesOf = (n: Map<string, Normalised>) => {
      if (!matrices.has(n)) {
        const made = new Map([...n].map(([id, x]) => [id, matrix(x)]));
        for (const [id, x] of n) {
          const slow = service.fuse(x, RELATED_WEIGHTS, K).ranked.map((r) => r.id).join();
          if (topIds(made.get(id)!, SIGNALS.map((s) => RELATED_WEIGHTS[s]), K).join() !== slow) {
            throw new Error(`the eval's fast ranking differs from the service's for ${id}`);
          }
        }
        matrices.set(n, made);
      }
      return matrices.get(n)!;
    };
    /** Mean nDCG@10 over the sets (each set counts equally) of the queries `only` keeps. */
    const objective = (n: Map<string, Normalised>, only: (i: number) => boolean) => {
      const m = matricesOf(n);
      return (w: SignalWeights) => {
        const weights = SIGNALS.map((s) => w[s]);
        return mean(sets.map((set) => mean(set.queries.filter((_, i) => only(i)).map((q) => measures(topIds(m.get(q.query)!, weights, K), q).ndcg))));
      };
    };
    /** Per set, each query's figures (in the set's order) under the weights fitted on the other folds. */
    const crossValidated = (n: Map<string, Normalised>): Map<string, Figures[]> => {
      const out = new Map(sets.map((s) => [s.name, new Array<Figures>(s.queries.length)]));
      for (let fold = 0; fold < FOLDS; fold++) {
        const w = fit(objective(n, (i) => i % FOLDS !== fold));
        for (const set of sets) {
          const figures = perQuery(set, n, w, (i) => i % FOLDS === fold);
          figures.forEach((f, j) => (out.get(set.name)![fold + j * FOLDS] = f));
        }
      }
      return out;
    };

    if (process.argv.includes('--normalisers')) {
      console.log('\nnormalisation of every signal, cross-validated fusion (5 folds), mean nDCG@10 per set:');
      for (const name of NORMALISERS) {
        const n = normalised(name, (m) => service.normalise(m, Object.fromEntries(SIGNALS.map((s) => [s, name])) as Record<SignalName, NormaliserName>));
        const cv = crossValidated(n);
        console.log(`  ${name.padEnd(11)} ${sets.map((s) => `${s.name} ${fmt(mean(cv.get(s.name)!.map((f) => f.ndcg)))}`).join('  ')}`);
      }
    }

    const fitted = fit(objective(byDefault, () => true));
    console.log(`\nweights fitted on all queries of all sets: ${show(fitted)}`);
    console.log(`defaults (RELATED_WEIGHTS):                ${show(RELATED_WEIGHTS)}`);
    const cv = crossValidated(byDefault);

    for (const set of sets) {
      const rows: [string, Figures[]][] = [
        ...MEASURABLE.map((s): [string, Figures[]] => [`${s} alone`, perQuery(set, byDefault, alone(s))]),
        ["today's fusion", perQuery(set, today, TODAY_WEIGHTS)],
        ['fused (defaults)', perQuery(set, byDefault, RELATED_WEIGHTS)],
        ['fused (5-fold CV)', cv.get(set.name)!],
      ];
      const relevant = mean(set.queries.map((q) => Object.keys(q.relevant).length));
      console.log(`\n${set.name} (${path.relative(PROJECT_ROOT, set.file)}): ${set.queries.length} queries, ${relevant.toFixed(1)} relevant papers each`);
      console.log(`  ${''.padEnd(18)} ${MEASURES.map((m) => MEASURE_LABELS[m].padEnd(21)).join(' ')}`);
      for (const [label, figures] of rows) {
        const cells = MEASURES.map((m) => {
          const xs = figures.map((f) => f[m]);
          const [lo, hi] = interval(xs);
          return `${fmt(mean(xs))} [${fmt(lo)},${fmt(hi)}]`.padEnd(21);
        });
        console.log(`  ${label.padEnd(18)} ${cells.join(' ')}`);
      }
      const singles = rows.filter(([l]) => l.endsWith(' alone'));
      const [bestLabel, best] = singles.reduce((a, b) => (mean(b[1].map((f) => f.ndcg)) > mean(a[1].map((f) => f.ndcg)) ? b : a));
      const todays = rows.find(([l]) => l === "today's fusion")![1];
      for (const fusedLabel of ['fused (defaults)', 'fused (5-fold CV)']) {
        const fused = rows.find(([l]) => l === fusedLabel)![1];
        for (const [label, other] of [
          [`best single signal (${bestLabel})`, best],
          ["today's fusion", todays],
        ] as const) {
          const gains = MEASURES.map((m) => {
            const diffs = fused.map((f, i) => f[m] - other[i][m]);
            const [lo, hi] = interval(diffs);
            return `${MEASURE_LABELS[m]} ${mean(diffs) >= 0 ? '+' : ''}${fmt(mean(diffs))} [${fmt(lo)},${fmt(hi)}]${lo > 0 ? ' *' : ''}`;
          });
          console.log(`  ${fusedLabel} − ${label}: ${gains.join('  ')}`);
        }
      }
    }
    console.log('\n[a,b]: 95% bootstrap interval over the queries (paired for differences); *: the interval is above 0');
  } finally {
    await store.close();
  }
}

main().catch((err) => {
  console.error(err);
  process.exitCode = 1;
});
