// Writes docs/api-reference.md from the SDL (schema/*.graphql): every query, mutation, type, field, argument, enum
// value and input field with its type, default and description. `npm run docs:api` rewrites it; `--check` (run by
// test/docs.test.ts) exits 1 when the file is stale, saying where. `--out <file>` works on another copy.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  buildASTSchema,
  isEnumType,
  isInputObjectType,
  isInterfaceType,
  isObjectType,
  isScalarType,
  isUnionType,
  Kind,
  parse,
  print,
} from 'graphql';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const outAt = args.indexOf('--out');
const outFile = outAt >= 0 ? path.resolve(args[outAt + 1]) : path.join(root, 'docs', 'api-reference.md');

const schemaDir = path.join(root, 'schema');
// schema.graphql (Query, Mutation, Paper) first, then the files that extend it.
const files = fs
  .readdirSync(schemaDir)
  .filter((f) => f.endsWith('.graphql'))
  .sort((a, b) => Number(b === 'schema.graphql') - Number(a === 'schema.graphql') || a.localeCompare(b));
const document = parse(files.map((f) => fs.readFileSync(path.join(schemaDir, f), 'utf8')).join('\n'));
const schema = buildASTSchema(document);

/** Type names in the order the SDL defines them (extensions add fields to a type, not a place). */
const DEFINITIONS = new Set([
  Kind.OBJECT_TYPE_DEFINITION,
  Kind.INPUT_OBJECT_TYPE_DEFINITION,
  Kind.ENUM_TYPE_DEFINITION,
  Kind.INTERFACE_TYPE_DEFINITION,
  Kind.UNION_TYPE_DEFINITION,
  Kind.SCALAR_TYPE_DEFINITION,
]);
const typeNames = document.definitions.filter((d) => DEFINITIONS.has(d.kind)).map((d) => d.name.value);

/** A description as one table cell: one line, pipes escaped. */
const cell = (text) => (text ?? '').replace(/\s*\n\s*/g, ' ').replace(/\|/g, '\\|').trim();
const code = (text) => `\`${text}\``;

function argument(arg) {
  const value = arg.astNode?.defaultValue ? ` = ${print(arg.astNode.defaultValue)}` : '';
  return `${arg.name}: ${arg.type}${value}`;
}

function fieldRows(type) {
  return Object.values(type.getFields()).map((field) => {
    const signature = field.args?.length ? `${field.name}(${field.args.map(argument).join(', ')})` : field.name;
    const notes = [cell(field.description), ...(field.args ?? []).filter((a) => a.description).map((a) => `${code(a.name)}: ${cell(a.description)}`)];
    if (field.deprecationReason) notes.push(`Deprecated: ${cell(field.deprecationReason)}`);
    return `| ${code(signature)} | ${code(String(field.type))} | ${notes.filter(Boolean).join('<br>')} |`;
  });
}

function inputRows(type) {
  return Object.values(type.getFields()).map((field) => {
    const value = field.astNode?.defaultValue ? ` = ${print(field.astNode.defaultValue)}` : '';
    return `| ${code(field.name)} | ${code(`${field.type}${value}`)} | ${cell(field.description)} |`;
  });
}

function section(name) {
  const type = schema.getType(name);
  const lines = [`### ${name}`, ''];
  if (type.description) lines.push(cell(type.description), '');
  if (isObjectType(type) || isInterfaceType(type)) {
    const interfaces = type.getInterfaces().map((i) => code(i.name));
    if (interfaces.length) lines.push(`Implements ${interfaces.join(', ')}.`, '');
    lines.push('| field | type | description |', '|---|---|---|', ...fieldRows(type));
  } else if (isInputObjectType(type)) {
    lines.push('Input.', '', '| field | type | description |', '|---|---|---|', ...inputRows(type));
  } else if (isEnumType(type)) {
    lines.push('Enum.', '', '| value | description |', '|---|---|');
    lines.push(...type.getValues().map((v) => `| ${code(v.name)} | ${cell(v.description)} |`));
  } else if (isUnionType(type)) {
    lines.push(`Union of ${type.getTypes().map((t) => code(t.name)).join(', ')}.`);
  } else if (isScalarType(type)) {
    lines.push('Scalar.');
  }
  return lines.join('\n');
}

const reference = [
  '# GraphQL API reference',
  '',
  `<!-- Generated from schema/*.graphql by \`npm run docs:api\`: edit the SDL, then rerun it (a test fails when this file is stale). -->`,
  '',
  `Every operation and type of the contract, in the order of ${files.map((f) => `[${code(`schema/${f}`)}](../schema/${f})`).join(' and ')}.`,
  'What the operations do, their limits and errors: [api.md](api.md).',
  '',
  ...typeNames.map(section).flatMap((s) => [s, '']),
]
  .join('\n')
  .replace(/\n+$/, '\n');

const current = fs.existsSync(outFile) ? fs.readFileSync(outFile, 'utf8') : '';
if (args.includes('--check')) {
  if (current === reference) process.exit(0);
  const have = current.split('\n');
  const want = reference.split('\n');
  const line = want.findIndex((l, i) => l !== have[i]);
  process.stderr.write(
    `${outFile}:${line + 1}: disagrees with schema/*.graphql: run \`npm run docs:api\`\n` +
      `  the SDL gives: ${want[line] ?? '(end of file)'}\n  the file has:  ${have[line] ?? '(end of file)'}\n`,
  );
  process.exit(1);
}
fs.writeFileSync(outFile, reference);
process.stdout.write(`${path.relative(process.cwd(), outFile)}: written from ${files.join(', ')} (${typeNames.length} types)\n`);
