// Summaries of repeated measurements: every figure in bench/results.json is {min, median, max} of its runs.
import { median } from '../../core/median';

/** min, median and max of a figure's runs (same unit as the runs). */
export interface Summary {
  readonly min: number;
  readonly median: number;
  readonly max: number;
}

/** The value below which `p` (0 to 1) of the values lie (nearest rank). Throws on no values. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) throw new Error('invalid values: empty');
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1));
  return sorted[rank] as number;
}

/** {min, median, max} of runs, rounded to `digits` decimals so results.json stays readable. */
export function summarize(values: readonly number[], digits = 3): Summary {
  const round = (x: number) => Number(x.toFixed(digits));
  return {
    min: round(Math.min(...values)),
    median: round(median(values)),
    max: round(Math.max(...values)),
  };
}

/** Ratios top/bottom within each repeat (figures measured side by side), skipping repeats missing either. */
export function pairedRatios<K extends string>(
  repeats: readonly Readonly<Record<K, number | null>>[],
  top: K,
  bottom: K,
): number[] {
  return repeats.flatMap((r) => {
    const [a, b] = [r[top], r[bottom]];
    return typeof a === 'number' && typeof b === 'number' && b > 0 ? [a / b] : [];
  });
}
