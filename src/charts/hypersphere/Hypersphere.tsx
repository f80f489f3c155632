import { type KeyboardEvent, type PointerEvent, useCallback, useMemo, useRef, useState } from 'react';
import type { Snapshot } from '../../protocol/snapshot';
import { useLab } from '../../state/LabProvider';
import { ChartPanel } from '../../ui/ChartPanel';
import { clampAnchor, formatValue } from '../axes';
import { paintCanvas } from '../canvas';
import { useChartSnapshot } from '../chartFeed';
import { PointerTooltip, SentenceLines } from '../SentenceTooltip';
import { useChartWidth } from '../useChartWidth';
import { useFrameDraw } from '../useFrameDraw';
import { drawHypersphere } from './drawHypersphere';
import { HypersphereExplanation, Legend } from './HypersphereText';
import {
  type HypersphereLayout,
  layoutHypersphere,
  nearestBatchRow,
  projectionBasisOf,
} from './hypersphereLayout';
import { type PointHover, pointHoverAt } from './pointHover';
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
  const texts = useLab((state) => state.texts);
  const [hover, setHover] = useState<PointHover | null>(null);
  // the pointer over the canvas (CSS px), while it is there: the hover is found again on every new layout
  const pointerRef = useRef<{ x: number; y: number } | null>(null);
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
    if (pointerRef.current) updateHover(layout);
  }, snapshot);

  // Text mode: the sentence of the point under the pointer; a new state only when what is shown changes.
  const updateHover = (layout: HypersphereLayout) => {
    const at = pointerRef.current;
    const next =
      at && texts && snapshot ? pointHoverAt(layout, snapshot, texts, at.x, at.y, PICK_RADIUS_PX) : null;
    setHover((previous) => (sameHover(previous, next) ? previous : next));
  };

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
    if (!drag && texts && layoutRef.current) {
      const box = event.currentTarget.getBoundingClientRect();
      pointerRef.current = { x: event.clientX - box.left, y: event.clientY - box.top };
      updateHover(layoutRef.current);
    }
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
        <div style={{ position: 'relative' }}>
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
            onPointerLeave={() => {
              pointerRef.current = null;
              setHover(null);
            }}
            onKeyDown={onKeyDown}
          />
          {hover ? (
            <PointerTooltip x={hover.x} y={hover.y} width={side} testId="hypersphere-tooltip">
              {hover.kind === 'batch' ? `batch row ${hover.row}` : `held-out point ${hover.row}`}
              {hover.group ? `, ${hover.group}` : ''}
              <SentenceLines lines={[{ label: '', text: hover.text }]} />
            </PointerTooltip>
          ) : null}
        </div>
        <AnchorSummary snapshot={snapshot} anchor={anchor} />
        <Legend dim={dim} groups={texts !== null && texts.classNames.length > 0} />
      </div>
    </ChartPanel>
  );
}

function sameHover(a: PointHover | null, b: PointHover | null): boolean {
  if (a === null || b === null) return a === b;
  return a.kind === b.kind && a.row === b.row && a.text === b.text && a.x === b.x && a.y === b.y;
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
