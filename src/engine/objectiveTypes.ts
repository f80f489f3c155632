// What an objective is: the batch a step draws (BatchPlan), what the loss reads (ObjectiveContext), the loss
// itself and its batch as a snapshot shows it (BatchRows), plus the small index helpers the objectives share.
import * as tf from '@tensorflow/tfjs-core';
import type { TrainConfig } from '../protocol/config';
import type { KeyQueue } from './keyQueue';
import type { BatchMasks } from './lossParts';
import type { DropoutPlan } from './model';
import { type RepeatedViews, truncateRepeated } from './repeatedViews';
import type { TripletTables } from './runData';
import type { Embedder } from './towers';

/** Most rows a snapshot shows (256), so the page's similarity matrix stays readable and cheap. */
export const MAX_VIEW_ROWS = 256;

/**
 * One step's draw: anchor rows, the supervised positives, a candidate pool, ESimCSE's repeated second views and
 * the dropout seed.
 */
export interface BatchPlan {
  /** N row indices into the training set */
  readonly anchors: Int32Array;
  /**
   * N same-class rows (supervised and triplet), else null; with `triplets`, rows of the triplet tables (the
   * anchors' own: positive = the entailment, hard negative = the contradiction)
   */
  readonly positives: Int32Array | null;
  /** supervised SimCSE on the sentences' triplets (absent: false) */
  readonly triplets?: boolean;
  /** text with word repetition: each anchor's second view (absent or null: the anchor itself) */
  readonly repeated?: RepeatedViews | null;
  /** rows the supervised objective mines its hard negatives from (other classes only), else null */
  readonly pool: Int32Array | null;
  readonly dropout: DropoutPlan;
}

/** What an objective reads: the model, the data on the backend, cached masks and the live config. */
export interface ObjectiveContext {
  readonly model: Embedder;
  /** training rows x inputDim, on the backend */
  readonly trainX: tf.Tensor2D;
  /** text mode: each training row's unpadded length, so a batch is cut to its longest sentence */
  readonly trainLengths?: Int32Array | null;
  /** text mode with the generated sentences: each training row's triplet, else null or absent */
  readonly triplets?: TripletTables | null;
  /** training rows, int32 labels, on the backend */
  readonly trainLabels: tf.Tensor1D;
  /** training labels in memory, for the shown rows' labels */
  readonly labels: Int32Array;
  readonly masks: (pairs: number) => BatchMasks;
  readonly config: TrainConfig;
  /** InfoNCE's queue of momentum keys, while the config asks for one, else null */
  readonly queue: KeyQueue | null;
  /** InfoNCE's logQ correction: -log p of each class (K), while the config asks for one, else null */
  readonly classLogQ: Float32Array | null;
}

/**
 * Candidates an anchor compares beyond the shown rows (a queue's keys, the whole training set, MoCHi's
 * synthetic negatives): constants for the snapshot, whose cosines with each anchor are E more columns.
 */
export interface ExtraColumns {
  /** A x E cosines of the anchors (rows of `unit` at anchorRows) with the extra columns */
  similarity(unit: tf.Tensor2D): tf.Tensor2D;
  /** A x E, 1 where the column is one of the anchor's negatives that the loss uses */
  readonly kept: tf.Tensor2D;
  /** E: what each column is (codes of EXTRA_KIND_CODES), the same for every anchor */
  readonly kinds: Int8Array;
  /** A x E, 1 where the column is one of the anchor's candidate negatives, used or not */
  readonly candidates: tf.Tensor2D;
  /** E: each column's class (-1 for a synthetic one, which has none), for the false-negative measures */
  readonly labels: Int32Array;
  /** A x E, 1 where the positive-aware filter dropped the column; null without the filter */
  readonly filtered: tf.Tensor2D | null;
}

/**
 * The rows a snapshot shows and the objective's loss in two forms: of the rows (the training loss itself) and
 * per anchor of their cosines (its similarity form), from which the snapshot takes each negative's true weight.
 * An anchor is a row with a loss of its own; it is compared with `columns`, in the loss's own column order.
 */
export interface BatchRows {
  /** R x dim, raw embeddings, `[a, a', b, b', ...]` first: row i's positive is positives[i] (-1 for none) */
  readonly rows: tf.Tensor2D;
  readonly positives: Int32Array;
  /** R, int32 (on the backend: mined rows' labels are known only there) */
  readonly labels: tf.Tensor1D;
  /** A rows that have a loss of their own, in the loss's row order */
  readonly anchorRows: Int32Array;
  /** C rows an anchor is compared with, in the loss's column order */
  readonly columns: Int32Array;
  /** A x C, 1 where the column is one of the anchor's negatives (its candidates), else 0 */
  readonly candidates: tf.Tensor2D;
  /** A, int32: the column (index into `columns`) of each anchor's mined negative, or null for none */
  readonly mined: tf.Tensor1D | null;
  /** A x C, 1 where the loss uses the candidate (a negative strategy's selection); null when it uses all */
  readonly kept: tf.Tensor2D | null;
  /** columns beyond the shown rows, or null (every objective but InfoNCE with a negative strategy) */
  readonly extra: ExtraColumns | null;
  /** A x C, 1 where the positive-aware filter dropped the candidate; absent or null without the filter */
  readonly filtered?: tf.Tensor2D | null;
  /** the objective's mean loss over the A anchors as a function of the shown rows (the training loss code) */
  lossOfRows(rows: tf.Tensor2D): tf.Scalar;
  /**
   * the A anchors' losses as a function of their A x C block of cosines (the same loss, written on s) and, with
   * `extra`, of their A x E cosines with the extra columns
   */
  lossesOfBlock(block: tf.Tensor2D, extra?: tf.Tensor2D): tf.Tensor1D;
}

/** A training objective: its loss on a batch plan, and the batch as a snapshot shows it. */
export interface Objective {
  /** tensors chosen without gradient (mined negatives), computed before the loss; caller disposes */
  prepare(context: ObjectiveContext, plan: BatchPlan): tf.Tensor[];
  /** mean loss of the plan's batch; called inside tf.variableGrads */
  loss(context: ObjectiveContext, plan: BatchPlan, prepared: tf.Tensor[]): tf.Scalar;
}

/** An objective that can also show its batch (every objective the lab trains). */
export type ViewedObjective = Objective & {
  view(context: ObjectiveContext, plan: BatchPlan): BatchRows;
};

/** The first `pairs` anchors of a plan (a snapshot shows at most MAX_VIEW_ROWS rows). */
export function truncatePlan(plan: BatchPlan, pairs: number): BatchPlan {
  if (plan.anchors.length <= pairs) return plan;
  return {
    ...plan,
    anchors: plan.anchors.subarray(0, pairs),
    positives: plan.positives?.subarray(0, pairs) ?? null,
    repeated: plan.repeated ? truncateRepeated(plan.repeated, pairs) : null,
  };
}

/** The training rows at `indices`, on the backend (a plain gather: inputs carry no gradient). */
export function rowsOf(
  context: Pick<ObjectiveContext, 'trainX' | 'trainLengths'>,
  indices: Int32Array,
  width?: number,
): tf.Tensor2D {
  return tableRows(context.trainX, context.trainLengths ?? null, indices, width);
}

/**
 * Rows `indices` of a table of inputs. Text (with `lengths`): cut to the rows' longest sentence, or to `width`
 * when given (a batch whose other view is longer): every position past it is [PAD] in every row, and padding
 * changes no embedding (textEncoder.ts), so the cut changes nothing but the cost (attention is quadratic in it).
 */
export function tableRows(
  table: tf.Tensor2D,
  lengths: Int32Array | null,
  indices: Int32Array,
  width?: number,
): tf.Tensor2D {
  const rows = tf.gather(table, tf.tensor1d(indices, 'int32')) as tf.Tensor2D;
  if (!lengths || indices.length === 0) return rows;
  const cut = Math.min(rows.shape[1], width ?? longestOf(lengths, indices));
  return cut < rows.shape[1] ? tf.slice(rows, [0, 0], [rows.shape[0], cut]) : rows;
}

/** The longest of the rows' unpadded lengths (at least 1); 1 without lengths. */
export function longestOf(lengths: Int32Array | null, indices: Int32Array): number {
  let longest = 1;
  if (lengths) for (const i of indices) longest = Math.max(longest, lengths[i] as number);
  return longest;
}

/** Each row twice: `[a, a', b, b', ...]` labels of N anchors, on the backend. */
export const pairedLabels = (labels: Int32Array, anchors: Int32Array) =>
  tf.tensor1d(
    Int32Array.from({ length: 2 * anchors.length }, (_, i) => labels[anchors[i >> 1] as number] as number),
    'int32',
  );

/** 0, 1, ..., count - 1, or with a step: first, first + step, ... */
export const indexRange = (count: number, first = 0, step = 1) =>
  Int32Array.from({ length: count }, (_, k) => first + k * step);

/** Every column but the anchor's own positive (column i of anchor i): N x C ones with the N x N part's diagonal 0. */
export const allButOwnColumn = (pairs: number, columns: number) =>
  tf.sub(
    tf.ones([pairs, columns]),
    tf.pad(tf.eye(pairs), [
      [0, 0],
      [0, columns - pairs],
    ]),
  ) as tf.Tensor2D;
