import type { Config } from '../src/config';
import { SqliteGraphStore } from './sqlite/store';
import type { GraphStore } from './store';

export type { GraphStore } from './store';

/** Opens the configured store: Neo4j when NEO4J_URI is set, else the embedded SQLite file. */
export function openStore(config: Config): GraphStore {
  if (config.neo4j) {
    throw new Error(
      `NEO4J_URI is set (${config.neo4j.uri}) but this build has no Neo4j adapter yet: unset NEO4J_URI to use the embedded store`,
    );
  }
  return new SqliteGraphStore(config.dbPath);
}
