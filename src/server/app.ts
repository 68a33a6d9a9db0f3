import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { expressMiddleware } from '@as-integrations/express5';
import cors from 'cors';
import express from 'express';
import { unwrapResolverError } from '@apollo/server/errors';
import type { GraphQLFormattedError } from 'graphql';
import type { GraphStore } from '../../graph/store';
import type { Config } from '../config';
import { appState, requestContext, type AppState, type Context } from '../graphql/context';
import { limitsPlugin } from '../graphql/limits';
import { missingNamesPlugin } from '../graphql/knowledge';
import { buildSchema } from '../graphql/schema';
import type { ModelStatus } from '../services/model';
import { idePage } from './ide';

export const GRAPHQL_PATH = '/graphql';
/** Largest request body accepted (an ingestPapers call of 500 long abstracts fits). */
const MAX_BODY = '5mb';

export interface RunningServer {
  /** Where the server answers, e.g. http://127.0.0.1:4000/ (GraphiQL; the endpoint is `${url}graphql`). */
  url: string;
  port: number;
  /** Stops accepting requests and waits for those in flight; the store stays open (its owner closes it). */
  stop(): Promise<void>;
}

/** Host part of the URL to print: a wildcard address is reached through localhost. */
function urlHost(host: string): string {
  if (host === '0.0.0.0' || host === '::') return 'localhost';
  return host.includes(':') ? `[${host}]` : host;
}

/** GET /healthz: 200 with store and model status, or 503 when the store cannot answer. */
async function health(app: AppState): Promise<{ status: number; body: object }> {
  const model = app.model.loaded
    ? { status: 'loaded', id: app.model.model }
    : { status: 'unavailable', id: app.model.model, reason: app.model.reason };
  try {
    const stats = await app.store.stats();
    const store = {
      status: 'ok',
      papers: stats.papers,
      embeddedPapers: stats.vectorsByModel[app.config.embedding.model] ?? 0,
    };
    return { status: 200, body: { status: app.model.loaded ? 'ok' : 'degraded', store, model } };
  } catch (err) {
    const reason = app.config.production ? 'the store does not answer' : (err as Error).message;
    return { status: 503, body: { status: 'unavailable', store: { status: 'unavailable', reason }, model } };
  }
}

/**
 * In production an unexpected error reaches the client as "Internal server error" with no stack trace; it is
 * logged in full on the server. Errors with a client code (BAD_USER_INPUT, NOT_FOUND, …) pass unchanged.
 */
function errorFormatter(production: boolean) {
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    if (formatted.extensions?.code !== 'INTERNAL_SERVER_ERROR') return formatted;
    const original = unwrapResolverError(error);
    process.stderr.write(`litgraph: internal error: ${(original as Error)?.stack ?? String(original)}\n`);
    if (!production) return formatted;
    const { locations, path } = formatted;
    return { message: 'Internal server error', locations, path, extensions: { code: 'INTERNAL_SERVER_ERROR' } };
  };
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
): Promise<RunningServer> {
  const state = appState(config, store, model);
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
    schema: buildSchema(),
    plugins: [
      ApolloServerPluginDrainHttpServer({ httpServer }),
      ApolloServerPluginLandingPageDisabled(),
      limitsPlugin,
      missingNamesPlugin,
    ],
    includeStacktraceInErrorResponses: !config.production,
    // The CLI stops the server and then closes the store on SIGINT/SIGTERM.
    stopOnTerminationSignals: false,
    formatError: errorFormatter(config.production),
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
  app.get('/', (req, res, next) => {
    if (req.query.query !== undefined || req.accepts(['json', 'html']) !== 'html') return next();
    res.type('html').send(ide);
  });
  app.use(
    [GRAPHQL_PATH, '/'],
    cors(corsOptions),
    express.json({ limit: MAX_BODY }),
    expressMiddleware(apollo, { context: async ({ req }) => requestContext(state, req.headers.authorization) }),
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
  return {
    url: `http://${urlHost(listen.host)}:${port}/`,
    port,
    stop: () => apollo.stop(),
  };
}
