// Debiased (DCL, chingyaoc/DCL) and hard-negative (HCL, joshr17/HCL) contrastive losses on the lab's
// [a, a', b, b'] layout, written per anchor (the loss is a mean over anchors, so the code's [a_1..a_N, b_1..b_N]
// layout gives the same value). Everything is computed in the log domain so t down to 1e-4 (exp(1e4)) stays finite.

import {
  gradFromSelfSimilarity,
  isNegative,
  maskedLogits,
  negativeIndices,
  pairedBatch,
  positiveIndex,
} from './contrastive';
import { assertPositiveFinite, at, logAddExp, logSumExp, type Matrix, mean, scaleMatrix } from './linalg';

/** DCL/HCL settings: temperature t, class prior tau_plus in [0, 1), hardness beta >= 0 (0 gives DCL). */
export interface DebiasedOptions {
  readonly t: number;
  readonly tauPlus: number;
  readonly beta: number;
}

/** DCL/HCL on one [a, a', b, b'] batch (2N rows, M = 2N - 2 negatives per anchor). */
export interface DebiasedResult {
  /** Mean of perAnchorLoss over the 2N anchors, in nats. */
  readonly loss: number;
  /** [2N] l_i = -log(pos_i / (pos_i + Ng_i)). */
  readonly perAnchorLoss: number[];
  /** [2N] the negative term after the floor. Overflows to Infinity for t below ~1.4e-3: use logNg there. */
  readonly Ng: number[];
  /** [2N] (-tau_plus M pos_i + reweight_i) / (1 - tau_plus) before the floor (may be negative or overflow). */
  readonly NgUnclamped: number[];
  /** [2N] log Ng_i, always finite. */
  readonly logNg: number[];
  /** [2N] true where the floor M e^(-1/t) replaced Ng (no gradient flows through Ng then). */
  readonly clampActive: boolean[];
  /** The floor M e^(-1/t). */
  readonly clampFloor: number;
  /** 2N x 2N HCL importance imp_ij / mean_k imp_ik at negatives, 0 at self and partner (all 1 when beta = 0). */
  readonly importanceWeights: number[][];
  /** [2N][d] dL/dx of the mean loss w.r.t. the raw rows. */
  readonly gradX: number[][];
}

/**
 * HCL with DCL's debiasing: pos_i = exp(s_i,pos / t), neg_ij = exp(s_ij / t), imp_ij = neg_ij^beta,
 * reweight_i = sum_j imp_ij neg_ij / mean_j imp_ij, Ng_i = max((-tau_plus M pos_i + reweight_i) / (1 - tau_plus),
 * M e^(-1/t)), l_i = -log(pos_i / (pos_i + Ng_i)). beta = 0 is DCL; tau_plus = 0 and beta = 0 is NT-Xent at t.
 */
export function debiasedContrastive(x: Matrix, options: DebiasedOptions): DebiasedResult {
  const { t, tauPlus, beta } = options;
  assertPositiveFinite(t, 't');
  if (!(tauPlus >= 0 && tauPlus < 1)) throw new Error(`invalid tauPlus: ${tauPlus}`);
  if (!(Number.isFinite(beta) && beta >= 0)) throw new Error(`invalid beta: ${beta}`);
  const batch = pairedBatch(x);
  const rows = x.length;
  const negativeCount = rows - 2;
  const logFloor = Math.log(negativeCount) - 1 / t;
  const anchors = batch.cos.map((cosRow, i) => {
    const partner = positiveIndex(i);
    const negatives = negativeIndices(i, rows);
    // z_ij = s_ij / t with self and partner masked: the same logits as InfoNCE's relative penalty r.
    const z = maskedLogits(cosRow, t, [i, partner]);
    const zNegatives = negatives.map((j) => at(z, j));
    const zPos = at(cosRow, partner) / t;
    const logImportanceNorm = logSumExp(zNegatives.map((zj) => beta * zj));
    const logHardNorm = logSumExp(zNegatives.map((zj) => (1 + beta) * zj));
    const logReweight = Math.log(negativeCount) + logHardNorm - logImportanceNorm;
    const unclamped = debiasedNegativeTerm(logReweight, Math.log(tauPlus * negativeCount) + zPos, tauPlus);
    const clamped = unclamped.log < logFloor;
    const logNg = clamped ? logFloor : unclamped.log;
    const logDenominator = logAddExp(zPos, logNg);
    const positiveShare = Math.exp(zPos - logDenominator); // pos / (pos + Ng)
    // dl/dz_pos and dl/dz_j (z = s / t); through Ng only when the floor is not active.
    const dzPos = clamped
      ? positiveShare - 1
      : positiveShare * (1 - (tauPlus * negativeCount) / (1 - tauPlus)) - 1;
    const negativeScale = clamped ? 0 : Math.exp(logReweight - logDenominator) / (1 - tauPlus);
    const dlds = z.map((zj, j) => {
      if (j === partner) return dzPos / t;
      if (!isNegative(i, j)) return 0;
      const hardShare = Math.exp((1 + beta) * zj - logHardNorm);
      const importanceShare = Math.exp(beta * zj - logImportanceNorm);
      return (negativeScale * ((1 + beta) * hardShare - beta * importanceShare)) / t;
    });
    return {
      loss: logAddExp(0, logNg - zPos),
      logNg,
      ngUnclamped: unclamped.value,
      clamped,
      importance: z.map((zj, j) =>
        isNegative(i, j) ? negativeCount * Math.exp(beta * zj - logImportanceNorm) : 0,
      ),
      dlds,
    };
  });
  const perAnchorLoss = anchors.map((anchor) => anchor.loss);
  const clampFloor = Math.exp(logFloor);
  return {
    loss: mean(perAnchorLoss),
    perAnchorLoss,
    Ng: anchors.map((anchor) => (anchor.clamped ? clampFloor : anchor.ngUnclamped)),
    NgUnclamped: anchors.map((anchor) => anchor.ngUnclamped),
    logNg: anchors.map((anchor) => anchor.logNg),
    clampActive: anchors.map((anchor) => anchor.clamped),
    clampFloor,
    importanceWeights: anchors.map((anchor) => anchor.importance),
    gradX: gradFromSelfSimilarity(
      scaleMatrix(
        anchors.map((anchor) => anchor.dlds),
        1 / rows,
      ),
      batch,
    ),
  };
}

// (reweight - tau_plus M pos) / (1 - tau_plus) from the logs of its two terms, scaled by the larger one so that
// neither exponential overflows; `log` is -Infinity when the difference is not positive.
function debiasedNegativeTerm(
  logReweight: number,
  logPositiveCorrection: number,
  tauPlus: number,
): { value: number; log: number } {
  const shift = Math.max(logReweight, logPositiveCorrection);
  const scaled = (Math.exp(logReweight - shift) - Math.exp(logPositiveCorrection - shift)) / (1 - tauPlus);
  return {
    value: scaled === 0 ? 0 : scaled * Math.exp(shift),
    log: scaled > 0 ? shift + Math.log(scaled) : Number.NEGATIVE_INFINITY,
  };
}
