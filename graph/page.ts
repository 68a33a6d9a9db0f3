import { StoreError, type Page } from './store';

/** A ranked row's position: its rank value (a paper count or a mention weight), then its key, which breaks ties. */
export type RankPosition = [rank: number, key: string];

/** What a cursor of each list holds: the paper id, or the last row's rank position. */
interface Positions {
  paper: string;
  concept: RankPosition;
  method: RankPosition;
  mention: RankPosition;
}
export type CursorKind = keyof Positions;

/** Whether a decoded position has the shape of its kind (counts are whole numbers; weights any finite number). */
const VALID: { [K in CursorKind]: (value: unknown) => boolean } = {
  paper: (value) => typeof value === 'string' && value !== '',
  concept: (value) => isRank(value) && Number.isInteger(value[0]),
  method: (value) => isRank(value) && Number.isInteger(value[0]),
  mention: isRank,
};

function isRank(value: unknown): value is RankPosition {
  return Array.isArray(value) && value.length === 2 && Number.isFinite(value[0]) && typeof value[1] === 'string';
}

/**
 * Cursors are opaque to clients: base64 of `kind:position`, the position a paper id or a JSON rank position. The
 * API hands them out unchanged, so this is the one cursor format of both stores and the GraphQL API.
 */
export function encodeCursor<K extends CursorKind>(kind: K, position: Positions[K]): string {
  const text = typeof position === 'string' ? position : JSON.stringify(position);
  return Buffer.from(`${kind}:${text}`).toString('base64');
}

/**
 * The position of a cursor `encodeCursor` made for `kind`, or undefined when `after` is absent. Anything else (not
 * canonical base64, another kind, a position of the wrong shape, '') is a StoreError of kind `bad-cursor`.
 */
export function decodeCursor<K extends CursorKind>(kind: K, after: string | undefined): Positions[K] | undefined {
  if (after === undefined) return undefined;
  const text = Buffer.from(after, 'base64').toString('utf8');
  const prefix = `${kind}:`;
  const raw = text.slice(prefix.length);
  let position: unknown = raw;
  if (kind !== 'paper') {
    try {
      position = JSON.parse(raw);
    } catch {
      position = undefined;
    }
  }
  if (!text.startsWith(prefix) || !VALID[kind](position) || encodeCursor(kind, position as Positions[K]) !== after) {
    throw new StoreError('bad-cursor', `"after" is not a cursor this API gave out (for a ${kind} list): ${JSON.stringify(after)}`);
  }
  return position as Positions[K];
}

/** Rows to fetch for a page of `first`: one more than asked says whether there is a next page. */
export function fetchSize(first: number): number {
  return first + 1;
}

/** The page of `first` made from rows fetched with `fetchSize(first)`, each item with its cursor of `kind`. */
export function toPage<Row, T, K extends CursorKind>(
  rows: Row[],
  first: number,
  totalCount: number,
  kind: K,
  item: (row: Row) => T,
  position: (row: Row) => Positions[K],
): Page<T> {
  const kept = rows.slice(0, first);
  const cursors = kept.map((row) => encodeCursor(kind, position(row)));
  return {
    items: kept.map(item),
    cursors,
    endCursor: cursors[cursors.length - 1] ?? null,
    hasNextPage: rows.length > first,
    totalCount,
  };
}
