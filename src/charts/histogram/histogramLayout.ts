// Pure layout of the similarity histogram: pairwise cosines of the held-out display set (subsampled) or of the
// batch's negative pairs, the batch's positive pairs overlaid, and the density of one coordinate of a uniform
// unit vector in R^d as the reference (what perfectly uniform embeddings would give; Wang & Isola 2020).

import type { BatchView, DisplaySet } from '../../protocol/snapshot';
import { linearScale, type PlotFrame, plotFrame, type Scale, subsampleIndices } from '../axes';

/** Bins over [-1, 1] (width 0.05). */
export const HISTOGRAM_BINS = 40;
/** Most display points whose pairs are counted (2,048 points would be 2.1M pairs: too slow per snapshot). */
export const MAX_DISPLAY_POINTS = 512;
/**
 * Multiply-adds one display histogram may cost (pairs x dim): 512 points up to dim 9, 388 at dim 16, 194 at
 * dim 64 (19k pairs, ~1.5-2 ms in V8, measured), so the page keeps its frame budget when a snapshot lands.
 */
export const PAIR_WORK_BUDGET = 1_200_000;
/** Margins of the histogram plot, in CSS pixels. */
export const HISTOGRAM_MARGINS = { left: 40, right: 10, top: 10, bottom: 34 } as const;

/** Which pairs the main histogram counts: the held-out display set, or the batch's negative pairs. */
export type HistogramSource = 'display' | 'batch';

/** Counts of cosines in HISTOGRAM_BINS-style equal bins over [-1, 1]. */
export interface Histogram {
  /** bins: number of values per bin */
  readonly counts: Float64Array;
  /** values counted (the sum of counts) */
  readonly total: number;
  /** mean of the values, NaN when none */
  readonly mean: number;
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
  display: DisplaySet,
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
  batch: BatchView,
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
  // fillMatrixPixels).
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

/** log Gamma(x) for x > 0 (Lanczos, g = 7, 9 terms; ~1e-15 relative). */
export function logGamma(x: number): number {
  if (x < 0.5) return Math.log(Math.PI / Math.abs(Math.sin(Math.PI * x))) - logGamma(1 - x);
  const c = [
    0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
    12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
  ];
  const z = x - 1;
  let a = c[0] as number;
  const t = z + 7.5;
  for (let k = 1; k < 9; k++) a += (c[k] as number) / (z + k);
  return 0.5 * Math.log(2 * Math.PI) + (z + 0.5) * Math.log(t) - t + Math.log(a);
}

/**
 * Density of one coordinate s of a uniform unit vector in R^d (d >= 2), equivalently of the cosine of two
 * independent uniform points: Gamma(d/2) / (sqrt(pi) Gamma((d-1)/2)) (1 - s^2)^((d-3)/2) on (-1, 1).
 */
export function uniformSphereDensity(s: number, dim: number): number {
  if (!(dim >= 2) || !(s > -1 && s < 1)) return 0;
  const logNorm = logGamma(dim / 2) - 0.5 * Math.log(Math.PI) - logGamma((dim - 1) / 2);
  return Math.exp(logNorm + ((dim - 3) / 2) * Math.log1p(-s * s));
}

/**
 * Probability of each of `bins` equal bins over [-1, 1] under the uniform-sphere density (d >= 2), integrated
 * in the angle (s = cos theta, density proportional to sin^(d-2) theta, smooth even where the density in s is
 * infinite at +-1 for d = 2) by Simpson's rule, 16 panels per bin. Sums to 1 up to ~1e-6.
 */
export function uniformSphereBinMass(dim: number, bins = HISTOGRAM_BINS): Float64Array {
  const out = new Float64Array(bins);
  if (!(dim >= 2)) return out;
  const logNorm = logGamma(dim / 2) - 0.5 * Math.log(Math.PI) - logGamma((dim - 1) / 2);
  const f = (theta: number) => Math.exp(logNorm + (dim - 2) * Math.log(Math.max(Math.sin(theta), 1e-300)));
  const panels = 16;
  for (let b = 0; b < bins; b++) {
    // Bin [s0, s1] is theta in [acos s1, acos s0].
    const t0 = Math.acos(Math.min(1, -1 + (2 * (b + 1)) / bins));
    const t1 = Math.acos(Math.max(-1, -1 + (2 * b) / bins));
    const h = (t1 - t0) / panels;
    let sum = f(t0) + f(t1);
    for (let k = 1; k < panels; k++) sum += (k % 2 === 1 ? 4 : 2) * f(t0 + k * h);
    out[b] = (sum * h) / 3;
  }
  return out;
}

/** What the histogram chart draws, in CSS pixels; heights are densities (count / (total x bin width)). */
export interface HistogramLayout {
  readonly frame: PlotFrame;
  readonly x: Scale;
  readonly y: Scale;
  /** main histogram bars: x0, x1, top per bin (bins x 3) */
  readonly bars: Float64Array;
  /** positive pairs as a step outline: x0, y0, x1, y1, ... */
  readonly positiveStep: Float64Array;
  /** uniform-sphere reference, bin-averaged density at bin centres: x0, y0, ... (empty when d < 2) */
  readonly reference: Float64Array;
  /** x of the main histogram's mean and of the positives' mean (NaN when none) */
  readonly meanX: number;
  readonly positiveMeanX: number;
}

/** Density of each bin of a histogram over [-1, 1]: count / (total x bin width); zeros when empty. */
export function densities(histogram: Histogram): Float64Array {
  const bins = histogram.counts.length;
  const width = 2 / bins;
  return histogram.counts.map((c) => (histogram.total > 0 ? c / (histogram.total * width) : 0));
}

/** Lays out the main histogram, the positives' outline, the uniform reference and the means. */
export function layoutHistogram(
  main: Histogram,
  positives: Histogram,
  referenceMass: Float64Array,
  size: { readonly width: number; readonly height: number },
): HistogramLayout {
  const frame = plotFrame(size.width, size.height, HISTOGRAM_MARGINS);
  const bins = main.counts.length;
  const width = 2 / bins;
  const mainDensity = densities(main);
  const positiveDensity = densities(positives);
  const referenceDensity = referenceMass.map((m) => m / width);
  let top = 0;
  for (const d of [mainDensity, positiveDensity, referenceDensity]) for (const v of d) top = Math.max(top, v);
  const x = linearScale([-1, 1], [frame.left, frame.left + frame.width]);
  const y = linearScale([0, top > 0 ? top * 1.08 : 1], [frame.top + frame.height, frame.top]);
  const edge = (b: number) => x(-1 + b * width);
  const bars = new Float64Array(3 * bins);
  const positiveStep = new Float64Array(4 * bins);
  const reference = new Float64Array(referenceMass.some((m) => m > 0) ? 2 * bins : 0);
  for (let b = 0; b < bins; b++) {
    bars.set([edge(b), edge(b + 1), y(mainDensity[b] ?? 0)], 3 * b);
    const py = y(positiveDensity[b] ?? 0);
    positiveStep.set([edge(b), py, edge(b + 1), py], 4 * b);
    if (reference.length > 0) reference.set([x(-1 + (b + 0.5) * width), y(referenceDensity[b] ?? 0)], 2 * b);
  }
  return {
    frame,
    x,
    y,
    bars,
    positiveStep,
    reference,
    meanX: Number.isFinite(main.mean) ? x(main.mean) : Number.NaN,
    positiveMeanX: Number.isFinite(positives.mean) ? x(positives.mean) : Number.NaN,
  };
}
