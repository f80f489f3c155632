// One anchor's negatives as its objective weighs them: the snapshot's autograd weights and gradients beside the
// closed form of core/negativeWeights, on the same candidates. Shared by the weights and forces charts.

import { type ClosedFormWeights, closedFormWeights } from '../core/negativeWeights';
import type { BatchView, Snapshot } from '../protocol/snapshot';

/** One anchor's candidates (ascending column order) with both the autograd and the closed-form weights. */
export interface AnchorWeights {
  readonly anchor: number;
  /** the anchor's positive row, -1 for none */
  readonly positive: number;
  /** candidate rows j, ascending */
  readonly columns: readonly number[];
  /** s_ij per candidate */
  readonly similarities: readonly number[];
  /** the snapshot's r_ij per candidate (autograd) */
  readonly weights: readonly number[];
  /** the snapshot's dl_i/ds_ij per candidate (autograd) */
  readonly gradients: readonly number[];
  /** the snapshot's dl_i/ds_i,pos (autograd), NaN without a positive */
  readonly positiveGradient: number;
  /** the mined candidate's row (supervised hard negative, triplet pick), -1 for none */
  readonly mined: number;
  /** the same anchor in closed form, float64 */
  readonly closed: ClosedFormWeights;
}

/** Whether a row has a loss of its own under the snapshot's objective. */
export function isAnchor(batch: BatchView, row: number): boolean {
  return Number.isFinite(batch.anchorLoss[row] ?? Number.NaN);
}

/** The anchor row nearest to `row` (itself if it is one; ties to the lower row), -1 if the batch has none. */
export function nearestAnchor(batch: BatchView, row: number): number {
  for (let offset = 0; offset < batch.rows; offset++) {
    if (row - offset >= 0 && row - offset < batch.rows && isAnchor(batch, row - offset)) return row - offset;
    if (row + offset < batch.rows && row + offset >= 0 && isAnchor(batch, row + offset)) return row + offset;
  }
  return -1;
}

/** The anchor's weights, or null when the row is not an anchor (or has neither a positive nor candidates). */
export function anchorWeightsOf(snapshot: Snapshot, anchor: number): AnchorWeights | null {
  const { batch, weightForm } = snapshot;
  const { rows } = batch;
  if (!(anchor >= 0 && anchor < rows) || !isAnchor(batch, anchor)) return null;
  const positive = batch.positives[anchor] ?? -1;
  const columns: number[] = [];
  for (let j = 0; j < rows; j++) if (batch.candidates[anchor * rows + j] === 1) columns.push(j);
  if (positive < 0 || columns.length === 0) return null;
  const cell = (matrix: Float32Array, j: number) => matrix[anchor * rows + j] as number;
  const similarities = columns.map((j) => cell(batch.similarity, j));
  const mined = batch.minedNegative[anchor] ?? -1;
  const closed = closedFormWeights(weightForm, {
    positive: cell(batch.similarity, positive),
    similarities,
    mined: columns.indexOf(mined),
  });
  return {
    anchor,
    positive,
    columns,
    similarities,
    weights: columns.map((j) => cell(batch.negativeWeights, j)),
    gradients: columns.map((j) => cell(batch.similarityGradient, j)),
    positiveGradient: cell(batch.similarityGradient, positive),
    mined,
    closed,
  };
}
