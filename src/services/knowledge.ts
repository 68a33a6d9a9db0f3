import type { GraphStore } from '../../graph/store';
import { conceptKey, FILTER_REASONS, type FilterReason } from '../../ingest/extract';
import type { ConceptNode, LineageEdge, MethodNode } from '../domain';

export interface NeighbourhoodLink {
  source: string;
  target: string;
  weight: number;
  cooccurrences: number;
}

export interface Neighbourhood {
  center: ConceptNode;
  nodes: ConceptNode[];
  /** Co-occurrence links among the neighbourhood's concepts (center included), strongest first. */
  edges: NeighbourhoodLink[];
}

/** A paper's concept by key, with its weight in the paper. */
export interface WeightedConcept {
  concept: string;
  weight: number;
}

/** Papers of one publication year. */
export interface YearCount {
  year: number;
  papers: number;
}

/** A timeline holds at most this many years, the latest. */
export const MAX_TIMELINE_YEARS = 200;
/** Store pages read at a time when a timeline walks every paper of a concept. */
const TIMELINE_PAGE = 1000;
/** A neighbourhood keeps at most this many links per concept asked for (`first`), strongest first. */
export const NEIGHBOURHOOD_LINKS_PER_CONCEPT = 4;
/** Lineage edges a walk reads at most, whatever `first`: bounds the work of a walk through a dense lineage. */
const MAX_LINEAGE_WALK = 2000;

export type LineageDirection = 'ANCESTORS' | 'DESCENDANTS' | 'BOTH';

export interface Lineage {
  root: MethodNode;
  nodes: MethodNode[];
  edges: LineageEdge[];
}

/** Why a name lookup found nothing: the phrase was filtered (with the reason), is another kind of entity, or never occurred. */
export interface MissingName {
  name: string;
  /** The key the name was looked up by. */
  key: string;
  status: 'FILTERED' | 'NOT_A_METHOD' | 'NEVER_SEEN';
  /** FILTERED: the reason code (ingest/extract/junk.ts); NOT_A_METHOD: the concept's kind, upper case. */
  reason?: string;
  /** The reason in words. */
  message: string;
  /** Papers the phrase occurred in, when it was seen. */
  paperCount?: number;
}

/**
 * Concept neighbourhoods and method lineage over the store's graph questions: name lookup (alias-aware,
 * case-insensitive, through the same keys extraction uses), breadth-first expansion, no storage logic.
 */
export class KnowledgeService {
  constructor(private readonly store: GraphStore) {}

  /** The concept a name, alias or acronym denotes ("MoE", "mixture of experts", "Mixture-of-Experts"). */
  async concept(name: string): Promise<ConceptNode | null> {
    const key = await this.store.resolveConcept(conceptKey(name));
    return key ? ((await this.store.getConcepts([key])).get(key) ?? null) : null;
  }

  async method(name: string): Promise<MethodNode | null> {
    const key = await this.store.resolveMethod(conceptKey(name));
    return key ? ((await this.store.getMethods([key])).get(key) ?? null) : null;
  }

  /**
   * Why `concept(name)` (or, with `asMethod`, `method(name)`) found nothing: a phrase extraction filtered says
   * why; a method name that is a concept of another kind (a data set, a measure, a class such as "language
   * models") says which; anything else was never seen.
   */
  async explainMissing(name: string, asMethod = false): Promise<MissingName> {
    const key = conceptKey(name);
    if (asMethod) {
      const conceptKey = await this.store.resolveConcept(key);
      const concept = conceptKey ? (await this.store.getConcepts([conceptKey])).get(conceptKey) : undefined;
      if (concept) {
        return {
          name,
          key,
          status: 'NOT_A_METHOD',
          reason: concept.kind.toUpperCase(),
          message: `"${name}" is the ${concept.kind} concept "${concept.name}" (${concept.paperCount} papers), not a method the papers propose, use or compare against${concept.broad ? '; it is a broad class' : ''}`,
          paperCount: concept.paperCount,
        };
      }
    }
    const filtered = await this.store.filteredName(key);
    if (filtered) {
      const why = FILTER_REASONS[filtered.reason as FilterReason] ?? filtered.reason;
      return {
        name,
        key,
        status: 'FILTERED',
        reason: filtered.reason,
        message: `"${name}" occurs in ${filtered.paperCount} paper(s) but was filtered: ${why}`,
        paperCount: filtered.paperCount,
      };
    }
    return { name, key, status: 'NEVER_SEEN', message: `"${name}" (key "${key}") occurs in no paper of the corpus` };
  }

  /**
   * The concepts around a concept: breadth-first over co-occurrence links, strongest first at each step, up to
   * `depth` links away and `first` concepts besides the center; the strongest links among the chosen concepts, at
   * most NEIGHBOURHOOD_LINKS_PER_CONCEPT × `first`.
   */
  async neighbourhood(name: string, depth: number, first: number): Promise<Neighbourhood | null> {
    const center = await this.concept(name);
    if (!center) return null;
    const chosen = new Set([center.key]);
    const neighbours = new Map<string, Awaited<ReturnType<GraphStore['conceptNeighbours']>>>();
    let frontier = [center.key];
    for (let level = 0; level < depth && frontier.length && chosen.size <= first; level++) {
      const next: string[] = [];
      for (const key of frontier) {
        const around = await this.store.conceptNeighbours(key, first);
        neighbours.set(key, around);
        for (const n of around) {
          if (chosen.size > first) break;
          if (!chosen.has(n.key)) {
            chosen.add(n.key);
            next.push(n.key);
          }
        }
      }
      frontier = next;
    }
    for (const key of chosen) {
      if (!neighbours.has(key)) neighbours.set(key, await this.store.conceptNeighbours(key, first + 1));
    }
    const edges = new Map<string, NeighbourhoodLink>();
    for (const [key, around] of neighbours) {
      for (const n of around) {
        if (!chosen.has(n.key)) continue;
        const [source, target] = key < n.key ? [key, n.key] : [n.key, key];
        edges.set(`${source}\u0000${target}`, { source, target, weight: n.weight, cooccurrences: n.cooccurrences });
      }
    }
    const concepts = await this.store.getConcepts([...chosen]);
    return {
      center,
      nodes: [...chosen].filter((k) => k !== center.key).map((k) => concepts.get(k)!),
      edges: [...edges.values()]
        .sort((a, b) => b.weight - a.weight || a.source.localeCompare(b.source))
        .slice(0, NEIGHBOURHOOD_LINKS_PER_CONCEPT * first),
    };
  }

  /** Papers mentioning a concept per publication year, oldest first; papers without a year are left out. */
  async conceptTimeline(key: string): Promise<YearCount[]> {
    const ids: string[] = [];
    let after: string | undefined;
    for (;;) {
      const page = await this.store.conceptPapers(key, { first: TIMELINE_PAGE, after });
      ids.push(...page.items);
      if (!page.hasNextPage || !page.endCursor) break;
      after = page.endCursor;
    }
    return this.timeline(ids);
  }

  /** Papers proposing, using or comparing against a method per publication year, oldest first. */
  async methodTimeline(key: string): Promise<YearCount[]> {
    return this.timeline((await this.store.methodRoles([key])).map((r) => r.paperId));
  }

  private async timeline(paperIds: string[]): Promise<YearCount[]> {
    const counts = new Map<number, number>();
    for (const paper of (await this.store.getPapers([...new Set(paperIds)])).values()) {
      if (paper.year != null) counts.set(paper.year, (counts.get(paper.year) ?? 0) + 1);
    }
    return [...counts]
      .map(([year, papers]) => ({ year, papers }))
      .sort((a, b) => a.year - b.year)
      .slice(-MAX_TIMELINE_YEARS);
  }

  /**
   * Where a method comes from and what grew out of it, `depth` lineage links away, each edge with its evidence: the
   * `first` most confident edges and the methods they reach (a walk reads at most MAX_LINEAGE_WALK edges).
   */
  async lineage(name: string, direction: LineageDirection, depth: number, first: number): Promise<Lineage | null> {
    const root = await this.method(name);
    if (!root) return null;
    const edges = new Map<string, LineageEdge>();
    const walk = async (way: 'parents' | 'children') => {
      let frontier = [root.key];
      const seen = new Set(frontier);
      for (let level = 0; level < depth && frontier.length && edges.size < MAX_LINEAGE_WALK; level++) {
        const next: string[] = [];
        for (const e of await this.store.lineageEdges(frontier, way)) {
          edges.set(`${e.child}\u0000${e.parent}\u0000${e.relation}\u0000${e.paperId}`, e);
          const other = way === 'parents' ? e.parent : e.child;
          if (!seen.has(other)) {
            seen.add(other);
            next.push(other);
          }
        }
        frontier = next;
      }
    };
    if (direction !== 'DESCENDANTS') await walk('parents');
    if (direction !== 'ANCESTORS') await walk('children');
    const kept = [...edges.values()]
      .sort((a, b) => b.confidence - a.confidence || a.child.localeCompare(b.child))
      .slice(0, first);
    const reached = new Set([root.key]);
    for (const e of kept) reached.add(e.child).add(e.parent);
    const methods = await this.store.getMethods([...reached]);
    return {
      root,
      nodes: [...reached].filter((k) => k !== root.key).map((k) => methods.get(k)!),
      edges: kept,
    };
  }
}
