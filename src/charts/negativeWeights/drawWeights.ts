// Canvas drawing of the negative-weights chart's three panels from their pure layouts (weightsLayout.ts).
// Only drawing here: every position was computed by the layout, in CSS pixels.

import type { BatchView } from '../../protocol/snapshot';
import { chartFont, drawAxes, formatValue } from '../axes';
import type { Draw2D } from '../draw2d';
import { MARK_COLOURS } from '../palette';
import { type AnchorPoints, type BatchWeightsLayout, rasterizeBatchWeights } from './batchWeightsLayout';
import type { GradientCheckLayout, NegativeWeightsLayout, WeightAxis } from './weightsLayout';

/** Okabe-Ito blue of the negatives, as RGB bytes for the batch raster. */
const NEGATIVE_RGB = [0, 114, 178] as const;
/** MARK_COLOURS.falseNegative (black) as RGB bytes for the batch raster. */
const FALSE_NEGATIVE_RGB = [0, 0, 0] as const;

/**
 * Draws the main chart: bars of r_ij, the closed-form curve through their tops (or, without a smooth form, the
 * closed form at each bar as a tick), the mined negative outlined with its closed form, the hardest marked.
 */
export function drawNegativeWeights(context: Draw2D, layout: NegativeWeightsLayout, axis: WeightAxis): void {
  drawAxes(context, layout.frame, {
    x: layout.x,
    y: layout.y,
    xLabel:
      axis === 'rank' ? 'negatives ranked by similarity s_ij (least to most similar)' : 'similarity s_ij',
    yLabel: layout.y.log ? 'weight r_ij (log)' : 'weight r_ij',
    xTicks: axis === 'rank' ? 6 : 5,
  });
  const { baseline, barWidth } = layout;
  context.fillStyle = MARK_COLOURS.negative;
  for (const bar of layout.bars) {
    if (bar === layout.hardest || bar.clamped) continue;
    // HCL's negative weights hang below the zero line
    context.fillRect(
      bar.x - barWidth / 2,
      Math.min(bar.top, baseline),
      barWidth,
      Math.abs(baseline - bar.top),
    );
  }
  // Weights under the log floor: a grey stub on the axis, so they are seen to exist.
  context.fillStyle = MARK_COLOURS.masked;
  for (const bar of layout.bars)
    if (bar.clamped) context.fillRect(bar.x - barWidth / 2, baseline - 3, barWidth, 3);
  const curve = layout.curve;
  if (curve.length >= 4) {
    context.strokeStyle = MARK_COLOURS.text;
    context.lineWidth = 1.5;
    context.beginPath();
    context.moveTo(curve[0] ?? 0, curve[1] ?? 0);
    for (let k = 2; k < curve.length; k += 2) context.lineTo(curve[k] ?? 0, curve[k + 1] ?? 0);
    context.stroke();
  } else {
    context.fillStyle = MARK_COLOURS.text;
    const points = layout.closedPoints;
    for (let k = 0; k < points.length; k += 2)
      context.fillRect((points[k] ?? 0) - 3, (points[k + 1] ?? 0) - 0.75, 6, 1.5);
  }
  const mined = layout.mined;
  if (mined) {
    const k = layout.bars.indexOf(mined);
    const closedY = layout.closedPoints[2 * k + 1] ?? baseline;
    context.strokeStyle = MARK_COLOURS.anchor;
    context.lineWidth = 1.5;
    const top = mined.clamped ? baseline - 3 : mined.top;
    context.strokeRect(
      mined.x - Math.max(3, barWidth) / 2 - 1,
      Math.min(top, baseline),
      Math.max(3, barWidth) + 2,
      Math.abs(baseline - top),
    );
    // the closed form of the mined negative, a diamond (off the curve where its logit carries a weight)
    context.beginPath();
    context.moveTo(mined.x, closedY - 5);
    context.lineTo(mined.x + 5, closedY);
    context.lineTo(mined.x, closedY + 5);
    context.lineTo(mined.x - 5, closedY);
    context.closePath();
    context.stroke();
  }
  drawStrategyMarks(context, layout);
  drawFalseNegativeTicks(context, layout);
  const hardest = layout.hardest;
  if (hardest) {
    context.fillStyle = MARK_COLOURS.hardest;
    const top = hardest.clamped ? baseline - 3 : hardest.top;
    context.fillRect(
      hardest.x - Math.max(2, barWidth) / 2,
      Math.min(top, baseline),
      Math.max(2, barWidth),
      Math.abs(baseline - top),
    );
    context.strokeStyle = MARK_COLOURS.text;
    context.lineWidth = 1;
    context.beginPath();
    context.arc(hardest.x, top, 5, 0, 2 * Math.PI);
    context.stroke();
    context.fillStyle = MARK_COLOURS.text;
    context.font = chartFont(11);
    context.textBaseline = 'middle';
    const label = `hardest: row ${hardest.column}, r = ${formatValue(hardest.weight)}`;
    const rightSide =
      hardest.x + 8 + context.measureText(label).width < layout.frame.left + layout.frame.width;
    context.textAlign = rightSide ? 'left' : 'right';
    context.fillText(label, hardest.x + (rightSide ? 8 : -8), Math.max(layout.frame.top + 6, top));
  }
}

/**
 * A negative strategy's marks: candidates it left out this step as grey ticks under the axis, and the anchor's
 * heaviest negatives beyond the shown rows as diamonds (queue keys, corpus rows) and triangles (MoCHi's points).
 */
function drawStrategyMarks(context: Draw2D, layout: NegativeWeightsLayout): void {
  const { baseline } = layout;
  context.fillStyle = MARK_COLOURS.masked;
  for (const mark of layout.dropped) context.fillRect(mark.x - 0.75, baseline + 1, 1.5, 5);
  for (const mark of layout.extra) {
    const synthetic = mark.kind === 'mixed' || mark.kind === 'query-mixed';
    context.fillStyle = synthetic ? MARK_COLOURS.synthetic : MARK_COLOURS.bank;
    context.strokeStyle = MARK_COLOURS.text;
    context.lineWidth = 0.75;
    context.beginPath();
    if (synthetic) {
      context.moveTo(mark.x, mark.y - 5);
      context.lineTo(mark.x + 4.5, mark.y + 3.5);
      context.lineTo(mark.x - 4.5, mark.y + 3.5);
    } else {
      context.moveTo(mark.x, mark.y - 4.5);
      context.lineTo(mark.x + 4.5, mark.y);
      context.lineTo(mark.x, mark.y + 4.5);
      context.lineTo(mark.x - 4.5, mark.y);
    }
    context.closePath();
    context.fill();
    context.stroke();
  }
}

/**
 * False negatives (the anchor's label; none with the labels hidden): a black tick above each such bar and extra
 * mark, and the ones the loss left out as black ticks under the axis where the others are grey (drawn over
 * them, longer). Ticks, not colours, so the bar keeps its hardest/mined colour.
 */
function drawFalseNegativeTicks(context: Draw2D, layout: NegativeWeightsLayout): void {
  const { baseline } = layout;
  context.fillStyle = MARK_COLOURS.falseNegative;
  for (const bar of layout.bars) {
    if (!bar.falseNegative) continue;
    // above the bar's top, or above the axis for a clamped stub or a negative (HCL) weight
    const top = bar.clamped ? baseline - 3 : Math.min(bar.top, baseline);
    context.fillRect(bar.x - 1, top - 9, 2, 6);
  }
  for (const mark of layout.extra) if (mark.falseNegative) context.fillRect(mark.x - 1, mark.y - 14, 2, 6);
  for (const mark of layout.dropped) if (mark.falseNegative) context.fillRect(mark.x - 1, baseline + 1, 2, 8);
}

/** Draws the gradient check: y = x, the negatives (blue) and the positive (green square). */
export function drawGradientCheck(
  context: Draw2D,
  layout: Extract<GradientCheckLayout, { available: true }>,
): void {
  drawAxes(context, layout.frame, {
    x: layout.x,
    y: layout.y,
    xLabel: '|dl_i/ds_ij| (closed form)',
    yLabel: '|dl_i/ds_ij| (autograd)',
    xTicks: 4,
  });
  context.save();
  context.beginPath();
  context.rect(layout.frame.left, layout.frame.top, layout.frame.width, layout.frame.height);
  context.clip();
  const [x0, y0, x1, y1] = layout.diagonal;
  context.strokeStyle = MARK_COLOURS.axis;
  context.setLineDash([4, 3]);
  context.beginPath();
  context.moveTo(x0, y0);
  context.lineTo(x1, y1);
  context.stroke();
  context.setLineDash([]);
  context.strokeStyle = MARK_COLOURS.negative;
  context.lineWidth = 1.2;
  context.beginPath(); // one path for all circles: one stroke call instead of 254
  for (const p of layout.points) {
    if (p.positive) continue;
    context.moveTo(p.x + 3, p.y);
    context.arc(p.x, p.y, 3, 0, 2 * Math.PI);
  }
  context.stroke();
  context.fillStyle = MARK_COLOURS.positive;
  for (const p of layout.points) if (p.positive) context.fillRect(p.x - 4, p.y - 4, 8, 8);
  context.restore();
}

/** The batch raster kept between frames: rebuilt only when the batch or the layout changes, not the anchor. */
export interface RasterCache {
  batch: BatchView | null;
  layout: BatchWeightsLayout | null;
  image: HTMLCanvasElement | null;
  /** reused while the size stays (allocating and clearing a fresh ImageData cost ~0.5 ms a snapshot) */
  data: ImageData | null;
}

/** A fresh, empty raster cache (one per chart instance, held in a ref). */
export function emptyRasterCache(): RasterCache {
  return { batch: null, layout: null, image: null, data: null };
}

/**
 * Draws the batch-wide scatter: every negative as a pixel (ImageData; false negatives black), the current
 * anchor's on top (vermillion dots; its false negatives as vermillion squares ringed in black). The dense
 * scatter stays a raster in a vector export too (an embedded image, which the export names).
 */
export function drawBatchWeights(
  context: Draw2D,
  batch: BatchView,
  layout: BatchWeightsLayout,
  anchorPoints: AnchorPoints,
  cache: RasterCache,
): void {
  drawAxes(context, layout.frame, {
    x: layout.x,
    y: layout.y,
    xLabel: 'similarity s_ij (all anchors)',
    yLabel: layout.y.log ? 'weight r_ij (log)' : 'weight r_ij',
    xTicks: 4,
  });
  const { frame } = layout;
  // One raster pixel per CSS pixel, scaled up unsmoothed: at device ratio 2 it took twice as long (measured).
  const pixelWidth = Math.max(1, Math.round(frame.width));
  const pixelHeight = Math.max(1, Math.round(frame.height));
  if (cache.batch !== batch || cache.layout !== layout || !cache.image) {
    const image = cache.image ?? document.createElement('canvas');
    if (image.width !== pixelWidth || image.height !== pixelHeight) {
      image.width = pixelWidth;
      image.height = pixelHeight;
    }
    const imageContext = image.getContext('2d');
    if (!imageContext) return;
    const data =
      cache.data?.width === pixelWidth && cache.data.height === pixelHeight
        ? cache.data
        : imageContext.createImageData(pixelWidth, pixelHeight);
    rasterizeBatchWeights(
      batch,
      layout,
      1,
      data.data,
      pixelWidth,
      pixelHeight,
      NEGATIVE_RGB,
      FALSE_NEGATIVE_RGB,
    );
    imageContext.putImageData(data, 0, 0);
    Object.assign(cache, { batch, layout, image, data });
  }
  if (cache.image) {
    context.imageSmoothingEnabled = false;
    context.drawImage(cache.image, frame.left, frame.top, frame.width, frame.height);
  }
  const { xy, falseNegative } = anchorPoints;
  context.fillStyle = MARK_COLOURS.anchor;
  context.strokeStyle = '#ffffff';
  context.lineWidth = 0.8;
  context.beginPath();
  for (let n = 0; 2 * n + 1 < xy.length; n++) {
    if (falseNegative[n] === 1) continue;
    const x = xy[2 * n] ?? 0;
    const y = xy[2 * n + 1] ?? 0;
    context.moveTo(x + 2.5, y);
    context.arc(x, y, 2.5, 0, 2 * Math.PI);
  }
  context.fill();
  context.stroke();
  context.strokeStyle = MARK_COLOURS.falseNegative;
  context.lineWidth = 1.2;
  context.beginPath();
  for (let n = 0; 2 * n + 1 < xy.length; n++) {
    if (falseNegative[n] === 1) context.rect((xy[2 * n] ?? 0) - 3, (xy[2 * n + 1] ?? 0) - 3, 6, 6);
  }
  context.fill();
  context.stroke();
}
