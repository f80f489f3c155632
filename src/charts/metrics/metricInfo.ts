// What each panel of the metrics chart is: its label, one-line meaning and how its y axis fits (metricsLayout.ts).
import type { MetricKey } from '../../state/store';
import type { Domain } from './lineAxes';

/** How a metric is introduced to a reader: its label, a one-line meaning, and a fixed y domain if it has one. */
export interface MetricInfo {
  readonly label: string;
  /** one short line (fits a 240 px panel) */
  readonly meaning: string;
  /** a domain the metric always lives in (kNN accuracy: [0, 1]); null: fit the data */
  readonly fixedDomain: Domain | null;
  readonly percent: boolean;
  /**
   * may fit the y domain to the last 80% of the run: only the loss, which is unbounded (thousands at
   * tau = 1e-4); the bounded metrics' early values are part of the story and stay on the chart
   */
  readonly robust: boolean;
  /** measured against the labels: nothing to show while they are hidden (the false-negative measures) */
  readonly needsLabels?: true;
  /** measured in text mode only (on the STS pairs): no panel for the other data sets */
  readonly textOnly?: true;
}

/** Labels and one-line meanings of the metrics, in METRIC_KEYS order. */
export const METRIC_INFO: Readonly<Record<MetricKey, MetricInfo>> = {
  loss: {
    label: 'Loss',
    meaning: 'the objective; lower is better',
    fixedDomain: null,
    percent: false,
    robust: true,
  },
  alignment: {
    label: 'Alignment',
    meaning: 'distance between views; lower is better',
    fixedDomain: null,
    percent: false,
    robust: false,
  },
  uniformity: {
    label: 'Uniformity',
    meaning: 'spread on the sphere; lower is better',
    fixedDomain: null,
    percent: false,
    robust: false,
  },
  tolerance: {
    label: 'Tolerance',
    meaning: 'same-class cosine; higher keeps classes',
    fixedDomain: null,
    percent: false,
    robust: false,
  },
  knnAccuracy: {
    label: 'kNN accuracy',
    meaning: 'held-out, k = 5, cosine; higher is better',
    fixedDomain: [0, 1],
    percent: true,
    robust: false,
  },
  effectiveNegatives: {
    label: 'Effective negatives',
    meaning: 'negatives that count; 1 = only the hardest',
    fixedDomain: null,
    percent: false,
    robust: false,
  },
  fnShare: {
    label: 'False negatives',
    meaning: "share of negatives in the anchor's class",
    fixedDomain: [0, 1],
    percent: true,
    robust: false,
    needsLabels: true,
  },
  fnWeight: {
    label: 'Weight on false negatives',
    meaning: 'share of the push r on them',
    fixedDomain: [0, 1],
    percent: true,
    robust: false,
    needsLabels: true,
  },
  stsSpearman: {
    label: 'STS Spearman',
    meaning: 'held-out graded pairs ×100; higher is better',
    fixedDomain: null,
    percent: false,
    robust: false,
    textOnly: true,
  },
};

/** A horizontal line a panel draws for comparison (the STS baselines), in the metric's units. */
export interface MetricReference {
  readonly label: string;
  readonly value: number;
}
