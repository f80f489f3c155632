import { describe, expect, it } from 'vitest';
import { dropoutMask } from '../../src/engine/model';

describe('dropout masks', () => {
  it('keep about 1 - rate of the units, scaled by 1 / (1 - rate), and zero the rest', () => {
    for (const rate of [0.1, 0.5, 0.9]) {
      const mask = dropoutMask(20_000, rate, 7);
      const scale = Math.fround(1 / (1 - rate));
      const kept = mask.filter((v) => v !== 0);
      expect(kept.every((v) => v === scale)).toBe(true);
      // 20,000 Bernoulli draws: the kept share is within 4 standard deviations of 1 - rate.
      const sd = Math.sqrt((rate * (1 - rate)) / mask.length);
      expect(Math.abs(kept.length / mask.length - (1 - rate))).toBeLessThan(4 * sd);
    }
  });

  it('are fixed by the seed and differ between seeds', () => {
    expect(dropoutMask(512, 0.3, 11)).toEqual(dropoutMask(512, 0.3, 11));
    expect(dropoutMask(512, 0.3, 12)).not.toEqual(dropoutMask(512, 0.3, 11));
  });

  it('keep the expected activation: the mask averages to 1', () => {
    const mask = dropoutMask(50_000, 0.2, 3);
    const mean = mask.reduce((sum, v) => sum + v, 0) / mask.length;
    expect(mean).toBeCloseTo(1, 1);
  });
});
