import * as tf from '@tensorflow/tfjs-core';
import type { WeightForm } from '../core/negativeWeights';
import type { LossId, TrainConfig } from '../protocol/config';
import {
  crossViewFromSimilarity,
  crossViewLoss,
  dclHclFromSimilarity,
  infoNceFromSimilarity,
} from './losses';
import { type BatchMasks, cosineMatrix, partnerIndex } from './lossParts';
import { negativeStrategy, usesNegativeStrategy } from './negativeStrategy';
import {
  allButOwnColumn,
  indexRange,
  type ObjectiveContext,
  pairedLabels,
  type ViewedObjective,
} from './objectiveTypes';
import { supervised, triplet } from './positiveObjectives';
import { embedTwoViews } from './repeatedViews';

/**
 * Unsupervised objectives on `[a, a', b, b']` (each input embedded twice with independent dropout masks), whose
 * per-anchor loss is a function of the 2N x 2N cosine matrix: every row is an anchor, every row but itself and its
 * partner a negative.
 */
function unsupervised(
  lossesOfSimilarity: (sim: tf.Tensor2D, context: ObjectiveContext, masks: BatchMasks) => tf.Tensor1D,
): ViewedObjective {
  const lossOf = (rows: tf.Tensor2D, context: ObjectiveContext, masks: BatchMasks) =>
    tf.mean(lossesOfSimilarity(cosineMatrix(rows), context, masks)) as tf.Scalar;
  return {
    prepare: () => [],
    loss: (context, plan) =>
      lossOf(embedTwoViews(context, plan), context, context.masks(plan.anchors.length)),
    view: (context, plan) => {
      const masks = context.masks(plan.anchors.length);
      const all = indexRange(masks.rows);
      return {
        rows: embedTwoViews(context, plan),
        positives: partnerIndex(masks.rows),
        labels: pairedLabels(context.labels, plan.anchors),
        anchorRows: all,
        columns: all,
        candidates: tf.cast(tf.equal(masks.negativeLogits, 0), 'float32') as tf.Tensor2D,
        mined: null,
        kept: null,
        extra: null,
        lossOfRows: (rows) => lossOf(rows, context, masks),
        lossesOfBlock: (block) => lossesOfSimilarity(block, context, masks),
      };
    },
  };
}

/**
 * The SimCSE code's N x N form on `[a, a', b, b']`: only the first view's rows (even) are anchors, compared with
 * the second view's (odd); N - 1 negatives each.
 */
const crossView: ViewedObjective = {
  prepare: () => [],
  loss: (context, plan) =>
    crossViewLoss(embedTwoViews(context, plan), context.config.tau, context.masks(plan.anchors.length)),
  view: (context, plan) => {
    const masks = context.masks(plan.anchors.length);
    const { tau } = context.config;
    return {
      rows: embedTwoViews(context, plan),
      positives: partnerIndex(masks.rows),
      labels: pairedLabels(context.labels, plan.anchors),
      anchorRows: indexRange(masks.pairs, 0, 2),
      columns: indexRange(masks.pairs, 1, 2),
      candidates: allButOwnColumn(masks.pairs, masks.pairs),
      mined: null,
      kept: null,
      extra: null,
      lossOfRows: (rows) => crossViewLoss(rows, tau, masks),
      lossesOfBlock: (block) => crossViewFromSimilarity(block, tau, masks),
    };
  },
};

const OBJECTIVES: Record<LossId, ViewedObjective> = {
  infonce: unsupervised((sim, context, masks) => infoNceFromSimilarity(sim, context.config.tau, masks)),
  'infonce-nxn': crossView,
  dcl: unsupervised((sim, context, masks) =>
    dclHclFromSimilarity(sim, { t: context.config.tau, tauPlus: context.config.tauPlus, beta: 0 }, masks),
  ),
  hcl: unsupervised((sim, context, masks) =>
    dclHclFromSimilarity(
      sim,
      { t: context.config.tau, tauPlus: context.config.tauPlus, beta: context.config.beta },
      masks,
    ),
  ),
  supervised,
  triplet,
};

/** Rows a snapshot shows per anchor pair: the supervised objective shows each pair's hard negative too. */
export function viewRowsPerPair(loss: LossId): number {
  return loss === 'supervised' ? 3 : 2;
}

/**
 * How an objective weighs its negatives, for the page's closed form (core/negativeWeights); `classShift` is
 * logQ's -log p per class while InfoNCE's correction is on.
 */
export function weightFormOf(config: TrainConfig, classShift: Float32Array | null = null): WeightForm {
  switch (config.loss) {
    case 'infonce':
      return classShift
        ? { kind: 'softmax', tau: config.tau, minedLogWeight: 0, classShift: Array.from(classShift) }
        : { kind: 'softmax', tau: config.tau, minedLogWeight: 0 };
    case 'infonce-nxn':
      return { kind: 'softmax', tau: config.tau, minedLogWeight: 0 };
    case 'supervised':
      return { kind: 'softmax', tau: config.tau, minedLogWeight: config.hardNegativeWeight };
    case 'dcl':
      return { kind: 'debiased', t: config.tau, tauPlus: config.tauPlus, beta: 0 };
    case 'hcl':
      return { kind: 'debiased', t: config.tau, tauPlus: config.tauPlus, beta: config.beta };
    case 'triplet':
      return { kind: 'triplet', margin: config.margin };
  }
}

/** The objective a config trains: its loss, with InfoNCE's negative strategy where it asks for one. */
export function objectiveFor(config: TrainConfig): ViewedObjective {
  return usesNegativeStrategy(config) ? negativeStrategy : OBJECTIVES[config.loss];
}
