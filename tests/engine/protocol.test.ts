import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { pairHistograms } from '../../src/core/pairHistograms';
import { matrixBuffers, snapshotTransferables, type TrainerEvent } from '../../src/protocol/messages';
import { type Driven, drive, testConfig } from './driver';

describe('the trainer through its message protocol (Node, wasm)', () => {
  let t: Driven;
  beforeAll(async () => {
    t = await drive();
    await t.send({ type: 'configure', runId: 1, config: testConfig() });
  });

  it('configures: loading, ready with the backend really in use and why, a first snapshot, paused', () => {
    const kinds = t.events.filter((e) => e.runId === 1).map((e) => (e.type === 'status' ? e.status : e.type));
    expect(kinds).toEqual(['loading', 'ready', 'snapshot', 'paused']);
    const ready = t.events.find((e) => e.type === 'ready');
    expect(ready?.type === 'ready' && ready.backend.backend).toBe('wasm');
    expect(ready?.type === 'ready' && ready.backend.reason).toMatch(/forced/);
    expect(tf.getBackend()).toBe('wasm');
    const first = t.lastSnapshot();
    expect(first.step).toBe(0);
    expect(first.batch.rows).toBe(128);
    expect(first.display.rows).toBeGreaterThan(100);
    expect(Number.isFinite(first.loss)).toBe(true);
  });

  it('carries the histograms of pairwise cosines, counted from its own display set and batch, and transfers them', () => {
    const snapshot = t.lastSnapshot();
    expect(snapshot.histograms).toEqual(pairHistograms(snapshot.display, snapshot.batch));
    expect(snapshot.histograms.batchPositives.total).toBe(snapshot.batch.rows / 2);
    expect(snapshot.histograms.display.total).toBeGreaterThan(0);
    const transferred = snapshotTransferables(snapshot);
    for (const histogram of Object.values(snapshot.histograms))
      expect(transferred).toContain(histogram.counts.buffer);
  });

  it('runs single steps, each followed by a snapshot', async () => {
    await t.send({ type: 'step', runId: 1 });
    expect(t.lastSnapshot().step).toBe(1);
    await t.send({ type: 'step', runId: 1, steps: 4 });
    expect(t.lastSnapshot().step).toBe(5);
  });

  it('applies a live change without resetting training', async () => {
    await t.send({
      type: 'update',
      runId: 1,
      config: testConfig({ tau: 0.5, lr: 3e-3, dropout: 0.2, batch: 32 }),
    });
    const after = t.lastSnapshot();
    expect(after.step).toBe(5);
    expect(after.tau).toBe(0.5);
    await t.send({ type: 'step', runId: 1 });
    expect(t.lastSnapshot().step).toBe(6);
    expect(t.lastSnapshot().batch.rows).toBe(64);
  });

  it('rebuilds the model (step 0, same data) when the output dimension changes', async () => {
    await t.send({ type: 'update', runId: 1, config: testConfig({ tau: 0.5, batch: 32, dim: 8 }) });
    const rebuilt = t.lastSnapshot();
    expect(rebuilt.step).toBe(0);
    expect(rebuilt.display.dim).toBe(8);
  });

  it('ignores commands of a stale run id', async () => {
    const before = t.events.length;
    await t.send({ type: 'step', runId: 0 });
    await t.send({ type: 'play', runId: 7 });
    expect(t.events.length).toBe(before);
  });

  it('plays until paused, streaming snapshots', async () => {
    const start = t.lastSnapshot().step;
    await t.send({ type: 'play', runId: 1 });
    await t.waitFor((e) => e.type === 'snapshot' && e.snapshot.step > start + 20);
    await t.send({ type: 'pause', runId: 1 });
    const paused = t.lastSnapshot().step;
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(t.lastSnapshot().step).toBe(paused);
    const statuses = t.events.flatMap((e) => (e.type === 'status' ? [e.status] : []));
    expect(statuses.slice(-2)).toEqual(['running', 'paused']);
  });

  it('paced by the page: after a snapshot, the next waits until the page says it was shown', async () => {
    const isSnapshot = (e: TrainerEvent) => e.type === 'snapshot' && e.runId === 1;
    await t.send({ type: 'cadence', runId: 1, snapshotMs: 16, paced: true });
    await t.send({ type: 'play', runId: 1 });
    const seen = t.events.filter(isSnapshot).length;
    await t.waitFor((e) => isSnapshot(e) && t.events.filter(isSnapshot).length > seen);
    const waiting = t.events.filter(isSnapshot).length;
    const stepThen = t.lastSnapshot().step;
    // far beyond the 16 ms cadence but within the 2 s the trainer waits for a lost 'shown'
    await new Promise((resolve) => setTimeout(resolve, 400));
    expect(t.events.filter(isSnapshot).length).toBe(waiting);
    await t.send({ type: 'shown', runId: 1 });
    await t.waitFor((e) => isSnapshot(e) && t.events.filter(isSnapshot).length > waiting);
    expect(t.lastSnapshot().step).toBeGreaterThan(stepThen); // training went on meanwhile
    await t.send({ type: 'pause', runId: 1 });
    await t.send({ type: 'cadence', runId: 1, snapshotMs: 100 }); // unpaced again for the tests below
  });

  it('reports typed errors: an invalid config, a backend that cannot run here', async () => {
    await t.send({ type: 'configure', runId: 2, config: testConfig({ tau: -1, dropout: 2 }) });
    const invalid = t.errors().at(-1);
    expect(invalid?.code).toBe('INVALID_CONFIG');
    expect(invalid?.message).toMatch(/tau/);
    expect(invalid?.message).toMatch(/dropout/);
    await t.send({ type: 'configure', runId: 3, config: testConfig({ backend: 'webgpu' }) });
    const backend = t.errors().at(-1);
    expect(backend?.code).toBe('BACKEND_FAILED');
    expect(backend?.message).toMatch(/webgpu/);
    expect(t.events.some((e) => e.runId === 3 && e.type === 'ready')).toBe(false);
  });

  it('pauses on a non-finite loss with NAN_LOSS and the step, and rewinds to finite weights', async () => {
    await t.send({ type: 'configure', runId: 4, config: testConfig() });
    await t.send({ type: 'step', runId: 4, steps: 60 });
    const run = t.trainer.currentRun;
    if (!run) throw new Error('no run');
    run.saveCheckpoint();
    const weights = await run.model.readWeights();
    (weights[0] as Float32Array)[0] = Number.NaN; // a weight gone bad, as after an overflow
    run.model.writeWeights(weights);
    await t.send({ type: 'step', runId: 4, steps: 3 });
    const nan = t.errors().at(-1);
    expect(nan?.code).toBe('NAN_LOSS');
    expect(nan?.step).toBe(61);
    expect(nan?.rewindStep).toBe(60);
    await t.send({ type: 'rewind', runId: 4 });
    expect(t.lastSnapshot().step).toBe(60);
    await t.send({ type: 'step', runId: 4, steps: 2 });
    expect(Number.isFinite(t.lastSnapshot().loss)).toBe(true);
    expect(t.lastSnapshot().step).toBe(62);
  });

  it('caps a batch larger than the data with a notice', async () => {
    await t.send({ type: 'update', runId: 4, config: testConfig({ batch: 4096 }) });
    const notice = t.events.filter((e) => e.type === 'notice').at(-1);
    expect(notice?.type === 'notice' && notice.message).toMatch(/4096/);
    await t.send({ type: 'step', runId: 4 });
    expect(t.lastSnapshot().batch.rows).toBeLessThanOrEqual(256);
  });

  it('caps a batch that a new run asks for, with the same notice naming the real limit (the data)', async () => {
    await t.send({ type: 'configure', runId: 5, config: testConfig({ batch: 4096 }) });
    const notice = t.events.filter((e) => e.type === 'notice' && e.runId === 5).at(-1);
    expect(notice?.type === 'notice' && notice.message).toMatch(
      /^Batch capped by the training set: 4096 pairs need 4096 different training examples and the training set has 1536, so training uses batches of 1536 pairs/,
    );
    expect(t.trainer.currentRun?.config.batch).toBe(1536);
  });
});

describe('snapshot matrices handed back by the page (Node, wasm)', () => {
  let t: Driven;
  beforeAll(async () => {
    t = await drive();
    await t.send({ type: 'configure', runId: 1, config: testConfig() });
  });

  it("fills later snapshots' matrices into the buffers the page hands back, whatever their run id", async () => {
    const handedBack = matrixBuffers(t.lastSnapshot());
    await t.send({ type: 'recycle', runId: 0, buffers: handedBack });
    await t.send({ type: 'step', runId: 1 });
    const next = t.lastSnapshot();
    const { rows, dim, embeddings, similarity, negativeWeights } = next.batch;
    expect(matrixBuffers(next).every((buffer) => handedBack.includes(buffer))).toBe(true);
    // ... holding this snapshot's values: the cosines of its own embeddings, weights summing to 1 per anchor
    for (const [i, j] of [
      [0, 1],
      [3, 7],
      [rows - 1, 0],
    ] as const) {
      let dot = 0;
      for (let c = 0; c < dim; c++)
        dot += (embeddings[i * dim + c] as number) * (embeddings[j * dim + c] as number);
      expect(similarity[i * rows + j]).toBeCloseTo(dot, 5);
    }
    const rowSum = negativeWeights.subarray(0, rows).reduce((a, b) => a + b, 0);
    expect(rowSum).toBeCloseTo(1, 5);
  });
});
