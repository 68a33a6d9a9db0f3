import { fuse, fusedScore } from '../../src/services/ranking';
import { prng } from '../eval/ml-store';

test('fusedScore gives the score fuse gives, bit for bit, with signals missing, out of range or weighted 0', () => {
  const random = prng(12);
  for (let trial = 0; trial < 2000; trial++) {
    const signals = 1 + Math.floor(random() * 7);
    const weights = Array.from({ length: signals }, () => (random() < 0.15 ? 0 : random()));
    const raw = Float64Array.from({ length: signals }, () => (random() < 0.3 ? NaN : random() * 40));
    const normalized = Float64Array.from({ length: signals }, () => random() * 1.4 - 0.2);
    const offset = Math.floor(random() * 3);
    const at = (values: Float64Array) => Float64Array.from([...Array<number>(offset).fill(0.5), ...values]);
    const expected = fuse(
      weights.map((weight, s) => ({ name: `s${s}`, weight, value: Number.isNaN(raw[s]) ? null : raw[s], normalized: normalized[s] })),
    ).score;
    expect(Object.is(fusedScore(weights, at(raw), at(normalized), offset), expected)).toBe(true);
  }
});
