import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { snapshotLine, trainSteps } from '../../src/cli/trainSteps';
import { infoNceUnsup } from '../../src/core/contrastive';
import { matrixFromRowMajor } from '../../src/core/linalg';
import type { Snapshot } from '../../src/protocol/snapshot';
import { drive, meanOf, testConfig } from './driver';

/** Losses of `count` single steps from a fresh run of `config`. */
async function lossSequence(config: ReturnType<typeof testConfig>, count: number): Promise<number[]> {
  const t = await drive();
  await t.send({ type: 'configure', runId: 1, config });
  const losses: number[] = [];
  for (let i = 0; i < count; i++) {
    await t.send({ type: 'step', runId: 1 });
    losses.push(t.lastSnapshot().loss);
  }
  await t.send({ type: 'dispose', runId: 1 });
  return losses;
}

/** Trains `steps` steps, then `tail` single steps, returning the first snapshot and the tail's snapshots. */
async function train(config: ReturnType<typeof testConfig>, steps: number, tail = 5) {
  const t = await drive();
  await t.send({ type: 'configure', runId: 1, config });
  const first = t.lastSnapshot();
  await t.send({ type: 'step', runId: 1, steps });
  const last: Snapshot[] = [];
  for (let i = 0; i < tail; i++) {
    await t.send({ type: 'step', runId: 1 });
    last.push(t.lastSnapshot());
  }
  return { t, first, last };
}

describe('training behaviour (Node, wasm)', () => {
  it('lowers the loss and improves uniformity on clusters', async () => {
    const { first, last } = await train(testConfig(), 250);
    expect(meanOf(last, 'loss')).toBeLessThan(first.loss - 0.5);
    expect(meanOf(last, 'uniformity')).toBeLessThan(first.uniformity - 0.2);
  });

  it('lowers the loss on digits', async () => {
    const { first, last } = await train(testConfig({ dataset: 'digits', dim: 8 }), 250);
    expect(first.display.dim).toBe(8);
    expect(meanOf(last, 'loss')).toBeLessThan(first.loss - 0.3);
    expect(last[0]?.knnAccuracy).toBeGreaterThan(0.5);
  });

  it('the temperature sets the effective number of negatives on a fixed batch (dimension 3)', async () => {
    const { t } = await train(testConfig({ dim: 3, batch: 64 }), 100, 1);
    const effective: number[] = [];
    // Paused: each live tau change re-evaluates the same batch with the same weights.
    for (const tau of [100, 1, 0.1, 0.01, 1e-3, 1e-4]) {
      await t.send({ type: 'update', runId: 1, config: testConfig({ dim: 3, batch: 64, tau }) });
      expect(t.lastSnapshot().tau).toBe(tau);
      effective.push(t.lastSnapshot().effectiveNegatives);
    }
    const negatives = 2 * 64 - 2;
    expect(effective[0]).toBeGreaterThan(0.9 * negatives);
    expect(effective.at(-1)).toBeLessThan(1.5);
    for (let i = 1; i < effective.length; i++)
      expect(effective[i]).toBeLessThanOrEqual((effective[i - 1] as number) + 1e-6);
  });

  it('stalls at a tiny temperature: the hinge is nearly met, and the points stay bunched instead of spreading', async () => {
    const tiny = await train(testConfig({ dim: 3, tau: 1e-4 }), 300);
    const warm = await train(testConfig({ dim: 3, tau: 0.1 }), 300);
    // tau * loss tends to the hinge max(0, s_hardest - s_pos): once positives beat their hardest negatives it
    // is ~0, and what little gradient is left pulls the two views together instead of spreading the points.
    expect(meanOf(tiny.last, 'loss') * 1e-4).toBeLessThan(0.05 * tiny.first.loss * 1e-4);
    expect(meanOf(tiny.last, 'uniformity')).toBeGreaterThan(-0.5);
    expect(meanOf(warm.last, 'uniformity')).toBeLessThan(-1.5);
    expect(meanOf(tiny.last, 'uniformity')).toBeGreaterThan(tiny.first.uniformity + 0.5);
  });

  it('with dropout 0 the two views are identical: alignment is exactly 0', async () => {
    const { last } = await train(testConfig({ dropout: 0 }), 20, 2);
    for (const snapshot of last) expect(snapshot.alignment).toBe(0);
  });

  it('autograd gradients agree with core analytic gradients within float32 tolerance', async () => {
    const { last } = await train(testConfig({ batch: 16, tau: 0.2, dim: 3 }), 30, 1);
    const snapshot = last[0] as Snapshot;
    const { rows, dim, embeddings, embeddingGradient, similarityGradient } = snapshot.batch;
    const reference = infoNceUnsup(matrixFromRowMajor(embeddings, rows, dim), snapshot.tau);
    // On unit rows, core's dL/dx is the tangential gradient, as is autograd's through the normalisation.
    const scale = Math.max(...reference.gradX.flat().map(Math.abs));
    reference.gradX.forEach((row, i) => {
      row.forEach((value, c) => {
        expect(Math.abs((embeddingGradient[i * dim + c] as number) - value)).toBeLessThan(
          1e-3 * scale + 1e-6,
        );
      });
    });
    // Per-anchor dl_i/ds_ij from autograd against the analytic (p_ij - [j = pos]) / tau.
    reference.dlds.forEach((row, i) => {
      row.forEach((value, j) => {
        if (i === j) return;
        expect(Math.abs((similarityGradient[i * rows + j] as number) - value)).toBeLessThan(
          1e-3 * Math.abs(value) + 1e-4,
        );
      });
    });
  });

  it('is deterministic: the same config and seed give the same losses, bit for bit, on wasm and on cpu', async () => {
    for (const backend of ['wasm', 'cpu'] as const) {
      const config = testConfig({ backend, batch: 16, seed: 7 });
      const a = await lossSequence(config, 8);
      const b = await lossSequence(config, 8);
      expect(a).toEqual(b);
      expect(new Set(a).size).toBeGreaterThan(1);
    }
    const other = await lossSequence(testConfig({ batch: 16, seed: 8 }), 8);
    expect(other).not.toEqual(await lossSequence(testConfig({ batch: 16, seed: 7 }), 8));
  });

  it('leaks no tensors over 10,000 steps', async () => {
    const t = await drive();
    await t.send({ type: 'configure', runId: 1, config: testConfig({ batch: 4, hidden: [8], dim: 3 }) });
    await t.send({ type: 'step', runId: 1, steps: 100 });
    const before = tf.memory().numTensors;
    for (let i = 0; i < 10; i++) await t.send({ type: 'step', runId: 1, steps: 1000 });
    expect(t.lastSnapshot().step).toBe(10_100);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('never yields NaN from tau = 1e-4 to 1e4 for every objective', async () => {
    const t = await drive();
    let runId = 0;
    for (const loss of ['infonce', 'infonce-nxn', 'supervised', 'triplet', 'dcl', 'hcl'] as const) {
      for (const tau of [1e-4, 1e4]) {
        runId++;
        await t.send({ type: 'configure', runId, config: testConfig({ loss, tau, batch: 16 }) });
        await t.send({ type: 'step', runId, steps: 20 });
        const snapshot = t.lastSnapshot();
        expect(snapshot.runId).toBe(runId);
        expect(Number.isFinite(snapshot.loss), `${loss} at tau ${tau}`).toBe(true);
        expect(snapshot.batch.embeddingGradient.every(Number.isFinite)).toBe(true);
      }
    }
    expect(t.errors()).toEqual([]);
  });

  // measure-presets' reruns take snapshots only at the quoted steps: that must not change the training
  it.each([
    ['a queue with MoCHi', testConfig({ batch: 16, negatives: 'queue', mochi: 4 })],
    [
      'sentences with repetition',
      testConfig({ dataset: 'sentences', dim: 16, pool: 'first', batch: 8, dup: true }),
    ],
  ])('%s trains the same with a snapshot every 10 steps or one at the end', async (_, config) => {
    const every = await trainSteps(config, 20);
    const once = await trainSteps(config, 20, { snapshotAt: [20] });
    expect(every.snapshots).toHaveLength(2);
    expect(once.snapshots).toHaveLength(1);
    const line = (run: typeof once) => {
      const { steps_per_s: _, ...rest } = snapshotLine(run.snapshots.at(-1) as Snapshot);
      return rest;
    };
    expect(line(once)).toEqual(line(every));
  });
});
