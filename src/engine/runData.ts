import * as tf from '@tensorflow/tfjs-core';
import { makeClusters } from '../data/clusters';
import { decodeDigits } from '../data/digits';
import { DISPLAY_MAX_POINTS, pickDisplaySet, splitTrainTest } from '../data/split';
import { type Dataset, type DatasetSplit, isTextDataset } from '../data/types';
import type { UserSentences } from '../data/userSentences';
import type { TrainConfig } from '../protocol/config';
import { lengthDifferences } from './lengthBiasMeasure';
import { rowLengths, type StsRows, sentenceRows, type TripletRows, tripletsOfSplit } from './textData';
import { userSentenceRows } from './userTextData';

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
  /** text mode: each training row's unpadded length (a batch is trimmed to its longest); null otherwise */
  readonly trainLengths: Int32Array | null;
  /** text mode with the generated sentences: each training row's triplet, uploaded once; null otherwise */
  readonly triplets: TripletTables | null;
  /**
   * text mode: the STS pairs' ids (pairs x maxLen, int32) and gold scores, uploaded once, and each pair's
   * |token length a - b| (the length-bias measure's x); null otherwise
   */
  readonly sts: {
    readonly a: tf.Tensor2D;
    readonly b: tf.Tensor2D;
    readonly scores: Float64Array;
    readonly lengthDiff: Int32Array;
  } | null;
}

/** Supervised SimCSE's positives and hard negatives, indexed by the anchor's training row (int32 ids). */
export interface TripletTables {
  /** train rows x maxLen: each row's entailment */
  readonly entailment: tf.Tensor2D;
  /** train rows x maxLen: each row's contradiction */
  readonly contradiction: tf.Tensor2D;
  readonly entailmentLengths: Int32Array;
  readonly contradictionLengths: Int32Array;
  /** train rows, int32: each contradiction's meaning group */
  readonly contradictionLabels: tf.Tensor1D;
}

/** A run's data in memory, before it is uploaded to a backend. */
export interface RunDataSource {
  readonly split: DatasetSplit;
  /** held-out points shown on the sphere */
  readonly display: Dataset;
  /** training points the kNN classifier looks up */
  readonly reference: Dataset;
  /** text mode: the held-out STS pairs */
  readonly sts?: StsRows;
  /** text mode: the triplets of the training rows (split.train's order), where the data set has them */
  readonly triplets?: TripletRows;
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
  userSentences: UserSentences | null = null,
): Promise<RunDataSource> {
  let dataset: Dataset;
  let sts: StsRows | undefined;
  let triplets: TripletRows | undefined;
  if (config.dataset === 'mine') {
    dataset = userSentenceRows(config, userSentences); // no STS pairs or triplets: stsSpearman stays null
  } else if (config.dataset === 'sentences') {
    ({ dataset, sts, triplets } = sentenceRows(config));
  } else if (config.dataset === 'digits') {
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
  const splitOptions = { testFraction: TEST_FRACTION, seed: config.seed };
  const split = splitTrainTest(dataset, splitOptions);
  const trainTriplets =
    triplets && tripletsOfSplit(dataset, triplets, (d) => splitTrainTest(d, splitOptions).train);
  return {
    split,
    display: pickDisplaySet(split.test, DISPLAY_MAX_POINTS, config.seed),
    reference: pickDisplaySet(split.train, KNN_REFERENCE_POINTS, config.seed),
    ...(sts ? { sts } : {}),
    ...(trainTriplets ? { triplets: trainTriplets } : {}),
  };
}

/**
 * Points that uniformity and kNN accuracy are measured on: their cost grows with the square of the count, and
 * 512 evenly strided display points estimate both well at a sixteenth of the cost of 2,048.
 */
export const METRIC_POINTS = 512;

/** Uploads a run's data to the active backend. */
export function uploadRunData({ split, display, reference, sts, triplets }: RunDataSource): RunData {
  // text rows are token ids: int32 for the encoder's lookup
  const text = isTextDataset(split.train.id);
  const rows = (d: Dataset) =>
    text
      ? tf.tensor2d(Int32Array.from(d.features), [d.rows, d.dim], 'int32')
      : tf.tensor2d(d.features, [d.rows, d.dim]);
  const stride = Math.max(1, Math.ceil(display.rows / METRIC_POINTS));
  const metricRows = Int32Array.from({ length: Math.ceil(display.rows / stride) }, (_, i) => i * stride);
  return {
    metricIndex: tf.tensor1d(metricRows, 'int32'),
    metricLabels: Int32Array.from(metricRows, (row) => display.labels[row] as number),
    split,
    trainX: rows(split.train),
    trainLabels: tf.tensor1d(split.train.labels, 'int32'),
    display,
    displayX: rows(display),
    reference,
    referenceX: rows(reference),
    trainLengths: text ? rowLengths(split.train.features, split.train.rows, split.train.dim) : null,
    sts: sts
      ? {
          a: tf.tensor2d(sts.a, [sts.pairs, sts.maxLen], 'int32'),
          b: tf.tensor2d(sts.b, [sts.pairs, sts.maxLen], 'int32'),
          scores: sts.scores,
          lengthDiff: lengthDifferences(sts.a, sts.b, sts.pairs, sts.maxLen),
        }
      : null,
    triplets: triplets ? uploadTriplets(triplets) : null,
  };
}

function uploadTriplets(triplets: TripletRows): TripletTables {
  const { rows, maxLen } = triplets;
  return {
    entailment: tf.tensor2d(triplets.entailment, [rows, maxLen], 'int32'),
    contradiction: tf.tensor2d(triplets.contradiction, [rows, maxLen], 'int32'),
    entailmentLengths: rowLengths(triplets.entailment, rows, maxLen),
    contradictionLengths: rowLengths(triplets.contradiction, rows, maxLen),
    contradictionLabels: tf.tensor1d(triplets.contradictionLabels, 'int32'),
  };
}

/** Frees a run's data tensors. */
export function disposeRunData(data: RunData): void {
  tf.dispose([data.trainX, data.trainLabels, data.displayX, data.referenceX, data.metricIndex]);
  if (data.sts) tf.dispose([data.sts.a, data.sts.b]);
  const { triplets } = data;
  if (triplets) tf.dispose([triplets.entailment, triplets.contradiction, triplets.contradictionLabels]);
}
