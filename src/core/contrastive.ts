// InfoNCE / NT-Xent in the lab's unsupervised layout [a, a', b, b', ...] (2N rows: rows 2k and 2k+1 are the two
// dropout views of input k), and the official SimCSE code's N x N cross-view form. Float64 reference maths:
// losses, softmax weights, dl/ds and gradients with respect to the raw (un-normalised) embeddings.
//
// Zero-norm rows are refused with `invalid embedding: row i has zero norm` (see normalizeRows): a point with no
// direction has no cosine, and the lab prefers a loud error to NaN spreading through a chart.

import {
  addMatrices,
  assertMatrix,
  assertPositiveFinite,
  at,
  backpropNormalize,
  entropy,
  gram,
  type Matrix,
  matMul,
  mean,
  normalizeRows,
  scaleMatrix,
  softmax,
  softmaxCrossEntropy,
  transpose,
} from './linalg';
import { supervisedSimcse } from './supervised';

/** Positive partner of row i in the [a, a', b, b'] layout: i XOR 1. */
export function positiveIndex(row: number): number {
  return row ^ 1;
}

/** Whether column j is a negative of anchor row i (neither i itself nor its partner i XOR 1). */
export function isNegative(row: number, column: number): boolean {
  return column !== row && column !== positiveIndex(row);
}

/** Indices of the 2N - 2 negatives of anchor `row` in a batch of `rows` rows (everything but itself and its partner). */
export function negativeIndices(row: number, rows: number): number[] {
  return Array.from({ length: rows }, (_, j) => j).filter((j) => isNegative(row, j));
}

/** A validated [a, a', b, b'] batch: unit rows, their norms, and the 2N x 2N cosine matrix (diagonal ~1, kept). */
export interface PairedBatch {
  readonly unit: number[][];
  readonly norms: number[];
  readonly cos: number[][];
}

/** Normalises a [a, a', b, b'] batch (even row count >= 4, so every anchor has at least 2 negatives). */
export function pairedBatch(x: Matrix): PairedBatch {
  assertMatrix(x, 'embedding');
  if (x.length % 2 !== 0 || x.length < 4) throw new Error(`invalid batch rows: ${x.length}`);
  const { unit, norms } = normalizeRows(x);
  return { unit, norms, cos: gram(unit, unit) };
}

/** Logits s_ij / tau of one anchor's row with the listed columns masked to -Infinity (they get exactly 0 weight). */
export function maskedLogits(cosRow: readonly number[], tau: number, masked: readonly number[]): number[] {
  return cosRow.map((s, j) => (masked.includes(j) ? Number.NEGATIVE_INFINITY : s / tau));
}

/**
 * Gradient w.r.t. the raw rows x of a loss whose derivative w.r.t. the (free, non-symmetric) similarity matrix
 * S = U U^T is dLdS: since S is symmetric in U, dL/dU = (dLdS + dLdS^T) U, then back through u = x / ||x||.
 */
export function gradFromSelfSimilarity(dLdS: Matrix, batch: PairedBatch): number[][] {
  const gradUnit = matMul(addMatrices(dLdS, transpose(dLdS)), batch.unit);
  return backpropNormalize(batch.unit, batch.norms, gradUnit);
}

/** Everything the lab shows about InfoNCE on one [a, a', b, b'] batch (2N rows, d columns). */
export interface InfoNceResult {
  /** Mean of perAnchorLoss over the 2N anchors, in nats. */
  readonly loss: number;
  /** [2N] l_i = -log p_{i,pos(i)}. */
  readonly perAnchorLoss: number[];
  /** [2N][d] unit rows u_i = x_i / ||x_i||. */
  readonly normalized: number[][];
  /** [2N] ||x_i||. */
  readonly norms: number[];
  /** [2N] pos(i) = i XOR 1. */
  readonly positiveIndex: number[];
  /** 2N x 2N cosine in [-1, 1]; the diagonal (~1) is kept but never used. */
  readonly cos: number[][];
  /** 2N x 2N softmax over j != i of s_ij / tau (positive included, 0 on the diagonal); rows sum to 1. */
  readonly p: number[][];
  /** 2N x 2N relative penalty over negatives only (Wang & Liu); 0 at self and positive; rows sum to 1. */
  readonly r: number[][];
  /** 2N x 2N dl_i/ds_ij = (p_ij - [j = pos(i)]) / tau, 0 on the diagonal; per anchor, NOT divided by 2N. */
  readonly dlds: number[][];
  /** 2N x 2N dlds / (2N): gradient of the mean loss w.r.t. S as a free non-symmetric input. */
  readonly dLdSMean: number[][];
  /** [2N][d] dL/dx of the mean loss w.r.t. the raw rows. */
  readonly gradX: number[][];
  /** [2N] argmax over negatives of s_ij (first index on ties). */
  readonly hardestNegative: number[];
  /** [2N] entropy of r_i in nats, at most log(2N - 2). */
  readonly negWeightEntropy: number[];
  /** [2N] exp(entropy of r_i): how many negatives effectively share the push, in [1, 2N - 2]. */
  readonly effectiveNegatives: number[];
}

/** What one anchor's row of similarities gives under InfoNCE: its loss, weights and dl/ds (all rows of length 2N). */
export interface AnchorWeights {
  /** l_i = -log p_{i,pos}, in nats. */
  readonly loss: number;
  /** Softmax over j != i of s_ij / tau (positive included, 0 at the anchor itself); sums to 1. */
  readonly p: number[];
  /** Relative penalty over the negatives only (0 at the anchor and its positive); sums to 1. */
  readonly r: number[];
  /** dl_i/ds_ij = (p_ij - [j = pos]) / tau, 0 at the anchor itself. */
  readonly dlds: number[];
  /** Index of the most similar negative (first on ties). */
  readonly hardestNegative: number;
  /** Entropy of r in nats and exp of it: how many negatives effectively share the push, in [1, negatives]. */
  readonly negWeightEntropy: number;
  readonly effectiveNegatives: number;
}

/**
 * InfoNCE for one anchor from its row of cosines (any layout: the anchor's own column is masked, `positive` is the
 * label, every other column is a negative; needs at least one negative). Throws `invalid tau: <tau>` unless tau > 0.
 */
export function anchorWeights(
  cosRow: readonly number[],
  tau: number,
  anchor: number,
  positive: number,
): AnchorWeights {
  assertPositiveFinite(tau, 'tau');
  if (anchor === positive || cosRow[anchor] === undefined || cosRow[positive] === undefined) {
    throw new Error(`invalid anchor/positive: ${anchor}/${positive}`);
  }
  const negatives = cosRow.map((_, j) => j).filter((j) => j !== anchor && j !== positive);
  const { loss, probabilities } = softmaxCrossEntropy(maskedLogits(cosRow, tau, [anchor]), positive);
  const r = softmax(maskedLogits(cosRow, tau, [anchor, positive]));
  // At the positive, p - 1 = -(sum of the negatives' p): summing keeps full precision when p_pos rounds to 1.
  const negativeMass = negatives.reduce((sum, j) => sum + at(probabilities, j), 0);
  const negWeightEntropy = entropy(r);
  return {
    loss,
    p: probabilities,
    r,
    dlds: probabilities.map((pij, j) => (j === anchor ? 0 : (j === positive ? -negativeMass : pij) / tau)),
    hardestNegative: argmaxOver(cosRow, negatives),
    negWeightEntropy,
    effectiveNegatives: Math.exp(negWeightEntropy),
  };
}

/**
 * InfoNCE on [a, a', b, b']: diagonal masked, positive i XOR 1, 2N - 2 negatives, mean over 2N anchors.
 * Throws `invalid tau: <tau>` unless tau is finite and > 0, and `invalid embedding: row i has zero norm` for a zero row.
 */
export function infoNceUnsup(x: Matrix, tau: number): InfoNceResult {
  assertPositiveFinite(tau, 'tau');
  const batch = pairedBatch(x);
  const positives = x.map((_, i) => positiveIndex(i));
  const anchors = batch.cos.map((cosRow, i) => anchorWeights(cosRow, tau, i, positiveIndex(i)));
  const perAnchorLoss = anchors.map((a) => a.loss);
  const dlds = anchors.map((a) => a.dlds);
  const dLdSMean = scaleMatrix(dlds, 1 / x.length);
  return {
    loss: mean(perAnchorLoss),
    perAnchorLoss,
    normalized: batch.unit,
    norms: batch.norms,
    positiveIndex: positives,
    cos: batch.cos,
    p: anchors.map((a) => a.p),
    r: anchors.map((a) => a.r),
    dlds,
    dLdSMean,
    gradX: gradFromSelfSimilarity(dLdSMean, batch),
    hardestNegative: anchors.map((a) => a.hardestNegative),
    negWeightEntropy: anchors.map((a) => a.negWeightEntropy),
    effectiveNegatives: anchors.map((a) => a.effectiveNegatives),
  };
}

/** The SimCSE code's unsupervised loss on a [a, a', b, b'] batch (N rows of z1 = even rows, z2 = odd rows). */
export interface CrossViewResult {
  /** Mean over the N rows of z1, in nats. */
  readonly loss: number;
  /** [N] cross-entropy of row i with label i. */
  readonly perRowLoss: number[];
  /** N x N cos(z1_i, z2_j) in [-1, 1]. */
  readonly cos: number[][];
  /** N x N softmax of cos / tau per row. */
  readonly p: number[][];
  /** N x N gradient of the mean loss w.r.t. cos: (p - I) / (N tau). */
  readonly dLdCos: number[][];
  /** [2N][d] dL/dx in the [a, a', b, b'] layout. */
  readonly gradX: number[][];
  /** [N] the batch rows used as z1 (the even rows) and as z2 (the odd rows). */
  readonly z1Rows: number[];
  readonly z2Rows: number[];
}

/** princeton-nlp/SimCSE `cl_forward` (num_sent = 2): N x N cross-view logits, label i, no mask, N - 1 negatives. */
export function infoNceCrossView(x: Matrix, tau: number): CrossViewResult {
  assertMatrix(x, 'embedding');
  if (x.length % 2 !== 0 || x.length < 2) throw new Error(`invalid batch rows: ${x.length}`);
  normalizeRows(x); // refuses a zero-norm row with its index in x (not in z1 or z2)
  const z1Rows = x.map((_, i) => i).filter((i) => i % 2 === 0);
  const z2Rows = z1Rows.map(positiveIndex);
  const z1 = z1Rows.map((i) => at(x, i));
  const z2 = z2Rows.map((i) => at(x, i));
  const result = supervisedSimcse(z1, z2, null, tau);
  return {
    loss: result.loss,
    perRowLoss: result.perRowLoss,
    cos: result.cosPositive,
    p: result.p,
    dLdCos: result.dLdCos,
    gradX: x.map((_, i) => at(i % 2 === 0 ? result.gradAnchor : result.gradPositive, i >> 1)),
    z1Rows,
    z2Rows,
  };
}

/** Index in `candidates` with the largest value[index] (first on ties). */
export function argmaxOver(values: readonly number[], candidates: readonly number[]): number {
  let best = at(candidates, 0);
  for (const j of candidates) if (at(values, j) > at(values, best)) best = j;
  return best;
}

/** The landmarks InfoNCE approaches at the temperature extremes (Wang & Liu 2021), for one [a, a', b, b'] batch. */
export interface TemperatureLimits {
  /** [2N] s_i,pos(i) and the largest negative similarity, with its index. */
  readonly positiveSimilarity: number[];
  readonly hardestNegativeSimilarity: number[];
  readonly hardestNegative: number[];
  /** [2N] max(0, s_hardest - s_pos): the tau -> 0 limit of tau * l_i (a margin-0 triplet loss). */
  readonly hinge: number[];
  /** 2N x 2N one-hot on the hardest negative: the tau -> 0 limit of r. */
  readonly oneHotHardest: number[][];
  /** 2N x 2N 1 / (2N - 2) at every negative: the tau -> infinity limit of r. */
  readonly uniformNegatives: number[][];
  /** 1 / (2N - 2): the weight every negative gets as tau -> infinity. */
  readonly uniformNegativeWeight: number;
  /** log(2N - 1): the tau -> infinity limit of every l_i (all 2N - 1 candidates weigh the same). */
  readonly logCandidates: number;
}

/** Temperature-free limits of InfoNCE on a batch: hardest negatives, hinge, one-hot and uniform weights. */
export function temperatureLimits(x: Matrix): TemperatureLimits {
  const { cos } = pairedBatch(x);
  const rows = x.length;
  const hardestNegative = cos.map((row, i) => argmaxOver(row, negativeIndices(i, rows)));
  const positiveSimilarity = cos.map((row, i) => at(row, positiveIndex(i)));
  const hardestNegativeSimilarity = cos.map((row, i) => at(row, at(hardestNegative, i)));
  return {
    positiveSimilarity,
    hardestNegativeSimilarity,
    hardestNegative,
    hinge: hardestNegativeSimilarity.map((s, i) => Math.max(0, s - at(positiveSimilarity, i))),
    oneHotHardest: cos.map((row, i) => row.map((_, j) => (j === at(hardestNegative, i) ? 1 : 0))),
    uniformNegatives: cos.map((row, i) => row.map((_, j) => (isNegative(i, j) ? 1 / (rows - 2) : 0))),
    uniformNegativeWeight: 1 / (rows - 2),
    logCandidates: Math.log(rows - 1),
  };
}

/**
 * First-order large-tau expansion of the per-anchor loss, error O(1/tau^2):
 * l_i ~ log(2N - 1) - (1 / ((2N - 1) tau)) sum over negatives j of (s_i,pos - s_ij).
 */
export function largeTauFirstOrder(x: Matrix, tau: number): number[] {
  assertPositiveFinite(tau, 'tau');
  const { cos } = pairedBatch(x);
  const candidates = x.length - 1;
  return cos.map((row, i) => {
    const sPos = at(row, positiveIndex(i));
    const gapSum = negativeIndices(i, x.length).reduce((sum, j) => sum + (sPos - at(row, j)), 0);
    return Math.log(candidates) - gapSum / (candidates * tau);
  });
}
