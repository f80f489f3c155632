// Pure layout of the negative-weights chart's batch-wide panel: r_ij against s_ij for every anchor's candidate
// negatives (up to 256 x 254 points), rasterised into an RGBA buffer in one pass (false negatives in a colour of
// their own), plus the current anchor's points.

import type { BatchView } from '../../protocol/snapshot';
import { linearScale, type PlotFrame, plotFrame, type Scale } from '../axes';
import { WEIGHT_LOG_FLOOR, WEIGHT_MARGINS, type WeightPanelOptions, weightScale } from './weightsLayout';

/** The batch-wide scatter: r_ij against s_ij over every anchor's negatives (independent of the anchor). */
export interface BatchWeightsLayout {
  readonly frame: PlotFrame;
  readonly x: Scale;
  readonly y: Scale;
  /** negatives plotted (every anchor's candidates: rows x (rows - 2) for InfoNCE) */
  readonly points: number;
  /** of those, drawn at the log floor (0 on a linear axis) */
  readonly clamped: number;
}

/** Lays out the batch-wide scatter, axes fitted to every anchor's negatives (no subsampling: see rasterize). */
export function layoutBatchWeights(batch: BatchView, options: WeightPanelOptions): BatchWeightsLayout {
  const frame = plotFrame(options.width, options.height, WEIGHT_MARGINS);
  let sLo = Number.POSITIVE_INFINITY;
  let sHi = Number.NEGATIVE_INFINITY;
  let largest = 0;
  let smallest = 0;
  let points = 0;
  let clamped = 0;
  const { rows, similarity, negativeWeights, candidates } = batch;
  // Flat loops over the cells here and in rasterizeBatchWeights (see fillMatrixPixels for why not nested).
  for (let k = 0; k < rows * rows; k++) {
    if (candidates[k] !== 1) continue;
    const s = similarity[k] as number;
    const r = negativeWeights[k] as number;
    if (s < sLo) sLo = s;
    if (s > sHi) sHi = s;
    if (r > largest) largest = r;
    if (r < smallest) smallest = r;
    if (!(r >= WEIGHT_LOG_FLOOR)) clamped++;
    points++;
  }
  // Plain assignments, not array destructuring: its iterator protocol made V8 deoptimise this hot function.
  if (points === 0) {
    sLo = -1;
    sHi = 1;
  }
  const pad = Math.max(0.01, (sHi - sLo) * 0.03);
  const x = linearScale([sLo - pad, sHi + pad], [frame.left, frame.left + frame.width]);
  const y = weightScale(largest, frame, options.log, smallest);
  return { frame, x, y, points, clamped: options.log ? clamped : 0 };
}

/** The current anchor's negatives on the batch-wide scatter. */
export interface AnchorPoints {
  /** x0, y0, x1, y1, ... in CSS pixels, one point per candidate in column order */
  readonly xy: Float64Array;
  /** per point, 1 for a false negative of the anchor (all 0 with the labels hidden) */
  readonly falseNegative: Uint8Array;
}

/** The current anchor's negatives on the batch-wide scatter, its false negatives flagged. */
export function anchorWeightPoints(
  batch: BatchView,
  anchor: number,
  layout: BatchWeightsLayout,
): AnchorPoints {
  const { rows } = batch;
  const xy: number[] = [];
  const falseNegative: number[] = [];
  for (let j = 0; j < rows; j++) {
    const k = anchor * rows + j;
    if (batch.candidates[k] !== 1) continue;
    xy.push(layout.x(batch.similarity[k] ?? 0), layout.y(batch.negativeWeights[k] ?? 0));
    falseNegative.push(batch.falseNegatives?.[k] === 1 ? 1 : 0);
  }
  return { xy: Float64Array.from(xy), falseNegative: Uint8Array.from(falseNegative) };
}

/** An RGB colour as bytes. */
type Rgb = readonly [number, number, number];

/**
 * Rasterises every negative of the batch into an RGBA buffer covering the layout's plot frame at `ratio`
 * device pixels per CSS pixel (pixelWidth x pixelHeight): one pixel per point, opacity growing with the number
 * of points on it, in `rgb`; a pixel holding any false negative (the batch's mask; none with the labels hidden)
 * in `falseNegativeRgb` when given, so they stand out of the pile. 65k points cost one pass and no canvas calls.
 * Returns the points drawn.
 */
export function rasterizeBatchWeights(
  batch: BatchView,
  layout: BatchWeightsLayout,
  ratio: number,
  pixels: Uint8ClampedArray,
  pixelWidth: number,
  pixelHeight: number,
  rgb: Rgb,
  falseNegativeRgb: Rgb | null = null,
): number {
  const counts = new Uint16Array(pixelWidth * pixelHeight);
  const mask = falseNegativeRgb ? batch.falseNegatives : null;
  // per pixel, 1 where a false negative lies (only allocated when there is a mask to draw)
  const marked = mask ? new Uint8Array(pixelWidth * pixelHeight) : null;
  const { x, y, frame } = layout;
  // The scales inlined (x linear, y linear or log10 with its floor): 65k closure calls cost more than the maths.
  const kx = ((x.range[1] - x.range[0]) / (x.domain[1] - x.domain[0])) * ratio;
  const x0 = (x.range[0] - frame.left) * ratio;
  const xLo = x.domain[0];
  const yIsLog = y.log;
  const [floor, top] = y.domain;
  const yLo = y.log ? Math.log10(floor) : floor;
  const ky = ((y.range[1] - y.range[0]) / ((y.log ? Math.log10(top) : top) - yLo)) * ratio;
  const y0 = (y.range[0] - frame.top) * ratio;
  const { rows, similarity, negativeWeights, candidates } = batch;
  let drawn = 0;
  for (let k = 0; k < rows * rows; k++) {
    if (candidates[k] !== 1) continue;
    const s = similarity[k] as number;
    const r = negativeWeights[k] as number;
    const px = Math.floor(x0 + (s - xLo) * kx);
    // log10 only above the floor (at small tau most weights are below it); NaN stays NaN and is skipped.
    const value = yIsLog ? (r > floor ? Math.log10(r) : r <= floor ? yLo : Number.NaN) : r;
    const py = Math.min(pixelHeight - 1, Math.floor(y0 + (value - yLo) * ky));
    if (!(px >= 0 && px < pixelWidth && py >= 0)) continue; // NaN fails too
    const cell = py * pixelWidth + px;
    const count = counts[cell] as number;
    if (count < 65535) counts[cell] = count + 1;
    if (marked && mask?.[k] === 1) marked[cell] = 1;
    drawn++;
  }
  pixels.fill(0, 0, 4 * counts.length); // transparent; then only the (at most 65k) lit pixels are written
  for (let k = 0; k < counts.length; k++) {
    const count = counts[k] as number;
    if (count === 0) continue;
    const o = 4 * k;
    const colour = marked?.[k] === 1 && falseNegativeRgb ? falseNegativeRgb : rgb;
    pixels[o] = colour[0];
    pixels[o + 1] = colour[1];
    pixels[o + 2] = colour[2];
    // 1 - 0.6^count: one point is faint, a pile of them solid.
    pixels[o + 3] = Math.round(255 * (1 - 0.6 ** Math.min(count, 16)));
  }
  return drawn;
}
