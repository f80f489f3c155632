// Property tests of the float64 InfoNCE family on random batches: softmax normalisation, Wang & Liu's gradient
// identity, scale invariance, the temperature limits, finiteness over tau in [1e-4, 1e4], finite differences,
// and the zero-norm policy.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  anchorWeights,
  infoNceCrossView,
  infoNceUnsup,
  negativeIndices,
  positiveIndex,
  temperatureLimits,
} from '../../src/core/contrastive';
import { debiasedContrastive } from '../../src/core/debiased';
import { supervisedSimcse } from '../../src/core/supervised';
import { TRIPLET_FORMS, tripletLoss } from '../../src/core/triplet';
import {
  allNumbers,
  batchArb,
  finiteDifference,
  logUniform,
  matrixArb,
  maxAbs,
  maxAbsDiff,
} from './helpers/numeric';

const RUNS = { numRuns: 150 };
const sum = (values: readonly number[]): number => values.reduce((a, b) => a + b, 0);

// Smallest distance between paired rows, raw or L2-normalised (the euclid triplet forms kink at 0).
function minDistance(a: number[][], b: number[][]): number {
  const unit = (v: number[]): number[] => v.map((x) => x / Math.hypot(...v));
  return Math.min(
    ...a.flatMap((row, i) => {
      const other = b[i] ?? row;
      return [
        Math.hypot(...row.map((v, k) => v - (other[k] ?? 0))),
        Math.hypot(...unit(row).map((v, k) => v - (unit(other)[k] ?? 0))),
      ];
    }),
  );
}

describe('InfoNCE [a,a,b,b] properties', () => {
  it('softmax rows p and relative penalties r each sum to 1, with exact zeros where masked', () => {
    fc.assert(
      fc.property(batchArb(4, 2), logUniform(-4, 4), (x, tau) => {
        const res = infoNceUnsup(x, tau);
        res.p.forEach((row, i) => {
          expect(Math.abs(sum(row) - 1)).toBeLessThan(1e-12);
          expect(row[i]).toBe(0);
        });
        res.r.forEach((row, i) => {
          expect(Math.abs(sum(row) - 1)).toBeLessThan(1e-12);
          expect(row[i]).toBe(0);
          expect(row[positiveIndex(i)]).toBe(0);
        });
      }),
      RUNS,
    );
  });

  it("the positive's |dl/ds| equals the sum of the negatives' |dl/ds| (and p_pos - 1 to rounding)", () => {
    fc.assert(
      fc.property(batchArb(4, 2), logUniform(-4, 4), (x, tau) => {
        const res = infoNceUnsup(x, tau);
        res.dlds.forEach((row, i) => {
          const positive = Math.abs(row[positiveIndex(i)] ?? Number.NaN);
          const negatives = sum(negativeIndices(i, x.length).map((j) => Math.abs(row[j] ?? Number.NaN)));
          expect(Math.abs(positive - negatives)).toBeLessThanOrEqual(1e-12 * Math.max(positive, 1e-300));
          // The naive form p_pos - 1 agrees up to the rounding of p_pos (absolute, in units of 1/tau).
          expect(
            Math.abs((row[positiveIndex(i)] ?? 0) * tau - ((res.p[i]?.[positiveIndex(i)] ?? 0) - 1)),
          ).toBeLessThan(1e-12);
        });
      }),
      RUNS,
    );
  });

  it('is scale invariant: positive row scales keep the loss and divide the gradient', () => {
    fc.assert(
      fc.property(
        batchArb(3).chain((x) =>
          fc.tuple(fc.constant(x), fc.array(logUniform(-2, 2), { minLength: x.length, maxLength: x.length })),
        ),
        logUniform(-4, 4),
        ([x, scales], tau) => {
          const base = infoNceUnsup(x, tau);
          const scaled = infoNceUnsup(
            x.map((row, i) => row.map((v) => v * (scales[i] ?? 1))),
            tau,
          );
          // Normalising a scaled row moves u by an ulp, i.e. logits by ~1e-16 / tau.
          expect(Math.abs(scaled.loss - base.loss)).toBeLessThan(1e-13 / tau + 1e-13 * base.loss);
          const rescaled = scaled.gradX.map((row, i) => row.map((g) => g * (scales[i] ?? 1)));
          expect(maxAbsDiff(rescaled, base.gradX)).toBeLessThan(1e-9 * (1 + maxAbs(base.gradX)));
        },
      ),
      RUNS,
    );
  });

  it('tau * l_i lies between the hinge max(0, s_hardest - s_pos) and the hinge + tau log(2N - 1), for every tau', () => {
    fc.assert(
      fc.property(batchArb(4, 1), logUniform(-4, 4), (x, tau) => {
        const { hinge } = temperatureLimits(x);
        const res = infoNceUnsup(x, tau);
        res.perAnchorLoss.forEach((l, i) => {
          const h = hinge[i] ?? Number.NaN;
          const slack = 1e-12 * (1 + tau * l);
          expect(tau * l).toBeGreaterThanOrEqual(h - slack);
          expect(tau * l).toBeLessThanOrEqual(h + tau * Math.log(x.length - 1) + slack);
        });
      }),
      RUNS,
    );
  });

  it('tau -> 0: r becomes one-hot on the hardest negative and tau * loss tends to the hinge', () => {
    fc.assert(
      fc.property(batchArb(4, 1), (x) => {
        const limits = temperatureLimits(x);
        const res1 = infoNceUnsup(x, 1);
        // The gap between the two largest negative similarities of each anchor.
        const gaps = res1.cos.map((row, i) => {
          const negatives = negativeIndices(i, x.length)
            .map((j) => row[j] ?? Number.NaN)
            .sort((a, b) => b - a);
          return (negatives[0] ?? 0) - (negatives[1] ?? 0);
        });
        const gap = Math.min(...gaps);
        fc.pre(gap > 2e-3);
        // At tau = gap / 50 every other negative has weight below e^-50 relative to the hardest.
        const res = infoNceUnsup(x, gap / 50);
        expect(res.hardestNegative).toEqual(limits.hardestNegative);
        res.r.forEach((row, i) => {
          const others = sum(row.filter((_, j) => j !== limits.hardestNegative[i]));
          expect(others).toBeLessThan(x.length * Math.exp(-50));
        });
        res.effectiveNegatives.forEach((n) => {
          expect(n).toBeLessThan(1 + 1e-15 * x.length + 1e-18);
        });
        const tiny = infoNceUnsup(x, 1e-4);
        tiny.perAnchorLoss.forEach((l, i) => {
          expect(Math.abs(1e-4 * l - (limits.hinge[i] ?? Number.NaN))).toBeLessThanOrEqual(
            1e-4 * Math.log(x.length - 1) + 1e-12,
          );
        });
      }),
      RUNS,
    );
  });

  it('tau -> infinity: r tends to uniform, within (e^(range / tau) - 1) / (2N - 2)', () => {
    fc.assert(
      fc.property(batchArb(4, 1), logUniform(-1, 6), (x, tau) => {
        const res = infoNceUnsup(x, tau);
        const negatives = x.length - 2;
        res.r.forEach((row, i) => {
          const sims = negativeIndices(i, x.length).map((j) => res.cos[i]?.[j] ?? Number.NaN);
          const range = Math.max(...sims) - Math.min(...sims);
          const bound = Math.expm1(range / tau) / negatives + 1e-15;
          for (const j of negativeIndices(i, x.length)) {
            expect(Math.abs((row[j] ?? Number.NaN) - 1 / negatives)).toBeLessThanOrEqual(bound);
          }
        });
        if (tau >= 1e4)
          for (const n of res.effectiveNegatives) expect(n).toBeGreaterThan(negatives * (1 - 1e-6));
      }),
      RUNS,
    );
  });
});

describe('finiteness for tau in [1e-4, 1e4] and finite non-zero embeddings (row norms 1e-3 to 1e3)', () => {
  it('InfoNCE (both forms): losses, p, r, dl/ds, gradients, entropies', () => {
    fc.assert(
      fc.property(batchArb(4, 3), logUniform(-4, 4), (x, tau) => {
        for (const value of [...allNumbers(infoNceUnsup(x, tau)), ...allNumbers(infoNceCrossView(x, tau))]) {
          expect(Number.isFinite(value)).toBe(true);
        }
      }),
      RUNS,
    );
  });

  it('supervised SimCSE with a hard-negative log-weight', () => {
    fc.assert(
      fc.property(
        fc
          .integer({ min: 2, max: 4 })
          .chain((n) => fc.tuple(matrixArb(n, 3, 3), matrixArb(n, 3, 3), matrixArb(n, 3, 3))),
        logUniform(-4, 4),
        fc.double({ min: -2, max: 2, noNaN: true }),
        ([z1, z2, z3], tau, w) => {
          for (const value of allNumbers(supervisedSimcse(z1, z2, z3, tau, w)))
            expect(Number.isFinite(value)).toBe(true);
        },
      ),
      RUNS,
    );
  });

  it('DCL/HCL (Ng itself may overflow below t ~ 1.4e-3 by design; logNg may not)', () => {
    fc.assert(
      fc.property(
        batchArb(4, 3),
        logUniform(-4, 4),
        fc.double({ min: 0, max: 0.5, noNaN: true }),
        fc.double({ min: 0, max: 6, noNaN: true }),
        (x, t, tauPlus, beta) => {
          const res = debiasedContrastive(x, { t, tauPlus, beta });
          for (const value of allNumbers(res, ['Ng', 'NgUnclamped']))
            expect(Number.isFinite(value)).toBe(true);
          for (const ng of res.Ng) expect(Number.isNaN(ng)).toBe(false);
        },
      ),
      RUNS,
    );
  });

  it('triplet forms', () => {
    fc.assert(
      fc.property(
        fc
          .integer({ min: 1, max: 4 })
          .chain((n) => fc.tuple(matrixArb(n, 3, 3), matrixArb(n, 3, 3), matrixArb(n, 3, 3))),
        fc.double({ min: 0, max: 2, noNaN: true }),
        ([a, p, n], margin) => {
          for (const form of TRIPLET_FORMS) {
            for (const value of allNumbers(tripletLoss(a, p, n, margin, form)))
              expect(Number.isFinite(value)).toBe(true);
          }
        },
      ),
      RUNS,
    );
  });
});

describe('analytic gradients match central finite differences', () => {
  const close = (analytic: number[][], numeric: number[][]): void => {
    expect(maxAbsDiff(analytic, numeric)).toBeLessThan(2e-6 * (1 + maxAbs(analytic)));
  };

  it('InfoNCE [a,a,b,b] and the cross-view form', () => {
    fc.assert(
      fc.property(batchArb(3), logUniform(-1, 0.7), (x, tau) => {
        close(
          infoNceUnsup(x, tau).gradX,
          finiteDifference((z) => infoNceUnsup(z, tau).loss, x),
        );
        close(
          infoNceCrossView(x, tau).gradX,
          finiteDifference((z) => infoNceCrossView(z, tau).loss, x),
        );
      }),
      { numRuns: 60 },
    );
  });

  it('supervised SimCSE (all three inputs)', () => {
    fc.assert(
      fc.property(
        fc
          .integer({ min: 2, max: 3 })
          .chain((n) => fc.tuple(matrixArb(n, 3), matrixArb(n, 3), matrixArb(n, 3))),
        logUniform(-1, 0.7),
        fc.double({ min: -1, max: 1, noNaN: true }),
        ([z1, z2, z3], tau, w) => {
          const res = supervisedSimcse(z1, z2, z3, tau, w);
          close(
            res.gradAnchor,
            finiteDifference((z) => supervisedSimcse(z, z2, z3, tau, w).loss, z1),
          );
          close(
            res.gradPositive,
            finiteDifference((z) => supervisedSimcse(z1, z, z3, tau, w).loss, z2),
          );
          close(
            res.gradHardNegative ?? [],
            finiteDifference((z) => supervisedSimcse(z1, z2, z, tau, w).loss, z3),
          );
        },
      ),
      { numRuns: 40 },
    );
  });

  it('triplet forms, away from the hinge and from zero distances', () => {
    fc.assert(
      fc.property(
        fc
          .integer({ min: 1, max: 3 })
          .chain((n) => fc.tuple(matrixArb(n, 3), matrixArb(n, 3), matrixArb(n, 3))),
        fc.double({ min: 0, max: 1, noNaN: true }),
        ([a, p, n], margin) => {
          fc.pre(minDistance(a, p) > 1e-2 && minDistance(a, n) > 1e-2);
          for (const form of TRIPLET_FORMS) {
            const res = tripletLoss(a, p, n, margin, form);
            if (res.preHinge.some((v) => Math.abs(v) < 1e-3)) continue;
            close(
              res.gradAnchor,
              finiteDifference((z) => tripletLoss(z, p, n, margin, form).loss, a),
            );
            close(
              res.gradPositive,
              finiteDifference((z) => tripletLoss(a, z, n, margin, form).loss, p),
            );
            close(
              res.gradNegative,
              finiteDifference((z) => tripletLoss(a, p, z, margin, form).loss, n),
            );
          }
        },
      ),
      { numRuns: 40 },
    );
  });

  it('DCL/HCL, away from the clamp floor', () => {
    fc.assert(
      fc.property(
        batchArb(3),
        logUniform(-0.7, 0.3),
        fc.double({ min: 0, max: 0.3, noNaN: true }),
        fc.double({ min: 0, max: 2, noNaN: true }),
        (x, t, tauPlus, beta) => {
          const options = { t, tauPlus, beta };
          const res = debiasedContrastive(x, options);
          const nearFloor = res.NgUnclamped.some(
            (ng) => Math.abs(ng - res.clampFloor) < 1e-3 * res.clampFloor,
          );
          fc.pre(!nearFloor);
          close(
            res.gradX,
            finiteDifference((z) => debiasedContrastive(z, options).loss, x),
          );
        },
      ),
      { numRuns: 60 },
    );
  });
});

describe('anchorWeights (any layout, used by the engine on tf.js cosines)', () => {
  it('reproduces the [a,a,b,b] rows of infoNceUnsup and works for any positive column', () => {
    fc.assert(
      fc.property(batchArb(3), logUniform(-2, 2), (x, tau) => {
        const res = infoNceUnsup(x, tau);
        res.cos.forEach((row, i) => {
          const w = anchorWeights(row, tau, i, positiveIndex(i));
          expect(w.p).toEqual(res.p[i]);
          expect(w.r).toEqual(res.r[i]);
          expect(w.hardestNegative).toBe(res.hardestNegative[i]);
        });
        const other = anchorWeights(res.cos[0] ?? [], tau, 0, x.length - 1);
        expect(other.r[x.length - 1]).toBe(0);
        expect(Math.abs(sum(other.p) - 1)).toBeLessThan(1e-12);
      }),
      { numRuns: 50 },
    );
  });
});

describe('DCL/HCL identities', () => {
  it('tau_plus = 0 and beta = 0 is NT-Xent at temperature t, gradients included', () => {
    fc.assert(
      fc.property(batchArb(4, 1), logUniform(-2, 2), (x, t) => {
        const dcl = debiasedContrastive(x, { t, tauPlus: 0, beta: 0 });
        const nce = infoNceUnsup(x, t);
        expect(Math.abs(dcl.loss - nce.loss)).toBeLessThan(1e-12 * (1 + nce.loss));
        expect(maxAbsDiff(dcl.gradX, nce.gradX)).toBeLessThan(1e-10 * (1 + maxAbs(nce.gradX)));
      }),
      RUNS,
    );
  });
});

describe('zero-norm policy', () => {
  it('refuses a zero row with exactly "invalid embedding: row i has zero norm"', () => {
    fc.assert(
      fc.property(
        batchArb(4, 1).chain((x) => fc.tuple(fc.constant(x), fc.integer({ min: 0, max: x.length - 1 }))),
        ([x, row]) => {
          const zeroed = x.map((r, i) => (i === row ? r.map(() => 0) : r));
          const message = `invalid embedding: row ${row} has zero norm`;
          expect(() => infoNceUnsup(zeroed, 0.1)).toThrow(new Error(message));
          expect(() => infoNceCrossView(zeroed, 0.1)).toThrow(new Error(message));
          expect(() => debiasedContrastive(zeroed, { t: 0.5, tauPlus: 0.1, beta: 1 })).toThrow(
            new Error(message),
          );
        },
      ),
      { numRuns: 50 },
    );
  });

  it('refuses bad temperatures and batch shapes', () => {
    const x = [
      [1, 0],
      [0.9, 0.1],
      [0, 1],
      [0.1, 0.9],
    ];
    expect(() => infoNceUnsup(x, -1)).toThrow('invalid tau: -1');
    expect(() => infoNceUnsup(x, 0)).toThrow('invalid tau: 0');
    expect(() => infoNceUnsup(x, Number.NaN)).toThrow('invalid tau: NaN');
    expect(() => infoNceUnsup(x.slice(0, 3), 1)).toThrow('invalid batch rows: 3');
    expect(() => infoNceUnsup(x.slice(0, 2), 1)).toThrow('invalid batch rows: 2');
    expect(() => debiasedContrastive(x, { t: 0.5, tauPlus: 1, beta: 0 })).toThrow('invalid tauPlus: 1');
  });
});
