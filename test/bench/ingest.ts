/**
 * npm run bench:ingest [corpus.jsonl]: ingest throughput and memory, printed as figures.
 *
 *   raw model      the model alone on exactly the windows the pipeline embeds, in the same batches
 *   extraction     concepts, methods and lineage cues of every paper, alone (the pipeline does it while the model runs)
 *   pipeline       a full ingest of the corpus into a fresh embedded store (parse, validate, hash, window, embed, write)
 *   unchanged      the same ingest again: every paper is recognised as unchanged
 *
 * Uses LITGRAPH_MODEL_DIR / LITGRAPH_EMBEDDING_MODEL when set, else the bundled models/use-lite.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { SqliteGraphStore } from '../../graph/sqlite/store';
import { BUNDLED_MODEL, BUNDLED_MODEL_DIR, loadEmbedder } from '../../ingest/embed';
import { embeddingText, normalize } from '../../ingest/normalize';
import { extractPaper } from '../../ingest/extract';
import { ingest } from '../../ingest/pipeline';
import { openSource } from '../../ingest/sources';
import { loadConfig } from '../../src/config';
import type { PaperDraft } from '../../src/domain';
import { evalData, ML_PAPERS_WHAT, requireData } from '../eval/data';


function peakRssMiB(): number {
  return process.resourceUsage().maxRSS / 1024;
}

async function main(): Promise<void> {
  const corpus = process.argv[2]
    ? requireData(path.resolve(process.argv[2]), 'a corpus file (JSON Lines or a paper listing)')
    : evalData('ml-papers/papers.jsonl', ML_PAPERS_WHAT);
  const config = loadConfig({
    ...process.env,
    LITGRAPH_MODEL_DIR: process.env.LITGRAPH_MODEL_DIR ?? BUNDLED_MODEL_DIR,
    LITGRAPH_EMBEDDING_MODEL: process.env.LITGRAPH_MODEL_DIR ? process.env.LITGRAPH_EMBEDDING_MODEL : BUNDLED_MODEL,
  });
  const { batchSize } = config;
  const embedder = await loadEmbedder(config.embedding);
  console.log(`corpus ${corpus}`);
  console.log(`model ${embedder.modelId} (${embedder.dimensions}-d, ${embedder.windowTokens}-token window), ${batchSize} papers per batch, ${config.embedding.windowsPerCall} windows per model call, ${os.cpus().length} cores`);

  // The windows the pipeline will embed, grouped and ordered as it groups and orders them.
  const drafts: PaperDraft[] = [];
  const source = await openSource(corpus);
  for await (const item of source.items) {
    const result = item.kind === 'record' ? normalize(item.raw) : undefined;
    if (result?.ok) drafts.push(result.draft);
  }
  const texts = drafts.map(embeddingText);
  const batches: string[][] = [];
  for (let i = 0; i < texts.length; i += batchSize) {
    const windows = texts.slice(i, i + batchSize).flatMap((t) => embedder.windows(t));
    batches.push(windows.sort((a, b) => a.tokens - b.tokens).map((w) => w.text));
  }
  const windowCount = batches.reduce((n, b) => n + b.length, 0);
  let modelSeconds = 0;
  for (const batch of batches) {
    const t = performance.now();
    // One window per text: embedWindowed then runs the model alone on exactly these windows.
    await embedder.embedWindowed(batch.map((text) => [{ text, tokens: 1 }]));
    modelSeconds += (performance.now() - t) / 1000;
  }
  const rawPapersPerSecond = texts.length / modelSeconds;
  console.log(
    `raw model      ${(windowCount / modelSeconds).toFixed(1)} texts/s (${windowCount} windows of ${texts.length} papers in ${modelSeconds.toFixed(1)}s = ${rawPapersPerSecond.toFixed(1)} papers/s)`,
  );
  const extractStarted = performance.now();
  for (const draft of drafts) extractPaper(draft);
  const extractSeconds = (performance.now() - extractStarted) / 1000;
  console.log(
    `extraction     ${(drafts.length / extractSeconds).toFixed(1)} papers/s (${extractSeconds.toFixed(1)}s), ` +
      `${((100 * extractSeconds) / modelSeconds).toFixed(1)}% of the embedding time per paper (aim: under 25%)`,
  );

  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'litgraph-bench-'));
  const store = new SqliteGraphStore(path.join(dir, 'bench.db'));
  try {
    const run = async () => {
      const s = await openSource(corpus);
      return ingest(s.name, s.items, store, { batchSize, embedder });
    };
    const full = await run();
    const pipelinePapersPerSecond = (full.inserted + full.updated) / full.seconds;
    console.log(
      `pipeline       ${pipelinePapersPerSecond.toFixed(1)} papers/s (${full.inserted} new papers in ${full.seconds.toFixed(1)}s), ` +
        `${((100 * pipelinePapersPerSecond) / rawPapersPerSecond).toFixed(1)}% of raw model throughput (aim: at least 85%)`,
    );
    console.log(`corpus graph   rebuilt in ${full.corpusSeconds.toFixed(2)}s after the ingest (${JSON.stringify(await store.stats(), ['concepts', 'methods', 'lineageEdges'])})`);
    const again = await run();
    console.log(
      `unchanged      ${(again.unchanged / again.seconds).toFixed(0)} papers/s (${again.unchanged} unchanged papers in ${again.seconds.toFixed(2)}s; aim: at least 2,000/s)`,
    );
    console.log(`peak memory    ${peakRssMiB().toFixed(0)} MiB RSS`);
  } finally {
    await store.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((err) => {
  console.error(err);
  process.exitCode = 1;
});
