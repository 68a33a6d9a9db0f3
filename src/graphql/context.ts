import { createHash, timingSafeEqual } from 'node:crypto';
import DataLoader from 'dataloader';
import type { GraphStore } from '../../graph/store';
import type { Config } from '../config';
import type { Paper } from '../domain';
import type { ModelStatus } from '../services/model';
import { RelatedService } from '../services/related';
import { SearchService } from '../services/search';

/** What lives as long as the server: configuration, store, model, services. */
export interface AppState {
  config: Config;
  store: GraphStore;
  model: ModelStatus;
  search: SearchService;
  related: RelatedService;
}

export function appState(config: Config, store: GraphStore, model: ModelStatus): AppState {
  return {
    config,
    store,
    model,
    search: new SearchService(store, model.loaded ? model.embedder : null, config.embedding.model),
    related: new RelatedService(store, config.embedding.model),
  };
}

/** Whether the request may call the mutation: `disabled` when the server has no API key. */
export type Auth = 'disabled' | 'missing' | 'invalid' | 'ok';

/** What lives as long as one request. */
export interface Context {
  app: AppState;
  auth: Auth;
  /** Papers by id, batched and cached per request: nested fields share one store read per tick. */
  papers: DataLoader<string, Paper | null>;
}

function sha256(text: string): Buffer {
  return createHash('sha256').update(text).digest();
}

/** Checks `Authorization: Bearer <key>` against the configured key, in constant time. */
export function authenticate(apiKey: string | undefined, authorization: string | undefined): Auth {
  if (!apiKey) return 'disabled';
  const token = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? '')?.[1];
  if (!token) return 'missing';
  return timingSafeEqual(sha256(token), sha256(apiKey)) ? 'ok' : 'invalid';
}

export function requestContext(app: AppState, authorization?: string): Context {
  return {
    app,
    auth: authenticate(app.config.server.apiKey, authorization),
    papers: new DataLoader(async (ids: readonly string[]) => {
      const found = await app.store.getPapers([...ids]);
      return ids.map((id) => found.get(id) ?? null);
    }),
  };
}
