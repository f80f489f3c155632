import * as tf from '@tensorflow/tfjs-core';
import { makeClusters } from '../data/clusters';
import { decodeDigits } from '../data/digits';
import { DISPLAY_MAX_POINTS, pickDisplaySet, splitTrainTest } from '../data/split';
import type { Dataset, DatasetSplit } from '../data/types';
import type { TrainConfig } from '../protocol/config';

/** The data of a run, on the backend: training rows, the display set and the kNN reference set. */
export interface RunData {
  readonly split: DatasetSplit;
  /** train rows x inputDim */
  readonly trainX: tf.Tensor2D;
  /** train rows, int32 class labels */
  readonly trainLabels: tf.Tensor1D;
  /** held-out points shown on the sphere (up to 2,048), never trained on */
  readonly display: Dataset;
  readonly displayX: tf.Tensor2D;
  /** training points the kNN classifier looks up */
  readonly reference: Dataset;
  readonly referenceX: tf.Tensor2D;
  /** rows of the display set (evenly strided, at most METRIC_POINTS) that uniformity and kNN are measured on */
  readonly metricIndex: tf.Tensor1D;
  /** labels of those rows */
  readonly metricLabels: Int32Array;
}

/** A run's data in memory, before it is uploaded to a backend. */
export interface RunDataSource {
  readonly split: DatasetSplit;
  /** held-out points shown on the sphere */
  readonly display: Dataset;
  /** training points the kNN classifier looks up */
  readonly reference: Dataset;
}

/** Training points the kNN accuracy looks its neighbours up in. */
const KNN_REFERENCE_POINTS = 1024;
/** Share of each class held out for evaluation and display. */
const TEST_FRACTION = 0.25;

/**
 * Builds (clusters) or decodes (digits, whose gzipped bytes `loadDigits` fetches or reads) the config's data
 * set, splits it, and picks the display and kNN reference sets. Throws with the reason when the data is unusable.
 */
export async function loadRunDataSource(
  config: TrainConfig,
  loadDigits: () => Promise<Uint8Array>,
): Promise<RunDataSource> {
  let dataset: Dataset;
  if (config.dataset === 'digits') {
    const { dataset: digits, warnings } = await decodeDigits(await loadDigits());
    if (digits.rows < digits.classes * 2)
      throw new Error(warnings.join('; ') || 'the file holds too few rows');
    dataset = digits;
  } else {
    dataset = makeClusters({
      seed: config.seed,
      classes: config.classes,
      dim: config.inputDim,
      separation: config.separation,
      noise: config.noise,
      skew: config.skew,
    });
  }
  const split = splitTrainTest(dataset, { testFraction: TEST_FRACTION, seed: config.seed });
  return {
    split,
    display: pickDisplaySet(split.test, DISPLAY_MAX_POINTS, config.seed),
    reference: pickDisplaySet(split.train, KNN_REFERENCE_POINTS, config.seed),
  };
}

/**
 * Points that uniformity and kNN accuracy are measured on: their cost grows with the square of the count, and
 * 512 evenly strided display points estimate both well at a sixteenth of the cost of 2,048.
 */
export const METRIC_POINTS = 512;

/** Uploads a run's data to the active backend. */
export function uploadRunData({ split, display, reference }: RunDataSource): RunData {
  const stride = Math.max(1, Math.ceil(display.rows / METRIC_POINTS));
  const metricRows = Int32Array.from({ length: Math.ceil(display.rows / stride) }, (_, i) => i * stride);
  return {
    metricIndex: tf.tensor1d(metricRows, 'int32'),
    metricLabels: Int32Array.from(metricRows, (row) => display.labels[row] as number),
    split,
    trainX: tf.tensor2d(split.train.features, [split.train.rows, split.train.dim]),
    trainLabels: tf.tensor1d(split.train.labels, 'int32'),
    display,
    displayX: tf.tensor2d(display.features, [display.rows, display.dim]),
    reference,
    referenceX: tf.tensor2d(reference.features, [reference.rows, reference.dim]),
  };
}

/** Frees a run's data tensors. */
export function disposeRunData(data: RunData): void {
  tf.dispose([data.trainX, data.trainLabels, data.displayX, data.referenceX, data.metricIndex]);
}
