// Which negatives an in-batch anchor compares against, in float64: Wang & Liu's hard-negative quantile (only the
// top ceil(alpha M) negatives stay in the denominator) and labelled false negatives (removed: elimination, or
// pulled like positives: fnc's attraction). Layout [a, a', b, b', ...]: positive i XOR 1, the diagonal excluded,
// M = 2N - 2 negatives per anchor, every loss a mean over the 2N anchors, gradients w.r.t. the raw rows with any
// selection held fixed. Conventions as tests/oracle/README.md. The float64 twin of engine/negativeLosses.ts;
// queue, logQ and full-softmax forms live in negativesRetrieval.ts.

import {
  gradFromSelfSimilarity,
  infoNceUnsup,
  isNegative,
  maskedLogits,
  negativeIndices,
  type PairedBatch,
  pairedBatch,
  positiveIndex,
} from './contrastive';
import {
  assertPositiveFinite,
  at,
  type Matrix,
  mean,
  scaleMatrix,
  softmax,
  softmaxCrossEntropy,
  type Vector,
} from './linalg';
import { rankDescending } from './sampling';

/** One anchor's loss over its positive and the columns in its denominator; rows of length C (0 outside). */
export interface KeptAnchor {
  /** l = -log p_pos, in nats (>= 0). */
  readonly loss: number;
  /** Softmax over {positive} U kept, 0 elsewhere; sums to 1. */
  readonly p: number[];
  /** dl/ds_j = (p_j - [j = positive]) / tau on {positive} U kept, 0 elsewhere (w.r.t. the scores, not logits). */
  readonly dlds: number[];
}

/**
 * l = -log( e^{z_pos} / (e^{z_pos} + sum over kept j of e^{z_j}) ), z_j = s_j / tau + shift_j: the float64 twin of
 * the engine's keptCrossEntropy. scores: one anchor's C similarities; kept: C flags, true where column j stays in
 * the denominator as a negative (ignored at the positive); shift: C additive logits after the division by tau
 * (logQ's -log p_j, the positive's included), or undefined. Throws `invalid <name>: <value>` on bad arguments.
 */
export function keptSoftmaxCrossEntropy(
  scores: Vector,
  tau: number,
  positive: number,
  kept: readonly boolean[],
  shift?: Vector,
): KeptAnchor {
  assertPositiveFinite(tau, 'tau');
  if (!(Number.isInteger(positive) && positive >= 0 && positive < scores.length)) {
    throw new Error(`invalid positive: ${positive}`);
  }
  if (kept.length !== scores.length)
    throw new Error(`invalid kept: length ${kept.length}, not ${scores.length}`);
  if (shift !== undefined && shift.length !== scores.length) {
    throw new Error(`invalid shift: length ${shift.length}, not ${scores.length}`);
  }
  const logits = scores.map((s, j) =>
    j === positive || at(kept, j)
      ? s / tau + (shift === undefined ? 0 : at(shift, j))
      : Number.NEGATIVE_INFINITY,
  );
  const { loss, probabilities } = softmaxCrossEntropy(logits, positive);
  // At the positive, p - 1 = -(sum of the others' p): summing keeps full precision when p_pos rounds to 1.
  const otherMass = probabilities.reduce((sum, pj, j) => (j === positive ? sum : sum + pj), 0);
  return {
    loss,
    p: probabilities,
    dlds: probabilities.map((pj, j) => (j === positive ? -otherMass : pj) / tau),
  };
}

/**
 * How many of `count` negatives Wang & Liu's quantile keeps: max(1, ceil(alpha count)), with alpha taken as the
 * decimal it is written as (String(alpha)) and the product formed exactly, so 0.1 x 30 is 3, never 4.
 */
export function hardNegativeKeepCount(alpha: number, count: number): number {
  if (!(alpha > 0 && alpha <= 1)) throw new Error(`invalid alpha: ${alpha}`);
  if (!(Number.isInteger(count) && count >= 1)) throw new Error(`invalid count: ${count}`);
  const { numerator, denominator } = decimalFraction(alpha);
  const product = numerator * BigInt(count);
  const ceiling = (product + denominator - 1n) / denominator;
  return Math.max(1, Number(ceiling));
}

// alpha's shortest round-trip decimal ("0.25", "1e-7") as an exact fraction numerator / denominator.
function decimalFraction(value: number): { numerator: bigint; denominator: bigint } {
  const match = /^(\d+)(?:\.(\d+))?(?:e([+-]?\d+))?$/.exec(String(value));
  if (match === null) throw new Error(`invalid alpha: ${value}`);
  const [, whole = '', fraction = '', exponent = '0'] = match;
  const scale = fraction.length - Number(exponent); // value = digits x 10^-scale
  const digits = BigInt(whole + fraction);
  return scale >= 0
    ? { numerator: digits, denominator: 10n ** BigInt(scale) }
    : { numerator: digits * 10n ** BigInt(-scale), denominator: 1n };
}

/** A per-anchor loss over a [a, a', b, b'] batch: its mean, per-anchor values, weights, dl/ds and raw gradient. */
export interface AnchorLosses {
  /** Mean of perAnchorLoss over all 2N anchors, in nats. */
  readonly loss: number;
  /** [2N] l_i. */
  readonly perAnchorLoss: number[];
  /** 2N x 2N softmax over the anchor's own denominator set (0 outside it). */
  readonly p: number[][];
  /** 2N x 2N dl_i/ds_ij, per anchor, NOT divided by 2N. */
  readonly dlds: number[][];
  /** [2N][d] dL/dx of the mean loss w.r.t. the raw rows. */
  readonly gradX: number[][];
}

// Mean loss and raw gradient from per-anchor results: dL/dS = dlds / 2N, then through S = U U^T.
function anchorLosses(anchors: readonly KeptAnchor[], batch: PairedBatch): AnchorLosses {
  const dlds = anchors.map((a) => a.dlds);
  return {
    loss: mean(anchors.map((a) => a.loss)),
    perAnchorLoss: anchors.map((a) => a.loss),
    p: anchors.map((a) => a.p),
    dlds,
    gradX: gradFromSelfSimilarity(scaleMatrix(dlds, 1 / anchors.length), batch),
  };
}

/** Wang & Liu's hard contrastive loss on a [a, a', b, b'] batch and the selection behind it. */
export interface HardQuantileResult extends AnchorLosses {
  /** 2N x 2N cosines; [2N] pos(i) = i XOR 1. */
  readonly cos: number[][];
  readonly positiveIndex: number[];
  /** M = 2N - 2 negatives per anchor, of which every anchor keeps k. */
  readonly negativeCount: number;
  readonly keptCount: number;
  /** 2N x 2N, true where negative j is kept for anchor i (false at self and positive). */
  readonly keptMask: boolean[][];
  /** [2N][k] the kept columns, most similar first (ties: lower column first, a stable sort). */
  readonly keptIndicesDesc: number[][];
  /** [2N] s of the k-th kept negative: the upper-alpha quantile s_alpha of the anchor's negatives. */
  readonly threshold: number[];
  /** [2N] the largest dropped similarity and threshold minus it; null when k = M (nothing dropped). */
  readonly largestDropped: number[] | null;
  readonly selectionMargin: number[] | null;
}

/**
 * Hard-negative quantile loss: anchor i keeps only its k = max(1, ceil(alpha M)) most similar negatives,
 * l_i = -log( e^{s_pos/tau} / (e^{s_pos/tau} + sum over kept k of e^{s_ik/tau}) ); alpha = 1 is NT-Xent.
 * The selection carries no gradient. Throws `invalid alpha|tau|embedding|batch rows: ...`.
 */
export function hardQuantile(x: Matrix, tau: number, alpha: number): HardQuantileResult {
  assertPositiveFinite(tau, 'tau');
  const batch = pairedBatch(x);
  const rows = x.length;
  const negativeCount = rows - 2;
  const k = hardNegativeKeepCount(alpha, negativeCount);
  const anchors = batch.cos.map((row, i) => {
    const negatives = negativeIndices(i, rows); // ascending, so the stable rank breaks ties by lower column
    const order = rankDescending(negatives.map((j) => at(row, j))).map((r) => at(negatives, r));
    const keptIndices = order.slice(0, k);
    const kept = row.map((_, j) => keptIndices.includes(j));
    const threshold = at(row, at(keptIndices, k - 1));
    const largestDropped = k < negativeCount ? at(row, at(order, k)) : null;
    return {
      kept,
      keptIndices,
      threshold,
      largestDropped,
      ...keptSoftmaxCrossEntropy(row, tau, positiveIndex(i), kept),
    };
  });
  const dropped = k < negativeCount ? anchors.map((a) => a.largestDropped ?? Number.NaN) : null;
  return {
    ...anchorLosses(anchors, batch),
    cos: batch.cos,
    positiveIndex: x.map((_, i) => positiveIndex(i)),
    negativeCount,
    keptCount: k,
    keptMask: anchors.map((a) => a.kept),
    keptIndicesDesc: anchors.map((a) => a.keptIndices),
    threshold: anchors.map((a) => a.threshold),
    largestDropped: dropped,
    selectionMargin: dropped === null ? null : anchors.map((a, i) => a.threshold - at(dropped, i)),
  };
}

/** False negatives of a labelled [a, a', b, b'] batch: F_ij = j is a negative of i (not i, not i^1) of i's label. */
export function falseNegativeMask(labels: readonly number[]): boolean[][] {
  return labels.map((li, i) => labels.map((lj, j) => isNegative(i, j) && lj === li));
}

/** Attraction's loss: the InfoNCE softmax, with its target spread over the positive and the false negatives. */
export interface AttractionLosses extends AnchorLosses {
  /** 2N x 2N 1 / (1 + |F_i|) on {pos(i)} U F_i, 0 elsewhere; rows sum to 1. */
  readonly targetWeights: number[][];
  /** What fnc's add_contrastive_loss returns for two views: the sum over the views of each view's batch mean. */
  readonly fncCodeTotalLoss: number;
}

/** A labelled batch under InfoNCE, false-negative elimination and attraction, with the fn masks and weight share. */
export interface FalseNegativesResult {
  /** 2N x 2N F_i (false at self and positive) and [2N] |F_i|. */
  readonly falseNegativeMask: boolean[][];
  readonly falseNegativeCount: number[];
  /** [2N] true when every negative of anchor i is false (the whole batch is one class). */
  readonly noTrueNegative: boolean[];
  /** 2N x 2N softmax over the negatives only (Wang & Liu's relative penalty r_ij). */
  readonly r: number[][];
  /** [2N] sum over j in F_i of r_ij: the share of the push that lands on false negatives (0 when F_i is empty). */
  readonly fnWeightShare: number[];
  /** Plain InfoNCE: every negative in the denominator. */
  readonly infonce: AnchorLosses;
  /** l_i = -log( e^{s_pos/tau} / sum over k != i, k not in F_i of e^{s_ik/tau} ): F_i leaves the denominator. */
  readonly elimination: AnchorLosses;
  /** l_i = -(1/(1+|F_i|)) sum over j in {pos} U F_i of log p_ij, p the InfoNCE softmax (F_i stays below). */
  readonly attraction: AttractionLosses;
}

/**
 * False-negative elimination and attraction (Huynh et al.; google-research/fnc add_contrastive_loss for
 * attraction) on a [a, a', b, b'] batch with a class label per row; an anchor left with only its positive has
 * loss exactly 0 and still counts in the mean. Throws `invalid labels|tau|embedding: ...`.
 */
export function falseNegatives(x: Matrix, labels: readonly number[], tau: number): FalseNegativesResult {
  assertPositiveFinite(tau, 'tau');
  const batch = pairedBatch(x);
  if (labels.length !== x.length)
    throw new Error(`invalid labels: ${labels.length} labels for ${x.length} rows`);
  const fn = falseNegativeMask(labels);
  const counts = fn.map((row) => row.filter(Boolean).length);
  const infonce = infoNceUnsup(x, tau);
  const eliminated = batch.cos.map((row, i) =>
    keptSoftmaxCrossEntropy(
      row,
      tau,
      positiveIndex(i),
      row.map((_, j) => isNegative(i, j) && !at(at(fn, i), j)),
    ),
  );
  const attracted = batch.cos.map((row, i) => attractionAnchor(row, tau, i, at(fn, i)));
  const attraction = anchorLosses(attracted, batch);
  const viewMean = (view: number): number => mean(attraction.perAnchorLoss.filter((_, i) => i % 2 === view));
  return {
    falseNegativeMask: fn,
    falseNegativeCount: counts,
    noTrueNegative: counts.map((c) => c === x.length - 2),
    r: infonce.r,
    fnWeightShare: infonce.r.map((row, i) =>
      row.reduce((sum, rij, j) => (at(at(fn, i), j) ? sum + rij : sum), 0),
    ),
    infonce,
    elimination: anchorLosses(eliminated, batch),
    attraction: {
      ...attraction,
      targetWeights: attracted.map((a) => a.targetWeights),
      fncCodeTotalLoss: viewMean(0) + viewMean(1),
    },
  };
}

// One anchor of attraction: each target j in {i^1} U F_i gets weight w = 1/(1+|F_i|); the loss is the weighted
// cross-entropy sum_j w (lse - z_ij) over the self-masked softmax, and dl/ds_ij = (p_ij - w_ij) / tau.
function attractionAnchor(
  row: Vector,
  tau: number,
  anchor: number,
  falseNegative: readonly boolean[],
): KeptAnchor & { targetWeights: number[] } {
  const isTarget = (j: number): boolean => j === positiveIndex(anchor) || at(falseNegative, j);
  const targets = row.map((_, j) => j).filter(isTarget);
  const weight = 1 / targets.length;
  const logits = maskedLogits(row, tau, [anchor]);
  const loss = targets.reduce((sum, j) => sum + weight * softmaxCrossEntropy(logits, j).loss, 0);
  const p = softmax(logits);
  const targetWeights = row.map((_, j) => (isTarget(j) ? weight : 0));
  return { loss, p, dlds: p.map((pj, j) => (pj - at(targetWeights, j)) / tau), targetWeights };
}
