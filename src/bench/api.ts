// The benchmark page's interface (bench.html), as the Node driver (src/cli/bench.ts) calls it through
// page.evaluate. Types only: plain JSON in, plain JSON out, so results cross the DevTools protocol unchanged.
import type { BackendName, TrainConfig } from '../protocol/config';
import type { AdapterInfo } from '../protocol/snapshot';

/** Fields that differ from DEFAULT_TRAIN_CONFIG for one measurement (the backend is always forced). */
export type ConfigOverrides = Partial<Omit<TrainConfig, 'backend'>>;

/** A steps-per-second measurement: run until warm, then count steps over a window of wall time. */
export interface SpeedRequest {
  readonly backend: BackendName;
  /** ms of training after the first step before the window opens (shader compiles, JIT, chunk sizing) */
  readonly warmupMs: number;
  /** ms of wall time the steps are counted over */
  readonly windowMs: number;
  readonly config?: ConfigOverrides;
  /** engine only: fewest ms between snapshots (the trainer's `cadence` command); absent = the default */
  readonly snapshotMs?: number;
  /** naive loops only: 'dataSync' every step (the figure, and the default) or 'none' (what the read costs) */
  readonly readBack?: 'dataSync' | 'none';
}

/** What a speed measurement saw. */
export interface SpeedResult {
  /** the backend tf.js really ran on */
  readonly backend: string;
  readonly stepsPerSecond: number;
  readonly steps: number;
  /** wall ms of the counted window */
  readonly ms: number;
  /** ms from the start command to the first finished step (kernel and shader compiles) */
  readonly firstStepMs: number;
  /** tensors alive on the backend before and after (naive: checks the loop does not leak) */
  readonly tensorsBefore: number;
  readonly tensorsAfter: number;
  /** how the naive loop read the loss each step */
  readonly readBack?: 'dataSync' | 'none';
  /** naive loops: the loss of the first step and of the last counted step (finite, or the loop throws) */
  readonly firstLoss?: number;
  readonly lastLoss?: number;
}

/** A per-step cost measurement at one batch size and output dimension, in the real worker. */
export interface ScalingRequest {
  readonly backend: BackendName;
  /** pairs N; the batch has 2N rows */
  readonly batch: number;
  readonly dim: number;
  /** aim of each timed chunk, ms (longer = less noise) */
  readonly targetMs: number;
  readonly repeats: number;
  readonly config?: ConfigOverrides;
}

/** ms per training step, one value per repeat (each the difference of a long and a one-step chunk). */
export interface ScalingResult {
  readonly backend: string;
  readonly rows: number;
  readonly dim: number;
  readonly msPerStep: number[];
  /** steps in the long chunk of each repeat */
  readonly steps: number;
}

/** What `window.bench` offers the driver once `ready` is true. */
export interface BenchApi {
  readonly ready: true;
  /** the real trainer worker, no React page: steps/s from its snapshots (snapshots on) */
  engine(request: SpeedRequest): Promise<SpeedResult>;
  /** the first loop a tf.js user writes, on this page's main thread: tf.layers model, textbook NT-Xent,
   * minimize + dataSync every step */
  naive(request: SpeedRequest): Promise<SpeedResult>;
  /** the same loop on the engine's model and loss: what the loop alone costs */
  naiveEngineCode(request: SpeedRequest): Promise<SpeedResult>;
  /** ms per step in the real trainer worker, from chunks of different lengths (snapshot cost cancels) */
  scaling(request: ScalingRequest): Promise<ScalingResult>;
  /** the WebGPU adapter this browser offers, or null */
  adapter(): Promise<AdapterInfo | null>;
}

declare global {
  interface Window {
    /** set by src/bench/main.ts on bench.html only */
    bench?: BenchApi;
  }
}
