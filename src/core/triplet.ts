// Triplet losses (metric learning): one positive and one negative per anchor, a hinge with margin m, mean over
// the N triplets. Gradients are with respect to the raw (un-normalised) inputs and are 0 for inactive triplets.

import {
  assertMatrix,
  at,
  backpropNormalize,
  dot,
  type Matrix,
  mean,
  normalizeRows,
  subtract,
  type Vector,
  vectorNorm,
} from './linalg';

/** The four triplet forms of the oracle. */
export type TripletForm = 'cosine' | 'euclid_normalized' | 'sqeuclid_normalized' | 'euclid_raw';

/** All triplet forms, in the oracle's order. */
export const TRIPLET_FORMS: readonly TripletForm[] = [
  'cosine',
  'euclid_normalized',
  'sqeuclid_normalized',
  'euclid_raw',
];

/** torch.nn.TripletMarginLoss's default eps (added to each coordinate of the difference in its distance). */
export const TORCH_TRIPLET_DEFAULT_EPS = 1e-6;

/** One triplet form evaluated on N triplets. */
export interface TripletResult {
  /** [N] value before the hinge: negative-closeness minus positive-closeness plus margin. */
  readonly preHinge: number[];
  /** [N] max(0, preHinge). */
  readonly perTripletLoss: number[];
  /** [N] preHinge > 0 (only these triplets move points). */
  readonly active: boolean[];
  /** Mean of perTripletLoss. */
  readonly loss: number;
  /** [N][d] dL/d(raw input) of the mean loss. */
  readonly gradAnchor: number[][];
  readonly gradPositive: number[][];
  readonly gradNegative: number[][];
}

/**
 * Per-triplet value then max(0, .), mean over triplets:
 * - cosine: cos(a, n) - cos(a, p) + m
 * - euclid_normalized: ||u_a - u_p|| - ||u_a - u_n|| + m (u = x / ||x||)
 * - sqeuclid_normalized: ||u_a - u_p||^2 - ||u_a - u_n||^2 + m (FaceNet, m = 0.2)
 * - euclid_raw: ||a - p + eps|| - ||a - n + eps|| + m on raw vectors: torch.nn.TripletMarginLoss(margin, p = 2, eps),
 *   whose pairwise distance adds eps to every coordinate of the difference (PyTorch's default eps is 1e-6; 0 here).
 * At a zero distance (non-differentiable) the euclid forms use the subgradient 0 for that distance.
 */
export function tripletLoss(
  anchor: Matrix,
  positive: Matrix,
  negative: Matrix,
  margin: number,
  form: TripletForm,
  eps = 0,
): TripletResult {
  if (!Number.isFinite(margin)) throw new Error(`invalid margin: ${margin}`);
  if (!Number.isFinite(eps) || (eps !== 0 && form !== 'euclid_raw')) throw new Error(`invalid eps: ${eps}`);
  const width = assertMatrix(anchor, 'anchor');
  for (const [name, m] of [
    ['positive', positive],
    ['negative', negative],
  ] as const) {
    if (assertMatrix(m, name) !== width || m.length !== anchor.length) {
      throw new Error(`invalid ${name}: shape differs`);
    }
  }
  const raw = form === 'euclid_raw';
  const a = raw ? null : normalizeRows(anchor);
  const p = raw ? null : normalizeRows(positive);
  const n = raw ? null : normalizeRows(negative);
  const pointsA = a?.unit ?? anchor;
  const pointsP = p?.unit ?? positive;
  const pointsN = n?.unit ?? negative;
  const count = anchor.length;
  const terms = pointsA.map((ua, i) => tripletTerm(ua, at(pointsP, i), at(pointsN, i), margin, form, eps));
  const active = terms.map((term) => term.value > 0);
  const scaled = (pick: (term: TripletTerm) => number[]): number[][] =>
    terms.map((term, i) => pick(term).map((g) => (at(active, i) ? g / count : 0)));
  let gradAnchor = scaled((term) => term.gradA);
  let gradPositive = scaled((term) => term.gradP);
  let gradNegative = scaled((term) => term.gradN);
  if (a !== null && p !== null && n !== null) {
    gradAnchor = backpropNormalize(a.unit, a.norms, gradAnchor);
    gradPositive = backpropNormalize(p.unit, p.norms, gradPositive);
    gradNegative = backpropNormalize(n.unit, n.norms, gradNegative);
  }
  const perTripletLoss = terms.map((term) => Math.max(0, term.value));
  return {
    preHinge: terms.map((term) => term.value),
    perTripletLoss,
    active,
    loss: mean(perTripletLoss),
    gradAnchor,
    gradPositive,
    gradNegative,
  };
}

interface TripletTerm {
  readonly value: number;
  readonly gradA: number[];
  readonly gradP: number[];
  readonly gradN: number[];
}

// One triplet's pre-hinge value and its gradient w.r.t. the (already normalised, where the form says so) points.
function tripletTerm(
  a: Vector,
  p: Vector,
  n: Vector,
  margin: number,
  form: TripletForm,
  eps: number,
): TripletTerm {
  if (form === 'cosine') {
    return {
      value: dot(a, n) - dot(a, p) + margin,
      gradA: subtract(n, p),
      gradP: a.map((v) => -v),
      gradN: [...a],
    };
  }
  const toPositive = subtract(a, p).map((v) => v + eps);
  const toNegative = subtract(a, n).map((v) => v + eps);
  if (form === 'sqeuclid_normalized') {
    return {
      value: dot(toPositive, toPositive) - dot(toNegative, toNegative) + margin,
      gradA: toPositive.map((v, k) => 2 * v - 2 * at(toNegative, k)),
      gradP: toPositive.map((v) => -2 * v),
      gradN: toNegative.map((v) => 2 * v),
    };
  }
  const dp = vectorNorm(toPositive);
  const dn = vectorNorm(toNegative);
  const ep = toPositive.map((v) => (dp === 0 ? 0 : v / dp));
  const en = toNegative.map((v) => (dn === 0 ? 0 : v / dn));
  return {
    value: dp - dn + margin,
    gradA: ep.map((v, k) => v - at(en, k)),
    gradP: ep.map((v) => -v),
    gradN: en,
  };
}
