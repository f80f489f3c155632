// A sweep plan trained in Node: every job through engine/sweepRunner.ts on one tf.js wasm trainer (the same
// messages and numbers as `npm run train`), with its progress on stderr. Shared by `npm run sweep` and
// `npm run measure-figures`.
import { SingleBar } from 'cli-progress';
import { createNodeTrainer } from '../engine/nodeHost';
import { runSweepJobs, type SweepReport } from '../engine/sweepRunner';
import type { TrainerEvent } from '../protocol/messages';
import { snapshotLine } from '../protocol/snapshotLine';
import { type SweepPlan, type SweepResult, sweepJobs } from '../protocol/sweep';
import { tableNumber } from '../state/sweepSummary';

/** What a plan's jobs gave. */
export interface PlanRun {
  /** each job's end-of-run result, in job order */
  readonly results: SweepResult[];
  /**
   * each job's scalars at step 0, before any training (display empty): where it started, so a figure can say
   * whether a run moved at all (tau below ~0.02 stalls)
   */
  readonly starts: SweepResult[];
  /** one line per job that failed (`run 2 seed 3: NAN_LOSS: ...`) */
  readonly failures: string[];
  /** wall time of the whole plan, s */
  readonly seconds: number;
}

/** Where a plan's progress goes: a bar, lines, nothing. */
export interface PlanProgress {
  report(message: SweepReport, done: number, total: number): void;
  stop(): void;
}

const EMPTY_DISPLAY = { dim: 0, embeddings: new Float32Array(0), labels: new Int32Array(0) };

/**
 * Trains every job of `plan` in order. The step-0 snapshot that each `configure` sends is kept as the job's
 * start: the runner sends `configure`, then steps, so the latest step-0 snapshot when a job's first progress
 * arrives is that job's.
 */
export async function runPlan(
  plan: SweepPlan,
  progress: PlanProgress,
  onResult: (result: SweepResult) => void = () => undefined,
): Promise<PlanRun> {
  const jobs = sweepJobs(plan);
  const results: SweepResult[] = [];
  const starts: SweepResult[] = [];
  const failures: string[] = [];
  let start: Record<string, number | string | null> | null = null;
  let done = 0;
  const total = jobs.length * plan.steps;
  const began = performance.now();
  const createTrainer = (onEvent: (event: TrainerEvent) => void) =>
    createNodeTrainer((event) => {
      if (event.type === 'snapshot' && event.snapshot.step === 0) start = snapshotLine(event.snapshot);
      onEvent(event);
    });
  try {
    await runSweepJobs(createTrainer, jobs, plan.steps, (message) => {
      if (message.type === 'progress') {
        const { run, seed, step } = message.progress;
        if (start !== null) {
          const batch = plan.runs[run]?.config.batch ?? 0;
          starts.push({
            run,
            seed,
            scalars: { ...start, batch_rows: 2 * batch },
            display: EMPTY_DISPLAY,
            seconds: 0,
          });
          start = null;
        }
        progress.report(message, done + step, total);
        return;
      }
      done += plan.steps;
      if (message.type === 'result') {
        results.push(message.result);
        onResult(message.result);
      } else failures.push(`run ${message.run} seed ${message.seed}: ${message.message}`);
      progress.report(message, done, total);
    });
  } finally {
    progress.stop();
  }
  return { results, starts, failures, seconds: (performance.now() - began) / 1000 };
}

/**
 * The progress of `plan` on stderr: on a terminal one cli-progress bar, redrawn, over the steps of every job
 * with the time left; otherwise (a log, CI) one line per finished job.
 */
export function stderrProgress(plan: SweepPlan, title: string): PlanProgress {
  const jobs = plan.runs.length * plan.seeds;
  const jobNumber = (run: number, seed: number) =>
    run * plan.seeds + (seed - (plan.runs[run]?.config.seed ?? seed)) + 1;
  if (process.stderr.isTTY) {
    const bar = new SingleBar({
      stream: process.stderr,
      format: `${title} [{bar}] {percentage}% | {value}/{total} steps | job {job}/${jobs}: {label}, seed {seed} | ETA {eta_formatted}`,
      barsize: 30,
      fps: 5,
      etaBuffer: 40,
      hideCursor: true,
    });
    bar.start(jobs * plan.steps, 0, {
      job: 1,
      label: plan.runs[0]?.label ?? '',
      seed: plan.runs[0]?.config.seed,
    });
    return {
      report(message, done) {
        if (message.type !== 'progress') return;
        const { run, seed } = message.progress;
        bar.update(done, { job: jobNumber(run, seed), label: plan.runs[run]?.label ?? '', seed });
      },
      stop: () => bar.stop(),
    };
  }
  return {
    report(message) {
      if (message.type === 'progress') return;
      const run = message.type === 'result' ? message.result.run : message.run;
      const seed = message.type === 'result' ? message.result.seed : message.seed;
      const where = `${title} job ${jobNumber(run, seed)}/${jobs}: ${plan.runs[run]?.label ?? run}, seed ${seed}`;
      if (message.type === 'error') {
        process.stderr.write(`${where}: failed: ${message.message}\n`);
        return;
      }
      const { scalars, seconds } = message.result;
      const number = (key: string) => (typeof scalars[key] === 'number' ? tableNumber(scalars[key]) : '-');
      process.stderr.write(
        `${where}: ${plan.steps} steps in ${seconds.toFixed(2)} s (loss ${number('loss')}, uniformity ${number('uniformity')}, knn_acc ${number('knn_acc')})\n`,
      );
    },
    stop: () => undefined,
  };
}
