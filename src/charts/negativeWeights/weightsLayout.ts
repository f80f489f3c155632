// Pure layout of the negative-weights chart (the weight r_ij each negative of one anchor gets under the running
// objective: for InfoNCE Wang & Liu's relative penalty) and its gradient check (autograd |dl_i/ds_ij| against the
// objective's closed form); the batch-wide scatter is in batchWeightsLayout.ts. Inputs are a snapshot (rows x rows
// row-major float32 matrices) and an anchor row; outputs are CSS-pixel positions.

import type { Snapshot } from '../../protocol/snapshot';
import { type AnchorWeights, anchorWeightsOf } from '../anchorWeights';
import { linearScale, logScale, type PlotFrame, plotFrame, type Scale } from '../axes';
import { type ExtraMark, type ExtraSummary, extraEntries, extraSummaryOf } from './extraNegatives';
import { type AnchorFalseNegatives, anchorFalseNegatives, isFalseNegative } from './falseNegatives';

/** On a log axis, weights below this are drawn at it (at tau = 1e-4 they reach 10^-4000, or 0 in float32). */
export const WEIGHT_LOG_FLOOR = 1e-12;
/** The gradient check compares only negatives whose closed-form gradient is at least this fraction of the largest. */
export const GRADIENT_COMPARE_FLOOR = 1e-6;
/** Margins of the three weight panels, in CSS pixels (room for tick labels and axis titles). */
export const WEIGHT_MARGINS = { left: 46, right: 10, top: 10, bottom: 34 } as const;

/** What the main chart's x axis shows: the similarity s_ij itself, or the negative's rank by similarity. */
export type WeightAxis = 'similarity' | 'rank';

/** One candidate negative of the anchor: its column j, s_ij, the snapshot's r_ij and the closed-form r_ij. */
export interface NegativeEntry {
  readonly column: number;
  readonly similarity: number;
  /** r_ij as the snapshot gives it (autograd, float32, so 0 below ~1e-45) */
  readonly weight: number;
  /** r_ij of the objective's closed form, float64 from s_ij (never underflows to 0 above 1e-308) */
  readonly closedForm: number;
  /** the anchor's mined negative (supervised hard negative, triplet pick) */
  readonly mined: boolean;
  /** it carries the anchor's label (always false with the labels hidden) */
  readonly falseNegative: boolean;
}

/**
 * The candidates of `anchor` (the negatives its loss uses) sorted by ascending similarity, ties by column, with
 * the snapshot's r_ij and the closed form's; empty when the row is not an anchor.
 */
export function anchorNegatives(snapshot: Snapshot, anchor: number): NegativeEntry[] {
  return negativesOf(snapshot, anchorWeightsOf(snapshot, anchor));
}

/** anchorNegatives of one anchor's weights, already computed (empty for null: not an anchor). */
function negativesOf(snapshot: Snapshot, weights: AnchorWeights | null): NegativeEntry[] {
  if (!weights) return [];
  const entries = weights.columns.map((column, k) => ({
    column,
    similarity: weights.similarities[k] as number,
    weight: weights.weights[k] as number,
    closedForm: weights.closed.weights[k] as number,
    mined: column === weights.mined,
    falseNegative: isFalseNegative(snapshot.batch, weights.anchor, column),
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

/** A candidate the negative strategy left out this step: no weight, drawn grey on the axis. */
export interface DroppedMark {
  readonly column: number;
  readonly similarity: number;
  readonly x: number;
  /** it carries the anchor's label (eliminated or attracted, or dropped by the filter or a selection) */
  readonly falseNegative: boolean;
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
  /**
   * the closed form r(s) as x0, y0, x1, y1, ... in pixels, by increasing x; passes through every bar top but the
   * mined one's (its logit carries a weight of its own); empty where the objective has no smooth form (triplet)
   */
  readonly curve: Float64Array;
  /** the closed form at each bar, x0, y0, ... (so a bar top off the curve, or a spike, is checked too) */
  readonly closedPoints: Float64Array;
  /** the negative with the largest weight (the snapshot's hardestNegative), null when none gets any */
  readonly hardest: WeightBar | null;
  /** the anchor's mined negative, null for none */
  readonly mined: WeightBar | null;
  /** exp(entropy) of the anchor's pushing weights from the snapshot, in [1, negatives]; 0 when none pushes */
  readonly effectiveNegatives: number;
  /** the largest possible value: the number of candidates the anchor's loss uses */
  readonly maxNegatives: number;
  /** bars whose weight is under the log floor (0 on a linear axis) */
  readonly clamped: number;
  /** candidates with a negative weight (HCL pulls its easiest negatives closer) */
  readonly pulled: number;
  /** why no candidate gets any weight (closed form), else null */
  readonly inactive: string | null;
  /** candidates the negative strategy left out (grey ticks on the axis; similarity axis only) */
  readonly dropped: readonly DroppedMark[];
  /** the anchor's heaviest negatives beyond the shown rows (similarity axis only) */
  readonly extra: readonly ExtraMark[];
  /** all of its negatives beyond the shown rows, or null when it has none */
  readonly extraSummary: ExtraSummary | null;
  /** its false negatives and their weight, or null with the labels hidden (no mark anywhere then) */
  readonly falseNegatives: AnchorFalseNegatives | null;
}

/** Samples of the smooth closed-form curve between the least and most similar negative (bar tops added). */
const CURVE_SAMPLES = 160;

/** Lays out the main chart: bars of r_ij sorted by s_ij, the closed form r(s), the hardest and mined negatives. */
export function layoutNegativeWeights(
  snapshot: Snapshot,
  anchor: number,
  options: WeightPanelOptions & { readonly axis: WeightAxis },
): NegativeWeightsLayout {
  const { batch } = snapshot;
  const frame = plotFrame(options.width, options.height, WEIGHT_MARGINS);
  // one closed-form pass per layout: the bars, the curve and the left-out candidates all read it
  const weights = anchorWeightsOf(snapshot, anchor);
  const closed = weights?.closed ?? null;
  const entries = negativesOf(snapshot, weights);
  const n = entries.length;
  const outside = extraEntries(batch, anchor);
  const droppedColumns = weights?.dropped ?? [];
  const similarityOf = (column: number) => batch.similarity[anchor * batch.rows + column] as number;
  const spread = [
    ...entries.map((e) => e.similarity),
    ...droppedColumns.map(similarityOf),
    ...outside.map((e) => e.similarity),
  ];
  const sLo = spread.length > 0 ? Math.min(...spread) : -1;
  const sHi = spread.length > 0 ? Math.max(...spread) : 1;
  const pad = Math.max(0.01, (sHi - sLo) * 0.03);
  const xRange = [frame.left, frame.left + frame.width] as const;
  const x =
    options.axis === 'rank'
      ? linearScale([-0.5, Math.max(0.5, n - 0.5)], xRange)
      : linearScale([sLo - pad, sHi + pad], xRange);
  const largest = Math.max(
    entries.reduce((m, e) => Math.max(m, e.weight, e.closedForm), 0),
    ...outside.map((e) => e.weight),
  );
  const smallest = entries.reduce((m, e) => Math.min(m, e.weight, e.closedForm), 0);
  const y = weightScale(largest, frame, options.log, smallest);
  const baseline = y(options.log ? WEIGHT_LOG_FLOOR : 0);
  const position = (e: NegativeEntry, rank: number) => x(options.axis === 'rank' ? rank : e.similarity);
  // Fields written out, not spread: an object spread per bar cost ~3 us each (measured), 254 bars per frame.
  const bars: WeightBar[] = entries.map((e, rank) => ({
    column: e.column,
    similarity: e.similarity,
    weight: e.weight,
    closedForm: e.closedForm,
    mined: e.mined,
    falseNegative: e.falseNegative,
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
  const closedPoints = new Float64Array(2 * bars.length);
  bars.forEach((b, k) => {
    closedPoints[2 * k] = b.x;
    closedPoints[2 * k + 1] = y(b.closedForm);
  });
  return {
    anchor,
    positive: batch.positives[anchor] ?? -1,
    frame,
    x,
    y,
    bars,
    barWidth,
    baseline,
    curve: closed?.curve ? closedFormCurve(bars, closed.curve, options.axis, x, y) : new Float64Array(0),
    closedPoints,
    hardest: bars.find((b) => b.column === hardestColumn) ?? null,
    mined: bars.find((b) => b.mined) ?? null,
    effectiveNegatives: batch.effectiveNegatives[anchor] ?? Number.NaN,
    maxNegatives: n,
    clamped: bars.filter((b) => b.clamped).length,
    pulled: bars.filter((b) => b.weight < 0).length,
    inactive: closed?.inactive ?? null,
    dropped:
      options.axis === 'similarity'
        ? droppedColumns.map((column) => ({
            column,
            similarity: similarityOf(column),
            x: x(similarityOf(column)),
            falseNegative: isFalseNegative(batch, anchor, column),
          }))
        : [],
    extra:
      options.axis === 'similarity'
        ? outside.map((e) => ({
            ...e,
            x: x(e.similarity),
            y: y(options.log ? Math.max(e.weight, WEIGHT_LOG_FLOOR) : e.weight),
          }))
        : [],
    extraSummary: extraSummaryOf(batch, anchor, outside),
    falseNegatives: anchorFalseNegatives(batch, anchor),
  };
}

/**
 * The weight axis: linear from 0 (or a little below the smallest, for HCL's negative weights) a little past the
 * largest, or log from WEIGHT_LOG_FLOOR to a decade (negative weights then sit at the floor).
 */
export function weightScale(largest: number, frame: PlotFrame, log: boolean, smallest = 0): Scale {
  const range = [frame.top + frame.height, frame.top] as const;
  if (log) {
    const top = largest > 0 ? 10 ** Math.ceil(Math.log10(largest) - 1e-9) : 1;
    return logScale([WEIGHT_LOG_FLOOR, Math.max(top, WEIGHT_LOG_FLOOR * 10)], range);
  }
  const hi = largest > 0 ? largest * 1.08 : 1;
  return linearScale([smallest < 0 ? smallest - 0.08 * (hi - smallest) : 0, hi], range);
}

// Rank axis: a polyline through the closed form at each bar. Similarity axis: the smooth r(s) between the extreme
// negatives, with every ordinary bar's own s added so it passes through their tops (the mined bar, whose logit
// has a weight of its own, is left off the curve and drawn as its own point).
function closedFormCurve(
  bars: readonly WeightBar[],
  curve: (s: number) => number,
  axis: WeightAxis,
  x: Scale,
  y: Scale,
): Float64Array {
  const first = bars[0];
  const last = bars[bars.length - 1];
  if (!first || !last) return new Float64Array(0);
  const ordinary = bars.filter((b) => !b.mined);
  if (axis === 'rank') {
    const out = new Float64Array(2 * ordinary.length);
    ordinary.forEach((b, k) => {
      out[2 * k] = b.x;
      out[2 * k + 1] = y(b.closedForm);
    });
    return out;
  }
  const samples: [number, number][] = ordinary.map((b) => [b.similarity, b.closedForm]);
  for (let k = 0; k <= CURVE_SAMPLES; k++) {
    const s = first.similarity + ((last.similarity - first.similarity) * k) / CURVE_SAMPLES;
    samples.push([s, curve(s)]);
  }
  samples.sort((a, b) => a[0] - b[0]);
  const out = new Float64Array(2 * samples.length);
  samples.forEach(([s, w], k) => {
    out[2 * k] = x(s);
    out[2 * k + 1] = y(w);
  });
  return out;
}

/** One point of the gradient check: the closed-form |dl_i/ds_ij| against the autograd one, in pixels too. */
export interface GradientPoint {
  readonly column: number;
  readonly analytic: number;
  readonly autograd: number;
  readonly x: number;
  readonly y: number;
  /** the anchor's positive (its |dl/ds| is the pull) */
  readonly positive: boolean;
}

/** The gradient panel: unavailable for a row that is not an anchor (it has no loss of its own). */
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
      /** negatives compared: those whose closed-form gradient is >= GRADIENT_COMPARE_FLOOR x the largest */
      readonly compared: number;
      /** the line y = x across the panel, [x0, y0, x1, y1] in pixels */
      readonly diagonal: readonly [number, number, number, number];
    };

/**
 * Lays out the gradient check of one anchor: for every candidate j the snapshot's autograd |dl_i/ds_ij| (y)
 * against the objective's closed form (x) on the same axes, plus the positive's pull.
 */
export function layoutGradientCheck(
  snapshot: Snapshot,
  anchor: number,
  options: WeightPanelOptions,
): GradientCheckLayout {
  const weights = anchorWeightsOf(snapshot, anchor);
  if (!weights) return { available: false, anchor };
  const raw = weights.columns.map((column, k) => ({
    column,
    analytic: Math.abs(weights.closed.gradient[k] as number),
    autograd: Math.abs(weights.gradients[k] as number),
    positive: false,
  }));
  raw.push({
    column: weights.positive,
    analytic: Math.abs(weights.closed.positiveGradient),
    autograd: Math.abs(weights.positiveGradient),
    positive: true,
  });
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
    points: raw.map((p) => ({ ...p, x: x(p.analytic), y: y(p.autograd) })),
    maxRelativeDifference,
    compared,
    diagonal: [x(lo), y(lo), x(hi), y(hi)],
  };
}
