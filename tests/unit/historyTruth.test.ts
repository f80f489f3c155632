// Issue 21 (4, 5): a rebuild (a new model in the same run: the output dimension, the architecture) starts a new
// history and trail, as a restart does; the steps/s readout says "paused" when paused and is never negative;
// (7) the readouts show the chart feed's round snapshot, the one the charts are handed, not the store's newest.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { chartFeedOf } from '../../src/charts/chartFeed';
import type { Snapshot } from '../../src/protocol/snapshot';
import { createLabStore, METRIC_KEYS } from '../../src/state/store';
import { stepsPerSecondText } from '../../src/ui/Readouts';
import { fakeSnapshot } from './charts/hypersphereFixture';

/** A snapshot of model `modelId` at `step` with the given output dimension and alignment/uniformity. */
function snapshotOf(modelId: number, step: number, dim: number, at = step / 100): Snapshot {
  return { ...fakeSnapshot({ dim }), modelId, step, alignment: at, uniformity: -at };
}

describe('history across a rebuild (issue 21, 4)', () => {
  it('a dimension change (a new model id, same run id) starts a new metric history and a new trail', () => {
    const store = createLabStore();
    const runId = store.getState().nextRun();
    const ingest = (snapshot: Snapshot) => store.getState().ingest({ type: 'snapshot', runId, snapshot });
    for (const step of [0, 100, 200, 300]) ingest(snapshotOf(1, step, 3));
    const before = store.getState();
    expect(before.history.loss.points().steps).toEqual([0, 100, 200, 300]);
    expect(before.trails).toHaveLength(1);

    for (const step of [0, 50, 100]) ingest(snapshotOf(2, step, 2, 10 + step / 100));
    const after = store.getState();
    // every metric holds only the new model's points: no line back from step 300 to step 0
    for (const key of METRIC_KEYS) expect(after.history[key].points().steps).toEqual([0, 50, 100]);
    expect(after.historyId).not.toBe(before.historyId);
    expect(after.historyVersion).toBeGreaterThan(before.historyVersion);
    // one trail per model: the 3-D run's points stay in the old trail, the 2-D run's in a new one
    expect(after.trails).toHaveLength(2);
    const [old, current] = after.trails;
    expect(old?.alignment).toEqual([0, 1, 2, 3]);
    expect(current?.alignment).toEqual([10, 10.5, 11]);
    expect(old?.id).not.toBe(current?.id);
    expect(old?.label).toMatch(/dim 3/);
    expect(current?.label).toMatch(/dim 2/);
  });

  it("a rebuild at step 0 is not taken for a repeat of the old model's step-0 snapshot", () => {
    const store = createLabStore();
    const runId = store.getState().nextRun();
    const ingest = (snapshot: Snapshot) => store.getState().ingest({ type: 'snapshot', runId, snapshot });
    ingest(snapshotOf(1, 0, 3, 1));
    ingest(snapshotOf(2, 0, 2, 5));
    const { history, trails } = store.getState();
    expect(history.alignment.points().values).toEqual([5]);
    expect(trails.map((trail) => trail.alignment)).toEqual([[1], [5]]);
  });

  it('snapshots of one model keep one history, a temperature change a new trail in it', () => {
    const store = createLabStore();
    const runId = store.getState().nextRun();
    const ingest = (snapshot: Snapshot) => store.getState().ingest({ type: 'snapshot', runId, snapshot });
    ingest(snapshotOf(1, 0, 3));
    ingest(snapshotOf(1, 10, 3));
    const historyId = store.getState().historyId;
    ingest({ ...snapshotOf(1, 20, 3), tau: 0.05 });
    expect(store.getState().historyId).toBe(historyId);
    expect(store.getState().history.loss.points().steps).toEqual([0, 10, 20]);
    expect(store.getState().trails).toHaveLength(2);
  });

  it('a new run starts a new history id too, so trails of two runs never share an id', () => {
    const store = createLabStore();
    const first = store.getState().nextRun();
    store.getState().ingest({ type: 'snapshot', runId: first, snapshot: snapshotOf(1, 0, 3) });
    const second = store.getState().nextRun();
    store.getState().ingest({ type: 'snapshot', runId: second, snapshot: snapshotOf(2, 0, 3) });
    const ids = store.getState().trails.map((trail) => trail.id);
    expect(new Set(ids).size).toBe(2);
  });
});

describe('the steps/s readout (issue 21, 5)', () => {
  it('says "paused" when paused, whatever the number', () => {
    expect(stepsPerSecondText('paused', 120)).toBe('paused');
    expect(stepsPerSecondText('paused', -2490)).toBe('paused');
  });

  it('is never negative while running', () => {
    expect(stepsPerSecondText('running', 87.5)).toBe(87.5);
    expect(stepsPerSecondText('running', -544)).toBe(0);
    expect(stepsPerSecondText('running', Number.NaN)).toBe(0);
  });
});

describe('one snapshot per round (issue 21, 7)', () => {
  // frames as timers: the feed waits a frame before it releases a replaced snapshot
  beforeAll(() => {
    vi.stubGlobal('requestAnimationFrame', (callback: () => void) => setTimeout(callback, 16));
  });
  afterAll(() => {
    vi.unstubAllGlobals();
  });

  it("the round's snapshot (the readouts') is the one the charts are handed, not a newer one still waiting", async () => {
    const store = createLabStore();
    const feed = chartFeedOf(store);
    const runId = store.getState().nextRun();
    const ingest = (step: number) =>
      store.getState().ingest({ type: 'snapshot', runId, snapshot: snapshotOf(1, step, 3) });
    // one chart whose re-render and panel caption both read its slot
    const slot = feed.slot();
    const chart = vi.fn();
    const caption = vi.fn();
    feed.subscribe(slot, chart);
    feed.subscribe(slot, caption);
    ingest(10);
    expect(feed.current().snapshot?.step).toBe(10); // admitted at once: nothing was shown before
    await vi.waitFor(() => expect(slot.data.snapshot?.step).toBe(10));
    expect(chart).toHaveBeenCalledTimes(1);
    expect(caption).toHaveBeenCalledTimes(1); // the panel learns of its chart's turn too
    ingest(20); // within the interval: the store has it, the round does not yet
    expect(store.getState().snapshot?.step).toBe(20);
    expect(feed.current().snapshot?.step).toBe(10);
    expect(slot.data.snapshot?.step).toBe(10);
    await vi.waitFor(() => expect(feed.current().snapshot?.step).toBe(20), { timeout: 2000 });
    await vi.waitFor(() => expect(slot.data.snapshot?.step).toBe(20));
    expect(chart).toHaveBeenCalledTimes(2);
    expect(caption).toHaveBeenCalledTimes(2);
  });
});
