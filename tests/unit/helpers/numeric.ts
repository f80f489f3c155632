// Test helpers: finite-difference gradients, closeness with a tolerance, fast-check arbitraries for batches.

import fc from 'fast-check';
import type { Matrix } from '../../../src/core/linalg';

/** Central finite differences of scalar f at x (every entry), step h. */
export function finiteDifference(f: (x: number[][]) => number, x: Matrix, h = 1e-6): number[][] {
  return x.map((row, i) =>
    row.map((_, k) => {
      const shifted = (delta: number): number[][] =>
        x.map((r, a) => r.map((v, b) => (a === i && b === k ? v + delta : v)));
      return (f(shifted(h)) - f(shifted(-h))) / (2 * h);
    }),
  );
}

/** Largest |a - b| over two nested arrays of the same shape. */
export function maxAbsDiff(a: unknown, b: unknown): number {
  if (typeof a === 'number' && typeof b === 'number') return Math.abs(a - b);
  if (Array.isArray(a) && Array.isArray(b) && a.length === b.length) {
    return a.reduce((worst: number, value, i) => Math.max(worst, maxAbsDiff(value, b[i])), 0);
  }
  return Number.POSITIVE_INFINITY;
}

/** Largest |value| in a nested array. */
export function maxAbs(a: unknown): number {
  if (typeof a === 'number') return Math.abs(a);
  if (Array.isArray(a)) return a.reduce((worst: number, value) => Math.max(worst, maxAbs(value)), 0);
  return 0;
}

/** Every number in a (nested) result object; booleans, strings and nulls are skipped. */
export function allNumbers(value: unknown, skip: readonly string[] = []): number[] {
  if (typeof value === 'number') return [value];
  if (Array.isArray(value)) return value.flatMap((v) => allNumbers(v, skip));
  if (typeof value === 'object' && value !== null) {
    return Object.entries(value)
      .filter(([key]) => !skip.includes(key))
      .flatMap(([, v]) => allNumbers(v, skip));
  }
  return [];
}

/** A d-vector with entries in [-1, 1] and norm >= 0.1, times 10^e with e in [-logScale, logScale]. */
export function rowArb(d: number, logScale = 0): fc.Arbitrary<number[]> {
  return fc
    .tuple(
      fc.array(fc.double({ min: -1, max: 1, noNaN: true }), { minLength: d, maxLength: d }),
      fc.double({ min: -logScale, max: logScale, noNaN: true }),
    )
    .filter(([v]) => Math.hypot(...v) >= 0.1)
    .map(([v, e]) => v.map((x) => x * 10 ** e));
}

/** rows x d matrix of rowArb rows. */
export function matrixArb(rows: number, d: number, logScale = 0): fc.Arbitrary<number[][]> {
  return fc.array(rowArb(d, logScale), { minLength: rows, maxLength: rows });
}

/** A [a, a', b, b'] batch: N in [2, maxPairs] pairs, d in [2, 5]. */
export function batchArb(maxPairs = 4, logScale = 0): fc.Arbitrary<number[][]> {
  return fc
    .record({ pairs: fc.integer({ min: 2, max: maxPairs }), d: fc.integer({ min: 2, max: 5 }) })
    .chain(({ pairs, d }) => matrixArb(2 * pairs, d, logScale));
}

/** Log-uniform in [10^lo, 10^hi]. */
export function logUniform(lo: number, hi: number): fc.Arbitrary<number> {
  return fc.double({ min: lo, max: hi, noNaN: true }).map((e) => 10 ** e);
}
