/**
 * Method lineage quality, printed by `npm run eval:extract` (called from test/eval/extract.ts):
 *  1. the sample corpus's lineage, every edge with its evidence, and the mixup family as methodLineage shows it;
 *  2. on ml-papers (3,451 papers), the corpus graph's lineage edges as the pipeline builds them: how many, how many
 *     papers that propose a method have a parent (coverage), and how many edges the silver prior works support;
 *  3. precision and recall against the hand-labelled facts of data/eval/lineage-gold.jsonl (guideline beside it).
 */
import fs from 'node:fs';
import path from 'node:path';
import { buildCorpusGraph } from '../../ingest/corpus';
import { conceptKey, extractPaper } from '../../ingest/extract';
import { isNameLike } from '../../ingest/extract/keys';
import type { CorpusGraph } from '../../graph/store';
import type { LineageEdge, PaperDraft } from '../../src/domain';
import { PROJECT_ROOT } from '../../src/paths';
import { evalData } from './data';
import { prng } from './ml-store';

const GOLD = path.join(PROJECT_ROOT, 'data', 'eval', 'lineage-gold.jsonl');
const GOLD_PAPERS = path.join(PROJECT_ROOT, 'data', 'eval', 'lineage-gold-papers.txt');
/** The seed of the draw of papers to label (data/eval/lineage-gold.md). */
const GOLD_SEED = 10;

interface GoldFact {
  paperId: string;
  child: string;
  parent: string;
  relation: string;
  evidence: string;
}

interface SilverPaper {
  id: string;
  prior_works: { title: string; relationship_sentence?: string }[];
}

function readJsonl<T>(file: string): T[] {
  return fs
    .readFileSync(file, 'utf8')
    .split('\n')
    .map((line, i) => ({ line, i }))
    .filter(({ line }) => line.trim())
    .map(({ line, i }) => {
      try {
        return JSON.parse(line) as T;
      } catch (err) {
        throw new Error(`${file}:${i + 1}: not JSON (${(err as Error).message})`);
      }
    });
}

const PROPOSING = /\b(propose|proposes|introduce|introduces|present|presents|develop|develops)\b/i;

/**
 * The papers to label, drawn without looking at any extractor: papers with a sentence that has a proposing verb and
 * a name-like word, shuffled (Fisher–Yates, mulberry32 with the seed) in id order.
 */
export function drawGoldPapers(drafts: PaperDraft[], seed: number): string[] {
  const candidates = drafts
    .filter((d) =>
      d.abstract
        .split(/(?<=[.!?])\s+/)
        .some((s) => PROPOSING.test(s) && s.split(/[\s,;:()]+/).some((w) => isNameLike(w.replace(/[.]$/, '')))),
    )
    .map((d) => d.id)
    .sort();
  const random = prng(seed);
  for (let i = candidates.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [candidates[i], candidates[j]] = [candidates[j], candidates[i]];
  }
  return candidates;
}

/** The corpus graph of a set of papers, built as the pipeline builds it after an ingest. */
export function corpusOf(drafts: PaperDraft[]): { graph: CorpusGraph; seconds: number; extractSeconds: number } {
  const started = performance.now();
  const papers = drafts.map((d) => ({ paperId: d.id, year: d.year, knowledge: extractPaper(d) }));
  const extracted = performance.now();
  const graph = buildCorpusGraph(papers);
  return { graph, seconds: (performance.now() - extracted) / 1000, extractSeconds: (extracted - started) / 1000 };
}

/** Every name of a method node, as keys. */
function methodNames(graph: CorpusGraph): (key: string) => string[] {
  const byKey = new Map(graph.methods.map((m) => [m.key, [...new Set([m.key, ...m.aliases.map(conceptKey)])]]));
  return (key) => byKey.get(key) ?? [key];
}

function pct(n: number, d: number): string {
  return d ? `${((100 * n) / d).toFixed(1)}%` : 'n/a';
}

function printEdge(edge: LineageEdge, name: (key: string) => string, title?: string): void {
  console.log(`- ${name(edge.child)} → ${name(edge.parent)}  ${edge.relation} ${edge.confidence}${title ? `  [${title}]` : ''}`);
  console.log(`    "${edge.evidence}"`);
}

/** Descendants of a method, breadth-first over the corpus graph's edges, as methodLineage(DESCENDANTS) walks them. */
function descendants(graph: CorpusGraph, root: string, depth: number): LineageEdge[] {
  const found: LineageEdge[] = [];
  let frontier = new Set([root]);
  const seen = new Set(frontier);
  for (let level = 0; level < depth && frontier.size; level++) {
    const next = new Set<string>();
    for (const e of graph.lineage) {
      if (!frontier.has(e.parent)) continue;
      found.push(e);
      if (!seen.has(e.child)) {
        seen.add(e.child);
        next.add(e.child);
      }
    }
    frontier = next;
  }
  return found;
}

export function sampleLineageReport(drafts: PaperDraft[]): void {
  const { graph } = corpusOf(drafts);
  const names = new Map(graph.methods.map((m) => [m.key, m.name]));
  const name = (key: string) => names.get(key) ?? key;
  const titles = new Map(drafts.map((d) => [d.id, d.title]));
  console.log(`\nLineage, sample corpus (${drafts.length} papers), corpus graph: child → parent`);
  const edges = [...graph.lineage].sort((a, b) => a.child.localeCompare(b.child) || a.parent.localeCompare(b.parent));
  for (const e of edges) printEdge(e, name, titles.get(e.paperId));
  console.log(`${edges.length} lineage edges`);
  const family = descendants(graph, 'mixup', 3);
  const members = [...new Set(family.map((e) => name(e.child)))].sort();
  console.log(`methodLineage(name: "mixup", direction: DESCENDANTS): ${members.length} methods: ${members.join(', ')}`);
}

interface Matched {
  edge: LineageEdge;
  fact?: GoldFact;
}

/** An edge matches a fact of its paper when a name of its parent and the fact's parent are equal or one contains the other as whole words. */
function sameParent(names: string[], parent: string): boolean {
  const gold = conceptKey(parent);
  return names.some((n) => n === gold || ` ${n} `.includes(` ${gold} `) || ` ${gold} `.includes(` ${n} `));
}

function goldEval(drafts: PaperDraft[], graph: CorpusGraph, names: (key: string) => string[]): void {
  const facts = readJsonl<GoldFact>(GOLD);
  const labelled = fs.readFileSync(GOLD_PAPERS, 'utf8').split('\n').filter((l) => l.trim());
  const drawn = drawGoldPapers(drafts, GOLD_SEED).slice(0, labelled.length);
  if (drawn.join('\n') !== labelled.join('\n')) {
    throw new Error(`${GOLD_PAPERS}: not the first ${labelled.length} papers of the seed-${GOLD_SEED} draw`);
  }
  const papers = new Set(labelled);
  const outside = facts.filter((f) => !papers.has(f.paperId));
  if (outside.length) throw new Error(`${GOLD}: facts of papers not in ${GOLD_PAPERS}: ${outside.map((f) => f.paperId).join(', ')}`);
  const edges = graph.lineage.filter((e) => papers.has(e.paperId));
  const matched: Matched[] = edges.map((edge) => ({
    edge,
    fact: facts.find((f) => f.paperId === edge.paperId && sameParent(names(edge.parent), f.parent)),
  }));
  const found = facts.filter((f) => edges.some((e) => e.paperId === f.paperId && sameParent(names(e.parent), f.parent)));
  const tp = matched.filter((m) => m.fact).length;
  const precision = edges.length ? tp / edges.length : 0;
  const recall = found.length / facts.length;
  console.log(`\nLineage vs hand-labelled facts (${facts.length} facts from ${papers.size} abstracts, data/eval/lineage-gold.jsonl):`);
  console.log(`  precision ${precision.toFixed(2)} (${tp}/${edges.length} edges)   recall ${recall.toFixed(2)} (${found.length}/${facts.length} facts)   targets ≥ 0.85 / ≥ 0.60`);
  const byRelation = new Map<string, { facts: number; found: number }>();
  for (const f of facts) {
    const t = byRelation.get(f.relation) ?? { facts: 0, found: 0 };
    t.facts++;
    if (found.includes(f)) t.found++;
    byRelation.set(f.relation, t);
  }
  console.log(`  recall by gold relation: ${[...byRelation].sort().map(([r, t]) => `${r} ${t.found}/${t.facts}`).join(', ')}`);
  const byConfidence = new Map<number, { edges: number; right: number }>();
  for (const m of matched) {
    const t = byConfidence.get(m.edge.confidence) ?? { edges: 0, right: 0 };
    t.edges++;
    if (m.fact) t.right++;
    byConfidence.set(m.edge.confidence, t);
  }
  console.log(`  precision by confidence (one per reading): ${[...byConfidence].sort((a, b) => b[0] - a[0]).map(([c, t]) => `${c}: ${t.right}/${t.edges}`).join(', ')}`);
  if (precision < 0.85 || recall < 0.6) {
    console.log(
      '  not met: what stands in the way is listed below: edges an annotator would not write (generic or task-like ' +
        'families, name families) cost precision; facts stated in ways no reading covers yet (a parent named only in ' +
        'another sentence, "merges the structure of X with"), children not seen proposed (items of a list, "AF3 ' +
        'introduces: (i) AF-Whisper"), and parents named in one paper only (too little evidence to be a method ' +
        'entity) cost recall.',
    );
  }
  const wrong = matched.filter((m) => !m.fact);
  if (wrong.length) {
    console.log('  edges with no fact (what costs precision):');
    for (const { edge } of wrong) console.log(`    ${edge.paperId}: ${edge.child} → ${edge.parent} (${edge.relation} ${edge.confidence})`);
  }
  const missed = facts.filter((f) => !found.includes(f));
  if (missed.length) {
    console.log('  facts not found (what costs recall):');
    for (const f of missed) console.log(`    ${f.paperId}: ${f.child} → ${f.parent} (${f.relation})`);
  }
}

/**
 * Silver support: the edge's parent, by any of its names as whole words after key normalisation, occurs in the title
 * or relationship sentence of one of the paper's prior works (an LLM's reading of the references: a sanity check).
 */
function silverEval(graph: CorpusGraph, names: (key: string) => string[]): void {
  const silver = new Map(readJsonl<SilverPaper>(evalData('ml-papers/lineage-silver.jsonl', 'the silver prior works of the ml-papers corpus (JSON Lines)')).map((p) => [p.id, p.prior_works]));
  const byRelation = new Map<string, { edges: number; supported: number }>();
  const byConfidence = new Map<number, { edges: number; supported: number }>();
  for (const edge of graph.lineage) {
    const priors = silver.get(edge.paperId);
    if (!priors) continue;
    const priorText = ` ${priors.map((p) => conceptKey(`${p.title} ${p.relationship_sentence ?? ''}`)).join(' | ')} `;
    const supported = names(edge.parent).some((n) => n.length >= 2 && priorText.includes(` ${n} `));
    for (const [map, key] of [[byRelation, edge.relation], [byConfidence, edge.confidence]] as const) {
      const t = (map as Map<typeof key, { edges: number; supported: number }>).get(key) ?? { edges: 0, supported: 0 };
      t.edges++;
      if (supported) t.supported++;
      (map as Map<typeof key, { edges: number; supported: number }>).set(key, t);
    }
  }
  const all = [...byRelation.values()].reduce((a, t) => ({ edges: a.edges + t.edges, supported: a.supported + t.supported }), {
    edges: 0,
    supported: 0,
  });
  console.log(`  silver support (parent named in a prior work's title or relationship sentence): ${all.supported}/${all.edges} (${pct(all.supported, all.edges)}; target ≥ 80%)`);
  for (const [relation, t] of [...byRelation].sort()) {
    console.log(`    ${relation.padEnd(10)} ${t.supported}/${t.edges} (${pct(t.supported, t.edges)})`);
  }
  for (const [confidence, t] of [...byConfidence].sort((a, b) => b[0] - a[0])) {
    console.log(`    confidence ${confidence}: ${t.supported}/${t.edges} (${pct(t.supported, t.edges)})`);
  }
}

export function mlPapersLineage(drafts: PaperDraft[]): void {
  const { graph, seconds, extractSeconds } = corpusOf(drafts);
  const names = methodNames(graph);
  const proposing = new Set(graph.roles.filter((r) => r.role === 'PROPOSES').map((r) => r.paperId));
  const withParent = new Set(graph.lineage.filter((e) => proposing.has(e.paperId)).map((e) => e.paperId));
  const distinct = new Set(graph.lineage.map((e) => `${e.child}\u0000${e.parent}\u0000${e.relation}`)).size;
  console.log(`\nLineage on ml-papers (${drafts.length} papers), corpus graph as ingest builds it:`);
  console.log(`  ${graph.lineage.length} lineage edges (${distinct} distinct child/parent/relation; target ≥ 1,000)`);
  const counts = new Map<string, number>();
  for (const e of graph.lineage) counts.set(e.relation, (counts.get(e.relation) ?? 0) + 1);
  console.log(`    by relation: ${[...counts].sort().map(([r, n]) => `${r} ${n}`).join(', ')}`);
  console.log(`  coverage: ${withParent.size}/${proposing.size} papers that propose a method have a parent (${pct(withParent.size, proposing.size)})`);
  if (graph.lineage.length < 1000) {
    console.log(
      '  not met (≥ 1,000 edges): more edges come from accepting parents with less evidence, which lowers precision ' +
        'and silver support (see precision and support per reading below). Measured at extract-6: accepting every ' +
        "cue's first run that can name a method gives 2,247 edges at 45% silver support and gold precision 0.35; of " +
        'the papers proposing a method without a parent most have only a description cue ("a training-free ' +
        'framework"), and the corpus holds about 355 named cues in all (README, issue 10).',
    );
  }
  console.log(`  time: extraction ${extractSeconds.toFixed(1)} s, corpus graph (lineage included) ${seconds.toFixed(1)} s`);
  silverEval(graph, names);
  goldEval(drafts, graph, names);
}
