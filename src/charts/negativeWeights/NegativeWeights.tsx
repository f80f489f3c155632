import { useMemo, useRef, useState } from 'react';
import { useLab } from '../../state/LabProvider';
import { ChartPanel } from '../../ui/ChartPanel';
import { nearestAnchor } from '../anchorWeights';
import { ACTIONS_STYLE, clampAnchor, formatValue, MIN_CHART_WIDTH } from '../axes';
import { paintCanvas } from '../canvas';
import { useChartSnapshot } from '../chartFeed';
import { MARK_COLOURS } from '../palette';
import { Swatch } from '../Swatch';
import { useChartWidth } from '../useChartWidth';
import { useFrameDraw } from '../useFrameDraw';
import { AnchorPicker } from './AnchorPicker';
import { type AnchorPoints, anchorWeightPoints, layoutBatchWeights } from './batchWeightsLayout';
import {
  drawBatchWeights,
  drawGradientCheck,
  drawNegativeWeights,
  emptyRasterCache,
  type RasterCache,
} from './drawWeights';
import {
  FalseNegativeCaption,
  PopularClassNote,
  StrategyCaption,
  shownRowsNote,
  usedBy,
} from './StrategyCaption';
import { WeightsSentenceList } from './WeightsSentences';
import { OBJECTIVE_TEXT, WeightsExplanation } from './WeightsText';
import {
  GRADIENT_COMPARE_FLOOR,
  layoutGradientCheck,
  layoutNegativeWeights,
  WEIGHT_LOG_FLOOR,
  type WeightAxis,
} from './weightsLayout';

const MAIN_HEIGHT = 230;
const NO_POINTS: AnchorPoints = { xy: new Float64Array(0), falseNegative: new Uint8Array(0) };
const SMALL_HEIGHT = 210;
const GAP = 12;

/**
 * The weight each negative of one anchor gets under the running objective (for InfoNCE Wang & Liu's relative
 * penalty): bars of r_ij sorted by similarity with the objective's closed form over them, the hardest and mined
 * negatives, the effective number of negatives; beside it the autograd gradient check and the batch-wide
 * weight-vs-similarity scatter. Reads the snapshot and view.anchor (moved to the nearest row with a loss).
 */
export function NegativeWeights() {
  const snapshot = useChartSnapshot();
  const viewAnchor = useLab((state) => state.view.anchor);
  const setView = useLab((state) => state.setView);
  const texts = useLab((state) => state.texts);
  // skew is a restart field: while it is above 0 the shown snapshot is of skewed data too
  const skewed = useLab((state) => state.config.dataset === 'clusters' && state.config.skew > 0);
  // live fields: what the running loss does to false negatives, for the caption
  const fnRule = useLab((state) => state.config.falseNegatives);
  const perc = useLab((state) => state.config.perc);
  // the pairs training uses (the config's batch, capped as the trainer caps it), to set the shown rows apart
  const trainingPairs = useLab((state) =>
    Math.min(state.config.batch, state.batchLimit ?? state.config.batch),
  );
  const [log, setLog] = useState(false);
  const [axis, setAxis] = useState<WeightAxis>('similarity');
  const [measure, width] = useChartWidth();
  const batch = snapshot?.batch ?? null;
  const tau = snapshot?.tau ?? Number.NaN;
  const lossId = snapshot?.lossId ?? 'infonce';
  const rows = batch?.rows ?? 0;
  const picked = clampAnchor(viewAnchor, rows);
  const anchor = batch ? Math.max(0, nearestAnchor(batch, picked)) : picked;
  const side = width >= 2 * MIN_CHART_WIDTH + GAP;
  const smallWidth = side ? Math.floor((width - GAP) / 2) : width;
  const main = useMemo(
    () =>
      snapshot && rows > 2
        ? layoutNegativeWeights(snapshot, anchor, { width, height: MAIN_HEIGHT, log, axis })
        : null,
    [snapshot, rows, anchor, width, log, axis],
  );
  const gradient = useMemo(
    () =>
      snapshot && rows > 2
        ? layoutGradientCheck(snapshot, anchor, { width: smallWidth, height: SMALL_HEIGHT, log })
        : null,
    [snapshot, rows, anchor, smallWidth, log],
  );
  const scatter = useMemo(
    () =>
      batch && rows > 2 ? layoutBatchWeights(batch, { width: smallWidth, height: SMALL_HEIGHT, log }) : null,
    [batch, rows, smallWidth, log],
  );
  const anchorPoints = useMemo(
    () => (batch && scatter ? anchorWeightPoints(batch, anchor, scatter) : NO_POINTS),
    [batch, anchor, scatter],
  );

  const mainCanvas = useRef<HTMLCanvasElement>(null);
  const gradientCanvas = useRef<HTMLCanvasElement>(null);
  const scatterCanvas = useRef<HTMLCanvasElement>(null);
  const raster = useRef<RasterCache>(emptyRasterCache());
  // Three canvases, three draws: the frame scheduler can put them in different frames.
  useFrameDraw(() => {
    if (main && mainCanvas.current)
      paintCanvas(mainCanvas.current, width, MAIN_HEIGHT, (context) =>
        drawNegativeWeights(context, main, axis),
      );
  }, snapshot);
  useFrameDraw(() => {
    if (gradient?.available && gradientCanvas.current) {
      paintCanvas(gradientCanvas.current, smallWidth, SMALL_HEIGHT, (context) =>
        drawGradientCheck(context, gradient),
      );
    }
  }, snapshot);
  useFrameDraw(() => {
    if (batch && scatter && scatterCanvas.current) {
      const cache = raster.current;
      paintCanvas(scatterCanvas.current, smallWidth, SMALL_HEIGHT, (context) =>
        drawBatchWeights(context, batch, scatter, anchorPoints, cache),
      );
    }
  }, snapshot);

  const neff = main?.effectiveNegatives ?? Number.NaN;
  const shownNote = batch ? shownRowsNote(batch.rows, trainingPairs, lossId) : null;
  const actions = (
    <span style={ACTIONS_STYLE}>
      <AnchorPicker anchor={anchor} rows={rows} onChange={(value) => setView({ anchor: value })} />{' '}
      <label>
        <input type="checkbox" checked={log} onChange={(event) => setLog(event.currentTarget.checked)} /> log
        weights
      </label>{' '}
      <label>
        x axis{' '}
        <select value={axis} onChange={(event) => setAxis(event.currentTarget.value as WeightAxis)}>
          <option value="similarity">similarity</option>
          <option value="rank">rank</option>
        </select>
      </label>
    </span>
  );
  return (
    <ChartPanel
      testId="chart-negative-weights"
      title="Weight of each negative"
      actions={actions}
      explanation={<WeightsExplanation tau={tau} neff={neff} anchor={anchor} lossId={lossId} />}
    >
      <div ref={measure} style={{ minWidth: MIN_CHART_WIDTH }}>
        {!main || !batch ? (
          <p>Waiting for the first snapshot of the batch…</p>
        ) : (
          <>
            <p style={{ margin: '0 0 0.25rem' }} data-testid="effective-negatives">
              <span style={{ fontSize: '2rem', fontWeight: 600 }}>{formatValue(neff)}</span> effective
              negatives of the {usedBy(batch, anchor, main.maxNegatives)} that anchor {anchor}’s loss uses (
              {lossId === 'infonce' && (main.extraSummary || main.dropped.length > 0)
                ? 'those the negative strategy keeps, below'
                : OBJECTIVE_TEXT[lossId].candidates}
              ); its positive is row {main.positive}.
              {picked !== anchor
                ? ` Row ${picked} has no loss of its own under this objective, so the chart shows anchor ${anchor}.`
                : ''}
              {main.inactive ? ` Now ${main.inactive}.` : ''}
              {shownNote ? <span data-testid="weights-shown-rows"> {shownNote}</span> : null}
            </p>
            <StrategyCaption layout={main} />
            <FalseNegativeCaption layout={main} rule={fnRule} lossId={lossId} perc={perc} />
            {texts ? <WeightsSentenceList texts={texts} batch={batch} anchor={anchor} /> : null}
            {skewed ? (
              <PopularClassNote
                batch={batch}
                anchor={anchor}
                logQ={snapshot?.weightForm.kind === 'softmax' && snapshot.weightForm.classShift !== undefined}
              />
            ) : null}
            <canvas
              ref={mainCanvas}
              role="img"
              aria-label={`Weights r_ij of the ${main.maxNegatives} negatives of anchor ${anchor}, sorted by similarity, under ${OBJECTIVE_TEXT[lossId].name} at tau ${formatValue(tau)}`}
            />
            <p style={{ fontSize: '0.8rem', margin: '0.1rem 0 0.5rem' }} data-testid="weights-legend">
              <Swatch colour={MARK_COLOURS.negative} /> r_ij of one negative (autograd){' '}
              {main.curve.length > 0 ? (
                <>
                  <Swatch colour={MARK_COLOURS.text} line /> {OBJECTIVE_TEXT[lossId].curve}{' '}
                </>
              ) : null}
              <Swatch colour={MARK_COLOURS.hardest} /> hardest negative (largest weight)
              {main.dropped.length > 0 ? (
                <>
                  {' '}
                  <Swatch colour={MARK_COLOURS.masked} /> left out by the selection (no weight)
                </>
              ) : null}
              {main.extra.some((e) => e.kind === 'bank' || e.kind === 'corpus') ? (
                <>
                  {' '}
                  <Swatch colour={MARK_COLOURS.bank} /> ◆{' '}
                  {main.extraSummary?.kinds.some((k) => k.kind === 'corpus') ? 'training row' : 'queue key'}
                </>
              ) : null}
              {main.extra.some((e) => e.kind === 'mixed' || e.kind === 'query-mixed') ? (
                <>
                  {' '}
                  <Swatch colour={MARK_COLOURS.synthetic} /> ▲ MoCHi’s synthetic negative
                </>
              ) : null}
              {main.mined ? (
                <>
                  {' '}
                  <Swatch colour={MARK_COLOURS.anchor} /> {OBJECTIVE_TEXT[lossId].mined}
                </>
              ) : null}
              {main.falseNegatives ? (
                <>
                  {' '}
                  <Swatch colour={MARK_COLOURS.falseNegative} /> ▮ false negative (same class): a black tick
                  above its bar, or under the axis where the loss left it out
                </>
              ) : null}
              {main.pulled > 0
                ? ` · ${main.pulled} negatives have a weight below 0: HCL’s gradient pulls its easiest negatives slightly closer`
                : ''}
              {log && main.clamped > 0
                ? ` · ${main.clamped} weights below ${formatValue(WEIGHT_LOG_FLOOR)} are drawn at ${formatValue(WEIGHT_LOG_FLOOR)} (grey stubs)`
                : ''}
            </p>
            <div style={{ display: 'flex', flexWrap: 'wrap', gap: GAP }}>
              <div style={{ width: smallWidth }} data-testid="gradient-check">
                <strong style={{ fontSize: '0.85rem' }}>Autograd against the formula</strong>
                {gradient?.available ? (
                  <>
                    <canvas
                      ref={gradientCanvas}
                      role="img"
                      aria-label="Autograd gradient magnitudes against p_ij over tau, on the line y = x"
                    />
                    <p style={{ fontSize: '0.8rem', margin: 0 }} data-testid="gradient-check-summary">
                      {gradient.compared === 0
                        ? 'No negative of this anchor gets any gradient now (every closed-form dl/ds is 0), so there is nothing to compare. '
                        : null}
                      Max relative difference {formatValue(gradient.maxRelativeDifference)} over{' '}
                      {gradient.compared} negatives (those whose closed-form gradient is at least{' '}
                      {formatValue(GRADIENT_COMPARE_FLOOR)} of the largest).{' '}
                      <Swatch colour={MARK_COLOURS.negative} /> negative,{' '}
                      <Swatch colour={MARK_COLOURS.positive} /> positive (its pull).
                    </p>
                  </>
                ) : (
                  <p style={{ fontSize: '0.85rem' }}>Waiting for an anchor with a loss of its own.</p>
                )}
              </div>
              <div style={{ width: smallWidth }}>
                <strong style={{ fontSize: '0.85rem' }}>Every anchor’s negatives</strong>
                <canvas
                  ref={scatterCanvas}
                  role="img"
                  aria-label="Weight r_ij against similarity s_ij for every anchor's negatives, this anchor's highlighted"
                />
                <p style={{ fontSize: '0.8rem', margin: 0 }}>
                  {scatter?.points ?? 0} negatives ({batch.anchors} anchors),{' '}
                  <Swatch colour={MARK_COLOURS.anchor} /> anchor {anchor}
                  {batch.falseNegatives ? (
                    <>
                      , <Swatch colour={MARK_COLOURS.falseNegative} /> false negative (same class; the
                      anchor’s as squares)
                    </>
                  ) : null}
                  {log && scatter && scatter.clamped > 0
                    ? `; ${scatter.clamped} below ${formatValue(WEIGHT_LOG_FLOOR)} sit on the axis`
                    : ''}
                  .
                </p>
              </div>
            </div>
          </>
        )}
      </div>
    </ChartPanel>
  );
}
