// How long and how often each section measures: the full run, and `--quick` (about a minute, every field); and
// the negative strategies the `strategies` section compares.
import type { ConfigOverrides } from '../../bench/api';
import type { BackendName } from '../../protocol/config';

/** Repeats and windows (ms) of one benchmark run. */
export interface Plan {
  readonly quick: boolean;
  /** the sections measured (`--only` narrows them; every section otherwise) */
  readonly sections: ReadonlySet<Section>;
  /** backends measured for `engine` and `naive`; the first is the headline one (ratios, page, scaling) */
  readonly backends: readonly BackendName[];
  /** runs of engine, naive, naive_engine_code and page on the headline backend (interleaved, so ratios pair) */
  readonly repeats: number;
  /** runs of the explaining figures on the headline backend: engine with rare snapshots, naive without reads */
  readonly explainRuns: number;
  /** runs of the engine per negative strategy on the headline backend (all strategies back to back in each) */
  readonly strategyRepeats: number;
  /** runs of engine and naive on every other backend */
  readonly otherRepeats: number;
  readonly warmupMs: number;
  readonly windowMs: number;
  /** window on the slow backends (WebGL, WebGPU and cpu here run 4 to 20 steps/s) */
  readonly slowWindowMs: number;
  readonly pageWarmupMs: number;
  readonly pageWindowMs: number;
  readonly mainThreadRuns: number;
  readonly mainThreadWindowMs: number;
  readonly startupRuns: number;
  /** batch rows (2N) of the scaling grid, at the default output dimension */
  readonly scalingRows: readonly number[];
  /** output dimensions of the scaling grid, at the default batch */
  readonly scalingDims: readonly number[];
  readonly scalingRepeats: number;
  /** ms each timed chunk of the scaling grid aims at */
  readonly scalingTargetMs: number;
  /** rows above which a slow backend's scaling points are skipped (quick runs only) */
  readonly slowBackendMaxRows: number;
  /** runs of the default sweep in Node (the `sweep` section, issue 18) */
  readonly sweepRepeats: number;
  /** runs of the text encoder per backend (the `text` section, issue 19) */
  readonly textRepeats: number;
  /** the text encoder's warm-up and window, ms: its steps take 0.3 to 1 s here */
  readonly textWarmupMs: number;
  readonly textWindowMs: number;
}

/** The benchmark's sections, in the order they run; `--only` picks some of them. */
export const SECTIONS = [
  'sweep',
  'headline',
  'strategies',
  'backends',
  'scaling',
  'text',
  'main_thread',
  'startup',
] as const;
export type Section = (typeof SECTIONS)[number];

/** One configuration of the `strategies` section: its name in results.json and its fields off the defaults. */
export interface Strategy {
  readonly name: string;
  readonly config: ConfigOverrides;
}

/** The strategy the others' ratios divide by: plain in-batch InfoNCE, the defaults. */
export const BASELINE_STRATEGY = 'plain';

/** The InfoNCE negative strategies measured side by side (issue 16), each with the engine figure. */
export const STRATEGIES: readonly Strategy[] = [
  { name: BASELINE_STRATEGY, config: {} },
  { name: 'hard', config: { pick: 'hard', pickK: 16 } },
  { name: 'quantile', config: { pick: 'quantile', alpha: 0.25 } },
  { name: 'queue', config: { negatives: 'queue' } },
  { name: 'queue_hard', config: { negatives: 'queue', pick: 'hard', pickK: 16 } },
  { name: 'all', config: { negatives: 'all' } },
  { name: 'mochi', config: { mochi: 16, mochiQuery: 16, mochiHardest: 32 } },
  { name: 'logq', config: { logQ: 'exact', skew: 1.5 } },
];

const BACKENDS: readonly BackendName[] = ['wasm', 'webgl', 'cpu', 'webgpu'];
const ROWS = [64, 256, 1024, 4096];
const DIMS = [2, 4, 8, 16, 32, 64, 128];

/** The full benchmark: five runs of the headline figures, 20 s windows of main-thread observation. */
export const FULL_PLAN: Plan = {
  quick: false,
  sections: new Set(SECTIONS),
  backends: BACKENDS,
  repeats: 5,
  explainRuns: 3,
  strategyRepeats: 3,
  otherRepeats: 3,
  warmupMs: 1500,
  windowMs: 5000,
  slowWindowMs: 4000,
  pageWarmupMs: 1500,
  pageWindowMs: 5000,
  mainThreadRuns: 3,
  mainThreadWindowMs: 20_000,
  startupRuns: 5,
  scalingRows: ROWS,
  scalingDims: DIMS,
  scalingRepeats: 5,
  scalingTargetMs: 800,
  slowBackendMaxRows: 4096,
  sweepRepeats: 2,
  textRepeats: 3,
  textWarmupMs: 3000,
  textWindowMs: 8000,
};

/**
 * `--quick`: fewer repeats and shorter windows, still every field of results.json. About two minutes on an
 * idle 2-core machine: the software WebGL and WebGPU backends alone spend ~30 s compiling shaders.
 */
export const QUICK_PLAN: Plan = {
  quick: true,
  sections: new Set(SECTIONS),
  backends: BACKENDS,
  repeats: 3,
  explainRuns: 1,
  strategyRepeats: 2,
  otherRepeats: 1,
  warmupMs: 500,
  windowMs: 1500,
  slowWindowMs: 1000,
  pageWarmupMs: 500,
  pageWindowMs: 1500,
  mainThreadRuns: 1,
  mainThreadWindowMs: 6000,
  startupRuns: 2,
  scalingRows: ROWS,
  scalingDims: [2, 16, 128],
  scalingRepeats: 2,
  scalingTargetMs: 300,
  slowBackendMaxRows: 1024,
  sweepRepeats: 1,
  textRepeats: 1,
  textWarmupMs: 1500,
  textWindowMs: 4000,
};
