import { useMemo, useRef, useState } from 'react';
import type { LossId } from '../../protocol/config';
import { useLab } from '../../state/LabProvider';
import { ChartPanel } from '../../ui/ChartPanel';
import { Formula, texNumber } from '../../ui/Formula';
import { nearestAnchor } from '../anchorWeights';
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
import { PopularClassNote, StrategyCaption, usedBy } from './StrategyCaption';
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
 * The weight each negative of one anchor gets under the running objective (for InfoNCE Wang & Liu's relative
 * penalty): bars of r_ij sorted by similarity with the objective's closed form over them, the hardest and mined
 * negatives, the effective number of negatives; beside it the autograd gradient check and the batch-wide
 * weight-vs-similarity scatter. Reads the snapshot and view.anchor (moved to the nearest row with a loss).
 */
export function NegativeWeights() {
  const snapshot = useChartSnapshot();
  const viewAnchor = useLab((state) => state.view.anchor);
  const setView = useLab((state) => state.setView);
  // skew is a restart field: while it is above 0 the shown snapshot is of skewed data too
  const skewed = useLab((state) => state.config.dataset === 'clusters' && state.config.skew > 0);
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
            </p>
            <StrategyCaption layout={main} />
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

/** How each objective's weights read: its name, its candidates, its closed form and its curve's legend. */
const OBJECTIVE_TEXT: Readonly<
  Record<
    LossId,
    { name: string; candidates: string; tex: string; curve: string; mined: string; note: string }
  >
> = {
  infonce: {
    name: 'InfoNCE',
    candidates: 'every row but itself and its positive, 2N − 2',
    tex: 'r_{ij} = \\frac{e^{s_{ij}/\\tau}}{\\sum_{k \\ne i,\\,\\mathrm{pos}(i)} e^{s_{ik}/\\tau}}',
    curve: 'exp(s/τ)/Z, the Boltzmann curve',
    mined: 'mined negative',
    note: 'The weights are a Boltzmann distribution over the negatives, with the temperature as its temperature.',
  },
  'infonce-nxn': {
    name: 'the N × N form',
    candidates: 'the other inputs’ second views, N − 1',
    tex: "r_{ij} = \\frac{e^{s(a_i, a'_j)/\\tau}}{\\sum_{k \\ne i} e^{s(a_i, a'_k)/\\tau}}",
    curve: 'exp(s/τ)/Z over the N − 1 columns',
    mined: 'mined negative',
    note: 'Only the first view’s rows are anchors, compared with the second views: a Boltzmann distribution over N − 1 negatives.',
  },
  supervised: {
    name: 'supervised SimCSE',
    candidates: 'the other inputs’ positives and every hard negative, 2N − 1',
    tex: 'r_{ij} = \\frac{e^{s_{ij}/\\tau + w[j = h(i)]}}{\\sum_k e^{s_{ik}/\\tau + w[k = h(i)]}}',
    curve: 'exp(s/τ)/Z (ordinary negatives)',
    mined: 'own hard negative (its logit + w, so α = e^w times the curve)',
    note: 'A softmax like InfoNCE’s, over the other positives and all hard negatives; the anchor’s own hard negative gets the log-weight w = ln α added, so its bar stands α times above the curve.',
  },
  dcl: {
    name: 'DCL',
    candidates: 'every row but itself and its positive, M = 2N − 2',
    tex: 'r_{ij} = \\frac{e^{s_{ij}/t}}{\\sum_k e^{s_{ik}/t}}\\ \\text{while } N_g \\text{ is above its floor, else } 0',
    curve: 'the DCL weight exp(s/t)/Z',
    mined: 'mined negative',
    note: 'DCL subtracts τ⁺ times the positive from the negatives’ sum; the shares among negatives stay InfoNCE’s at t, but their total is scaled, and when the corrected sum falls to its floor M·e^(−1/t) no negative gets any gradient.',
  },
  hcl: {
    name: 'HCL',
    candidates: 'every row but itself and its positive, M = 2N − 2',
    tex: 'r_{ij} = (1+\\beta)\\,\\frac{e^{(1+\\beta)s_{ij}/t}}{\\sum_k e^{(1+\\beta)s_{ik}/t}} - \\beta\\,\\frac{e^{\\beta s_{ij}/t}}{\\sum_k e^{\\beta s_{ik}/t}}',
    curve: 'the HCL weight (hardness β)',
    mined: 'mined negative',
    note: 'HCL reweights the negatives by e^(β s/t), so hard ones weigh more than InfoNCE gives them; the official code does not detach the importance weights, so the easiest negatives get a small negative weight (a pull).',
  },
  triplet: {
    name: 'the triplet loss',
    candidates: 'the one it mined from the rows of another class; the others are grey ticks',
    tex: 'r_{ij} = [\\,j = n(i)\\ \\text{and}\\ s_{i,n(i)} - s_{i,\\mathrm{pos}} + m > 0\\,]',
    curve: '',
    mined: 'the mined negative',
    note: 'The triplet loss uses one mined negative per anchor: it takes all the weight while the hinge is open and none once the positive beats it by the margin. Its effective number of negatives is 1 or 0, never InfoNCE’s dozens.',
  },
};

/** What every mark means, the objective's formula with the live tau and N_eff, and the two limits. */
function WeightsExplanation({
  tau,
  neff,
  anchor,
  lossId,
}: {
  tau: number;
  neff: number;
  anchor: number;
  lossId: LossId;
}) {
  const text = OBJECTIVE_TEXT[lossId];
  return (
    <div>
      <p>
        For the chosen anchor i, each blue bar is one negative j its loss uses ({text.candidates}), placed by
        its cosine similarity s_ij (or its rank by similarity), its height the share of the loss’s push that j
        gets: r_ij = (∂ℓ_i/∂s_ij) / Σ_k ∂ℓ_i/∂s_ik over the anchor’s negatives, from autograd of the running
        objective ({text.name}). For InfoNCE this is the relative penalty Wang and Liu define. Its closed form
        here:
      </p>
      <Formula display tex={`${text.tex}, \\qquad \\tau = ${texNumber(tau)}`} />
      <p>
        {text.note} The black line, where there is one, is that formula drawn as a function of s; the pink bar
        with a ring is the hardest negative, the one weighed most. The big number is the effective number of
        negatives, between 1 (one negative takes all the weight) and all of them (all weigh the same):
      </p>
      <Formula
        display
        tex={`N_\\text{eff} = \\exp\\Big(-\\sum_j r_{ij}\\log r_{ij}\\Big) = ${texNumber(neff)} \\ \\text{for anchor } ${anchor}`}
      />
      <p>
        As τ → 0 InfoNCE counts only the hardest negative: the loss tends to (1/τ) max(s_max − s_pos, 0), a
        triplet loss with margin 0. As τ → ∞ every negative weighs the same, wherever it lies. Near-ties keep
        N_eff above 1 even at τ = 1e-4 when several negatives are almost equally similar. On a log axis
        weights below 1e-12 are clamped to 1e-12 (at τ = 1e-4 they span hundreds of orders of magnitude, and
        float32 stores most as 0).
      </p>
      <p>
        With a negative strategy (the Negatives controls, InfoNCE only) the loss uses a chosen set: grey ticks
        under the axis are the batch’s candidates the selection left out this step (no weight; under the
        triplet loss, the candidates its mining passed over); orange diamonds are negatives beyond the shown
        rows, a MoCo queue’s keys or, for the full softmax, training rows; blue triangles are MoCHi’s
        synthetic points. Only each anchor’s 16 heaviest of those are drawn; the caption gives their count and
        share. The closed form then runs over the kept rows with those beyond lumped into one term, and with
        logQ each logit carries its class’s −log p.
      </p>
      <p>
        Left panel: the gradient autograd computes for this anchor, |∂ℓ_i/∂s_ij| (tf.js, float32), against the
        objective’s closed form (float64, from the same similarities). The points lie on y = x; the positive
        (green) is the pull. Right panel: r_ij against s_ij for every anchor’s negatives at once (one pixel
        each, darker where they pile up), the current anchor’s in vermillion.
      </p>
      <p>
        F. Wang and H. Liu, “Understanding the Behaviour of Contrastive Loss”, CVPR 2021; C.-Y. Chuang et al.,
        “Debiased Contrastive Learning”, NeurIPS 2020; J. Robinson et al., “Contrastive Learning with Hard
        Negative Samples”, ICLR 2021; T. Gao, X. Yao and D. Chen, “SimCSE”, EMNLP 2021; F. Schroff et al.,
        “FaceNet”, CVPR 2015.
      </p>
    </div>
  );
}
