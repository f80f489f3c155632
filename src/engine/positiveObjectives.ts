// The objectives with a real positive, embedded once per row: supervised SimCSE (a positive and a hard negative
// per anchor) and the triplet loss (a positive and a mined in-batch negative). The two-view objectives, whose
// positive is the anchor's other view, are in objective.ts.
import * as tf from '@tensorflow/tfjs-core';
import { uniformArray } from '../core/rng';
import { supervisedFromSimilarity, supervisedLoss, tripletLoss } from './losses';
import { cosineMatrix, normalizeRows, oneHotFloat, partnerIndex } from './lossParts';
import {
  allButOwnColumn,
  type BatchPlan,
  indexRange,
  type ObjectiveContext,
  pairedLabels,
  rowsOf,
  tableRows,
  type ViewedObjective,
} from './objectiveTypes';

/**
 * Rows of a differentiable matrix by index, as a one-hot matMul: tf.gather's gradient needs
 * UnsortedSegmentSum, which the wasm backend lacks. rows: m x d; indices: k (int32); returns k x d.
 */
const pickRows = (rows: tf.Tensor2D, indices: tf.Tensor1D): tf.Tensor2D =>
  tf.matMul(oneHotFloat(indices, rows.shape[0]), rows);

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

/** Embeds anchors and positives with independent masks (seeds apart), one view each. */
function anchorAndPositive(context: ObjectiveContext, plan: BatchPlan): [tf.Tensor2D, tf.Tensor2D] {
  const positives = plan.positives;
  if (!positives) throw new Error('invalid plan: the objective needs positives');
  const { model } = context;
  return [
    model.embedOneView(rowsOf(context, plan.anchors), plan.dropout),
    model.embedOneView(
      positiveRows(context, plan, positives),
      { ...plan.dropout, seed: plan.dropout.seed + 1 },
      1,
    ),
  ];
}

/** The triplet tables of a plan that reads them (supervised SimCSE on the sentences). */
function tripletsOf(context: ObjectiveContext) {
  if (!context.triplets) throw new Error('invalid plan: triplets without triplet rows');
  return context.triplets;
}

/** The positives' inputs: training rows, or with triplets the rows' entailments. */
function positiveRows(context: ObjectiveContext, plan: BatchPlan, positives: Int32Array): tf.Tensor2D {
  if (!plan.triplets) return rowsOf(context, positives);
  const { entailment, entailmentLengths } = tripletsOf(context);
  return tableRows(entailment, entailmentLengths, positives);
}

/**
 * The hard negatives embedded with their own dropout masks: the mined training rows (indices in `prepared[0]`),
 * or with triplets the anchors' contradictions.
 */
function hardNegativeRows(context: ObjectiveContext, plan: BatchPlan, prepared: tf.Tensor[]): tf.Tensor2D {
  const dropout = { ...plan.dropout, seed: plan.dropout.seed + 2 };
  if (plan.triplets) {
    const { contradiction, contradictionLengths } = tripletsOf(context);
    return context.model.embedOneView(tableRows(contradiction, contradictionLengths, plan.anchors), dropout);
  }
  const rows = tf.gather(context.trainX, prepared[0] as tf.Tensor1D) as tf.Tensor2D;
  return context.model.embedOneView(rows, dropout);
}

/** The hard negatives' labels: the mined rows', or the contradictions' own meaning groups. */
const hardNegativeLabels = (context: ObjectiveContext, plan: BatchPlan, prepared: tf.Tensor[]) =>
  tf.gather(
    plan.triplets ? tripletsOf(context).contradictionLabels : context.trainLabels,
    prepared[0] as tf.Tensor1D,
  );

/**
 * Supervised SimCSE: positive = another sample of the anchor's class; hard negative = the pool's most similar
 * sample of another class (mined with the current model, no dropout, no gradient); weight via the log-weight.
 * On the sentences (`plan.triplets`), as Gao et al. train on NLI: positive = the anchor's entailment, hard
 * negative = its contradiction (prepared[0] is then the anchors' rows of the triplet tables).
 */
export const supervised: ViewedObjective = {
  prepare(context, plan) {
    if (plan.triplets) return [tf.tensor1d(plan.anchors, 'int32')];
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
  // Shown as [z1_0, z2_0, z1_1, z2_1, ..., z3_0, ..., z3_N-1]: anchors the even rows of the pairs, compared with
  // every positive z2_j and every hard negative z3_j, the anchor's own z3_i being its mined one.
  view(context, plan) {
    const prepared = this.prepare(context, plan);
    const [z1, z2] = anchorAndPositive(context, plan);
    const z3 = hardNegativeRows(context, plan, prepared);
    const { tau, hardNegativeWeight } = context.config;
    const masks = context.masks(plan.anchors.length);
    const n = masks.pairs;
    return {
      rows: tf.concat([interleave(z1, z2), z3], 0) as tf.Tensor2D,
      positives: Int32Array.from({ length: 3 * n }, (_, i) => (i < 2 * n ? i ^ 1 : -1)),
      labels: tf.concat([
        pairedLabels(context.labels, plan.anchors),
        hardNegativeLabels(context, plan, prepared),
      ]) as tf.Tensor1D,
      anchorRows: indexRange(n, 0, 2),
      columns: Int32Array.from([...indexRange(n, 1, 2), ...indexRange(n, 2 * n)]),
      candidates: allButOwnColumn(n, 2 * n),
      mined: tf.tensor1d(indexRange(n, n), 'int32'),
      kept: null,
      extra: null,
      lossOfRows: (rows) => {
        const [a, p] = deinterleave(tf.slice(rows, [0, 0], [2 * n, -1]));
        return supervisedLoss(a, p, tf.slice(rows, [2 * n, 0], [n, -1]), tau, hardNegativeWeight, masks);
      },
      lossesOfBlock: (block) => supervisedFromSimilarity(block, tau, hardNegativeWeight, masks),
    };
  },
};

/**
 * Cosine triplet loss [cos(a,n) - cos(a,p) + m]_+ with in-batch negatives: candidates are the batch's anchors
 * and positives of other classes; mining (random, hardest, semi-hard) uses the current model without dropout.
 * On the sentences it keeps mining (and a same-group positive) rather than take the triplets' contradiction:
 * this objective is the lab's lesson on mining rules, which a fixed negative would turn off (`mining` would do
 * nothing); supervised SimCSE is the one that trains on the triplets.
 */
export const triplet: ViewedObjective = {
  prepare: (context, plan) => [tripletMining(context, plan).mined],
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
  // Shown as [a_0, p_0, a_1, p_1, ...]; the columns in the mining's order [a_0..a_N-1, p_0..p_N-1], so that the
  // mined index is a column index; candidates are the columns of another class (the pool it mines from).
  view(context, plan) {
    const { mined, sameClass } = tripletMining(context, plan);
    const [a, p] = anchorAndPositive(context, plan);
    const { margin } = context.config;
    const n = plan.anchors.length;
    const candidates = tf.sub(1, tf.cast(sameClass, 'float32')) as tf.Tensor2D;
    const ownPositive = tf.pad(tf.eye(n), [
      [0, 0],
      [n, 0],
    ]);
    return {
      rows: interleave(a, p),
      positives: partnerIndex(2 * n),
      labels: pairedLabels(context.labels, plan.anchors),
      anchorRows: indexRange(n, 0, 2),
      columns: Int32Array.from([...indexRange(n, 0, 2), ...indexRange(n, 1, 2)]),
      candidates,
      mined,
      // the loss uses one negative, the mined one: the other candidates are what mining left out
      kept: tf.mul(oneHotFloat(mined, 2 * n), candidates) as tf.Tensor2D,
      extra: null,
      lossOfRows: (rows) => {
        const [ra, rp] = deinterleave(rows);
        return tripletLoss(ra, rp, pickRows(tf.concat([ra, rp], 0) as tf.Tensor2D, mined), 'cosine', margin);
      },
      lossesOfBlock: (block) => {
        const negative = tf.sum(tf.mul(block, oneHotFloat(mined, 2 * n)), 1);
        const positive = tf.sum(tf.mul(block, ownPositive), 1);
        return tf.relu(tf.add(tf.sub(negative, positive), margin)) as tf.Tensor1D;
      },
    };
  },
};

/**
 * The triplet's mining: candidates are the batch's anchors and positives [a | p] of another class; random,
 * hardest or FaceNet's semi-hard pick, with the current model and no dropout. Returns the picked column per
 * anchor (N, int32) and which columns share the anchor's class (N x 2N, excluded).
 */
function tripletMining(context: ObjectiveContext, plan: BatchPlan) {
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
  const sameClass = tf.equal(
    tf.expandDims(anchorLabels, 1),
    tf.expandDims(candidateLabels, 0),
  ) as tf.Tensor2D;
  const cos = cosineMatrix(anchors, candidates);
  // below every score, semi-hard's cos - 4 >= -5 included, so a same-class column is never picked
  const excluded = tf.fill(cos.shape, -10);
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
  return { mined: tf.argMax(tf.where(sameClass, excluded, scores), 1) as tf.Tensor1D, sameClass };
}
