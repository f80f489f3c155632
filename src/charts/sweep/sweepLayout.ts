// Pure layout of a sweep's metric panels: each metric (mean over seeds, with the min-max band) against the swept
// value. The x axis is a log scale for log fields (tau), linear for other numbers, and one slot per run for
// choices and for figures without a numeric x; its ticks are the swept values themselves. No DOM: Node tests.
import { area, line, scaleLinear, scaleLog, scalePoint } from 'd3';
import type { TrainConfig } from '../../protocol/config';
import { FIELD_SPECS } from '../../protocol/fields';
import type { SweepPlan } from '../../protocol/sweep';
import { formatValue, MIN_CHART_WIDTH } from '../axes';
import {
  axisTicks,
  type Domain,
  finiteExtent,
  padDomain,
  padLogDomain,
  type Rect,
  type Tick,
} from '../metrics/lineAxes';

/** What the sweep's x axis is: a numeric field (log or not), or null for one slot per run. */
export type SweepX = { readonly field: keyof TrainConfig; readonly log: boolean } | null;

/** The x of a plain sweep: its swept field when numeric (log as its spec says), else one slot per run. */
export function sweepXOf(plan: SweepPlan): SweepX {
  const field = plan.swept.length === 1 ? plan.swept[0] : undefined;
  if (field === undefined) return null;
  const spec = FIELD_SPECS[field];
  return spec.kind === 'number' ? { field, log: spec.log === true } : null;
}

/** How the x axis places the runs. */
export interface SweepXAxis {
  readonly kind: 'log' | 'linear' | 'category';
  /** pixel x of each run, in run order (NaN for a run whose value cannot be placed) */
  readonly positions: readonly number[];
  /** one tick per run at its value (labels thinned where they would touch: then ''), in x order */
  readonly ticks: readonly Tick[];
  /** the axis title: the swept field's link key, or "run" */
  readonly title: string;
  /** pixel x of a value of the field (NaN on a category axis) */
  position(value: number): number;
}

/** Least room between two tick labels' centres before the later one is left blank, px per character. */
const PX_PER_CHAR = 6.2;

/**
 * Lays the runs along [left, right]: by their value of `x.field` (log or linear, padded so the end points sit
 * inside), or evenly, one slot each, labelled by `labels` (the runs' labels) when `x` is null.
 */
export function layoutSweepX(
  plan: SweepPlan,
  x: SweepX,
  range: readonly [number, number],
  labels: readonly string[],
  title: string,
): SweepXAxis {
  const values = x === null ? [] : plan.runs.map((run) => Number(run.config[x.field]));
  const numeric = x !== null && values.every(Number.isFinite) && (!x.log || values.every((v) => v > 0));
  if (!numeric) {
    const scale = scalePoint<number>()
      .domain(plan.runs.map((_, i) => i))
      .range([range[0], range[1]])
      .padding(0.5);
    const positions = plan.runs.map((_, i) => scale(i) ?? Number.NaN);
    return {
      kind: 'category',
      positions,
      ticks: thinned(positions.map((position, i) => ({ value: i, position, label: labels[i] ?? '' }))),
      title: x === null ? 'run' : title,
      position: () => Number.NaN,
    };
  }
  const extent = finiteExtent(values) as Domain;
  const domain = x.log ? padLogDomain(extent, 0.08) : padDomain(extent, 0.08);
  const scale = (x.log ? scaleLog() : scaleLinear()).domain(domain).range([range[0], range[1]]);
  const positions = values.map((value) => scale(value));
  const ticks = values
    .map((value, i) => ({ value, position: positions[i] as number, label: labels[i] ?? formatValue(value) }))
    .sort((a, b) => a.position - b.position);
  return {
    kind: x.log ? 'log' : 'linear',
    positions,
    ticks: thinned(ticks),
    title,
    position: (value) => (x.log && !(value > 0) ? Number.NaN : scale(value)),
  };
}

/** Ticks with the labels that would run into the previous shown one blanked (the tick mark stays). */
function thinned(ticks: readonly Tick[]): Tick[] {
  let lastEnd = Number.NEGATIVE_INFINITY;
  return ticks.map((tick) => {
    const half = (tick.label.length * PX_PER_CHAR) / 2;
    if (tick.position - half < lastEnd + 4) return { ...tick, label: '' };
    lastEnd = tick.position + half;
    return tick;
  });
}

/** One run's summary of one metric over its seeds. */
export interface RunStat {
  readonly mean: number;
  readonly min: number;
  readonly max: number;
}

/** One run's mark: where its mean sits and the ends of its min-max range, in pixels. */
export interface RunMark {
  readonly run: number;
  readonly x: number;
  readonly y: number;
  /** pixel y of the min and the max over seeds */
  readonly yMin: number;
  readonly yMax: number;
  readonly stat: RunStat;
}

/** One metric's panel: plot area, axes, the runs' marks, and the mean line and band as SVG paths. */
export interface MetricPanelLayout {
  readonly width: number;
  readonly height: number;
  readonly plot: Rect;
  readonly x: SweepXAxis;
  readonly yTicks: readonly Tick[];
  /** runs with a finite mean, in x order */
  readonly marks: readonly RunMark[];
  /** SVG path of the means joined in x order (null on a category axis, whose slots are not a sequence) */
  readonly line: string | null;
  /** SVG path of the band from min to max over seeds (null on a category axis, or with one seed) */
  readonly band: string | null;
  /** the shaded stretch of x below a figure's `region.below` (from the plot's left edge), or null */
  readonly region: { readonly left: number; readonly right: number; readonly text: string } | null;
}

const MARGIN = { left: 44, right: 10, top: 22, bottom: 34 } as const;

/** What a metric panel's layout needs. */
export interface MetricPanelInput {
  readonly plan: SweepPlan;
  readonly x: SweepX;
  /** each run's stats of this metric (null: no result yet) */
  readonly stats: readonly (RunStat | null)[];
  /** tick labels of the runs (their swept values, or their labels) */
  readonly labels: readonly string[];
  readonly title: string;
  readonly width: number;
  readonly seeds: number;
  /** x values below `below` are shaded, with its note (a figure's stall region) */
  readonly region?: { readonly below: number; readonly text: string } | null;
}

/** Lays out one metric's panel. */
export function layoutMetricPanel(input: MetricPanelInput): MetricPanelLayout {
  const width = Math.max(MIN_CHART_WIDTH, Math.floor(input.width));
  const height = Math.round(Math.min(240, Math.max(170, width * 0.62)));
  const plot: Rect = {
    left: MARGIN.left,
    top: MARGIN.top,
    width: width - MARGIN.left - MARGIN.right,
    height: height - MARGIN.top - MARGIN.bottom,
  };
  const x = layoutSweepX(input.plan, input.x, [plot.left, plot.left + plot.width], input.labels, input.title);
  const finite = input.stats.flatMap((stat) => (stat && Number.isFinite(stat.mean) ? [stat] : []));
  const extent = finiteExtent(finite.flatMap((stat) => [stat.min, stat.max, stat.mean]));
  const y = scaleLinear()
    .domain(extent ? padDomain(extent, 0.08) : [0, 1])
    .range([plot.top + plot.height, plot.top]);
  const marks = input.stats
    .flatMap((stat, run): RunMark[] => {
      const px = x.positions[run] as number;
      if (!stat || !Number.isFinite(stat.mean) || !Number.isFinite(px)) return [];
      // a seed without a finite value leaves min and max NaN only when no seed has one (then mean is NaN too)
      const lo = Number.isFinite(stat.min) ? stat.min : stat.mean;
      const hi = Number.isFinite(stat.max) ? stat.max : stat.mean;
      return [{ run, x: px, y: y(stat.mean), yMin: y(lo), yMax: y(hi), stat }];
    })
    .sort((a, b) => a.x - b.x);
  const sequence = x.kind !== 'category' && marks.length > 0;
  return {
    width,
    height,
    plot,
    x,
    yTicks: axisTicks(y, 4),
    marks,
    line: sequence ? meanPath(marks) : null,
    band: sequence && input.seeds > 1 ? bandPath(marks) : null,
    region: regionOf(input.region ?? null, x, plot),
  };
}

/** The stretch of the plot left of `region.below` (clipped to the plot), or null if none of it shows. */
function regionOf(
  region: { readonly below: number; readonly text: string } | null,
  x: SweepXAxis,
  plot: Rect,
): MetricPanelLayout['region'] {
  if (region === null) return null;
  const right = Math.min(plot.left + plot.width, x.position(region.below));
  return Number.isFinite(right) && right > plot.left ? { left: plot.left, right, text: region.text } : null;
}

/** The means joined in order (a lone run is a zero-length path; its dot shows it). */
export function meanPath(marks: readonly RunMark[]): string {
  return (
    line<RunMark>()
      .x((mark) => mark.x)
      .y((mark) => mark.y)(marks as RunMark[]) ?? ''
  );
}

/** The area between each run's min (yMin) and max (yMax), in order. */
export function bandPath(marks: readonly RunMark[]): string {
  return (
    area<RunMark>()
      .x((mark) => mark.x)
      .y0((mark) => mark.yMin)
      .y1((mark) => mark.yMax)(marks as RunMark[]) ?? ''
  );
}
