// What the embedding looks like on the hypersphere: Wang & Isola's alignment and uniformity (their reference code,
// SsnL/align_uniform, evaluated on L2-normalised points), Wang & Liu's tolerance, the effective number of
// negatives, the closed forms the lab uses as landmarks, effective rank, PCA and kNN accuracy.

import {
  assertMatrix,
  at,
  backpropNormalize,
  dot,
  entropy,
  logSumExp,
  type Matrix,
  matrixFromRowMajor,
  mean,
  normalizeRows,
  subtract,
  symmetricEigen,
  type Vector,
  vectorNorm,
} from './linalg';
import { rankDescending } from './sampling';

/** Alignment and its gradients; the value is mean_i ||u_i - v_i||^alpha on unit rows u, v. */
export interface AlignmentResult {
  readonly value: number;
  /** [N][d] gradient w.r.t. the unit rows treated as free variables. */
  readonly gradXNormalized: number[][];
  readonly gradYNormalized: number[][];
  /** [N][d] gradient w.r.t. the raw rows (back through the normalisation). */
  readonly gradX: number[][];
  readonly gradY: number[][];
}

/** Uniformity and its gradients; the value is log mean_{i<j} exp(-t ||u_i - u_j||^2) on unit rows. */
export interface UniformityResult {
  readonly value: number;
  /** [N][d] gradient w.r.t. the unit rows treated as free variables. */
  readonly gradNormalized: number[][];
  /** [N][d] gradient w.r.t. the raw rows. */
  readonly gradX: number[][];
}

/** L_align(alpha) = mean_i ||u_i - v_i||^alpha on the L2-normalised pairs (x_i, y_i); in [0, 2^alpha], lower is better. */
export function alignment(x: Matrix, y: Matrix, alpha = 2): number {
  return alignmentWithGradient(x, y, alpha).value;
}

/** alignment plus its gradients (a zero distance gets the subgradient 0 when alpha < 2). */
export function alignmentWithGradient(x: Matrix, y: Matrix, alpha = 2): AlignmentResult {
  if (!(Number.isFinite(alpha) && alpha > 0)) throw new Error(`invalid alpha: ${alpha}`);
  if (assertMatrix(x, 'x') !== assertMatrix(y, 'y') || x.length !== y.length) {
    throw new Error(`invalid y: shape differs from x`);
  }
  const nx = normalizeRows(x);
  const ny = normalizeRows(y);
  const diffs = nx.unit.map((u, i) => subtract(u, at(ny.unit, i)));
  const distances = diffs.map(vectorNorm);
  const gradXNormalized = diffs.map((diff, i) => {
    const d = at(distances, i);
    const factor = d === 0 ? 0 : alpha * d ** (alpha - 2); // diff is 0 anyway at d = 0
    return diff.map((v) => (factor * v) / x.length);
  });
  const gradYNormalized = gradXNormalized.map((row) => row.map((v) => -v));
  return {
    value: mean(distances.map((d) => d ** alpha)),
    gradXNormalized,
    gradYNormalized,
    gradX: backpropNormalize(nx.unit, nx.norms, gradXNormalized),
    gradY: backpropNormalize(ny.unit, ny.norms, gradYNormalized),
  };
}

/**
 * L_uniform(t) = log mean over the N(N-1)/2 pairs i < j of exp(-t ||u_i - u_j||^2) on L2-normalised rows
 * (torch.pdist's pairs; self-pairs excluded). In [-4t, 0]; 0 when all points coincide, lower is more uniform.
 */
export function uniformity(x: Matrix, t = 2): number {
  return uniformityOfUnitPoints(normalizeRows(x).unit, t, false).value;
}

/** (uniformity(x) + uniformity(y)) / 2: the two-view form used when training on both views (SsnL/align_uniform). */
export function uniformityOfViews(x: Matrix, y: Matrix, t = 2): number {
  return (uniformity(x, t) + uniformity(y, t)) / 2;
}

/** uniformity plus its gradients w.r.t. the unit rows and the raw rows. */
export function uniformityWithGradient(x: Matrix, t = 2): UniformityResult {
  const { unit, norms } = normalizeRows(x);
  const { value, gradNormalized } = uniformityOfUnitPoints(unit, t, true);
  return { value, gradNormalized, gradX: backpropNormalize(unit, norms, gradNormalized) };
}

// Log-mean-exp over pairs with the max subtracted (stable for any t); gradient -2t sum_j w_ij (u_i - u_j) with
// w_ij the softmax weight of pair {i, j}.
function uniformityOfUnitPoints(
  unit: Matrix,
  t: number,
  withGradient: boolean,
): { value: number; gradNormalized: number[][] } {
  if (!(Number.isFinite(t) && t > 0)) throw new Error(`invalid t: ${t}`);
  const n = unit.length;
  if (n < 2) throw new Error(`invalid points: ${n} rows (need at least 2)`);
  const exponents: number[] = [];
  for (let i = 0; i < n; i++) {
    const ui = at(unit, i);
    for (let j = i + 1; j < n; j++) {
      const diff = subtract(ui, at(unit, j));
      exponents.push(-t * dot(diff, diff));
    }
  }
  const logSum = logSumExp(exponents);
  const value = logSum - Math.log(exponents.length);
  if (!withGradient) return { value, gradNormalized: [] };
  const gradNormalized = unit.map((u) => u.map(() => 0));
  let pair = 0;
  for (let i = 0; i < n; i++) {
    const ui = at(unit, i);
    const gi = at(gradNormalized, i);
    for (let j = i + 1; j < n; j++) {
      const uj = at(unit, j);
      const gj = at(gradNormalized, j);
      const weight = Math.exp(at(exponents, pair) - logSum);
      pair++;
      for (let k = 0; k < ui.length; k++) {
        const push = -2 * t * weight * (at(ui, k) - at(uj, k));
        gi[k] = at(gi, k) + push;
        gj[k] = at(gj, k) - push;
      }
    }
  }
  return { value, gradNormalized };
}

/** Wang & Liu's tolerance on L2-normalised rows with integer class labels, in two conventions. */
export interface ToleranceResult {
  /** Mean of u_i . u_j over ordered pairs i != j with the same label (the paper's prose); NaN if there are none. */
  readonly sameClassMean: number;
  /** Mean over all ordered pairs i != j of (u_i . u_j) [l_i = l_j]: the literal E[f(x)^T f(y) I(l(x) = l(y))]. */
  readonly indicatorExpectation: number;
}

/** Tolerance: how close same-class points stay (in [-1, 1]); higher means the semantic structure survives. */
export function tolerance(x: Matrix, labels: readonly number[]): ToleranceResult {
  assertMatrix(x, 'x');
  if (labels.length !== x.length)
    throw new Error(`invalid labels: ${labels.length} labels for ${x.length} rows`);
  if (x.length < 2) throw new Error(`invalid points: ${x.length} rows (need at least 2)`);
  const { unit } = normalizeRows(x);
  // Per class, sum over ordered pairs i != j of u_i . u_j = ||sum_i u_i||^2 - sum_i ||u_i||^2: O(n d), not O(n^2 d).
  const classes = new Map<number, { sum: number[]; squares: number; count: number }>();
  unit.forEach((u, i) => {
    const label = at(labels, i);
    const entry = classes.get(label) ?? { sum: u.map(() => 0), squares: 0, count: 0 };
    u.forEach((v, k) => {
      entry.sum[k] = at(entry.sum, k) + v;
    });
    classes.set(label, { sum: entry.sum, squares: entry.squares + dot(u, u), count: entry.count + 1 });
  });
  let sameSum = 0;
  let sameCount = 0;
  for (const { sum, squares, count } of classes.values()) {
    sameSum += dot(sum, sum) - squares;
    sameCount += count * (count - 1);
  }
  return {
    sameClassMean: sameCount === 0 ? Number.NaN : sameSum / sameCount,
    indicatorExpectation: sameSum / (x.length * (x.length - 1)),
  };
}

/** tolerance(...).sameClassMean of n row-major rows of width dim (a worker snapshot): the lab's tolerance metric. */
export function toleranceByClassSums(
  rowMajor: ArrayLike<number>,
  labels: ArrayLike<number>,
  dim: number,
): number {
  return tolerance(matrixFromRowMajor(rowMajor, rowMajor.length / dim, dim), Array.from(labels))
    .sameClassMean;
}

/** exp(entropy) of non-negative weights (normalised first): the effective number of negatives, in [1, count]. */
export function effectiveNumber(weights: Vector): number {
  const total = weights.reduce((sum, w) => sum + w, 0);
  if (!(total > 0 && Number.isFinite(total)) || weights.some((w) => w < 0)) {
    throw new Error(`invalid weights: ${weights.join(',')}`);
  }
  return Math.exp(entropy(weights.map((w) => w / total)));
}

/** k unit points at theta_m = phase + 2 pi m / k on the circle, m = 0..k-1 (k x 2). */
export function circlePoints(k: number, phase = 0): number[][] {
  if (!(Number.isInteger(k) && k >= 1)) throw new Error(`invalid k: ${k}`);
  return Array.from({ length: k }, (_, m) => {
    const theta = phase + (2 * Math.PI * m) / k;
    return [Math.cos(theta), Math.sin(theta)];
  });
}

/** Closed-form uniformity of k equally spaced unit-circle points: log((1/(k-1)) sum_m exp(-2t(1 - cos(2 pi m/k)))). */
export function circleUniformityClosedForm(k: number, t = 2): number {
  if (!(Number.isInteger(k) && k >= 2)) throw new Error(`invalid k: ${k}`);
  const exponents = Array.from(
    { length: k - 1 },
    (_, index) => -2 * t * (1 - Math.cos((2 * Math.PI * (index + 1)) / k)),
  );
  return logSumExp(exponents) - Math.log(k - 1);
}

/** Uniformity of the uniform measure on the circle S^1, the k -> infinity limit: -2t + log I0(2t) (-1.5750 at t = 2). */
export function circleUniformityLimit(t = 2): number {
  if (!(Number.isFinite(t) && t > 0)) throw new Error(`invalid t: ${t}`);
  return -2 * t + logBesselI0(2 * t);
}

/** Alignment of unit pairs an angle delta apart: ||u - v||^alpha = (2 sin(delta / 2))^alpha (2 - 2 cos delta at alpha 2). */
export function chordAlignment(delta: number, alpha = 2): number {
  return Math.abs(2 * Math.sin(delta / 2)) ** alpha;
}

// log I0(x) from its power series sum_m (x/2)^(2m) / (m!)^2, summed in the log domain (no overflow for large x).
function logBesselI0(x: number): number {
  if (x === 0) return 0;
  const logHalf = Math.log(Math.abs(x) / 2);
  const logTerms = [0];
  let largest = 0;
  let logFactorial = 0;
  for (let m = 1; m < 100_000; m++) {
    logFactorial += Math.log(m);
    const logTerm = 2 * m * logHalf - 2 * logFactorial;
    logTerms.push(logTerm);
    largest = Math.max(largest, logTerm);
    if (m > Math.abs(x) && logTerm < largest - 40) break; // past the peak, terms now below 1e-17 of the largest
  }
  return logSumExp(logTerms);
}

/**
 * Effective rank: exp of the entropy of the normalised covariance spectrum lambda_k / sum lambda (the eigenvalues
 * of the centred rows' covariance), in [1, min(n - 1, d)]; near 1 means the points spread along one direction only
 * (dimensional collapse). 1 when all points coincide. Takes a matrix, or row-major data plus its width.
 */
export function effectiveRank(x: Matrix): number;
export function effectiveRank(rowMajor: ArrayLike<number>, dim: number): number;
export function effectiveRank(x: Matrix | ArrayLike<number>, dim?: number): number {
  const rows =
    dim === undefined ? (x as Matrix) : matrixFromRowMajor(x as ArrayLike<number>, x.length / dim, dim);
  const spectrum = symmetricEigen(covariance(rows).covariance).values.map((lambda) => Math.max(0, lambda));
  return spectrum.some((lambda) => lambda > 0) ? effectiveNumber(spectrum) : 1;
}

// Column means and the d x d covariance of the rows (divisor n - 1; 1 for a single row).
function covariance(x: Matrix): { mean: number[]; centred: number[][]; covariance: number[][] } {
  const d = assertMatrix(x, 'x');
  const columnMean = Array.from({ length: d }, (_, a) => mean(x.map((row) => at(row, a))));
  const centred = x.map((row) => subtract(row, columnMean));
  const divisor = Math.max(1, x.length - 1);
  const cov = Array.from({ length: d }, (_, a) =>
    Array.from(
      { length: d },
      (_, b) => centred.reduce((sum, row) => sum + at(row, a) * at(row, b), 0) / divisor,
    ),
  );
  return { mean: columnMean, centred, covariance: cov };
}

/** Principal components of the rows: the mean, k unit directions, their variances and the projected points. */
export interface PcaResult {
  /** [d] column means (the data are centred on them). */
  readonly mean: number[];
  /** k x d unit principal directions, largest variance first; each has its largest-|.| entry positive (stable signs). */
  readonly components: number[][];
  /** [k] variance along each component (covariance eigenvalue, divisor n - 1). */
  readonly explainedVariance: number[];
  /** n x k coordinates of the centred rows on the components. */
  readonly projected: number[][];
}

/** PCA to k dimensions by eigen-decomposition of the d x d covariance (exact Jacobi; d is small in the lab). */
export function pca(x: Matrix, k: number): PcaResult {
  const d = assertMatrix(x, 'x');
  if (!(Number.isInteger(k) && k >= 1 && k <= d)) throw new Error(`invalid k: ${k}`);
  const { mean: columnMean, centred, covariance: cov } = covariance(x);
  const { values, vectors } = symmetricEigen(cov);
  const components = vectors.slice(0, k).map((v) => {
    const pivot = v.reduce((best, value) => (Math.abs(value) > Math.abs(best) ? value : best), 0);
    return pivot < 0 ? v.map((value) => -value) : v;
  });
  return {
    mean: columnMean,
    components,
    explainedVariance: values.slice(0, k).map((lambda) => Math.max(0, lambda)),
    projected: centred.map((row) => components.map((c) => dot(row, c))),
  };
}

/**
 * Fraction in [0, 1] of test points whose k nearest training points by cosine vote for the right label
 * (majority; see knnVoteAccuracy for ties).
 */
export function knnAccuracy(
  train: Matrix,
  trainLabels: readonly number[],
  test: Matrix,
  testLabels: readonly number[],
  k: number,
): number {
  if (assertMatrix(train, 'train') !== assertMatrix(test, 'test'))
    throw new Error('invalid test: width differs');
  if (!(Number.isInteger(k) && k >= 1 && k <= train.length)) throw new Error(`invalid k: ${k}`);
  const trainUnit = normalizeRows(train).unit;
  const neighbours = normalizeRows(test).unit.flatMap((u) =>
    rankDescending(trainUnit.map((v) => dot(u, v))).slice(0, k),
  );
  return knnVoteAccuracy(neighbours, k, trainLabels, testLabels);
}

/**
 * kNN accuracy from precomputed neighbours: `neighbours` is queries x k row-major indices into the reference set,
 * nearest first (e.g. tf.topk on device). Majority vote; a tie goes to the tied label with the nearest neighbour.
 */
export function knnVoteAccuracy(
  neighbours: ArrayLike<number>,
  k: number,
  referenceLabels: ArrayLike<number>,
  queryLabels: ArrayLike<number>,
): number {
  if (!(Number.isInteger(k) && k >= 1)) throw new Error(`invalid k: ${k}`);
  if (neighbours.length !== queryLabels.length * k)
    throw new Error(`invalid neighbours: length ${neighbours.length}`);
  if (queryLabels.length === 0) throw new Error('invalid queryLabels: empty');
  let correct = 0;
  for (let q = 0; q < queryLabels.length; q++) {
    const votes = new Map<number, number>(); // insertion order = nearest first, so the first maximum wins ties
    for (let rank = 0; rank < k; rank++) {
      const label = at(referenceLabels, at(neighbours, q * k + rank));
      votes.set(label, (votes.get(label) ?? 0) + 1);
    }
    let predicted = Number.NaN;
    let best = 0;
    for (const [label, count] of votes) {
      if (count > best) {
        best = count;
        predicted = label;
      }
    }
    if (predicted === at(queryLabels, q)) correct++;
  }
  return correct / queryLabels.length;
}
