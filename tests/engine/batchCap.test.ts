// The batch cap's notice names the real limit (issue 22): the training set's size where that is smaller than
// what the backend holds, the backend's memory otherwise; a batch within the limit gets no notice.
import { describe, expect, it } from 'vitest';
import type { TrainerEvent } from '../../src/protocol/messages';
import { drive, testConfig } from './driver';

const notices = (events: readonly TrainerEvent[], runId: number) =>
  events.flatMap((e) => (e.type === 'notice' && e.runId === runId ? [e.message] : []));

describe('batch-cap notices through the trainer (Node)', () => {
  it('names the training set on wasm (1536 examples, less than the 2048 pairs wasm holds)', async () => {
    const t = await drive();
    await t.send({ type: 'configure', runId: 1, config: testConfig({ batch: 2048 }) });
    expect(notices(t.events, 1)).toEqual([
      'Batch capped by the training set: 2048 pairs need 2048 different training examples and the training set has 1536, so training uses batches of 1536 pairs (each example once per batch).',
    ]);
    expect(t.trainer.currentRun?.config.batch).toBe(1536);
    // a batch within the limit: no notice (the page drops the old one as the batch fits)
    await t.send({ type: 'update', runId: 1, config: testConfig({ batch: 256 }) });
    expect(notices(t.events, 1)).toHaveLength(1);
  });

  it("names the backend's memory on cpu (1024 pairs, less than the 1536 examples)", async () => {
    const t = await drive();
    await t.send({ type: 'configure', runId: 2, config: testConfig({ backend: 'cpu', batch: 1536 }) });
    expect(notices(t.events, 2)).toEqual([
      "Batch capped by cpu's memory: 1536 pairs make a 3072 × 3072 similarity matrix, more than cpu holds comfortably here, so training uses batches of 1024 pairs.",
    ]);
    expect(t.trainer.currentRun?.config.batch).toBe(1024);
  });
});
