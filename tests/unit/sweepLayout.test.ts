// The sweep's pure layouts: the x axis (log for tau, linear for other numbers, one slot per run for choices),
// the mean line and the min-max band over seeds, the small spheres and the alignment-uniformity plane.
import { describe, expect, it } from 'vitest';
import { layoutMetricPanel, layoutSweepX, sweepXOf } from '../../src/charts/sweep/sweepLayout';
import { layoutSphereMultiple, layoutSweepPlane, placeLabels } from '../../src/charts/sweep/sweepSpheres';
import { DEFAULT_TRAIN_CONFIG } from '../../src/protocol/config';
import type { SweepPlan } from '../../src/protocol/sweep';
import { parseSweepText, sweepPlan } from '../../src/state/sweepSpec';

function planOf(text: string, seeds = 1): SweepPlan {
  const parsed = parseSweepText(text);
  if (!parsed.ok) throw new Error(parsed.problems.join('; '));
  return sweepPlan(DEFAULT_TRAIN_CONFIG, parsed.spec, seeds, 100);
}

const stat = (mean: number, min = mean, max = mean) => ({ mean, min, max });

describe('the sweep x axis', () => {
  it('is a log scale for tau: equal ratios sit equal distances apart, end points inside', () => {
    const plan = planOf('tau:0.01,0.1,1,10');
    const x = sweepXOf(plan);
    expect(x).toEqual({ field: 'tau', log: true });
    const axis = layoutSweepX(plan, x, [0, 300], ['0.01', '0.1', '1', '10'], 'tau');
    expect(axis.kind).toBe('log');
    const [a, b, c, d] = axis.positions as [number, number, number, number];
    expect(b - a).toBeCloseTo(c - b, 9);
    expect(c - b).toBeCloseTo(d - c, 9);
    expect(a).toBeGreaterThan(0);
    expect(d).toBeLessThan(300);
    expect(axis.ticks.map((tick) => tick.label)).toEqual(['0.01', '0.1', '1', '10']);
    expect(axis.position(0.1)).toBeCloseTo(b, 9);
  });

  it('is linear for a number without a log scale (dropout)', () => {
    const plan = planOf('dropout:0,0.1,0.3');
    const x = sweepXOf(plan);
    expect(x).toEqual({ field: 'dropout', log: false });
    const axis = layoutSweepX(plan, x, [0, 300], ['0', '0.1', '0.3'], 'dropout');
    expect(axis.kind).toBe('linear');
    const [a, b, c] = axis.positions as [number, number, number];
    expect((c - a) / (b - a)).toBeCloseTo(3, 9);
  });

  it('gives a choice field, or a figure without x, one evenly spaced slot per run in run order', () => {
    const plan = planOf('loss:infonce,dcl,hcl');
    expect(sweepXOf(plan)).toBeNull();
    const axis = layoutSweepX(plan, null, [0, 300], ['infonce', 'dcl', 'hcl'], 'loss');
    expect(axis.kind).toBe('category');
    expect(axis.positions).toEqual([50, 150, 250]);
    expect(axis.title).toBe('run');
    expect(Number.isNaN(axis.position(1))).toBe(true);
  });

  it('blanks tick labels that would run into the previous one, keeping every tick', () => {
    const plan = planOf('tau:0.01,0.011,0.012,5');
    const axis = layoutSweepX(plan, sweepXOf(plan), [0, 200], ['0.01', '0.011', '0.012', '5'], 'tau');
    expect(axis.ticks).toHaveLength(4);
    expect(axis.ticks.map((tick) => tick.label)).toEqual(['0.01', '', '', '5']);
  });
});

describe('a metric panel', () => {
  const plan = planOf('tau:0.05,0.5,5', 3);
  const base = { plan, x: sweepXOf(plan), labels: ['0.05', '0.5', '5'], title: 'tau', width: 320, seeds: 3 };

  it('puts each mean at its y and the band from each run’s min to max', () => {
    const layout = layoutMetricPanel({
      ...base,
      stats: [stat(1, 0.5, 1.5), stat(2, 1.8, 2.6), stat(3, 3, 3)],
    });
    expect(layout.marks.map((mark) => mark.run)).toEqual([0, 1, 2]);
    const [first, second, third] = layout.marks;
    // y grows downwards: min below the mean below the max, and the scale is linear in the value
    expect(first?.yMin).toBeGreaterThan(first?.y as number);
    expect(first?.y).toBeGreaterThan(first?.yMax as number);
    const perUnit = ((first?.y as number) - (second?.y as number)) / (2 - 1);
    expect((first?.yMin as number) - (first?.y as number)).toBeCloseTo(0.5 * perUnit, 6);
    expect((second?.y as number) - (second?.yMax as number)).toBeCloseTo(0.6 * perUnit, 6);
    expect(third?.yMin).toBeCloseTo(third?.yMax as number, 9);
    // the band's outline passes through every max (top edge, left to right) and every min (back); d3 writes
    // paths to 3 decimals
    const numbers = (layout.band ?? '').match(/-?\d+(\.\d+)?(e-?\d+)?/g)?.map(Number) ?? [];
    for (const mark of layout.marks) {
      const pairs = Array.from({ length: numbers.length / 2 }, (_, i) => [
        numbers[2 * i],
        numbers[2 * i + 1],
      ]);
      expect(
        pairs.some(
          ([px, py]) =>
            Math.abs((px as number) - mark.x) < 1e-3 && Math.abs((py as number) - mark.yMax) < 1e-3,
        ),
      ).toBe(true);
      expect(
        pairs.some(
          ([px, py]) =>
            Math.abs((px as number) - mark.x) < 1e-3 && Math.abs((py as number) - mark.yMin) < 1e-3,
        ),
      ).toBe(true);
    }
    expect(layout.line).toMatch(/^M/);
  });

  it('leaves runs without a result out, has no band with one seed, and no line across categories', () => {
    const partial = layoutMetricPanel({ ...base, seeds: 1, stats: [stat(1), null, stat(Number.NaN)] });
    expect(partial.marks.map((mark) => mark.run)).toEqual([0]);
    expect(partial.band).toBeNull();
    const loss = planOf('loss:infonce,dcl', 2);
    const categories = layoutMetricPanel({
      plan: loss,
      x: null,
      labels: ['infonce', 'dcl'],
      title: 'loss',
      width: 320,
      seeds: 2,
      stats: [stat(1, 0, 2), stat(2, 1, 3)],
    });
    expect(categories.line).toBeNull();
    expect(categories.band).toBeNull();
    expect(categories.marks).toHaveLength(2);
  });

  it('shades a figure’s region below its value, from the plot’s left edge', () => {
    const layout = layoutMetricPanel({
      ...base,
      stats: [stat(1), stat(2), stat(3)],
      region: { below: 0.1, text: 'stalls' },
    });
    expect(layout.region?.left).toBe(layout.plot.left);
    expect(layout.region?.right).toBeCloseTo(layout.x.position(0.1), 9);
    expect(layout.region?.right).toBeGreaterThan(layout.marks[0]?.x as number);
    expect(layout.region?.right).toBeLessThan(layout.marks[1]?.x as number);
    expect(layoutMetricPanel({ ...base, stats: [], region: { below: 1e-4, text: '' } }).region).toBeNull();
  });
});

describe('the small spheres and the plane', () => {
  it('draws a circle in 2-D, the sphere in 3-D and a PCA view above, every point on the outline or inside', () => {
    const circle = layoutSphereMultiple(
      { dim: 2, embeddings: Float32Array.of(1, 0, 0, 1, -1, 0), labels: Int32Array.of(0, 1, 2) },
      100,
    );
    expect(circle.mode).toBe('circle');
    expect(circle.points.map((p) => [Math.round(p.x), Math.round(p.y)])).toEqual([
      [96, 50],
      [50, 4],
      [4, 50],
    ]);
    const rows = 40;
    const dim = 8;
    const embeddings = new Float32Array(rows * dim);
    for (let i = 0; i < rows; i++) {
      const angle = (2 * Math.PI * i) / rows;
      embeddings.set([Math.cos(angle), Math.sin(angle) * 0.6, Math.sin(angle) * 0.8], i * dim);
    }
    const projected = layoutSphereMultiple({ dim, embeddings, labels: new Int32Array(rows) }, 120);
    expect(projected.isProjection).toBe(true);
    expect(projected.points).toHaveLength(rows);
    for (const p of projected.points) {
      expect(Math.hypot(p.x - projected.cx, p.y - projected.cy)).toBeLessThanOrEqual(projected.radius + 1e-6);
    }
    const depths = projected.points.map((p) => p.depth);
    expect(depths).toEqual([...depths].sort((a, b) => a - b)); // back to front
    expect(() => layoutSphereMultiple({ dim: 0, embeddings, labels: new Int32Array(0) }, 100)).toThrow(
      /invalid dim/,
    );
  });

  it('puts one point per run in the plane, joins them in run order, and draws the uniform limit', () => {
    const runs = [
      { run: 0, label: '0.05', alignment: 0.2, uniformity: -3 },
      { run: 1, label: '0.5', alignment: 0.1, uniformity: -2 },
      { run: 2, label: '5', alignment: Number.NaN, uniformity: -1 },
    ];
    const layout = layoutSweepPlane(runs, 400, 3, true);
    expect(layout.marks.map((mark) => mark.run)).toEqual([0, 1]);
    expect(layout.marks[0]?.x).toBeLessThan(layout.marks[1]?.x as number); // lower uniformity to the left
    expect(layout.marks[0]?.y).toBeLessThan(layout.marks[1]?.y as number); // higher alignment up
    expect(layout.path).toMatch(/^M[^L]+L[^L]+$/);
    expect(layout.uniformLimit?.value).toBeCloseTo(-2.0798, 4);
    expect(layoutSweepPlane(runs, 400, null, false)).toMatchObject({ path: null, uniformLimit: null });
  });

  it('places labels of nearby points so that they do not overlap, or leaves one out', () => {
    const plot = { left: 0, top: 0, width: 400, height: 300 };
    const points = [
      { x: 100, y: 100, label: 'tau 0.2' },
      { x: 102, y: 101, label: 'tau 1' },
      { x: 104, y: 99, label: 'tau 5' },
      { x: 300, y: 200, label: 'far' },
    ];
    const places = placeLabels(points, plot);
    // the first, its right-above place touching the third point, goes right-below; the far one right-above
    expect(places[0]).toEqual({ x: 106, y: 113, anchor: 'start' });
    expect(places[3]).toEqual({ x: 306, y: 195, anchor: 'start' });
    const boxes = places.flatMap((place, i) => {
      if (!place) return [];
      const width = (points[i]?.label.length ?? 0) * 6.2;
      const left = place.anchor === 'start' ? place.x : place.x - width;
      return [[left, place.y - 9, left + width, place.y + 2] as const];
    });
    for (const [i, a] of boxes.entries())
      for (const b of boxes.slice(i + 1)) {
        const overlap = a[0] < b[2] && b[0] < a[2] && a[1] < b[3] && b[1] < a[3];
        expect(overlap).toBe(false);
      }
  });
});
