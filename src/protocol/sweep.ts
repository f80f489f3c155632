// A sweep: several configurations (usually one field's values) trained side by side from the same seed for the
// same number of steps, each measured once at its end. Declared once for the Node CLI (`npm run sweep`), the
// page's sweep worker(s) and the paper figures; the runner is engine/sweepRunner.ts.
import type { UserSentences } from '../data/userSentences';
import type { TrainConfig } from './config';

/** Most configurations one sweep trains (the page's limit; a figure stays within it too). */
export const MAX_SWEEP_RUNS = 8;
/** Most seeds a sweep crosses its configurations with. */
export const MAX_SWEEP_SEEDS = 3;
/** Most display points a sweep's result carries for its small hypersphere. */
export const SWEEP_DISPLAY_POINTS = 512;

/** One configuration of a sweep: its whole config (the seed is the sweep's first) and how it is named. */
export interface SweepRun {
  /** for people: "tau 0.05", "HCL beta 1" */
  readonly label: string;
  readonly config: TrainConfig;
}

/** What a sweep trains: every run for `seeds` seeds (first .. first + seeds - 1), `steps` steps each. */
export interface SweepPlan {
  readonly runs: readonly SweepRun[];
  readonly seeds: number;
  readonly steps: number;
  /** the fields that differ between the runs, in column order (the CSV's and the charts' x) */
  readonly swept: readonly (keyof TrainConfig)[];
}

/** One training job of a plan: a run at one seed. */
export interface SweepJob {
  /** index into plan.runs */
  readonly run: number;
  readonly seed: number;
  readonly config: TrainConfig;
}

/** The end-of-run measurement of one job. */
export interface SweepResult {
  readonly run: number;
  readonly seed: number;
  /** the scalars `npm run train -- --json` prints, by its keys (null where not measured, e.g. labels hidden) */
  readonly scalars: Readonly<Record<string, number | string | null>>;
  /** up to SWEEP_DISPLAY_POINTS held-out points, unit rows x dim, and their labels: the run's small sphere */
  readonly display: { readonly dim: number; readonly embeddings: Float32Array; readonly labels: Int32Array };
  /** wall time of the job's training, s */
  readonly seconds: number;
}

/** Where a running job is. */
export interface SweepProgress {
  readonly run: number;
  readonly seed: number;
  readonly step: number;
  readonly steps: number;
  /** training steps per second of this job so far */
  readonly stepsPerSecond: number;
}

/** Messages from the page to a sweep worker. */
export type SweepCommand =
  | {
      readonly type: 'start';
      readonly sweepId: number;
      readonly jobs: readonly SweepJob[];
      readonly steps: number;
      /** the person's sentences, for jobs of `dataset=mine` (kept in the page, never in a job or a link) */
      readonly sentences?: UserSentences;
    }
  | { readonly type: 'pause'; readonly sweepId: number }
  | { readonly type: 'resume'; readonly sweepId: number }
  | { readonly type: 'cancel'; readonly sweepId: number };

/** Messages from a sweep worker to the page. */
export type SweepEvent =
  | { readonly type: 'progress'; readonly sweepId: number; readonly progress: SweepProgress }
  | { readonly type: 'result'; readonly sweepId: number; readonly result: SweepResult }
  /** every job of this worker is done, or it was cancelled (then `cancelled`) */
  | { readonly type: 'done'; readonly sweepId: number; readonly cancelled: boolean }
  | {
      readonly type: 'error';
      readonly sweepId: number;
      readonly run: number;
      readonly seed: number;
      readonly message: string;
    };

/** Every job of a plan, run by run, seed by seed (run 0 seed s, run 0 seed s + 1, ..., run 1 ...). */
export function sweepJobs(plan: SweepPlan): SweepJob[] {
  return plan.runs.flatMap((run, index) =>
    Array.from({ length: plan.seeds }, (_, k) => ({
      run: index,
      seed: run.config.seed + k,
      config: { ...run.config, seed: run.config.seed + k },
    })),
  );
}
