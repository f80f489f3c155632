import { describe, expect, it } from 'vitest';
import {
  anchorWeightPoints,
  layoutBatchWeights,
  rasterizeBatchWeights,
} from '../../../src/charts/negativeWeights/batchWeightsLayout';
import { falseNegativeText } from '../../../src/charts/negativeWeights/StrategyCaption';
import {
  anchorNegatives,
  layoutGradientCheck,
  layoutNegativeWeights,
  WEIGHT_LOG_FLOOR,
} from '../../../src/charts/negativeWeights/weightsLayout';
import { type BatchView, EXTRA_KIND_CODES, type ExtraCandidates } from '../../../src/protocol/snapshot';
import { fakeBatch } from './fakeBatch';
import { snapshotOfBatch } from './hypersphereFixture';

const SIZE = { width: 480, height: 220 };

describe('anchorNegatives', () => {
  const batch = fakeBatch(8, 5, 0.2);

  it('lists the 2N - 2 negatives sorted by similarity, without self or positive', () => {
    for (const anchor of [0, 5, 15]) {
      const entries = anchorNegatives(snapshotOfBatch(batch, 0.2), anchor);
      expect(entries).toHaveLength(14);
      expect(entries.map((e) => e.column)).not.toContain(anchor);
      expect(entries.map((e) => e.column)).not.toContain(anchor ^ 1);
      for (let k = 1; k < entries.length; k++) {
        expect(entries[k]?.similarity).toBeGreaterThanOrEqual(entries[k - 1]?.similarity ?? Number.NaN);
      }
    }
  });

  it('gives closed-form (Boltzmann) weights equal to the snapshot r_ij and summing to 1', () => {
    const entries = anchorNegatives(snapshotOfBatch(batch, 0.2), 3);
    expect(entries.reduce((sum, e) => sum + e.closedForm, 0)).toBeCloseTo(1, 12);
    for (const e of entries) expect(e.closedForm).toBeCloseTo(e.weight, 6);
  });

  it('stays finite at tau = 1e-4', () => {
    const entries = anchorNegatives(snapshotOfBatch(fakeBatch(8, 5, 1e-4), 1e-4), 0);
    expect(entries.every((e) => Number.isFinite(e.closedForm))).toBe(true);
    expect(entries[entries.length - 1]?.closedForm).toBeCloseTo(1, 3);
  });
});

describe('layoutNegativeWeights', () => {
  for (const axis of ['similarity', 'rank'] as const) {
    for (const log of [false, true]) {
      it(`draws bars left to right by similarity and the curve through their tops (${axis}, log ${log})`, () => {
        const batch = fakeBatch(8, 5, 0.3);
        const layout = layoutNegativeWeights(snapshotOfBatch(batch, 0.3), 2, { ...SIZE, log, axis });
        const xs = layout.bars.map((b) => b.x);
        expect([...xs].sort((a, b) => a - b)).toEqual(xs);
        const curve = layout.curve;
        for (const bar of layout.bars) {
          let hit = false;
          for (let k = 0; k < curve.length; k += 2) {
            if (Math.abs((curve[k] ?? 0) - bar.x) < 1e-9 && Math.abs((curve[k + 1] ?? 0) - bar.top) < 0.5) {
              hit = true;
            }
          }
          expect(hit, `bar ${bar.column}`).toBe(true);
        }
        for (let k = 2; k < curve.length; k += 2) {
          expect(curve[k]).toBeGreaterThanOrEqual(curve[k - 2] ?? Number.NaN);
        }
      });
    }
  }

  it('marks the hardest negative as the one with the largest similarity', () => {
    const batch = fakeBatch(16, 4, 0.1, { seed: 7 });
    for (let anchor = 0; anchor < batch.rows; anchor++) {
      const layout = layoutNegativeWeights(snapshotOfBatch(batch, 0.1), anchor, {
        ...SIZE,
        log: false,
        axis: 'similarity',
      });
      const best = Math.max(...layout.bars.map((b) => b.similarity));
      expect(layout.hardest?.similarity).toBe(best);
      expect(layout.hardest?.column).toBe(batch.hardestNegative[anchor]);
      expect(layout.hardest).toBe(layout.bars[layout.bars.length - 1]);
    }
  });

  it('reports the effective number of negatives: ~1 at tau 1e-4, ~2N - 2 at tau 100', () => {
    const cold = layoutNegativeWeights(snapshotOfBatch(fakeBatch(16, 6, 1e-4), 1e-4), 0, {
      ...SIZE,
      log: true,
      axis: 'similarity',
    });
    expect(cold.maxNegatives).toBe(30);
    expect(cold.effectiveNegatives).toBeLessThan(1.05);
    expect(cold.clamped).toBeGreaterThan(20);
    const hot = layoutNegativeWeights(snapshotOfBatch(fakeBatch(16, 6, 100), 100), 0, {
      ...SIZE,
      log: false,
      axis: 'rank',
    });
    expect(hot.effectiveNegatives).toBeGreaterThan(29.9);
    expect(hot.effectiveNegatives).toBeLessThanOrEqual(30 + 1e-4);
  });

  it('clamps weights under 1e-12 to the floor on a log axis', () => {
    const layout = layoutNegativeWeights(snapshotOfBatch(fakeBatch(8, 3, 1e-3), 1e-3), 0, {
      ...SIZE,
      log: true,
      axis: 'rank',
    });
    expect(layout.y.domain[0]).toBe(WEIGHT_LOG_FLOOR);
    for (const bar of layout.bars) {
      expect(bar.top).toBeLessThanOrEqual(layout.baseline + 1e-9);
      if (bar.clamped) expect(bar.top).toBeCloseTo(layout.baseline, 9);
    }
  });
});

describe('layoutGradientCheck', () => {
  it('puts autograd against the closed form p/tau on the diagonal, the positive at the negatives sum', () => {
    const batch = fakeBatch(8, 5, 0.07);
    const layout = layoutGradientCheck(snapshotOfBatch(batch, 0.07), 4, {
      width: 240,
      height: 200,
      log: true,
    });
    if (!layout.available) throw new Error('expected a gradient');
    expect(layout.points).toHaveLength(15);
    expect(layout.maxRelativeDifference).toBeLessThan(1e-4);
    expect(layout.compared).toBeGreaterThan(0);
    const positive = layout.points.find((p) => p.positive);
    const negatives = layout.points.filter((p) => !p.positive);
    expect(positive?.column).toBe(5);
    expect(positive?.autograd).toBeCloseTo(
      negatives.reduce((sum, p) => sum + p.analytic, 0),
      3,
    );
    for (const p of layout.points) expect(Math.abs(p.y - layout.y(p.analytic))).toBeLessThan(0.5);
  });

  it('is unavailable for a row without a loss of its own', () => {
    const batch = fakeBatch(4, 3, 0.5);
    const noLoss = Float32Array.from(batch.anchorLoss);
    noLoss[1] = Number.NaN;
    const snapshot = snapshotOfBatch({ ...batch, anchorLoss: noLoss }, 0.5);
    expect(layoutGradientCheck(snapshot, 1, { width: 240, height: 200, log: false }).available).toBe(false);
    expect(layoutGradientCheck(snapshot, 0, { width: 240, height: 200, log: false }).available).toBe(true);
  });
});

describe('batch-wide weights', () => {
  it('counts every anchor negative and rasterises them all in the frame', () => {
    const batch = fakeBatch(8, 4, 0.2);
    const layout = layoutBatchWeights(batch, { width: 260, height: 200, log: false });
    expect(layout.points).toBe(16 * 14);
    expect(anchorWeightPoints(batch, 3, layout).xy).toHaveLength(2 * 14);
    const w = Math.round(layout.frame.width * 2);
    const h = Math.round(layout.frame.height * 2);
    const pixels = new Uint8ClampedArray(w * h * 4);
    expect(rasterizeBatchWeights(batch, layout, 2, pixels, w, h, [0, 114, 178])).toBe(16 * 14);
    let lit = 0;
    for (let k = 3; k < pixels.length; k += 4) if ((pixels[k] ?? 0) > 0) lit++;
    expect(lit).toBeGreaterThan(50);
  });
});

describe('false negatives in the weights chart', () => {
  // 8 pairs of 3 classes: pair k has class k mod 3, so anchor 2 (pair 1, class 1) shares its class with pairs 4, 7
  const batch = fakeBatch(8, 5, 0.2, { classes: 3 });
  const options = { ...SIZE, log: false, axis: 'similarity' as const };
  const anchor = 2;
  const sameClass = [8, 9, 14, 15];
  const masked = (b: BatchView, column: number) => b.falseNegatives?.[anchor * b.rows + column] === 1;

  it('marks exactly the bars of the masked columns and sums their weight', () => {
    const layout = layoutNegativeWeights(snapshotOfBatch(batch, 0.2), anchor, options);
    expect(
      layout.bars
        .filter((b) => b.falseNegative)
        .map((b) => b.column)
        .sort((a, b) => a - b),
    ).toEqual(sameClass);
    for (const bar of layout.bars) expect(bar.falseNegative).toBe(masked(batch, bar.column));
    const weight = sameClass.reduce(
      (sum, j) => sum + (batch.negativeWeights[anchor * batch.rows + j] as number),
      0,
    );
    expect(layout.falseNegatives).toEqual({
      candidates: 14,
      inBatch: 4,
      leftOut: 0,
      extraShown: 0,
      extra: 0,
      weight: expect.closeTo(weight, 9),
    });
    expect(weight).toBeGreaterThan(0);
  });

  it('marks the false negatives a rule left out among the dropped ticks, not the bars', () => {
    // fn=eliminate as the engine ships it: the false negatives are candidates, not kept, weight 0
    const kept = batch.kept.slice();
    const negativeWeights = batch.negativeWeights.slice();
    for (const j of sameClass) {
      kept[anchor * batch.rows + j] = 0;
      negativeWeights[anchor * batch.rows + j] = 0;
    }
    const eliminated = { ...batch, kept, negativeWeights };
    const layout = layoutNegativeWeights(snapshotOfBatch(eliminated, 0.2), anchor, options);
    expect(layout.bars.some((b) => b.falseNegative)).toBe(false);
    expect(layout.dropped.map((d) => [d.column, d.falseNegative])).toEqual(sameClass.map((j) => [j, true]));
    expect(layout.falseNegatives).toMatchObject({ inBatch: 4, leftOut: 4, weight: 0 });
    expect(falseNegativeText(layout, 'eliminate', 'infonce', 0.95)).toBe(
      '4 of anchor 2’s 14 negatives in the batch carry its class (false negatives, black ticks); they take 0% of its weight. fn=eliminate: they are out of the denominator, weight 0 (black ticks under the axis).',
    );
  });

  it('marks the extra columns the snapshot flags, and counts their weight', () => {
    const shown = 3;
    const rows = batch.rows;
    const flags = new Uint8Array(rows * shown);
    flags[anchor * shown + 1] = 1;
    const extra: ExtraCandidates = {
      count: 64,
      shown,
      weightShare: new Float32Array(rows).fill(0.3),
      similarity: Float32Array.from({ length: rows * shown }, (_, k) => 0.5 - 0.1 * (k % shown)),
      weights: Float32Array.from({ length: rows * shown }, (_, k) => 0.1 / (1 + (k % shown))),
      kinds: new Int8Array(rows * shown).fill(EXTRA_KIND_CODES.indexOf('bank')),
      falseNegative: flags,
    };
    const layout = layoutNegativeWeights(snapshotOfBatch({ ...batch, extra }, 0.2), anchor, options);
    expect(layout.extra.map((e) => e.falseNegative)).toEqual([false, true, false]);
    const inBatch = sameClass.reduce(
      (sum, j) => sum + (batch.negativeWeights[anchor * rows + j] as number),
      0,
    );
    expect(layout.falseNegatives?.extra).toBe(1);
    expect(layout.falseNegatives?.extraShown).toBe(3);
    expect(layout.falseNegatives?.weight).toBeCloseTo(inBatch + 0.05, 6);
    expect(falseNegativeText(layout, 'keep', 'infonce', 0.95)).toMatch(
      /^4 of anchor 2’s 14 negatives in the batch carry its class \(false negatives, black ticks\), and 1 of the 3 heaviest beyond it; they take [\d.]+% of its weight\. fn=keep: they are pushed away like any other negative\.$/,
    );
  });

  it('marks nothing with the labels hidden, and says why in one line', () => {
    const hidden = { ...batch, falseNegatives: null };
    const layout = layoutNegativeWeights(snapshotOfBatch(hidden, 0.2), anchor, options);
    expect(layout.falseNegatives).toBeNull();
    expect(layout.bars.some((b) => b.falseNegative)).toBe(false);
    expect(falseNegativeText(layout, 'filter', 'infonce', 0.95)).toBe(
      'The labels are hidden (labels=hidden), as on unlabelled data: nothing tells a false negative from a true one here; the filter (fn=filter) still works.',
    );
    const scatter = layoutBatchWeights(hidden, { width: 260, height: 200, log: false });
    expect(Array.from(anchorWeightPoints(hidden, anchor, scatter).falseNegative)).toEqual(
      new Array(14).fill(0),
    );
    const w = Math.round(scatter.frame.width);
    const h = Math.round(scatter.frame.height);
    const pixels = new Uint8ClampedArray(w * h * 4);
    rasterizeBatchWeights(hidden, scatter, 1, pixels, w, h, [0, 114, 178], [0, 0, 0]);
    for (let k = 0; k < pixels.length; k += 4) if ((pixels[k + 3] ?? 0) > 0) expect(pixels[k + 2]).toBe(178);
  });

  it('paints the batch scatter’s false negatives in their own colour, and flags the anchor’s points', () => {
    const scatter = layoutBatchWeights(batch, { width: 260, height: 200, log: false });
    const points = anchorWeightPoints(batch, anchor, scatter);
    const columns = Array.from({ length: batch.rows }, (_, j) => j).filter(
      (j) => batch.candidates[anchor * batch.rows + j] === 1,
    );
    expect(columns.filter((_, n) => points.falseNegative[n] === 1)).toEqual(sameClass);
    // one false negative in the whole batch: exactly one black pixel, where that point falls
    const one = new Uint8Array(batch.rows * batch.rows);
    const k = anchor * batch.rows + 8;
    one[k] = 1;
    const w = Math.round(scatter.frame.width);
    const h = Math.round(scatter.frame.height);
    const pixels = new Uint8ClampedArray(w * h * 4);
    rasterizeBatchWeights(
      { ...batch, falseNegatives: one },
      scatter,
      1,
      pixels,
      w,
      h,
      [0, 114, 178],
      [0, 0, 0],
    );
    const black: number[] = [];
    for (let p = 0; p < w * h; p++)
      if ((pixels[4 * p + 3] ?? 0) > 0 && pixels[4 * p + 2] === 0) black.push(p);
    expect(black).toHaveLength(1);
    const px = scatter.x(batch.similarity[k] as number) - scatter.frame.left;
    const py = scatter.y(batch.negativeWeights[k] as number) - scatter.frame.top;
    expect(Math.abs(((black[0] as number) % w) - px)).toBeLessThanOrEqual(1);
    expect(Math.abs(Math.floor((black[0] as number) / w) - py)).toBeLessThanOrEqual(1);
  });
});
