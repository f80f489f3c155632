// The metric history as CSV, for a spreadsheet or pandas: one row per kept step.
import type { DecimatedSeries } from '../../core/series';
import { METRIC_KEYS, type MetricKey } from '../../state/store';

/** The CSV column of each metric (snake case, as analysis tools expect). */
export const METRIC_CSV_COLUMNS: Readonly<Record<MetricKey, string>> = {
  loss: 'loss',
  alignment: 'alignment',
  uniformity: 'uniformity',
  tolerance: 'tolerance',
  knnAccuracy: 'knn_acc',
  effectiveNegatives: 'effective_negatives',
  // as `npm run train --json` prints them; NaN (spelled so) where the labels were hidden
  fnShare: 'fn_share',
  fnWeight: 'fn_weight',
  // text mode only (NaN otherwise), as `npm run train --json` prints it
  stsSpearman: 'sts_spearman',
};

/**
 * The history as CSV: a header row `step,loss,...`, then one row per kept step, numbers in full precision
 * (shortest text that reads back to the same double; NaN and Infinity spelled so). Lines end in \n.
 */
export function metricsCsv(history: Readonly<Record<MetricKey, DecimatedSeries>>): string {
  const columns = METRIC_KEYS.map((key) => history[key].points());
  const steps = columns[0]?.steps ?? [];
  columns.forEach((column, i) => {
    // every series is pushed at the same steps (store.ingest): a difference is a bug, not data
    if (column.steps.length !== steps.length || column.steps.some((step, k) => step !== steps[k])) {
      throw new Error(`invalid history: ${METRIC_KEYS[i]} is kept at other steps than ${METRIC_KEYS[0]}`);
    }
  });
  const header = ['step', ...METRIC_KEYS.map((key) => METRIC_CSV_COLUMNS[key])].join(',');
  const rows = steps.map((step, k) =>
    [step, ...columns.map((column) => column.values[k])].map(String).join(','),
  );
  return `${[header, ...rows].join('\n')}\n`;
}
