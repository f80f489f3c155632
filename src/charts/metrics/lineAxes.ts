// Generic, pure helpers for line charts drawn with d3 scales: finite extents, domain padding (flat series),
// robust domains (quantiles), a least span relative to the values' size, ticks with pixel positions (labels by
// ../axes tickLabels, never repeating), polylines with gaps at non-finite values and their stroke. No DOM at import, no React: layouts stay testable in Node.

import { quantileSorted, type ScaleContinuousNumeric, scaleLinear } from 'd3';
import { type PlotFrame, tickLabels } from '../axes';
import type { Draw2D } from '../draw2d';

/** A numeric interval [lo, hi]; lo < hi once padded. */
export type Domain = readonly [number, number];

/** A point in CSS pixels, [x, y] with y growing downwards. */
export type Point = readonly [number, number];

/** A rectangle in CSS pixels (the shared plot frame). */
export type Rect = PlotFrame;

/** One axis tick: its data value, its pixel position along the axis (x or y), and its label. */
export interface Tick {
  readonly value: number;
  readonly position: number;
  readonly label: string;
}

/** [min, max] of the finite values (only those > 0 when `positive`), or null when there are none. */
export function finiteExtent(values: Iterable<number>, positive = false): Domain | null {
  let lo = Number.POSITIVE_INFINITY;
  let hi = Number.NEGATIVE_INFINITY;
  for (const v of values) {
    if (!Number.isFinite(v) || (positive && v <= 0)) continue;
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  return lo <= hi ? [lo, hi] : null;
}

/** Smallest and largest of two optional domains' ends (null when both are null). */
export function unionDomain(a: Domain | null, b: Domain | null): Domain | null {
  if (!a) return b;
  if (!b) return a;
  return [Math.min(a[0], b[0]), Math.max(a[1], b[1])];
}

/**
 * Widens [lo, hi] by `fraction` of its span on each side. A flat domain (lo = hi, a constant series or one
 * point) gets +-10% of |lo| (+-1 at 0), so the line sits mid-plot instead of dividing by a zero span.
 */
export function padDomain(domain: Domain, fraction = 0.06): Domain {
  const [lo, hi] = domain;
  const span = hi - lo;
  if (!(span > 0)) {
    const pad = lo === 0 ? 1 : Math.abs(lo) * 0.1;
    return [lo - pad, hi + pad];
  }
  return [lo - span * fraction, hi + span * fraction];
}

/**
 * [lo, hi] widened about its middle to at least `relative` x its largest magnitude: a metric that moves in its
 * fourth digit (the loss at tau = 100: 5.5301 to 5.5304) then draws as the near-flat line it is, not as swings
 * across the whole panel. A flat domain (lo = hi) is left to padDomain; a domain about 0 keeps its span.
 */
export function minimumSpan(domain: Domain, relative: number): Domain {
  const [lo, hi] = domain;
  const least = relative * Math.max(Math.abs(lo), Math.abs(hi));
  if (!(hi > lo) || hi - lo >= least) return domain;
  const middle = (lo + hi) / 2;
  return [middle - least / 2, middle + least / 2];
}

/** Spans a growing axis may take, times a power of ten. */
const GROWTH_MANTISSAS = [1, 1.5, 2, 3, 4, 5, 6, 8, 10];

/**
 * [lo, lo + the least span from GROWTH_MANTISSAS x 10^k that holds hi]: an axis over a growing range (training
 * steps) keeps its ticks until the data outgrows it, then jumps, instead of sliding with every snapshot (which
 * rewrote every tick of every panel several times a second). The data fills at least two thirds of it.
 */
export function growingDomain(domain: Domain): Domain {
  const [lo, hi] = domain;
  const span = hi - lo;
  if (!(span > 0)) return padDomain(domain);
  const power = 10 ** Math.floor(Math.log10(span));
  const mantissa = GROWTH_MANTISSAS.find((m) => m * power >= span * (1 - 1e-12)) ?? 10;
  return [lo, lo + mantissa * power];
}

/**
 * A fitted linear domain rounded out to its tick step (d3's nice, for about `ticks` ticks): it changes only
 * when the data crosses a tick, not with every new value.
 */
export function niceDomain(domain: Domain, ticks: number): Domain {
  const [lo, hi] = scaleLinear().domain(domain).nice(ticks).domain() as [number, number];
  return [lo, hi];
}

/** padDomain in log10 space, for positive domains: a flat one becomes [v / 2, v * 2]. */
export function padLogDomain(domain: Domain, fraction = 0.06): Domain {
  const [lo, hi] = domain;
  if (!(lo > 0 && hi >= lo)) throw new Error(`invalid log domain: ${lo},${hi}`);
  if (hi === lo) return [lo / 2, hi * 2];
  const decades = Math.log10(hi / lo);
  return [lo / 10 ** (decades * fraction), hi * 10 ** (decades * fraction)];
}

/** The q-quantile (q in [0, 1], linear interpolation) of the finite values; NaN when there are none. */
export function quantile(values: readonly number[], q: number): number {
  const sorted = values.filter(Number.isFinite).sort((a, b) => a - b);
  return quantileSorted(sorted, q) ?? Number.NaN;
}

/**
 * A domain that ignores an early transient: the [lowQ, highQ] quantiles of the last `tailFraction` of the
 * values (by position, i.e. by training step), null when that tail has no finite value.
 */
export function robustDomain(
  values: readonly number[],
  tailFraction = 0.8,
  lowQ = 0.01,
  highQ = 0.99,
): Domain | null {
  // ceil(length x fraction) newest values; the epsilon keeps 10 x 0.8 at 8 despite float rounding
  const tail = values.slice(values.length - Math.ceil(values.length * tailFraction - 1e-9));
  const lo = quantile(tail, lowQ);
  const hi = quantile(tail, highQ);
  return Number.isFinite(lo) && Number.isFinite(hi) ? [lo, hi] : null;
}

/**
 * About `count` ticks of a d3 scale as value, pixel position and label. Log scales keep powers of ten only
 * when the 1-9 multiples would crowd the axis.
 */
export function axisTicks(scale: ScaleContinuousNumeric<number, number>, count: number, log = false): Tick[] {
  let values = scale.ticks(count);
  if (log && values.length > count + 1) {
    const decades = values.filter((v) => Math.abs(Math.log10(v) - Math.round(Math.log10(v))) < 1e-9);
    const every = Math.max(1, Math.ceil(decades.length / (count + 1)));
    values = decades.filter((_, i) => i % every === 0);
  }
  const labels = tickLabels(values, log);
  return values.map((value, i) => ({ value, position: scale(value), label: labels[i] as string }));
}

/** Polylines (runs of >= 2 drawable points) and isolated dots, split wherever a point is not drawable. */
export interface Polylines {
  readonly lines: readonly (readonly Point[])[];
  readonly dots: readonly Point[];
}

/**
 * Splits points into polylines at non-finite coordinates (gaps: a NaN metric, a value <= 0 on a log scale
 * mapped to NaN by the caller); a run of one point becomes a dot so a lone value stays visible.
 */
export function toPolylines(points: readonly Point[]): Polylines {
  const lines: Point[][] = [];
  const dots: Point[] = [];
  let run: Point[] = [];
  const close = (): void => {
    if (run.length === 1) dots.push(run[0] as Point);
    else if (run.length > 1) lines.push(run);
    run = [];
  };
  for (const p of points) {
    if (Number.isFinite(p[0]) && Number.isFinite(p[1])) run.push(p);
    else close();
  }
  close();
  return { lines, dots };
}

/** Keeps a pixel coordinate within +-1e6 so a value far off the plot still draws (clipped) on canvas. */
export function clampPixel(value: number): number {
  return Math.max(-1e6, Math.min(1e6, value));
}

/**
 * Strokes the polylines and fills the dots on a 2D context with its current stroke/fill style (drawing code
 * shared by the charts; the context is passed in, so this module still touches no DOM itself).
 */
export function strokePolylines(context: Draw2D, marks: Polylines, dotRadius: number): void {
  for (const line of marks.lines) {
    context.beginPath();
    line.forEach(([x, y], i) => {
      if (i === 0) context.moveTo(x, y);
      else context.lineTo(x, y);
    });
    context.stroke();
  }
  for (const [x, y] of marks.dots) {
    context.beginPath();
    context.arc(x, y, dotRadius, 0, 2 * Math.PI);
    context.fill();
  }
}
