import type { GraphStore } from '../../graph/store';
import type { RawPaper } from '../../ingest/sources';
import type { Config } from '../config';
import type { CorpusGraphState, WriteOptions, Writes } from '../graphql/context';
import type { ModelStatus } from '../services/model';
import { CommunitiesThread } from './communities-thread';
import { CorpusGraphThread } from './graph-thread';
import { IngestThread } from './ingest-thread';

/**
 * The server's writes. A mutation runs in the ingest worker (src/server/ingest-thread.ts), which stores its papers
 * (rows, vectors, knowledge, full text, keys and citations) and leaves the corpus graph marked out of date; the
 * corpus-graph worker (src/server/graph-thread.ts) then brings the graph up to date in the background. The answer
 * comes once the papers are stored, or with `waitForGraph` once the graph holds them too, and says how fresh the
 * graph is either way. After each update that wrote the graph, the communities worker (src/server/communities-thread.ts)
 * refreshes the concepts' communities from it, never in the way of the next update nor of an answer.
 */
export class ServerWrites implements Writes {
  private readonly ingestThread: IngestThread;
  private readonly graphThread: CorpusGraphThread;
  private readonly communities: CommunitiesThread;

  constructor(
    config: Config,
    private readonly store: GraphStore,
    model: ModelStatus,
  ) {
    this.ingestThread = new IngestThread(config, model);
    this.communities = new CommunitiesThread(config);
    this.graphThread = new CorpusGraphThread(config, store, () => this.communities.refresh());
  }

  async ingest(records: RawPaper[], options: WriteOptions) {
    const report = await this.ingestThread.run(records);
    const { corpusGraph, seconds } = await this.written(options);
    return { ...report, corpusSeconds: seconds, corpusGraph };
  }

  async remove(ids: string[], options: WriteOptions) {
    const report = await this.ingestThread.remove(ids);
    const { corpusGraph, seconds } = await this.written(options);
    return { ...report, corpusSeconds: seconds, corpusGraph };
  }

  /**
   * At the server's start: a corpus graph left out of date (a server stopped during an update, a crashed ingest) is
   * brought up to date in the background, not before serving, and so are communities left behind the stored graph
   * (a server stopped during a refresh). Whether the graph was out of date.
   */
  async catchUp(): Promise<boolean> {
    const { papersGeneration, corpusGeneration } = await this.store.corpusState();
    if (corpusGeneration >= papersGeneration) {
      if (((await this.store.communitiesState()).generation ?? 0) < corpusGeneration) this.communities.refresh();
      return false;
    }
    this.graphThread.refresh();
    return true;
  }

  async corpusGraph(): Promise<CorpusGraphState> {
    const graph = await this.graphThread.state();
    const stored = await this.store.communitiesState();
    const own = this.communities.state();
    // An empty store's are fresh: there is no graph to compute them from.
    const fresh = (stored.generation ?? 0) >= graph.graphGeneration;
    return {
      ...graph,
      communitiesGeneration: stored.generation,
      communitiesFresh: fresh,
      communitiesUpdating: !fresh && (own.updating || graph.updating),
      communitiesUpdatedAt: stored.updatedAt,
      lastCommunitiesSeconds: own.lastSeconds,
      communitiesError: own.lastError,
    };
  }

  /** Lets the mutation in flight finish, then stops the corpus-graph update (the next process finishes it). */
  async close(): Promise<void> {
    await this.ingestThread.close();
    await this.graphThread.close();
    await this.communities.close();
  }

  /**
   * After a mutation's writes: asks for the graph update they call for, and waits for it when asked to. `seconds`:
   * how long the answer waited for the graph (0 when it did not).
   */
  private async written({ waitForGraph }: WriteOptions): Promise<{ corpusGraph: CorpusGraphState; seconds: number }> {
    const started = performance.now();
    const { papersGeneration, corpusGeneration } = await this.store.corpusState();
    let seconds = 0;
    if (corpusGeneration < papersGeneration) {
      this.graphThread.refresh();
      if (waitForGraph) {
        // A failed update leaves the papers stored: the answer's state says the graph is behind, and why (lastError).
        await this.graphThread.waitFor(papersGeneration).catch(() => undefined);
        seconds = (performance.now() - started) / 1000;
      }
    }
    return { corpusGraph: await this.corpusGraph(), seconds };
  }
}
