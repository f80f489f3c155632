import { useEffect, useMemo, useRef, useState } from 'react';
import { measuresSts } from '../../protocol/runTexts';
import { useLab, useLabStore } from '../../state/LabProvider';
import { ChartPanel } from '../../ui/ChartPanel';
import { formatValue } from '../axes';
import { paintCanvas } from '../canvas';
import { useChartData } from '../chartFeed';
import { MARK_COLOURS } from '../palette';
import { SvgAxis, SvgPlot } from '../SvgPlot';
import { useChartWidth } from '../useChartWidth';
import { useFrameDraw } from '../useFrameDraw';
import { drawMetrics } from './drawMetrics';
import { MetricsExplanation } from './MetricsText';
import {
  layoutMetrics,
  type MetricPanel,
  type MetricReference,
  type MetricsLayout,
  seriesOf,
  type TauMark,
  type TauTracker,
  trackTau,
} from './metricsLayout';

const TAU_COLOUR = MARK_COLOURS.hardest;
const NOTE_COLOUR = '#D55E00';

/**
 * Metrics over time as small multiples (loss, alignment, uniformity, tolerance, kNN accuracy, effective
 * negatives, the false negatives' share and weight) sharing the step axis. Re-renders only when the chart feed's
 * `historyVersion` (or the history) changes; lines are drawn on a canvas on the next animation frame, axes and
 * text in SVG underneath.
 */
export function MetricsChart() {
  const { history, historyVersion } = useChartData(); // the series are mutable, their version is not
  const tauMarks = useTauMarks();
  const [logLoss, setLogLoss] = useState(false);
  const labelsHidden = useLab((s) => s.config.labels === 'hidden');
  const textMode = useLab((s) => measuresSts(s.config));
  const stsReferences = useStsReferences();
  const [containerRef, width] = useChartWidth();
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const series = seriesOf(history);
  const layout = layoutMetrics({
    width,
    series,
    logLoss,
    tauMarks,
    labelsHidden,
    textMode,
    references: { stsSpearman: stsReferences },
  });
  useFrameDraw(() => {
    if (canvasRef.current)
      paintCanvas(canvasRef.current, layout.width, layout.height, (context) => drawMetrics(context, layout));
  }, historyVersion);
  const notes = layout.panels.filter((panel) => panel.note !== null);

  return (
    <ChartPanel
      testId="chart-metrics"
      title="Metrics over time"
      actions={
        <label>
          <input type="checkbox" checked={logLoss} onChange={(event) => setLogLoss(event.target.checked)} />{' '}
          log scale for the loss
        </label>
      }
      explanation={<MetricsExplanation layout={layout} />}
    >
      <SvgPlot
        containerRef={containerRef}
        canvasRef={canvasRef}
        width={layout.width}
        height={layout.height}
        label={summary(layout)}
      >
        {layout.panels.map((panel) => (
          <PanelSvg key={panel.key} panel={panel} />
        ))}
      </SvgPlot>
      <SeriesExtent steps={series.loss.steps} />
      {layout.empty ? <p>Waiting for the first snapshot of this run.</p> : null}
      {notes.map((panel) => (
        <p key={panel.key} style={{ margin: '0.2rem 0', fontSize: '0.85rem' }}>
          {panel.info.label}: {panel.note}
          {panel.key === 'loss' && !panel.log ? ' (tick “log scale for the loss” to see all of it)' : ''}.
        </p>
      ))}
    </ChartPanel>
  );
}

/**
 * The steps the lines are drawn over (a test hook, hidden): first, last, how many, and whether they only go
 * forward (one history: a line never runs back to an earlier step).
 */
function SeriesExtent({ steps }: { steps: readonly number[] }) {
  const forward = steps.every((step, i) => i === 0 || step > (steps[i - 1] as number));
  return (
    <span
      hidden
      data-testid="metrics-steps"
      data-first={steps[0] ?? ''}
      data-last={steps[steps.length - 1] ?? ''}
      data-points={steps.length}
      data-forward={String(forward)}
    />
  );
}

/** One panel's header, axes, temperature marks and clipping tag (the line itself is on the canvas). */
function PanelSvg({ panel }: { panel: MetricPanel }) {
  const { plot, header } = panel;
  const right = plot.left + plot.width;
  return (
    <g>
      <text x={header[0]} y={header[1] + 12} fontWeight={600} fill={MARK_COLOURS.text}>
        {panel.info.label}
      </text>
      <text
        x={right}
        y={header[1] + 12}
        textAnchor="end"
        fontWeight={600}
        fill={MARK_COLOURS.text}
        data-testid={`metric-${panel.key}`}
      >
        {panel.currentText}
      </text>
      <text x={header[0]} y={header[1] + 26} fill={MARK_COLOURS.axis} fontSize={10.5}>
        {panel.info.meaning}
        {panel.log ? ' (log scale)' : ''}
      </text>
      <SvgAxis orient="left" ticks={panel.yTicks} plot={plot} />
      <SvgAxis orient="bottom" ticks={panel.xTicks} plot={plot} showLabels={panel.showXLabels} grid={false} />
      {panel.showXLabels ? (
        <text x={right} y={plot.top + plot.height + 28} textAnchor="end" fill={MARK_COLOURS.axis}>
          training step
        </text>
      ) : null}
      {panel.tauMarks.map((mark) => (
        <g key={`${mark.step}:${mark.label}`}>
          <line
            x1={mark.x}
            x2={mark.x}
            y1={plot.top}
            y2={plot.top + plot.height}
            stroke={TAU_COLOUR}
            strokeDasharray="3 3"
          />
          {panel.labelTauMarks ? (
            <text x={mark.x + 3} y={plot.top + 9} fill={TAU_COLOUR} fontSize={10}>
              {mark.label}
            </text>
          ) : null}
        </g>
      ))}
      {panel.references.map((ref) => (
        <g key={ref.label} data-testid={`metric-${panel.key}-reference`} data-value={ref.value}>
          <line
            x1={plot.left}
            x2={right}
            y1={ref.y}
            y2={ref.y}
            stroke={MARK_COLOURS.axis}
            strokeDasharray="4 3"
          />
          <text x={plot.left + 3} y={ref.y - 3} fill={MARK_COLOURS.axis} fontSize={10}>
            {ref.label} {formatValue(ref.value)}
          </text>
        </g>
      ))}
      {panel.placeholder ? (
        <text
          x={plot.left + plot.width / 2}
          y={plot.top + plot.height / 2 + 4}
          textAnchor="middle"
          fill={MARK_COLOURS.axis}
          data-testid={`metric-${panel.key}-placeholder`}
        >
          <title>{panel.placeholder.reason}</title>
          {panel.placeholder.text}
        </text>
      ) : null}
      {panel.note ? (
        <text x={right} y={header[1] + 26} textAnchor="end" fill={NOTE_COLOUR} fontSize={10}>
          <title>{panel.note}</title>
          {panel.offChart > 0 ? 'clipped' : 'gaps'}
        </text>
      ) : null}
    </g>
  );
}

/** The STS panel's reference lines: the untrained encoder (this model's step 0) and the TF-IDF baseline. */
function useStsReferences(): readonly MetricReference[] {
  const start = useLab((s) => s.stsStart);
  const tfIdf = useLab((s) => s.texts?.stsBaselines?.tfIdf ?? null);
  return useMemo(
    () => [
      ...(start === null ? [] : [{ label: 'untrained', value: start }]),
      ...(tfIdf === null ? [] : [{ label: 'TF-IDF', value: tfIdf }]),
    ],
    [start, tfIdf],
  );
}

/**
 * The steps where the temperature changed in the current history (run or rebuilt model), noted from every
 * snapshot the store takes.
 */
function useTauMarks(): readonly TauMark[] {
  const store = useLabStore();
  const [marks, setMarks] = useState<readonly TauMark[]>([]);
  useEffect(() => {
    let tracker: TauTracker | null = null;
    const note = (state: ReturnType<typeof store.getState>): void => {
      const step = state.snapshot?.step ?? 0;
      const next = trackTau(tracker, state.historyId, step, state.snapshot?.tau ?? Number.NaN);
      if (next.marks !== tracker?.marks) setMarks(next.marks);
      tracker = next;
    };
    note(store.getState());
    return store.subscribe(note);
  }, [store]);
  return marks;
}

function summary(layout: MetricsLayout): string {
  if (layout.empty) return 'Metrics over time: no data yet';
  const values = layout.panels.map((panel) => `${panel.info.label} ${panel.currentText}`).join(', ');
  return `Metrics over time, steps ${layout.xDomain[0]} to ${layout.xDomain[1]}; now: ${values}`;
}
