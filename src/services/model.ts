import { EmbedderUnavailable, loadEmbedder, type Embedder } from '../../ingest/embed';
import type { Config } from '../config';

/** The embedding model as a server holds it: loaded once at start, or unavailable with the reason. */
export type ModelStatus =
  | { loaded: true; model: string; embedder: Embedder }
  | { loaded: false; model: string; reason: string };

export async function loadModel(config: Config['embedding']): Promise<ModelStatus> {
  try {
    return { loaded: true, model: config.model, embedder: await loadEmbedder(config) };
  } catch (err) {
    if (!(err instanceof EmbedderUnavailable)) throw err;
    return { loaded: false, model: config.model, reason: err.message };
  }
}
