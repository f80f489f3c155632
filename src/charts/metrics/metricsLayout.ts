// Pure layout of the metrics-over-time chart: one small line chart per metric (small multiples) sharing the x
// axis (training step). Handles one point (a dot), flat series (padded domain), NaN values (gaps) and huge
// ranges (loss at tau = 1e-4 starts in the thousands: a log scale on request, otherwise the y domain fits
// the last 80% of the run and the panel says how many points are off the chart).

import { scaleLinear, scaleLog } from 'd3';
import { METRIC_KEYS, type MetricKey } from '../../state/store';
import { LABELS_HIDDEN } from '../../ui/labels';
import { formatValue, MIN_CHART_WIDTH } from '../axes';
import {
  axisTicks,
  clampPixel,
  type Domain,
  finiteExtent,
  growingDomain,
  minimumSpan,
  niceDomain,
  type Point,
  type Polylines,
  padDomain,
  padLogDomain,
  type Rect,
  robustDomain,
  type Tick,
  toPolylines,
} from './lineAxes';
import { METRIC_INFO, type MetricInfo, type MetricReference } from './metricInfo';

export { METRIC_INFO, type MetricInfo, type MetricReference } from './metricInfo';

/** One metric's kept points as parallel arrays (DecimatedSeries.points()), steps increasing. */
export interface SeriesPoints {
  readonly steps: readonly number[];
  readonly values: readonly number[];
}

/** A step at which the temperature changed within the current run (tau: the new value). */
export interface TauMark {
  readonly step: number;
  readonly tau: number;
}

/** What the metrics layout needs. */
export interface MetricsLayoutInput {
  /** available width in CSS pixels (at least 240 is used) */
  readonly width: number;
  readonly series: Readonly<Record<MetricKey, SeriesPoints>>;
  /** draw the loss on a log10 y scale (values <= 0 become gaps) */
  readonly logLoss: boolean;
  readonly tauMarks?: readonly TauMark[];
  /**
   * the labels are hidden (config `labels`): the panels that need them say so across the plot (their series
   * hold NaN from then on; points from while the labels were known stay drawn)
   */
  readonly labelsHidden?: boolean;
  /** the run is on sentences: the text-only panels (STS) are laid out */
  readonly textMode?: boolean;
  /** horizontal reference lines per metric (finite values only are drawn; the y domain takes them in) */
  readonly references?: Partial<Record<MetricKey, readonly MetricReference[]>>;
}

/** A vertical mark where the temperature changed, in pixels of one panel. */
export interface TauMarkPosition {
  readonly step: number;
  readonly x: number;
  readonly label: string;
}

/** One small multiple: a metric's header, plot area, scales (as ticks) and marks, all in CSS pixels. */
export interface MetricPanel {
  readonly key: MetricKey;
  readonly info: MetricInfo;
  /** the header line's top-left corner (label, current value) with the meaning below it */
  readonly header: Point;
  readonly plot: Rect;
  readonly log: boolean;
  readonly yDomain: Domain;
  readonly yTicks: readonly Tick[];
  readonly xTicks: readonly Tick[];
  /** the bottom panel of each column prints the x tick labels and the axis title */
  readonly showXLabels: boolean;
  /** the data: polylines with gaps at NaN (or <= 0 on a log scale), lone points as dots */
  readonly marks: Polylines;
  /** the newest value (NaN when it is NaN or there is none) and how it is printed */
  readonly current: number;
  readonly currentText: string;
  /** finite points outside the y domain (drawn clipped) */
  readonly offChart: number;
  /** why part of the data is not shown, or null */
  readonly note: string | null;
  /** drawn across the plot, with its reason as a tooltip, when the metric cannot be measured now; else null */
  readonly placeholder: { readonly text: string; readonly reason: string } | null;
  readonly tauMarks: readonly TauMarkPosition[];
  /** the top row labels the temperature marks; lower rows only draw the lines */
  readonly labelTauMarks: boolean;
  /** reference lines at pixel height y (inside the plot) */
  readonly references: readonly (MetricReference & { readonly y: number })[];
}

/** The whole chart: its size, the shared step domain, and one panel per shown metric in METRIC_KEYS order. */
export interface MetricsLayout {
  readonly width: number;
  readonly height: number;
  readonly xDomain: Domain;
  readonly panels: readonly MetricPanel[];
  /** true when no metric has a point yet */
  readonly empty: boolean;
}

/** From this width the panels sit in two columns (still one shared step domain). */
const TWO_COLUMNS_FROM = 620;
const COLUMN_GAP = 24;
const MARGIN_LEFT = 46;
const MARGIN_RIGHT = 12;
/** header: label + value line, meaning line */
const HEADER = 32;
const PLOT_HEIGHT = 62;
const ROW_GAP = 14;
const X_AXIS = 32;
/** Ticks on a panel's y axis (about). */
const Y_TICKS = 3;
/** Fewer finite points than this are always shown whole. */
const MIN_ROBUST_POINTS = 10;
/** Clamp to the robust domain when the whole range is this many times wider. */
const CLAMP_RATIO = 2.5;
/** Part of the run (the newest) whose quantiles set a clamped domain. */
const TAIL_FRACTION = 0.8;
/**
 * Least span of a fitted y domain, relative to the values' magnitude: noise in the fourth significant digit
 * then moves a line by a few percent of the panel's height, not across it.
 */
export const MIN_RELATIVE_SPAN = 0.02;

/** Lays out the small multiples for the given width and series. */
export function layoutMetrics(input: MetricsLayoutInput): MetricsLayout {
  const width = Math.max(MIN_CHART_WIDTH, Math.floor(input.width));
  const columns = width >= TWO_COLUMNS_FROM ? 2 : 1;
  const keys = shownMetrics(input.textMode ?? false);
  const rows = Math.ceil(keys.length / columns);
  const columnWidth = (width - (columns - 1) * COLUMN_GAP) / columns;
  const rowHeight = HEADER + PLOT_HEIGHT + ROW_GAP;
  const height = rows * rowHeight - ROW_GAP + X_AXIS;

  const allSteps = keys.flatMap((key) => input.series[key].steps);
  const stepExtent = finiteExtent(allSteps);
  const xDomain: Domain = stepExtent ? growingDomain(stepExtent) : [0, 1];

  const panels = keys.map((key, index): MetricPanel => {
    const column = index % columns;
    const row = Math.floor(index / columns);
    const left = column * (columnWidth + COLUMN_GAP);
    const top = row * rowHeight;
    const plot: Rect = {
      left: left + MARGIN_LEFT,
      top: top + HEADER,
      width: columnWidth - MARGIN_LEFT - MARGIN_RIGHT,
      height: PLOT_HEIGHT,
    };
    const isLastInColumn = index + columns >= keys.length;
    return layoutPanel(key, input, plot, xDomain, {
      header: [left, top],
      showXLabels: isLastInColumn,
      labelTauMarks: row === 0,
    });
  });

  return { width, height, xDomain, panels, empty: allSteps.length === 0 };
}

/** The metrics with a panel: all but the text-only ones outside text mode. */
export function shownMetrics(textMode: boolean): MetricKey[] {
  return METRIC_KEYS.filter((key) => textMode || !METRIC_INFO[key].textOnly);
}

function layoutPanel(
  key: MetricKey,
  input: MetricsLayoutInput,
  plot: Rect,
  xDomain: Domain,
  place: { header: Point; showXLabels: boolean; labelTauMarks: boolean },
): MetricPanel {
  const info = METRIC_INFO[key];
  const { steps, values } = input.series[key];
  const log = key === 'loss' && input.logLoss;
  const references = (input.references?.[key] ?? []).filter((ref) => Number.isFinite(ref.value));
  // the domain takes the reference lines in, so the line is always seen against them
  const y = yDomainFor(
    info,
    references.length > 0 ? [...values, ...references.map((r) => r.value)] : values,
    log,
  );
  const x = scaleLinear()
    .domain(xDomain)
    .range([plot.left, plot.left + plot.width]);
  const yScale = (log ? scaleLog() : scaleLinear())
    .domain(y.domain)
    .range([plot.top + plot.height, plot.top]);
  const points = values.map((value, i): Point => {
    const drawable = Number.isFinite(value) && (!log || value > 0);
    return [x(steps[i] ?? Number.NaN), drawable ? clampPixel(yScale(value)) : Number.NaN];
  });
  const current = values[values.length - 1] ?? Number.NaN;
  const tauMarks = (input.tauMarks ?? [])
    .filter((mark) => mark.step >= xDomain[0] && mark.step <= xDomain[1])
    .map((mark) => ({ step: mark.step, x: x(mark.step), label: `τ ${formatValue(mark.tau)}` }));
  return {
    key,
    info,
    header: place.header,
    plot,
    log,
    yDomain: y.domain,
    yTicks: axisTicks(yScale, Y_TICKS, log),
    xTicks: axisTicks(x, Math.max(2, Math.floor(plot.width / 70))),
    showXLabels: place.showXLabels,
    marks: toPolylines(points),
    current,
    currentText: values.length === 0 ? '–' : formatMetric(info, current),
    offChart: y.offChart,
    note: y.note,
    placeholder: info.needsLabels && input.labelsHidden ? LABELS_HIDDEN : null,
    tauMarks,
    labelTauMarks: place.labelTauMarks,
    references: references.map((ref) => ({ ...ref, y: clampPixel(yScale(ref.value)) })),
  };
}

/** The y domain of one panel, how many finite points fall outside it, and a note saying why. */
export function yDomainFor(
  info: MetricInfo,
  values: readonly number[],
  log: boolean,
): { domain: Domain; offChart: number; note: string | null } {
  if (info.fixedDomain) {
    return { domain: info.fixedDomain, offChart: countOutside(values, info.fixedDomain), note: null };
  }
  if (log) {
    const extent = finiteExtent(values, true);
    const hidden = values.filter((v) => Number.isFinite(v) && v <= 0).length;
    return {
      domain: padLogDomain(extent ?? [1, 1]),
      offChart: 0,
      note: hidden > 0 ? `${hidden} value${hidden === 1 ? '' : 's'} ≤ 0 not shown on the log scale` : null,
    };
  }
  const full = fittedDomain(finiteExtent(values) ?? [0, 0]);
  const finite = values.filter(Number.isFinite);
  if (!info.robust || finite.length < MIN_ROBUST_POINTS) return { domain: full, offChart: 0, note: null };
  const tail = robustDomain(values, TAIL_FRACTION);
  const last = finite[finite.length - 1] as number;
  if (!tail) return { domain: full, offChart: 0, note: null };
  const robust = fittedDomain([Math.min(tail[0], last), Math.max(tail[1], last)]);
  if (full[1] - full[0] <= CLAMP_RATIO * (robust[1] - robust[0])) {
    return { domain: full, offChart: 0, note: null };
  }
  const offChart = countOutside(values, robust);
  const points = `${offChart} point${offChart === 1 ? '' : 's'}`;
  return {
    domain: robust,
    offChart,
    note: `${points} off the chart: y fits the last 80% of the run (1st–99th percentile)`,
  };
}

/**
 * A y domain fitted to data: at least MIN_RELATIVE_SPAN of its magnitude wide, padded, but not across zero (a loss never shows a negative band), then out to the
 * ticks; a flat series stays centred (no ticks to meet).
 */
function fittedDomain(fitted: Domain): Domain {
  if (!(fitted[1] > fitted[0])) return padDomain(fitted);
  const extent = minimumSpan(fitted, MIN_RELATIVE_SPAN);
  const [lo, hi] = padDomain(extent);
  return niceDomain([extent[0] >= 0 ? Math.max(0, lo) : lo, extent[1] <= 0 ? Math.min(0, hi) : hi], Y_TICKS);
}

function countOutside(values: readonly number[], domain: Domain): number {
  return values.filter((v) => Number.isFinite(v) && (v < domain[0] || v > domain[1])).length;
}

/** A metric's value as printed in its panel header: percent for accuracy, 3 significant digits otherwise. */
export function formatMetric(info: MetricInfo, value: number): string {
  if (info.percent && Number.isFinite(value)) return `${(value * 100).toFixed(1)}%`;
  return formatValue(value);
}

/** The temperature seen so far in one history (a run, or a rebuilt model) and the steps where it changed (bounded: the newest 64). */
export interface TauTracker {
  /** the store's `historyId` */
  readonly historyId: number;
  readonly tau: number;
  readonly marks: readonly TauMark[];
}

const MAX_TAU_MARKS = 64;

/**
 * Notes the store's (historyId, step, tau), tau NaN while the history has no snapshot. Returns the same tracker
 * when nothing changed, a fresh one without marks for a new history (a new run or a rebuild: its first
 * temperature is not a change), and one more mark when tau changed.
 */
export function trackTau(
  tracker: TauTracker | null,
  historyId: number,
  step: number,
  tau: number,
): TauTracker {
  if (!tracker || tracker.historyId !== historyId) return { historyId, tau, marks: [] };
  if (Number.isNaN(tau) || tracker.tau === tau) return tracker;
  if (Number.isNaN(tracker.tau)) return { historyId, tau, marks: tracker.marks };
  return { historyId, tau, marks: [...tracker.marks.slice(-(MAX_TAU_MARKS - 1)), { step, tau }] };
}

/** The kept points of every metric (copies), e.g. from the store's `history` of DecimatedSeries. */
export function seriesOf(
  history: Readonly<Record<MetricKey, { points(): SeriesPoints }>>,
): Record<MetricKey, SeriesPoints> {
  return Object.fromEntries(METRIC_KEYS.map((key) => [key, history[key].points()])) as Record<
    MetricKey,
    SeriesPoints
  >;
}
