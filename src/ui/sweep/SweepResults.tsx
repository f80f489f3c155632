import { useMemo, useRef, useState } from 'react';
import { MetricPanel, SphereMultiple, SweepPlane } from '../../charts/sweep/SweepCharts';
import { type SweepX, sweepXOf } from '../../charts/sweep/sweepLayout';
import { useChartWidth } from '../../charts/useChartWidth';
import type { SweepPlan, SweepResult } from '../../protocol/sweep';
import type { PaperFigure } from '../../state/figures';
import { CONFIG_LINK_KEYS, entryForKey, formatValue } from '../../state/schema';
import { summariseSweep, sweepCsv, sweepMetrics } from '../../state/sweepSummary';
import { chartPng, chartSvg } from '../export/chartExport';
import { downloadBlob, downloadText } from '../export/download';

/** Gap between panels, px (the CSS grid's too). */
const GAP = 12;
/** Side of a small sphere, px. */
const SPHERE_SIZE = 132;

/** Each run's tick label: its value of the one swept field (as the link writes it), else its label. */
export function runTickLabels(plan: SweepPlan): string[] {
  const field = plan.swept.length === 1 ? plan.swept[0] : undefined;
  const entry = field === undefined ? undefined : entryForKey(CONFIG_LINK_KEYS[field]);
  return plan.runs.map((run) =>
    field !== undefined && entry ? formatValue(entry, run.config[field]) : run.label,
  );
}

/** The file name of the sweep's downloads, without extension: `infonce-sweep-tau`, `infonce-figure-<id>`. */
export function sweepFileBase(plan: SweepPlan, figure: PaperFigure | null): string {
  if (figure) return `infonce-figure-${figure.id}`;
  return `infonce-sweep-${plan.swept.map((field) => CONFIG_LINK_KEYS[field]).join('-') || 'runs'}`;
}

/**
 * The sweep's results as one figure: each metric against the swept value (a figure's own metrics), the small
 * spheres, the alignment-uniformity plane; downloads of the results as CSV (sweepCsv's columns) and of the
 * figure as PNG and SVG (vector: every panel is SVG). Drawn from whatever results have come in so far.
 */
export function SweepResults({
  plan,
  results,
  figure,
}: {
  plan: SweepPlan;
  results: readonly SweepResult[];
  figure: PaperFigure | null;
}) {
  const [containerRef, width] = useChartWidth(720);
  const root = useRef<HTMLDivElement>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const summary = useMemo(() => summariseSweep(plan, results), [plan, results]);
  const x: SweepX = figure ? figure.x : sweepXOf(plan);
  const metrics = figure ? figure.metrics : sweepMetrics(plan);
  const labels = runTickLabels(plan);
  const title = x === null ? 'run' : CONFIG_LINK_KEYS[x.field];
  const columns = Math.max(1, Math.min(3, Math.floor((width + GAP) / (280 + GAP))));
  const panelWidth = Math.floor((width - GAP * (columns - 1)) / columns);
  // stored results (figureResults.ts) carry no display points: no sphere for them
  const drawable = results.filter((r) => r.display.dim >= 2 && r.display.labels.length > 0);
  const firstSeed = plan.runs.map(
    (_, run) => drawable.filter((r) => r.run === run).sort((a, b) => a.seed - b.seed)[0] ?? null,
  );
  const dims = new Set(plan.runs.map((run) => run.config.dim));
  const planeRuns = plan.runs.map((_, run) => ({
    run,
    label: labels[run] ?? '',
    alignment: summary.get(run)?.get('alignment')?.mean ?? Number.NaN,
    uniformity: summary.get(run)?.get('uniformity')?.mean ?? Number.NaN,
  }));
  const base = sweepFileBase(plan, figure);

  const saveCsv = () => downloadText(sweepCsv(plan, results), 'text/csv', `${base}.csv`);
  const saveImage = async (format: 'png' | 'svg') => {
    const element = root.current;
    if (!element) return;
    // the picture's header: what was swept; each run trained plan.steps steps (its temperature varies or is
    // the figure's, so none is named)
    const meta = {
      title: figure ? figure.title : `Sweep of ${plan.runs.map((r) => r.label).join(', ')}`,
      tau: null,
      step: plan.steps,
    };
    try {
      const blob =
        format === 'png'
          ? await chartPng(element, meta)
          : new Blob([chartSvg(element, meta)], { type: 'image/svg+xml;charset=utf-8' });
      downloadBlob(blob, `${base}.${format}`);
      setProblem(null);
    } catch (error) {
      setProblem(
        `The figure could not be exported: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
  };

  return (
    <section className="sweep-results" aria-label="Sweep results" data-testid="sweep-results">
      <div className="sweep-buttons">
        <button
          type="button"
          onClick={saveCsv}
          disabled={results.length === 0}
          data-testid="sweep-export-csv"
        >
          Download results (CSV)
        </button>
        <button type="button" onClick={() => void saveImage('png')} data-testid="sweep-export-png">
          Figure as PNG
        </button>
        <button type="button" onClick={() => void saveImage('svg')} data-testid="sweep-export-svg">
          Figure as SVG
        </button>
      </div>
      {problem ? (
        <p className="sweep-problems" role="alert">
          {problem}
        </p>
      ) : null}
      <div ref={containerRef}>
        <div ref={root} className="sweep-figure" data-testid="sweep-figure">
          <div className="sweep-grid">
            {metrics.map((metric) => (
              <MetricPanel
                key={metric}
                metric={metric}
                input={{
                  plan,
                  x,
                  labels,
                  title,
                  width: panelWidth,
                  seeds: plan.seeds,
                  region: figure?.region ?? null,
                  stats: plan.runs.map((_, run) => summary.get(run)?.get(metric) ?? null),
                }}
              />
            ))}
          </div>
          <div className="sweep-grid">
            {firstSeed.map((result, run) =>
              result ? (
                <SphereMultiple
                  // biome-ignore lint/suspicious/noArrayIndexKey: runs are a fixed list per plan
                  key={run}
                  run={run}
                  label={plan.runs[run]?.label ?? ''}
                  display={result.display}
                  size={SPHERE_SIZE}
                />
              ) : null,
            )}
          </div>
          <SweepPlane
            runs={planeRuns}
            width={Math.min(width, 640)}
            dim={dims.size === 1 ? ([...dims][0] ?? null) : null}
            joined={x !== null}
          />
        </div>
      </div>
      <p className="sweep-note">
        Each point is the mean over {plan.seeds} seed{plan.seeds > 1 ? 's' : ''} at the end of training
        {plan.seeds > 1 ? '; the shaded band (or bar) spans the seeds’ min to max' : ''}. The small spheres
        show each run’s first seed’s held-out points (a PCA view above 3 dimensions); the plane’s points are
        labelled with their run.
      </p>
    </section>
  );
}
