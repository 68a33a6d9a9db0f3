import {
  getNamedType,
  getNullableType,
  GraphQLError,
  isListType,
  isObjectType,
  validate,
  type DocumentNode,
  type GraphQLSchema,
  type ValidationRule,
} from 'graphql';
import { getComplexity, type ComplexityEstimator } from 'graphql-query-complexity';
import { MAX_INGEST_PAPERS } from '../services/ingest';
import { MAX_TIMELINE_YEARS, NEIGHBOURHOOD_LINKS_PER_CONCEPT } from '../services/knowledge';
import { MAX_TEXT_CHARS, SIGNALS } from '../services/related';
import { MAX_QUERY_CHARS } from '../services/search';
import { clientError } from './errors';

// graphql-depth-limit ships no type declarations.
const depthLimit: (max: number, options: object, onDepths: (depths: Record<string, number>) => void) => ValidationRule =
  require('graphql-depth-limit');

/** The limits every operation is checked against before it runs (README "Limits", docs/api.md, the schema). */
export const LIMITS = {
  /** Levels of nested selections: `{ paper(id: "x") { related { paper { title } } } }` has depth 3. */
  maxDepth: 8,
  /** Largest `first` of any list or connection. */
  maxFirst: 100,
  /** Largest cost (see `fieldCost`). */
  maxCost: 5000,
  /** Cost of one call of a ranking field (RANKING_FIELDS): at most 4 fit in one request, with their selections. */
  rankingCost: 1000,
  /** Cost of one call of a graph walk (conceptNeighbourhood, methodLineage). */
  walkCost: 100,
  /** Longest string argument (any string not in TEXT_CAPS), in characters. */
  maxStringChars: 1000,
  /** Most items of a list argument (e.g. `exclude`). */
  maxListItems: 500,
  /** Most tokens of a query document (the GraphQL parser stops there). */
  maxTokens: 20_000,
} as const;

/** Caps of the free-text arguments, in characters; every other string argument is capped by LIMITS.maxStringChars. */
export const TEXT_CAPS: Record<string, number> = {
  'Query.search.query': MAX_QUERY_CHARS,
  'Query.relatedToText.text': MAX_TEXT_CHARS,
};

/** Arguments checked elsewhere: the records of `ingestPapers` go through the ingest pipeline's own caps. */
const UNCAPPED_ARGUMENTS = new Set(['Mutation.ingestPapers.papers']);

/** Fields that rank (embedding, nearest neighbours, full-text search): each call costs LIMITS.rankingCost. */
export const RANKING_FIELDS = new Set(['Query.search', 'Query.relatedPapers', 'Query.relatedToText', 'Paper.related']);
/** Fields that walk the graph (or every paper of a concept or method): each call costs LIMITS.walkCost. */
const WALK_FIELDS = new Set(['Query.conceptNeighbourhood', 'Query.methodLineage', 'Concept.timeline', 'Method.timeline']);

/**
 * List fields without a `first` of their own, and how many items they hold at most. `perParent`: that many per unit
 * of the enclosing field's `first`, which the cost already multiplies by (a connection's edges, a neighbourhood's
 * nodes); `fixed`: at most that many, whatever the parent.
 */
export const LIST_BOUNDS: Record<string, { perParent: number } | { fixed: number }> = {
  'PaperConnection.edges': { perParent: 1 },
  'ConceptConnection.edges': { perParent: 1 },
  'MethodConnection.edges': { perParent: 1 },
  'ConceptNeighbourhood.nodes': { perParent: 1 },
  'ConceptNeighbourhood.edges': { perParent: NEIGHBOURHOOD_LINKS_PER_CONCEPT },
  'MethodLineage.nodes': { perParent: 1 },
  'MethodLineage.edges': { perParent: 1 },
  'SearchHit.signals': { fixed: 2 },
  'RelatedPaper.signals': { fixed: SIGNALS.length },
  'IngestReport.rejected': { fixed: MAX_INGEST_PAPERS },
  'IngestReport.warnings': { fixed: MAX_INGEST_PAPERS },
  'IngestReport.merged': { fixed: MAX_INGEST_PAPERS },
  'RemoveReport.aliases': { fixed: LIMITS.maxListItems },
  'Concept.timeline': { fixed: MAX_TIMELINE_YEARS },
  'Method.timeline': { fixed: MAX_TIMELINE_YEARS },
};

/** How many items a list field returns at most, per call: its `first`, its bound, or 1 for a non-list field. */
function multiplier(key: string, args: Record<string, unknown>): number {
  if ('first' in args) return args.first as number;
  const bound = LIST_BOUNDS[key];
  if (!bound) return 1;
  return 'fixed' in bound ? bound.fixed : bound.perParent;
}

/**
 * Cost of a field: 1 (LIMITS.rankingCost for a ranking field, LIMITS.walkCost for a graph walk), plus its
 * selection's cost times the most items it can return (`multiplier`). Nested lists multiply:
 * `papers(first: 20) { edges { node { title } } }` costs 1 + 20 × (1 + 1 × (1 + 1)) = 61.
 */
function fieldCost(key: string, args: Record<string, unknown>, childCost: number): number {
  const own = RANKING_FIELDS.has(key) ? LIMITS.rankingCost : WALK_FIELDS.has(key) ? LIMITS.walkCost : 1;
  return own + multiplier(key, args) * childCost;
}

/**
 * List fields of object types with neither a `first` argument nor an entry in LIST_BOUNDS: their size would not
 * be bounded nor counted. Lists of scalars (authors, aliases) are leaves: they cannot nest. Must be empty.
 */
export function unboundedLists(schema: GraphQLSchema): string[] {
  const out: string[] = [];
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type) || type.name.startsWith('__')) continue;
    for (const field of Object.values(type.getFields())) {
      const listed = isListType(getNullableType(field.type)) && isObjectType(getNamedType(field.type));
      const key = `${type.name}.${field.name}`;
      if (listed && !field.args.some((a) => a.name === 'first') && !LIST_BOUNDS[key]) out.push(key);
    }
  }
  return out;
}

/** The first string or list in `value` over its cap, as a message; null when none is. */
function oversized(value: unknown, where: string, maxChars: number): string | null {
  if (typeof value === 'string') {
    return value.length > maxChars
      ? `${where} is ${value.length} characters long; at most ${maxChars} are accepted`
      : null;
  }
  if (Array.isArray(value)) {
    if (value.length > LIMITS.maxListItems) {
      return `${where} has ${value.length} items; at most ${LIMITS.maxListItems} are accepted`;
    }
    for (const [i, item] of value.entries()) {
      const found = oversized(item, `${where}[${i}]`, maxChars);
      if (found) return found;
    }
    return null;
  }
  if (value !== null && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      const found = oversized(v, `${where}.${k}`, maxChars);
      if (found) return found;
    }
  }
  return null;
}

/** What the check found out about an operation that is within every limit. */
export interface OperationProfile {
  cost: number;
  /** Whether it calls a ranking field anywhere (it then waits for a ranking slot, see src/server/guards.ts). */
  ranks: boolean;
}

/**
 * Checks an operation against LIMITS, with its variables, before execution: the first limit exceeded comes back as
 * a BAD_USER_INPUT error saying which and by how much; otherwise the operation's profile.
 */
export function checkLimits(
  schema: GraphQLSchema,
  document: DocumentNode,
  variables: Record<string, unknown>,
  operationName?: string,
): GraphQLError | OperationProfile {
  let depths: Record<string, number> = {};
  validate(schema, document, [depthLimit(Infinity, {}, (d) => (depths = d))]);
  const depth = operationName !== undefined ? (depths[operationName] ?? 0) : Math.max(0, ...Object.values(depths));
  if (depth > LIMITS.maxDepth) {
    return clientError('BAD_USER_INPUT', `query depth ${depth} exceeds the maximum of ${LIMITS.maxDepth}`, true);
  }
  let bad: GraphQLError | null = null;
  let ranks = false;
  const estimator: ComplexityEstimator = ({ type, field, args, childComplexity }) => {
    const key = `${type.name}.${field.name}`;
    if (RANKING_FIELDS.has(key)) ranks = true;
    for (const [name, value] of Object.entries(args)) {
      if (UNCAPPED_ARGUMENTS.has(`${key}.${name}`)) continue;
      const found = oversized(value, `"${name}" of ${key}`, TEXT_CAPS[`${key}.${name}`] ?? LIMITS.maxStringChars);
      if (found) bad ??= clientError('BAD_USER_INPUT', found, true);
    }
    if ('first' in args) {
      const first: unknown = args.first;
      if (typeof first !== 'number' || !Number.isInteger(first) || first < 0 || first > LIMITS.maxFirst) {
        bad ??= clientError(
          'BAD_USER_INPUT',
          `"first" of ${key} must be a whole number from 0 to ${LIMITS.maxFirst}, got ${JSON.stringify(first)}`,
          true,
        );
        return 0;
      }
    }
    return fieldCost(key, args, childComplexity);
  };
  let cost: number;
  try {
    cost = getComplexity({ schema, query: document, variables, operationName, estimators: [estimator] });
  } catch (err) {
    // The variables do not fit their declared types.
    if (err instanceof GraphQLError) return clientError('BAD_USER_INPUT', err.message, true);
    throw err;
  }
  if (bad) return bad;
  if (cost > LIMITS.maxCost) {
    return clientError(
      'BAD_USER_INPUT',
      `query cost ${cost} exceeds the maximum of ${LIMITS.maxCost}: ask for fewer items (a smaller "first"), ` +
        `fewer nested lists or fewer ranking fields (${LIMITS.rankingCost} each)`,
      true,
    );
  }
  return { cost, ranks };
}
