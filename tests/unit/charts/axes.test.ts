import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatCount } from '../../../src/charts/axes';

describe('formatCount', () => {
  it('separates thousands with commas', () => {
    expect(formatCount(0)).toBe('0');
    expect(formatCount(999)).toBe('999');
    expect(formatCount(1000)).toBe('1,000');
    expect(formatCount(130_816)).toBe('130,816');
    expect(formatCount(1_234_567)).toBe('1,234,567');
  });

  it('writes any whole count as English number formatting does', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER }), (count) => {
        expect(formatCount(count)).toBe(count.toLocaleString('en'));
      }),
    );
  });
});
