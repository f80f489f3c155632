import { useEffect, useRef, useState } from 'react';
import { useLab, useLabStore } from '../../state/LabProvider';
import { ChartPanel } from '../../ui/ChartPanel';
import { Formula, texNumber } from '../../ui/Formula';
import { LABELS_HIDDEN } from '../../ui/labels';
import { paintCanvas } from '../canvas';
import { useChartData } from '../chartFeed';
import { MARK_COLOURS } from '../palette';
import { SvgAxis, SvgPlot } from '../SvgPlot';
import { useChartWidth } from '../useChartWidth';
import { useFrameDraw } from '../useFrameDraw';
import { drawMetrics } from './drawMetrics';
import {
  layoutMetrics,
  type MetricPanel,
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
  const [containerRef, width] = useChartWidth();
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const series = seriesOf(history);
  const layout = layoutMetrics({ width, series, logLoss, tauMarks, labelsHidden });
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

function MetricsExplanation({ layout }: { layout: MetricsLayout }) {
  const now = (key: MetricPanel['key']): string =>
    texNumber(layout.panels.find((panel) => panel.key === key)?.current ?? Number.NaN);
  return (
    <div>
      <p>
        One small chart per metric, all against the training step. The blue line is the metric (a dot where a
        value stands alone); a break in the line is a value that was not a number. Dashed purple lines mark
        the steps where the temperature changed, labelled with the new τ. The number at the top right of each
        panel is the newest value. When the loss spans a huge range (at τ = 10⁻⁴ it starts in the thousands),
        its y axis fits the last 80% of the run and the panel says “clipped”; the log scale shows it whole.
      </p>
      <p>
        <strong>Loss</strong>: the objective being minimised (InfoNCE: the mean over anchors of −log of the
        positive&apos;s softmax weight). Its floor depends on τ and the batch, so compare shapes, not levels,
        across temperatures. Now <Formula tex={now('loss')} />.
      </p>
      <p>
        <strong>Alignment</strong> (Wang &amp; Isola 2020), lower is better:{' '}
        <Formula
          tex={`\\mathcal L_\\text{align} = \\mathbb E\\lVert f(x)-f(y)\\rVert^2 = ${now('alignment')}`}
        />{' '}
        over the batch&apos;s two views. With dropout 0 (or one shared mask) the views are identical and it is
        0 whatever the model does: SimCSE&apos;s Figure 2 shows uniformity still improving then while
        alignment becomes meaningless and the representation degrades.
      </p>
      <p>
        <strong>Uniformity</strong> (Wang &amp; Isola 2020), lower is better:{' '}
        <Formula
          tex={`\\mathcal L_\\text{uniform} = \\log \\mathbb E\\, e^{-t\\lVert f(x)-f(y)\\rVert^2} = ${now('uniformity')}`}
        />{' '}
        with t = 2, over pairs of held-out points: between −4 (not reachable) and 0 (all points in one place).
      </p>
      <p>
        <strong>Tolerance</strong> (Wang &amp; Liu 2021): the mean cosine of same-class pairs,{' '}
        <Formula tex={`T = \\mathbb E_{l(x)=l(y)}\\, f(x)^\\top f(y) = ${now('tolerance')}`} />. A small τ
        makes the embedding more uniform but less tolerant: same-class points (potential false negatives) are
        pushed apart, the uniformity-tolerance dilemma.
      </p>
      <p>
        <strong>kNN accuracy</strong>: each held-out point takes the majority label of its k = 5 most similar
        training points (cosine); higher is better. Now <Formula tex={now('knnAccuracy')} />.
      </p>
      <p>
        <strong>Effective negatives</strong>:{' '}
        <Formula
          tex={`N_\\text{eff} = \\exp\\bigl(-\\textstyle\\sum_j r_{ij}\\log r_{ij}\\bigr) = ${now('effectiveNegatives')}`}
        />{' '}
        averaged over the anchors, where r<sub>ij</sub> is the softmax of s<sub>ij</sub>/τ over the negatives
        only (Wang &amp; Liu&apos;s relative penalty). Near 1: only the hardest negative counts (τ → 0); near
        the number of negatives: all weigh the same (τ → ∞).
      </p>
      <p>
        <strong>False negatives</strong>: the share of each anchor&apos;s candidate negatives that have its
        own class, and the <strong>weight on false negatives</strong>, the share of its push r<sub>ij</sub>{' '}
        that goes to them; both averaged over the anchors. They read the labels: with the labels hidden (as on
        unlabelled data) the panels say “{LABELS_HIDDEN.text}”, since {LABELS_HIDDEN.reason}.
      </p>
      <p>
        Sources: T. Wang, P. Isola, “Understanding Contrastive Representation Learning through Alignment and
        Uniformity on the Hypersphere”, ICML 2020; F. Wang, H. Liu, “Understanding the Behaviour of
        Contrastive Loss”, CVPR 2021; T. Gao, X. Yao, D. Chen, “SimCSE”, EMNLP 2021.
      </p>
    </div>
  );
}
