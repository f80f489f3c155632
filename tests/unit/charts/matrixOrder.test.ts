// The similarity matrix sorted by class: the permutation keeps pairs together and groups labels, the hit test
// and the arrow keys map back to batch rows, and in label mode the false negatives fall inside the class blocks.

import { describe, expect, it } from 'vitest';
import {
  classBlocks,
  classOrder,
  identityOrder,
  positionsOf,
  rowOrderOf,
  stepRow,
} from '../../../src/charts/similarity/matrixOrder';
import {
  cellAt,
  cellOrigin,
  cellRole,
  fillMatrixPixels,
  layoutSimilarity,
  ROLE_COLOURS,
} from '../../../src/charts/similarity/similarityLayout';
import type { BatchView } from '../../../src/protocol/snapshot';
import { fakeBatch } from './fakeBatch';

// 10 pairs of 3 classes: labels by pair 0 1 2 0 1 2 0 1 2 0, so the loss's order interleaves the classes
const batch = fakeBatch(10, 4, 0.1, { classes: 3 });
const label = (row: number) => batch.labels[row] as number;

/** Supervised SimCSE's shape: pairs [a, a'], then one hard-negative row per pair with no positive. */
function withHardNegativeRows(labels: readonly number[]): Pick<BatchView, 'rows' | 'labels' | 'positives'> {
  const n = labels.length;
  return {
    rows: 3 * n,
    labels: Int32Array.from({ length: 3 * n }, (_, i) =>
      i < 2 * n ? (labels[i >> 1] as number) : (labels[i - 2 * n] as number),
    ),
    positives: Int32Array.from({ length: 3 * n }, (_, i) => (i < 2 * n ? i ^ 1 : -1)),
  };
}

const rgbAt = (pixels: Uint8ClampedArray, d: number) => [pixels[4 * d], pixels[4 * d + 1], pixels[4 * d + 2]];
const hexRgb = (hex: string) => [1, 3, 5].map((o) => Number.parseInt(hex.slice(o, o + 2), 16));

describe('classOrder', () => {
  it('keeps each pair adjacent, a before a′, and sorts the pairs stably by label', () => {
    const order = classOrder(batch);
    expect(Array.from(order).sort((a, b) => a - b)).toEqual(Array.from(identityOrder(batch.rows)));
    // pairs 0, 3, 6, 9 are class 0, then 1, 4, 7 class 1, then 2, 5, 8 class 2 (stable: in the loss's order)
    const pairs = [0, 3, 6, 9, 1, 4, 7, 2, 5, 8];
    expect(Array.from(order)).toEqual(pairs.flatMap((k) => [2 * k, 2 * k + 1]));
    for (let p = 0; p + 1 < order.length; p += 2) {
      expect(batch.positives[order[p] as number]).toBe(order[p + 1]);
    }
    const labels = Array.from(order, label);
    expect(labels).toEqual([...labels].sort((a, b) => a - b));
  });

  it('puts rows outside a pair after the pairs, sorted by label', () => {
    const shape = withHardNegativeRows([2, 0, 1, 0]);
    const order = Array.from(classOrder(shape));
    // pairs by label: pair 1 (0), pair 3 (0), pair 2 (1), pair 0 (2); then hard-negative rows 8..11 by label
    expect(order).toEqual([2, 3, 6, 7, 4, 5, 0, 1, 9, 11, 10, 8]);
    const blocks = classBlocks(shape.labels, Int32Array.from(order));
    expect(blocks.map((b) => [b.label, b.start, b.end])).toEqual([
      [0, 0, 4],
      [1, 4, 6],
      [2, 6, 8],
      [0, 8, 10],
      [1, 10, 11],
      [2, 11, 12],
    ]);
  });

  it('is the identity in the loss’s order, and positionsOf inverts a permutation', () => {
    expect(Array.from(rowOrderOf(batch, 'pairs'))).toEqual(Array.from(identityOrder(batch.rows)));
    const order = rowOrderOf(batch, 'class');
    const positions = positionsOf(order);
    for (let row = 0; row < batch.rows; row++) expect(order[positions[row] as number]).toBe(row);
  });
});

describe('the matrix sorted by class', () => {
  const order = classOrder(batch);
  const layout = layoutSimilarity(batch, 7, 400, order, true);

  it('maps a pixel to the batch rows drawn there, the inverse of cellOrigin', () => {
    for (let p = 0; p < batch.rows; p++) {
      for (let q = 0; q < batch.rows; q++) {
        const x = layout.left + (q + 0.5) * layout.cell;
        const y = layout.top + (p + 0.5) * layout.cell;
        const cell = cellAt(layout, x, y);
        expect(cell).toEqual({ row: order[p], column: order[q] });
        expect(cellOrigin(layout, cell ?? { row: -1, column: -1 })).toEqual({
          x: layout.left + q * layout.cell,
          y: layout.top + p * layout.cell,
        });
      }
    }
    // the top-left cell is row 0's self cell in both orders; the second row drawn is row 1, then row 6
    expect(cellAt(layout, layout.left + 1, layout.top + 2.5 * layout.cell)).toEqual({ row: 6, column: 0 });
  });

  it('moves the anchor down and up the rows as drawn (arrow keys)', () => {
    const positions = layout.positions;
    expect(stepRow(order, positions, 1, 1)).toBe(6); // after pair 0 comes pair 3
    expect(stepRow(order, positions, 6, -1)).toBe(1);
    expect(stepRow(order, positions, order[order.length - 1] as number, 1)).toBe(order[order.length - 1]);
    expect(stepRow(order, positions, 0, -1)).toBe(0);
  });

  it('labels the class blocks on the axes instead of row numbers', () => {
    expect(layout.blocks.map((b) => [b.label, b.start, b.end])).toEqual([
      [0, 0, 8],
      [1, 8, 14],
      [2, 14, 20],
    ]);
    expect(layout.ticks).toEqual([
      { at: 4, text: 'c0' },
      { at: 11, text: 'c1' },
      { at: 17, text: 'c2' },
    ]);
    expect(layoutSimilarity(batch, 7, 400).ticks.map((t) => t.text)).toEqual(['0', '16']);
  });

  it('in label mode draws every false negative, black, inside a class block, and none outside', () => {
    const pixels = new Uint8ClampedArray(batch.rows * batch.rows * 4);
    fillMatrixPixels(batch, 'labels', pixels, order);
    const black = hexRgb(ROLE_COLOURS['same-class']);
    const inBlock = (p: number, q: number) => label(order[p] as number) === label(order[q] as number);
    let drawn = 0;
    const sums = { in: [0, 0, 0], out: [0, 0, 0], nIn: 0, nOut: 0 };
    for (let p = 0; p < batch.rows; p++) {
      for (let q = 0; q < batch.rows; q++) {
        const rgb = rgbAt(pixels, p * batch.rows + q);
        if (rgb.every((v, c) => v === black[c])) {
          expect(inBlock(p, q)).toBe(true);
          expect(batch.falseNegatives?.[(order[p] as number) * batch.rows + (order[q] as number)]).toBe(1);
          drawn++;
        }
        if (p === q || Math.floor(p / 2) === Math.floor(q / 2)) continue; // self and the pair's positive
        const side = inBlock(p, q) ? 'in' : 'out';
        rgb.forEach((v, c) => {
          sums[side][c] = (sums[side][c] as number) + (v as number);
        });
        if (side === 'in') sums.nIn++;
        else sums.nOut++;
      }
    }
    const falseNegatives = (batch.falseNegatives ?? new Uint8Array(0)).reduce((n, v) => n + v, 0);
    expect(falseNegatives).toBeGreaterThan(0);
    expect(drawn).toBe(falseNegatives);
    // off the pairs, a block is all false negatives (black) and the rest all negatives (blue)
    expect(sums.in.map((v) => Math.round(v / sums.nIn))).toEqual(black);
    expect(sums.out.map((v) => Math.round(v / sums.nOut))).toEqual(hexRgb(ROLE_COLOURS.negative));
  });

  it('marks the anchor row’s false negatives: exactly its same-class candidates', () => {
    const anchor = 7; // pair 3, class 0: rows 0, 1, 12, 13, 18, 19 share its class
    expect(layout.falseNegatives).toEqual([0, 1, 12, 13, 18, 19].map((column) => ({ row: anchor, column })));
  });
});

describe('with the labels hidden', () => {
  const hidden: BatchView = { ...batch, falseNegatives: null };

  it('marks no false negative: no role, no black cell, no mark', () => {
    const pixels = new Uint8ClampedArray(hidden.rows * hidden.rows * 4);
    fillMatrixPixels(hidden, 'labels', pixels);
    const black = hexRgb(ROLE_COLOURS['same-class']);
    for (let i = 0; i < hidden.rows; i++) {
      for (let j = 0; j < hidden.rows; j++) {
        expect(cellRole(hidden, i, j)).not.toBe('same-class');
        expect(rgbAt(pixels, i * hidden.rows + j)).not.toEqual(black);
      }
    }
    // row 0 and row 6 share class 0: a plain negative now
    expect(cellRole(hidden, 0, 6)).toBe('negative');
    expect(cellRole(batch, 0, 6)).toBe('same-class');
    expect(layoutSimilarity(hidden, 0, 400).falseNegatives).toEqual([]);
  });
});

describe('a false negative the loss leaves out (eliminate, attract, the filter)', () => {
  it('keeps its role and is faded halfway to white in label mode', () => {
    const kept = batch.kept.slice();
    const k = 0 * batch.rows + 6; // row 0's false negative 6
    kept[k] = 0;
    const eliminated = { ...batch, kept };
    expect(cellRole(eliminated, 0, 6)).toBe('same-class');
    const pixels = new Uint8ClampedArray(batch.rows * batch.rows * 4);
    fillMatrixPixels(eliminated, 'labels', pixels);
    expect(rgbAt(pixels, k)).toEqual(
      hexRgb(ROLE_COLOURS['same-class']).map((v) => Math.round((v + 255) / 2)),
    );
  });
});
