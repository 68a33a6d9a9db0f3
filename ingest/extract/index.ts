import { extractConcepts, type ConceptOptions } from './concepts';
import { extractHyponyms } from './hyponyms';
import { extractMethods } from './methods';
import { analysePaper, registerMethodNames } from './paper';
import type { ExtractInput, PaperExtraction } from './types';

export type { ConceptOptions } from './concepts';
export { conceptKey } from './keys';
export { prepareText } from './text';
export { CorpusStats, type CorpusStatsOptions } from './stats';
export * from './corpus';
export * from './types';

export type ExtractOptions = ConceptOptions;

/**
 * Concepts, methods, lineage cues and is-a pairs of one paper: pure and synchronous (wink-nlp runs in-process), about a
 * millisecond per abstract. Corpus statistics, when given, drop too-frequent concepts, weight by IDF, and keep
 * generic classes ("large language model") out of lineage parents.
 */
export function extractPaper(paper: ExtractInput, options: ExtractOptions = {}): PaperExtraction {
  const analysed = analysePaper(paper);
  const { methods, lineage } = extractMethods(analysed, options.stats);
  registerMethodNames(analysed, methods);
  const concepts = extractConcepts(analysed, options);
  return { paperId: paper.id, concepts, methods, lineage, hyponyms: extractHyponyms(analysed) };
}
