// The training losses in tf.js (float32), each a function of RAW (un-normalised) embeddings that returns a
// scalar mean, differentiable through the normalisation. Same conventions as tests/oracle/README.md, checked
// against it by src/cli/oracle/tfChecks.ts. Hot-loop rules: no read-backs, every intermediate freed by tf.tidy,
// masks that depend only on the batch size come from a cached BatchMasks (see lossParts.ts).
import * as tf from '@tensorflow/tfjs-core';
import {
  type BatchMasks,
  cosineMatrix,
  labelledCrossEntropy,
  logSumExpRows,
  normalizeRows,
  requireFinite,
  requireMatrix,
  requirePositive,
} from './lossParts';

// ---- InfoNCE, [a, a', b, b', ...] layout with the diagonal masked ----------------------------------------------

/**
 * Per-anchor InfoNCE from a similarity matrix: l_i = -log(exp(s_i,pos/tau) / sum_{j != i} exp(s_ij/tau)),
 * pos(i) = i XOR 1. sim: 2N x 2N cosines (its diagonal is never read: see MASKED_LOGIT); returns 2N losses.
 */
export function infoNceFromSimilarity(sim: tf.Tensor2D, tau: number, masks: BatchMasks): tf.Tensor1D {
  requirePositive('tau', tau);
  requireMatrix('sim', sim, masks.rows);
  return labelledCrossEntropy(sim, masks.partners, 1 / tau, masks.selfLogits);
}

/** Per-anchor InfoNCE of a batch. x: 2N x d raw embeddings, `[a, a', b, b', ...]`; returns 2N losses. */
export function infoNcePerAnchor(x: tf.Tensor2D, tau: number, masks: BatchMasks): tf.Tensor1D {
  requireMatrix('x', x, masks.rows);
  return tf.tidy(() => infoNceFromSimilarity(cosineMatrix(x), tau, masks));
}

/** InfoNCE (NT-Xent), mean over the 2N anchors, 2N-2 negatives each. x: 2N x d raw, `[a, a', b, b', ...]`. */
export function infoNceLoss(x: tf.Tensor2D, tau: number, masks: BatchMasks): tf.Scalar {
  return tf.tidy(() => tf.mean(infoNcePerAnchor(x, tau, masks)));
}

/** The InfoNCE softmax of a similarity matrix: p (over j != i) and r (over negatives only), each 2N x 2N. */
export interface InfoNceWeights {
  /** p_ij = exp(s_ij/tau) / sum_{k != i} exp(s_ik/tau); 0 on the diagonal, rows sum to 1 */
  readonly p: tf.Tensor2D;
  /** r_ij = exp(s_ij/tau) / sum_{k not in {i, pos(i)}} exp(s_ik/tau); 0 at self and positive (Wang & Liu) */
  readonly r: tf.Tensor2D;
}

/** Softmax weights p and r of the masked InfoNCE (snapshots). sim: 2N x 2N cosines; the caller disposes both. */
export function infoNceWeights(sim: tf.Tensor2D, tau: number, masks: BatchMasks): InfoNceWeights {
  requirePositive('tau', tau);
  requireMatrix('sim', sim, masks.rows);
  return tf.tidy(() => {
    const logits = tf.mul(sim, 1 / tau);
    return {
      p: tf.softmax(tf.add(logits, masks.selfLogits)) as tf.Tensor2D,
      r: tf.softmax(tf.add(logits, masks.negativeLogits)) as tf.Tensor2D,
    };
  });
}

// ---- The SimCSE code's N x N cross-view form -------------------------------------------------------------------

/**
 * Per-row loss of princeton-nlp/SimCSE's cl_forward: z1 = even rows, z2 = odd rows of x, logits
 * cos(z1_i, z2_j)/tau, label i, no mask, N-1 negatives. x: 2N x d raw, `[a, a', b, b', ...]`; returns N losses.
 */
export function crossViewPerRow(x: tf.Tensor2D, tau: number, masks: BatchMasks): tf.Tensor1D {
  requireMatrix('x', x, masks.rows);
  return tf.tidy(() => {
    const n = masks.pairs;
    const d = x.shape[1];
    // Row k of the N x 2d view is [x_2k | x_2k+1]: its halves are the two views, no gather needed.
    const views = tf.reshape<tf.Rank.R2>(x, [n, 2 * d]);
    const z1 = tf.slice(views, [0, 0], [n, d]);
    const z2 = tf.slice(views, [0, d], [n, d]);
    return crossViewFromSimilarity(cosineMatrix(z1, z2), tau, masks);
  });
}

/** The cross-view loss per row from its N x N cosines cos(z1_i, z2_j) (label i); returns N losses. */
export function crossViewFromSimilarity(sim: tf.Tensor2D, tau: number, masks: BatchMasks): tf.Tensor1D {
  requirePositive('tau', tau);
  requireMatrix('sim', sim, masks.pairs);
  return labelledCrossEntropy(sim, masks.crossLabels, 1 / tau);
}

/** Cross-view (SimCSE code) InfoNCE, mean over the N rows of z1. x: 2N x d raw, `[a, a', b, b', ...]`. */
export function crossViewLoss(x: tf.Tensor2D, tau: number, masks: BatchMasks): tf.Scalar {
  return tf.tidy(() => tf.mean(crossViewPerRow(x, tau, masks)));
}

// ---- Supervised SimCSE with hard negatives ---------------------------------------------------------------------

/**
 * Per-row supervised SimCSE: logits [cos(z1_i, z2_j) | cos(z1_i, z3_j)]/tau + w * [j == N+i], label i (2N-1
 * negatives). z1 anchors, z2 positives, z3 hard negatives: N x d raw each; w: log-weight of the anchor's own
 * hard negative (ln alpha, 0 = SimCSE default), added after the division by tau; returns N losses.
 */
export function supervisedPerRow(
  z1: tf.Tensor2D,
  z2: tf.Tensor2D,
  z3: tf.Tensor2D,
  tau: number,
  hardNegativeWeight: number,
  masks: BatchMasks,
): tf.Tensor1D {
  requireMatrix('z1', z1, masks.pairs);
  requireMatrix('z2', z2, masks.pairs);
  requireMatrix('z3', z3, masks.pairs);
  return tf.tidy(() =>
    supervisedFromSimilarity(cosineMatrix(z1, tf.concat([z2, z3], 0)), tau, hardNegativeWeight, masks),
  );
}

/**
 * Supervised SimCSE per row from its N x 2N cosines [cos(z1_i, z2_j) | cos(z1_i, z3_j)] (label i, the own hard
 * negative's logit plus hardNegativeWeight after the division by tau); returns N losses.
 */
export function supervisedFromSimilarity(
  sim: tf.Tensor2D,
  tau: number,
  hardNegativeWeight: number,
  masks: BatchMasks,
): tf.Tensor1D {
  requirePositive('tau', tau);
  requireFinite('hardNegativeWeight', hardNegativeWeight);
  requireMatrix('sim', sim, masks.pairs);
  return tf.tidy(() => {
    const bias =
      hardNegativeWeight === 0 ? undefined : tf.mul<tf.Tensor2D>(masks.supervisedHard, hardNegativeWeight);
    return labelledCrossEntropy(sim, masks.supervisedLabels, 1 / tau, bias);
  });
}

/** Supervised SimCSE, mean over the N rows. z1, z2, z3: N x d raw (anchor, positive, hard negative). */
export function supervisedLoss(
  z1: tf.Tensor2D,
  z2: tf.Tensor2D,
  z3: tf.Tensor2D,
  tau: number,
  hardNegativeWeight: number,
  masks: BatchMasks,
): tf.Scalar {
  return tf.tidy(() => tf.mean(supervisedPerRow(z1, z2, z3, tau, hardNegativeWeight, masks)));
}

// ---- Triplet losses --------------------------------------------------------------------------------------------

/** The triplet distance forms, named as in the oracle. */
export type TripletForm = 'cosine' | 'euclid_normalized' | 'sqeuclid_normalized' | 'euclid_raw';

/** Every triplet form, in the oracle's order. */
export const TRIPLET_FORMS: readonly TripletForm[] = [
  'cosine',
  'euclid_normalized',
  'sqeuclid_normalized',
  'euclid_raw',
];

// Inside the square root of a distance: keeps the gradient finite when two points coincide (sqrt'(0) = inf);
// 1e-12 moves a distance of 1 by 5e-13, invisible in float32.
const DIST_EPS = 1e-12;

const squaredDistance = (x: tf.Tensor2D, y: tf.Tensor2D): tf.Tensor1D => tf.sum(tf.square(tf.sub(x, y)), 1);
const distance = (x: tf.Tensor2D, y: tf.Tensor2D): tf.Tensor1D =>
  tf.sqrt(tf.add(squaredDistance(x, y), DIST_EPS));

/**
 * The value inside the hinge per triplet: cosine cos(a,n) - cos(a,p) + m; euclid_normalized ||u_a-u_p|| -
 * ||u_a-u_n|| + m; sqeuclid_normalized the same squared (FaceNet); euclid_raw on raw vectors (PyTorch's
 * TripletMarginLoss, eps 0). a, p, n: N x d raw; returns N values.
 */
export function tripletPreHinge(
  a: tf.Tensor2D,
  p: tf.Tensor2D,
  n: tf.Tensor2D,
  form: TripletForm,
  margin: number,
): tf.Tensor1D {
  requireFinite('margin', margin);
  requireMatrix('anchor', a);
  requireMatrix('positive', p, a.shape[0]);
  requireMatrix('negative', n, a.shape[0]);
  return tf.tidy(() => {
    if (form === 'euclid_raw') return tf.add(tf.sub(distance(a, p), distance(a, n)), margin);
    const [ua, up, un] = [normalizeRows(a), normalizeRows(p), normalizeRows(n)];
    switch (form) {
      case 'cosine':
        return tf.add(tf.sum(tf.mul(ua, tf.sub(un, up)), 1), margin);
      case 'euclid_normalized':
        return tf.add(tf.sub(distance(ua, up), distance(ua, un)), margin);
      case 'sqeuclid_normalized':
        return tf.add(tf.sub(squaredDistance(ua, up), squaredDistance(ua, un)), margin);
      default:
        throw new Error(`invalid form: ${String(form)}`);
    }
  });
}

/** Per-triplet hinge loss max(0, pre-hinge). a, p, n: N x d raw; returns N losses (0 where inactive). */
export function tripletPerTriplet(
  a: tf.Tensor2D,
  p: tf.Tensor2D,
  n: tf.Tensor2D,
  form: TripletForm,
  margin: number,
): tf.Tensor1D {
  return tf.tidy(() => tf.relu(tripletPreHinge(a, p, n, form, margin)));
}

/** Triplet loss, mean over the N triplets. a, p, n: N x d raw (anchor, positive, negative). */
export function tripletLoss(
  a: tf.Tensor2D,
  p: tf.Tensor2D,
  n: tf.Tensor2D,
  form: TripletForm,
  margin: number,
): tf.Scalar {
  return tf.tidy(() => tf.mean(tripletPerTriplet(a, p, n, form, margin)));
}

// ---- DCL and HCL -----------------------------------------------------------------------------------------------

/** Parameters of the debiased (DCL) and hard-negative (HCL) losses. */
export interface DebiasedParams {
  /** temperature t > 0 (the code's default 0.5) */
  readonly t: number;
  /** class prior tau+ in [0, 1) (0 removes the debiasing) */
  readonly tauPlus: number;
  /** HCL concentration beta >= 0 (0 gives DCL) */
  readonly beta: number;
}

/**
 * Per-anchor DCL/HCL (chingyaoc/DCL, joshr17/HCL) in the `[a, a', b, b', ...]` layout, M = 2N-2 negatives:
 * pos = exp(s_pos/t), neg_j = exp(s_ij/t), imp = neg^beta, reweight = sum(imp neg)/mean(imp),
 * Ng = max((reweight - tau+ M pos)/(1 - tau+), M exp(-1/t)), l = log(pos + Ng) - log(pos). x: 2N x d raw;
 * returns 2N losses. Evaluated in the log domain (never exp(s/t) itself), so small t cannot overflow.
 */
export function dclHclPerAnchor(x: tf.Tensor2D, params: DebiasedParams, masks: BatchMasks): tf.Tensor1D {
  requireMatrix('x', x, masks.rows);
  return tf.tidy(() => dclHclFromSimilarity(cosineMatrix(x), params, masks));
}

/** DCL/HCL per anchor from the 2N x 2N cosine matrix (see dclHclPerAnchor); returns 2N losses. */
export function dclHclFromSimilarity(
  sim: tf.Tensor2D,
  params: DebiasedParams,
  masks: BatchMasks,
): tf.Tensor1D {
  const { t, tauPlus, beta } = params;
  requirePositive('t', t);
  if (!(tauPlus >= 0 && tauPlus < 1)) throw new Error(`invalid tauPlus: ${tauPlus}`);
  if (!(Number.isFinite(beta) && beta >= 0)) throw new Error(`invalid beta: ${beta}`);
  if (masks.pairs < 2) throw new Error(`invalid pairs: ${masks.pairs} (DCL needs negatives)`);
  requireMatrix('sim', sim, masks.rows);
  const m = masks.rows - 2;
  const logFloor = Math.log(m) - 1 / t; // log of the clamp M exp(-1/t)
  return tf.tidy(() => {
    const st = tf.mul(sim, 1 / t); // 2N x 2N, s/t
    const logPos = tf.sum(tf.mul(st, masks.partners), 1);
    // log reweight = log M + lse((1+beta) s/t) - lse(beta s/t) over the negatives; beta = 0 leaves lse(s/t).
    // The masks are added after scaling, so beta = 0 cannot zero them.
    const negatives = (scale: number): tf.Tensor1D =>
      logSumExpRows(tf.add(scale === 1 ? st : tf.mul(st, scale), masks.negativeLogits));
    const logReweight =
      beta === 0 ? negatives(1) : tf.add(tf.sub(negatives(1 + beta), negatives(beta)), Math.log(m));
    // Work relative to c = max(log pos, log reweight, log floor): every exp below is <= 1, one of them is 1,
    // and pos' + Ng' stays away from 0, so log() is finite. c cancels exactly in l (no net gradient).
    const c = tf.maximum(tf.maximum(logPos, logReweight), logFloor);
    const pos = tf.exp(tf.sub(logPos, c));
    const reweight = tf.exp(tf.sub(logReweight, c));
    const floor = tf.exp(tf.sub(logFloor, c));
    const unclamped = tf.div(tf.sub(reweight, tf.mul(pos, tauPlus * m)), 1 - tauPlus);
    const ng = tf.maximum(unclamped, floor);
    return tf.sub(tf.add(tf.log(tf.add(pos, ng)), c), logPos);
  });
}

/** DCL/HCL, mean over the 2N anchors. x: 2N x d raw, `[a, a', b, b', ...]`. */
export function dclHclLoss(x: tf.Tensor2D, params: DebiasedParams, masks: BatchMasks): tf.Scalar {
  return tf.tidy(() => tf.mean(dclHclPerAnchor(x, params, masks)));
}
