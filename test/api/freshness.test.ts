import type { CorpusGraphState } from '../../src/graphql/context';
import { codes, serveSampleKeyed, startApi, type Api } from './support';

// The corpus graph in the background, over real HTTP on the real sample store: a mutation answers once its papers are
// stored and says the graph is behind; the server's corpus-graph worker brings it up to date; `corpusGraph` says when.
const KEY = 'freshness-key-0123456789abcdef';
const bearer = { authorization: `Bearer ${KEY}` };
const STATE = 'corpusGraph { papersGeneration graphGeneration fresh updating updatedAt lastUpdateSeconds lastError }';
const INGEST = `mutation ($papers: [PaperInput!]!, $wait: Boolean) {
  ingestPapers(papers: $papers, waitForGraph: $wait) { inserted ${STATE} }
}`;
const REMOVE = `mutation ($ids: [ID!]!, $wait: Boolean) { removePapers(ids: $ids, waitForGraph: $wait) { removed corpusSeconds ${STATE} } }`;


/** A paper proposing a method named `name`, which no sample paper knows. */
function proposing(name: string, id: string) {
  return {
    id,
    title: `${name}: Sparse Expert Routing for Mixture-of-Experts Transformers`,
    abstract: `We propose ${name}, a routing method that prunes redundant experts of sparse mixture-of-experts transformers after training.`,
    year: 2025,
  };
}

const served = serveSampleKeyed(KEY);

async function state(api: Api = served.keyed): Promise<CorpusGraphState> {
  const res = await api.gql(`{ ${STATE} }`);
  expect(res.body.errors).toBeUndefined();
  return res.body.data.corpusGraph;
}

/** Polls `corpusGraph` until it says fresh (the worker's update at 80 papers takes a second or so). */
async function fresh(api: Api = served.keyed): Promise<CorpusGraphState> {
  for (let deadline = Date.now() + 60_000; Date.now() < deadline; ) {
    const now = await state(api);
    if (now.fresh) return now;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`the corpus graph is still not fresh: ${JSON.stringify(await state(api))}`);
}

async function method(name: string): Promise<{ name: string; paperCount: number } | null> {
  return (await served.keyed.gql(`{ method(name: "${name}") { name paperCount } }`)).body.data.method;
}

test('a fresh store says so; this server has not updated it yet', async () => {
  const now = await state();
  expect(now).toEqual({
    papersGeneration: now.graphGeneration,
    graphGeneration: now.graphGeneration,
    fresh: true,
    updating: false,
    updatedAt: null,
    lastUpdateSeconds: null,
    lastError: null,
  });
  // Needs no key: it reads.
  expect((await served.keyless.gql(`{ corpusGraph { fresh } }`)).body.data.corpusGraph).toEqual({ fresh: true });
});

test('ingestPapers answers once the paper is stored, the graph behind; it catches up in the background', async () => {
  const before = await state();
  const res = await served.keyed.gql(INGEST, { papers: [proposing('QuokkaRoute', 'fresh:quokka')] }, bearer);
  expect(res.body.errors).toBeUndefined();
  const answer = res.body.data.ingestPapers;
  expect(answer.inserted).toBe(1);
  // The worker starts on this write: the answer comes long before its update.
  expect(answer.corpusGraph).toMatchObject({
    papersGeneration: before.papersGeneration + 1,
    graphGeneration: before.graphGeneration,
    fresh: false,
    updating: true,
  });
  // The paper itself is there at once, with its full-text entry.
  expect((await served.keyed.gql(`{ paper(id: "fresh:quokka") { title } }`)).body.data.paper.title).toMatch(/^QuokkaRoute/);
  const search = await served.keyed.gql(`{ search(query: "QuokkaRoute", first: 3) { paper { id } } }`);
  expect(search.body.data.search[0].paper.id).toBe('fresh:quokka');

  const after = await fresh();
  expect(after).toMatchObject({
    papersGeneration: before.papersGeneration + 1,
    graphGeneration: before.papersGeneration + 1,
    updating: false,
    lastError: null,
  });
  expect(Date.parse(after.updatedAt!)).toBeGreaterThan(Date.now() - 60_000);
  expect(after.lastUpdateSeconds).toBeGreaterThan(0);
  // What the corpus graph derives from the paper: its method, its concepts.
  expect(await method('QuokkaRoute')).toEqual({ name: 'QuokkaRoute', paperCount: 1 });
  const concepts = await served.keyed.gql(`{ paper(id: "fresh:quokka") { concepts { concept { name } } } }`);
  expect(concepts.body.data.paper.concepts.length).toBeGreaterThan(0);
}, 120_000);

test('waitForGraph: true answers once the corpus graph holds the paper', async () => {
  const res = await served.keyed.gql(INGEST, { papers: [proposing('WombatRoute', 'fresh:wombat')], wait: true }, bearer);
  expect(res.body.errors).toBeUndefined();
  const { corpusGraph } = res.body.data.ingestPapers;
  expect(corpusGraph).toMatchObject({ fresh: true, updating: false });
  expect(corpusGraph.graphGeneration).toBe(corpusGraph.papersGeneration);
  expect(await method('WombatRoute')).toEqual({ name: 'WombatRoute', paperCount: 1 });
}, 120_000);

test('writes in a row are taken in by the updates that follow them, the last one included', async () => {
  const names = ['NumbatRoute', 'BilbyRoute', 'PossumRoute'];
  let last: CorpusGraphState | undefined;
  for (const [i, name] of names.entries()) {
    const res = await served.keyed.gql(INGEST, { papers: [proposing(name, `fresh:row-${i}`)] }, bearer);
    expect(res.body.data.ingestPapers.inserted).toBe(1);
    last = res.body.data.ingestPapers.corpusGraph;
  }
  const after = await fresh();
  expect(after.graphGeneration).toBe(last!.papersGeneration);
  for (const name of names) expect(await method(name)).toEqual({ name, paperCount: 1 });
}, 120_000);

test('removePapers answers once the paper is gone, the graph behind; the method goes when it catches up', async () => {
  const res = await served.keyed.gql(REMOVE, { ids: ['fresh:quokka'] }, bearer);
  expect(res.body.errors).toBeUndefined();
  const answer = res.body.data.removePapers;
  expect(answer).toMatchObject({ removed: ['fresh:quokka'], corpusSeconds: 0, corpusGraph: { fresh: false, updating: true } });
  expect((await served.keyed.gql(`{ paper(id: "fresh:quokka") { id } }`)).body.data.paper).toBeNull();
  await fresh();
  expect(await method('QuokkaRoute')).toBeNull();

  const waited = await served.keyed.gql(REMOVE, { ids: ['fresh:wombat'], wait: true }, bearer);
  expect(waited.body.data.removePapers).toMatchObject({ removed: ['fresh:wombat'], corpusGraph: { fresh: true, updating: false } });
  expect(waited.body.data.removePapers.corpusSeconds).toBeGreaterThan(0);
  expect(await method('WombatRoute')).toBeNull();
}, 120_000);

test('a write that changes nothing leaves the graph fresh and asks for no update', async () => {
  await fresh();
  const res = await served.keyed.gql(INGEST, { papers: [proposing('NumbatRoute', 'fresh:row-0')] }, bearer);
  expect(res.body.data.ingestPapers).toMatchObject({ inserted: 0, corpusGraph: { fresh: true, updating: false } });
  expect(codes(res)).toEqual([]);
}, 120_000);

test('a server started on an out-of-date corpus graph serves at once and brings it up to date in the background', async () => {
  await served.sample.store.invalidateCorpusGraph();
  const api = await startApi(served.sample.dir, served.sample.store);
  try {
    expect(await state(api)).toMatchObject({ fresh: false, updating: true });
    expect((await api.gql(`{ paper(id: "fresh:row-0") { id } }`)).body.data.paper).toEqual({ id: 'fresh:row-0' });
    let after = await fresh(api);
    // The store says fresh once the update commits; the worker's report (with its time) reaches the server a moment
    // later, later still on a busy machine (the related-work worker prepares papers meanwhile).
    for (let deadline = Date.now() + 10_000; after.lastUpdateSeconds === null && Date.now() < deadline; ) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      after = await state(api);
    }
    expect(after).toMatchObject({ updating: false, graphGeneration: after.papersGeneration });
    expect(after.lastUpdateSeconds).toBeGreaterThan(0);
    expect(await method('NumbatRoute')).toEqual({ name: 'NumbatRoute', paperCount: 1 });
  } finally {
    await api.stop();
  }
}, 120_000);

test('communities are refreshed after the graph, in the background: a waitForGraph answer does not wait for them', async () => {
  const COMMUNITIES = `corpusGraph { graphGeneration fresh communitiesGeneration communitiesFresh communitiesUpdating
    communitiesUpdatedAt lastCommunitiesSeconds communitiesError }`;
  const communities = async (api: Api) => (await api.gql(`{ ${COMMUNITIES} }`)).body.data.corpusGraph;
  const kelp = async (api: Api): Promise<{ name: string; community: number | null }[]> =>
    (await api.gql(`{ concepts(first: 20, filter: { nameContains: "kelp" }) { edges { node { name community } } } }`)).body.data.concepts.edges.map(
      (e: { node: unknown }) => e.node,
    );
  // This server's communities worker waits 1.5 s before each refresh, so the state between is seen for sure.
  process.env.LITGRAPH_TEST_COMMUNITIES_DELAY_MS = '1500';
  const api = await startApi(served.sample.dir, served.sample.store, { env: { LITGRAPH_API_KEY: KEY } });
  try {
    await fresh(api);
    for (let deadline = Date.now() + 60_000; !(await communities(api)).communitiesFresh && Date.now() < deadline; ) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    const before = await communities(api);
    expect(before).toMatchObject({ fresh: true, communitiesFresh: true, communitiesGeneration: before.graphGeneration });
    // Two papers sharing two phrases no sample paper has: their pair co-occurs in two papers, an edge of the graph.
    const kelpPaper = (id: string, name: string) => ({
      id,
      title: `${name}: Kelp Canopy Segmentation from Drone Imagery`,
      abstract: `We propose ${name}, a kelp canopy segmentation model for drone imagery of kelp forests along rocky coasts.`,
      year: 2025,
    });
    const res = await api.gql(
      `mutation ($papers: [PaperInput!]!) { ingestPapers(papers: $papers, waitForGraph: true) { inserted ${COMMUNITIES} } }`,
      { papers: [kelpPaper('fresh:kelp-1', 'KelpNet'), kelpPaper('fresh:kelp-2', 'KelpSeg')] },
      bearer,
    );
    expect(res.body.errors).toBeUndefined();
    const answer = res.body.data.ingestPapers.corpusGraph;
    // The graph holds the papers; their communities are not computed yet, and are on their way.
    expect(answer).toMatchObject({ fresh: true, communitiesFresh: false, communitiesUpdating: true, communitiesGeneration: before.graphGeneration });
    expect(answer.graphGeneration).toBeGreaterThan(before.graphGeneration);
    const newConcepts = await kelp(api);
    expect(newConcepts.length).toBeGreaterThan(0);
    expect(newConcepts.map((c) => c.community)).toEqual(newConcepts.map(() => null));

    let after = await communities(api);
    for (let deadline = Date.now() + 60_000; !(after.communitiesFresh && !after.communitiesUpdating) && Date.now() < deadline; ) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      after = await communities(api);
    }
    expect(after).toMatchObject({
      communitiesFresh: true,
      communitiesUpdating: false,
      communitiesGeneration: answer.graphGeneration,
      communitiesError: null,
    });
    expect(after.lastCommunitiesSeconds).toBeGreaterThanOrEqual(1.5);
    expect(Date.parse(after.communitiesUpdatedAt)).toBeGreaterThan(Date.parse(before.communitiesUpdatedAt ?? '1970-01-01'));
    expect((await kelp(api)).filter((c) => c.community !== null).length).toBeGreaterThan(0);
  } finally {
    delete process.env.LITGRAPH_TEST_COMMUNITIES_DELAY_MS;
    await api.stop();
  }
}, 120_000);
