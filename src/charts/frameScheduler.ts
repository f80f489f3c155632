// One requestAnimationFrame loop for every chart. Draws queue up (one per canvas, the newest request replacing an
// older one in place) and run oldest first, one a frame; the rest wait for the next frame. A snapshot's redraw
// of nine canvases thus spreads over nine frames instead of making one long one. One, not as many as fit a time
// budget: each canvas changed in a frame also costs the browser a copy and a commit after the draw, which no
// budget in script can see (with an 8 ms budget, frames over 50 ms came 4 to 8 times in 20 s here; one a frame,
// 0 or 1 times). A draw also waits out the frame after its request: the chart that asked for it re-rendered in
// that task, and that frame lays out and paints its DOM changes; a frame that did both a layout and a draw was
// behind most frames over 50 ms (a side-by-side script: 20 s runs with one, 11 of 24 before, 1 of 24 after).

type Draw = () => void;

/** A queued draw and the frame count when it was requested. */
interface Request {
  readonly draw: Draw;
  readonly frame: number;
}

const queue = new Map<object, Request>();
/** animation frames this scheduler has run */
let frames = 0;
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
    queue.set(key, { draw, frame: -1 });
    for (const [other, pending] of waiting) queue.set(other, pending);
  } else {
    queue.set(key, { draw, frame: queue.get(key)?.frame ?? frames });
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

/** Runs `run` once: now if no draw waits, else when the queue next empties. Returns the cancel. */
export function whenDrawsIdle(run: () => void): () => void {
  if (drawsIdle()) {
    run();
    return () => {};
  }
  const stop = onDrawsIdle(() => {
    stop();
    run();
  });
  return stop;
}

function runFrame(): void {
  framePending = false;
  const start = performance.now();
  try {
    for (const [key, request] of queue) {
      if (request.frame >= frames) break; // requested since the last frame: that frame lays out its DOM first
      queue.delete(key);
      request.draw();
      break; // one a frame
    }
  } finally {
    frames++;
    drawMs += performance.now() - start;
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
