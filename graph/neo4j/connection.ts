import neo4j, { type Driver, type ManagedTransaction, Neo4jError } from 'neo4j-driver';
import { BaseGraphStore } from '../base';
import { StoreError } from '../store';
import { CYPHER, type StatementName } from './statements';

export interface Neo4jSettings {
  uri: string;
  user: string;
  password?: string;
  database: string;
}

/** Seconds a failing transaction is retried before it fails (the driver's default is 30). */
const RETRY_SECONDS = 5;
/** Seconds to wait for a connection before saying the server cannot be reached. */
const CONNECT_SECONDS = 5;

/** The one place a statement runs: by name, so its text can only be one of the named constants. */
export function run(tx: ManagedTransaction, name: StatementName, parameters?: Record<string, unknown>) {
  return tx.run(CYPHER[name], parameters);
}

/** A driver failure as a StoreError naming the server and what to check; any other error unchanged. */
export function explain(err: unknown, settings: Neo4jSettings): Error {
  if (!(err instanceof Neo4jError)) return err as Error;
  const code = err.code ?? '';
  if (code === 'ServiceUnavailable' || code === 'SessionExpired') {
    return new StoreError('unreachable', `cannot reach Neo4j at ${settings.uri}: ${err.message.split('\n')[0]}`);
  }
  if (code.startsWith('Neo.ClientError.Security.')) {
    return new StoreError(
      'refused',
      `Neo4j at ${settings.uri} refused user "${settings.user}": check NEO4J_USER and NEO4J_PASSWORD (${code})`,
    );
  }
  if (code === 'Neo.ClientError.Database.DatabaseNotFound') {
    return new StoreError('refused', `Neo4j at ${settings.uri} has no database "${settings.database}": check NEO4J_DATABASE`);
  }
  return err;
}

/** A driver with our settings: lossless integers off, short retries and connection timeouts. */
export function connect(settings: Neo4jSettings): Driver {
  return neo4j.driver(settings.uri, neo4j.auth.basic(settings.user, settings.password ?? ''), {
    disableLosslessIntegers: true,
    maxTransactionRetryTime: RETRY_SECONDS * 1000,
    connectionAcquisitionTimeout: CONNECT_SECONDS * 1000,
    connectionTimeout: CONNECT_SECONDS * 1000,
  });
}

/** The driver and its managed transactions, under the Neo4j adapter's parts. */
export abstract class Neo4jConnection extends BaseGraphStore {
  constructor(
    protected readonly driver: Driver,
    protected readonly settings: Neo4jSettings,
  ) {
    super();
  }

  /** A managed read transaction: the driver retries it on transient errors, within RETRY_SECONDS. */
  protected read<T>(work: (tx: ManagedTransaction) => Promise<T>): Promise<T> {
    return this.transaction('READ', work);
  }

  /** A managed write transaction, retried like `read`. */
  protected write<T>(work: (tx: ManagedTransaction) => Promise<T>): Promise<T> {
    return this.transaction('WRITE', work);
  }

  private async transaction<T>(mode: 'READ' | 'WRITE', work: (tx: ManagedTransaction) => Promise<T>): Promise<T> {
    const session = this.driver.session({ database: this.settings.database, defaultAccessMode: neo4j.session[mode] });
    try {
      return await (mode === 'READ' ? session.executeRead(work) : session.executeWrite(work));
    } catch (err) {
      throw explain(err, this.settings);
    } finally {
      await session.close();
    }
  }
}
