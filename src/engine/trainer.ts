import * as tf from '@tensorflow/tfjs-core';
import type { UserSentences } from '../data/userSentences';
import { changeEffect, type TrainConfig } from '../protocol/config';
import { configProblems } from '../protocol/fields';
import type { TrainerCommand, TrainerErrorCode, TrainerEvent, TrainerStatus } from '../protocol/messages';
import { DEFAULT_SNAPSHOT_MS, snapshotTransferables } from '../protocol/messages';
import { type BatchCapCause, batchCapNotice } from '../protocol/notices';
import { runTextsOf } from '../protocol/runTexts';
import type { BackendReport } from '../protocol/snapshot';
import {
  loadedNotice,
  modelMismatch,
  type WeightsFile,
  weightsFileOf,
  weightsProblem,
  weightsTransferables,
} from '../protocol/weightsFile';
import { type BackendLoader, BackendUnavailableError, chooseBackend } from './backend';
import { MatrixPool } from './matrixPool';
import { Run } from './run';
import { disposeRunData, loadRunDataSource, type RunDataSource, uploadRunData } from './runData';
import { buildSnapshot } from './snapshotBuilder';

/** What the trainer needs from where it runs (a Web Worker, or Node for the CLI and tests). */
export interface TrainerHost {
  /** sends an event; `transfer` lists buffers to move rather than copy */
  emit(event: TrainerEvent, transfer?: ArrayBuffer[]): void;
  /** the gzipped digits CSV (fetched in a worker, read from disk in Node) */
  loadDigits(): Promise<Uint8Array>;
  /** milliseconds, monotonic */
  now(): number;
  /** yields to the event loop so queued commands are handled */
  yield(): Promise<void>;
  /** waits, letting commands in (the speed cap) */
  sleep(ms: number): Promise<void>;
  /** registers a backend loaded on first need (the worker's GPU backends); absent where all are registered */
  loadBackend?: BackendLoader;
}

/** Longest wait between snapshots while training, however slow they are to build. */
const MAX_SNAPSHOT_INTERVAL_MS = 2000;
/** Keep a rewind point at most this often (steps), only from steps known to be finite. */
const CHECKPOINT_EVERY_STEPS = 50;
/** A chunk of steps aims at this many ms before the trainer syncs with the backend and looks at its inbox. */
const CHUNK_TARGET_MS = 40;
/** Time each candidate backend gets when `auto` measures them. */
const PROBE_MS = 250;

/**
 * The engine behind the message protocol: one run at a time, driven by TrainerCommands, reporting
 * TrainerEvents. Commands for another run than the current one are ignored (stale runIds).
 */
export class Trainer {
  private run: Run | null = null;
  private runId = -1;
  private status: TrainerStatus = 'paused';
  private backend: BackendReport | null = null;
  private snapshotMs = DEFAULT_SNAPSHOT_MS;
  /** the page paces snapshots: after one, the loop builds the next only once the page says it was shown */
  private paced = false;
  private awaitingShown = false;
  /** 0: as fast as the backend goes; else the loop sleeps to keep below this many steps per second */
  private maxStepsPerSecond = 0;
  private loop: Promise<void> | null = null;
  private lastSnapshotAt = 0;
  private lastSnapshotStep = 0;
  /**
   * Where the next snapshot's steps per second count from: the model, the time (ms) and its step at the
   * previous snapshot or at play, whichever came last. Another model (a restart or a rebuild, both at step 0)
   * or a step behind it (a rewind) counts from scratch, never below 0; time spent paused is not counted.
   */
  private rateFrom: { run: Run; at: number; step: number } | null = null;
  /** numbers each model this trainer builds (configure and rebuild): the snapshot's `modelId` */
  private models = 0;
  private modelId = 0;
  /** ms the latest snapshot took to build */
  private lastSnapshotCost = 0;
  private chunkSize = 1;
  /** loss of the latest training step, shown by the next snapshot */
  private lastLoss: number | null = null;
  /** serialises commands that replace the run, so a configure never races a running loop */
  private queue: Promise<void> = Promise.resolve();
  /** the person's sentences (dataset=mine) from the latest configure that brought them, for restarts */
  private userSentences: UserSentences | null = null;
  /** buffers the page handed back, for the next snapshots' matrices */
  private readonly matrices = new MatrixPool();

  constructor(private readonly host: TrainerHost) {}

  /** Handles one command; returns when it has been applied (tests await it, the worker need not). */
  handle(command: TrainerCommand): Promise<void> {
    // Not queued: buffers are welcome at any time, from any run, even while a configure loads.
    if (command.type === 'recycle') {
      this.matrices.give(command.buffers);
      return Promise.resolve();
    }
    const next = this.queue.then(() => this.apply(command)).catch((error: unknown) => this.fail(error));
    this.queue = next;
    return next;
  }

  private async apply(command: TrainerCommand): Promise<void> {
    if (command.type === 'configure') {
      if (command.sentences) this.userSentences = command.sentences;
      return this.configure(command.runId, command.config);
    }
    if (command.runId !== this.runId) return; // a stale command from an older run
    switch (command.type) {
      case 'update':
        return this.update(command.config);
      case 'play':
        return this.play();
      case 'pause':
        return this.pause();
      case 'step':
        return this.stepOnce(command.steps ?? 1);
      case 'rewind':
        return this.rewind();
      case 'speed':
        this.maxStepsPerSecond = Math.max(0, command.stepsPerSecond);
        return;
      case 'cadence':
        this.snapshotMs = Math.max(16, command.snapshotMs);
        this.paced = command.paced === true;
        this.awaitingShown = false;
        return;
      case 'shown':
        this.awaitingShown = false;
        return;
      case 'exportWeights':
        return this.exportWeights();
      case 'importWeights':
        return this.importWeights(command.file);
      case 'dispose':
        await this.stopLoop();
        this.disposeRun();
        return;
    }
  }

  private async configure(runId: number, config: TrainConfig): Promise<void> {
    await this.stopLoop();
    this.disposeRun();
    this.runId = runId;
    this.awaitingShown = false;
    const problems = configProblems(config);
    if (problems.length > 0) return this.report('INVALID_CONFIG', problems.join('; '));
    this.setStatus('loading');
    let source: RunDataSource;
    try {
      source = await loadRunDataSource(config, () => this.host.loadDigits(), this.userSentences);
    } catch (error) {
      return this.report('DATA_FAILED', `could not load the ${config.dataset} data set: ${describe(error)}`);
    }
    try {
      this.backend = await chooseBackend(
        config.backend,
        () => this.measure(source, config),
        this.host.loadBackend,
      );
    } catch (error) {
      const name = error instanceof BackendUnavailableError ? error.backend : config.backend;
      return this.report('BACKEND_FAILED', error instanceof Error ? error.message : `backend ${name} failed`);
    }
    if (runId !== this.runId) return;
    this.run = new Run(uploadRunData(source), config);
    this.modelId = ++this.models;
    this.host.emit({ type: 'ready', runId, backend: this.backend, batchLimit: this.batchLimit() });
    const texts = runTextsOf(source.split.train, source.display, source.sts?.baselines ?? null);
    if (texts) this.host.emit({ type: 'texts', runId, texts });
    // A link may ask for more than this backend or data holds: the same cap as a live change.
    const capped = this.capBatch(config);
    if (capped !== config) this.run.applyLive(capped);
    await this.emitSnapshot();
    this.setStatus('paused');
  }

  /** Steps per second of a throw-away run on the active backend (for `auto`). */
  private async measure(source: RunDataSource, config: TrainConfig) {
    const data = uploadRunData(source);
    const probe = new Run(data, config);
    try {
      await probe.trainChunk(2); // compiles kernels and shaders
      const start = this.host.now();
      let steps = 0;
      while (this.host.now() - start < PROBE_MS) {
        await probe.trainChunk(2);
        steps += 2;
      }
      return (steps * 1000) / (this.host.now() - start);
    } finally {
      probe.dispose();
      disposeRunData(data);
    }
  }

  /** The largest batch (pairs) this backend holds comfortably: the similarity matrix is (2N)^2 floats. */
  private batchLimit(): number {
    return this.batchCap().limit;
  }

  /** The batch cap and what sets it: the backend's memory, or the training set's size when that is smaller. */
  private batchCap(): { limit: number; cause: BatchCapCause } {
    const byBackend = { webgpu: 4096, webgl: 2048, wasm: 2048, cpu: 1024 } as const;
    const limit = byBackend[this.backend?.backend ?? 'cpu'];
    const data = this.run?.maxPairs ?? limit;
    return data < limit ? { limit: data, cause: 'data' } : { limit, cause: 'backend' };
  }

  private async update(config: TrainConfig): Promise<void> {
    const run = this.run;
    if (!run) return;
    const problems = configProblems(config);
    if (problems.length > 0) return this.report('INVALID_CONFIG', problems.join('; '));
    const effect = changeEffect(run.config, config);
    if (effect === null) return;
    if (effect === 'restart') return this.configure(this.runId, config);
    const capped = this.capBatch(config);
    if (effect === 'live') {
      run.applyLive(capped);
      if (this.status !== 'running') await this.emitSnapshot();
      return;
    }
    // rebuild: a new model on the same data
    const wasRunning = await this.stopLoop();
    const data = run.data;
    run.dispose();
    this.run = new Run(data, capped);
    this.modelId = ++this.models; // a new history on the page, as for a restart
    await this.emitSnapshot();
    if (wasRunning) this.play();
  }

  /** A batch above what the backend or the data can hold is capped, with a notice naming which. */
  private capBatch(config: TrainConfig): TrainConfig {
    const { limit, cause } = this.batchCap();
    if (config.batch <= limit) return config;
    this.host.emit({
      type: 'notice',
      runId: this.runId,
      message: batchCapNotice(config.batch, limit, cause, this.backend?.backend ?? 'this backend'),
    });
    return { ...config, batch: limit };
  }

  private play(): void {
    if (!this.run || this.status === 'running') return;
    this.rateFrom = { run: this.run, at: this.host.now(), step: this.run.step };
    this.setStatus('running');
    this.loop = this.runLoop();
  }

  private async pause(): Promise<void> {
    const wasRunning = await this.stopLoop();
    if (this.run) await this.emitSnapshot();
    // announced after the last snapshot, so nothing newer follows the 'paused' status
    if (wasRunning) this.setStatus('paused');
  }

  private async stepOnce(steps: number): Promise<void> {
    const wasRunning = await this.stopLoop();
    const run = this.run;
    if (!run) return;
    const outcome = await run.trainChunk(Math.max(1, Math.min(1000, Math.floor(steps))));
    this.lastLoss = outcome.loss;
    if (!this.checkFinite(run, outcome.firstNonFinite)) return;
    await this.emitSnapshot();
    if (wasRunning) this.setStatus('paused');
  }

  private async rewind(): Promise<void> {
    await this.stopLoop();
    const run = this.run;
    if (!run) return;
    if (!run.rewind()) return this.report('NAN_LOSS', 'there is no finite checkpoint to rewind to');
    this.setStatus('paused');
    await this.emitSnapshot();
  }

  /** Sends the weights as a `weights` event, without pausing training. */
  private async exportWeights(): Promise<void> {
    const run = this.run;
    if (!run) return;
    const { step, layers } = await run.exportWeights();
    if (run !== this.run) return;
    const file = weightsFileOf(run.config, step, layers);
    this.host.emit({ type: 'weights', runId: this.runId, file }, weightsTransferables(file));
  }

  /**
   * Loads weights of this run's model shape, keeping the step; otherwise refuses with BAD_WEIGHTS and the
   * reason, changing nothing. Says that the optimiser starts afresh.
   */
  private async importWeights(file: WeightsFile): Promise<void> {
    const run = this.run;
    if (!run) return;
    // The page checked the file, but a message is still input: check it again, shapes against this model.
    const problem =
      weightsProblem(file) ??
      modelMismatch(
        file.layers.map((layer) => layer.shape),
        run.model.variables.map((v) => v.shape),
      );
    if (problem) return this.report('BAD_WEIGHTS', problem);
    const wasRunning = await this.stopLoop();
    run.loadWeights(file.layers);
    this.host.emit({ type: 'notice', runId: this.runId, message: loadedNotice(file, run.config, run.step) });
    await this.emitSnapshot();
    if (wasRunning) this.play();
  }

  /**
   * Stops the loop (if any) and waits until it has finished its current chunk. Returns whether it was running;
   * the caller announces the new status once its own snapshot is out.
   */
  private async stopLoop(): Promise<boolean> {
    const wasRunning = this.status === 'running';
    if (wasRunning) this.status = 'paused';
    await this.loop;
    this.loop = null;
    return wasRunning;
  }

  private async runLoop(): Promise<void> {
    const run = this.run;
    while (run && this.run === run && this.status === 'running') {
      const started = this.host.now();
      const outcome = await run.trainChunk(this.chunkSize);
      this.lastLoss = outcome.loss;
      const elapsed = Math.max(1, this.host.now() - started);
      // Adapt the chunk so each one takes about CHUNK_TARGET_MS: big enough to amortise the sync, small
      // enough that a slider change is felt at once.
      this.chunkSize = Math.max(1, Math.min(64, Math.round((this.chunkSize * CHUNK_TARGET_MS) / elapsed)));
      if (this.maxStepsPerSecond > 0) {
        this.chunkSize = Math.min(this.chunkSize, Math.max(1, Math.round(this.maxStepsPerSecond / 20)));
        const budgetMs = (1000 * this.chunkSize) / this.maxStepsPerSecond;
        if (budgetMs > elapsed) await this.host.sleep(budgetMs - elapsed);
      }
      if (!this.checkFinite(run, outcome.firstNonFinite)) return;
      if (run.step - (run.checkpointStep ?? 0) >= CHECKPOINT_EVERY_STEPS) run.saveCheckpoint();
      // Snapshots take at most about a quarter of the time: on a slow backend they come less often, but at
      // least every MAX_SNAPSHOT_INTERVAL_MS (the first one also pays for compiling its kernels).
      const interval = Math.min(
        MAX_SNAPSHOT_INTERVAL_MS,
        Math.max(this.snapshotMs, 3 * this.lastSnapshotCost),
      );
      const sinceSnapshot = this.host.now() - this.lastSnapshotAt;
      // Paced: the page has not shown the last one yet, so a new one would be dropped (unless it went missing).
      const pageWaiting = this.awaitingShown && sinceSnapshot < MAX_SNAPSHOT_INTERVAL_MS;
      // The first trained step is shown at once: it is the page's first sign that training runs.
      const firstTrained = this.lastSnapshotStep === 0;
      if (firstTrained || (sinceSnapshot >= interval && !pageWaiting)) await this.emitSnapshot();
      await this.host.yield();
    }
  }

  /** On a non-finite loss or gradient: pause and report NAN_LOSS with the step. Returns whether all is finite. */
  private checkFinite(run: Run, firstNonFinite: number): boolean {
    if (firstNonFinite < 0) return true;
    this.setStatus('paused');
    const rewindStep = run.checkpointStep;
    this.host.emit({
      type: 'error',
      runId: this.runId,
      code: 'NAN_LOSS',
      message: `the loss or its gradient became non-finite at step ${firstNonFinite}; training is paused${
        rewindStep === null ? '' : `, and a rewind restores the weights of step ${rewindStep}`
      }`,
      step: firstNonFinite,
      ...(rewindStep === null ? {} : { rewindStep }),
    });
    return false;
  }

  private async emitSnapshot(): Promise<void> {
    const run = this.run;
    if (!run || !this.backend) return;
    const now = this.host.now();
    const stepsPerSecond = this.stepsPerSecondSince(run, now);
    this.rateFrom = { run, at: now, step: run.step };
    this.lastSnapshotAt = now;
    this.lastSnapshotStep = run.step;
    const started = this.host.now();
    const snapshot = await buildSnapshot(
      run,
      {
        runId: this.runId,
        modelId: this.modelId,
        backend: this.backend.backend,
        stepsPerSecond,
        lastLoss: run.step > 0 ? this.lastLoss : null,
      },
      this.matrices,
    );
    this.lastSnapshotCost = this.host.now() - started;
    if (run !== this.run) return;
    if (this.paced) this.awaitingShown = true;
    this.host.emit({ type: 'snapshot', runId: this.runId, snapshot }, snapshotTransferables(snapshot));
  }

  /** Training steps per second of `run` since `rateFrom`; 0 for another model or a step behind it. */
  private stepsPerSecondSince(run: Run, now: number): number {
    const from = this.rateFrom;
    if (!from || from.run !== run) return 0;
    const steps = run.step - from.step;
    const seconds = (now - from.at) / 1000;
    return steps > 0 && seconds > 0 ? steps / seconds : 0;
  }

  private setStatus(status: TrainerStatus): void {
    this.status = status;
    this.host.emit({ type: 'status', runId: this.runId, status, step: this.run?.step ?? 0 });
  }

  private report(code: TrainerErrorCode, message: string): void {
    // a NaN pauses (a rewind recovers) and a refused weights file changes nothing; the rest stop the run
    this.host.emit({ type: 'error', runId: this.runId, code, message });
    if (code !== 'NAN_LOSS' && code !== 'BAD_WEIGHTS') this.setStatus('failed');
  }

  private fail(error: unknown): void {
    this.report('INTERNAL', describe(error));
  }

  private disposeRun(): void {
    if (!this.run) return;
    disposeRunData(this.run.data);
    this.run.dispose();
    this.run = null;
    this.rateFrom = null;
  }

  /** The current run, for tools and tests that inspect or perturb it (the page never needs it). */
  get currentRun(): Run | null {
    return this.run;
  }

  /** Tensors alive on the backend (tests check that this stays flat). */
  static liveTensors(): number {
    return tf.memory().numTensors;
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
