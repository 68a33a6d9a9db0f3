/** Vector arithmetic shared by the stores (brute-force search) and the services (ranking): written once. */

/** Dot product of `a` with the `a.length` values of `b` that start at `offset`. */
export function dot(a: Float32Array, b: Float32Array, offset = 0): number {
  let sum = 0;
  for (let d = 0; d < a.length; d++) sum += a[d] * b[offset + d];
  return sum;
}

/** Euclidean length. */
export function norm(a: Float32Array): number {
  return Math.sqrt(dot(a, a));
}

/** Cosine similarity of two vectors of equal length (0 when either is all zeros). */
export function cosine(a: Float32Array, b: Float32Array): number {
  const lengths = norm(a) * norm(b);
  return lengths > 0 ? dot(a, b) / lengths : 0;
}
