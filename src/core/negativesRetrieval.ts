// Negatives from outside the in-batch [a, a', b, b'] block, in float64: a MoCo queue (with NV-Retriever's
// positive-aware filter and MoCo's momentum update), in-batch sampled softmax with logQ correction
// (tensorflow_recommenders), and the full softmax over a corpus that in-batch negatives approximate. Each is a
// softmax of anchors against candidate rows; every loss is a mean, gradients are w.r.t. the raw inputs through
// the normalisation. Conventions as tests/oracle/README.md.

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
  transpose,
  type Vector,
} from './linalg';
import { keptSoftmaxCrossEntropy } from './negatives';

/** Unit rows and their norms, as normalizeRows returns them. */
export interface NormalizedRows {
  readonly unit: number[][];
  readonly norms: number[];
}

/**
 * Raw-input gradients of a loss whose derivative w.r.t. S = cos(a_i, b_j) (a.length x b.length) is dLdS:
 * dL/dU_a = dLdS U_b and dL/dU_b = dLdS^T U_a, each then back through u = x / ||x||.
 */
export function gradFromCrossSimilarity(
  dLdS: Matrix,
  a: NormalizedRows,
  b: NormalizedRows,
): { gradA: number[][]; gradB: number[][] } {
  return {
    gradA: backpropNormalize(a.unit, a.norms, matMul(dLdS, b.unit)),
    gradB: backpropNormalize(b.unit, b.norms, matMul(transpose(dLdS), a.unit)),
  };
}

/** The softmax of anchors over candidate rows: cosines, logits, weights, losses and raw-input gradients. */
export interface CandidateSoftmaxResult {
  /** [A][d] and [C][d] unit rows. */
  readonly anchorsNormalized: number[][];
  readonly candidatesNormalized: number[][];
  /** A x C cos(a_i, c_j) and the logits cos / tau + shift (every column, kept or not). */
  readonly cos: number[][];
  readonly logits: number[][];
  /** A x C softmax over each anchor's positive and kept columns (0 elsewhere). */
  readonly p: number[][];
  /** [A] cross-entropy with the anchor's positive, and its mean over the A anchors. */
  readonly perRowLoss: number[];
  readonly loss: number;
  /** A x C gradient of the mean loss w.r.t. the cosines: (p - onehot(pos)) / (A tau). */
  readonly dLdCos: number[][];
  /** [A][d] and [C][d] dL/d(raw rows). */
  readonly gradAnchors: number[][];
  readonly gradCandidates: number[][];
}

/**
 * Cross-entropy of each anchor's cosines to the candidates, divided by tau plus an optional per-column shift,
 * with label positives[i]; `kept` (A x C, default all true) says which other columns stay in the denominator.
 */
export function candidateSoftmax(
  anchors: Matrix,
  candidates: Matrix,
  positives: readonly number[],
  tau: number,
  options: { readonly kept?: readonly (readonly boolean[])[]; readonly shift?: Vector } = {},
): CandidateSoftmaxResult {
  assertPositiveFinite(tau, 'tau');
  if (assertMatrix(anchors, 'anchors') !== assertMatrix(candidates, 'candidates')) {
    throw new Error('invalid candidates: width differs from anchors');
  }
  if (positives.length !== anchors.length) throw new Error(`invalid positives: ${positives.length}`);
  const a = normalizeRows(anchors);
  const c = normalizeRows(candidates);
  const cos = gram(a.unit, c.unit);
  const { kept, shift } = options;
  const rows = cos.map((row, i) =>
    keptSoftmaxCrossEntropy(
      row,
      tau,
      at(positives, i),
      kept === undefined ? row.map(() => true) : at(kept, i),
      shift,
    ),
  );
  const dLdCos = rows.map((r) => r.dlds.map((g) => g / anchors.length));
  const { gradA, gradB } = gradFromCrossSimilarity(dLdCos, a, c);
  return {
    anchorsNormalized: a.unit,
    candidatesNormalized: c.unit,
    cos,
    logits: cos.map((row) => row.map((s, j) => s / tau + (shift === undefined ? 0 : at(shift, j)))),
    p: rows.map((r) => r.p),
    perRowLoss: rows.map((r) => r.loss),
    loss: mean(rows.map((r) => r.loss)),
    dLdCos,
    gradAnchors: gradA,
    gradCandidates: gradB,
  };
}

// ---- MoCo queue ------------------------------------------------------------------------------------------------

/** MoCo's InfoNCE for B queries against their keys and a shared queue; per-query rows are [positive | queue]. */
export interface QueueInfoNceResult {
  /** [B][d], [B][d], [K][d] unit queries, keys and queue rows. */
  readonly queryNormalized: number[][];
  readonly keyNormalized: number[][];
  readonly queueNormalized: number[][];
  /** [B] u_q . u_k and B x K u_q . u_queue_j. */
  readonly lPos: number[];
  readonly lNeg: number[][];
  /** B x (1 + K) [l_pos | l_neg] / tau, label 0 in every row. */
  readonly logits: number[][];
  readonly labels: number[];
  /** B x (1 + K) softmax over the positive and the kept queue entries (0 at dropped ones). */
  readonly p: number[][];
  /** [B] cross-entropy with label 0, and the mean over the B queries. */
  readonly perQueryLoss: number[];
  readonly loss: number;
  /** [B][d] dL/d(raw queries); keys and queue are detached constants, as in MoCo. */
  readonly gradQuery: number[][];
}

/**
 * facebookresearch/moco MoCo.forward's loss: logits [u_q . u_k | u_q . u_queue] / tau, label 0, mean over the
 * queries. keptQueue (B x K, default all true) drops queue entries per query (the positive-aware filter).
 */
export function queueInfoNce(
  query: Matrix,
  key: Matrix,
  queue: Matrix,
  tau: number,
  keptQueue?: readonly (readonly boolean[])[],
): QueueInfoNceResult {
  if (key.length !== query.length)
    throw new Error(`invalid key: ${key.length} rows for ${query.length} queries`);
  const b = query.length;
  // Candidates [keys; queue]: query i's positive is key i, other queries' keys never enter its denominator.
  const res = candidateSoftmax(
    query,
    [...key, ...queue],
    query.map((_, i) => i),
    tau,
    {
      kept: query.map((_, i) => [
        ...key.map(() => false),
        ...queue.map((_, j) => keptQueue === undefined || at(at(keptQueue, i), j)),
      ]),
    },
  );
  const ownColumns = (row: readonly number[], i: number): number[] => [at(row, i), ...row.slice(b)];
  return {
    queryNormalized: res.anchorsNormalized,
    keyNormalized: res.candidatesNormalized.slice(0, b),
    queueNormalized: res.candidatesNormalized.slice(b),
    lPos: res.cos.map((row, i) => at(row, i)),
    lNeg: res.cos.map((row) => row.slice(b)),
    logits: res.logits.map(ownColumns),
    labels: query.map(() => 0),
    p: res.p.map(ownColumns),
    perQueryLoss: res.perRowLoss,
    loss: res.loss,
    gradQuery: res.gradAnchors,
  };
}

/** NV-Retriever's TopK-PercPos on a queue: per query, which entries stay below perc times the positive's score. */
export interface PositiveAwareFilter {
  /** [B] perc * l_pos. */
  readonly threshold: number[];
  /** B x K, true where l_neg <= threshold (kept); [B] how many each query keeps. */
  readonly keptMask: boolean[][];
  readonly keptCount: number[];
  /** Smallest |l_neg - threshold|: how far the selection is from changing. */
  readonly minAbsDistance: number;
}

/** Keeps queue entry j for query b where l_neg[b][j] <= perc l_pos[b] (no top-k cap); a constant, no gradient. */
export function positiveAwareFilter(lPos: Vector, lNeg: Matrix, perc: number): PositiveAwareFilter {
  if (!Number.isFinite(perc)) throw new Error(`invalid perc: ${perc}`);
  if (lNeg.length !== lPos.length) throw new Error(`invalid lNeg: ${lNeg.length} rows for ${lPos.length}`);
  const threshold = lPos.map((s) => perc * s);
  const keptMask = lNeg.map((row, b) => row.map((s) => s <= at(threshold, b)));
  return {
    threshold,
    keptMask,
    keptCount: keptMask.map((row) => row.filter(Boolean).length),
    minAbsDistance: Math.min(...lNeg.flatMap((row, b) => row.map((s) => Math.abs(s - at(threshold, b))))),
  };
}

/** MoCo's _momentum_update_key_encoder on one parameter vector: p_k m + p_q (1 - m), in the code's order. */
export function momentumUpdate(keyParams: Vector, queryParams: Vector, m: number): number[] {
  assertMomentum(keyParams, queryParams, m, 1);
  return keyParams.map((pk, k) => pk * m + at(queryParams, k) * (1 - m));
}

/** `steps` momentum updates with the query parameters held fixed. */
export function momentumSteps(keyParams: Vector, queryParams: Vector, m: number, steps: number): number[] {
  assertMomentum(keyParams, queryParams, m, steps);
  let params = [...keyParams];
  for (let step = 0; step < steps; step++) params = momentumUpdate(params, queryParams, m);
  return params;
}

/** The closed form of momentumSteps: p_q + m^steps (p_k - p_q). */
export function momentumClosedForm(
  keyParams: Vector,
  queryParams: Vector,
  m: number,
  steps: number,
): number[] {
  assertMomentum(keyParams, queryParams, m, steps);
  return queryParams.map((pq, k) => pq + m ** steps * (at(keyParams, k) - pq));
}

// m in [0, 1], a whole number of steps >= 0, and parameter vectors of one length.
function assertMomentum(keyParams: Vector, queryParams: Vector, m: number, steps: number): void {
  if (!(m >= 0 && m <= 1)) throw new Error(`invalid m: ${m}`);
  if (!(Number.isInteger(steps) && steps >= 0)) throw new Error(`invalid steps: ${steps}`);
  if (keyParams.length !== queryParams.length) {
    throw new Error(`invalid queryParams: length ${queryParams.length}, not ${keyParams.length}`);
  }
}

// ---- logQ correction and the full softmax ----------------------------------------------------------------------

/** tensorflow_recommenders' SamplingProbablityCorrection clips p to [1e-6, 1] before its log. */
export const LOGQ_MIN_PROBABILITY = 1e-6;

/** clip(p, 1e-6, 1) per item and the logit shift -log of it that logQ correction adds to each column. */
export function logQShift(itemProbability: Vector): { clipped: number[]; shift: number[] } {
  const clipped = itemProbability.map((p, j) => {
    if (!(p >= 0 && p <= 1)) throw new Error(`invalid itemProbability: ${p} (item ${j})`);
    return Math.min(1, Math.max(LOGQ_MIN_PROBABILITY, p));
  });
  return { clipped, shift: clipped.map((p) => -Math.log(p)) };
}

/** In-batch sampled softmax of N queries over N items (item i is query i's positive), with and without logQ. */
export interface LogQResult {
  /** [N] clip(p, 1e-6, 1) and -log of it. */
  readonly pClipped: number[];
  readonly minusLogPClipped: number[];
  /** N x N cos(u_i, v_j) and [N] labels i. */
  readonly cos: number[][];
  readonly labels: number[];
  /** logits cos / tau - log(clip(p_j)) on every column, the positive's included; and plain cos / tau. */
  readonly corrected: CandidateSoftmaxResult;
  readonly uncorrected: CandidateSoftmaxResult;
}

/** Yi et al.'s logQ-corrected in-batch softmax as tensorflow_recommenders' Retrieval computes it, on cosines. */
export function logQCorrection(
  queries: Matrix,
  items: Matrix,
  itemProbability: Vector,
  tau: number,
): LogQResult {
  if (items.length !== queries.length || itemProbability.length !== items.length) {
    throw new Error(
      `invalid items: ${items.length} items, ${itemProbability.length} p, ${queries.length} queries`,
    );
  }
  const { clipped, shift } = logQShift(itemProbability);
  const labels = queries.map((_, i) => i);
  const uncorrected = candidateSoftmax(queries, items, labels, tau);
  return {
    pClipped: clipped,
    minusLogPClipped: shift,
    cos: uncorrected.cos,
    labels,
    corrected: candidateSoftmax(queries, items, labels, tau, { shift }),
    uncorrected,
  };
}

/** The softmax over a whole corpus and its in-batch approximation (the batch's own positives only). */
export interface FullSoftmaxResult {
  /** Over all M corpus rows: N x M cosines, logits, softmax, losses and gradients of anchors and corpus. */
  readonly full: CandidateSoftmaxResult;
  /** Over the columns positiveIndex (in batch order, label i): N x N, gradients w.r.t. the raw anchors. */
  readonly inBatch: CandidateSoftmaxResult;
  /** [N] the corpus rows the in-batch softmax runs over. */
  readonly inBatchColumns: number[];
}

/** l_i = -log softmax_j(cos(a_i, c_j) / tau)[pos_i] over the whole corpus, and over the batch's positives only. */
export function fullSoftmax(
  anchors: Matrix,
  corpus: Matrix,
  positiveIndex: readonly number[],
  tau: number,
): FullSoftmaxResult {
  positiveIndex.forEach((j, i) => {
    const valid = Number.isInteger(j) && j >= 0 && j < corpus.length && positiveIndex.indexOf(j) === i;
    if (!valid) throw new Error(`invalid positiveIndex: ${positiveIndex.join(',')}`);
  });
  const columns = [...positiveIndex];
  return {
    full: candidateSoftmax(anchors, corpus, positiveIndex, tau),
    inBatch: candidateSoftmax(
      anchors,
      columns.map((j) => at(corpus, j)),
      columns.map((_, i) => i),
      tau,
    ),
    inBatchColumns: columns,
  };
}
