/**
 * npm run bench:load: the server under load, printed as figures. `litgraph serve` (NODE_ENV=production) runs in a
 * child process on a copy of the 3,451-paper ml-papers store (test/eval/ml-store.ts builds and caches it);
 * autocannon drives it from this process with CONNECTIONS connections for DURATION_SECONDS per operation: `paper`,
 * `relatedPapers` and `search`, each request on another paper or query of a seeded draw. Then the same three again
 * while `ingestPapers` mutations of MUTATION_PAPERS new papers run back to back (the first starts with the load;
 * each next one as the previous ends, until the load stops). Each run prints requests/s, latency p50/p99, errors
 * (non-2xx answers and transport errors, timeouts included) and the server's resident memory before and after.
 *
 * Uses LITGRAPH_MODEL_DIR / LITGRAPH_EMBEDDING_MODEL when set, else ../shared/models/use-lite.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import autocannon from 'autocannon';
import { ML_PAPERS, mlPapersStore, prng } from '../eval/ml-store';
import { serverEnv, startServer } from './serve';
import { memoryMiB, newPapers, type CorpusRecord } from './stats';

const CONNECTIONS = 50;
const DURATION_SECONDS = 30;
const MUTATION_PAPERS = 500;
/** Distinct requests per operation, drawn once with a seeded PRNG and cycled through. */
const DRAWN = 200;
const KEY = 'bench-load-key-0123456789';

interface Operation {
  name: string;
  bodies: string[];
}

async function main(): Promise<void> {
  const { store, config } = await mlPapersStore();
  const stats = await store.stats();
  const all = await store.listPapers({ first: stats.papers });
  await store.close();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'litgraph-load-'));
  const db = path.join(dir, 'load.db');
  fs.copyFileSync(store.description.replace(/^sqlite:/, ''), db);

  const random = prng(9);
  const draw = <T>(items: T[]) => Array.from({ length: DRAWN }, () => items[Math.floor(random() * items.length)]);
  const ids = draw(all.items.map((p) => p.id));
  const queries = draw(all.items.map((p) => p.title.split(/\s+/).slice(0, 6).join(' ')));
  const body = (query: string, variables: object) => JSON.stringify({ query, variables });
  const operations: Operation[] = [
    {
      name: 'paper',
      bodies: ids.map((id) => body('query ($id: ID!) { paper(id: $id) { id title abstract authors year venue } }', { id })),
    },
    {
      name: 'relatedPapers',
      bodies: ids.map((id) =>
        body('query ($id: ID!) { relatedPapers(paperId: $id, first: 10) { score reason paper { id title } } }', { id }),
      ),
    },
    {
      name: 'search',
      bodies: queries.map((q) => body('query ($q: String!) { search(query: $q, first: 10) { score paper { id title } } }', { q })),
    },
  ];

  const server = startServer(serverEnv(db, config.embedding, KEY));
  const url = await server.url;
  const records = fs
    .readFileSync(ML_PAPERS, 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as CorpusRecord);
  console.log(
    `${stats.papers} papers (${config.embedding.model}), ${os.cpus().length} cores, node ${process.version}; ` +
      `${CONNECTIONS} connections, ${DURATION_SECONDS} s per run`,
  );
  console.log('| load | operation | requests/s | p50 ms | p99 ms | errors | server RSS before → after (MiB) |');
  console.log('|---|---|---|---|---|---|---|');
  let round = 0;
  try {
    for (const withMutation of [false, true]) {
      for (const op of operations) {
        let loading = true;
        const mutations: number[] = [];
        const mutate = async () => {
          while (loading) {
            const started = performance.now();
            const res = await fetch(`${url}graphql`, {
              method: 'POST',
              headers: { 'content-type': 'application/json', authorization: `Bearer ${KEY}` },
              body: body('mutation ($p: [PaperInput!]!) { ingestPapers(papers: $p) { inserted } }', {
                p: newPapers(records, MUTATION_PAPERS, round++, 'load'),
              }),
            });
            const json = (await res.json()) as { data?: { ingestPapers: { inserted: number } }; errors?: unknown };
            if (json.data?.ingestPapers.inserted !== MUTATION_PAPERS) throw new Error(`mutation: ${JSON.stringify(json)}`);
            mutations.push((performance.now() - started) / 1000);
          }
        };
        const before = memoryMiB(server.pid).rss;
        const mutating = withMutation ? mutate() : Promise.resolve();
        let next = 0;
        const result = await autocannon({
          url: `${url}graphql`,
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          connections: CONNECTIONS,
          duration: DURATION_SECONDS,
          requests: [{ setupRequest: (req) => ({ ...req, body: op.bodies[next++ % op.bodies.length] }) }],
        });
        loading = false;
        const after = memoryMiB(server.pid).rss;
        await mutating;
        const load = withMutation
          ? `with ingestPapers (${mutations.length} × ${MUTATION_PAPERS} papers, ${mutations.map((s) => `${s.toFixed(0)} s`).join(', ')})`
          : 'queries only';
        console.log(
          `| ${load} | ${op.name} | ${result.requests.average.toFixed(1)} | ${result.latency.p50} | ${result.latency.p99} | ` +
            `${result.non2xx + result.errors} (${result.non2xx} non-2xx, ${result.errors} transport, ${result.timeouts} timeouts) | ` +
            `${before.toFixed(0)} → ${after.toFixed(0)} |`,
        );
      }
    }
  } finally {
    const code = await server.stop();
    if (code !== 0) console.error(`litgraph serve exited with ${code}:\n${server.output()}`);
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
