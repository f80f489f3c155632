// The page's side of a sweep: splits the plan's jobs among one or more sweep workers (as many as the machine's
// cores allow), starts them, routes their events into the sweep store (events of an older sweep are dropped
// there by sweepId), and ends the sweep when every worker is done, or at once on cancel, by terminating the
// workers: no training goes on after a cancel.
import { useEffect, useState } from 'react';
import type { UserSentences } from '../data/userSentences';
import {
  type SweepCommand,
  type SweepEvent,
  type SweepJob,
  type SweepPlan,
  sweepJobs,
} from '../protocol/sweep';
import type { FigureId } from '../state/figures';
import { useLabStore } from '../state/LabProvider';
import { createSweepStore, linkedSweep, type SweepControls, type SweepStore } from '../state/sweepStore';
import { useTrainerControls } from '../state/trainerControls';
import { useUserDataStore } from '../ui/import/userDataContext';
import { createSweepWorker } from './sweepWorker';

/** Most sweep workers, whatever the cores: each holds its own tf.js backend and data (memory). */
export const MAX_SWEEP_WORKERS = 4;
/**
 * Cores left to the rest of the page: its main thread, and the browser's own threads (raster, compositor,
 * garbage collection) that a busy worker per core would starve. The main lab's trainer pauses during a sweep.
 */
export const RESERVED_CORES = 2;

/** How many workers a sweep of `jobs` jobs gets on a machine of `cores` logical cores (at least one). */
export function sweepWorkerCount(jobs: number, cores: number): number {
  const spare = Number.isFinite(cores) ? Math.floor(cores) - RESERVED_CORES : 0;
  return Math.max(1, Math.min(jobs, spare, MAX_SWEEP_WORKERS));
}

/**
 * The jobs dealt round-robin to `workers` workers (worker k takes jobs k, k + workers, ...), so each worker has
 * about the same number of steps and every run's first seed comes early; each share keeps the plan's order.
 */
export function splitJobs(jobs: readonly SweepJob[], workers: number): SweepJob[][] {
  if (!(Number.isInteger(workers) && workers >= 1)) throw new Error(`invalid workers: ${workers}`);
  const shares: SweepJob[][] = Array.from({ length: Math.min(workers, Math.max(1, jobs.length)) }, () => []);
  jobs.forEach((job, index) => {
    shares[index % shares.length]?.push(job);
  });
  return shares;
}

/** What the sweep asks of the rest of the page: the main lab paused at its start, resumed at its end. */
export interface SweepHooks {
  /** the sweep starts; returns whether the main lab was paused for it */
  onBegin(): boolean;
  /** the sweep ended, was cancelled or its client disposed (resume what onBegin paused) */
  onEnd(): void;
  /** the person's sentences, which jobs of `dataset=mine` train on (null when none are kept) */
  sentences?(): UserSentences | null;
}

/** Starts, steers and stops the page's sweeps; one per sweep panel. */
export class SweepClient implements SweepControls {
  private workers: (Worker | null)[] = [];
  private active = false;

  constructor(
    private readonly store: SweepStore,
    private readonly createWorker: () => Worker,
    private readonly hooks: SweepHooks,
    private readonly cores: number = globalThis.navigator?.hardwareConcurrency ?? 1,
    private readonly now: () => number = () => performance.now(),
  ) {}

  /** Trains `plan` (ending any sweep still running first). */
  start(plan: SweepPlan, figure: FigureId | null): void {
    this.end('cancelled');
    const jobs = sweepJobs(plan);
    const shares = splitJobs(jobs, sweepWorkerCount(jobs.length, this.cores));
    const workerOf = new Map(shares.flatMap((share, worker) => share.map((job) => [job, worker] as const)));
    const mainLabPaused = this.hooks.onBegin();
    this.active = true;
    const sweepId = this.store.getState().begin(
      {
        plan,
        figure,
        workers: shares.length,
        jobs: jobs.map((job) => ({ run: job.run, seed: job.seed, worker: workerOf.get(job) ?? 0 })),
        mainLabPaused,
      },
      this.now(),
    );
    this.workers = shares.map((share, index) => {
      const worker = this.createWorker();
      // a terminated worker's messages may still be queued: only the current workers are heard
      const current = () => this.workers[index] === worker;
      worker.onmessage = (event: MessageEvent<SweepEvent>) => {
        if (current()) this.receive(index, event.data);
      };
      worker.onerror = (event) => {
        event.preventDefault();
        if (!current()) return;
        this.store
          .getState()
          .fail(sweepId, `sweep worker ${index + 1} stopped: ${event.message || 'an error'}`, index);
        this.workerEnded(index);
      };
      worker.onmessageerror = () => {
        if (!current()) return;
        this.store
          .getState()
          .fail(sweepId, `a message from sweep worker ${index + 1} could not be read`, index);
        this.workerEnded(index);
      };
      const sentences = share.some((job) => job.config.dataset === 'mine') ? this.hooks.sentences?.() : null;
      const command: SweepCommand = {
        type: 'start',
        sweepId,
        jobs: share,
        steps: plan.steps,
        ...(sentences ? { sentences } : {}),
      };
      worker.postMessage(command);
      return worker;
    });
  }

  pause(): void {
    this.steer('pause');
    this.store.getState().setPaused(true);
  }

  resume(): void {
    this.steer('resume');
    this.store.getState().setPaused(false);
  }

  /** Stops the sweep now: its workers are terminated (results so far are kept). */
  cancel(): void {
    this.end('cancelled');
  }

  /** Stops everything (the panel unmounts). */
  dispose(): void {
    this.end('cancelled');
  }

  private steer(type: 'pause' | 'resume'): void {
    const sweepId = this.store.getState().sweepId;
    for (const worker of this.workers) worker?.postMessage({ type, sweepId } satisfies SweepCommand);
  }

  private receive(index: number, event: SweepEvent): void {
    this.store.getState().ingest(event);
    if (event.type === 'done' && event.sweepId === this.store.getState().sweepId) this.workerEnded(index);
  }

  /** One worker is finished (or dead): it goes; the sweep ends with the last. */
  private workerEnded(index: number): void {
    this.workers[index]?.terminate();
    this.workers[index] = null;
    if (this.workers.every((worker) => worker === null)) this.end('done');
  }

  private end(status: 'done' | 'cancelled'): void {
    for (const worker of this.workers) worker?.terminate();
    this.workers = [];
    if (!this.active) return;
    this.active = false;
    this.store.getState().finish(status, this.now());
    this.hooks.onEnd();
  }
}

/**
 * The page's sweep: its store and, once mounted, its client, which pauses the main lab while a sweep runs (one
 * trainer per core: on two cores the main lab's trainer and a sweep worker would each run at half speed and the
 * page would stutter) and resumes it afterwards if it was training. A link that asks for a sweep starts it here.
 * Unmounting ends the sweep.
 */
export function useSweepClient(createWorker: () => Worker = createSweepWorker): {
  store: SweepStore;
  client: SweepClient | null;
} {
  const labStore = useLabStore();
  const controls = useTrainerControls();
  const userData = useUserDataStore();
  const [store] = useState(createSweepStore);
  const [client, setClient] = useState<SweepClient | null>(null);
  useEffect(() => {
    let resumeMainLab = false;
    const created = new SweepClient(store, createWorker, {
      onBegin() {
        const { status } = labStore.getState();
        // loading: a new run that will play once its model is built (the page's autoplay)
        resumeMainLab = status === 'running' || status === 'loading';
        if (resumeMainLab) controls.pause();
        return resumeMainLab;
      },
      onEnd() {
        if (resumeMainLab) controls.play();
        resumeMainLab = false;
      },
      sentences: () => userData.getState().sentences,
    });
    setClient(created);
    // "a sweep link runs to the end": the link's sweep starts as the page opens
    const request = linkedSweep(labStore.getState());
    if (request) created.start(request.plan, request.figure);
    return () => {
      created.dispose();
      setClient(null);
    };
  }, [store, labStore, controls, userData, createWorker]);
  return { store, client };
}
