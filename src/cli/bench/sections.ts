// Runs the benchmark's measurements in an order that keeps comparisons side by side: each repeat of the headline
// backend measures engine, naive, naive_engine_code and page back to back, so their ratios pair runs taken under
// the same load, and each repeat of the strategies section measures every negative strategy back to back.
import { type LabPage, openLab } from '../../../tests/browser/chromium';
import type { ScalingResult, SpeedRequest, SpeedResult } from '../../bench/api';
import { type BackendName, DEFAULT_TRAIN_CONFIG } from '../../protocol/config';
import type { AdapterInfo } from '../../protocol/snapshot';
import { type AppRun, longTaskTimesText, probeScript, visitLab } from './appPage';
import { BenchPage } from './benchPage';
import { type Plan, STRATEGIES } from './plan';
import { measureText, type TextRuns } from './textSection';

/** Classes of the clusters data set that give 2,048 held-out points on the sphere (and 6,144 training rows). */
export const FULL_SPHERE_CLASSES = 32;

/** A cadence far above the trainer's 2 s cap on the snapshot interval: snapshots every 2 s. */
const SPARSE_SNAPSHOT_MS = 60_000;

/** ms per step of one backend's grid, one value per repeat and grid point. */
export interface ScalingRuns {
  readonly backend: BackendName;
  readonly byRows: Record<string, number[]>;
  readonly byDim: Record<string, number[]>;
  /** grid points left out, with why */
  readonly skipped: string[];
}

/** Every run the sections measured, before summarising. */
export interface RawRuns {
  readonly engine: Partial<Record<BackendName, SpeedResult[]>>;
  readonly naive: Partial<Record<BackendName, SpeedResult[]>>;
  /** headline backend: the engine with snapshots at most every 2 s (what the default cadence costs) */
  readonly engineSparse: SpeedResult[];
  /** headline backend: the naive loop without its per-step read (what dataSync costs) */
  readonly naiveNoReadBack: SpeedResult[];
  /** headline backend: the naive loop on the engine's model and loss, every repeat (what the loop alone costs) */
  readonly naiveEngineCode: SpeedResult[];
  readonly page: AppRun[];
  /** steps/s of each headline figure per repeat (null where one failed): the ratios pair these */
  readonly repeats: {
    engine: number | null;
    naive: number | null;
    naiveEngineCode: number | null;
    page: number | null;
  }[];
  /** headline backend: the engine's steps/s per strategy name, one record per repeat (null where one failed) */
  readonly strategies: Record<string, number | null>[];
  readonly mainThread: AppRun[];
  readonly startup: AppRun[];
  readonly scaling: ScalingRuns[];
  /** the text encoder's engine runs per backend */
  readonly text: TextRuns;
  /** `section/backend` -> the error that stopped it */
  readonly errors: Record<string, string>;
  readonly adapter: AdapterInfo | null;
  /** e.g. HeadlessChrome/156.0.8078.108 */
  readonly browser: string;
}

/** Progress lines go to stderr, so stdout holds only the table. */
export type Log = (line: string) => void;

/** Runs every section against the preview server at `baseUrl`. */
export async function runSections(baseUrl: string, plan: Plan, log: Log): Promise<RawRuns> {
  const benchLab = await openLab(baseUrl);
  const appLab = await openLab(baseUrl);
  await appLab.page.addInitScript({ content: probeScript() });
  const bench = new BenchPage(benchLab.page, `${baseUrl}bench.html`);
  const { adapter, browser } = await bench.browserInfo();
  const raw: RawRuns = {
    engine: {},
    naive: {},
    engineSparse: [],
    naiveNoReadBack: [],
    naiveEngineCode: [],
    page: [],
    repeats: [],
    strategies: [],
    mainThread: [],
    startup: [],
    scaling: [],
    text: {},
    errors: {},
    adapter,
    browser,
  };
  /** Runs one measurement; a failure is recorded (once per key) and the run goes on without it. */
  const attempt = async <T>(key: string, measure: () => Promise<T>): Promise<T | null> => {
    try {
      return await measure();
    } catch (error) {
      const message = error instanceof Error ? (error.message.split('\n')[0] ?? '') : String(error);
      raw.errors[key] ??= message;
      log(`  ${key}: failed: ${message}`);
      return null;
    } finally {
      await benchLab.page.goto('about:blank');
      await appLab.page.goto('about:blank'); // the lab must not train in the background of the next run
    }
  };
  const push = <T>(list: T[] | undefined, value: T | null): T[] =>
    value === null ? (list ?? []) : [...(list ?? []), value];

  try {
    const [headline, ...others] = plan.backends;
    if (!headline) throw new Error('invalid plan: no backends');
    const speed = (backend: BackendName, windowMs: number): SpeedRequest => ({
      backend,
      warmupMs: plan.warmupMs,
      windowMs,
    });
    const repeats = plan.sections.has('headline') ? plan.repeats : 0;
    for (let r = 0; r < repeats; r++) {
      log(`${headline}: engine, naive, naive_engine_code, page (run ${r + 1} of ${plan.repeats})`);
      const engine = await attempt(`engine/${headline}`, () => bench.engine(speed(headline, plan.windowMs)));
      raw.engine[headline] = push(raw.engine[headline], engine);
      const naive = await attempt(`naive/${headline}`, () => bench.naive(speed(headline, plan.windowMs)));
      raw.naive[headline] = push(raw.naive[headline], naive);
      const naiveEngineCode = await attempt(`naive_engine_code/${headline}`, () =>
        bench.naiveEngineCode(speed(headline, plan.windowMs)),
      );
      if (naiveEngineCode) raw.naiveEngineCode.push(naiveEngineCode);
      const page = await attempt(`page/${headline}`, () =>
        visitLab(appLab, `${baseUrl}#backend=${headline}`, {
          warmupMs: plan.pageWarmupMs,
          windowMs: plan.pageWindowMs,
        }),
      );
      if (page) raw.page.push(page);
      raw.repeats.push({
        engine: engine?.stepsPerSecond ?? null,
        naive: naive?.stepsPerSecond ?? null,
        naiveEngineCode: naiveEngineCode?.stepsPerSecond ?? null,
        page: page?.stepsPerSecond ?? null,
      });
      log(
        `  engine ${fmt(engine?.stepsPerSecond)}, naive ${fmt(naive?.stepsPerSecond)}, naive_engine_code ${fmt(naiveEngineCode?.stepsPerSecond)}, page ${fmt(page?.stepsPerSecond)} steps/s`,
      );
      if (r >= plan.explainRuns) continue;
      // The trainer caps the snapshot interval at 2 s, so a huge cadence means a snapshot every 2 s.
      const sparse = await attempt(`engine_sparse/${headline}`, () =>
        bench.engine({ ...speed(headline, plan.windowMs), snapshotMs: SPARSE_SNAPSHOT_MS }),
      );
      if (sparse) raw.engineSparse.push(sparse);
      const unread = await attempt(`naive_no_readback/${headline}`, () =>
        bench.naive({ ...speed(headline, plan.windowMs), readBack: 'none' }),
      );
      if (unread) raw.naiveNoReadBack.push(unread);
      log(
        `  engine, rare snapshots ${fmt(sparse?.stepsPerSecond)}; naive, no read-back ${fmt(unread?.stepsPerSecond)} steps/s`,
      );
    }
    const strategyRepeats = plan.sections.has('strategies') ? plan.strategyRepeats : 0;
    for (let r = 0; r < strategyRepeats; r++) {
      log(`${headline}: engine per negative strategy (run ${r + 1} of ${plan.strategyRepeats})`);
      const repeat: Record<string, number | null> = {};
      for (const { name, config } of STRATEGIES) {
        const run = await attempt(`strategies/${name}`, () =>
          bench.engine({ ...speed(headline, plan.windowMs), config }),
        );
        repeat[name] = run?.stepsPerSecond ?? null;
      }
      raw.strategies.push(repeat);
      log(`  ${STRATEGIES.map(({ name }) => `${name} ${fmt(repeat[name])}`).join(', ')} steps/s`);
    }
    for (const backend of plan.sections.has('backends') ? others : []) {
      for (let r = 0; r < plan.otherRepeats; r++) {
        log(`${backend}: engine, naive (run ${r + 1} of ${plan.otherRepeats})`);
        const engine = await attempt(`engine/${backend}`, () =>
          bench.engine(speed(backend, plan.slowWindowMs)),
        );
        raw.engine[backend] = push(raw.engine[backend], engine);
        const naive = await attempt(`naive/${backend}`, () => bench.naive(speed(backend, plan.slowWindowMs)));
        raw.naive[backend] = push(raw.naive[backend], naive);
        log(`  engine ${fmt(engine?.stepsPerSecond)}, naive ${fmt(naive?.stepsPerSecond)} steps/s`);
        if (!engine && !naive) break; // the backend does not run here: no point repeating
      }
    }
    const gpu = adapter && !adapter.isFallbackAdapter;
    const scalingBackends: BackendName[] = plan.sections.has('scaling')
      ? [headline, ...(gpu && headline !== 'webgpu' ? ['webgpu' as const] : [])]
      : [];
    for (const backend of scalingBackends) {
      raw.scaling.push(await scalingGrid(backend, backend !== headline, plan, bench, attempt, log));
    }
    if (plan.sections.has('text')) Object.assign(raw.text, await measureText(bench, plan, attempt, log));
    const mainThreadRuns = plan.sections.has('main_thread') ? plan.mainThreadRuns : 0;
    for (let r = 0; r < mainThreadRuns; r++) {
      log(`main thread: ${plan.mainThreadWindowMs / 1000} s with every chart, 2,048 points (run ${r + 1})`);
      const run = await attempt('main_thread', () =>
        visitLab(appLab, `${baseUrl}#backend=${headline}&classes=${FULL_SPHERE_CLASSES}`, {
          warmupMs: plan.pageWarmupMs,
          windowMs: plan.mainThreadWindowMs,
        }),
      );
      if (run) raw.mainThread.push(run);
      if (run)
        log(
          `  ${run.longTasks} long tasks (${run.longTaskMs.toFixed(0)} ms${run.longTasks > 0 ? `: ${longTaskTimesText(run)}` : ''}), frame p95 ${fmt(run.frameP95Ms)} ms`,
        );
    }
    const startupRuns = plan.sections.has('startup') ? plan.startupRuns : 0;
    for (let r = 0; r < startupRuns; r++) {
      // a fresh profile each time: nothing cached, as on a first visit
      const run = await attempt('startup', async () =>
        withFreshLab(baseUrl, (lab) => visitLab(lab, baseUrl, null)),
      );
      if (run) raw.startup.push(run);
      log(`startup (default link, fresh profile, run ${r + 1}): first step at ${fmt(run?.firstStepMs)} ms`);
    }
  } finally {
    await benchLab.close();
    await appLab.close();
  }
  return raw;
}

/** The scaling grid of one backend: batch rows at the default dimension, then dimensions at the default batch. */
async function scalingGrid(
  backend: BackendName,
  slow: boolean,
  plan: Plan,
  bench: BenchPage,
  attempt: <T>(key: string, measure: () => Promise<T>) => Promise<T | null>,
  log: Log,
): Promise<ScalingRuns> {
  const runs: ScalingRuns = { backend, byRows: {}, byDim: {}, skipped: [] };
  const point = (rows: number, dim: number): Promise<ScalingResult | null> =>
    attempt(`scaling/${backend}`, () =>
      bench.scaling({
        backend,
        batch: rows / 2,
        dim,
        targetMs: plan.scalingTargetMs,
        repeats: plan.scalingRepeats,
        // enough training rows for the largest batch, the same data for every point
        config: { classes: FULL_SPHERE_CLASSES },
      }),
    );
  for (const rows of plan.scalingRows) {
    if (slow && plan.quick && rows > plan.slowBackendMaxRows) {
      runs.skipped.push(`2N = ${rows} (quick run, slow backend)`);
      continue;
    }
    const result = await point(rows, DEFAULT_TRAIN_CONFIG.dim);
    if (result) runs.byRows[String(rows)] = result.msPerStep;
    log(
      `scaling ${backend}: 2N = ${rows}, dim ${DEFAULT_TRAIN_CONFIG.dim}: ${fmt(result?.msPerStep[0])} ms/step`,
    );
  }
  for (const dim of plan.scalingDims) {
    const result = await point(2 * DEFAULT_TRAIN_CONFIG.batch, dim);
    if (result) runs.byDim[String(dim)] = result.msPerStep;
    log(
      `scaling ${backend}: 2N = ${2 * DEFAULT_TRAIN_CONFIG.batch}, dim ${dim}: ${fmt(result?.msPerStep[0])} ms/step`,
    );
  }
  return runs;
}

/**
 * How long a freshly launched Chromium is left alone before the lab opens: its own start-up (the omnibox and
 * new-tab WebUI load ~100 modules in other renderers for ~2 s) would otherwise share these 2 cores with the
 * lab's start, which a visitor's long-running browser does not.
 */
const BROWSER_SETTLE_MS = 3000;

async function withFreshLab<T>(baseUrl: string, use: (lab: LabPage) => Promise<T>): Promise<T> {
  const lab = await openLab(baseUrl);
  try {
    await lab.page.addInitScript({ content: probeScript() });
    await lab.page.waitForTimeout(BROWSER_SETTLE_MS);
    return await use(lab);
  } finally {
    await lab.close();
  }
}

const fmt = (x: number | null | undefined) => (x === null || x === undefined ? '-' : x.toFixed(1));
