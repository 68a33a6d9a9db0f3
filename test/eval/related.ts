/**
 * Related-work quality, printed to read (npm run eval:related [-- --rebuild-dev] [-- --no-grid]).
 *
 * Development set (data/eval/related-dev.jsonl, committed; --rebuild-dev makes it again, byte for byte): query papers
 * of ../shared/data/ml-papers/papers.jsonl drawn with a seeded PRNG, each with graded relevance from the authors'
 * keywords: grade = number of normalised keywords (conceptKey: case, hyphens, plurals) the two papers share, counting
 * only keywords of 2 to MAX_KEYWORD_PAPERS papers (broader ones, "large language models" or "reinforcement
 * learning", would make hundreds of papers relevant to each other). A query needs at least MIN_RELEVANT relevant
 * papers. The keywords are labels only: the store the signals read is built without them (test/eval/ml-store.ts).
 *
 * For each signal alone and for the fusion: nDCG@10 (gain 2^grade − 1, ideal over every labelled paper),
 * precision@10 (grade ≥ 1) and MRR (first relevant paper). The queries are split in two halves by position: the
 * default weights were chosen by a grid search on the tuning half (printed), and the held-out half shows whether
 * they generalise.
 */
import fs from 'node:fs';
import path from 'node:path';
import { conceptKey } from '../../ingest/extract';
import { PROJECT_ROOT } from '../../src/paths';
import { CITATION_SIGNALS } from '../../src/services/citation-signals';
import {
  RELATED_WEIGHTS,
  RelatedService,
  SIGNALS as ALL_SIGNALS,
  type MeasuredCandidate,
  type SignalWeights,
} from '../../src/services/related';
import { ML_PAPERS_WHAT, requireData } from './data';
import { ML_PAPERS, mlPapersStore, prng } from './ml-store';

const DEV_SET = path.join(PROJECT_ROOT, 'data/eval/related-dev.jsonl');
/** The signals the development set can measure: ml-papers has no citations, so coupling and co-citation are left out. */
const SIGNALS = ALL_SIGNALS.filter((s) => !(CITATION_SIGNALS as readonly string[]).includes(s));
const QUERIES = 400;
const SEED = 20261129;
const MAX_KEYWORD_PAPERS = 60;
const MIN_RELEVANT = 3;
const K = 10;

interface Judged {
  query: string;
  /** Paper id → grade (shared keywords). */
  relevant: Record<string, number>;
}

function buildDevSet(): Judged[] {
  const papers = fs
    .readFileSync(requireData(ML_PAPERS, ML_PAPERS_WHAT), 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as { id: string; keywords?: string });
  const keywords = new Map<string, Set<string>>();
  for (const p of papers) {
    const keys = (p.keywords ?? '').split(',').map((k) => conceptKey(k.trim())).filter((k) => k !== '');
    keywords.set(p.id, new Set(keys));
  }
  const df = new Map<string, number>();
  for (const keys of keywords.values()) for (const k of keys) df.set(k, (df.get(k) ?? 0) + 1);
  const usable = (k: string) => (df.get(k) ?? 0) >= 2 && (df.get(k) ?? 0) <= MAX_KEYWORD_PAPERS;
  const byKeyword = new Map<string, string[]>();
  for (const [id, keys] of keywords) {
    for (const k of keys) if (usable(k)) byKeyword.set(k, [...(byKeyword.get(k) ?? []), id]);
  }
  const eligible: Judged[] = [];
  for (const p of papers) {
    const relevant: Record<string, number> = {};
    for (const k of keywords.get(p.id)!) {
      for (const other of byKeyword.get(k) ?? []) if (other !== p.id) relevant[other] = (relevant[other] ?? 0) + 1;
    }
    if (Object.keys(relevant).length >= MIN_RELEVANT) eligible.push({ query: p.id, relevant });
  }
  const random = prng(SEED);
  for (let i = eligible.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [eligible[i], eligible[j]] = [eligible[j], eligible[i]];
  }
  return eligible.slice(0, QUERIES);
}

function metrics(ranked: string[], judged: Judged): { ndcg: number; precision: number; rr: number } {
  const grade = (id: string) => judged.relevant[id] ?? 0;
  const dcg = (grades: number[]) => grades.slice(0, K).reduce((s, g, i) => s + (2 ** g - 1) / Math.log2(i + 2), 0);
  const ideal = dcg(Object.values(judged.relevant).sort((a, b) => b - a));
  const top = ranked.slice(0, K);
  const first = ranked.findIndex((id) => grade(id) > 0);
  return {
    ndcg: ideal > 0 ? dcg(top.map(grade)) / ideal : 0,
    precision: top.filter((id) => grade(id) > 0).length / K,
    rr: first >= 0 ? 1 / (first + 1) : 0,
  };
}

interface Query {
  judged: Judged;
  measured: MeasuredCandidate[];
}

function evaluate(service: RelatedService, queries: Query[], weights: SignalWeights) {
  const sum = { ndcg: 0, precision: 0, rr: 0 };
  for (const q of queries) {
    const m = metrics(service.rank(q.measured, weights, K).map((r) => r.id), q.judged);
    sum.ndcg += m.ndcg;
    sum.precision += m.precision;
    sum.rr += m.rr;
  }
  const n = Math.max(1, queries.length);
  return { ndcg: sum.ndcg / n, precision: sum.precision / n, rr: sum.rr / n };
}

const alone = (name: string): SignalWeights =>
  Object.fromEntries(ALL_SIGNALS.map((s) => [s, s === name ? 1 : 0])) as SignalWeights;

/** Every weighting with weights from GRID per signal (at least one non-zero), normalised to sum to 1. */
function grid(): SignalWeights[] {
  const GRID = [0, 0.5, 1, 2, 4];
  const out: SignalWeights[] = [];
  const walk = (i: number, acc: number[]) => {
    if (i === SIGNALS.length) {
      const total = acc.reduce((s, w) => s + w, 0);
      if (total > 0) {
        const weights = Object.fromEntries(ALL_SIGNALS.map((s) => [s, 0])) as SignalWeights;
        SIGNALS.forEach((s, j) => (weights[s] = acc[j] / total));
        out.push(weights);
      }
      return;
    }
    for (const w of GRID) walk(i + 1, [...acc, w]);
  };
  walk(0, []);
  return out;
}

const pad = (s: string, n: number) => s.padEnd(n);
const fmt = (m: { ndcg: number; precision: number; rr: number }) =>
  `${m.ndcg.toFixed(3).padStart(8)} ${m.precision.toFixed(3).padStart(8)} ${m.rr.toFixed(3).padStart(8)}`;
const show = (w: SignalWeights) => SIGNALS.map((s) => `${s} ${w[s].toFixed(2)}`).join(', ');

async function main(): Promise<void> {
  if (process.argv.includes('--rebuild-dev') || !fs.existsSync(DEV_SET)) {
    fs.mkdirSync(path.dirname(DEV_SET), { recursive: true });
    fs.writeFileSync(DEV_SET, buildDevSet().map((j) => JSON.stringify(j)).join('\n') + '\n');
    console.log(`wrote ${DEV_SET}`);
  }
  const judged = fs
    .readFileSync(DEV_SET, 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as Judged);
  const { store, embedder } = await mlPapersStore();
  try {
    const service = new RelatedService(store, embedder.modelId, embedder);
    const papers = await store.getPapers(judged.map((j) => j.query));
    const started = performance.now();
    const queries: Query[] = [];
    for (const j of judged) queries.push({ judged: j, measured: await service.measurePaper(papers.get(j.query)!) });
    const seconds = (performance.now() - started) / 1000;
    const graded = judged.reduce((s, j) => s + Object.keys(j.relevant).length, 0);
    console.log(
      `dev set ${path.relative(PROJECT_ROOT, DEV_SET)}: ${judged.length} queries, ${(graded / judged.length).toFixed(1)} ` +
        `relevant papers per query; ${(queries.reduce((s, q) => s + q.measured.length, 0) / queries.length).toFixed(0)} ` +
        `candidates per query, measured in ${((1000 * seconds) / queries.length).toFixed(1)} ms each`,
    );
    const tune = queries.filter((_, i) => i % 2 === 0);
    const held = queries.filter((_, i) => i % 2 === 1);

    const weightings = process.argv.includes('--no-grid') ? [RELATED_WEIGHTS] : grid();
    let best = { weights: RELATED_WEIGHTS, ndcg: -1 };
    for (const weights of weightings) {
      const { ndcg } = evaluate(service, tune, weights);
      if (ndcg > best.ndcg + 1e-9) best = { weights, ndcg };
    }
    console.log(
      weightings.length > 1
        ? `grid search (weights 0/0.5/1/2/4 per signal, ${weightings.length} weightings) on the tuning half, best nDCG@10:`
        : 'grid search skipped (--no-grid): "grid best" is the defaults',
    );
    console.log(`  ${show(best.weights)}  (nDCG@10 ${best.ndcg.toFixed(3)})`);
    console.log(`defaults (RELATED_WEIGHTS): ${show(RELATED_WEIGHTS)}`);
    console.log('');

    const rows: [string, SignalWeights][] = [
      ...SIGNALS.map((s): [string, SignalWeights] => [`${s} alone`, alone(s)]),
      ['fusion (defaults)', RELATED_WEIGHTS],
      ['fusion (grid best)', best.weights],
    ];
    for (const [label, set] of [
      ['all queries', queries],
      ['tuning half', tune],
      ['held-out half', held],
    ] as const) {
      console.log(`${label} (${set.length} queries)`);
      console.log(`  ${pad('', 20)} ${'nDCG@10'.padStart(8)} ${'P@10'.padStart(8)} ${'MRR'.padStart(8)}`);
      const figures = rows.map(([name, w]) => ({ name, m: evaluate(service, set, w) }));
      for (const { name, m } of figures) console.log(`  ${pad(name, 20)} ${fmt(m)}`);
      const fusion = figures.find((f) => f.name === 'fusion (defaults)')!.m;
      const singles = figures.filter((f) => f.name.endsWith(' alone'));
      const beaten = singles.filter((f) => fusion.ndcg > f.m.ndcg && fusion.precision > f.m.precision && fusion.rr > f.m.rr);
      console.log(
        beaten.length === singles.length
          ? '  the default fusion beats every single signal on all three measures'
          : `  the default fusion does NOT beat every signal on all three measures: ` +
              singles.filter((f) => !beaten.includes(f)).map((f) => f.name).join(', '),
      );
      console.log('');
    }
  } finally {
    await store.close();
  }
}

main().catch((err) => {
  console.error(err);
  process.exitCode = 1;
});
