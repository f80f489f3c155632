// The `engine` and `scaling` figures: the real trainer worker, measured from the page's side of postMessage.
import type { ScalingRequest, ScalingResult, SpeedRequest, SpeedResult } from './api';
import { WorkerSession } from './workerSession';

/** Most steps the trainer's `step` command runs in one chunk (trainer.ts clamps to this). */
const MAX_STEP_COMMAND = 1000;
/** How many times longer than a one-step chunk (mostly its snapshot) each timed long chunk runs. */
const CHUNK_OVER_SNAPSHOT = 8;
/** Longest timed chunk, in units of the request's target. */
const MAX_CHUNK_OVER_TARGET = 4;
/** Snapshots after the first step before the window may open: the first ones compile the snapshot's kernels. */
const WARMUP_SNAPSHOTS = 2;

/**
 * Steps per second of the worker while it plays with snapshots on: the step delta between two snapshots
 * `windowMs` apart, over the page time between their arrivals. Snapshot building and transfer are included,
 * as the person using the lab pays for them.
 */
export async function measureEngine(request: SpeedRequest): Promise<SpeedResult> {
  const session = new WorkerSession();
  try {
    const report = await session.configure(request.backend, request.config);
    const tensorsBefore = session.latest?.snapshot.tensors ?? 0;
    if (request.snapshotMs !== undefined)
      session.command({ type: 'cadence', snapshotMs: request.snapshotMs });
    const started = performance.now();
    session.command({ type: 'play' });
    const first = await session.nextSnapshot(({ snapshot }) => snapshot.step > 0);
    let seen = 0;
    const start = await session.nextSnapshot(
      ({ at }) => ++seen >= WARMUP_SNAPSHOTS && at >= first.at + request.warmupMs,
    );
    const end = await session.nextSnapshot(({ at }) => at >= start.at + request.windowMs);
    session.command({ type: 'pause' });
    const steps = end.snapshot.step - start.snapshot.step;
    const ms = end.at - start.at;
    return {
      backend: report.backend,
      stepsPerSecond: (1000 * steps) / ms,
      steps,
      ms,
      firstStepMs: first.at - started,
      tensorsBefore,
      tensorsAfter: end.snapshot.tensors,
    };
  } finally {
    session.terminate();
  }
}

/**
 * ms per step at one batch size and output dimension. Each repeat times a one-step chunk and a long chunk with
 * the `step` command (send -> its snapshot arrives); both pay one snapshot and one message round trip, so
 * their difference over the extra steps is the cost of training alone.
 */
export async function measureScaling(request: ScalingRequest): Promise<ScalingResult> {
  const session = new WorkerSession();
  try {
    const report = await session.configure(request.backend, {
      ...request.config,
      batch: request.batch,
      dim: request.dim,
    });
    let done = 0;
    const timeChunk = async (steps: number): Promise<number> => {
      const sent = performance.now();
      done += steps;
      const target = done;
      session.command({ type: 'step', steps });
      const { at } = await session.nextSnapshot(({ snapshot }) => snapshot.step === target);
      return at - sent;
    };
    await timeChunk(2); // compiles the kernels of this shape
    // A first estimate of a step's cost from a short difference, then long chunks: each long chunk runs at
    // least CHUNK_OVER_SNAPSHOT times as long as a one-step chunk, so the snapshot's jitter hardly shows.
    const one = await timeChunk(1);
    const probeSteps = 4;
    // floor: a step costs at least 1% of a one-step chunk, so a noisy probe cannot ask for a runaway chunk
    const perStep = Math.max(one / 100, ((await timeChunk(1 + probeSteps)) - one) / probeSteps);
    // ... but never past MAX_CHUNK_OVER_TARGET targets: where a snapshot is slow (large dim), time is capped
    const chunkMs = Math.min(
      MAX_CHUNK_OVER_TARGET * request.targetMs,
      Math.max(request.targetMs, CHUNK_OVER_SNAPSHOT * one),
    );
    const steps = Math.max(2, Math.min(MAX_STEP_COMMAND - 1, Math.round(chunkMs / perStep)));
    const msPerStep: number[] = [];
    for (let r = 0; r < request.repeats; r++) {
      const short = await timeChunk(1);
      const long = await timeChunk(1 + steps);
      msPerStep.push((long - short) / steps);
    }
    return { backend: report.backend, rows: 2 * request.batch, dim: request.dim, msPerStep, steps };
  } finally {
    session.terminate();
  }
}
