/**
 * Extraction quality and cost, printed to read (npm run eval:extract):
 *  1. SciERC (../shared/data/scierc train + dev): Method, Task, Material (as data sets) and Metric phrases against
 *     gold spans, and method-to-method relations against gold HYPONYM-OF / USED-FOR.
 *  2. Method lineage (test/eval/lineage.ts): the sample corpus's edges with evidence, and on ml-papers the edge
 *     count, coverage, silver support and precision / recall against hand-labelled facts.
 *  3. Corpus entities on ../shared/data/ml-papers/papers.jsonl: the issue's examples, and the junk rate on the
 *     hand-labelled sample data/eval/concept-junk-sample.tsv (`-- --draw-junk-sample` draws a new one to label).
 *  4. Throughput on ml-papers: extraction alone, and the corpus step.
 */
import fs from 'node:fs';
import path from 'node:path';
import { buildCorpusGraph } from '../../ingest/corpus';
import { conceptKey, extractPaper, type PaperExtraction } from '../../ingest/extract';
import { normalize } from '../../ingest/normalize';
import { openSource } from '../../ingest/sources';
import type { CorpusGraph } from '../../graph/store';
import type { PaperDraft } from '../../src/domain';
import { SAMPLE_CORPUS } from '../../src/paths';
import { evalData, ML_PAPERS_WHAT } from './data';
import { mlPapersLineage, sampleLineageReport } from './lineage';
import { prng } from './ml-store';

const DETERMINERS = new Set(['a', 'an', 'the', 'this', 'these', 'that', 'those', 'our', 'its', 'their', 'such']);

/** SciERC tokens are PTB-escaped: brackets back to characters before the extractor reads the text. */
const PTB: Record<string, string> = { '-LRB-': '(', '-RRB-': ')', '-LSB-': '[', '-RSB-': ']', '-LCB-': '{', '-RCB-': '}', '``': '"', "''": '"' };

function untoken(token: string): string {
  return PTB[token] ?? token;
}

interface SciercDoc {
  doc_key: string;
  sentences: string[][];
  ner: [number, number, string][][];
  relations: [number, number, number, number, string][][];
}

/**
 * Exact matching compares keys (case, hyphens, plurals normalised) with leading determiners and parenthesised
 * parts dropped: gold "convolutional neural network ( CNN )" is our concept "convolutional neural network" with
 * alias "CNN".
 */
function matchKey(phrase: string): string {
  const words = conceptKey(phrase.replace(/\([^)]*\)/g, ' ')).split(' ');
  while (words.length > 1 && DETERMINERS.has(words[0])) words.shift();
  return words.join(' ');
}

/** Relaxed matching: one phrase's words are a contiguous run of the other's ("optical flow" ~ "computing optical flow"). */
function relaxedMatch(a: string, b: string): boolean {
  return ` ${a} `.includes(` ${b} `) || ` ${b} `.includes(` ${a} `);
}

class Score {
  tp = 0;
  predicted = 0;
  gold = 0;
  goldFound = 0;
  add(predicted: string[], gold: string[], same: (p: string, g: string) => boolean): void {
    this.predicted += predicted.length;
    this.gold += gold.length;
    this.tp += predicted.filter((p) => gold.some((g) => same(p, g))).length;
    this.goldFound += gold.filter((g) => predicted.some((p) => same(p, g))).length;
  }
  line(label: string): string {
    const p = this.predicted ? this.tp / this.predicted : 0;
    const r = this.gold ? this.goldFound / this.gold : 0;
    const f = p + r ? (2 * p * r) / (p + r) : 0;
    const pct = (x: number) => (100 * x).toFixed(1).padStart(5);
    return `${label.padEnd(34)} P ${pct(p)}  R ${pct(r)}  F1 ${pct(f)}   (predicted ${this.predicted}, gold ${this.gold})`;
  }
}

function unique(values: string[]): string[] {
  return [...new Set(values.filter((v) => v !== ''))];
}

type Pair = [string, string];

/** Our method relations as SciERC would label them: a variant or extension of a parent method, or a member of its
 *  family, is HYPONYM-OF it (child HYPONYM-OF parent); a method built on or used by the paper's proposed method is
 *  USED-FOR it (used USED-FOR child). */
function predictedRelations(e: PaperExtraction): { hyponym: Pair[]; usedFor: Pair[] } {
  const names = new Map(e.methods.map((m) => [m.key, matchKey(m.name)]));
  const name = (key: string) => names.get(key) ?? matchKey(key);
  const hyponym: Pair[] = [];
  const usedFor: Pair[] = [];
  // A description the corpus step resolves (`within`) is no parent on its own.
  for (const l of e.lineage.filter((x) => !x.within)) {
    if (l.relation === 'BUILDS_ON') usedFor.push([name(l.parent), name(l.child)]);
    else hyponym.push([name(l.child), name(l.parent)]);
  }
  const proposed = e.methods.find((m) => m.role === 'PROPOSES');
  if (proposed) {
    for (const m of e.methods) if (m.role === 'USES') usedFor.push([matchKey(m.name), matchKey(proposed.name)]);
  }
  return { hyponym, usedFor };
}

function evalScierc(): void {
  const docs: SciercDoc[] = [];
  for (const split of ['train', 'dev']) {
    const file = evalData(`scierc/${split}.json`, `SciERC's processed ${split}.json (EMNLP 2018, one document a line)`);
    for (const line of fs.readFileSync(file, 'utf8').split('\n')) if (line.trim()) docs.push(JSON.parse(line));
  }
  const scores = {
    methodExact: new Score(),
    methodRelaxed: new Score(),
    taskExact: new Score(),
    taskRelaxed: new Score(),
    datasetExact: new Score(),
    datasetRelaxed: new Score(),
    metricExact: new Score(),
    metricRelaxed: new Score(),
    hyponym: new Score(),
    hyponymAny: new Score(),
    usedFor: new Score(),
  };
  for (const doc of docs) {
    const tokens = doc.sentences.flat().map(untoken);
    const span = (s: number, e: number) => matchKey(tokens.slice(s, e + 1).join(' '));
    const gold = (label: string) => unique(doc.ner.flat().filter(([, , l]) => l === label).map(([s, e]) => span(s, e)));
    const extraction = extractPaper(
      { id: doc.doc_key, title: '', abstract: doc.sentences.map((s) => s.map(untoken).join(' ')).join(' ') },
      { maxConcepts: Infinity },
    );
    const methods = unique([
      ...extraction.concepts.filter((c) => c.kind === 'method').map((c) => matchKey(c.name)),
      ...extraction.methods.map((m) => matchKey(m.name)),
    ]);
    const tasks = unique(extraction.concepts.filter((c) => c.kind === 'task').map((c) => matchKey(c.name)));
    const exact = (p: string, g: string) => p === g;
    scores.methodExact.add(methods, gold('Method'), exact);
    scores.methodRelaxed.add(methods, gold('Method'), relaxedMatch);
    scores.taskExact.add(tasks, gold('Task'), exact);
    scores.taskRelaxed.add(tasks, gold('Task'), relaxedMatch);
    // SciERC's Material is wider than a data set (any text, speech or image material), so recall is low by design.
    const ofKind = (kind: string) => unique(extraction.concepts.filter((c) => c.kind === kind).map((c) => matchKey(c.name)));
    scores.datasetExact.add(ofKind('dataset'), gold('Material'), exact);
    scores.datasetRelaxed.add(ofKind('dataset'), gold('Material'), relaxedMatch);
    scores.metricExact.add(ofKind('metric'), gold('Metric'), exact);
    scores.metricRelaxed.add(ofKind('metric'), gold('Metric'), relaxedMatch);

    const isMethod = new Set(doc.ner.flat().filter(([, , l]) => l === 'Method').map(([s, e]) => `${s}:${e}`));
    const goldPairs = (label: string, methodsOnly = true): string[] =>
      doc.relations
        .flat()
        .filter(([s1, e1, s2, e2, l]) => l === label && (!methodsOnly || (isMethod.has(`${s1}:${e1}`) && isMethod.has(`${s2}:${e2}`))))
        .map(([s1, e1, s2, e2]) => `${span(s1, e1)}\u0000${span(s2, e2)}`);
    const pairMatch = (p: string, g: string) => {
      const [pa, pb] = p.split('\u0000');
      const [ga, gb] = g.split('\u0000');
      return relaxedMatch(pa, ga) && relaxedMatch(pb, gb);
    };
    const predicted = predictedRelations(extraction);
    scores.hyponym.add(unique(predicted.hyponym.map((p) => p.join('\u0000'))), unique(goldPairs('HYPONYM-OF')), pairMatch);
    scores.hyponymAny.add(unique(predicted.hyponym.map((p) => p.join('\u0000'))), unique(goldPairs('HYPONYM-OF', false)), pairMatch);
    scores.usedFor.add(unique(predicted.usedFor.map((p) => p.join('\u0000'))), unique(goldPairs('USED-FOR')), pairMatch);
  }
  console.log(`SciERC train + dev: ${docs.length} abstracts`);
  console.log('Matching: exact = equal keys (lower case, hyphen/space, singular, leading determiner and (…) dropped);');
  console.log('          relaxed = one key is a contiguous word run of the other. P and R counted per abstract, micro-averaged.');
  console.log(scores.methodExact.line('Method phrases, exact'));
  console.log(scores.methodRelaxed.line('Method phrases, relaxed'));
  console.log(scores.taskExact.line('Task phrases, exact'));
  console.log(scores.taskRelaxed.line('Task phrases, relaxed'));
  console.log(scores.datasetExact.line('DATASET vs Material, exact'));
  console.log(scores.datasetRelaxed.line('DATASET vs Material, relaxed'));
  console.log(scores.metricExact.line('Metric phrases, exact'));
  console.log(scores.metricRelaxed.line('Metric phrases, relaxed'));
  console.log('Method-to-method relations (both gold arguments Method; arguments matched relaxed):');
  console.log('  VARIANT_OF / EXTENDS / FAMILY as HYPONYM-OF; BUILDS_ON and USES as used USED-FOR proposed method.');
  console.log(scores.hyponym.line('HYPONYM-OF'));
  console.log(scores.usedFor.line('USED-FOR'));
  console.log(scores.hyponymAny.line('HYPONYM-OF, any entity types'));
}

async function readDrafts(file: string): Promise<PaperDraft[]> {
  const source = await openSource(file);
  const drafts: PaperDraft[] = [];
  for await (const item of source.items) {
    if (item.kind !== 'record') continue;
    const result = normalize(item.raw);
    if (result.ok) drafts.push(result.draft);
  }
  return drafts;
}

async function throughput(drafts: PaperDraft[]): Promise<void> {
  extractPaper(drafts[0]);
  const start = process.hrtime.bigint();
  let concepts = 0;
  let methods = 0;
  let lineage = 0;
  for (const draft of drafts) {
    const e = extractPaper(draft);
    concepts += e.concepts.length;
    methods += e.methods.length;
    lineage += e.lineage.length;
  }
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  console.log(`\nThroughput, ml-papers (${drafts.length} papers): ${(drafts.length / seconds).toFixed(0)} papers/s`);
  console.log(`  (${((1000 * seconds) / drafts.length).toFixed(2)} ms/paper; ${concepts} concepts, ${methods} method roles, ${lineage} lineage edges)`);
}

const JUNK_SAMPLE = path.resolve(__dirname, '../../../data/eval/concept-junk-sample.tsv');
const JUNK_SAMPLE_SIZE = 200;
const JUNK_SEED = 20261201;
const JUNK_GUIDELINE = `# Hand-labelled junk sample: ${JUNK_SAMPLE_SIZE} concepts drawn (seed ${JUNK_SEED}) from the corpus graph of
# ../shared/data/ml-papers/papers.jsonl by \`npm run eval:extract -- --draw-junk-sample\`, each read and labelled by a person.
# Guideline: "ok" when the key is a real, reusable scientific concept or entity name that a researcher could look up
# or index papers by (a method, model, task, data set, metric, phenomenon or object of study: "offline reinforcement
# learning", "cifar 100", "attention sink"); "junk" when it is not: a clause fragment, a quantity, a generic or
# evaluative phrase ("strong performance", "key challenge"), boilerplate, a phrase that names nothing outside its
# sentence ("new way", "several benchmarks"), or a run of words glued across phrase boundaries.
# Columns: key, label (ok | junk), name, kind and papers when drawn.`;

/** The corpus graph of ml-papers as the pipeline builds it: every paper extracted, then the corpus step. */
function mlGraph(drafts: PaperDraft[]): { graph: CorpusGraph; extractSeconds: number; corpusSeconds: number } {
  const started = performance.now();
  const papers = drafts.map((d) => ({ paperId: d.id, year: d.year, knowledge: extractPaper(d) }));
  const extracted = performance.now();
  const graph = buildCorpusGraph(papers);
  return { graph, extractSeconds: (extracted - started) / 1000, corpusSeconds: (performance.now() - extracted) / 1000 };
}

/** A name as `concept(name)` / `method(name)` resolve it: key, else alias key. */
function lookup(graph: CorpusGraph, name: string) {
  const key = conceptKey(name);
  const conceptAlias = new Map(graph.conceptAliases);
  const methodAlias = new Map(graph.methodAliases);
  const concept = graph.concepts.find((c) => c.key === (conceptAlias.get(key) ?? key));
  const method = graph.methods.find((m) => m.key === (methodAlias.get(key) ?? key));
  return { key, concept, method, filtered: graph.filtered.find((f) => f.key === key) };
}

/** The issue's entity examples on ml-papers, each with what it should be. */
function entityChecks(graph: CorpusGraph): void {
  console.log(`\nCorpus entities, ml-papers: ${graph.concepts.length} concepts (${graph.concepts.filter((c) => c.paperCount === 1).length} in one paper only, ${graph.concepts.filter((c) => c.broad).length} broad), ${graph.methods.length} methods, ${graph.filtered.length} filtered names`);
  const byKind = new Map<string, number>();
  for (const c of graph.concepts) byKind.set(c.kind, (byKind.get(c.kind) ?? 0) + 1);
  console.log(`  by type: ${[...byKind].sort((a, b) => b[1] - a[1]).map(([k, n]) => `${k.toUpperCase()} ${n}`).join(', ')}`);
  let passed = 0;
  const checks: [string, boolean, string][] = [];
  const check = (label: string, ok: boolean, detail: string) => checks.push([label, ok, detail]);
  const llm = lookup(graph, 'LLM');
  check('concept("LLM") answers, flagged broad', !!llm.concept?.broad, `${llm.concept?.key} (${llm.concept?.paperCount} papers, broad ${llm.concept?.broad})`);
  const large = lookup(graph, 'large language models');
  check('concept("large language models") is the same entity', !!large.concept && large.concept.key === llm.concept?.key, `${large.concept?.key}`);
  check('"LLMs" is no method node (a class)', !lookup(graph, 'LLMs').method, `${lookup(graph, 'LLMs').method?.key ?? 'null'}`);
  const lm = lookup(graph, 'language models');
  check('"language models" is no method node', !lm.method, `concept ${lm.concept?.key} [${lm.concept?.kind}], method ${lm.method?.key ?? 'null'}`);
  const cifar = lookup(graph, 'CIFAR-100');
  check('CIFAR-100 is a DATASET, not a method', cifar.concept?.kind === 'dataset' && !cifar.method, `[${cifar.concept?.kind}] method ${cifar.method?.key ?? 'null'}`);
  const rl = lookup(graph, 'offline RL');
  const rlLong = lookup(graph, 'offline reinforcement learning');
  check('"offline RL" = "offline reinforcement learning"', !!rl.concept && rl.concept.key === rlLong.concept?.key, `${rl.concept?.key} (${rl.concept?.paperCount} papers)`);
  for (const junk of ['100B tokens', 'actual runs', 'Fitting such functions', 'Position', 'baseline methods']) {
    const found = lookup(graph, junk);
    check(`"${junk}" is neither concept nor method`, !found.concept && !found.method, `${found.filtered ? `filtered ${found.filtered.reason}` : found.concept ? `concept ${found.concept.key}` : found.method ? `method ${found.method.key}` : 'never seen'}`);
  }
  const understanding = lookup(graph, 'understanding');
  check('"understanding" is no TASK', understanding.concept?.kind !== 'task', `${understanding.concept ? `[${understanding.concept.kind}] ${understanding.concept.paperCount} papers` : 'null'}`);
  for (const [label, ok, detail] of checks) {
    if (ok) passed++;
    console.log(`  ${ok ? 'ok  ' : 'FAIL'} ${label}: ${detail}`);
  }
  console.log(`  ${passed}/${checks.length} entity checks pass`);
}

interface JunkLabel {
  key: string;
  junk: boolean;
}

function readJunkSample(): JunkLabel[] {
  return fs
    .readFileSync(JUNK_SAMPLE, 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '' && !line.startsWith('#'))
    .slice(1)
    .map((line, i) => {
      const [key, label] = line.split('\t');
      if (label !== 'ok' && label !== 'junk') throw new Error(`${JUNK_SAMPLE}:${i + 2}: label must be "ok" or "junk", got "${label}"`);
      return { key, junk: label === 'junk' };
    });
}

/** Junk rate of the current concepts on the hand-labelled sample: labelled keys no longer produced drop out. */
function junkRate(graph: CorpusGraph): void {
  const labels = readJunkSample();
  const produced = new Set(graph.concepts.map((c) => c.key));
  const still = labels.filter((l) => produced.has(l.key));
  const junk = still.filter((l) => l.junk).length;
  console.log(`\nJunk rate, hand-labelled sample of ${labels.length} concepts (${path.relative(process.cwd(), JUNK_SAMPLE)}):`);
  console.log(`  ${still.length}/${labels.length} labelled keys still produced; junk ${junk}/${still.length} = ${((100 * junk) / Math.max(1, still.length)).toFixed(1)}%`);
  console.log(`  all labels: junk ${labels.filter((l) => l.junk).length}/${labels.length} (the extractor the sample was drawn from)`);
}

/** Draws a seeded random sample of the current concepts and writes it, unlabelled, for a person to label. */
function drawJunkSample(graph: CorpusGraph): void {
  const random = prng(JUNK_SEED);
  const keys = graph.concepts.map((c) => c.key).sort();
  const chosen: string[] = [];
  while (chosen.length < JUNK_SAMPLE_SIZE && keys.length) chosen.push(keys.splice(Math.floor(random() * keys.length), 1)[0]);
  const names = new Map(graph.concepts.map((c) => [c.key, c]));
  const rows = chosen.sort().map((k) => `${k}\t\t${names.get(k)!.name}\t${names.get(k)!.kind}\t${names.get(k)!.paperCount}`);
  fs.writeFileSync(JUNK_SAMPLE, [JUNK_GUIDELINE, 'key\tlabel\tname\tkind\tpapers', ...rows].join('\n') + '\n');
  console.log(`wrote ${chosen.length} unlabelled concepts to ${JUNK_SAMPLE}: label each "ok" or "junk"`);
}

async function main(): Promise<void> {
  const drafts = await readDrafts(evalData('ml-papers/papers.jsonl', ML_PAPERS_WHAT));
  const { graph, corpusSeconds } = mlGraph(drafts);
  if (process.argv.includes('--draw-junk-sample')) {
    drawJunkSample(graph);
    return;
  }
  evalScierc();
  sampleLineageReport(await readDrafts(SAMPLE_CORPUS));
  mlPapersLineage(drafts);
  entityChecks(graph);
  junkRate(graph);
  await throughput(drafts);
  console.log(`  corpus step (entities, co-occurrence, communities, lineage) on ${drafts.length} papers: ${corpusSeconds.toFixed(2)} s`);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
