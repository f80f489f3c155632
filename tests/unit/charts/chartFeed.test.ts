import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { CHART_TIME_FACTOR, chartFeedOf, MIN_INTERVAL_MS, type Slot } from '../../../src/charts/chartFeed';
import { drawsIdle, requestDraw } from '../../../src/charts/frameScheduler';
import { createLabStore } from '../../../src/state/store';
import { fakeSnapshot } from './hypersphereFixture';

// Animation frames run by hand (the feed hands one chart a frame and waits for the frame scheduler to drain).
let frames: (() => void)[] = [];
const runFrames = () => {
  while (frames.length > 0) frames.shift()?.();
};
/** Waits, running frames as they are requested, until `check` passes. */
const untilFramed = (check: () => void) =>
  vi.waitFor(() => {
    runFrames();
    check();
  });
beforeAll(() => {
  vi.stubGlobal('requestAnimationFrame', (callback: () => void) => frames.push(callback));
});
afterEach(async () => {
  // Let a round still handing charts (one a frame) finish, so the next test's frames start empty.
  for (let i = 0; i < 50 && frames.length > 0; i++) {
    runFrames();
    await new Promise((resolve) => setTimeout(resolve, 1));
  }
  frames = [];
});
// The stub stays for the whole file: a store's admission timer may still fire after its test, and its round
// then asks for a frame.

/** A store with three charts on its feed, each logging the snapshot step it is handed. */
function labWithCharts() {
  const store = createLabStore();
  const feed = chartFeedOf(store);
  const handed: string[] = [];
  const slots: Slot[] = ['hypersphere', 'forces', 'metrics'].map((name) => {
    const slot = feed.slot();
    feed.subscribe(slot, () => handed.push(`${name}@${slot.data.snapshot?.step ?? 'none'}`));
    return slot;
  });
  const snapshot = (step: number) =>
    store.getState().ingest({ type: 'snapshot', runId: 0, snapshot: { ...fakeSnapshot({ dim: 3 }), step } });
  return { store, handed, slots, snapshot };
}

describe('chart feed', () => {
  it('hands a snapshot to one chart per frame, each in a task of its own, in page order', async () => {
    const { handed, snapshot } = labWithCharts();
    snapshot(10);
    expect(handed).toEqual([]); // not in the task that received it
    await vi.waitFor(() => expect(handed).toHaveLength(1));
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(handed).toEqual(['hypersphere@10']); // the next chart waits for a frame
    runFrames();
    expect(handed).toHaveLength(1); // ... and not in the frame itself, but in a task after it
    await vi.waitFor(() => expect(handed).toHaveLength(2));
    await untilFramed(() => expect(handed).toHaveLength(3));
    expect(handed).toEqual(['hypersphere@10', 'forces@10', 'metrics@10']);
  });

  it('hands the next chart only once the charts have drawn, so that no frame lays out one and draws another', async () => {
    const { handed, snapshot } = labWithCharts();
    snapshot(10);
    await vi.waitFor(() => expect(handed).toHaveLength(1));
    const drew = vi.fn();
    requestDraw({}, drew); // the first chart's canvas, asked for as it re-rendered
    const runOneFrame = () => {
      const pending = frames;
      frames = [];
      for (const callback of pending) callback();
    };
    runOneFrame(); // lays out the first chart's DOM changes; its draw waits for the next frame
    expect(drew).not.toHaveBeenCalled();
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(handed).toHaveLength(1);
    runOneFrame();
    expect(drew).toHaveBeenCalledTimes(1);
    expect(handed).toHaveLength(1); // not in the frame itself
    await vi.waitFor(() => expect(handed).toEqual(['hypersphere@10', 'forces@10']));
  });

  it('admits the newest snapshot once the interval has passed and the charts have drawn', async () => {
    const { handed, snapshot } = labWithCharts();
    snapshot(10);
    await untilFramed(() => expect(handed).toHaveLength(3));
    requestDraw({}, () => undefined); // a chart still to draw
    snapshot(20);
    snapshot(30);
    await new Promise((resolve) => setTimeout(resolve, 2 * MIN_INTERVAL_MS));
    expect(handed).toHaveLength(3); // waiting for the draw
    runFrames();
    expect(drawsIdle()).toBe(true);
    await untilFramed(() => expect(handed).toHaveLength(6));
    expect(handed.slice(3)).toEqual(['hypersphere@30', 'forces@30', 'metrics@30']); // 20 was skipped
  });

  it("admits a snapshot that came during a round as soon as the round's last chart has it", async () => {
    const { handed, snapshot } = labWithCharts();
    snapshot(10);
    await vi.waitFor(() => expect(handed).toHaveLength(1));
    await new Promise((resolve) => setTimeout(resolve, 1.5 * MIN_INTERVAL_MS)); // the interval has passed
    snapshot(20);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(handed).toEqual(['hypersphere@10']); // the round is not over: no frame has run
    await untilFramed(() => expect(handed).toHaveLength(6));
    expect(handed.slice(3)).toEqual(['hypersphere@20', 'forces@20', 'metrics@20']);
  });

  it('waits longer after snapshots that took the charts long to draw', async () => {
    const { handed, snapshot } = labWithCharts();
    snapshot(10);
    await untilFramed(() => expect(handed).toHaveLength(3));
    const drawMs = 250;
    requestDraw({}, () => {
      const until = performance.now() + drawMs;
      while (performance.now() < until); // a chart that takes 250 ms to draw
    });
    runFrames();
    snapshot(20);
    // CHART_TIME_FACTOR x 250 ms = 1 s after the last admission, well past MIN_INTERVAL_MS
    await new Promise((resolve) => setTimeout(resolve, 1.5 * MIN_INTERVAL_MS));
    expect(CHART_TIME_FACTOR * drawMs).toBeGreaterThan(2 * MIN_INTERVAL_MS);
    expect(handed).toHaveLength(3);
    await vi.waitFor(
      () => {
        runFrames();
        expect(handed).toHaveLength(6);
      },
      { timeout: 5000 },
    );
  });

  it('waits longer after snapshots that took the charts long to re-render (lay out)', async () => {
    const store = createLabStore();
    const feed = chartFeedOf(store);
    const renderMs = 150;
    const slot = feed.slot();
    const handed: number[] = [];
    feed.subscribe(slot, () => {
      handed.push(slot.data.snapshot?.step ?? -1);
      const until = performance.now() + renderMs;
      while (performance.now() < until); // a chart whose layout takes 150 ms
    });
    const snapshot = (step: number) =>
      store
        .getState()
        .ingest({ type: 'snapshot', runId: 0, snapshot: { ...fakeSnapshot({ dim: 3 }), step } });
    snapshot(10);
    await vi.waitFor(() => expect(handed).toEqual([10]));
    snapshot(20);
    // CHART_TIME_FACTOR x 150 ms = 600 ms after the admission of 10: not yet at 1.5 x MIN_INTERVAL_MS
    await new Promise((resolve) => setTimeout(resolve, 1.5 * MIN_INTERVAL_MS));
    expect(CHART_TIME_FACTOR * renderMs).toBeGreaterThan(2 * MIN_INTERVAL_MS);
    expect(handed).toEqual([10]);
    await vi.waitFor(() => expect(handed).toEqual([10, 20]), { timeout: 5000 });
  });

  it('clears the charts at once on a new run', async () => {
    const { store, handed, slots, snapshot } = labWithCharts();
    snapshot(10);
    await untilFramed(() => expect(handed).toHaveLength(3));
    store.getState().nextRun();
    await untilFramed(() => expect(handed).toHaveLength(6));
    expect(slots.every((slot) => slot.data.snapshot === null)).toBe(true);
  });

  it('announces each admission (the trainer paces its snapshots on it), not each snapshot', async () => {
    const { store, handed, snapshot } = labWithCharts();
    const admitted = vi.fn();
    chartFeedOf(store).onAdmit(admitted);
    snapshot(10);
    await untilFramed(() => expect(handed).toHaveLength(3));
    expect(admitted).toHaveBeenCalledTimes(1);
    requestDraw({}, () => undefined); // a chart still to draw: the next two snapshots wait
    snapshot(20);
    snapshot(30);
    await new Promise((resolve) => setTimeout(resolve, 2 * MIN_INTERVAL_MS));
    expect(admitted).toHaveBeenCalledTimes(1);
    runFrames();
    await untilFramed(() => expect(handed).toHaveLength(6));
    expect(admitted).toHaveBeenCalledTimes(2); // 20 was dropped, so only 30 was announced
  });

  it('gives a chart that subscribes late the newest admitted data', async () => {
    const { store, snapshot } = labWithCharts();
    const feed = chartFeedOf(store);
    const early = feed.slot(); // rendered before the admission
    snapshot(10);
    await untilFramed(() => expect(feed.slot().data.snapshot?.step).toBe(10));
    const rerender = vi.fn();
    feed.subscribe(early, rerender);
    expect(early.data.snapshot?.step).toBe(10);
    expect(rerender).toHaveBeenCalledTimes(1);
  });

  it('releases a snapshot once neither the store nor any chart holds it: a skipped one at once, a shown one after the next round', async () => {
    const { store, handed, slots, snapshot } = labWithCharts();
    const released: number[] = [];
    chartFeedOf(store).onRelease((s) => released.push(s.step));
    snapshot(10);
    await untilFramed(() => expect(handed).toHaveLength(3));
    requestDraw({}, () => undefined); // a chart still to draw: 20 and 30 wait
    snapshot(20);
    snapshot(30);
    expect(released).toEqual([20]); // replaced in the store before any chart had it
    runFrames();
    await vi.waitFor(() => expect(handed).toHaveLength(4));
    expect(released).toEqual([20]); // the first chart has 30, the other two still read 10
    await untilFramed(() => expect(handed).toHaveLength(6));
    expect(released).toEqual([20]); // the last chart has yet to re-render and draw with 30
    await untilFramed(() => expect(released).toEqual([20, 10]));
    expect(slots.every((slot) => slot.data.snapshot?.step === 30)).toBe(true);
    store.getState().nextRun(); // the charts clear, and 30 goes once they have
    await untilFramed(() => expect(released).toEqual([20, 10, 30]));
  });
});
