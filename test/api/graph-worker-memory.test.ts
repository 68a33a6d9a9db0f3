import { sampleStore, startApi, type Api } from './support';

// The corpus-graph worker running out of memory, for real: a heap limit far below what the sample's corpus model needs.
// The worker is stopped alone; the mutation that waited for it answers with its papers stored and the graph out of
// date, saying why; the server keeps answering; a later write starts a new worker (which runs out again here).
const KEY = 'worker-memory-key-0123456789abcdef';
const bearer = { authorization: `Bearer ${KEY}` };
const STATE = 'corpusGraph { papersGeneration graphGeneration fresh updating lastError }';
const INGEST = `mutation ($papers: [PaperInput!]!) { ingestPapers(papers: $papers, waitForGraph: true) { inserted ${STATE} } }`;

let sample: Awaited<ReturnType<typeof sampleStore>>;
let api: Api;

beforeAll(async () => {
  sample = await sampleStore();
  api = await startApi(sample.dir, sample.store, { env: { LITGRAPH_API_KEY: KEY, LITGRAPH_GRAPH_WORKER_HEAP_MB: '16' } });
});

afterAll(async () => {
  await api?.stop();
  await sample?.cleanup();
});

function paper(n: number) {
  return {
    id: `memory:${n}`,
    title: `HeapRoute${n}: Routing Experts Under a Memory Limit`,
    abstract: `We propose HeapRoute${n}, a routing method for sparse mixture-of-experts transformers.`,
    year: 2025,
  };
}

test('a corpus-graph worker out of memory leaves the papers stored, the graph behind with the reason, the server up', async () => {
  const before = (await api.gql(`{ ${STATE} }`)).body.data.corpusGraph;
  expect(before).toMatchObject({ fresh: true, lastError: null });
  for (const n of [1, 2]) {
    const res = await api.gql(INGEST, { papers: [paper(n)] }, bearer);
    expect(res.body.errors).toBeUndefined();
    const expected = {
      papersGeneration: before.papersGeneration + n,
      graphGeneration: before.graphGeneration,
      fresh: false,
      updating: false,
      lastError: 'the corpus-graph worker ran out of memory (heap limit 16 MiB, LITGRAPH_GRAPH_WORKER_HEAP_MB)',
    };
    expect(res.body.data.ingestPapers).toEqual({ inserted: 1, corpusGraph: expected });
    expect((await api.gql(`{ paper(id: "memory:${n}") { id } }`)).body.data.paper).toEqual({ id: `memory:${n}` });
    expect((await api.gql(`{ ${STATE} }`)).body.data.corpusGraph).toEqual(expected);
  }
  expect((await fetch(`${api.url}healthz`)).status).toBe(200);
}, 120_000);
