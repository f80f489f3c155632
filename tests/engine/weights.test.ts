import { beforeAll, describe, expect, it } from 'vitest';
import { Trainer } from '../../src/engine/trainer';
import type { TrainerEvent } from '../../src/protocol/messages';
import type { Snapshot } from '../../src/protocol/snapshot';
import { encodeWeightsFile, parseWeightsFile, type WeightsFile } from '../../src/protocol/weightsFile';
import { type Driven, drive, testConfig } from './driver';

/** Largest |a - b| between two arrays of the same length. */
function maxAbsDiff(a: Float32Array, b: Float32Array): number {
  expect(a.length).toBe(b.length);
  return a.reduce((worst, v, i) => Math.max(worst, Math.abs(v - (b[i] as number))), 0);
}

const isWeights = (runId: number) => (event: TrainerEvent) =>
  event.type === 'weights' && event.runId === runId;

describe('weights download and load through the protocol (Node, wasm)', () => {
  let t: Driven;
  let exported: WeightsFile;
  let trained: Snapshot;

  beforeAll(async () => {
    t = await drive();
    await t.send({ type: 'configure', runId: 1, config: testConfig() });
    await t.send({ type: 'step', runId: 1, steps: 20 });
    trained = t.lastSnapshot();
    await t.send({ type: 'exportWeights', runId: 1 });
    const event = await t.waitFor(isWeights(1));
    if (event.type !== 'weights') throw new Error('no weights');
    exported = event.file;
  });

  it('exportWeights answers with a weights event: the run config, the step and every layer', () => {
    expect(exported.format).toBe('infonce-lab-weights');
    expect(exported.step).toBe(20);
    expect(exported.config.inputDim).toBe(testConfig().inputDim);
    expect(exported.layers.map((layer) => layer.shape)).toEqual([[32, 128], [128], [128, 3], [3]]);
    // the file survives its own text form (what the page downloads and reads back)
    const parsed = parseWeightsFile(encodeWeightsFile(exported));
    expect('file' in parsed && parsed.file.layers[0]?.data).toEqual(exported.layers[0]?.data);
  });

  it('a fresh run of the same config that loads them shows the same embeddings, keeping its own step', async () => {
    await t.send({ type: 'configure', runId: 2, config: testConfig() });
    await t.send({ type: 'step', runId: 2, steps: 3 });
    const before = t.lastSnapshot();
    expect(maxAbsDiff(before.display.embeddings, trained.display.embeddings)).toBeGreaterThan(1e-3);
    await t.send({ type: 'importWeights', runId: 2, file: exported });
    const loaded = t.lastSnapshot();
    expect(loaded.runId).toBe(2);
    expect(loaded.step).toBe(3);
    expect(maxAbsDiff(loaded.display.embeddings, trained.display.embeddings)).toBeLessThan(1e-6);
    expect(Array.from(loaded.display.labels)).toEqual(Array.from(trained.display.labels));
    const notice = t.events.findLast((e) => e.type === 'notice' && e.runId === 2);
    expect(notice?.type === 'notice' && notice.message).toMatch(/step 20.*fresh Adam optimiser/);
    expect(t.errors().filter((e) => e.runId === 2)).toEqual([]);
    // training goes on from the loaded weights
    await t.send({ type: 'step', runId: 2, steps: 2 });
    expect(t.lastSnapshot().step).toBe(5);
    expect(Number.isFinite(t.lastSnapshot().loss)).toBe(true);
  });

  it('a file of another model shape is refused with BAD_WEIGHTS and the reason; nothing changes', async () => {
    await t.send({ type: 'configure', runId: 3, config: testConfig({ inputDim: 64 }) });
    await t.send({ type: 'step', runId: 3, steps: 2 });
    const before = t.lastSnapshot();
    const eventsBefore = t.events.length;
    await t.send({ type: 'importWeights', runId: 3, file: exported });
    const said = t.events.slice(eventsBefore);
    expect(said).toHaveLength(1);
    const refusal = said[0];
    expect(refusal?.type === 'error' && refusal.code).toBe('BAD_WEIGHTS');
    expect(refusal?.type === 'error' && refusal.message).toBe(
      "the file holds a model of another shape (layer widths 32 → 128 → 3) than this run's (64 → 128 → 3): weights only fit a model built with the same settings",
    );
    // the weights are untouched (a pause re-sends the snapshot of the same model) and the run is not failed
    await t.send({ type: 'pause', runId: 3 });
    const after = t.lastSnapshot();
    expect(after.step).toBe(2);
    expect(maxAbsDiff(after.display.embeddings, before.display.embeddings)).toBe(0);
    expect(t.events.some((e) => e.type === 'status' && e.runId === 3 && e.status === 'failed')).toBe(false);
    await t.send({ type: 'step', runId: 3, steps: 1 });
    expect(t.lastSnapshot().step).toBe(3);
  });

  it('a malformed file that skipped the page check is refused too', async () => {
    const eventsBefore = t.events.length;
    const bad: WeightsFile = {
      ...exported,
      layers: exported.layers.map((layer, i) => (i === 1 ? { ...layer, data: new Float32Array(5) } : layer)),
    };
    await t.send({ type: 'importWeights', runId: 3, file: bad });
    const refusal = t.events.slice(eventsBefore).find((e) => e.type === 'error');
    expect(refusal?.type === 'error' && refusal.code).toBe('BAD_WEIGHTS');
    expect(refusal?.type === 'error' && refusal.message).toMatch(/layer 2 \(a bias\).*holds 5 values/);
  });

  it('leaves no tensors behind: exporting adds none, loading again keeps the count', async () => {
    const tensors = Trainer.liveTensors();
    await t.send({ type: 'exportWeights', runId: 3 });
    expect(Trainer.liveTensors()).toBe(tensors);
    await t.send({ type: 'configure', runId: 5, config: testConfig() });
    await t.send({ type: 'importWeights', runId: 5, file: exported });
    const loaded = Trainer.liveTensors();
    await t.send({ type: 'importWeights', runId: 5, file: exported });
    expect(Trainer.liveTensors()).toBe(loaded);
  });

  it('exporting while training does not pause it', async () => {
    await t.send({ type: 'configure', runId: 6, config: testConfig() });
    await t.send({ type: 'play', runId: 6 });
    await t.waitFor((e) => e.type === 'snapshot' && e.runId === 6 && e.snapshot.step > 5);
    await t.send({ type: 'exportWeights', runId: 6 });
    const event = await t.waitFor(isWeights(6));
    expect(event.type === 'weights' && event.file.step).toBeGreaterThan(5);
    const step = t.lastSnapshot().step;
    await t.waitFor((e) => e.type === 'snapshot' && e.runId === 6 && e.snapshot.step > step + 5);
    await t.send({ type: 'pause', runId: 6 });
  });
});
