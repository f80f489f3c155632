// Supervised SimCSE (princeton-nlp/SimCSE `cl_forward`, num_sent = 3): each sentence i has an anchor z1_i
// (premise), a positive z2_i (entailment) and a hard negative z3_i (contradiction). Without z3 this is the code's
// unsupervised N x N cross-view loss, which contrastive.ts reuses.

import {
  assertMatrix,
  assertPositiveFinite,
  at,
  backpropNormalize,
  gram,
  type Matrix,
  matMul,
  mean,
  normalizeRows,
  softmaxCrossEntropy,
  transpose,
} from './linalg';

/** Supervised SimCSE on N triplets; the N x 2N blocks are [positives | hard negatives] (N x N without them). */
export interface SupervisedResult {
  /** Mean over the N anchors of the cross-entropy with label i, in nats. */
  readonly loss: number;
  /** [N] per-anchor cross-entropy. */
  readonly perRowLoss: number[];
  /** [N][d] unit anchors, positives, hard negatives (null without hard negatives). */
  readonly anchorNormalized: number[][];
  readonly positiveNormalized: number[][];
  readonly hardNegativeNormalized: number[][] | null;
  /** N x N cos(z1_i, z2_j) in [-1, 1]. */
  readonly cosPositive: number[][];
  /** N x N cos(z1_i, z3_j) in [-1, 1], or null. */
  readonly cosHardNegative: number[][] | null;
  /** N x 2N (or N x N) logits: cos / tau, plus the log-weight w on entry (i, N + i). */
  readonly logits: number[][];
  /** [N] the label of row i: i, its own positive. */
  readonly labels: number[];
  /** Softmax of the logits per row; rows sum to 1. */
  readonly p: number[][];
  /** Same shape as logits: gradient of the mean loss w.r.t. the cosines, (p - onehot(i)) / (N tau). */
  readonly dLdCos: number[][];
  /** [N][d] dL/dz for the raw (un-normalised) inputs; gradHardNegative is null without hard negatives. */
  readonly gradAnchor: number[][];
  readonly gradPositive: number[][];
  readonly gradHardNegative: number[][] | null;
}

/**
 * SimCSE's loss: row i's logits are [cos(z1_i, z2_j) for all j | cos(z1_i, z3_j) for all j] / tau, label i, mean
 * over the N rows. `hardNegativeLogWeight` (w, the code's hard_negative_weight) is added to the logit of the
 * anchor's own hard negative after dividing by tau, so that negative counts alpha = e^w times. Each anchor sees
 * 2N - 1 negatives (N - 1 without hard negatives). Pass hardNegative = null for the unsupervised cross-view form.
 */
export function supervisedSimcse(
  anchor: Matrix,
  positive: Matrix,
  hardNegative: Matrix | null,
  tau: number,
  hardNegativeLogWeight = 0,
): SupervisedResult {
  assertPositiveFinite(tau, 'tau');
  if (!Number.isFinite(hardNegativeLogWeight) || (hardNegative === null && hardNegativeLogWeight !== 0)) {
    throw new Error(`invalid hardNegativeLogWeight: ${hardNegativeLogWeight}`);
  }
  const rows = anchor.length;
  const width = assertMatrix(anchor, 'anchor');
  for (const [name, m] of [
    ['positive', positive],
    ['hardNegative', hardNegative],
  ] as const) {
    if (m === null) continue;
    if (assertMatrix(m, name) !== width || m.length !== rows)
      throw new Error(`invalid ${name}: shape differs`);
  }
  const a = normalizeRows(anchor);
  const p = normalizeRows(positive);
  const n = hardNegative === null ? null : normalizeRows(hardNegative);
  const cosPositive = gram(a.unit, p.unit);
  const cosHardNegative = n === null ? null : gram(a.unit, n.unit);
  const logits = cosPositive.map((row, i) => {
    const hard = cosHardNegative === null ? [] : at(cosHardNegative, i);
    return [...row, ...hard].map((s, j) => s / tau + (j === rows + i ? hardNegativeLogWeight : 0));
  });
  const rowsCe = logits.map((row, i) => softmaxCrossEntropy(row, i));
  const probabilities = rowsCe.map((ce) => ce.probabilities);
  const dLdCos = probabilities.map((row, i) => row.map((pij, j) => (pij - (j === i ? 1 : 0)) / (rows * tau)));
  const dPositive = dLdCos.map((row) => row.slice(0, rows));
  const dHard = dLdCos.map((row) => row.slice(rows));
  // d cos(a_i, b_j) / d u_a_i = u_b_j, so dL/dU_a = G_pos U_p + G_hard U_n, dL/dU_p = G_pos^T U_a, ...
  const gradAnchorUnit = matMul(dLdCos, n === null ? p.unit : [...p.unit, ...n.unit]);
  return {
    loss: mean(rowsCe.map((ce) => ce.loss)),
    perRowLoss: rowsCe.map((ce) => ce.loss),
    anchorNormalized: a.unit,
    positiveNormalized: p.unit,
    hardNegativeNormalized: n === null ? null : n.unit,
    cosPositive,
    cosHardNegative,
    logits,
    labels: logits.map((_, i) => i),
    p: probabilities,
    dLdCos,
    gradAnchor: backpropNormalize(a.unit, a.norms, gradAnchorUnit),
    gradPositive: backpropNormalize(p.unit, p.norms, matMul(transpose(dPositive), a.unit)),
    gradHardNegative:
      n === null ? null : backpropNormalize(n.unit, n.norms, matMul(transpose(dHard), a.unit)),
  };
}
