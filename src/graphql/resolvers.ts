import type { PaperFilter } from '../../graph/store';
import type { Paper } from '../domain';
import { MAX_INGEST_PAPERS } from '../services/ingest';
import type { Context } from './context';
import { connection } from './connection';
import { clientError } from './errors';
import type { PaperFilter as PaperFilterInput, PaperInput, Resolvers, SignalWeights } from './generated';
import { RelatedInputError, SIGNALS, type RelatedOptions, type RelatedPaper } from '../services/related';

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

/** A related-work answer; a request it cannot answer as asked (all weights 0, no words, an unknown concept) is BAD_USER_INPUT. */
async function relatedWork(answer: () => Promise<RelatedPaper[]>): Promise<RelatedPaper[]> {
  try {
    return await answer();
  } catch (err) {
    if (err instanceof RelatedInputError) throw clientError('BAD_USER_INPUT', err.message);
    throw err;
  }
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
  const page = await ctx.app.store.citations(paper.id, direction, { first: args.first, after: args.after ?? undefined });
  const papers = await Promise.all(page.items.map((id) => rankedPaper(id, ctx)));
  return connection({ ...page, items: papers });
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
      const page = await ctx.app.store.listPapers({ first, after: after ?? undefined, filter: storeFilter(filter) });
      for (const paper of page.items) ctx.papers.prime(paper.id, paper);
      return connection(page);
    },
    search: (_, { query, first }, ctx) => {
      if (!query.trim()) throw clientError('BAD_USER_INPUT', 'search needs a query with at least one word');
      return ctx.app.search.search(query, first);
    },
    relatedPapers: async (_, { paperId, first, ...args }, ctx) => {
      const options = relatedOptions(args);
      const paper = await paperById(paperId, ctx);
      if (!paper) throw clientError('NOT_FOUND', `no paper has the id ${JSON.stringify(paperId)}`);
      return relatedWork(() => ctx.app.related.related(paper, first, options));
    },
    relatedToText: (_, { text, first, ...args }, ctx) =>
      relatedWork(() => ctx.app.related.relatedToText(text, first, relatedOptions(args))),
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
    corpusGraph: (_, __, { app }) => app.writes.corpusGraph(),
  },
  Mutation: {
    // The API key, the client's failed-key count and the one-at-a-time slot are checked before execution
    // (src/server/guards.ts); the ingest itself runs in the worker thread.
    ingestPapers: async (_, { papers, waitForGraph }, ctx) => {
      if (papers.length > MAX_INGEST_PAPERS) {
        throw clientError('BAD_USER_INPUT', `at most ${MAX_INGEST_PAPERS} papers per call, got ${papers.length}`);
      }
      const report = await ctx.app.writes.ingest(papers.map(rawRecord), { waitForGraph: waitForGraph ?? false });
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
        corpusGraph: report.corpusGraph,
      };
    },
    // Guarded and run as ingestPapers: the key and the mutation slot first, the removal in the ingest worker.
    removePapers: async (_, { ids, waitForGraph }, ctx) => {
      if (!ids.length) throw clientError('BAD_USER_INPUT', 'removePapers needs at least one id');
      return ctx.app.writes.remove([...ids], { waitForGraph: waitForGraph ?? false });
    },
  },
  Paper: {
    aliases: async (paper, _, ctx) => (await ctx.paperLinks.load(paper.id))?.aliases ?? [],
    references: (paper, args, ctx) => citationConnection(paper, 'references', args, ctx),
    citedBy: (paper, args, ctx) => citationConnection(paper, 'citedBy', args, ctx),
    unresolvedReferences: async (paper, _, ctx) => (await ctx.citationCounts.load(paper.id))?.unresolved ?? 0,
    related: (paper, { first, ...args }, ctx) => relatedWork(() => ctx.app.related.related(paper, first, relatedOptions(args))),
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
