// Paints a hypersphere layout on a 2D canvas context in CSS pixels. No maths of placement here (that is
// hypersphereLayout.ts): only marks, colours and alpha. Far-side marks are faint; everything is drawn back to front.
// On a canvas the markers are stamped as pixels (markerSprites.ts); in a vector export they are the same shapes
// as paths, the display set as one path per class and side.

import { canvasPixelRatio } from '../canvas';
import type { Draw2D } from '../draw2d';
import { classColour, MARK_COLOURS } from '../palette';
import { isVectorContext } from '../svgContext';
import type { HypersphereLayout, PointMarks } from './hypersphereLayout';
import { MARKER_OUTLINE, markerShape, markerSprites, StampLayer, tracePoint } from './markerSprites';

/** Alpha of display points on the near side (and on the circle), and on the far side of the sphere. */
const DISPLAY_ALPHA = { near: 0.5, far: 0.12 } as const;
/** Alpha of batch points on the near side (and on the circle), and on the far side. */
const BATCH_ALPHA = { near: 0.95, far: 0.3 } as const;
/** Width of the white outline around each batch point, CSS pixels. */
const POINT_OUTLINE = 0.75;
/** Marker sizes (radius, CSS pixels) of display and batch points. */
const DISPLAY_SIZE = 1.7;
const BATCH_SIZE = 3.6;

let stampLayer: StampLayer | null = null;

/**
 * Draws every mark of `layout`: outline, density rings or equator, the positive pairs' links, then the display
 * and batch points (stamped into one layer, so the links lie under the faint display points too), then the anchor
 * marks.
 */
export function drawHypersphere(context: Draw2D, layout: HypersphereLayout): void {
  context.save();
  drawOutline(context, layout);
  drawPairs(context, layout);
  if (isVectorContext(context)) {
    traceCloud(context, layout.display, DISPLAY_SIZE, DISPLAY_ALPHA);
    tracePoints(context, layout.batch, BATCH_SIZE, BATCH_ALPHA);
  } else {
    const layer = stampLayerFor(layout);
    layer.clear();
    stampCloud(layer, layout.display, DISPLAY_SIZE, DISPLAY_ALPHA);
    stampPoints(layer, layout.batch, BATCH_SIZE, BATCH_ALPHA);
    layer.drawOnto(context);
  }
  drawAnchorMarks(context, layout);
  context.restore();
}

function drawOutline(context: Draw2D, layout: HypersphereLayout): void {
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
  // The equator: solid on the near half, dashed behind (one path each).
  const { equator } = layout;
  const count = equator.length / 3;
  context.strokeStyle = MARK_COLOURS.grid;
  for (const near of [true, false]) {
    context.setLineDash(near ? [] : [2, 3]);
    context.beginPath();
    for (let k = 0; k < count; k++) {
      const next = (k + 1) % count;
      if ((equator[3 * k + 2] as number) + (equator[3 * next + 2] as number) >= 0 !== near) continue;
      context.moveTo(equator[3 * k] as number, equator[3 * k + 1] as number);
      context.lineTo(equator[3 * next] as number, equator[3 * next + 1] as number);
    }
    context.stroke();
  }
  context.setLineDash([]);
}

// The display set: faint small dots, the far side first, then the near side; depth order within a side does
// not show at this alpha.
function stampCloud(
  layer: StampLayer,
  marks: PointMarks,
  size: number,
  alpha: { readonly near: number; readonly far: number },
): void {
  const spriteOf = markerSprites(size, 0, layer.ratio);
  for (const far of [true, false]) {
    const opacity = far ? alpha.far : alpha.near;
    for (let i = 0; i < marks.count; i++) {
      if ((marks.depth[i] as number) < 0 !== far) continue;
      layer.stamp(spriteOf(marks.labels[i] as number), marks.x[i] as number, marks.y[i] as number, opacity);
    }
  }
}

// Batch points one by one, back to front, outlined so that overlapping points stay apart.
function stampPoints(
  layer: StampLayer,
  marks: PointMarks,
  size: number,
  alpha: { readonly near: number; readonly far: number },
): void {
  const spriteOf = markerSprites(size, POINT_OUTLINE, layer.ratio);
  for (let k = 0; k < marks.count; k++) {
    const i = marks.order[k] as number;
    const opacity = (marks.depth[i] as number) < 0 ? alpha.far : alpha.near;
    layer.stamp(spriteOf(marks.labels[i] as number), marks.x[i] as number, marks.y[i] as number, opacity);
  }
}

/**
 * The layer markers are stamped into, sized to the canvas (as prepareCanvas sizes it for the layout: one, reused,
 * as draws never overlap).
 */
function stampLayerFor(layout: HypersphereLayout): StampLayer {
  const ratio = canvasPixelRatio();
  const width = Math.round(layout.width * ratio);
  const height = Math.round(layout.height * ratio);
  if (!stampLayer || stampLayer.width !== width || stampLayer.height !== height || stampLayer.ratio !== ratio)
    stampLayer = new StampLayer(width, height, ratio);
  return stampLayer;
}

// The display set as vectors: one path per class and side (far side first), so thousands of dots make a few
// dozen elements.
function traceCloud(
  context: Draw2D,
  marks: PointMarks,
  size: number,
  alpha: { readonly near: number; readonly far: number },
): void {
  for (const far of [true, false]) {
    const byLabel = new Map<number, number[]>();
    for (let i = 0; i < marks.count; i++) {
      if ((marks.depth[i] as number) < 0 !== far) continue;
      const label = marks.labels[i] as number;
      const points = byLabel.get(label);
      if (points) points.push(i);
      else byLabel.set(label, [i]);
    }
    context.globalAlpha = far ? alpha.far : alpha.near;
    for (const [label, points] of byLabel) {
      context.fillStyle = classColour(label);
      context.beginPath();
      for (const i of points)
        tracePoint(context, marks.x[i] as number, marks.y[i] as number, size, markerShape(label));
      context.fill();
    }
  }
  context.globalAlpha = 1;
}

// Batch points as vectors, one by one back to front, each outlined as its sprite is.
function tracePoints(
  context: Draw2D,
  marks: PointMarks,
  size: number,
  alpha: { readonly near: number; readonly far: number },
): void {
  context.lineWidth = POINT_OUTLINE;
  context.strokeStyle = MARKER_OUTLINE;
  for (let k = 0; k < marks.count; k++) {
    const i = marks.order[k] as number;
    const label = marks.labels[i] as number;
    context.globalAlpha = (marks.depth[i] as number) < 0 ? alpha.far : alpha.near;
    context.fillStyle = classColour(label);
    context.beginPath();
    tracePoint(context, marks.x[i] as number, marks.y[i] as number, size, markerShape(label));
    context.fill();
    context.stroke();
  }
  context.globalAlpha = 1;
}

// Each positive pair of the batch joined by a thin line (once per pair).
function drawPairs(context: Draw2D, layout: HypersphereLayout): void {
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
function drawAnchorMarks(context: Draw2D, layout: HypersphereLayout): void {
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
