// What the lab's eyes see in a person's embeddings, from plain arrays, by calling core: uniformity, tolerance
// and alignment (core/geometry) on the L2-normalised points, and for one anchor at a temperature the weight
// InfoNCE would give every negative (core/negativeWeights' softmax form, float64, max-subtracted log-sum-exp:
// finite from tau = 1e-4 to 1e4), their effective number and the share on the anchor's own class.
import { alignment, tolerance, uniformity } from '../core/geometry';
import { closedFormWeights, effectiveCount } from '../core/negativeWeights';
import { subsampleIndices } from '../core/pairHistograms';
import type { VectorTable } from './types';

/**
 * Points uniformity is measured on: the lab's own metric subset (engine/runData.ts METRIC_POINTS, the same
 * stride rule), so the lab's exported display set reads back with the uniformity the lab showed. Core's
 * uniformity is O(m^2 d) over number arrays: 512 points of 768 dimensions take 1 to 2 s (in the worker).
 */
export const UNIFORMITY_POINTS = 512;
/**
 * Most rows tolerance and most pairs alignment are measured on (evenly subsampled): core works on number arrays,
 * and the rows travel to the worker.
 */
export const MEASURE_ROWS = 8_192;

/** Unit rows: rows x dim, row-major. */
export interface UnitRows {
  readonly rows: number;
  readonly dim: number;
  readonly unit: Float32Array;
}

/** Smallest, largest and mean L2 norm of the rows as read. */
export interface Norms {
  readonly min: number;
  readonly max: number;
  readonly mean: number;
}

/** A measure and how many points (or pairs) it was computed on. */
export interface Measure {
  readonly value: number;
  readonly count: number;
}

/** The rows divided by their L2 norms (float64 sums; the table has no zero rows), and the norms they had. */
export function normalise(table: VectorTable): { points: UnitRows; norms: Norms } {
  const { rows, dim, values } = table;
  const unit = new Float32Array(rows * dim);
  let min = Number.POSITIVE_INFINITY;
  let max = 0;
  let sum = 0;
  for (let i = 0; i < rows; i++) {
    let squares = 0;
    for (let k = i * dim; k < (i + 1) * dim; k++) squares += (values[k] as number) ** 2;
    const norm = Math.sqrt(squares);
    for (let k = i * dim; k < (i + 1) * dim; k++) unit[k] = (values[k] as number) / norm;
    min = Math.min(min, norm);
    max = Math.max(max, norm);
    sum += norm;
  }
  return { points: { rows, dim, unit }, norms: { min, max, mean: sum / rows } };
}

/** A copy of some rows of the points, in the given order (what the measures need, sent to the worker). */
export function pickRows(points: UnitRows, rows: ArrayLike<number>): UnitRows {
  const { dim, unit } = points;
  const out = new Float32Array(rows.length * dim);
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i] as number;
    out.set(unit.subarray(row * dim, (row + 1) * dim), i * dim);
  }
  return { rows: rows.length, dim, unit: out };
}

/** The rows uniformity is measured on: every ceil(rows / 512)-th, from 0 (the lab's metric subset rule). */
export function uniformityRows(rows: number): Int32Array {
  const stride = Math.max(1, Math.ceil(rows / UNIFORMITY_POINTS));
  return Int32Array.from({ length: Math.ceil(rows / stride) }, (_, i) => i * stride);
}

/** Wang & Isola's uniformity (t = 2) of the points on the metric subset: core's `uniformity`. */
export function uniformityOf(points: UnitRows): Measure {
  const rows = uniformityRows(points.rows);
  return { value: uniformity(rowsOf(points, rows), 2), count: rows.length };
}

/** The rows and labels tolerance is measured on: up to MEASURE_ROWS evenly spread rows (core works on arrays). */
export function toleranceInput(
  points: UnitRows,
  labels: Int32Array,
): { points: UnitRows; labels: Int32Array } {
  const rows = subsampleIndices(points.rows, MEASURE_ROWS);
  return { points: pickRows(points, rows), labels: Int32Array.from(rows, (row) => labels[row] as number) };
}

/**
 * Wang & Liu's tolerance (the mean cosine over same-label pairs), core's `tolerance`, on all the given rows
 * (pass toleranceInput's). Null when no label has two rows (every point its own class).
 */
export function toleranceOf(points: UnitRows, labels: Int32Array): Measure | null {
  const all = Int32Array.from({ length: points.rows }, (_, i) => i);
  const value = tolerance(rowsOf(points, all), Array.from(labels)).sameClassMean;
  return Number.isNaN(value) ? null : { value, count: points.rows };
}

/** The rows of positive pairs (flat [i0, j0, ...]) and the pairs renumbered into them: the worker's input. */
export function alignmentInput(points: UnitRows, pairs: Int32Array): { points: UnitRows; pairs: Int32Array } {
  const index = new Map<number, number>();
  const renumbered = Int32Array.from(pairs, (row) => {
    const known = index.get(row);
    if (known !== undefined) return known;
    index.set(row, index.size);
    return index.size - 1;
  });
  return { points: pickRows(points, [...index.keys()]), pairs: renumbered };
}

/** Wang & Isola's alignment (alpha = 2) over positive pairs (flat [i0, j0, ...]): core's `alignment`. */
export function alignmentOf(points: UnitRows, pairs: Int32Array): Measure | null {
  const count = pairs.length / 2;
  if (count === 0) return null;
  const firsts = Int32Array.from({ length: count }, (_, p) => pairs[2 * p] as number);
  const seconds = Int32Array.from({ length: count }, (_, p) => pairs[2 * p + 1] as number);
  return { value: alignment(rowsOf(points, firsts), rowsOf(points, seconds), 2), count };
}

/** Cosine of every row with the anchor's: [rows], O(rows x dim). */
export function anchorCosines(points: UnitRows, anchor: number): Float64Array {
  const { rows, dim, unit } = points;
  if (!(Number.isInteger(anchor) && anchor >= 0 && anchor < rows))
    throw new Error(`invalid anchor: ${anchor}`);
  const out = new Float64Array(rows);
  const base = anchor * dim;
  for (let i = 0; i < rows; i++) {
    let sum = 0;
    const row = i * dim;
    for (let k = 0; k < dim; k++) sum += (unit[row + k] as number) * (unit[base + k] as number);
    out[i] = sum;
  }
  return out;
}

/** What InfoNCE at tau would do with one anchor's negatives. */
export interface AnchorAnalysis {
  readonly anchor: number;
  readonly tau: number;
  /** rows of the anchor's positives (sharing its pair id), not counted as negatives */
  readonly positives: readonly number[];
  /** cosine of the anchor with its first positive, null without pairs */
  readonly positiveSimilarity: number | null;
  /** [negatives] each negative's row, its cosine with the anchor and its weight r (they sum to 1) */
  readonly negatives: Int32Array;
  readonly similarities: Float64Array;
  readonly weights: Float64Array;
  /** [negatives] 1 where the negative has the anchor's label; null without labels */
  readonly falseNegative: Uint8Array | null;
  /** exp(entropy of r), in [1, negatives] */
  readonly effectiveNegatives: number;
  readonly maxWeight: number;
  /** row of the most similar negative */
  readonly hardest: number;
  /** share of r on negatives with the anchor's label, and how many there are; null without labels */
  readonly fnShare: number | null;
  readonly fnCount: number | null;
  /** r as a function of a negative's cosine s: exp(s / tau) / Z */
  readonly curve: (s: number) => number;
}

/**
 * The anchor's weights at tau: every row but the anchor and its positives is a negative, r_j = softmax over
 * the negatives of s_j / tau (Wang & Liu's relative penalty; core's closed form with no mined negative). Null
 * when the anchor has no negative (every other row is its positive).
 */
export function anchorAnalysis(
  cosines: Float64Array,
  anchor: number,
  tau: number,
  positives: readonly number[],
  labels: Int32Array | null,
): AnchorAnalysis | null {
  const excluded = new Set([anchor, ...positives]);
  const negatives = new Int32Array(cosines.length - excluded.size);
  let count = 0;
  for (let row = 0; row < cosines.length; row++) if (!excluded.has(row)) negatives[count++] = row;
  if (negatives.length === 0) return null;
  const similarities = Float64Array.from(negatives, (row) => cosines[row] as number);
  const first = positives[0];
  const positiveSimilarity = first === undefined ? null : (cosines[first] as number);
  const closed = closedFormWeights(
    { kind: 'softmax', tau, minedLogWeight: 0 },
    // r does not depend on the positive; without pairs the anchor is its own positive (s = 1)
    { positive: positiveSimilarity ?? 1, similarities: Array.from(similarities), mined: -1 },
  );
  const weights = Float64Array.from(closed.weights);
  const anchorLabel = labels?.[anchor];
  const falseNegative =
    labels && anchorLabel !== undefined
      ? Uint8Array.from(negatives, (row) => (labels[row] === anchorLabel ? 1 : 0))
      : null;
  let maxWeight = 0;
  let hardest = 0;
  let fnShare = 0;
  let fnCount = 0;
  for (let j = 0; j < negatives.length; j++) {
    const w = weights[j] as number;
    maxWeight = Math.max(maxWeight, w);
    if ((similarities[j] as number) > (similarities[hardest] as number)) hardest = j;
    if (falseNegative?.[j]) {
      fnShare += w;
      fnCount++;
    }
  }
  return {
    anchor,
    tau,
    positives,
    positiveSimilarity,
    negatives,
    similarities,
    weights,
    falseNegative,
    effectiveNegatives: effectiveCount(closed.weights),
    maxWeight,
    hardest: negatives[hardest] as number,
    fnShare: falseNegative ? fnShare : null,
    fnCount: falseNegative ? fnCount : null,
    curve: closed.curve ?? (() => Number.NaN),
  };
}

// The given rows of the unit points as core's matrix type (number arrays, float64).
function rowsOf(points: UnitRows, rows: Int32Array): number[][] {
  const { dim, unit } = points;
  return Array.from(rows, (row) => Array.from(unit.subarray(row * dim, (row + 1) * dim)));
}
