// Numbers the presets quote as measured in this lab. `npm run measure-presets` runs each quoted preset's own
// link with the loop of `npm run train` for MEASURE_SEEDS seeds and writes presetMeasurements.json; the texts are built
// from that file here, so a text states what the file holds and cannot drift from it, and
// tests/engine/presetNumbers.test.ts reruns the links and holds the texts to the engine within quoteTolerance.

import data from './presetMeasurements.json';

import type { PresetId } from './presets';

/** The scalars of `npm run train -- --json` that a text may quote (its snake_case keys). */
export type LabMetric =
  | 'uniformity'
  | 'tolerance'
  | 'effective_negatives'
  | 'alignment'
  | 'knn_acc'
  | 'loss'
  | 'candidates'
  | 'hardest_weight'
  | 'fn_share'
  | 'fn_weight'
  | 'fn_count'
  | 'filter_precision'
  | 'filter_recall'
  | 'sts_spearman'
  | 'length_bias'
  | 'length_bias_before';

/** Seeds per measurement: the preset's own and the next ones. */
export const MEASURE_SEEDS = 3;
/** `npm run train` prints a line every this many steps, so a quoted step is a multiple of it. */
export const STEP_GRAIN = 10;
/**
 * A quote's tolerance is this many seed ranges (max - min over the seeds) plus half a unit of its last digit:
 * one seed's run lies within one range of the median, and the half range more leaves room for a rerun whose
 * floats round differently (a new trajectory, as a new seed would be).
 */
export const SPREAD_FACTOR = 1.5;

/** One metric at one step over the seeds (values in seed order). */
export interface MetricStats {
  readonly values: readonly number[];
  readonly median: number;
  readonly min: number;
  readonly max: number;
  /** the test's allowance around a quote of these numbers, quoteTolerance at the finest quoted rounding */
  readonly tolerance: number;
}

/** What the script measured for one preset's link. */
export interface PresetMeasurement {
  /** presetLink at measuring time; the seeds replace its `seed` */
  readonly link: string;
  readonly seeds: readonly number[];
  /** steps trained (the last quoted step) */
  readonly steps: number;
  /** by step (a decimal string), the quoted metrics */
  readonly at: { readonly [step: string]: { readonly [metric in LabMetric]?: MetricStats } };
}

/** The whole file. */
export interface Measurements {
  readonly about: string;
  readonly command: string;
  readonly rule: string;
  readonly spreadFactor: number;
  readonly lab: { readonly version: string; readonly backend: string; readonly node: string };
  readonly measuredOn: string;
  readonly seconds: number;
  readonly presets: { readonly [id in PresetId]?: PresetMeasurement };
}

/** The committed measurements (type-checked against the JSON). */
export const MEASUREMENTS: Measurements = data;

/** How a quote shows its numbers: the seeds' median, or their range. */
export type QuoteForm = 'median' | 'range';

/** A number a text quotes from the measurements, as it appears in the text. */
export interface MeasuredQuote {
  /** the preset whose link was run (a text may quote another preset's run to compare) */
  readonly preset: PresetId;
  readonly metric: LabMetric;
  readonly step: number;
  /** decimals shown */
  readonly digits: number;
  readonly form: QuoteForm;
  /** as written in the text; NOT_MEASURED when the file lacks it */
  readonly text: string;
}

/** What a quote says when presetMeasurements.json lacks its numbers (a test fails on it). */
export const NOT_MEASURED = '(not measured yet)';

/** The measured numbers of one metric at one step of a preset's run, or null when not measured. */
export function statsOf(preset: PresetId, step: number, metric: LabMetric): MetricStats | null {
  return MEASUREMENTS.presets[preset]?.at[String(step)]?.[metric] ?? null;
}

/** Half a unit of the last of `digits` decimals. */
export const halfUnit = (digits: number) => 0.5 * 10 ** -digits;

/** The allowance the engine test gives a quote of `stats` rounded to `digits` (SPREAD_FACTOR's rule). */
export function quoteTolerance(stats: Pick<MetricStats, 'min' | 'max'>, digits: number): number {
  return SPREAD_FACTOR * (stats.max - stats.min) + halfUnit(digits);
}

/** A number as the texts write it: fixed decimals, ASCII minus, never "-0.00". */
export function formatNumber(value: number, digits: number): string {
  const text = value.toFixed(digits);
  return Number(text) === 0 ? (0).toFixed(digits) : text;
}

/** The text of a quote: "0.18", or a range "0.10-0.26" ("-3.25 to -3.23" when negative; one number if equal). */
export function formatQuote(stats: MetricStats, digits: number, form: QuoteForm): string {
  if (form === 'median') return formatNumber(stats.median, digits);
  const lo = formatNumber(stats.min, digits);
  const hi = formatNumber(stats.max, digits);
  if (lo === hi) return lo;
  return stats.min < 0 ? `${lo} to ${hi}` : `${lo}-${hi}`;
}

/** A quote's numbers read back from its text: [value, value] for a median, [lo, hi] for a range. */
export function parseQuote(text: string): [number, number] | null {
  const match = /^(-?\d+(?:\.\d+)?)(?:(?: to |-)(-?\d+(?:\.\d+)?))?$/.exec(text);
  if (!match) return null;
  const lo = Number(match[1]);
  return [lo, match[2] === undefined ? lo : Number(match[2])];
}

/** Builds the quotes of one text; `quoted` lists them in the order written. */
export class Quoter {
  readonly quoted: MeasuredQuote[] = [];

  /** The seeds' median of `metric` at `step` of `preset`'s run, rounded to `digits`. */
  median(preset: PresetId, metric: LabMetric, step: number, digits: number): string {
    return this.quote(preset, metric, step, digits, 'median');
  }

  /** The seeds' range of `metric` at `step` of `preset`'s run, rounded to `digits`. */
  range(preset: PresetId, metric: LabMetric, step: number, digits: number): string {
    return this.quote(preset, metric, step, digits, 'range');
  }

  /** What a measurement was: "3 seeds, 400 steps". */
  runs(steps: number): string {
    return `${MEASURE_SEEDS} seeds, ${steps} steps`;
  }

  private quote(preset: PresetId, metric: LabMetric, step: number, digits: number, form: QuoteForm): string {
    if (!Number.isInteger(step) || step <= 0 || step % STEP_GRAIN !== 0)
      throw new Error(`invalid step: ${step}`);
    const stats = statsOf(preset, step, metric);
    const text = stats ? formatQuote(stats, digits, form) : NOT_MEASURED;
    this.quoted.push({ preset, metric, step, digits, form, text });
    return text;
  }
}
