// Pure layout of the batch similarity heatmap: one RGBA pixel per cell (rows x rows, scaled up by the canvas),
// cell roles (self / positive / negative / false negative), marks for positives, hardest negatives, the anchor
// row's false negatives and the anchor row, and the pixel -> cell hit test behind the tooltip and row clicks.
// Rows are drawn through a display order (matrixOrder.ts); cells and the anchor are always batch rows. Cosine
// colours use d3's PuOr diverging scheme (ColorBrewer, colour-blind safe): -1 purple, 0 near white, +1 orange.

import { color, interpolatePuOr } from 'd3';
import type { BatchView } from '../../protocol/snapshot';
import { MARK_COLOURS } from '../palette';
import { type ClassBlock, classBlocks, identityOrder, positionsOf } from './matrixOrder';

/**
 * What a cell (i, j) is to anchor i: itself (masked), its positive, a negative, a false negative (a candidate
 * with its class, the snapshot's mask), one a negative strategy left out, or not in row i's loss at all (a row
 * without a loss of its own, or a column the objective does not compare it with).
 */
export type CellRole = 'self' | 'positive' | 'negative' | 'same-class' | 'dropped' | 'unused';

/** Legend text of each role (the label-matrix toggle). */
export const ROLE_LABELS: Readonly<Record<CellRole, string>> = {
  self: 'self: excluded from the softmax',
  positive: 'positive (row i XOR 1)',
  negative: 'negative, other class',
  'same-class': 'false negative (same class as the anchor)',
  dropped: 'a negative the strategy left out this step (no weight)',
  unused: 'not in row i’s loss under this objective',
};

/** Categorical colours of the roles (Okabe & Ito; grey for the masked diagonal; black for false negatives). */
export const ROLE_COLOURS: Readonly<Record<CellRole, string>> = {
  self: MARK_COLOURS.masked,
  positive: MARK_COLOURS.positive,
  negative: MARK_COLOURS.negative,
  'same-class': MARK_COLOURS.falseNegative,
  dropped: '#c9ced4',
  unused: '#f2f2f2',
};

/** What the heatmap's cells show: cosine similarity, or the role of each entry. */
export type MatrixMode = 'similarity' | 'labels';

/**
 * Role of cell (i, j): the diagonal is self, positives[i] the positive, the anchor's candidates false negatives
 * (the snapshot's mask, kept or not: elimination and attraction leave them all out) or, where a negative strategy
 * left one out this step, dropped, or negatives; the rest unused. With the labels hidden (no mask) nothing is a
 * false negative: the lab knows as little as on unlabelled data.
 */
export function cellRole(batch: BatchView, row: number, column: number): CellRole {
  if (row === column) return 'self';
  if (batch.positives[row] === column) return 'positive';
  const k = row * batch.rows + column;
  if (batch.candidates[k] !== 1) return 'unused';
  if (batch.falseNegatives?.[k] === 1) return 'same-class';
  return batch.kept[k] !== 1 ? 'dropped' : 'negative';
}

function rgbOf(css: string): [number, number, number] {
  const c = color(css)?.rgb();
  return c ? [Math.round(c.r), Math.round(c.g), Math.round(c.b)] : [0, 0, 0];
}

// 256-entry PuOr lookup for cosine (index round((1 + s) / 2 * 255)); built once, never written afterwards.
const COSINE_LUT: Uint8ClampedArray = (() => {
  const lut = new Uint8ClampedArray(256 * 3);
  for (let k = 0; k < 256; k++) lut.set(rgbOf(interpolatePuOr(k / 255)), 3 * k);
  return lut;
})();

const ROLE_RGB: Readonly<Record<CellRole, [number, number, number]>> = {
  self: rgbOf(ROLE_COLOURS.self),
  positive: rgbOf(ROLE_COLOURS.positive),
  negative: rgbOf(ROLE_COLOURS.negative),
  'same-class': rgbOf(ROLE_COLOURS['same-class']),
  dropped: rgbOf(ROLE_COLOURS.dropped),
  unused: rgbOf(ROLE_COLOURS.unused),
};

/** CSS colour of a cosine in [-1, 1] on the heatmap's scale (values outside are clamped). */
export function similarityColour(s: number): string {
  const k = 3 * lutIndex(s);
  return `rgb(${COSINE_LUT[k]}, ${COSINE_LUT[k + 1]}, ${COSINE_LUT[k + 2]})`;
}

function lutIndex(s: number): number {
  const t = Math.round(((s + 1) / 2) * 255);
  return Number.isNaN(t) ? 0 : Math.min(255, Math.max(0, t));
}

/**
 * Writes the heatmap's rows x rows RGBA pixels (row-major, 4 bytes per cell) into `pixels`, display position
 * (p, q) showing cell (order[p], order[q]): cosine colours, or role colours in label mode; the diagonal is always
 * the masked grey, and a candidate a negative strategy left out is drawn faded halfway to white (greyed, not
 * hidden): in its cosine colour, or in label mode a left-out false negative in the false-negative colour.
 */
export function fillMatrixPixels(
  batch: BatchView,
  mode: MatrixMode,
  pixels: Uint8ClampedArray,
  order: Int32Array = identityOrder(batch.rows),
): void {
  const { rows, similarity } = batch;
  if (pixels.length < rows * rows * 4) throw new Error(`invalid pixel buffer: ${pixels.length}`);
  if (order.length !== rows) throw new Error(`invalid row order: ${order.length} rows for ${rows}`);
  // One flat loop over the cells: a nested one is compiled on-stack for its inner loop and thrown away on every
  // call (V8 "exit from OSR'd inner loop"), which at ~10 draws a second kept the optimising compiler busy.
  for (let d = 0; d < rows * rows; d++) {
    const p = Math.floor(d / rows);
    const i = order[p] as number;
    const j = order[d - p * rows] as number;
    const k = i * rows + j;
    const o = 4 * d;
    // a left-out candidate: halfway to white (inline: this loop runs over every cell on every draw)
    const fade = batch.kept[k] === 0 && batch.candidates[k] === 1 ? 0.5 : 0;
    if (mode === 'labels' || i === j) {
      const role = cellRole(batch, i, j);
      const rgb = ROLE_RGB[role];
      // only a false negative is faded here: 'dropped' has a colour of its own
      const f = role === 'same-class' ? fade : 0;
      pixels[o] = rgb[0] * (1 - f) + 255 * f;
      pixels[o + 1] = rgb[1] * (1 - f) + 255 * f;
      pixels[o + 2] = rgb[2] * (1 - f) + 255 * f;
    } else {
      const c = 3 * lutIndex(similarity[k] ?? Number.NaN);
      pixels[o] = (COSINE_LUT[c] ?? 0) * (1 - fade) + 255 * fade;
      pixels[o + 1] = (COSINE_LUT[c + 1] ?? 0) * (1 - fade) + 255 * fade;
      pixels[o + 2] = (COSINE_LUT[c + 2] ?? 0) * (1 - fade) + 255 * fade;
    }
    pixels[o + 3] = 255;
  }
}

/** A cell of the matrix: anchor row i, column j. */
export interface Cell {
  readonly row: number;
  readonly column: number;
}

/** Margins of the heatmap: row numbers on the left, column numbers on top, in CSS pixels. */
export const MATRIX_MARGINS = { left: 30, top: 16, right: 6, bottom: 6 } as const;
/** Largest heatmap side, in CSS pixels. */
const MAX_MATRIX_SIZE = 640;

/** A row or column label on the axes: a row number (the loss's order) or a class (the class order). */
export interface MatrixTick {
  /** display position of the label's centre, in cells */
  readonly at: number;
  readonly text: string;
}

/** Where the heatmap and its marks sit on the canvas (CSS pixels). Cells are batch rows; see `order`. */
export interface SimilarityLayout {
  readonly rows: number;
  /** canvas size */
  readonly width: number;
  readonly height: number;
  /** the heatmap square: top-left corner, side, and side of one cell */
  readonly left: number;
  readonly top: number;
  readonly size: number;
  readonly cell: number;
  readonly anchor: number;
  /** display position -> batch row, and its inverse (batch row -> display position) */
  readonly order: Int32Array;
  readonly positions: Int32Array;
  /** cells to outline: (i, positives[i]) */
  readonly positives: readonly Cell[];
  /** dots: each row's hardest negative (i, hardestNegative[i]) */
  readonly hardest: readonly Cell[];
  /** the anchor row's false negatives (empty with the labels hidden) */
  readonly falseNegatives: readonly Cell[];
  /** class blocks to separate (class order only; empty in the loss's order) */
  readonly blocks: readonly ClassBlock[];
  /** row/column labels on the axes */
  readonly ticks: readonly MatrixTick[];
  /** cells are big enough (>= 4 px) to hatch the masked diagonal */
  readonly hatch: boolean;
}

/** Least gap between two class labels on an axis, in CSS pixels (closer ones are left out). */
const CLASS_TICK_GAP = 14;

/**
 * Lays out the heatmap of `batch` for a canvas `width` CSS pixels wide (square, at most 640 px), rows in the
 * display order `order` (display position -> batch row; the loss's own order by default). A class order
 * (`byClass`) labels its blocks with their class instead of numbering rows.
 */
export function layoutSimilarity(
  batch: BatchView,
  anchor: number,
  width: number,
  order: Int32Array = identityOrder(batch.rows),
  byClass = false,
): SimilarityLayout {
  const { rows } = batch;
  if (order.length !== rows) throw new Error(`invalid row order: ${order.length} rows for ${rows}`);
  const size = Math.max(1, Math.min(MAX_MATRIX_SIZE, width - MATRIX_MARGINS.left - MATRIX_MARGINS.right));
  const cell = size / Math.max(1, rows);
  const positives: Cell[] = [];
  const hardest: Cell[] = [];
  for (let i = 0; i < rows; i++) {
    const p = batch.positives[i] ?? -1;
    if (p >= 0 && p < rows) positives.push({ row: i, column: p });
    const h = batch.hardestNegative[i] ?? -1;
    if (h >= 0 && h < rows) hardest.push({ row: i, column: h });
  }
  const falseNegatives: Cell[] = [];
  const mask = batch.falseNegatives;
  if (mask && anchor >= 0 && anchor < rows) {
    for (let j = 0; j < rows; j++)
      if (mask[anchor * rows + j] === 1) falseNegatives.push({ row: anchor, column: j });
  }
  const blocks = byClass ? classBlocks(batch.labels, order) : [];
  return {
    rows,
    width: MATRIX_MARGINS.left + size + MATRIX_MARGINS.right,
    height: MATRIX_MARGINS.top + size + MATRIX_MARGINS.bottom,
    left: MATRIX_MARGINS.left,
    top: MATRIX_MARGINS.top,
    size,
    cell,
    anchor,
    order,
    positions: positionsOf(order),
    positives,
    hardest,
    falseNegatives,
    blocks,
    ticks: byClass ? classTicks(blocks, cell) : rowTicks(rows),
    hatch: cell >= 4,
  };
}

function rowTicks(rows: number): MatrixTick[] {
  const step = rows <= 16 ? 4 : rows <= 64 ? 16 : 64;
  const ticks: MatrixTick[] = [];
  for (let t = 0; t < rows; t += step) ticks.push({ at: t + 0.5, text: String(t) });
  return ticks;
}

// A class label at the middle of each block, skipping one too close to the last label drawn.
function classTicks(blocks: readonly ClassBlock[], cell: number): MatrixTick[] {
  const ticks: MatrixTick[] = [];
  for (const block of blocks) {
    const at = (block.start + block.end) / 2;
    const last = ticks[ticks.length - 1];
    if (last && (at - last.at) * cell < CLASS_TICK_GAP) continue;
    ticks.push({ at, text: `c${block.label}` });
  }
  return ticks;
}

/** The cell (batch rows) under canvas point (x, y) in CSS pixels, or null outside the heatmap. */
export function cellAt(layout: SimilarityLayout, x: number, y: number): Cell | null {
  const q = Math.floor((x - layout.left) / layout.cell);
  const p = Math.floor((y - layout.top) / layout.cell);
  if (!(p >= 0 && p < layout.rows && q >= 0 && q < layout.rows)) return null;
  return { row: layout.order[p] as number, column: layout.order[q] as number };
}

/** Top-left corner of a cell (batch rows) in CSS pixels, where the display order puts it (inverse of cellAt). */
export function cellOrigin(layout: SimilarityLayout, cell: Cell): { x: number; y: number } {
  const p = layout.positions[cell.row] ?? 0;
  const q = layout.positions[cell.column] ?? 0;
  return { x: layout.left + q * layout.cell, y: layout.top + p * layout.cell };
}

/** What the tooltip says about one cell. */
export interface CellInfo extends Cell {
  readonly role: CellRole;
  /** s_ij, cosine */
  readonly similarity: number;
  /** r_ij, the objective's weight of j among anchor i's negatives (0 off them) */
  readonly weight: number;
  /** dl_i/ds_ij of anchor i's own loss (autograd; 0 on a row without a loss of its own) */
  readonly gradient: number;
  /** a candidate the loss leaves out this step (a selection, elimination, attraction or the filter) */
  readonly leftOut: boolean;
}

/** The numbers of cell (i, j) from the snapshot. */
export function describeCell(batch: BatchView, cell: Cell): CellInfo {
  const k = cell.row * batch.rows + cell.column;
  return {
    ...cell,
    role: cellRole(batch, cell.row, cell.column),
    similarity: batch.similarity[k] ?? Number.NaN,
    weight: batch.negativeWeights[k] ?? Number.NaN,
    gradient: batch.similarityGradient[k] ?? Number.NaN,
    leftOut: batch.candidates[k] === 1 && batch.kept[k] !== 1,
  };
}
