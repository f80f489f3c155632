// The hypersphere chart's layout on synthetic snapshots: circle and sphere geometry, depth order, the projection
// above dimension 3 (checked against core's PCA), hit testing, buffer reuse, and the per-frame time budget.

import { describe, expect, it } from 'vitest';
import {
  type HypersphereLayout,
  layoutHypersphere,
  nearestBatchRow,
  type PointMarks,
  projectionBasisOf,
  rotationMatrix,
} from '../../../src/charts/hypersphere/hypersphereLayout';
import { leadingSubspace } from '../../../src/charts/hypersphere/projection';
import { pca } from '../../../src/core/geometry';
import { matrixFromRowMajor } from '../../../src/core/linalg';
import type { Snapshot } from '../../../src/protocol/snapshot';
import { fakeSnapshot, largeSnapshot } from './hypersphereFixture';

const VIEW = { anchor: 0, yaw: 0.6, pitch: 0.3 };

function radiusOf(layout: HypersphereLayout, marks: PointMarks, i: number): number {
  return Math.hypot((marks.x[i] as number) - layout.cx, (marks.y[i] as number) - layout.cy);
}

// The snapshot with its batch embeddings replaced (rows x dim, unit rows).
function withBatch(snapshot: Snapshot, rows: number[][]): Snapshot {
  return { ...snapshot, batch: { ...snapshot.batch, embeddings: Float32Array.from(rows.flat()) } };
}

describe('layoutHypersphere in dimension 2', () => {
  const snapshot = fakeSnapshot({ dim: 2, displayRows: 90 });
  const layout = layoutHypersphere(snapshot, VIEW, 400, 300);

  it('puts every point on the circle and fits the rings in the canvas', () => {
    expect(layout.mode).toBe('circle');
    expect(layout.isProjection).toBe(false);
    expect(layout.display.count).toBe(90);
    expect(layout.batch.count).toBe(8);
    for (const marks of [layout.display, layout.batch]) {
      for (let i = 0; i < marks.count; i++) {
        expect(radiusOf(layout, marks, i)).toBeCloseTo(layout.radius, 3);
        expect(marks.depth[i]).toBe(0);
      }
    }
    expect(layout.rings.map((ring) => ring.label)).toEqual([0, 1, 2]);
    for (const ring of layout.rings) {
      for (let b = 0; b < ring.points.length / 2; b++) {
        const r = Math.hypot(
          (ring.points[2 * b] as number) - layout.cx,
          (ring.points[2 * b + 1] as number) - layout.cy,
        );
        expect(r).toBeGreaterThanOrEqual(layout.ringBase - 1e-3);
        expect(r).toBeLessThanOrEqual(Math.min(400, 300) / 2);
      }
    }
    expect(layout.uniformRadius).toBeCloseTo(layout.ringBase + layout.ringScale / (2 * Math.PI), 9);
  });

  it("draws a class's ring furthest out at that class's angle", () => {
    // All display points of class 0 at angle 1 rad, the others spread.
    const rows = 60;
    const embeddings = new Float32Array(2 * rows);
    const labels = new Int32Array(rows);
    for (let i = 0; i < rows; i++) {
      const angle = i < 30 ? 1 + 0.01 * (i - 15) : (2 * Math.PI * i) / 30;
      embeddings[2 * i] = Math.cos(angle);
      embeddings[2 * i + 1] = Math.sin(angle);
      labels[i] = i < 30 ? 0 : 1;
    }
    const clustered = { ...snapshot, display: { rows, dim: 2, embeddings, labels } };
    const ring = layoutHypersphere(clustered, VIEW, 300, 300).rings[0];
    if (!ring) throw new Error('no ring');
    let best = 0;
    let bestRadius = 0;
    for (let b = 0; b < ring.points.length / 2; b++) {
      const r = Math.hypot((ring.points[2 * b] as number) - 150, (ring.points[2 * b + 1] as number) - 150);
      if (r > bestRadius) {
        bestRadius = r;
        best = b;
      }
    }
    expect(Math.abs((2 * Math.PI * best) / (ring.points.length / 2) - 1)).toBeLessThan(0.05);
  });

  it('marks the clamped anchor, its positive and hardest negative', () => {
    const far = layoutHypersphere(snapshot, { ...VIEW, anchor: 99 }, 300, 300);
    expect(far.anchor).toBe(7);
    expect(far.positive).toBe(6);
    expect(far.hardest).toBe(snapshot.batch.hardestNegative[7]);
    const empty = { ...snapshot, batch: { ...snapshot.batch, rows: 0, embeddings: new Float32Array(0) } };
    expect(layoutHypersphere(empty, VIEW, 300, 300).anchor).toBe(-1);
  });
});

describe('layoutHypersphere in dimension 3', () => {
  it('is an orthographic view of the rotated sphere, drawn back to front', () => {
    const snapshot = fakeSnapshot({ dim: 3, displayRows: 200 });
    const layout = layoutHypersphere(snapshot, VIEW, 320, 320);
    expect(layout.mode).toBe('sphere');
    expect(layout.isProjection).toBe(false);
    expect(layout.captured).toBe(1);
    for (const marks of [layout.display, layout.batch]) {
      let previous = Number.NEGATIVE_INFINITY;
      for (let k = 0; k < marks.count; k++) {
        const i = marks.order[k] as number;
        const depth = marks.depth[i] as number;
        expect(depth).toBeGreaterThanOrEqual(previous - 1e-4); // 16-bit depth keys
        previous = depth;
        const planar = radiusOf(layout, marks, i) / layout.radius;
        expect(planar).toBeLessThanOrEqual(1 + 1e-5);
        expect(planar ** 2 + depth ** 2).toBeCloseTo(1, 4);
      }
      expect(new Set(marks.order.subarray(0, marks.count)).size).toBe(marks.count);
    }
    expect(layout.equator.length).toBe(3 * 64);
  });

  it('puts known directions where the rotation says', () => {
    const snapshot = withBatch(fakeSnapshot({ dim: 3, pairs: 2 }), [
      [0, 0, 1],
      [1, 0, 0],
      [0, 1, 0],
      [0, 0, -1],
    ]);
    const layout = layoutHypersphere(snapshot, { anchor: 0, yaw: 0, pitch: 0 }, 200, 200);
    const { batch, cx, cy, radius } = layout;
    expect([batch.x[0], batch.y[0], batch.depth[0]]).toEqual([cx, cy, 1]);
    expect([batch.x[1], batch.y[1], batch.depth[1]]).toEqual([cx + radius, cy, 0]);
    expect([batch.x[2], batch.y[2]]).toEqual([cx, cy - radius]); // up on screen
    expect(batch.order[0]).toBe(3); // the far pole first
    // A quarter turn of yaw brings +x to the viewer.
    const turned = layoutHypersphere(snapshot, { anchor: 0, yaw: -Math.PI / 2, pitch: 0 }, 200, 200);
    expect(turned.batch.depth[1]).toBeCloseTo(1, 6);
  });

  it('rotationMatrix is a rotation', () => {
    const r = rotationMatrix(0.7, -1.1);
    for (let a = 0; a < 3; a++) {
      for (let b = 0; b < 3; b++) {
        let sum = 0;
        for (let k = 0; k < 3; k++) sum += (r[a * 3 + k] as number) * (r[b * 3 + k] as number);
        expect(sum).toBeCloseTo(a === b ? 1 : 0, 12);
      }
    }
  });
});

describe('layoutHypersphere above dimension 3', () => {
  const snapshot = fakeSnapshot({ dim: 16, displayRows: 300, classes: 4 });

  it('projects onto the sphere and says it is a projection', () => {
    const layout = layoutHypersphere(snapshot, VIEW, 300, 300);
    expect(layout.isProjection).toBe(true);
    expect(layout.mode).toBe('sphere');
    expect(layout.dim).toBe(16);
    expect(layout.captured).toBeGreaterThan(0);
    expect(layout.captured).toBeLessThanOrEqual(1);
    for (const marks of [layout.display, layout.batch]) {
      for (let i = 0; i < marks.count; i++) {
        const planar = radiusOf(layout, marks, i) / layout.radius;
        expect(planar ** 2 + (marks.depth[i] as number) ** 2).toBeCloseTo(1, 4);
      }
    }
  });

  it("uses core pca's axes of the points and their antipodes (uncentred PCA)", () => {
    const { display } = snapshot;
    const basis = projectionBasisOf(snapshot);
    if (!basis) throw new Error('no basis');
    const rows = matrixFromRowMajor(display.embeddings, display.rows, display.dim);
    const reference = pca([...rows, ...rows.map((row) => row.map((v) => -v))], 3);
    reference.components.forEach((component, a) => {
      let along = 0;
      component.forEach((value, c) => {
        along += value * (basis.axes[a * 16 + c] as number);
      });
      expect(Math.abs(along)).toBeGreaterThan(1 - 1e-6);
      // second moment of the rows = covariance of [U; -U] up to the divisor (2n - 1 vs n)
      const moment =
        ((reference.explainedVariance[a] as number) * (2 * display.rows - 1)) / (2 * display.rows);
      expect(basis.moments[a]).toBeCloseTo(moment, 6);
    });
  });

  it('keeps the signs of a warm-started basis and survives rank-deficient data', () => {
    const first = projectionBasisOf(snapshot);
    const flipped = first && { ...first, axes: first.axes.map((v) => -v) };
    const warm = projectionBasisOf(snapshot, flipped);
    if (!(warm && flipped)) throw new Error('no basis');
    for (let a = 0; a < 3; a++) {
      let along = 0;
      for (let c = 0; c < 16; c++)
        along += (warm.axes[a * 16 + c] as number) * (flipped.axes[a * 16 + c] as number);
      expect(along).toBeGreaterThan(1 - 1e-6);
    }
    // Every row the same direction: rank 1, completed to 3 orthonormal axes.
    const same = new Float64Array(10 * 5).map((_, k) => (k % 5 === 2 ? 1 : 0));
    const degenerate = leadingSubspace(same, 10, 5, 3);
    expect(Array.from(degenerate.axes.subarray(0, 5))).toEqual([0, 0, 1, 0, 0]);
    for (let a = 0; a < 3; a++) {
      for (let b = 0; b < 3; b++) {
        let sum = 0;
        for (let c = 0; c < 5; c++)
          sum += (degenerate.axes[a * 5 + c] as number) * (degenerate.axes[b * 5 + c] as number);
        expect(sum).toBeCloseTo(a === b ? 1 : 0, 9);
      }
    }
  });
});

describe('nearestBatchRow', () => {
  it('finds the clicked row, prefers the near side, and misses far clicks', () => {
    const snapshot = withBatch(fakeSnapshot({ dim: 3, pairs: 2 }), [
      [0.6, 0, 0.8],
      [0.6, 0, -0.8], // same screen position, far side
      [0, 1, 0],
      [-1, 0, 0],
    ]);
    const layout = layoutHypersphere(snapshot, { anchor: 0, yaw: 0, pitch: 0 }, 200, 200);
    const { batch } = layout;
    expect(nearestBatchRow(layout, (batch.x[2] as number) + 3, (batch.y[2] as number) - 2, 8)).toBe(2);
    expect(nearestBatchRow(layout, batch.x[0] as number, batch.y[0] as number, 8)).toBe(0);
    expect(nearestBatchRow(layout, (batch.x[1] as number) + 1, batch.y[1] as number, 8)).toBe(0);
    expect(nearestBatchRow(layout, layout.cx, layout.cy, 8)).toBe(-1);
  });
});

describe('buffer reuse and time', () => {
  it('reuses the previous typed arrays and gives the same marks as a fresh layout', () => {
    const snapshot = fakeSnapshot({ dim: 3, displayRows: 100 });
    const first = layoutHypersphere(snapshot, VIEW, 300, 300);
    const x = first.display.x;
    const fresh = layoutHypersphere(snapshot, { ...VIEW, yaw: 1.3 }, 300, 300);
    const reused = layoutHypersphere(snapshot, { ...VIEW, yaw: 1.3 }, 300, 300, { reuse: first });
    expect(reused.display.x).toBe(x);
    expect(Array.from(reused.display.x.subarray(0, 100))).toEqual(Array.from(fresh.display.x));
    expect(Array.from(reused.display.order.subarray(0, 100))).toEqual(Array.from(fresh.display.order));
  });

  it('lays out 2,048 display points and 256 batch rows at every dimension, reusing its arrays', () => {
    // Speed is measured by the benchmark, not asserted here.
    for (const dim of [2, 3, 16, 128]) {
      const snapshot = largeSnapshot(dim, 2048, 128);
      const basis = projectionBasisOf(snapshot);
      const first = layoutHypersphere(snapshot, VIEW, 480, 480, { basis });
      const again = layoutHypersphere(snapshot, { ...VIEW, yaw: 0.3 }, 480, 480, { basis, reuse: first });
      expect(again.display.count).toBe(2048);
      expect(again.batch.count).toBe(256);
      expect(Array.from(again.display.x.subarray(0, 2048)).every(Number.isFinite)).toBe(true);
    }
  });
});
