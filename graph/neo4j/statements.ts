/**
 * Every Cypher statement the Neo4j adapter runs, by name. Values always travel as parameters ($name), never
 * spliced into the text: test/neo4j-cypher.test.ts lints each statement with Neo4j's own parser and checks that the
 * adapter runs nothing but these constants.
 */
export const SCHEMA_STATEMENTS = {
  paperIdUnique: `CREATE CONSTRAINT paper_id IF NOT EXISTS FOR (p:Paper) REQUIRE p.id IS UNIQUE`,
  paperVectorModelIndex: `CREATE INDEX paper_vector_model IF NOT EXISTS FOR (p:Paper) ON (p.vectorModel)`,
  paperFulltext: `CREATE FULLTEXT INDEX paper_text IF NOT EXISTS FOR (p:Paper) ON EACH [p.title, p.abstract]`,
  conceptKeyUnique: `CREATE CONSTRAINT concept_key IF NOT EXISTS FOR (c:Concept) REQUIRE c.key IS UNIQUE`,
  conceptAliasUnique: `CREATE CONSTRAINT concept_alias IF NOT EXISTS FOR (a:ConceptAlias) REQUIRE a.alias IS UNIQUE`,
  methodKeyUnique: `CREATE CONSTRAINT method_key IF NOT EXISTS FOR (m:Method) REQUIRE m.key IS UNIQUE`,
  methodAliasUnique: `CREATE CONSTRAINT method_alias IF NOT EXISTS FOR (a:MethodAlias) REQUIRE a.alias IS UNIQUE`,
  storeStateUnique: `CREATE CONSTRAINT store_state_key IF NOT EXISTS FOR (s:StoreState) REQUIRE s.key IS UNIQUE`,
  filteredNameUnique: `CREATE CONSTRAINT filtered_name IF NOT EXISTS FOR (f:FilteredName) REQUIRE f.key IS UNIQUE`,
  paperKeyUnique: `CREATE CONSTRAINT paper_key IF NOT EXISTS FOR (k:PaperKey) REQUIRE k.key IS UNIQUE`,
  paperGenerationIndex: `CREATE INDEX paper_generation IF NOT EXISTS FOR (p:Paper) ON (p.generation)`,
  relatedPreparedUnique: `CREATE CONSTRAINT related_prepared_paper IF NOT EXISTS FOR (r:RelatedPrepared) REQUIRE r.paperId IS UNIQUE`,
} as const;

export const STATEMENTS = {
  /** The vector index is created once the first vector tells its dimensions. */
  createVectorIndex: `CREATE VECTOR INDEX paper_vector IF NOT EXISTS FOR (p:Paper) ON (p.vector)
    OPTIONS {indexConfig: {\`vector.dimensions\`: $dimensions, \`vector.similarity_function\`: 'cosine'}}`,

  vectorIndexDimensions: `SHOW VECTOR INDEXES YIELD name, options WHERE name = 'paper_vector'
    RETURN options.indexConfig['vector.dimensions'] AS dimensions`,

  fingerprints: `UNWIND $ids AS id
    MATCH (p:Paper {id: id})
    RETURN p.id AS id, p.contentHash AS contentHash, p.textHash AS textHash, p.vectorModel AS vectorModel,
           p.knowledgeVersion AS knowledgeVersion`,

  /** row.setVector: false keeps the stored vector; true sets it to row.vector (null clears it). */
  upsertPapers: `UNWIND $rows AS row
    MERGE (p:Paper {id: row.id})
    ON CREATE SET p.createdAt = datetime()
    SET p.title = row.title, p.abstract = row.abstract, p.authors = row.authors, p.year = row.year,
        p.venue = row.venue, p.url = row.url, p.keywords = row.keywords,
        p.contentHash = row.contentHash, p.textHash = row.textHash, p.updatedAt = datetime(),
        p.generation = $generation
    WITH p, row
    CALL (p, row) { WITH p, row WHERE row.setVector SET p.vector = row.vector, p.vectorModel = row.vectorModel }
    CALL (p, row) {
      WITH p, row WHERE row.knowledge IS NOT NULL
      SET p.knowledge = row.knowledge, p.knowledgeVersion = row.knowledgeVersion
    }`,

  /**
   * The one StoreState node (graph/store.ts, CorpusState), made on first use. Run first in the transaction that
   * writes papers: setting a property takes the node's write lock, so concurrent writers are ordered.
   */
  bumpPapersGeneration: `MERGE (s:StoreState {key: 'litgraph'})
    ON CREATE SET s.papersGeneration = 0, s.corpusGeneration = 0
    SET s.papersGeneration = s.papersGeneration + 1
    RETURN s.papersGeneration AS generation`,

  corpusState: `OPTIONAL MATCH (s:StoreState {key: 'litgraph'})
    RETURN coalesce(s.papersGeneration, 0) AS papersGeneration, coalesce(s.corpusGeneration, 0) AS corpusGeneration`,

  /** Locks the StoreState node (a property write) and returns the generation the stored corpus graph was built from. */
  lockCorpusGeneration: `MERGE (s:StoreState {key: 'litgraph'})
    ON CREATE SET s.papersGeneration = 0, s.corpusGeneration = 0
    SET s.corpusGeneration = s.corpusGeneration
    RETURN s.corpusGeneration AS corpusGeneration`,

  /** The generation the stored corpus graph was built from, and its number of papers (co-occurrence NPMI needs it). */
  setCorpusGeneration: `MATCH (s:StoreState {key: 'litgraph'})
    SET s.corpusGeneration = $generation, s.corpusDocuments = $documents`,

  /** Run first in a transaction that sets vectors without writing papers: the content version moves with it. */
  bumpVectorsGeneration: `MERGE (s:StoreState {key: 'litgraph'})
    ON CREATE SET s.papersGeneration = 0, s.corpusGeneration = 0
    SET s.vectorsGeneration = coalesce(s.vectorsGeneration, 0) + 1`,

  contentVersion: `OPTIONAL MATCH (s:StoreState {key: 'litgraph'})
    RETURN toString(coalesce(s.papersGeneration, 0)) + '.' + toString(coalesce(s.corpusGeneration, 0)) + '.' +
           toString(coalesce(s.vectorsGeneration, 0)) + '.' + toString(coalesce(s.communitiesWrites, 0)) AS version`,

  /** The content version under the StoreState node's write lock (a property write), so no paper write lands meanwhile. */
  lockContentVersion: `MERGE (s:StoreState {key: 'litgraph'})
    ON CREATE SET s.papersGeneration = 0, s.corpusGeneration = 0
    SET s.corpusGeneration = s.corpusGeneration
    RETURN toString(s.papersGeneration) + '.' + toString(s.corpusGeneration) + '.' +
           toString(coalesce(s.vectorsGeneration, 0)) + '.' + toString(coalesce(s.communitiesWrites, 0)) AS version`,

  /** The communities' stamp (graph/store.ts, CommunitiesState). */
  communitiesState: `OPTIONAL MATCH (s:StoreState {key: 'litgraph'})
    RETURN s.communitiesGeneration AS generation, s.communitiesUpdatedAt AS updatedAt`,

  /** Locks the StoreState node (a property write) and returns the generation the stored communities were computed from. */
  lockCommunities: `MERGE (s:StoreState {key: 'litgraph'})
    ON CREATE SET s.papersGeneration = 0, s.corpusGeneration = 0
    SET s.corpusGeneration = s.corpusGeneration
    RETURN s.communitiesGeneration AS generation`,

  /** `changed`: 1 when a community changed, so the content version moves. */
  stampCommunities: `MATCH (s:StoreState {key: 'litgraph'})
    SET s.communitiesGeneration = $generation, s.communitiesUpdatedAt = $updatedAt,
        s.communitiesWrites = coalesce(s.communitiesWrites, 0) + $changed`,

  /** Sets the communities that differ, and counts them. */
  setCommunities: `UNWIND $rows AS row
    OPTIONAL MATCH (c:Concept {key: row.key})
    WITH c, row WHERE c IS NOT NULL AND NOT coalesce(c.community = row.community, c.community IS NULL AND row.community IS NULL)
    SET c.community = row.community
    RETURN count(c) AS changed`,

  storedCommunities: `MATCH (c:Concept) WHERE c.community IS NOT NULL RETURN c.key AS key, c.community AS community`,

  /** Every co-occurrence with its count and what its NPMI is computed from (graph/store.ts, npmi). */
  communityEdges: `MATCH (s:StoreState {key: 'litgraph'})
    MATCH (a:Concept)-[r:COOCCURS]->(b:Concept)
    RETURN a.key AS a, b.key AS b, r.count AS count, a.paperCount AS aPapers, b.paperCount AS bPapers,
           s.corpusDocuments AS documents`,

  relatedPrepared: `UNWIND $ids AS id
    MATCH (r:RelatedPrepared {paperId: id})
    WHERE r.stamp = $stamp
    RETURN r.paperId AS paperId, r.data AS data`,

  relatedPreparedCount: `MATCH (r:RelatedPrepared {stamp: $stamp}) RETURN count(r) AS prepared`,

  relatedPreparedMissing: `MATCH (p:Paper)
    WHERE NOT EXISTS { MATCH (r:RelatedPrepared {paperId: p.id}) WHERE r.stamp = $stamp }
    RETURN p.id AS id ORDER BY id LIMIT $limit`,

  putRelatedPrepared: `UNWIND $rows AS row
    MATCH (p:Paper {id: row.id})
    MERGE (r:RelatedPrepared {paperId: row.id})
    SET r.stamp = $stamp, r.data = row.data`,

  /** Entries whose paper was removed since they were prepared. */
  deleteOrphanRelatedPrepared: `MATCH (r:RelatedPrepared)
    WHERE NOT EXISTS { MATCH (:Paper {id: r.paperId}) }
    DELETE r`,

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

  /** Per quoted word (a Lucene query of that word alone), the papers the index finds. */
  wordPaperCounts: `UNWIND $words AS word
    CALL (word) {
      CALL db.index.fulltext.queryNodes('paper_text', word.query) YIELD node
      RETURN count(node) AS papers
    }
    RETURN word.word AS word, papers`,

  /** The index scores cosine as (1 + cos) / 2; the port's score is the cosine itself. */
  nearestByVector: `CALL db.index.vector.queryNodes('paper_vector', $candidates, $vector) YIELD node, score
    WITH node, score WHERE node.vectorModel = $model AND NOT node.id IN $exclude
    RETURN node.id AS id, 2 * score - 1 AS score ORDER BY score DESC, id LIMIT $limit`,

  /**
   * Exact search, for vectors of another length than the index's (one index serves one length: the first model's).
   * vector.similarity.cosine is (1 + cos) / 2 too.
   */
  nearestByVectorExact: `MATCH (p:Paper {vectorModel: $model}) WHERE NOT p.id IN $exclude
    RETURN p.id AS id, 2 * vector.similarity.cosine(p.vector, $vector) - 1 AS score ORDER BY score DESC, id LIMIT $limit`,

  countAll: `MATCH (p:Paper) RETURN count(p) AS papers`,

  vectorsByModel: `MATCH (p:Paper) WHERE p.vectorModel IS NOT NULL
    RETURN p.vectorModel AS model, count(p) AS n`,

  countConcepts: `MATCH (c:Concept) RETURN count(c) AS n`,
  countMethods: `MATCH (m:Method) RETURN count(m) AS n`,
  countLineage: `MATCH (:Method)-[l:LINEAGE]->(:Method)
    RETURN count(DISTINCT [startNode(l).key, endNode(l).key, l.relation]) AS n`,

  paperKnowledge: `MATCH (p:Paper) WHERE p.knowledge IS NOT NULL AND ($ids IS NULL OR p.id IN $ids)
    RETURN p.id AS id, p.year AS year, p.knowledgeVersion AS version, p.knowledge AS knowledge ORDER BY p.id`,

  /** Papers written after generation $generation (a paper from before generations were kept counts as 0). */
  knowledgeSince: `MATCH (p:Paper) WHERE p.knowledge IS NOT NULL AND coalesce(p.generation, 0) > $generation
    RETURN p.id AS id, p.year AS year, p.knowledgeVersion AS version, p.knowledge AS knowledge ORDER BY p.id`,
  countKnowledge: `MATCH (p:Paper) WHERE p.knowledge IS NOT NULL RETURN count(p) AS n`,
  knowledgeIds: `MATCH (p:Paper) WHERE p.knowledge IS NOT NULL RETURN p.id AS id ORDER BY id`,

  // A corpus graph's changes (writeCorpusChanges): rows removed or replaced by key, nodes updated in place so
  // their relationships stay.
  deleteConcepts: `UNWIND $rows AS row MATCH (c:Concept {key: row.key}) DETACH DELETE c`,
  /** A concept updated in place keeps its community (writeCommunities sets it); a new one has none. */
  mergeConcepts: `UNWIND $rows AS row
    MERGE (c:Concept {key: row.key})
    SET c.name = row.name, c.aliases = row.aliases, c.kind = row.kind, c.paperCount = row.paperCount,
        c.broad = row.broad`,
  deleteFilteredNames: `UNWIND $rows AS row MATCH (f:FilteredName {key: row.key}) DELETE f`,
  deleteConceptAliases: `UNWIND $rows AS row MATCH (a:ConceptAlias {alias: row.alias}) DETACH DELETE a`,
  deleteMentions: `UNWIND $rows AS row
    MATCH (:Paper {id: row.paperId})-[m:MENTIONS]->(:Concept {key: row.concept}) DELETE m`,
  deleteCooccurrences: `UNWIND $rows AS row MATCH (:Concept {key: row.a})-[e:COOCCURS]->(:Concept {key: row.b}) DELETE e`,
  deleteBroader: `UNWIND $rows AS row MATCH (:Concept {key: row.narrower})-[e:BROADER]->(:Concept) DELETE e`,
  deleteMethods: `UNWIND $rows AS row MATCH (m:Method {key: row.key}) DETACH DELETE m`,
  mergeMethods: `UNWIND $rows AS row
    MERGE (m:Method {key: row.key}) SET m.name = row.name, m.aliases = row.aliases, m.paperCount = row.paperCount`,
  deleteMethodAliases: `UNWIND $rows AS row MATCH (a:MethodAlias {alias: row.alias}) DETACH DELETE a`,
  deleteRoles: `UNWIND $rows AS row
    MATCH (:Paper {id: row.paperId})-[r:ROLE {role: row.role}]->(:Method {key: row.method}) DELETE r`,
  deleteLineage: `UNWIND $rows AS row
    MATCH (:Method {key: row.child})-[l:LINEAGE {relation: row.relation, paperId: row.paperId}]->(:Method {key: row.parent})
    DELETE l`,

  deleteCorpusGraph: `MATCH (n) WHERE n:Concept OR n:ConceptAlias OR n:Method OR n:MethodAlias OR n:FilteredName DETACH DELETE n`,
  createConcepts: `UNWIND $rows AS row
    CREATE (:Concept {key: row.key, name: row.name, aliases: row.aliases, kind: row.kind,
                      paperCount: row.paperCount, community: row.community, broad: row.broad})`,
  createFilteredNames: `UNWIND $rows AS row
    CREATE (:FilteredName {key: row.key, reason: row.reason, paperCount: row.paperCount})`,
  filteredName: `MATCH (f:FilteredName {key: $key}) RETURN f {.key, .reason, .paperCount} AS filtered`,
  createConceptAliases: `UNWIND $rows AS row
    MATCH (c:Concept {key: row.concept})
    CREATE (:ConceptAlias {alias: row.alias})-[:ALIAS_OF]->(c)`,
  createMentions: `UNWIND $rows AS row
    MATCH (p:Paper {id: row.paperId})
    MATCH (c:Concept {key: row.concept})
    CREATE (p)-[:MENTIONS {weight: row.weight}]->(c)`,
  createCooccurrences: `UNWIND $rows AS row
    MATCH (a:Concept {key: row.a})
    MATCH (b:Concept {key: row.b})
    CREATE (a)-[:COOCCURS {count: row.count}]->(b)`,
  createBroader: `UNWIND $rows AS row
    MATCH (n:Concept {key: row.narrower})
    MATCH (b:Concept {key: row.broader})
    CREATE (n)-[:BROADER]->(b)`,
  createMethods: `UNWIND $rows AS row
    CREATE (:Method {key: row.key, name: row.name, aliases: row.aliases, paperCount: row.paperCount})`,
  createMethodAliases: `UNWIND $rows AS row
    MATCH (m:Method {key: row.method})
    CREATE (:MethodAlias {alias: row.alias})-[:ALIAS_OF]->(m)`,
  createRoles: `UNWIND $rows AS row
    MATCH (p:Paper {id: row.paperId})
    MATCH (m:Method {key: row.method})
    CREATE (p)-[:ROLE {role: row.role, evidence: row.evidence}]->(m)`,
  createLineage: `UNWIND $rows AS row
    MATCH (c:Method {key: row.child})
    MATCH (p:Method {key: row.parent})
    CREATE (c)-[:LINEAGE {relation: row.relation, evidence: row.evidence, confidence: row.confidence,
                          paperId: row.paperId}]->(p)`,

  resolveConcepts: `UNWIND $keys AS key
    OPTIONAL MATCH (c:Concept {key: key})
    OPTIONAL MATCH (:ConceptAlias {alias: key})-[:ALIAS_OF]->(a:Concept)
    WITH key, coalesce(c.key, a.key) AS resolved WHERE resolved IS NOT NULL
    RETURN key, resolved`,
  getConcepts: `UNWIND $keys AS key
    MATCH (c:Concept {key: key})
    RETURN c {.key, .name, .aliases, .kind, .paperCount, .community, .broad} AS concept`,
  countConceptsFiltered: `MATCH (c:Concept)
    WHERE ($name IS NULL OR toLower(c.name) CONTAINS toLower($name)
           OR any(a IN c.aliases WHERE toLower(a) CONTAINS toLower($name)))
      AND ($kind IS NULL OR c.kind = $kind)
      AND ($community IS NULL OR c.community = $community)
      AND ($minPapers IS NULL OR c.paperCount >= $minPapers)
    RETURN count(c) AS total`,
  listConcepts: `MATCH (c:Concept)
    WHERE ($name IS NULL OR toLower(c.name) CONTAINS toLower($name)
           OR any(a IN c.aliases WHERE toLower(a) CONTAINS toLower($name)))
      AND ($kind IS NULL OR c.kind = $kind)
      AND ($community IS NULL OR c.community = $community)
      AND ($minPapers IS NULL OR c.paperCount >= $minPapers)
      AND ($afterCount IS NULL OR c.paperCount < $afterCount
           OR (c.paperCount = $afterCount AND c.key > $afterKey))
    RETURN c {.key, .name, .aliases, .kind, .paperCount, .community, .broad} AS concept
    ORDER BY c.paperCount DESC, c.key LIMIT $limit`,
  /**
   * NPMI computed from the stored pair count as graph/store.ts's npmi does; a graph an older litgraph wrote (no
   * corpusDocuments yet) stored it on the relationship.
   */
  conceptNeighbours: `MATCH (s:StoreState {key: 'litgraph'})
    MATCH (c:Concept {key: $key})-[r:COOCCURS]-(n:Concept)
    WITH c, n, r, s.corpusDocuments AS documents, toFloat(r.count) / s.corpusDocuments AS pab
    RETURN n.key AS key, r.count AS cooccurrences,
      CASE WHEN documents IS NULL THEN r.npmi
           WHEN pab = 1.0 THEN 1.0
           ELSE log(pab / ((toFloat(c.paperCount) / documents) * (toFloat(n.paperCount) / documents))) / -log(pab)
      END AS weight
    ORDER BY weight DESC, cooccurrences DESC, key LIMIT $limit`,
  countConceptPapers: `MATCH (:Paper)-[:MENTIONS]->(:Concept {key: $key}) RETURN count(*) AS total`,
  conceptPapers: `MATCH (p:Paper)-[m:MENTIONS]->(:Concept {key: $key})
    WHERE $afterWeight IS NULL OR m.weight < $afterWeight OR (m.weight = $afterWeight AND p.id > $afterId)
    RETURN p.id AS id, m.weight AS weight ORDER BY weight DESC, id LIMIT $limit`,
  papersOfConcepts: `UNWIND $keys AS key
    CALL (key) {
      MATCH (p:Paper)-[m:MENTIONS]->(:Concept {key: key})
      RETURN p.id AS id, m.weight AS weight ORDER BY weight DESC, id LIMIT $limit
    }
    RETURN key, id, weight`,
  papersMentioningAll: `MATCH (p:Paper)-[m:MENTIONS]->(c:Concept) WHERE c.key IN $keys
    WITH p, count(DISTINCT c) AS matched, sum(m.weight) AS weight WHERE matched = size($keys)
    RETURN p.id AS id ORDER BY weight DESC, id LIMIT $limit`,
  paperConcepts: `UNWIND $ids AS id
    MATCH (:Paper {id: id})-[m:MENTIONS]->(c:Concept)
    RETURN id, c.key AS concept, m.weight AS weight ORDER BY weight DESC, concept`,
  broaderConcepts: `MATCH (:Concept {key: $key})-[:BROADER]->(b:Concept) RETURN b.key AS key ORDER BY key`,
  narrowerConcepts: `MATCH (n:Concept)-[:BROADER]->(:Concept {key: $key}) RETURN n.key AS key ORDER BY key`,

  resolveMethods: `UNWIND $keys AS key
    OPTIONAL MATCH (m:Method {key: key})
    OPTIONAL MATCH (:MethodAlias {alias: key})-[:ALIAS_OF]->(a:Method)
    WITH key, coalesce(m.key, a.key) AS resolved WHERE resolved IS NOT NULL
    RETURN key, resolved`,
  getMethods: `UNWIND $keys AS key
    MATCH (m:Method {key: key})
    RETURN m {.key, .name, .aliases, .paperCount} AS method`,
  countMethodsFiltered: `MATCH (m:Method)
    WHERE $name IS NULL OR toLower(m.name) CONTAINS toLower($name)
          OR any(a IN m.aliases WHERE toLower(a) CONTAINS toLower($name))
    RETURN count(m) AS total`,
  listMethods: `MATCH (m:Method)
    WHERE ($name IS NULL OR toLower(m.name) CONTAINS toLower($name)
           OR any(a IN m.aliases WHERE toLower(a) CONTAINS toLower($name)))
      AND ($afterCount IS NULL OR m.paperCount < $afterCount
           OR (m.paperCount = $afterCount AND m.key > $afterKey))
    RETURN m {.key, .name, .aliases, .paperCount} AS method
    ORDER BY m.paperCount DESC, m.key LIMIT $limit`,
  methodRoles: `MATCH (p:Paper)-[r:ROLE]->(m:Method) WHERE m.key IN $keys
    RETURN p.id AS paperId, m.key AS method, r.role AS role, r.evidence AS evidence
    ORDER BY method, paperId, role`,
  paperMethods: `MATCH (p:Paper)-[r:ROLE]->(m:Method) WHERE p.id IN $ids
    RETURN p.id AS paperId, m.key AS method, r.role AS role, r.evidence AS evidence
    ORDER BY paperId, role, method`,
  lineageParents: `MATCH (c:Method)-[l:LINEAGE]->(p:Method) WHERE c.key IN $keys
    RETURN c.key AS child, p.key AS parent, l.relation AS relation, l.evidence AS evidence,
           l.confidence AS confidence, l.paperId AS paperId
    ORDER BY child, parent, relation, confidence DESC, paperId`,
  lineageChildren: `MATCH (c:Method)-[l:LINEAGE]->(p:Method) WHERE p.key IN $keys
    RETURN c.key AS child, p.key AS parent, l.relation AS relation, l.evidence AS evidence,
           l.confidence AS confidence, l.paperId AS paperId
    ORDER BY child, parent, relation, confidence DESC, paperId`,

  // Identity and citations (graph/neo4j/citations.ts): (:Paper)-[:KNOWN_AS {kind}]->(:PaperKey) for its id, aliases
  // and title key, (:Paper)-[:REFERS {ord}]->(:PaperKey) for each key of each reference, (:Paper)-[:CITES]->(:Paper)
  // for the resolved references.
  citersOf: `UNWIND $ids AS id
    MATCH (:Paper {id: id})<-[:CITES]-(c:Paper)
    RETURN DISTINCT c.id AS id`,
  writeOwnKeys: `UNWIND $ids AS id
    MATCH (p:Paper {id: id})
    MERGE (k:PaperKey {key: id})
    MERGE (p)-[r:KNOWN_AS]->(k)
    ON CREATE SET r.kind = CASE WHEN id STARTS WITH 'title:' THEN 'title' ELSE 'id' END`,
  /** row: {id, aliases, titleKey, refs (the references as JSON), keys: [{key, kind}], references: [{ord, key}]}. */
  writeLinks: `UNWIND $rows AS row
    MATCH (p:Paper {id: row.id})
    SET p.aliases = row.aliases, p.titleKey = row.titleKey, p.refs = row.refs
    WITH p, row
    CALL (p) { MATCH (p)-[r:KNOWN_AS]->(k:PaperKey) WHERE k.key <> p.id DELETE r }
    CALL (p) { MATCH (p)-[r:REFERS]->(:PaperKey) DELETE r }
    CALL (p, row) {
      UNWIND row.keys AS key
      MERGE (k:PaperKey {key: key.key})
      MERGE (p)-[r:KNOWN_AS]->(k)
      ON CREATE SET r.kind = key.kind
    }
    CALL (p, row) {
      UNWIND row.references AS ref
      MERGE (k:PaperKey {key: ref.key})
      CREATE (p)-[:REFERS {ord: ref.ord}]->(k)
    }`,
  citersByKey: `UNWIND $ids AS id
    MATCH (:Paper {id: id})-[:KNOWN_AS]->(:PaperKey)<-[:REFERS]-(c:Paper)
    RETURN DISTINCT c.id AS id`,
  /** Each reference resolves to the papers an identifier key names, else to those its title key names. */
  resolveCitations: `UNWIND $ids AS id
    MATCH (p:Paper {id: id})
    CALL (p) { MATCH (p)-[c:CITES]->(:Paper) DELETE c }
    CALL (p) {
      MATCH (p)-[r:REFERS]->(:PaperKey)<-[k:KNOWN_AS]-(q:Paper) WHERE q <> p
      WITH p, r.ord AS ord, collect({paper: q, kind: k.kind}) AS hits
      WITH p, hits, [h IN hits WHERE h.kind = 'id'] AS byId
      UNWIND CASE WHEN size(byId) > 0 THEN byId ELSE hits END AS hit
      WITH DISTINCT p, hit.paper AS q
      MERGE (p)-[:CITES]->(q)
    }`,
  /** What each id names (GraphStore.removePapers): the paper with that id, else the first having it as an identifier alias. */
  namedPapers: `UNWIND $ids AS id
    OPTIONAL MATCH (own:Paper {id: id})
    OPTIONAL MATCH (:PaperKey {key: id})<-[:KNOWN_AS {kind: 'id'}]-(p:Paper)
    WITH id, own, min(p.id) AS aliased
    WITH id, coalesce(own.id, aliased) AS paperId WHERE paperId IS NOT NULL
    RETURN id, paperId`,
  deleteLineageOf: `MATCH (:Method)-[l:LINEAGE]->(:Method) WHERE l.paperId IN $ids DELETE l`,
  /**
   * Deletes papers with every relationship they have (keys, references, CITES, mentions, roles; the full-text and
   * vector indexes follow), returning the keys each was known by or referred to.
   */
  deletePapers: `UNWIND $ids AS id
    MATCH (p:Paper {id: id})
    OPTIONAL MATCH (p)-[:KNOWN_AS|REFERS]->(k:PaperKey)
    WITH p, collect(DISTINCT k.key) AS keys
    DETACH DELETE p
    RETURN keys`,
  /** Of these keys, those no paper is known by or refers to any more. */
  deleteUnusedPaperKeys: `UNWIND $keys AS key
    MATCH (k:PaperKey {key: key}) WHERE NOT EXISTS { (k)<-[:KNOWN_AS|REFERS]-(:Paper) }
    DELETE k`,
  findPaperKeys: `UNWIND $keys AS key
    MATCH (:PaperKey {key: key})<-[r:KNOWN_AS]-(p:Paper)
    RETURN key, p.id AS paperId, r.kind AS kind ORDER BY key, paperId`,
  resolvePaperIds: `UNWIND $ids AS id
    OPTIONAL MATCH (own:Paper {id: id})
    OPTIONAL MATCH (:PaperKey {key: id})<-[:KNOWN_AS]-(p:Paper)
    WITH id, own, min(p.id) AS aliased
    WITH id, coalesce(own.id, aliased) AS paperId WHERE paperId IS NOT NULL
    RETURN id, paperId`,
  paperLinks: `UNWIND $ids AS id
    MATCH (p:Paper {id: id}) WHERE p.refs IS NOT NULL
    RETURN p.id AS id, p.aliases AS aliases, p.titleKey AS titleKey, p.refs AS refs`,
  countReferences: `MATCH (:Paper {id: $paperId})-[:CITES]->(q:Paper) RETURN count(q) AS total`,
  references: `MATCH (:Paper {id: $paperId})-[:CITES]->(q:Paper) WHERE q.id > $after
    RETURN q.id AS id ORDER BY id LIMIT $limit`,
  countCitedBy: `MATCH (:Paper {id: $paperId})<-[:CITES]-(c:Paper) RETURN count(c) AS total`,
  citedBy: `MATCH (:Paper {id: $paperId})<-[:CITES]-(c:Paper) WHERE c.id > $after
    RETURN c.id AS id ORDER BY id LIMIT $limit`,
  citationCounts: `UNWIND $ids AS id
    MATCH (p:Paper {id: id})
    CALL (p) {
      MATCH (p)-[r:REFERS]->(k:PaperKey)
      WITH p, r.ord AS ord, collect(k) AS keys
      WITH ord, [k IN keys WHERE EXISTS { (k)<-[:KNOWN_AS]-(q:Paper) WHERE q <> p }] AS hits
      RETURN count(CASE WHEN size(hits) = 0 THEN ord END) AS unresolved
    }
    RETURN p.id AS id, COUNT { (p)-[:CITES]->(:Paper) } AS references, COUNT { (p)<-[:CITES]-(:Paper) } AS citedBy,
           unresolved`,
  /** Papers citing what it cites, with how many each shares and cites. */
  couplingPapers: `MATCH (a:Paper {id: $paperId})-[:CITES]->(:Paper)<-[:CITES]-(b:Paper) WHERE b <> a
    WITH b, count(*) AS shared
    RETURN b.id AS id, shared, COUNT { (b)-[:CITES]->(:Paper) } AS citations ORDER BY shared DESC, id LIMIT $limit`,
  /** Papers cited by what cites it, with how many citers each shares and has. */
  cocitedPapers: `MATCH (a:Paper {id: $paperId})<-[:CITES]-(:Paper)-[:CITES]->(b:Paper) WHERE b <> a
    WITH b, count(*) AS shared
    RETURN b.id AS id, shared, COUNT { (b)<-[:CITES]-(:Paper) } AS citations ORDER BY shared DESC, id LIMIT $limit`,

} as const;

/** Every statement by name: the adapter runs statements only through this map. */
export const CYPHER = { ...SCHEMA_STATEMENTS, ...STATEMENTS };
export type StatementName = keyof typeof CYPHER;
/** Constraints and indexes, created idempotently at start. */
export const SCHEMA_STATEMENT_NAMES = Object.keys(SCHEMA_STATEMENTS) as (keyof typeof SCHEMA_STATEMENTS)[];

/** What the linter must know of our graph: labels, relationship types, property keys. */
export const GRAPH_SCHEMA = {
  labels: ['Paper', 'Concept', 'ConceptAlias', 'Method', 'MethodAlias', 'StoreState', 'FilteredName', 'PaperKey', 'RelatedPrepared'],
  relationshipTypes: ['MENTIONS', 'COOCCURS', 'BROADER', 'ALIAS_OF', 'ROLE', 'LINEAGE', 'KNOWN_AS', 'REFERS', 'CITES'],
  propertyKeys: [
    'id', 'title', 'abstract', 'authors', 'year', 'venue', 'url', 'keywords', 'contentHash', 'textHash', 'vector',
    'vectorModel', 'createdAt', 'updatedAt', 'knowledge', 'knowledgeVersion', 'key', 'name', 'aliases', 'kind',
    'paperCount', 'community', 'broad', 'reason', 'alias', 'weight', 'count', 'npmi', 'role', 'evidence', 'relation',
    'confidence', 'paperId', 'papersGeneration', 'corpusGeneration', 'corpusDocuments', 'titleKey', 'refs', 'ord', 'generation',
    'vectorsGeneration', 'stamp', 'data', 'communitiesGeneration', 'communitiesUpdatedAt', 'communitiesWrites',
    // Keys of the rows passed as $rows, read as row.<key>.
    'concept', 'a', 'b', 'narrower', 'broader', 'method', 'child', 'parent', 'setVector', 'keys', 'references',
  ],
};
