import { renderGraphiQL } from '@graphql-yoga/render-graphiql';

/** The tabs GraphiQL opens with (until the browser has its own saved tabs). */
export const EXAMPLE_QUERIES: { name: string; query: string }[] = [
  {
    name: 'search',
    query: `# Free-text search: embedding and lexical signals fused. Press the run button (or Ctrl-Enter).
query Search {
  search(query: "mixing training data for language models", first: 5) {
    score
    paper { id title year }
    signals { name value contribution available }
  }
}`,
  },
  {
    name: 'papers',
    query: `# Papers, a page at a time: pass pageInfo.endCursor as "after" for the next page.
query Papers {
  papers(first: 10, filter: { titleContains: "mix" }) {
    totalCount
    pageInfo { hasNextPage endCursor }
    edges { cursor node { id title year venue } }
  }
}`,
  },
  {
    name: 'related',
    query: `# Related work of a paper, with what each score is made of.
query Related {
  papers(first: 1) {
    edges {
      node {
        title
        related(first: 5) {
          score
          paper { title }
          signals { name value contribution available }
        }
      }
    }
  }
}`,
  },
  {
    name: 'lineage',
    query: `# Method lineage: the mixup family, every method that comes from mixup (by its definition, its name or an
# explicit cue), each edge with the sentence that says so. Try direction: ANCESTORS on "AdAutomixup".
query Lineage {
  methodLineage(name: "mixup", direction: DESCENDANTS, depth: 2) {
    root { name aliases }
    nodes { name }
    edges { child { name } parent { name } relation confidence evidence paper { title } }
  }
}`,
  },
  {
    name: 'neighbourhood',
    query: `# What lives around a concept: co-occurring concepts (NPMI weight) and the papers that connect them.
query Neighbourhood {
  conceptNeighbourhood(name: "data mixing", depth: 1, first: 10) {
    center { name aliases paperCount }
    nodes { name paperCount community }
    edges { source target weight cooccurrences papers(first: 2) { title } }
  }
}`,
  },
  { name: 'stats', query: `query Stats {\n  stats { papers embeddedPapers embeddingModel embeddingModelLoaded concepts methods lineageEdges }\n}` },
];

/**
 * The GraphiQL page: GraphiQL, its styles, editor workers and favicon are all inlined (no CDN), so the IDE works
 * with no network. About 9 MB, rendered once.
 */
export function idePage(endpoint: string): string {
  return renderGraphiQL({
    title: 'litgraph GraphiQL',
    endpoint,
    defaultQuery: EXAMPLE_QUERIES[0].query,
    defaultTabs: EXAMPLE_QUERIES.map(({ query }) => ({ query })),
  });
}
