// Analysis mode's measures against core's own functions on small examples: uniformity on the lab's metric
// subset, tolerance, alignment, and one anchor's InfoNCE weights from tau = 1e-4 to 1e4.
import { describe, expect, it } from 'vitest';
import {
  alignmentInput,
  alignmentOf,
  anchorAnalysis,
  anchorCosines,
  MEASURE_ROWS,
  normalise,
  pickRows,
  toleranceInput,
  toleranceOf,
  UNIFORMITY_POINTS,
  uniformityOf,
  uniformityRows,
} from '../../src/analysis/analysis';
import { pairGroups, positivePairs } from '../../src/analysis/dataset';
import type { VectorTable } from '../../src/analysis/types';
import { anchorWeights } from '../../src/core/contrastive';
import { alignment, tolerance, uniformity } from '../../src/core/geometry';
import { createRng } from '../../src/core/rng';
import { METRIC_POINTS } from '../../src/engine/runData';

/** rows x dim seeded Gaussian points (not unit length: the analysis normalises them). */
function gaussian(rows: number, dim: number, seed = 7): VectorTable {
  const rng = createRng(seed, 'data');
  return { rows, dim, values: Float32Array.from({ length: rows * dim }, () => 2 * rng.normal()) };
}

/** The table's rows as core's matrix (float64 copies of the float32 values). */
function matrix(table: VectorTable, rows?: ArrayLike<number>): number[][] {
  const picked = rows ? Array.from(rows) : Array.from({ length: table.rows }, (_, i) => i);
  return picked.map((row) => Array.from(table.values.subarray(row * table.dim, (row + 1) * table.dim)));
}

const sum = (values: ArrayLike<number>) => Array.from(values).reduce((total, v) => total + v, 0);

describe('set measures: core on the same points', () => {
  it('normalises rows and reports their lengths', () => {
    const table: VectorTable = { rows: 3, dim: 2, values: Float32Array.of(3, 4, 0, 2, 1, 0) };
    const { points, norms } = normalise(table);
    expect(points).toEqual({ rows: 3, dim: 2, unit: Float32Array.of(0.6, 0.8, 0, 1, 1, 0) });
    expect(norms).toEqual({ min: 1, max: 5, mean: 8 / 3 });
    expect(pickRows(points, [2, 0])).toEqual({ rows: 2, dim: 2, unit: Float32Array.of(1, 0, 0.6, 0.8) });
  });

  it("takes the lab's metric subset for uniformity (engine/runData.ts's rule) and equals core's uniformity", () => {
    expect(UNIFORMITY_POINTS).toBe(METRIC_POINTS);
    expect(Array.from(uniformityRows(5))).toEqual([0, 1, 2, 3, 4]);
    expect(uniformityRows(2048)).toHaveLength(512);
    expect(Array.from(uniformityRows(1200).subarray(0, 3))).toEqual([0, 3, 6]);
    const small = gaussian(40, 6);
    expect(uniformityOf(normalise(small).points)).toEqual({ value: expect.any(Number), count: 40 });
    expect(uniformityOf(normalise(small).points).value).toBeCloseTo(uniformity(matrix(small), 2), 6);
    const large = gaussian(1200, 4, 3);
    const subset = uniformityRows(1200);
    const measured = uniformityOf(normalise(large).points);
    expect(measured.count).toBe(400);
    expect(measured.value).toBeCloseTo(uniformity(matrix(large, subset), 2), 6);
  });

  it("equals core's tolerance by labels, and is null when no label has two rows", () => {
    const table = gaussian(60, 5);
    const labels = Int32Array.from({ length: 60 }, (_, i) => i % 4);
    const { points } = normalise(table);
    const input = toleranceInput(points, labels);
    expect(input.points).toEqual(points); // under MEASURE_ROWS: every row
    const measured = toleranceOf(input.points, input.labels);
    expect(measured?.count).toBe(60);
    expect(measured?.value).toBeCloseTo(tolerance(matrix(table), Array.from(labels)).sameClassMean, 6);
    expect(
      toleranceOf(
        points,
        Int32Array.from({ length: 60 }, (_, i) => i),
      ),
    ).toBeNull();
    // above MEASURE_ROWS: evenly spread rows with their labels
    const many = normalise(gaussian(MEASURE_ROWS * 2 + 1, 3)).points;
    const big = toleranceInput(
      many,
      Int32Array.from({ length: many.rows }, (_, i) => i % 5),
    );
    expect(big.points.rows).toBe(MEASURE_ROWS);
    expect(Array.from(big.labels.subarray(0, 3))).toEqual([0, 2, 4]);
  });

  it("equals core's alignment over the positive pairs that pair ids give", () => {
    const table = gaussian(9, 4);
    const { members } = pairGroups(['a', 'a', 'b', 'b', 'b', '', 'c', 'c', 'z']);
    const pairs = positivePairs(members, 100);
    expect(Array.from(pairs)).toEqual([0, 1, 2, 3, 2, 4, 3, 4, 6, 7]);
    const firsts = [0, 2, 2, 3, 6];
    const seconds = [1, 3, 4, 4, 7];
    const input = alignmentInput(normalise(table).points, pairs);
    expect(input.points.rows).toBe(7); // the rows in pairs, once each
    expect(Array.from(input.pairs)).toEqual([0, 1, 2, 3, 2, 4, 3, 4, 5, 6]);
    const measured = alignmentOf(input.points, input.pairs);
    expect(measured?.count).toBe(5);
    expect(measured?.value).toBeCloseTo(alignment(matrix(table, firsts), matrix(table, seconds), 2), 6);
    expect(alignmentOf(input.points, new Int32Array(0))).toBeNull();
  });
});

describe("an anchor's weights under InfoNCE", () => {
  const table = gaussian(30, 8, 11);
  const unit = normalise(table).points;
  const labels = Int32Array.from({ length: 30 }, (_, i) => i % 3);
  const anchor = 4;
  const cosines = anchorCosines(unit, anchor);

  it('gives each row its cosine with the anchor', () => {
    const rows = matrix(table);
    const norm = (v: number[]) => Math.hypot(...v);
    const a = rows[anchor] as number[];
    rows.forEach((row, i) => {
      const expected = row.reduce((s, v, k) => s + v * (a[k] as number), 0) / (norm(row) * norm(a));
      expect(cosines[i]).toBeCloseTo(expected, 6);
    });
    expect(() => anchorCosines(unit, 30)).toThrow('invalid anchor: 30');
  });

  it("matches core's InfoNCE relative weights r over the negatives and sums to 1", () => {
    const positive = 7;
    const result = anchorAnalysis(cosines, anchor, 0.1, [positive], labels);
    if (!result) throw new Error('no negatives');
    expect(result.negatives).toHaveLength(28);
    expect(Array.from(result.negatives)).not.toContain(anchor);
    expect(Array.from(result.negatives)).not.toContain(positive);
    expect(sum(result.weights)).toBeCloseTo(1, 12);
    const core = anchorWeights(Array.from(cosines), 0.1, anchor, positive).r;
    result.negatives.forEach((row, j) => {
      expect(result.weights[j]).toBeCloseTo(core[row] as number, 12);
    });
    expect(result.positiveSimilarity).toBe(cosines[positive]);
    expect(result.maxWeight).toBe(Math.max(...result.weights));
  });

  it('is finite at tau = 1e-4 and 1e4; at 1e4 every negative weighs the same (effective = n - 1)', () => {
    for (const tau of [1e-4, 1e4]) {
      const result = anchorAnalysis(cosines, anchor, tau, [], labels);
      if (!result) throw new Error('no negatives');
      expect(result.weights.every(Number.isFinite)).toBe(true);
      expect(Number.isFinite(result.effectiveNegatives)).toBe(true);
      expect(Number.isFinite(result.fnShare)).toBe(true);
      expect(sum(result.weights)).toBeCloseTo(1, 12);
    }
    const cold = anchorAnalysis(cosines, anchor, 1e-4, [], labels);
    expect(cold?.maxWeight).toBeCloseTo(1, 9); // only the hardest negative counts
    expect(cold?.effectiveNegatives).toBeCloseTo(1, 6);
    const warm = anchorAnalysis(cosines, anchor, 1e4, [], labels);
    expect(Math.abs((warm?.effectiveNegatives ?? 0) - 29)).toBeLessThan(1e-3);
  });

  it("gives the false-negative share as the weight on negatives with the anchor's label", () => {
    const result = anchorAnalysis(cosines, anchor, 0.5, [], labels);
    if (!result) throw new Error('no negatives');
    let expected = 0;
    let count = 0;
    result.negatives.forEach((row, j) => {
      if (labels[row] === labels[anchor]) {
        expected += result.weights[j] as number;
        count++;
      }
    });
    expect(result.fnShare).toBeCloseTo(expected, 12);
    expect(result.fnCount).toBe(count);
    expect(count).toBe(9); // 10 rows of class 1, less the anchor
    const hardest = Array.from(result.negatives).reduce((best, row) =>
      (cosines[row] as number) > (cosines[best] as number) ? row : best,
    );
    expect(result.hardest).toBe(hardest);
    expect(result.curve(cosines[hardest] as number)).toBeCloseTo(result.maxWeight, 12);
  });

  it('has no false-negative share without labels, and no negatives when every row is a positive', () => {
    const result = anchorAnalysis(cosines, anchor, 0.5, [], null);
    expect(result?.fnShare).toBeNull();
    expect(result?.falseNegative).toBeNull();
    const all = Array.from({ length: 30 }, (_, i) => i).filter((i) => i !== anchor);
    expect(anchorAnalysis(cosines, anchor, 0.5, all, labels)).toBeNull();
  });
});
