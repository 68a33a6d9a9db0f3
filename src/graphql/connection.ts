import type { Page } from '../../graph/store';

/**
 * A store page as a Relay connection. The store's cursors are already opaque and checked when they come back
 * (graph/page.ts): a cursor it did not give out is a StoreError `bad-cursor`, answered as BAD_USER_INPUT.
 */
export function connection<T>(page: Page<T>) {
  return {
    edges: page.items.map((node, i) => ({ cursor: page.cursors[i], node })),
    pageInfo: { hasNextPage: page.hasNextPage, endCursor: page.endCursor },
    totalCount: page.totalCount,
  };
}
