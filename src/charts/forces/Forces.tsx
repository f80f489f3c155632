import { useId, useMemo, useRef, useState } from 'react';
import { useLab } from '../../state/LabProvider';
import { ChartPanel } from '../../ui/ChartPanel';
import { Formula, texNumber } from '../../ui/Formula';
import { formatValue } from '../axes';
import { paintCanvas } from '../canvas';
import { useChartSnapshot } from '../chartFeed';
import { MARK_COLOURS } from '../palette';
import { useChartWidth } from '../useChartWidth';
import { useFrameDraw } from '../useFrameDraw';
import { drawForces, type ForceFit } from './drawForces';
import { type ForcesLayout, type ForceTerms, layoutForces } from './forcesLayout';

/** Largest side of the square chart, CSS pixels. */
const MAX_SIDE = 560;
/** What the `terms` choice is called on the page. */
const TERM_LABELS: Record<ForceTerms, string> = {
  pair: 'whole batch loss',
  own: 'anchor’s own loss ℓᵢ',
};
/** What the `fit` choice is called on the page. */
const FIT_LABELS: Record<ForceFit, string> = {
  all: 'fit all arrows',
  pushes: 'zoom on the pushes',
};

/**
 * Forces on the anchor (view.anchor): every negative's push and the positive's pull along the sphere, in the
 * anchor's tangent plane, with their sum and the worker's autograd gradient drawn as a check (SCIENCE.md's
 * like-charges picture; Wang & Liu 2021).
 */
export function Forces() {
  const snapshot = useChartSnapshot();
  const viewAnchor = useLab((state) => state.view.anchor);
  const [terms, setTerms] = useState<ForceTerms>('pair');
  const [fit, setFit] = useState<ForceFit>('all');
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const [measure, width] = useChartWidth();
  const side = Math.min(width, MAX_SIDE); // square, as wide as the panel allows
  const termsId = useId();
  const fitId = useId();
  const layout = useMemo(
    () => (snapshot ? layoutForces(snapshot, viewAnchor, terms) : null),
    [snapshot, viewAnchor, terms],
  );

  useFrameDraw(() => {
    const canvas = canvasRef.current;
    if (!canvas) return;
    paintCanvas(canvas, side, side, (context) => {
      if (layout) drawForces(context, layout, side, side, fit);
    });
  }, snapshot);

  const actions = (
    <span style={{ fontWeight: 'normal', fontSize: '0.85em', marginLeft: '0.75em' }}>
      <label htmlFor={termsId}>count </label>
      <select id={termsId} value={terms} onChange={(event) => setTerms(event.target.value as ForceTerms)}>
        {(Object.keys(TERM_LABELS) as ForceTerms[]).map((key) => (
          <option key={key} value={key}>
            {TERM_LABELS[key]}
          </option>
        ))}
      </select>{' '}
      <select
        id={fitId}
        aria-label="arrow scale"
        value={fit}
        onChange={(event) => setFit(event.target.value as ForceFit)}
      >
        {(Object.keys(FIT_LABELS) as ForceFit[]).map((key) => (
          <option key={key} value={key}>
            {FIT_LABELS[key]}
          </option>
        ))}
      </select>
    </span>
  );
  return (
    <ChartPanel
      testId="chart-forces"
      title="Forces on the anchor"
      actions={actions}
      explanation={<ForcesExplanation layout={layout} />}
    >
      <div ref={measure} style={{ width: '100%' }}>
        <canvas ref={canvasRef} role="img" aria-label={accessibleName(layout)} style={{ display: 'block' }} />
        <ForcesSummary layout={layout} beyond={snapshot?.batch.extra?.count ?? 0} />
        <Legend layout={layout} />
      </div>
    </ChartPanel>
  );
}

function accessibleName(layout: ForcesLayout | null): string {
  if (!layout || layout.anchor < 0) return 'Forces on the anchor: waiting for a batch';
  const plane = layout.oneDimensional
    ? 'along the circle’s tangent, each at the height of where its source sits'
    : 'in the anchor’s tangent plane';
  return `Forces on anchor ${layout.anchor}: ${layout.arrows.length - (layout.positive >= 0 ? 1 : 0)} pushes from negatives and one pull from the positive, ${plane}, with their sum and the autograd gradient.`;
}

function ForcesSummary({ layout, beyond }: { layout: ForcesLayout | null; beyond: number }) {
  if (!layout || layout.anchor < 0) return <p className="chart-note">No batch yet.</p>;
  const hardest = layout.arrows.find((arrow) => arrow.hardest);
  const pull = layout.arrows.find((arrow) => arrow.kind === 'pull');
  return (
    <p className="chart-note" data-testid="forces-summary">
      anchor {layout.anchor}
      {hardest ? `; hardest negative ${hardest.row} pushes ${formatValue(hardest.magnitude)}` : ''}
      {pull ? `; positive ${pull.row} pulls ${formatValue(pull.magnitude)}` : ''}
      {splitText(layout)}; sum {formatValue(layout.resultant.magnitude)}
      {Number.isFinite(layout.mismatch)
        ? `; sum vs autograd gradient: ${formatValue(100 * layout.mismatch)}% apart${layout.terms === 'own' ? ' (expected: autograd also counts the anchor in the other anchors’ losses)' : ''}${beyond > 0 ? ` (expected: autograd also counts the ${beyond} negatives beyond the batch, a queue’s keys, training rows or MoCHi’s points, which have no arrow)` : ''}`
        : '; no autograd gradient sent'}
      {layout.captured < 0.999
        ? `; the plane shows ${formatValue(100 * layout.captured)}% of the arrows’ squared length`
        : ''}
      .
    </p>
  );
}

// The pushes split by the labels: the false negatives' sum (a pull under fn=attract) against the true ones'.
function splitText(layout: ForcesLayout): string {
  const split = layout.split;
  if (!split) return '';
  if (split.count === 0) return '; no false negative (same class) among the arrows';
  const verb = split.coefficient < 0 ? 'pull' : 'push';
  return `; ${split.count} false negatives (same class) ${verb} ${formatValue(split.falseNegatives.magnitude)} together, the true negatives push ${formatValue(split.trueNegatives.magnitude)}`;
}

function Legend({ layout }: { layout: ForcesLayout | null }) {
  const item = (colour: string, text: string, dashed = false) => (
    <span style={{ marginRight: '0.8em', display: 'inline-block' }}>
      <span
        aria-hidden="true"
        style={{
          display: 'inline-block',
          width: '1.4em',
          marginRight: '0.3em',
          verticalAlign: 'middle',
          borderTop: `2px ${dashed ? 'dashed' : 'solid'} ${colour}`,
        }}
      />
      {text}
    </span>
  );
  const source = 'Arrow lengths from the worker’s autograd ∂ℓ/∂s of the running objective';
  const note =
    layout && !layout.isAnchor
      ? ` Row ${layout.anchor} has no loss of its own under this objective: it only feels the anchors’ terms${layout.terms === 'own' ? ', so “anchor’s own loss” has no arrows' : ''}.`
      : '';
  return (
    <p className="chart-legend" style={{ fontSize: '0.85em', margin: '0.3em 0' }}>
      <span style={{ display: 'block' }} data-testid="forces-source">
        {layout ? `${source}, counting the ${TERM_LABELS[layout.terms]}.${note}` : ''}
      </span>
      {item(MARK_COLOURS.negative, 'push of a negative')}
      {layout?.split ? item(MARK_COLOURS.falseNegative, 'false negative (same class; open head)') : null}
      {item(MARK_COLOURS.hardest, 'hardest negative')}
      {item(MARK_COLOURS.positive, 'pull of the positive')}
      {item(MARK_COLOURS.text, 'sum of the arrows')}
      {layout?.split ? item(MARK_COLOURS.negative, 'sum of the true negatives’ pushes (thick)') : null}
      {layout?.split ? item(MARK_COLOURS.falseNegative, 'sum of the false negatives’ pushes', true) : null}
      {item(MARK_COLOURS.anchor, 'autograd gradient (check)', true)}
      {item(MARK_COLOURS.axis, 'two bars across an arrow: longer than drawn')}
      {layout && layout.anchor >= 0 && !layout.split ? (
        <span style={{ display: 'block' }} data-testid="forces-labels-hidden">
          The labels are hidden (labels=hidden), as on unlabelled data: no push is told apart as a false
          negative’s.
        </span>
      ) : null}
    </p>
  );
}

function ForcesExplanation({ layout }: { layout: ForcesLayout | null }) {
  const tau = layout?.tau ?? Number.NaN;
  const loss = layout?.anchorLoss ?? Number.NaN;
  return (
    <div>
      <p>
        Each arrow is the running objective’s own derivative of the anchor’s loss with respect to one cosine
        (autograd of that loss; the weights chart sets it beside its closed form). For InfoNCE, with softmax
        weights <Formula tex="p_{ij}" /> over all <Formula tex="j \ne i" />, it is
      </p>
      <p>
        <Formula
          display
          tex="\frac{\partial \ell_i}{\partial s_{ij}} = \frac{p_{ij}}{\tau}\ \text{(negative)},\qquad \frac{\partial \ell_i}{\partial s_{i,\mathrm{pos}}} = \frac{p_{i,\mathrm{pos}} - 1}{\tau} = -\sum_{j \ne i,\mathrm{pos}} \frac{p_{ij}}{\tau}"
        />
        <Formula
          display
          tex="\frac{\partial s_{ij}}{\partial z_i} = \frac{u_j - s_{ij}\, u_i}{\lVert z_i \rVert}"
        />
      </p>
      <p>
        Only the part along the sphere moves a point. So each negative pushes the anchor away from itself
        along the sphere, harder the nearer it is (larger <Formula tex="p_{ij}" />
        ), like charges of the same sign; the positive pulls, and its pull equals all the pushes together in
        size (Wang &amp; Liu 2021, CVPR). Other objectives weigh the pushes their own way: the triplet loss
        pushes with its one mined negative only, DCL and HCL with their reweighted sums. Blue arrows: pushes
        (descent direction, length{' '}
        <Formula tex="\lvert\partial \ell / \partial s_{ij}\rvert \sqrt{1 - s_{ij}^2}" />
        ); purple: the hardest negative; green: the pull; black: their sum; dashed vermillion: the worker’s
        autograd gradient, which the sum should match.
      </p>
      <p>
        False negatives, the negatives of the anchor’s own class, push it away from points it should sit near.
        Their arrows are black with an open head, and their pushes are summed apart (black, dashed) from the
        true negatives’ (thick blue): those two and the pull add up to the sum. Under fn=eliminate their
        arrows vanish (weight 0); under fn=attract they pull, as extra positives. With the labels hidden
        nothing is told apart.
      </p>
      <p>
        “Whole batch loss” counts each pair both ways: the anchor is also a negative in every other anchor’s
        softmax, so the force of pair <Formula tex="(i, j)" /> is{' '}
        <Formula tex="-\big(\tfrac{\partial \ell_i}{\partial s_{ij}} + \tfrac{\partial \ell_j}{\partial s_{ji}}\big)(u_j - s_{ij} u_i)" />
        , and the arrows add up to <Formula tex="-A" /> times the tangential autograd gradient of the mean
        loss over the batch’s <Formula tex="A" /> anchors (2N for InfoNCE; N where only the first view’s rows
        have a loss of their own: the N × N form, supervised SimCSE, the triplet loss). “Anchor’s own loss”
        keeps only <Formula tex="\partial \ell_i / \partial s_{ij}" />: the textbook weights, but then the
        autograd arrow also contains the anchor’s part in the other anchors’ losses.
      </p>
      <p>
        Dimension 2: the tangent is a line, so each arrow is drawn at the height of where its source sits (its
        angle from the anchor) and the sums below. From dimension 3: the horizontal axis is the sum’s
        direction (drawn at true length), the vertical the tangent direction that carries most of the
        remaining force; above 3 the other tangent directions are hidden (the summary says how much).
      </p>
      <p>
        Now:{' '}
        <Formula
          tex={`\\tau = ${texNumber(tau)},\\quad \\ell_{${layout?.anchor ?? 'i'}} = ${texNumber(loss)}`}
        />
        {layout && !layout.isAnchor ? ' (this row has no loss of its own)' : ' (the anchor’s own loss)'}.
      </p>
    </div>
  );
}
