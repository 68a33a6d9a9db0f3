#!/usr/bin/env node
import { Command, InvalidArgumentError } from 'commander';
import { openStore, openStoreAt, type GraphStore } from '../graph';
import { Neo4jStoreError } from '../graph/neo4j/store';
import { loadEmbedder, type Embedder } from '../ingest/embed';
import { fillMissingVectors, ingest, type IngestReport, type Rejection } from '../ingest/pipeline';
import { openSource, SourceError } from '../ingest/sources';
import { exportCommand } from './commands/export';
import { addGlobalOptions, CommandError, configFrom, jsonOutput, printJson } from './commands/global';
import { lineageCommand, relatedCommand } from './commands/look';
import { ConfigError, loadDotenv, type Config } from './config';
import { copyGraph } from './copy';
import { SAMPLE_CORPUS } from './paths';
import { progressReporter } from './progress';
import { startServer } from './server/app';
import { loadModel, type ModelStatus } from './services/model';

/** Exit codes (documented in the README). */
export const EXIT = { ok: 0, failed: 1, rejected: 2 } as const;

class CliError extends Error {}

async function embedderOrWarning(config: Config): Promise<Embedder | null> {
  const model = await loadModel(config.embedding);
  if (model.loaded) return model.embedder;
  process.stderr.write(
    `\n*** WARNING: ${model.reason}\n*** Papers are stored WITHOUT vectors: related work and search lack the ` +
      `embedding signal until then.\n\n`,
  );
  return null;
}

async function withStore<T>(config: Config, run: (store: GraphStore) => Promise<T>): Promise<T> {
  const store = await openStore(config);
  try {
    return await run(store);
  } finally {
    await store.close();
  }
}

async function ingestInput(
  input: string,
  config: Config,
  store: GraphStore,
  embedder: Embedder | null,
): Promise<IngestReport> {
  const source = await openSource(input);
  const progress = progressReporter(`ingest ${source.name}`);
  try {
    return await ingest(source.name, source.items, store, {
      batchSize: config.embedding.batchSize,
      embedder,
      onProgress: ({ written }) =>
        progress.update({
          papers: written,
          fraction: source.totalBytes ? Math.min(1, source.bytesRead() / source.totalBytes) : undefined,
        }),
    });
  } finally {
    progress.stop();
  }
}

/** `file:line`, or `file: entry N` for a record of a JSON document. */
function where(r: Rejection): string {
  return r.entry ? `${r.source}: entry ${r.entry}` : `${r.source}:${r.line}`;
}

function printReport(report: IngestReport): void {
  for (const r of report.rejected) process.stderr.write(`${where(r)}: rejected: ${r.reason}\n`);
  for (const w of report.warnings) process.stderr.write(`${where(w)}: warning: ${w.reason}\n`);
  const accepted = report.inserted + report.updated + report.unchanged + report.refreshed;
  const lines = [
    `${report.source}: read ${report.read} records in ${report.seconds.toFixed(1)}s`,
    `  accepted  ${accepted} (new ${report.inserted}, changed ${report.updated}, unchanged ${report.unchanged}, ` +
      `refreshed ${report.refreshed})`,
    `  rejected  ${report.rejected.length}${report.rejected.length ? ' (listed above with file:line and reason)' : ''}`,
  ];
  if (report.warnings.length) {
    lines.push(`  warnings  ${report.warnings.length} (bad optional fields left out; listed above with file:line)`);
  }
  if (report.withoutVector) lines.push(`  without vector  ${report.withoutVector} (run \`npx litgraph embed\` later)`);
  if (report.corpusSeconds) lines.push(`  corpus graph rebuilt in ${report.corpusSeconds.toFixed(2)}s`);
  process.stdout.write(`${lines.join('\n')}\n`);
}

async function printStats(config: Config, store: GraphStore): Promise<void> {
  const stats = await store.stats();
  const models = Object.entries(stats.vectorsByModel);
  const current = stats.vectorsByModel[config.embedding.model] ?? 0;
  const lines = [
    `store           ${store.description}`,
    `papers          ${stats.papers}`,
    `with vector     ${current} (model ${config.embedding.model})`,
    `concepts        ${stats.concepts}`,
    `methods         ${stats.methods}`,
    `lineage edges   ${stats.lineageEdges}`,
    ...models
      .filter(([model]) => model !== config.embedding.model)
      .map(([model, n]) => `other vectors   ${n} (model ${model}: not used; \`npx litgraph embed\` replaces them)`),
  ];
  if (stats.papers > current) lines.push(`missing vectors ${stats.papers - current} (run \`npx litgraph embed\`)`);
  process.stdout.write(`${lines.join('\n')}\n`);
}

/** The model, loaded once for the server's life; without one the server still serves, lexical only. */
async function serverModel(config: Config): Promise<ModelStatus> {
  const model = await loadModel(config.embedding);
  if (!model.loaded) {
    process.stderr.write(
      `\n*** WARNING: ${model.reason}\n*** Serving without the embedding model: search is lexical only and ` +
        `related work lacks the embedding signal (GET /healthz says so).\n\n`,
    );
  }
  return model;
}

/** Serves until SIGINT or SIGTERM, then stops taking requests and lets those in flight finish. */
async function serve(config: Config, store: GraphStore, model: ModelStatus): Promise<void> {
  const server = await startServer(config, store, model).catch((err: NodeJS.ErrnoException) => {
    if (err.code === 'EADDRINUSE' || err.code === 'EACCES' || err.code === 'EADDRNOTAVAIL') {
      throw new CliError(
        `cannot listen on ${config.server.host}:${config.server.port} (${err.code}): use --host/--port or LITGRAPH_HOST/LITGRAPH_PORT`,
      );
    }
    throw err;
  });
  process.stdout.write(
    `litgraph is serving at ${server.url}  (GraphiQL in a browser; GraphQL endpoint ${server.url}graphql, ` +
      `health ${server.url}healthz)\n` +
      `explorer: ${server.url}explore/  (concept maps, method families, related work)\n`,
  );
  const signal = await new Promise<NodeJS.Signals>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  process.stdout.write(`${signal}: stopping (finishing requests in flight, then closing the store)\n`);
  await server.stop();
}

function positiveInt(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError('must be a whole number of at least 1');
  return n;
}

export function buildCli(): Command {
  const program = addGlobalOptions(
    new Command('litgraph')
      .description('A literature knowledge graph: ingest paper abstracts, query them over GraphQL.')
      .showHelpAfterError()
      .configureOutput({ outputError: (text, write) => write(text) }),
  );

  program
    .command('ingest')
    .description(
      'ingest papers from a file or standard input (-): JSON Lines, BibTeX, RIS, CSV, an arXiv Atom feed, OpenAlex ' +
        'works, Semantic Scholar papers or a paper listing, detected from the content',
    )
    .argument('<path>', 'file to read, or - for standard input')
    .option('--batch-size <n>', 'papers per batch (overrides LITGRAPH_BATCH_SIZE)', positiveInt)
    .action(async (input: string, opts: { batchSize?: number }) => {
      const config = configFrom(program);
      if (opts.batchSize) config.embedding.batchSize = opts.batchSize;
      const report = await withStore(config, async (store) =>
        ingestInput(input, config, store, await embedderOrWarning(config)),
      );
      if (jsonOutput(program)) printJson(report);
      else printReport(report);
      if (report.rejected.length) process.exitCode = EXIT.rejected;
    });

  program
    .command('embed')
    .description('embed every stored paper that has no vector from the configured model')
    .action(async () => {
      const config = configFrom(program);
      const embedder = await loadEmbedder(config.embedding).catch((err: Error) => {
        throw new CliError(err.message);
      });
      const n = await withStore(config, async (store) => {
        const progress = progressReporter('embed');
        try {
          return await fillMissingVectors(store, embedder, {
            batchSize: config.embedding.batchSize,
            onProgress: (papers) => progress.update({ papers }),
          });
        } finally {
          progress.stop();
        }
      });
      process.stdout.write(`embedded ${n} papers with ${embedder.modelId}\n`);
    });

  program
    .command('stats')
    .description('what the store holds')
    .action(async () => {
      const config = configFrom(program);
      await withStore(config, async (store) =>
        jsonOutput(program)
          ? printJson({ store: store.description, model: config.embedding.model, ...(await store.stats()) })
          : printStats(config, store),
      );
    });

  program
    .command('copy')
    .description('copy a whole graph (papers, vectors, knowledge) from one store to another, idempotently')
    .requiredOption('--from <store>', 'source: an SQLite file (path or sqlite:path) or a neo4j:// / bolt:// URI')
    .requiredOption('--to <store>', 'destination, in the same forms')
    .action(async (opts: { from: string; to: string }) => {
      const config = configFrom(program);
      const from = await openStoreAt(opts.from, config);
      try {
        const to = await openStoreAt(opts.to, config);
        try {
          const progress = progressReporter(`copy to ${to.description}`);
          const report = await copyGraph(from, to, {
            batchSize: config.embedding.batchSize,
            onProgress: (papers, total) => progress.update({ papers, fraction: total ? papers / total : 1 }),
          }).finally(() => progress.stop());
          process.stdout.write(
            `copied ${from.description} to ${to.description}: ${report.papers} papers, ${report.written} written ` +
              `(${report.papers - report.written} already there), ${report.vectors} vectors\n`,
          );
          await printStats(config, to);
        } finally {
          await to.close();
        }
      } finally {
        await from.close();
      }
    });

  program
    .command('serve')
    .description('serve the GraphQL API, GraphiQL and the explorer (--host, --port or LITGRAPH_HOST, LITGRAPH_PORT)')
    .action(async () => {
      const config = configFrom(program);
      await withStore(config, async (store) => serve(config, store, await serverModel(config)));
    });

  program
    .command('start')
    .description('ingest the bundled sample corpus if the store is empty, then serve (as `serve`)')
    .action(async () => {
      const config = configFrom(program);
      await withStore(config, async (store) => {
        const model = await serverModel(config);
        const { papers } = await store.stats();
        if (papers === 0) {
          process.stdout.write(`The store is empty: ingesting the bundled sample corpus ${SAMPLE_CORPUS}\n`);
          printReport(await ingestInput(SAMPLE_CORPUS, config, store, model.loaded ? model.embedder : null));
        } else {
          process.stdout.write(`The store already holds ${papers} papers: nothing to ingest.\n`);
        }
        await printStats(config, store);
        await serve(config, store, model);
      });
    });

  program.addCommand(exportCommand(program));
  program.addCommand(relatedCommand(program));
  program.addCommand(lineageCommand(program));
  return program;
}

/** Runs the CLI; expected failures print one clear message (no stack trace) and set a non-zero exit code. */
export async function main(argv: string[]): Promise<void> {
  loadDotenv();
  try {
    await buildCli().parseAsync(argv);
  } catch (err) {
    if (
      err instanceof ConfigError ||
      err instanceof SourceError ||
      err instanceof CliError ||
      err instanceof CommandError ||
      err instanceof Neo4jStoreError
    ) {
      process.stderr.write(`litgraph: ${err.message}\n`);
      process.exitCode = EXIT.failed;
      return;
    }
    throw err;
  }
}

if (require.main === module) {
  void main(process.argv);
}
