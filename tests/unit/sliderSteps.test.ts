// The temperature slider (issue 22): keys step through round values (1, 2, 5 a decade; Page Up and Down a
// decade) instead of 2.3% and x6.3 at a time, and a typed value is shown as typed when it reads back the same.

import { describe, expect, it } from 'vitest';
import { roundStep, roundValues } from '../../src/ui/controlKit';
import { formatNumber, valueText } from '../../src/ui/fields';

const TAU = { min: 1e-4, max: 100 } as const;
const up = (value: number, decade = false) => roundStep(value, 1, TAU.min, TAU.max, decade);
const down = (value: number, decade = false) => roundStep(value, -1, TAU.min, TAU.max, decade);

describe('round-value stepping of a log slider', () => {
  it('lists 1, 2 and 5 of each decade within the range, exactly as decimals', () => {
    const values = roundValues(TAU.min, TAU.max);
    expect(values.slice(0, 4)).toEqual([1e-4, 2e-4, 5e-4, 0.001]);
    expect(values).toContain(0.05);
    expect(values.at(-1)).toBe(100);
    expect(values).toHaveLength(3 * 6 + 1);
    expect(roundValues(0.3, 7)).toEqual([0.3, 0.5, 1, 2, 5, 7]); // the ends themselves are reachable
  });

  it('arrow keys go to the next round value, from round and from any value', () => {
    const walk = [0.05];
    for (let i = 0; i < 4; i++) walk.push(up(walk.at(-1) as number));
    expect(walk).toEqual([0.05, 0.1, 0.2, 0.5, 1]);
    expect(down(0.1)).toBe(0.05);
    expect(up(1.12e-4)).toBe(2e-4);
    expect(down(0.00447)).toBe(0.002);
    expect(up(0.00447)).toBe(0.005);
  });

  it('Page Up and Down go a decade, to a round value', () => {
    expect(up(0.05, true)).toBe(0.5);
    expect(down(0.05, true)).toBe(0.005);
    expect(up(0.07, true)).toBe(0.5); // nearest round value to 0.7 in log space
    expect(up(1.12e-4, true)).toBe(0.001);
  });

  it('stop at the ends of the range', () => {
    expect(up(100)).toBe(100);
    expect(down(1e-4)).toBe(1e-4);
    expect(up(50, true)).toBe(100);
    expect(down(3e-4, true)).toBe(1e-4);
  });
});

describe('the typed value', () => {
  it('is shown as typed where it reads back as the value', () => {
    expect(valueText(1e-4, '0.0001')).toBe('0.0001');
    expect(valueText(1e-4, '1e-4')).toBe('1e-4');
    expect(valueText(0.3, ' 0.30 ')).toBe('0.30');
  });

  it('is formatted where nothing was typed, or the value moved on (clamped, rounded, stepped)', () => {
    expect(valueText(1e-4, null)).toBe(formatNumber(1e-4));
    expect(valueText(100, '1000')).toBe('100');
    expect(valueText(2e-4, '0.0001')).toBe(formatNumber(2e-4));
    expect(valueText(0, '')).toBe('0');
  });
});
