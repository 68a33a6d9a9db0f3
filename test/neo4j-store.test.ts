import net from 'node:net';
import neo4j from 'neo4j-driver';
import { Neo4jGraphStore } from '../graph/neo4j/store';
import { StoreError } from '../graph/store';
import { loadConfig } from '../src/config';
import { describeGraphStoreContract } from './contract/graph-store';

const settings = loadConfig().neo4j;

if (settings) {
  // Runs against the server NEO4J_URI names, in NEO4J_DATABASE. It refuses a database that already holds papers,
  // and deletes everything in it after each test: point it at a throwaway database.
  beforeAll(async () => {
    const store = await Neo4jGraphStore.open(settings);
    const { papers } = await store.stats();
    await store.close();
    if (papers > 0) {
      throw new Error(`${settings.uri}/${settings.database} holds ${papers} papers: the contract suite needs an empty database`);
    }
  });
  // Clean-up is the test's own business: the whole database, the corpus graph and the generations included.
  afterEach(async () => {
    const driver = neo4j.driver(settings.uri, neo4j.auth.basic(settings.user, settings.password ?? ''));
    try {
      await driver.executeQuery('MATCH (n) DETACH DELETE n', {}, { database: settings.database });
    } finally {
      await driver.close();
    }
  });
  // The adapter keeps no cache: a second driver on the same database reads what the first wrote.
  describeGraphStoreContract('neo4j', () => Neo4jGraphStore.open(settings), () => Neo4jGraphStore.open(settings));
} else {
  test.skip('Neo4j contract suite: skipped because NEO4J_URI is not set (README, "Neo4j", says how to run it)', () => {});
}

test('an unreachable Neo4j fails fast with one clear message', async () => {
  const port = await new Promise<number>((resolve) => {
    const server = net.createServer().listen(0, '127.0.0.1', () => {
      const { port: p } = server.address() as net.AddressInfo;
      server.close(() => resolve(p));
    });
  });
  const started = Date.now();
  const error = await Neo4jGraphStore.open({
    uri: `bolt://127.0.0.1:${port}`,
    user: 'neo4j',
    password: 'secret',
    database: 'neo4j',
  }).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(StoreError);
  expect((error as StoreError).kind).toBe('unreachable');
  expect((error as Error).message).toMatch(new RegExp(`^cannot reach Neo4j at bolt://127\\.0\\.0\\.1:${port}: `));
  expect(Date.now() - started).toBeLessThan(15000);
});
