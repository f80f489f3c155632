// The forces chart's layout on batches whose weights and gradients come from core's InfoNCE: arrows proportional
// to the autograd dL/dS, the pull balancing the pushes, the arrows adding up to the embedding gradient, the plane.

import { describe, expect, it } from 'vitest';
import { type ForcesLayout, layoutForces } from '../../../src/charts/forces/forcesLayout';
import { fakeSnapshot } from './hypersphereFixture';

const arrowOf = (layout: ForcesLayout, row: number) => {
  const arrow = layout.arrows.find((a) => a.row === row);
  if (!arrow) throw new Error(`no arrow for row ${row}`);
  return arrow;
};

const sumOfArrows = (layout: ForcesLayout) =>
  layout.arrows.reduce((sum, a) => ({ x: sum.x + a.x, y: sum.y + a.y }), { x: 0, y: 0 });

describe('layoutForces', () => {
  for (const dim of [2, 3, 16]) {
    it(`dim ${dim}: the arrows add up to the real gradient`, () => {
      const snapshot = fakeSnapshot({ dim, tau: 0.3, radial: 0.7 });
      for (let anchor = 0; anchor < snapshot.batch.rows; anchor++) {
        const layout = layoutForces(snapshot, anchor);
        expect(layout.terms).toBe('pair');
        expect(layout.arrows).toHaveLength(snapshot.batch.rows - 1);
        // float32 snapshot arrays: agreement to float32 precision, radial part of the gradient ignored
        expect(layout.mismatch).toBeLessThan(1e-5);
        const sum = sumOfArrows(layout);
        expect(sum.x).toBeCloseTo(layout.resultant.x, 9);
        expect(sum.y).toBeCloseTo(layout.resultant.y, 9);
        const autogradArrow = layout.autograd;
        if (!autogradArrow) throw new Error('no autograd arrow');
        expect(Math.abs(autogradArrow.x - layout.resultant.x)).toBeLessThan(1e-5 * autogradArrow.magnitude);
        expect(Math.abs(autogradArrow.y - layout.resultant.y)).toBeLessThan(1e-5 * autogradArrow.magnitude);
      }
    });
  }

  it("'own' arrows are p_ij / tau times |u_j - s_ij u_i|, and the pull balances the pushes", () => {
    const tau = 0.2;
    const snapshot = fakeSnapshot({ dim: 3, tau });
    const { rows, positives, hardestNegative, similarity } = snapshot.batch;
    // InfoNCE's softmax p_ij from the snapshot's cosines (the row's log-sum-exp over every j != i)
    const softmaxOf = (i: number, j: number) => {
      let sum = 0;
      for (let k = 0; k < rows; k++) if (k !== i) sum += Math.exp((similarity[i * rows + k] as number) / tau);
      return Math.exp((similarity[i * rows + j] as number) / tau) / sum;
    };
    const anchor = 5;
    const layout = layoutForces(snapshot, anchor, 'own');
    expect(layout.terms).toBe('own');
    for (const arrow of layout.arrows) {
      const p = softmaxOf(anchor, arrow.row);
      const tangential = Math.sqrt(1 - arrow.similarity ** 2);
      if (arrow.kind === 'push') {
        expect(arrow.coefficient).toBeCloseTo(p / tau, 5);
        expect(arrow.magnitude / tangential).toBeCloseTo(p / tau, 5);
      } else {
        expect(arrow.row).toBe(positives[anchor]);
        expect(arrow.coefficient).toBeCloseTo((p - 1) / tau, 4);
      }
      expect(arrow.hardest).toBe(arrow.row === hardestNegative[anchor]);
      // dimension 3: the plane is the whole tangent plane, lengths are kept
      expect(Math.hypot(arrow.x, arrow.y)).toBeCloseTo(arrow.magnitude, 9);
    }
    // float32 dL/dS: the balance holds to float32 precision
    expect(arrowOf(layout, positives[anchor] as number).coefficient).toBeCloseTo(-layout.pushTotal, 6);
    expect(layout.captured).toBeCloseTo(1, 9);
    expect(layout.anchorLoss).toBeCloseTo(-Math.log(softmaxOf(anchor, positives[anchor] as number)), 5);
    expect(layout.isAnchor).toBe(true);
  });

  it('uses the autograd dL/dS when it is finite', () => {
    const snapshot = fakeSnapshot({ dim: 3, tau: 0.5 });
    const doubled = {
      ...snapshot,
      batch: { ...snapshot.batch, similarityGradient: snapshot.batch.similarityGradient.map((g) => 2 * g) },
    };
    const plain = layoutForces(snapshot, 2, 'own');
    const twice = layoutForces(doubled, 2, 'own');
    for (const arrow of plain.arrows) {
      expect(arrowOf(twice, arrow.row).magnitude).toBeCloseTo(2 * arrow.magnitude, 6);
    }
    // and 'own' differs from 'pair' (the anchor's role in the other anchors' losses is left out)
    const pair = layoutForces(snapshot, 2, 'pair');
    expect(Math.abs(pair.resultant.magnitude - plain.resultant.magnitude)).toBeGreaterThan(1e-6);
  });

  it('pushes away from negatives and pulls toward the positive', () => {
    const snapshot = fakeSnapshot({ dim: 16, tau: 0.5 });
    const layout = layoutForces(snapshot, 0);
    for (const arrow of layout.arrows) {
      expect(Math.sign(arrow.coefficient)).toBe(arrow.kind === 'push' ? 1 : -1);
    }
    expect(layout.captured).toBeGreaterThan(0);
    expect(layout.captured).toBeLessThanOrEqual(1);
    // the first axis is the resultant's direction, shown at its true length
    expect(layout.resultant.x).toBeCloseTo(layout.resultant.magnitude, 9);
    expect(layout.resultant.y).toBeCloseTo(0, 9);
    expect(layout.extent).toBeGreaterThanOrEqual(layout.resultant.magnitude - 1e-12);
  });

  it('dimension 2: arrows along the tangent, at the height of where their source sits', () => {
    const snapshot = fakeSnapshot({ dim: 2, tau: 0.5 });
    const layout = layoutForces(snapshot, 3);
    expect(layout.oneDimensional).toBe(true);
    for (const arrow of layout.arrows) {
      expect(arrow.y).toBe(0);
      expect(Math.abs(arrow.originY)).toBeLessThanOrEqual(1);
      expect(Math.abs(arrow.x)).toBeCloseTo(arrow.magnitude, 9);
      // a negative counter-clockwise of the anchor pushes it clockwise (negative x), and vice versa
      if (arrow.kind === 'push' && Math.abs(arrow.originY) > 1e-6 && Math.abs(arrow.originY) < 1 - 1e-6) {
        expect(Math.sign(arrow.x)).toBe(-Math.sign(arrow.originY));
      }
    }
  });

  it('clamps the anchor and copes with an empty batch', () => {
    const snapshot = fakeSnapshot({ dim: 3 });
    expect(layoutForces(snapshot, 1e9).anchor).toBe(snapshot.batch.rows - 1);
    expect(layoutForces(snapshot, -4).anchor).toBe(0);
    const empty = { ...snapshot, batch: { ...snapshot.batch, rows: 0 } };
    const layout = layoutForces(empty, 0);
    expect(layout.anchor).toBe(-1);
    expect(layout.arrows).toEqual([]);
    expect(layout.extent).toBe(0);
  });
});

describe('the pushes split by the labels', () => {
  const add = (a: { x: number; y: number }, b: { x: number; y: number }) => ({ x: a.x + b.x, y: a.y + b.y });

  for (const terms of ['pair', 'own'] as const) {
    it(`${terms}: false negatives' sum + true negatives' sum + pull = the sum of the arrows`, () => {
      // 6 pairs of 3 classes: pair k has class k mod 3, so each anchor has 2 false negatives (the other pair)
      const snapshot = fakeSnapshot({ dim: 16, pairs: 6, classes: 3, tau: 0.4 });
      for (const anchor of [0, 5, 11]) {
        const layout = layoutForces(snapshot, anchor, terms);
        const split = layout.split;
        if (!split) throw new Error('expected a split with the labels known');
        const { rows, labels } = snapshot.batch;
        const sameClass = Array.from({ length: rows }, (_, j) => j).filter(
          (j) => j !== anchor && j !== (anchor ^ 1) && labels[j] === labels[anchor],
        );
        expect(sameClass).toHaveLength(2);
        expect(layout.arrows.filter((a) => a.falseNegative).map((a) => a.row)).toEqual(sameClass);
        expect(split.count).toBe(2);
        const pull = arrowOf(layout, anchor ^ 1);
        const total = add(add(split.falseNegatives, split.trueNegatives), pull);
        expect(total.x).toBeCloseTo(layout.resultant.x, 9);
        expect(total.y).toBeCloseTo(layout.resultant.y, 9);
        // each sum is its own arrows' sum, and both are there
        const ofFalse = layout.arrows.filter((a) => a.falseNegative).reduce(add, { x: 0, y: 0 });
        expect(split.falseNegatives.x).toBeCloseTo(ofFalse.x, 9);
        expect(split.falseNegatives.y).toBeCloseTo(ofFalse.y, 9);
        expect(split.falseNegatives.magnitude).toBeGreaterThan(0);
        expect(split.trueNegatives.magnitude).toBeGreaterThan(0);
        expect(split.coefficient).toBeGreaterThan(0);
        expect(layout.extent).toBeGreaterThanOrEqual(
          Math.hypot(split.trueNegatives.x, split.trueNegatives.y),
        );
      }
    });
  }

  it('pair: a row without a loss of its own still has its false negatives by the anchors’ terms', () => {
    const snapshot = fakeSnapshot({ dim: 3, pairs: 6, classes: 3 });
    const { rows } = snapshot.batch;
    // only row 0's row of the mask: under 'own' row 6 marks nothing, under 'pair' row 0 is one of 6's
    const mask = new Uint8Array(rows * rows);
    mask[0 * rows + 6] = 1;
    const one = { ...snapshot, batch: { ...snapshot.batch, falseNegatives: mask } };
    expect(layoutForces(one, 6, 'own').arrows.some((a) => a.falseNegative)).toBe(false);
    expect(
      layoutForces(one, 6, 'pair')
        .arrows.filter((a) => a.falseNegative)
        .map((a) => a.row),
    ).toEqual([0]);
  });

  it('tells nothing apart with the labels hidden', () => {
    const snapshot = fakeSnapshot({ dim: 3, pairs: 6, classes: 3 });
    const hidden = { ...snapshot, batch: { ...snapshot.batch, falseNegatives: null } };
    const layout = layoutForces(hidden, 2);
    expect(layout.split).toBeNull();
    expect(layout.arrows.some((a) => a.falseNegative)).toBe(false);
    // the arrows themselves do not change
    expect(layout.resultant).toEqual(layoutForces(snapshot, 2).resultant);
  });
});
