// Histograms of pairwise cosines, counted in the trainer worker for each snapshot: the held-out display set
// (an evenly spaced subsample) and the batch's negative and positive pairs. The page only draws them: at the
// defaults the display pairs alone are 130,816 dot products, about 2.5 ms of the main thread a snapshot.

/** Bins over [-1, 1] (width 0.05). */
export const HISTOGRAM_BINS = 40;
/** Most display points whose pairs are counted (2,048 points would be 2.1M pairs: too slow per snapshot). */
export const MAX_DISPLAY_POINTS = 512;
/**
 * Multiply-adds one display histogram may cost (pairs x dim): 512 points up to dim 9, 388 at dim 16, 194 at
 * dim 64 (19k pairs, ~1.5-2 ms in V8, measured), so a snapshot stays cheap to build.
 */
export const PAIR_WORK_BUDGET = 1_200_000;

/** Counts of cosines in HISTOGRAM_BINS-style equal bins over [-1, 1]. */
export interface Histogram {
  /** bins: number of values per bin */
  readonly counts: Float64Array;
  /** values counted (the sum of counts) */
  readonly total: number;
  /** mean of the values, NaN when none */
  readonly mean: number;
}

/** Unit vectors, row-major. */
export interface EmbeddedPoints {
  readonly rows: number;
  readonly dim: number;
  /** rows x dim */
  readonly embeddings: Float32Array;
}

/** A batch's similarity matrix and who is whose positive. */
export interface PairsOf {
  readonly rows: number;
  /** rows x rows, row-major */
  readonly similarity: Float32Array;
  /** rows: index of each row's positive, -1 for none */
  readonly positives: Int32Array;
}

/** The histograms a snapshot carries. */
export interface PairHistograms {
  /** pairs of at most displayPointBudget(dim) display points */
  readonly display: Histogram & { readonly points: number };
  readonly batchNegatives: Histogram;
  readonly batchPositives: Histogram;
}

/** Every histogram of a snapshot. */
export function pairHistograms(display: EmbeddedPoints, batch: PairsOf): PairHistograms {
  const { negatives, positives } = batchPairHistograms(batch);
  return { display: displayPairHistogram(display), batchNegatives: negatives, batchPositives: positives };
}

/** Bin of a cosine s among `bins` equal bins over [-1, 1]; values just outside (rounding) go to the end bins. */
export function binOf(s: number, bins: number): number {
  const b = Math.floor(((s + 1) / 2) * bins);
  return b < 0 ? 0 : b >= bins ? bins - 1 : b;
}

/** How many display points fit the work budget at dimension `dim` (at most MAX_DISPLAY_POINTS). */
export function displayPointBudget(dim: number): number {
  return Math.min(MAX_DISPLAY_POINTS, Math.floor(Math.sqrt((2 * PAIR_WORK_BUDGET) / Math.max(1, dim))) + 1);
}

/**
 * Histogram of cos(u_i, u_j) over pairs i < j of a deterministic, evenly spread subsample of the display set
 * (at most `maxPoints` of its rows: the same rows every snapshot, so bars do not jitter from resampling).
 */
export function displayPairHistogram(
  display: EmbeddedPoints,
  bins = HISTOGRAM_BINS,
  maxPoints = displayPointBudget(display.dim),
): Histogram & { readonly points: number } {
  const { dim } = display;
  const picked = subsampleIndices(display.rows, maxPoints);
  const m = picked.length;
  // Float64 copy of the picked rows: faster dot products than reading the Float32Array (measured ~30%).
  const rows = new Float64Array(m * dim);
  for (let k = 0; k < m; k++) {
    const from = (picked[k] ?? 0) * dim;
    for (let c = 0; c < dim; c++) rows[k * dim + c] = display.embeddings[from + c] ?? 0;
  }
  const counts = new Float64Array(bins);
  let sum = 0;
  const half = bins / 2;
  for (let i = 0; i < m; i++) {
    const oi = i * dim;
    for (let j = i + 1; j < m; j++) {
      const oj = j * dim;
      let s = 0;
      for (let c = 0; c < dim; c++) s += (rows[oi + c] as number) * (rows[oj + c] as number);
      sum += s;
      // binOf, inlined: calling it made this loop about 50% slower (2,048 points at dim 16, Node, measured)
      const b = Math.floor((s + 1) * half);
      const bin = b < 0 ? 0 : b >= bins ? bins - 1 : b;
      counts[bin] = (counts[bin] as number) + 1;
    }
  }
  const total = (m * (m - 1)) / 2;
  return { counts, total, mean: total > 0 ? sum / total : Number.NaN, points: m };
}

/** Histograms of the batch's similarities over pairs i < j: negative pairs, and positive pairs (j = positives[i]). */
export function batchPairHistograms(
  batch: PairsOf,
  bins = HISTOGRAM_BINS,
): { readonly negatives: Histogram; readonly positives: Histogram } {
  const negatives = new Float64Array(bins);
  const positives = new Float64Array(bins);
  let negativeSum = 0;
  let negativeTotal = 0;
  let positiveSum = 0;
  let positiveTotal = 0;
  const { rows, similarity } = batch;
  // The pairs i < j, in one flat loop over the cells (a nested loop is recompiled on every call: see
  // fillMatrixPixels in charts/similarity/similarityLayout.ts).
  for (let k = 0; k < rows * rows; k++) {
    const i = Math.floor(k / rows);
    const j = k - i * rows;
    if (j <= i) continue;
    const s = similarity[i * rows + j] ?? Number.NaN;
    const b = binOf(s, bins);
    if (batch.positives[i] === j || batch.positives[j] === i) {
      positives[b] = (positives[b] ?? 0) + 1;
      positiveSum += s;
      positiveTotal++;
    } else {
      negatives[b] = (negatives[b] ?? 0) + 1;
      negativeSum += s;
      negativeTotal++;
    }
  }
  return {
    negatives: histogram(negatives, negativeSum, negativeTotal),
    positives: histogram(positives, positiveSum, positiveTotal),
  };
}

/**
 * A histogram of counts whose values summed to `sum`. A module function, not a closure made on each call: the
 * call after batchPairHistograms' loop, reached first in code V8 compiled mid-loop, deoptimised it on every
 * call while it was a fresh closure.
 */
function histogram(counts: Float64Array, sum: number, total: number): Histogram {
  return { counts, total, mean: total > 0 ? sum / total : Number.NaN };
}

/**
 * `min(count, max)` indices spread evenly over 0..count-1 (floor(k * count / m)): a deterministic subsample,
 * the same for the same count, so a chart does not flicker between snapshots.
 */
export function subsampleIndices(count: number, max: number): Int32Array {
  const m = Math.max(0, Math.min(count, Math.floor(max)));
  const out = new Int32Array(m);
  for (let k = 0; k < m; k++) out[k] = Math.floor((k * count) / m);
  return out;
}
