// Pure layout of the length-bias chart: each STS paraphrase and unrelated pair as a point (x = its length
// difference in tokens, y = its cosine), with each kind's least-squares line, now and at the run's first
// snapshot ("before", drawn faint). Differences are whole numbers, so the points of one column are spread
// sideways by a fixed offset per pair (the same now and before); the lines are fitted to the true differences.

import type { LengthBiasGroup, LengthBiasMeasure, LengthBiasView } from '../../protocol/snapshot';
import { linearScale, type PlotFrame, plotFrame, type Scale } from '../axes';

/** Margins of the plot, in CSS pixels. */
export const LENGTH_BIAS_MARGINS = { left: 44, right: 48, top: 10, bottom: 34 } as const;

/** The two kinds of pair the chart shows, in drawing order. */
export const PAIR_KINDS = ['unrelated', 'paraphrase'] as const;
/** A kind of pair on the chart. */
export type PairKindShown = (typeof PAIR_KINDS)[number];

/** Half the width, in tokens of difference, that the points of one column are spread over. */
const SPREAD = 0.3;
/** Least span of the cosine axis, so that a cloud of nearly equal cosines is not blown up into noise. */
const MIN_COSINE_SPAN = 0.1;

/** One kind of pair, placed: points and the trend line in CSS pixels. */
export interface PlacedGroup {
  /** x0, y0, x1, y1, ... one point per pair */
  readonly points: Float64Array;
  /** the line over the kind's own range of differences: x0, y0, x1, y1; null when the slope is undefined */
  readonly line: readonly [number, number, number, number] | null;
  /** cosine per token of length difference (NaN when undefined) */
  readonly slope: number;
  readonly intercept: number;
  /** pairs */
  readonly n: number;
}

/** The two kinds of one measure, placed. */
export type PlacedMeasure = { readonly step: number } & Readonly<Record<PairKindShown, PlacedGroup>>;

/** What the chart draws, in CSS pixels. */
export interface LengthBiasLayout {
  readonly frame: PlotFrame;
  /** length difference in tokens */
  readonly x: Scale;
  /** cosine */
  readonly y: Scale;
  readonly now: PlacedMeasure;
  /** the run's first measure, or null when it is the one shown as now (the same step) */
  readonly before: PlacedMeasure | null;
}

/** The sideways offset of pair `i` in its column, in tokens: a fixed, evenly filled spread in [-SPREAD, SPREAD). */
export function spreadOffset(i: number): number {
  const golden = 0.6180339887498949;
  return ((i * golden) % 1) * 2 * SPREAD - SPREAD;
}

/** [min, max] over the groups' values, or null when there are none. */
function extent(values: Iterable<ArrayLike<number>>): [number, number] | null {
  let lo = Number.POSITIVE_INFINITY;
  let hi = Number.NEGATIVE_INFINITY;
  for (const array of values)
    for (let i = 0; i < array.length; i++) {
      const v = array[i] as number;
      if (!Number.isFinite(v)) continue;
      lo = Math.min(lo, v);
      hi = Math.max(hi, v);
    }
  return lo <= hi ? [lo, hi] : null;
}

/** The cosine axis: the points' range with a margin, at least MIN_COSINE_SPAN wide, inside [-1, 1]. */
function cosineDomain(cosines: ArrayLike<number>[]): [number, number] {
  const [lo, hi] = extent(cosines) ?? [-1, 1];
  const pad = Math.max(0.05 * (hi - lo), (MIN_COSINE_SPAN - (hi - lo)) / 2, 0);
  let a = Math.max(-1, lo - pad);
  let b = Math.min(1, hi + pad);
  if (b - a < MIN_COSINE_SPAN) [a, b] = a <= -1 ? [-1, -1 + MIN_COSINE_SPAN] : [1 - MIN_COSINE_SPAN, 1];
  return [a, b];
}

function placeGroup(group: LengthBiasGroup, x: Scale, y: Scale): PlacedGroup {
  const n = group.cosine.length;
  const points = new Float64Array(2 * n);
  for (let i = 0; i < n; i++) {
    points[2 * i] = x((group.lengthDiff[i] as number) + spreadOffset(i));
    points[2 * i + 1] = y(group.cosine[i] as number);
  }
  const range = extent([group.lengthDiff]);
  const line =
    range && Number.isFinite(group.slope)
      ? ([
          x(range[0]),
          y(group.intercept + group.slope * range[0]),
          x(range[1]),
          y(group.intercept + group.slope * range[1]),
        ] as const)
      : null;
  return { points, line, slope: group.slope, intercept: group.intercept, n };
}

function placeMeasure(measure: LengthBiasMeasure, x: Scale, y: Scale): PlacedMeasure {
  return {
    step: measure.step,
    paraphrase: placeGroup(measure.paraphrase, x, y),
    unrelated: placeGroup(measure.unrelated, x, y),
  };
}

/** Lays out the length-bias chart for `view` in a width x height canvas; both measures share the axes. */
export function layoutLengthBias(
  view: LengthBiasView,
  size: { readonly width: number; readonly height: number },
): LengthBiasLayout {
  const frame = plotFrame(size.width, size.height, LENGTH_BIAS_MARGINS);
  const same = view.before.step === view.now.step;
  const measures = same ? [view.now] : [view.now, view.before];
  const groups = measures.flatMap((m) => PAIR_KINDS.map((kind) => m[kind]));
  const longest = extent(groups.map((g) => g.lengthDiff))?.[1] ?? 1;
  const x = linearScale([-0.5, Math.max(1, longest) + 0.5], [frame.left, frame.left + frame.width]);
  const y = linearScale(cosineDomain(groups.map((g) => g.cosine)), [frame.top + frame.height, frame.top]);
  return {
    frame,
    x,
    y,
    now: placeMeasure(view.now, x, y),
    before: same ? null : placeMeasure(view.before, x, y),
  };
}
