// The weight each objective really gives its negatives, in closed form and float64: for one anchor, the
// derivative of its own loss l_i with respect to each candidate's similarity s_ij (the push), to the positive's
// (the pull), and the normalised weight r_ij = (dl_i/ds_ij) / sum over the candidates. For InfoNCE r is Wang &
// Liu's relative penalty, the softmax of s / tau over the negatives; the other objectives weigh differently, and
// the page draws each one's own r against the snapshot's autograd. Conventions as tests/oracle/README.md.

import { assertPositiveFinite, logSumExp } from './linalg';

/**
 * How an objective turns an anchor's similarities into weights:
 * - `softmax`: cross-entropy over [positive, candidates] of s / tau, the mined candidate's logit plus
 *   `minedLogWeight` (InfoNCE, the SimCSE code's N x N form, supervised SimCSE with its hard negative's ln alpha);
 * - `debiased`: DCL (beta = 0) and HCL at temperature t with class prior tauPlus (chingyaoc/DCL, joshr17/HCL);
 * - `triplet`: the cosine triplet hinge [s_mined - s_pos + margin]_+ on the one mined candidate.
 */
export type WeightForm =
  | {
      readonly kind: 'softmax';
      readonly tau: number;
      readonly minedLogWeight: number;
      /** logQ: each class's logit shift -log p (every column of that class, the positive's too), else absent */
      readonly classShift?: readonly number[];
    }
  | { readonly kind: 'debiased'; readonly t: number; readonly tauPlus: number; readonly beta: number }
  | { readonly kind: 'triplet'; readonly margin: number };

/** One anchor as its loss sees it: its positive's similarity and its candidates' (the negatives it compares). */
export interface AnchorCandidates {
  /** s_i,pos */
  readonly positive: number;
  /** s_ij of every candidate j, in any order */
  readonly similarities: readonly number[];
  /** index into `similarities` of the mined candidate (supervised hard negative, triplet), -1 for none */
  readonly mined: number;
  /** softmax only: each candidate's logit shift after the division by tau (logQ's -log p), default 0 */
  readonly shifts?: readonly number[];
  /** softmax only: the positive's logit shift, default 0 */
  readonly positiveShift?: number;
  /**
   * softmax only: log of the summed exp-logits of negatives the loss uses beyond the listed ones (a queue, a
   * corpus, MoCHi's points); they share the softmax but are not listed, so the listed weights sum to less than 1
   */
  readonly outsideLogit?: number;
}

/** One anchor's loss and weights under its objective. */
export interface ClosedFormWeights {
  /** l_i in nats */
  readonly loss: number;
  /** dl_i/ds_ij per candidate (>= 0 except HCL's easiest negatives, which it pulls closer) */
  readonly gradient: number[];
  /** dl_i/ds_i,pos (<= 0: the pull) */
  readonly positiveGradient: number;
  /** r_ij = gradient / its sum over the candidates; all 0 when no candidate gets any gradient */
  readonly weights: number[];
  /** r as a function of s for a candidate that is not the mined one; null where there is no smooth form */
  readonly curve: ((s: number) => number) | null;
  /** why no candidate gets gradient (DCL's floor, an inactive hinge), else null */
  readonly inactive: string | null;
}

/** The closed-form weights of one anchor (throws `invalid <name>: <value>` on bad parameters). */
export function closedFormWeights(form: WeightForm, anchor: AnchorCandidates): ClosedFormWeights {
  if (anchor.mined >= anchor.similarities.length) throw new Error(`invalid mined: ${anchor.mined}`);
  switch (form.kind) {
    case 'softmax':
      return softmaxWeights(form.tau, form.minedLogWeight, anchor);
    case 'debiased':
      return debiasedWeights(form, anchor);
    case 'triplet':
      return tripletWeights(form.margin, anchor);
  }
}

/** exp(entropy) of the positive part of r, normalised: how many candidates share the push (0 when none do). */
export function effectiveCount(weights: readonly number[], extra?: ExtraWeights): number {
  let total = extra?.share ?? 0;
  for (const w of weights) if (w > 0) total += w;
  if (!(total > 0)) return 0;
  // the extra columns' part of -sum q log q, q = w / total, from their sum of w and of w log w
  let entropy = extra ? (-extra.weightLogWeight + extra.share * Math.log(total)) / total : 0;
  for (const w of weights) {
    if (!(w > 0)) continue;
    const q = w / total;
    entropy -= q * Math.log(q);
  }
  return Math.exp(entropy);
}

/** Weights on negatives beyond a row's listed ones (a queue, a corpus), summed: all >= 0 (softmax weights). */
export interface ExtraWeights {
  /** the sum of their weights */
  readonly share: number;
  /** the sum of w log w over them (w > 0) */
  readonly weightLogWeight: number;
}

// Cross-entropy with the positive as label: p over [pos, candidates], dl/ds_j = p_j / tau, dl/ds_pos =
// -(sum of the candidates' p) / tau (exact when p_pos rounds to 1), r = softmax over the candidates alone.
function softmaxWeights(tau: number, minedLogWeight: number, anchor: AnchorCandidates): ClosedFormWeights {
  assertPositiveFinite(tau, 'tau');
  if (!Number.isFinite(minedLogWeight)) throw new Error(`invalid minedLogWeight: ${minedLogWeight}`);
  const { shifts, outsideLogit } = anchor;
  const logits = anchor.similarities.map(
    (s, j) => s / tau + (j === anchor.mined ? minedLogWeight : 0) + (shifts?.[j] ?? 0),
  );
  const positiveLogit = anchor.positive / tau + (anchor.positiveShift ?? 0);
  const logCandidates = logSumExp(outsideLogit === undefined ? logits : [...logits, outsideLogit]);
  const logAll = logSumExp([positiveLogit, logCandidates]);
  const gradient = logits.map((z) => Math.exp(z - logAll) / tau);
  const negativeMass = Math.exp(logCandidates - logAll);
  return {
    loss: logAll - positiveLogit,
    gradient,
    positiveGradient: -negativeMass / tau,
    weights: logits.map((z) => Math.exp(z - logCandidates)),
    // with per-candidate shifts the weight is no longer one function of s
    curve: shifts ? null : (s) => Math.exp(s / tau - logCandidates),
    inactive: null,
  };
}

// DCL/HCL per anchor with M candidates: z = s / t, R = M lse-ratio reweight, Ng = max((R - tauPlus M pos) /
// (1 - tauPlus), M e^(-1/t)), l = log(pos + Ng) - log pos. Unclamped, dl/ds_j = R / ((pos + Ng) t (1 - tauPlus))
// times r_j = (1 + beta) softmax_j((1 + beta) z) - beta softmax_j(beta z) (the candidates' r sum to 1; for
// beta > 0 the easiest can be negative: HCL's importance weights are not detached in its code). Clamped, the floor
// is a constant and no candidate gets any gradient. Log domain throughout, so t = 1e-4 stays finite.
function debiasedWeights(
  form: { readonly t: number; readonly tauPlus: number; readonly beta: number },
  anchor: AnchorCandidates,
): ClosedFormWeights {
  const { t, tauPlus, beta } = form;
  assertPositiveFinite(t, 't');
  if (!(tauPlus >= 0 && tauPlus < 1)) throw new Error(`invalid tauPlus: ${tauPlus}`);
  if (!(Number.isFinite(beta) && beta >= 0)) throw new Error(`invalid beta: ${beta}`);
  const m = anchor.similarities.length;
  if (m < 1) throw new Error('invalid candidates: DCL needs negatives');
  const z = anchor.similarities.map((s) => s / t);
  const zPos = anchor.positive / t;
  const logHard = logSumExp(z.map((zj) => (1 + beta) * zj));
  const logImportance = logSumExp(z.map((zj) => beta * zj));
  const logReweight = Math.log(m) + logHard - logImportance;
  const logFloor = Math.log(m) - 1 / t;
  const c = Math.max(zPos, logReweight, logFloor);
  const pos = Math.exp(zPos - c);
  const reweight = Math.exp(logReweight - c);
  const unclamped = (reweight - tauPlus * m * pos) / (1 - tauPlus);
  const floor = Math.exp(logFloor - c);
  const clamped = unclamped < floor;
  const denominator = pos + (clamped ? floor : unclamped);
  const r = (s: number) =>
    (1 + beta) * Math.exp((1 + beta) * (s / t) - logHard) - beta * Math.exp(beta * (s / t) - logImportance);
  const weights = clamped ? z.map(() => 0) : anchor.similarities.map(r);
  const scale = clamped ? 0 : reweight / (denominator * t * (1 - tauPlus));
  const positiveShare = pos / denominator;
  return {
    loss: Math.log(denominator) + c - zPos,
    gradient: weights.map((w) => scale * w),
    positiveGradient: clamped
      ? (positiveShare - 1) / t
      : (positiveShare * (1 - (tauPlus * m) / (1 - tauPlus)) - 1) / t,
    weights,
    curve: clamped ? null : r,
    inactive: clamped ? 'the floor M·e^(−1/t) is active: no negative gets any gradient' : null,
  };
}

// [s_mined - s_pos + margin]_+: the one mined candidate gets gradient 1 and the positive -1 while the hinge is
// open (pre-hinge > 0, as tf's relu gradient), else nothing moves.
function tripletWeights(margin: number, anchor: AnchorCandidates): ClosedFormWeights {
  if (!Number.isFinite(margin)) throw new Error(`invalid margin: ${margin}`);
  const mined = anchor.mined;
  const preHinge = mined >= 0 ? (anchor.similarities[mined] as number) - anchor.positive + margin : 0;
  const active = mined >= 0 && preHinge > 0;
  const oneHot = anchor.similarities.map((_, j) => (active && j === mined ? 1 : 0));
  return {
    loss: Math.max(0, preHinge),
    gradient: oneHot,
    positiveGradient: active ? -1 : 0,
    weights: oneHot,
    curve: null,
    inactive: active
      ? null
      : mined < 0
        ? 'no negative of another class to mine'
        : 'the mined negative is beyond the margin: the hinge is closed, nothing moves',
  };
}

/** Per-row summaries of a batch's weights: how many negatives share the push, and which gets the most. */
export interface WeightSummaries {
  /** rows: effectiveCount of the row's weights; NaN for a row that is not an anchor */
  readonly effectiveNegatives: Float32Array;
  /** rows: the candidate with the largest weight (ties to the more similar), -1 when none gets any */
  readonly hardestNegative: Int32Array;
}

/**
 * Summaries of rows x rows weights r (row-major; 0 off the candidates), over each anchor's candidates.
 * isAnchor: rows flags; candidates: rows x rows 0/1; similarity: rows x rows cosines (tie-break); extra: a
 * row's weights beyond the listed columns and the largest of them (then the hardest is -1 when that outweighs
 * every listed one).
 */
export function summariseWeights(
  rows: number,
  weights: Float32Array,
  candidates: Uint8Array,
  similarity: Float32Array,
  isAnchor: (row: number) => boolean,
  extra: ((row: number) => ExtraWeights & { readonly largest: number }) | null = null,
): WeightSummaries {
  const effectiveNegatives = new Float32Array(rows);
  const hardestNegative = new Int32Array(rows).fill(-1);
  const row: number[] = [];
  for (let i = 0; i < rows; i++) {
    if (!isAnchor(i)) {
      effectiveNegatives[i] = Number.NaN;
      continue;
    }
    row.length = 0;
    let largest = 0;
    for (let j = 0; j < rows; j++) {
      if (candidates[i * rows + j] !== 1) continue;
      const w = weights[i * rows + j] as number;
      row.push(w);
      if (w > largest) largest = w;
    }
    const beyond = extra?.(i);
    effectiveNegatives[i] = effectiveCount(row, beyond);
    // the hardest is a shown row only when no extra column outweighs it
    if (!(largest > 0) || (beyond && beyond.largest > largest)) continue;
    // float32 weights of nearly equal negatives can round equal: the more similar of them is the hardest
    let best = -1;
    for (let j = 0; j < rows; j++) {
      const k = i * rows + j;
      if (candidates[k] !== 1 || !((weights[k] as number) >= largest * (1 - 1e-6))) continue;
      if (best < 0 || (similarity[k] as number) > (similarity[i * rows + best] as number)) best = j;
    }
    hardestNegative[i] = best;
  }
  return { effectiveNegatives, hardestNegative };
}
