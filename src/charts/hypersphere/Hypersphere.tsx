import { type KeyboardEvent, type PointerEvent, useCallback, useMemo, useRef, useState } from 'react';
import type { Snapshot } from '../../protocol/snapshot';
import { useLab } from '../../state/LabProvider';
import { ChartPanel } from '../../ui/ChartPanel';
import { Formula, texNumber } from '../../ui/Formula';
import { clampAnchor, formatValue } from '../axes';
import { paintCanvas } from '../canvas';
import { useChartSnapshot } from '../chartFeed';
import { MARK_COLOURS } from '../palette';
import { useChartWidth } from '../useChartWidth';
import { useFrameDraw } from '../useFrameDraw';
import { drawHypersphere } from './drawHypersphere';
import {
  type HypersphereLayout,
  layoutHypersphere,
  nearestBatchRow,
  projectionBasisOf,
} from './hypersphereLayout';
import type { ProjectionBasis } from './projection';

/** Largest side of the square chart, CSS pixels. */
const MAX_SIDE = 560;
/** Radians a drag of one CSS pixel turns the sphere; and one arrow-key press. */
const DRAG_RADIANS_PER_PX = 0.01;
const KEY_RADIANS = 0.15;
/** A pointer that moved less than this (px) between down and up clicked rather than dragged. */
const CLICK_SLOP_PX = 4;
/** How near (px) a click must land to a batch point to pick it. */
const PICK_RADIUS_PX = 10;

/**
 * The embeddings on the hypersphere (Wang & Isola 2020): the display set faint, the current batch on top with
 * positive pairs joined, the anchor ringed with its positive and hardest negative. Dimension 2: the circle and
 * each class's angle density; 3: a sphere to turn by dragging or with the arrow keys; above 3: a PCA projection,
 * renormalised. Clicking a batch point (or `[` / `]`, PageUp / PageDown) chooses the anchor.
 */
export function Hypersphere() {
  const snapshot = useChartSnapshot();
  const viewAnchor = useLab((state) => state.view.anchor);
  const setView = useLab((state) => state.setView);
  const [rotation, setRotation] = useState({ yaw: 0.6, pitch: 0.35 });
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const layoutRef = useRef<HypersphereLayout | null>(null);
  const basisRef = useRef<ProjectionBasis | null>(null);
  const dragRef = useRef<{ x: number; y: number; startX: number; startY: number } | null>(null);
  const [measure, width] = useChartWidth();
  const side = Math.min(width, MAX_SIDE); // square, as wide as the panel allows

  // Per snapshot, warm-started from the previous basis so the projection moves continuously.
  const basis = useMemo(() => {
    const next = snapshot ? projectionBasisOf(snapshot, basisRef.current) : null;
    basisRef.current = next;
    return next;
  }, [snapshot]);

  const rows = snapshot?.batch.rows ?? 0;
  const anchor = rows > 0 ? clampAnchor(viewAnchor, rows) : -1;

  useFrameDraw(() => {
    const canvas = canvasRef.current;
    if (!canvas) return;
    if (!snapshot) {
      layoutRef.current = null;
      paintCanvas(canvas, side, side, () => undefined);
      return;
    }
    const layout = layoutHypersphere(snapshot, { anchor, ...rotation }, side, side, {
      basis,
      reuse: layoutRef.current,
    });
    layoutRef.current = layout;
    paintCanvas(canvas, side, side, (context) => drawHypersphere(context, layout));
  }, snapshot);

  const chooseAnchor = useCallback(
    (row: number) => {
      if (rows > 0) setView({ anchor: ((row % rows) + rows) % rows });
    },
    [rows, setView],
  );

  const onPointerDown = (event: PointerEvent<HTMLCanvasElement>) => {
    event.currentTarget.setPointerCapture(event.pointerId);
    dragRef.current = { x: event.clientX, y: event.clientY, startX: event.clientX, startY: event.clientY };
  };
  const onPointerMove = (event: PointerEvent<HTMLCanvasElement>) => {
    const drag = dragRef.current;
    if (!drag || (snapshot?.display.dim ?? 2) < 3) return;
    const dx = event.clientX - drag.x;
    const dy = event.clientY - drag.y;
    drag.x = event.clientX;
    drag.y = event.clientY;
    setRotation((r) => turned(r, dx * DRAG_RADIANS_PER_PX, dy * DRAG_RADIANS_PER_PX));
  };
  const onPointerUp = (event: PointerEvent<HTMLCanvasElement>) => {
    const drag = dragRef.current;
    dragRef.current = null;
    if (!drag) return;
    const moved = Math.hypot(event.clientX - drag.startX, event.clientY - drag.startY);
    const layout = layoutRef.current;
    if (moved >= CLICK_SLOP_PX || !layout) return;
    const box = event.currentTarget.getBoundingClientRect();
    const row = nearestBatchRow(layout, event.clientX - box.left, event.clientY - box.top, PICK_RADIUS_PX);
    if (row >= 0) chooseAnchor(row);
  };
  const onKeyDown = (event: KeyboardEvent<HTMLCanvasElement>) => {
    const turns: Record<string, [number, number]> = {
      ArrowLeft: [-KEY_RADIANS, 0],
      ArrowRight: [KEY_RADIANS, 0],
      ArrowUp: [0, -KEY_RADIANS],
      ArrowDown: [0, KEY_RADIANS],
    };
    const turn = turns[event.key];
    if (turn) setRotation((r) => turned(r, turn[0], turn[1]));
    else if (event.key === '[' || event.key === 'PageUp') chooseAnchor(anchor - 1);
    else if (event.key === ']' || event.key === 'PageDown') chooseAnchor(anchor + 1);
    else return;
    event.preventDefault();
  };

  const dim = snapshot?.display.dim ?? 0;
  return (
    <ChartPanel
      testId="chart-hypersphere"
      title="Embeddings on the hypersphere"
      explanation={<HypersphereExplanation snapshot={snapshot} anchor={anchor} />}
    >
      <div ref={measure} style={{ width: '100%' }}>
        {basis ? (
          <p className="chart-note" data-testid="hypersphere-projection">
            PCA projection, renormalised: 3 of {dim} dimensions, holding{' '}
            {formatValue(
              100 *
                Math.min(
                  1,
                  basis.moments.reduce((sum, m) => sum + m, 0),
                ),
            )}
            % of the points' squared length.
          </p>
        ) : null}
        <canvas
          ref={canvasRef}
          role="img"
          tabIndex={0}
          aria-label={accessibleName(snapshot)}
          aria-keyshortcuts="ArrowLeft ArrowRight ArrowUp ArrowDown [ ] PageUp PageDown"
          style={{ display: 'block', touchAction: 'none', cursor: dim >= 3 ? 'grab' : 'pointer' }}
          onPointerDown={onPointerDown}
          onPointerMove={onPointerMove}
          onPointerUp={onPointerUp}
          onPointerCancel={() => {
            dragRef.current = null;
          }}
          onKeyDown={onKeyDown}
        />
        <AnchorSummary snapshot={snapshot} anchor={anchor} />
        <Legend dim={dim} />
      </div>
    </ChartPanel>
  );
}

// Yaw wraps freely; pitch stops at the poles so the view never flips upside down.
function turned(r: { yaw: number; pitch: number }, yaw: number, pitch: number) {
  const limit = Math.PI / 2;
  return { yaw: r.yaw + yaw, pitch: Math.max(-limit, Math.min(limit, r.pitch + pitch)) };
}

function accessibleName(snapshot: Snapshot | null): string {
  if (!snapshot) return 'Hypersphere: waiting for the first snapshot';
  const { display, batch } = snapshot;
  const where =
    display.dim === 2
      ? 'on the unit circle, with each class’s angle density as a ring'
      : display.dim === 3
        ? 'on the unit sphere'
        : `in a PCA projection of dimension ${display.dim} onto the unit sphere, renormalised`;
  return `Hypersphere: ${display.rows} display points and ${batch.rows} batch rows ${where}. Drag or use the arrow keys to turn; click a batch point or press [ and ] to choose the anchor.`;
}

// The live part says only which anchor is chosen (it changes on request, not at every snapshot); the rest is
// plain text, read on demand.
function AnchorSummary({ snapshot, anchor }: { snapshot: Snapshot | null; anchor: number }) {
  if (!snapshot || anchor < 0) return <p className="chart-note">No batch yet.</p>;
  const { batch } = snapshot;
  const positive = batch.positives[anchor] ?? -1;
  const hardest = batch.hardestNegative[anchor] ?? -1;
  const cosine = hardest >= 0 ? (batch.similarity[anchor * batch.rows + hardest] ?? Number.NaN) : Number.NaN;
  return (
    <p className="chart-note" data-testid="hypersphere-summary">
      <span aria-live="polite">
        anchor {anchor}, class {batch.labels[anchor] ?? 0}
      </span>
      {positive >= 0 ? `; positive ${positive}` : ''}
      {hardest >= 0
        ? `; hardest negative ${hardest} (cosine ${formatValue(cosine)})`
        : batch.extra && (batch.hardestWeight[anchor] ?? 0) > 0
          ? '; its hardest negative is beyond the batch (not drawn)'
          : ''}
      {`; ${formatValue(batch.effectiveNegatives[anchor] ?? Number.NaN)} effective negatives for anchor ${anchor}`}
    </p>
  );
}

function Legend({ dim }: { dim: number }) {
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
      {item(MARK_COLOURS.masked, 'colour = class; small faint dots = display set, large = batch')}
      {dim >= 3 ? item(MARK_COLOURS.grid, 'fainter = far side') : null}
    </p>
  );
}

function HypersphereExplanation({ snapshot, anchor }: { snapshot: Snapshot | null; anchor: number }) {
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
