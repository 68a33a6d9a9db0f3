import { BUNDLED_MODEL, EmbedderUnavailable, loadEmbedderOrBundled, NO_MODEL, type Embedder } from '../../ingest/embed';
import type { Config } from '../config';

/**
 * The embedding model as a process holds it, loaded once at start: the configured one; the bundled one standing in
 * for it (`fallback`: why the configured one was not loaded); none by choice (`disabled`); or none that could load.
 * `model` is the id of the model whose vectors are used.
 */
export type ModelStatus =
  | { loaded: true; model: string; embedder: Embedder; fallback?: { configured: string; reason: string } }
  | { loaded: false; model: string; reason: string; disabled?: true };

export async function loadModel(config: Config['embedding']): Promise<ModelStatus> {
  if (config.model === NO_MODEL) {
    return { loaded: false, model: NO_MODEL, reason: `LITGRAPH_EMBEDDING_MODEL=${NO_MODEL}: embedding is off`, disabled: true };
  }
  try {
    const { embedder, fallbackReason } = await loadEmbedderOrBundled(config);
    const fallback = fallbackReason === undefined ? undefined : { configured: config.model, reason: fallbackReason };
    return { loaded: true, model: embedder.modelId, embedder, ...(fallback && { fallback }) };
  } catch (err) {
    if (!(err instanceof EmbedderUnavailable)) throw err;
    return { loaded: false, model: config.model, reason: err.message };
  }
}

/** The one loud line a process prints when the bundled model stands in for the configured one. */
export function fallbackWarning(model: ModelStatus): string | undefined {
  if (!model.loaded || !model.fallback) return undefined;
  const { configured, reason } = model.fallback;
  if (configured === model.model) {
    return `*** WARNING: embedding model ${configured} could not be loaded (${reason}); using its bundled copy instead.`;
  }
  return (
    `*** WARNING: embedding model ${configured} could not be loaded (${reason}); using the bundled ${BUNDLED_MODEL} ` +
    `instead: a general-domain encoder (512-d, 128-token window), weaker on scientific text, so related work and ` +
    `search rank less well. Vectors are tagged ${model.model}; they are re-embedded when ${configured} loads.`
  );
}
