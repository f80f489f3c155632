import { describe, expect, it } from 'vitest';
import {
  densities,
  layoutHistogram,
  logGamma,
  uniformSphereBinMass,
  uniformSphereDensity,
} from '../../../src/charts/histogram/histogramLayout';
import {
  batchPairHistograms,
  binOf,
  displayPairHistogram,
  displayPointBudget,
  HISTOGRAM_BINS,
  MAX_DISPLAY_POINTS,
  pairHistograms,
  subsampleIndices,
} from '../../../src/core/pairHistograms';
import { fakeBatch, fakeDisplay } from './fakeBatch';

const sum = (values: ArrayLike<number>) => Array.from(values).reduce((a, b) => a + b, 0);

describe('pair histograms', () => {
  it('counts every pair of the (subsampled) display set once', () => {
    const display = fakeDisplay(300, 8);
    const all = displayPairHistogram(display, HISTOGRAM_BINS, 300);
    expect(all.points).toBe(300);
    expect(sum(all.counts)).toBe((300 * 299) / 2);
    expect(all.total).toBe((300 * 299) / 2);
    const some = displayPairHistogram(display, HISTOGRAM_BINS, 50);
    expect(sum(some.counts)).toBe((50 * 49) / 2);
    expect(Math.abs(all.mean)).toBeLessThan(0.05);
  });

  it('subsamples deterministically and within the work budget', () => {
    expect(Array.from(subsampleIndices(10, 4))).toEqual([0, 2, 5, 7]);
    expect(Array.from(subsampleIndices(3, 8))).toEqual([0, 1, 2]);
    expect(displayPointBudget(3)).toBe(MAX_DISPLAY_POINTS);
    expect(displayPointBudget(64)).toBeLessThan(MAX_DISPLAY_POINTS);
    const display = fakeDisplay(2048, 3);
    expect(displayPairHistogram(display).points).toBe(MAX_DISPLAY_POINTS);
  });

  it('splits the batch pairs into negatives and positives', () => {
    const batch = fakeBatch(8, 4, 0.1);
    const { negatives, positives } = batchPairHistograms(batch);
    expect(positives.total).toBe(8);
    expect(negatives.total).toBe((16 * 15) / 2 - 8);
    expect(sum(negatives.counts)).toBe(negatives.total);
    expect(sum(positives.counts)).toBe(8);
    expect(positives.mean).toBeGreaterThan(negatives.mean);
  });

  it('bundles the display and batch histograms a snapshot carries', () => {
    const display = fakeDisplay(100, 4);
    const batch = fakeBatch(8, 4, 0.1);
    const histograms = pairHistograms(display, batch);
    expect(histograms.display).toEqual(displayPairHistogram(display));
    expect(histograms.batchNegatives).toEqual(batchPairHistograms(batch).negatives);
    expect(histograms.batchPositives).toEqual(batchPairHistograms(batch).positives);
  });

  it('bins [-1, 1] with the end points inside', () => {
    expect(binOf(-1, 40)).toBe(0);
    expect(binOf(1, 40)).toBe(39);
    expect(binOf(1.0000001, 40)).toBe(39);
    expect(binOf(0, 40)).toBe(20);
  });
});

describe('uniform sphere reference', () => {
  it('has the known closed forms: uniform on [-1, 1] in R^3', () => {
    expect(uniformSphereDensity(0.3, 3)).toBeCloseTo(0.5, 12);
    expect(uniformSphereDensity(0, 2)).toBeCloseTo(1 / Math.PI, 12);
    expect(logGamma(5)).toBeCloseTo(Math.log(24), 12);
    expect(logGamma(0.5)).toBeCloseTo(0.5 * Math.log(Math.PI), 12);
  });

  for (const dim of [2, 3, 4, 16, 64, 256]) {
    it(`integrates to ~1 in R^${dim}`, () => {
      const mass = uniformSphereBinMass(dim);
      expect(sum(mass)).toBeCloseTo(1, 5);
      expect(mass.every((m) => m >= 0)).toBe(true);
      // Bin mass agrees with the density in s at an interior bin (midpoint rule, fine subdivision).
      const b = 23;
      let integral = 0;
      for (let k = 0; k < 1000; k++)
        integral += uniformSphereDensity(-1 + (b + (k + 0.5) / 1000) * 0.05, dim);
      expect(mass[b]).toBeCloseTo((integral * 0.05) / 1000, 6);
    });
  }
});

describe('layoutHistogram', () => {
  it('draws densities: bar areas sum to 1 and the reference lies in the frame', () => {
    const batch = fakeBatch(8, 4, 0.1);
    const { negatives, positives } = batchPairHistograms(batch);
    expect(sum(densities(negatives)) * (2 / HISTOGRAM_BINS)).toBeCloseTo(1, 12);
    const layout = layoutHistogram(negatives, positives, uniformSphereBinMass(4), {
      width: 400,
      height: 200,
    });
    expect(layout.bars).toHaveLength(3 * HISTOGRAM_BINS);
    expect(layout.reference).toHaveLength(2 * HISTOGRAM_BINS);
    const bottom = layout.frame.top + layout.frame.height;
    for (let b = 0; b < HISTOGRAM_BINS; b++) {
      expect(layout.bars[3 * b + 2]).toBeGreaterThanOrEqual(layout.frame.top - 1e-9);
      expect(layout.bars[3 * b + 2]).toBeLessThanOrEqual(bottom + 1e-9);
    }
    expect(layout.meanX).toBeCloseTo(layout.x(negatives.mean), 9);
    expect(layout.positiveMeanX).toBeGreaterThan(layout.meanX);
  });
});
