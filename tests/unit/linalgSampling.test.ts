// linalg helpers (typed-array import, normalisation policy, log-sum-exp masking, eigen-decomposition) and the
// negative-selection rules and MoCHi's query gradient.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  backpropNormalize,
  logSumExp,
  matrixFromRowMajor,
  matrixToRowMajor,
  normalizeRows,
  softmax,
  symmetricEigen,
  vectorNorm,
} from '../../src/core/linalg';
import { minScoreGap, mochi, negativeScores, rankDescending, topK } from '../../src/core/sampling';
import { finiteDifference, matrixArb, maxAbs, maxAbsDiff } from './helpers/numeric';

describe('linalg', () => {
  it('builds a matrix from a row-major Float32Array and back', () => {
    const m = matrixFromRowMajor(new Float32Array([1, 2, 3, 4, 5, 6]), 2, 3);
    expect(m).toEqual([
      [1, 2, 3],
      [4, 5, 6],
    ]);
    expect(Array.from(matrixToRowMajor(m))).toEqual([1, 2, 3, 4, 5, 6]);
    expect(() => matrixFromRowMajor(new Float32Array(5), 2, 3)).toThrow('invalid data length: 5 (want 6)');
  });

  it('normalises tiny and huge rows without under- or overflow; refuses zero and non-finite rows', () => {
    expect(vectorNorm([3e-200, 4e-200])).toBeCloseTo(5e-200, 210);
    expect(vectorNorm([3e200, 4e200]) / 5e200).toBeCloseTo(1, 14);
    expect(normalizeRows([[1e-300, 0]]).unit).toEqual([[1, 0]]);
    expect(() =>
      normalizeRows([
        [1, 0],
        [0, 0],
      ]),
    ).toThrow(new Error('invalid embedding: row 1 has zero norm'));
    expect(() => normalizeRows([[Number.NaN, 1]])).toThrow('invalid embedding: row 0 is not finite');
  });

  it('log-sum-exp is stable at logits of 1e4 and masked entries count exactly nothing', () => {
    expect(logSumExp([1e4, 1e4])).toBeCloseTo(1e4 + Math.log(2), 10);
    expect(logSumExp([Number.NEGATIVE_INFINITY, 0])).toBe(0);
    expect(softmax([Number.NEGATIVE_INFINITY, 5, 5])).toEqual([0, 0.5, 0.5]);
    expect(logSumExp([Number.NEGATIVE_INFINITY])).toBe(Number.NEGATIVE_INFINITY);
  });

  it('backprop through normalisation keeps only the tangential part (radial gradient is lost)', () => {
    const { unit, norms } = normalizeRows([[3, 4]]);
    expect(backpropNormalize(unit, norms, [[0.6, 0.8]])[0]?.map((v) => Math.abs(v) < 1e-16)).toEqual([
      true,
      true,
    ]);
  });

  it('symmetric eigen-decomposition reconstructs the matrix', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 6 }).chain((n) => matrixArb(n, n)),
        (b) => {
          const a = b.map((row, i) => row.map((v, j) => v + (b[j]?.[i] ?? 0)));
          const { values, vectors } = symmetricEigen(a);
          const rebuilt = a.map((_, i) =>
            a.map((__, j) =>
              values.reduce((s, l, k) => s + l * (vectors[k]?.[i] ?? 0) * (vectors[k]?.[j] ?? 0), 0),
            ),
          );
          expect(maxAbsDiff(rebuilt, a)).toBeLessThan(1e-12 * (1 + maxAbs(a)));
          values.slice(1).forEach((v, k) => {
            expect(v).toBeLessThanOrEqual(values[k] ?? Number.NaN);
          });
        },
      ),
      { numRuns: 100 },
    );
  });
});

describe('negative selection', () => {
  it('ranks descending with stable ties and takes the top k', () => {
    expect(rankDescending([0.1, 0.5, 0.5, -1])).toEqual([1, 2, 0, 3]);
    expect(topK([0.1, 0.5, 0.3], 2)).toEqual([1, 2]);
    expect(minScoreGap([0.1, 0.5, 0.3])).toBeCloseTo(0.2, 15);
  });

  it('kgpolicy_dot uses raw vectors, the cosine rules ignore scale', () => {
    const anchor = [2, 0];
    const positive = [0, 1];
    const pool = [
      [10, 0],
      [0.5, 0.5],
    ];
    expect(negativeScores(anchor, positive, pool, 'kgpolicy_dot')).toEqual([20, 1.5]);
    expect(negativeScores(anchor, positive, pool, 'nearest_to_anchor_cos')[0]).toBeCloseTo(1, 15);
    expect(negativeScores(anchor, positive, pool, 'kgpolicy_cos')[1]).toBeCloseTo(Math.SQRT2, 15);
  });

  it("MoCHi: h' is never easier than its source and the query gradient matches finite differences", () => {
    fc.assert(
      fc.property(matrixArb(10, 4), fc.double({ min: 0.1, max: 1, noNaN: true }), (rows, tau) => {
        const [query = [], key = [], ...queue] = rows;
        const input = {
          key,
          queue,
          tau,
          hardestCount: 4,
          mixPairs: [
            [0, 1, 0.3],
            [2, 3, 0.9],
          ] as const,
          queryMixes: [
            [0, 0.2],
            [3, 0.5],
          ] as const,
        };
        const res = mochi({ ...input, query });
        res.queryDotHPrime.forEach((v, s) => {
          expect(v).toBeGreaterThanOrEqual((res.queryDotSourceOfHPrime[s] ?? 0) - 1e-12);
        });
        // The synthetic points are detached, so differentiate with them frozen: without synthetic points only.
        const numeric = finiteDifference(
          (q) => mochi({ ...input, query: q[0] ?? [] }).lossWithoutSynthetic,
          [query],
        );
        expect(maxAbsDiff([res.gradQueryWithoutSynthetic], numeric)).toBeLessThan(
          2e-6 * (1 + maxAbs(numeric)),
        );
      }),
      { numRuns: 60 },
    );
  });
});
