import os from 'node:os';
import fs from 'node:fs';
import {
  BUNDLED_MODEL_DIR,
  EmbedderUnavailable,
  loadEmbedder,
  loadEmbedderOrBundled,
  type Embedder,
} from '../../ingest/embed';
import { embeddingText } from '../../ingest/normalize';
import { SAMPLE_CORPUS } from '../../src/paths';
import { loadModel } from '../../src/services/model';
import { tempDir, testConfig, testEmbedder } from '../support/fixtures';

function samplePaper(titleStart: string): { title: string; abstract: string } {
  const lines = fs.readFileSync(SAMPLE_CORPUS, 'utf8').split('\n');
  const i = lines.findIndex((l) => l.startsWith(titleStart));
  if (i < 0) throw new Error(`no sample paper titled ${titleStart}…`);
  return { title: lines[i], abstract: lines[i + 1] };
}

const cosine = (a: Float32Array, b: Float32Array) => a.reduce((s, x, i) => s + x * b[i], 0);
const norm = (a: Float32Array) => Math.sqrt(cosine(a, a));

let embedder: Embedder;
beforeAll(async () => {
  embedder = await testEmbedder();
});

test('the real model loads from the local folder and records its id', () => {
  expect(embedder.modelId).toBe('use-lite');
  expect(embedder.dimensions).toBe(512);
  expect(embedder.windowTokens).toBe(128);
});

test('two mixup-augmentation abstracts are closer to each other than to the Kelvin-Helmholtz one', async () => {
  const [automix, puzzleMix, kelvin] = await embedder.embed(
    [samplePaper('AutoMix:'), samplePaper('Puzzle Mix:'), samplePaper('Observational signatures of mixing')].map(
      embeddingText,
    ),
  );
  const mixups = cosine(automix, puzzleMix);
  expect(mixups).toBeGreaterThan(cosine(automix, kelvin) + 0.1);
  expect(mixups).toBeGreaterThan(cosine(puzzleMix, kelvin) + 0.1);
});

test('an abstract longer than the window is embedded whole, window by window, into one unit vector', async () => {
  const paper = samplePaper('AutoMix:');
  const text = embeddingText(paper);
  const windows = embedder.windows(text);
  expect(windows.length).toBeGreaterThan(1);
  expect(windows.map((w) => w.text).join(' ')).toBe(text);
  for (const w of windows) expect(w.tokens).toBeLessThanOrEqual(embedder.windowTokens - 2);
  const [whole] = await embedder.embed([text]);
  // One window of the whole text: the model truncates it to its first window.
  const [firstWindowOnly] = await embedder.embedWindowed([[{ text, tokens: 1 }]]);
  expect(norm(whole)).toBeCloseTo(1, 5);
  expect(cosine(whole, firstWindowOnly)).toBeLessThan(0.999);
  expect(cosine(whole, firstWindowOnly)).toBeGreaterThan(0.5);
});

test('a pasted full text is capped at 32 windows', () => {
  const text = 'Mixup interpolates pairs of training examples and their labels. '.repeat(2000);
  expect(embedder.windows(text)).toHaveLength(32);
});

test('a 10 MB one-sentence text is cut by characters before the tokenizer sees it: one window, embedded', async () => {
  // Tokenizing it whole overflowed the call stack (the tokenizer pushes a sentence's tokens as call arguments).
  const text = `${'word '.repeat(2_000_000)}end.`;
  const windows = embedder.windows(text);
  expect(windows).toHaveLength(1);
  expect(windows[0].tokens).toBe(embedder.windowTokens - 2);
  expect(windows[0].text.length).toBeLessThan(10_000);
  const [vector] = await embedder.embed([text]);
  expect(norm(vector)).toBeCloseTo(1, 5);
  // The same as the model's own truncation of the sentence's start.
  const [truncated] = await embedder.embedWindowed([[{ text: 'word '.repeat(500), tokens: 1 }]]);
  expect(cosine(vector, truncated)).toBeCloseTo(1, 4);
});

test('a long sentence in the middle keeps its window truncated, and a 10 MB text of sentences stops at 32 windows', () => {
  const long = embedder.windows(`Short start. ${'Word '.repeat(100_000)}end. Short end.`);
  expect(long.map((w) => w.tokens)).toEqual([expect.any(Number), embedder.windowTokens - 2, expect.any(Number)]);
  expect(embedder.windows('A sentence of a pasted book. '.repeat(350_000))).toHaveLength(32);
});

test('batches give the same vectors as one-by-one calls', async () => {
  const texts = [samplePaper('AutoMix:'), samplePaper('SUMix:'), samplePaper('Adversarial AutoMixup')].map(embeddingText);
  const batched = await embedder.embed(texts);
  for (const [i, text] of texts.entries()) {
    const [alone] = await embedder.embed([text]);
    expect(cosine(alone, batched[i])).toBeCloseTo(1, 4);
  }
});

test('a missing local model fails with what to set', async () => {
  const tmp = tempDir();
  try {
    const config = testConfig(tmp.dir, { LITGRAPH_MODEL_DIR: tmp.dir });
    const error = await loadEmbedder(config.embedding).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(EmbedderUnavailable);
    expect((error as Error).message).toMatch(/config\.json is missing.*LITGRAPH_MODEL_DIR.*litgraph embed/s);
  } finally {
    tmp.cleanup();
  }
});

test('the bundled model is loaded by its name alone, from the repository, without LITGRAPH_MODEL_DIR', async () => {
  const tmp = tempDir();
  try {
    const config = testConfig(tmp.dir, { LITGRAPH_MODEL_DIR: '', LITGRAPH_EMBEDDING_MODEL: 'use-lite' });
    expect(config.embedding.modelDir).toBeUndefined();
    const bundled = await loadEmbedder(config.embedding);
    const text = embeddingText(samplePaper('AutoMix:'));
    const [a] = await bundled.embed([text]);
    const [b] = await embedder.embed([text]);
    expect(bundled.modelId).toBe('use-lite');
    expect(cosine(a, b)).toBeCloseTo(1, 5);
  } finally {
    tmp.cleanup();
  }
});

test('a configured model that cannot be loaded falls back to the bundled one, with the reason', async () => {
  const tmp = tempDir();
  try {
    const config = testConfig(tmp.dir, { LITGRAPH_MODEL_DIR: tmp.dir, LITGRAPH_EMBEDDING_MODEL: 'stronger-model' });
    const { embedder: fallback, fallbackReason } = await loadEmbedderOrBundled(config.embedding);
    expect(fallback.modelId).toBe('use-lite');
    expect(fallbackReason).toBe(`no transformers.js model at ${tmp.dir}/stronger-model (config.json is missing)`);
    const status = await loadModel(config.embedding);
    expect(status).toMatchObject({ loaded: true, model: 'use-lite', fallback: { configured: 'stronger-model' } });
    expect(fs.existsSync(`${BUNDLED_MODEL_DIR}/use-lite/onnx/model.onnx`)).toBe(true);
  } finally {
    tmp.cleanup();
  }
});

test('LITGRAPH_EMBEDDING_MODEL=none loads no model and falls back to none', async () => {
  const config = testConfig(os.tmpdir(), { LITGRAPH_EMBEDDING_MODEL: 'none' });
  expect(await loadModel(config.embedding)).toEqual({
    loaded: false,
    model: 'none',
    reason: 'LITGRAPH_EMBEDDING_MODEL=none: embedding is off',
    disabled: true,
  });
  await expect(loadEmbedderOrBundled(config.embedding)).rejects.toThrow(/LITGRAPH_EMBEDDING_MODEL=none switches embedding off/);
});
