import fs from 'node:fs';
import path from 'node:path';
import { isInputObjectType, isObjectType, parse, validate, type GraphQLObjectType, type GraphQLSchema } from 'graphql';
import { buildSchema } from '../src/graphql/schema';
import { PROJECT_ROOT } from '../src/paths';
import { spawnSyncWithin } from './support/child';
import { codeBlocks } from './support/markdown';
import { tempDir } from './support/fixtures';

// The API docs against the contract (schema/*.graphql): docs/api-reference.md is generated from it and must be
// current; every GraphQL example of docs/api.md and the README validates against it; every `Type.field` the prose
// names exists.
const SCRIPT = path.join(PROJECT_ROOT, 'scripts/docs-api.mjs');
const PAGES = ['docs/api.md', 'README.md'];
const schema = buildSchema();
const tmp = tempDir();
afterAll(() => tmp.cleanup());

const docsApi = (...args: string[]) =>
  spawnSyncWithin(process.execPath, [SCRIPT, ...args], { cwd: PROJECT_ROOT, encoding: 'utf8' });

test('docs/api-reference.md is what `npm run docs:api` writes from the SDL', () => {
  const check = docsApi('--check');
  expect(check.stderr).toBe('');
  expect(check.status).toBe(0);
});

test('a reference that disagrees with the SDL fails the check, naming the line and both versions', () => {
  const copy = path.join(tmp.dir, 'api-reference.md');
  const reference = fs.readFileSync(path.join(PROJECT_ROOT, 'docs/api-reference.md'), 'utf8');
  const row = '| `relatedToText(text: String!, ';
  const at = reference.split('\n').findIndex((l) => l.startsWith(row));
  expect(at).toBeGreaterThan(0);
  fs.writeFileSync(copy, reference.replace(row, '| `relatedToText(text: String, '));
  const stale = docsApi('--check', '--out', copy);
  expect(stale.status).toBe(1);
  expect(stale.stderr).toContain(`${copy}:${at + 1}: disagrees with schema/*.graphql: run \`npm run docs:api\``);
  expect(stale.stderr).toMatch(/the SDL gives: \| `relatedToText\(text: String!,/);

  expect(docsApi('--out', copy).status).toBe(0);
  expect(fs.readFileSync(copy, 'utf8')).toBe(reference);
});

/** Every field of the schema's object and input types, as `Type.field`. */
function schemaFields(s: GraphQLSchema): Set<string> {
  const names = new Set<string>();
  for (const type of Object.values(s.getTypeMap())) {
    if (!isObjectType(type) && !isInputObjectType(type)) continue;
    for (const field of Object.keys(type.getFields())) names.add(`${type.name}.${field}`);
  }
  return names;
}

describe.each(PAGES)('%s', (page) => {
  const text = fs.readFileSync(path.join(PROJECT_ROOT, page), 'utf8');

  test('every GraphQL example validates against the schema', () => {
    const blocks = codeBlocks(text).filter((b) => b.lang === 'graphql');
    expect(blocks.length).toBeGreaterThan(0);
    for (const block of blocks) {
      const errors = validate(schema, parse(block.code)).map((e) => e.message);
      expect({ line: block.line, errors }).toEqual({ line: block.line, errors: [] });
    }
  });

  test('every `Type.field` and `field(argument:` it names is in the schema', () => {
    const fields = schemaFields(schema);
    const types = new Set(Object.keys(schema.getTypeMap()));
    const named = [...text.matchAll(/`([A-Z]\w*)\.([a-z]\w*)`/g)].filter(([, type]) => types.has(type));
    expect(named.map(([, type, field]) => `${type}.${field}`).filter((name) => !fields.has(name))).toEqual([]);
    // `relatedPapers(paperId:)`, `search(query: …)`: a field the schema has must have that argument.
    const args = new Map<string, Set<string>>();
    for (const name of fields) {
      const [type, field] = name.split('.');
      const def = (schema.getType(type) as GraphQLObjectType).getFields()[field];
      for (const arg of 'args' in def ? def.args : []) args.set(field, (args.get(field) ?? new Set()).add(arg.name));
    }
    const calls = [...text.matchAll(/`(\w+)\((\w+):/g)].filter(([, field]) => args.has(field));
    expect(calls.filter(([, field, arg]) => !args.get(field)!.has(arg)).map(([call]) => call)).toEqual([]);
  });
});
