// The `page`, `main_thread` and `startup` figures: the real lab (dist/index.html with a link hash), every chart
// drawing, observed from inside the page by a probe installed before the lab's own scripts run.
import { LAB_VIEWPORT, type LabPage } from '../../../tests/browser/chromium';
import { percentile } from './stats';

/** What the probe records; times are the page's performance.now() (0 = navigation start). */
interface ProbeRecord {
  readonly longTasks: { start: number; duration: number }[];
  /** requestAnimationFrame timestamps */
  readonly frames: number[];
  /** every change of the step readout, with the time a frame first saw it */
  readonly steps: { at: number; step: number }[];
  firstStepAt: number | null;
}

/** The page's global with the probe on it. */
type Probed = { __benchProbe: ProbeRecord };

/**
 * The probe as an init script. tsx compiles with esbuild's keepNames, which wraps named functions in a
 * `__name(...)` helper that exists only in Node; the wrapper gives the page a no-op one.
 */
export function probeScript(): string {
  return `(() => { const __name = (f) => f; (${installProbe.toString()})(); })();`;
}

/**
 * Runs in the page before any of its scripts (page.addInitScript), so it must not close over anything: long
 * tasks through PerformanceObserver (buffered, so none before it is missed), frame times and the step readout
 * through one requestAnimationFrame loop (a querySelector per frame; a MutationObserver on the whole document
 * would itself cost main-thread time on every chart redraw).
 */
function installProbe(): void {
  const probe: ProbeRecord = { longTasks: [], frames: [], steps: [], firstStepAt: null };
  (window as unknown as Probed).__benchProbe = probe;
  try {
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries())
        probe.longTasks.push({ start: entry.startTime, duration: entry.duration });
    }).observe({ type: 'longtask', buffered: true });
  } catch {
    // a browser without longtask entries: the driver reports the count as unavailable
  }
  let readout: Element | null = null;
  let last = Number.NaN;
  const frame = (timestamp: number) => {
    probe.frames.push(timestamp);
    if (!readout?.isConnected) readout = document.querySelector('[data-testid="readout-step"]');
    const step = Number(readout?.getAttribute('data-value') ?? Number.NaN);
    if (Number.isFinite(step) && step !== last) {
      last = step;
      const at = performance.now();
      probe.steps.push({ at, step });
      if (step > 0 && probe.firstStepAt === null) probe.firstStepAt = at;
    }
    requestAnimationFrame(frame);
  };
  requestAnimationFrame(frame);
}

/** How long to train before and while measuring. */
export interface AppWindow {
  readonly warmupMs: number;
  readonly windowMs: number;
}

/** What one visit of the lab measured. */
export interface AppRun {
  /** navigation start -> the step readout first above 0 */
  readonly firstStepMs: number;
  /** the backend the page reports */
  readonly backend: string;
  /** steps per second over the window, from the step readout (null without a window) */
  readonly stepsPerSecond: number | null;
  readonly longTasks: number;
  readonly longTaskMs: number;
  readonly longestTaskMs: number;
  /** each long task in the window: when it began (ms after the window opened) and how long it took */
  readonly longTaskTimes: readonly { readonly atMs: number; readonly durationMs: number }[];
  readonly frameP50Ms: number | null;
  readonly frameP95Ms: number | null;
  readonly frames: number;
  /** page height the viewport was opened to, so every chart is on screen and really drawn */
  readonly viewportHeight: number;
}

/** Tallest viewport used to put every chart on screen. */
const MAX_VIEWPORT_HEIGHT = 4000;

/**
 * Opens `url` in `lab` (whose probe must be installed) as a new document, waits for the first step, then
 * measures a window.
 */
export async function visitLab(lab: LabPage, url: string, timing: AppWindow | null): Promise<AppRun> {
  const { page } = lab;
  // Going to a link that differs from the open lab's only in its hash is a same-document navigation: the old
  // page would go on training, its probe already holding a first step. Leaving it first makes every visit a
  // fresh load, as opening the link in a new tab is; and each starts in the window the first one had, not in
  // the last one's tall viewport.
  await page.goto('about:blank');
  await page.setViewportSize(LAB_VIEWPORT);
  await page.goto(url, { waitUntil: 'load' });
  await page.waitForFunction(() => (window as unknown as Probed).__benchProbe.firstStepAt !== null, null, {
    timeout: 120_000,
  });
  const firstStepMs = await page.evaluate(
    () => (window as unknown as Probed).__benchProbe.firstStepAt as number,
  );
  const backend = (await page.getByTestId('readout-backend').getAttribute('data-value')) ?? '';
  let viewportHeight = page.viewportSize()?.height ?? 0;
  if (!timing) return emptyRun(firstStepMs, backend, viewportHeight);
  // Every chart on screen: off-screen canvases skip rasterising, which would flatter the frame times.
  viewportHeight = Math.min(MAX_VIEWPORT_HEIGHT, await page.evaluate(() => document.body.scrollHeight));
  await page.setViewportSize({ width: LAB_VIEWPORT.width, height: viewportHeight });
  await page.waitForTimeout(timing.warmupMs);
  const start = await page.evaluate(() => performance.now());
  await page.waitForTimeout(timing.windowMs);
  const record = await page.evaluate(() => {
    const end = performance.now();
    const p = (window as unknown as Probed).__benchProbe;
    return { end, longTasks: p.longTasks, frames: p.frames, steps: p.steps };
  });
  const inWindow = (t: number) => t >= start && t <= record.end;
  const tasks = record.longTasks.filter((task) => inWindow(task.start));
  const frames = record.frames.filter(inWindow);
  const deltas = frames.slice(1).map((t, i) => t - (frames[i] as number));
  // The step readout as it stood at each edge of the window: its last change before the edge.
  const before = (t: number) => record.steps.filter((s) => s.at <= t).at(-1);
  const first = before(start);
  const last = before(record.end);
  return {
    firstStepMs,
    backend,
    stepsPerSecond:
      first && last && last.at > first.at ? (1000 * (last.step - first.step)) / (last.at - first.at) : null,
    longTasks: tasks.length,
    longTaskMs: tasks.reduce((sum, task) => sum + task.duration, 0),
    longestTaskMs: tasks.reduce((most, task) => Math.max(most, task.duration), 0),
    longTaskTimes: tasks.map((task) => ({
      atMs: Math.round(task.start - start),
      durationMs: Math.round(task.duration),
    })),
    frameP50Ms: deltas.length > 0 ? percentile(deltas, 0.5) : null,
    frameP95Ms: deltas.length > 0 ? percentile(deltas, 0.95) : null,
    frames: frames.length,
    viewportHeight,
  };
}

/** "53 ms at 1.1 s, 61 ms at 14.0 s": each long task of a run and when it began, after the window opened. */
export function longTaskTimesText(run: AppRun): string {
  return run.longTaskTimes
    .map((task) => `${task.durationMs} ms at ${(task.atMs / 1000).toFixed(1)} s`)
    .join(', ');
}

function emptyRun(firstStepMs: number, backend: string, viewportHeight: number): AppRun {
  return {
    firstStepMs,
    backend,
    stepsPerSecond: null,
    longTasks: 0,
    longTaskMs: 0,
    longestTaskMs: 0,
    longTaskTimes: [],
    frameP50Ms: null,
    frameP95Ms: null,
    frames: 0,
    viewportHeight,
  };
}
