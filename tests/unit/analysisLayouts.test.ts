// The analysis panel's pure layouts: the sphere's points drawn far to near and picked by a click; the weights
// chart's marks finite in pixels at tau = 1e-4 and 1e4 (weights that underflow sit on the log axis's floor).
import { describe, expect, it } from 'vitest';
import { anchorAnalysis } from '../../src/analysis/analysis';
import { WEIGHT_LOG_FLOOR } from '../../src/charts/negativeWeights/weightsLayout';
import { layoutAnchorWeights, layoutSphere, nearestPoint } from '../../src/ui/analysis/analysisLayouts';

describe('analysis layouts', () => {
  it('orders the sphere far to near and picks the visible point under a click', () => {
    // two points on the z axis (front and back), one on x
    const projection = Float32Array.of(0, 0, 1, 0, 0, -1, 1, 0, 0);
    const layout = layoutSphere(projection, 3, false, 200, { yaw: 0, pitch: 0 });
    expect(Array.from(layout.order)).toEqual([1, 2, 0]);
    expect([layout.x[0], layout.y[0]]).toEqual([100, 100]);
    expect(nearestPoint(layout, 101, 100, 10)).toBe(0); // the front one, not the one behind it
    expect(nearestPoint(layout, layout.x[2] as number, 100, 10)).toBe(2);
    expect(nearestPoint(layout, 10, 10, 10)).toBe(-1);
    const circle = layoutSphere(Float32Array.of(0, 1, 0, 1, 0, 0, -1, 0, 0), 3, true, 200, {
      yaw: 1,
      pitch: 1,
    });
    expect(Array.from(circle.depth)).toEqual([0, 0, 0]); // no rotation on the circle
    expect(circle.y[0]).toBeLessThan(100); // up is up
  });

  it('lays out the weights in finite pixels from tau = 1e-4 to 1e4', () => {
    const cosines = Float64Array.from({ length: 50 }, (_, i) => Math.cos(i));
    for (const tau of [1e-4, 0.1, 1e4]) {
      const analysis = anchorAnalysis(cosines, 0, tau, [1], null);
      if (!analysis) throw new Error('no negatives');
      const layout = layoutAnchorWeights(analysis, 400, 300);
      expect(layout.points.every(Number.isFinite)).toBe(true);
      expect(layout.curve.every(Number.isFinite)).toBe(true);
      expect(layout.positiveX).toBeCloseTo(layout.x(Math.cos(1)), 9);
      expect(layout.clamped).toBe(Array.from(analysis.weights).filter((w) => w < WEIGHT_LOG_FLOOR).length);
      expect(analysis.negatives[layout.heaviest]).toBe(analysis.hardest);
    }
    const cold = anchorAnalysis(cosines, 0, 1e-4, [1], null);
    if (!cold) throw new Error('no negatives');
    expect(layoutAnchorWeights(cold, 400, 300).clamped).toBe(47); // of 48 negatives, all but the hardest underflow
  });
});
