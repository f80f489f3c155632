// Batch sampling for the trainer: epoch-style shuffled row indices (stream 'batch'), and same-class
// positives for the supervised objective (stream 'batch/positives').
//
// The batch size N (pairs; the encoder sees 2N rows) is a live setting, so every call may ask for a
// different N. Within one batch the indices are distinct; across calls each epoch visits every row once.

import { createRng } from '../core/rng';
import { classBuckets } from './split';
import type { Dataset } from './types';

/** Draws batches of distinct row indices from one data set; holds its own state. */
export interface BatchSampler {
  /**
   * N distinct row indices in [0, rows). If N > rows the batch is clamped to rows indices (check
   * `result.length < n`, or `lastClamped`) rather than throwing, since N is a live slider.
   */
  next(n: number): Int32Array;
  /** For each anchor row, a random OTHER row of the same class (the anchor itself if its class has one row). */
  positives(anchors: Int32Array): Int32Array;
  /** Whether the last `next` call was clamped to the number of rows. */
  readonly lastClamped: boolean;
  /** Completed passes over the data (0 during the first). */
  readonly epoch: number;
  /** Rows of the data set sampled from. */
  readonly rows: number;
}

/** Creates a sampler over `dataset` (seeded; stream 'batch'). Throws on an empty data set. */
export function createBatchSampler(dataset: Dataset, seed: number): BatchSampler {
  const { rows } = dataset;
  if (!(Number.isInteger(rows) && rows >= 1)) throw new Error(`invalid rows: ${rows}`);
  const rng = createRng(seed, 'batch');
  const positiveRng = rng.fork('positives');

  const order = new Int32Array(rows); // the current epoch's permutation
  for (let i = 0; i < rows; i++) order[i] = i;
  rng.shuffle(order);
  let cursor = 0; // next unread position in `order`
  let epoch = 0;
  let lastClamped = false;
  const inBatch = new Uint8Array(rows); // scratch marks, all zero between calls

  // Class buckets and each row's position in its bucket, for O(1) "another row of my class".
  const buckets = classBuckets(dataset);
  const slot = new Int32Array(rows);
  for (const bucket of buckets) {
    for (let i = 0; i < bucket.length; i++) slot[bucket[i] as number] = i;
  }

  const next = (n: number): Int32Array => {
    if (!(Number.isInteger(n) && n >= 1)) throw new Error(`invalid n: ${n}`);
    lastClamped = n > rows;
    const size = Math.min(n, rows);
    const batch = new Int32Array(size);
    const fromTail = Math.min(size, rows - cursor);
    batch.set(order.subarray(cursor, cursor + fromTail));
    cursor += fromTail;
    if (fromTail === size) return batch;

    // The epoch ran out mid-batch: reshuffle, then fill the rest from the new epoch's front, skipping rows
    // already in this batch. Skipped rows are swapped further back, so the new epoch still visits each row once.
    for (let i = 0; i < fromTail; i++) inBatch[batch[i] as number] = 1;
    rng.shuffle(order);
    epoch++;
    cursor = 0;
    let filled = fromTail;
    for (let j = 0; filled < size; j++) {
      const r = order[j] as number;
      if (inBatch[r] === 1) continue;
      order[j] = order[cursor] as number;
      order[cursor] = r;
      cursor++;
      batch[filled++] = r;
    }
    for (let i = 0; i < fromTail; i++) inBatch[batch[i] as number] = 0;
    return batch;
  };

  const positives = (anchors: Int32Array): Int32Array => {
    const out = new Int32Array(anchors.length);
    for (let i = 0; i < anchors.length; i++) {
      const a = anchors[i] as number;
      if (!(Number.isInteger(a) && a >= 0 && a < rows)) throw new Error(`invalid anchor: ${a}`);
      const bucket = buckets[dataset.labels[a] as number] as Int32Array;
      if (bucket.length < 2) {
        out[i] = a;
        continue;
      }
      // Uniform over the bucket minus the anchor: draw from size-1 slots and step over the anchor's own.
      const k = positiveRng.int(bucket.length - 1);
      out[i] = bucket[k >= (slot[a] as number) ? k + 1 : k] as number;
    }
    return out;
  };

  return {
    next,
    positives,
    get lastClamped() {
      return lastClamped;
    },
    get epoch() {
      return epoch;
    },
    rows,
  };
}
