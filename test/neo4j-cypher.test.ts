import fs from 'node:fs';
import path from 'node:path';
import { lintCypherQuery, testData, type DbSchema } from '@neo4j-cypher/language-support';
import ts from 'typescript';
import { GRAPH_SCHEMA, SCHEMA_STATEMENTS, STATEMENTS } from '../graph/neo4j/statements';

// Neo4j's own Cypher parser and semantic analysis, offline. The procedure and function registry is the Neo4j 5 one
// that ships inside @neo4j-cypher/language-support (exported as its test data), so db.index.* calls are checked.
const PARAMETERS = [
  'ids', 'rows', 'dimensions', 'titleContains', 'yearFrom', 'yearTo', 'venue', 'after', 'limit', 'model', 'query',
  'candidates', 'vector', 'exclude',
];
const dbSchema: DbSchema = {
  ...GRAPH_SCHEMA,
  parameters: Object.fromEntries(PARAMETERS.map((p) => [p, null])),
  procedures: { 'CYPHER 5': testData.mockSchema.procedures!['CYPHER 5']! },
  functions: { 'CYPHER 5': testData.mockSchema.functions!['CYPHER 5']! },
  defaultLanguage: 'CYPHER 5',
};

const ALL = { ...SCHEMA_STATEMENTS, ...STATEMENTS };

describe('every Cypher statement passes Neo4j’s linter with no error or warning', () => {
  test.each(Object.entries(ALL))('%s', (_, statement) => {
    const { diagnostics } = lintCypherQuery(statement, dbSchema);
    expect(diagnostics.map((d) => `${d.severity === 1 ? 'error' : 'warning'}: ${d.message}`)).toEqual([]);
  });

  test('the linter does catch mistakes (a misspelt property, label, parameter and procedure)', () => {
    for (const bad of [
      'MATCH (p:Paper {id: $ids}) RETURN p.titel',
      'MATCH (p:Papr) RETURN p',
      'MATCH (p:Paper {id: $idz}) RETURN p',
      "CALL db.index.vector.queryNodez('paper_vector', $limit, $vector) YIELD node RETURN node",
    ]) {
      expect(lintCypherQuery(bad, dbSchema).diagnostics.length).toBeGreaterThan(0);
    }
  });
});

function sourceFile(file: string): ts.SourceFile {
  return ts.createSourceFile(file, fs.readFileSync(file, 'utf8'), ts.ScriptTarget.ES2022, true);
}

function visit(node: ts.Node, each: (node: ts.Node) => void): void {
  each(node);
  node.forEachChild((child) => visit(child, each));
}

describe('no statement is built by splicing values into its text', () => {
  test('every statement is a plain literal: no ${…} substitution, no concatenation', () => {
    const file = sourceFile(path.resolve(__dirname, '../graph/neo4j/statements.ts'));
    const values: ts.Node[] = [];
    visit(file, (node) => {
      if (ts.isVariableDeclaration(node) && /STATEMENTS$/.test(node.name.getText())) {
        const object = (node.initializer as ts.AsExpression).expression as ts.ObjectLiteralExpression;
        for (const p of object.properties) values.push((p as ts.PropertyAssignment).initializer);
      }
    });
    expect(values).toHaveLength(Object.keys(ALL).length);
    for (const value of values) {
      expect(ts.isNoSubstitutionTemplateLiteral(value) || ts.isStringLiteral(value)).toBe(true);
    }
  });

  test('the adapter runs nothing but those named statements', () => {
    const file = sourceFile(path.resolve(__dirname, '../graph/neo4j/store.ts'));
    const runs: string[] = [];
    visit(file, (node) => {
      if (!ts.isCallExpression(node) || !ts.isPropertyAccessExpression(node.expression)) return;
      if (node.expression.name.text !== 'run') return;
      const statement = node.arguments[0];
      const named =
        (ts.isPropertyAccessExpression(statement) && statement.expression.getText() === 'STATEMENTS') ||
        // `for (const statement of Object.values(SCHEMA_STATEMENTS))`
        (ts.isIdentifier(statement) && schemaLoopVariable(statement));
      runs.push(`${named ? 'named' : 'NOT NAMED'}: ${node.getText().slice(0, 80)}`);
    });
    expect(runs.length).toBeGreaterThan(10);
    expect(runs.filter((r) => !r.startsWith('named'))).toEqual([]);
  });
});

function schemaLoopVariable(id: ts.Identifier): boolean {
  for (let node: ts.Node | undefined = id.parent; node; node = node.parent) {
    if (ts.isForOfStatement(node)) {
      const declared = (node.initializer as ts.VariableDeclarationList).declarations[0].name.getText();
      return declared === id.text && node.expression.getText() === 'Object.values(SCHEMA_STATEMENTS)';
    }
  }
  return false;
}
