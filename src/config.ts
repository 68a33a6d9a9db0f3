import path from 'node:path';
import dotenv from 'dotenv';
import { z } from 'zod';
import type { EmbedderOptions } from '../ingest/embed';

/** The default embedding model: a MiniLM-class sentence encoder, downloaded from the model hub once and cached. */
export const DEFAULT_EMBEDDING_MODEL = 'Xenova/all-MiniLM-L6-v2';

const optionalString = z
  .string()
  .trim()
  .transform((v) => (v === '' ? undefined : v))
  .optional();

const wholeNumber = (max: number, min = 1) => (v: string, ctx: z.RefinementCtx) => {
  const n = Number(v);
  if (v === '' || !Number.isInteger(n) || n < min || n > max) {
    ctx.addIssue({ code: 'custom', message: `must be a whole number from ${min} to ${max}, got "${v}"` });
    return z.NEVER;
  }
  return n;
};

const positiveInt = (fallback: number, max: number) => z.string().trim().default(String(fallback)).transform(wholeNumber(max));

const optionalPositiveInt = (max: number) =>
  optionalString.transform((v, ctx) => (v === undefined ? undefined : wholeNumber(max)(v, ctx)));

function badOrigins(ctx: z.RefinementCtx, message: string): never {
  ctx.addIssue({ code: 'custom', message });
  return z.NEVER;
}

const schema = z.object({
  LITGRAPH_DB: z.string().trim().min(1, 'must not be empty').default('./data/litgraph.db'),
  LITGRAPH_EMBEDDING_MODEL: z.string().trim().min(1, 'must not be empty').default(DEFAULT_EMBEDDING_MODEL),
  LITGRAPH_MODEL_DIR: optionalString,
  LITGRAPH_MODEL_CACHE: z.string().trim().min(1, 'must not be empty').default('./data/model-cache'),
  LITGRAPH_BATCH_SIZE: positiveInt(32, 4096),
  LITGRAPH_EMBED_BATCH_SIZE: optionalPositiveInt(4096),
  LITGRAPH_HOST: z.string().trim().min(1, 'must not be empty').default('127.0.0.1'),
  LITGRAPH_PORT: z
    .string()
    .trim()
    .default('4000')
    .transform((v, ctx) => {
      const n = Number(v);
      if (!/^\d+$/.test(v) || n > 65535) {
        ctx.addIssue({ code: 'custom', message: `must be a port number from 0 to 65535, got "${v}"` });
        return z.NEVER;
      }
      return n;
    }),
  LITGRAPH_API_KEY: optionalString.pipe(
    z.string().min(16, 'must be at least 16 characters (a random secret, e.g. `openssl rand -hex 24`)').optional(),
  ),
  LITGRAPH_GRAPH_WORKER_HEAP_MB: optionalPositiveInt(1_048_576),
  LITGRAPH_PREPARE_RELATED_MAX_PAPERS: z.string().trim().default('20000').transform(wholeNumber(100_000_000, 0)),
  LITGRAPH_CORS_ORIGINS: z
    .string()
    .trim()
    .default('')
    .transform((v, ctx) => {
      const origins = v
        .split(',')
        .map((o) => o.trim())
        .filter((o) => o !== '');
      if (origins.includes('*')) return origins.length === 1 ? ('*' as const) : badOrigins(ctx, '"*" must stand alone');
      const bad = origins.filter((o) => !/^https?:\/\/[^/\s]+$/.test(o));
      return bad.length ? badOrigins(ctx, `not an origin (scheme://host[:port]): ${bad.join(', ')}`) : origins;
    }),
  // Read by Apollo Server (introspection is off in production); errors are the same in every mode.
  NODE_ENV: z.string().trim().default('development'),
  NEO4J_URI: optionalString.pipe(
    z
      .string()
      .regex(/^(neo4j|bolt)(\+s|\+ssc)?:\/\/\S+$/, 'must look like neo4j://host:7687 or bolt://host:7687')
      .optional(),
  ),
  NEO4J_USER: z.string().trim().default('neo4j'),
  NEO4J_PASSWORD: optionalString,
  NEO4J_DATABASE: z.string().trim().default('neo4j'),
});

/** Every environment variable the configuration reads (`litgraph --help` lists each one). */
export const CONFIG_VARIABLES = Object.keys(schema.shape);

export interface Config {
  /** Path of the embedded SQLite store. */
  dbPath: string;
  /** Papers per ingest batch: one embedding pass and one store transaction (LITGRAPH_BATCH_SIZE, `--batch-size`). */
  batchSize: number;
  embedding: EmbedderOptions;
  neo4j?: { uri: string; user: string; password?: string; database: string };
  /** Heap limit of the server's corpus-graph worker in MiB (LITGRAPH_GRAPH_WORKER_HEAP_MB); unset: see graph-thread.ts. */
  graphWorkerHeapMb?: number;
  /**
   * Related work is prepared ahead for every paper (src/server/related-worker.ts) while the store holds at most this
   * many papers; 0 never (LITGRAPH_PREPARE_RELATED_MAX_PAPERS).
   */
  prepareRelatedMaxPapers: number;
  server: {
    host: string;
    /** 0 picks a free port. */
    port: number;
    /** Bearer token that the `ingestPapers` mutation requires; without one the mutation is disabled. */
    apiKey?: string;
    /** Origins allowed to call the API from a browser: a list, `*` for any, empty for none (same origin only). */
    corsOrigins: string[] | '*';
  };
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** Reads and validates the configuration; every bad variable is named in one ConfigError. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`));
  }
  const v = parsed.data;
  return {
    dbPath: path.resolve(v.LITGRAPH_DB),
    batchSize: v.LITGRAPH_BATCH_SIZE,
    embedding: {
      model: v.LITGRAPH_EMBEDDING_MODEL,
      modelDir: v.LITGRAPH_MODEL_DIR && path.resolve(v.LITGRAPH_MODEL_DIR),
      cacheDir: path.resolve(v.LITGRAPH_MODEL_CACHE),
      // Unset: as many windows per model call as papers per batch, the one knob of earlier versions.
      windowsPerCall: v.LITGRAPH_EMBED_BATCH_SIZE ?? v.LITGRAPH_BATCH_SIZE,
    },
    graphWorkerHeapMb: v.LITGRAPH_GRAPH_WORKER_HEAP_MB,
    prepareRelatedMaxPapers: v.LITGRAPH_PREPARE_RELATED_MAX_PAPERS,
    server: {
      host: v.LITGRAPH_HOST,
      port: v.LITGRAPH_PORT,
      apiKey: v.LITGRAPH_API_KEY,
      corsOrigins: v.LITGRAPH_CORS_ORIGINS,
    },
    neo4j: v.NEO4J_URI
      ? { uri: v.NEO4J_URI, user: v.NEO4J_USER, password: v.NEO4J_PASSWORD, database: v.NEO4J_DATABASE }
      : undefined,
  };
}

/** Loads `.env` (if present) into process.env without overriding variables already set. */
export function loadDotenv(): void {
  dotenv.config({ quiet: true });
}
