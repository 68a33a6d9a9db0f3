import type { Chunk } from './chunks';
import { GENERIC_MODIFIERS } from './lexicon';
import type { Word } from './nlp';
import { resolveKey, type AnalysedPaper } from './paper';

/** An is-a pair read from the text ("classifiers such as SVMs": svm is a classifier), by concept key. */
export interface Hyponym {
  key: string;
  broader: string;
  evidence: string;
}

/** Cues after a broader phrase that introduce narrower ones: "classifiers such as SVMs and decision trees". */
const AFTER_BROADER = [['such', 'as'], ['including'], ['e.g.'], ['e.g'], ['like'], ['especially'], ['particularly'], ['namely']];
/** Cues before a broader phrase that close a list of narrower ones: "SVMs, trees and other classifiers". */
const BEFORE_BROADER = [['and', 'other'], ['or', 'other']];
const LIST_JOINERS = new Set([',', 'and', 'or']);

function cueAt(words: Word[], i: number, cues: string[][]): number {
  const cue = cues.find((c) => c.every((w, k) => words[i + k]?.lower === w));
  return cue ? cue.length : 0;
}

/** Chunks in a list starting at word i: "A, B and C" (determiners and generic modifiers skipped). */
function listFrom(words: Word[], byStart: Map<number, Chunk>, i: number): Chunk[] {
  const items: Chunk[] = [];
  let at = i;
  for (;;) {
    while (at < words.length && (words[at].text === ',' || words[at].pos === 'DET' || GENERIC_MODIFIERS.has(words[at].lower))) at++;
    const chunk = byStart.get(at);
    if (!chunk) break;
    items.push(chunk);
    at = chunk.end;
    if (words[at]?.text === '(' && words[at + 2]?.text === ')') at += 3;
    if (!LIST_JOINERS.has(words[at]?.lower ?? '') || cueAt(words, at, BEFORE_BROADER)) break;
    while (LIST_JOINERS.has(words[at]?.lower ?? '')) at++;
  }
  return items;
}

/**
 * Is-a pairs from Hearst (1992) patterns over noun chunks: "X such as A and B", "X including A", "A, B and other X".
 * Keys are concept keys, with acronyms the paper defines resolved.
 */
export function extractHyponyms(paper: AnalysedPaper): Hyponym[] {
  const out: Hyponym[] = [];
  const seen = new Set<string>();
  const add = (narrower: Chunk, broader: Chunk, evidence: string) => {
    const key = resolveKey(paper, narrower.key);
    const broaderKey = resolveKey(paper, broader.key);
    const id = `${key}\u0000${broaderKey}`;
    if (key === broaderKey || seen.has(id)) return;
    seen.add(id);
    out.push({ key, broader: broaderKey, evidence });
  };
  paper.sentences.forEach((sentence, s) => {
    const { words } = sentence;
    const chunks = paper.chunks[s];
    const byStart = new Map<number, Chunk>();
    for (const c of chunks) if (!byStart.has(c.start)) byStart.set(c.start, c);
    for (const broader of chunks) {
      let at = broader.end;
      if (words[at]?.text === ',') at++;
      const length = cueAt(words, at, AFTER_BROADER);
      if (length) for (const narrower of listFrom(words, byStart, at + length)) add(narrower, broader, sentence.text);
    }
    for (let i = 0; i < words.length; i++) {
      const length = cueAt(words, i, BEFORE_BROADER);
      const broader = length ? byStart.get(i + length) : undefined;
      let narrower = broader && chunks.find((c) => c.end === i && !c.kind);
      while (narrower) {
        add(narrower, broader!, sentence.text);
        const start: number = narrower.start;
        narrower = chunks.find(
          (c) => !c.kind && c.end < start && words.slice(c.end, start).every((w) => LIST_JOINERS.has(w.lower)),
        );
      }
    }
  });
  return out;
}
