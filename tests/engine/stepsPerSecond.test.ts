// Issue 21 (5 and 4): steps per second is never negative after a reset, a rebuild or a rewind (each starts
// counting afresh), and every model the trainer builds has its own modelId, a rebuild included, so the page can
// start a new history for it.
import { beforeAll, describe, expect, it } from 'vitest';
import type { Snapshot } from '../../src/protocol/snapshot';
import { type Driven, drive, testConfig } from './driver';

/** Plays run `runId` until a snapshot past `steps` arrives, then pauses. */
async function trainPast(t: Driven, runId: number, steps: number): Promise<void> {
  await t.send({ type: 'play', runId });
  await t.waitFor((e) => e.type === 'snapshot' && e.runId === runId && e.snapshot.step > steps, 60_000);
  await t.send({ type: 'pause', runId });
}

/** The snapshots that came after `count` events. */
const snapshotsAfter = (t: Driven, count: number): Snapshot[] =>
  t.events.slice(count).flatMap((e) => (e.type === 'snapshot' ? [e.snapshot] : []));

describe('steps per second and model ids (Node, wasm)', () => {
  let t: Driven;
  beforeAll(async () => {
    t = await drive();
    await t.send({ type: 'configure', runId: 1, config: testConfig() });
  });

  it('measures a positive rate while training', async () => {
    await trainPast(t, 1, 20);
    const trained = t.snapshots(1).filter((s) => s.step > 0);
    expect(trained.length).toBeGreaterThan(0);
    expect(trained.some((s) => s.stepsPerSecond > 0)).toBe(true);
    for (const s of t.snapshots(1)) expect(s.stepsPerSecond).toBeGreaterThanOrEqual(0);
  });

  it('pause, then reset (a new run at step 0): the new run starts at 0 steps/s, not below', async () => {
    const before = t.events.length;
    const oldModel = t.lastSnapshot().modelId;
    await t.send({ type: 'configure', runId: 2, config: testConfig() });
    const first = snapshotsAfter(t, before)[0];
    expect(first?.step).toBe(0);
    expect(first?.stepsPerSecond).toBe(0);
    expect(first?.modelId).not.toBe(oldModel);
  });

  it('pause, then change the dimension (a rebuild): 0 steps/s and a new model id, same run id', async () => {
    await trainPast(t, 2, 20);
    const trained = t.lastSnapshot();
    expect(trained.step).toBeGreaterThan(20);
    const before = t.events.length;
    await t.send({ type: 'update', runId: 2, config: testConfig({ dim: 2 }) });
    const rebuilt = snapshotsAfter(t, before);
    expect(rebuilt.length).toBeGreaterThan(0);
    for (const s of rebuilt) {
      expect(s.runId).toBe(2);
      expect(s.step).toBe(0);
      expect(s.display.dim).toBe(2);
      expect(s.modelId).not.toBe(trained.modelId);
      expect(s.stepsPerSecond).toBeGreaterThanOrEqual(0);
    }
  });

  it('a rebuild while training: every snapshot of the new model has its id and a rate of at least 0', async () => {
    await t.send({ type: 'play', runId: 2 });
    await t.waitFor((e) => e.type === 'snapshot' && e.runId === 2 && e.snapshot.step > 10, 60_000);
    const oldModel = t.lastSnapshot().modelId;
    const before = t.events.length;
    await t.send({ type: 'update', runId: 2, config: testConfig({ dim: 3 }) });
    await t.waitFor(
      (e) => e.type === 'snapshot' && e.snapshot.display.dim === 3 && e.snapshot.step > 5,
      60_000,
    );
    await t.send({ type: 'pause', runId: 2 });
    const after = snapshotsAfter(t, before);
    const newModel = after.filter((s) => s.display.dim === 3);
    expect(newModel.length).toBeGreaterThan(1);
    expect(new Set(newModel.map((s) => s.modelId))).toEqual(new Set([oldModel + 1]));
    for (const s of after) expect(s.stepsPerSecond).toBeGreaterThanOrEqual(0);
  });

  it('a live change keeps the model id', async () => {
    const model = t.lastSnapshot().modelId;
    await t.send({ type: 'update', runId: 2, config: testConfig({ dim: 3, tau: 0.3 }) });
    expect(t.lastSnapshot().tau).toBe(0.3);
    expect(t.lastSnapshot().modelId).toBe(model);
  });

  it('a rewind (back to an earlier step) is not a negative rate', async () => {
    const run = t.trainer.currentRun;
    if (!run) throw new Error('no run');
    run.saveCheckpoint();
    const checkpoint = run.step;
    await t.send({ type: 'step', runId: 2, steps: 5 });
    const before = t.events.length;
    await t.send({ type: 'rewind', runId: 2 });
    const rewound = snapshotsAfter(t, before).at(-1);
    expect(rewound?.step).toBe(checkpoint);
    expect(rewound?.stepsPerSecond).toBe(0);
  });
});
