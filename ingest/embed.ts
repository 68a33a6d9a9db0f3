import fs from 'node:fs';
import path from 'node:path';
import { PROJECT_ROOT } from '../src/paths';

/** LITGRAPH_EMBEDDING_MODEL=none: no model at all; papers are stored without vectors. */
export const NO_MODEL = 'none';

/** Which model to load and how to run it. */
export interface EmbedderOptions {
  /**
   * Model id: a hub id (`Xenova/all-MiniLM-L6-v2`), a folder name inside `modelDir`, the bundled `use-lite`, or
   * `none` (NO_MODEL) for no model.
   */
  model: string;
  /** Folder of local transformers.js models; when set, nothing is downloaded. */
  modelDir?: string;
  /** Where downloaded models are cached. */
  cacheDir: string;
  /** Text windows per model call (LITGRAPH_EMBED_BATCH_SIZE): more is faster up to the CPU's width, and takes more memory. */
  windowsPerCall: number;
}

/** The model shipped in the repository (models/use-lite: USE-Lite, Apache-2.0, see its NOTICE): loads offline. */
export const BUNDLED_MODEL = 'use-lite';
export const BUNDLED_MODEL_DIR = path.join(PROJECT_ROOT, 'models');

/** Sentence encoders of the MiniLM class are trained on inputs up to 256 tokens; longer windows add little. */
const MAX_WINDOW_TOKENS = 256;
/** Windows embedded per paper at most: a pasted full text is embedded by its first windows, not its whole length. */
const MAX_WINDOWS_PER_TEXT = 32;
/**
 * Characters per token at most, for cutting by characters before the tokenizer runs (WordPiece and SentencePiece
 * tokens of English are far shorter): a sentence is tokenized only up to what its window can hold, so no input
 * makes the tokenizer read more than that (the segmenter reads a text once, lazily, up to its 32nd window).
 */
const MAX_CHARS_PER_TOKEN = 16;

/** A piece of a text that fits the model's window, and its length in tokens (special tokens excluded). */
export interface TextWindow {
  text: string;
  tokens: number;
}

export interface Embedder {
  /** Recorded with every vector it makes. */
  readonly modelId: string;
  readonly dimensions: number;
  /** Tokens per window (special tokens included). */
  readonly windowTokens: number;
  /** One unit-length vector per text; a text longer than the window is split (see `windows`). */
  embed(texts: string[]): Promise<Float32Array[]>;
  /** How a text is cut into windows that fit the model: sentences packed in order, at most 32 windows. */
  windows(text: string): TextWindow[];
  /** `embed` for texts already cut by `windows`: lets a caller do the CPU-side cutting while the model runs. */
  embedWindowed(windowed: TextWindow[][]): Promise<Float32Array[]>;
}

export class EmbedderUnavailable extends Error {
  constructor(
    readonly modelId: string,
    /** Why, in a few words (the message adds what to do). */
    readonly reason: string,
  ) {
    super(
      `no embedding model could be loaded (${modelId}: ${reason}). Set LITGRAPH_MODEL_DIR and ` +
        `LITGRAPH_EMBEDDING_MODEL to a local transformers.js model folder (for example ${BUNDLED_MODEL_DIR} and ` +
        `${BUNDLED_MODEL}), or allow the model hub to be reached, then run \`npx litgraph embed\` to fill in the missing vectors.`,
    );
    this.name = 'EmbedderUnavailable';
  }
}

type Transformers = typeof import('@huggingface/transformers');
/** The parts of transformers.js's feature-extraction pipeline used here (its own typings are a union too wide to call). */
interface Extractor {
  (texts: string[], options: { pooling: 'mean'; normalize: boolean; truncation: boolean }): Promise<{ data: unknown }>;
  tokenizer: { encode(text: string, options?: { add_special_tokens?: boolean }): number[]; model_max_length?: number };
  model: { config: { max_position_embeddings?: number; hidden_size?: number } };
}

const sentenceSegmenter = new Intl.Segmenter('en', { granularity: 'sentence' });

class TransformersEmbedder implements Embedder {
  readonly dimensions: number;
  readonly windowTokens: number;

  constructor(
    readonly modelId: string,
    private readonly extractor: Extractor,
    private readonly windowsPerCall: number,
  ) {
    const config = extractor.model.config;
    this.windowTokens = Math.min(
      extractor.tokenizer.model_max_length ?? MAX_WINDOW_TOKENS,
      config.max_position_embeddings ?? MAX_WINDOW_TOKENS,
      MAX_WINDOW_TOKENS,
    );
    this.dimensions = config.hidden_size ?? 0;
  }

  private tokenCount(text: string): number {
    return this.extractor.tokenizer.encode(text, { add_special_tokens: false }).length;
  }

  windows(text: string): TextWindow[] {
    const budget = this.windowTokens - 2;
    const sentenceChars = budget * MAX_CHARS_PER_TOKEN;
    const out: TextWindow[] = [];
    let current = '';
    let tokens = 0;
    for (const { segment: whole } of sentenceSegmenter.segment(text)) {
      // A sentence longer than a window is truncated to it (by the model, as before): cut it by characters first.
      const segment = whole.length > sentenceChars ? whole.slice(0, sentenceChars) : whole;
      const n = this.tokenCount(segment);
      if (current && tokens + n > budget) {
        out.push({ text: current.trim(), tokens: Math.min(tokens, budget) });
        if (out.length === MAX_WINDOWS_PER_TEXT) return out;
        current = '';
        tokens = 0;
      }
      current += segment;
      tokens += n;
    }
    if (current.trim()) out.push({ text: current.trim(), tokens: Math.max(1, Math.min(tokens, budget)) });
    return out;
  }

  /** The model alone, one vector per window, `windowsPerCall` windows a call. */
  private async runModel(windows: string[]): Promise<Float32Array[]> {
    const out: Float32Array[] = [];
    for (let i = 0; i < windows.length; i += this.windowsPerCall) {
      const batch = windows.slice(i, i + this.windowsPerCall);
      const tensor = await this.extractor(batch, { pooling: 'mean', normalize: true, truncation: true });
      const data = tensor.data as Float32Array;
      const width = data.length / batch.length;
      for (let j = 0; j < batch.length; j++) out.push(data.slice(j * width, (j + 1) * width));
    }
    return out;
  }

  embed(texts: string[]): Promise<Float32Array[]> {
    return this.embedWindowed(texts.map((t) => this.windows(t)));
  }

  async embedWindowed(windowed: TextWindow[][]): Promise<Float32Array[]> {
    const flat = windowed.flatMap((ws, textIndex) => ws.map((w) => ({ ...w, textIndex })));
    // Similar lengths in one model call waste less padding.
    const order = flat.map((_, i) => i).sort((a, b) => flat[a].tokens - flat[b].tokens);
    const vectors = await this.runModel(order.map((i) => flat[i].text));
    const sums = windowed.map(() => new Float32Array(vectors[0]?.length ?? this.dimensions));
    order.forEach((flatIndex, k) => {
      const { textIndex, tokens } = flat[flatIndex];
      const sum = sums[textIndex];
      const v = vectors[k];
      for (let d = 0; d < v.length; d++) sum[d] += v[d] * tokens;
    });
    return sums.map(normalizeInPlace);
  }
}

function normalizeInPlace(v: Float32Array): Float32Array {
  let norm = 0;
  for (let d = 0; d < v.length; d++) norm += v[d] * v[d];
  norm = Math.sqrt(norm);
  if (norm > 0) for (let d = 0; d < v.length; d++) v[d] /= norm;
  return v;
}

/**
 * Loads the configured model: from LITGRAPH_MODEL_DIR when set (never downloading), else a bundled model by its
 * folder name (`use-lite`), else from the model hub into the cache. Throws EmbedderUnavailable with what to set
 * when it cannot.
 */
export async function loadEmbedder(config: EmbedderOptions): Promise<Embedder> {
  if (config.model === NO_MODEL) {
    throw new EmbedderUnavailable(config.model, `LITGRAPH_EMBEDDING_MODEL=${NO_MODEL} switches embedding off`);
  }
  const transformers: Transformers = await import('@huggingface/transformers');
  const { env } = transformers;
  env.logLevel = transformers.LogLevel.ERROR;
  const bundled = fs.existsSync(path.join(BUNDLED_MODEL_DIR, config.model, 'config.json'));
  const modelDir = config.modelDir ?? (bundled ? BUNDLED_MODEL_DIR : undefined);
  if (modelDir) {
    const folder = path.join(modelDir, config.model);
    if (!fs.existsSync(path.join(folder, 'config.json'))) {
      throw new EmbedderUnavailable(config.model, `no transformers.js model at ${folder} (config.json is missing)`);
    }
    env.localModelPath = modelDir;
    env.allowLocalModels = true;
    env.allowRemoteModels = false;
  } else {
    env.allowLocalModels = false;
    env.allowRemoteModels = true;
    env.cacheDir = config.cacheDir;
  }
  try {
    const extractor = (await transformers.pipeline('feature-extraction', config.model, {
      dtype: 'fp32',
      local_files_only: Boolean(modelDir),
    })) as unknown as Extractor;
    return new TransformersEmbedder(config.model, extractor, config.windowsPerCall);
  } catch (err) {
    throw new EmbedderUnavailable(config.model, (err as Error).message.split('\n')[0]);
  }
}

/** The configured model, or, when it cannot be loaded, the bundled one and why the configured one was not used. */
export async function loadEmbedderOrBundled(
  config: EmbedderOptions,
): Promise<{ embedder: Embedder; fallbackReason?: string }> {
  try {
    return { embedder: await loadEmbedder(config) };
  } catch (err) {
    if (!(err instanceof EmbedderUnavailable) || config.model === NO_MODEL) throw err;
    const bundled = { ...config, model: BUNDLED_MODEL, modelDir: BUNDLED_MODEL_DIR };
    const embedder = await loadEmbedder(bundled).catch((bundledErr: unknown) => {
      if (!(bundledErr instanceof EmbedderUnavailable)) throw bundledErr;
      throw new EmbedderUnavailable(config.model, `${err.reason}; nor the bundled ${BUNDLED_MODEL}: ${bundledErr.reason}`);
    });
    return { embedder, fallbackReason: err.reason };
  }
}
