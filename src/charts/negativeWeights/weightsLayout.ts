// Pure layout of the negative-weights chart (Wang & Liu's relative penalty r_ij for one anchor) and its gradient
// check (autograd |dl_i/ds_ij| against p_ij / tau); the batch-wide scatter is in batchWeightsLayout.ts.
// Inputs are a snapshot's BatchView (rows x rows row-major float32 matrices); outputs are CSS-pixel positions.

import type { BatchView } from '../../protocol/snapshot';
import { linearScale, logScale, type PlotFrame, plotFrame, type Scale } from '../axes';

/** On a log axis, weights below this are drawn at it (at tau = 1e-4 they reach 10^-4000, or 0 in float32). */
export const WEIGHT_LOG_FLOOR = 1e-12;
/** The gradient check compares only negatives whose p_ij / tau is at least this fraction of the largest. */
export const GRADIENT_COMPARE_FLOOR = 1e-6;
/** Margins of the three weight panels, in CSS pixels (room for tick labels and axis titles). */
export const WEIGHT_MARGINS = { left: 46, right: 10, top: 10, bottom: 34 } as const;

/** What the main chart's x axis shows: the similarity s_ij itself, or the negative's rank by similarity. */
export type WeightAxis = 'similarity' | 'rank';

/** One negative of the anchor: its column j, s_ij, the snapshot's r_ij and exp(s_ij / tau) / Z in float64. */
export interface NegativeEntry {
  readonly column: number;
  readonly similarity: number;
  /** r_ij as the snapshot gives it (float32, so 0 below ~1e-45) */
  readonly weight: number;
  /** exp(s_ij / tau) / sum over the anchor's negatives, computed here from s_ij (never underflows to 0 above 1e-308) */
  readonly boltzmann: number;
}

/**
 * The negatives of `anchor` (every column but itself and its positive) sorted by ascending similarity, ties by
 * column, with r_ij and the Boltzmann weight exp(s_ij / tau) / Z, Z summed over these negatives (max-shifted, so
 * tau = 1e-4 is safe).
 */
export function anchorNegatives(batch: BatchView, tau: number, anchor: number): NegativeEntry[] {
  const { rows } = batch;
  const positive = batch.positives[anchor] ?? -1;
  const columns: number[] = [];
  let largest = Number.NEGATIVE_INFINITY;
  for (let j = 0; j < rows; j++) {
    if (j === anchor || j === positive) continue;
    columns.push(j);
    largest = Math.max(largest, batch.similarity[anchor * rows + j] ?? Number.NaN);
  }
  const shifted = columns.map((j) => Math.exp(((batch.similarity[anchor * rows + j] ?? 0) - largest) / tau));
  const total = shifted.reduce((sum, e) => sum + e, 0);
  const entries = columns.map((j, k) => ({
    column: j,
    similarity: batch.similarity[anchor * rows + j] ?? Number.NaN,
    weight: batch.negativeWeights[anchor * rows + j] ?? Number.NaN,
    boltzmann: (shifted[k] ?? 0) / total,
  }));
  return entries.sort((a, b) => a.similarity - b.similarity || a.column - b.column);
}

/** A negative's bar: its entry plus rank (0 = least similar) and pixel geometry (centre x, top y). */
export interface WeightBar extends NegativeEntry {
  readonly rank: number;
  readonly x: number;
  readonly top: number;
  /** the weight lies below the log floor and is drawn at it */
  readonly clamped: boolean;
}

/** Size and axes of a weight panel. */
export interface WeightPanelOptions {
  readonly width: number;
  readonly height: number;
  /** log-scale weight axis, clamped at WEIGHT_LOG_FLOOR */
  readonly log: boolean;
}

/** Everything the main chart draws for one anchor. */
export interface NegativeWeightsLayout {
  readonly anchor: number;
  /** the anchor's positive, -1 for none */
  readonly positive: number;
  readonly frame: PlotFrame;
  readonly x: Scale;
  readonly y: Scale;
  readonly bars: readonly WeightBar[];
  /** bar width in CSS pixels */
  readonly barWidth: number;
  /** y of the bars' base (the axis) */
  readonly baseline: number;
  /** the Boltzmann curve as x0, y0, x1, y1, ... in pixels, by increasing x; passes through every bar top */
  readonly curve: Float64Array;
  /** the most similar negative (the snapshot's hardestNegative), null when the anchor has no negatives */
  readonly hardest: WeightBar | null;
  /** exp(entropy of r_i) from the snapshot, in [1, negatives] */
  readonly effectiveNegatives: number;
  /** the largest possible value: the number of negatives (2N - 2 in the [a, a', b, b'] layout) */
  readonly maxNegatives: number;
  /** bars whose weight is under the log floor (0 on a linear axis) */
  readonly clamped: number;
}

/** Samples of the smooth Boltzmann curve between the least and most similar negative (bar tops added). */
const CURVE_SAMPLES = 160;

/** Lays out the main chart: bars of r_ij sorted by s_ij, the curve exp(s / tau) / Z, the hardest negative. */
export function layoutNegativeWeights(
  batch: BatchView,
  tau: number,
  anchor: number,
  options: WeightPanelOptions & { readonly axis: WeightAxis },
): NegativeWeightsLayout {
  const frame = plotFrame(options.width, options.height, WEIGHT_MARGINS);
  const entries = anchorNegatives(batch, tau, anchor);
  const n = entries.length;
  const sLo = entries[0]?.similarity ?? -1;
  const sHi = entries[n - 1]?.similarity ?? 1;
  const pad = Math.max(0.01, (sHi - sLo) * 0.03);
  const xRange = [frame.left, frame.left + frame.width] as const;
  const x =
    options.axis === 'rank'
      ? linearScale([-0.5, Math.max(0.5, n - 0.5)], xRange)
      : linearScale([sLo - pad, sHi + pad], xRange);
  const largest = entries.reduce((m, e) => Math.max(m, e.weight, e.boltzmann), 0);
  const y = weightScale(largest, frame, options.log);
  const baseline = frame.top + frame.height;
  const position = (e: NegativeEntry, rank: number) => x(options.axis === 'rank' ? rank : e.similarity);
  // Fields written out, not spread: an object spread per bar cost ~3 us each (measured), 254 bars per frame.
  const bars: WeightBar[] = entries.map((e, rank) => ({
    column: e.column,
    similarity: e.similarity,
    weight: e.weight,
    boltzmann: e.boltzmann,
    rank,
    x: position(e, rank),
    top: y(e.weight),
    clamped: options.log && !(e.weight >= WEIGHT_LOG_FLOOR),
  }));
  const barWidth =
    options.axis === 'rank'
      ? Math.max(1, (frame.width / Math.max(1, n)) * 0.8)
      : Math.max(1, Math.min(4, frame.width / Math.max(1, 1.5 * n)));
  const hardestColumn = batch.hardestNegative[anchor] ?? -1;
  const hardest = bars.find((b) => b.column === hardestColumn) ?? mostSimilar(bars);
  return {
    anchor,
    positive: batch.positives[anchor] ?? -1,
    frame,
    x,
    y,
    bars,
    barWidth,
    baseline,
    curve: boltzmannCurve(bars, tau, options.axis, x, y),
    hardest,
    effectiveNegatives: batch.effectiveNegatives[anchor] ?? Number.NaN,
    maxNegatives: n,
    clamped: bars.filter((b) => b.clamped).length,
  };
}

/** The weight axis: linear from 0 a little past the largest weight, or log from WEIGHT_LOG_FLOOR to a decade. */
export function weightScale(largest: number, frame: PlotFrame, log: boolean): Scale {
  const range = [frame.top + frame.height, frame.top] as const;
  if (log) {
    const top = largest > 0 ? 10 ** Math.ceil(Math.log10(largest) - 1e-9) : 1;
    return logScale([WEIGHT_LOG_FLOOR, Math.max(top, WEIGHT_LOG_FLOOR * 10)], range);
  }
  return linearScale([0, largest > 0 ? largest * 1.08 : 1], range);
}

// The first bar of largest similarity (the core's "first index on ties" is the smallest column).
function mostSimilar(bars: readonly WeightBar[]): WeightBar | null {
  let best: WeightBar | null = null;
  for (const bar of bars) {
    if (!best || bar.similarity > best.similarity) best = bar;
  }
  return best;
}

// Rank axis: a polyline through the bar tops (the formula evaluated at each s_ij). Similarity axis: the smooth
// exp(s / tau) / Z between the extreme negatives, with every bar's own s added so it passes through the tops.
function boltzmannCurve(bars: readonly WeightBar[], tau: number, axis: WeightAxis, x: Scale, y: Scale) {
  const first = bars[0];
  const last = bars[bars.length - 1];
  if (!first || !last) return new Float64Array(0);
  if (axis === 'rank') {
    const out = new Float64Array(2 * bars.length);
    bars.forEach((b, k) => {
      out[2 * k] = b.x;
      out[2 * k + 1] = y(b.boltzmann);
    });
    return out;
  }
  // exp(s / tau) / Z = exp((s - s_max) / tau) * (boltzmann of the hardest, whose shifted exponential is 1).
  const peak = last.boltzmann;
  const samples: [number, number][] = bars.map((b) => [b.similarity, b.boltzmann]);
  for (let k = 0; k <= CURVE_SAMPLES; k++) {
    const s = first.similarity + ((last.similarity - first.similarity) * k) / CURVE_SAMPLES;
    samples.push([s, Math.exp((s - last.similarity) / tau) * peak]);
  }
  samples.sort((a, b) => a[0] - b[0]);
  const out = new Float64Array(2 * samples.length);
  samples.forEach(([s, w], k) => {
    out[2 * k] = x(s);
    out[2 * k + 1] = y(w);
  });
  return out;
}

/** One point of the gradient check: analytic p_ij / tau against the autograd |dl_i/ds_ij|, in pixels too. */
export interface GradientPoint {
  readonly column: number;
  readonly analytic: number;
  readonly autograd: number;
  readonly x: number;
  readonly y: number;
  /** the anchor's positive: analytic (1 - p_i,pos) / tau, the sum of the negatives' p_ij / tau */
  readonly positive: boolean;
}

/** The gradient panel: unavailable when the objective has no similarity form (NaN-filled gradient). */
export type GradientCheckLayout =
  | { readonly available: false; readonly anchor: number }
  | {
      readonly available: true;
      readonly anchor: number;
      readonly frame: PlotFrame;
      readonly x: Scale;
      readonly y: Scale;
      readonly points: readonly GradientPoint[];
      /** largest |autograd - analytic| / analytic over the compared negatives */
      readonly maxRelativeDifference: number;
      /** negatives compared: those with p_ij / tau >= GRADIENT_COMPARE_FLOOR x the largest */
      readonly compared: number;
      /** the line y = x across the panel, [x0, y0, x1, y1] in pixels */
      readonly diagonal: readonly [number, number, number, number];
    };

/**
 * Lays out the gradient check of one anchor: for every negative j the snapshot's autograd |dl_i/ds_ij| (y)
 * against p_ij / tau (x) on the same axes, plus the positive, whose gradient equals the negatives' sum in size.
 */
export function layoutGradientCheck(
  batch: BatchView,
  tau: number,
  anchor: number,
  options: WeightPanelOptions,
): GradientCheckLayout {
  const { rows } = batch;
  const positive = batch.positives[anchor] ?? -1;
  const raw: { column: number; analytic: number; autograd: number; positive: boolean }[] = [];
  let negativeSum = 0;
  for (let j = 0; j < rows; j++) {
    const gradient = batch.similarityGradient[anchor * rows + j] ?? Number.NaN;
    if (j === anchor) continue;
    if (!Number.isFinite(gradient)) return { available: false, anchor };
    if (j === positive) continue;
    const analytic = (batch.softmax[anchor * rows + j] ?? Number.NaN) / tau;
    negativeSum += analytic;
    raw.push({ column: j, analytic, autograd: Math.abs(gradient), positive: false });
  }
  if (positive >= 0) {
    const gradient = Math.abs(batch.similarityGradient[anchor * rows + positive] ?? Number.NaN);
    raw.push({ column: positive, analytic: negativeSum, autograd: gradient, positive: true });
  }
  const frame = plotFrame(options.width, options.height, WEIGHT_MARGINS);
  const largest = raw.reduce((m, p) => Math.max(m, p.analytic, p.autograd), 0);
  const smallest = raw.reduce((m, p) => Math.min(m, p.analytic > 0 ? p.analytic : m), largest);
  const scaleOf = (range: readonly [number, number]): Scale => {
    if (!options.log) return linearScale([0, largest > 0 ? largest * 1.05 : 1], range);
    const hi = largest > 0 ? 10 ** Math.ceil(Math.log10(largest) - 1e-9) : 1;
    const lo = Math.max(
      hi * WEIGHT_LOG_FLOOR,
      10 ** Math.floor(Math.log10(smallest > 0 ? smallest : hi) - 1e-9),
    );
    return logScale([Math.min(lo, hi / 10), hi], range);
  };
  const x = scaleOf([frame.left, frame.left + frame.width]);
  const y = scaleOf([frame.top + frame.height, frame.top]);
  const threshold = GRADIENT_COMPARE_FLOOR * largest;
  let maxRelativeDifference = 0;
  let compared = 0;
  for (const p of raw) {
    if (p.positive || !(p.analytic >= threshold) || p.analytic === 0) continue;
    compared++;
    maxRelativeDifference = Math.max(maxRelativeDifference, Math.abs(p.autograd - p.analytic) / p.analytic);
  }
  const [lo, hi] = x.domain;
  return {
    available: true,
    anchor,
    frame,
    x,
    y,
    points: raw.map((p) => ({
      column: p.column,
      analytic: p.analytic,
      autograd: p.autograd,
      positive: p.positive,
      x: x(p.analytic),
      y: y(p.autograd),
    })),
    maxRelativeDifference,
    compared,
    diagonal: [x(lo), y(lo), x(hi), y(hi)],
  };
}
