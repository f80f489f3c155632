// One anchor's false negatives (candidates with its own label: the snapshot's mask, the labels as an oracle) and
// the part of its push they take, for the weights chart's marks and caption. Pure. With the labels hidden the
// snapshot has no mask and nothing here counts any: the lab then knows as little as on unlabelled data.

import type { BatchView } from '../../protocol/snapshot';

/** What one anchor's false negatives are and weigh. */
export interface AnchorFalseNegatives {
  /** the anchor's candidates in the batch (its negatives, kept or not) */
  readonly candidates: number;
  /** of those, the ones with its label */
  readonly inBatch: number;
  /** of those, the ones the loss leaves out this step (eliminated, attracted, filtered or not selected) */
  readonly leftOut: number;
  /** extra columns the snapshot carries for the anchor (its heaviest queue keys, corpus rows, MoCHi points) */
  readonly extraShown: number;
  /** of those, the ones with its label */
  readonly extra: number;
  /** summed weight r on its false negatives (batch and carried extra columns): their share of its push */
  readonly weight: number;
}

/** Whether batch column `column` is a false negative of `anchor` (false with the labels hidden). */
export function isFalseNegative(batch: BatchView, anchor: number, column: number): boolean {
  return batch.falseNegatives?.[anchor * batch.rows + column] === 1;
}

/**
 * The anchor's false negatives among its batch candidates and the extra columns the snapshot carries for it, and
 * the weight they hold; null with the labels hidden or outside the batch.
 */
export function anchorFalseNegatives(batch: BatchView, anchor: number): AnchorFalseNegatives | null {
  const mask = batch.falseNegatives;
  const { rows } = batch;
  if (!mask || !(anchor >= 0 && anchor < rows)) return null;
  let candidates = 0;
  let inBatch = 0;
  let leftOut = 0;
  let weight = 0;
  for (let j = 0; j < rows; j++) {
    const k = anchor * rows + j;
    if (batch.candidates[k] !== 1) continue;
    candidates++;
    if (mask[k] !== 1) continue;
    inBatch++;
    if (batch.kept[k] !== 1) leftOut++;
    weight += batch.negativeWeights[k] as number;
  }
  const extra = batch.extra;
  let extraFalse = 0;
  if (extra?.falseNegative) {
    for (let t = 0; t < extra.shown; t++) {
      const k = anchor * extra.shown + t;
      if (extra.falseNegative[k] !== 1) continue;
      extraFalse++;
      weight += extra.weights[k] as number;
    }
  }
  return { candidates, inBatch, leftOut, extraShown: extra?.shown ?? 0, extra: extraFalse, weight };
}
