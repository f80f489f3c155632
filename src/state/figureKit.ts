// What a paper figure is (a named sweep, what the paper found, and a verdict read off the lab's own results) and
// the helpers the figures' verdicts share. The figures themselves: figuresTemperature.ts and figuresNegatives.ts,
// gathered in figures.ts. Nothing here runs at import time against the schema table (schema.ts imports the
// figure ids, so this module may load while that table is still being built).
import type { TrainConfig } from '../protocol/config';
import type { SweepPlan, SweepResult } from '../protocol/sweep';
import type { FigureId } from './figureIds';
import { type SeedStats, summariseSweep } from './sweepSummary';

export { FIGURE_IDS, type FigureId } from './figureIds';

/** Whether the lab reproduced a figure's direction, and its numbers in a sentence. */
export interface FigureVerdict {
  readonly reproduced: boolean;
  /** the lab's measurement in words, with its numbers: what the card shows beside the paper's */
  readonly text: string;
}

/** One paper figure as a sweep. */
export interface PaperFigure {
  readonly id: FigureId;
  readonly title: string;
  /** the paper(s) and table or figure */
  readonly citation: string;
  /** what the paper found, with its numbers as docs/SCIENCE.md writes them */
  readonly paperFound: string;
  /** the paper's numbers quoted in paperFound, as written there */
  readonly figures: readonly string[];
  /** the lab's setup in words: data, dimension, batch, steps, seeds, and about how long it runs in Node */
  readonly setup: string;
  /** its sweep, over the lab's defaults (a figure's own experiment, whatever the page's settings) */
  readonly plan: SweepPlan;
  /** x axis: the swept numeric field (log scale or not), or null for one position per run (its label) */
  readonly x: { readonly field: keyof TrainConfig; readonly log: boolean } | null;
  /** the result scalars the figure plots (keys of `npm run train -- --json`), in panel order */
  readonly metrics: readonly string[];
  /** a range of x below a value that the chart shades, with its note (where training stalls) */
  readonly region?: { readonly below: number; readonly text: string };
  /**
   * The paper's direction checked on the lab's results (every run present). `starts`, where the caller has
   * them, are each job's scalars at step 0 (`npm run sweep` and the committed results keep them): a verdict
   * may then also say whether a run moved from where it started.
   */
  verdict(results: readonly SweepResult[], starts?: readonly SweepResult[]): FigureVerdict;
}

/** The mean over seeds of `metric` for each run of `plan`, in run order (NaN for a run without results). */
export function runMeans(plan: SweepPlan, results: readonly SweepResult[], metric: string): number[] {
  const summary = summariseSweep(plan, results);
  return plan.runs.map((_, run) => summary.get(run)?.get(metric)?.mean ?? Number.NaN);
}

/** One run's stats of one metric, or null. */
export function runStats(
  plan: SweepPlan,
  results: readonly SweepResult[],
  run: number,
  metric: string,
): SeedStats | null {
  return summariseSweep(plan, results).get(run)?.get(metric) ?? null;
}

/** A number as the verdicts write it. */
export const show = (value: number, digits = 2) => (Number.isFinite(value) ? value.toFixed(digits) : 'n/a');

/** A run's mean of a metric as the verdicts write it, with min to max over seeds when there are several. */
export function showStats(stats: SeedStats | null, digits = 2): string {
  if (!stats) return 'n/a';
  const seeds = stats.values.filter(Number.isFinite).length;
  return seeds > 1
    ? `${show(stats.mean, digits)} (${show(stats.min, digits)} to ${show(stats.max, digits)})`
    : show(stats.mean, digits);
}

/**
 * How two runs' seeds compare on one metric: `a` above `b` by the difference of their means, and whether every
 * seed of one is above every seed of the other (otherwise the gap is within the seeds' spread).
 */
export function gap(
  a: SeedStats | null,
  b: SeedStats | null,
): { above: boolean; clear: boolean; by: number } {
  const by = (a?.mean ?? Number.NaN) - (b?.mean ?? Number.NaN);
  const clear = a !== null && b !== null && (a.min > b.max || b.min > a.max);
  return { above: by > 0, clear, by };
}

/** "by 0.011, within the seeds' spread" or "by 0.05, every seed": a gap in words. */
export function gapText(g: ReturnType<typeof gap>, digits = 3): string {
  return `by ${show(Math.abs(g.by), digits)}${g.clear ? ', every seed' : ', within the seeds’ spread'}`;
}

/** The runs of `values` of one field over a base config, labelled `key value` (or by `label`). */
export function runsOver<K extends keyof TrainConfig>(
  base: TrainConfig,
  field: K,
  key: string,
  values: readonly TrainConfig[K][],
  label: (value: TrainConfig[K]) => string = (value) => `${key} ${String(value)}`,
) {
  return values.map((value) => ({ label: label(value), config: { ...base, [field]: value } }));
}

/** The index of the run labelled `label` (a programmer error if none is). */
export function runIndex(plan: SweepPlan, label: string): number {
  const index = plan.runs.findIndex((run) => run.label === label);
  if (index < 0) throw new Error(`invalid run label: ${label}`);
  return index;
}

/** "over 3 seeds, 400 steps": how a verdict's numbers were measured. */
export const measuredOver = (plan: SweepPlan) =>
  `means over ${plan.seeds} seed${plan.seeds === 1 ? '' : 's'}, ${plan.steps} steps`;
