// The closed-form per-negative weights of every objective (core/negativeWeights.ts) against the core's float64
// losses, which the oracle checks against PyTorch: the same per-anchor loss, gradients equal to the core's
// dl/ds (InfoNCE, supervised SimCSE) or to finite differences of that loss (DCL, HCL), r summing to 1, the
// curve through every candidate's weight, and the triplet's one-hot; then the batch summaries.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { infoNceUnsup, negativeIndices, positiveIndex } from '../../src/core/contrastive';
import { debiasedContrastive } from '../../src/core/debiased';
import {
  type AnchorCandidates,
  closedFormWeights,
  effectiveCount,
  summariseWeights,
  type WeightForm,
} from '../../src/core/negativeWeights';
import { supervisedSimcse } from '../../src/core/supervised';
import { batchArb, logUniform, matrixArb } from './helpers/numeric';

const RUNS = { numRuns: 100 };
const sum = (values: readonly number[]) => values.reduce((a, b) => a + b, 0);
const at = (values: readonly number[], k: number) => values[k] as number;

/** Anchor i of an [a, a', b, b'] cosine matrix: its partner is the positive, every other row a candidate. */
function pairedAnchor(cos: readonly (readonly number[])[], i: number): AnchorCandidates {
  const row = cos[i] as readonly number[];
  return {
    positive: at(row, positiveIndex(i)),
    similarities: negativeIndices(i, cos.length).map((j) => at(row, j)),
    mined: -1,
  };
}

/** Central differences of the anchor's own loss w.r.t. each candidate's similarity and the positive's. */
function numericGradient(form: WeightForm, anchor: AnchorCandidates, h = 1e-6) {
  const lossAt = (a: AnchorCandidates) => closedFormWeights(form, a).loss;
  const candidates = anchor.similarities.map((_, j) => {
    const shifted = (d: number) => ({
      ...anchor,
      similarities: anchor.similarities.map((s, k) => (k === j ? s + d : s)),
    });
    return (lossAt(shifted(h)) - lossAt(shifted(-h))) / (2 * h);
  });
  const positive =
    (lossAt({ ...anchor, positive: anchor.positive + h }) -
      lossAt({ ...anchor, positive: anchor.positive - h })) /
    (2 * h);
  return { candidates, positive };
}

describe('closedFormWeights', () => {
  it('softmax: InfoNCE per anchor is the core infoNceUnsup (loss, dl/ds, r)', () => {
    fc.assert(
      fc.property(batchArb(4), logUniform(0.05, 20), (x, tau) => {
        const result = infoNceUnsup(x, tau);
        for (let i = 0; i < x.length; i++) {
          const weights = closedFormWeights(
            { kind: 'softmax', tau, minedLogWeight: 0 },
            pairedAnchor(result.cos, i),
          );
          const negatives = negativeIndices(i, x.length);
          const dlds = result.dlds[i] as number[];
          const r = result.r[i] as number[];
          expect(weights.loss).toBeCloseTo(at(result.perAnchorLoss, i), 9);
          negatives.forEach((j, n) => {
            expect(at(weights.gradient, n)).toBeCloseTo(at(dlds, j), 9);
            expect(at(weights.weights, n)).toBeCloseTo(at(r, j), 9);
          });
          expect(weights.positiveGradient).toBeCloseTo(at(dlds, positiveIndex(i)), 9);
          expect(weights.inactive).toBeNull();
        }
      }),
      RUNS,
    );
  });

  it("softmax with a mined log-weight: supervised SimCSE's row of dL/dcos, its hard negative weighted alpha", () => {
    fc.assert(
      fc.property(
        matrixArb(3, 4),
        matrixArb(3, 4),
        matrixArb(3, 4),
        logUniform(0.05, 2),
        fc.double({ min: -2, max: 2, noNaN: true }),
        (anchor, positive, hard, tau, logWeight) => {
          const result = supervisedSimcse(anchor, positive, hard, tau, logWeight);
          const cosHard = result.cosHardNegative as number[][];
          const n = anchor.length;
          for (let i = 0; i < n; i++) {
            const others = [...Array(n).keys()].filter((j) => j !== i);
            // candidates: the other positives, then every hard negative; the anchor's own is the mined one
            const similarities = [
              ...others.map((j) => at(result.cosPositive[i] as number[], j)),
              ...(cosHard[i] as number[]),
            ];
            const weights = closedFormWeights(
              { kind: 'softmax', tau, minedLogWeight: logWeight },
              { positive: at(result.cosPositive[i] as number[], i), similarities, mined: others.length + i },
            );
            // the core's dL/dcos is of the mean over the N anchors
            const row = (result.dLdCos[i] as number[]).map((g) => g * n);
            const expected = [...others.map((j) => at(row, j)), ...row.slice(n)];
            expect(weights.loss).toBeCloseTo(at(result.perRowLoss, i), 9);
            expected.forEach((g, k) => {
              expect(at(weights.gradient, k)).toBeCloseTo(g, 9);
            });
            expect(weights.positiveGradient).toBeCloseTo(at(row, i), 9);
            expect(sum(weights.weights)).toBeCloseTo(1, 9);
          }
        },
      ),
      RUNS,
    );
  });

  it('debiased: DCL and HCL per anchor are the core debiasedContrastive, gradients its finite differences', () => {
    fc.assert(
      fc.property(
        batchArb(4),
        logUniform(0.1, 2),
        fc.double({ min: 0, max: 0.3, noNaN: true }),
        fc.constantFrom(0, 0.5, 1),
        (x, t, tauPlus, beta) => {
          const core = debiasedContrastive(x, { t, tauPlus, beta });
          const cos = infoNceUnsup(x, 1).cos;
          const form: WeightForm = { kind: 'debiased', t, tauPlus, beta };
          for (let i = 0; i < x.length; i++) {
            const anchor = pairedAnchor(cos, i);
            const weights = closedFormWeights(form, anchor);
            expect(weights.loss).toBeCloseTo(at(core.perAnchorLoss, i), 8);
            // at the floor's kink (every negative at -1, say) Ng equals the floor up to rounding: which side each
            // form takes is rounding (log space in core, linear here), and finite differences straddle two branches
            if (Math.abs(at(core.NgUnclamped, i) / core.clampFloor - 1) < 1e-4) continue;
            expect(weights.inactive === null).toBe(!core.clampActive[i]);
            const numeric = numericGradient(form, anchor);
            const scale = 1 + Math.max(...numeric.candidates.map(Math.abs), Math.abs(numeric.positive));
            numeric.candidates.forEach((g, j) => {
              expect(Math.abs(at(weights.gradient, j) - g)).toBeLessThan(1e-5 * scale);
            });
            expect(Math.abs(weights.positiveGradient - numeric.positive)).toBeLessThan(1e-5 * scale);
            if (weights.inactive === null) {
              expect(sum(weights.weights)).toBeCloseTo(1, 9);
              const curve = weights.curve as (s: number) => number;
              anchor.similarities.forEach((s, j) => {
                expect(curve(s)).toBeCloseTo(at(weights.weights, j), 9);
              });
            } else {
              expect(weights.weights.every((w) => w === 0)).toBe(true);
            }
          }
        },
      ),
      RUNS,
    );
  });

  it('debiased: HCL gives the easiest negatives a negative weight, DCL never does', () => {
    const anchor = { positive: 0.9, similarities: [0.8, 0.1, -0.6, -0.9], mined: -1 };
    const dcl = closedFormWeights({ kind: 'debiased', t: 0.5, tauPlus: 0.1, beta: 0 }, anchor);
    const hcl = closedFormWeights({ kind: 'debiased', t: 0.5, tauPlus: 0.1, beta: 1 }, anchor);
    expect(dcl.weights.every((w) => w > 0)).toBe(true);
    expect(at(hcl.weights, 0)).toBeGreaterThan(at(dcl.weights, 0));
    expect(at(hcl.weights, 3)).toBeLessThan(0);
  });

  it('debiased: the floor at a tiny t gives no gradient to any negative, and says why', () => {
    const weights = closedFormWeights(
      { kind: 'debiased', t: 1e-4, tauPlus: 0.1, beta: 0 },
      { positive: 0.9, similarities: [0.2, 0.1], mined: -1 },
    );
    expect(Number.isFinite(weights.loss)).toBe(true);
    expect(weights.gradient).toEqual([0, 0]);
    expect(weights.inactive).toContain('floor');
  });

  it('triplet: the one mined negative gets all the weight while the hinge is open, none once it closes', () => {
    const form: WeightForm = { kind: 'triplet', margin: 0.2 };
    const open = closedFormWeights(form, { positive: 0.5, similarities: [0.1, 0.4, 0.6], mined: 1 });
    expect(open.loss).toBeCloseTo(0.1, 12);
    expect(open.gradient).toEqual([0, 1, 0]);
    expect(open.positiveGradient).toBe(-1);
    expect(effectiveCount(open.weights)).toBe(1);
    const closed = closedFormWeights(form, { positive: 0.9, similarities: [0.1, 0.4, 0.6], mined: 1 });
    expect(closed.loss).toBe(0);
    expect(closed.gradient).toEqual([0, 0, 0]);
    expect(closed.inactive).toContain('hinge is closed');
    expect(effectiveCount(closed.weights)).toBe(0);
    expect(closedFormWeights(form, { positive: 0.5, similarities: [0.1], mined: -1 }).inactive).toContain(
      'mine',
    );
  });

  it('refuses bad parameters by name', () => {
    const anchor = { positive: 0.5, similarities: [0.1], mined: -1 };
    expect(() => closedFormWeights({ kind: 'softmax', tau: 0, minedLogWeight: 0 }, anchor)).toThrow('tau');
    expect(() => closedFormWeights({ kind: 'debiased', t: 0.5, tauPlus: 1, beta: 0 }, anchor)).toThrow(
      'tauPlus',
    );
    expect(() => closedFormWeights({ kind: 'triplet', margin: 0.2 }, { ...anchor, mined: 3 })).toThrow(
      'mined',
    );
  });
});

describe('effectiveCount and summariseWeights', () => {
  it('counts n for n equal weights, 1 for a spike, 0 for none, ignoring negative weights', () => {
    expect(effectiveCount([0.25, 0.25, 0.25, 0.25])).toBeCloseTo(4, 12);
    expect(effectiveCount([0, 1, 0])).toBe(1);
    expect(effectiveCount([0, 0])).toBe(0);
    expect(effectiveCount([0.5, 0.5, -0.2])).toBeCloseTo(2, 12);
  });

  it('summarises each anchor over its candidates only; ties go to the more similar; NaN off the anchors', () => {
    const rows = 3;
    // anchor 0: candidates 1 and 2 tie in weight, 2 is more similar; anchor 1: no weight; row 2 not an anchor
    const weights = Float32Array.from([0, 0.5, 0.5, 0, 0, 0, 1, 0, 0]);
    const candidates = Uint8Array.from([0, 1, 1, 1, 0, 1, 1, 1, 0]);
    const similarity = Float32Array.from([1, 0.2, 0.3, 0.2, 1, 0.1, 0.3, 0.1, 1]);
    const summary = summariseWeights(rows, weights, candidates, similarity, (row) => row < 2);
    expect(summary.effectiveNegatives[0]).toBeCloseTo(2, 6);
    expect(summary.hardestNegative[0]).toBe(2);
    expect(summary.effectiveNegatives[1]).toBe(0);
    expect(summary.hardestNegative[1]).toBe(-1);
    expect(summary.effectiveNegatives[2]).toBeNaN();
    expect(summary.hardestNegative[2]).toBe(-1);
  });
});
