// The page's sweep: what is being trained (plan, paper figure), where each job is, the results so far and the
// status, in a store of its own (the lab's store is the main run's). Only the sweep client writes it, through
// these actions; events of an older sweep are dropped by sweepId. The progress and time-left arithmetic is pure
// and exported for tests.
import { createStore } from 'zustand/vanilla';
import type { SweepEvent, SweepPlan, SweepResult } from '../protocol/sweep';
import { type FigureId, figureById } from './figures';
import type { LabState } from './schema';
import { parseSweepText, sweepPlan } from './sweepSpec';

/** What the sweep panel can ask of the page's sweep client. */
export interface SweepControls {
  /** trains `plan` (a paper figure's when `figure` is set), ending any sweep still running */
  start(plan: SweepPlan, figure: FigureId | null): void;
  pause(): void;
  resume(): void;
  /** stops at once: no training goes on; the results so far stay */
  cancel(): void;
}

/** A sweep to run: its plan and the paper figure it reproduces (null for a sweep of a field). */
export interface SweepRequest {
  readonly plan: SweepPlan;
  readonly figure: FigureId | null;
}

/**
 * The sweep a link's state asks for: a paper figure's own plan (whatever the experiment), else the field sweep
 * over the link's experiment with its seeds and steps; null when it asks for none.
 */
export function linkedSweep(state: LabState): SweepRequest | null {
  const { figure, sweep, seeds, steps } = state.view;
  if (figure !== null) return { plan: figureById(figure).plan, figure };
  if (sweep === null) return null;
  const parsed = parseSweepText(sweep);
  return parsed.ok ? { plan: sweepPlan(state.config, parsed.spec, seeds, steps), figure: null } : null;
}

/** Where a sweep is: none yet, training, paused, finished, or cancelled. */
export type SweepStatus = 'idle' | 'running' | 'paused' | 'done' | 'cancelled';

/** One job of the sweep: its run and seed, the worker that trains it, and how far it is. */
export interface JobState {
  readonly run: number;
  readonly seed: number;
  /** index of the worker that trains it */
  readonly worker: number;
  /** steps trained (the plan's steps once it has a result or failed) */
  readonly step: number;
  /** its training steps per second so far, 0 before its first report */
  readonly stepsPerSecond: number;
  /** why it has no result, or null */
  readonly error: string | null;
}

/** What a sweep is made of at its start. */
export interface SweepStart {
  readonly plan: SweepPlan;
  /** the paper figure this sweep reproduces, or null for a sweep of a field */
  readonly figure: FigureId | null;
  /** the jobs in sweepJobs order, each with the worker that trains it */
  readonly jobs: readonly { readonly run: number; readonly seed: number; readonly worker: number }[];
  readonly workers: number;
  /** whether the main lab was paused for this sweep (and resumes after it) */
  readonly mainLabPaused: boolean;
}

/** The sweep as the page shows it. */
export interface SweepData {
  readonly sweepId: number;
  readonly status: SweepStatus;
  readonly plan: SweepPlan | null;
  readonly figure: FigureId | null;
  readonly workers: number;
  readonly jobs: readonly JobState[];
  readonly results: readonly SweepResult[];
  /** failures of the whole sweep or of a worker (a job's own failure is on the job) */
  readonly errors: readonly string[];
  readonly mainLabPaused: boolean;
  /** when it started and ended (ms, performance.now), for the time taken */
  readonly startedAt: number;
  readonly endedAt: number | null;
}

/** The sweep store's actions (the sweep client's). */
export interface SweepActions {
  /** a new sweep: every job at step 0; returns its id */
  begin(start: SweepStart, now: number): number;
  /** one event of a worker (another sweep's is dropped) */
  ingest(event: SweepEvent): void;
  /** a failure outside the protocol: a crashed worker (its unfinished jobs carry the message), or null */
  fail(sweepId: number, message: string, worker: number | null): void;
  setPaused(paused: boolean): void;
  /** the sweep ended: every worker is done, or it was cancelled */
  finish(status: 'done' | 'cancelled', now: number): void;
}

/** The sweep store's type. */
export type SweepStore = ReturnType<typeof createSweepStore>;

const IDLE: SweepData = {
  sweepId: 0,
  status: 'idle',
  plan: null,
  figure: null,
  workers: 0,
  jobs: [],
  results: [],
  errors: [],
  mainLabPaused: false,
  startedAt: 0,
  endedAt: null,
};

/** Creates the page's sweep store (one per sweep panel; tests make their own). */
export function createSweepStore() {
  return createStore<SweepData & SweepActions>()((set, get) => ({
    ...IDLE,
    begin: (start, now) => {
      const sweepId = get().sweepId + 1;
      set({
        sweepId,
        status: 'running',
        plan: start.plan,
        figure: start.figure,
        workers: start.workers,
        jobs: start.jobs.map((job) => ({ ...job, step: 0, stepsPerSecond: 0, error: null })),
        results: [],
        errors: [],
        mainLabPaused: start.mainLabPaused,
        startedAt: now,
        endedAt: null,
      });
      return sweepId;
    },
    ingest: (event) => {
      const state = get();
      if (event.sweepId !== state.sweepId || state.plan === null) return;
      const steps = state.plan.steps;
      switch (event.type) {
        case 'progress': {
          const { run, seed, step, stepsPerSecond } = event.progress;
          set({ jobs: updateJob(state.jobs, run, seed, { step, stepsPerSecond }) });
          return;
        }
        case 'result': {
          const { run, seed } = event.result;
          set({
            jobs: updateJob(state.jobs, run, seed, { step: steps }),
            results: [...state.results.filter((r) => r.run !== run || r.seed !== seed), event.result],
          });
          return;
        }
        case 'error':
          if (event.run < 0) set({ errors: [...state.errors, event.message] });
          else
            set({
              jobs: updateJob(state.jobs, event.run, event.seed, { step: steps, error: event.message }),
            });
          return;
        case 'done':
          return; // the client counts its workers' ends and calls finish
      }
    },
    fail: (sweepId, message, worker) => {
      const { sweepId: current, errors, jobs, results } = get();
      if (sweepId !== current) return;
      const finished = (job: JobState) => results.some((r) => r.run === job.run && r.seed === job.seed);
      set({
        errors: [...errors, message],
        jobs: jobs.map((job) =>
          job.worker === worker && job.error === null && !finished(job) ? { ...job, error: message } : job,
        ),
      });
    },
    setPaused: (paused) => {
      const { status } = get();
      if (status === 'running' || status === 'paused') set({ status: paused ? 'paused' : 'running' });
    },
    finish: (status, now) => {
      if (get().status === 'running' || get().status === 'paused') set({ status, endedAt: now });
    },
  }));
}

function updateJob(
  jobs: readonly JobState[],
  run: number,
  seed: number,
  change: Partial<JobState>,
): JobState[] {
  return jobs.map((job) => (job.run === run && job.seed === seed ? { ...job, ...change } : job));
}

/** Steps trained and to train, over a set of jobs of `steps` steps each. */
export interface StepCount {
  readonly done: number;
  readonly total: number;
}

/** The whole sweep's steps trained out of all its jobs' steps. */
export function overallProgress(jobs: readonly JobState[], steps: number): StepCount {
  return {
    done: jobs.reduce((sum, job) => sum + Math.min(job.step, steps), 0),
    total: jobs.length * steps,
  };
}

/** Each run's steps trained over its seeds, in run order. */
export function runProgress(jobs: readonly JobState[], steps: number, runs: number): StepCount[] {
  return Array.from({ length: runs }, (_, run) =>
    overallProgress(
      jobs.filter((job) => job.run === run),
      steps,
    ),
  );
}

/**
 * Seconds until the sweep ends, from the measured rates: each worker trains its jobs one after another, so it
 * needs its steps left over its rate (the mean steps per second of its jobs so far; a worker with no
 * measurement yet takes the others' mean), and the sweep ends with its slowest worker. Null until some job has
 * measured a rate; 0 when nothing is left.
 */
export function secondsLeft(jobs: readonly JobState[], steps: number): number | null {
  const workers = new Map<number, { left: number; rates: number[] }>();
  for (const job of jobs) {
    const entry = workers.get(job.worker) ?? { left: 0, rates: [] };
    entry.left += Math.max(0, steps - job.step);
    if (job.stepsPerSecond > 0 && Number.isFinite(job.stepsPerSecond)) entry.rates.push(job.stepsPerSecond);
    workers.set(job.worker, entry);
  }
  const mean = (values: readonly number[]) => values.reduce((a, b) => a + b, 0) / values.length;
  const measured = [...workers.values()].filter((w) => w.rates.length > 0).map((w) => mean(w.rates));
  let longest = 0;
  for (const { left, rates } of workers.values()) {
    if (left === 0) continue;
    if (measured.length === 0) return null;
    longest = Math.max(longest, left / (rates.length > 0 ? mean(rates) : mean(measured)));
  }
  return longest;
}

/** A duration for people: "about 45 s", "about 3 min 10 s", "less than a second". */
export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) return 'unknown';
  if (seconds < 1) return 'less than a second';
  const whole = Math.round(seconds);
  if (whole < 60) return `about ${whole} s`;
  const minutes = Math.floor(whole / 60);
  const rest = whole % 60;
  return rest === 0 ? `about ${minutes} min` : `about ${minutes} min ${rest} s`;
}
