import { useMemo, useRef, useState } from 'react';
import { useLab } from '../../state/LabProvider';
import { ChartPanel } from '../../ui/ChartPanel';
import { Formula, texNumber } from '../../ui/Formula';
import { ACTIONS_STYLE, clampAnchor, formatValue, MIN_CHART_WIDTH } from '../axes';
import { useChartSnapshot } from '../chartFeed';
import { MARK_COLOURS } from '../palette';
import { Swatch } from '../Swatch';
import { useChartWidth } from '../useChartWidth';
import { useFrameDraw } from '../useFrameDraw';
import { AnchorPicker } from './AnchorPicker';
import { anchorWeightPoints, layoutBatchWeights } from './batchWeightsLayout';
import {
  drawBatchWeights,
  drawGradientCheck,
  drawNegativeWeights,
  emptyRasterCache,
  type RasterCache,
} from './drawWeights';
import {
  GRADIENT_COMPARE_FLOOR,
  layoutGradientCheck,
  layoutNegativeWeights,
  WEIGHT_LOG_FLOOR,
  type WeightAxis,
} from './weightsLayout';

const MAIN_HEIGHT = 230;
const SMALL_HEIGHT = 210;
const GAP = 12;

/**
 * Wang & Liu's relative penalty for one anchor: bars of r_ij sorted by similarity with the Boltzmann curve
 * exp(s / tau) / Z over them, the hardest negative, the effective number of negatives; beside it the autograd
 * gradient check and the batch-wide weight-vs-similarity scatter. Reads the snapshot and view.anchor.
 */
export function NegativeWeights() {
  const snapshot = useChartSnapshot();
  const viewAnchor = useLab((state) => state.view.anchor);
  const setView = useLab((state) => state.setView);
  const [log, setLog] = useState(false);
  const [axis, setAxis] = useState<WeightAxis>('similarity');
  const [measure, width] = useChartWidth();
  const batch = snapshot?.batch ?? null;
  const tau = snapshot?.tau ?? Number.NaN;
  const rows = batch?.rows ?? 0;
  const anchor = clampAnchor(viewAnchor, rows);
  const side = width >= 2 * MIN_CHART_WIDTH + GAP;
  const smallWidth = side ? Math.floor((width - GAP) / 2) : width;
  const main = useMemo(
    () =>
      batch && rows > 2
        ? layoutNegativeWeights(batch, tau, anchor, { width, height: MAIN_HEIGHT, log, axis })
        : null,
    [batch, rows, tau, anchor, width, log, axis],
  );
  const gradient = useMemo(
    () =>
      batch && rows > 2
        ? layoutGradientCheck(batch, tau, anchor, { width: smallWidth, height: SMALL_HEIGHT, log })
        : null,
    [batch, rows, tau, anchor, smallWidth, log],
  );
  const scatter = useMemo(
    () =>
      batch && rows > 2 ? layoutBatchWeights(batch, { width: smallWidth, height: SMALL_HEIGHT, log }) : null,
    [batch, rows, smallWidth, log],
  );
  const anchorPoints = useMemo(
    () => (batch && scatter ? anchorWeightPoints(batch, anchor, scatter) : new Float64Array(0)),
    [batch, anchor, scatter],
  );

  const mainCanvas = useRef<HTMLCanvasElement>(null);
  const gradientCanvas = useRef<HTMLCanvasElement>(null);
  const scatterCanvas = useRef<HTMLCanvasElement>(null);
  const raster = useRef<RasterCache>(emptyRasterCache());
  // Three canvases, three draws: the frame scheduler can put them in different frames.
  useFrameDraw(() => {
    if (main && mainCanvas.current)
      drawNegativeWeights(mainCanvas.current, main, { width, height: MAIN_HEIGHT }, axis);
  }, snapshot);
  useFrameDraw(() => {
    if (gradient?.available && gradientCanvas.current) {
      drawGradientCheck(gradientCanvas.current, gradient, { width: smallWidth, height: SMALL_HEIGHT });
    }
  }, snapshot);
  useFrameDraw(() => {
    if (batch && scatter && scatterCanvas.current) {
      const size = { width: smallWidth, height: SMALL_HEIGHT };
      drawBatchWeights(scatterCanvas.current, batch, scatter, anchorPoints, size, raster.current);
    }
  }, snapshot);

  const neff = main?.effectiveNegatives ?? Number.NaN;
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
      explanation={<WeightsExplanation tau={tau} neff={neff} anchor={anchor} />}
    >
      <div ref={measure} style={{ minWidth: MIN_CHART_WIDTH }}>
        {!main || !batch ? (
          <p>Waiting for the first snapshot of the batch…</p>
        ) : (
          <>
            <p style={{ margin: '0 0 0.25rem' }} data-testid="effective-negatives">
              <span style={{ fontSize: '2rem', fontWeight: 600 }}>{formatValue(neff)}</span> effective
              negatives of at most {main.maxNegatives} (2N − 2) for anchor row {anchor}; its positive is row{' '}
              {main.positive}.
            </p>
            <canvas
              ref={mainCanvas}
              role="img"
              aria-label={`Weights r_ij of the ${main.maxNegatives} negatives of anchor row ${anchor}, sorted by similarity, at tau ${formatValue(tau)}`}
            />
            <p style={{ fontSize: '0.8rem', margin: '0.1rem 0 0.5rem' }}>
              <Swatch colour={MARK_COLOURS.negative} /> r_ij of one negative{' '}
              <Swatch colour={MARK_COLOURS.text} line /> exp(s/τ)/Z, the Boltzmann curve{' '}
              <Swatch colour={MARK_COLOURS.hardest} /> hardest negative
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
                    <p style={{ fontSize: '0.8rem', margin: 0 }}>
                      {gradient.compared === 0
                        ? 'Every p_ij/τ of this anchor underflows to 0 in float32: the positive beats all negatives by many τ, so the loss and its gradients vanish and there is nothing to compare. '
                        : null}
                      Max relative difference {formatValue(gradient.maxRelativeDifference)} over{' '}
                      {gradient.compared} negatives (those with p_ij/τ at least{' '}
                      {formatValue(GRADIENT_COMPARE_FLOOR)} of the largest).{' '}
                      <Swatch colour={MARK_COLOURS.negative} /> negative,{' '}
                      <Swatch colour={MARK_COLOURS.positive} /> positive (its |dl/ds| is the negatives’ sum).
                    </p>
                  </>
                ) : (
                  <p style={{ fontSize: '0.85rem' }}>
                    The running objective ({snapshot?.lossId}) is not written as a function of the similarity
                    matrix here, so there is no autograd dl_i/ds_ij to compare with p_ij/τ. Choose the [a, a′,
                    b, b′] InfoNCE objective to see the check.
                  </p>
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
                  {scatter?.points ?? 0} negatives ({rows} anchors), <Swatch colour={MARK_COLOURS.anchor} />{' '}
                  anchor row {anchor}
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

/** What every mark means, the two formulas with the live tau and N_eff, and the two limits (Wang & Liu 2021). */
function WeightsExplanation({ tau, neff, anchor }: { tau: number; neff: number; anchor: number }) {
  return (
    <div>
      <p>
        For the chosen anchor row i, each blue bar is one negative j (every row but i itself and its positive
        i XOR 1), placed by its cosine similarity s_ij (or its rank by similarity), its height the relative
        penalty Wang and Liu define: how the push of the loss is shared among the negatives only.
      </p>
      <Formula
        display
        tex={`r_{ij} = \\frac{e^{s_{ij}/\\tau}}{\\sum_{k \\ne i,\\,\\mathrm{pos}(i)} e^{s_{ik}/\\tau}}, \\qquad \\tau = ${texNumber(tau)}`}
      />
      <p>
        The black line is that formula drawn as a function of s, so it passes through every bar top: the
        weights are a Boltzmann distribution over the negatives, with the temperature as its temperature. The
        pink bar with a ring is the hardest negative, the most similar one. The big number is the effective
        number of negatives, between 1 (one negative takes all the weight) and 2N − 2 (all weigh the same):
      </p>
      <Formula
        display
        tex={`N_\\text{eff} = \\exp\\Big(-\\sum_j r_{ij}\\log r_{ij}\\Big) = ${texNumber(neff)} \\ \\text{for row } ${anchor}`}
      />
      <p>
        As τ → 0 only the hardest negative counts: the loss tends to (1/τ) max(s_max − s_pos, 0), a triplet
        loss with margin 0. As τ → ∞ every negative weighs the same, wherever it lies. Near-ties keep N_eff
        above 1 even at τ = 1e-4 when several negatives are almost equally similar. On a log axis weights
        below 1e-12 are clamped to 1e-12 (at τ = 1e-4 they span hundreds of orders of magnitude, and float32
        stores most as 0).
      </p>
      <p>
        Left panel: the gradient autograd computes for this anchor, |dl_i/ds_ij| (tf.js, float32), against the
        formula dl_i/ds_ij = p_ij/τ for a negative, where p_ij is the full softmax including the positive. The
        points lie on y = x; the positive (green) has gradient (p_i,pos − 1)/τ, as large as all the negatives’
        together. Right panel: r_ij against s_ij for every anchor’s negatives at once (one pixel each, darker
        where they pile up), the current anchor’s in vermillion: at small τ the weight climbs steeply with
        similarity.
      </p>
      <p>F. Wang and H. Liu, “Understanding the Behaviour of Contrastive Loss”, CVPR 2021.</p>
    </div>
  );
}
