import v8 from 'node:v8';
import vm from 'node:vm';
import fc from 'fast-check';
import {
  getNamedType,
  getNullableType,
  isEnumType,
  isInputObjectType,
  isListType,
  isObjectType,
  isScalarType,
  type GraphQLField,
  type GraphQLInputType,
  type GraphQLObjectType,
} from 'graphql';
import { buildSchema } from '../../src/graphql/schema';
import { serveSample, type GraphQLResponse } from './support';

// Random and hostile GraphQL thrown at the real server on the sample corpus: whatever comes in, the answer is a
// clean one or a 4xx with a code, never a crash, an internal error, a stack trace or unbounded memory.
const served = serveSample();
const schema = buildSchema();

/** Statuses a request may get: an answer, or a client error. */
const CLIENT_STATUSES = new Set([200, 400, 401, 403, 404, 413, 429]);

function expectClean(res: GraphQLResponse): void {
  expect(CLIENT_STATUSES.has(res.status) ? 'client status' : `status ${res.status}`).toBe('client status');
  for (const e of res.body.errors ?? []) {
    expect(e.extensions?.code).toEqual(expect.any(String));
    expect(e.extensions?.code).not.toBe('INTERNAL_SERVER_ERROR');
    expect(e.extensions).not.toHaveProperty('stacktrace');
    expect(e.message).not.toMatch(/\/(tmp|work|home|usr)\/|\.ts:\d|\.js:\d|\n\s+at /);
  }
  if (res.status === 200) expect(res.body.data !== undefined || res.body.errors !== undefined).toBe(true);
  else expect(res.body.errors?.length).toBeGreaterThan(0);
}

/** Text a client might send as a name, id, query or cursor: ordinary, odd, forged, regex-hostile or huge. */
const hostileString: fc.Arbitrary<string> = fc.oneof(
  { weight: 3, arbitrary: fc.string({ maxLength: 40 }) },
  { weight: 2, arbitrary: fc.constantFrom('MoE', 'data mixing', 'AutoMix', 'prediction', 'mixup', '', ' ', '*', '%_\\') },
  { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 30 }) },
  { weight: 1, arbitrary: fc.string({ maxLength: 30 }).map((s) => Buffer.from(`concept:${s}`).toString('base64')) },
  { weight: 1, arbitrary: fc.constantFrom('\\(', '((((', 'a-', '(MoE) ', '"; DROP TABLE papers; --', 'OR AND NOT NEAR(') },
  {
    weight: 1,
    arbitrary: fc
      .tuple(fc.constantFrom('\\(', 'a', 'x-y ', '(( ', 'é', '😀'), fc.integer({ min: 500, max: 300_000 }))
      .map(([unit, n]) => unit.repeat(n)),
  },
);

const hostileInt = fc.oneof(
  fc.integer({ min: -3, max: 120 }),
  fc.constantFrom(0, 1, 100, 101, 2 ** 31 - 1, -(2 ** 31)),
);

/** A GraphQL literal of an input type; now and then one of the wrong type. */
function literal(type: GraphQLInputType, depth = 0): fc.Arbitrary<string> {
  const inner = getNullableType(type) as GraphQLInputType;
  const wrong = fc.constantFrom('null', '"x"', '3', '[1, 2]', '{ a: 1 }', 'true', '1.5e400');
  let right: fc.Arbitrary<string>;
  if (isListType(inner)) {
    right = fc.array(literal(inner.ofType as GraphQLInputType, depth + 1), { maxLength: depth ? 2 : 4 }).map((xs) => `[${xs.join(', ')}]`);
  } else if (isInputObjectType(inner)) {
    const fields = Object.values(inner.getFields());
    right = fc
      .subarray(fields, { maxLength: Math.min(4, fields.length) })
      .chain((chosen) => fc.tuple(...chosen.map((f) => literal(f.type, depth + 1).map((v) => `${f.name}: ${v}`))))
      .map((pairs) => `{ ${pairs.join(', ')} }`);
  } else if (isEnumType(inner)) {
    right = fc.constantFrom(...inner.getValues().map((v) => v.name), 'NOT_A_VALUE');
  } else if (isScalarType(inner) && inner.name === 'Int') {
    right = hostileInt.map(String);
  } else if (isScalarType(inner) && inner.name === 'Float') {
    right = fc.double({ noNaN: true, noDefaultInfinity: true }).map((x) => String(x));
  } else if (isScalarType(inner) && inner.name === 'Boolean') {
    right = fc.boolean().map(String);
  } else {
    right = hostileString.map((s) => JSON.stringify(s));
  }
  return fc.oneof({ weight: 9, arbitrary: right }, { weight: 1, arbitrary: wrong });
}

/** The arguments of a field: some of them, each with a literal. */
function argumentsOf(field: GraphQLField<unknown, unknown>): fc.Arbitrary<string> {
  if (!field.args.length) return fc.constant('');
  return fc
    .subarray([...field.args])
    .chain((args) => fc.tuple(...args.map((a) => literal(a.type).map((v) => `${a.name}: ${v}`))))
    .map((pairs) => (pairs.length ? `(${pairs.join(', ')})` : ''));
}

/** A selection set on an object type, `depth` levels at most; fields repeated under aliases now and then. */
const selections = new Map<string, fc.Arbitrary<string>>();
function selection(type: GraphQLObjectType, depth: number): fc.Arbitrary<string> {
  const key = `${type.name}:${depth}`;
  if (!selections.has(key)) selections.set(key, makeSelection(type, depth));
  return selections.get(key)!;
}

function makeSelection(type: GraphQLObjectType, depth: number): fc.Arbitrary<string> {
  const fields = Object.values(type.getFields());
  const field = (f: GraphQLField<unknown, unknown>): fc.Arbitrary<string> => {
    const named = getNamedType(f.type);
    const sub = isObjectType(named)
      ? depth > 1
        ? selection(named, depth - 1).map((s) => ` ${s}`)
        : fc.constant(` { __typename }`)
      : fc.constant('');
    return fc
      .tuple(argumentsOf(f), sub, fc.integer({ min: 1, max: 3 }))
      .map(([args, s, copies]) => Array.from({ length: copies }, (_, i) => `a${i}_${f.name}: ${f.name}${args}${s}`).join(' '));
  };
  return fc
    .subarray(fields, { minLength: 1, maxLength: Math.min(3, fields.length) })
    .chain((chosen) => fc.tuple(...chosen.map(field)))
    .map((parts) => `{ ${parts.join(' ')} }`);
}

const randomOperation = fc.oneof(
  { weight: 4, arbitrary: selection(schema.getQueryType()!, 6) },
  { weight: 1, arbitrary: selection(schema.getMutationType()!, 3).map((s) => `mutation ${s}`) },
);

/**
 * Bytes of JavaScript heap the fuzzing may leave behind at most: bounded, whatever it sends. The heap after a full
 * collection, not the resident size: the tests of one jest run share a process (--runInBand), and resident memory
 * that earlier suites and native code (the model, SQLite) freed is not given back to the OS, so it measured the run
 * order more than the server (0.5 to 1 GiB of growth in a full run, well under alone; the heap grows by about 50 MiB).
 */
const HEAP_GROWTH = 128 * 1024 * 1024;
let heapBefore = 0;
beforeAll(() => {
  heapBefore = heapAfterCollection();
});

v8.setFlagsFromString('--expose-gc');
const collectGarbage = vm.runInNewContext('gc') as () => void;

/** The heap in use after a full garbage collection. */
function heapAfterCollection(): number {
  collectGarbage();
  return process.memoryUsage().heapUsed;
}

test('random operations built from the schema: a clean answer or a 4xx, never an internal error', async () => {
  await fc.assert(
    fc.asyncProperty(randomOperation, async (query) => {
      expectClean(await served.api.gql(query));
    }),
    { numRuns: 150 },
  );
}, 120_000);

test('hostile variables: huge strings, deep nesting, wrong types, forged cursors', async () => {
  // Deeper nesting cannot be stringified by this client: the raw bodies below go deeper.
  const deep = fc.integer({ min: 1, max: 2000 }).map((n) => JSON.parse(`${'['.repeat(n)}"x"${']'.repeat(n)}`) as unknown);
  const value = fc.oneof(fc.jsonValue({ maxDepth: 4 }), hostileString, deep, hostileInt);
  const operations = [
    'query ($a: String!, $b: Int) { search(query: $a, first: $b) { score paper { id } } }',
    'query ($a: String!, $b: Int, $c: [ID!]) { relatedToText(text: $a, first: $b, exclude: $c) { score reason } }',
    'query ($a: ID!, $b: Int, $c: String) { relatedPapers(paperId: $a, first: $b, mustShareConcept: $c) { score } }',
    'query ($a: String, $b: Int) { papers(first: $b, after: $a) { totalCount edges { cursor } } }',
    'query ($a: String, $b: Int, $c: ConceptFilter) { concepts(first: $b, after: $a, filter: $c) { totalCount } }',
    'query ($a: String!, $b: Int, $c: Int) { conceptNeighbourhood(name: $a, depth: $b, first: $c) { nodes { id } } }',
    'query ($a: String!, $b: Int, $c: LineageDirection) { methodLineage(name: $a, depth: $b, direction: $c) { edges { evidence } } }',
    'mutation ($p: [PaperInput!]!) { ingestPapers(papers: $p) { inserted } }',
  ];
  await fc.assert(
    fc.asyncProperty(fc.constantFrom(...operations), value, value, value, value, async (query, a, b, c, p) => {
      expectClean(await served.api.gql(query, { a, b, c, p }));
    }),
    { numRuns: 150 },
  );
}, 120_000);

test('hostile documents: garbage, deep nesting, many aliases, huge literals', async () => {
  const document = fc.oneof(
    fc.string({ maxLength: 200 }),
    fc.string({ unit: 'binary', maxLength: 200 }),
    fc.integer({ min: 1, max: 3000 }).map((n) => `{ ${'paper(id: "x") { related { paper '.repeat(n)}{ id }${' } }'.repeat(n)} }`),
    fc.integer({ min: 1, max: 5000 }).map((n) => `{ ${Array.from({ length: n }, (_, i) => `s${i}: stats { papers }`).join(' ')} }`),
    fc
      .tuple(fc.integer({ min: 1, max: 600 }), fc.constantFrom('search(query: "mixing")', 'relatedToText(text: "data mixing")'))
      .map(([n, f]) => `{ ${Array.from({ length: n }, (_, i) => `r${i}: ${f} { score }`).join(' ')} }`),
    fc.integer({ min: 1, max: 400 }).map((n) => `{ concept(name: "data mixing") ${'{ narrower { broader '.repeat(n)}{ id }${' } }'.repeat(n)} }`),
    hostileString.map((s) => `{ search(query: ${JSON.stringify(s)}) { score } }`),
    fc.constantFrom('query A { stats { papers } } query B { stats { papers } }', '{ ...F } fragment F on Query { ...F }', '{ __schema { types { name fields { name } } } }'),
  );
  await fc.assert(
    fc.asyncProperty(document, async (query) => {
      expectClean(await served.api.gql(query));
    }),
    { numRuns: 120 },
  );
}, 120_000);

test('hostile bodies: nesting deeper than any stack, malformed JSON, wrong shapes', async () => {
  const query = 'query ($a: [ID!]) { relatedToText(text: "x", exclude: $a) { score } }';
  const body = fc.oneof(
    fc
      .tuple(fc.integer({ min: 1000, max: 200_000 }), fc.constantFrom('[', '{"a":'))
      .map(([n, open]) => {
        const close = open === '[' ? ']' : '}';
        return `{"query":${JSON.stringify(query)},"variables":{"a":${open.repeat(n)}1${close.repeat(n)}}}`;
      }),
    fc.string({ maxLength: 100 }),
    fc.jsonValue({ maxDepth: 3 }).map((v) => JSON.stringify(v)),
    fc.constantFrom('{"query": 5}', '{"query": "{ stats { papers } }", "variables": "x"}', '{"query": ["a"]}', '{'),
  );
  await fc.assert(
    fc.asyncProperty(body, async (text) => {
      const res = await fetch(`${served.api.url}graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: text,
      });
      expectClean({ status: res.status, headers: res.headers, body: (await res.json()) as GraphQLResponse['body'] });
    }),
    { numRuns: 60 },
  );
}, 120_000);

test('the server is alive and its memory bounded after the fuzzing', async () => {
  const health = await fetch(`${served.api.url}healthz`);
  expect(health.status).toBe(200);
  expect(await health.json()).toMatchObject({ status: 'ok', store: { papers: 80 } });
  expect(heapAfterCollection() - heapBefore).toBeLessThan(HEAP_GROWTH);
});
