import { AlignUniformChart } from '../charts/alignUniform/AlignUniformChart';
import { Forces } from '../charts/forces/Forces';
import { SimilarityHistogram } from '../charts/histogram/SimilarityHistogram';
import { Hypersphere } from '../charts/hypersphere/Hypersphere';
import { MetricsChart } from '../charts/metrics/MetricsChart';
import { NegativeWeights } from '../charts/negativeWeights/NegativeWeights';
import { SimilarityMatrix } from '../charts/similarity/SimilarityMatrix';
import { BackendBadge } from '../ui/BackendBadge';
import { Controls } from '../ui/Controls';
import { Readouts } from '../ui/Readouts';
import { Warnings } from '../ui/Warnings';

/** The page: header with the backend badge, warnings, controls beside readouts and charts. */
export function LabLayout() {
  return (
    <div className="lab">
      <header className="lab-header">
        <div>
          <h1>InfoNCE Lab</h1>
          <p className="tagline">
            Train a small contrastive encoder in your browser and watch what the temperature does.
          </p>
        </div>
        <BackendBadge />
      </header>
      <Warnings />
      <main className="lab-main">
        <aside className="lab-controls" aria-label="Experiment controls" data-testid="controls">
          <Controls />
        </aside>
        <div className="lab-content">
          <Readouts />
          <section className="lab-charts" aria-label="Charts">
            <Hypersphere />
            <Forces />
            <NegativeWeights />
            <SimilarityMatrix />
            <MetricsChart />
            <AlignUniformChart />
            <SimilarityHistogram />
          </section>
        </div>
      </main>
      <footer className="lab-footer">
        Everything runs in this page; nothing is sent anywhere. Digits data: E. Alpaydin and C. Kaynak (1998),
        UCI Machine Learning Repository, CC BY 4.0.
      </footer>
    </div>
  );
}
