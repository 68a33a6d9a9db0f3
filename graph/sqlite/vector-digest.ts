import crypto from 'node:crypto';

/** The digests of rows `from` to `to` of a matrix of `dims` values a row: equal rows, equal digests. */
export function rowDigests(values: Float32Array, dims: number, from: number, to: number): string[] {
  const bytes = new Uint8Array(values.buffer, values.byteOffset, values.byteLength);
  const width = dims * Float32Array.BYTES_PER_ELEMENT;
  const out: string[] = [];
  for (let r = from; r < to; r++) out.push(crypto.hash('md5', bytes.subarray(r * width, (r + 1) * width), 'base64'));
  return out;
}
