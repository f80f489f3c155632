import type { ComponentType } from 'react';
import { AlignUniformChart } from '../charts/alignUniform/AlignUniformChart';
import { ChartSlot } from '../charts/chartFeed';
import { Forces } from '../charts/forces/Forces';
import { SimilarityHistogram } from '../charts/histogram/SimilarityHistogram';
import { Hypersphere } from '../charts/hypersphere/Hypersphere';
import { LengthBiasChart } from '../charts/lengthBias/LengthBiasChart';
import { MetricsChart } from '../charts/metrics/MetricsChart';
import { NegativeWeights } from '../charts/negativeWeights/NegativeWeights';
import { SimilarityMatrix } from '../charts/similarity/SimilarityMatrix';
import { CHART_IDS, type ChartId } from '../state/schema';

/** `Chart` in a slot of the chart feed of its own, which its panel reads to say which snapshot it shows. */
function inSlot(Chart: ComponentType): ComponentType {
  const Slotted = () => (
    <ChartSlot>
      <Chart />
    </ChartSlot>
  );
  Slotted.displayName = `InSlot(${Chart.displayName ?? Chart.name})`;
  return Slotted;
}

/**
 * The component of each chart id (each renders `chart-<id>`), the one table both layouts read: the full page
 * shows them in CHART_IDS order, the embed layout one of them. `satisfies` rejects a missing or unknown id.
 */
export const CHART_COMPONENTS = {
  hypersphere: inSlot(Hypersphere),
  forces: inSlot(Forces),
  'negative-weights': inSlot(NegativeWeights),
  similarity: inSlot(SimilarityMatrix),
  metrics: inSlot(MetricsChart),
  'align-uniform': inSlot(AlignUniformChart),
  'similarity-histogram': inSlot(SimilarityHistogram),
  // text mode only: renders nothing (and takes no turn in the chart feed) for the other data sets
  'length-bias': inSlot(LengthBiasChart),
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
