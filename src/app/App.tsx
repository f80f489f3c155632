import { ChartPanel } from '../ui/ChartPanel';

/** The lab's frame: header, controls column and chart grid. Panels fill in as the engine and charts land. */
export function App() {
  return (
    <div className="lab">
      <header className="lab-header">
        <h1>InfoNCE Lab</h1>
        <p className="tagline">
          Train a small contrastive encoder in your browser and watch what the temperature does.
        </p>
      </header>
      <main className="lab-main">
        <aside className="lab-controls" aria-label="Experiment controls" data-testid="controls" />
        <section className="lab-charts" aria-label="Charts">
          <ChartPanel testId="chart-hypersphere" title="Embeddings on the hypersphere" />
          <ChartPanel testId="chart-negative-weights" title="Weight of each negative" />
          <ChartPanel testId="chart-similarity" title="Similarity matrix of the batch" />
          <ChartPanel testId="chart-metrics" title="Metrics over time" />
        </section>
      </main>
      <footer className="lab-footer">
        Everything runs in this page; nothing is sent anywhere. Digits data: E. Alpaydin and C. Kaynak (1998),
        UCI Machine Learning Repository, CC BY 4.0.
      </footer>
    </div>
  );
}
