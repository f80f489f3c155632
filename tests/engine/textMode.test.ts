// Text mode through `npm run train`'s loop (issue 19): the generated sentences train the text encoder, every
// snapshot carries the STS Spearman, batches are cut to their longest sentence without changing the result, and
// what text mode cannot run yet is refused with a reason.
import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { trainSteps } from '../../src/cli/trainSteps';
import { createRng } from '../../src/core/rng';
import { vocabSize } from '../../src/data/tokenizer';
import { rowsOf } from '../../src/engine/objectiveTypes';
import { disposeRunData, loadRunDataSource, uploadRunData } from '../../src/engine/runData';
import { SentenceEncoder } from '../../src/engine/textEncoder';
import { configProblems } from '../../src/protocol/fields';
import { snapshotLine } from '../../src/protocol/snapshotLine';
import { testConfig } from './driver';

// small enough to train in a few seconds on wasm
const text = testConfig({
  dataset: 'sentences',
  tau: 0.05,
  batch: 16,
  dim: 16,
  width: 32,
  heads: 4,
  layers: 1,
});
const noDigits = () => Promise.reject(new Error('no digits here'));

describe('text mode', () => {
  it('trains on the sentences and reports a finite sts_spearman in every line', async () => {
    const { snapshots, failure } = await trainSteps(text, 20);
    expect(failure).toBeNull();
    expect(snapshots.map((s) => s.step)).toEqual([10, 20]);
    for (const snapshot of snapshots) {
      const line = snapshotLine(snapshot);
      expect(Number.isFinite(line.sts_spearman), `step ${snapshot.step}`).toBe(true);
      expect(Math.abs(line.sts_spearman as number)).toBeLessThanOrEqual(100);
      expect(Number.isFinite(snapshot.loss)).toBe(true);
    }
  }, 60_000);

  it('reports sts_spearman null for the other data sets', async () => {
    const { snapshots } = await trainSteps(testConfig(), 1);
    expect(snapshotLine(snapshots[0] as never).sts_spearman).toBeNull();
  }, 30_000);

  it('holds ids with the meaning groups as labels, and cuts a batch to its longest sentence', async () => {
    const source = await loadRunDataSource(text, noDigits);
    const data = uploadRunData(source);
    try {
      expect(data.trainX.dtype).toBe('int32');
      expect(data.trainX.shape).toEqual([source.split.train.rows, text.maxLen]);
      expect(data.sts?.a.shape).toEqual([source.sts?.pairs, text.maxLen]);
      const lengths = data.trainLengths as Int32Array;
      const batch = Int32Array.from({ length: 16 }, (_, i) => 3 * i);
      const longest = Math.max(...Array.from(batch, (i) => lengths[i] as number));
      expect(longest).toBeLessThan(text.maxLen);
      const context = { trainX: data.trainX, trainLengths: lengths } as never;
      const encoder = new SentenceEncoder(
        { vocabSize, maxLen: text.maxLen, width: 32, heads: 4, layers: 1, pool: 'mean', outputDim: 16 },
        createRng(1, 'init'),
      );
      const [cut, full, same] = tf.tidy(() => {
        const trimmed = rowsOf(context, batch);
        const padded = tf.gather(data.trainX, tf.tensor1d(batch, 'int32')) as tf.Tensor2D;
        const plan = { rate: 0.1, sameMask: false, seed: 5 };
        const diff = tf.max(
          tf.abs(tf.sub(encoder.embedTwoViews(trimmed, plan), encoder.embedTwoViews(padded, plan))),
        );
        return [tf.keep(trimmed), tf.keep(padded), tf.keep(diff)];
      });
      // the cut drops only padding, and the embeddings (dropout included) do not move
      expect(cut.shape).toEqual([16, longest]);
      expect(
        Array.from(await full.slice([0, longest], [16, text.maxLen - longest]).data()).every(
          (id) => id === 0,
        ),
      ).toBe(true);
      expect((await same.data())[0]).toBeLessThan(1e-5);
      tf.dispose([cut, full, same]);
      encoder.dispose();
    } finally {
      disposeRunData(data);
    }
  }, 30_000);

  it('refuses what text mode cannot run yet, with the reason', async () => {
    expect(configProblems(text)).toEqual([]);
    expect(configProblems({ ...text, negatives: 'all' })).toEqual([
      'negatives: all (full softmax) is not available in text mode',
    ]);
    expect(configProblems({ ...text, towers: 2 })).toEqual(['towers: text mode trains one encoder']);
    expect(configProblems({ ...text, width: 36, heads: 8 })).toEqual(['heads: 8 does not divide width 36']);
    // the same fields are fine for the other data sets
    expect(configProblems({ ...text, dataset: 'clusters', negatives: 'queue', width: 36, heads: 8 })).toEqual(
      [],
    );
    const { failure } = await trainSteps({ ...text, negatives: 'all' }, 1);
    expect(failure?.message).toContain('not available in text mode');
  }, 30_000);
});
