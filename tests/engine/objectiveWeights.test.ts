// Every objective's own weights in the snapshot, through the message protocol in Node (wasm): the autograd
// dl_i/ds_ij and r_ij against core's float64 closed form, and the forces chart's arrows summing to the autograd
// gradient, so no chart shows InfoNCE's softmax under another loss.
import { describe, expect, it } from 'vitest';
import { anchorWeightsOf, isAnchor } from '../../src/charts/anchorWeights';
import { layoutForces } from '../../src/charts/forces/forcesLayout';
import type { LossId } from '../../src/protocol/config';
import type { Snapshot } from '../../src/protocol/snapshot';
import { drive, testConfig } from './driver';

const LOSSES: readonly LossId[] = ['infonce', 'infonce-nxn', 'supervised', 'dcl', 'hcl', 'triplet'];

/** A snapshot after a few steps of `loss` (digits in dimension 2 at tau 0.2, as a classroom would). */
async function snapshotOf(loss: LossId, change: Parameters<typeof testConfig>[0] = {}): Promise<Snapshot> {
  const t = await drive();
  await t.send({
    type: 'configure',
    runId: 1,
    config: testConfig({ loss, batch: 24, dim: 3, tau: 0.2, beta: 1, tauPlus: 0.1, ...change }),
  });
  await t.send({ type: 'step', runId: 1, steps: 15 });
  const snapshot = t.lastSnapshot();
  await t.send({ type: 'dispose', runId: 1 });
  return snapshot;
}

/** Largest |a - b| / (2e-3 |b| + floor) over two lists: at most 1 when every entry agrees to float32 tolerance. */
const worst = (a: readonly number[], b: readonly number[], floor: number) =>
  a.reduce(
    (m, value, k) =>
      Math.max(m, Math.abs(value - (b[k] as number)) / (2e-3 * Math.abs(b[k] as number) + floor)),
    0,
  );

describe('each objective weighs its negatives its own way (engine, wasm)', () => {
  for (const loss of LOSSES) {
    it(`${loss}: autograd weights, gradients and losses match the closed form; forces sum to the gradient`, async () => {
      const snapshot = await snapshotOf(loss);
      const { batch } = snapshot;
      const anchors = Array.from({ length: batch.rows }, (_, i) => i).filter((i) => isAnchor(batch, i));
      expect(anchors.length).toBe(batch.anchors);
      let pushing = 0;
      for (const anchor of anchors) {
        const view = anchorWeightsOf(snapshot, anchor);
        expect(view, `anchor ${anchor}`).not.toBeNull();
        if (!view) continue;
        const scale = Math.max(...view.closed.gradient.map(Math.abs), Math.abs(view.closed.positiveGradient));
        expect(worst(view.gradients, view.closed.gradient, 1e-4 * scale + 1e-9)).toBeLessThanOrEqual(1);
        expect(
          worst([view.positiveGradient], [view.closed.positiveGradient], 1e-4 * scale + 1e-9),
        ).toBeLessThanOrEqual(1);
        expect(worst(view.weights, view.closed.weights, 1e-4)).toBeLessThanOrEqual(1);
        expect(Math.abs((batch.anchorLoss[anchor] as number) - view.closed.loss)).toBeLessThan(
          1e-3 * (1 + view.closed.loss),
        );
        if (view.closed.inactive === null) pushing++;
        // the hardest negative is the one the loss weighs most
        const hardest = batch.hardestNegative[anchor] as number;
        if (hardest >= 0) {
          const largest = Math.max(...view.weights);
          expect(view.weights[view.columns.indexOf(hardest)]).toBeGreaterThanOrEqual(largest * (1 - 1e-6));
        }
      }
      expect(pushing).toBeGreaterThan(0);
      // Forces of the whole batch loss on a few anchors (and a non-anchor row, where there is one) add up to
      // the autograd gradient of the mean loss.
      const rowsToCheck = [anchors[0], anchors[anchors.length - 1], 1, batch.rows - 1] as number[];
      for (const row of rowsToCheck) {
        const forces = layoutForces(snapshot, row, 'pair');
        if (forces.autograd && forces.autograd.magnitude > 1e-6)
          expect(forces.mismatch, `row ${row}`).toBeLessThan(2e-3);
      }
    });
  }

  it("the issue's classroom setup (digits, dimension 2, tau 0.02): the forces add up to the gradient", async () => {
    // reported before: DCL 49000% apart, HCL 123%, supervised 30.9%
    for (const loss of ['dcl', 'hcl', 'supervised', 'triplet', 'infonce'] as const) {
      const snapshot = await snapshotOf(loss, { dataset: 'digits', dim: 2, tau: 0.02, batch: 32 });
      for (const row of [0, 2, 5]) {
        const forces = layoutForces(snapshot, row, 'pair');
        if (forces.autograd && forces.autograd.magnitude > 1e-6)
          expect(forces.mismatch, `${loss} row ${row}`).toBeLessThan(1e-2);
      }
    }
  });

  it('counts what each loss uses: one negative for the triplet, 2N - 2 at a large tau for InfoNCE', async () => {
    const triplet = await snapshotOf('triplet');
    const tripletAnchors = Array.from({ length: triplet.batch.rows }, (_, i) => i).filter((i) =>
      isAnchor(triplet.batch, i),
    );
    for (const anchor of tripletAnchors) {
      const effective = triplet.batch.effectiveNegatives[anchor] as number;
      const mined = triplet.batch.minedNegative[anchor] as number;
      expect(mined).toBeGreaterThanOrEqual(0);
      // 1 while the hinge is open, 0 when it is closed: never InfoNCE's dozens
      expect([0, 1]).toContain(Math.round(effective * 1e6) / 1e6);
      if (effective === 1) expect(triplet.batch.hardestNegative[anchor]).toBe(mined);
    }
    expect(triplet.effectiveNegatives).toBeLessThanOrEqual(1);
    const flat = await snapshotOf('infonce', { tau: 1e4 });
    expect(flat.effectiveNegatives).toBeGreaterThan(0.99 * (flat.batch.rows - 2));
    // the supervised objective shows each pair's hard negative and counts it among 2N - 1 candidates
    const supervised = await snapshotOf('supervised');
    expect(supervised.batch.rows).toBe(3 * supervised.batch.anchors);
    const own = anchorWeightsOf(supervised, 0);
    expect(own?.columns.length).toBe(2 * supervised.batch.anchors - 1);
    expect(own?.mined).toBe(2 * supervised.batch.anchors);
  });
});
