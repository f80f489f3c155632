// One requestAnimationFrame loop for every chart. Draws queue up (one per chart, the newest request replacing an
// older one in place) and run oldest first until the frame's budget is spent; the rest wait for the next frame.
// A snapshot's redraw of seven charts thus spreads over a few frames instead of making one long one.

/** Main-thread time (ms) the charts may take in one frame; one draw always runs, however long. */
export const FRAME_BUDGET_MS = 8;

type Draw = () => void;

const queue = new Map<object, Draw>();
const idleListeners = new Set<() => void>();
/** whether an animation frame is already requested */
let framePending = false;
/** main-thread ms spent drawing since the page loaded */
let drawMs = 0;

/**
 * Draws with `draw` on a coming animation frame. `key` identifies the chart: a second request before the first
 * ran replaces its function and keeps its place. `urgent` puts it first (a drag or a click must answer at once).
 */
export function requestDraw(key: object, draw: Draw, urgent = false): void {
  if (urgent) {
    const waiting = [...queue].filter(([other]) => other !== key);
    queue.clear();
    queue.set(key, draw);
    for (const [other, pending] of waiting) queue.set(other, pending);
  } else {
    queue.set(key, draw);
  }
  if (!framePending) {
    framePending = true;
    requestAnimationFrame(runFrame);
  }
}

/** Forgets `key`'s pending draw (its chart unmounted). */
export function cancelDraw(key: object): void {
  if (queue.delete(key) && queue.size === 0) notifyIdle();
}

/** True while no draw waits. */
export function drawsIdle(): boolean {
  return queue.size === 0;
}

/** Main-thread milliseconds the charts have spent drawing so far (the chart feed paces itself on it). */
export function drawTimeSpent(): number {
  return drawMs;
}

/** Calls `listener` whenever the queue empties; returns the unsubscribe. */
export function onDrawsIdle(listener: () => void): () => void {
  idleListeners.add(listener);
  return () => idleListeners.delete(listener);
}

function runFrame(): void {
  framePending = false;
  const start = performance.now();
  try {
    let before = start;
    for (const [key, draw] of queue) {
      queue.delete(key);
      try {
        draw();
      } finally {
        const after = performance.now();
        drawMs += after - before;
        before = after;
      }
      if (before - start >= FRAME_BUDGET_MS) break;
    }
  } finally {
    // a draw that throws still reports its error, and the charts after it still draw
    if (queue.size > 0) {
      framePending = true;
      requestAnimationFrame(runFrame);
    } else notifyIdle();
  }
}

function notifyIdle(): void {
  for (const listener of [...idleListeners]) listener();
}
