import type { PaperFilter } from '../../graph/store';
import type { Paper } from '../domain';
import { MAX_INGEST_PAPERS } from '../services/ingest';
import type { Context } from './context';
import { clientError } from './errors';
import type { PaperFilter as PaperFilterInput, PaperInput, Resolvers, SignalWeights } from './generated';
import { SIGNALS, type RelatedOptions } from '../services/related';

/** Kinds of cursor and what a position of each looks like: a paper id, or a (weight or count, key) pair. */
const CURSOR_POSITIONS = {
  paper: (position: string) => position !== '',
  concept: isRankPosition,
  method: isRankPosition,
  mention: isRankPosition,
};
export type CursorKind = keyof typeof CURSOR_POSITIONS;

/** A ranked page's position, as the store gives it out: JSON `[number, string]`. */
function isRankPosition(position: string): boolean {
  try {
    const value: unknown = JSON.parse(position);
    return Array.isArray(value) && value.length === 2 && Number.isFinite(value[0]) && typeof value[1] === 'string';
  } catch {
    return false;
  }
}

/** Cursors are opaque to clients: base64 of a kind prefix and the store's position the page continues after. */
export function encodeCursor(position: string, kind: CursorKind = 'paper'): string {
  return Buffer.from(`${kind}:${position}`).toString('base64');
}

/**
 * The store position of a cursor this API gave out for `kind`; anything else (not base64, another kind, a
 * position of the wrong shape, '') is BAD_USER_INPUT, never a store error.
 */
export function decodeCursor(cursor: string, kind: CursorKind = 'paper'): string {
  const text = Buffer.from(cursor, 'base64').toString('utf8');
  const prefix = `${kind}:`;
  const position = text.slice(prefix.length);
  if (!text.startsWith(prefix) || encodeCursor(position, kind) !== cursor || !CURSOR_POSITIONS[kind](position)) {
    throw clientError('BAD_USER_INPUT', `"after" is not a cursor this API gave out: ${JSON.stringify(cursor)}`);
  }
  return position;
}

/** The position to continue after: none when `after` is absent or null, else the checked cursor's. */
export function afterPosition(after: string | null | undefined, kind: CursorKind): string | undefined {
  return after === null || after === undefined ? undefined : decodeCursor(after, kind);
}

function storeFilter(filter: PaperFilterInput | null | undefined): PaperFilter {
  return {
    titleContains: filter?.titleContains ?? undefined,
    yearFrom: filter?.yearFrom ?? undefined,
    yearTo: filter?.yearTo ?? undefined,
    venue: filter?.venue ?? undefined,
  };
}

/** The optional arguments of relatedPapers, relatedToText and Paper.related, checked. */
function relatedOptions(args: {
  weights?: SignalWeights | null;
  exclude?: readonly string[] | null;
  mustShareConcept?: string | null;
  yearFrom?: number | null;
  yearTo?: number | null;
}): RelatedOptions {
  const weights: RelatedOptions['weights'] = {};
  for (const name of SIGNALS) {
    const w = args.weights?.[name];
    if (w === null || w === undefined) continue;
    if (!Number.isFinite(w) || w < 0) {
      throw clientError('BAD_USER_INPUT', `weights.${name} must be a non-negative number, got ${w}`);
    }
    weights[name] = w;
  }
  if (args.yearFrom != null && args.yearTo != null && args.yearFrom > args.yearTo) {
    throw clientError('BAD_USER_INPUT', `yearFrom ${args.yearFrom} is after yearTo ${args.yearTo}`);
  }
  return {
    weights,
    exclude: args.exclude ? [...args.exclude] : undefined,
    mustShareConcept: args.mustShareConcept ?? undefined,
    yearFrom: args.yearFrom ?? undefined,
    yearTo: args.yearTo ?? undefined,
  };
}

/** A paper a ranking returned: present unless it was removed since, which is an error worth seeing. */
async function rankedPaper(id: string, ctx: Context): Promise<Paper> {
  const paper = await ctx.papers.load(id);
  if (!paper) throw new Error(`paper ${id} was ranked but cannot be read`);
  return paper;
}

/** The paper an id or an alias names, or null. */
async function paperById(id: string, ctx: Context): Promise<Paper | null> {
  const paper = await ctx.papers.load(id);
  if (paper) return paper;
  const resolved = (await ctx.app.store.resolvePaperIds([id])).get(id);
  return resolved === undefined ? null : ctx.papers.load(resolved);
}

/** The papers a paper cites or is cited by, a page at a time, as a PaperConnection. */
async function citationConnection(
  paper: Paper,
  direction: 'references' | 'citedBy',
  args: { first: number; after?: string | null },
  ctx: Context,
) {
  const page = await ctx.app.store.citations(paper.id, direction, {
    first: args.first,
    after: afterPosition(args.after, 'paper'),
  });
  const papers = await Promise.all(page.items.map((id) => rankedPaper(id, ctx)));
  return {
    edges: papers.map((node) => ({ cursor: encodeCursor(node.id), node })),
    pageInfo: { hasNextPage: page.hasNextPage, endCursor: page.endCursor && encodeCursor(page.endCursor) },
    totalCount: page.totalCount,
  };
}

/** A PaperInput as the raw record the ingest pipeline validates (the field names of a JSON Lines record). */
function rawRecord({ arxivId, ...fields }: PaperInput): Record<string, unknown> {
  return { ...fields, arxiv_id: arxivId };
}

/** Thin resolvers: services rank, the store answers, loaders batch. */
export const resolvers: Resolvers = {
  Query: {
    paper: (_, { id }, ctx) => paperById(id, ctx),
    papers: async (_, { first, after, filter }, ctx) => {
      const page = await ctx.app.store.listPapers({
        first,
        after: afterPosition(after, 'paper'),
        filter: storeFilter(filter),
      });
      for (const paper of page.papers) ctx.papers.prime(paper.id, paper);
      return {
        edges: page.papers.map((node) => ({ cursor: encodeCursor(node.id), node })),
        pageInfo: { hasNextPage: page.hasNextPage, endCursor: page.endCursor && encodeCursor(page.endCursor) },
        totalCount: page.totalCount,
      };
    },
    search: (_, { query, first }, ctx) => {
      if (!query.trim()) throw clientError('BAD_USER_INPUT', 'search needs a query with at least one word');
      return ctx.app.search.search(query, first);
    },
    relatedPapers: async (_, { paperId, first, ...args }, ctx) => {
      const options = relatedOptions(args);
      const paper = await paperById(paperId, ctx);
      if (!paper) throw clientError('NOT_FOUND', `no paper has the id ${JSON.stringify(paperId)}`);
      return ctx.app.related.related(paper, first, options);
    },
    relatedToText: (_, { text, first, ...args }, ctx) => ctx.app.related.relatedToText(text, first, relatedOptions(args)),
    stats: async (_, __, { app }) => {
      const stats = await app.store.stats();
      return {
        papers: stats.papers,
        embeddedPapers: stats.vectorsByModel[app.config.embedding.model] ?? 0,
        embeddingModel: app.config.embedding.model,
        embeddingModelLoaded: app.model.loaded,
        concepts: stats.concepts,
        methods: stats.methods,
        lineageEdges: stats.lineageEdges,
      };
    },
  },
  Mutation: {
    // The API key, the client's failed-key count and the one-at-a-time slot are checked before execution
    // (src/server/guards.ts); the ingest itself runs in the worker thread.
    ingestPapers: async (_, { papers }, ctx) => {
      if (papers.length > MAX_INGEST_PAPERS) {
        throw clientError('BAD_USER_INPUT', `at most ${MAX_INGEST_PAPERS} papers per call, got ${papers.length}`);
      }
      const report = await ctx.app.ingest(papers.map(rawRecord));
      return {
        read: report.read,
        accepted: report.inserted + report.updated + report.unchanged + report.refreshed,
        inserted: report.inserted,
        updated: report.updated,
        unchanged: report.unchanged,
        refreshed: report.refreshed,
        withoutVector: report.withoutVector,
        rejected: report.rejectedRecords,
        warnings: report.warnedRecords,
        merged: report.mergedRecords,
      };
    },
  },
  Paper: {
    aliases: async (paper, _, ctx) => (await ctx.paperLinks.load(paper.id))?.aliases ?? [],
    references: (paper, args, ctx) => citationConnection(paper, 'references', args, ctx),
    citedBy: (paper, args, ctx) => citationConnection(paper, 'citedBy', args, ctx),
    unresolvedReferences: async (paper, _, ctx) => (await ctx.citationCounts.load(paper.id))?.unresolved ?? 0,
    related: (paper, { first, ...args }, ctx) => ctx.app.related.related(paper, first, relatedOptions(args)),
  },
  SearchHit: {
    paper: (hit, _, ctx) => rankedPaper(hit.id, ctx),
  },
  RelatedPaper: {
    paper: (hit, _, ctx) => rankedPaper(hit.id, ctx),
    sharedConcepts: (hit, { first }) => hit.sharedConcepts.slice(0, first),
    sharedMethods: (hit, { first }) => hit.sharedMethods.slice(0, first),
  },
};
