// Pure layout of the similarity histogram: the snapshot's counts of pairwise cosines (held-out display set, or the
// batch's negative pairs) with the batch's positive pairs overlaid, and the density of one coordinate of a uniform
// unit vector in R^d as the reference (what perfectly uniform embeddings would give; Wang & Isola 2020).
// The positives get a y scale of their own (the right axis): two dropout views of one input sit near s = 1 in a
// spike (density ~20 at ordinary temperatures) that, on the shared scale, flattened the held-out bars and the
// reference to a sliver at the bottom.

import { HISTOGRAM_BINS, type Histogram } from '../../core/pairHistograms';
import { linearScale, type PlotFrame, plotFrame, type Scale } from '../axes';

/** Margins of the histogram plot, in CSS pixels. */
export const HISTOGRAM_MARGINS = { left: 40, right: 40, top: 10, bottom: 34 } as const;

/** Which pairs the main histogram counts: the held-out display set, or the batch's negative pairs. */
export type HistogramSource = 'display' | 'batch';

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
  /** the main histogram's and the reference's densities (left axis) */
  readonly y: Scale;
  /** the positive pairs' densities (right axis): their own scale, as their spike is far taller */
  readonly yPositive: Scale;
  /** the tallest main bar's height as a fraction of the plot's height (0 when there is none) */
  readonly mainPeak: number;
  /** main histogram bars: x0, x1, top per bin (bins x 3) */
  readonly bars: Float64Array;
  /** positive pairs as a step outline on their own scale: x0, y0, x1, y1, ... */
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

/** Headroom above the tallest mark of each scale. */
const HEADROOM = 1.08;

/** Lays out the main histogram and the reference (left axis), the positives' outline (right axis) and the means. */
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
  const mainTop = Math.max(0, ...mainDensity);
  const top = Math.max(mainTop, ...referenceDensity);
  const positiveTop = Math.max(0, ...positiveDensity);
  const x = linearScale([-1, 1], [frame.left, frame.left + frame.width]);
  const range = [frame.top + frame.height, frame.top] as const;
  const y = linearScale([0, top > 0 ? top * HEADROOM : 1], range);
  const yPositive = linearScale([0, positiveTop > 0 ? positiveTop * HEADROOM : 1], range);
  const edge = (b: number) => x(-1 + b * width);
  const bars = new Float64Array(3 * bins);
  const positiveStep = new Float64Array(4 * bins);
  const reference = new Float64Array(referenceMass.some((m) => m > 0) ? 2 * bins : 0);
  for (let b = 0; b < bins; b++) {
    bars.set([edge(b), edge(b + 1), y(mainDensity[b] ?? 0)], 3 * b);
    const py = yPositive(positiveDensity[b] ?? 0);
    positiveStep.set([edge(b), py, edge(b + 1), py], 4 * b);
    if (reference.length > 0) reference.set([x(-1 + (b + 0.5) * width), y(referenceDensity[b] ?? 0)], 2 * b);
  }
  return {
    frame,
    x,
    y,
    yPositive,
    mainPeak: (range[0] - y(mainTop)) / frame.height,
    bars,
    positiveStep,
    reference,
    meanX: Number.isFinite(main.mean) ? x(main.mean) : Number.NaN,
    positiveMeanX: Number.isFinite(positives.mean) ? x(positives.mean) : Number.NaN,
  };
}
