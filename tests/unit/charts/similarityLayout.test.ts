import { describe, expect, it } from 'vitest';
import {
  cellAt,
  cellOrigin,
  cellRole,
  describeCell,
  fillMatrixPixels,
  layoutSimilarity,
  ROLE_COLOURS,
  similarityColour,
} from '../../../src/charts/similarity/similarityLayout';
import { fakeBatch } from './fakeBatch';

const batch = fakeBatch(6, 4, 0.1, { classes: 2 });
const rgbAt = (pixels: Uint8ClampedArray, k: number) =>
  `rgb(${pixels[4 * k]}, ${pixels[4 * k + 1]}, ${pixels[4 * k + 2]})`;
const hexToRgb = (hex: string) =>
  `rgb(${Number.parseInt(hex.slice(1, 3), 16)}, ${Number.parseInt(hex.slice(3, 5), 16)}, ${Number.parseInt(hex.slice(5, 7), 16)})`;

describe('cell roles and pixels', () => {
  it('flags the diagonal as masked self cells and paints them grey in both modes', () => {
    for (const mode of ['similarity', 'labels'] as const) {
      const pixels = new Uint8ClampedArray(batch.rows * batch.rows * 4);
      fillMatrixPixels(batch, mode, pixels);
      for (let i = 0; i < batch.rows; i++) {
        expect(cellRole(batch, i, i)).toBe('self');
        expect(rgbAt(pixels, i * batch.rows + i)).toBe(hexToRgb(ROLE_COLOURS.self));
        expect(pixels[4 * (i * batch.rows + i) + 3]).toBe(255);
      }
    }
  });

  it('gives positives at (i, i XOR 1) and negatives elsewhere, split by class', () => {
    for (let i = 0; i < batch.rows; i++) {
      for (let j = 0; j < batch.rows; j++) {
        const role = cellRole(batch, i, j);
        if (i === j) continue;
        if (j === (i ^ 1)) expect(role).toBe('positive');
        else expect(role).toBe(batch.labels[i] === batch.labels[j] ? 'same-class' : 'negative');
      }
    }
  });

  it('colours off-diagonal cells by cosine on the diverging scale', () => {
    const pixels = new Uint8ClampedArray(batch.rows * batch.rows * 4);
    fillMatrixPixels(batch, 'similarity', pixels);
    const k = 0 * batch.rows + 3;
    expect(rgbAt(pixels, k)).toBe(similarityColour(batch.similarity[k] ?? Number.NaN));
    expect(similarityColour(-1)).not.toBe(similarityColour(1));
    expect(similarityColour(5)).toBe(similarityColour(1));
  });
});

describe('layoutSimilarity', () => {
  const layout = layoutSimilarity(batch, 3, 300);

  it('outlines the positives at (i, i XOR 1) and dots every row hardest negative', () => {
    expect(layout.positives).toEqual(
      Array.from({ length: batch.rows }, (_, i) => ({ row: i, column: i ^ 1 })),
    );
    expect(layout.hardest).toHaveLength(batch.rows);
    for (const cell of layout.hardest) {
      expect(cellRole(batch, cell.row, cell.column)).not.toBe('self');
      expect(cell.column).not.toBe(cell.row ^ 1);
    }
  });

  it('fits a square heatmap into the width', () => {
    expect(layout.width).toBeLessThanOrEqual(300);
    expect(layout.cell * batch.rows).toBeCloseTo(layout.size, 9);
    expect(layout.hatch).toBe(true);
  });

  it('maps a pixel to its cell (hit test), the inverse of cellOrigin', () => {
    for (let i = 0; i < batch.rows; i++) {
      for (let j = 0; j < batch.rows; j++) {
        const o = cellOrigin(layout, { row: i, column: j });
        expect(cellAt(layout, o.x + layout.cell / 2, o.y + layout.cell / 2)).toEqual({ row: i, column: j });
        expect(cellAt(layout, o.x + 0.01, o.y + layout.cell - 0.01)).toEqual({ row: i, column: j });
      }
    }
    expect(cellAt(layout, layout.left - 1, layout.top + 1)).toBeNull();
    expect(cellAt(layout, layout.left + 1, layout.top + layout.size + 0.5)).toBeNull();
    expect(cellAt(layout, Number.NaN, 3)).toBeNull();
  });

  it('describes a cell with the snapshot numbers', () => {
    const info = describeCell(batch, { row: 2, column: 7 });
    expect(info.similarity).toBe(batch.similarity[2 * batch.rows + 7]);
    expect(info.weight).toBe(batch.negativeWeights[2 * batch.rows + 7]);
    expect(info.gradient).toBe(batch.similarityGradient[2 * batch.rows + 7]);
    expect(describeCell(batch, { row: 4, column: 4 })).toMatchObject({ role: 'self', weight: 0 });
  });
});

describe('a negative strategy’s left-out candidates', () => {
  it('are dropped in label mode and faded halfway to white, not hidden, in similarity mode', () => {
    const kept = batch.candidates.slice();
    const k = 0 * batch.rows + 3; // row 0's candidate 3
    kept[k] = 0;
    const strategy = { ...batch, kept };
    expect(cellRole(strategy, 0, 3)).toBe('dropped');
    expect(cellRole(strategy, 0, 4)).not.toBe('dropped');
    const plain = new Uint8ClampedArray(batch.rows * batch.rows * 4);
    const faded = new Uint8ClampedArray(batch.rows * batch.rows * 4);
    fillMatrixPixels(batch, 'similarity', plain);
    fillMatrixPixels(strategy, 'similarity', faded);
    for (let c = 0; c < 3; c++) {
      // halfway to white, as a clamped byte rounds it (ties to even)
      expect(
        Math.abs((faded[4 * k + c] as number) - ((plain[4 * k + c] as number) + 255) / 2),
      ).toBeLessThanOrEqual(0.5);
    }
    expect(faded.subarray(4 * (k + 1))).toEqual(plain.subarray(4 * (k + 1)));
  });
});
