// Paints a hypersphere layout on a 2D canvas context in CSS pixels. No maths of placement here (that is
// hypersphereLayout.ts): only marks, colours and alpha. Far-side marks are faint; everything is drawn back to front.

import { classColour, MARK_COLOURS } from '../palette';
import type { HypersphereLayout, PointMarks } from './hypersphereLayout';

/** Alpha of display points on the near side (and on the circle), and on the far side of the sphere. */
const DISPLAY_ALPHA = { near: 0.5, far: 0.12 } as const;
/** Alpha of batch points on the near side (and on the circle), and on the far side. */
const BATCH_ALPHA = { near: 0.95, far: 0.3 } as const;

/** Draws every mark of `layout` (outline, density rings or equator, points, pairs, anchor marks). */
export function drawHypersphere(context: CanvasRenderingContext2D, layout: HypersphereLayout): void {
  context.save();
  drawOutline(context, layout);
  drawCloud(context, layout.display, 1.7, DISPLAY_ALPHA);
  drawPairs(context, layout);
  drawPoints(context, layout.batch, 3.6, BATCH_ALPHA);
  drawAnchorMarks(context, layout);
  context.restore();
}

/**
 * Marker of a class: classes beyond the palette's eight colours reuse them, so the shape changes with each
 * further eight (circle, square, triangle) to keep them apart.
 */
export function markerShape(label: number): 'circle' | 'square' | 'triangle' {
  const round = Math.floor(Math.abs(label) / 8) % 3;
  return round === 0 ? 'circle' : round === 1 ? 'square' : 'triangle';
}

function drawOutline(context: CanvasRenderingContext2D, layout: HypersphereLayout): void {
  const { cx, cy, radius } = layout;
  context.lineWidth = 1;
  context.strokeStyle = MARK_COLOURS.axis;
  context.beginPath();
  context.arc(cx, cy, radius, 0, 2 * Math.PI);
  context.stroke();
  if (layout.mode === 'circle') {
    // The uniform density's level, then each class's density ring around the circle.
    context.setLineDash([3, 3]);
    context.strokeStyle = MARK_COLOURS.masked;
    context.beginPath();
    context.arc(cx, cy, layout.uniformRadius, 0, 2 * Math.PI);
    context.stroke();
    context.setLineDash([]);
    context.lineWidth = 1.5;
    for (const ring of layout.rings) {
      const { points } = ring;
      context.strokeStyle = classColour(ring.label);
      context.beginPath();
      for (let b = 0; b < points.length; b += 2) {
        if (b === 0) context.moveTo(points[b] as number, points[b + 1] as number);
        else context.lineTo(points[b] as number, points[b + 1] as number);
      }
      context.closePath();
      context.stroke();
    }
    return;
  }
  // The equator: solid on the near half, dashed behind.
  const { equator } = layout;
  const count = equator.length / 3;
  context.strokeStyle = MARK_COLOURS.grid;
  for (let k = 0; k < count; k++) {
    const next = (k + 1) % count;
    const near = (equator[3 * k + 2] as number) + (equator[3 * next + 2] as number) >= 0;
    context.setLineDash(near ? [] : [2, 3]);
    context.beginPath();
    context.moveTo(equator[3 * k] as number, equator[3 * k + 1] as number);
    context.lineTo(equator[3 * next] as number, equator[3 * next + 1] as number);
    context.stroke();
  }
  context.setLineDash([]);
}

// The display set: faint small dots, so the far side first, then the near side, one path per class on each side
// (a fill per class instead of per point: 2,048 points stay cheap; depth order within a side does not show at
// this alpha). One pass groups the points; loops over all points per class were recompiled on every draw.
function drawCloud(
  context: CanvasRenderingContext2D,
  marks: PointMarks,
  size: number,
  alpha: { readonly near: number; readonly far: number },
): void {
  const far = new Map<number, number[]>();
  const near = new Map<number, number[]>();
  for (let i = 0; i < marks.count; i++) {
    const side = (marks.depth[i] as number) < 0 ? far : near;
    const label = marks.labels[i] as number;
    const group = side.get(label);
    if (group) group.push(i);
    else side.set(label, [i]);
  }
  for (const side of [far, near]) {
    context.globalAlpha = side === far ? alpha.far : alpha.near;
    for (const [label, indices] of side) fillGroup(context, marks, indices, size, label);
  }
  context.globalAlpha = 1;
}

/** One path for the points `indices` of class `label`, filled once. */
function fillGroup(
  context: CanvasRenderingContext2D,
  marks: PointMarks,
  indices: readonly number[],
  size: number,
  label: number,
): void {
  const shape = markerShape(label);
  context.fillStyle = classColour(label);
  context.beginPath();
  for (const i of indices) tracePoint(context, marks.x[i] as number, marks.y[i] as number, size, shape);
  context.fill();
}

// Batch points one by one, back to front, outlined so that overlapping points stay apart.
function drawPoints(
  context: CanvasRenderingContext2D,
  marks: PointMarks,
  size: number,
  alpha: { readonly near: number; readonly far: number },
): void {
  context.lineWidth = 0.75;
  context.strokeStyle = '#ffffff';
  let colourLabel = Number.NaN;
  for (let k = 0; k < marks.count; k++) {
    const i = marks.order[k] as number;
    const label = marks.labels[i] as number;
    if (label !== colourLabel) {
      context.fillStyle = classColour(label);
      colourLabel = label;
    }
    context.globalAlpha = (marks.depth[i] as number) < 0 ? alpha.far : alpha.near;
    context.beginPath();
    tracePoint(context, marks.x[i] as number, marks.y[i] as number, size, markerShape(label));
    context.fill();
    context.stroke();
  }
  context.globalAlpha = 1;
}

// Adds one marker as a closed sub-path of the current path.
function tracePoint(
  context: CanvasRenderingContext2D,
  x: number,
  y: number,
  size: number,
  shape: 'circle' | 'square' | 'triangle',
): void {
  if (shape === 'circle') {
    context.moveTo(x + size, y);
    context.arc(x, y, size, 0, 2 * Math.PI);
  } else if (shape === 'square') context.rect(x - size, y - size, 2 * size, 2 * size);
  else {
    context.moveTo(x, y - 1.2 * size);
    context.lineTo(x + 1.1 * size, y + 0.8 * size);
    context.lineTo(x - 1.1 * size, y + 0.8 * size);
    context.closePath();
  }
}

// Each positive pair of the batch joined by a thin line (once per pair).
function drawPairs(context: CanvasRenderingContext2D, layout: HypersphereLayout): void {
  const { batch, positives } = layout;
  context.strokeStyle = MARK_COLOURS.positive;
  context.lineWidth = 1;
  context.globalAlpha = 0.45;
  context.beginPath();
  for (let i = 0; i < batch.count; i++) {
    const j = positives[i] ?? -1;
    if (j <= i || j >= batch.count) continue;
    context.moveTo(batch.x[i] as number, batch.y[i] as number);
    context.lineTo(batch.x[j] as number, batch.y[j] as number);
  }
  context.stroke();
  context.globalAlpha = 1;
}

// The anchor ringed, a solid line to its positive, a dashed line to its hardest negative, both ringed.
function drawAnchorMarks(context: CanvasRenderingContext2D, layout: HypersphereLayout): void {
  const { batch, anchor, positive, hardest } = layout;
  if (anchor < 0) return;
  const ax = batch.x[anchor] as number;
  const ay = batch.y[anchor] as number;
  const ring = (row: number, colour: string, radius: number, dashed: boolean) => {
    if (row < 0 || row >= batch.count) return;
    context.strokeStyle = colour;
    context.setLineDash(dashed ? [3, 2] : []);
    context.beginPath();
    context.arc(batch.x[row] as number, batch.y[row] as number, radius, 0, 2 * Math.PI);
    context.stroke();
  };
  const link = (row: number, colour: string, dashed: boolean) => {
    if (row < 0 || row >= batch.count) return;
    context.strokeStyle = colour;
    context.setLineDash(dashed ? [4, 3] : []);
    context.beginPath();
    context.moveTo(ax, ay);
    context.lineTo(batch.x[row] as number, batch.y[row] as number);
    context.stroke();
  };
  context.lineWidth = 2;
  link(positive, MARK_COLOURS.positive, false);
  link(hardest, MARK_COLOURS.hardest, true);
  ring(positive, MARK_COLOURS.positive, 6.5, false);
  ring(hardest, MARK_COLOURS.hardest, 6.5, true);
  context.lineWidth = 2.5;
  ring(anchor, MARK_COLOURS.anchor, 8.5, false);
  context.setLineDash([]);
}
