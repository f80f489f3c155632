// Shared pure helpers of the negative-weights, similarity and histogram charts: plot frames, linear and
// clamped-log scales with ticks, deterministic subsampling, anchor clamping, and the canvas axis drawing they
// share. Everything here works in CSS pixels; nothing touches the DOM at import time (tests run in Node).

import { ticks as d3Ticks } from 'd3';
import type { Draw2D } from './draw2d';
import { MARK_COLOURS } from './palette';

/** Smallest chart width the lab lays out, in CSS pixels. */
export const MIN_CHART_WIDTH = 240;

/** Inline style of a chart's controls in the panel caption: apart from the title, in normal weight. */
export const ACTIONS_STYLE = { marginLeft: '0.75rem', fontWeight: 400, fontSize: '0.85rem' } as const;

/** Where a chart's plot area sits inside its canvas, in CSS pixels. */
export interface PlotFrame {
  readonly left: number;
  readonly top: number;
  readonly width: number;
  readonly height: number;
}

/** Margins around a plot area, in CSS pixels. */
export interface Margins {
  readonly left: number;
  readonly right: number;
  readonly top: number;
  readonly bottom: number;
}

/**
 * The custom property on <html> that scales the charts' canvas text: the page's large-text mode (`text=large`,
 * ui/TextSize.tsx) writes it inline, so a draw reads it without a style recalculation.
 */
export const CHART_TEXT_SCALE = '--chart-text-scale';

/** How much larger chart text is drawn than its normal size: the page's CHART_TEXT_SCALE, else 1 (Node). */
export function chartTextScale(): number {
  const scale = Number.parseFloat(
    globalThis.document?.documentElement.style.getPropertyValue(CHART_TEXT_SCALE),
  );
  return scale > 0 ? scale : 1;
}

/** The canvas font of chart text whose normal size is `px` CSS pixels, at the page's text scale. */
export function chartFont(px: number): string {
  return `${px * chartTextScale()}px system-ui, sans-serif`;
}

/**
 * The plot area of a width x height canvas after the margins (never narrower or shorter than 1 px). The margins
 * hold the tick labels and axis titles, so they grow with the page's text scale.
 */
export function plotFrame(width: number, height: number, margins: Margins): PlotFrame {
  const scale = chartTextScale();
  return {
    left: margins.left * scale,
    top: margins.top * scale,
    width: Math.max(1, width - (margins.left + margins.right) * scale),
    height: Math.max(1, height - (margins.top + margins.bottom) * scale),
  };
}

/** A 1-D scale from data values to pixels; a log scale clamps values below its floor (zeros included). */
export interface Scale {
  (value: number): number;
  /** data domain [lo, hi]; for a log scale lo is the floor values are clamped to */
  readonly domain: readonly [number, number];
  /** pixel range [at lo, at hi] */
  readonly range: readonly [number, number];
  readonly log: boolean;
  /** about `count` tick values inside the domain */
  ticks(count: number): number[];
}

/** A linear scale (a degenerate domain is widened so it never divides by zero). */
export function linearScale(domain: readonly [number, number], range: readonly [number, number]): Scale {
  const [lo0, hi0] = domain;
  const [lo, hi] = hi0 > lo0 ? [lo0, hi0] : [lo0 - 0.5, lo0 + 0.5];
  const [r0, r1] = range;
  const factor = (r1 - r0) / (hi - lo);
  const scale = (value: number) => r0 + (value - lo) * factor;
  return Object.assign(scale, {
    domain: [lo, hi] as const,
    range,
    log: false,
    ticks: (count: number) => d3Ticks(lo, hi, count),
  });
}

/**
 * A base-10 log scale over [floor, hi]; values below the floor (and 0, and NaN) are drawn at the floor, so
 * weights that underflow (tau = 1e-4 gives exp(-10^4)) stay on the chart, marked as clamped by the caller.
 */
export function logScale(domain: readonly [number, number], range: readonly [number, number]): Scale {
  const floor = domain[0] > 0 ? domain[0] : 1e-12;
  const hi = domain[1] > floor ? domain[1] : floor * 10;
  const l0 = Math.log10(floor);
  const l1 = Math.log10(hi);
  const [r0, r1] = range;
  const factor = (r1 - r0) / (l1 - l0);
  const scale = (value: number) =>
    r0 + (Math.log10(Math.max(Number.isNaN(value) ? floor : value, floor)) - l0) * factor;
  return Object.assign(scale, {
    domain: [floor, hi] as const,
    range,
    log: true,
    ticks: (count: number) => decadeTicks(l0, l1, count),
  });
}

// Powers of ten inside [10^l0, 10^l1], thinned to at most `count` evenly spaced decades.
function decadeTicks(l0: number, l1: number, count: number): number[] {
  const first = Math.ceil(l0 - 1e-9);
  const last = Math.floor(l1 + 1e-9);
  const step = Math.max(1, Math.ceil((last - first) / Math.max(1, count)));
  const out: number[] = [];
  for (let e = last; e >= first; e -= step) out.unshift(10 ** e);
  return out;
}

/** Tick text: `1e-12` style for log scales and tiny/huge numbers, else up to `digits` significant digits. */
export function formatTick(value: number, log = false, digits = 3): string {
  if (value === 0) return '0';
  const magnitude = Math.abs(value);
  if (log || magnitude < 1e-3 || magnitude >= 1e5) {
    const exponent = Math.round(Math.log10(magnitude));
    // a power of ten reads 1e-7; its sign is the value's (-1e-7 had read as 1e-7, the same as its mirror tick)
    const sign = value < 0 ? '-' : '';
    if (Math.abs(magnitude / 10 ** exponent - 1) < 1e-9)
      return sign + (exponent === 0 ? '1' : `1e${exponent}`);
    return value.toExponential(Math.max(1, digits - 2)).replace('e+', 'e');
  }
  return String(Number(value.toPrecision(digits)));
}

/** Most significant digits a tick label gets while looking for labels that differ. */
const MAX_TICK_DIGITS = 12;

/**
 * Labels of an axis's ticks that never repeat: 3 significant digits, more where two ticks would read the same
 * (a metric that barely moves, 5.5301 and 5.5302, is labelled 5.5301 and 5.5302, not 5.53 twice).
 */
export function tickLabels(values: readonly number[], log = false): string[] {
  for (let digits = 3; ; digits++) {
    const labels = values.map((value) => formatTick(value, log, digits));
    if (new Set(labels).size === labels.length || digits >= MAX_TICK_DIGITS) return labels;
  }
}

/** A number for a label or tooltip: 3 significant digits, exponent form outside [1e-3, 1e5). */
export function formatValue(value: number): string {
  if (!Number.isFinite(value)) return Number.isNaN(value) ? 'NaN' : value > 0 ? '∞' : '-∞';
  const magnitude = Math.abs(value);
  if (magnitude !== 0 && (magnitude < 1e-3 || magnitude >= 1e5)) return value.toExponential(2);
  return String(Number(value.toPrecision(3)));
}

/**
 * A whole count with thousands separated by commas (130816 -> "130,816"). Not toLocaleString: the page's first
 * Intl number format loads locale data, about 50 ms in one task here, for a comma.
 */
export function formatCount(count: number): string {
  return String(Math.round(count)).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/** view.anchor clamped to a whole row of a batch of `rows` rows (0 when the batch is empty). */
export function clampAnchor(anchor: number, rows: number): number {
  if (rows <= 0 || !Number.isFinite(anchor)) return 0;
  return Math.min(rows - 1, Math.max(0, Math.round(anchor)));
}

/** Axis titles and tick density for drawAxes. */
export interface AxisSpec {
  readonly x: Scale;
  readonly y: Scale;
  readonly xLabel: string;
  readonly yLabel: string;
  /** approximate tick counts (defaults 5 and 4) */
  readonly xTicks?: number;
  readonly yTicks?: number;
}

/** Draws grid lines, both axes, tick labels and titles around `frame` on a context in CSS pixels. */
export function drawAxes(context: Draw2D, frame: PlotFrame, spec: AxisSpec): void {
  const { x, y } = spec;
  const bottom = frame.top + frame.height;
  const right = frame.left + frame.width;
  context.save();
  const fontSize = 10 * chartTextScale();
  context.font = chartFont(10);
  context.lineWidth = 1;
  context.strokeStyle = MARK_COLOURS.grid;
  context.fillStyle = MARK_COLOURS.axis;
  const xs = x.ticks(spec.xTicks ?? 5);
  const ys = y.ticks(spec.yTicks ?? 4);
  context.beginPath();
  for (const value of ys) {
    const py = Math.round(y(value)) + 0.5;
    context.moveTo(frame.left, py);
    context.lineTo(right, py);
  }
  context.stroke();
  context.strokeStyle = MARK_COLOURS.axis;
  context.beginPath();
  context.moveTo(frame.left + 0.5, frame.top);
  context.lineTo(frame.left + 0.5, bottom + 0.5);
  context.lineTo(right, bottom + 0.5);
  context.stroke();
  context.textAlign = 'center';
  context.textBaseline = 'top';
  const xLabels = tickLabels(xs, x.log);
  for (const [i, value] of xs.entries()) context.fillText(xLabels[i] as string, x(value), bottom + 3);
  context.textAlign = 'right';
  context.textBaseline = 'middle';
  const yLabels = tickLabels(ys, y.log);
  for (const [i, value] of ys.entries()) context.fillText(yLabels[i] as string, frame.left - 3, y(value));
  context.fillStyle = MARK_COLOURS.text;
  context.textAlign = 'center';
  context.textBaseline = 'bottom';
  // below the tick labels (3 px gap, one line) with a 5 px gap: 28 px at the normal 10 px
  context.fillText(spec.xLabel, frame.left + frame.width / 2, bottom + 8 + 2 * fontSize);
  // Rotated a quarter turn: the text's 'top' then faces the canvas's left edge, 2 px in.
  context.translate(2, frame.top + frame.height / 2);
  context.rotate(-Math.PI / 2);
  context.textBaseline = 'top';
  context.fillText(spec.yLabel, 0, 0);
  context.restore();
}
