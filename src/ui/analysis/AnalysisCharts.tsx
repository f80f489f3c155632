import { type KeyboardEvent, type PointerEvent, useRef, useState } from 'react';
import type { AnchorAnalysis } from '../../analysis/analysis';
import { drawAxes, formatCount, formatValue } from '../../charts/axes';
import { paintCanvas } from '../../charts/canvas';
import type { Draw2D } from '../../charts/draw2d';
import { WEIGHT_LOG_FLOOR } from '../../charts/negativeWeights/weightsLayout';
import { classColour, MARK_COLOURS } from '../../charts/palette';
import { useChartWidth } from '../../charts/useChartWidth';
import { useFrameDraw } from '../../charts/useFrameDraw';
import {
  type AnchorWeightsLayout,
  layoutAnchorWeights,
  layoutSphere,
  nearestPoint,
  type SphereLayout,
} from './analysisLayouts';

/** Largest side of the sphere, and the weights chart's height, CSS pixels. */
const MAX_SIDE = 420;
const WEIGHTS_HEIGHT = 300;
/** Radians a drag of one CSS pixel, and an arrow key, turns the sphere. */
const DRAG_RADIANS_PER_PX = 0.01;
const KEY_RADIANS = 0.15;
/** A pointer that moved less than this (px) between down and up clicked; a click picks a point this near. */
const CLICK_SLOP_PX = 4;
const PICK_RADIUS_PX = 10;

/** The anchor and the rows marked around it on the sphere. */
export interface SphereMarks {
  readonly anchor: number;
  readonly positives: readonly number[];
  readonly hardest: number;
}

/**
 * The loaded points on the hypersphere: unit rows (PCA-projected above 3 dimensions), coloured by label, the
 * anchor ringed with its positives and its hardest negative. Drag or arrow keys turn it; a click picks the anchor.
 */
export function AnalysisSphere({
  projection,
  dim,
  labels,
  marks,
  onPick,
}: {
  /** rows x 3 unit points */
  projection: Float32Array;
  dim: number;
  /** class code per row, or null */
  labels: Int32Array | null;
  marks: SphereMarks;
  onPick: (row: number) => void;
}) {
  const [rotation, setRotation] = useState({ yaw: 0.6, pitch: 0.35 });
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const layoutRef = useRef<SphereLayout | null>(null);
  const dragRef = useRef<{ x: number; y: number; startX: number; startY: number } | null>(null);
  const [measure, width] = useChartWidth();
  const side = Math.min(width, MAX_SIDE);
  const rows = projection.length / 3;
  const circle = dim === 2;

  useFrameDraw(() => {
    const canvas = canvasRef.current;
    if (!canvas) return;
    const layout = layoutSphere(projection, rows, circle, side, rotation);
    layoutRef.current = layout;
    paintCanvas(canvas, side, side, (context) => drawSphere(context, layout, labels, marks));
  }, projection);

  const turn = (yaw: number, pitch: number) => {
    const limit = Math.PI / 2; // the view never flips over a pole
    setRotation((r) => ({ yaw: r.yaw + yaw, pitch: Math.max(-limit, Math.min(limit, r.pitch + pitch)) }));
  };
  const onPointerDown = (event: PointerEvent<HTMLCanvasElement>) => {
    event.currentTarget.setPointerCapture(event.pointerId);
    dragRef.current = { x: event.clientX, y: event.clientY, startX: event.clientX, startY: event.clientY };
  };
  const onPointerMove = (event: PointerEvent<HTMLCanvasElement>) => {
    const drag = dragRef.current;
    if (!drag || circle) return;
    turn((event.clientX - drag.x) * DRAG_RADIANS_PER_PX, (event.clientY - drag.y) * DRAG_RADIANS_PER_PX);
    drag.x = event.clientX;
    drag.y = event.clientY;
  };
  const onPointerUp = (event: PointerEvent<HTMLCanvasElement>) => {
    const drag = dragRef.current;
    dragRef.current = null;
    const layout = layoutRef.current;
    if (
      !drag ||
      !layout ||
      Math.hypot(event.clientX - drag.startX, event.clientY - drag.startY) >= CLICK_SLOP_PX
    )
      return;
    const box = event.currentTarget.getBoundingClientRect();
    const row = nearestPoint(layout, event.clientX - box.left, event.clientY - box.top, PICK_RADIUS_PX);
    if (row >= 0) onPick(row);
  };
  const onKeyDown = (event: KeyboardEvent<HTMLCanvasElement>) => {
    const turns: Record<string, [number, number]> = {
      ArrowLeft: [-KEY_RADIANS, 0],
      ArrowRight: [KEY_RADIANS, 0],
      ArrowUp: [0, -KEY_RADIANS],
      ArrowDown: [0, KEY_RADIANS],
    };
    const by = turns[event.key];
    if (!by || circle) return;
    event.preventDefault();
    turn(by[0], by[1]);
  };

  return (
    <figure className="analysis-chart" data-testid="analysis-sphere" ref={measure}>
      <figcaption>
        On the hypersphere{' '}
        <span className="analysis-note">
          {dim > 3 ? `(PCA to 3 of ${dim} dimensions, renormalised)` : `(${dim} dimensions)`}
        </span>
      </figcaption>
      <canvas
        ref={canvasRef}
        role="img"
        tabIndex={0}
        aria-label={`${formatCount(rows)} points on the ${circle ? 'unit circle' : 'unit sphere'}; the anchor is row ${marks.anchor}. Click a point to make it the anchor${circle ? '' : '; drag or use the arrow keys to turn the sphere'}.`}
        style={{ display: 'block', touchAction: 'none', cursor: circle ? 'pointer' : 'grab' }}
        onPointerDown={onPointerDown}
        onPointerMove={onPointerMove}
        onPointerUp={onPointerUp}
        onPointerCancel={() => {
          dragRef.current = null;
        }}
        onKeyDown={onKeyDown}
      />
    </figure>
  );
}

// Outline, the points far to near (the far side faint), then the anchor's rings on top.
function drawSphere(
  context: Draw2D,
  layout: SphereLayout,
  labels: Int32Array | null,
  marks: SphereMarks,
): void {
  const { cx, cy, radius, x, y, depth, order } = layout;
  context.strokeStyle = MARK_COLOURS.grid;
  context.lineWidth = 1;
  context.beginPath();
  context.arc(cx, cy, radius, 0, 2 * Math.PI);
  context.stroke();
  for (let k = 0; k < order.length; k++) {
    const i = order[k] as number;
    context.globalAlpha = (depth[i] as number) < 0 ? 0.3 : 0.85;
    context.fillStyle = labels ? classColour(labels[i] as number) : MARK_COLOURS.negative;
    context.fillRect((x[i] as number) - 1.5, (y[i] as number) - 1.5, 3, 3);
  }
  context.globalAlpha = 1;
  const ring = (row: number, colour: string, size: number) => {
    if (row < 0 || row >= x.length) return;
    context.strokeStyle = colour;
    context.lineWidth = 2;
    context.beginPath();
    context.arc(x[row] as number, y[row] as number, size, 0, 2 * Math.PI);
    context.stroke();
  };
  for (const row of marks.positives) ring(row, MARK_COLOURS.positive, 5);
  ring(marks.hardest, MARK_COLOURS.hardest, 5);
  ring(marks.anchor, MARK_COLOURS.anchor, 7);
}

/**
 * The weight InfoNCE at tau gives each of the anchor's negatives, against its cosine with the anchor, on a log
 * axis, with the closed form exp(s / tau) / Z through them; negatives of the anchor's label in black.
 */
export function AnalysisWeights({ analysis }: { analysis: AnchorAnalysis }) {
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const [measure, width] = useChartWidth();
  useFrameDraw(() => {
    const canvas = canvasRef.current;
    if (!canvas) return;
    const layout = layoutAnchorWeights(analysis, width, WEIGHTS_HEIGHT);
    paintCanvas(canvas, width, WEIGHTS_HEIGHT, (context) => drawWeights(context, layout));
  }, analysis);
  const clamped = analysis.weights.reduce((count, w) => (w < WEIGHT_LOG_FLOOR ? count + 1 : count), 0);
  return (
    <figure className="analysis-chart" data-testid="analysis-weights" ref={measure}>
      <figcaption>
        Weight of each negative at tau = {formatValue(analysis.tau)}{' '}
        <span className="analysis-note">(row {analysis.anchor} as the anchor)</span>
      </figcaption>
      <canvas
        ref={canvasRef}
        role="img"
        aria-label={`Weights r of ${formatCount(analysis.negatives.length)} negatives of row ${analysis.anchor} against their cosine with it, at tau ${formatValue(analysis.tau)}; the largest is ${formatValue(analysis.maxWeight)}.`}
        style={{ display: 'block' }}
      />
      <p className="analysis-note">
        r = softmax over the negatives of s / tau (log axis; the line is exp(s / tau) / Z).
        {analysis.falseNegative ? ' Black: negatives with the anchor’s label (false negatives).' : ''}
        {analysis.positiveSimilarity !== null ? ' Green line: the anchor’s positive.' : ''}
        {clamped > 0
          ? ` ${formatCount(clamped)} weights below ${formatValue(WEIGHT_LOG_FLOOR)} sit on the floor.`
          : ''}
      </p>
    </figure>
  );
}

function drawWeights(context: Draw2D, layout: AnchorWeightsLayout): void {
  const { frame, x, y, points, falseNegative, curve, positiveX, heaviest } = layout;
  drawAxes(context, frame, { x, y, xLabel: 'cosine with the anchor', yLabel: 'weight r (log)' });
  context.save();
  context.beginPath();
  context.rect(frame.left, frame.top - 4, frame.width, frame.height + 8);
  context.clip();
  if (positiveX !== null) {
    context.strokeStyle = MARK_COLOURS.positive;
    context.lineWidth = 2;
    context.beginPath();
    context.moveTo(positiveX, frame.top);
    context.lineTo(positiveX, frame.top + frame.height);
    context.stroke();
  }
  context.strokeStyle = MARK_COLOURS.masked;
  context.lineWidth = 1.5;
  context.beginPath();
  for (let k = 0; k < curve.length; k += 2) {
    if (k === 0) context.moveTo(curve[k] as number, curve[k + 1] as number);
    else context.lineTo(curve[k] as number, curve[k + 1] as number);
  }
  context.stroke();
  // two passes, one colour each: ordinary negatives, then false negatives on top (half transparent: the marks
  // all lie on the curve, and the blue must still show through)
  for (const pass of [0, 1]) {
    if (pass === 1 && !falseNegative) break;
    context.fillStyle = pass === 0 ? MARK_COLOURS.negative : MARK_COLOURS.falseNegative;
    context.globalAlpha = 0.5;
    for (let j = 0; j < points.length / 2; j++) {
      if ((falseNegative?.[j] ?? 0) !== pass) continue;
      context.fillRect((points[2 * j] as number) - 1.5, (points[2 * j + 1] as number) - 1.5, 3, 3);
    }
  }
  context.globalAlpha = 1;
  context.strokeStyle = MARK_COLOURS.hardest;
  context.lineWidth = 2;
  context.beginPath();
  context.arc(points[2 * heaviest] as number, points[2 * heaviest + 1] as number, 5, 0, 2 * Math.PI);
  context.stroke();
  context.restore();
}
