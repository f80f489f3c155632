// Turns the raw runs into bench/results.json's shape: every figure {min, median, max} of its runs, the ratios
// from runs paired side by side, and the targets of the issue with pass or miss.
import type { ConfigOverrides, SpeedResult } from '../../bench/api';
import { median } from '../../core/median';
import type { BackendName } from '../../protocol/config';
import { type AppRun, longTaskTimesText } from './appPage';
import type { BundleSizes } from './bundle';
import { BASELINE_STRATEGY, type Plan, STRATEGIES } from './plan';
import { FULL_SPHERE_CLASSES, type RawRuns, type ScalingRuns } from './sections';
import { pairedRatios, type Summary, summarize } from './stats';
import { TEXT_CONFIG, type TextFigures, textFigures } from './textSection';

/** The machine a run measured, described for people and for comparing runs. */
export interface Machine {
  readonly description: string;
  readonly cpu: string;
  readonly cores: number;
  readonly memory_gb: number;
  readonly os: string;
  readonly node: string;
  readonly chromium: string;
  readonly webgpu_adapter: string;
  /** 1-minute load average when the run began and ended (other work on a shared machine skews figures) */
  readonly load_average: { readonly start: number; readonly end: number };
}

/** One backend's scaling grid in results.json. */
interface ScalingFigures {
  readonly ms_per_step_by_rows: Record<string, Summary>;
  readonly ms_per_step_by_dim: Record<string, Summary>;
  /** log(t2/t1) / log(rows2/rows1) between neighbouring batch sizes: 2 = the (2N)^2 term alone */
  readonly growth_exponent_by_rows: Record<string, number>;
}

/** One negative strategy's engine figure in results.json. */
export interface StrategyFigures {
  /** the TrainConfig fields that differ from the defaults */
  readonly config: ConfigOverrides;
  readonly steps_per_second: Summary | null;
  /** steps/s over plain in-batch InfoNCE's in the same repeat (null for plain itself, the baseline) */
  readonly over_plain: Summary | null;
}

/** A target of the issue and how the run did against it. */
export interface Target {
  readonly figure: string;
  readonly target: string;
  readonly measured: string;
  readonly pass: boolean | null;
}

/** bench/results.json. */
export interface Results {
  readonly engine: Partial<Record<BackendName, Summary | null>>;
  readonly naive: Partial<Record<BackendName, Summary | null>>;
  readonly page: Partial<Record<BackendName, Summary | null>>;
  readonly engine_over_naive: Summary | null;
  readonly page_over_engine: Summary | null;
  readonly main_thread: {
    readonly long_tasks: Summary | null;
    readonly long_task_ms: Summary | null;
    readonly frame_p50_ms: Summary | null;
    readonly frame_p95_ms: Summary | null;
  };
  readonly scaling: Partial<Record<BackendName, ScalingFigures | null>>;
  readonly startup: {
    readonly first_step_ms: Summary | null;
    readonly main_chunk_gzip_kb: number;
    readonly worker_chunk_gzip_kb: number;
  };
  /** headline backend: the engine figure per negative strategy, by strategy name (null: not measured) */
  readonly strategies: Partial<Record<BackendName, Record<string, StrategyFigures> | null>>;
  /** the text encoder at its defaults (dataset=sentences), steps/s per backend */
  readonly text_encoder: TextFigures;
  readonly machine: Machine;
  /** everything else: settings, per-run values, extra figures, targets, errors */
  readonly details: Record<string, unknown>;
}

const summaryOf = (values: readonly number[]): Summary | null =>
  values.length > 0 ? summarize(values) : null;
const speeds = (runs: readonly { stepsPerSecond: number | null }[] | undefined) =>
  (runs ?? []).map((r) => r.stepsPerSecond).filter((x): x is number => x !== null);

function scalingFigures(runs: ScalingRuns): ScalingFigures {
  const mapSummary = (byKey: Record<string, number[]>) =>
    Object.fromEntries(Object.entries(byKey).map(([key, values]) => [key, summarize(values)]));
  const rows = Object.keys(runs.byRows)
    .map(Number)
    .sort((a, b) => a - b);
  const growth: Record<string, number> = {};
  rows.slice(1).forEach((r2, i) => {
    const r1 = rows[i] as number;
    const t1 = median(runs.byRows[String(r1)] ?? []);
    const t2 = median(runs.byRows[String(r2)] ?? []);
    growth[`${r1}->${r2}`] = Number((Math.log(t2 / t1) / Math.log(r2 / r1)).toFixed(2));
  });
  return {
    ms_per_step_by_rows: mapSummary(runs.byRows),
    ms_per_step_by_dim: mapSummary(runs.byDim),
    growth_exponent_by_rows: growth,
  };
}

/** Each strategy's steps/s and its ratio to plain's, paired within each repeat; null without runs. */
function strategyFigures(repeats: RawRuns['strategies']): Record<string, StrategyFigures> | null {
  if (repeats.length === 0) return null;
  return Object.fromEntries(
    STRATEGIES.map(({ name, config }) => [
      name,
      {
        config,
        steps_per_second: summaryOf(repeats.flatMap((r) => r[name] ?? [])),
        over_plain:
          name === BASELINE_STRATEGY ? null : summaryOf(pairedRatios(repeats, name, BASELINE_STRATEGY)),
      },
    ]),
  );
}

/** results.json from the raw runs, the bundle sizes and the machine. */
export function buildResults(
  raw: RawRuns,
  sizes: BundleSizes,
  plan: Plan,
  machine: Machine,
  extra: Record<string, unknown>,
): Results {
  const headline = plan.backends[0] as BackendName;
  const perBackend = (runs: RawRuns['engine']) =>
    Object.fromEntries(plan.backends.map((b) => [b, summaryOf(speeds(runs[b]))]));
  const mt = raw.mainThread;
  const nonNull = (xs: (number | null)[]) => xs.filter((x): x is number => x !== null);
  const results: Omit<Results, 'details'> = {
    engine: perBackend(raw.engine),
    naive: perBackend(raw.naive),
    page: { [headline]: summaryOf(speeds(raw.page)) },
    engine_over_naive: summaryOf(pairedRatios(raw.repeats, 'engine', 'naive')),
    page_over_engine: summaryOf(pairedRatios(raw.repeats, 'page', 'engine')),
    main_thread: {
      long_tasks: summaryOf(mt.map((r) => r.longTasks)),
      long_task_ms: summaryOf(mt.map((r) => r.longTaskMs)),
      frame_p50_ms: summaryOf(nonNull(mt.map((r) => r.frameP50Ms))),
      frame_p95_ms: summaryOf(nonNull(mt.map((r) => r.frameP95Ms))),
    },
    scaling: Object.fromEntries(raw.scaling.map((s) => [s.backend, scalingFigures(s)])),
    startup: {
      first_step_ms: summaryOf(raw.startup.map((r) => r.firstStepMs)),
      main_chunk_gzip_kb: sizes.mainChunkGzipKb,
      worker_chunk_gzip_kb: sizes.workerChunkGzipKb,
    },
    strategies: { [headline]: strategyFigures(raw.strategies) },
    text_encoder: textFigures(raw.text, plan),
    machine,
  };
  const details = {
    ...extra,
    headline_backend: headline,
    plan,
    targets: targets(results, raw, sizes),
    runs_per_figure: {
      engine: Object.fromEntries(plan.backends.map((b) => [b, raw.engine[b]?.length ?? 0])),
      naive: Object.fromEntries(plan.backends.map((b) => [b, raw.naive[b]?.length ?? 0])),
      naive_engine_code: raw.naiveEngineCode.length,
      page: raw.page.length,
      strategies: Object.fromEntries(
        STRATEGIES.map(({ name }) => [name, raw.strategies.filter((r) => (r[name] ?? null) !== null).length]),
      ),
      main_thread: mt.length,
      startup: raw.startup.length,
      text_encoder: Object.fromEntries(plan.backends.map((b) => [b, raw.text[b]?.length ?? 0])),
    },
    text_encoder_config: TEXT_CONFIG,
    // the backend each text run really trained on (tf.js falls back silently: a mismatch is not counted)
    text_encoder_backend_reported: Object.fromEntries(
      plan.backends.map((b) => [b, [...new Set((raw.text[b] ?? []).map((r) => r.backend))]]),
    ),
    explain: {
      engine_rare_snapshots_steps_per_second: summaryOf(speeds(raw.engineSparse)),
      naive_no_readback_steps_per_second: summaryOf(speeds(raw.naiveNoReadBack)),
      naive_engine_code_steps_per_second: summaryOf(speeds(raw.naiveEngineCode)),
      engine_over_naive_engine_code: summaryOf(pairedRatios(raw.repeats, 'engine', 'naiveEngineCode')),
      note: 'engine with a snapshot every 2 s instead of ~10 Hz shows what snapshots cost; naive without its per-step dataSync shows what the read-back costs; naive_engine_code (the naive loop on the engine model and loss) shows what the worker loop alone gives over a main-thread minimize + dataSync loop',
    },
    first_step_ms_in_worker: Object.fromEntries(
      plan.backends.map((b) => [b, summaryOf((raw.engine[b] ?? []).map((r) => r.firstStepMs))]),
    ),
    naive_tensor_leak: Object.fromEntries(
      plan.backends.map((b) => [b, (raw.naive[b] ?? []).some((r) => r.tensorsAfter !== r.tensorsBefore)]),
    ),
    naive_engine_code_tensor_leak: raw.naiveEngineCode.some((r) => r.tensorsAfter !== r.tensorsBefore),
    // the naive loop's loss at its first step and at the end of its window: it trains, not just runs
    naive_loss: Object.fromEntries(
      plan.backends.map((b) => {
        const runs = raw.naive[b] ?? [];
        const losses = (pick: (r: SpeedResult) => number | undefined) =>
          summaryOf(runs.map(pick).filter((x): x is number => x !== undefined));
        return [b, { first: losses((r) => r.firstLoss), last: losses((r) => r.lastLoss) }];
      }),
    ),
    main_thread_setup: `link #backend=${headline}&classes=${FULL_SPHERE_CLASSES} (2,048 held-out points), every chart, viewport ${mt[0]?.viewportHeight ?? '-'} px tall`,
    main_thread_longest_task_ms: summaryOf(mt.map((r) => r.longestTaskMs)),
    // per run, each long task as [seconds after the window opened, ms]: where in the run they fall
    main_thread_long_task_times: mt.map((r) => r.longTaskTimes.map((t) => [t.atMs / 1000, t.durationMs])),
    main_thread_steps_per_second: summaryOf(speeds(mt)),
    page_first_step_ms: summaryOf(raw.page.map((r) => r.firstStepMs)),
    page_backend_reported: [...new Set(raw.page.map((r) => r.backend))],
    startup_backend_reported: [...new Set(raw.startup.map((r) => r.backend))],
    bundle: sizes,
    scaling_skipped: Object.fromEntries(raw.scaling.map((s) => [s.backend, s.skipped])),
    scaling_webgpu:
      raw.adapter && !raw.adapter.isFallbackAdapter
        ? 'measured (hardware adapter)'
        : 'not measured: no hardware WebGPU adapter here (software fallback or none)',
    errors: raw.errors,
  };
  return { ...results, details };
}

const show = (s: Summary | null, unit = '') =>
  s ? `${s.median}${unit} (${s.min} to ${s.max})` : 'not measured';

/** The targets (2-core machine, headline backend, defaults), each judged on the medians. */
function targets(r: Omit<Results, 'details'>, raw: RawRuns, sizes: BundleSizes): Target[] {
  const headline = Object.keys(r.page)[0] ?? 'wasm';
  const growth = Object.values(r.scaling[headline as BackendName]?.growth_exponent_by_rows ?? {});
  const longTaskRuns = raw.mainThread.map((run) => run.longTasks);
  const longTaskRun = (run: AppRun) =>
    run.longTasks === 0 ? '0' : `${run.longTasks} (${longTaskTimesText(run)})`;
  const judge = (s: Summary | null, ok: (m: number) => boolean) => (s ? ok(s.median) : null);
  return [
    {
      figure: 'engine_over_naive',
      target: '>= 2.0',
      measured: show(r.engine_over_naive),
      pass: judge(r.engine_over_naive, (m) => m >= 2),
    },
    {
      figure: 'page_over_engine',
      target: '>= 0.9',
      measured: show(r.page_over_engine),
      pass: judge(r.page_over_engine, (m) => m >= 0.9),
    },
    {
      figure: 'main_thread.long_tasks',
      target: 'none over 50 ms (every run)',
      measured:
        longTaskRuns.length > 0 ? `${raw.mainThread.map(longTaskRun).join(', ')} per run` : 'not measured',
      pass: longTaskRuns.length > 0 ? longTaskRuns.every((n) => n === 0) : null,
    },
    {
      figure: 'main_thread.frame_p95_ms',
      target: '<= 20 ms, 2,048 points',
      measured: show(r.main_thread.frame_p95_ms, ' ms'),
      pass: judge(r.main_thread.frame_p95_ms, (m) => m <= 20),
    },
    {
      figure: 'startup.first_step_ms',
      target: '<= 2000 ms',
      measured: show(r.startup.first_step_ms, ' ms'),
      pass: judge(r.startup.first_step_ms, (m) => m <= 2000),
    },
    {
      figure: 'startup.main_chunk_gzip_kb',
      target: '<= 250 KB, no tf.js',
      measured: `${sizes.mainChunkGzipKb} KB (the entry and the chunks it loads), tf.js ${sizes.tfjsInMain ? 'in it' : 'only in the worker'}`,
      pass: sizes.mainChunkGzipKb <= 250 && !sizes.tfjsInMain,
    },
    {
      figure: 'scaling growth with 2N',
      target: 'exponent <= 2 (the 4N^2 term)',
      measured: growth.length > 0 ? `exponents ${growth.join(', ')}` : 'not measured',
      pass: growth.length > 0 ? growth.every((g) => g <= 2) : null,
    },
  ];
}
