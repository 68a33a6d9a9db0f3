import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { expressMiddleware } from '@as-integrations/express5';
import cors from 'cors';
import express from 'express';
import { unwrapResolverError } from '@apollo/server/errors';
import type { GraphQLFormattedError } from 'graphql';
import { StoreError, type GraphStore } from '../../graph/store';
import type { Config } from '../config';
import { appState, requestContext, type AppState, type Context } from '../graphql/context';
import type { ErrorCode } from '../graphql/errors';
import { LIMITS } from '../graphql/limits';
import { missingNamesPlugin } from '../graphql/knowledge';
import { buildSchema } from '../graphql/schema';
import type { ModelStatus } from '../services/model';
import { PROJECT_ROOT } from '../paths';
import { admission, DEFAULT_SERVER_LIMITS, guardsPlugin, type ServerLimits } from './guards';
import { idePage } from './ide';
import { RelatedPrepareThread } from './related-thread';
import { ServerWrites } from './writes';

export const GRAPHQL_PATH = '/graphql';
export const EXPLORE_PATH = '/explore';
/** The explorer's bundle, built by `npm run build` (src/explore/build.mjs). */
const EXPLORE_DIR = path.join(PROJECT_ROOT, 'dist', 'explore');
/** How long a stopping server lets the requests in flight finish before it closes their connections. */
const STOP_GRACE_MS = 60_000;
/** Largest request body accepted (an ingestPapers call of 500 long abstracts fits). */
const MAX_BODY = '5mb';

export interface RunningServer {
  /** Where the server answers, e.g. http://127.0.0.1:4000/ (GraphiQL; the endpoint is `${url}graphql`). */
  url: string;
  port: number;
  /** The corpus graph was out of date at the start: the corpus-graph worker is bringing it up to date. */
  graphBehind: boolean;
  /**
   * Stops accepting requests, waits for those in flight, then closes the ingest worker, the corpus-graph worker
   * (stopping its update between two steps, unwritten) and the related-work worker, and their store connections; the server's store stays open
   * (its owner closes it).
   */
  stop(): Promise<void>;
}

/** Host part of the URL to print: a wildcard address is reached through localhost. */
function urlHost(host: string): string {
  if (host === '0.0.0.0' || host === '::') return 'localhost';
  return host.includes(':') ? `[${host}]` : host;
}

/**
 * Absolute file paths in a message shown to clients, as their last part: a client learns nothing of the server's
 * file system ("/srv/litgraph/models/x is missing" becomes ".../x is missing").
 */
export function withoutPaths(message: string): string {
  return message.replace(/(?<![\w:/\\])(?:[A-Za-z]:)?(?:[\\/][^\\/\s"'`:;,()]+){2,}/g, (p) => `.../${p.split(/[\\/]/).pop()}`);
}

/**
 * GET /healthz: 200 with store and model status, or 503 when the store cannot answer. "degraded": no model could be
 * loaded, the bundled one stands in for the configured one, or papers still wait for vectors of the loaded model
 * (`withoutVector`, counting down while the server fills them in). No model by choice (LITGRAPH_EMBEDDING_MODEL=none)
 * is "ok".
 */
async function health(app: AppState): Promise<{ status: number; body: object }> {
  const m = app.model;
  const model = m.loaded
    ? {
        status: m.fallback ? 'fallback' : 'loaded',
        id: m.model,
        ...(m.fallback && { configured: m.fallback.configured, reason: withoutPaths(m.fallback.reason) }),
      }
    : { status: m.disabled ? 'disabled' : 'unavailable', id: m.model, reason: withoutPaths(m.reason) };
  try {
    const stats = await app.store.stats();
    const embeddedPapers = stats.vectorsByModel[m.model] ?? 0;
    const store = { status: 'ok', papers: stats.papers, embeddedPapers, withoutVector: stats.papers - embeddedPapers };
    const ok = m.loaded ? !m.fallback && store.withoutVector === 0 : Boolean(m.disabled);
    return { status: 200, body: { status: ok ? 'ok' : 'degraded', store, model } };
  } catch (err) {
    process.stderr.write(`litgraph: /healthz: the store does not answer: ${(err as Error).message}\n`);
    return {
      status: 503,
      body: { status: 'unavailable', store: { status: 'unavailable', reason: 'the store does not answer' }, model },
    };
  }
}

/** Longest error message sent: a message quoting a client's huge value is cut. */
const MAX_MESSAGE_CHARS = 500;

/**
 * Errors reach clients without stack traces or file paths, in every mode. An unexpected error reaches the client
 * as "Internal server error" and is logged in full on the server. Errors with a client code (BAD_USER_INPUT,
 * NOT_FOUND, …) keep their message, cut to MAX_MESSAGE_CHARS. A StoreError is answered by its kind: a bad cursor is
 * the client's BAD_USER_INPUT; any other kind is STORE_UNAVAILABLE, its one line logged on the server (it names
 * files or servers the client need not see).
 */
function formatError(formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError {
  const { locations, path } = formatted;
  const code = formatted.extensions?.code;
  const original = unwrapResolverError(error);
  if (original instanceof StoreError) {
    if (original.kind === 'bad-cursor') {
      return { message: withoutPaths(cut(original.message)), locations, path, extensions: { code: 'BAD_USER_INPUT' } };
    }
    process.stderr.write(`litgraph: store ${original.kind}: ${original.message}\n`);
    const message = 'the graph store cannot answer now; try again later';
    return { message, locations, path, extensions: { code: 'STORE_UNAVAILABLE' satisfies ErrorCode } };
  }
  if (code === 'INTERNAL_SERVER_ERROR' || code === undefined) {
    process.stderr.write(`litgraph: internal error: ${(original as Error)?.stack ?? String(original)}\n`);
    return { message: 'Internal server error', locations, path, extensions: { code: 'INTERNAL_SERVER_ERROR' } };
  }
  return { message: withoutPaths(cut(formatted.message)), locations, path, extensions: { code } };
}

function cut(message: string): string {
  return message.length > MAX_MESSAGE_CHARS ? `${message.slice(0, MAX_MESSAGE_CHARS)}…` : message;
}

/**
 * Starts the GraphQL server on `store` (opened and closed by the caller) with the model loaded once by the caller:
 * GraphiQL at GET / (browsers), the endpoint at /graphql (POST / works too), health at GET /healthz.
 */
export async function startServer(
  config: Config,
  store: GraphStore,
  model: ModelStatus,
  listen: { host: string; port: number } = config.server,
  limits: ServerLimits = DEFAULT_SERVER_LIMITS,
): Promise<RunningServer> {
  // Read before listening: a schema that cannot be read fails the start, never leaves a port open without routes.
  const schema = buildSchema();
  // Before listening too: at 100,000 papers the first related query would read every vector on the event loop.
  await store.warmUp(model.loaded ? model.model : null);
  const writes = new ServerWrites(config, store, model);
  const state = appState(config, store, model, writes);
  const app = express();
  app.disable('x-powered-by');
  const httpServer = http.createServer(app);
  // Listen first: a port in use fails here, before anything else needs undoing. Until the routes below are
  // mounted (a few milliseconds), requests get 404.
  await new Promise<void>((resolve, reject) => {
    httpServer.once('error', reject);
    httpServer.listen(listen.port, listen.host, () => {
      httpServer.off('error', reject);
      resolve();
    });
  });
  const apollo = new ApolloServer<Context>({
    schema,
    plugins: [
      // On stop, requests in flight get this long to be answered (an ingestPapers call included).
      ApolloServerPluginDrainHttpServer({ httpServer, stopGracePeriodMillis: STOP_GRACE_MS }),
      ApolloServerPluginLandingPageDisabled(),
      guardsPlugin(limits),
      missingNamesPlugin,
    ],
    includeStacktraceInErrorResponses: false,
    parseOptions: { maxTokens: LIMITS.maxTokens },
    // The CLI stops the server and then closes the store on SIGINT/SIGTERM.
    stopOnTerminationSignals: false,
    formatError,
  });
  await apollo.start().catch((err: unknown) => {
    httpServer.close();
    throw err;
  });

  const ide = idePage(GRAPHQL_PATH);
  const corsOptions: cors.CorsOptions = {
    origin: config.server.corsOrigins === '*' ? '*' : config.server.corsOrigins,
    allowedHeaders: ['Content-Type', 'Authorization', 'Apollo-Require-Preflight'],
    methods: ['GET', 'POST', 'OPTIONS'],
    maxAge: 600,
  };

  app.get('/healthz', async (_req, res) => {
    const { status, body } = await health(state);
    res.status(status).json(body);
  });
  // A browser gets GraphiQL at / (with `?query=` prefilled, as the explorer links it); a GET /graphql from a browser
  // (the printed endpoint URL) is sent there too, instead of Apollo's CSRF refusal.
  const wantsPage = (req: express.Request) => req.accepts(['json', 'html']) === 'html';
  app.get('/', (req, res, next) => {
    if (!wantsPage(req)) return next();
    res.type('html').send(ide);
  });
  app.get(GRAPHQL_PATH, (req, res, next) => {
    if (!wantsPage(req)) return next();
    const query = req.originalUrl.indexOf('?');
    res.redirect(302, query < 0 ? '/' : `/${req.originalUrl.slice(query)}`);
  });
  app.use(EXPLORE_PATH, express.static(EXPLORE_DIR, { index: 'index.html' }), (req, res) => {
    const built = fs.existsSync(path.join(EXPLORE_DIR, 'index.html'));
    res
      .status(404)
      .type('text')
      .send(built ? `no such file: ${req.originalUrl}\n` : `the explorer is not built: run \`npm run build\` (${EXPLORE_DIR})\n`);
  });
  app.use(
    [GRAPHQL_PATH, '/'],
    cors(corsOptions),
    admission(limits),
    express.json({ limit: MAX_BODY }),
    expressMiddleware(apollo, {
      context: async ({ req, res }) =>
        requestContext(state, {
          authorization: req.headers.authorization,
          client: req.socket.remoteAddress ?? 'unknown',
          arrived: res.locals.arrived as number,
          gone: res.locals.gone as AbortSignal,
        }),
    }),
  );
  // Requests the body parser refuses (malformed JSON, over MAX_BODY) get a GraphQL-shaped JSON error, not a page.
  app.use(
    (err: { status?: number; message?: string }, _req: express.Request, res: express.Response, next: express.NextFunction) => {
      if (res.headersSent) return next(err);
      const status = err.status && err.status >= 400 && err.status < 500 ? err.status : 500;
      const [message, code] =
        status < 500 ? [err.message ?? 'bad request', 'BAD_REQUEST'] : ['Internal server error', 'INTERNAL_SERVER_ERROR'];
      res.status(status).json({ errors: [{ message, extensions: { code } }] });
    },
  );
  const { port } = httpServer.address() as AddressInfo;
  const graphBehind = await writes.catchUp();
  // Keeps every paper's default related-work query prepared for the store's current content (issue #12).
  const related = new RelatedPrepareThread(config, config.embedding.model);
  return {
    url: `http://${urlHost(listen.host)}:${port}/`,
    port,
    graphBehind,
    stop: async () => {
      await apollo.stop();
      await Promise.all([writes.close(), related.close()]);
    },
  };
}
