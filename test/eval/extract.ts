/**
 * Extraction quality and cost, printed to read (npm run eval:extract):
 *  1. SciERC (../shared/data/scierc train + dev): Method and Task phrases against gold spans, and method-to-method
 *     relations against gold HYPONYM-OF / USED-FOR.
 *  2. Method lineage (test/eval/lineage.ts): the sample corpus's edges with evidence, and on ml-papers the edge
 *     count, coverage, silver support and precision / recall against hand-labelled facts.
 *  3. Throughput on ../shared/data/ml-papers/papers.jsonl.
 */
import fs from 'node:fs';
import { conceptKey, extractPaper, type PaperExtraction } from '../../ingest/extract';
import { normalize } from '../../ingest/normalize';
import { openSource } from '../../ingest/sources';
import type { PaperDraft } from '../../src/domain';
import { SAMPLE_CORPUS } from '../../src/paths';
import { evalData, ML_PAPERS_WHAT } from './data';
import { mlPapersLineage, sampleLineageReport } from './lineage';

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

/** Our method relations as SciERC would label them: an is-a pair read from a Hearst pattern, and a variant or
 *  extension of a parent method, are HYPONYM-OF (narrower HYPONYM-OF broader, child HYPONYM-OF parent); a method
 *  built on or used by the paper's proposed method is USED-FOR it (used USED-FOR child). */
function predictedRelations(e: PaperExtraction): { hyponym: Pair[]; usedFor: Pair[] } {
  const names = new Map(e.methods.map((m) => [m.key, matchKey(m.name)]));
  const name = (key: string) => names.get(key) ?? matchKey(key);
  const hyponym: Pair[] = e.hyponyms.map((h) => [matchKey(h.key), matchKey(h.broader)]);
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
  console.log('Method-to-method relations (both gold arguments Method; arguments matched relaxed):');
  console.log('  is-a pairs and VARIANT_OF / EXTENDS as HYPONYM-OF; BUILDS_ON and USES as used USED-FOR proposed method.');
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

async function main(): Promise<void> {
  evalScierc();
  sampleLineageReport(await readDrafts(SAMPLE_CORPUS));
  const drafts = await readDrafts(evalData('ml-papers/papers.jsonl', ML_PAPERS_WHAT));
  mlPapersLineage(drafts);
  await throughput(drafts);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
