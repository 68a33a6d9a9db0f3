#!/usr/bin/env node
import fs from 'node:fs';
import { Command, InvalidArgumentError } from 'commander';
import { openStore, openStoreAt, StoreError, type GraphStore } from '../graph';
import { BUNDLED_MODEL, type Embedder } from '../ingest/embed';
import { fillMissingVectors, ingest, type IngestReport, type Rejection } from '../ingest/pipeline';
import { openSource, SourceError, type Source } from '../ingest/sources';
import { exportCommand } from './commands/export';
import { addGlobalOptions, CommandError, configFrom, EXIT, jsonOutput, printJson } from './commands/global';
import { lineageCommand, relatedCommand } from './commands/look';
import { rebuildCommand, removeCommand } from './commands/maintain';
import { ConfigError, loadDotenv, type Config } from './config';
import { copyGraph } from './copy';
import { SAMPLE_CORPUS } from './paths';
import { progressReporter } from './progress';
import { startServer } from './server/app';
import { fallbackWarning, loadModel, type ModelStatus } from './services/model';
import { RelatedInputError } from './services/related';

class CliError extends Error {}

/**
 * Loads the model for this process: the configured one, else the bundled one (saying so loudly). From then on
 * `config.embedding.model` is the id of the model in use, so stats, services and /healthz count its vectors.
 */
async function useModel(config: Config): Promise<ModelStatus> {
  const model = await loadModel(config.embedding);
  const warning = fallbackWarning(model);
  if (warning) process.stderr.write(`\n${warning}\n\n`);
  if (model.loaded) config.embedding.model = model.model;
  return model;
}

async function embedderOrWarning(config: Config): Promise<Embedder | null> {
  const model = await useModel(config);
  if (model.loaded) return model.embedder;
  if (model.disabled) {
    process.stderr.write(`${model.reason}: papers are stored without vectors\n`);
    return null;
  }
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
  source: Source,
  config: Config,
  store: GraphStore,
  embedder: Embedder | null,
): Promise<IngestReport> {
  const progress = progressReporter(`ingest ${source.name}`);
  try {
    return await ingest(source.name, source.items, store, {
      batchSize: config.batchSize,
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
function where(r: Pick<Rejection, 'source' | 'line' | 'entry'>): string {
  return r.entry ? `${r.source}: entry ${r.entry}` : `${r.source}:${r.line}`;
}

function printReport(report: IngestReport): void {
  const notes = [
    ...report.rejected.map((r) => ({ line: r.line, text: `${where(r)}: rejected: ${r.reason}` })),
    ...report.warnings.map((w) => ({ line: w.line, text: `${where(w)}: warning: ${w.reason}` })),
    ...report.merged.map((m) => ({
      line: m.line,
      text: `${where(m)}: merged: ${m.id} is the stored paper ${m.into} (same ${m.by}); it answers to both ids`,
    })),
  ].sort((a, b) => a.line - b.line);
  for (const note of notes) process.stderr.write(`${note.text}\n`);
  const accepted = report.inserted + report.updated + report.unchanged + report.refreshed;
  const lines = [
    `${report.source}: read ${report.read} records in ${report.seconds.toFixed(1)}s`,
    `  accepted  ${accepted} (new ${report.inserted}, changed ${report.updated}, unchanged ${report.unchanged}, ` +
      `refreshed ${report.refreshed})`,
    `  rejected  ${report.rejected.length}${report.rejected.length ? ' (listed above with file:line and reason)' : ''}`,
  ];
  if (report.warnings.length) {
    lines.push(`  warnings  ${report.warnings.length} (stored with something left out or cut; listed above with file:line)`);
  }
  if (report.merged.length) {
    lines.push(`  merged    ${report.merged.length} (copies of stored papers from another source; listed above with file:line)`);
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
      .map(([model, n]) =>
        model === BUNDLED_MODEL
          ? `other vectors   ${n} (model ${model}, bundled: used while ${config.embedding.model} cannot be loaded)`
          : `other vectors   ${n} (model ${model}: not used; \`npx litgraph embed\` replaces them)`,
      ),
  ];
  if (stats.papers > current) lines.push(`missing vectors ${stats.papers - current} (run \`npx litgraph embed\`)`);
  process.stdout.write(`${lines.join('\n')}\n`);
}

/** Removes an SQLite store file (and its WAL files) that a failed run created. */
function removeStoreFile(file: string): void {
  for (const suffix of ['', '-wal', '-shm']) fs.rmSync(file + suffix, { force: true });
}

/** The model, loaded once for the server's life; without one the server still serves, lexical only. */
async function serverModel(config: Config): Promise<ModelStatus> {
  const model = await useModel(config);
  if (!model.loaded && !model.disabled) {
    process.stderr.write(
      `\n*** WARNING: ${model.reason}\n*** Serving without the embedding model: search is lexical only and ` +
        `related work lacks the embedding signal (GET /healthz says so).\n\n`,
    );
  }
  return model;
}

/**
 * Embeds, while the server serves, every stored paper without a vector from the loaded model (a store ingested with
 * no model or with another one); GET /healthz says "degraded" and counts them until done. Stops after the batch in
 * hand when `signal` aborts.
 */
async function fillInBackground(config: Config, store: GraphStore, embedder: Embedder, signal: AbortSignal): Promise<void> {
  let progress: ReturnType<typeof progressReporter> | undefined;
  try {
    const stats = await store.stats();
    const missing = stats.papers - (stats.vectorsByModel[embedder.modelId] ?? 0);
    if (missing === 0) return;
    process.stderr.write(
      `${missing} of ${stats.papers} papers have no ${embedder.modelId} vector: embedding them while serving ` +
        `(GET /healthz says "degraded" until done)\n`,
    );
    progress = progressReporter(`embed with ${embedder.modelId}`);
    const n = await fillMissingVectors(store, embedder, {
      batchSize: config.batchSize,
      signal,
      onProgress: (papers) => progress?.update({ papers, fraction: Math.min(1, papers / missing) }),
    });
    progress.stop();
    process.stderr.write(
      signal.aborted
        ? `stopped embedding after ${n} papers: the next start goes on\n`
        : `embedded ${n} papers with ${embedder.modelId}: every paper has its vector\n`,
    );
  } catch (err) {
    progress?.stop();
    process.stderr.write(
      `litgraph: embedding the missing vectors failed (${(err as Error).message}); the server goes on without them, ` +
        `\`npx litgraph embed\` fills them in\n`,
    );
  }
}

/**
 * Serves until SIGINT or SIGTERM, filling in missing vectors meanwhile, then stops taking requests, lets those in
 * flight finish and ends the filling after its current batch.
 */
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
      `explorer: ${server.url}explore/  (concept maps, method families, related work)\n` +
      (server.graphBehind
        ? `The corpus graph was out of date (an earlier run stopped before updating it): updating it in the background ` +
          `while serving (the corpusGraph query says when it is fresh)\n`
        : ''),
  );
  const stopFilling = new AbortController();
  const filling = model.loaded ? fillInBackground(config, store, model.embedder, stopFilling.signal) : Promise.resolve();
  const signal = await new Promise<NodeJS.Signals>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  process.stdout.write(`${signal}: stopping (finishing requests in flight, then closing the store)\n`);
  stopFilling.abort();
  await server.stop();
  await filling;
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
      if (opts.batchSize) config.batchSize = opts.batchSize;
      // The input first: an input that cannot be read leaves no store behind.
      const source = await openSource(input);
      const created = !config.neo4j && !fs.existsSync(config.dbPath);
      const report = await withStore(config, async (store) =>
        ingestInput(source, config, store, await embedderOrWarning(config)),
      ).catch((err: unknown) => {
        if (created) removeStoreFile(config.dbPath);
        throw err;
      });
      if (created && report.inserted === 0) removeStoreFile(config.dbPath);
      if (jsonOutput(program)) printJson(report);
      else printReport(report);
      if (report.rejected.length) process.exitCode = EXIT.rejected;
    });

  program
    .command('embed')
    .description('embed every stored paper that has no vector from the configured model')
    .action(async () => {
      const config = configFrom(program);
      const model = await useModel(config);
      if (!model.loaded) throw new CliError(model.disabled ? `${model.reason}: there is no model to embed with` : model.reason);
      const { embedder } = model;
      const n = await withStore(config, async (store) => {
        const progress = progressReporter('embed');
        try {
          return await fillMissingVectors(store, embedder, {
            batchSize: config.batchSize,
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
      const from = await openStoreAt(opts.from, config, { mustExist: true });
      try {
        const to = await openStoreAt(opts.to, config);
        try {
          const progress = progressReporter(`copy to ${to.description}`);
          const report = await copyGraph(from, to, {
            batchSize: config.batchSize,
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
      await withStore(config, async (store) => {
        await serve(config, store, await serverModel(config));
      });
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
          const source = await openSource(SAMPLE_CORPUS);
          printReport(await ingestInput(source, config, store, model.loaded ? model.embedder : null));
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
  program.addCommand(removeCommand(program));
  program.addCommand(rebuildCommand(program));
  return program;
}

/**
 * Runs the CLI; failures print one clear message and set a non-zero exit code. An unexpected error says so in one
 * line too; LITGRAPH_DEBUG=1 adds its stack trace.
 */
export async function main(argv: string[]): Promise<void> {
  loadDotenv();
  try {
    await buildCli().parseAsync(argv);
  } catch (err) {
    const expected =
      err instanceof ConfigError ||
      err instanceof SourceError ||
      err instanceof CliError ||
      err instanceof CommandError ||
      err instanceof StoreError ||
      err instanceof RelatedInputError;
    const message = err instanceof Error ? err.message : String(err);
    process.stderr.write(
      expected
        ? `litgraph: ${message}\n`
        : `litgraph: unexpected error: ${message.split('\n')[0]} (LITGRAPH_DEBUG=1 shows where)\n`,
    );
    if (!expected && process.env.LITGRAPH_DEBUG) process.stderr.write(`${(err as Error).stack}\n`);
    process.exitCode = EXIT.failed;
  }
}

if (require.main === module) {
  void main(process.argv);
}
