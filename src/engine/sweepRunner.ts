// Runs a sweep's jobs one after another on one Trainer, through the same messages as the page and
// `npm run train` (configure, then `step` commands of a chunk of steps each): the same seed and steps give the same
// numbers as training that configuration alone. No live snapshots: each chunk's one snapshot gives the progress,
// and the last one the job's result. Shared by `npm run sweep` (Node) and the page's sweep worker.
import type { UserSentences } from '../data/userSentences';
import type { TrainerEvent } from '../protocol/messages';
import type { Snapshot } from '../protocol/snapshot';
import { snapshotLine } from '../protocol/snapshotLine';
import { SWEEP_DISPLAY_POINTS, type SweepJob, type SweepProgress, type SweepResult } from '../protocol/sweep';
import type { Trainer } from './trainer';

/** Steps between two progress reports (each ends in one snapshot, about 20 ms on wasm at 2N = 256). */
export const SWEEP_CHUNK_STEPS = 50;

/** What the runner reports, without the page's sweep id (the caller adds it). */
export type SweepReport =
  | { readonly type: 'progress'; readonly progress: SweepProgress }
  | { readonly type: 'result'; readonly result: SweepResult }
  | { readonly type: 'error'; readonly run: number; readonly seed: number; readonly message: string };

/** How the caller steers a running sweep; checked between chunks. */
export interface SweepControl {
  /** true once the sweep is cancelled: the runner stops after the current chunk */
  cancelled(): boolean;
  /**
   * resolves once not paused (at once unless paused; while paused, once resumed or cancelled). In a worker it
   * must also yield to the event loop: a wasm step settles in microtasks only, so without that hop a pause or
   * cancel message would wait for the whole sweep
   */
  whilePaused(): Promise<void>;
}

/** A control that never pauses or cancels (the CLI's). */
export const UNSTOPPED: SweepControl = { cancelled: () => false, whilePaused: () => Promise.resolve() };

/** How a sweep is run besides its jobs: steering, the clock, and the person's sentences for `dataset=mine`. */
export interface SweepRunOptions {
  readonly control?: SweepControl;
  readonly now?: () => number;
  /** sent with each job's configure, as the page's trainer client does (the jobs themselves never carry them) */
  readonly sentences?: UserSentences | null;
}

/**
 * Trains every job for `steps` steps on a trainer made by `createTrainer` (its events go to the runner), in
 * order, reporting progress after each chunk, each job's result at its end and a job's failure (the others still
 * run). Returns whether it was cancelled; the trainer is disposed either way.
 */
export async function runSweepJobs(
  createTrainer: (onEvent: (event: TrainerEvent) => void) => Promise<Trainer>,
  jobs: readonly SweepJob[],
  steps: number,
  report: (message: SweepReport) => void,
  { control = UNSTOPPED, now = () => performance.now(), sentences = null }: SweepRunOptions = {},
): Promise<{ cancelled: boolean }> {
  let latest: Snapshot | null = null;
  let failure: string | null = null;
  const trainer = await createTrainer((event) => {
    if (event.type === 'snapshot') latest = event.snapshot;
    else if (event.type === 'error') failure = `${event.code}: ${event.message}`;
  });
  let runId = 0;
  try {
    for (const job of jobs) {
      runId += 1;
      failure = null;
      latest = null;
      const mine = job.config.dataset === 'mine' && sentences ? { sentences } : {};
      await trainer.handle({ type: 'configure', runId, config: job.config, ...mine });
      const started = now();
      for (let done = 0; done < steps && failure === null; ) {
        await control.whilePaused();
        if (control.cancelled()) return { cancelled: true };
        const chunk = Math.min(SWEEP_CHUNK_STEPS, steps - done);
        await trainer.handle({ type: 'step', runId, steps: chunk });
        done += chunk;
        const seconds = (now() - started) / 1000;
        report({
          type: 'progress',
          progress: { run: job.run, seed: job.seed, step: done, steps, stepsPerSecond: done / seconds },
        });
      }
      const last = latest as Snapshot | null;
      if (failure !== null || last === null) {
        report({ type: 'error', run: job.run, seed: job.seed, message: failure ?? 'no snapshot came back' });
        continue;
      }
      report({ type: 'result', result: resultOf(job, last, (now() - started) / 1000) });
    }
    return { cancelled: control.cancelled() };
  } finally {
    await trainer.handle({ type: 'dispose', runId });
  }
}

/** A job's result from its last snapshot: the CLI's scalars and a strided subset of the display set. */
function resultOf(job: SweepJob, snapshot: Snapshot, seconds: number): SweepResult {
  const { rows, dim, embeddings, labels } = snapshot.display;
  const stride = Math.max(1, Math.ceil(rows / SWEEP_DISPLAY_POINTS));
  const kept = Math.ceil(rows / stride);
  const points = new Float32Array(kept * dim);
  const pointLabels = new Int32Array(kept);
  for (let k = 0; k < kept; k++) {
    points.set(embeddings.subarray(k * stride * dim, (k * stride + 1) * dim), k * dim);
    pointLabels[k] = labels[k * stride] as number;
  }
  return {
    run: job.run,
    seed: job.seed,
    // the training batch's rows, not the (capped) rows a snapshot shows, as `npm run train` prints them
    scalars: { ...snapshotLine(snapshot), batch_rows: 2 * job.config.batch },
    display: { dim, embeddings: points, labels: pointLabels },
    seconds,
  };
}
