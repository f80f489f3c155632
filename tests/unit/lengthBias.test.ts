import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fitLine, type LengthPair, lengthBias } from '../../src/core/lengthBias';

describe('fitLine (ordinary least squares)', () => {
  it('matches a hand-computed fit', () => {
    // x = 0 1 2 3, y = 1 3 2 5: sxy = 5.5, sxx = 5, slope 1.1, intercept 2.75 - 1.1 * 1.5 = 1.1.
    const fit = fitLine([0, 1, 2, 3], [1, 3, 2, 5]);
    expect(fit.slope).toBeCloseTo(1.1, 14);
    expect(fit.intercept).toBeCloseTo(1.1, 14);
    expect(fit.n).toBe(4);
    expect(fit.meanX).toBeCloseTo(1.5, 14);
  });

  it('recovers an exact line', () => {
    const x = [0, 2, 5, 9, 14];
    const fit = fitLine(
      x,
      x.map((v) => 0.8 - 0.02 * v),
    );
    expect(fit.slope).toBeCloseTo(-0.02, 14);
    expect(fit.intercept).toBeCloseTo(0.8, 14);
  });

  it('has no slope without two distinct x, and nothing without points', () => {
    const flat = fitLine([3, 3, 3], [0.1, 0.2, 0.6]);
    expect(flat.slope).toBeNaN();
    expect(flat.intercept).toBeCloseTo(0.3, 14);
    expect(fitLine([], []).slope).toBeNaN();
    expect(() => fitLine([1, 2], [1])).toThrow('invalid lengths');
  });

  it('satisfies the normal equations: residuals sum to 0 and are orthogonal to x', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.integer({ min: 0, max: 22 }), fc.double({ min: -1, max: 1, noNaN: true })), {
          minLength: 2,
          maxLength: 50,
        }),
        (points) => {
          const x = points.map((p) => p[0]);
          const y = points.map((p) => p[1]);
          const fit = fitLine(x, y);
          if (new Set(x).size < 2) {
            expect(fit.slope).toBeNaN();
            return;
          }
          const residuals = x.map((v, i) => (y[i] as number) - fit.intercept - fit.slope * v);
          expect(residuals.reduce((s, r) => s + r, 0)).toBeCloseTo(0, 9);
          expect(residuals.reduce((s, r, i) => s + r * (x[i] as number), 0)).toBeCloseTo(0, 8);
        },
      ),
    );
  });
});

describe('lengthBias', () => {
  it('fits each kind of pair on its own', () => {
    const pairs: LengthPair[] = [
      // Biased model: unrelated pairs lose 0.03 of cosine per word of length difference, paraphrases 0.01.
      ...[0, 1, 4, 8].map((d) => ({ cosine: 0.3 - 0.03 * d, lengthDiff: d, kind: 'unrelated' as const })),
      ...[1, 3, 6, 12].map((d) => ({ cosine: 0.9 - 0.01 * d, lengthDiff: d, kind: 'paraphrase' as const })),
    ];
    const bias = lengthBias(pairs);
    expect(bias.unrelated.slope).toBeCloseTo(-0.03, 14);
    expect(bias.unrelated.intercept).toBeCloseTo(0.3, 14);
    expect(bias.paraphrase.slope).toBeCloseTo(-0.01, 14);
    expect(bias.paraphrase.intercept).toBeCloseTo(0.9, 14);
    expect([bias.unrelated.n, bias.paraphrase.n]).toEqual([4, 4]);
  });

  it('reports no fit for a kind that has no pairs', () => {
    const bias = lengthBias([{ cosine: 0.5, lengthDiff: 2, kind: 'paraphrase' }]);
    expect(bias.unrelated.n).toBe(0);
    expect(bias.unrelated.slope).toBeNaN();
  });
});
