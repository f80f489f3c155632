// The hypersphere chart's text: its legend and its explanation.
import type { Snapshot } from '../../protocol/snapshot';
import { Formula, texNumber } from '../../ui/Formula';
import { MARK_COLOURS } from '../palette';

/** The marks' legend; in text mode the colours are the meaning groups. */
export function Legend({ dim, groups }: { dim: number; groups: boolean }) {
  const item = (colour: string, text: string, ring = false) => (
    <span style={{ marginRight: '0.8em', display: 'inline-block' }}>
      <span
        aria-hidden="true"
        style={{
          display: 'inline-block',
          width: '0.7em',
          height: '0.7em',
          borderRadius: '50%',
          marginRight: '0.3em',
          background: ring ? 'transparent' : colour,
          border: `2px solid ${colour}`,
        }}
      />
      {text}
    </span>
  );
  return (
    <p className="chart-legend" style={{ fontSize: '0.85em', margin: '0.3em 0' }}>
      {item(MARK_COLOURS.anchor, 'anchor', true)}
      {item(MARK_COLOURS.positive, 'its positive (pairs joined)', true)}
      {item(MARK_COLOURS.hardest, 'hardest negative (dashed)', true)}
      {item(
        MARK_COLOURS.masked,
        groups
          ? 'colour = meaning group (hover a point for its sentence and group); small faint dots = display set, large = batch'
          : 'colour = class; small faint dots = display set, large = batch',
      )}
      {dim >= 3 ? item(MARK_COLOURS.grid, 'fainter = far side') : null}
    </p>
  );
}

/** What the chart shows, with the current tau and the anchor's effective negatives. */
export function HypersphereExplanation({ snapshot, anchor }: { snapshot: Snapshot | null; anchor: number }) {
  const dim = snapshot?.display.dim ?? 0;
  const tau = snapshot?.tau ?? Number.NaN;
  const effective =
    snapshot && anchor >= 0 ? (snapshot.batch.effectiveNegatives[anchor] ?? Number.NaN) : Number.NaN;
  return (
    <div>
      <p>
        Every embedding is L2-normalised, so it lives on the unit hypersphere; InfoNCE only sees cosines{' '}
        <Formula tex="s_{ij} = u_i^\top u_j" />. Wang &amp; Isola (2020, ICML) read the loss as alignment
        (positives close) plus uniformity (everything spread over the sphere); this chart is their picture.
      </p>
      <p>
        Small faint dots: the held-out display set (no dropout), coloured by class (classes past eight also
        change shape). Large dots: the current batch, two dropout views of each input, each pair joined by a
        green line. The anchor (vermillion ring) is the row the forces chart explains: its positive is ringed
        in green, its hardest negative (the most similar non-partner) ringed and joined by a dashed purple
        line. Click a batch point or press <kbd>[</kbd> / <kbd>]</kbd> to choose another.
      </p>
      {dim === 2 ? (
        <p>
          Dimension 2: the ring around the circle is each class’s density of angles (von Mises kernel, about
          8° wide); the dashed circle is the level of a perfectly uniform class. On a circle the 2N batch
          points crowd so closely that the nearest negatives’ cosines tie to within <Formula tex="10^{-4}" />:
          even <Formula tex="\tau = 10^{-4}" /> spreads the softmax weight over a few neighbours (2.4 to 3
          effective negatives on a fixed batch of 256, measured with PyTorch), not just the hardest one. Here
          now: <Formula tex={`\\tau = ${texNumber(tau)}`} />, anchor’s effective negatives{' '}
          <Formula tex={texNumber(effective)} />.
        </p>
      ) : null}
      {dim === 3 ? (
        <p>
          Dimension 3: an orthographic view of the sphere; drag it (or use the arrow keys) to turn it. Points
          on the far side are faint; the grey line is the equator.
        </p>
      ) : null}
      {dim > 3 ? (
        <p>
          Dimension {dim}: a projection. The three axes are the leading principal directions of the display
          set taken about the origin (uncentred, so a collapsed cloud stays a small cap instead of spreading),
          estimated on at most 512 points; every point is projected onto them and renormalised onto the
          sphere. Distances and neighbours are distorted: points that look close may be far apart in the other{' '}
          {dim - 3} dimensions.
        </p>
      ) : null}
    </div>
  );
}
