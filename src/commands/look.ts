import { Command, InvalidArgumentError, Option } from 'commander';
import { openStore } from '../../graph';
import type { GraphStore } from '../../graph/store';
import type { Paper } from '../domain';
import { bibtexEntry } from '../export/formats';
import { KnowledgeService, type LineageDirection } from '../services/knowledge';
import { loadModel } from '../services/model';
import { RelatedService } from '../services/related';
import { CommandError, configFrom, jsonOutput, printJson } from './global';

/** Quick looks in a terminal, through the same services as the GraphQL API. */

function count(max: number) {
  return (value: string): number => {
    const n = Number(value);
    if (!Number.isInteger(n) || n < 1 || n > max) throw new InvalidArgumentError(`must be a whole number from 1 to ${max}`);
    return n;
  };
}

async function withStore<T>(program: Command, run: (store: GraphStore, config: ReturnType<typeof configFrom>) => Promise<T>): Promise<T> {
  const config = configFrom(program);
  const store = await openStore(config);
  try {
    return await run(store, config);
  } finally {
    await store.close();
  }
}

const titleLine = (p: Pick<Paper, 'title' | 'year' | 'id'>) => `${p.title}${p.year ? ` (${p.year})` : ''}  [${p.id}]`;

/** `litgraph related <id>` / `litgraph related --text "…"`. */
export function relatedCommand(program: Command): Command {
  return new Command('related')
    .description('papers related to a stored paper (by id) or to a text, with the reason for each')
    .argument('[id]', 'id of a stored paper (as `stats`, exports and the API show it)')
    .option('--text <text>', 'a draft abstract or any text, instead of a paper id')
    .option('--first <n>', 'how many papers (1 to 100, default 10)', count(100), 10)
    .option('--bibtex', 'print the related papers as BibTeX entries')
    .action(async (id: string | undefined, opts: { text?: string; first: number; bibtex?: boolean }) => {
      if ((id === undefined) === (opts.text === undefined)) {
        throw new CommandError('related needs a paper id or --text "…" (one of them)');
      }
      await withStore(program, async (store, config) => {
        let results;
        if (opts.text !== undefined) {
          const model = await loadModel(config.embedding);
          if (!model.loaded) process.stderr.write(`warning: ${model.reason}: related work without the embedding signal\n`);
          results = await new RelatedService(store, config.embedding.model, model.loaded ? model.embedder : null).relatedToText(
            opts.text,
            opts.first,
          );
        } else {
          const paper = (await store.getPapers([id!])).get(id!);
          if (!paper) {
            throw new CommandError(`no paper with id "${id}" in ${store.description} (\`npx litgraph export --format csv\` lists them)`);
          }
          results = await new RelatedService(store, config.embedding.model).related(paper, opts.first);
        }
        const papers = await store.getPapers(results.map((r) => r.id));
        if (opts.bibtex) {
          const keys = new Set<string>();
          for (const r of results) process.stdout.write(bibtexEntry(papers.get(r.id)!, keys));
          return;
        }
        if (jsonOutput(program)) {
          printJson(
            results.map((r) => {
              const p = papers.get(r.id)!;
              return { id: r.id, title: p.title, year: p.year ?? null, score: r.score, reason: r.reason };
            }),
          );
          return;
        }
        if (!results.length) process.stdout.write('no related papers found\n');
        results.forEach((r, i) => {
          process.stdout.write(`${String(i + 1).padStart(2)}. ${r.score.toFixed(3)}  ${titleLine(papers.get(r.id)!)}\n      ${r.reason}\n`);
        });
      });
    });
}

/** `litgraph lineage <method>`. */
export function lineageCommand(program: Command): Command {
  return new Command('lineage')
    .description('where a method comes from and what grew out of it, each link with the sentence that states it')
    .argument('<method>', 'a method name, alias or acronym ("MoE", "mixture of experts")')
    .addOption(
      new Option('--direction <way>', 'ancestors, descendants or both').choices(['ancestors', 'descendants', 'both']).default('both'),
    )
    .option('--depth <n>', 'lineage links to follow (1 to 8, default 3)', count(8), 3)
    .option('--first <n>', 'the most confident links to keep (1 to 100, default 50)', count(100), 50)
    .action(async (name: string, opts: { direction: string; depth: number; first: number }) => {
      await withStore(program, async (store) => {
        const lineage = await new KnowledgeService(store).lineage(
          name,
          opts.direction.toUpperCase() as LineageDirection,
          opts.depth,
          opts.first,
        );
        if (!lineage) throw new CommandError(`no method called "${name}" in ${store.description}`);
        const names = new Map([lineage.root, ...lineage.nodes].map((m) => [m.key, m.name]));
        if (jsonOutput(program)) {
          printJson({
            method: lineage.root.name,
            edges: lineage.edges.map((e) => ({
              child: names.get(e.child) ?? e.child,
              parent: names.get(e.parent) ?? e.parent,
              relation: e.relation,
              confidence: e.confidence,
              paperId: e.paperId,
              evidence: e.evidence,
            })),
          });
          return;
        }
        const papers = lineage.root.paperCount;
        const lines = [`${lineage.root.name} (${papers} paper${papers === 1 ? '' : 's'})`];
        if (!lineage.edges.length) lines.push('  no lineage links found');
        for (const e of lineage.edges) {
          lines.push(
            `  ${names.get(e.child) ?? e.child} ${e.relation} ${names.get(e.parent) ?? e.parent}  ` +
              `(confidence ${e.confidence.toFixed(2)}, paper ${e.paperId})`,
            `      "${e.evidence}"`,
          );
        }
        process.stdout.write(`${lines.join('\n')}\n`);
      });
    });
}
