// The tf.js half of the oracle check for the negatives families: each case is rebuilt from its stored inputs as a
// block of cosines, the anchors' positive columns, the columns kept in the denominator (chosen without gradient,
// outside the differentiated function) and an optional logit shift, and scored by the engine's own losses
// (engine/negativeLosses.ts). Values and autograd gradients w.r.t. the raw inputs are compared with
// FLOAT32_TOLERANCE; softmax weights are read from autograd's dl/ds, as the worker reads them.
import * as tf from '@tensorflow/tfjs';
import { infoNceWeights } from '../../engine/losses';
import { type BatchMasks, cosineMatrix, normalizeRows, oneHotFloat } from '../../engine/lossParts';
import {
  attractionCrossEntropy,
  keptCrossEntropy,
  labelFalseNegatives,
  momentumUpdate,
  positiveAwareKeep,
  quantileKeepCount,
  topKKeep,
} from '../../engine/negativeLosses';
import type { CaseComparator } from './compare';
import {
  type CaseCheck,
  closeIfPresent,
  isObject,
  type Json,
  lossAndGrads,
  maskIfPresent,
  matrixField,
  numberField,
  unsupervisedBatch,
  vectorField,
  withMasks,
} from './tfRecord';

/** Per-anchor losses of a block of scores (A x C); the columns it keeps are fixed before it is differentiated. */
type PerAnchor = (scores: tf.Tensor2D) => tf.Tensor1D;

/**
 * Compares one loss on scores(inputs): per-anchor values (under perRowKey), the mean `loss`, gradients of the
 * mean w.r.t. each raw input (gradKeys, in order), autograd's dl_i/ds_ij of the summed per-anchor losses
 * (`dl_ds_per_anchor`) and the softmax (under softmaxKey) = tau dl/ds + targets that it implies. Fields the
 * record lacks are skipped, except `loss`.
 */
function compareLoss(
  cmp: CaseComparator,
  prefix: string,
  record: Json,
  spec: {
    readonly inputs: tf.Tensor2D[];
    readonly scores: (...inputs: tf.Tensor2D[]) => tf.Tensor2D;
    readonly perAnchor: PerAnchor;
    readonly tau: number;
    readonly targets: tf.Tensor2D;
    readonly perRowKey: string;
    readonly softmaxKey: string;
    readonly gradKeys: readonly string[];
  },
): void {
  const { inputs, scores, perAnchor, tau, targets } = spec;
  const block = scores(...inputs);
  closeIfPresent(cmp, prefix, record, spec.perRowKey, () => perAnchor(block).arraySync());
  if (spec.softmaxKey in record || 'dl_ds_per_anchor' in record) {
    const dlds = tf.grad((s: tf.Tensor) => tf.sum(perAnchor(s as tf.Tensor2D)))(block);
    closeIfPresent(cmp, prefix, record, 'dl_ds_per_anchor', () => dlds.arraySync());
    closeIfPresent(cmp, prefix, record, spec.softmaxKey, () =>
      tf.add(tf.mul(dlds, tau), targets).arraySync(),
    );
  }
  const { loss, grads } = lossAndGrads((...xs) => tf.mean(perAnchor(scores(...xs))), inputs);
  cmp.close(`${prefix}loss`, loss, record.loss);
  spec.gradKeys.forEach((key, i) => {
    closeIfPresent(cmp, prefix, record, key, () => grads[i]);
  });
}

/** 1 at the 2N - 2 negatives of each row of a [a, a', b, b'] batch (not self, not the partner), else 0. */
function batchNegatives(masks: BatchMasks): tf.Tensor2D {
  return tf.sub(tf.sub(1, tf.eye(masks.rows)), masks.partners);
}

/** hard_quantile: topKKeep of quantileKeepCount(alpha, 2N - 2) negatives per anchor, then keptCrossEntropy. */
export const checkHardQuantileTf: CaseCheck = (record, cmp) => {
  const tau = numberField(record, 'tau');
  const alpha = numberField(record, 'alpha');
  const { x, masks } = unsupervisedBatch(record);
  withMasks(masks, () => {
    const k = quantileKeepCount(alpha, masks.rows - 2);
    if ('k_kept' in record) cmp.equal('k_kept', k, record.k_kept);
    closeIfPresent(cmp, '', record, 'cos_sim', () => cosineMatrix(x).arraySync());
    const keep = topKKeep(cosineMatrix(x), batchNegatives(masks), k);
    maskIfPresent(cmp, '', record, 'kept_mask', () => keep);
    compareLoss(cmp, '', record, {
      inputs: [x],
      scores: (xt) => cosineMatrix(xt),
      perAnchor: (s) => keptCrossEntropy(s, masks.partners, keep, tau),
      tau,
      targets: masks.partners,
      perRowKey: 'per_anchor_loss',
      softmaxKey: 'softmax_p',
      gradKeys: ['grad_x'],
    });
  });
};

/** false_negatives: labelFalseNegatives; InfoNCE, elimination (keep = negatives - F) and attraction. */
export const checkFalseNegativesTf: CaseCheck = (record, cmp) => {
  const tau = numberField(record, 'tau');
  const { x, masks } = unsupervisedBatch(record);
  withMasks(masks, () => {
    const labels = tf.tensor1d(vectorField(record, 'labels'), 'int32');
    const negatives = batchNegatives(masks);
    const fn = labelFalseNegatives(labels, labels, negatives);
    maskIfPresent(cmp, '', record, 'false_negative_mask', () => fn);
    const counts = tf.sum(fn, 1);
    closeIfPresent(cmp, '', record, 'n_false_negatives', () => counts.arraySync());
    if ('anchor_has_no_true_negative' in record) {
      const none = Array.from(tf.greaterEqual(counts, masks.rows - 2).dataSync(), (v) => v > 0);
      cmp.equal('anchor_has_no_true_negative', none, record.anchor_has_no_true_negative);
    }
    closeIfPresent(cmp, '', record, 'cos_sim', () => cosineMatrix(x).arraySync());
    const r = infoNceWeights(cosineMatrix(x), tau, masks).r;
    closeIfPresent(cmp, '', record, 'neg_weights_r', () => r.arraySync());
    closeIfPresent(cmp, '', record, 'fn_weight_share_r', () => tf.sum(tf.mul(r, fn), 1).arraySync());
    const attractionTargets = tf.add(masks.partners, fn);
    const variants: [string, PerAnchor, tf.Tensor2D][] = [
      ['infonce', (s) => keptCrossEntropy(s, masks.partners, negatives, tau), masks.partners],
      ['elimination', (s) => keptCrossEntropy(s, masks.partners, tf.sub(negatives, fn), tau), masks.partners],
      [
        'attraction',
        (s) => attractionCrossEntropy(s, masks.partners, fn, negatives, tau),
        tf.div(attractionTargets, tf.sum(attractionTargets, 1, true)),
      ],
    ];
    for (const [name, perAnchor, targets] of variants) {
      const block = record[name];
      if (block === undefined) continue;
      if (!isObject(block)) throw new Error(`field ${name}: not an object`);
      if (name === 'attraction')
        closeIfPresent(cmp, 'attraction.', block, 'target_weights', () => targets.arraySync());
      compareLoss(cmp, `${name}.`, block, {
        inputs: [x],
        scores: (xt) => cosineMatrix(xt),
        perAnchor,
        tau,
        targets,
        perRowKey: 'per_anchor_loss',
        softmaxKey: 'softmax_p',
        gradKeys: ['grad_x'],
      });
    }
  });
};

/** queue_infonce: [l_pos | l_neg] with the positive in column 0, the whole queue kept or positiveAwareKeep's. */
export const checkQueueTf: CaseCheck = (record, cmp) => {
  const tau = numberField(record, 'tau');
  const query = tf.tensor2d(matrixField(record, 'q_raw'));
  const key = tf.tensor2d(matrixField(record, 'k_raw'));
  const queue = tf.tensor2d(matrixField(record, 'queue_raw'));
  const [b, k] = [query.shape[0], queue.shape[0]];
  // The key and the queue are detached constants (MoCo's no_grad key encoder and cloned queue): only q is an input.
  const unitKey = normalizeRows(key);
  const queueScores = (q: tf.Tensor2D): tf.Tensor2D => cosineMatrix(q, queue);
  const scores = (q: tf.Tensor2D): tf.Tensor2D =>
    tf.concat([tf.sum(tf.mul(normalizeRows(q), unitKey), 1, true), queueScores(q)], 1);
  const positives = tf.concat([tf.ones([b, 1]), tf.zeros([b, k])], 1) as tf.Tensor2D;
  const lPos = tf.slice(scores(query), [0, 0], [b, 1]);
  closeIfPresent(cmp, '', record, 'l_pos', () => tf.reshape(lPos, [-1]).arraySync());
  closeIfPresent(cmp, '', record, 'l_neg', () => queueScores(query).arraySync());
  closeIfPresent(cmp, '', record, 'logits', () => tf.div(scores(query), tau).arraySync());
  const compareQueue = (prefix: string, entry: Json, keepQueue: tf.Tensor2D): void => {
    const keep = tf.concat([tf.zeros([b, 1]), keepQueue], 1) as tf.Tensor2D;
    compareLoss(cmp, prefix, entry, {
      inputs: [query],
      scores,
      perAnchor: (s) => keptCrossEntropy(s, positives, keep, tau),
      tau,
      targets: positives,
      perRowKey: 'per_query_loss',
      softmaxKey: 'softmax',
      gradKeys: ['grad_q_raw'],
    });
  };
  compareQueue('', record, tf.ones([b, k]));
  const filtered = record.filtered;
  if (filtered === undefined) return;
  if (!Array.isArray(filtered)) throw new Error('field filtered: not a list');
  filtered.forEach((entry: unknown, i) => {
    if (!isObject(entry)) throw new Error(`field filtered[${i}]: not an object`);
    const prefix = `filtered[${i}].`;
    const keepQueue = positiveAwareKeep(queueScores(query), lPos, numberField(entry, 'perc'));
    maskIfPresent(cmp, prefix, entry, 'kept_mask', () => keepQueue);
    closeIfPresent(cmp, prefix, entry, 'n_kept', () => tf.sum(keepQueue, 1).arraySync());
    compareQueue(prefix, entry, keepQueue);
  });
};

/** queue_infonce's momentum cases: momentumUpdate once, and `steps` times with p_q fixed. */
export const checkMomentumTf: CaseCheck = (record, cmp) => {
  const m = numberField(record, 'm');
  const queryParams = tf.tensor1d(vectorField(record, 'p_q'));
  const runs: [string, number][] = [['p_k_updated', 1]];
  if ('steps' in record) runs.push(['p_k_after_steps_fixed_p_q', numberField(record, 'steps')]);
  for (const [key, steps] of runs) {
    // Variables outlive tf.tidy: this one is disposed here.
    const keyParams = tf.variable(tf.tensor1d(vectorField(record, 'p_k')));
    try {
      for (let step = 0; step < steps; step++) momentumUpdate([keyParams], [queryParams], m);
      closeIfPresent(cmp, '', record, key, () => keyParams.arraySync());
    } finally {
      keyParams.dispose();
    }
  }
};

/** logq_correction: N x N cosines, positive i, every other column kept, shift -log(clip(p, 1e-6, 1)) or none. */
export const checkLogQTf: CaseCheck = (record, cmp) => {
  const tau = numberField(record, 'tau');
  const queries = tf.tensor2d(matrixField(record, 'queries_u'));
  const items = tf.tensor2d(matrixField(record, 'items_v'));
  const n = queries.shape[0];
  const shift = tf.neg(tf.log(tf.clipByValue(tf.tensor2d([vectorField(record, 'item_prob_p')]), 1e-6, 1)));
  closeIfPresent(cmp, '', record, 'minus_log_p_clipped', () => tf.reshape(shift, [-1]).arraySync());
  closeIfPresent(cmp, '', record, 'cos_uv', () => cosineMatrix(queries, items).arraySync());
  const eye = tf.eye(n) as tf.Tensor2D;
  const others = tf.sub(1, eye) as tf.Tensor2D;
  for (const [name, columnShift] of [
    ['corrected', shift],
    ['uncorrected', undefined],
  ] as const) {
    const block = record[name];
    if (block === undefined) continue;
    if (!isObject(block)) throw new Error(`field ${name}: not an object`);
    const prefix = `${name}.`;
    const perAnchor: PerAnchor = (s) => keptCrossEntropy(s, eye, others, tau, columnShift);
    closeIfPresent(cmp, prefix, block, 'logits', () => {
      const logits = tf.div(cosineMatrix(queries, items), tau);
      return (columnShift === undefined ? logits : tf.add(logits, columnShift)).arraySync();
    });
    compareLoss(cmp, prefix, block, {
      inputs: [queries, items],
      scores: (u, v) => cosineMatrix(u as tf.Tensor2D, v as tf.Tensor2D),
      perAnchor,
      tau,
      targets: eye,
      perRowKey: 'per_row_loss',
      softmaxKey: 'softmax',
      gradKeys: ['grad_u_raw', 'grad_v_raw'],
    });
  }
};

/** full_softmax: N x M cosines, positive pos_i, every other column kept; in_batch over the batch's positives. */
export const checkFullSoftmaxTf: CaseCheck = (record, cmp) => {
  const tau = numberField(record, 'tau');
  const anchors = tf.tensor2d(matrixField(record, 'anchors'));
  const corpus = tf.tensor2d(matrixField(record, 'corpus'));
  const positives = oneHotFloat(tf.tensor1d(vectorField(record, 'positive_index'), 'int32'), corpus.shape[0]);
  closeIfPresent(cmp, '', record, 'cos_anchor_corpus', () => cosineMatrix(anchors, corpus).arraySync());
  closeIfPresent(cmp, '', record, 'logits', () => tf.div(cosineMatrix(anchors, corpus), tau).arraySync());
  compareLoss(cmp, '', record, {
    inputs: [anchors, corpus],
    scores: (a, c) => cosineMatrix(a as tf.Tensor2D, c as tf.Tensor2D),
    perAnchor: (s) => keptCrossEntropy(s, positives, tf.sub<tf.Tensor2D>(1, positives), tau),
    tau,
    targets: positives,
    perRowKey: 'per_anchor_loss',
    softmaxKey: 'softmax',
    gradKeys: ['grad_anchors_raw', 'grad_corpus_raw'],
  });
  const inBatch = record.in_batch;
  if (inBatch === undefined) return;
  if (!isObject(inBatch)) throw new Error('field in_batch: not an object');
  // The batch's positives as constant rows, picked by a one-hot matMul (tf.js wasm has no gradient for gather).
  const picked = tf.matMul(positives, corpus) as tf.Tensor2D;
  const eye = tf.eye(anchors.shape[0]) as tf.Tensor2D;
  compareLoss(cmp, 'in_batch.', inBatch, {
    inputs: [anchors],
    scores: (a) => cosineMatrix(a as tf.Tensor2D, picked),
    perAnchor: (s) => keptCrossEntropy(s, eye, tf.sub<tf.Tensor2D>(1, eye), tau),
    tau,
    targets: eye,
    perRowKey: 'per_anchor_loss',
    softmaxKey: 'softmax',
    gradKeys: ['grad_anchors_raw'],
  });
};
