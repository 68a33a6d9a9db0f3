/**
 * The communities worker thread (started by CommunitiesThread, src/server/communities-thread.ts): refreshes the
 * concepts' communities from the stored corpus graph (ingest/communities.ts), with its own store connection, one
 * refresh at a time (src/server/refreshes.ts). Requests that arrive while one runs are coalesced into one more refresh
 * after it: at most one runs and one waits, and the one that waits reads the newest graph.
 */
import { refreshCommunities } from '../../ingest/communities';
import type { CommunitiesWorkerReport } from './communities-thread';
import { serveRefreshes } from './refreshes';

// A refresh in hand finishes when the server closes (its write is one transaction) unless the grace period ends first.
serveRefreshes<CommunitiesWorkerReport>(async (store) => ({ kind: 'refreshed', ...(await refreshCommunities(store)) }));
