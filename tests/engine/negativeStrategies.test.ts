// Issue 16: InfoNCE's negative strategies trained through the trainer's messages in Node (wasm): where the
// negatives come from (batch, queue, all), which count (hard, near-pos, kgpolicy, quantile), MoCHi and logQ.
// Claims about weights are measured seed by seed on the same seed and temperature, never assumed.
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { layoutGradientCheck } from '../../src/charts/negativeWeights/weightsLayout';
import { snapshotLine, trainSteps } from '../../src/cli/trainSteps';
import { candidateSoftmax } from '../../src/core/negativesRetrieval';
import { negativeStrategy } from '../../src/engine/negativeStrategy';
import { rowsOf } from '../../src/engine/objectiveTypes';
import type { TrainConfig } from '../../src/protocol/config';
import type { Snapshot } from '../../src/protocol/snapshot';
import { drive, testConfig } from './driver';

const SEEDS = [1, 2, 3];

/** Trains `change` over the test config for `steps` steps and returns the last snapshot. */
async function lastSnapshot(change: Partial<TrainConfig>, steps: number): Promise<Snapshot> {
  const run = await trainSteps(testConfig({ batch: 32, ...change }), steps);
  expect(run.failure).toBeNull();
  const last = run.snapshots.at(-1);
  if (!last) throw new Error('no snapshot');
  return last;
}

/** Every strategy the issue names, each alone, and a combination. */
const STRATEGIES: readonly [string, Partial<TrainConfig>][] = [
  ['batch, hard k = 4', { pick: 'hard', pickK: 4 }],
  ['batch, near-pos k = 4', { pick: 'near-pos', pickK: 4 }],
  ['batch, kgpolicy k = 4', { pick: 'kgpolicy', pickK: 4 }],
  ['batch, quantile alpha = 0.25', { pick: 'quantile', alpha: 0.25 }],
  ['queue K = 128', { negatives: 'queue', queueSize: 128 }],
  ['all (full softmax)', { negatives: 'all' }],
  ['MoCHi s = 4, s′ = 2', { mochi: 4, mochiQuery: 2, mochiHardest: 8 }],
  ['logQ exact on skewed classes', { logQ: 'exact', skew: 1 }],
  ['logQ stream on skewed classes', { logQ: 'stream', skew: 1 }],
  ['queue, hard k = 8, MoCHi', { negatives: 'queue', queueSize: 128, pick: 'hard', pickK: 8, mochi: 2 }],
];

describe('negative strategies (Node, wasm)', () => {
  it.each(STRATEGIES)(
    '%s trains; the snapshot counts what the loss uses and its weights sum to 1',
    async (_, change) => {
      const s = await lastSnapshot(change, 20);
      expect(Number.isFinite(s.loss)).toBe(true);
      const { batch } = s;
      const extraCount = batch.extra?.count ?? 0;
      const kept = (i: number) =>
        batch.kept.subarray(i * batch.rows, (i + 1) * batch.rows).reduce((a, b) => a + b, 0);
      for (let i = 0; i < batch.rows; i++) {
        // every candidate it keeps is a candidate; dropped ones get no weight
        for (let j = 0; j < batch.rows; j++) {
          const k = i * batch.rows + j;
          if (batch.kept[k] === 1) expect(batch.candidates[k]).toBe(1);
          if (batch.kept[k] === 0) expect(Math.abs(batch.negativeWeights[k] as number)).toBe(0);
        }
        const used = batch.negativesUsed[i] as number;
        expect(used).toBeGreaterThanOrEqual(kept(i));
        expect(used).toBeLessThanOrEqual(kept(i) + extraCount);
        let total = batch.extra ? (batch.extra.weightShare[i] as number) : 0;
        for (let j = 0; j < batch.rows; j++) total += batch.negativeWeights[i * batch.rows + j] as number;
        expect(total).toBeCloseTo(1, 4);
        expect(batch.hardestWeight[i]).toBeGreaterThan(0);
        expect(batch.hardestWeight[i]).toBeLessThanOrEqual(1 + 1e-6);
      }
      // the closed form over the kept rows, with logQ's shifts and the extra columns' share, is autograd's
      for (const anchor of [0, 7, 31]) {
        const check = layoutGradientCheck(s, anchor, { width: 300, height: 200, log: false });
        if (change.negatives === 'all') {
          expect(check.available).toBe(false); // no shown row is a column of the full softmax
          continue;
        }
        if (!check.available) throw new Error(`anchor ${anchor}: no gradient check`);
        expect(check.compared).toBeGreaterThan(0);
        expect(check.maxRelativeDifference, `anchor ${anchor}`).toBeLessThan(2e-3);
      }
      const line = snapshotLine(s);
      expect(line.candidates).toBeCloseTo(s.negativesUsed, 6);
      expect(line.hardest_weight).toBeCloseTo(s.hardestWeight, 6);
    },
  );

  it('counts what each source gives an anchor: 2N - 2, k, ceil(alpha M), 2N - 2 + K less its own key, M - 1, plus MoCHi s + s′', async () => {
    const rows = 64; // batch 32
    expect((await lastSnapshot({}, 10)).negativesUsed).toBe(rows - 2);
    expect((await lastSnapshot({ pick: 'hard', pickK: 5 }, 10)).negativesUsed).toBe(5);
    expect((await lastSnapshot({ pick: 'quantile', alpha: 0.1 }, 10)).negativesUsed).toBe(
      Math.ceil(0.1 * 62),
    );
    // after 10 steps of 32 keys a queue of 128 is full; it holds the batch just trained on, so each anchor's own
    // key, its own row again, is left out
    expect((await lastSnapshot({ negatives: 'queue', queueSize: 128 }, 10)).negativesUsed).toBe(
      rows - 2 + 127,
    );
    const all = await lastSnapshot({ negatives: 'all' }, 10);
    expect(all.negativesUsed).toBe((all.batch.extra?.count ?? 0) - 1);
    expect((await lastSnapshot({ mochi: 3, mochiQuery: 2 }, 10)).negativesUsed).toBe(rows - 2 + 5);
  });

  it.each([0.05, 0.5])(
    'tau %s: pick=hard with k = 4 puts more weight on the hardest negative than in-batch, seed by seed',
    async (tau) => {
      for (const seed of SEEDS) {
        const plain = await lastSnapshot({ tau, seed }, 20);
        const hard = await lastSnapshot({ tau, seed, pick: 'hard', pickK: 4 }, 20);
        expect(hard.hardestWeight, `seed ${seed}`).toBeGreaterThan(plain.hardestWeight);
      }
    },
  );

  it.each([0.05, 0.5])(
    'tau %s: MoCHi puts more weight on the hard end (its mixes and the 8 hardest) than without it, seed by seed',
    async (tau) => {
      const hardEnd = (s: Snapshot, hardest: number) => {
        const { batch } = s;
        let sum = 0;
        for (let i = 0; i < batch.rows; i++) {
          const row = Array.from({ length: batch.rows }, (_, j) => i * batch.rows + j).filter(
            (k) => batch.kept[k] === 1,
          );
          row.sort((a, b) => (batch.similarity[b] as number) - (batch.similarity[a] as number));
          for (const k of row.slice(0, hardest)) sum += batch.negativeWeights[k] as number;
          sum += batch.extra?.weightShare[i] ?? 0;
        }
        return sum / batch.rows;
      };
      for (const seed of SEEDS) {
        const plain = await lastSnapshot({ tau, seed }, 20);
        const mixed = await lastSnapshot({ tau, seed, mochi: 8, mochiQuery: 8, mochiHardest: 8 }, 20);
        expect(hardEnd(mixed, 8), `seed ${seed}`).toBeGreaterThan(hardEnd(plain, 8));
      }
    },
  );

  it('quantile with alpha = 1 is plain InfoNCE: the same loss on the same batch (float32), and in training', async () => {
    const plain = await trainSteps(testConfig({ batch: 32 }), 20);
    const quantile = await trainSteps(testConfig({ batch: 32, pick: 'quantile', alpha: 1 }), 20);
    plain.snapshots.forEach((s, i) => {
      const q = quantile.snapshots[i] as Snapshot;
      expect(Math.abs(q.loss - s.loss) / s.loss).toBeLessThan(1e-4);
      expect(q.negativesUsed).toBe(s.negativesUsed);
    });
  });

  it('neg=all: the loss is the full softmax of the float64 core over every training row, on a fixed batch', async () => {
    const t = await drive();
    await t.send({
      type: 'configure',
      runId: 1,
      config: testConfig({ batch: 16, negatives: 'all', tau: 0.2 }),
    });
    const run = t.trainer.currentRun;
    if (!run) throw new Error('no run');
    const plan = run.previewPlan();
    const context = run.context;
    const [engineLoss, anchors, corpus] = tf.tidy(() => {
      const prepared = negativeStrategy.prepare(context, plan);
      const loss = negativeStrategy.loss(context, plan, prepared).arraySync();
      const rows = context.model.embedTwoViews(rowsOf(context, plan.anchors), plan.dropout).arraySync();
      const all = context.model
        .embedOneView(context.trainX, { ...plan.dropout, seed: plan.dropout.seed + 3 })
        .arraySync();
      return [loss, rows, all] as const;
    });
    const positives = anchors.map((_, r) => plan.anchors[r >> 1] as number);
    const reference = candidateSoftmax(anchors, corpus, positives, 0.2);
    expect(corpus.length).toBe(context.labels.length);
    expect(engineLoss).toBeCloseTo(reference.loss, 4);
    await t.send({ type: 'dispose', runId: 1 });
  });
});
