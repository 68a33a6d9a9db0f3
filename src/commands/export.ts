import fs from 'node:fs';
import { finished } from 'node:stream/promises';
import { Command, Option } from 'commander';
import { openStore } from '../../graph';
import { EXPORT_FORMATS, ExportError, defaultWhat, writeExport, type ExportFormat } from '../export/formats';
import { EXPORT_WHAT, type ExportWhat } from '../export/graph';
import { CommandError, configFrom, jsonOutput, printJson } from './global';

async function openOut(file: string): Promise<fs.WriteStream> {
  const out = fs.createWriteStream(file);
  await new Promise((resolve, reject) => {
    out.once('open', resolve);
    out.once('error', (err) => reject(new CommandError(`cannot write ${file}: ${err.message}`)));
  });
  return out;
}

/** `litgraph export`: the graph or its tables in a file (or on stdout) that other tools open. */
export function exportCommand(program: Command): Command {
  return new Command('export')
    .description('write the graph (GraphML, JSON) or a table (CSV) or the papers (BibTeX) to stdout or a file')
    .addOption(new Option('--format <format>', 'output format').choices(EXPORT_FORMATS).makeOptionMandatory())
    .addOption(
      new Option('--what <what>', 'what to export (default: all for graphml/json, papers for csv/bibtex)').choices(
        EXPORT_WHAT,
      ),
    )
    .option('--out <file>', 'write to this file instead of stdout')
    .action(async (opts: { format: ExportFormat; what?: ExportWhat; out?: string }) => {
      const config = configFrom(program);
      const store = await openStore(config);
      try {
        const out = opts.out ? await openOut(opts.out) : process.stdout;
        // A reader that stops early (`| head`) closes the pipe: the write fails with EPIPE and the export just stops.
        const ignore = () => undefined;
        out.on('error', ignore);
        const summary = await writeExport(store, opts.format, opts.what ?? defaultWhat(opts.format), out)
          .catch((err: NodeJS.ErrnoException) => {
            if (err.code === 'EPIPE') return null;
            throw err instanceof ExportError ? new CommandError(err.message) : err;
          })
          .finally(() => out.off('error', ignore));
        if (!summary) return;
        if (opts.out) {
          (out as fs.WriteStream).end();
          await finished(out as fs.WriteStream);
        }
        const counts =
          summary.rows !== undefined ? `${summary.rows} rows` : `${summary.nodes} nodes, ${summary.edges} edges`;
        // With the export on stdout the summary goes to stderr, so that a pipe gets the file alone.
        if (jsonOutput(program) && opts.out) printJson({ ...summary, out: opts.out });
        else process.stderr.write(`exported ${summary.what} as ${summary.format}: ${counts}${opts.out ? ` to ${opts.out}` : ''}\n`);
      } finally {
        await store.close();
      }
    });
}
