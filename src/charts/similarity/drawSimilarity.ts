// Canvas drawing of the similarity heatmap from its pure layout: the rows x rows pixel image scaled up without
// smoothing (one drawImage, not 65k fillRects), then the few hundred marks on top. In a vector export the cells
// stay that one image (a raster by nature, embedded one pixel a cell) and the marks are vectors.

import type { BatchView } from '../../protocol/snapshot';
import { chartFont } from '../axes';
import type { Draw2D } from '../draw2d';
import { MARK_COLOURS } from '../palette';
import {
  type Cell,
  cellOrigin,
  fillMatrixPixels,
  type MatrixMode,
  type SimilarityLayout,
} from './similarityLayout';

/** The cell image kept between frames: rebuilt only when the batch, the mode or the row order changes. */
export interface MatrixImageCache {
  batch: BatchView | null;
  mode: MatrixMode | null;
  order: Int32Array | null;
  image: HTMLCanvasElement | null;
  /** the image's pixels, reused while the batch size stays (a new 256 x 256 buffer a snapshot fed the GC) */
  pixels: ImageData | null;
}

/** A fresh, empty image cache (one per chart instance, held in a ref). */
export function emptyMatrixImageCache(): MatrixImageCache {
  return { batch: null, mode: null, order: null, image: null, pixels: null };
}

function matrixImage(
  batch: BatchView,
  mode: MatrixMode,
  order: Int32Array,
  cache: MatrixImageCache,
): HTMLCanvasElement | null {
  if (cache.image && cache.batch === batch && cache.mode === mode && cache.order === order)
    return cache.image;
  const image = cache.image ?? document.createElement('canvas');
  // Resizing a canvas, even to its own size, drops its bitmap: only when the batch size changed.
  if (image.width !== batch.rows || image.height !== batch.rows) {
    image.width = batch.rows;
    image.height = batch.rows;
  }
  const context = image.getContext('2d');
  if (!context || batch.rows === 0) return null;
  const pixels =
    cache.pixels?.width === batch.rows ? cache.pixels : context.createImageData(batch.rows, batch.rows);
  fillMatrixPixels(batch, mode, pixels.data, order);
  context.putImageData(pixels, 0, 0);
  Object.assign(cache, { batch, mode, order, image, pixels });
  return image;
}

/**
 * Draws the heatmap: cells (cosine or roles) in the layout's row order, class blocks separated, the hatched/grey
 * masked diagonal, positives outlined, each row's hardest negative as a dot, the anchor row's false negatives as
 * black squares (cosine mode), the anchor row framed, the hovered cell outlined, row numbers or classes.
 */
export function drawSimilarity(
  context: Draw2D,
  batch: BatchView,
  layout: SimilarityLayout,
  mode: MatrixMode,
  hover: Cell | null,
  cache: MatrixImageCache,
): void {
  const { left, top, size, cell } = layout;
  const image = matrixImage(batch, mode, layout.order, cache);
  if (image) {
    context.imageSmoothingEnabled = false;
    context.drawImage(image, left, top, size, size);
  }
  drawBlockLines(context, layout);
  if (layout.hatch) {
    context.strokeStyle = '#ffffff';
    context.lineWidth = 1;
    context.beginPath();
    for (let i = 0; i < layout.rows; i++) {
      const o = cellOrigin(layout, { row: i, column: i });
      context.moveTo(o.x, o.y + cell);
      context.lineTo(o.x + cell, o.y);
    }
    context.stroke();
  }
  if (mode === 'similarity') {
    context.strokeStyle = MARK_COLOURS.positive;
    context.lineWidth = Math.max(1, Math.min(2, cell * 0.25));
    context.beginPath();
    for (const p of layout.positives) {
      const o = cellOrigin(layout, p);
      context.rect(o.x, o.y, cell, cell);
    }
    context.stroke();
  }
  const radius = Math.max(1.8, Math.min(4, cell * 0.35));
  context.fillStyle = MARK_COLOURS.hardest;
  context.strokeStyle = MARK_COLOURS.text;
  context.lineWidth = 0.8;
  context.beginPath();
  for (const h of layout.hardest) {
    const o = cellOrigin(layout, h);
    context.moveTo(o.x + cell / 2 + radius, o.y + cell / 2);
    context.arc(o.x + cell / 2, o.y + cell / 2, radius, 0, 2 * Math.PI);
  }
  context.fill();
  context.stroke();
  if (mode === 'similarity') drawFalseNegatives(context, layout);
  // The anchor row: framed in the text colour (visible on both ends of the diverging scale), arrow in the margin.
  const anchorY = cellOrigin(layout, { row: layout.anchor, column: layout.anchor }).y;
  context.strokeStyle = MARK_COLOURS.text;
  context.lineWidth = 1.5;
  context.strokeRect(left - 0.75, anchorY - 0.75, size + 1.5, cell + 1.5);
  context.fillStyle = MARK_COLOURS.anchor;
  context.beginPath();
  context.moveTo(left - 2, anchorY + cell / 2);
  context.lineTo(left - 9, anchorY + cell / 2 - 5);
  context.lineTo(left - 9, anchorY + cell / 2 + 5);
  context.closePath();
  context.fill();
  if (hover) {
    const o = cellOrigin(layout, hover);
    context.strokeStyle = MARK_COLOURS.text;
    context.lineWidth = 1;
    context.strokeRect(o.x - 1.5, o.y - 1.5, cell + 3, cell + 3);
  }
  context.font = chartFont(10);
  context.fillStyle = MARK_COLOURS.axis;
  context.textAlign = 'right';
  context.textBaseline = 'middle';
  for (const t of layout.ticks) context.fillText(t.text, left - 10, top + t.at * cell);
  context.textAlign = 'center';
  context.textBaseline = 'bottom';
  for (const t of layout.ticks) context.fillText(t.text, left + t.at * cell, top - 2);
}

// Thin lines between class blocks (class order only), so a block reads as one class in cosine mode too.
function drawBlockLines(context: Draw2D, layout: SimilarityLayout): void {
  const { left, top, size, cell } = layout;
  context.strokeStyle = MARK_COLOURS.axis;
  context.lineWidth = 1;
  context.beginPath();
  for (const block of layout.blocks) {
    if (block.start === 0) continue;
    const at = block.start * cell;
    context.moveTo(left + at, top);
    context.lineTo(left + at, top + size);
    context.moveTo(left, top + at);
    context.lineTo(left + size, top + at);
  }
  context.stroke();
}

// The anchor row's false negatives: small black squares with a white rim (seen on both ends of the scale), a
// shape apart from the hardest negative's round dot.
function drawFalseNegatives(context: Draw2D, layout: SimilarityLayout): void {
  const { cell } = layout;
  const side = Math.max(2.5, Math.min(6, cell * 0.5));
  context.fillStyle = MARK_COLOURS.falseNegative;
  context.strokeStyle = '#ffffff';
  context.lineWidth = 0.8;
  context.beginPath();
  for (const f of layout.falseNegatives) {
    const o = cellOrigin(layout, f);
    context.rect(o.x + (cell - side) / 2, o.y + (cell - side) / 2, side, side);
  }
  context.fill();
  context.stroke();
}
