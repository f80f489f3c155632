// A sweep's results summarised per run over its seeds (mean, min, max of each scalar), for the CLI's table,
// the page's charts and the paper figures' verdicts; and the CSV every sweep exports.

import { measuresSts } from '../protocol/runTexts';
import type { SweepPlan, SweepResult } from '../protocol/sweep';
import { CONFIG_LINK_KEYS, type ConfigEntry, entryForKey } from './schema';

/** One scalar of one run over its seeds. */
export interface SeedStats {
  readonly mean: number;
  readonly min: number;
  readonly max: number;
  /** the seeds' values, in seed order (NaN where a seed had no number) */
  readonly values: readonly number[];
}

/** The CSV's measured columns, first in this order, then every other scalar of `npm run train -- --json`. */
export const SWEEP_CSV_FIRST = [
  'loss',
  'alignment',
  'uniformity',
  'tolerance',
  'knn_acc',
  'effective_negatives',
] as const;

/**
 * The scalars a sweep's charts plot: SWEEP_CSV_FIRST, and `sts_spearman` when a run trains on the generated
 * sentences (so SimCSE's dropout and temperature tables, scored on STS, can be swept here).
 */
export function sweepMetrics(plan: SweepPlan): readonly string[] {
  return plan.runs.some((run) => measuresSts(run.config))
    ? [...SWEEP_CSV_FIRST, 'sts_spearman']
    : SWEEP_CSV_FIRST;
}

/** The numeric value of a scalar, NaN for null or text. */
const numberOf = (value: number | string | null | undefined) =>
  typeof value === 'number' ? value : Number.NaN;

/**
 * Per run, per scalar: mean, min and max over the seeds that have a finite value (NaN when none has). Results
 * of runs outside the plan are ignored; a run with no result yet has no entry.
 */
export function summariseSweep(
  plan: SweepPlan,
  results: readonly SweepResult[],
): Map<number, Map<string, SeedStats>> {
  const byRun = new Map<number, SweepResult[]>();
  for (const result of results) {
    if (result.run < 0 || result.run >= plan.runs.length) continue;
    byRun.set(result.run, [...(byRun.get(result.run) ?? []), result]);
  }
  const summary = new Map<number, Map<string, SeedStats>>();
  for (const [run, list] of byRun) {
    const ordered = [...list].sort((a, b) => a.seed - b.seed);
    const keys = new Set(ordered.flatMap((result) => Object.keys(result.scalars)));
    const stats = new Map<string, SeedStats>();
    for (const key of keys) {
      const values = ordered.map((result) => numberOf(result.scalars[key]));
      const finite = values.filter(Number.isFinite);
      stats.set(key, {
        values,
        mean: finite.length > 0 ? finite.reduce((a, b) => a + b, 0) / finite.length : Number.NaN,
        min: finite.length > 0 ? Math.min(...finite) : Number.NaN,
        max: finite.length > 0 ? Math.max(...finite) : Number.NaN,
      });
    }
    summary.set(run, stats);
  }
  return summary;
}

/**
 * The measured columns of a sweep's CSV for these results: SWEEP_CSV_FIRST, then every other scalar in the
 * order `npm run train -- --json` prints them, but for those that repeat a swept column (`tau` in a tau sweep).
 */
export function sweepMeasuredColumns(
  results: readonly SweepResult[],
  sweptKeys: readonly string[],
): string[] {
  const rest: string[] = [];
  for (const result of results)
    for (const key of Object.keys(result.scalars))
      if (
        !sweptKeys.includes(key) &&
        !(SWEEP_CSV_FIRST as readonly string[]).includes(key) &&
        !rest.includes(key)
      )
        rest.push(key);
  return [...SWEEP_CSV_FIRST, ...rest];
}

/**
 * The sweep as CSV: a header `seed,<swept link keys>,loss,alignment,...`, then one row per configuration and
 * seed in plan order; numbers in full precision, null as empty. Lines end in \n.
 */
export function sweepCsv(plan: SweepPlan, results: readonly SweepResult[]): string {
  const swept = plan.swept.map((field) => CONFIG_LINK_KEYS[field]);
  const measured = sweepMeasuredColumns(results, swept);
  const ordered = [...results].sort((a, b) => a.run - b.run || a.seed - b.seed);
  const cell = (value: unknown) => (value === null || value === undefined ? '' : String(value));
  const rows = ordered.map((result) => {
    const config = plan.runs[result.run]?.config;
    return [
      result.seed,
      ...plan.swept.map((field) => cell(config?.[field])),
      ...measured.map((key) => cell(result.scalars[key])),
    ].join(',');
  });
  return `${[['seed', ...swept, ...measured].join(','), ...rows].join('\n')}\n`;
}

/** A number as the table writes it: 3 decimals, fewer above 10 (effective negatives reach 254). */
export function tableNumber(value: number): string {
  if (!Number.isFinite(value)) return 'n/a';
  return Math.abs(value) >= 100
    ? value.toFixed(1)
    : Math.abs(value) >= 10
      ? value.toFixed(2)
      : value.toFixed(3);
}

/** A run's swept fields as the link writes them (`0.05`, `quantile`), in plan.swept order. */
export function sweptTexts(plan: SweepPlan, run: number): string[] {
  const config = plan.runs[run]?.config;
  return plan.swept.map((field) => {
    const entry = entryForKey(CONFIG_LINK_KEYS[field]) as ConfigEntry;
    return config ? (entry.codec.format as (value: unknown) => string)(config[field]) : '';
  });
}

/**
 * The summary table for people: one row per configuration (its label when the labels say more than the swept
 * values, then the swept values), then `mean [min, max]` over the seeds of each plotted scalar (sweepMetrics: the
 * mean alone with one seed). Columns aligned, one string per line, the header first.
 */
export function sweepTable(plan: SweepPlan, results: readonly SweepResult[]): string[] {
  const summary = summariseSweep(plan, results);
  const swept = plan.swept.map((field) => CONFIG_LINK_KEYS[field]);
  const plainLabels = plan.runs.every(
    (run, index) => run.label === swept.map((key, k) => `${key} ${sweptTexts(plan, index)[k]}`).join(', '),
  );
  const metrics = sweepMetrics(plan);
  const header = [...(plainLabels ? [] : ['configuration']), ...swept, 'seeds', ...metrics];
  const rows = plan.runs.map((run, index) => {
    const stats = summary.get(index);
    const cell = (metric: string) => {
      const s = stats?.get(metric);
      if (!s) return '-';
      const finite = s.values.filter(Number.isFinite).length;
      return finite > 1
        ? `${tableNumber(s.mean)} [${tableNumber(s.min)}, ${tableNumber(s.max)}]`
        : tableNumber(s.mean);
    };
    const seeds = stats?.values().next().value?.values.length ?? 0;
    return [
      ...(plainLabels ? [] : [run.label]),
      ...sweptTexts(plan, index),
      String(seeds),
      ...metrics.map(cell),
    ];
  });
  const table = [header, ...rows];
  const widths = header.map((_, c) => Math.max(...table.map((row) => (row[c] ?? '').length)));
  return table.map((row) =>
    row
      .map((cell, c) => cell.padEnd(widths[c] ?? 0))
      .join('  ')
      .trimEnd(),
  );
}
