/**
 * Every Cypher statement the Neo4j adapter runs, by name. Values always travel as parameters ($name), never
 * spliced into the text: test/neo4j-cypher.test.ts lints each statement with Neo4j's own parser and checks that the
 * adapter runs nothing but these constants.
 */
export const SCHEMA_STATEMENTS = {
  paperIdUnique: `CREATE CONSTRAINT paper_id IF NOT EXISTS FOR (p:Paper) REQUIRE p.id IS UNIQUE`,
  paperVectorModelIndex: `CREATE INDEX paper_vector_model IF NOT EXISTS FOR (p:Paper) ON (p.vectorModel)`,
  paperFulltext: `CREATE FULLTEXT INDEX paper_text IF NOT EXISTS FOR (p:Paper) ON EACH [p.title, p.abstract]`,
} as const;

export const STATEMENTS = {
  /** The vector index is created once the first vector tells its dimensions. */
  createVectorIndex: `CREATE VECTOR INDEX paper_vector IF NOT EXISTS FOR (p:Paper) ON (p.vector)
    OPTIONS {indexConfig: {\`vector.dimensions\`: $dimensions, \`vector.similarity_function\`: 'cosine'}}`,

  vectorIndexExists: `SHOW VECTOR INDEXES YIELD name WHERE name = 'paper_vector' RETURN count(*) AS n`,

  fingerprints: `UNWIND $ids AS id
    MATCH (p:Paper {id: id})
    RETURN p.id AS id, p.contentHash AS contentHash, p.textHash AS textHash, p.vectorModel AS vectorModel`,

  /** row.setVector: false keeps the stored vector; true sets it to row.vector (null clears it). */
  upsertPapers: `UNWIND $rows AS row
    MERGE (p:Paper {id: row.id})
    ON CREATE SET p.createdAt = datetime()
    SET p.title = row.title, p.abstract = row.abstract, p.authors = row.authors, p.year = row.year,
        p.venue = row.venue, p.url = row.url, p.keywords = row.keywords,
        p.contentHash = row.contentHash, p.textHash = row.textHash, p.updatedAt = datetime()
    WITH p, row WHERE row.setVector
    SET p.vector = row.vector, p.vectorModel = row.vectorModel`,

  setVectors: `UNWIND $rows AS row
    MATCH (p:Paper {id: row.id})
    SET p.vector = row.vector, p.vectorModel = row.vectorModel
    RETURN count(p) AS updated`,

  getPapers: `UNWIND $ids AS id
    MATCH (p:Paper {id: id})
    RETURN p {.id, .title, .abstract, .authors, .year, .venue, .url, .keywords, .contentHash, .textHash,
              .vectorModel} AS paper`,

  countPapers: `MATCH (p:Paper)
    WHERE ($titleContains IS NULL OR toLower(p.title) CONTAINS toLower($titleContains))
      AND ($yearFrom IS NULL OR p.year >= $yearFrom)
      AND ($yearTo IS NULL OR p.year <= $yearTo)
      AND ($venue IS NULL OR toLower(p.venue) = toLower($venue))
    RETURN count(p) AS total`,

  listPapers: `MATCH (p:Paper)
    WHERE ($titleContains IS NULL OR toLower(p.title) CONTAINS toLower($titleContains))
      AND ($yearFrom IS NULL OR p.year >= $yearFrom)
      AND ($yearTo IS NULL OR p.year <= $yearTo)
      AND ($venue IS NULL OR toLower(p.venue) = toLower($venue))
      AND ($after IS NULL OR p.id > $after)
    RETURN p {.id, .title, .abstract, .authors, .year, .venue, .url, .keywords, .contentHash, .textHash,
              .vectorModel} AS paper
    ORDER BY p.id LIMIT $limit`,

  papersWithoutVector: `MATCH (p:Paper)
    WHERE (p.vectorModel IS NULL OR p.vectorModel <> $model) AND p.id > $after
    RETURN p {.id, .title, .abstract, .authors, .year, .venue, .url, .keywords, .contentHash, .textHash,
              .vectorModel} AS paper
    ORDER BY p.id LIMIT $limit`,

  vectors: `MATCH (p:Paper {vectorModel: $model})
    RETURN p.id AS id, p.vector AS vector ORDER BY p.id`,

  vectorsOf: `UNWIND $ids AS id
    MATCH (p:Paper {id: id, vectorModel: $model})
    RETURN p.id AS id, p.vector AS vector`,

  searchText: `CALL db.index.fulltext.queryNodes('paper_text', $query) YIELD node, score
    RETURN node.id AS id, score ORDER BY score DESC, id LIMIT $limit`,

  /** The index scores cosine as (1 + cos) / 2; the port's score is the cosine itself. */
  nearestByVector: `CALL db.index.vector.queryNodes('paper_vector', $candidates, $vector) YIELD node, score
    WITH node, score WHERE node.vectorModel = $model AND NOT node.id IN $exclude
    RETURN node.id AS id, 2 * score - 1 AS score ORDER BY score DESC, id LIMIT $limit`,

  countAll: `MATCH (p:Paper) RETURN count(p) AS papers`,

  vectorsByModel: `MATCH (p:Paper) WHERE p.vectorModel IS NOT NULL
    RETURN p.vectorModel AS model, count(p) AS n`,

  /** Test clean-up: the contract suite only runs on a database that held no papers before it. */
  deleteAllPapers: `MATCH (p:Paper) DETACH DELETE p`,
} as const;

/** What the linter must know of our graph: labels, relationship types, property keys. */
export const GRAPH_SCHEMA = {
  labels: ['Paper'],
  relationshipTypes: [] as string[],
  propertyKeys: [
    'id', 'title', 'abstract', 'authors', 'year', 'venue', 'url', 'keywords', 'contentHash', 'textHash', 'vector',
    'vectorModel', 'createdAt', 'updatedAt',
  ],
};
