// Angle density on the circle: mass, peak, agreement with the von Mises density, wrapping and edge cases.

import { describe, expect, it } from 'vitest';
import { angleDensity, wrapAngle } from '../../src/core/kde';
import { createRng } from '../../src/core/rng';

const integral = (density: Float64Array) =>
  density.reduce((sum, value) => sum + value, 0) * ((2 * Math.PI) / density.length);

// I0 by its power series (enough terms for kappa <= 50).
function besselI0(x: number): number {
  let term = 1;
  let sum = 1;
  for (let m = 1; m < 200; m++) {
    term *= (x / 2) ** 2 / (m * m);
    sum += term;
  }
  return sum;
}

describe('angleDensity', () => {
  it('integrates to 1 for any bins and concentration', () => {
    const rng = createRng(3, 'kde');
    const angles = Array.from({ length: 300 }, () => 20 * (rng.next() - 0.5));
    for (const bins of [1, 2, 7, 64, 181, 256]) {
      for (const kappa of [0.01, 1, 50, 1e4, 1e8]) {
        const density = angleDensity(angles, bins, kappa);
        expect(density.length).toBe(bins);
        expect(integral(density)).toBeCloseTo(1, 10);
        expect(density.every((value) => value >= 0)).toBe(true);
      }
    }
  });

  it("peaks at a cluster's angle", () => {
    const rng = createRng(5, 'kde');
    const centre = 2;
    const angles = Array.from({ length: 500 }, () => centre + 0.2 * rng.normal());
    const density = angleDensity(angles, 360, 50);
    const peak = density.indexOf(Math.max(...density));
    expect(Math.abs((2 * Math.PI * peak) / 360 - centre)).toBeLessThan(0.05);
    // Far from the cluster there is (almost) nothing.
    expect(density[Math.round(((centre + Math.PI) / (2 * Math.PI)) * 360) % 360]).toBeLessThan(1e-6);
  });

  it('equals the von Mises density for one angle on the grid', () => {
    const bins = 360;
    const kappa = 10;
    const mu = (2 * Math.PI * 40) / bins;
    const density = angleDensity([mu], bins, kappa);
    density.forEach((value, b) => {
      const theta = (2 * Math.PI * b) / bins;
      const exact = Math.exp(kappa * Math.cos(theta - mu)) / (2 * Math.PI * besselI0(kappa));
      expect(Math.abs(value - exact)).toBeLessThan(1e-9 * Math.max(1, exact));
    });
  });

  it('takes angles mod 2 pi and flattens as the concentration falls', () => {
    const a = angleDensity([0.1, 2], 128, 20);
    const b = angleDensity([0.1 + 2 * Math.PI, 2 - 4 * Math.PI], 128, 20);
    a.forEach((value, k) => {
      expect(value).toBeCloseTo(b[k] as number, 12);
    });
    const flat = angleDensity([1], 64, 1e-6);
    for (const value of flat) expect(value).toBeCloseTo(1 / (2 * Math.PI), 5);
  });

  it('splits an angle between the grid points around it, also across 2 pi', () => {
    const density = angleDensity([-0.25 * ((2 * Math.PI) / 8)], 8, 1e8);
    // a quarter bin below 0: 3/4 of the mass at bin 0 (the nearer), 1/4 at bin 7
    const step = (2 * Math.PI) / 8;
    expect((density[7] as number) * step).toBeCloseTo(0.25, 6);
    expect((density[0] as number) * step).toBeCloseTo(0.75, 6);
  });

  it('gives zeros for no finite angles and refuses bad arguments', () => {
    expect(angleDensity([], 16, 5).every((value) => value === 0)).toBe(true);
    expect(angleDensity([Number.NaN], 16, 5).every((value) => value === 0)).toBe(true);
    expect(() => angleDensity([1], 0, 5)).toThrow('invalid bins: 0');
    expect(() => angleDensity([1], 16, 0)).toThrow('invalid concentration: 0');
  });

  it('wrapAngle maps into [0, 2 pi)', () => {
    for (const angle of [-1e-17, -7, 0, 3, 2 * Math.PI, 100]) {
      const wrapped = wrapAngle(angle);
      expect(wrapped).toBeGreaterThanOrEqual(0);
      expect(wrapped).toBeLessThan(2 * Math.PI);
      expect(Math.cos(wrapped)).toBeCloseTo(Math.cos(angle), 12);
    }
  });
});
