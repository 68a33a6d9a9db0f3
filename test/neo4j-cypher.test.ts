import fs from 'node:fs';
import path from 'node:path';
import { lintCypherQuery, testData, type DbSchema } from '@neo4j-cypher/language-support';
import ts from 'typescript';
import { CYPHER, GRAPH_SCHEMA, SCHEMA_STATEMENTS, STATEMENTS } from '../graph/neo4j/statements';

// Neo4j's own Cypher parser and semantic analysis, offline. The procedure and function registry is the Neo4j 5 one
// that ships inside @neo4j-cypher/language-support (exported as its test data), so db.index.* calls are checked.
const PARAMETERS = [
  'ids', 'rows', 'dimensions', 'titleContains', 'yearFrom', 'yearTo', 'venue', 'after', 'limit', 'model', 'query',
  'candidates', 'vector', 'exclude', 'keys', 'key', 'name', 'kind', 'community', 'minPapers', 'afterCount', 'afterKey',
  'afterWeight', 'afterId', 'generation', 'documents', 'paperId', 'words', 'stamp', 'updatedAt', 'changed',
];
const dbSchema: DbSchema = {
  ...GRAPH_SCHEMA,
  parameters: Object.fromEntries(PARAMETERS.map((p) => [p, null])),
  procedures: { 'CYPHER 5': testData.mockSchema.procedures!['CYPHER 5']! },
  functions: { 'CYPHER 5': testData.mockSchema.functions!['CYPHER 5']! },
  defaultLanguage: 'CYPHER 5',
};

const ALL = CYPHER;

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
    expect(values).toHaveLength(Object.keys(SCHEMA_STATEMENTS).length + Object.keys(STATEMENTS).length);
    for (const value of values) {
      expect(ts.isNoSubstitutionTemplateLiteral(value) || ts.isStringLiteral(value)).toBe(true);
    }
  });

  test('the adapter runs statements only by name, through one call', () => {
    const folder = path.resolve(__dirname, '../graph/neo4j');
    const files = fs.readdirSync(folder).filter((f) => f.endsWith('.ts') && f !== 'statements.ts');
    expect(files).toEqual(expect.arrayContaining(['connection.ts', 'knowledge.ts', 'store.ts']));
    const runs: string[] = [];
    for (const file of files) {
      visit(sourceFile(path.join(folder, file)), (node) => {
        if (ts.isCallExpression(node) && ts.isPropertyAccessExpression(node.expression) && node.expression.name.text === 'run') {
          runs.push(node.getText());
        }
      });
    }
    // run(tx, name, parameters) looks the text up by a StatementName: nothing else can reach the driver.
    expect(runs).toEqual(['tx.run(CYPHER[name], parameters)']);
  });
});
