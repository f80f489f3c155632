import type { UserSentences } from '../data/userSentences';
import { changeEffect, type TrainConfig } from '../protocol/config';
import {
  DEFAULT_SNAPSHOT_MS,
  matrixBuffers,
  type TrainerCommand,
  type TrainerEvent,
} from '../protocol/messages';
import type { Snapshot } from '../protocol/snapshot';
import { encodeWeightsFile, type WeightsFile, weightsTransferables } from '../protocol/weightsFile';
import type { LabState } from '../state/schema';
import type { LabStore } from '../state/store';
import type { TrainerControls } from '../state/trainerControls';
import { downloadText } from '../ui/export/download';

/** Worker restarts allowed within RECOVERY_WINDOW_MS before the page gives up and says so. */
const MAX_RECOVERIES = 3;
const RECOVERY_WINDOW_MS = 30_000;

/**
 * Owns the training worker: sends the store's config to it (a restart as a new run, live and rebuild fields as
 * an update), feeds its events into the store, and restarts it (reporting WORKER_CRASHED) when it dies.
 * Weights the worker sends go to `onWeights` (by default a download), never into the store.
 */
export class TrainerClient implements TrainerControls {
  private worker: Worker | null = null;
  private sent: TrainConfig | null = null;
  private wantsToRun: boolean;
  private recoveries: number[] = [];
  private readonly paced: boolean;
  private readonly unsubscribe: () => void;
  private readonly onWeights: (file: WeightsFile) => void;
  private readonly sentences: () => UserSentences | null;

  constructor(
    private readonly store: LabStore,
    private readonly createWorker: () => Worker,
    options: {
      autoplay: boolean;
      onWeights?: (file: WeightsFile) => void;
      /**
       * subscribes to "the page has taken the latest snapshot": the worker then builds the next one only after
       * that, instead of at its own cadence (snapshots the page would drop cost training time for nothing)
       */
      pacedBy?: (listener: () => void) => () => void;
      /**
       * subscribes to "the page no longer reads this snapshot": its matrices' buffers then go back to the
       * worker, which fills them again instead of making new ones for the page's garbage collector
       */
      releasedBy?: (listener: (snapshot: Snapshot) => void) => () => void;
      /** the person's sentences, sent with each run of `dataset=mine` (the worker keeps no copy across crashes) */
      sentences?: () => UserSentences | null;
    },
  ) {
    this.wantsToRun = options.autoplay;
    this.onWeights = options.onWeights ?? saveWeights;
    this.paced = options.pacedBy !== undefined;
    this.sentences = options.sentences ?? (() => null);
    this.startWorker();
    this.configure();
    const unsubscribeStore = store.subscribe((state, previous) => {
      if (state.config !== previous.config) this.sync(state.config);
      if (state.view.speed !== previous.view.speed)
        this.send({ type: 'speed', runId: state.runId, stepsPerSecond: state.view.speed });
    });
    const stopPacing = options.pacedBy?.(() => this.send({ type: 'shown', runId: this.runId }));
    const stopRecycling = options.releasedBy?.((snapshot) => this.recycle(snapshot));
    this.unsubscribe = () => {
      unsubscribeStore();
      stopPacing?.();
      stopRecycling?.();
    };
  }

  play(): void {
    this.wantsToRun = true;
    this.send({ type: 'play', runId: this.runId });
  }

  pause(): void {
    this.wantsToRun = false;
    this.send({ type: 'pause', runId: this.runId });
  }

  step(steps = 1): void {
    this.wantsToRun = false;
    this.send({ type: 'step', runId: this.runId, steps });
  }

  reset(): void {
    this.configure();
  }

  restartWith(state: LabState): void {
    // Marked as sent first, so that the store's change is not also sent as an update of the old run (or as a
    // second restart): the one new run below is what it becomes.
    this.sent = state.config;
    this.store.getState().applyState(state, []);
    this.configure();
  }

  rewind(): void {
    this.wantsToRun = false;
    this.send({ type: 'rewind', runId: this.runId });
  }

  exportWeights(): void {
    this.send({ type: 'exportWeights', runId: this.runId });
  }

  importWeights(file: WeightsFile): void {
    this.send({ type: 'importWeights', runId: this.runId, file }, weightsTransferables(file));
  }

  dispose(): void {
    this.unsubscribe();
    this.worker?.terminate();
    this.worker = null;
  }

  /** Hands a released snapshot's matrices back to the worker (each buffer once: a second transfer throws). */
  private recycle(snapshot: Snapshot): void {
    const buffers = matrixBuffers(snapshot).filter((buffer) => buffer.byteLength > 0);
    if (buffers.length > 0) this.send({ type: 'recycle', runId: this.runId, buffers }, buffers);
  }

  private get runId(): number {
    return this.store.getState().runId;
  }

  private send(command: TrainerCommand, transfer: ArrayBuffer[] = []): void {
    this.worker?.postMessage(command, transfer);
  }

  /** A new run of the current config; it plays if the person last asked it to. */
  private configure(): void {
    const { config, view } = this.store.getState();
    const runId = this.store.getState().nextRun();
    this.sent = config;
    const sentences = config.dataset === 'mine' ? this.sentences() : null;
    this.send({ type: 'configure', runId, config, ...(sentences ? { sentences } : {}) });
    this.send({ type: 'speed', runId, stepsPerSecond: view.speed });
    if (this.paced) this.send({ type: 'cadence', runId, snapshotMs: DEFAULT_SNAPSHOT_MS, paced: true });
    if (this.wantsToRun) this.send({ type: 'play', runId });
  }

  private sync(config: TrainConfig): void {
    const effect = this.sent ? changeEffect(this.sent, config) : 'restart';
    if (effect === null) return;
    if (effect === 'restart') {
      this.configure();
      return;
    }
    this.sent = config;
    this.send({ type: 'update', runId: this.runId, config });
  }

  private startWorker(): void {
    const worker = this.createWorker();
    worker.onmessage = (event: MessageEvent<TrainerEvent>) => {
      const message = event.data;
      if (message.type !== 'weights') this.store.getState().ingest(message);
      else if (message.runId === this.runId) this.onWeights(message.file);
    };
    worker.onerror = (event) => {
      event.preventDefault();
      this.recover(event.message || 'the training worker stopped with an error');
    };
    worker.onmessageerror = () => this.recover('a message from the training worker could not be read');
    this.worker = worker;
  }

  /** Reports the crash, then starts a fresh worker on the same config, unless it keeps crashing. */
  private recover(reason: string): void {
    this.worker?.terminate();
    this.worker = null;
    const now = Date.now();
    this.recoveries = [...this.recoveries.filter((t) => now - t < RECOVERY_WINDOW_MS), now];
    const giveUp = this.recoveries.length > MAX_RECOVERIES;
    if (!giveUp) {
      this.startWorker();
      this.configure();
    }
    // after configure: a new run clears the errors of the old one, and this one must stay visible
    this.store.getState().reportError({
      code: 'WORKER_CRASHED',
      message: giveUp
        ? `${reason}. It crashed ${this.recoveries.length} times in a row; reload the page to try again.`
        : `${reason}. The trainer was restarted with the same settings.`,
    });
  }
}

/** Saves weights from the worker as `infonce-weights-step<N>.json`. */
function saveWeights(file: WeightsFile): void {
  downloadText(encodeWeightsFile(file), 'application/json', `infonce-weights-step${file.step}.json`);
}
