import path from 'node:path';
import type { Config } from '../src/config';
import { Neo4jGraphStore } from './neo4j/store';
import { SqliteGraphStore } from './sqlite/store';
import type { GraphStore } from './store';

export { StoreError, type GraphStore } from './store';

/** Opens the configured store: Neo4j when NEO4J_URI is set, else the embedded SQLite file. */
export async function openStore(config: Config): Promise<GraphStore> {
  return config.neo4j ? Neo4jGraphStore.open(config.neo4j) : new SqliteGraphStore(config.dbPath);
}

/**
 * Opens a store named on the command line: `neo4j://…`, `neo4j+s://…` or `bolt://…` (credentials and database
 * from NEO4J_USER, NEO4J_PASSWORD, NEO4J_DATABASE), else `sqlite:<path>` or a plain path to an SQLite file;
 * `mustExist`: an SQLite file that does not exist is an error, never created.
 */
export async function openStoreAt(
  spec: string,
  config: Config,
  options: { mustExist?: boolean } = {},
): Promise<GraphStore> {
  if (/^(neo4j|bolt)(\+s|\+ssc)?:\/\//.test(spec)) {
    return Neo4jGraphStore.open({
      uri: spec,
      user: config.neo4j?.user ?? 'neo4j',
      password: config.neo4j?.password,
      database: config.neo4j?.database ?? 'neo4j',
    });
  }
  return new SqliteGraphStore(path.resolve(spec.replace(/^sqlite:/, '')), options);
}
