// The alignment-uniformity plane: the uniform-sphere limits (circle and S^2 closed forms, quadrature, a seeded
// Monte-Carlo check), and the layout of trails (order, fading, gaps, arrowhead, reference lines, scales).

import { describe, expect, it } from 'vitest';
import {
  layoutAlignUniform,
  sphereS2UniformityLimit,
  sphereUniformityByQuadrature,
  sphereUniformityLimit,
  TRAIL_COLOURS,
  type TrailInput,
  trailOpacity,
} from '../../../src/charts/alignUniform/alignUniformLayout';
import type { Point, Rect } from '../../../src/charts/metrics/lineAxes';
import { circleUniformityLimit, uniformity } from '../../../src/core/geometry';
import { createRng } from '../../../src/core/rng';

/** n uniform points on the unit sphere of R^dim (normalised Gaussian draws from the 'test' stream). */
function sphereSample(seed: number, n: number, dim: number): number[][] {
  const rng = createRng(seed, 'test');
  return Array.from({ length: n }, () => {
    const v = Array.from({ length: dim }, () => rng.normal());
    const norm = Math.hypot(...v);
    return v.map((x) => x / norm);
  });
}

describe('uniformity of the uniform measure on the sphere', () => {
  it('circle (dim 2): -2t + log I0(2t) = -1.5750 at t = 2, by the closed form and by quadrature', () => {
    expect(sphereUniformityLimit(2)).toBe(circleUniformityLimit(2));
    expect(sphereUniformityLimit(2)).toBeCloseTo(-1.575027, 6);
    expect(Math.abs(sphereUniformityByQuadrature(2) - circleUniformityLimit(2))).toBeLessThan(1e-12);
    expect(Math.abs(sphereUniformityByQuadrature(2, 0.5) - circleUniformityLimit(0.5))).toBeLessThan(1e-12);
  });

  it('sphere S^2 (dim 3): log((1 - e^{-4t}) / (4t)) = -2.07978 at t = 2, next to log(1/8) = -2.07944', () => {
    const exact = Math.log((1 - Math.exp(-8)) / 8);
    expect(sphereS2UniformityLimit()).toBeCloseTo(exact, 14);
    expect(sphereS2UniformityLimit()).toBeCloseTo(-2.079777, 6);
    expect(sphereUniformityLimit(3)).toBe(sphereS2UniformityLimit());
    // the rounded "log(1/8)" differs by log(1 - e^{-8}) ~ -3.4e-4
    expect(sphereS2UniformityLimit() - Math.log(1 / 8)).toBeCloseTo(Math.log1p(-Math.exp(-8)), 14);
    expect(sphereS2UniformityLimit() - Math.log(1 / 8)).toBeCloseTo(-3.355e-4, 6);
    for (const t of [0.5, 1, 2, 5]) {
      expect(Math.abs(sphereUniformityByQuadrature(3, t) - sphereS2UniformityLimit(t))).toBeLessThan(1e-9);
    }
  });

  it('S^2 agrees with a seeded Monte-Carlo estimate (pairs of 1,200 random points)', () => {
    const estimate = uniformity(sphereSample(2021, 1200, 3), 2);
    expect(Math.abs(estimate - sphereS2UniformityLimit())).toBeLessThan(0.01);
  });

  it('higher dimensions by quadrature: Monte-Carlo at dim 16, decreasing towards -2t', () => {
    const estimate = uniformity(sphereSample(7, 600, 16), 2);
    expect(Math.abs(estimate - sphereUniformityLimit(16))).toBeLessThan(0.02);
    const dims = [2, 3, 4, 8, 16, 32, 64, 128];
    const limits = dims.map((d) => sphereUniformityLimit(d));
    for (let i = 1; i < limits.length; i++) expect(limits[i]).toBeLessThan(limits[i - 1] as number);
    // large dim: cosines ~ N(0, 1/d), so log E e^{2ts} -> 2t^2/d and the limit is about -2t + 2t^2/d
    expect(sphereUniformityLimit(128)).toBeCloseTo(-4 + 8 / 128, 2);
    expect(sphereUniformityLimit(128)).toBeGreaterThan(-4);
  });

  it('rejects bad arguments', () => {
    expect(() => sphereUniformityLimit(1)).toThrow(/invalid dim/);
    expect(() => sphereUniformityLimit(2.5)).toThrow(/invalid dim/);
    expect(() => sphereS2UniformityLimit(0)).toThrow(/invalid t/);
    expect(() => sphereUniformityByQuadrature(3, 2, 3)).toThrow(/invalid intervals/);
  });
});

const trail = (id: string, alignment: number[], uniformity: number[]): TrailInput => ({
  id,
  label: `infonce, tau ${id}`,
  alignment,
  uniformity,
});

function inside(point: Point, rect: Rect): boolean {
  return (
    point[0] >= rect.left &&
    point[0] <= rect.left + rect.width &&
    point[1] >= rect.top &&
    point[1] <= rect.top + rect.height
  );
}

describe('layoutAlignUniform', () => {
  const trails = [
    trail('1', [0.9, 0.6, 0.5], [-0.5, -1.2, -1.6]),
    trail('0.2', [0.8, 0.7], [-0.4, -1.9]),
    trail('0.05', [1.2, 0.8, Number.NaN, 0.5, 0.45], [-0.2, -1.0, Number.NaN, -1.8, -2.0]),
  ];

  it('keeps trail order (oldest first, last is current), fades older trails, colours newest first', () => {
    const layout = layoutAlignUniform({ width: 400, trails, dim: 3 });
    expect(layout.trails.map((t) => t.id)).toEqual(['1', '0.2', '0.05']);
    expect(layout.trails.map((t) => t.current)).toEqual([false, false, true]);
    const opacities = layout.trails.map((t) => t.opacity);
    expect(opacities[2]).toBe(1);
    expect(opacities[0]).toBeLessThan(opacities[1] as number);
    expect(opacities[1]).toBeLessThan(1);
    expect(layout.trails[2]?.colour).toBe(TRAIL_COLOURS[0]);
    expect(layout.trails[1]?.colour).toBe(TRAIL_COLOURS[1]);
    expect(layout.trails[2]?.label).toBe('infonce, tau 0.05');
    expect(TRAIL_COLOURS).not.toContain('#F0E442');
    for (let age = 1; age < 20; age++) expect(trailOpacity(age)).toBeGreaterThanOrEqual(0.25);
  });

  it('maps every point inside the plot, with gaps at NaN, lower uniformity to the left and lower alignment down', () => {
    const layout = layoutAlignUniform({ width: 400, trails, dim: 3 });
    for (const t of layout.trails) {
      for (const point of [...t.marks.lines.flat(), ...t.marks.dots])
        expect(inside(point, layout.plot)).toBe(true);
    }
    const current = layout.trails[2];
    expect(current?.marks.lines.map((line) => line.length)).toEqual([2, 2]);
    const first = current?.marks.lines[0]?.[0] as Point;
    const head = current?.head as Point;
    expect(head[0]).toBeLessThan(first[0]); // uniformity -2.0 is left of -0.2
    expect(head[1]).toBeGreaterThan(first[1]); // alignment 0.45 is below 1.2
    expect(current?.latest).toEqual({ alignment: 0.45, uniformity: -2.0 });
  });

  it('draws the uniform limit of the current dimension and alignment 0 inside the plot', () => {
    const layout = layoutAlignUniform({ width: 400, trails, dim: 3 });
    const limit = layout.uniformLimit;
    expect(limit?.value).toBe(sphereS2UniformityLimit());
    expect(limit?.closedForm).toBe(true);
    expect(limit?.label).toBe('uniform limit, dim 3: -2.080');
    expect(layout.xDomain[0]).toBeLessThan(sphereS2UniformityLimit());
    expect(limit?.position).toBeGreaterThan(layout.plot.left);
    expect(layout.yDomain[0]).toBeLessThan(0);
    expect(layout.zeroAlignment.position).toBeLessThan(layout.plot.top + layout.plot.height);
    expect(layout.goodCorner[0]).toBeGreaterThan(limit?.position as number);
    expect(layout.goodCorner[1]).toBeLessThan(layout.zeroAlignment.position);
    const wide = layoutAlignUniform({ width: 400, trails, dim: 64 });
    expect(wide.uniformLimit?.closedForm).toBe(false);
    expect(wide.xDomain[0]).toBeLessThan(sphereUniformityLimit(64));
    expect(layoutAlignUniform({ width: 400, trails, dim: null }).uniformLimit).toBeNull();
  });

  it('ends the current trail in an arrowhead pointing along its last step; a lone point gets no arrow', () => {
    const layout = layoutAlignUniform({ width: 400, trails, dim: 3 });
    const arrow = layout.trails[2]?.arrow;
    expect(arrow?.tip).toEqual(layout.trails[2]?.head);
    const tip = arrow?.tip as Point;
    const base: Point = [
      ((arrow?.left[0] ?? 0) + (arrow?.right[0] ?? 0)) / 2,
      ((arrow?.left[1] ?? 0) + (arrow?.right[1] ?? 0)) / 2,
    ];
    expect(Math.hypot(tip[0] - base[0], tip[1] - base[1])).toBeCloseTo(10, 9);
    expect(base[0]).toBeGreaterThan(tip[0]); // the trail moved left (more uniform)
    expect(layout.trails[0]?.arrow).toBeNull(); // earlier trails end in a dot
    const single = layoutAlignUniform({ width: 300, trails: [trail('x', [0.5], [-1])], dim: 2 });
    expect(single.trails[0]?.arrow).toBeNull();
    expect(single.trails[0]?.marks.dots).toHaveLength(1);
    expect(single.trails[0]?.head).not.toBeNull();
  });

  it('handles no trails, all-zero alignment (identical views) and the minimum width', () => {
    const empty = layoutAlignUniform({ width: 100, trails: [], dim: 2 });
    expect(empty.width).toBe(240);
    expect(empty.empty).toBe(true);
    expect(empty.xDomain[0]).toBeLessThan(circleUniformityLimit(2));
    const identical = layoutAlignUniform({
      width: 300,
      trails: [trail('x', [0, 0, 0], [-1, -1.3, -1.5])],
      dim: 2,
    });
    expect(identical.yDomain).toEqual([-0.05, 1]);
    const line = identical.trails[0]?.marks.lines[0] ?? [];
    for (const point of line) expect(point[1]).toBeCloseTo(identical.zeroAlignment.position, 9);
    const nanOnly = layoutAlignUniform({
      width: 300,
      trails: [trail('x', [Number.NaN], [Number.NaN])],
      dim: null,
    });
    expect(nanOnly.trails[0]?.head).toBeNull();
    expect(nanOnly.trails[0]?.latest).toBeNull();
    expect(nanOnly.xDomain).toEqual([-4, 0]);
  });
});
