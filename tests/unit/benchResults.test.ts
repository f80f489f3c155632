// The benchmark's results.json and its tables from hand-made runs: the top-level keys stay as they are,
// and the naive figure's explaining runs (naive_engine_code, no read-back) land under details and in the tables;
// the negative strategies get their steps/s and their ratio to plain from runs paired within each repeat.
import { describe, expect, it } from 'vitest';
import type { SpeedResult } from '../../src/bench/api';
import type { AppRun } from '../../src/cli/bench/appPage';
import type { BundleSizes } from '../../src/cli/bench/bundle';
import { QUICK_PLAN } from '../../src/cli/bench/plan';
import { markdown, textTable } from '../../src/cli/bench/report';
import { buildResults, type Machine } from '../../src/cli/bench/results';
import type { RawRuns } from '../../src/cli/bench/sections';

const speed = (stepsPerSecond: number, loss?: { first: number; last: number }): SpeedResult => ({
  backend: 'wasm',
  stepsPerSecond,
  steps: stepsPerSecond,
  ms: 1000,
  firstStepMs: 50,
  tensorsBefore: 0,
  tensorsAfter: 0,
  ...(loss && { readBack: 'dataSync', firstLoss: loss.first, lastLoss: loss.last }),
});

/** A 20 s main-thread run with the given long tasks ([ms after the window opened, duration ms]). */
const mainThreadRun = (tasks: [number, number][]): AppRun => ({
  firstStepMs: 1500,
  backend: 'wasm',
  stepsPerSecond: 150,
  longTasks: tasks.length,
  longTaskMs: tasks.reduce((sum, [, ms]) => sum + ms, 0),
  longestTaskMs: Math.max(0, ...tasks.map(([, ms]) => ms)),
  longTaskTimes: tasks.map(([atMs, durationMs]) => ({ atMs, durationMs })),
  frameP50Ms: 16.7,
  frameP95Ms: 16.8,
  frames: 1200,
  viewportHeight: 3000,
});

const raw: RawRuns = {
  engine: { wasm: [speed(100), speed(120)] },
  naive: { wasm: [speed(40, { first: 5, last: 2 }), speed(50, { first: 5, last: 1 })] },
  engineSparse: [speed(130)],
  naiveNoReadBack: [speed(45)],
  naiveEngineCode: [speed(90), speed(100)],
  page: [],
  repeats: [
    { engine: 100, naive: 40, naiveEngineCode: 90, page: null },
    { engine: 120, naive: 50, naiveEngineCode: 100, page: null },
  ],
  strategies: [
    { plain: 100, hard: 80, quantile: 90, queue: 50, queue_hard: 40, all: 20, mochi: 70, logq: null },
    { plain: 120, hard: 90, quantile: 96, queue: 66, queue_hard: 42, all: 18, mochi: 72, logq: 60 },
  ],
  mainThread: [],
  startup: [],
  scaling: [],
  // the second wasm run fell back to cpu: it must not count as wasm's
  text: { wasm: [speed(1.5), speed(1.9), { ...speed(9), backend: 'cpu' }] },
  errors: {},
  adapter: null,
  browser: 'HeadlessChrome/1.0',
};

const sizes: BundleSizes = {
  mainChunkGzipKb: 100,
  workerChunkGzipKb: 300,
  mainChunkKb: 400,
  workerChunkKb: 1200,
  tfjsInMain: false,
  files: { main: 'index.js', preloads: [], page: ['index.js'], worker: 'worker.js', workerImports: [] },
};

const machine: Machine = {
  description: 'test machine',
  cpu: 'cpu',
  cores: 2,
  memory_gb: 8,
  os: 'Linux',
  node: 'v20',
  chromium: '1.0',
  webgpu_adapter: 'none',
  load_average: { start: 0, end: 0 },
};

describe('bench results', () => {
  const results = buildResults(raw, sizes, { ...QUICK_PLAN, backends: ['wasm'] }, machine, {});
  const explain = results.details.explain as Record<string, unknown>;

  it('keeps the top-level keys the issue lists', () => {
    expect(Object.keys(results).filter((key) => key !== 'details')).toEqual([
      'engine',
      'naive',
      'page',
      'engine_over_naive',
      'page_over_engine',
      'main_thread',
      'scaling',
      'startup',
      'strategies',
      'text_encoder',
      'machine',
    ]);
    expect(results.engine_over_naive).toEqual({ min: 2.4, median: 2.45, max: 2.5 });
  });

  it('puts naive_engine_code and its paired ratio under details.explain', () => {
    expect(explain.naive_engine_code_steps_per_second).toEqual({ min: 90, median: 95, max: 100 });
    expect(explain.engine_over_naive_engine_code).toEqual({ min: 1.111, median: 1.156, max: 1.2 });
    expect(explain.naive_no_readback_steps_per_second).toEqual({ min: 45, median: 45, max: 45 });
    expect(results.details.naive_engine_code_tensor_leak).toBe(false);
    expect(results.details.naive_loss).toEqual({
      wasm: { first: { min: 5, median: 5, max: 5 }, last: { min: 1, median: 1.5, max: 2 } },
    });
  });

  it('shows the explaining figures in the terminal table and in BENCHMARKS.md', () => {
    const line =
      /naive_engine_code wasm \(naive loop, engine model and loss\)\s+90\.0\s+95\.0\s+100\s+steps\/s/;
    expect(textTable(results)).toMatch(line);
    const md = markdown(results, '2026-01-01', 'npm run bench');
    expect(md).toContain(
      '| naive_engine_code wasm (naive loop, engine model and loss) | 90.0 | 95.0 | 100 | steps/s |',
    );
    expect(md).toContain('| engine_over_naive_engine_code | 1.11 | 1.16 | 1.20 | x |');
    expect(md).toContain('`tf.losses.softmaxCrossEntropy`');
  });

  it('summarises the text encoder per backend, counting only runs on the backend asked for', () => {
    expect(results.text_encoder).toEqual({ wasm: { min: 1.5, median: 1.7, max: 1.9 } });
    expect(results.details.text_encoder_backend_reported).toEqual({ wasm: ['wasm', 'cpu'] });
    expect(textTable(results)).toMatch(/text_encoder wasm\s+1\.50\s+1\.70\s+1\.90\s+steps\/s/);
    const md = markdown(results, '2026-01-01', 'npm run bench');
    expect(md).toContain('| text_encoder wasm | 1.50 | 1.70 | 1.90 | steps/s |');
    expect(md).toContain('## Text encoder');
  });

  it("keeps when each run's long tasks fell, and fails the target if any run had one", () => {
    const runs = [mainThreadRun([]), mainThreadRun([[1140, 53]]), mainThreadRun([])];
    const withTasks = buildResults({ ...raw, mainThread: runs }, sizes, QUICK_PLAN, machine, {});
    expect(withTasks.details.main_thread_long_task_times).toEqual([[], [[1.14, 53]], []]);
    expect(withTasks.main_thread.long_tasks).toEqual({ min: 0, median: 0, max: 1 });
    const target = (
      withTasks.details.targets as { figure: string; measured: string; pass: boolean | null }[]
    ).find((t) => t.figure === 'main_thread.long_tasks');
    expect(target?.pass).toBe(false);
    expect(target?.measured).toBe('0, 1 (53 ms at 1.1 s), 0 per run');
  });

  it('summarises each negative strategy and its ratio to plain, paired within each repeat', () => {
    const strategies = results.strategies.wasm ?? {};
    expect(Object.keys(strategies)).toEqual([
      'plain',
      'hard',
      'quantile',
      'queue',
      'queue_hard',
      'all',
      'mochi',
      'logq',
    ]);
    expect(strategies.plain).toEqual({
      config: {},
      steps_per_second: { min: 100, median: 110, max: 120 },
      over_plain: null,
    });
    expect(strategies.queue_hard).toEqual({
      config: { negatives: 'queue', pick: 'hard', pickK: 16 },
      steps_per_second: { min: 40, median: 41, max: 42 },
      over_plain: { min: 0.35, median: 0.375, max: 0.4 },
    });
    // a failed run leaves its repeat out of the ratio
    expect(strategies.logq?.steps_per_second).toEqual({ min: 60, median: 60, max: 60 });
    expect(strategies.logq?.over_plain).toEqual({ min: 0.5, median: 0.5, max: 0.5 });
    expect((results.details.runs_per_figure as { strategies: unknown }).strategies).toMatchObject({
      plain: 2,
      logq: 1,
    });
  });

  it('shows the strategies in the terminal table and in BENCHMARKS.md, or says they were not measured', () => {
    expect(textTable(results)).toMatch(
      /queue_hard\s+neg=queue&pick=hard&k=16\s+40\.0\s+41\.0\s+42\.0\s+0\.38 \(0\.35 to 0\.40\)/,
    );
    expect(textTable(results)).toMatch(/plain\s+defaults\s+100\s+110\s+120\s+baseline/);
    const md = markdown(results, '2026-01-01', 'npm run bench');
    expect(md).toContain('## Negative strategies');
    expect(md).toContain(
      '| mochi | `mochi=16&mochiq=16&mochin=32` | 70.0 | 71.0 | 72.0 | 0.65 (0.60 to 0.70) |',
    );
    expect(md).toContain('| logq | `logq=exact&skew=1.5` | 60.0 | 60.0 | 60.0 | 0.50 (0.50 to 0.50) |');
    const none = buildResults({ ...raw, strategies: [] }, sizes, QUICK_PLAN, machine, {});
    expect(none.strategies).toEqual({ wasm: null });
    expect(textTable(none)).toMatch(/negative strategies \(engine wasm.*\n?not measured/);
    expect(markdown(none, '2026-01-01', 'npm run bench')).toContain('## Negative strategies');
  });
});
