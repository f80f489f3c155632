// False negatives through `npm run train`'s loop (the trainer's messages, wasm): what the measures read on a
// batch (fn_share against its expectation from the class count), what each rule does to them (eliminate leaves no
// weight on them, attract with none to attract is plain InfoNCE, the filter's precision and recall), that hidden
// labels leave no measures and turn the label rules into keep, and the loss form the attraction takes.
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { trainSteps } from '../../src/cli/trainSteps';
import { attractionCrossEntropy, keptCrossEntropy } from '../../src/engine/negativeLosses';
import { DEFAULT_TRAIN_CONFIG, type TrainConfig } from '../../src/protocol/config';
import type { Snapshot } from '../../src/protocol/snapshot';

const config = (change: Partial<TrainConfig> = {}): TrainConfig => ({
  ...DEFAULT_TRAIN_CONFIG,
  backend: 'wasm',
  ...change,
});

/** The snapshot after `steps` steps (trainSteps reports one every 10 and after the last). */
async function trainedFor(steps: number, change: Partial<TrainConfig>): Promise<Snapshot> {
  const run = await trainSteps(config(change), steps);
  if (run.failure) throw new Error(run.failure.message);
  const last = run.snapshots.at(-1);
  if (!last) throw new Error('no snapshot');
  return last;
}

const measures = (snapshot: Snapshot) => {
  if (!snapshot.falseNegatives) throw new Error('no false-negative measures');
  return snapshot.falseNegatives;
};

beforeAll(async () => {
  await tf.setBackend('wasm');
});

describe('fn_share follows the number of classes', () => {
  // An anchor's 2N - 2 candidates are the other N - 1 pairs, drawn from the shuffled training set of M rows in
  // which its class has lost only the anchor's own row: each shares its class with probability
  // (M/K - 1) / (M - 1), a hair under 1/K. Measured (seeds 1, 2, 3; 128 pairs): K = 2: 0.498 0.506 0.497;
  // 4: 0.247 0.248 0.248; 8: 0.119 0.123 0.126; 16: 0.064 0.056 0.061.
  const classCounts = [2, 4, 8, 16];
  it('grows as the classes fall, near 1/K, on 3 seeds', async () => {
    const pairs = DEFAULT_TRAIN_CONFIG.batch;
    for (const seed of [1, 2, 3]) {
      const shares: number[] = [];
      for (const classes of classCounts) {
        const fn = measures(await trainedFor(1, { seed, classes }));
        expect(Math.abs(fn.share - 1 / classes)).toBeLessThan(0.015);
        expect(fn.count).toBeCloseTo(fn.share * fn.candidates, 3);
        expect(fn.candidates).toBe(2 * pairs - 2);
        shares.push(fn.share);
      }
      // strictly falling as the classes grow
      shares.slice(1).forEach((share, k) => {
        expect(share).toBeLessThan(shares[k] as number);
      });
    }
  });

  it('counts the queue keys of the anchor class too', async () => {
    const fn = measures(await trainedFor(20, { negatives: 'queue', queueSize: 256, classes: 4 }));
    // the batch's 254 candidates and the queue's 256 keys, less the keys of the anchor's own row
    expect(fn.candidates).toBeGreaterThan(254 + 200);
    expect(Math.abs(fn.share - 1 / 4)).toBeLessThan(0.04);
  });
});

describe('the rules', () => {
  it('eliminate leaves exactly no weight on false negatives, which keep weighs', async () => {
    const kept = measures(await trainedFor(20, { classes: 4 }));
    const eliminated = await trainedFor(20, { classes: 4, falseNegatives: 'eliminate' });
    expect(kept.weight).toBeGreaterThan(0.2);
    expect(measures(eliminated).weight).toBe(0);
    // still counted among the candidates, just not used
    expect(measures(eliminated).share).toBeGreaterThan(0.2);
    expect(eliminated.negativesUsed).toBeCloseTo(254 - measures(eliminated).count, 3);
  });

  it('attract with no false negatives in the batch is plain InfoNCE; with some it is not', async () => {
    // 2 pairs of 32 classes: most first batches share no class
    const tiny = { classes: 32, batch: 2 };
    let compared = 0;
    let differed = 0;
    for (let seed = 1; seed <= 12; seed++) {
      const keep = await trainedFor(1, { ...tiny, seed });
      const attract = await trainedFor(1, { ...tiny, seed, falseNegatives: 'attract' });
      if (measures(keep).count === 0) {
        expect(attract.loss).toBeCloseTo(keep.loss, 5);
        compared++;
      } else if (Math.abs(attract.loss - keep.loss) > 1e-3) differed++;
    }
    expect(compared).toBeGreaterThan(3);
    expect(differed).toBeGreaterThan(0);
  });

  it('the filter reports its precision and recall against the labels; a higher perc drops fewer', async () => {
    const strict = measures(await trainedFor(30, { classes: 4, falseNegatives: 'filter', perc: 0.6 }));
    const loose = measures(await trainedFor(30, { classes: 4, falseNegatives: 'filter', perc: 1.2 }));
    for (const fn of [strict, loose]) {
      expect(fn.filterPrecision).not.toBeNull();
      expect(fn.filterRecall).not.toBeNull();
    }
    expect(strict.filterRecall as number).toBeGreaterThan(0);
    expect(strict.filterRecall as number).toBeLessThanOrEqual(1);
    expect(strict.filterPrecision as number).toBeGreaterThan(0);
    // a threshold above the positive's own cosine drops (almost) nothing: recall falls
    expect(loose.filterRecall ?? 0).toBeLessThan(strict.filterRecall as number);
    const plain = measures(await trainedFor(1, { classes: 4 }));
    expect(plain.filterPrecision).toBeNull();
  });
});

describe('hidden labels', () => {
  it('leave no false-negative measures or marks', async () => {
    const hidden = await trainedFor(1, { labels: 'hidden' });
    expect(hidden.falseNegatives).toBeNull();
    expect(hidden.batch.falseNegatives).toBeNull();
  });

  it('make eliminate and attract train as keep; the filter still filters', async () => {
    const keep = await trainedFor(10, { labels: 'hidden', classes: 4 });
    for (const rule of ['eliminate', 'attract'] as const) {
      const run = await trainedFor(10, { labels: 'hidden', classes: 4, falseNegatives: rule });
      expect(run.loss).toBe(keep.loss);
    }
    const filter = await trainedFor(10, {
      labels: 'hidden',
      classes: 4,
      falseNegatives: 'filter',
      perc: 0.6,
    });
    expect(filter.negativesUsed).toBeLessThan(keep.negativesUsed);
  });
});

describe('attractionCrossEntropy', () => {
  it('with no false negatives equals InfoNCE over the kept columns, shift included, in value and gradient', () => {
    const scores = tf.randomUniform([6, 9], -1, 1, 'float32', 7) as tf.Tensor2D;
    const positives = tf.oneHot(tf.tensor1d([1, 0, 3, 2, 5, 4], 'int32'), 9).toFloat() as tf.Tensor2D;
    const keep = tf.sub(1, positives) as tf.Tensor2D;
    const none = tf.zerosLike(scores) as tf.Tensor2D;
    const shift = tf.randomUniform([1, 9], -0.5, 0.5, 'float32', 8) as tf.Tensor2D;
    const plain = (s: tf.Tensor) => tf.sum(keptCrossEntropy(s as tf.Tensor2D, positives, keep, 0.1, shift));
    const attracted = (s: tf.Tensor) =>
      tf.sum(attractionCrossEntropy(s as tf.Tensor2D, positives, none, keep, 0.1, shift));
    expect(attracted(scores).dataSync()[0]).toBeCloseTo(plain(scores).dataSync()[0] as number, 4);
    const gradient = (f: (s: tf.Tensor) => tf.Tensor) => Array.from(tf.grad(f)(scores).dataSync());
    gradient(attracted).forEach((g, k) => {
      expect(g).toBeCloseTo(gradient(plain)[k] as number, 4);
    });
  });
});
