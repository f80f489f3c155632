// InfoNCE over a chosen set of candidates, the one form behind every negative strategy the lab trains: in-batch
// negatives with a selection (hard, near the positive, KGPolicy, Wang & Liu's quantile), a MoCo queue, the full
// softmax over the training set, MoCHi's synthetic negatives and logQ-corrected in-batch softmax. Each is a
// block of cosines, the anchor's positive column, which columns stay in the denominator (chosen without
// gradient) and an optional additive logit shift (logQ). Conventions as tests/oracle/README.md; float32.
import * as tf from '@tensorflow/tfjs-core';
import { logSumExpRows, MASKED_LOGIT, requireFinite, requireMatrix, requirePositive } from './lossParts';

/**
 * Per-anchor loss l_i = -log( e^{z_i,pos} / (e^{z_i,pos} + sum over kept j of e^{z_ij}) ), z = s / tau + shift.
 * scores: A x C cosines; positives: A x C one-hot of each anchor's positive column; keep: A x C, 1 where the
 * column stays in the denominator as a negative (0 at the positive; ignored there); shift: additive logits
 * after the division by tau (1 x C or A x C; logQ's -log p_j, the positive's column included), or undefined.
 * Evaluated as lse over (z - z_pos) of the kept columns and the positive, so the positive's logit is exactly 0 and
 * the loss is never negative and keeps its precision at tau = 1e-4. Returns A losses.
 */
export function keptCrossEntropy(
  scores: tf.Tensor2D,
  positives: tf.Tensor2D,
  keep: tf.Tensor2D,
  tau: number,
  shift?: tf.Tensor2D,
): tf.Tensor1D {
  requirePositive('tau', tau);
  requireMatrix('scores', scores);
  return tf.tidy(() => {
    const logits = shift === undefined ? tf.div(scores, tau) : tf.add(tf.div(scores, tau), shift);
    const positiveLogit = tf.sum(tf.mul(logits, positives), 1, true);
    const inDenominator = tf.minimum(tf.add(tf.mul(keep, tf.sub(1, positives)), positives), 1);
    // masked columns are set, not added to: MASKED_LOGIT + z would still be MASKED_LOGIT, but a select keeps
    // their gradient exactly 0 whatever z is
    const relative = tf.where(
      tf.greater(inDenominator, 0),
      tf.sub(logits, positiveLogit),
      tf.fill(scores.shape, MASKED_LOGIT),
    ) as tf.Tensor2D;
    return logSumExpRows(relative);
  });
}

/**
 * Keeps, per anchor, the `k` candidates with the highest score (no gradient: a selection on the current model).
 * scores: A x C (higher = harder); candidates: A x C 0/1; k >= 1, at most the fewest candidates of an anchor.
 * Exactly k: at a tie the lower column wins, as a stable sort would (tf.topk's order), which matters when the
 * two views are identical (dropout off) and every negative ties with its twin. Returns A x C 0/1.
 */
export function topKKeep(scores: tf.Tensor2D, candidates: tf.Tensor2D, k: number): tf.Tensor2D {
  if (!(Number.isInteger(k) && k >= 1)) throw new Error(`invalid k: ${k}`);
  return tf.tidy(() => {
    const [anchors, columns] = scores.shape;
    const kept = Math.min(k, columns);
    const ranked = tf.where(
      tf.greater(candidates, 0),
      scores,
      tf.fill(scores.shape, -Infinity),
    ) as tf.Tensor2D;
    const top = tf.topk(ranked, kept).indices; // A x k, int32
    const rows = tf.tile(tf.expandDims(tf.range(0, anchors, 1, 'int32'), 1), [1, kept]);
    const at = tf.reshape(tf.stack([rows, top], 2), [anchors * kept, 2]);
    const chosen = tf.scatterND(at, tf.ones([anchors * kept]), [anchors, columns]) as tf.Tensor2D;
    // a candidate only (k beyond an anchor's candidates would pick masked columns)
    return tf.mul(chosen, candidates) as tf.Tensor2D;
  });
}

/**
 * How many negatives Wang & Liu's hard contrastive loss keeps of `count`: max(1, ceil(alpha * count)), computed
 * on alpha as written so that an exact product is never bumped up by float rounding (alpha * count within 1e-9
 * of a whole number counts as that number).
 */
export function quantileKeepCount(alpha: number, count: number): number {
  if (!(alpha > 0 && alpha <= 1)) throw new Error(`invalid alpha: ${alpha}`);
  const product = alpha * count;
  const whole = Math.round(product);
  return Math.max(1, Math.abs(product - whole) < 1e-9 ? whole : Math.ceil(product));
}

/**
 * False-negative attraction per anchor (google-research/fnc add_contrastive_loss): the InfoNCE softmax with its
 * target spread evenly over the positive and the false negatives, l_i = lse over the denominator of z_ij minus
 * (1/(1+|F_i|)) sum over {pos} U F_i of z_ij, z = s / tau. scores: A x C; positives: A x C one-hot; falseNegatives:
 * A x C 0/1 (F_i); keep: A x C 0/1, the other negatives in the denominator (F_i stays there whatever keep says, as in
 * fnc); shift: additive logits after the division by tau, as in keptCrossEntropy, or undefined. Evaluated relative
 * to the positive's logit, like keptCrossEntropy. Returns A losses.
 */
export function attractionCrossEntropy(
  scores: tf.Tensor2D,
  positives: tf.Tensor2D,
  falseNegatives: tf.Tensor2D,
  keep: tf.Tensor2D,
  tau: number,
  shift?: tf.Tensor2D,
): tf.Tensor1D {
  requirePositive('tau', tau);
  requireMatrix('scores', scores);
  return tf.tidy(() => {
    const logits = shift === undefined ? tf.div(scores, tau) : tf.add(tf.div(scores, tau), shift);
    const relative = tf.sub(logits, tf.sum(tf.mul(logits, positives), 1, true));
    const targets = tf.add(positives, falseNegatives);
    const weights = tf.div(targets, tf.sum(targets, 1, true));
    const inDenominator = tf.greater(tf.maximum(keep, targets), 0);
    const masked = tf.where(inDenominator, relative, tf.fill(scores.shape, MASKED_LOGIT)) as tf.Tensor2D;
    return tf.sub(logSumExpRows(masked), tf.sum(tf.mul(weights, relative), 1)) as tf.Tensor1D;
  });
}

/**
 * False negatives by label: 1 where column j is one of anchor i's negatives (negatives: A x C 0/1) and carries
 * anchor i's label. anchorLabels: A, columnLabels: C, the same dtype (class ids). No gradient; returns A x C 0/1.
 */
export function labelFalseNegatives(
  anchorLabels: tf.Tensor1D,
  columnLabels: tf.Tensor1D,
  negatives: tf.Tensor2D,
): tf.Tensor2D {
  requireMatrix('negatives', negatives, anchorLabels.shape[0]);
  return tf.tidy(() => {
    const same = tf.equal(tf.reshape(anchorLabels, [-1, 1]), tf.reshape(columnLabels, [1, -1]));
    return tf.mul(negatives, tf.cast(same, 'float32')) as tf.Tensor2D;
  });
}

/**
 * NV-Retriever's positive-aware filter (TopK-PercPos without the top-k cap) on a queue: keep entry j for query b
 * where l_neg[b][j] <= perc * l_pos[b]. negativeScores: B x K; positiveScores: B (or B x 1) cosines. A
 * selection on the current model, no gradient; returns B x K 0/1.
 */
export function positiveAwareKeep(
  negativeScores: tf.Tensor2D,
  positiveScores: tf.Tensor,
  perc: number,
): tf.Tensor2D {
  requireFinite('perc', perc);
  requireMatrix('negativeScores', negativeScores);
  if (positiveScores.size !== negativeScores.shape[0]) {
    throw new Error(`invalid positiveScores: shape [${positiveScores.shape.join(',')}]`);
  }
  return tf.tidy(() => {
    const threshold = tf.mul(tf.reshape(positiveScores, [-1, 1]), perc);
    return tf.cast(tf.lessEqual(negativeScores, threshold), 'float32') as tf.Tensor2D;
  });
}

/**
 * MoCo's _momentum_update_key_encoder: each key variable p_k <- p_k * m + p_q * (1 - m), in the code's order of
 * operations, assigned in place. keyVariables and queryValues pair up by position with equal shapes; m in [0, 1].
 */
export function momentumUpdate(
  keyVariables: readonly tf.Variable[],
  queryValues: readonly tf.Tensor[],
  m: number,
): void {
  if (!(m >= 0 && m <= 1)) throw new Error(`invalid m: ${m}`);
  if (queryValues.length !== keyVariables.length) {
    throw new Error(`invalid queryValues: ${queryValues.length} for ${keyVariables.length} key variables`);
  }
  keyVariables.forEach((key, i) => {
    const query = queryValues[i] as tf.Tensor;
    if (query.shape.join(',') !== key.shape.join(',')) {
      throw new Error(`invalid queryValues[${i}]: shape [${query.shape.join(',')}]`);
    }
    tf.tidy(() => {
      key.assign(tf.add(tf.mul(key, m), tf.mul(query, 1 - m)));
    });
  });
}
