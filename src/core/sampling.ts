// Negative selection on plain arrays: which candidates count as "hard" under each rule, and MoCHi's synthetic
// hard negatives (Kalantidis et al. 2020) with the mixing coefficients given (the caller draws them from rng).

import {
  assertMatrix,
  at,
  backpropNormalize,
  dot,
  gram,
  type Matrix,
  normalizeRows,
  normalizeVector,
  softmaxCrossEntropy,
  type Vector,
} from './linalg';

/** Negative-selection rules: cosine to the anchor or to the positive, and KGPolicy's score (raw dot or cosine). */
export type NegativeRule =
  | 'nearest_to_anchor_cos'
  | 'nearest_to_positive_cos'
  | 'kgpolicy_dot'
  | 'kgpolicy_cos';

/** All negative-selection rules, in the oracle's order. */
export const NEGATIVE_RULES: readonly NegativeRule[] = [
  'nearest_to_anchor_cos',
  'nearest_to_positive_cos',
  'kgpolicy_dot',
  'kgpolicy_cos',
];

/**
 * Hardness score of each pool row (higher = harder negative):
 * - nearest_to_anchor_cos: cos(anchor, n); nearest_to_positive_cos: cos(positive, n)
 * - kgpolicy_dot: anchor . n + n . positive on RAW vectors (KGPolicy's get_reward = neg_scores + ij)
 * - kgpolicy_cos: cos(anchor, n) + cos(positive, n), the normalised variant.
 */
export function negativeScores(anchor: Vector, positive: Vector, pool: Matrix, rule: NegativeRule): number[] {
  const width = assertMatrix(pool, 'pool');
  if (anchor.length !== width || positive.length !== width)
    throw new Error('invalid anchor: width differs from pool');
  if (rule === 'kgpolicy_dot') return pool.map((n) => dot(anchor, n) + dot(n, positive));
  const [cosAnchor, cosPositive] = gram(normalizeRows([anchor, positive]).unit, normalizeRows(pool).unit);
  if (cosAnchor === undefined || cosPositive === undefined) throw new Error('invalid pool');
  switch (rule) {
    case 'nearest_to_anchor_cos':
      return cosAnchor;
    case 'nearest_to_positive_cos':
      return cosPositive;
    case 'kgpolicy_cos':
      return cosAnchor.map((s, j) => s + at(cosPositive, j));
    default:
      throw new Error(`invalid rule: ${String(rule)}`);
  }
}

/** Indices sorted by score, highest first; equal scores keep index order (a stable sort). */
export function rankDescending(scores: Vector): number[] {
  return scores
    .map((score, index) => ({ score, index }))
    .sort((a, b) => b.score - a.score || a.index - b.index)
    .map(({ index }) => index);
}

/** The k highest-scoring indices, highest first (the k hardest negatives). */
export function topK(scores: Vector, k: number): number[] {
  if (!(Number.isInteger(k) && k >= 0 && k <= scores.length)) throw new Error(`invalid k: ${k}`);
  return rankDescending(scores).slice(0, k);
}

/** Smallest gap between consecutive sorted scores (0 means a tie, so the ranking depends on tie-breaking). */
export function minScoreGap(scores: Vector): number {
  const sorted = [...scores].sort((a, b) => b - a);
  return sorted
    .slice(1)
    .reduce((gap, score, k) => Math.min(gap, at(sorted, k) - score), Number.POSITIVE_INFINITY);
}

/** Inputs of one MoCHi query: the mixing coefficients are given, so the result is deterministic. */
export interface MochiInput {
  /** [d] raw query (normalised inside; the gradient is w.r.t. this raw vector). */
  readonly query: Vector;
  /** [d] positive key (normalised inside; no gradient: a momentum-encoder output). */
  readonly key: Vector;
  /** K x d queue of negative keys (normalised inside; no gradient). */
  readonly queue: Matrix;
  readonly tau: number;
  /** How many of the hardest queue entries (by u_q . n) the mixes may use. */
  readonly hardestCount: number;
  /** Each [rank_i, rank_j, alpha]: h = normalize(alpha n_{rank_i} + (1 - alpha) n_{rank_j}), alpha in [0, 1]. */
  readonly mixPairs: readonly (readonly [number, number, number])[];
  /** Each [rank_j, beta]: h' = normalize(beta u_q + (1 - beta) n_{rank_j}), beta in [0, 0.5] (harder than n_j). */
  readonly queryMixes: readonly (readonly [number, number])[];
}

/** MoCHi's synthetic negatives and the query's loss with and without them (label 0 = the key). */
export interface MochiResult {
  /** [d] u_q. */
  readonly queryNormalized: number[];
  /** [K] u_q . n_j for the unit queue rows. */
  readonly queryDotQueue: number[];
  /** [hardestCount] queue indices sorted by u_q . n, highest first; ranks index into this. */
  readonly hardestQueueIndices: number[];
  /** mixPairs.length x d and queryMixes.length x d unit synthetic negatives. */
  readonly syntheticH: number[][];
  readonly syntheticHPrime: number[][];
  readonly queryDotH: number[];
  readonly queryDotHPrime: number[];
  /** u_q . n_{rank_j} for each query mix: h' is at least this close to the query. */
  readonly queryDotSourceOfHPrime: number[];
  /** [1 + K] (u_q . key, u_q . queue) / tau, and [1 + K + |h| + |h'|] with the synthetic points appended. */
  readonly logitsWithoutSynthetic: number[];
  readonly logitsWithSynthetic: number[];
  /** Cross-entropy with label 0, in nats. */
  readonly lossWithoutSynthetic: number;
  readonly lossWithSynthetic: number;
  /** [d] gradient w.r.t. the raw query; key, queue and synthetic points are detached. */
  readonly gradQueryWithoutSynthetic: number[];
  readonly gradQueryWithSynthetic: number[];
}

/** MoCHi mixing for one query with given coefficients: synthetic h and h', logits, losses and query gradients. */
export function mochi(input: MochiInput): MochiResult {
  const { tau, hardestCount } = input;
  if (!(Number.isFinite(tau) && tau > 0)) throw new Error(`invalid tau: ${tau}`);
  const width = assertMatrix(input.queue, 'queue');
  if (input.query.length !== width || input.key.length !== width)
    throw new Error('invalid query: width differs');
  if (!(Number.isInteger(hardestCount) && hardestCount >= 1 && hardestCount <= input.queue.length)) {
    throw new Error(`invalid hardestCount: ${hardestCount}`);
  }
  const q = normalizeVector(input.query);
  const key = normalizeVector(input.key).unit;
  const queue = normalizeRows(input.queue).unit;
  const queryDotQueue = queue.map((n) => dot(q.unit, n));
  const hardest = topK(queryDotQueue, hardestCount);
  const byRank = (rank: number): readonly number[] => {
    if (!(Number.isInteger(rank) && rank >= 0 && rank < hardestCount))
      throw new Error(`invalid rank: ${rank}`);
    return at(queue, at(hardest, rank));
  };
  const mix = (a: readonly number[], b: readonly number[], weight: number): number[] =>
    a.map((v, k) => weight * v + (1 - weight) * at(b, k));
  const syntheticH = normalizeRows(
    input.mixPairs.map(([rankI, rankJ, alpha]) => {
      if (!(alpha >= 0 && alpha <= 1)) throw new Error(`invalid alpha: ${alpha}`);
      return mix(byRank(rankI), byRank(rankJ), alpha);
    }),
  ).unit;
  const syntheticHPrime = normalizeRows(
    input.queryMixes.map(([rankJ, beta]) => {
      if (!(beta >= 0 && beta <= 0.5)) throw new Error(`invalid beta: ${beta}`);
      return mix(q.unit, byRank(rankJ), beta);
    }),
  ).unit;
  const without = queryLoss(q, [key, ...queue], tau);
  const withSynthetic = queryLoss(q, [key, ...queue, ...syntheticH, ...syntheticHPrime], tau);
  return {
    queryNormalized: q.unit,
    queryDotQueue,
    hardestQueueIndices: hardest,
    syntheticH,
    syntheticHPrime,
    queryDotH: syntheticH.map((h) => dot(q.unit, h)),
    queryDotHPrime: syntheticHPrime.map((h) => dot(q.unit, h)),
    queryDotSourceOfHPrime: input.queryMixes.map(([rankJ]) => dot(q.unit, byRank(rankJ))),
    logitsWithoutSynthetic: without.logits,
    logitsWithSynthetic: withSynthetic.logits,
    lossWithoutSynthetic: without.loss,
    lossWithSynthetic: withSynthetic.loss,
    gradQueryWithoutSynthetic: without.gradQuery,
    gradQueryWithSynthetic: withSynthetic.gradQuery,
  };
}

// Cross-entropy of the query against detached unit candidates (label 0 = the key) and its gradient w.r.t. the
// raw query: dL/du_q = sum_j (p_j - [j = 0]) c_j / tau, then back through the normalisation.
function queryLoss(
  q: { unit: number[]; norm: number },
  candidates: Matrix,
  tau: number,
): { logits: number[]; loss: number; gradQuery: number[] } {
  const logits = candidates.map((c) => dot(q.unit, c) / tau);
  const { loss, probabilities } = softmaxCrossEntropy(logits, 0);
  const gradUnit = q.unit.map((_, k) =>
    candidates.reduce((sum, c, j) => sum + ((at(probabilities, j) - (j === 0 ? 1 : 0)) * at(c, k)) / tau, 0),
  );
  return { logits, loss, gradQuery: at(backpropNormalize([q.unit], [q.norm], [gradUnit]), 0) };
}
