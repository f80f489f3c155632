import type { ComponentType } from 'react';
import { AlignUniformChart } from '../charts/alignUniform/AlignUniformChart';
import { Forces } from '../charts/forces/Forces';
import { SimilarityHistogram } from '../charts/histogram/SimilarityHistogram';
import { Hypersphere } from '../charts/hypersphere/Hypersphere';
import { MetricsChart } from '../charts/metrics/MetricsChart';
import { NegativeWeights } from '../charts/negativeWeights/NegativeWeights';
import { SimilarityMatrix } from '../charts/similarity/SimilarityMatrix';
import { CHART_IDS, type ChartId } from '../state/schema';

/**
 * The component of each chart id (each renders `chart-<id>`), the one table both layouts read: the full page
 * shows them in CHART_IDS order, the embed layout one of them. `satisfies` rejects a missing or unknown id.
 */
export const CHART_COMPONENTS = {
  hypersphere: Hypersphere,
  forces: Forces,
  'negative-weights': NegativeWeights,
  similarity: SimilarityMatrix,
  metrics: MetricsChart,
  'align-uniform': AlignUniformChart,
  'similarity-histogram': SimilarityHistogram,
} as const satisfies Readonly<Record<ChartId, ComponentType>>;

/** Every chart, in CHART_IDS order. */
export function AllCharts() {
  return (
    <>
      {CHART_IDS.map((id) => {
        const Chart = CHART_COMPONENTS[id];
        return <Chart key={id} />;
      })}
    </>
  );
}
