import { describeCitationContract } from './citations';
import { describeCopyContract } from './copy';
import { describeKnowledgeContract } from './knowledge';
import { describePaperContract } from './papers';
import { describeRelatedPreparedContract } from './related-prepared';
import { describeRemovalContract } from './removal';
import type { OpenStore } from './fixtures';

/**
 * The contract every GraphStore adapter must pass, unchanged. `open` gives a fresh, empty store; the suite closes it.
 * `openAgain` opens a second, independent connection to the store `open` gave last (as another process would).
 */
export function describeGraphStoreContract(name: string, open: OpenStore, openAgain: OpenStore): void {
  describePaperContract(name, open, openAgain);
  describeKnowledgeContract(name, open);
  describeCopyContract(name, open);
  describeCitationContract(name, open);
  describeRemovalContract(name, open);
  describeRelatedPreparedContract(name, open, openAgain);
}
