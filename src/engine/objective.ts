import * as tf from '@tensorflow/tfjs-core';
import { uniformArray } from '../core/rng';
import type { LossId, TrainConfig } from '../protocol/config';
import {
  crossViewLoss,
  dclHclLoss,
  infoNceFromSimilarity,
  infoNceLoss,
  supervisedLoss,
  tripletLoss,
} from './losses';
import { type BatchMasks, cosineMatrix, normalizeRows, partnerIndex } from './lossParts';
import type { DropoutPlan, Encoder } from './model';

/** Most pairs a snapshot shows (256 rows), so the page's similarity matrix stays readable and cheap. */
export const MAX_VIEW_PAIRS = 128;

/** One step's draw: anchor rows, the supervised positives, a candidate pool and the dropout seed. */
export interface BatchPlan {
  /** N row indices into the training set */
  readonly anchors: Int32Array;
  /** N same-class rows (supervised and triplet), else null */
  readonly positives: Int32Array | null;
  /** rows the supervised objective mines its hard negatives from (other classes only), else null */
  readonly pool: Int32Array | null;
  readonly dropout: DropoutPlan;
}

/** What an objective reads: the model, the data on the backend, cached masks and the live config. */
export interface ObjectiveContext {
  readonly model: Encoder;
  /** training rows x inputDim, on the backend */
  readonly trainX: tf.Tensor2D;
  /** training rows, int32 labels, on the backend */
  readonly trainLabels: tf.Tensor1D;
  /** training labels in memory, for the shown rows' labels */
  readonly labels: Int32Array;
  readonly masks: (pairs: number) => BatchMasks;
  readonly config: TrainConfig;
}

/** The rows a snapshot shows, with the loss as a function of them (for autograd gradients). */
export interface BatchRows {
  /** rows x dim, raw embeddings, `[a, a', b, b', ...]`-style: row i's positive is positives[i] */
  readonly rows: tf.Tensor2D;
  readonly positives: Int32Array;
  readonly labels: Int32Array;
  /** the objective's mean loss as a function of the shown rows (the rest of the batch held fixed) */
  lossOfRows(rows: tf.Tensor2D): tf.Scalar;
  /** the loss as a function of the shown rows' cosine matrix, where the objective is one; else null */
  readonly lossOfSimilarity: ((similarity: tf.Tensor2D) => tf.Scalar) | null;
}

/** A training objective: its loss on a batch plan, and the batch as a snapshot shows it. */
export interface Objective {
  /** tensors chosen without gradient (mined negatives), computed before the loss; caller disposes */
  prepare(context: ObjectiveContext, plan: BatchPlan): tf.Tensor[];
  /** mean loss of the plan's batch; called inside tf.variableGrads */
  loss(context: ObjectiveContext, plan: BatchPlan, prepared: tf.Tensor[]): tf.Scalar;
}

/** The first `pairs` anchors of a plan (a snapshot shows at most MAX_VIEW_PAIRS). */
export function truncatePlan(plan: BatchPlan, pairs: number): BatchPlan {
  if (plan.anchors.length <= pairs) return plan;
  return {
    ...plan,
    anchors: plan.anchors.subarray(0, pairs),
    positives: plan.positives?.subarray(0, pairs) ?? null,
  };
}

const rowsOf = (context: ObjectiveContext, indices: Int32Array) =>
  tf.gather(context.trainX, tf.tensor1d(indices, 'int32')) as tf.Tensor2D;

/**
 * Rows of a differentiable matrix by index, as a one-hot matMul: tf.gather's gradient needs
 * UnsortedSegmentSum, which the wasm backend lacks. rows: m x d; indices: k (int32); returns k x d.
 */
const pickRows = (rows: tf.Tensor2D, indices: tf.Tensor1D): tf.Tensor2D =>
  tf.matMul(tf.oneHot(indices, rows.shape[0], 1, 0, 'float32') as tf.Tensor2D, rows);

/** Each row twice: `[a, a', b, b', ...]` labels of N anchors. */
const pairedLabels = (labels: Int32Array, anchors: Int32Array) =>
  Int32Array.from({ length: 2 * anchors.length }, (_, i) => labels[anchors[i >> 1] as number] as number);

/** Interleaves two N x d blocks into 2N x d rows a_0, b_0, a_1, b_1, ... */
const interleave = (a: tf.Tensor2D, b: tf.Tensor2D) =>
  tf.reshape(tf.stack([a, b], 1), [2 * a.shape[0], a.shape[1]]) as tf.Tensor2D;

/** Splits interleaved 2N x d rows back into the even and odd blocks. */
const deinterleave = (rows: tf.Tensor2D): [tf.Tensor2D, tf.Tensor2D] => {
  const [n2, d] = rows.shape;
  const pairs = tf.reshape(rows, [n2 / 2, 2, d]);
  const [even, odd] = tf.unstack(pairs, 1) as [tf.Tensor2D, tf.Tensor2D];
  return [even, odd];
};

/** Unsupervised objectives: each input embedded twice with independent dropout masks, `[a, a', b, b']`. */
function unsupervised(
  lossOf: (rows: tf.Tensor2D, context: ObjectiveContext, masks: BatchMasks) => tf.Scalar,
) {
  const objective: Objective & { view: ViewFn } = {
    prepare: () => [],
    loss: (context, plan) =>
      lossOf(
        context.model.embedTwoViews(rowsOf(context, plan.anchors), plan.dropout),
        context,
        context.masks(plan.anchors.length),
      ),
    view: (context, plan) => {
      const masks = context.masks(plan.anchors.length);
      return {
        rows: context.model.embedTwoViews(rowsOf(context, plan.anchors), plan.dropout),
        positives: partnerIndex(2 * plan.anchors.length),
        labels: pairedLabels(context.labels, plan.anchors),
        lossOfRows: (rows) => lossOf(rows, context, masks),
        lossOfSimilarity:
          lossOf === infoNce
            ? (similarity) =>
                tf.mean(infoNceFromSimilarity(similarity, context.config.tau, masks)) as tf.Scalar
            : null,
      };
    },
  };
  return objective;
}

const infoNce = (rows: tf.Tensor2D, context: ObjectiveContext, masks: BatchMasks) =>
  infoNceLoss(rows, context.config.tau, masks);

/** Embeds anchors and positives with independent masks (seeds apart), one view each. */
function anchorAndPositive(context: ObjectiveContext, plan: BatchPlan): [tf.Tensor2D, tf.Tensor2D] {
  const positives = plan.positives;
  if (!positives) throw new Error('invalid plan: the objective needs positives');
  const { model } = context;
  return [
    model.embedOneView(rowsOf(context, plan.anchors), plan.dropout),
    model.embedOneView(rowsOf(context, positives), { ...plan.dropout, seed: plan.dropout.seed + 1 }),
  ];
}

/** The mined hard negatives (row indices in `prepared[0]`) embedded with their own dropout masks. */
function hardNegativeRows(context: ObjectiveContext, plan: BatchPlan, prepared: tf.Tensor[]): tf.Tensor2D {
  const rows = tf.gather(context.trainX, prepared[0] as tf.Tensor1D) as tf.Tensor2D;
  return context.model.embedOneView(rows, { ...plan.dropout, seed: plan.dropout.seed + 2 });
}

/**
 * Supervised SimCSE: positive = another sample of the anchor's class; hard negative = the pool's most similar
 * sample of another class (mined with the current model, no dropout, no gradient); weight via the log-weight.
 */
const supervised: Objective & { view: ViewFn } = {
  prepare(context, plan) {
    const pool = plan.pool;
    if (!pool) throw new Error('invalid plan: supervised needs a pool');
    const poolIndex = tf.tensor1d(pool, 'int32');
    const anchors = context.model.embed(rowsOf(context, plan.anchors));
    const candidates = context.model.embed(rowsOf(context, pool));
    const sameClass = tf.equal(
      tf.expandDims(tf.gather(context.trainLabels, tf.tensor1d(plan.anchors, 'int32')), 1),
      tf.expandDims(tf.gather(context.trainLabels, poolIndex), 0),
    );
    const scores = tf.where(sameClass, tf.fill(sameClass.shape, -2), cosineMatrix(anchors, candidates));
    return [tf.gather(poolIndex, tf.argMax(scores, 1))];
  },
  loss(context, plan, prepared) {
    const [z1, z2] = anchorAndPositive(context, plan);
    const z3 = hardNegativeRows(context, plan, prepared);
    const { tau, hardNegativeWeight } = context.config;
    return supervisedLoss(z1, z2, z3, tau, hardNegativeWeight, context.masks(plan.anchors.length));
  },
  view(context, plan) {
    const prepared = this.prepare(context, plan);
    const [z1, z2] = anchorAndPositive(context, plan);
    const z3 = hardNegativeRows(context, plan, prepared);
    const { tau, hardNegativeWeight } = context.config;
    const masks = context.masks(plan.anchors.length);
    return {
      rows: interleave(z1, z2),
      positives: partnerIndex(2 * plan.anchors.length),
      labels: pairedLabels(context.labels, plan.anchors),
      lossOfRows: (rows) => {
        const [a, p] = deinterleave(rows);
        return supervisedLoss(a, p, z3, tau, hardNegativeWeight, masks);
      },
      lossOfSimilarity: null,
    };
  },
};

/**
 * Cosine triplet loss [cos(a,n) - cos(a,p) + m]_+ with in-batch negatives: candidates are the batch's anchors
 * and positives of other classes; mining (random, hardest, semi-hard) uses the current model without dropout.
 */
const triplet: Objective & { view: ViewFn } = {
  prepare(context, plan) {
    const positives = plan.positives;
    if (!positives) throw new Error('invalid plan: triplet needs positives');
    const { model, config } = context;
    const anchors = model.embed(rowsOf(context, plan.anchors));
    const positiveRows = model.embed(rowsOf(context, positives));
    const candidates = tf.concat([anchors, positiveRows], 0);
    const anchorLabels = tf.gather(context.trainLabels, tf.tensor1d(plan.anchors, 'int32'));
    const candidateLabels = tf.concat([
      anchorLabels,
      tf.gather(context.trainLabels, tf.tensor1d(positives, 'int32')),
    ]);
    const sameClass = tf.equal(tf.expandDims(anchorLabels, 1), tf.expandDims(candidateLabels, 0));
    const cos = cosineMatrix(anchors, candidates);
    const excluded = tf.fill(cos.shape, -3);
    let scores: tf.Tensor2D;
    if (config.mining === 'random') {
      const [rows, columns] = cos.shape;
      scores = tf.tensor2d(uniformArray(plan.dropout.seed, 'mining', rows * columns), [rows, columns]);
    } else if (config.mining === 'hardest') {
      scores = cos;
    } else {
      // FaceNet's semi-hard negatives: farther than the positive but inside the margin; the hardest of them,
      // else the hardest negative overall (ranked below every semi-hard one).
      const positiveCos = tf.expandDims(
        tf.sum(tf.mul(normalizeRows(anchors), normalizeRows(positiveRows)), 1),
        1,
      );
      const semiHard = tf.logicalAnd(
        tf.less(cos, positiveCos),
        tf.greater(cos, tf.sub(positiveCos, config.margin)),
      );
      scores = tf.where(semiHard, cos, tf.sub(cos, 4));
    }
    return [tf.argMax(tf.where(sameClass, excluded, scores), 1)];
  },
  loss(context, plan, prepared) {
    const [a, p] = anchorAndPositive(context, plan);
    return tripletLoss(
      a,
      p,
      pickRows(tf.concat([a, p], 0) as tf.Tensor2D, prepared[0] as tf.Tensor1D),
      'cosine',
      context.config.margin,
    );
  },
  view(context, plan) {
    const prepared = this.prepare(context, plan);
    const [a, p] = anchorAndPositive(context, plan);
    const negatives = prepared[0] as tf.Tensor1D;
    const { margin } = context.config;
    return {
      rows: interleave(a, p),
      positives: partnerIndex(2 * plan.anchors.length),
      labels: pairedLabels(context.labels, plan.anchors),
      lossOfRows: (rows) => {
        const [ra, rp] = deinterleave(rows);
        return tripletLoss(
          ra,
          rp,
          pickRows(tf.concat([ra, rp], 0) as tf.Tensor2D, negatives),
          'cosine',
          margin,
        );
      },
      lossOfSimilarity: null,
    };
  },
};

type ViewFn = (context: ObjectiveContext, plan: BatchPlan) => BatchRows;

const OBJECTIVES: Record<LossId, Objective & { view: ViewFn }> = {
  infonce: unsupervised(infoNce),
  'infonce-nxn': unsupervised((rows, context, masks) => crossViewLoss(rows, context.config.tau, masks)),
  dcl: unsupervised((rows, context, masks) =>
    dclHclLoss(rows, { t: context.config.tau, tauPlus: context.config.tauPlus, beta: 0 }, masks),
  ),
  hcl: unsupervised((rows, context, masks) =>
    dclHclLoss(
      rows,
      { t: context.config.tau, tauPlus: context.config.tauPlus, beta: context.config.beta },
      masks,
    ),
  ),
  supervised,
  triplet,
};

/** The objective of a loss id. */
export function objectiveFor(loss: LossId): Objective & { view: ViewFn } {
  return OBJECTIVES[loss];
}
