import type { GraphStore } from '../../graph/store';
import type { RawPaper } from '../../ingest/sources';
import type { Config } from '../config';
import type { CorpusGraphState, WriteOptions, Writes } from '../graphql/context';
import type { ModelStatus } from '../services/model';
import { CorpusGraphThread } from './graph-thread';
import { IngestThread } from './ingest-thread';

/**
 * The server's writes. A mutation runs in the ingest worker (src/server/ingest-thread.ts), which stores its papers
 * (rows, vectors, knowledge, full text, keys and citations) and leaves the corpus graph marked out of date; the
 * corpus-graph worker (src/server/graph-thread.ts) then brings the graph up to date in the background. The answer
 * comes once the papers are stored, or with `waitForGraph` once the graph holds them too, and says how fresh the
 * graph is either way.
 */
export class ServerWrites implements Writes {
  private readonly ingestThread: IngestThread;
  private readonly graphThread: CorpusGraphThread;

  constructor(
    config: Config,
    private readonly store: GraphStore,
    model: ModelStatus,
  ) {
    this.ingestThread = new IngestThread(config, model);
    this.graphThread = new CorpusGraphThread(config, store);
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
   * brought up to date in the background, not before serving. Whether it was out of date.
   */
  async catchUp(): Promise<boolean> {
    const { papersGeneration, corpusGeneration } = await this.store.corpusState();
    if (corpusGeneration >= papersGeneration) return false;
    this.graphThread.refresh();
    return true;
  }

  corpusGraph(): Promise<CorpusGraphState> {
    return this.graphThread.state();
  }

  /** Lets the mutation in flight finish, then stops the corpus-graph update (the next process finishes it). */
  async close(): Promise<void> {
    await this.ingestThread.close();
    await this.graphThread.close();
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
    return { corpusGraph: await this.graphThread.state(), seconds };
  }
}
