// Geometry metrics: alignment/uniformity gradients against finite differences, closed forms, tolerance, effective
// numbers, effective rank, PCA and kNN accuracy.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  alignment,
  alignmentWithGradient,
  chordAlignment,
  circlePoints,
  circleUniformityClosedForm,
  circleUniformityLimit,
  effectiveNumber,
  effectiveRank,
  knnAccuracy,
  knnVoteAccuracy,
  pca,
  tolerance,
  toleranceByClassSums,
  uniformity,
  uniformityWithGradient,
} from '../../src/core/geometry';
import { finiteDifference, matrixArb, maxAbs, maxAbsDiff } from './helpers/numeric';

describe('alignment and uniformity', () => {
  it('gradients w.r.t. raw and unit rows match finite differences', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 2, max: 5 }).chain((n) => fc.tuple(matrixArb(n, 3), matrixArb(n, 3))),
        fc.double({ min: 0.5, max: 3, noNaN: true }),
        ([x, y], t) => {
          const al = alignmentWithGradient(x, y, 2);
          const un = uniformityWithGradient(x, t);
          const tol = (g: number[][]): number => 2e-6 * (1 + maxAbs(g));
          expect(
            maxAbsDiff(
              al.gradX,
              finiteDifference((z) => alignment(z, y), x),
            ),
          ).toBeLessThan(tol(al.gradX));
          expect(
            maxAbsDiff(
              al.gradY,
              finiteDifference((z) => alignment(x, z), y),
            ),
          ).toBeLessThan(tol(al.gradY));
          expect(
            maxAbsDiff(
              un.gradX,
              finiteDifference((z) => uniformity(z, t), x),
            ),
          ).toBeLessThan(tol(un.gradX));
        },
      ),
      { numRuns: 60 },
    );
  });

  it('uniformity stays finite and within [-4t, 0] for large t', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 2, max: 6 }).chain((n) => matrixArb(n, 3, 3)),
        fc.double({ min: 0.01, max: 1e4, noNaN: true }),
        (x, t) => {
          const value = uniformity(x, t);
          expect(value).toBeLessThanOrEqual(1e-12);
          expect(value).toBeGreaterThanOrEqual(-4 * t - 1e-9);
        },
      ),
      { numRuns: 100 },
    );
  });

  it('matches the closed forms: antipodes -8, triangle -6, and k points on the circle', () => {
    expect(uniformity(circlePoints(2, 0.3))).toBeCloseTo(-8, 12);
    expect(uniformity(circlePoints(3, 0.3))).toBeCloseTo(-6, 12);
    for (const k of [4, 7, 30]) {
      expect(uniformity(circlePoints(k, 1.1))).toBeCloseTo(circleUniformityClosedForm(k), 12);
    }
    expect(circleUniformityLimit(2)).toBeCloseTo(-1.5750272044845408, 12);
    expect(circleUniformityClosedForm(1000)).toBeLessThan(circleUniformityLimit(2));
    expect(chordAlignment(0.3, 2)).toBeCloseTo(2 - 2 * Math.cos(0.3), 15);
    expect(
      uniformity([
        [1, 1],
        [2, 2],
        [0.5, 0.5],
      ]),
    ).toBe(0);
  });
});

describe('tolerance and effective numbers', () => {
  it('tolerance follows both conventions', () => {
    const x = [
      [1, 0],
      [1, 0],
      [0, 1],
      [-1, 0],
    ];
    const res = tolerance(x, [0, 0, 1, 1]);
    // Same-class ordered pairs: (0,1),(1,0) with cos 1; (2,3),(3,2) with cos 0. 12 ordered pairs in all.
    expect(res.sameClassMean).toBeCloseTo(0.5, 15);
    expect(res.indicatorExpectation).toBeCloseTo(2 / 12, 15);
    expect(Number.isNaN(tolerance(x, [0, 1, 2, 3]).sameClassMean)).toBe(true);
  });

  it('effective number is 1 for one-hot and n for uniform weights', () => {
    expect(effectiveNumber([0, 1, 0])).toBeCloseTo(1, 15);
    expect(effectiveNumber([2, 2, 2, 2])).toBeCloseTo(4, 12);
    expect(() => effectiveNumber([0, 0])).toThrow(/invalid weights/);
  });
});

describe('effective rank, PCA, kNN', () => {
  it('effective rank of the covariance spectrum: 1 for collinear rows, d for an isotropic cross', () => {
    const collinear = [
      [1, 2, 3],
      [2, 4, 6],
      [-1, -2, -3],
    ];
    expect(effectiveRank(collinear)).toBeCloseTo(1, 6);
    const cross = [1, -1].flatMap((sign) =>
      [0, 1, 2].map((axis) => [0, 1, 2].map((c) => (c === axis ? sign : 0))),
    );
    expect(effectiveRank(cross)).toBeCloseTo(3, 12);
    // Row-major input with its width gives the same number (worker snapshots are Float32Arrays).
    expect(effectiveRank(Float32Array.from(cross.flat()), 3)).toBeCloseTo(3, 6);
    expect(
      effectiveRank([
        [1, 1],
        [1, 1],
      ]),
    ).toBe(1);
  });

  it('PCA recovers the dominant direction with a stable sign and reconstructs variance', () => {
    const x = [-2, -1, 0, 1, 2].map((s, i) => [3 * s, s + (i % 2 === 0 ? 0.1 : -0.1), 0.05 * i]);
    const res = pca(x, 2);
    const first = res.components[0] ?? [];
    expect(Math.hypot(...first)).toBeCloseTo(1, 12);
    expect(first[0]).toBeGreaterThan(0.9);
    expect(res.explainedVariance[0]).toBeGreaterThan(res.explainedVariance[1] ?? Number.POSITIVE_INFINITY);
    // The total variance of the data equals the trace of the covariance (all eigenvalues).
    const full = pca(x, 3);
    const total = [0, 1, 2]
      .map((c) => {
        const column = x.map((row) => row[c] ?? 0);
        const mean = column.reduce((a, b) => a + b, 0) / column.length;
        return column.reduce((a, b) => a + (b - mean) ** 2, 0) / (column.length - 1);
      })
      .reduce((a, b) => a + b, 0);
    expect(full.explainedVariance.reduce((a, b) => a + b, 0)).toBeCloseTo(total, 10);
    expect(res.projected).toHaveLength(5);
  });

  it('kNN accuracy by cosine with majority vote; ties go to the label with the nearest neighbour', () => {
    const train = [
      [1, 0.1],
      [1, -0.1],
      [0.1, 1],
      [-0.1, 1],
    ];
    const labels = [0, 0, 1, 1];
    expect(
      knnAccuracy(
        train,
        labels,
        [
          [2, 0.05],
          [0, 3],
        ],
        [0, 1],
        1,
      ),
    ).toBe(1);
    expect(
      knnAccuracy(
        train,
        labels,
        [
          [2, 0.05],
          [0, 3],
        ],
        [1, 1],
        3,
      ),
    ).toBe(0.5);
    expect(() => knnAccuracy(train, labels, [[1, 0]], [0], 5)).toThrow('invalid k: 5');
    // Query [1, 0.9]: nearest is train 0 (label 0), then train 2 (label 1): a 1-1 tie won by label 0.
    expect(knnAccuracy(train, labels, [[1, 0.9]], [0], 2)).toBe(1);
    // Precomputed neighbours (queries x k, nearest first), as tf.topk gives them.
    expect(knnVoteAccuracy(Int32Array.from([0, 2, 3, 2, 0, 1]), 3, labels, [1, 1])).toBe(0.5);
  });

  it('tolerance from row-major data matches the matrix form', () => {
    const x = [
      [1, 0.2, 0],
      [0.8, 0.1, 0.3],
      [0, 1, 0],
      [0.2, 0.9, 0.1],
      [0, 0, 1],
    ];
    const labels = [0, 0, 1, 1, 2];
    expect(toleranceByClassSums(Float64Array.from(x.flat()), Int32Array.from(labels), 3)).toBeCloseTo(
      tolerance(x, labels).sameClassMean,
      14,
    );
  });
});
