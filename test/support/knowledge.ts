import type { PaperKnowledge } from '../../src/domain';

/** Builders of one paper's knowledge, as extraction gives it, for tests of the corpus graph (buildCorpusGraph). */

/** A concept mention, of kind method, with full weight. */
export const concept = (key: string, name = key, aliases = [name]) => ({ key, name, aliases, weight: 1, kind: 'method' as const });

/** A method the paper proposes, uses or compares with, its evidence a sentence naming it. */
export const method = (key: string, name: string, role: 'PROPOSES' | 'USES' | 'COMPARES') => ({
  key,
  name,
  aliases: [name],
  role,
  evidence: `${name} sentence.`,
});

/** A paper of `year` with the knowledge given, nothing else. */
export function paper(paperId: string, year: number | undefined, knowledge: Partial<PaperKnowledge>) {
  return { paperId, year, knowledge: { concepts: [], methods: [], lineage: [], ...knowledge } };
}
