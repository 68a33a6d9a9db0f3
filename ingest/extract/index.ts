import { extractConcepts, type ConceptOptions } from './concepts';
import { dropNonMethods, methodNames } from './entities';
import { extractMethods } from './methods';
import { analysePaper, registerMethodNames } from './paper';
import type { ExtractInput, PaperExtraction } from './types';

export type { ConceptOptions } from './concepts';
export { conceptKey } from './keys';
export { entityType, isVariant, typeHeadSplit } from './entities';
export { FILTER_REASONS, type FilterReason } from './junk';
export { prepareText } from './text';
export { CorpusStats, type CorpusStatsOptions } from './stats';
export * from './corpus';
export * from './corpus-entities';
export { isNameLike } from './keys';
export * from './types';

export type ExtractOptions = ConceptOptions;

/**
 * Concepts, methods, lineage cues and filtered phrases of one paper: pure and synchronous (wink-nlp runs in-process), about a
 * millisecond per abstract. Corpus statistics, when given, drop too-frequent concepts, weight by IDF, and keep
 * generic classes ("large language model") out of lineage parents.
 */
export function extractPaper(paper: ExtractInput, options: ExtractOptions = {}): PaperExtraction {
  const analysed = analysePaper(paper);
  const named = methodNames(analysed, extractMethods(analysed, options.stats));
  registerMethodNames(analysed, named.methods);
  const { concepts, filtered } = extractConcepts(analysed, options);
  const { methods, lineage } = dropNonMethods(named, concepts, filtered);
  return { concepts, methods, lineage, filtered };
}
