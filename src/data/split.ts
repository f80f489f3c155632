// Stratified, seeded subsets: the train / held-out split and the points drawn on the hypersphere.
// Randomness comes from forks of the 'data' stream ('data/split', 'data/display'), so the batch order
// and model initialisation never change which rows are held out.

import { createRng, type Rng } from '../core/rng';
import type { Dataset, DatasetSplit } from './types';

/** Most points the page draws on the hypersphere (keeps the chart and the snapshot read-back cheap). */
export const DISPLAY_MAX_POINTS = 2048;

/** Options of splitTrainTest. */
export interface SplitOptions {
  /** Fraction of each class held out, in [0, 1). */
  readonly testFraction: number;
  /** Integer seed; stream 'data', fork 'split'. */
  readonly seed: number;
}

/** Row indices of each class: classes arrays, each ascending. Throws on a label outside [0, classes). */
export function classBuckets(dataset: Dataset): Int32Array[] {
  const counts = new Int32Array(dataset.classes);
  for (let r = 0; r < dataset.rows; r++) {
    const label = dataset.labels[r] as number;
    if (!(label >= 0 && label < dataset.classes)) throw new Error(`invalid label: ${label} (row ${r})`);
    counts[label] = (counts[label] as number) + 1;
  }
  const buckets = Array.from(counts, (n) => new Int32Array(n));
  const fill = new Int32Array(dataset.classes);
  for (let r = 0; r < dataset.rows; r++) {
    const label = dataset.labels[r] as number;
    (buckets[label] as Int32Array)[fill[label] as number] = r;
    fill[label] = (fill[label] as number) + 1;
  }
  return buckets;
}

/** The rows `indices` of a data set as a new data set (copies; indices are used in the order given). */
export function subsetRows(dataset: Dataset, indices: Int32Array): Dataset {
  const { dim } = dataset;
  const features = new Float32Array(indices.length * dim);
  const labels = new Int32Array(indices.length);
  for (let i = 0; i < indices.length; i++) {
    const r = indices[i] as number;
    if (!(Number.isInteger(r) && r >= 0 && r < dataset.rows)) throw new Error(`invalid index: ${r}`);
    features.set(dataset.features.subarray(r * dim, (r + 1) * dim), i * dim);
    labels[i] = dataset.labels[r] as number;
  }
  // the rows' sentences follow their rows
  const pick = (texts: readonly string[]) => Array.from(indices, (r) => texts[r] as string);
  const { texts, tripletTexts } = dataset;
  return {
    ...dataset,
    features,
    labels,
    rows: indices.length,
    ...(texts ? { texts: pick(texts) } : {}),
    ...(tripletTexts
      ? {
          tripletTexts: {
            entailment: pick(tripletTexts.entailment),
            contradiction: pick(tripletTexts.contradiction),
          },
        }
      : {}),
  };
}

/** Picks quota[c] random rows of each class, returned ascending. */
function pickByQuota(buckets: readonly Int32Array[], quota: Int32Array, rng: Rng): Int32Array {
  const total = quota.reduce((a, b) => a + b, 0);
  const picked = new Int32Array(total);
  let at = 0;
  buckets.forEach((bucket, c) => {
    const chosen = rng.sample(bucket.length, quota[c] as number);
    for (const k of chosen) picked[at++] = bucket[k] as number;
  });
  return picked.sort();
}

/** Rows 0..rows-1 that are not in `taken` (ascending). */
function complement(rows: number, taken: Int32Array): Int32Array {
  const mark = new Uint8Array(rows);
  for (const r of taken) mark[r] = 1;
  const rest = new Int32Array(rows - taken.length);
  let at = 0;
  for (let r = 0; r < rows; r++) if (mark[r] === 0) rest[at++] = r;
  return rest;
}

/**
 * Stratified train / held-out split: each class holds out round(n_c * testFraction) rows, at least one when
 * testFraction > 0 and the class has two or more, and never all of them. Both parts keep the original row
 * order; they are disjoint and together cover every row.
 */
export function splitTrainTest(dataset: Dataset, options: SplitOptions): DatasetSplit {
  const { testFraction, seed } = options;
  if (!(Number.isFinite(testFraction) && testFraction >= 0 && testFraction < 1)) {
    throw new Error(`invalid testFraction: ${testFraction}`);
  }
  const rng = createRng(seed, 'data').fork('split');
  const buckets = classBuckets(dataset);
  const quota = Int32Array.from(buckets, (bucket) => {
    const n = bucket.length;
    if (testFraction === 0 || n < 2) return 0;
    return Math.min(n - 1, Math.max(1, Math.round(n * testFraction)));
  });
  const testRows = pickByQuota(buckets, quota, rng);
  const trainRows = complement(dataset.rows, testRows);
  return { train: subsetRows(dataset, trainRows), test: subsetRows(dataset, testRows) };
}

/**
 * Quotas summing to k (k <= total), proportional to class sizes: floor shares, then the largest
 * remainders (ties to the lower class) get one more each.
 */
function proportionalQuota(sizes: readonly number[], k: number): Int32Array {
  const total = sizes.reduce((a, b) => a + b, 0);
  const quota = Int32Array.from(sizes, (n) => (total > 0 ? Math.floor((k * n) / total) : 0));
  let left = k - quota.reduce((a, b) => a + b, 0);
  const order = sizes
    .map((n, c) => ({ c, rem: total > 0 ? (k * n) / total - (quota[c] as number) : 0 }))
    .sort((a, b) => b.rem - a.rem || a.c - b.c);
  for (const { c } of order) {
    if (left === 0) break;
    if ((quota[c] as number) < (sizes[c] as number)) {
      quota[c] = (quota[c] as number) + 1;
      left--;
    }
  }
  return quota;
}

/**
 * Up to min(maxPoints, DISPLAY_MAX_POINTS, rows) rows for the hypersphere, stratified by class (each class
 * in proportion to its size), ascending row order. Stream 'data', fork 'display'.
 */
export function pickDisplaySet(dataset: Dataset, maxPoints: number, seed: number): Dataset {
  if (!(Number.isInteger(maxPoints) && maxPoints >= 1)) throw new Error(`invalid maxPoints: ${maxPoints}`);
  const rng = createRng(seed, 'data').fork('display');
  const k = Math.min(maxPoints, DISPLAY_MAX_POINTS, dataset.rows);
  const buckets = classBuckets(dataset);
  const quota = proportionalQuota(
    buckets.map((b) => b.length),
    k,
  );
  return subsetRows(dataset, pickByQuota(buckets, quota, rng));
}
