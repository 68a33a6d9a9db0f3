import path from 'node:path';
import type { Neo4jSettings } from './neo4j/connection';
import { Neo4jGraphStore } from './neo4j/store';
import { SqliteGraphStore } from './sqlite/store';
import type { GraphStore } from './store';

export { StoreError, type GraphStore } from './store';

/** Where the store is: Neo4j when `neo4j` is given, else the embedded SQLite file `dbPath`. */
export interface StoreOptions {
  dbPath: string;
  neo4j?: Neo4jSettings;
}

/**
 * Opens the configured store: Neo4j when NEO4J_URI is set, else the embedded SQLite file; `mustExist`: an SQLite file
 * that does not exist is an error, never created; `lockWaitMs`: how long an SQLite write waits for another
 * connection's (Neo4j waits for locks by itself).
 */
export async function openStore(options: StoreOptions, open: { mustExist?: boolean; lockWaitMs?: number } = {}): Promise<GraphStore> {
  return options.neo4j ? Neo4jGraphStore.open(options.neo4j) : new SqliteGraphStore(options.dbPath, open);
}

/**
 * Opens a store named on the command line: `neo4j://…`, `neo4j+s://…` or `bolt://…` (user, password and database
 * from `neo4j`, the configured NEO4J_USER, NEO4J_PASSWORD, NEO4J_DATABASE), else `sqlite:<path>` or a plain path to
 * an SQLite file; `mustExist`: an SQLite file that does not exist is an error, never created.
 */
export async function openStoreAt(
  spec: string,
  { neo4j }: { neo4j?: Omit<Neo4jSettings, 'uri'> },
  options: { mustExist?: boolean } = {},
): Promise<GraphStore> {
  if (/^(neo4j|bolt)(\+s|\+ssc)?:\/\//.test(spec)) {
    return Neo4jGraphStore.open({
      uri: spec,
      user: neo4j?.user ?? 'neo4j',
      password: neo4j?.password,
      database: neo4j?.database ?? 'neo4j',
    });
  }
  return new SqliteGraphStore(path.resolve(spec.replace(/^sqlite:/, '')), options);
}
