import { createHash, timingSafeEqual } from 'node:crypto';
import DataLoader from 'dataloader';
import type { CitationCounts, GraphStore, PaperLinks } from '../../graph/store';
import type { Config } from '../config';
import type { RawPaper } from '../../ingest/sources';
import type { ConceptNode, MethodNode, Paper, PaperMethodRole } from '../domain';
import type { ApiIngestReport } from '../services/ingest';
import { KnowledgeService, type MissingName, type WeightedConcept } from '../services/knowledge';
import type { ModelStatus } from '../services/model';
import type { RemoveReport } from '../services/remove';
import { RelatedService } from '../services/related';
import { SearchService } from '../services/search';

/**
 * How fresh the corpus graph is (the `CorpusGraphState` type of the schema): the papers generation (one more with
 * every write that changed papers), the one the stored graph was built from, whether an update is on its way, and
 * when this server last finished one, or why its last one failed; and the same of its communities, refreshed apart.
 */
export interface CorpusGraphState {
  papersGeneration: number;
  graphGeneration: number;
  fresh: boolean;
  updating: boolean;
  updatedAt: string | null;
  lastUpdateSeconds: number | null;
  lastError: string | null;
  /** The corpus generation the stored communities were computed from (null before any), and whether it is the graph's. */
  communitiesGeneration: number | null;
  communitiesFresh: boolean;
  communitiesUpdating: boolean;
  communitiesUpdatedAt: string | null;
  lastCommunitiesSeconds: number | null;
  communitiesError: string | null;
}

/** How a mutation answers: once its papers are stored (the graph following), or once the corpus graph holds them. */
export interface WriteOptions {
  waitForGraph: boolean;
}

/** The server's writes (src/server/writes.ts): the mutations, run off the event loop, and the graph they update. */
export interface Writes {
  /** Runs an `ingestPapers` call. */
  ingest(records: RawPaper[], options: WriteOptions): Promise<ApiIngestReport & { corpusGraph: CorpusGraphState }>;
  /** Runs a `removePapers` call. */
  remove(ids: string[], options: WriteOptions): Promise<RemoveReport & { corpusGraph: CorpusGraphState }>;
  corpusGraph(): Promise<CorpusGraphState>;
}

/** What lives as long as the server: configuration, store, model, services. */
export interface AppState {
  config: Config;
  store: GraphStore;
  model: ModelStatus;
  search: SearchService;
  related: RelatedService;
  knowledge: KnowledgeService;
  writes: Writes;
}

export function appState(config: Config, store: GraphStore, model: ModelStatus, writes: Writes): AppState {
  return {
    config,
    store,
    model,
    writes,
    search: new SearchService(store, model.loaded ? model.embedder : null, config.embedding.model),
    related: new RelatedService(store, config.embedding.model, model.loaded ? model.embedder : null),
    knowledge: new KnowledgeService(store),
  };
}

/** Whether the request may call the mutation: `disabled` when the server has no API key. */
export type Auth = 'disabled' | 'missing' | 'invalid' | 'ok';

/** What lives as long as one request. */
export interface Context {
  app: AppState;
  auth: Auth;
  /** The client's address (the TCP peer: put a proxy's address rules in front if one forwards), for logs and limits. */
  client: string;
  /** When the request arrived (performance.now()), for the wait limit of ranking operations. */
  arrived: number;
  /** Aborted when the client closes the connection before its answer: nothing more is computed for it. */
  gone: AbortSignal;
  /** Papers by id, batched and cached per request: nested fields share one store read per tick. */
  papers: DataLoader<string, Paper | null>;
  /** A paper's aliases and references as stored. */
  paperLinks: DataLoader<string, PaperLinks | null>;
  citationCounts: DataLoader<string, CitationCounts | null>;
  concepts: DataLoader<string, ConceptNode | null>;
  methods: DataLoader<string, MethodNode | null>;
  /** A paper's concepts, strongest first. */
  paperConcepts: DataLoader<string, WeightedConcept[]>;
  /** A paper's methods with roles. */
  paperMethods: DataLoader<string, PaperMethodRole[]>;
  /** The roles papers give a method. */
  methodRoles: DataLoader<string, PaperMethodRole[]>;
  /** Name lookups of this request that found nothing, and why: sent as `extensions.missingNames`. */
  missingNames: (MissingName & { field: string })[];
}

/** A loader of a map-returning store read: one read per tick for all the keys asked. */
function mapLoader<V>(read: (keys: string[]) => Promise<Map<string, V>>): DataLoader<string, V | null> {
  return new DataLoader(async (keys: readonly string[]) => {
    const found = await read([...keys]);
    return keys.map((k) => found.get(k) ?? null);
  });
}

/** A loader of a list-returning store read, grouped by `keyOf`. */
function groupLoader<V>(read: (keys: string[]) => Promise<V[]>, keyOf: (v: V) => string): DataLoader<string, V[]> {
  return new DataLoader(async (keys: readonly string[]) => {
    const groups = new Map<string, V[]>(keys.map((k) => [k, []]));
    for (const v of await read([...keys])) groups.get(keyOf(v))?.push(v);
    return keys.map((k) => groups.get(k)!);
  });
}

function sha256(text: string): Buffer {
  return createHash('sha256').update(text).digest();
}

/** Checks `Authorization: Bearer <key>` against the configured key, in constant time. */
export function authenticate(apiKey: string | undefined, authorization: string | undefined): Auth {
  if (!apiKey) return 'disabled';
  const token = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? '')?.[1];
  if (!token) return 'missing';
  return timingSafeEqual(sha256(token), sha256(apiKey)) ? 'ok' : 'invalid';
}

/** What the HTTP layer knows of a request (in-process callers pass nothing). */
export interface RequestInfo {
  authorization?: string;
  client?: string;
  arrived?: number;
  gone?: AbortSignal;
}

export function requestContext(app: AppState, request: RequestInfo = {}): Context {
  return {
    app,
    auth: authenticate(app.config.server.apiKey, request.authorization),
    client: request.client ?? 'local',
    arrived: request.arrived ?? performance.now(),
    gone: request.gone ?? new AbortController().signal,
    papers: mapLoader((ids) => app.store.getPapers(ids)),
    paperLinks: mapLoader((ids) => app.store.paperLinks(ids)),
    citationCounts: mapLoader((ids) => app.store.citationCounts(ids)),
    concepts: mapLoader((keys) => app.store.getConcepts(keys)),
    methods: mapLoader((keys) => app.store.getMethods(keys)),
    paperConcepts: new DataLoader(async (ids: readonly string[]) => {
      const found = await app.store.paperConcepts([...ids]);
      return ids.map((id) => found.get(id) ?? []);
    }),
    paperMethods: groupLoader((ids) => app.store.paperMethods(ids), (r) => r.paperId),
    methodRoles: groupLoader((keys) => app.store.methodRoles(keys), (r) => r.method),
    missingNames: [],
  };
}
