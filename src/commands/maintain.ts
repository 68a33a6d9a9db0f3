import { Command } from 'commander';
import { openStore } from '../../graph';
import { updateCorpusGraph } from '../../ingest/corpus';
import { removePapers } from '../services/remove';
import { configFrom, EXIT, jsonOutput, printJson } from './global';

/** Keeping a store: removing papers, rebuilding the corpus graph. Both need an existing store, never create one. */

/** `litgraph remove <id…>`: as the `removePapers` mutation. */
export function removeCommand(program: Command): Command {
  return new Command('remove')
    .description('remove papers, with everything they contributed, then update the corpus graph')
    .argument('<id...>', 'ids of stored papers (as `stats`, exports and the API show them), or aliases of them (a DOI, an arXiv id)')
    .addHelpText(
      'after',
      `
Each paper goes with its vector, knowledge, full-text entry, aliases, references and citations, and its share of
the corpus graph. An alias removes the paper it names, whole. Papers citing a removed paper keep their references,
now unresolved. Exit code 0 when every id named a paper; 2 when some named none (each listed on standard error; the
others are removed); 1 when the command fails.`,
    )
    .action(async (ids: string[]) => {
      const config = configFrom(program);
      const store = await openStore(config, { mustExist: true });
      try {
        const report = await removePapers(store, ids);
        for (const id of report.unknown) process.stderr.write(`${id}: unknown: no paper has this id or alias\n`);
        if (jsonOutput(program)) printJson(report);
        else {
          const alias = new Map(report.aliases.map((a) => [a.paperId, a.alias]));
          const lines = [
            `removed ${report.removed.length} paper${report.removed.length === 1 ? '' : 's'} from ${store.description}`,
            ...report.removed.map((id) => `  ${id}${alias.has(id) ? ` (named by its alias ${alias.get(id)})` : ''}`),
          ];
          if (report.unknown.length) lines.push(`unknown ${report.unknown.length} (listed above): nothing removed for them`);
          if (report.corpusSeconds) lines.push(`corpus graph updated in ${report.corpusSeconds.toFixed(2)}s`);
          process.stdout.write(`${lines.join('\n')}\n`);
        }
        if (report.unknown.length) process.exitCode = EXIT.rejected;
      } finally {
        await store.close();
      }
    });
}

/** `litgraph rebuild`: the corpus graph from scratch, whether or not it was up to date. */
export function rebuildCommand(program: Command): Command {
  return new Command('rebuild')
    .description(
      'rebuild the corpus graph (concepts, co-occurrence, communities, methods, lineage) from every stored paper, ' +
        'from scratch, even when it is up to date',
    )
    .action(async () => {
      const config = configFrom(program);
      const store = await openStore(config, { mustExist: true });
      try {
        await store.invalidateCorpusGraph();
        // With its communities, in the same write: a rebuild leaves nothing for later.
        const { seconds, written } = await updateCorpusGraph(store, undefined, undefined, { communities: true });
        const stats = await store.stats();
        const summary = {
          store: store.description,
          seconds,
          written,
          papers: stats.papers,
          concepts: stats.concepts,
          methods: stats.methods,
          lineageEdges: stats.lineageEdges,
        };
        if (jsonOutput(program)) printJson(summary);
        else {
          process.stdout.write(
            written
              ? `rebuilt the corpus graph of ${store.description} from ${stats.papers} papers in ${seconds.toFixed(2)}s: ` +
                  `${stats.concepts} concepts, ${stats.methods} methods, ${stats.lineageEdges} lineage edges\n`
              : `another process wrote a newer corpus graph of ${store.description} meanwhile: it stands (${stats.concepts} ` +
                  `concepts, ${stats.methods} methods, ${stats.lineageEdges} lineage edges)\n`,
          );
        }
      } finally {
        await store.close();
      }
    });
}
