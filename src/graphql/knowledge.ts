import type { ApolloServerPlugin } from '@apollo/server';
import type { ConceptNode, LineageEdge, MethodNode, PaperMethodRole } from '../domain';
import type { Context } from './context';
import { connection } from './connection';
import { clientError } from './errors';
import type { ConceptKind, Resolvers } from './generated';

/** Most links a neighbourhood expands, and a lineage walks, from its start. */
export const MAX_NEIGHBOURHOOD_DEPTH = 3;
export const MAX_LINEAGE_DEPTH = 5;

function checkDepth(depth: number, max: number): number {
  if (!Number.isInteger(depth) || depth < 1 || depth > max) {
    throw clientError('BAD_USER_INPUT', `"depth" must be a whole number from 1 to ${max}, got ${depth}`);
  }
  return depth;
}

/** Rows a store read returned must resolve: a key without its node is an error worth seeing. */
async function present<T>(load: Promise<T | null>, what: string): Promise<T> {
  const found = await load;
  if (!found) throw new Error(`${what} was linked but cannot be read`);
  return found;
}

const concept = (key: string, ctx: Context) => present(ctx.concepts.load(key), `concept ${key}`);
const method = (key: string, ctx: Context) => present(ctx.methods.load(key), `method ${key}`);
const paper = (id: string, ctx: Context) => present(ctx.papers.load(id), `paper ${id}`);

/** The first `first` papers (by id) giving a method `role`. */
async function papersIn(roles: Promise<PaperMethodRole[]>, role: PaperMethodRole['role'], first: number, ctx: Context) {
  const ids = [...new Set((await roles).filter((r) => r.role === role).map((r) => r.paperId))].slice(0, first);
  return Promise.all(ids.map((id) => paper(id, ctx)));
}

/** A name lookup's answer; when it is null, the request's `extensions.missingNames` says why. */
async function explained<T>(found: Promise<T | null>, field: string, name: string, ctx: Context, asMethod = false): Promise<T | null> {
  const value = await found;
  if (value === null) ctx.missingNames.push({ field, ...(await ctx.app.knowledge.explainMissing(name, asMethod)) });
  return value;
}

/** Adds `extensions.missingNames` to a response whose name lookups found nothing. */
export const missingNamesPlugin: ApolloServerPlugin<Context> = {
  async requestDidStart() {
    return {
      async willSendResponse({ response, contextValue }) {
        if (response.body.kind !== 'single' || contextValue.missingNames.length === 0) return;
        const result = response.body.singleResult;
        result.extensions = { ...result.extensions, missingNames: contextValue.missingNames };
      },
    };
  },
};

/** Resolvers of schema/knowledge.graphql: thin, over KnowledgeService, the store and the request's loaders. */
export const knowledgeResolvers: Resolvers = {
  Query: {
    concept: (_, { name }, ctx) => explained(ctx.app.knowledge.concept(name), 'concept', name, ctx),
    concepts: async (_, { first, after, filter }, ctx) => {
      const page = await ctx.app.store.listConcepts({
        first,
        after: after ?? undefined,
        filter: {
          nameContains: filter?.nameContains ?? undefined,
          kind: filter?.kind ? (filter.kind.toLowerCase() as ConceptNode['kind']) : undefined,
          community: filter?.community ?? undefined,
          minPapers: filter?.minPapers ?? undefined,
        },
      });
      for (const c of page.items) ctx.concepts.prime(c.key, c);
      return connection(page);
    },
    conceptNeighbourhood: (_, { name, depth, first }, ctx) =>
      explained(ctx.app.knowledge.neighbourhood(name, checkDepth(depth, MAX_NEIGHBOURHOOD_DEPTH), first), 'conceptNeighbourhood', name, ctx),
    method: (_, { name }, ctx) => explained(ctx.app.knowledge.method(name), 'method', name, ctx, true),
    methods: async (_, { first, after, filter }, ctx) => {
      const page = await ctx.app.store.listMethods({
        first,
        after: after ?? undefined,
        filter: { nameContains: filter?.nameContains ?? undefined },
      });
      for (const m of page.items) ctx.methods.prime(m.key, m);
      return connection(page);
    },
    methodLineage: (_, { name, direction, depth, first }, ctx) =>
      explained(
        ctx.app.knowledge.lineage(name, direction, checkDepth(depth, MAX_LINEAGE_DEPTH), first),
        'methodLineage',
        name,
        ctx,
        true,
      ),
  },
  Paper: {
    concepts: async (p, { first }, ctx) => (await ctx.paperConcepts.load(p.id)).slice(0, first),
    methods: async (p, { first }, ctx) => (await ctx.paperMethods.load(p.id)).slice(0, first),
  },
  Concept: {
    id: (c) => c.key,
    kind: (c) => c.kind.toUpperCase() as ConceptKind,
    papers: async (c, { first, after }, ctx) => {
      const page = await ctx.app.store.conceptPapers(c.key, { first, after: after ?? undefined });
      return connection({ ...page, items: await Promise.all(page.items.map((id) => paper(id, ctx))) });
    },
    timeline: (c, _, ctx) => ctx.app.knowledge.conceptTimeline(c.key),
    neighbours: (c, { first }, ctx) => ctx.app.store.conceptNeighbours(c.key, first),
    broader: async (c, { first }, ctx) =>
      Promise.all((await ctx.app.store.conceptHierarchy(c.key, 'broader')).slice(0, first).map((k) => concept(k, ctx))),
    narrower: async (c, { first }, ctx) =>
      Promise.all((await ctx.app.store.conceptHierarchy(c.key, 'narrower')).slice(0, first).map((k) => concept(k, ctx))),
  },
  ConceptEdge: {
    concept: (e, _, ctx) => concept(e.key, ctx),
  },
  ConceptLink: {
    papers: async (link, { first }, ctx) =>
      Promise.all((await ctx.app.store.papersMentioningAll([link.source, link.target], first)).map((id) => paper(id, ctx))),
  },
  PaperConcept: {
    concept: (pc, _, ctx) => concept(pc.concept, ctx),
  },
  PaperMethod: {
    method: (r, _, ctx) => method(r.method, ctx),
  },
  Method: {
    id: (m: MethodNode) => m.key,
    proposedBy: (m, { first }, ctx) => papersIn(ctx.methodRoles.load(m.key), 'PROPOSES', first, ctx),
    usedBy: (m, { first }, ctx) => papersIn(ctx.methodRoles.load(m.key), 'USES', first, ctx),
    comparedBy: (m, { first }, ctx) => papersIn(ctx.methodRoles.load(m.key), 'COMPARES', first, ctx),
    timeline: (m, _, ctx) => ctx.app.knowledge.methodTimeline(m.key),
    parents: async (m, { first }, ctx) => (await ctx.app.store.lineageEdges([m.key], 'parents')).slice(0, first),
    children: async (m, { first }, ctx) => (await ctx.app.store.lineageEdges([m.key], 'children')).slice(0, first),
  },
  LineageEdge: {
    child: (e: LineageEdge, _, ctx) => method(e.child, ctx),
    parent: (e, _, ctx) => method(e.parent, ctx),
    paper: (e, _, ctx) => ctx.papers.load(e.paperId),
  },
};
