import fs from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { loadConfig, type Config } from '../config';
import { PROJECT_ROOT } from '../paths';

/** Exit codes (documented in the README). `rejected`: some of the input was not taken (the rest was). */
export const EXIT = { ok: 0, failed: 1, rejected: 2 } as const;

/** A command's failure with a message for the user (no stack trace). */
export class CommandError extends Error {}

/** Flags every command takes; each maps onto one environment variable and leaves every other setting as it is. */
const FLAG_TO_ENV = {
  db: 'LITGRAPH_DB',
  modelDir: 'LITGRAPH_MODEL_DIR',
  model: 'LITGRAPH_EMBEDDING_MODEL',
  port: 'LITGRAPH_PORT',
  host: 'LITGRAPH_HOST',
} as const;

export interface GlobalOptions {
  db?: string;
  modelDir?: string;
  model?: string;
  port?: string;
  host?: string;
  json?: boolean;
}

export function addGlobalOptions(program: Command): Command {
  const { version } = JSON.parse(fs.readFileSync(path.join(PROJECT_ROOT, 'package.json'), 'utf8')) as { version: string };
  return program
    .version(version, '-V, --version', 'print the version')
    .option('--db <file>', 'SQLite store file (LITGRAPH_DB)')
    .option('--model-dir <dir>', 'folder of local transformers.js models; nothing is downloaded (LITGRAPH_MODEL_DIR)')
    .option('--model <id>', 'embedding model id, or a folder name inside --model-dir (LITGRAPH_EMBEDDING_MODEL)')
    .option('--port <n>', 'port to serve on, 0 for any free one (LITGRAPH_PORT)')
    .option('--host <host>', 'address to serve on (LITGRAPH_HOST)')
    .option('--json', 'print the summary of ingest, stats, export, related, lineage, remove and rebuild as JSON on stdout')
    .addHelpText(
      'after',
      `
Configuration: flags override environment variables, which override a .env file in the current folder
(see .env.example). Environment variables:
  LITGRAPH_DB             SQLite store file (default ./data/litgraph.db)
  LITGRAPH_EMBEDDING_MODEL  embedding model id (default Xenova/all-MiniLM-L6-v2)
  LITGRAPH_MODEL_DIR      folder of local models: offline use, nothing downloaded
  LITGRAPH_MODEL_CACHE    where downloaded models are cached (default ./data/model-cache)
  LITGRAPH_BATCH_SIZE     papers per ingest batch: one transaction (default 32)
  LITGRAPH_EMBED_BATCH_SIZE  text windows per embedding-model call (default: LITGRAPH_BATCH_SIZE)
  LITGRAPH_HOST, LITGRAPH_PORT  where serve listens (default 127.0.0.1:4000)
  LITGRAPH_API_KEY        bearer token that enables the ingestPapers and removePapers mutations
  LITGRAPH_CORS_ORIGINS   origins allowed to call the API from a browser
  LITGRAPH_GRAPH_WORKER_HEAP_MB  heap limit of serve's corpus-graph worker, MiB (default half the memory, >= 4096)
  LITGRAPH_PREPARE_RELATED_MAX_PAPERS  serve prepares related work ahead up to this many papers (default 20000, 0 off)
  NEO4J_URI, NEO4J_USER, NEO4J_PASSWORD, NEO4J_DATABASE  use Neo4j instead of the SQLite file
  NODE_ENV=production     schema introspection off
  LITGRAPH_DEBUG=1        an unexpected error prints its stack trace

Run \`npx litgraph <command> --help\` for a command's options.`,
    );
}

/** The configuration with the global flags applied: validated like the variables they stand for. */
export function configFrom(program: Command, env: NodeJS.ProcessEnv = process.env): Config {
  const opts = program.opts<GlobalOptions>();
  const overrides = Object.fromEntries(
    Object.entries(FLAG_TO_ENV)
      .filter(([flag]) => opts[flag as keyof typeof FLAG_TO_ENV] !== undefined)
      .map(([flag, variable]) => [variable, opts[flag as keyof typeof FLAG_TO_ENV]]),
  );
  return loadConfig({ ...env, ...overrides });
}

export const jsonOutput = (program: Command): boolean => program.opts<GlobalOptions>().json === true;

export function printJson(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}
