import type { UserSentences } from '../data/userSentences';
import type { TrainConfig } from './config';
import type { RunTexts } from './runTexts';
import type { BackendReport, BatchView, Snapshot } from './snapshot';
import { distinctBuffers } from './transfer';
import type { WeightsFile } from './weightsFile';

/** Fewest ms between snapshots by default (about 10 Hz). */
export const DEFAULT_SNAPSHOT_MS = 100;

/** Messages from the page (or the CLI) to the trainer. Every one names the run it is meant for. */
export type TrainerCommand =
  /**
   * start a new run: new data, model and backend per the config; `sentences`: the person's own (dataset=mine),
   * which the trainer keeps for later restarts until another configure brings others
   */
  | {
      readonly type: 'configure';
      readonly runId: number;
      readonly config: TrainConfig;
      readonly sentences?: UserSentences;
    }
  /** change fields of the running experiment; live fields never reset training */
  | { readonly type: 'update'; readonly runId: number; readonly config: TrainConfig }
  | { readonly type: 'play'; readonly runId: number }
  | { readonly type: 'pause'; readonly runId: number }
  /** run `steps` steps (default 1) then pause, with a snapshot */
  | { readonly type: 'step'; readonly runId: number; readonly steps?: number }
  /** restore the last weights whose loss and gradients were finite, then pause */
  | { readonly type: 'rewind'; readonly runId: number }
  /** caps training speed (steps per second; 0 = as fast as the backend goes) */
  | { readonly type: 'speed'; readonly runId: number; readonly stepsPerSecond: number }
  /**
   * fewest milliseconds between snapshots (default 100, about 10 Hz); `paced`: after each snapshot, the next
   * waits for `shown` (or at most 2 s), so a page that draws slower than the cadence is never sent snapshots it
   * would drop, and the trainer spends that time training
   */
  | {
      readonly type: 'cadence';
      readonly runId: number;
      readonly snapshotMs: number;
      readonly paced?: boolean;
    }
  /** the page has taken the latest snapshot (paced cadence): the trainer may build the next */
  | { readonly type: 'shown'; readonly runId: number }
  /** read the model's weights (training goes on) and send them as a `weights` event */
  | { readonly type: 'exportWeights'; readonly runId: number }
  /** load weights of the same model shape: the step is kept, the optimiser starts afresh */
  | { readonly type: 'importWeights'; readonly runId: number; readonly file: WeightsFile }
  | { readonly type: 'dispose'; readonly runId: number }
  /**
   * hands back the buffers of a snapshot's rows x rows matrices once the page no longer reads them (see
   * `matrixBuffers`), for later snapshots to reuse; any run's, so the trainer takes them whatever the runId
   */
  | { readonly type: 'recycle'; readonly runId: number; readonly buffers: readonly ArrayBuffer[] };

/** Codes of errors that cross the worker boundary. */
export type TrainerErrorCode =
  | 'NAN_LOSS'
  | 'BACKEND_FAILED'
  | 'DATA_FAILED'
  | 'INVALID_CONFIG'
  | 'INVALID_MESSAGE'
  | 'WORKER_CRASHED'
  | 'INTERNAL'
  /** a weights file that was refused (unreadable, or of another model shape); nothing changed */
  | 'BAD_WEIGHTS';

/** The trainer's state as the page shows it. */
export type TrainerStatus = 'loading' | 'running' | 'paused' | 'failed';

/** Messages from the trainer to the page. */
export type TrainerEvent =
  | {
      readonly type: 'ready';
      readonly runId: number;
      readonly backend: BackendReport;
      readonly batchLimit: number;
    }
  | { readonly type: 'status'; readonly runId: number; readonly status: TrainerStatus; readonly step: number }
  /** text mode, once per run before its first snapshot: the rows' sentences and the STS baselines */
  | { readonly type: 'texts'; readonly runId: number; readonly texts: RunTexts }
  | { readonly type: 'snapshot'; readonly runId: number; readonly snapshot: Snapshot }
  | { readonly type: 'notice'; readonly runId: number; readonly message: string }
  /** the answer to exportWeights (its buffers are transferred) */
  | { readonly type: 'weights'; readonly runId: number; readonly file: WeightsFile }
  | {
      readonly type: 'error';
      readonly runId: number;
      readonly code: TrainerErrorCode;
      readonly message: string;
      /** the step at which it happened, where that means something */
      readonly step?: number;
      /** NAN_LOSS: the step of the weights a rewind restores */
      readonly rewindStep?: number;
    };

/** The typed arrays of a snapshot, to pass as postMessage's transfer list. */
export function snapshotTransferables(snapshot: Snapshot): ArrayBuffer[] {
  const { display, batch, histograms } = snapshot;
  const arrays = [
    histograms.display.counts,
    histograms.batchNegatives.counts,
    histograms.batchPositives.counts,
    display.embeddings,
    display.labels,
    batch.embeddings,
    batch.labels,
    batch.positives,
    ...matrixArrays(batch),
    batch.candidates,
    batch.anchorLoss,
    batch.minedNegative,
    batch.embeddingGradient,
    batch.effectiveNegatives,
    batch.hardestNegative,
    batch.kept,
    batch.negativesUsed,
    batch.hardestWeight,
    ...(batch.sources ? [batch.sources] : []),
    ...(batch.sourceSides ? [batch.sourceSides] : []),
    ...(batch.extra
      ? [batch.extra.weightShare, batch.extra.similarity, batch.extra.weights, batch.extra.kinds]
      : []),
  ];
  return distinctBuffers(arrays);
}

/** The buffers of a snapshot's rows x rows matrices: what the page hands back (`recycle`) once done with them. */
export function matrixBuffers(snapshot: Snapshot): ArrayBuffer[] {
  return distinctBuffers(matrixArrays(snapshot.batch));
}

/** The batch's rows x rows matrices. */
function matrixArrays(batch: BatchView): Float32Array[] {
  return [batch.similarity, batch.negativeWeights, batch.similarityGradient];
}
