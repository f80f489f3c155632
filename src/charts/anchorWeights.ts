// One anchor's negatives as its objective weighs them: the snapshot's autograd weights and gradients beside the
// closed form of core/negativeWeights, on the same candidates. Shared by the weights and forces charts.

import { logSumExp } from '../core/linalg';
import { type ClosedFormWeights, closedFormWeights } from '../core/negativeWeights';
import type { BatchView, Snapshot } from '../protocol/snapshot';

/** One anchor's candidates (ascending column order) with both the autograd and the closed-form weights. */
export interface AnchorWeights {
  readonly anchor: number;
  /** the anchor's positive row, -1 for none */
  readonly positive: number;
  /** candidate rows j the loss uses (its kept negatives), ascending */
  readonly columns: readonly number[];
  /** candidate rows a negative strategy's selection leaves out this step (no weight), ascending */
  readonly dropped: readonly number[];
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
  const dropped: number[] = [];
  for (let j = 0; j < rows; j++) {
    if (batch.candidates[anchor * rows + j] !== 1) continue;
    (batch.kept[anchor * rows + j] === 1 ? columns : dropped).push(j);
  }
  if (positive < 0 || columns.length === 0) return null;
  const cell = (matrix: Float32Array, j: number) => matrix[anchor * rows + j] as number;
  const similarities = columns.map((j) => cell(batch.similarity, j));
  const mined = batch.minedNegative[anchor] ?? -1;
  const classShift = weightForm.kind === 'softmax' ? weightForm.classShift : undefined;
  const shiftOf = (row: number) => classShift?.[batch.labels[row] as number] ?? 0;
  const shifts = classShift ? columns.map(shiftOf) : undefined;
  const closed = closedFormWeights(weightForm, {
    positive: cell(batch.similarity, positive),
    similarities,
    mined: columns.indexOf(mined),
    shifts,
    positiveShift: classShift ? shiftOf(positive) : undefined,
    outsideLogit: outsideLogit(batch, anchor, weightForm, similarities, shifts),
  });
  return {
    anchor,
    positive,
    columns,
    dropped,
    similarities,
    weights: columns.map((j) => cell(batch.negativeWeights, j)),
    gradients: columns.map((j) => cell(batch.similarityGradient, j)),
    positiveGradient: cell(batch.similarityGradient, positive),
    mined,
    closed,
  };
}

/**
 * log of the summed exp-logits of the negatives beyond the shown rows, from the share of the weight the snapshot
 * gives them (W): they hold W of the softmax over the negatives, so their sum is W / (1 - W) times the listed
 * ones'. Undefined without extra columns, or when they hold (nearly) all of it (nothing listed to scale from).
 */
function outsideLogit(
  batch: BatchView,
  anchor: number,
  form: Snapshot['weightForm'],
  similarities: readonly number[],
  shifts: readonly number[] | undefined,
): number | undefined {
  const share = batch.extra?.weightShare[anchor] ?? 0;
  if (form.kind !== 'softmax' || !(share > 0) || !(share < 1)) return undefined;
  const logits = similarities.map((s, k) => s / form.tau + (shifts?.[k] ?? 0));
  return Math.log(share / (1 - share)) + logSumExp(logits);
}
