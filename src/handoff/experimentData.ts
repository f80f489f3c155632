// The rows an experiment trains and measures on, built in memory without tf.js, for the PyTorch export: the
// same split, display set, kNN reference set and metric subset as engine/runData.ts picks, from the same pure
// functions of src/data, so the exported script sees exactly the lab's data.
import { makeClusters } from '../data/clusters';
import { decodeDigits } from '../data/digits';
import { DISPLAY_MAX_POINTS, pickDisplaySet, splitTrainTest } from '../data/split';
import { type Dataset, isTextDataset } from '../data/types';
import type { TrainConfig } from '../protocol/config';
import { TEXT_NOT_EXPORTED } from './porting';

// The three sizes below are engine/runData.ts's; tests/engine/exportPytorch.test.ts checks that both build the
// same rows, so a change there that is not made here fails a test instead of passing silently.
/** Share of each class held out for evaluation and display. */
const TEST_FRACTION = 0.25;
/** Training points the kNN classifier looks up. */
const KNN_REFERENCE_POINTS = 1024;
/** Display points (evenly strided) that uniformity and kNN accuracy are measured on. */
const METRIC_POINTS = 512;

/** An experiment's rows: what it trains on, what it shows and what its metrics read. */
export interface ExperimentData {
  /** the training rows */
  readonly train: Dataset;
  /** held-out rows shown on the sphere; tolerance is measured on all of them */
  readonly display: Dataset;
  /** rows of `train` (indices) that the kNN classifier looks up */
  readonly referenceRows: Int32Array;
  /** rows of `display` (indices, evenly strided) that uniformity and kNN accuracy are measured on */
  readonly metricRows: Int32Array;
}

/**
 * Builds (clusters) or decodes (digits: `loadDigits` gives the gzipped CSV's bytes) the config's data set and
 * picks its parts as a run of the lab does. Throws with the reason when the data is unusable.
 */
export async function experimentData(
  config: TrainConfig,
  loadDigits: () => Promise<Uint8Array>,
): Promise<ExperimentData> {
  // the script has no text encoder: refuse before generating rows it cannot use
  if (isTextDataset(config.dataset)) throw new Error(TEXT_NOT_EXPORTED);
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
  const { train, test } = splitTrainTest(dataset, { testFraction: TEST_FRACTION, seed: config.seed });
  const display = pickDisplaySet(test, DISPLAY_MAX_POINTS, config.seed);
  const reference = pickDisplaySet(train, KNN_REFERENCE_POINTS, config.seed);
  const stride = Math.max(1, Math.ceil(display.rows / METRIC_POINTS));
  return {
    train,
    display,
    referenceRows: rowsWithin(train, reference),
    metricRows: Int32Array.from({ length: Math.ceil(display.rows / stride) }, (_, i) => i * stride),
  };
}

/**
 * The index in `whole` of each row of `part` (a subset of its rows, as pickDisplaySet returns them), so the
 * script stores the reference set as indices instead of a second copy of the features. Rows that are equal in
 * features and label are the same data, whichever of them is named.
 */
function rowsWithin(whole: Dataset, part: Dataset): Int32Array {
  const keyOf = (data: Dataset, row: number) =>
    `${data.labels[row]}:${data.features.subarray(row * data.dim, (row + 1) * data.dim).join(',')}`;
  const index = new Map<string, number>();
  for (let row = 0; row < whole.rows; row++) index.set(keyOf(whole, row), row);
  return Int32Array.from({ length: part.rows }, (_, row) => {
    const found = index.get(keyOf(part, row));
    if (found === undefined) throw new Error(`invalid part: row ${row} is not a row of the whole`);
    return found;
  });
}
