import type { GraphStore } from '../graph/store';
import { communities, COMMUNITY_MIN_NPMI } from './extract';

/** What a communities refresh did. */
export interface CommunitiesRefresh {
  seconds: number;
  /** The corpus generation the communities were computed from. */
  generation: number;
  /** Concepts whose community the refresh changed. */
  changed: number;
  /** False when communities of a newer generation were stored meanwhile (nothing written). */
  written: boolean;
  /** Computed from the graph stored when it wrote: false when an update wrote a newer graph meanwhile. */
  fresh: boolean;
}

/**
 * Refreshes the concepts' communities from the stored corpus graph, apart from its updates: reads its co-occurrences
 * (with their NPMI) and its concepts' communities, runs Louvain (`communities`: numbered by smallest member, so equal
 * partitions give equal numbers), and writes only the concepts whose community changed, stamped with the generation
 * of the graph they were computed from. An update that wrote a newer graph meanwhile does not stop it: its partition
 * is a valid one of a recent graph, written, and reported not fresh (concepts new since have none until the next).
 */
export async function refreshCommunities(store: GraphStore): Promise<CommunitiesRefresh> {
  const started = performance.now();
  await testDelay();
  const input = await store.communityInput(COMMUNITY_MIN_NPMI);
  const partition = communities(input.edges);
  const assignments: [string, number | null][] = [];
  for (const [key, community] of partition) if (input.communities.get(key) !== community) assignments.push([key, community]);
  for (const key of input.communities.keys()) if (!partition.has(key)) assignments.push([key, null]);
  const written = await store.writeCommunities(assignments, input.generation);
  const { corpusGeneration } = await store.corpusState();
  return {
    seconds: (performance.now() - started) / 1000,
    generation: input.generation,
    changed: written ? assignments.length : 0,
    written,
    fresh: written && corpusGeneration === input.generation,
  };
}

/** Whether the stored communities were computed from the stored corpus graph (an empty store's are: it has none). */
export async function communitiesFresh(store: GraphStore): Promise<boolean> {
  const [{ corpusGeneration }, { generation }] = await Promise.all([store.corpusState(), store.communitiesState()]);
  return (generation ?? 0) >= corpusGeneration;
}

/**
 * Test hook (test/api/freshness.test.ts): with LITGRAPH_TEST_COMMUNITIES_DELAY_MS set, each refresh waits that long
 * before it reads, so a test sees the communities behind the graph they are computed from.
 */
async function testDelay(): Promise<void> {
  const ms = Number(process.env.LITGRAPH_TEST_COMMUNITIES_DELAY_MS ?? 0);
  if (ms > 0) await new Promise((resolve) => setTimeout(resolve, ms));
}
