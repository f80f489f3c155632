import { BackendBadge } from '../ui/BackendBadge';
import { ChartPanel } from '../ui/ChartPanel';
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
            <ChartPanel testId="chart-hypersphere" title="Embeddings on the hypersphere" />
            <ChartPanel testId="chart-negative-weights" title="Weight of each negative" />
            <ChartPanel testId="chart-similarity" title="Similarity matrix of the batch" />
            <ChartPanel testId="chart-metrics" title="Metrics over time" />
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
