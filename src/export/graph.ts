import type { GraphStore } from '../../graph/store';
import type { ConceptNode, MethodNode, Paper } from '../domain';

/**
 * What an export holds, read from the store through the GraphStore port only (either backend): papers, concepts
 * (with their co-occurrence edges), methods (with the papers' roles towards them) and method lineage.
 */
export type ExportWhat = 'papers' | 'concepts' | 'methods' | 'lineage' | 'all';
export const EXPORT_WHAT: ExportWhat[] = ['papers', 'concepts', 'methods', 'lineage', 'all'];

const PAGE = 500;
/** Co-occurrence neighbours read per concept: the strongest ones, which is what a drawn graph can show. */
const NEIGHBOURS_PER_CONCEPT = 50;

/** A value of a node or edge attribute: exports type them (GraphML `attr.type`, CSV columns). */
export type AttrValue = string | number | undefined;

export interface ExportNode {
  /** `paper:<id>`, `concept:<key>` or `method:<key>`: unique across node types. */
  id: string;
  type: 'paper' | 'concept' | 'method';
  label: string;
  attrs: Record<string, AttrValue>;
}

export interface ExportEdge {
  source: string;
  target: string;
  /** MENTIONS, PROPOSES / USES / COMPARES, CO_OCCURS, EXTENDS / VARIANT_OF / BUILDS_ON / FAMILY. */
  relation: string;
  attrs: Record<string, AttrValue>;
}

export interface ExportGraph {
  nodes: ExportNode[];
  edges: ExportEdge[];
}

/** Every stored paper, a page at a time. */
export async function* allPapers(store: GraphStore): AsyncGenerator<Paper> {
  let after: string | undefined;
  for (;;) {
    const page = await store.listPapers({ first: PAGE, after });
    yield* page.items;
    if (!page.hasNextPage || !page.endCursor) return;
    after = page.endCursor;
  }
}

async function allOf<T>(list: (after?: string) => Promise<{ items: T[]; endCursor: string | null; hasNextPage: boolean }>): Promise<T[]> {
  const items: T[] = [];
  let after: string | undefined;
  for (;;) {
    const page = await list(after);
    items.push(...page.items);
    if (!page.hasNextPage || !page.endCursor) return items;
    after = page.endCursor;
  }
}

export const allConcepts = (store: GraphStore): Promise<ConceptNode[]> =>
  allOf((after) => store.listConcepts({ first: PAGE, after }));
export const allMethods = (store: GraphStore): Promise<MethodNode[]> =>
  allOf((after) => store.listMethods({ first: PAGE, after }));

export const paperNode = (p: Paper): ExportNode => ({
  id: `paper:${p.id}`,
  type: 'paper',
  label: p.title,
  attrs: {
    paperId: p.id,
    year: p.year,
    venue: p.venue,
    authors: p.authors.join('; ') || undefined,
    url: p.url,
    keywords: p.keywords.join('; ') || undefined,
  },
});

export const conceptNode = (c: ConceptNode): ExportNode => ({
  id: `concept:${c.key}`,
  type: 'concept',
  label: c.name,
  attrs: {
    key: c.key,
    kind: c.kind,
    aliases: c.aliases.join('; ') || undefined,
    paperCount: c.paperCount,
    community: c.community ?? undefined,
  },
});

export const methodNode = (m: MethodNode): ExportNode => ({
  id: `method:${m.key}`,
  type: 'method',
  label: m.name,
  attrs: { key: m.key, aliases: m.aliases.join('; ') || undefined, paperCount: m.paperCount },
});

/** The graph of `what`: its nodes, and the edges between them. */
export async function exportGraph(store: GraphStore, what: ExportWhat): Promise<ExportGraph> {
  const nodes: ExportNode[] = [];
  const edges: ExportEdge[] = [];
  const withPapers = what === 'papers' || what === 'all';
  const withConcepts = what === 'concepts' || what === 'all';
  const withMethods = what === 'methods' || what === 'lineage' || what === 'all';
  // A methods export links papers to the methods they propose, use or compare: it needs the papers as nodes.
  const papers: Paper[] = [];
  if (withPapers || what === 'methods') for await (const p of allPapers(store)) papers.push(p);
  papers.forEach((p) => nodes.push(paperNode(p)));

  if (withConcepts) {
    const concepts = await allConcepts(store);
    concepts.forEach((c) => nodes.push(conceptNode(c)));
    for (const c of concepts) {
      for (const n of await store.conceptNeighbours(c.key, NEIGHBOURS_PER_CONCEPT)) {
        // Co-occurrence is symmetric: each pair once.
        if (c.key < n.key) {
          edges.push({
            source: `concept:${c.key}`,
            target: `concept:${n.key}`,
            relation: 'CO_OCCURS',
            attrs: { weight: n.weight, cooccurrences: n.cooccurrences },
          });
        }
      }
    }
  }
  if (what === 'all') {
    for (let i = 0; i < papers.length; i += PAGE) {
      const mentions = await store.paperConcepts(papers.slice(i, i + PAGE).map((p) => p.id));
      for (const [paperId, concepts] of mentions) {
        for (const { concept, weight } of concepts) {
          edges.push({ source: `paper:${paperId}`, target: `concept:${concept}`, relation: 'MENTIONS', attrs: { weight } });
        }
      }
    }
  }
  if (withMethods) {
    const methods = await allMethods(store);
    methods.forEach((m) => nodes.push(methodNode(m)));
    const keys = methods.map((m) => m.key);
    if (what !== 'lineage') {
      for (const r of await store.methodRoles(keys)) {
        edges.push({
          source: `paper:${r.paperId}`,
          target: `method:${r.method}`,
          relation: r.role,
          attrs: { evidence: r.evidence },
        });
      }
    }
    for (const l of await store.lineageEdges(keys, 'parents')) {
      edges.push({
        source: `method:${l.child}`,
        target: `method:${l.parent}`,
        relation: l.relation,
        attrs: { confidence: l.confidence, evidence: l.evidence, paperId: l.paperId },
      });
    }
  }
  if (what === 'lineage') {
    // Only the methods of a family: a method with no lineage link would be a lone dot.
    const linked = new Set(edges.flatMap((e) => [e.source, e.target]));
    return { nodes: nodes.filter((n) => linked.has(n.id)), edges };
  }
  return { nodes, edges };
}
