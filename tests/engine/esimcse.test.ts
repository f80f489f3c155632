// ESimCSE and supervised SimCSE in text mode (issue 19), through the trainer's runs (wasm): word repetition
// lengthens each anchor's second view by the official rule, from a seeded stream of the run's own, and leaves
// every other draw alone; the momentum queue works for the text encoder (keys of the original sentences,
// k <- m k + (1 - m) q); supervised SimCSE trains on the sentences' entailment / contradiction triplets.
import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { createRng } from '../../src/core/rng';
import { makeSentences } from '../../src/data/sentences';
import { encode, vocabSize } from '../../src/data/tokenizer';
import { addLenBound, repeatWords } from '../../src/data/wordRepetition';
import { MomentumEncoder } from '../../src/engine/keyQueue';
import { supervisedLoss } from '../../src/engine/losses';
import { BatchMasks, normalizeRows } from '../../src/engine/lossParts';
import { objectiveFor } from '../../src/engine/objective';
import { rowsOf } from '../../src/engine/objectiveTypes';
import { embedTwoViews } from '../../src/engine/repeatedViews';
import type { Run } from '../../src/engine/run';
import { loadRunDataSource } from '../../src/engine/runData';
import { SentenceEncoder } from '../../src/engine/textEncoder';
import type { TrainConfig } from '../../src/protocol/config';
import { configProblems } from '../../src/protocol/fields';
import { drive, testConfig } from './driver';

// tiny, so each step takes milliseconds
const text = testConfig({ dataset: 'sentences', batch: 8, dim: 8, width: 16, heads: 2, layers: 1 });
const noDigits = () => Promise.reject(new Error('no digits here'));

/** A configured run of `config` (runId 1) and its driver; call `done` to dispose. */
async function runOf(config: TrainConfig) {
  const t = await drive();
  await t.send({ type: 'configure', runId: 1, config });
  const run = t.trainer.currentRun;
  if (!run) throw new Error('no run');
  return { t, run, done: () => t.send({ type: 'dispose', runId: 1 }) };
}

/** The ids and unpadded length of training row `row` (ids are exact in float32). */
function trainIds(run: Run, row: number): { ids: Int32Array; length: number } {
  const { features, dim } = run.data.split.train;
  const ids = Int32Array.from(features.subarray(row * dim, (row + 1) * dim));
  return { ids, length: run.data.trainLengths?.[row] as number };
}

const maxDifference = (a: ArrayLike<number>, b: ArrayLike<number>) =>
  Array.from(a).reduce((worst, v, i) => Math.max(worst, Math.abs(v - (b[i] as number))), 0);

describe('word repetition (ESimCSE) in training', () => {
  it('repeats the second view by the rule, from the run’s own stream, the same for the same seed', async () => {
    const config = { ...text, dup: true, dupRate: 0.32 };
    const first = await runOf(config);
    const second = await runOf(config);
    // the rule replayed on the plan's anchors, from the stream the run draws from
    const rng = createRng(config.seed, 'batch/dup');
    let lengthened = 0;
    for (let step = 0; step < 3; step++) {
      await first.t.send({ type: 'step', runId: 1, steps: 1 });
      await second.t.send({ type: 'step', runId: 1, steps: 1 });
      const plan = first.run.lastPlan;
      const repeated = plan?.repeated;
      if (!plan || !repeated) throw new Error('no repeated views');
      expect(second.run.lastPlan?.repeated?.ids).toEqual(repeated.ids);
      plan.anchors.forEach((row, i) => {
        const { ids, length } = trainIds(first.run, row);
        const expected = repeatWords(ids, length, config.dupRate, rng, config.maxLen);
        expect(repeated.ids.subarray(i * config.maxLen, (i + 1) * config.maxLen)).toEqual(expected.ids);
        const added = (repeated.lengths[i] as number) - length;
        // add_len in 0 .. min(10, floor(rate L)) - 1, and none when that bound is 0
        expect(added).toBeGreaterThanOrEqual(0);
        expect(added).toBeLessThanOrEqual(Math.max(0, addLenBound(length, config.dupRate) - 1));
        if (added > 0) lengthened++;
      });
    }
    expect(lengthened).toBeGreaterThan(0);
    await first.done();
    await second.done();
  });

  it('embeds the sentence as the first view and its repeated form as the second, cut to the longer', async () => {
    const { t, run, done } = await runOf({ ...text, dup: true, dropout: 0 });
    await t.send({ type: 'step', runId: 1, steps: 1 });
    const plan = run.lastPlan;
    const repeated = plan?.repeated;
    if (!plan || !repeated) throw new Error('no repeated views');
    const n = plan.anchors.length;
    const [views, original, again] = tf.tidy(() => {
      const both = embedTwoViews(run.context, plan);
      const ids = tf.tensor2d(repeated.ids, [n, repeated.maxLen], 'int32');
      return [
        both.arraySync(),
        run.model.embed(rowsOf(run.context, plan.anchors)).arraySync(),
        run.model.embed(ids as tf.Tensor2D).arraySync(),
      ];
    });
    for (let i = 0; i < n; i++) {
      // without dropout: even rows are the original sentences, odd rows their repeated forms, padding aside
      expect(maxDifference(views[2 * i] as number[], original[i] as number[])).toBeLessThan(1e-5);
      expect(maxDifference(views[2 * i + 1] as number[], again[i] as number[])).toBeLessThan(1e-5);
    }
    await done();
  });

  it('changes no other draw: dup off and on pick the same anchors and dropout seeds; off ignores the rate', async () => {
    const on = await runOf({ ...text, dup: true });
    const off = await runOf(text);
    const offOtherRate = await runOf({ ...text, dupRate: 0.9 });
    for (let step = 0; step < 3; step++) {
      for (const r of [on, off, offOtherRate]) await r.t.send({ type: 'step', runId: 1, steps: 1 });
      expect(on.run.lastPlan?.anchors).toEqual(off.run.lastPlan?.anchors);
      expect(on.run.lastPlan?.dropout).toEqual(off.run.lastPlan?.dropout);
      expect(off.run.lastPlan?.repeated ?? null).toBeNull();
    }
    const [a, b] = [await off.run.model.readWeights(), await offOtherRate.run.model.readWeights()];
    a.forEach((w, i) => {
      expect(w).toEqual(b[i]);
    });
    for (const r of [on, off, offOtherRate]) await r.done();
  });

  it('trains every two-view objective on the repeated views, snapshots included', async () => {
    for (const loss of ['infonce-nxn', 'dcl', 'hcl'] as const) {
      const { t, run, done } = await runOf({ ...text, loss, dup: true });
      await t.send({ type: 'step', runId: 1, steps: 2 });
      expect(run.lastPlan?.repeated, loss).not.toBeNull();
      expect(t.errors(), loss).toEqual([]);
      expect(Number.isFinite(t.lastSnapshot().loss), loss).toBe(true);
      await done();
    }
  });

  it('is ignored by the objectives with a real positive', async () => {
    for (const loss of ['supervised', 'triplet'] as const) {
      const { t, run, done } = await runOf({ ...text, loss, dup: true });
      await t.send({ type: 'step', runId: 1, steps: 1 });
      expect(run.lastPlan?.repeated ?? null).toBeNull();
      await done();
    }
  });
});

describe('the momentum queue in text mode', () => {
  it('is no longer refused; the full softmax and two towers still are', () => {
    expect(configProblems({ ...text, negatives: 'queue' })).toEqual([]);
    expect(configProblems({ ...text, negatives: 'all' })).toEqual([
      'negatives: all (full softmax) is not available in text mode',
    ]);
    expect(configProblems({ ...text, towers: 2 })).toEqual(['towers: text mode trains one encoder']);
  });

  it('moves the key encoder by k <- m k + (1 - m) q over every text-encoder weight', () => {
    const shape = {
      vocabSize,
      maxLen: 8,
      width: 8,
      heads: 2,
      layers: 1,
      pool: 'mean' as const,
      outputDim: 4,
    };
    const source = new SentenceEncoder(shape, createRng(3, 'init'));
    const momentum = new MomentumEncoder(source);
    const before = momentum.variables.map((v) => v.dataSync().slice());
    expect(before.map((w, i) => maxDifference(w, source.variables[i]?.dataSync() ?? []))).toEqual(
      before.map(() => 0),
    );
    // the encoder moves (as a step would), then the keys follow a tenth of the way
    tf.tidy(() => {
      for (const v of source.variables) v.assign(tf.add(v, tf.randomNormal(v.shape, 0, 1, 'float32', 7)));
    });
    const query = source.variables.map((v) => v.dataSync().slice());
    momentum.update(0.9);
    momentum.variables.forEach((v, i) => {
      const expected = (before[i] as Float32Array).map(
        (k, j) => 0.9 * k + 0.1 * ((query[i] as Float32Array)[j] as number),
      );
      expect(maxDifference(v.dataSync(), expected)).toBeLessThan(1e-6);
    });
    momentum.dispose();
    source.dispose();
  });

  it('fills with the momentum encoder’s keys of the original sentences (momentum 0: the encoder’s own)', async () => {
    const config = { ...text, dup: true, negatives: 'queue', queueSize: 32, momentum: 0 } as const;
    const { t, run, done } = await runOf(config);
    for (let step = 1; step <= 5; step++) {
      await t.send({ type: 'step', runId: 1, steps: 1 });
      expect(run.negatives.queueFor(config)?.size).toBe(Math.min(32, 8 * step));
    }
    const rows = run.lastPlan?.anchors ?? new Int32Array(0);
    const [keys, own] = tf.tidy(() => {
      const queued = run.negatives.queueFor(config)?.keys;
      if (!queued) throw new Error('no keys');
      const newest = tf.slice(queued, [queued.shape[0] - rows.length, 0], [rows.length, -1]);
      return [newest.dataSync(), normalizeRows(run.model.embed(rowsOf(run.context, rows))).dataSync()];
    });
    expect(maxDifference(keys, own)).toBeLessThan(1e-5);
    await done();
  });

  it('trains ESimCSE (dup and a queue) with a finite loss and no tensor leak', async () => {
    const config = { ...text, dup: true, negatives: 'queue', queueSize: 16, momentum: 0.995 } as const;
    const { t, done } = await runOf(config);
    await t.send({ type: 'step', runId: 1, steps: 10 });
    const after10 = tf.memory().numTensors;
    await t.send({ type: 'step', runId: 1, steps: 20 });
    expect(tf.memory().numTensors).toBe(after10);
    expect(t.errors()).toEqual([]);
    const last = t.lastSnapshot();
    expect(last.step).toBe(30);
    expect(Number.isFinite(last.loss)).toBe(true);
    await done();
  });
});

describe('supervised SimCSE on the sentences’ triplets', () => {
  it('aligns each training row with its own triplet', async () => {
    const source = await loadRunDataSource(text, noDigits);
    const triplets = source.triplets;
    if (!triplets) throw new Error('no triplets');
    const { train } = source.split;
    expect(triplets.rows).toBe(train.rows);
    const generated = makeSentences({ seed: text.seed });
    const byText = new Map(generated.sentences.map((s, i) => [encode(s.text, text.maxLen).ids.join(), i]));
    for (const row of [0, 1, 17, train.rows - 1]) {
      const ids = Array.from(train.features.subarray(row * text.maxLen, (row + 1) * text.maxLen));
      const triplet = generated.triplets[byText.get(ids.join()) as number];
      if (!triplet) throw new Error(`row ${row}: no sentence`);
      const at = (table: Int32Array) =>
        Array.from(table.subarray(row * text.maxLen, (row + 1) * text.maxLen));
      expect(at(triplets.entailment)).toEqual(Array.from(encode(triplet.entailment.text, text.maxLen).ids));
      expect(at(triplets.contradiction)).toEqual(
        Array.from(encode(triplet.contradiction.text, text.maxLen).ids),
      );
      expect(triplets.contradictionLabels[row]).toBe(triplet.contradiction.label);
    }
  });

  it('takes the anchor’s entailment as positive and its contradiction as hard negative', async () => {
    const config = { ...text, loss: 'supervised', hardNegativeWeight: 0.5 } as const;
    const { t, run, done } = await runOf(config);
    const source = await loadRunDataSource(config, noDigits);
    const triplets = source.triplets;
    if (!triplets) throw new Error('no triplets');
    const weights = await run.model.readWeights();
    const step = run.trainStep();
    const stepLoss = (await step.loss.data())[0] as number;
    step.loss.dispose();
    const plan = run.lastPlan;
    if (!plan) throw new Error('no plan');
    // the plan picks the anchors' own triplet rows, and prepare mines nothing
    expect(plan.triplets).toBe(true);
    expect(plan.positives).toEqual(plan.anchors);
    expect(plan.pool).toBeNull();
    const prepared = tf.tidy(() =>
      objectiveFor(config)
        .prepare(run.context, plan)
        .map((p) => p.arraySync()),
    );
    expect(prepared).toEqual([Array.from(plan.anchors)]);
    // the step's loss, by hand from the host's triplet ids on the weights before the step
    run.model.writeWeights(weights);
    const n = plan.anchors.length;
    const rowsFrom = (table: Int32Array) => {
      const ids = new Int32Array(n * config.maxLen);
      plan.anchors.forEach((row, i) => {
        ids.set(table.subarray(row * config.maxLen, (row + 1) * config.maxLen), i * config.maxLen);
      });
      return tf.tensor2d(ids, [n, config.maxLen], 'int32');
    };
    const masks = new BatchMasks(n);
    const byHand = tf.tidy(() => {
      const { model } = run;
      const z1 = model.embedOneView(rowsOf(run.context, plan.anchors), plan.dropout);
      const d = plan.dropout;
      const z2 = model.embedOneView(rowsFrom(triplets.entailment), { ...d, seed: d.seed + 1 });
      const z3 = model.embedOneView(rowsFrom(triplets.contradiction), { ...d, seed: d.seed + 2 });
      return supervisedLoss(z1, z2, z3, config.tau, config.hardNegativeWeight, masks).dataSync()[0] as number;
    });
    masks.dispose();
    expect(Math.abs(byHand - stepLoss)).toBeLessThan(1e-5);
    // and its snapshots, which show the same triplet rows
    await t.send({ type: 'step', runId: 1, steps: 2 });
    expect(t.errors()).toEqual([]);
    expect(Number.isFinite(t.lastSnapshot().loss)).toBe(true);
    await done();
  });
});
