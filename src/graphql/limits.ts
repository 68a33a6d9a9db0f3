import type { ApolloServerPlugin } from '@apollo/server';
import { GraphQLError, validate, type DocumentNode, type GraphQLSchema, type ValidationRule } from 'graphql';
import { getComplexity, type ComplexityEstimator } from 'graphql-query-complexity';
import { clientError } from './errors';

// graphql-depth-limit ships no type declarations.
const depthLimit: (max: number, options: object, onDepths: (depths: Record<string, number>) => void) => ValidationRule =
  require('graphql-depth-limit');

/** The limits every operation is checked against before it runs (documented in docs/api.md and the schema). */
export const LIMITS = {
  /** Levels of nested selections: `{ paper(id: "x") { related { paper { title } } } }` has depth 3. */
  maxDepth: 8,
  /** Largest `first` of any list or connection. */
  maxFirst: 100,
  /** Largest cost (see `fieldCost`). */
  maxCost: 5000,
} as const;

/**
 * Fields that rank (embedding, nearest neighbours, full-text search) or walk the graph (neighbourhoods, lineage):
 * each call costs this much on its own.
 */
const RANKING_FIELDS = new Set([
  'Query.search',
  'Query.relatedPapers',
  'Query.relatedToText',
  'Paper.related',
  'Query.conceptNeighbourhood',
  'Query.methodLineage',
]);
const RANKING_COST = 10;

/**
 * Cost of a field: 1 (RANKING_COST for a ranking field), plus its selection's cost, times `first` when the field
 * takes one. `papers(first: 20) { edges { node { title } } }` costs 1 + 20 × (1 + 1 + 1) = 61.
 */
function fieldCost(type: string, field: string, first: number | undefined, childCost: number): number {
  const own = RANKING_FIELDS.has(`${type}.${field}`) ? RANKING_COST : 1;
  return own + (first ?? 1) * childCost;
}

/**
 * Checks an operation against LIMITS, with its variables, before execution: the first limit exceeded comes back as
 * a BAD_USER_INPUT error saying which and by how much; null when the operation is within every limit.
 */
export function checkLimits(
  schema: GraphQLSchema,
  document: DocumentNode,
  variables: Record<string, unknown>,
  operationName?: string,
): GraphQLError | null {
  let depths: Record<string, number> = {};
  validate(schema, document, [depthLimit(Infinity, {}, (d) => (depths = d))]);
  const depth = operationName !== undefined ? (depths[operationName] ?? 0) : Math.max(0, ...Object.values(depths));
  if (depth > LIMITS.maxDepth) {
    return clientError('BAD_USER_INPUT', `query depth ${depth} exceeds the maximum of ${LIMITS.maxDepth}`, true);
  }
  let badFirst: GraphQLError | null = null;
  const estimator: ComplexityEstimator = ({ type, field, args, childComplexity }) => {
    if (!('first' in args)) return fieldCost(type.name, field.name, undefined, childComplexity);
    const first: unknown = args.first;
    if (typeof first !== 'number' || !Number.isInteger(first) || first < 0 || first > LIMITS.maxFirst) {
      badFirst ??= clientError(
        'BAD_USER_INPUT',
        `"first" of ${type.name}.${field.name} must be a whole number from 0 to ${LIMITS.maxFirst}, ` +
          `got ${JSON.stringify(first)}`,
        true,
      );
      return 0;
    }
    return fieldCost(type.name, field.name, first, childComplexity);
  };
  let cost: number;
  try {
    cost = getComplexity({ schema, query: document, variables, operationName, estimators: [estimator] });
  } catch (err) {
    // The variables do not fit their declared types.
    if (err instanceof GraphQLError) return clientError('BAD_USER_INPUT', err.message, true);
    throw err;
  }
  if (badFirst) return badFirst;
  if (cost > LIMITS.maxCost) {
    return clientError(
      'BAD_USER_INPUT',
      `query cost ${cost} exceeds the maximum of ${LIMITS.maxCost}: ask for fewer items (a smaller "first") ` +
        `or fewer nested lists`,
      true,
    );
  }
  return null;
}

/** Runs `checkLimits` once the operation is known and before it executes. */
export const limitsPlugin: ApolloServerPlugin = {
  async requestDidStart() {
    return {
      async didResolveOperation({ schema, document, request, operationName }) {
        const error = checkLimits(schema, document, request.variables ?? {}, operationName ?? undefined);
        if (error) throw error;
      },
    };
  },
};
