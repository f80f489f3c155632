// What the charts draw from training (snapshot, metric history, trails), admitted from the lab store at the pace
// the main thread keeps up with, and handed to one chart a frame. A newer snapshot waits until every chart has
// drawn the previous one and an interval has passed that keeps the charts (their re-renders and their draws) to
// about a quarter of the main thread (MIN_INTERVAL_MS on a fast machine); each chart then re-renders in a task of
// its own after a frame, so the seven layouts never add up to one long task, and the next chart waits until the
// last one has drawn: one frame lays out, paints and commits one chart's DOM changes, and the frames after draw
// its canvases (frameScheduler.ts), never both. One snapshot per round: the readouts show the round's snapshot
// (the newest admitted, `useRoundSnapshot`) from its admission on, each chart from its turn on, and until then a
// chart's panel says that it is behind (`useChartStep`), so no two numbers on the page disagree unannounced.
// Each admission is announced (onAdmit), so the trainer can pace its snapshots to what the page takes.
import {
  createContext,
  createElement,
  type ReactNode,
  useContext,
  useMemo,
  useSyncExternalStore,
} from 'react';
import type { Snapshot } from '../protocol/snapshot';
import { useLabStore } from '../state/LabProvider';
import type { LabData, LabStore } from '../state/store';
import { drawsIdle, drawTimeSpent, whenDrawsIdle } from './frameScheduler';

/** The part of the lab state that changes with every snapshot. */
export type ChartData = Pick<LabData, 'snapshot' | 'history' | 'historyVersion' | 'trails'>;

/**
 * Shortest time between two admitted snapshots (5 a second). At the trainer's own cadence (10 a second), frames
 * came late here (2 cores) although the charts took under a quarter of the main thread: painting, compositing
 * and the snapshot messages cost as much again. At 5 a second, frame time p95 was one vsync. A round takes a
 * frame per chart and one per canvas (16 at 60 Hz, about 270 ms), so the charts now take about 4 a second.
 */
export const MIN_INTERVAL_MS = 200;
/**
 * The interval is at least this multiple of the main-thread time the charts took over the previous snapshot
 * (re-rendering, which lays them out, and drawing): 4x keeps them to about a quarter of the main thread. The
 * time is wall time, so a main thread that shares its core with training waits longer. Measured here (2 cores,
 * training at full speed, 2,048 points): ~50 ms a snapshot, so about 5 a second, and frames on time; 10 a second
 * where the charts take 25 ms or less.
 */
export const CHART_TIME_FACTOR = 4;

/** One chart's view of the feed: the data it was last handed, and its re-renders (the chart, its panel). */
export interface Slot {
  data: ChartData;
  readonly listeners: Set<() => void>;
}

/** The feed of one lab store. */
export interface Feed {
  /** a slot holding the newest admitted data; it receives later admissions once subscribed */
  slot(): Slot;
  subscribe(slot: Slot, listener: () => void): () => void;
  /** the round's data: the newest admitted, which every chart shows once its turn in the round has come */
  current(): ChartData;
  /** calls `listener` each time the charts are handed newer data (the page has taken a snapshot) */
  onAdmit(listener: () => void): () => void;
  /**
   * calls `listener` with each snapshot that neither the store nor any chart holds any more (every chart has
   * re-rendered and drawn past it), so its buffers can go back to the trainer; once per snapshot
   */
  onRelease(listener: (snapshot: Snapshot) => void): () => void;
}

const pick = (state: LabData): ChartData => ({
  snapshot: state.snapshot,
  history: state.history,
  historyVersion: state.historyVersion,
  trails: state.trails,
});

/** Tasks waiting for a macrotask of their own, oldest first: one message each on one shared channel. */
const waitingTasks: (() => void)[] = [];
let taskChannel: MessageChannel | null = null;

/**
 * Runs `task` as a macrotask of its own (a MessageChannel hop: no timer clamp). One channel serves every call:
 * a channel per call (about 28 a second at steady state) made a message pipe each and left two ports to the
 * garbage collector.
 */
function inNewTask(task: () => void): void {
  if (!taskChannel) {
    taskChannel = new MessageChannel();
    taskChannel.port1.onmessage = () => waitingTasks.shift()?.();
  }
  waitingTasks.push(task);
  taskChannel.port2.postMessage(null);
}

/**
 * Runs `task` in a task of its own after the next frame, once the charts' queued draws are done, so the next
 * chart's layout never shares a frame with the last one's draws (see the top of this file).
 */
function afterDraws(task: () => void): void {
  requestAnimationFrame(() => whenDrawsIdle(() => inNewTask(task)));
}

const feeds = new WeakMap<LabStore, Feed>();

/** The chart feed of `store`, made on first use (exported for tests). */
export function chartFeedOf(store: LabStore): Feed {
  let feed = feeds.get(store);
  if (!feed) {
    feed = createFeed(store);
    feeds.set(store, feed);
  }
  return feed;
}

function createFeed(store: LabStore): Feed {
  let admitted = pick(store.getState());
  let admittedAt = Number.NEGATIVE_INFINITY;
  let drawnBeforeAdmission = 0; // drawTimeSpent() when the last snapshot was admitted
  let renderedSinceAdmission = 0; // ms the charts took to re-render with the last admitted snapshot
  const slots = new Set<Slot>(); // in mount order, which is the page's order
  let round: Slot[] = []; // slots not yet handed `admitted`
  let cancelWait: (() => void) | null = null;
  let onRoundEnd: (() => void) | null = null; // an admission waiting for the last chart of the round
  const admitListeners = new Set<() => void>();
  const releaseListeners = new Set<(snapshot: Snapshot) => void>();
  const retired = new Set<Snapshot>(); // no longer the store's, maybe still a chart's

  const releaseRetired = () => {
    const current = store.getState().snapshot;
    for (const snapshot of retired) {
      if (snapshot === current || snapshot === admitted.snapshot) continue;
      if ([...slots].some((slot) => slot.data.snapshot === snapshot)) continue;
      retired.delete(snapshot);
      for (const listener of releaseListeners) listener(snapshot);
    }
  };

  const handNext = () => {
    const slot = round.shift();
    if (slot && slot.data !== admitted) {
      slot.data = admitted;
      const started = performance.now();
      for (const listener of slot.listeners) listener();
      // React re-renders in a microtask queued by the listener: this one runs after it, in the same task.
      queueMicrotask(() => {
        renderedSinceAdmission += performance.now() - started;
      });
    }
    if (round.length > 0) {
      afterDraws(handNext);
      return;
    }
    // the last chart re-renders in this task and draws in a frame after: only then is the old data unread
    if (retired.size > 0) afterDraws(releaseRetired);
    if (onRoundEnd) {
      const then = onRoundEnd;
      onRoundEnd = null;
      then();
    }
  };
  const publish = (data: ChartData) => {
    admitted = data;
    admittedAt = performance.now();
    drawnBeforeAdmission = drawTimeSpent();
    renderedSinceAdmission = 0;
    const idle = round.length === 0;
    round = [...slots];
    if (idle) inNewTask(handNext);
    for (const listener of admitListeners) listener();
  };
  const admit = () => {
    cancelWait?.();
    cancelWait = null;
    const chartTime = renderedSinceAdmission + drawTimeSpent() - drawnBeforeAdmission;
    const interval = Math.max(MIN_INTERVAL_MS, CHART_TIME_FACTOR * chartTime);
    const wait = admittedAt + interval - performance.now();
    if (wait > 0) {
      const timer = setTimeout(admit, wait);
      cancelWait = () => clearTimeout(timer);
    } else if (round.length > 0) {
      onRoundEnd = admit; // charts still taking the previous data
      cancelWait = () => {
        onRoundEnd = null;
      };
    } else if (!drawsIdle()) {
      cancelWait = whenDrawsIdle(admit);
    } else {
      publish(pick(store.getState()));
    }
  };
  store.subscribe((state, previous) => {
    if (previous.snapshot && state.snapshot !== previous.snapshot) {
      retired.add(previous.snapshot);
      releaseRetired(); // one the charts were never handed goes at once
    }
    if (state.snapshot === previous.snapshot && state.trails === previous.trails) return;
    if (state.snapshot === null) {
      // a new run or a reset: the charts clear without waiting
      cancelWait?.();
      cancelWait = null;
      publish(pick(state));
    } else if (!cancelWait) {
      admit();
    }
  });

  return {
    slot: () => ({ data: admitted, listeners: new Set() }),
    subscribe(slot, listener) {
      slot.listeners.add(listener);
      slots.add(slot);
      if (slot.data !== admitted) {
        slot.data = admitted; // admitted between the render and this subscription
        for (const each of slot.listeners) each();
      }
      return () => {
        slot.listeners.delete(listener);
        if (slot.listeners.size === 0) slots.delete(slot);
      };
    },
    current: () => admitted,
    onAdmit(listener) {
      admitListeners.add(listener);
      return () => admitListeners.delete(listener);
    },
    onRelease(listener) {
      releaseListeners.add(listener);
      return () => releaseListeners.delete(listener);
    },
  };
}

/** The slot of the chart around (ChartSlot), shared by the chart's data and its panel's step. */
const SlotContext = createContext<Slot | null>(null);

/**
 * Gives the chart inside one slot of the feed, which its data (`useChartData`) and its panel's step
 * (`useChartStep`) both read, so the panel says which snapshot the chart shows.
 */
export function ChartSlot({ children }: { children?: ReactNode }) {
  const feed = chartFeedOf(useLabStore());
  const slot = useMemo(() => feed.slot(), [feed]);
  return createElement(SlotContext.Provider, { value: slot }, children);
}

/** The slot of the ChartSlot around, or one of its own (a chart rendered outside one, as in tests). */
function useSlot(): { feed: Feed; slot: Slot } {
  const feed = chartFeedOf(useLabStore());
  const shared = useContext(SlotContext);
  const own = useMemo(() => (shared ? null : feed.slot()), [feed, shared]);
  return { feed, slot: shared ?? (own as Slot) };
}

/** The chart feed's data as this chart was last handed it; the chart re-renders on its turn of each admission. */
export function useChartData(): ChartData {
  const { feed, slot } = useSlot();
  const subscribe = useMemo(() => (listener: () => void) => feed.subscribe(slot, listener), [feed, slot]);
  return useSyncExternalStore(subscribe, () => slot.data);
}

/**
 * The round's snapshot (the newest admitted): what the readouts show, from its admission on, and what every
 * chart shows once its turn has come.
 */
export function useRoundSnapshot(): Snapshot | null {
  const feed = chartFeedOf(useLabStore());
  return useSyncExternalStore(
    (listener) => feed.onAdmit(listener),
    () => feed.current().snapshot,
  );
}

/** Which snapshot a chart's panel shows, and whether that is behind the round's (its turn has not come). */
export interface ChartStep {
  /** the step of the snapshot the chart shows, null before its first */
  readonly step: number | null;
  /** the temperature of that snapshot (an export names it), null before the first */
  readonly tau: number | null;
  /** the step of the round's snapshot (the readouts'), null when there is none */
  readonly roundStep: number | null;
  /** the chart still shows an older snapshot than the round's */
  readonly behind: boolean;
}

/** The step of the snapshot this panel's chart shows (the ChartSlot around), and whether it is behind. */
export function useChartStep(): ChartStep | null {
  const shared = useContext(SlotContext);
  const feed = chartFeedOf(useLabStore());
  const round = useRoundSnapshot();
  const subscribe = useMemo(
    () => (listener: () => void) => (shared ? feed.subscribe(shared, listener) : () => undefined),
    [feed, shared],
  );
  const shown = useSyncExternalStore(subscribe, () => shared?.data.snapshot ?? null);
  if (!shared) return null;
  return {
    step: shown?.step ?? null,
    tau: shown?.tau ?? null,
    roundStep: round?.step ?? null,
    behind: shown !== round,
  };
}

/** The newest snapshot this chart was handed. */
export function useChartSnapshot(): Snapshot | null {
  return useChartData().snapshot;
}
