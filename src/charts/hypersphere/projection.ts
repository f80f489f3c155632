// The 3-D view of embeddings in more than 3 dimensions: an uncentred PCA basis (the leading eigenvectors of the
// second moment (1/n) sum_i u_i u_i^T of the unit rows), so that projecting onto it and renormalising maps the
// sphere onto the 3-D sphere radially. Pure maths, no DOM.
//
// Why uncentred: the second moment of the rows is the covariance of the rows together with their antipodes, so
// this is core's `pca` of [U; -U]. Centring first would subtract the mean direction: a collapsed cloud (all
// points near one direction) would then project to tiny vectors that renormalise into a ring spread all over
// the view, hiding the collapse. Uncentred, the mean direction is the first axis and a collapsed cloud stays a cap.
//
// Why not core's `pca` itself: its exact Jacobi eigen-decomposition of the d x d matrix takes about 1.5 s at
// dim 128 (measured in Node), far too long on the page's main thread at snapshot rate. Block power iteration
// (k = 3 vectors, warm-started from the previous snapshot's basis) costs O(d^2) per step and, warm-started,
// keeps the view continuous from one snapshot to the next instead of jumping when eigenvalues are near ties.
// Tests check it against core's `pca` of [U; -U].

import { symmetricEigen } from '../../core/linalg';

/** Most display points the basis is estimated from (an even subsample: same points every snapshot). */
export const PROJECTION_SAMPLE = 512;

/** k orthonormal directions in R^dim, row-major (k x dim), largest second moment first. */
export interface ProjectionBasis {
  readonly dim: number;
  readonly k: number;
  /** k x dim, row-major, orthonormal rows */
  readonly axes: Float64Array;
  /** [k] second moment (1/n) sum_i (axis . u_i)^2 along each axis; they sum to at most 1 for unit rows */
  readonly moments: Float64Array;
}

/** Iterations from a cold start and from a warm start (the previous basis). */
const COLD_ITERATIONS = 60;
const WARM_ITERATIONS = 12;

/**
 * The leading `k` eigenvectors of the second moment M = (1/m) sum over `rows` (subsampled to at most `sample`,
 * evenly) of x x^T, for row-major data of width `dim`. Warm-started from `previous` when its shape matches; signs
 * then follow `previous` (no flips between snapshots), else each axis's largest-|.| entry is positive (core pca's
 * rule). Degenerate data (rank < k) is completed with coordinate axes. Throws `invalid k` unless 1 <= k <= dim.
 */
export function leadingSubspace(
  data: ArrayLike<number>,
  rows: number,
  dim: number,
  k: number,
  previous: ProjectionBasis | null = null,
  sample = PROJECTION_SAMPLE,
): ProjectionBasis {
  if (!(Number.isInteger(k) && k >= 1 && k <= dim)) throw new Error(`invalid k: ${k}`);
  const moment = secondMoment(data, rows, dim, sample);
  const warm = previous !== null && previous.dim === dim && previous.k === k;
  const q = warm ? Float64Array.from(previous.axes) : coordinateStart(moment, dim, k);
  orthonormalise(q, k, dim);
  const next = new Float64Array(k * dim);
  for (let iteration = warm ? WARM_ITERATIONS : COLD_ITERATIONS; iteration > 0; iteration--) {
    multiplyRows(moment, q, next, k, dim);
    q.set(next);
    orthonormalise(q, k, dim);
  }
  // Rayleigh-Ritz: diagonalise Q M Q^T (k x k) so the axes come out ordered by their second moment.
  multiplyRows(moment, q, next, k, dim);
  const small = Array.from({ length: k }, (_, a) =>
    Array.from({ length: k }, (_, b) => rowDot(q, a, next, b, dim)),
  );
  const { values, vectors } = symmetricEigen(small);
  const axes = new Float64Array(k * dim);
  vectors.forEach((vector, a) => {
    for (let b = 0; b < k; b++) {
      const weight = vector[b] as number;
      for (let c = 0; c < dim; c++)
        axes[a * dim + c] = (axes[a * dim + c] as number) + weight * (q[b * dim + c] as number);
    }
  });
  fixSigns(axes, k, dim, warm ? previous.axes : null);
  return { dim, k, axes, moments: Float64Array.from(values, (value) => Math.max(0, value)) };
}

// (1/m) sum x x^T over an even subsample of at most `sample` rows: dim x dim, row-major, symmetric.
function secondMoment(data: ArrayLike<number>, rows: number, dim: number, sample: number): Float64Array {
  if (data.length < rows * dim) throw new Error(`invalid data length: ${data.length}`);
  const m = Math.max(0, Math.min(rows, Math.floor(sample)));
  const moment = new Float64Array(dim * dim);
  const row = new Float64Array(dim); // one sample row, copied once (float32 reads in the inner loop are slower)
  for (let s = 0; s < m; s++) {
    const base = Math.floor((s * rows) / m) * dim;
    for (let c = 0; c < dim; c++) row[c] = data[base + c] as number;
    for (let a = 0; a < dim; a++) {
      const xa = row[a] as number;
      if (xa === 0) continue;
      const offset = a * dim;
      for (let b = a; b < dim; b++)
        moment[offset + b] = (moment[offset + b] as number) + xa * (row[b] as number);
    }
  }
  const scale = m > 0 ? 1 / m : 0;
  for (let a = 0; a < dim; a++) {
    for (let b = a; b < dim; b++) {
      const value = (moment[a * dim + b] as number) * scale;
      moment[a * dim + b] = value;
      moment[b * dim + a] = value;
    }
  }
  return moment;
}

// The k coordinate axes with the largest diagonal entries of M: a deterministic start near the answer.
function coordinateStart(moment: Float64Array, dim: number, k: number): Float64Array {
  const order = Array.from({ length: dim }, (_, c) => c).sort(
    (a, b) => (moment[b * dim + b] as number) - (moment[a * dim + a] as number),
  );
  const q = new Float64Array(k * dim);
  for (let a = 0; a < k; a++) q[a * dim + (order[a] as number)] = 1;
  return q;
}

// out[a] = M q[a] for the k rows of q (M symmetric, dim x dim).
function multiplyRows(
  moment: Float64Array,
  q: Float64Array,
  out: Float64Array,
  k: number,
  dim: number,
): void {
  for (let a = 0; a < k; a++) {
    for (let r = 0; r < dim; r++) {
      let sum = 0;
      for (let c = 0; c < dim; c++) sum += (moment[r * dim + c] as number) * (q[a * dim + c] as number);
      out[a * dim + r] = sum;
    }
  }
}

function rowDot(x: Float64Array, a: number, y: Float64Array, b: number, dim: number): number {
  let sum = 0;
  for (let c = 0; c < dim; c++) sum += (x[a * dim + c] as number) * (y[b * dim + c] as number);
  return sum;
}

// Modified Gram-Schmidt on the k rows of q, in place. A row that vanishes (rank-deficient data) is replaced by the
// first coordinate axis that survives orthogonalisation, so the result is always k orthonormal rows.
function orthonormalise(q: Float64Array, k: number, dim: number): void {
  let spare = 0;
  for (let a = 0; a < k; a++) {
    for (let attempt = 0; attempt <= dim; attempt++) {
      for (let b = 0; b < a; b++) {
        const projection = rowDot(q, a, q, b, dim);
        for (let c = 0; c < dim; c++)
          q[a * dim + c] = (q[a * dim + c] as number) - projection * (q[b * dim + c] as number);
      }
      const norm = Math.sqrt(rowDot(q, a, q, a, dim));
      if (norm > 1e-10) {
        for (let c = 0; c < dim; c++) q[a * dim + c] = (q[a * dim + c] as number) / norm;
        break;
      }
      q.fill(0, a * dim, (a + 1) * dim);
      q[a * dim + (spare++ % dim)] = 1;
    }
  }
}

// Signs: agree with the previous basis where one is given (positive dot product), else make each axis's
// largest-|.| entry positive, as core's pca does.
function fixSigns(axes: Float64Array, k: number, dim: number, previous: Float64Array | null): void {
  for (let a = 0; a < k; a++) {
    let reference = 0;
    if (previous) reference = rowDot(axes, a, previous, a, dim);
    if (reference === 0) {
      for (let c = 0; c < dim; c++) {
        const value = axes[a * dim + c] as number;
        if (Math.abs(value) > Math.abs(reference)) reference = value;
      }
    }
    if (reference < 0) for (let c = 0; c < dim; c++) axes[a * dim + c] = -(axes[a * dim + c] as number);
  }
}
