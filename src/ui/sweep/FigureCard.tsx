import { formatValue } from '../../charts/axes';
import { metricTitle } from '../../charts/sweep/SweepCharts';
import type { SweepResult } from '../../protocol/sweep';
import {
  describePlan,
  FIGURE_RESULTS,
  storedFigureOf,
  storedResults,
  storedStarts,
} from '../../state/figureResults';
import type { PaperFigure } from '../../state/figures';
import { runMeans } from '../../state/figures';

/** The lab's committed results of a figure and their step-0 measurements (figureResults.ts). */
export interface StoredRun {
  readonly results: readonly SweepResult[];
  readonly starts: readonly SweepResult[];
}

/**
 * A figure's committed results (`npm run measure-figures`), shown on its card before anyone runs it here; null
 * when it was never measured or its plan has changed since (the numbers would belong to another experiment).
 */
export function storedFigureResults(figure: PaperFigure): StoredRun | null {
  const stored = storedFigureOf(figure.id);
  if (!stored || JSON.stringify(stored.plan) !== JSON.stringify(describePlan(figure.plan))) return null;
  const results = storedResults(figure.id);
  return results.length > 0 ? { results, starts: storedStarts(figure.id) } : null;
}

/** Whether results hold every run of the figure's plan with all its seeds (what a verdict needs). */
export function completeFor(figure: PaperFigure, results: readonly SweepResult[]): boolean {
  return figure.plan.runs.every(
    (_, run) => results.filter((result) => result.run === run).length >= figure.plan.seeds,
  );
}

/**
 * A paper figure's card: what the paper found (its numbers, cited) beside what the lab measured, whether the
 * paper's direction was reproduced, and each run's means of the figure's metrics. The lab's side is this page's
 * finished run of the figure when there is one, else the committed results, else it says it was not measured.
 */
export function FigureCard({
  figure,
  live,
}: {
  figure: PaperFigure;
  /** this page's results of the figure's plan, or null when it has not run it (to the end) here */
  live: readonly SweepResult[] | null;
}) {
  const stored = storedFigureResults(figure);
  const source = live !== null && completeFor(figure, live) ? 'live' : stored !== null ? 'stored' : null;
  const results = source === 'live' ? live : source === 'stored' ? stored?.results : null;
  // step-0 measurements only come with the committed results (the page's runner measures each job's end)
  const verdict = results ? figure.verdict(results, source === 'stored' ? stored?.starts : undefined) : null;
  return (
    <section className="sweep-figure-card" data-testid={`figure-card-${figure.id}`} aria-label={figure.title}>
      <h3>{figure.title}</h3>
      <div className="sweep-card-columns">
        <div>
          <h4>What the paper found</h4>
          <p>{figure.paperFound}</p>
          <p className="sweep-note">{figure.citation}</p>
        </div>
        <div
          data-testid="figure-verdict"
          data-source={source ?? 'none'}
          data-reproduced={verdict?.reproduced}
        >
          <h4>What this lab measured</h4>
          {verdict ? (
            <p>
              <strong>{verdict.reproduced ? 'Reproduced.' : 'Not reproduced.'}</strong> {verdict.text}
            </p>
          ) : (
            <p className="sweep-note">Not measured yet: run the figure and the verdict appears here.</p>
          )}
          <p className="sweep-note">
            {source === 'live'
              ? 'Measured just now, in this browser. '
              : source === 'stored'
                ? `Stored results, measured ${FIGURE_RESULTS.measuredOn || 'with the lab'} in Node (${FIGURE_RESULTS.lab.backend}); running the figure measures it here. `
                : ''}
            Setup: {figure.setup}
          </p>
        </div>
      </div>
      {results ? <MeansTable figure={figure} results={results} /> : null}
    </section>
  );
}

/** Each run's mean over its seeds of each of the figure's metrics. */
function MeansTable({ figure, results }: { figure: PaperFigure; results: readonly SweepResult[] }) {
  const means = figure.metrics.map((metric) => runMeans(figure.plan, results, metric));
  return (
    <table className="sweep-means" data-testid="figure-means">
      <caption className="sweep-note">
        Means over {figure.plan.seeds} seeds after {figure.plan.steps} steps
      </caption>
      <thead>
        <tr>
          <th scope="col">run</th>
          {figure.metrics.map((metric) => (
            <th scope="col" key={metric}>
              {metricTitle(metric).replace(/ \(.*\)$/, '')}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {figure.plan.runs.map((run, index) => (
          <tr key={run.label}>
            <th scope="row">{run.label}</th>
            {means.map((values, m) => (
              <td key={figure.metrics[m]}>{formatValue(values[index] ?? Number.NaN)}</td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
