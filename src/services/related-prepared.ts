import zlib from 'node:zlib';
import type { MethodRelation } from './related-signals';

/**
 * Prepared related work (issue #12): a paper's default query (every signal proposing candidates, no options, `first`
 * up to PREPARED_FIRST) measured and normalised ahead of time by RelatedService.prepare, kept in the store
 * (GraphStore.putRelatedPrepared) so that a first ask is one read plus the fusion with the caller's weights.
 *
 * Bump PREPARED_FORMAT whenever what a prepared entry holds or how related work measures and normalises changes (a
 * signal, a normaliser, the candidate counts): entries of another format are never read, so they are prepared again.
 */
export const PREPARED_FORMAT = 1;

/** Largest `first` a prepared entry answers: its candidates are those that can rank in the best PREPARED_FIRST. */
export const PREPARED_FIRST = 10;

/** One paper's prepared default query: what fusion and the reasons of its ranked papers read. */
export interface PreparedRelated {
  /** The candidates that can rank in the best PREPARED_FIRST under some weighting (see `keepable`). */
  ids: string[];
  /** Per candidate, in RELATED_SIGNALS order: the raw value (null: not measurable) and the normalised one. */
  values: (number | null)[][];
  normalized: number[][];
  /** Per candidate: the concept keys both papers mention, rarest first. */
  concepts: string[][];
  /** Per candidate: its methods related to the query's (method key, relation, query method key), strongest first. */
  methods: [string, MethodRelation, string][][];
  /** Per candidate: references both cite, papers citing both. */
  citations: { coupling: number; cocitation: number }[];
}

/**
 * Which candidates can rank among the best `first` under some weighting with every weight above 0: all but those
 * that at least `first` others beat under every such weighting. Another candidate beats one for sure when the same
 * signals are measurable for both (so fusion rescales their weights alike), its normalised value is at least as
 * high in every signal, and its id comes first (so an equal score ranks it first too; fusion's sums and products
 * only grow with their terms, in floating point as well).
 */
export function keepable(ids: string[], values: (number | null)[][], normalized: number[][], first: number): boolean[] {
  const pattern = values.map((v) => v.map((x) => (x === null ? '0' : '1')).join(''));
  return ids.map((id, c) => {
    let beaten = 0;
    for (let d = 0; d < ids.length && beaten < first; d++) {
      if (d === c || ids[d] >= id || pattern[d] !== pattern[c]) continue;
      const mine = normalized[c];
      const theirs = normalized[d];
      let all = true;
      for (let s = 0; s < mine.length && all; s++) all = theirs[s] >= mine[s];
      if (all) beaten++;
    }
    return beaten < first;
  });
}

/**
 * The bytes of an entry, deflated (level 1: a third of the size at 3,451 papers, 23 → 7.6 KiB a paper, inflated in
 * about 0.2 ms): a 4-byte length, that many bytes of JSON (ids, keys, relations, counts), padding to 8, then every raw
 * value (NaN for null) and every normalised value as float64, so numbers come back bit for bit.
 */
export function encodePrepared(p: PreparedRelated): Uint8Array {
  const conceptKeys = [...new Set(p.concepts.flat())];
  const methodKeys = [...new Set(p.methods.flatMap((ms) => ms.flatMap(([m, , to]) => [m, to])))];
  const conceptIndex = new Map(conceptKeys.map((k, i) => [k, i]));
  const methodIndex = new Map(methodKeys.map((k, i) => [k, i]));
  const head = Buffer.from(
    JSON.stringify({
      ids: p.ids,
      conceptKeys,
      methodKeys,
      concepts: p.concepts.map((cs) => cs.map((k) => conceptIndex.get(k)!)),
      methods: p.methods.map((ms) => ms.map(([m, relation, to]) => [methodIndex.get(m)!, relation, methodIndex.get(to)!])),
      citations: p.citations.map((c) => (c.coupling || c.cocitation ? [c.coupling, c.cocitation] : 0)),
    }),
  );
  const start = Math.ceil((4 + head.length) / 8) * 8;
  const signals = p.values[0]?.length ?? 0;
  const out = new Uint8Array(start + 2 * p.ids.length * signals * 8);
  new DataView(out.buffer).setUint32(0, head.length, true);
  out.set(head, 4);
  const numbers = new Float64Array(out.buffer, start);
  p.values.forEach((vs, c) =>
    vs.forEach((v, s) => {
      if (Number.isNaN(v)) throw new RangeError(`a raw signal value of ${p.ids[c]} is NaN`);
      numbers[c * signals + s] = v ?? NaN;
    }),
  );
  numbers.set(p.normalized.flat(), p.ids.length * signals);
  return zlib.deflateRawSync(out, { level: 1 });
}

/**
 * An entry as `decodePrepared` reads it: the values as they are stored, and what the reasons read by candidate, built
 * when asked for (a first ask reads them for the few candidates it ranks, not for all of them).
 */
export interface PreparedEntry {
  ids: string[];
  /** Candidate by candidate, a value per signal in RELATED_SIGNALS order: the raw ones (NaN: not measurable). */
  raw: Float64Array;
  /** Alike, the normalised ones. */
  normalized: Float64Array;
  concepts(candidate: number): string[];
  methods(candidate: number): [string, MethodRelation, string][];
  citations(candidate: number): { coupling: number; cocitation: number };
}

export function decodePrepared(deflated: Uint8Array, signals: number): PreparedEntry {
  const bytes = zlib.inflateRawSync(deflated);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const length = view.getUint32(0, true);
  const head = JSON.parse(Buffer.from(bytes.buffer, bytes.byteOffset + 4, length).toString()) as {
    ids: string[];
    conceptKeys: string[];
    methodKeys: string[];
    concepts: number[][];
    methods: [number, MethodRelation, number][][];
    citations: ([number, number] | 0)[];
  };
  const start = Math.ceil((4 + length) / 8) * 8;
  const n = head.ids.length;
  // Copied (a Buffer's slice would not be): the inflated bytes need not start 8-byte aligned in their buffer.
  const numbers = new Float64Array(new Uint8Array(bytes.subarray(start, start + 2 * n * signals * 8)).buffer);
  return {
    ids: head.ids,
    raw: numbers.subarray(0, n * signals),
    normalized: numbers.subarray(n * signals),
    concepts: (c) => head.concepts[c].map((i) => head.conceptKeys[i]),
    methods: (c) => head.methods[c].map(([m, relation, to]): [string, MethodRelation, string] => [head.methodKeys[m], relation, head.methodKeys[to]]),
    citations: (c) => {
      const counts = head.citations[c];
      return counts ? { coupling: counts[0], cocitation: counts[1] } : { coupling: 0, cocitation: 0 };
    },
  };
}
